{{ config(tags=['after_recommend']) }}

with source as (
    select * from {{ source('recommend', 'fairness') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(dimension as varchar) as dimension,
        cast("group" as varchar) as group_name,
        cast(pool_count as bigint) as pool_count,
        {{ nan_to_null('pool_share') }} as pool_share,
        cast(moved_count as bigint) as moved_count,
        {{ nan_to_null('moved_share') }} as moved_share,
        {{ nan_to_null('share_difference') }} as share_difference,
        {{ nan_to_null('move_rate') }} as move_rate,
        cast(params_version as varchar) as params_version,
        cast(run_id as varchar) as run_id
    from source
)

select * from renamed
