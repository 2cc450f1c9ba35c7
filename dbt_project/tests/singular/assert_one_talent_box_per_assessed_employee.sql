-- Exactly one talent box for every employee with both axes, none for the others.
with boxes as (
    select
        region_code,
        snapshot_date,
        nip,
        performance_axis,
        potential_axis,
        talent_box,
        count(*) over (partition by region_code, snapshot_date, nip) as rows_per_employee
    from {{ ref('int_employees_talent_boxed') }}
)

select * from boxes
where rows_per_employee <> 1
    or ((performance_axis is not null and potential_axis is not null) <> (talent_box is not null))
