-- The category of every employee is the band of seed ipasn_categories containing the index, and the
-- category bands cover 0-100 exactly once (checked on a 0.01 grid).
with wrong_category as (
    select
        employees.region_code,
        employees.snapshot_date,
        employees.nip,
        employees.professionalism_index,
        employees.professionalism_category
    from {{ ref('employee_indices') }} as employees
    left join {{ ref('ipasn_categories') }} as categories
        on employees.professionalism_category = categories.category
    where categories.category is null
        or not {{ score_in_category('employees.professionalism_index', 'categories') }}
),

probes as (
    select cast(step as double) / 100 as score from range(0, 10001) as grid (step)
),

bad_cover as (
    select
        probes.score,
        count(categories.category) as category_count
    from probes
    left join {{ ref('ipasn_categories') }} as categories
        on {{ score_in_category('probes.score', 'categories') }}
    group by probes.score
    having count(categories.category) <> 1
)

select
    region_code,
    snapshot_date,
    nip,
    professionalism_index,
    professionalism_category
from wrong_category
union all
select
    null,
    null,
    null,
    score,
    'bands cover this score ' || category_count || ' times'
from bad_cover
