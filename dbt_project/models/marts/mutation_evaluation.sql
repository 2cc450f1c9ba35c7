{{ config(
    snapshot_scope='history',
    tags=['after_recommend'],
) }}

-- Post-mutation evaluation: every move that actually happened between two consecutive snapshots of a
-- region (same NIP, different position), whether it had been recommended at the earlier snapshot, and
-- the employee's job fit and the EJ of both positions before (earlier snapshot) and after (later
-- snapshot), with the satisfaction score (IKM) of the receiving unit where surveys exist. These are
-- associations over time, not proof that the move caused the change.

with moves as (
    select * from {{ ref('int_employees_moves_detected') }}
    where {{ partition_filter() }}
),

recommendations as (
    select * from {{ ref('stg_recommend__mutation_plan') }}
    where {{ partition_filter(with_previous=true) }}
),

employees as (
    select
        region_code,
        snapshot_date,
        nip,
        job_fit_score,
        skp_rating_last_year
    from {{ ref('employee_indices') }}
    where {{ partition_filter(with_previous=true) }}
),

positions as (
    select
        region_code,
        snapshot_date,
        position_code,
        unit_code,
        effectiveness
    from {{ ref('position_workload') }}
    where {{ partition_filter(with_previous=true) }}
),

surveys as (
    -- the latest survey period delivered with each snapshot, per unit
    select
        region_code,
        snapshot_date,
        unit_code,
        ikm_score
    from {{ ref('stg_lake__survei_kepuasan') }}
    where {{ partition_filter(with_previous=true) }}
    qualify row_number() over (
            partition by region_code, snapshot_date, unit_code order by survey_period desc
        ) = 1
),

params_version as (
    select params_version from {{ ref('params_version') }}
),

final as (
    select
        moves.region_code,
        moves.snapshot_date,
        moves.previous_snapshot_date,
        moves.nip,
        moves.from_position_code,
        moves.to_position_code,
        to_after.unit_code as to_unit_code,
        recommendations.nip is not null as was_recommended,
        recommendations.move_kind as recommended_move_kind,
        employee_before.job_fit_score as job_fit_before,
        employee_after.job_fit_score as job_fit_after,
        employee_after.job_fit_score - employee_before.job_fit_score as job_fit_change,
        employee_before.skp_rating_last_year as skp_rating_before,
        employee_after.skp_rating_last_year as skp_rating_after,
        from_before.effectiveness as ej_from_before,
        from_after.effectiveness as ej_from_after,
        to_before.effectiveness as ej_to_before,
        to_after.effectiveness as ej_to_after,
        ikm_before.ikm_score as ikm_to_unit_before,
        ikm_after.ikm_score as ikm_to_unit_after,
        params_version.params_version
    from moves
    cross join params_version
    left join recommendations
        on moves.region_code = recommendations.region_code
            and moves.previous_snapshot_date = recommendations.snapshot_date
            and moves.nip = recommendations.nip
            and moves.to_position_code = recommendations.to_position_code
    left join employees as employee_before
        on moves.region_code = employee_before.region_code
            and moves.previous_snapshot_date = employee_before.snapshot_date
            and moves.nip = employee_before.nip
    left join employees as employee_after
        on moves.region_code = employee_after.region_code
            and moves.snapshot_date = employee_after.snapshot_date
            and moves.nip = employee_after.nip
    left join positions as from_before
        on moves.region_code = from_before.region_code
            and moves.previous_snapshot_date = from_before.snapshot_date
            and moves.from_position_code = from_before.position_code
    left join positions as from_after
        on moves.region_code = from_after.region_code
            and moves.snapshot_date = from_after.snapshot_date
            and moves.from_position_code = from_after.position_code
    left join positions as to_before
        on moves.region_code = to_before.region_code
            and moves.previous_snapshot_date = to_before.snapshot_date
            and moves.to_position_code = to_before.position_code
    left join positions as to_after
        on moves.region_code = to_after.region_code
            and moves.snapshot_date = to_after.snapshot_date
            and moves.to_position_code = to_after.position_code
    left join surveys as ikm_before
        on moves.region_code = ikm_before.region_code
            and moves.previous_snapshot_date = ikm_before.snapshot_date
            and to_after.unit_code = ikm_before.unit_code
    left join surveys as ikm_after
        on moves.region_code = ikm_after.region_code
            and moves.snapshot_date = ikm_after.snapshot_date
            and to_after.unit_code = ikm_after.unit_code
)

select * from final
{{ partition_order() }}
