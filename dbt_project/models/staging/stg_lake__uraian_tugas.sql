with source as (
    select * from {{ source('lake', 'uraian_tugas') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(kode_jabatan as varchar) as position_code,
        cast(uraian_tugas as varchar) as task_description,
        cast(satuan_hasil as varchar) as output_unit,
        cast(volume_per_tahun as double) as annual_volume,
        cast(norma_waktu_menit as double) as minutes_per_unit
    from source
)

select * from renamed
