{{ config(
    snapshot_scope='snapshot',
) }}

-- ABK per unit (OPD), every region and snapshot: sums over the unit's positions.

with units as (
    select * from {{ ref('int_units_abk_aggregated') }}
    where {{ partition_filter() }}
),

params_version as (
    select params_version from {{ ref('params_version') }}
),

final as (
    select
        units.region_code,
        units.snapshot_date,
        units.unit_code,
        units.unit_name,
        units.position_count,
        units.vacant_position_count,
        units.workload_minutes,
        units.required_staff,
        units.required_headcount,
        units.current_staff,
        units.staffing_gap,
        units.staffing_shortage,
        units.staffing_surplus,
        units.effectiveness,
        units.grade,
        units.grade_label,
        params_version.params_version
    from units
    cross join params_version
)

select * from final
{{ partition_order() }}
