{{ config(
    snapshot_scope='province',
    params_check=false,
    tags=['after_recommend'],
) }}

-- The inter-regency plan as one regency may see it (issue 17): its own employees proposed to leave (with
-- NIP and name, as in its own plan) and its own posts proposed to be filled from another regency (without
-- the newcomer's NIP, name or post: those are the other regency's data). One row per move and side; the
-- regency packages read their own region_code only. Scope 'province': a new snapshot of one regency can
-- change what every regency of its province sees.

with moves as (
    select * from {{ ref('stg_recommend__interregency_plan') }}
),

leaving as (
    select
        from_region_code as region_code,
        snapshot_date,
        'keluar' as direction,
        nip,
        name,
        from_position_code as position_code,
        from_position_name as position_name,
        from_unit_name as unit_name,
        to_region_code as other_region_code,
        to_region_name as other_region_name,
        to_position_name as other_position_name,
        position_type,
        job_family,
        job_level,
        job_fit_before,
        job_fit_after,
        reason_codes,
        explanation,
        params_version
    from moves
),

arriving as (
    select
        to_region_code as region_code,
        snapshot_date,
        'masuk' as direction,
        cast(null as varchar) as nip,
        cast(null as varchar) as name,
        to_position_code as position_code,
        to_position_name as position_name,
        to_unit_name as unit_name,
        from_region_code as other_region_code,
        from_region_name as other_region_name,
        cast(null as varchar) as other_position_name,
        position_type,
        job_family,
        job_level,
        cast(null as double) as job_fit_before,
        job_fit_after,
        reason_codes,
        'Jabatan ' || to_position_name || ' (' || to_unit_name || ') masih kekurangan '
        || target_gap_before || ' orang setelah rencana mutasi internal; diusulkan diisi oleh seorang pegawai '
        || 'dari ' || from_region_name || ' yang memenuhi syarat (kecocokan jabatan '
        || replace(format('{:.2f}', job_fit_after), '.', ',') || '). Identitas pegawai ada pada BKD provinsi; '
        || 'mutasi antar-kabupaten/kota ditetapkan oleh Gubernur (PP 11/2017 Pasal 192).' as explanation,
        params_version
    from moves
),

unioned as (
    select * from leaving
    union all
    select * from arriving
),

final as (
    select * from unioned
    where {{ partition_filter() }}
)

select * from final
{{ partition_order() }}
