"""The province level end to end (issue 17): two regencies of Kalimantan Barat (6171 Kota Pontianak, 6172 Kota
Singkawang) and one regency alone in its province (3402 Bantul), through the real pipeline.

What a user would notice: the governor's BKD gets the named inter-regency moves and the provincial talent pool
in a restricted package of its own; the public province package and every regency package hold only what is
theirs to see; a province of one regency gets an empty inter-regency plan and no error; no person or seat is
claimed by both a regency's own plan and the inter-regency plan.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import zipfile

import duckdb
import pandas as pd
import pytest

from mutasi.config import data_paths

REGIONS = ("6171", "6172", "3402")
AS_OF = dt.date(2026, 11, 1)
NIP = re.compile(r"(?<![\d.])(?:19|20)\d{16}(?!\d)")  # an NIP starts with the birth year

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    from mutasi.generate import generate_extracts
    from mutasi_cli.runner import run_pipeline

    root = tmp_path_factory.mktemp("province") / "data"
    old = {k: os.environ.get(k) for k in ("MUTASI_DATA_DIR", "DAGSTER_HOME")}
    os.environ["MUTASI_DATA_DIR"] = str(root)
    paths = data_paths(root)
    generate_extracts(paths.landing, list(REGIONS), employees=400, snapshots=1, as_of=AS_OF, dirty_share=0.0, seed=3)
    outcomes = run_pipeline(paths, log=lambda *_: None)
    yield paths, outcomes
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def query(paths, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return con.execute(sql).df()


def _texts(folder) -> dict[str, str]:
    """Every file of a package as text: CSV, HTML, JSON, the workbook's XML parts; Parquet via pandas."""
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                out[str(path)] = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        elif path.suffix == ".parquet":
            out[str(path)] = pd.read_parquet(path).astype(str).to_csv()
        else:
            out[str(path)] = path.read_text("utf-8", errors="replace")
    return out


def test_the_run_succeeds_and_the_province_gets_interregency_moves(province):
    paths, outcomes = province
    assert [o.success for o in outcomes] == [True], [o.errors for o in outcomes]
    moves = query(paths, "select * from marts.interregency_recommendations")
    assert len(moves) > 0
    assert set(moves["province_code"]) == {"61"}
    assert (moves["from_region_code"] != moves["to_region_code"]).all()
    assert set(moves["from_region_code"]) | set(moves["to_region_code"]) <= {"6171", "6172"}
    assert set(moves["position_type"]) <= {"pelaksana", "fungsional"}
    assert moves["explanation"].str.contains("Kota Pontianak").all()
    assert moves["explanation"].str.contains("Kota Singkawang").all()
    # the caps: at most max(1, floor(1 % x 400)) = 4 leave and 4 arrive per regency
    assert moves["from_region_code"].value_counts().max() <= 4
    assert moves["to_region_code"].value_counts().max() <= 4


def test_every_interregency_move_obeys_the_hard_rules(province):
    paths, _ = province
    checked = query(
        paths,
        """
        select m.nip, e.is_eligible, e.is_due_for_rotation, e.willing_to_move, m.is_willing,
            src.position_type as from_type, dst.position_type as to_type,
            src.job_family as from_family, dst.job_family as to_family,
            src.job_level as from_level, dst.job_level as to_level,
            e.education_rank, minimum.education_rank as min_rank
        from marts.interregency_recommendations m
        join marts.employee_eligibility e
            on e.region_code = m.from_region_code and e.snapshot_date = m.snapshot_date and e.nip = m.nip
        join marts.position_workload src on src.region_code = m.from_region_code
            and src.snapshot_date = m.snapshot_date and src.position_code = m.from_position_code
        join marts.position_workload dst on dst.region_code = m.to_region_code
            and dst.snapshot_date = m.snapshot_date and dst.position_code = m.to_position_code
        left join params.education_levels minimum on minimum.education_level = dst.min_education
    """,
    )
    assert len(checked) == len(query(paths, "select nip from marts.interregency_recommendations"))
    assert checked["is_eligible"].all()  # lateral, education, years in post, sanctions, SKP, retirement
    assert (checked["from_type"] == checked["to_type"]).all()
    assert (checked["education_rank"] >= checked["min_rank"].fillna(-1)).all()
    assert (checked["from_level"].fillna("") == checked["to_level"].fillna("")).all()
    # willing across regencies or due for rotation
    assert (checked["is_willing"] | checked["is_due_for_rotation"]).all()
    assert not (checked["is_willing"] & (checked["willing_to_move"] != True)).any()  # noqa: E712


def test_no_person_or_seat_is_claimed_by_both_plans(province):
    paths, _ = province
    both = query(
        paths,
        """
        select m.nip from marts.interregency_recommendations m
        join marts.mutation_recommendations r
            on r.region_code = m.from_region_code and r.snapshot_date = m.snapshot_date and r.nip = m.nip
    """,
    )
    assert both.empty
    # every target post: the regency's own plan and the inter-regency arrivals together stay within its need
    over = query(
        paths,
        """
        with inflow as (
            select to_region_code as region_code, snapshot_date, to_position_code as position_code, count(*) as n
            from marts.interregency_recommendations group by all
        ),
        own_in as (
            select region_code, snapshot_date, to_position_code as position_code, count(*) as n
            from marts.mutation_recommendations group by all
        ),
        own_out as (
            select region_code, snapshot_date, from_position_code as position_code, count(*) as n
            from marts.mutation_recommendations group by all
        )
        select p.region_code, p.position_code, p.required_headcount, p.current_staff,
            coalesce(own_in.n, 0) - coalesce(own_out.n, 0) as own_net, inflow.n as arrivals
        from inflow
        join marts.position_workload p using (region_code, snapshot_date, position_code)
        left join own_in using (region_code, snapshot_date, position_code)
        left join own_out using (region_code, snapshot_date, position_code)
        where p.current_staff + coalesce(own_in.n, 0) - coalesce(own_out.n, 0) + inflow.n > p.required_headcount
    """,
    )
    assert over.empty, over


def test_a_province_of_one_regency_has_an_empty_plan_and_no_error(province):
    paths, _ = province
    (folder,) = list((paths.lake / "interregency_recommendations" / "province_code=34").glob("snapshot_date=*"))
    assert len(pd.read_parquet(folder / "data.parquet")) == 0
    totals = query(
        paths, "select interregency_moves, region_count from marts.province_scorecards where province_code = '34'"
    )
    assert totals.values.tolist() == [[0, 1]]
    manifest = json.loads(
        next((paths.outputs / "terbatas" / "province" / "34").glob("*/manifest.json")).read_text("utf-8")
    )
    assert manifest["tables"]["interregency_recommendations"]["rows"] == 0


def test_the_restricted_package_is_for_the_provincial_bkd_and_holds_the_named_moves(province):
    paths, _ = province
    (folder,) = list((paths.outputs / "terbatas" / "province" / "61").iterdir())
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert (manifest["package"], manifest["access"], manifest["audience"]) == (
        "province_restricted",
        "restricted",
        "BKD provinsi",
    )
    moves = query(paths, "select nip from marts.interregency_recommendations where province_code = '61'")
    pool = query(paths, "select nip from marts.provincial_talent_pool where province_code = '61'")
    assert manifest["tables"]["interregency_recommendations"]["rows"] == len(moves)
    assert manifest["tables"]["provincial_talent_pool"]["rows"] == len(pool)
    published = pd.read_csv(folder / "csv" / "interregency_recommendations.csv", dtype=str)
    assert sorted(published["nip"]) == sorted(moves["nip"])
    # only people of the province's own regencies
    people = query(paths, "select region_code, nip from marts.employee_indices")
    outside = set(people.loc[~people["region_code"].str.startswith("61"), "nip"])
    for name, text in _texts(folder).items():
        assert not set(NIP.findall(text)) & outside, name
    assert (folder / "BACA_DULU.txt").read_text("utf-8").startswith("TERBATAS")
    # the talent pool draws on both regencies and ranks like the succession lists
    pool = pd.read_csv(folder / "csv" / "provincial_talent_pool.csv", dtype=str)
    assert set(pool["candidate_region_code"].dropna()) == {"6171", "6172"}
    assert (pool["is_same_regency"].dropna() == "False").any()


def test_the_public_province_package_holds_no_person(province):
    paths, _ = province
    for folder in (paths.outputs / "province").glob("*/*"):
        for name, text in _texts(folder).items():
            assert not NIP.findall(text), name


def test_a_regency_package_shows_only_its_own_side_of_the_interregency_moves(province):
    paths, _ = province
    people = query(paths, "select region_code, nip from marts.employee_indices")
    moves = query(paths, "select * from marts.interregency_recommendations")
    for region in ("6171", "6172"):
        (folder,) = [p for p in (paths.outputs / region).iterdir() if not p.name.startswith(".")]
        seen = pd.read_csv(folder / "csv" / "interregency_moves.csv", dtype=str)
        leaving = seen[seen["direction"] == "keluar"]
        arriving = seen[seen["direction"] == "masuk"]
        assert sorted(leaving["nip"]) == sorted(moves.loc[moves["from_region_code"] == region, "nip"])
        assert len(arriving) == (moves["to_region_code"] == region).sum()
        assert arriving["nip"].isna().all() and arriving["name"].isna().all()
        # no NIP of another regency anywhere in the package (workbook, CSV, Parquet, HTML, manifest)
        foreign = set(people.loc[people["region_code"] != region, "nip"])
        for name, text in _texts(folder).items():
            assert not set(NIP.findall(text)) & foreign, name


def test_the_console_shows_progress_and_the_result_and_keeps_the_log_in_a_file(province, capfd):
    """`mutasi run` as a newcomer sees it (issue 18): a line per stage, a table per region, the paths to
    open; no Dagster DEBUG event and no dbt node line on the console, all of them in the log file."""
    from mutasi_cli.main import main

    paths, _ = province
    assert main(["run"]) == 0
    shown = capfd.readouterr()
    lines = (shown.out + shown.err).splitlines()
    assert len(lines) <= 40, "\n".join(lines)
    text = "\n".join(lines)
    assert " - dagster - DEBUG - " not in text and not re.search(r"\d+ of \d+ (START|OK|PASS)", text)
    assert "validate" in text and "publish provinces" in text  # the stages
    assert "6171 Kota Pontianak" in text and "6172 Kota Singkawang" in text and "3402 Kabupaten Bantul" in text
    assert "restricted, BKD only: terbatas/province/61/" in text
    (log_line,) = [line for line in lines if line.startswith("log: ")]
    log_file = log_line.split()[1]
    logged = open(log_file, encoding="utf-8", errors="replace").read()
    assert " - dagster - DEBUG - " in logged and "STEP_SUCCESS" in logged


def test_verbose_brings_the_events_back_to_the_console(province, capfd):
    from mutasi_cli.main import main

    assert main(["run", "--verbose"]) == 0
    shown = capfd.readouterr()
    assert " - dagster - DEBUG - " in shown.out + shown.err
    assert "log: " not in shown.out


def test_every_label_on_every_scorecard_is_in_the_glossary(province):
    """Issue 18: every heading, column header and figure label a BKPSDM officer reads on the regency and
    province scorecards of a real run comes from the one Bahasa Indonesia glossary; the story comes first."""
    from tests.publish.publish_readers import TEMPLATE_HEADINGS, glossary, parse

    paths, _ = province
    pages = sorted(p for p in paths.outputs.rglob("scorecard.html") if "terbatas" not in p.parts)
    assert len(pages) == 5, pages  # three regencies, two provinces
    words = glossary() | TEMPLATE_HEADINGS
    for page in pages:
        parsed = parse(page.read_text(encoding="utf-8"))
        assert parsed.sections[:3] == ["ringkasan", "masalah", "rekomendasi"], page
        unknown = sorted({t for t in parsed.labelled if t} - words)
        assert not unknown, f"{page.relative_to(paths.outputs)}: labels not in the glossary: {unknown}"


@pytest.mark.parametrize(
    "regions, planned", [(REGIONS, [("34", 1), ("61", 2)]), (("6171", "6172"), [("61", 2)])], ids=["both", "one"]
)
def test_the_province_plan_is_the_same_in_worker_processes(province, tmp_path, regions, planned):
    """Planned again in two worker processes (each province's plan and talent pool side by side, the
    provinces one after the other: province_tasks), every province snapshot gets the same moves and talent
    pool as the run wrote from its own process."""
    import shutil

    from mutasi.params import SEEDS_DIR
    from mutasi.recommend import load_recommend_params
    from mutasi.recommend.interregency import load_interregency_rules
    from mutasi.recommend.province import MOVES_TABLE, POOL_TABLE, plan_provinces

    paths, _ = province
    again = data_paths(tmp_path / "data")
    shutil.copytree(paths.lake / "recommendations", again.lake / "recommendations")
    stats, failed = plan_provinces(
        paths.warehouse,
        again,
        list(regions),
        load_recommend_params(SEEDS_DIR),
        load_interregency_rules(SEEDS_DIR),
        "again",
        "v",
        workers=2,
    )
    assert failed == []
    assert [(row["province"], row["regions"]) for row in stats] == planned
    for table in (MOVES_TABLE, POOL_TABLE):
        for after in sorted((again.lake / table).rglob("*.parquet")):
            before = paths.lake / table / after.relative_to(again.lake / table)
            drop = ["run_id", "params_version"]
            pd.testing.assert_frame_equal(
                pd.read_parquet(after).drop(columns=drop), pd.read_parquet(before).drop(columns=drop)
            )
        assert len(list((again.lake / table).rglob("*.parquet"))) == len(planned)
    moves = sum(len(pd.read_parquet(f)) for f in (again.lake / MOVES_TABLE).rglob("*.parquet"))
    assert moves == sum(row["moves"] for row in stats) > 0
