{{ config(tags=['after_recommend']) }}

with source as (
    select * from {{ source('recommend', 'not_moved') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(nip as varchar) as nip,
        cast(name as varchar) as name,
        cast(position_code as varchar) as position_code,
        cast(unit_code as varchar) as unit_code,
        {{ nan_to_null('years_in_position') }} as years_in_position,
        cast(reason_code as varchar) as reason_code,
        cast(explanation as varchar) as explanation,
        cast(params_version as varchar) as params_version,
        cast(run_id as varchar) as run_id
    from source
)

select * from renamed
