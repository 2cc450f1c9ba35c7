{{ config(
    snapshot_scope='history',
    params_check=false,
    tags=['after_recommend'],
) }}

-- Recommended moves per region snapshot, as planned by the optimiser (asset mutation_plan), with the
-- names a regency officer needs to read them. One move per employee and snapshot.

with recommendations as (
    select * from {{ ref('stg_recommend__mutation_plan') }}
    where {{ partition_filter() }}
),

employees as (
    select
        region_code,
        snapshot_date,
        nip,
        name
    from {{ ref('stg_lake__pegawai') }}
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
        recommendations.region_code,
        recommendations.snapshot_date,
        -- the plan in priority order: value of the move to the objective, highest first (ties by NIP)
        row_number() over (
            partition by recommendations.region_code, recommendations.snapshot_date
            order by recommendations.objective_value desc, recommendations.nip
        ) as priority_rank,
        recommendations.nip,
        employees.name,
        recommendations.from_position_code,
        from_position.position_name as from_position_name,
        recommendations.from_unit_code,
        from_position.unit_name as from_unit_name,
        recommendations.to_position_code,
        to_position.position_name as to_position_name,
        recommendations.to_unit_code,
        to_position.unit_name as to_unit_name,
        recommendations.move_kind,
        recommendations.reason_codes,
        recommendations.explanation,
        recommendations.job_fit_before,
        recommendations.job_fit_after,
        recommendations.job_fit_after - recommendations.job_fit_before as job_fit_gain,
        recommendations.ej_from_before,
        recommendations.ej_from_after,
        recommendations.ej_to_before,
        recommendations.ej_to_after,
        recommendations.training_needs,
        recommendations.objective_value,
        recommendations.params_version,
        recommendations.run_id
    from recommendations
    left join employees
        on recommendations.region_code = employees.region_code
            and recommendations.snapshot_date = employees.snapshot_date
            and recommendations.nip = employees.nip
    left join positions as from_position
        on recommendations.region_code = from_position.region_code
            and recommendations.snapshot_date = from_position.snapshot_date
            and recommendations.from_position_code = from_position.position_code
    left join positions as to_position
        on recommendations.region_code = to_position.region_code
            and recommendations.snapshot_date = to_position.snapshot_date
            and recommendations.to_position_code = to_position.position_code
)

select * from final
{{ partition_order() }}
