with source as (
    select * from {{ source('lake', 'hukuman_disiplin') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(nip as varchar) as nip,
        cast(tingkat as varchar) as sanction_level,
        cast(tanggal_mulai as date) as start_date,
        -- SPEC 4: an empty end date means the sanction has no duration and ends on its start date.
        cast(tanggal_selesai as date) as end_date
    from source
)

select * from renamed
