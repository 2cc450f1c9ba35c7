with source as (
    select * from {{ source('lake', 'keputusan_mutasi') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(nip as varchar) as nip,
        cast(kode_jabatan_tujuan as varchar) as to_position_code,
        -- disetujui / ditolak / ditunda (validated); null = not decided yet
        cast(keputusan as varchar) as decision,
        cast(alasan as varchar) as decision_reason,
        cast(tanggal_keputusan as date) as decision_date,
        cast(diputuskan_oleh as varchar) as decided_by,
        cast(tanggal_rekomendasi as date) as recommendation_date
    from source
)

select * from renamed
