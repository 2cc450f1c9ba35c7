with source as (
    select * from {{ source('lake', 'kinerja') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(nip as varchar) as nip,
        cast(tahun as integer) as rating_year,
        cast(predikat as varchar) as rating,
        cast(nilai as double) as rating_score
    from source
)

select * from renamed
