{{ config(
    snapshot_scope='snapshot',
    partition_level='province',
    params_check=false,
    tags=['after_recommend'],
) }}

-- Inter-regency candidate moves per province and snapshot (issue 17): an exact optimisation over the
-- regencies of one province, made after their own plans (mutasi/recommend/interregency.py), for the
-- governor's decision (PP 11/2017 Pasal 192). Named people of several regencies: published only in the
-- restricted province package; a regency sees its side through interregency_moves_by_regency.

with moves as (
    select * from {{ ref('stg_recommend__interregency_plan') }}
    where {{ province_partition_filter() }}
),

provinces as (
    select distinct
        province_code,
        province_name
    from {{ ref('regions') }}
),

final as (
    select
        moves.province_code,
        provinces.province_name,
        moves.snapshot_date,
        moves.priority_rank,
        moves.nip,
        moves.name,
        moves.from_region_code,
        moves.from_region_name,
        moves.from_position_code,
        moves.from_position_name,
        moves.from_unit_name,
        moves.to_region_code,
        moves.to_region_name,
        moves.to_position_code,
        moves.to_position_name,
        moves.to_unit_name,
        moves.position_type,
        moves.job_family,
        moves.job_level,
        moves.source_surplus_before,
        moves.target_gap_before,
        moves.job_fit_before,
        moves.job_fit_after,
        moves.job_fit_after - moves.job_fit_before as job_fit_gain,
        moves.balance_gain,
        moves.is_willing,
        moves.is_due_for_rotation,
        moves.objective_value,
        moves.reason_codes,
        moves.explanation,
        moves.params_version,
        moves.run_id
    from moves
    left join provinces
        on moves.province_code = provinces.province_code
)

select * from final
{{ partition_order('province_code') }}
