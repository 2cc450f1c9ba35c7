-- ABK step 1: workload of every position = sum over its tasks of annual volume x time norm (minutes).
-- A position without tasks has workload 0. Rounded to 6 decimals only to remove binary floating-point
-- noise (3 x 0.1 = 0.30000000000000004) before EJ is compared with the grade bounds.

with positions as (
    select * from {{ ref('stg_lake__jabatan') }}
),

tasks as (
    select
        region_code,
        snapshot_date,
        position_code,
        count(*) as task_count,
        sum(annual_volume * minutes_per_unit) as workload_minutes
    from {{ ref('stg_lake__uraian_tugas') }}
    group by region_code, snapshot_date, position_code
),

final as (
    select
        positions.*,
        coalesce(tasks.task_count, 0) as task_count,
        round(coalesce(tasks.workload_minutes, 0), 6) as workload_minutes
    from positions
    left join tasks
        on positions.region_code = tasks.region_code
            and positions.snapshot_date = tasks.snapshot_date
            and positions.position_code = tasks.position_code
)

select * from final
