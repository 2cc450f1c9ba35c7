{#- An audit table of the lake (ingested files, quarantined rows) with `is_current_delivery`: true on the
    rows of the delivery in use for the region snapshot (the newest validated one, from audit.snapshot_status).
    Every delivery is kept (SPEC 5). pass `staging_relation` as ref(...) so that dbt records the lineage. -#}
{% macro audit_with_current_delivery(staging_relation) %}
with audit_rows as (
    select * from {{ staging_relation }}
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
{{ partition_order() }}
{% endmacro %}
