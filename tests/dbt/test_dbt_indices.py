"""The dbt project end to end on a tiny hand-made lake: `dbt build` (seeds, models, generic and
singular tests, unit tests) must succeed, and the marts must hold the values computed by hand in
lake_fixture.py. One build per module (about 15 s on 2 cores); every run keeps its target and log
folders in a temporary directory, so parallel runs do not collide."""

from __future__ import annotations

import shutil
import time

import duckdb
import pytest
from dbt_helpers import DBT_PROJECT_DIR, _data_dir, run_dbt
from lake_fixture import COPY_REGION, E1, E2, E3, E4, E5, REGION, SNAPSHOT_1, SNAPSHOT_2, build_lake

from mutasi.params import params_version


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """Build the fixture lake and run `dbt seed` + `dbt build` once; yield (data dir, seconds of build)."""
    data = tmp_path_factory.mktemp("mutasi_data")
    build_lake(data)
    with _data_dir(data):
        run_dbt(["seed"], data)
        started = time.perf_counter()
        run_dbt(["build"], data)
        seconds = time.perf_counter() - started
    print(f"\ndbt build on the fixture lake: {seconds:.1f} s")
    yield data, seconds


@pytest.fixture(scope="module")
def db(warehouse):
    data, _ = warehouse
    connection = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    yield connection
    connection.close()


def rows(db, sql: str, *params) -> list[dict]:
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def one(db, sql: str, *params) -> dict:
    found = rows(db, sql, *params)
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------------------------------------ ABK ----

POSITIONS_SNAPSHOT_1 = {
    # code: workload, required_staff, required_headcount, current_staff, staffing_gap, EJ, grade
    "P01": (54300, 0.724, 1, 1, 0, 0.724, "C"),
    "P02": (165000, 2.2, 2, 2, 0, 1.1, "A"),
    "P03": (30000, 0.4, 0, 1, -1, 0.4, "E"),
    "P04": (72000, 0.96, 1, 0, 1, None, None),
    "P05": (37500, 0.5, 1, 1, 0, 0.5, "D"),
}


def test_position_workload_matches_hand_computation(db):
    found = rows(
        db,
        """
        select position_code, workload_minutes, required_staff, required_headcount, current_staff,
               staffing_gap, effectiveness, grade
        from marts.position_workload where region_code = ? and snapshot_date = ? order by position_code
    """,
        REGION,
        SNAPSHOT_1,
    )
    assert {r["position_code"]: tuple(list(r.values())[1:]) for r in found} == POSITIONS_SNAPSHOT_1


def test_position_workload_of_second_snapshot_reflects_the_move(db):
    found = {
        r["position_code"]: r
        for r in rows(
            db,
            """
        select position_code, current_staff, staffing_gap, effectiveness, grade
        from marts.position_workload where region_code = ? and snapshot_date = ?
    """,
            REGION,
            SNAPSHOT_2,
        )
    }
    assert (
        found["P02"]["current_staff"],
        found["P02"]["staffing_gap"],
        found["P02"]["effectiveness"],
        found["P02"]["grade"],
    ) == (1, 1, 2.2, "A")
    assert (
        found["P05"]["current_staff"],
        found["P05"]["staffing_gap"],
        found["P05"]["effectiveness"],
        found["P05"]["grade"],
    ) == (2, -1, 0.25, "E")


def test_unit_workload_sums_positions(db):
    found = {
        r["unit_code"]: r
        for r in rows(
            db,
            """
        select unit_code, workload_minutes, required_headcount, current_staff, staffing_gap, effectiveness, grade
        from marts.unit_workload where region_code = ? and snapshot_date = ?
    """,
            REGION,
            SNAPSHOT_1,
        )
    }
    # U1: 54,300 + 165,000 + 30,000 = 249,300 over 4 people -> 249,300 / 300,000 = 0.831 (C)
    assert found["U1"] == {
        "unit_code": "U1",
        "workload_minutes": 249300,
        "required_headcount": 3,
        "current_staff": 4,
        "staffing_gap": -1,
        "effectiveness": 0.831,
        "grade": "C",
    }
    # U2: 72,000 + 37,500 = 109,500 over 1 person -> 1.46 (A)
    assert found["U2"] == {
        "unit_code": "U2",
        "workload_minutes": 109500,
        "required_headcount": 2,
        "current_staff": 1,
        "staffing_gap": 1,
        "effectiveness": 1.46,
        "grade": "A",
    }


# ------------------------------------------------------------------------------ employee indices ----


def test_employee_indices_match_hand_computation(db):
    found = {
        r["nip"]: r
        for r in rows(
            db,
            """
        select nip, age_years, years_in_position, retirement_age, years_to_retirement,
               qualification_score, competency_score, performance_score, discipline_score,
               professionalism_index, professionalism_category, job_fit_score, job_fit_score_pct,
               potential_score, performance_axis, potential_axis, talent_box, meets_education_minimum
        from marts.employee_indices where region_code = ? and snapshot_date = ?
    """,
            REGION,
            SNAPSHOT_1,
        )
    }
    e1 = found[E1]
    # S2 20 + (fungsional 15 + teknis 24 JP 15 + seminar 5) 35 + SKP 2025 Sangat Baik 30 + never sanctioned 5
    assert (
        e1["qualification_score"],
        e1["competency_score"],
        e1["performance_score"],
        e1["discipline_score"],
        e1["professionalism_index"],
        e1["professionalism_category"],
    ) == (20, 35, 30, 5, 90, "Tinggi")
    # gaps +1 +1 (core 4.5, 4.5), 0 and edu +1 (secondary 5, 4.5): 0.6 x 4.5 + 0.4 x 4.75 = 4.6
    assert (e1["job_fit_score"], e1["job_fit_score_pct"]) == (4.6, 92.0)
    assert (e1["performance_axis"], e1["potential_axis"], e1["talent_box"]) == ("above", "high", 9)
    assert (e1["age_years"], e1["years_in_position"], e1["retirement_age"]) == (39, 6.42, 58)

    e2 = found[E2]
    assert (e2["professionalism_index"], e2["professionalism_category"]) == (38, "Sangat Rendah")
    assert e2["job_fit_score"] == 4.55
    assert (e2["potential_score"], e2["performance_axis"], e2["potential_axis"], e2["talent_box"]) == (
        40,
        "below",
        "low",
        1,
    )

    e3 = found[E3]
    assert (e3["professionalism_index"], e3["job_fit_score"], e3["talent_box"]) == (32, 5.0, 5)
    assert (e3["retirement_age"], e3["years_to_retirement"]) == (58, 0.33)

    e4 = found[E4]  # PPPK, D3, no assessment
    assert (e4["professionalism_index"], e4["job_fit_score"], e4["potential_axis"], e4["talent_box"]) == (
        40,
        None,
        None,
        None,
    )
    assert e4["performance_axis"] == "as_expected"

    e5 = found[E5]  # CPNS without SKP: no performance axis, no box
    assert (e5["professionalism_index"], e5["job_fit_score"], e5["performance_axis"], e5["talent_box"]) == (
        20,
        4.4,
        None,
        None,
    )
    assert all(r["meets_education_minimum"] for r in found.values())


def test_employee_eligibility_reasons_and_explanations(db):
    found = {
        r["nip"]: r
        for r in rows(
            db,
            """
        select nip, is_eligible, ineligibility_reasons, ineligibility_explanation, is_due_for_rotation,
               willing_to_move, preferred_unit_codes, positions_held_last_2y
        from marts.employee_eligibility where region_code = ? and snapshot_date = ?
    """,
            REGION,
            SNAPSHOT_1,
        )
    }
    assert {nip: r["ineligibility_reasons"] for nip, r in found.items()} == {
        E1: None,
        E2: "under_min_years_in_post;active_sanction;skp_below_baik_2025",
        E3: "recent_heavy_sanction;skp_missing_2025;near_retirement",
        E4: "not_pns",
        E5: "not_pns;under_min_years_in_post;skp_missing_2024;skp_missing_2025",
    }
    assert found[E1]["is_eligible"] and found[E1]["is_due_for_rotation"]
    assert found[E1]["ineligibility_explanation"] == (
        "Memenuhi syarat mutasi dan sudah waktunya rotasi (6 tahun 5 bulan dalam jabatan sekarang)."
    )
    assert found[E2]["ineligibility_explanation"] == (
        "Belum memenuhi syarat mutasi: baru 1 tahun 5 bulan dalam jabatan sekarang (minimal 2 tahun); "
        "sedang menjalani hukuman disiplin tingkat ringan sampai 31-08-2026; "
        "SKP 2025 berpredikat 'Butuh Perbaikan', di bawah 'Baik'."
    )
    assert (found[E1]["willing_to_move"], found[E1]["preferred_unit_codes"]) == (True, "U2")
    assert (found[E2]["willing_to_move"], found[E3]["willing_to_move"]) == (False, None)
    assert not any(r["is_eligible"] for nip, r in found.items() if nip != E1)


def test_positions_held_last_two_years_come_from_earlier_snapshots(db):
    held = {
        r["snapshot_date"]: r["positions_held_last_2y"]
        for r in rows(
            db,
            """
        select snapshot_date, positions_held_last_2y from marts.employee_eligibility
        where region_code = ? and nip = ?
    """,
            REGION,
            E2,
        )
    }
    assert held == {SNAPSHOT_1: None, SNAPSHOT_2: "P02"}


# ---------------------------------------------------------------- recommendations and scorecards ----


def test_regency_scorecard_metrics(db):
    first = one(
        db, "select * from marts.regency_scorecards where region_code = ? and snapshot_date = ?", REGION, SNAPSHOT_1
    )
    assert (first["region_name"], first["province_code"]) == ("Kota Pontianak", "61")
    assert (first["share_grade_a"], first["share_grade_e"], first["graded_position_count"]) == (0.25, 0.25, 4)
    assert (first["staffing_gap_total"], first["staffing_shortage"], first["staffing_surplus"]) == (0, 1, 1)
    # EJ of the staffed posts 0.724, 1.1, 0.4, 0.5: population standard deviation
    assert first["ej_stddev_positions"] == pytest.approx(0.268855, abs=1e-6)
    assert first["mean_professionalism_index"] == 44  # (90 + 38 + 32 + 40 + 20) / 5
    assert (first["share_ipasn_tinggi"], first["share_ipasn_sangat_rendah"]) == (0.2, 0.8)
    assert first["mean_job_fit"] == pytest.approx(4.6375)  # (4.6 + 4.55 + 5 + 4.4) / 4
    assert (first["share_5y_in_post"], first["eligible_pool"], first["data_quality_score"]) == (0.2, 1, 92.5)
    assert (first["recommended_moves"], first["projected_fit_gain_total"]) == (1, pytest.approx(0.25))
    assert (first["share_grade_a_after"], first["share_grade_e_after"]) == (0.25, 0.5)
    # 0.25 x 25 + 0.15 x 80 + 0.20 x 44 + 0.15 x 92.75 + 0.10 x 80 + 0.15 x 92.5
    assert first["composite_index"] == pytest.approx(62.8375)

    second = one(
        db, "select * from marts.regency_scorecards where region_code = ? and snapshot_date = ?", REGION, SNAPSHOT_2
    )
    assert (
        second["moves_observed"],
        second["moves_adopted"],
        second["moves_recommended_previous"],
        second["adoption_rate"],
    ) == (1, 1, 1, 1.0)
    assert second["composite_index_change"] == pytest.approx(second["composite_index"] - 62.8375)
    assert second["recommended_moves"] == 0  # the second snapshot's plan is an empty file


def test_mutation_marts(db):
    recommendation = one(db, "select * from marts.mutation_recommendations where region_code = ?", REGION)
    assert (
        recommendation["nip"],
        recommendation["name"],
        recommendation["from_position_name"],
        recommendation["to_position_name"],
    ) == (E2, "Siti Aminah", "Pengadministrasi Umum", "Pengelola Data")
    assert recommendation["job_fit_gain"] == pytest.approx(0.25)
    evaluation = one(db, "select * from marts.mutation_evaluation where region_code = ?", REGION)
    assert (
        evaluation["from_position_code"],
        evaluation["to_position_code"],
        evaluation["was_recommended"],
        evaluation["job_fit_before"],
        evaluation["job_fit_after"],
    ) == ("P02", "P05", True, 4.55, 4.75)
    assert (evaluation["ej_to_before"], evaluation["ej_to_after"]) == (0.5, 0.25)


def test_recommendation_report_marts(db):
    """The optimiser's report tables (lake/recommendations_not_moved, recommendation_effect,
    recommendation_fairness of lake_fixture.py) in their marts, and the scorecard's effect columns."""
    not_moved = one(
        db, "select * from marts.rotation_not_moved where region_code = ? and snapshot_date = ?", REGION, SNAPSHOT_1
    )
    assert (
        not_moved["nip"],
        not_moved["position_name"],
        not_moved["unit_name"],
        not_moved["reason_code"],
        not_moved["is_eligible"],
        not_moved["months_in_position"],
    ) == (E1, "Analis Kepegawaian Ahli Pertama", "Bagian Umum", "NO_WORTHWHILE_MOVE", True, 77)
    assert not_moved["explanation"].startswith("Tidak dipindahkan karena tidak ada jabatan tujuan")

    effect = {
        r["metric"]: r
        for r in rows(
            db,
            """
        select * from marts.recommendation_effect where region_code = ? and snapshot_date = ?
    """,
            REGION,
            SNAPSHOT_1,
        )
    }
    assert len(effect) == 8
    shortage = effect["total_staffing_gap"]
    assert (
        shortage["metric_label_id"],
        shortage["better_when"],
        shortage["value_before"],
        shortage["value_after_plan"],
        shortage["value_after_baseline"],
        shortage["plan_advantage"],
    ) == ("Kekurangan pegawai (orang)", "lower", 1, 2, 1, -1)  # the fixture's plan empties P02's second seat
    assert effect["mean_job_fit"]["plan_advantage"] == pytest.approx(0.05)
    assert effect["n_moves"]["plan_advantage"] is None

    fairness = rows(
        db,
        """
        select dimension, group_name, pool_count, moved_count, moved_share from marts.recommendation_fairness
        where region_code = ? and snapshot_date = ? order by dimension
    """,
        REGION,
        SNAPSHOT_1,
    )
    assert fairness == [
        {"dimension": "age_band", "group_name": "31-40", "pool_count": 1, "moved_count": 0, "moved_share": None},
        {"dimension": "golongan", "group_name": "III", "pool_count": 1, "moved_count": 0, "moved_share": None},
        {"dimension": "sex", "group_name": "L", "pool_count": 1, "moved_count": 0, "moved_share": None},
    ]

    card = one(
        db, "select * from marts.regency_scorecards where region_code = ? and snapshot_date = ?", REGION, SNAPSHOT_1
    )
    # before (warehouse) -> after the plan (projected in dbt) -> after the baseline (report): = the report
    assert (card["recommended_moves"], card["baseline_moves"]) == (1, 0)
    assert (card["staffing_shortage"], card["staffing_shortage_after"], card["staffing_shortage_after_baseline"]) == (
        1,
        2,
        1,
    )
    assert (
        card["share_grade_a_or_e"],
        card["share_grade_a_or_e_after"],
        card["share_grade_a_or_e_after_baseline"],
    ) == (0.5, 0.75, 0.5)
    assert (card["vacant_posts_needing_staff"], card["vacant_posts_needing_staff_after"]) == (1, 1)
    # |0.724 - 1| + |1.1 - 1| + |0.4 - 1| + |0.5 - 1| = 1.476 over 4 posts; after: P02 2.2, P05 0.25
    assert card["ej_mean_abs_deviation"] == pytest.approx(0.369)
    assert card["ej_mean_abs_deviation_after"] == pytest.approx(0.7065)
    assert (card["plan_mean_job_fit"], card["plan_mean_job_fit_after"]) == (4.7, pytest.approx(4.75))


def test_every_mart_and_column_is_described(warehouse, db):
    """dbt docs show a description for every mart and audit table and for each of their columns."""
    import json

    data, _ = warehouse
    manifest = json.loads((data / "target" / "manifest.json").read_text("utf-8"))
    undocumented = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node["schema"] not in ("marts", "audit"):
            continue
        if not node["description"].strip():
            undocumented.append(node["name"])
        columns = rows(
            db,
            """
            select column_name from information_schema.columns where table_schema = ? and table_name = ?
        """,
            node["schema"],
            node["name"],
        )
        assert columns, node["name"]
        for column in columns:
            if not node["columns"].get(column["column_name"], {}).get("description", "").strip():
                undocumented.append(f"{node['name']}.{column['column_name']}")
    assert not undocumented


def test_province_marts_hold_aggregates_only(db):
    province = one(
        db, "select * from marts.province_scorecards where province_code = '61' and snapshot_date = ?", SNAPSHOT_1
    )
    assert (province["region_count"], province["employee_count"], province["recommended_moves"]) == (2, 10, 2)
    assert province["share_grade_a"] == 0.25
    for table in ("province_scorecards", "province_job_family_balance"):
        columns = {
            r["column_name"]
            for r in rows(
                db,
                """
            select column_name from information_schema.columns where table_schema = 'marts' and table_name = ?
        """,
                table,
            )
        }
        assert not columns & {"nip", "name", "birth_date"}, table
    health = one(
        db,
        """
        select regions_in_deficit, total_deficit, deficit_region_codes from marts.province_job_family_balance
        where snapshot_date = ? and job_family = 'kesehatan'
    """,
        SNAPSHOT_1,
    )
    assert health == {"regions_in_deficit": 2, "total_deficit": 2, "deficit_region_codes": "6171;6172"}


def test_province_scorecard_has_the_interregency_effect_and_talent_pool_coverage(db):
    """lake_fixture.py "province": after both regencies' plans 4 staff are missing and 4 too many over the
    province; the one inter-regency move (E4, 6172 P05 -> 6171 P02) makes it 3 and 3. Key posts: 3 open,
    2 with a candidate in their own regency's list and in the pool, 2 with a ready one."""
    province = one(
        db, "select * from marts.province_scorecards where province_code = '61' and snapshot_date = ?", SNAPSHOT_1
    )
    assert {
        k: province[k]
        for k in (
            "interregency_moves",
            "interregency_regions_sending",
            "interregency_regions_receiving",
            "staffing_shortage_after_plans",
            "staffing_shortage_after_interregency",
            "staffing_surplus_after_plans",
            "staffing_surplus_after_interregency",
            "key_posts_opening",
            "key_posts_with_regency_candidate",
            "key_posts_with_pool_candidate",
            "key_posts_with_ready_candidate",
            "talent_pool_candidates_from_other_regencies",
        )
    } == {
        "interregency_moves": 1,
        "interregency_regions_sending": 1,
        "interregency_regions_receiving": 1,
        "staffing_shortage_after_plans": 4,
        "staffing_shortage_after_interregency": 3,
        "staffing_surplus_after_plans": 4,
        "staffing_surplus_after_interregency": 3,
        "key_posts_opening": 3,
        "key_posts_with_regency_candidate": 2,
        "key_posts_with_pool_candidate": 2,
        "key_posts_with_ready_candidate": 2,
        "talent_pool_candidates_from_other_regencies": 1,
    }
    assert province["interregency_fit_gain_total"] == pytest.approx(0.25)
    assert province["key_post_coverage_province"] == pytest.approx(2 / 3)
    later = one(
        db, "select * from marts.province_scorecards where province_code = '61' and snapshot_date = ?", SNAPSHOT_2
    )
    assert (later["interregency_moves"], later["key_posts_opening"], later["key_post_coverage_province"]) == (
        0,
        0,
        None,
    )


def test_province_balance_per_type_family_and_level(db):
    """Snapshot 1 of the fixture, both regencies alike: P03 (administrator, administrasi) one too many, P04
    (fungsional kesehatan ahli muda) one short, P02 and P05 (pelaksana administrasi) balanced in net but
    receiving the inter-regency move."""
    got = rows(
        db,
        """
        select position_type, job_family, job_level, regions_in_surplus, regions_in_deficit, total_surplus,
            total_deficit, balancing_potential, interregency_moves
        from marts.province_job_balance where province_code = '61' and snapshot_date = ?
        order by position_type, job_family
    """,
        SNAPSHOT_1,
    )
    assert got == [
        {
            "position_type": "administrator",
            "job_family": "administrasi",
            "job_level": None,
            "regions_in_surplus": 2,
            "regions_in_deficit": 0,
            "total_surplus": 2,
            "total_deficit": 0,
            "balancing_potential": 0,
            "interregency_moves": 0,
        },
        {
            "position_type": "fungsional",
            "job_family": "kesehatan",
            "job_level": "ahli muda",
            "regions_in_surplus": 0,
            "regions_in_deficit": 2,
            "total_surplus": 0,
            "total_deficit": 2,
            "balancing_potential": 0,
            "interregency_moves": 0,
        },
        {
            "position_type": "pelaksana",
            "job_family": "administrasi",
            "job_level": None,
            "regions_in_surplus": 0,
            "regions_in_deficit": 0,
            "total_surplus": 0,
            "total_deficit": 0,
            "balancing_potential": 0,
            "interregency_moves": 1,
        },
    ]


def test_each_regency_sees_only_its_side_of_an_interregency_move(db):
    seen = rows(
        db,
        """
        select region_code, direction, nip, name, position_code, other_region_code, other_position_name
        from marts.interregency_moves_by_regency where snapshot_date = ? order by region_code
    """,
        SNAPSHOT_1,
    )
    assert seen == [
        # the receiving regency: its post, the sending regency, nobody named
        {
            "region_code": REGION,
            "direction": "masuk",
            "nip": None,
            "name": None,
            "position_code": "P02",
            "other_region_code": COPY_REGION,
            "other_position_name": None,
        },
        # the sending regency: its employee, named, and where to
        {
            "region_code": COPY_REGION,
            "direction": "keluar",
            "nip": E4,
            "name": "Rina Wati",
            "position_code": "P05",
            "other_region_code": REGION,
            "other_position_name": "Pengadministrasi Umum",
        },
    ]
    text = one(db, "select explanation from marts.interregency_moves_by_regency where direction = 'masuk'")
    assert text["explanation"].startswith(
        "Jabatan Pengadministrasi Umum (Bagian Umum) masih kekurangan 1 orang setelah rencana mutasi internal; "
        "diusulkan diisi oleh seorang pegawai dari Kota Singkawang yang memenuhi syarat (kecocokan jabatan 4,25)."
    )


# ------------------------------------------------------------------------------ cross-cutting -----

MARTS = ("position_workload", "unit_workload", "employee_indices", "employee_eligibility", "regency_scorecards")
# stamped with the optimiser's params_version ("test" in the fixture), not the warehouse's
PLAN_MARTS = ("rotation_not_moved", "recommendation_effect", "recommendation_fairness")


@pytest.mark.parametrize("mart", MARTS + PLAN_MARTS)
def test_regions_do_not_leak_into_each_other(db, mart):
    """Region 6172 is a copy of 6171: every mart row must be identical apart from the region itself."""
    own_columns = "region_code, region_name" if mart == "regency_scorecards" else "region_code"

    def region_rows(code):
        found = rows(db, f"select * exclude ({own_columns}) from marts.{mart} where region_code = ?", code)
        # doubles to 9 decimals: DuckDB aggregates in parallel, so an average may differ in the last bit
        return sorted(repr({k: round(v, 9) if isinstance(v, float) else v for k, v in row.items()}) for row in found)

    first, copy = region_rows(REGION), region_rows(COPY_REGION)
    assert first and first == copy


def test_audit_tables_and_params_version(db):
    assert one(db, "select count(*) as n from audit.quarantined_rows")["n"] == 2
    assert (
        one(
            db,
            """
        select count(*) as n from audit.ingested_files where rows_read <> rows_valid + rows_quarantined
    """,
        )["n"]
        == 0
    )
    expected = params_version(DBT_PROJECT_DIR / "seeds" / "params")  # the Python side's recipe
    assert one(db, "select params_version from params.params_version")["params_version"] == expected
    for mart in MARTS:
        versions = rows(db, f"select distinct params_version from marts.{mart}")
        assert versions == [{"params_version": expected}], mart


def test_changing_a_parameter_changes_the_result_without_code_changes(warehouse, tmp_path):
    """Edit effective_minutes_per_year in a copy of the project: EJ and params_version follow."""
    data, _ = warehouse
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    parameters = project / "seeds" / "params" / "parameters.csv"
    text = parameters.read_text("utf-8")
    assert "effective_minutes_per_year,75000," in text
    parameters.write_text(
        text.replace("effective_minutes_per_year,75000,", "effective_minutes_per_year,60000,"), "utf-8"
    )
    copy = tmp_path / "data"
    shutil.copytree(data / "lake", copy / "lake")
    with _data_dir(copy):
        run_dbt(["seed"], tmp_path, project)
        run_dbt(["run", "--select", "+position_workload"], tmp_path, project)
    connection = duckdb.connect(str(copy / "warehouse.duckdb"), read_only=True)
    try:
        found = connection.execute(
            """
            select effectiveness, required_staff, params_version from marts.position_workload
            where region_code = ? and snapshot_date = ? and position_code = 'P01'
        """,
            [REGION, SNAPSHOT_1],
        ).fetchone()
    finally:
        connection.close()
    assert found[:2] == (0.905, 0.905)  # 54,300 / 60,000
    original = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        assert found[2] != original.execute("select params_version from params.params_version").fetchone()[0]
    finally:
        original.close()


def test_dbt_parse_needs_no_data(tmp_path):
    """`dbt parse` works with an empty data directory (no lake, no warehouse)."""
    with _data_dir(tmp_path / "empty"):
        result = run_dbt(["parse"], tmp_path)
    assert result.success
    assert not (tmp_path / "empty").exists()


# ------------------------------------------------------------------------------------ freshness ----


def test_region_freshness_flags_a_region_whose_newest_snapshot_is_older_than_35_days(db):
    """Issue 7: freshness_days = 35; the fixture's newest accepted snapshot is 2026-07-31 for both regions."""
    import datetime as dt

    found = rows(
        db,
        "select region_code, latest_accepted_snapshot, age_days, freshness_days, is_stale "
        "from marts.region_freshness order by region_code",
    )
    today = db.execute("select current_date").fetchone()[0]
    age = (today - SNAPSHOT_2).days
    assert found == [
        {
            "region_code": code,
            "latest_accepted_snapshot": SNAPSHOT_2,
            "age_days": age,
            "freshness_days": 35,
            "is_stale": age > 35,
        }
        for code in (REGION, COPY_REGION)
    ]
    assert today >= dt.date(2026, 11, 1)  # so the fixture's July snapshot is indeed stale (> 35 days)
    assert all(r["is_stale"] for r in found)
