-- Talent box (9-box, PermenPANRB 3/2020), axis cut-offs are parameters (open in domain.md):
--   performance axis: mean rank of the SKP ratings of the last completed years that have a rating
--     (Sangat Baik 5 ... Sangat Kurang 1): >= talent_performance_above_min 'above',
--     >= talent_performance_expected_min 'as_expected', else 'below'; null without any rating
--   potential axis: potential_score = skor_potensi of the latest assessment, or else the mean of the three
--     assessed competency levels x potential_score_per_level (1-5 -> 20-100); >= talent_potential_high_min
--     'high', >= talent_potential_middle_min 'middle', else 'low'; null without an assessment
--   talent_box: seed talent_boxes (1-9) when both axes are known.

with employees as (
    select
        region_code,
        snapshot_date,
        nip,
        skp_mean_rank,
        assessed_potential_score,
        competency_technical,
        competency_managerial,
        competency_sociocultural
    from {{ ref('int_employees_features_joined') }}
),

params as (
    select
        potential_score_per_level,
        talent_performance_above_min,
        talent_performance_expected_min,
        talent_potential_high_min,
        talent_potential_middle_min
    from {{ ref('params_scalar') }}
),

boxes as (
    select * from {{ ref('talent_boxes') }}
),

scored as (
    select
        employees.region_code,
        employees.snapshot_date,
        employees.nip,
        employees.skp_mean_rank,
        round(
            coalesce(
                employees.assessed_potential_score,
                (employees.competency_technical + employees.competency_managerial + employees.competency_sociocultural)
                / 3 * params.potential_score_per_level
            ),
            2
        ) as potential_score,
        params.*
    from employees
    cross join params
),

axes as (
    select
        region_code,
        snapshot_date,
        nip,
        skp_mean_rank,
        potential_score,
        case
            when skp_mean_rank is null then null
            when skp_mean_rank >= talent_performance_above_min then 'above'
            when skp_mean_rank >= talent_performance_expected_min then 'as_expected'
            else 'below'
        end as performance_axis,
        case
            when potential_score is null then null
            when potential_score >= talent_potential_high_min then 'high'
            when potential_score >= talent_potential_middle_min then 'middle'
            else 'low'
        end as potential_axis
    from scored
),

final as (
    select
        axes.*,
        boxes.talent_box,
        boxes.tindak_lanjut_id as talent_box_follow_up_id,
        boxes.follow_up_en as talent_box_follow_up_en
    from axes
    left join boxes
        on axes.performance_axis = boxes.performance_axis
            and axes.potential_axis = boxes.potential_axis
)

select * from final
