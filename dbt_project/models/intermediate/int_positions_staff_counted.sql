-- Staff in post: every ASN (PNS, CPNS and PPPK) whose current position is the position.

with employees as (
    select * from {{ ref('stg_lake__pegawai') }}
),

final as (
    select
        region_code,
        snapshot_date,
        position_code,
        count(*) as current_staff
    from employees
    group by region_code, snapshot_date, position_code
)

select * from final
