-- noqa: disable=LT01,LT02,LT05,LT09,LT14
-- (layout rules off here: Jinja loops write the columns, and SQLFluff's layout fixes mangle the template's indentation)
-- The recommendation effect shown in marts.regency_scorecards is the optimiser's own report
-- (marts.recommendation_effect): for every region snapshot with a report, the scorecard's "before" and
-- "after the plan" figures, which dbt computes from the warehouse and the plan (int_positions_projected),
-- equal the report's to floating-point noise (and the columns copied from the report are its values).
-- Any row returned is a disagreement.

{%- set metrics = [
    ('n_moves', none, 'recommended_moves', 'baseline_moves'),
    ('total_staffing_gap', 'staffing_shortage', 'staffing_shortage_after', 'staffing_shortage_after_baseline'),
    ('total_surplus', 'staffing_surplus', 'staffing_surplus_after', 'staffing_surplus_after_baseline'),
    ('vacant_posts_needing_staff', 'vacant_posts_needing_staff', 'vacant_posts_needing_staff_after',
        'vacant_posts_needing_staff_after_baseline'),
    ('share_posts_grade_a_or_e', 'share_grade_a_or_e', 'share_grade_a_or_e_after', 'share_grade_a_or_e_after_baseline'),
    ('ej_spread_sd', 'ej_stddev_positions', 'ej_stddev_positions_after', 'ej_stddev_positions_after_baseline'),
    ('ej_mean_abs_deviation_from_1', 'ej_mean_abs_deviation', 'ej_mean_abs_deviation_after',
        'ej_mean_abs_deviation_after_baseline'),
    ('mean_job_fit', 'plan_mean_job_fit', 'plan_mean_job_fit_after', 'plan_mean_job_fit_after_baseline'),
] %}
{%- set stages = [('before', 1, 'value_before'), ('after_plan', 2, 'value_after_plan'),
                  ('after_baseline', 3, 'value_after_baseline')] %}

with scorecards as (
    select * from {{ ref('regency_scorecards') }}
),

effect as (
    select * from {{ ref('recommendation_effect') }}
),

compared as (
    {%- for stage, position, report_column in stages %}
    select
        effect.region_code,
        effect.snapshot_date,
        effect.metric,
        '{{ stage }}' as stage,
        case effect.metric
            {%- for metric in metrics %}
            when '{{ metric[0] }}' then {{ 'cast(scorecards.' ~ metric[position] ~ ' as double)' if metric[position] else '0' }}
            {%- endfor %}
        end as scorecard_value,
        effect.{{ report_column }} as report_value
    from effect
    inner join scorecards
        on effect.region_code = scorecards.region_code
        and effect.snapshot_date = scorecards.snapshot_date
    where effect.metric in ({% for metric in metrics %}'{{ metric[0] }}'{{ ", " if not loop.last }}{% endfor %})
    {{ "union all" if not loop.last }}
    {%- endfor %}
)

select *
from compared
where not (
    scorecard_value is not distinct from report_value
    or abs(scorecard_value - report_value) <= 1e-9 * greatest(1, abs(report_value))
)
