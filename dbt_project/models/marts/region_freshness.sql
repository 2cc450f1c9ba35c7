{#- Freshness of each region's data as of today (a view: the age changes every day without new data).
    A region is stale when its newest accepted snapshot is older than parameter freshness_days (SPEC 1:
    monthly extracts plus a margin), or when no delivery was ever accepted. -#}
with deliveries as (
    select
        region_code,
        snapshot_date,
        status,
        validated_at
    from {{ ref('snapshot_status') }}
    where is_current_delivery
),

per_region as (
    select
        region_code,
        max(snapshot_date) as latest_delivered_snapshot,
        max(snapshot_date) filter (where status = 'accepted') as latest_accepted_snapshot,
        max(validated_at) as last_validated_at
    from deliveries
    group by region_code
),

parameters as (
    select freshness_days from {{ ref('params_scalar') }}
),

final as (
    select
        p.region_code,
        r.region_name,
        r.province_code,
        r.province_name,
        p.latest_delivered_snapshot,
        p.latest_accepted_snapshot,
        p.last_validated_at,
        current_date - p.latest_accepted_snapshot as age_days,
        cast(parameters.freshness_days as integer) as freshness_days,
        p.latest_accepted_snapshot is null
        or current_date - p.latest_accepted_snapshot > parameters.freshness_days as is_stale
    from per_region as p
    left join {{ ref('regions') }} as r using (region_code)
    cross join parameters
)

select * from final
