{{ config(tags=['after_recommend']) }}

with source as (
    select * from {{ source('recommend', 'effect') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(metric as varchar) as metric,
        {{ nan_to_null('"before"') }} as value_before,
        {{ nan_to_null('ours') }} as value_after_plan,
        {{ nan_to_null('baseline') }} as value_after_baseline,
        {{ nan_to_null('ours_minus_baseline') }} as plan_minus_baseline,
        cast(params_version as varchar) as params_version,
        cast(run_id as varchar) as run_id
    from source
)

select * from renamed
