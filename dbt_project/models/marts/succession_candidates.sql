{{ config(
    snapshot_scope='history',
    params_check=false,
    tags=['after_recommend'],
) }}

-- Succession and promotion candidates: for key posts (JPT, administrator, pengawas) of a region snapshot
-- that are vacant or whose holder reaches retirement age within succession_horizon_years, candidates one
-- level below ranked by talent box (9, then 8 and 7, then 6, 5, 4), same job family, job fit at the post,
-- NIP (mutasi/recommend/succession.py), with readiness and the competency gaps to close. Shortlists for
-- selection (seleksi terbuka / Baperjakat), never automatic promotions.

with succession as (
    select * from {{ ref('stg_recommend__succession') }}
    where {{ partition_filter() }}
),

positions as (
    select
        region_code,
        snapshot_date,
        position_code,
        position_name,
        unit_name
    from {{ ref('stg_lake__jabatan') }}
    where {{ partition_filter() }}
),

final as (
    select
        succession.region_code,
        succession.snapshot_date,
        succession.position_code,
        post.position_name,
        succession.unit_code,
        post.unit_name,
        succession.position_type,
        succession.opening_reason,
        succession.holder_nip,
        succession.holder_retirement_date,
        succession.candidate_rank,
        succession.nip,
        succession.name,
        succession.from_position_code,
        source_post.position_name as from_position_name,
        succession.from_position_type,
        succession.talent_box,
        succession.job_fit_at_post,
        succession.readiness,
        succession.gaps_to_close,
        succession.years_to_retirement,
        succession.params_version,
        succession.run_id
    from succession
    left join positions as post
        on succession.region_code = post.region_code
            and succession.snapshot_date = post.snapshot_date
            and succession.position_code = post.position_code
    left join positions as source_post
        on succession.region_code = source_post.region_code
            and succession.snapshot_date = source_post.snapshot_date
            and succession.from_position_code = source_post.position_code
)

select * from final
{{ partition_order() }}
