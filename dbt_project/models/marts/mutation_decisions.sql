{{ config(
    materialized='table',
    incremental_strategy=none,
    on_schema_change=none,
    params_check=false,
    tags=['after_recommend'],
) }}

-- The decision loop (issue 16), one row per recommended move (plan snapshot, employee, target post): what
-- the regency decided on it, the employee's objection, and what happened later (did the employee reach the
-- target post, in which snapshot). A decision answers the plan when it is delivered with a later snapshot
-- (keputusan_mutasi; the latest by tanggal_keputusan); an objection when it is dated on or after the plan.
-- Rebuilt in full every time (a table): a later delivery changes what is known about earlier plans; the
-- *_snapshot_date columns let a scorecard count only what was known at its own snapshot.

with recommendations as (
    select * from {{ ref('mutation_recommendations') }}
),

decisions as (
    select * from {{ ref('stg_lake__keputusan_mutasi') }}
    where decision is not null
),

objections as (
    select * from {{ ref('stg_lake__keberatan_pegawai') }}
),

holdings as (
    select
        region_code,
        snapshot_date,
        nip,
        position_code
    from {{ ref('employee_indices') }}
),

decided as (
    select
        recommendations.region_code,
        recommendations.snapshot_date,
        recommendations.nip,
        recommendations.to_position_code,
        decisions.decision,
        decisions.decision_reason,
        decisions.decision_date,
        decisions.decided_by,
        decisions.snapshot_date as decision_snapshot_date
    from recommendations
    inner join decisions
        on recommendations.region_code = decisions.region_code
            and recommendations.nip = decisions.nip
            and recommendations.to_position_code = decisions.to_position_code
            and recommendations.snapshot_date < decisions.snapshot_date
    qualify row_number() over (
            partition by
                recommendations.region_code,
                recommendations.snapshot_date,
                recommendations.nip,
                recommendations.to_position_code
            order by decisions.decision_date desc, decisions.snapshot_date desc
        ) = 1
),

objected as (
    select
        recommendations.region_code,
        recommendations.snapshot_date,
        recommendations.nip,
        recommendations.to_position_code,
        objections.objection_text,
        objections.objection_date,
        objections.snapshot_date as objection_snapshot_date
    from recommendations
    inner join objections
        on recommendations.region_code = objections.region_code
            and recommendations.nip = objections.nip
            and recommendations.to_position_code = objections.to_position_code
            and recommendations.snapshot_date <= objections.objection_date
    qualify row_number() over (
            partition by
                recommendations.region_code,
                recommendations.snapshot_date,
                recommendations.nip,
                recommendations.to_position_code
            order by objections.objection_date desc
        ) = 1
),

carried_out as (
    select
        recommendations.region_code,
        recommendations.snapshot_date,
        recommendations.nip,
        recommendations.to_position_code,
        min(holdings.snapshot_date) as carried_out_snapshot_date
    from recommendations
    inner join holdings
        on recommendations.region_code = holdings.region_code
            and recommendations.nip = holdings.nip
            and recommendations.to_position_code = holdings.position_code
            and recommendations.snapshot_date < holdings.snapshot_date
    group by all
),

final as (
    select
        recommendations.region_code,
        recommendations.snapshot_date,
        recommendations.nip,
        recommendations.name,
        recommendations.from_position_code,
        recommendations.to_position_code,
        recommendations.to_position_name,
        recommendations.priority_rank,
        decided.decision,
        decided.decision_reason,
        decided.decision_date,
        decided.decided_by,
        decided.decision_snapshot_date,
        datediff('day', recommendations.snapshot_date, decided.decision_date) as days_to_decision,
        objected.objection_text,
        objected.objection_date,
        objected.objection_snapshot_date,
        carried_out.carried_out_snapshot_date,
        carried_out.carried_out_snapshot_date is not null as is_carried_out,
        case
            when decided.decision = 'disetujui' and carried_out.carried_out_snapshot_date is not null
                then 'disetujui dan dilaksanakan'
            when carried_out.carried_out_snapshot_date is not null then 'dilaksanakan tanpa keputusan tercatat'
            when decided.decision is not null then decided.decision
            else 'belum diputuskan'
        end as decision_status,
        recommendations.params_version
    from recommendations
    left join decided
        on recommendations.region_code = decided.region_code
            and recommendations.snapshot_date = decided.snapshot_date
            and recommendations.nip = decided.nip
            and recommendations.to_position_code = decided.to_position_code
    left join objected
        on recommendations.region_code = objected.region_code
            and recommendations.snapshot_date = objected.snapshot_date
            and recommendations.nip = objected.nip
            and recommendations.to_position_code = objected.to_position_code
    left join carried_out
        on recommendations.region_code = carried_out.region_code
            and recommendations.snapshot_date = carried_out.snapshot_date
            and recommendations.nip = carried_out.nip
            and recommendations.to_position_code = carried_out.to_position_code
)

select * from final
