with source as (
    select * from {{ source('lake', 'diklat') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(nip as varchar) as nip,
        cast(jenis_diklat as varchar) as training_kind,
        cast(nama_diklat as varchar) as training_name,
        cast(jam_pelajaran as double) as training_hours,
        cast(tanggal_selesai as date) as completion_date
    from source
)

select * from renamed
