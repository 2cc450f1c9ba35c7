-- Moves that actually happened: the same NIP in consecutive snapshots of a region (the employee's
-- previous record) with a different position. Keyed by the later snapshot.

with employees as (
    select
        region_code,
        snapshot_date,
        nip,
        position_code,
        position_start_date
    from {{ ref('stg_lake__pegawai') }}
),

with_previous as (
    select
        *,
        lag(snapshot_date) over (partition by region_code, nip order by snapshot_date) as previous_snapshot_date,
        lag(position_code) over (partition by region_code, nip order by snapshot_date) as previous_position_code
    from employees
),

final as (
    select
        region_code,
        snapshot_date,
        previous_snapshot_date,
        nip,
        previous_position_code as from_position_code,
        position_code as to_position_code,
        position_start_date
    from with_previous
    where previous_position_code is not null
        and previous_position_code <> position_code
)

select * from final
