-- Every grade is the band of seed grade_bands that contains the EJ, and a grade exists exactly when
-- an EJ does (positions and units).
with graded as (
    select
        'position' as level,
        region_code,
        snapshot_date,
        position_code as code,
        effectiveness,
        grade
    from {{ ref('position_workload') }}
    union all
    select
        'unit',
        region_code,
        snapshot_date,
        unit_code,
        effectiveness,
        grade
    from {{ ref('unit_workload') }}
)

select graded.*
from graded
left join {{ ref('grade_bands') }} as bands
    on graded.grade = bands.grade
where (graded.effectiveness is null) <> (graded.grade is null)
    or (graded.grade is not null and not {{ value_in_band('graded.effectiveness', 'bands') }})
