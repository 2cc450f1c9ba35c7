-- noqa: disable=LT01,LT02,LT05,LT09,LT14
-- (layout rules off here: Jinja loops write the columns, and SQLFluff's layout fixes mangle the template's indentation)
{{ config(
    snapshot_scope='province',
    tags=['after_recommend'],
) }}

{#- IP ASN categories as columns (labels of seed ipasn_categories, PermenPANRB 38/2018). -#}
{%- set categories = [
    ('Sangat Tinggi', 'sangat_tinggi'), ('Tinggi', 'tinggi'), ('Sedang', 'sedang'),
    ('Rendah', 'rendah'), ('Sangat Rendah', 'sangat_rendah'),
] -%}
{#- Components of the composite index, each on a 0-100 scale; weights in seed scorecard_weights. -#}
{%- set components = [
    ('workload_balance', 'share_balanced * 100'),
    ('staffing_fill', 'staffing_fill_rate * 100'),
    ('professionalism', 'mean_professionalism_index'),
    ('job_fit', 'mean_job_fit_pct'),
    ('rotation_health', '(1 - share_5y_in_post) * 100'),
    ('data_quality', 'data_quality_score'),
] -%}

{#- The optimiser's effect report (marts.recommendation_effect, seed recommendation_metrics) as columns:
    (metric, scorecard column). The scorecard's own before/after figures of these metrics are computed here
    from the warehouse and the plan; the baseline (and the plan's mean job fit, which follows the
    optimiser's convention for employees not assessed) come from the report. -#}
{%- set effect_metrics = [
    ('n_moves', 'recommended_moves'), ('total_staffing_gap', 'staffing_shortage'),
    ('total_surplus', 'staffing_surplus'), ('vacant_posts_needing_staff', 'vacant_posts_needing_staff'),
    ('share_posts_grade_a_or_e', 'share_grade_a_or_e'), ('ej_spread_sd', 'ej_stddev_positions'),
    ('ej_mean_abs_deviation_from_1', 'ej_mean_abs_deviation'), ('mean_job_fit', 'plan_mean_job_fit'),
] -%}

-- One row per region and snapshot: the regency's evaluation scorecard (formulas in docs/indices.md).
--   workload     share of staffed posts graded A (overloaded) and E (underloaded), share in a balanced
--                grade (B, C), total / shortage / surplus of the staffing gap, fill rate of the required
--                headcount, EJ spread = population standard deviation of EJ across staffed posts and units
--   competency   mean IP ASN and the share of employees per category, share meeting the education
--                minimum of their post, mean job fit (0-5 and 0-100)
--   rotation     share of employees at least due_years_in_post in post, eligible pool
--   data quality data_quality_score of the snapshot from validation
--   recommendation (projected) the moves planned for this snapshot and the workload/fit figures after
--                them (*_after) and after the greedy baseline (*_after_baseline), the same figures as
--                marts.recommendation_effect (tested)
--   post-mutation moves observed since the previous snapshot and how many of the previous
--                snapshot's recommendations they follow
--   composite    weighted mean of the 0-100 components present (seed scorecard_weights)
--   change       each headline figure minus the previous snapshot's
-- Partitioned (macros/partitions.sql, scope province): inputs are read for the region snapshots in scope
-- and their previous snapshots (for the changes), and every regency of a province in scope on that date
-- is recomputed (rank in province).

with workload as (
    select * from {{ ref('int_regions_abk_aggregated') }}
    where {{ partition_filter(with_previous=true) }}
),

decisions as (
    select * from {{ ref('mutation_decisions') }}
),

employees as (
    select * from {{ ref('employee_indices') }}
    where {{ partition_filter(with_previous=true) }}
),

eligibility as (
    select * from {{ ref('employee_eligibility') }}
    where {{ partition_filter(with_previous=true) }}
),

recommendations as (
    select * from {{ ref('stg_recommend__mutation_plan') }}
    where {{ partition_filter(with_previous=true) }}
),

projected_positions as (
    select * from {{ ref('int_positions_projected') }}
    where {{ partition_filter(with_previous=true) }}
),

moves as (
    select * from {{ ref('int_employees_moves_detected') }}
    where {{ partition_filter(with_previous=true) }}
),

surveys as (
    select region_code, snapshot_date, unit_code, ikm_score
    from {{ ref('stg_lake__survei_kepuasan') }}
    where {{ partition_filter(with_previous=true) }}
    qualify row_number() over (
        partition by region_code, snapshot_date, unit_code order by survey_period desc
    ) = 1
),

snapshot_status as (
    select region_code, snapshot_date, data_quality_score
    from {{ ref('snapshot_status') }}
    where {{ partition_filter(with_previous=true) }}
    qualify row_number() over (partition by region_code, snapshot_date order by validated_at desc) = 1
),

regions as (
    select region_code, region_name, province_code, province_name from {{ ref('regions') }}
),

effect as (
    select
        region_code,
        snapshot_date,
        {%- for metric, column in effect_metrics %}
        {%- if column == 'plan_mean_job_fit' %}
        max(value_before) filter (where metric = '{{ metric }}') as {{ column }},
        max(value_after_plan) filter (where metric = '{{ metric }}') as {{ column }}_after,
        {%- endif %}
        max(value_after_baseline) filter (where metric = '{{ metric }}') as {{ 'baseline_moves' if metric == 'n_moves' else column ~ '_after_baseline' }}
        {{- "," if not loop.last }}
        {%- endfor %}
    from {{ ref('recommendation_effect') }}
    where {{ partition_filter(with_previous=true) }}
    group by region_code, snapshot_date
),

weights as (
    select component, weight from {{ ref('scorecard_weights') }}
),

params_version as (
    select params_version from {{ ref('params_version') }}
),

employee_metrics as (
    select
        employees.region_code,
        employees.snapshot_date,
        count(*) as employee_count,
        avg(employees.professionalism_index) as mean_professionalism_index,
        {%- for label, column in categories %}
        count(*) filter (where employees.professionalism_category = '{{ label }}')
            / nullif(count(employees.professionalism_category), 0) as share_ipasn_{{ column }},
        {%- endfor %}
        avg(cast(employees.meets_education_minimum as integer)) as share_meeting_qualification,
        count(employees.job_fit_score) as job_fit_measured_count,
        avg(employees.job_fit_score) as mean_job_fit,
        avg(employees.job_fit_score_pct) as mean_job_fit_pct,
        count(employees.talent_box) as talent_box_count
    from employees
    group by employees.region_code, employees.snapshot_date
),

rotation_metrics as (
    select
        region_code,
        snapshot_date,
        count(*) filter (where is_due_for_rotation) as due_for_rotation_count,
        avg(cast(is_due_for_rotation as integer)) as share_5y_in_post,
        count(*) filter (where is_eligible) as eligible_pool,
        avg(cast(is_eligible as integer)) as eligible_share
    from eligibility
    group by region_code, snapshot_date
),

recommendation_metrics as (
    select
        region_code,
        snapshot_date,
        count(*) as recommended_moves,
        sum(job_fit_after - job_fit_before) as projected_fit_gain_total,
        avg(job_fit_after - job_fit_before) as projected_fit_gain_mean
    from recommendations
    group by region_code, snapshot_date
),

projected_workload as (
    select
        region_code,
        snapshot_date,
        {{ workload_region_metrics('staff_after', 'required_headcount', 'staffing_gap_after', 'effectiveness_after', 'grade_after', 'is_balanced_after', suffix='_after') }}
    from projected_positions
    group by region_code, snapshot_date
),

observed_moves as (
    select
        moves.region_code,
        moves.snapshot_date,
        count(*) as moves_observed,
        count(recommendations.nip) as moves_adopted
    from moves
    left join recommendations
        on moves.region_code = recommendations.region_code
        and moves.previous_snapshot_date = recommendations.snapshot_date
        and moves.nip = recommendations.nip
        and moves.to_position_code = recommendations.to_position_code
    group by moves.region_code, moves.snapshot_date
),

survey_metrics as (
    select region_code, snapshot_date, avg(ikm_score) as mean_ikm, count(*) as surveyed_unit_count
    from surveys
    group by region_code, snapshot_date
),

combined as (
    select
        workload.region_code,
        workload.snapshot_date,
        regions.region_name,
        regions.province_code,
        regions.province_name,
        lag(workload.snapshot_date) over (
            partition by workload.region_code order by workload.snapshot_date
        ) as previous_snapshot_date,

        workload.position_count,
        workload.unit_count,
        workload.graded_position_count,
        workload.vacant_position_count,
        workload.positions_grade_a,
        workload.positions_grade_e,
        workload.positions_balanced,
        workload.share_grade_a,
        workload.share_grade_e,
        workload.share_balanced,
        workload.required_headcount,
        workload.current_staff,
        workload.staffing_gap_total,
        workload.staffing_shortage,
        workload.staffing_surplus,
        workload.staffing_fill_rate,
        workload.effectiveness,
        workload.ej_mean_positions,
        workload.ej_stddev_positions,
        workload.ej_stddev_units,

        employee_metrics.employee_count,
        employee_metrics.mean_professionalism_index,
        {%- for label, column in categories %}
        employee_metrics.share_ipasn_{{ column }},
        {%- endfor %}
        employee_metrics.share_meeting_qualification,
        employee_metrics.job_fit_measured_count,
        employee_metrics.mean_job_fit,
        employee_metrics.mean_job_fit_pct,
        employee_metrics.talent_box_count,

        rotation_metrics.due_for_rotation_count,
        rotation_metrics.share_5y_in_post,
        rotation_metrics.eligible_pool,
        rotation_metrics.eligible_share,

        snapshot_status.data_quality_score,

        coalesce(recommendation_metrics.recommended_moves, 0) as recommended_moves,
        coalesce(recommendation_metrics.projected_fit_gain_total, 0) as projected_fit_gain_total,
        recommendation_metrics.projected_fit_gain_mean,
        effect.baseline_moves,
        projected_workload.share_grade_a_after,
        projected_workload.share_grade_e_after,
        workload.share_grade_a_or_e,
        projected_workload.share_grade_a_or_e_after,
        effect.share_grade_a_or_e_after_baseline,
        projected_workload.staffing_gap_total_after,
        projected_workload.staffing_shortage_after,
        effect.staffing_shortage_after_baseline,
        projected_workload.staffing_surplus_after,
        effect.staffing_surplus_after_baseline,
        workload.vacant_posts_needing_staff,
        projected_workload.vacant_posts_needing_staff_after,
        effect.vacant_posts_needing_staff_after_baseline,
        projected_workload.ej_stddev_positions_after,
        effect.ej_stddev_positions_after_baseline,
        workload.ej_mean_abs_deviation,
        projected_workload.ej_mean_abs_deviation_after,
        effect.ej_mean_abs_deviation_after_baseline,
        effect.plan_mean_job_fit,
        effect.plan_mean_job_fit_after,
        effect.plan_mean_job_fit_after_baseline,

        coalesce(observed_moves.moves_observed, 0) as moves_observed,
        coalesce(observed_moves.moves_adopted, 0) as moves_adopted,
        survey_metrics.mean_ikm,
        survey_metrics.surveyed_unit_count
    from workload
    left join regions
        on workload.region_code = regions.region_code
    {%- for relation in ['employee_metrics', 'rotation_metrics', 'snapshot_status', 'recommendation_metrics', 'projected_workload', 'effect', 'observed_moves', 'survey_metrics'] %}
    left join {{ relation }}
        on workload.region_code = {{ relation }}.region_code
        and workload.snapshot_date = {{ relation }}.snapshot_date
    {%- endfor %}
),

-- The decision loop (issue 16): what the regency recorded about the previous snapshot's plan, counting only
-- what had been delivered by this snapshot.
decision_metrics as (
    select
        combined.region_code,
        combined.snapshot_date,
        count(*) filter (where decisions.decision_snapshot_date <= combined.snapshot_date) as moves_decided_previous,
        count(*) filter (
            where decisions.decision = 'disetujui' and decisions.decision_snapshot_date <= combined.snapshot_date
        ) as moves_approved_previous,
        count(*) filter (
            where decisions.decision = 'ditolak' and decisions.decision_snapshot_date <= combined.snapshot_date
        ) as moves_rejected_previous,
        count(*) filter (
            where decisions.decision = 'ditunda' and decisions.decision_snapshot_date <= combined.snapshot_date
        ) as moves_postponed_previous,
        count(*) filter (
            where decisions.decision = 'disetujui' and decisions.decision_snapshot_date <= combined.snapshot_date
            and decisions.carried_out_snapshot_date <= combined.snapshot_date
        ) as moves_approved_carried_out_previous,
        median(decisions.days_to_decision) filter (
            where decisions.decision_snapshot_date <= combined.snapshot_date
        ) as median_days_to_decision,
        count(*) filter (where decisions.objection_snapshot_date <= combined.snapshot_date) as objections_previous
    from combined
    inner join decisions
        on combined.region_code = decisions.region_code
        and combined.previous_snapshot_date = decisions.snapshot_date
    group by combined.region_code, combined.snapshot_date
),

with_previous_recommendations as (
    select
        combined.*,
        case when combined.previous_snapshot_date is not null then coalesce(previous.recommended_moves, 0) end
            as moves_recommended_previous,
        combined.moves_adopted / nullif(previous.recommended_moves, 0) as adoption_rate,
        {%- for figure in ['moves_decided_previous', 'moves_approved_previous', 'moves_rejected_previous', 'moves_postponed_previous', 'moves_approved_carried_out_previous', 'objections_previous'] %}
        case when combined.previous_snapshot_date is not null then coalesce(decision_metrics.{{ figure }}, 0) end
            as {{ figure }},
        {%- endfor %}
        decision_metrics.median_days_to_decision,
        -- recorded adoption: approved and carried out, of the previous plan's moves (adoption_rate is inferred
        -- from the snapshots alone)
        decision_metrics.moves_approved_carried_out_previous / nullif(previous.recommended_moves, 0)
            as adoption_rate_recorded
    from combined
    left join recommendation_metrics as previous
        on combined.region_code = previous.region_code
        and combined.previous_snapshot_date = previous.snapshot_date
    left join decision_metrics
        on combined.region_code = decision_metrics.region_code
        and combined.snapshot_date = decision_metrics.snapshot_date
),

components as (
    {%- for component, expression in components %}
    select region_code, snapshot_date, '{{ component }}' as component, {{ expression }} as component_score
    from combined
    {{ "union all" if not loop.last }}
    {%- endfor %}
),

composite as (
    select
        components.region_code,
        components.snapshot_date,
        {%- for component, expression in components %}
        max(components.component_score) filter (where components.component = '{{ component }}')
            as score_{{ component }},
        {%- endfor %}
        -- rounded to 9 decimals only to remove floating-point noise of the parallel sum, so that equal
        -- scores tie exactly (rank_in_province) whatever order the rows are summed in
        round(
            sum(weights.weight * components.component_score) filter (where components.component_score is not null)
                / nullif(sum(weights.weight) filter (where components.component_score is not null), 0),
            9
        ) as composite_index
    from components
    inner join weights
        on components.component = weights.component
    group by components.region_code, components.snapshot_date
),

final as (
    select
        with_previous_recommendations.*,
        {%- for component, expression in components %}
        composite.score_{{ component }},
        {%- endfor %}
        composite.composite_index,
        rank() over (
            partition by with_previous_recommendations.province_code, with_previous_recommendations.snapshot_date
            order by composite.composite_index desc nulls last
        ) as rank_in_province,
        {%- for metric in ['composite_index', 'mean_professionalism_index', 'mean_job_fit', 'staffing_gap_total', 'share_grade_a', 'share_grade_e', 'ej_stddev_positions', 'data_quality_score'] %}
        {{ 'composite.' if metric == 'composite_index' else 'with_previous_recommendations.' }}{{ metric }}
            - lag({{ 'composite.' if metric == 'composite_index' else 'with_previous_recommendations.' }}{{ metric }}) over (
                partition by with_previous_recommendations.region_code
                order by with_previous_recommendations.snapshot_date
            ) as {{ metric }}_change,
        {%- endfor %}
        params_version.params_version
    from with_previous_recommendations
    cross join params_version
    left join composite
        on with_previous_recommendations.region_code = composite.region_code
        and with_previous_recommendations.snapshot_date = composite.snapshot_date
)

select * from final
where {{ partition_filter() }}
{{ partition_order() }}
