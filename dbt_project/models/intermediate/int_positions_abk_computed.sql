-- ABK per position (Permendagri 12/2008; PermenPANRB 1/2020):
--   required_staff     = workload_minutes / effective minutes per person-year (unrounded)
--   required_headcount = required_staff rounded by parameter headcount_rounding (half up)
--   staffing_gap       = required_headcount - current_staff  (> 0 understaffed, < 0 surplus)
--   effectiveness (EJ) = workload_minutes / (current_staff x effective minutes), null when nobody is in post
--   grade              = the band of seed grade_bands that contains EJ (null when EJ is null)

with positions as (
    select * from {{ ref('int_positions_workload_summed') }}
),

staff as (
    select * from {{ ref('int_positions_staff_counted') }}
),

params as (
    select
        effective_minutes_per_year,
        headcount_rounding
    from {{ ref('params_scalar') }}
),

grade_bands as (
    select * from {{ ref('grade_bands') }}
),

computed as (
    select
        positions.*,
        coalesce(staff.current_staff, 0) as current_staff,
        positions.workload_minutes / params.effective_minutes_per_year as required_staff,
        {{ round_headcount('positions.workload_minutes / params.effective_minutes_per_year', 'params.headcount_rounding') }}  -- noqa: LT05
            as required_headcount,
        case
            when coalesce(staff.current_staff, 0) > 0
                then positions.workload_minutes / (staff.current_staff * params.effective_minutes_per_year)
        end as effectiveness
    from positions
    cross join params
    left join staff
        on positions.region_code = staff.region_code
            and positions.snapshot_date = staff.snapshot_date
            and positions.position_code = staff.position_code
),

final as (
    select
        computed.*,
        computed.required_headcount - computed.current_staff as staffing_gap,
        grade_bands.grade,
        grade_bands.label_id as grade_label,
        grade_bands.is_balanced
    from computed
    left join grade_bands
        on computed.effectiveness is not null
            and {{ value_in_band('computed.effectiveness', 'grade_bands') }}
)

select * from final
