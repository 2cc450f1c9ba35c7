with source as (
    select * from {{ source('lake', 'snapshot_status') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(status as varchar) as status,
        cast(message as varchar) as message,
        cast(rows_read as bigint) as rows_read,
        cast(rows_valid as bigint) as rows_valid,
        cast(rows_quarantined as bigint) as rows_quarantined,
        cast(completeness as double) as completeness,
        cast(validity as double) as validity,
        cast(consistency as double) as consistency,
        cast(timeliness as double) as timeliness,
        cast(data_quality_score as double) as data_quality_score,
        cast(run_id as varchar) as run_id,
        cast(delivery_id as varchar) as delivery_id,
        cast(validated_at as timestamp) as validated_at
    from source
)

select * from renamed
