-- Positions an employee held in earlier snapshots of the same region within the last
-- no_move_back_years (default 2) before the snapshot, other than the current one: the no-move-back rule
-- of the recommendation (a move back to any of these posts is not proposed). History is what the lake
-- holds: the region's previous snapshots.

with employees as (
    select
        region_code,
        snapshot_date,
        nip,
        position_code
    from {{ ref('stg_lake__pegawai') }}
),

params as (
    select no_move_back_years from {{ ref('params_scalar') }}
),

windowed as (
    select
        employees.region_code,
        employees.snapshot_date,
        employees.nip,
        employees.position_code,
        list(employees.position_code) over (
            partition by employees.region_code, employees.nip
            order by employees.snapshot_date
            -- an interval window frame: valid DuckDB that SQLFluff's parser does not know yet
            range between {{ years_interval('params.no_move_back_years') }} preceding and interval 1 day preceding  -- noqa: PRS
        ) as earlier_positions
    from employees
    cross join params
),

final as (
    select
        region_code,
        snapshot_date,
        nip,
        nullif(
            array_to_string(
                list_sort(list_distinct(list_filter(earlier_positions, lambda held: held <> position_code))),
                ';'
            ),
            ''
        ) as positions_held_last_2y
    from windowed
)

select * from final
