with source as (
    select * from {{ source('lake', 'keberatan_pegawai') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(nip as varchar) as nip,
        cast(kode_jabatan_tujuan as varchar) as to_position_code,
        cast(isi as varchar) as objection_text,
        cast(tanggal as date) as objection_date
    from source
)

select * from renamed
