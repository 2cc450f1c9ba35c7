{{ config(
    snapshot_scope='history',
    params_check=false,
    tags=['after_recommend'],
) }}

-- Employees due for rotation (5 years or more in post) whom the plan of their region snapshot leaves in
-- place, with the first reason that applies and the sentence "Tidak dipindahkan karena ..." written by
-- the optimiser (asset mutation_plan), the post's names and the employee's eligibility verdict, so that
-- "why was this person not moved?" has an answer next to the plan. parameters and run as stamped by the
-- optimiser.

with not_moved as (
    select * from {{ ref('stg_recommend__not_moved') }}
    where {{ partition_filter() }}
),

eligibility as (
    select
        region_code,
        snapshot_date,
        nip,
        is_eligible,
        ineligibility_reasons,
        months_in_position
    from {{ ref('employee_eligibility') }}
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
        not_moved.region_code,
        not_moved.snapshot_date,
        not_moved.nip,
        not_moved.name,
        not_moved.position_code,
        positions.position_name,
        not_moved.unit_code,
        positions.unit_name,
        not_moved.years_in_position,
        eligibility.months_in_position,
        not_moved.reason_code,
        not_moved.explanation,
        eligibility.is_eligible,
        eligibility.ineligibility_reasons,
        not_moved.params_version,
        not_moved.run_id
    from not_moved
    left join eligibility
        on not_moved.region_code = eligibility.region_code
            and not_moved.snapshot_date = eligibility.snapshot_date
            and not_moved.nip = eligibility.nip
    left join positions
        on not_moved.region_code = positions.region_code
            and not_moved.snapshot_date = positions.snapshot_date
            and not_moved.position_code = positions.position_code
)

select * from final
{{ partition_order() }}
