-- The latest competency assessment on or before the snapshot date per employee (ties: the higher
-- levels, so the choice is deterministic).

with assessments as (
    select * from {{ ref('stg_lake__asesmen_kompetensi') }}
    where assessment_date <= snapshot_date
),

final as (
    select *
    from assessments
    qualify row_number() over (
            partition by region_code, snapshot_date, nip
            order by
                assessment_date desc,
                competency_technical desc,
                competency_managerial desc,
                competency_sociocultural desc,
                potential_score desc nulls last
        ) = 1
)

select * from final
