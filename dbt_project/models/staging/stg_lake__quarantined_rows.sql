with source as (
    select * from {{ source('lake', 'quarantined_rows') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(entity as varchar) as entity,
        cast(source_file as varchar) as source_file,
        cast(source_row as bigint) as source_row,
        cast(rule as varchar) as rule,
        cast(message as varchar) as message,
        cast(raw_record as varchar) as raw_record,
        cast(delivery_id as varchar) as delivery_id
    from source
)

select * from renamed
