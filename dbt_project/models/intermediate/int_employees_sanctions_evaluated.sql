-- Disciplinary sanctions (PP 94/2021) per employee and snapshot. A sanction counts from its start date;
-- without an end date it ends on its start date (SPEC 4). Sanctions starting after the snapshot are
-- ignored.
--   is_sanction_active: a sanction runs on the snapshot date (start <= snapshot <= end)
--   has_recent_blocking_sanction: a sanction of a level that blocks mutation (seed
--     ipasn_discipline_scores.blocks_mutation_in_lookback: sedang, berat) ended within
--     sanction_lookback_years before the snapshot (snapshot - lookback <= end < snapshot)
--   worst_sanction_level: the heaviest sanction ever recorded (for the IP ASN disiplin dimension)

with employees as (
    select
        region_code,
        snapshot_date,
        nip
    from {{ ref('stg_lake__pegawai') }}
),

levels as (
    select * from {{ ref('ipasn_discipline_scores') }}
),

params as (
    select sanction_lookback_years from {{ ref('params_scalar') }}
),

sanctions as (
    select
        sanctions.region_code,
        sanctions.snapshot_date,
        sanctions.nip,
        sanctions.sanction_level,
        sanctions.start_date,
        coalesce(sanctions.end_date, sanctions.start_date) as effective_end_date,
        levels.severity_rank,
        levels.blocks_mutation_in_lookback
    from {{ ref('stg_lake__hukuman_disiplin') }} as sanctions
    left join levels
        on sanctions.sanction_level = levels.sanction_level
    where sanctions.start_date <= sanctions.snapshot_date
),

judged as (
    select
        sanctions.*,
        sanctions.effective_end_date >= sanctions.snapshot_date as is_active,
        sanctions.blocks_mutation_in_lookback
        and sanctions.effective_end_date < sanctions.snapshot_date
        and sanctions.effective_end_date
        >= sanctions.snapshot_date - {{ years_interval('params.sanction_lookback_years') }}
            as is_recent_blocking
    from sanctions
    cross join params
),

per_employee as (
    select
        region_code,
        snapshot_date,
        nip,
        count(*) as sanction_count,
        arg_max(sanction_level, severity_rank) as worst_sanction_level,
        bool_or(is_active) as is_sanction_active,
        arg_max(sanction_level, severity_rank) filter (where is_active) as active_sanction_level,
        max(effective_end_date) filter (where is_active) as active_sanction_end_date,
        bool_or(is_recent_blocking) as has_recent_blocking_sanction,
        arg_max(sanction_level, severity_rank) filter (where is_recent_blocking) as recent_blocking_sanction_level,
        max(effective_end_date) filter (where is_recent_blocking) as recent_blocking_sanction_end_date
    from judged
    group by region_code, snapshot_date, nip
),

final as (
    select
        employees.region_code,
        employees.snapshot_date,
        employees.nip,
        coalesce(per_employee.sanction_count, 0) as sanction_count,
        coalesce(per_employee.worst_sanction_level, 'none') as worst_sanction_level,
        coalesce(per_employee.is_sanction_active, false) as is_sanction_active,
        per_employee.active_sanction_level,
        per_employee.active_sanction_end_date,
        coalesce(per_employee.has_recent_blocking_sanction, false) as has_recent_blocking_sanction,
        per_employee.recent_blocking_sanction_level,
        per_employee.recent_blocking_sanction_end_date
    from employees
    left join per_employee
        on employees.region_code = per_employee.region_code
            and employees.snapshot_date = per_employee.snapshot_date
            and employees.nip = per_employee.nip
)

select * from final
