{{ config(tags=['after_recommend']) }}

-- Projected ABK per position if the recommended moves of the snapshot were carried out:
-- staff_after = current_staff - moves out + moves in; EJ, grade and gap recomputed with the same
-- parameters. A "what-if", not an observation.

with positions as (
    select * from {{ ref('int_positions_abk_computed') }}
),

recommendations as (
    select * from {{ ref('stg_recommend__mutation_plan') }}
),

params as (
    select effective_minutes_per_year from {{ ref('params_scalar') }}
),

grade_bands as (
    select * from {{ ref('grade_bands') }}
),

outflow as (
    select
        region_code,
        snapshot_date,
        from_position_code as position_code,
        count(*) as moves_out
    from recommendations
    group by all
),

inflow as (
    select
        region_code,
        snapshot_date,
        to_position_code as position_code,
        count(*) as moves_in
    from recommendations
    group by all
),

projected as (
    select
        positions.region_code,
        positions.snapshot_date,
        positions.position_code,
        positions.unit_code,
        positions.job_family,
        positions.workload_minutes,
        positions.required_headcount,
        positions.current_staff,
        positions.effectiveness,
        positions.grade,
        coalesce(outflow.moves_out, 0) as moves_out,
        coalesce(inflow.moves_in, 0) as moves_in,
        positions.current_staff - coalesce(outflow.moves_out, 0) + coalesce(inflow.moves_in, 0) as staff_after
    from positions
    left join outflow
        on positions.region_code = outflow.region_code
            and positions.snapshot_date = outflow.snapshot_date
            and positions.position_code = outflow.position_code
    left join inflow
        on positions.region_code = inflow.region_code
            and positions.snapshot_date = inflow.snapshot_date
            and positions.position_code = inflow.position_code
),

computed as (
    select
        projected.*,
        projected.required_headcount - projected.staff_after as staffing_gap_after,
        case
            when projected.staff_after > 0
                then projected.workload_minutes / (projected.staff_after * params.effective_minutes_per_year)
        end as effectiveness_after
    from projected
    cross join params
),

final as (
    select
        computed.*,
        grade_bands.grade as grade_after,
        grade_bands.is_balanced as is_balanced_after
    from computed
    left join grade_bands
        on computed.effectiveness_after is not null
            and {{ value_in_band('computed.effectiveness_after', 'grade_bands') }}
)

select * from final
