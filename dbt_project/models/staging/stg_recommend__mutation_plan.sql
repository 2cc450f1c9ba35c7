{{ config(tags=['after_recommend']) }}

with source as (
    select * from {{ source('recommend', 'mutation_plan') }}
),

renamed as (
    select
        cast(region_code as varchar) as region_code,
        cast(snapshot_date as date) as snapshot_date,
        cast(nip as varchar) as nip,
        cast(from_position_code as varchar) as from_position_code,
        cast(from_unit_code as varchar) as from_unit_code,
        cast(to_position_code as varchar) as to_position_code,
        cast(to_unit_code as varchar) as to_unit_code,
        cast(move_kind as varchar) as move_kind,
        cast(reason_codes as varchar) as reason_codes,
        cast(explanation as varchar) as explanation,
        cast(job_fit_before as double) as job_fit_before,
        cast(job_fit_after as double) as job_fit_after,
        cast(ej_from_before as double) as ej_from_before,
        cast(ej_from_after as double) as ej_from_after,
        cast(ej_to_before as double) as ej_to_before,
        cast(ej_to_after as double) as ej_to_after,
        cast(training_needs as varchar) as training_needs,
        cast(objective_value as double) as objective_value,
        cast(params_version as varchar) as params_version,
        cast(run_id as varchar) as run_id
    from source
)

select * from renamed
