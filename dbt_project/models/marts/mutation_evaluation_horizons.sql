{{ config(
    materialized='table',
    incremental_strategy=none,
    on_schema_change=none,
    tags=['after_recommend'],
) }}

-- Evaluation at horizons (issue 16): every move that happened (within a regency: int_employees_moves_detected;
-- between regencies: a NIP that leaves one regency's extract and appears in another's), measured before the
-- move (the last snapshot in the old post) and at each horizon (the first snapshot at least
-- evaluation_horizon_short_months / evaluation_horizon_long_months after the move was first seen): the
-- employee's job fit and IP ASN performance score, the EJ of the receiving unit and its IKM (latest survey
-- delivered), and the same changes for comparable employees who did not move (same region, same type of post
-- at the start, present and unmoved at the horizon). Differences are associations over time, not proof that
-- the move caused them. A table, rebuilt in full: a later snapshot completes the horizons of earlier moves.

with employees as (
    select
        region_code,
        snapshot_date,
        nip,
        position_code,
        unit_code,
        position_type,
        job_fit_score,
        performance_score
    from {{ ref('employee_indices') }}
),

params as (
    select
        evaluation_horizon_short_months,
        evaluation_horizon_long_months
    from {{ ref('params_scalar') }}
),

horizons as (
    select
        'pendek' as horizon,
        cast(evaluation_horizon_short_months as integer) as horizon_months
    from params
    union all
    select
        'panjang' as horizon,
        cast(evaluation_horizon_long_months as integer) as horizon_months
    from params
),

snapshots as (
    select distinct
        region_code,
        snapshot_date
    from employees
),

units as (
    select
        region_code,
        snapshot_date,
        unit_code,
        effectiveness as unit_effectiveness
    from {{ ref('int_units_abk_aggregated') }}
),

surveys as (
    select
        region_code,
        snapshot_date,
        unit_code,
        ikm_score
    from {{ ref('stg_lake__survei_kepuasan') }}
    qualify row_number() over (
            partition by region_code, snapshot_date, unit_code order by survey_period desc
        ) = 1
),

recommendations as (
    select
        region_code,
        snapshot_date,
        nip,
        to_position_code
    from {{ ref('stg_recommend__mutation_plan') }}
),

within_regency as (
    select
        region_code,
        previous_snapshot_date as before_snapshot_date,
        snapshot_date as moved_snapshot_date,
        nip,
        from_position_code,
        to_position_code,
        region_code as to_region_code
    from {{ ref('int_employees_moves_detected') }}
),

-- a NIP present in a regency at one snapshot, absent from it at the regency's next snapshot, and present
-- in another regency later: a move between regencies, first seen at that other regency's snapshot
presence as (
    select
        employees.*,
        lead(employees.snapshot_date) over (
            partition by employees.region_code, employees.nip order by employees.snapshot_date
        ) as next_own_snapshot_date
    from employees
),

next_region_snapshot as (
    select
        region_code,
        snapshot_date,
        lead(snapshot_date) over (partition by region_code order by snapshot_date) as next_snapshot_date
    from snapshots
),

left_regency as (
    select presence.*
    from presence
    inner join next_region_snapshot
        on presence.region_code = next_region_snapshot.region_code
            and presence.snapshot_date = next_region_snapshot.snapshot_date
    where next_region_snapshot.next_snapshot_date is not null
        and presence.next_own_snapshot_date is null
),

between_regencies as (
    select
        left_regency.region_code,
        left_regency.snapshot_date as before_snapshot_date,
        arrived.snapshot_date as moved_snapshot_date,
        left_regency.nip,
        left_regency.position_code as from_position_code,
        arrived.position_code as to_position_code,
        arrived.region_code as to_region_code
    from left_regency
    inner join employees as arrived
        on left_regency.nip = arrived.nip
            and left_regency.region_code <> arrived.region_code
            and left_regency.snapshot_date < arrived.snapshot_date
    qualify row_number() over (
            partition by left_regency.region_code, left_regency.snapshot_date, left_regency.nip
            order by arrived.snapshot_date
        ) = 1
),

moves as (
    select * from within_regency
    union all
    select * from between_regencies
),

-- the first snapshot of the receiving regency at least horizon_months after the move was first seen
at_horizon as (
    select
        moves.*,
        horizons.horizon,
        horizons.horizon_months,
        min(snapshots.snapshot_date) as horizon_snapshot_date
    from moves
    cross join horizons
    left join snapshots
        on moves.to_region_code = snapshots.region_code
            and snapshots.snapshot_date >= moves.moved_snapshot_date + to_months(horizons.horizon_months)
    group by all
),

measured as (
    select
        at_horizon.*,
        before_employee.position_type,
        before_employee.job_fit_score as job_fit_before,
        after_employee.job_fit_score as job_fit_at_horizon,
        before_employee.performance_score as performance_before,
        after_employee.performance_score as performance_at_horizon,
        after_employee.unit_code as to_unit_code,
        unit_before.unit_effectiveness as unit_ej_before,
        unit_after.unit_effectiveness as unit_ej_at_horizon,
        ikm_before.ikm_score as unit_ikm_before,
        ikm_after.ikm_score as unit_ikm_at_horizon
    from at_horizon
    left join employees as before_employee
        on at_horizon.region_code = before_employee.region_code
            and at_horizon.before_snapshot_date = before_employee.snapshot_date
            and at_horizon.nip = before_employee.nip
    left join employees as after_employee
        on at_horizon.to_region_code = after_employee.region_code
            and at_horizon.horizon_snapshot_date = after_employee.snapshot_date
            and at_horizon.nip = after_employee.nip
    left join employees as arrived_employee
        on at_horizon.to_region_code = arrived_employee.region_code
            and at_horizon.moved_snapshot_date = arrived_employee.snapshot_date
            and at_horizon.nip = arrived_employee.nip
    left join units as unit_before
        on at_horizon.to_region_code = unit_before.region_code
            and at_horizon.moved_snapshot_date = unit_before.snapshot_date
            and arrived_employee.unit_code = unit_before.unit_code
    left join units as unit_after
        on at_horizon.to_region_code = unit_after.region_code
            and at_horizon.horizon_snapshot_date = unit_after.snapshot_date
            and arrived_employee.unit_code = unit_after.unit_code
    left join surveys as ikm_before
        on at_horizon.to_region_code = ikm_before.region_code
            and at_horizon.before_snapshot_date = ikm_before.snapshot_date
            and arrived_employee.unit_code = ikm_before.unit_code
    left join surveys as ikm_after
        on at_horizon.to_region_code = ikm_after.region_code
            and at_horizon.horizon_snapshot_date = ikm_after.snapshot_date
            and arrived_employee.unit_code = ikm_after.unit_code
),

-- comparable employees: same region and type of post at the start, same post at the horizon snapshot
comparison as (
    select
        measured.region_code,
        measured.before_snapshot_date,
        measured.horizon_snapshot_date,
        measured.position_type,
        avg(stayed_after.job_fit_score - stayed_before.job_fit_score) as comparison_job_fit_change,
        avg(stayed_after.performance_score - stayed_before.performance_score) as comparison_performance_change,
        count(*) as comparison_employees
    from (
        select distinct
            region_code,
            before_snapshot_date,
            horizon_snapshot_date,
            position_type
        from measured
        where horizon_snapshot_date is not null
    ) as measured
    inner join employees as stayed_before
        on measured.region_code = stayed_before.region_code
            and measured.before_snapshot_date = stayed_before.snapshot_date
            and measured.position_type = stayed_before.position_type
    inner join employees as stayed_after
        on stayed_before.region_code = stayed_after.region_code
            and stayed_before.nip = stayed_after.nip
            and stayed_before.position_code = stayed_after.position_code
            and measured.horizon_snapshot_date = stayed_after.snapshot_date
    group by all
),

final as (
    select
        measured.region_code,
        measured.moved_snapshot_date as snapshot_date,
        measured.nip,
        measured.horizon,
        measured.horizon_months,
        measured.before_snapshot_date,
        measured.horizon_snapshot_date,
        measured.from_position_code,
        measured.to_position_code,
        measured.to_region_code,
        measured.to_region_code <> measured.region_code as is_between_regencies,
        recommendations.nip is not null as was_recommended,
        measured.job_fit_before,
        measured.job_fit_at_horizon,
        measured.job_fit_at_horizon - measured.job_fit_before as job_fit_change,
        comparison.comparison_job_fit_change,
        measured.performance_before,
        measured.performance_at_horizon,
        measured.performance_at_horizon - measured.performance_before as performance_change,
        comparison.comparison_performance_change,
        comparison.comparison_employees,
        measured.to_unit_code,
        measured.unit_ej_before,
        measured.unit_ej_at_horizon,
        measured.unit_ikm_before,
        measured.unit_ikm_at_horizon,
        case
            when measured.horizon_snapshot_date is null then 'belum mencapai horizon'
            when measured.job_fit_at_horizon is null then 'pegawai tidak ada di snapshot horizon'
            else 'dievaluasi'
        end as evaluation_status
    from measured
    left join comparison
        on measured.region_code = comparison.region_code
            and measured.before_snapshot_date = comparison.before_snapshot_date
            and measured.horizon_snapshot_date = comparison.horizon_snapshot_date
            and measured.position_type = comparison.position_type
    left join recommendations
        on measured.region_code = recommendations.region_code
            and measured.before_snapshot_date = recommendations.snapshot_date
            and measured.nip = recommendations.nip
            and measured.to_position_code = recommendations.to_position_code
)

select * from final
