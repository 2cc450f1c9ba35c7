-- Text parameters name something that exists: a rounding method the models implement, an
-- employment status of the extract contract, and an SKP rating of seed ipasn_performance_scores;
-- shares lie in 0-1. A typo in seeds/params/parameters.csv fails here instead of silently
-- switching a rule off.
with params as (
    select * from {{ ref('params_scalar') }}
)

select
    'headcount_rounding' as parameter,
    headcount_rounding as value
from params
where headcount_rounding not in ('half_up', 'ceiling', 'floor')
union all
select
    'eligible_employment_status',
    eligible_employment_status
from params
where eligible_employment_status not in ('PNS', 'CPNS', 'PPPK')
union all
select
    'skp_min_predikat',
    skp_min_predikat
from params
where skp_min_predikat not in (select rating from {{ ref('ipasn_performance_scores') }})
union all
select
    'major_requirement_use',
    major_requirement_use
from params
where major_requirement_use not in ('fit', 'eligibility', 'none')
union all
select
    'major_mismatch_gap',
    cast(major_mismatch_gap as varchar)
from params
where major_mismatch_gap not between 0 and 4 or major_mismatch_gap <> round(major_mismatch_gap)
union all
select
    'core_factor_share',
    cast(core_factor_share as varchar)
from params
where core_factor_share not between 0 and 1
union all
select
    'max_unit_outflow_share',
    cast(max_unit_outflow_share as varchar)
from params
where max_unit_outflow_share not between 0 and 1
