{{ config(
    snapshot_scope='snapshot',
    params_check=false,
) }}

-- audit.snapshot_status: one row per validated delivery of a region snapshot (SPEC 5). A corrected
-- re-delivery adds a row; `is_current_delivery` marks the latest one, which is the one in use.

with deliveries as (
    select * from {{ ref('stg_lake__snapshot_status') }}
    where {{ partition_filter() }}
),

final as (
    select
        *,
        row_number() over (
            partition by region_code, snapshot_date order by validated_at desc, delivery_id
        ) = 1 as is_current_delivery
    from deliveries
)

select * from final
{{ partition_order() }}
