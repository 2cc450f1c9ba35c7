{{ config(tags=['after_recommend']) }}

-- The regencies' own plans and the inter-regency plan never claim the same person (issue 17): the
-- inter-regency plan is made after them, on the employees they leave in place. A move of the inter-regency
-- plan whose employee is also moved by the plan of their own regency in the same snapshot fails.
select interregency.*
from {{ ref('interregency_recommendations') }} as interregency
inner join {{ ref('mutation_recommendations') }} as regency_plan
    on interregency.from_region_code = regency_plan.region_code
        and interregency.snapshot_date = regency_plan.snapshot_date
        and interregency.nip = regency_plan.nip
