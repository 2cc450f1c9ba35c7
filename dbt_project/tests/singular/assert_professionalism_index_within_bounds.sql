-- The IP ASN index lies in 0-100, each dimension in 0-its weight, and the index is the sum of the
-- dimensions (to the rounding of ipasn_score_decimals).
with params as (
    select * from {{ ref('params_scalar') }}
)

select employees.*
from {{ ref('employee_indices') }} as employees
cross join params
where employees.professionalism_index < 0
    or employees.professionalism_index > 100
    or employees.qualification_score not between 0 and params.ipasn_weight_qualification
    or employees.competency_score not between 0 and params.ipasn_weight_competency
    or employees.performance_score not between 0 and params.ipasn_weight_performance
    or employees.discipline_score not between 0 and params.ipasn_weight_discipline
    or abs(
        employees.professionalism_index
        - (
            employees.qualification_score + employees.competency_score
            + employees.performance_score + employees.discipline_score
        )
    ) > 0.005
