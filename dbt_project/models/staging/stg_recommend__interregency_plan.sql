{{ config(tags=['after_recommend']) }}

with source as (
    select * from {{ source('recommend', 'interregency_plan') }}
),

renamed as (
    select
        cast(province_code as varchar) as province_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(nip as varchar) as nip,
        cast(name as varchar) as name,
        cast(from_region_code as varchar) as from_region_code,
        cast(from_region_name as varchar) as from_region_name,
        cast(from_position_code as varchar) as from_position_code,
        cast(from_position_name as varchar) as from_position_name,
        cast(from_unit_name as varchar) as from_unit_name,
        cast(to_region_code as varchar) as to_region_code,
        cast(to_region_name as varchar) as to_region_name,
        cast(to_position_code as varchar) as to_position_code,
        cast(to_position_name as varchar) as to_position_name,
        cast(to_unit_name as varchar) as to_unit_name,
        cast(position_type as varchar) as position_type,
        cast(job_family as varchar) as job_family,
        cast(job_level as varchar) as job_level,
        cast(source_surplus_before as integer) as source_surplus_before,
        cast(target_gap_before as integer) as target_gap_before,
        {{ nan_to_null('job_fit_before') }} as job_fit_before,
        {{ nan_to_null('job_fit_after') }} as job_fit_after,
        cast(balance_gain as integer) as balance_gain,
        cast(is_willing as boolean) as is_willing,
        cast(is_due_for_rotation as boolean) as is_due_for_rotation,
        {{ nan_to_null('objective_value') }} as objective_value,
        cast(priority_rank as integer) as priority_rank,
        cast(reason_codes as varchar) as reason_codes,
        cast(explanation as varchar) as explanation,
        cast(params_version as varchar) as params_version,
        cast(run_id as varchar) as run_id
    from source
)

select * from renamed
