{{ config(
    snapshot_scope='history',
) }}

-- Mutation eligibility per employee, every region and snapshot: the answer to "why was this person
-- not recommended?" (rules in int_employees_eligibility_evaluated).

with eligibility as (
    select * from {{ ref('int_employees_eligibility_evaluated') }}
    where {{ partition_filter() }}
),

params_version as (
    select params_version from {{ ref('params_version') }}
),

final as (
    select
        eligibility.region_code,
        eligibility.snapshot_date,
        eligibility.nip,
        eligibility.employment_status,
        eligibility.position_code,
        eligibility.unit_code,
        eligibility.position_type,
        eligibility.job_level,
        eligibility.job_family,
        eligibility.education_level,
        eligibility.education_rank,
        eligibility.is_eligible,
        eligibility.ineligibility_reasons,
        eligibility.ineligibility_explanation,
        eligibility.is_due_for_rotation,
        eligibility.months_in_position,
        eligibility.years_in_position,
        eligibility.retirement_date,
        eligibility.willing_to_move,
        eligibility.preferred_unit_codes,
        eligibility.positions_held_last_2y,
        params_version.params_version
    from eligibility
    cross join params_version
)

select * from final
{{ partition_order() }}
