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
        params_version.params_version
    from aggregated
    cross join params_version
)

select * from final
