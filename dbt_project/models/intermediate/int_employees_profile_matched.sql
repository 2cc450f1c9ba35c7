-- Job fit by profile matching (GAP analysis) against the employee's current position.
--   gap = employee level - position target, per factor of seed profile_factors:
--     technical / managerial / sociocultural: assessed competency level (1-5) vs target (1-5)
--     education: education_levels.profile_level of the employee vs that of the position's minimum, minus
--       major_mismatch_gap when major_requirement_use = 'fit' and the employee's major is not among the
--       post's jurusan_syarat (meets_major_requirement false)
--   weight = seed gap_weights (0 -> 5, +1 -> 4.5, -1 -> 4, ...); a gap beyond the table is clamped to it
--   job_fit_score = core_factor_share x mean(core weights) + (1 - core_factor_share) x mean(secondary
--     weights), rounded to 4 decimals, on the 0-5 scale of the weights; job_fit_score_pct = score /
--     highest weight x 100. Null when a factor cannot be measured (no assessment).

with employees as (
    select * from {{ ref('int_employees_features_joined') }}
),

gap_weights as (
    select
        gap,
        weight
    from {{ ref('gap_weights') }}
),

gap_range as (
    select
        min(gap) as min_gap,
        max(gap) as max_gap,
        max(weight) as max_weight
    from gap_weights
),

factors as (
    select
        factor,
        is_core
    from {{ ref('profile_factors') }}
),

params as (
    select
        core_factor_share,
        major_requirement_use,
        major_mismatch_gap
    from {{ ref('params_scalar') }}
),

gaps as (
    {%- set measures = [
        ('technical', 'competency_technical', 'target_technical'),
        ('managerial', 'competency_managerial', 'target_managerial'),
        ('sociocultural', 'competency_sociocultural', 'target_sociocultural'),
        ('education', 'education_profile_level', 'min_education_profile_level'),
    ] %}
    {%- for factor, actual, target in measures %}
        select
            employees.region_code,
            employees.snapshot_date,
            employees.nip,
            '{{ factor }}' as factor,
            {%- if factor == 'education' %}
                employees.{{ actual }} - employees.{{ target }}
                - case
                    when params.major_requirement_use = 'fit' and not employees.meets_major_requirement
                        then cast(params.major_mismatch_gap as integer)
                    else 0
                end as gap
            {%- else %}
                employees.{{ actual }} - employees.{{ target }} as gap
            {%- endif %}
        from employees
        cross join params
        {{ "union all" if not loop.last }}
    {%- endfor %}
),

weighted as (
    select
        gaps.region_code,
        gaps.snapshot_date,
        gaps.nip,
        gaps.factor,
        gaps.gap,
        factors.is_core,
        gap_weights.weight
    from gaps
    inner join factors
        on gaps.factor = factors.factor
    cross join gap_range
    -- greatest/least skip nulls in DuckDB: an unmeasured factor (null gap) must stay unweighted
    left join gap_weights
        on gaps.gap is not null
            and greatest(gap_range.min_gap, least(gap_range.max_gap, gaps.gap)) = gap_weights.gap
),

per_employee as (
    select
        region_code,
        snapshot_date,
        nip,
        {%- for factor, actual, target in measures %}
            max(gap) filter (where factor = '{{ factor }}') as gap_{{ factor }},
            max(weight) filter (where factor = '{{ factor }}') as weight_{{ factor }},
        {%- endfor %}
        avg(weight) filter (where is_core) as core_mean,
        avg(weight) filter (where not is_core) as secondary_mean,
        count(*) = count(weight) as all_factors_measured
    from weighted
    group by region_code, snapshot_date, nip
),

final as (
    select
        per_employee.* exclude (all_factors_measured),
        round(
            case
                when not per_employee.all_factors_measured then null
                when per_employee.secondary_mean is null then per_employee.core_mean
                when per_employee.core_mean is null then per_employee.secondary_mean
                else params.core_factor_share * per_employee.core_mean
                    + (1 - params.core_factor_share) * per_employee.secondary_mean
            end,
            4
        ) as job_fit_score,
        gap_range.max_weight
    from per_employee
    cross join params
    cross join gap_range
)

select
    * exclude (max_weight),
    round(job_fit_score / max_weight * 100, 2) as job_fit_score_pct
from final
