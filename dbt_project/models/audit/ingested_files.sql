{{ config(
    materialized='incremental',
    incremental_strategy='replace_snapshots',
    on_schema_change='fail',
    snapshot_scope='snapshot',
    params_check=false,
) }}

-- audit.ingested_files: the validation audit table of the lake, queryable in the warehouse (SPEC 5). Every
-- delivery is kept; `is_current_delivery` marks rows of the delivery in use for that region snapshot.

with audit_rows as (
    select * from {{ ref('stg_lake__ingested_files') }}
    where {{ partition_filter() }}
),

current_deliveries as (
    select region_code, snapshot_date, delivery_id
    from {{ ref('snapshot_status') }}
    where is_current_delivery
        and {{ partition_filter() }}
),

final as (
    select
        audit_rows.*,
        current_deliveries.delivery_id is not null as is_current_delivery
    from audit_rows
    left join current_deliveries
        on audit_rows.region_code = current_deliveries.region_code
        and audit_rows.snapshot_date = current_deliveries.snapshot_date
        and audit_rows.delivery_id = current_deliveries.delivery_id
)

select * from final
