-- An employee is eligible exactly when no reason is recorded, and every reason is a known code.
with reasons as (
    select
        region_code,
        snapshot_date,
        nip,
        is_eligible,
        ineligibility_reasons,
        unnest(string_split(coalesce(ineligibility_reasons, ''), ';')) as reason
    from {{ ref('employee_eligibility') }}
)

select * from reasons
where is_eligible <> (ineligibility_reasons is null)
    or (
        reason <> ''
        and reason not in (
            'not_pns', 'under_min_years_in_post', 'active_sanction', 'recent_heavy_sanction', 'near_retirement'
        )
        and not regexp_matches(reason, '^skp_(below_[a-z_]+|missing)_[0-9]{4}$')
    )
