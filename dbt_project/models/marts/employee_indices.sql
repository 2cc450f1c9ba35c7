{{ config(
    snapshot_scope='snapshot',
) }}

-- Competency indices per employee, every region and snapshot: Indeks Profesionalitas ASN by dimension,
-- job fit against the current position (profile matching) and talent box.

with employees as (
    select * from {{ ref('int_employees_features_joined') }}
    where {{ partition_filter() }}
),

professionalism as (
    select * from {{ ref('int_employees_professionalism_scored') }}
    where {{ partition_filter() }}
),

profile as (
    select * from {{ ref('int_employees_profile_matched') }}
    where {{ partition_filter() }}
),

talent as (
    select * from {{ ref('int_employees_talent_boxed') }}
    where {{ partition_filter() }}
),

params_version as (
    select params_version from {{ ref('params_version') }}
),

final as (
    select
        employees.region_code,
        employees.snapshot_date,
        employees.nip,
        employees.name,
        employees.gender,
        employees.birth_date,
        employees.age_years,
        employees.employment_status,
        employees.golongan,
        employees.education_level,
        employees.education_major,
        employees.position_code,
        employees.position_name,
        employees.unit_code,
        employees.unit_name,
        employees.position_type,
        employees.job_family,
        employees.position_start_date,
        employees.months_in_position,
        employees.years_in_position,
        employees.retirement_age,
        employees.retirement_date,
        employees.years_to_retirement,
        employees.competency_technical,
        employees.competency_managerial,
        employees.competency_sociocultural,
        talent.potential_score,
        employees.skp_rating_last_year,
        employees.skp_rating_year_before,
        employees.training_hours_leadership,
        employees.training_hours_functional,
        employees.training_hours_technical,
        employees.training_hours_seminar,
        employees.recent_training_hours_leadership,
        employees.recent_training_hours_functional,
        employees.recent_training_hours_technical,
        employees.recent_training_hours_seminar,
        employees.worst_sanction_level,
        professionalism.qualification_score,
        professionalism.competency_score,
        professionalism.performance_score,
        professionalism.discipline_score,
        professionalism.professionalism_index,
        professionalism.professionalism_category,
        employees.meets_education_minimum,
        employees.meets_major_requirement,
        profile.gap_technical,
        profile.gap_managerial,
        profile.gap_sociocultural,
        profile.gap_education,
        profile.job_fit_score,
        profile.job_fit_score_pct,
        talent.performance_axis,
        talent.potential_axis,
        talent.talent_box,
        talent.talent_box_follow_up_id,
        params_version.params_version
    from employees
    cross join params_version
    left join professionalism
        on employees.region_code = professionalism.region_code
            and employees.snapshot_date = professionalism.snapshot_date
            and employees.nip = professionalism.nip
    left join profile
        on employees.region_code = profile.region_code
            and employees.snapshot_date = profile.snapshot_date
            and employees.nip = profile.nip
    left join talent
        on employees.region_code = talent.region_code
            and employees.snapshot_date = talent.snapshot_date
            and employees.nip = talent.nip
)

select * from final
{{ partition_order() }}
