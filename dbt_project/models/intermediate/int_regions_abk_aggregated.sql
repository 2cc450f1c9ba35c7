-- ABK per region snapshot: totals over positions, grade shares and EJ spread (population standard
-- deviation across staffed positions and across staffed units).

with positions as (
    select * from {{ ref('int_positions_abk_computed') }}
),

units as (
    select * from {{ ref('int_units_abk_aggregated') }}
),

params as (
    select effective_minutes_per_year from {{ ref('params_scalar') }}
),

by_position as (
    select
        region_code,
        snapshot_date,
        count(*) as position_count,
        count(distinct unit_code) as unit_count,
        sum(workload_minutes) as workload_minutes,
        sum(required_staff) as required_staff,
        cast(sum(required_headcount) as bigint) as required_headcount,
        cast(sum(current_staff) as bigint) as current_staff,
        {{ workload_region_metrics('current_staff', 'required_headcount', 'staffing_gap', 'effectiveness', 'grade', 'is_balanced') }}  -- noqa: LT05
    from positions
    group by region_code, snapshot_date
),

by_unit as (
    select
        region_code,
        snapshot_date,
        stddev_pop(effectiveness) as ej_stddev_units
    from units
    group by region_code, snapshot_date
),

final as (
    select
        by_position.*,
        case
            when by_position.current_staff > 0
                then by_position.workload_minutes / (by_position.current_staff * params.effective_minutes_per_year)
        end as effectiveness,
        by_unit.ej_stddev_units
    from by_position
    cross join params
    left join by_unit
        on by_position.region_code = by_unit.region_code
            and by_position.snapshot_date = by_unit.snapshot_date
)

select * from final
