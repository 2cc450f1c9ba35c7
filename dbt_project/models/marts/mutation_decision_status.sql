{{ config(
    snapshot_scope='history',
) }}

-- The decisions and objections in force at each region snapshot, per (employee, target post): the latest
-- decision delivered in this or an earlier snapshot of the region (by tanggal_keputusan, then the later
-- delivery), and the latest objection. The optimiser reads it to respect what the regency decided
-- (mutasi/recommend/decisions.py, docs/decisions.md). Rows returned undecided (keputusan blank) are not
-- decisions.

with snapshots as (
    select distinct
        region_code,
        snapshot_date
    from {{ ref('stg_lake__pegawai') }}
    where {{ partition_filter() }}
),

decisions as (
    select * from {{ ref('stg_lake__keputusan_mutasi') }}
    where decision is not null
),

objections as (
    select * from {{ ref('stg_lake__keberatan_pegawai') }}
),

params_version as (
    select params_version from {{ ref('params_version') }}
),

latest_decision as (
    select
        snapshots.region_code,
        snapshots.snapshot_date,
        decisions.nip,
        decisions.to_position_code,
        decisions.decision,
        decisions.decision_reason,
        decisions.decision_date,
        decisions.decided_by,
        decisions.recommendation_date
    from snapshots
    inner join decisions
        on snapshots.region_code = decisions.region_code
            and snapshots.snapshot_date >= decisions.snapshot_date
    qualify row_number() over (
            partition by snapshots.region_code, snapshots.snapshot_date, decisions.nip, decisions.to_position_code
            order by decisions.decision_date desc, decisions.snapshot_date desc
        ) = 1
),

latest_objection as (
    select
        snapshots.region_code,
        snapshots.snapshot_date,
        objections.nip,
        objections.to_position_code,
        objections.objection_text,
        objections.objection_date
    from snapshots
    inner join objections
        on snapshots.region_code = objections.region_code
            and snapshots.snapshot_date >= objections.snapshot_date
    qualify row_number() over (
            partition by snapshots.region_code, snapshots.snapshot_date, objections.nip, objections.to_position_code
            order by objections.objection_date desc, objections.snapshot_date desc
        ) = 1
),

final as (
    select
        coalesce(latest_decision.region_code, latest_objection.region_code) as region_code,
        coalesce(latest_decision.snapshot_date, latest_objection.snapshot_date) as snapshot_date,
        coalesce(latest_decision.nip, latest_objection.nip) as nip,
        coalesce(latest_decision.to_position_code, latest_objection.to_position_code) as to_position_code,
        latest_decision.decision,
        latest_decision.decision_reason,
        latest_decision.decision_date,
        latest_decision.decided_by,
        latest_decision.recommendation_date,
        latest_objection.objection_text,
        latest_objection.objection_date,
        coalesce(latest_objection.objection_date > latest_decision.decision_date, latest_objection.nip is not null)
            as is_objection_undecided,
        params_version.params_version
    from latest_decision
    full outer join latest_objection
        on latest_decision.region_code = latest_objection.region_code
            and latest_decision.snapshot_date = latest_objection.snapshot_date
            and latest_decision.nip = latest_objection.nip
            and latest_decision.to_position_code = latest_objection.to_position_code
    cross join params_version
)

select * from final
{{ partition_order() }}
