-- Completed training per employee, snapshot and kind (kepemimpinan, fungsional, teknis, seminar):
-- only trainings finished on or before the snapshot date count.

with trainings as (
    select * from {{ ref('stg_lake__diklat') }}
),

final as (
    select
        region_code,
        snapshot_date,
        nip,
        training_kind,
        count(*) as training_count,
        sum(training_hours) as training_hours
    from trainings
    where completion_date <= snapshot_date
    group by region_code, snapshot_date, nip, training_kind
)

select * from final
