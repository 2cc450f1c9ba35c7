{{ config(
    snapshot_scope='snapshot',
    partition_level='province',
    tags=['after_recommend'],
) }}

-- The province's staffing balance per type of post, job family and job level (issue 17): moves between
-- regencies are lateral (same type and level), so a surplus of ahli pertama nurses in one regency does not
-- balance a shortage of ahli madya nurses in another. Per group: the regencies in net surplus and in net
-- deficit, how many people could be balanced (the smaller of total surplus and total deficit), and how many
-- inter-regency moves the plan proposes in the group. Only groups with a surplus or a deficit somewhere, or
-- an inter-regency move (a group balanced in net can still have a post short after its regency's plan).
-- Aggregates only, no personal data.

with positions as (
    select * from {{ ref('position_workload') }}
),

regions as (
    select
        region_code,
        province_code,
        province_name
    from {{ ref('regions') }}
),

interregency as (
    select * from {{ ref('interregency_recommendations') }}
    where {{ province_partition_filter() }}
),

params_version as (
    select params_version from {{ ref('params_version') }}
),

per_region as (
    select
        regions.province_code,
        regions.province_name,
        positions.snapshot_date,
        positions.position_type,
        positions.job_family,
        coalesce(positions.job_level, '') as job_level_key,
        positions.region_code,
        cast(sum(positions.required_headcount) as bigint) as required_headcount,
        cast(sum(positions.current_staff) as bigint) as current_staff,
        cast(sum(positions.staffing_gap) as bigint) as net_staffing_gap
    from positions
    inner join regions
        on positions.region_code = regions.region_code
    where {{ province_partition_filter(province='regions.province_code', date='positions.snapshot_date') }}
    group by all
),

aggregated as (
    select
        province_code,
        min(province_name) as province_name,
        snapshot_date,
        position_type,
        job_family,
        job_level_key,
        count(*) as region_count,
        count(*) filter (where net_staffing_gap < 0) as regions_in_surplus,
        count(*) filter (where net_staffing_gap > 0) as regions_in_deficit,
        cast(coalesce(sum(-net_staffing_gap) filter (where net_staffing_gap < 0), 0) as bigint) as total_surplus,
        cast(coalesce(sum(net_staffing_gap) filter (where net_staffing_gap > 0), 0) as bigint) as total_deficit,
        string_agg(region_code, ';' order by region_code) filter (where net_staffing_gap < 0) as surplus_region_codes,
        string_agg(region_code, ';' order by region_code) filter (where net_staffing_gap > 0) as deficit_region_codes,
        cast(sum(required_headcount) as bigint) as required_headcount,
        cast(sum(current_staff) as bigint) as current_staff
    from per_region
    group by province_code, snapshot_date, position_type, job_family, job_level_key
),

moves as (
    select
        province_code,
        snapshot_date,
        position_type,
        job_family,
        coalesce(job_level, '') as job_level_key,
        count(*) as interregency_moves
    from interregency
    group by all
),

final as (
    select
        aggregated.province_code,
        aggregated.province_name,
        aggregated.snapshot_date,
        aggregated.position_type,
        aggregated.job_family,
        nullif(aggregated.job_level_key, '') as job_level,
        aggregated.region_count,
        aggregated.regions_in_surplus,
        aggregated.regions_in_deficit,
        aggregated.total_surplus,
        aggregated.total_deficit,
        aggregated.surplus_region_codes,
        aggregated.deficit_region_codes,
        least(aggregated.total_surplus, aggregated.total_deficit) as balancing_potential,
        coalesce(moves.interregency_moves, 0) as interregency_moves,
        aggregated.required_headcount,
        aggregated.current_staff,
        params_version.params_version
    from aggregated
    cross join params_version
    left join moves
        on aggregated.province_code = moves.province_code
            and aggregated.snapshot_date = moves.snapshot_date
            and aggregated.position_type = moves.position_type
            and aggregated.job_family = moves.job_family
            and aggregated.job_level_key = moves.job_level_key
    where aggregated.total_surplus > 0 or aggregated.total_deficit > 0 or moves.interregency_moves > 0
)

select * from final
{{ partition_order('province_code') }}
