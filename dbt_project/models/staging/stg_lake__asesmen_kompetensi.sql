with source as (
    select * from {{ source('lake', 'asesmen_kompetensi') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(nip as varchar) as nip,
        cast(tanggal_asesmen as date) as assessment_date,
        cast(kompetensi_teknis as integer) as competency_technical,
        cast(kompetensi_manajerial as integer) as competency_managerial,
        cast(kompetensi_sosiokultural as integer) as competency_sociocultural,
        cast(skor_potensi as double) as potential_score
    from source
)

select * from renamed
