-- The grade bands cover every EJ >= 0 exactly once: checked on a 0.001 grid up to 3 and on every
-- band boundary, so an edited seed cannot leave a gap or an overlap.
with probes as (
    select cast(step as double) / 1000 as effectiveness from range(0, 3001) as grid (step)
    union
    select lower_bound from {{ ref('grade_bands') }}
    where lower_bound is not null
    union
    select upper_bound from {{ ref('grade_bands') }}
    where upper_bound is not null
),

matches as (
    select
        probes.effectiveness,
        count(bands.grade) as band_count
    from probes
    left join {{ ref('grade_bands') }} as bands
        on {{ value_in_band('probes.effectiveness', 'bands') }}
    group by probes.effectiveness
)

select * from matches
where band_count <> 1
