{{ config(
    snapshot_scope='snapshot',
) }}

-- ABK per position, every region and snapshot (see int_positions_abk_computed for the formulas).

with positions as (
    select * from {{ ref('int_positions_abk_computed') }}
    where {{ partition_filter() }}
),

params_version as (
    select params_version from {{ ref('params_version') }}
),

final as (
    select
        positions.region_code,
        positions.snapshot_date,
        positions.position_code,
        positions.position_name,
        positions.unit_code,
        positions.unit_name,
        positions.position_type,
        positions.job_level,
        positions.position_class,
        positions.job_family,
        positions.min_education,
        positions.required_majors,
        positions.target_technical,
        positions.target_managerial,
        positions.target_sociocultural,
        positions.task_count,
        positions.workload_minutes,
        positions.required_staff,
        positions.required_headcount,
        positions.current_staff,
        positions.staffing_gap,
        positions.effectiveness,
        positions.grade,
        positions.grade_label,
        params_version.params_version
    from positions
    cross join params_version
)

select * from final
{{ partition_order() }}
