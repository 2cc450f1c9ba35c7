{{ config(
    snapshot_scope='history',
    params_check=false,
    tags=['after_recommend'],
) }}

-- The projected effect of the plan of each region snapshot (a what-if, not an observation): every regency
-- metric of the optimiser's report before any move, after the optimal plan and after the greedy ranking
-- baseline the existing apps use (rank candidates by profile-matching score, fill gaps in that order),
-- both under the same hard rules. plan_advantage > 0 means the optimal plan does better than the baseline
-- on that metric (seed recommendation_metrics says which direction is better). regency_scorecards shows
-- the same figures (its *_after and *_after_baseline columns; singular test
-- assert_scorecard_matches_recommendation_effect).

with effect as (
    select * from {{ ref('stg_recommend__effect') }}
    where {{ partition_filter() }}
),

metrics as (
    select * from {{ ref('recommendation_metrics') }}
),

final as (
    select
        effect.region_code,
        effect.snapshot_date,
        effect.metric,
        metrics.sort_order,
        metrics.label_id as metric_label_id,
        metrics.label_en as metric_label_en,
        metrics.better_when,
        effect.value_before,
        effect.value_after_plan,
        effect.value_after_baseline,
        effect.value_after_plan - effect.value_before as plan_change,
        effect.value_after_baseline - effect.value_before as baseline_change,
        effect.plan_minus_baseline,
        case metrics.better_when
            when 'lower' then effect.value_after_baseline - effect.value_after_plan
            when 'higher' then effect.value_after_plan - effect.value_after_baseline
        end as plan_advantage,
        effect.params_version,
        effect.run_id
    from effect
    left join metrics
        on effect.metric = metrics.metric
)

select * from final
{{ partition_order() }}
