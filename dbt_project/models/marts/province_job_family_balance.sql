{{ config(
    snapshot_scope='snapshot',
    partition_level='province',
) }}

-- Inter-regency balancing opportunities for the governor's level (PP 11/2017 Pasal 192): per province,
-- snapshot date and job family (rumpun), the regencies whose posts of that family are in net surplus
-- (staffing gap < 0) or net deficit (> 0), and how many people could be balanced between them
-- (the smaller of the total surplus and the total deficit). Aggregates only, no personal data.

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

params_version as (
    select params_version from {{ ref('params_version') }}
),

per_region as (
    select
        regions.province_code,
        regions.province_name,
        positions.snapshot_date,
        positions.job_family,
        positions.region_code,
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
        job_family,
        count(*) as region_count,
        count(*) filter (where net_staffing_gap < 0) as regions_in_surplus,
        count(*) filter (where net_staffing_gap > 0) as regions_in_deficit,
        cast(coalesce(sum(-net_staffing_gap) filter (where net_staffing_gap < 0), 0) as bigint) as total_surplus,
        cast(coalesce(sum(net_staffing_gap) filter (where net_staffing_gap > 0), 0) as bigint) as total_deficit,
        string_agg(region_code, ';' order by region_code) filter (where net_staffing_gap < 0) as surplus_region_codes,
        string_agg(region_code, ';' order by region_code) filter (where net_staffing_gap > 0) as deficit_region_codes
    from per_region
    group by province_code, snapshot_date, job_family
),

final as (
    select
        aggregated.*,
        least(aggregated.total_surplus, aggregated.total_deficit) as balancing_potential,
        params_version.params_version
    from aggregated
    cross join params_version
)

select * from final
{{ partition_order('province_code') }}
