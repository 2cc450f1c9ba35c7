{{ config(
    snapshot_scope='snapshot',
    partition_level='province',
    params_check=false,
    tags=['after_recommend'],
) }}

-- Provincial talent pool (issue 17): for every key post of the province (JPT, administrator, pengawas) that
-- is vacant or whose holder retires within succession_horizon_years, the best candidates one level below
-- from every regency of the province, ranked as in the succession shortlist (talent box, same family, job
-- fit, NIP). A post with no candidate anywhere has one row without one (nip null). Restricted: named
-- people of several regencies, for the provincial BKD only.

with pool as (
    select * from {{ ref('stg_recommend__provincial_talent_pool') }}
    where {{ province_partition_filter() }}
),

final as (
    select
        province_code,
        snapshot_date,
        region_code,
        position_code,
        position_name,
        unit_name,
        position_type,
        opening_reason,
        holder_retirement_date,
        candidate_rank,
        candidate_region_code,
        candidate_region_name,
        nip,
        name,
        from_position_code,
        from_position_type,
        is_same_regency,
        talent_box,
        job_fit_at_post,
        readiness,
        gaps_to_close,
        years_to_retirement,
        params_version,
        run_id
    from pool
)

select * from final
{{ partition_order('province_code') }}
