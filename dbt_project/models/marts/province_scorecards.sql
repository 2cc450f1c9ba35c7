{{ config(
    snapshot_scope='history',
    partition_level='province',
    tags=['after_recommend'],
) }}

-- Provincial consolidation per province and snapshot date: the regencies' scorecards pooled. Counts
-- and sums are added up; shares and means are pooled over the underlying posts or employees (not a
-- mean of regency means); the composite index is summarised across regencies (mean, min, max, best
-- and lowest). Aggregates only, no personal data. Regencies are grouped by their own snapshot date:
-- a regency that delivered on another date forms a row of that date.

with regencies as (
    select * from {{ ref('regency_scorecards') }}
    where {{ province_partition_filter() }}
),

params_version as (
    select params_version from {{ ref('params_version') }}
),

regions as (
    select
        region_code,
        province_code
    from {{ ref('regions') }}
),

projected_positions as (
    select
        region_code,
        snapshot_date,
        position_code,
        required_headcount,
        staff_after
    from {{ ref('int_positions_projected') }}
),

interregency as (
    select * from {{ ref('interregency_recommendations') }}
    where {{ province_partition_filter() }}
),

talent_pool as (
    select * from {{ ref('provincial_talent_pool') }}
    where {{ province_partition_filter() }}
),

succession as (
    select
        region_code,
        snapshot_date,
        position_code
    from {{ ref('succession_candidates') }}
),

-- the inter-regency plan's effect (issue 17): every post's staff after the regencies' own plans
-- (int_positions_projected) and then the inter-regency moves, pooled over the province
interregency_flows as (
    select
        from_region_code as region_code,
        snapshot_date,
        from_position_code as position_code,
        -1 as flow
    from interregency
    union all
    select
        to_region_code as region_code,
        snapshot_date,
        to_position_code as position_code,
        1 as flow
    from interregency
),

net_flows as (
    select
        region_code,
        snapshot_date,
        position_code,
        sum(flow) as net_flow
    from interregency_flows
    group by all
),

province_staffing_after as (
    select
        regions.province_code,
        projected_positions.snapshot_date,
        cast(sum(greatest(projected_positions.required_headcount - projected_positions.staff_after, 0)) as bigint)
            as staffing_shortage_after_plans,
        cast(sum(greatest(projected_positions.staff_after - projected_positions.required_headcount, 0)) as bigint)
            as staffing_surplus_after_plans,
        cast(sum(greatest(
            projected_positions.required_headcount - projected_positions.staff_after
            - coalesce(net_flows.net_flow, 0), 0
        )) as bigint) as staffing_shortage_after_interregency,
        cast(sum(greatest(
            projected_positions.staff_after + coalesce(net_flows.net_flow, 0)
            - projected_positions.required_headcount, 0
        )) as bigint) as staffing_surplus_after_interregency
    from projected_positions
    inner join regions
        on projected_positions.region_code = regions.region_code
    left join net_flows
        on projected_positions.region_code = net_flows.region_code
            and projected_positions.snapshot_date = net_flows.snapshot_date
            and projected_positions.position_code = net_flows.position_code
    where {{ province_partition_filter(province='regions.province_code', date='projected_positions.snapshot_date') }}
    group by all
),

interregency_summary as (
    select
        province_code,
        snapshot_date,
        count(*) as interregency_moves,
        count(distinct from_region_code) as interregency_regions_sending,
        count(distinct to_region_code) as interregency_regions_receiving,
        sum(job_fit_gain) as interregency_fit_gain_total
    from interregency
    group by all
),

-- talent pool coverage: of the key posts opening within the horizon, those with a candidate in the
-- regency's own succession list, with one in the provincial pool, with one ready now in the pool
succession_posts as (
    select distinct
        region_code,
        snapshot_date,
        position_code
    from succession
),

talent_pool_summary as (
    select
        talent_pool.province_code,
        talent_pool.snapshot_date,
        count(distinct talent_pool.region_code || '|' || talent_pool.position_code) as key_posts_opening,
        count(distinct succession_posts.region_code || '|' || succession_posts.position_code)
            as key_posts_with_regency_candidate,
        count(distinct talent_pool.region_code || '|' || talent_pool.position_code)
        filter (where talent_pool.nip is not null) as key_posts_with_pool_candidate,
        count(distinct talent_pool.region_code || '|' || talent_pool.position_code)
        filter (where talent_pool.readiness = 'siap sekarang') as key_posts_with_ready_candidate,
        count(distinct talent_pool.nip) filter (where not talent_pool.is_same_regency)
            as talent_pool_candidates_from_other_regencies
    from talent_pool
    left join succession_posts
        on talent_pool.region_code = succession_posts.region_code
            and talent_pool.snapshot_date = succession_posts.snapshot_date
            and talent_pool.position_code = succession_posts.position_code
    group by all
),

aggregated as (
    select
        province_code,
        snapshot_date,
        min(province_name) as province_name,
        count(*) as region_count,
        string_agg(region_code, ';' order by region_code) as region_codes,
        cast(sum(employee_count) as bigint) as employee_count,
        cast(sum(position_count) as bigint) as position_count,
        cast(sum(graded_position_count) as bigint) as graded_position_count,
        cast(sum(vacant_position_count) as bigint) as vacant_position_count,
        sum(positions_grade_a) / nullif(sum(graded_position_count), 0) as share_grade_a,
        sum(positions_grade_e) / nullif(sum(graded_position_count), 0) as share_grade_e,
        sum(positions_balanced) / nullif(sum(graded_position_count), 0) as share_balanced,
        cast(sum(required_headcount) as bigint) as required_headcount,
        cast(sum(current_staff) as bigint) as current_staff,
        cast(sum(staffing_gap_total) as bigint) as staffing_gap_total,
        cast(sum(staffing_shortage) as bigint) as staffing_shortage,
        cast(sum(staffing_surplus) as bigint) as staffing_surplus,
        sum(mean_professionalism_index * employee_count) / nullif(sum(employee_count), 0)
            as mean_professionalism_index,
        sum(share_meeting_qualification * employee_count) / nullif(sum(employee_count), 0)
            as share_meeting_qualification,
        sum(mean_job_fit * job_fit_measured_count) / nullif(sum(job_fit_measured_count), 0) as mean_job_fit,
        sum(due_for_rotation_count) / nullif(sum(employee_count), 0) as share_5y_in_post,
        cast(sum(eligible_pool) as bigint) as eligible_pool,
        avg(data_quality_score) as mean_data_quality_score,
        cast(sum(recommended_moves) as bigint) as recommended_moves,
        sum(projected_fit_gain_total) as projected_fit_gain_total,
        cast(sum(moves_observed) as bigint) as moves_observed,
        cast(sum(moves_adopted) as bigint) as moves_adopted,
        -- the decision loop (issue 16): what the regencies recorded about their previous plans
        cast(sum(moves_recommended_previous) as bigint) as moves_recommended_previous,
        cast(sum(moves_decided_previous) as bigint) as moves_decided_previous,
        cast(sum(moves_approved_previous) as bigint) as moves_approved_previous,
        cast(sum(moves_rejected_previous) as bigint) as moves_rejected_previous,
        cast(sum(moves_postponed_previous) as bigint) as moves_postponed_previous,
        cast(sum(moves_approved_carried_out_previous) as bigint) as moves_approved_carried_out_previous,
        cast(sum(objections_previous) as bigint) as objections_previous,
        sum(moves_approved_carried_out_previous) / nullif(sum(moves_recommended_previous), 0)
            as adoption_rate_recorded,
        avg(composite_index) as mean_composite_index,
        min(composite_index) as min_composite_index,
        max(composite_index) as max_composite_index,
        -- ties go to the lower region code, so the result does not depend on the order of the rows
        first(region_code order by composite_index desc, region_code) filter (where composite_index is not null)
            as best_region_code,
        first(region_code order by composite_index, region_code) filter (where composite_index is not null)
            as lowest_region_code
    from regencies
    group by province_code, snapshot_date
),

final as (
    select
        aggregated.*,
        -- the province level (issue 17): inter-regency moves and their effect, talent pool coverage
        coalesce(interregency_summary.interregency_moves, 0) as interregency_moves,
        coalesce(interregency_summary.interregency_regions_sending, 0) as interregency_regions_sending,
        coalesce(interregency_summary.interregency_regions_receiving, 0) as interregency_regions_receiving,
        coalesce(interregency_summary.interregency_fit_gain_total, 0) as interregency_fit_gain_total,
        province_staffing_after.staffing_shortage_after_plans,
        province_staffing_after.staffing_shortage_after_interregency,
        province_staffing_after.staffing_surplus_after_plans,
        province_staffing_after.staffing_surplus_after_interregency,
        coalesce(talent_pool_summary.key_posts_opening, 0) as key_posts_opening,
        coalesce(talent_pool_summary.key_posts_with_regency_candidate, 0) as key_posts_with_regency_candidate,
        coalesce(talent_pool_summary.key_posts_with_pool_candidate, 0) as key_posts_with_pool_candidate,
        coalesce(talent_pool_summary.key_posts_with_ready_candidate, 0) as key_posts_with_ready_candidate,
        coalesce(talent_pool_summary.talent_pool_candidates_from_other_regencies, 0)
            as talent_pool_candidates_from_other_regencies,
        talent_pool_summary.key_posts_with_regency_candidate / nullif(talent_pool_summary.key_posts_opening, 0)
            as key_post_coverage_regency,
        talent_pool_summary.key_posts_with_pool_candidate / nullif(talent_pool_summary.key_posts_opening, 0)
            as key_post_coverage_province,
        params_version.params_version
    from aggregated
    cross join params_version
    left join interregency_summary
        on aggregated.province_code = interregency_summary.province_code
            and aggregated.snapshot_date = interregency_summary.snapshot_date
    left join province_staffing_after
        on aggregated.province_code = province_staffing_after.province_code
            and aggregated.snapshot_date = province_staffing_after.snapshot_date
    left join talent_pool_summary
        on aggregated.province_code = talent_pool_summary.province_code
            and aggregated.snapshot_date = talent_pool_summary.snapshot_date
)

select * from final
{{ partition_order('province_code') }}
