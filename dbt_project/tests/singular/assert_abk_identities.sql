-- The ABK numbers agree with each other and with the parameters on every position:
-- required_staff = workload / effective minutes; staffing_gap = required_headcount - current_staff;
-- EJ = workload / (staff x effective minutes), null exactly when nobody is in post;
-- required_headcount is within half a person of required_staff.
with params as (
    select effective_minutes_per_year from {{ ref('params_scalar') }}
)

select positions.*
from {{ ref('position_workload') }} as positions
cross join params
where abs(positions.required_staff - positions.workload_minutes / params.effective_minutes_per_year) > 1e-9
    or positions.staffing_gap <> positions.required_headcount - positions.current_staff
    or (positions.current_staff = 0) <> (positions.effectiveness is null)
    or abs(
        positions.effectiveness
        - positions.workload_minutes / (positions.current_staff * params.effective_minutes_per_year)
    ) > 1e-9
    or abs(positions.required_headcount - positions.required_staff) > 0.5
