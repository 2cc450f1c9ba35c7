{{ config(tags=['after_recommend']) }}

with source as (
    select * from {{ source('recommend', 'shortlists') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(position_code as varchar) as position_code,
        cast(unit_code as varchar) as unit_code,
        cast(staffing_gap as integer) as staffing_gap,
        cast(candidate_rank as integer) as candidate_rank,
        cast(nip as varchar) as nip,
        cast(name as varchar) as name,
        cast(from_position_code as varchar) as from_position_code,
        cast(from_unit_code as varchar) as from_unit_code,
        {{ nan_to_null('job_fit_at_post') }} as job_fit_at_post,
        {{ nan_to_null('job_fit_now') }} as job_fit_now,
        cast(is_due_for_rotation as boolean) as is_due_for_rotation,
        cast(in_plan as boolean) as in_plan,
        cast(reasons as varchar) as reasons,
        cast(training_needs as varchar) as training_needs,
        cast(params_version as varchar) as params_version,
        cast(run_id as varchar) as run_id
    from source
)

select * from renamed
