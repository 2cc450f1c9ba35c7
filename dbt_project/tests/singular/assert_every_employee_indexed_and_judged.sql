-- No employee is lost between staging and the marts: the same employees per region snapshot in
-- the extract, employee_indices and employee_eligibility.
with extract as (
    select
        region_code,
        snapshot_date,
        count(*) as employees
    from {{ ref('stg_lake__pegawai') }}
    group by all
),

indexed as (
    select
        region_code,
        snapshot_date,
        count(*) as employees
    from {{ ref('employee_indices') }}
    group by all
),

judged as (
    select
        region_code,
        snapshot_date,
        count(*) as employees
    from {{ ref('employee_eligibility') }}
    group by all
)

select
    extract.region_code,
    extract.snapshot_date,
    extract.employees,
    indexed.employees as indexed,
    judged.employees as judged
from extract
left join indexed using (region_code, snapshot_date)
left join judged using (region_code, snapshot_date)
where indexed.employees is distinct from extract.employees
    or judged.employees is distinct from extract.employees
