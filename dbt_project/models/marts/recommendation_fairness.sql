{{ config(
    snapshot_scope='history',
    params_check=false,
    tags=['after_recommend'],
) }}

-- Fairness of the plan per region snapshot: for sex, age band and golongan room, the share of each group
-- in the eligible pool against its share among the employees the plan moves. Aggregates only (counts and
-- shares), no personal data. A difference is a prompt to look, not proof of bias: the plan follows
-- workload, fit and rotation, which are not spread evenly across groups.

with fairness as (
    select * from {{ ref('stg_recommend__fairness') }}
    where {{ partition_filter() }}
),

final as (
    select
        region_code,
        snapshot_date,
        dimension,
        case dimension
            when 'sex' then 'Jenis kelamin'
            when 'age_band' then 'Kelompok umur'
            when 'golongan' then 'Golongan (ruang)'
            else dimension
        end as dimension_label_id,
        group_name,
        pool_count,
        pool_share,
        moved_count,
        moved_share,
        share_difference,
        move_rate,
        params_version,
        run_id
    from fairness
)

select * from final
{{ partition_order() }}
