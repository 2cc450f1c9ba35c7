with source as (
    select * from {{ source('lake', 'survei_kepuasan') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(kode_unit as varchar) as unit_code,
        cast(periode as varchar) as survey_period,
        cast(nilai_ikm as double) as ikm_score
    from source
)

select * from renamed
