{{ config(
    snapshot_scope='history',
    params_check=false,
    tags=['after_recommend'],
) }}

-- Vacancy shortlists: for every vacant or understaffed post of a region snapshot, the top legal candidates
-- (the optimiser's hard rules: eligible, willing or due, lateral, minimum education), ranked by job fit
-- at the post, then due for rotation, willing, leaving a post that is not short, NIP
-- (mutasi/recommend/shortlist.py), whether or not the plan picks them (in_plan). The officer's "who could
-- go there". parameters and run as stamped by the optimiser.

with shortlists as (
    select * from {{ ref('stg_recommend__shortlists') }}
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
        shortlists.region_code,
        shortlists.snapshot_date,
        shortlists.position_code,
        post.position_name,
        shortlists.unit_code,
        post.unit_name,
        shortlists.staffing_gap,
        shortlists.candidate_rank,
        shortlists.nip,
        shortlists.name,
        shortlists.from_position_code,
        source_post.position_name as from_position_name,
        shortlists.from_unit_code,
        source_post.unit_name as from_unit_name,
        shortlists.job_fit_at_post,
        shortlists.job_fit_now,
        shortlists.is_due_for_rotation,
        shortlists.in_plan,
        shortlists.reasons,
        shortlists.training_needs,
        shortlists.params_version,
        shortlists.run_id
    from shortlists
    left join positions as post
        on shortlists.region_code = post.region_code
            and shortlists.snapshot_date = post.snapshot_date
            and shortlists.position_code = post.position_code
    left join positions as source_post
        on shortlists.region_code = source_post.region_code
            and shortlists.snapshot_date = source_post.snapshot_date
            and shortlists.from_position_code = source_post.position_code
)

select * from final
{{ partition_order() }}
