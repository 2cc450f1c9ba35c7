-- ABK per unit (OPD): sums over its positions. Unit EJ = total workload / (total staff x effective
-- minutes), so the workload of vacant positions counts against the staff the unit has.

with positions as (
    select * from {{ ref('int_positions_abk_computed') }}
),

params as (
    select effective_minutes_per_year from {{ ref('params_scalar') }}
),

grade_bands as (
    select * from {{ ref('grade_bands') }}
),

aggregated as (
    select
        region_code,
        snapshot_date,
        unit_code,
        min(unit_name) as unit_name,
        count(*) as position_count,
        count(*) filter (where current_staff = 0) as vacant_position_count,
        sum(workload_minutes) as workload_minutes,
        sum(required_staff) as required_staff,
        cast(sum(required_headcount) as bigint) as required_headcount,
        cast(sum(current_staff) as bigint) as current_staff,
        cast(sum(staffing_gap) as bigint) as staffing_gap,
        cast(sum(greatest(staffing_gap, 0)) as bigint) as staffing_shortage,
        cast(sum(greatest(-staffing_gap, 0)) as bigint) as staffing_surplus
    from positions
    group by region_code, snapshot_date, unit_code
),

computed as (
    select
        aggregated.*,
        case
            when aggregated.current_staff > 0
                then aggregated.workload_minutes / (aggregated.current_staff * params.effective_minutes_per_year)
        end as effectiveness
    from aggregated
    cross join params
),

final as (
    select
        computed.*,
        grade_bands.grade,
        grade_bands.label_id as grade_label
    from computed
    left join grade_bands
        on computed.effectiveness is not null
            and {{ value_in_band('computed.effectiveness', 'grade_bands') }}
)

select * from final
