-- Mutation eligibility per employee and snapshot (SPEC 6; every threshold a parameter):
--   not_pns                  employment status is not eligible_employment_status (PNS) - Peraturan BKN 5/2019 Pasal 3
--   under_min_years_in_post  fewer than min_years_in_post (2) completed years in the current post
--                            - PP 11/2017 Pasal 190(3)
--   active_sanction          serving a disciplinary sanction on the snapshot date - Peraturan BKN 5/2019 Pasal 3
--   recent_heavy_sanction    a sedang/berat sanction ended within sanction_lookback_years (2) before the snapshot
--   skp_below_baik_<year>    SKP below skp_min_predikat (Baik) in one of the last skp_years_required (2)
--   skp_missing_<year>       completed calendar years; a missing year counts as not shown
--   near_retirement          retirement (BUP) not more than min_years_before_retirement (1) after the snapshot
-- is_due_for_rotation: at least due_years_in_post (5) years in post (PP 11/2017 Pasal 190), whether
-- eligible or not. The checks on the target position (education minimum, lateral move, no move back)
-- belong to each candidate move; this model carries what they need.

with employees as (
    select * from {{ ref('int_employees_features_joined') }}
),

history as (
    select * from {{ ref('int_employees_positions_historized') }}
),

preferences as (
    select
        region_code,
        snapshot_date,
        nip,
        -- one answer per employee is the contract; if a file repeats a NIP, "tidak" wins (the cautious reading)
        bool_and(willing_to_move) as willing_to_move,
        string_agg(distinct preferred_unit_codes, ';') as preferred_unit_codes
    from {{ ref('stg_lake__preferensi_mutasi') }}
    group by region_code, snapshot_date, nip
),

params as (
    select
        eligible_employment_status,
        min_years_in_post,
        due_years_in_post,
        min_years_before_retirement,
        sanction_lookback_years
    from {{ ref('params_scalar') }}
),

flagged as (
    select
        employees.*,
        history.positions_held_last_2y,
        preferences.willing_to_move,
        preferences.preferred_unit_codes,
        params.eligible_employment_status,
        params.min_years_in_post,
        params.min_years_before_retirement,
        params.sanction_lookback_years,
        employees.months_in_position >= params.due_years_in_post * 12 as is_due_for_rotation,
        -- in parentheses: SQLFluff 4.5's DuckDB parser does not know `is distinct from` as a bare select item
        (employees.employment_status is distinct from params.eligible_employment_status) as fails_status,
        employees.months_in_position < params.min_years_in_post * 12 as fails_min_years_in_post
    from employees
    cross join params
    left join history
        on employees.region_code = history.region_code
            and employees.snapshot_date = history.snapshot_date
            and employees.nip = history.nip
    left join preferences
        on employees.region_code = preferences.region_code
            and employees.snapshot_date = preferences.snapshot_date
            and employees.nip = preferences.nip
),

judged as (
    select
        * exclude (
            eligible_employment_status, min_years_in_post, min_years_before_retirement, sanction_lookback_years,
            fails_status, fails_min_years_in_post
        ),
        -- the same rules twice: machine codes, then the Bahasa Indonesia sentence parts, in the same order
        list_filter(
            [
                case when fails_status then 'not_pns' end,
                case when fails_min_years_in_post then 'under_min_years_in_post' end,
                case when is_sanction_active then 'active_sanction' end,
                case when has_recent_blocking_sanction then 'recent_heavy_sanction' end,
                skp_reason_codes,
                case when is_near_retirement then 'near_retirement' end
            ],
            lambda reason: reason is not null
        ) as reasons,
        list_filter(
            [
                case when fails_status
                        then 'status kepegawaian ' || coalesce(employment_status, '-')
                            || ', bukan ' || eligible_employment_status
                end,
                case when fails_min_years_in_post
                        then 'baru ' || {{ months_as_text_id('months_in_position') }}
                            || ' dalam jabatan sekarang (minimal ' || {{ number_id('min_years_in_post') }} || ' tahun)'
                end,
                case when is_sanction_active
                        then 'sedang menjalani hukuman disiplin tingkat ' || active_sanction_level
                            || ' sampai ' || {{ date_id('active_sanction_end_date') }}
                end,
                case when has_recent_blocking_sanction
                        then 'hukuman disiplin tingkat ' || recent_blocking_sanction_level
                            || ' baru berakhir ' || {{ date_id('recent_blocking_sanction_end_date') }}
                            || ' (kurang dari ' || {{ number_id('sanction_lookback_years') }} || ' tahun)'
                end,
                skp_reason_text_id,
                case when is_near_retirement
                        then 'batas usia pensiun (' || cast(retirement_age as varchar) || ' tahun) tercapai '
                            || {{ date_id('retirement_date') }}
                            || ', tidak lebih dari ' || {{ number_id('min_years_before_retirement') }}
                            || ' tahun lagi'
                end
            ],
            lambda reason: reason is not null
        ) as reason_texts
    from flagged
),

final as (
    select
        * exclude (reasons, reason_texts),
        len(reasons) = 0 as is_eligible,
        nullif(array_to_string(reasons, ';'), '') as ineligibility_reasons,
        case
            when len(reasons) = 0 and is_due_for_rotation
                then 'Memenuhi syarat mutasi dan sudah waktunya rotasi ('
                    || {{ months_as_text_id('months_in_position') }} || ' dalam jabatan sekarang).'
            when len(reasons) = 0
                then 'Memenuhi syarat mutasi.'
            else 'Belum memenuhi syarat mutasi: ' || array_to_string(reason_texts, '; ') || '.'
        end as ineligibility_explanation
    from judged
)

select * from final
