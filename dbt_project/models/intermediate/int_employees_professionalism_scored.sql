-- Indeks Profesionalitas ASN (PermenPANRB 38/2018; Peraturan BKN 8/2019), 0-100, by dimension:
--   qualification_score  education -> seed education_levels.ipasn_qualification_score (S3 25, S2 20, ...)
--   competency_score     sum of seed ipasn_training_scores over the kinds of training completed by the
--                        snapshot (a kind earns its score when its hours reach min_hours), capped at
--                        ipasn_weight_competency (40)
--   performance_score    SKP rating of the last completed calendar year -> seed ipasn_performance_scores;
--                        no rating for that year earns 0
--   discipline_score     heaviest sanction ever recorded -> seed ipasn_discipline_scores (none 5 ... berat 1)
-- Every dimension is capped at its weight (parameters ipasn_weight_*). The index is the sum, rounded to
-- ipasn_score_decimals (2); its category is the band of seed ipasn_categories containing the rounded
-- index (lower bound exclusive, upper inclusive: 90 is Tinggi, 90.01 is Sangat Tinggi).

with employees as (
    select
        region_code,
        snapshot_date,
        nip,
        education_level,
        skp_rating_last_year,
        worst_sanction_level
    from {{ ref('int_employees_features_joined') }}
),

trainings as (
    select * from {{ ref('int_employees_training_summed') }}
),

education_levels as (
    select
        education_level,
        ipasn_qualification_score
    from {{ ref('education_levels') }}
),

training_scores as (
    select
        training_kind,
        min_hours,
        score
    from {{ ref('ipasn_training_scores') }}
),

performance_scores as (
    select
        rating,
        ipasn_score
    from {{ ref('ipasn_performance_scores') }}
),

discipline_scores as (
    select
        sanction_level,
        ipasn_score
    from {{ ref('ipasn_discipline_scores') }}
),

categories as (
    select * from {{ ref('ipasn_categories') }}
),

params as (
    select
        ipasn_weight_qualification,
        ipasn_weight_competency,
        ipasn_weight_performance,
        ipasn_weight_discipline,
        cast(ipasn_score_decimals as integer) as ipasn_score_decimals
    from {{ ref('params_scalar') }}
),

training_points as (
    select
        trainings.region_code,
        trainings.snapshot_date,
        trainings.nip,
        sum(training_scores.score) as training_points
    from trainings
    inner join training_scores
        on trainings.training_kind = training_scores.training_kind
            and trainings.training_count > 0
            and trainings.training_hours >= training_scores.min_hours
    group by trainings.region_code, trainings.snapshot_date, trainings.nip
),

scored as (
    select
        employees.region_code,
        employees.snapshot_date,
        employees.nip,
        least(coalesce(education_levels.ipasn_qualification_score, 0), params.ipasn_weight_qualification)
            as qualification_score,
        least(coalesce(training_points.training_points, 0), params.ipasn_weight_competency)
            as competency_score,
        least(coalesce(performance_scores.ipasn_score, 0), params.ipasn_weight_performance)
            as performance_score,
        least(coalesce(discipline_scores.ipasn_score, 0), params.ipasn_weight_discipline)
            as discipline_score,
        params.ipasn_score_decimals
    from employees
    cross join params
    left join education_levels
        on employees.education_level = education_levels.education_level
    left join training_points
        on employees.region_code = training_points.region_code
            and employees.snapshot_date = training_points.snapshot_date
            and employees.nip = training_points.nip
    left join performance_scores
        on employees.skp_rating_last_year = performance_scores.rating
    left join discipline_scores
        on employees.worst_sanction_level = discipline_scores.sanction_level
),

totalled as (
    select
        * exclude (ipasn_score_decimals),
        round(
            qualification_score + competency_score + performance_score + discipline_score,
            ipasn_score_decimals
        ) as professionalism_index
    from scored
),

final as (
    select
        totalled.*,
        categories.category as professionalism_category
    from totalled
    left join categories
        on {{ score_in_category('totalled.professionalism_index', 'categories') }}
)

select * from final
