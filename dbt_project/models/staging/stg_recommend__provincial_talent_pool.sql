{{ config(tags=['after_recommend']) }}

with source as (
    select * from {{ source('recommend', 'provincial_talent_pool') }}
),

renamed as (
    select
        cast(province_code as varchar) as province_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(region_code as varchar) as region_code,
        cast(position_code as varchar) as position_code,
        cast(position_name as varchar) as position_name,
        cast(unit_name as varchar) as unit_name,
        cast(position_type as varchar) as position_type,
        cast(opening_reason as varchar) as opening_reason,
        cast(holder_retirement_date as date) as holder_retirement_date,
        cast(candidate_rank as integer) as candidate_rank,
        cast(candidate_region_code as varchar) as candidate_region_code,
        cast(candidate_region_name as varchar) as candidate_region_name,
        cast(nip as varchar) as nip,
        cast(name as varchar) as name,
        cast(from_position_code as varchar) as from_position_code,
        cast(from_position_type as varchar) as from_position_type,
        cast(is_same_regency as boolean) as is_same_regency,
        cast(talent_box as integer) as talent_box,
        {{ nan_to_null('job_fit_at_post') }} as job_fit_at_post,
        cast(readiness as varchar) as readiness,
        cast(gaps_to_close as varchar) as gaps_to_close,
        {{ nan_to_null('years_to_retirement') }} as years_to_retirement,
        cast(params_version as varchar) as params_version,
        cast(run_id as varchar) as run_id
    from source
)

select * from renamed
