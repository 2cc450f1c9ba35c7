{#- The scalar parameters of seed `parameters` as one typed row, so models cross-join it and unit
    tests mock only the columns they need. Every name here must exist in the seed (the contract's not-null constraints). -#}
{%- set numeric_parameters = [
    'effective_minutes_per_year',
    'ipasn_weight_qualification', 'ipasn_weight_competency', 'ipasn_weight_performance', 'ipasn_weight_discipline',
    'ipasn_score_decimals', 'core_factor_share', 'potential_score_per_level',
    'talent_performance_above_min', 'talent_performance_expected_min',
    'talent_potential_high_min', 'talent_potential_middle_min',
    'min_years_in_post', 'due_years_in_post', 'min_years_before_retirement', 'sanction_lookback_years',
    'skp_years_required', 'no_move_back_years', 'freshness_days',
    'weight_workload_balance', 'weight_job_fit', 'weight_rotation_urgency', 'weight_preference',
    'penalty_unwilling', 'max_unit_outflow_share', 'major_mismatch_gap',
    'training_need_lookback_years', 'evaluation_horizon_short_months', 'evaluation_horizon_long_months',
] -%}
{%- set text_parameters = [
    'headcount_rounding', 'eligible_employment_status', 'skp_min_predikat', 'major_requirement_use',
] -%}

with parameters as (
    select
        parameter,
        trim(value) as value
    from {{ ref('parameters') }}
),

pivoted as (
    select
        {%- for name in numeric_parameters %}
            max(case when parameter = '{{ name }}' then cast(value as double) end) as {{ name }},
        {%- endfor %}
    {%- for name in text_parameters %}
        max(case when parameter = '{{ name }}' then value end) as {{ name }}{{ "," if not loop.last }}
    {%- endfor %}
    from parameters
)

select * from pivoted
