{{ config(
    snapshot_scope='snapshot',
) }}

-- One row per employee and snapshot with everything the indices and the eligibility rules need:
-- the current position's attributes, education (rank, profile level, minimum of the post), age, time in
-- post, retirement age (BUP, PP 11/2017 Pasal 239) and time to retirement, the assessment, SKP,
-- training hours by kind and sanctions.
--   months_in_position   completed months since tmt_jabatan; years_in_position = months / 12 (2 decimals),
--                        so "2.00 years" is exactly the second anniversary in post
--   retirement_date      birth date + BUP years
--   years_to_retirement  completed months to the retirement date / 12 (2 decimals)
--   is_near_retirement   retirement date on or before snapshot + min_years_before_retirement
-- Partitioned (macros/partitions.sql): in a scoped build (source state.dbt_scope), only the listed snapshots
-- are recomputed; params_version lets the next incremental run notice a parameter change.

with employees as (
    select * from {{ ref('stg_lake__pegawai') }}
    where {{ partition_filter() }}
),

positions as (
    select * from {{ ref('stg_lake__jabatan') }}
    where {{ partition_filter() }}
),

education_levels as (
    select * from {{ ref('education_levels') }}
),

retirement_ages as (
    select
        position_type,
        lower(trim(job_level)) as job_level,
        retirement_age
    from {{ ref('retirement_ages') }}
),

assessments as (
    select * from {{ ref('int_employees_assessment_latest') }}
    where {{ partition_filter() }}
),

skp as (
    select * from {{ ref('int_employees_skp_collected') }}
    where {{ partition_filter() }}
),

trainings as (
    select * from {{ ref('int_employees_training_summed') }}
    where {{ partition_filter() }}
),

sanctions as (
    select * from {{ ref('int_employees_sanctions_evaluated') }}
    where {{ partition_filter() }}
),

params as (
    select min_years_before_retirement from {{ ref('params_scalar') }}
),

params_version as (
    select params_version from {{ ref('params_version') }}
),

training_by_kind as (
    select
        region_code,
        snapshot_date,
        nip,
        coalesce(sum(training_hours) filter (where training_kind = 'kepemimpinan'), 0) as training_hours_leadership,
        coalesce(sum(training_hours) filter (where training_kind = 'fungsional'), 0) as training_hours_functional,
        coalesce(sum(training_hours) filter (where training_kind = 'teknis'), 0) as training_hours_technical,
        coalesce(sum(training_hours) filter (where training_kind = 'seminar'), 0) as training_hours_seminar,
        sum(training_hours) as training_hours_total,
        coalesce(sum(recent_training_hours) filter (where training_kind = 'kepemimpinan'), 0)
            as recent_training_hours_leadership,
        coalesce(sum(recent_training_hours) filter (where training_kind = 'fungsional'), 0)
            as recent_training_hours_functional,
        coalesce(sum(recent_training_hours) filter (where training_kind = 'teknis'), 0)
            as recent_training_hours_technical,
        coalesce(sum(recent_training_hours) filter (where training_kind = 'seminar'), 0)
            as recent_training_hours_seminar
    from trainings
    group by region_code, snapshot_date, nip
),

joined as (
    select
        employees.region_code,
        employees.snapshot_date,
        employees.nip,
        employees.name,
        employees.gender,
        employees.birth_date,
        employees.employment_status,
        employees.golongan,
        employees.cpns_date,
        employees.education_level,
        employees.education_major,
        employees.position_code,
        employees.position_start_date,
        positions.position_name,
        positions.unit_code,
        positions.unit_name,
        positions.position_type,
        positions.job_level,
        positions.position_class,
        positions.job_family,
        positions.min_education,
        positions.required_majors,
        positions.target_technical,
        positions.target_managerial,
        positions.target_sociocultural,

        employee_education.education_rank,
        employee_education.profile_level as education_profile_level,
        minimum_education.education_rank as min_education_rank,
        minimum_education.profile_level as min_education_profile_level,
        employee_education.education_rank >= minimum_education.education_rank as meets_education_minimum,
        case
            when nullif(trim(positions.required_majors), '') is null then true
            when employees.education_major is null then false
            else list_contains(
                    list_transform(string_split(lower(positions.required_majors), ';'), lambda major: trim(major)),
                    lower(trim(employees.education_major))
                )
        end as meets_major_requirement,

        {{ completed_years('employees.birth_date', 'employees.snapshot_date') }} as age_years,
        {{ completed_months('employees.position_start_date', 'employees.snapshot_date') }} as months_in_position,
        coalesce(exact_bup.retirement_age, default_bup.retirement_age) as retirement_age,
        cast(employees.birth_date + to_years(coalesce(exact_bup.retirement_age, default_bup.retirement_age)) as date)
            as retirement_date,

        assessments.assessment_date,
        assessments.competency_technical,
        assessments.competency_managerial,
        assessments.competency_sociocultural,
        assessments.potential_score as assessed_potential_score,

        skp.skp_rating_last_year,
        skp.skp_rating_year_before,
        skp.skp_years_rated,
        skp.skp_mean_rank,
        skp.skp_reason_codes,
        skp.skp_reason_text_id,

        coalesce(training_by_kind.training_hours_leadership, 0) as training_hours_leadership,
        coalesce(training_by_kind.training_hours_functional, 0) as training_hours_functional,
        coalesce(training_by_kind.training_hours_technical, 0) as training_hours_technical,
        coalesce(training_by_kind.training_hours_seminar, 0) as training_hours_seminar,
        coalesce(training_by_kind.training_hours_total, 0) as training_hours_total,
        coalesce(training_by_kind.recent_training_hours_leadership, 0) as recent_training_hours_leadership,
        coalesce(training_by_kind.recent_training_hours_functional, 0) as recent_training_hours_functional,
        coalesce(training_by_kind.recent_training_hours_technical, 0) as recent_training_hours_technical,
        coalesce(training_by_kind.recent_training_hours_seminar, 0) as recent_training_hours_seminar,

        sanctions.sanction_count,
        sanctions.worst_sanction_level,
        sanctions.is_sanction_active,
        sanctions.active_sanction_level,
        sanctions.active_sanction_end_date,
        sanctions.has_recent_blocking_sanction,
        sanctions.recent_blocking_sanction_level,
        sanctions.recent_blocking_sanction_end_date,

        params.min_years_before_retirement,
        params_version.params_version
    from employees
    cross join params
    cross join params_version
    left join positions
        on employees.region_code = positions.region_code
            and employees.snapshot_date = positions.snapshot_date
            and employees.position_code = positions.position_code
    left join education_levels as employee_education
        on employees.education_level = employee_education.education_level
    left join education_levels as minimum_education
        on positions.min_education = minimum_education.education_level
    left join retirement_ages as exact_bup
        on positions.position_type = exact_bup.position_type
            and lower(trim(positions.job_level)) = exact_bup.job_level
    left join retirement_ages as default_bup
        on positions.position_type = default_bup.position_type
            and default_bup.job_level = '*'
    left join assessments
        on employees.region_code = assessments.region_code
            and employees.snapshot_date = assessments.snapshot_date
            and employees.nip = assessments.nip
    left join skp
        on employees.region_code = skp.region_code
            and employees.snapshot_date = skp.snapshot_date
            and employees.nip = skp.nip
    left join training_by_kind
        on employees.region_code = training_by_kind.region_code
            and employees.snapshot_date = training_by_kind.snapshot_date
            and employees.nip = training_by_kind.nip
    left join sanctions
        on employees.region_code = sanctions.region_code
            and employees.snapshot_date = sanctions.snapshot_date
            and employees.nip = sanctions.nip
),

final as (
    select
        * exclude (min_years_before_retirement),
        round(months_in_position / 12, 2) as years_in_position,
        {{ completed_months('snapshot_date', 'retirement_date') }} as months_to_retirement,
        round({{ completed_months('snapshot_date', 'retirement_date') }} / 12, 2) as years_to_retirement,
        retirement_date <= snapshot_date + {{ years_interval('min_years_before_retirement') }} as is_near_retirement
    from joined
)

select * from final
{{ partition_order() }}
