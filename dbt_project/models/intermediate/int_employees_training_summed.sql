-- Completed training per employee, snapshot and kind (kepemimpinan, fungsional, teknis, seminar):
-- only trainings finished on or before the snapshot date count. recent_training_hours: those finished
-- within training_need_lookback_years before the snapshot (they reduce a training need, fit.py).

with trainings as (
    select * from {{ ref('stg_lake__diklat') }}
),

params as (
    select training_need_lookback_years from {{ ref('params_scalar') }}
),

final as (
    select
        trainings.region_code,
        trainings.snapshot_date,
        trainings.nip,
        trainings.training_kind,
        count(*) as training_count,
        sum(trainings.training_hours) as training_hours,
        coalesce(
            sum(trainings.training_hours) filter (
                where trainings.completion_date
                > trainings.snapshot_date - to_years(cast(params.training_need_lookback_years as integer))
            ),
            0
        ) as recent_training_hours
    from trainings
    cross join params
    where trainings.completion_date <= trainings.snapshot_date
    group by trainings.region_code, trainings.snapshot_date, trainings.nip, trainings.training_kind
)

select * from final
