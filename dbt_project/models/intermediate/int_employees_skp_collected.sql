-- SKP ratings of the last completed calendar years before the snapshot (parameter skp_years_required,
-- default 2: a 2026 snapshot looks at 2025 and 2024). Several rows for one year: the worst counts.
-- Per employee: the two most recent ratings, the reason codes of the SKP rule (Peraturan BKN 5/2019
-- Pasal 3: at least skp_min_predikat in each year, a missing year counts as not shown), and the mean
-- rating rank used for the talent-box performance axis (over the years that have a rating).

with employees as (
    select
        region_code,
        snapshot_date,
        nip
    from {{ ref('stg_lake__pegawai') }}
),

ratings as (
    select * from {{ ref('stg_lake__kinerja') }}
),

rating_scale as (
    select
        rating,
        rating_rank
    from {{ ref('ipasn_performance_scores') }}
),

params as (
    select
        params.skp_years_required,
        params.skp_min_predikat,
        minimum.rating_rank as skp_min_rank
    from {{ ref('params_scalar') }} as params
    left join rating_scale as minimum
        on params.skp_min_predikat = minimum.rating
),

required_years as (
    select
        employees.region_code,
        employees.snapshot_date,
        employees.nip,
        unnest(generate_series(1, cast(params.skp_years_required as integer))) as years_back
    from employees
    cross join params
),

rated_years as (
    select
        required_years.region_code,
        required_years.snapshot_date,
        required_years.nip,
        required_years.years_back,
        year(required_years.snapshot_date) - required_years.years_back as rating_year,
        arg_min(ratings.rating, rating_scale.rating_rank) as rating,
        min(rating_scale.rating_rank) as rating_rank
    from required_years
    left join ratings
        on required_years.region_code = ratings.region_code
            and required_years.snapshot_date = ratings.snapshot_date
            and required_years.nip = ratings.nip
            and year(required_years.snapshot_date) - required_years.years_back = ratings.rating_year
    left join rating_scale
        on ratings.rating = rating_scale.rating
    group by all
),

judged as (
    select
        rated_years.*,
        case
            when rated_years.rating is null
                then 'skp_missing_' || rated_years.rating_year
            when rated_years.rating_rank < params.skp_min_rank
                then 'skp_below_' || replace(lower(params.skp_min_predikat), ' ', '_') || '_' || rated_years.rating_year
        end as reason_code,
        case
            when rated_years.rating is null
                then 'SKP ' || rated_years.rating_year || ' tidak tersedia'
            when rated_years.rating_rank < params.skp_min_rank
                then 'SKP ' || rated_years.rating_year || ' berpredikat ''' || rated_years.rating
                    || ''', di bawah ''' || params.skp_min_predikat || ''''
        end as reason_text_id
    from rated_years
    cross join params
),

final as (
    select
        region_code,
        snapshot_date,
        nip,
        max(rating) filter (where years_back = 1) as skp_rating_last_year,
        max(rating) filter (where years_back = 2) as skp_rating_year_before,
        count(rating) as skp_years_rated,
        avg(rating_rank) as skp_mean_rank,
        -- ordered by year: list_sort of (year, text) structs, not string_agg(... order by ...), whose
        -- ordered aggregation took twice as long at province scale (docs/benchmark.md, dbt profile)
        nullif(array_to_string(list_transform(
            list_sort(list({ 'y': rating_year, 'v': reason_code }) filter (where reason_code is not null)),
            lambda item: item.v
        ), ';'), '') as skp_reason_codes,
        nullif(array_to_string(list_transform(
            list_sort(list({ 'y': rating_year, 'v': reason_text_id }) filter (where reason_text_id is not null)),
            lambda item: item.v
        ), '; '), '') as skp_reason_text_id
    from judged
    group by region_code, snapshot_date, nip
)

select * from final
