with source as (
    select * from {{ source('lake', 'ingested_files') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(entity as varchar) as entity,
        cast(source_file as varchar) as source_file,
        cast(sha256 as varchar) as sha256,
        cast(file_format as varchar) as file_format,
        cast(encoding as varchar) as encoding,
        cast(rows_read as bigint) as rows_read,
        cast(rows_valid as bigint) as rows_valid,
        cast(rows_quarantined as bigint) as rows_quarantined,
        cast(status as varchar) as status,
        cast(message as varchar) as message,
        cast(ingested_at as timestamp) as ingested_at,
        cast(run_id as varchar) as run_id,
        cast(delivery_id as varchar) as delivery_id
    from source
)

select * from renamed
