"""The real pipeline, end to end: generated extracts → Dagster (real definitions) → dbt → packages.

One module-scoped run over a temporary data directory (two regions, CSV and XLSX, two snapshots, some
damaged rows, plus a folder that is no region), then assertions a user would notice.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from mutasi.config import data_paths

REGIONS = {"6171": "csv", "3402": "xlsx"}
AS_OF = dt.date(2026, 11, 1)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    from mutasi.generate import generate_extracts
    from mutasi_cli.runner import run_pipeline

    root = tmp_path_factory.mktemp("e2e") / "data"
    old = {k: os.environ.get(k) for k in ("MUTASI_DATA_DIR", "DAGSTER_HOME")}
    os.environ["MUTASI_DATA_DIR"] = str(root)
    paths = data_paths(root)
    for region, fmt in REGIONS.items():
        generate_extracts(
            paths.landing, [region], employees=150, snapshots=2, as_of=AS_OF, dirty_share=0.02, seed=7, file_format=fmt
        )
    (paths.landing / "9999" / AS_OF.isoformat()).mkdir(parents=True)  # not a region: reported, ignored
    messages: list[str] = []
    outcomes = run_pipeline(paths, log=messages.append)
    yield paths, outcomes, messages
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def query(paths, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return con.execute(sql).df()


def test_run_succeeds_in_one_dagster_run_recorded_in_the_instance(pipeline):
    paths, outcomes, messages = pipeline
    assert [o.success for o in outcomes] == [True], [o.errors for o in outcomes]
    assert any("'9999' is not a region code" in m for m in messages)
    from dagster import DagsterInstance

    instance = DagsterInstance.get()
    run = instance.get_run_by_id(outcomes[0].run_id)
    assert run is not None and run.is_success
    assert Path(os.environ["DAGSTER_HOME"]) == paths.dagster_home


def test_marts_hold_every_region_and_snapshot(pipeline):
    paths, _, _ = pipeline
    for table in ("position_workload", "employee_indices", "employee_eligibility", "regency_scorecards"):
        keys = query(paths, f"select distinct region_code, snapshot_date from marts.{table} order by 1, 2")
        assert sorted(keys["region_code"].unique()) == sorted(REGIONS), table
        assert len(keys) == 4, table
    scorecards = query(paths, "select * from marts.regency_scorecards")
    assert len(scorecards) == 4


def test_every_row_read_is_valid_or_quarantined(pipeline):
    paths, _, _ = pipeline
    files = query(paths, "select * from audit.ingested_files where rows_read > 0")
    assert len(files) > 0
    assert (files["rows_read"] == files["rows_valid"] + files["rows_quarantined"]).all()
    quarantined = query(paths, "select * from audit.quarantined_rows")
    assert len(quarantined) > 0  # the generator damaged 2 % of rows
    assert quarantined["source_row"].min() >= 2 and quarantined["rule"].notna().all()


def test_recommendations_respect_the_hard_rules(pipeline):
    paths, _, _ = pipeline
    moves = query(
        paths,
        """
        select r.*, f.position_type as from_type, t.position_type as to_type, e.is_eligible
        from marts.mutation_recommendations r
        join marts.position_workload f on f.region_code = r.region_code and f.snapshot_date = r.snapshot_date
             and f.position_code = r.from_position_code
        join marts.position_workload t on t.region_code = r.region_code and t.snapshot_date = r.snapshot_date
             and t.position_code = r.to_position_code
        join marts.employee_eligibility e on e.region_code = r.region_code and e.snapshot_date = r.snapshot_date
             and e.nip = r.nip""",
    )
    assert len(moves) > 0
    assert (moves["from_type"] == moves["to_type"]).all()
    assert moves["is_eligible"].all()
    assert moves.groupby(["region_code", "snapshot_date", "nip"]).size().max() == 1
    assert moves["explanation"].str.len().min() > 20


def test_optimiser_and_dbt_agree_on_job_fit_including_the_major(pipeline):
    """The optimiser (Python) and int_employees_profile_matched (dbt) compute job fit separately: at the
    employee's current post they must agree to 4 decimals, majors outside jurusan_syarat included."""
    paths, _, _ = pipeline
    both = query(
        paths,
        """
        select r.job_fit_before, i.job_fit_score, i.meets_major_requirement
        from marts.mutation_recommendations r
        join marts.employee_indices i using (region_code, snapshot_date, nip)
        where i.job_fit_score is not null""",
    )
    assert len(both) > 0
    assert (both["job_fit_before"].round(4) == both["job_fit_score"].round(4)).all()
    # the demo holds moves of people whose major does not meet their post's (the case being checked)
    assert (~both["meets_major_requirement"]).sum() > 0


def test_packages_are_published_for_each_region_and_snapshot(pipeline):
    paths, _, _ = pipeline
    for region in REGIONS:
        snapshots = sorted(p.name for p in (paths.outputs / region).iterdir() if not p.name.startswith("."))
        assert len(snapshots) == 2
        for snapshot in snapshots:
            package = paths.outputs / region / snapshot
            manifest = json.loads((package / "manifest.json").read_text())
            assert manifest["region"]["code"] == region and manifest["snapshot_date"] == snapshot
            moves = query(
                paths,
                f"select count(*) as n from marts.mutation_recommendations where "
                f"region_code = '{region}' and snapshot_date = '{snapshot}'",
            )["n"][0]
            assert manifest["tables"]["mutation_recommendations"]["rows"] == moves
            assert (package / "scorecard.html").exists()
            assert (package / f"paket_{region}_{snapshot}.xlsx").exists()
            assert (package / "csv" / "position_workload.csv").exists()
    provinces = sorted(p.name for p in (paths.outputs / "province").iterdir())
    assert provinces == ["34", "61"]


def test_a_package_holds_only_its_own_region(pipeline):
    paths, _, _ = pipeline
    nips = query(paths, "select distinct region_code, nip from marts.employee_indices")
    for region in REGIONS:
        foreign = set(nips.loc[nips["region_code"] != region, "nip"])
        for path in (paths.outputs / region).rglob("*.csv"):
            text = path.read_text(encoding="utf-8-sig")
            assert not any(nip in text for nip in foreign), path


def test_rerun_with_unchanged_landing_is_idempotent(pipeline):
    from mutasi_cli.runner import run_pipeline

    paths, _, _ = pipeline
    before = query(paths, "select count(*) as n from audit.ingested_files")["n"][0]
    marts_before = query(paths, "select count(*) as n from marts.employee_indices")["n"][0]
    outcomes = run_pipeline(paths, log=lambda *_: None)
    assert [o.success for o in outcomes] == [True]
    assert query(paths, "select count(*) as n from audit.ingested_files")["n"][0] == before
    assert query(paths, "select count(*) as n from marts.employee_indices")["n"][0] == marts_before


def _dbt_scope_messages(run_id: str) -> list[str]:
    from dagster import DagsterInstance

    return [e.user_message for e in DagsterInstance.get().all_logs(run_id) if e.user_message.startswith("dbt dbt_")]


def test_a_redelivered_snapshot_rebuilds_only_that_snapshot_in_dbt(pipeline):
    """Issue 4: a new delivery of one region snapshot is passed to dbt by name; other regions stay as built."""
    from mutasi_cli.runner import run_pipeline

    paths, _, _ = pipeline
    latest = sorted(p.name for p in (paths.landing / "6171").iterdir())[-1]
    pegawai = next((paths.landing / "6171" / latest).glob("pegawai*"))
    nips = set(
        query(
            paths,
            f"select nip from marts.employee_indices where region_code = '6171' and snapshot_date = date '{latest}'",
        )["nip"]
    )
    lines = pegawai.read_bytes().decode("utf-8-sig").splitlines(keepends=True)
    drop = max(i for i, line in enumerate(lines) if i > 0 and any(nip in line for nip in nips))
    # the corrected delivery lacks one (valid) employee
    pegawai.write_text("".join(lines[:drop] + lines[drop + 1 :]), encoding="utf-8")
    other_before = query(
        paths, "select * from marts.employee_indices where region_code = '3402' order by snapshot_date, nip"
    )
    count_before = query(
        paths,
        f"select count(*) as n from marts.employee_indices where region_code = '6171' "
        f"and snapshot_date = date '{latest}'",
    )["n"][0]

    outcomes = run_pipeline(paths, only_regions=["6171"], log=lambda *_: None)
    assert [o.success for o in outcomes] == [True], [o.errors for o in outcomes]
    messages = _dbt_scope_messages(outcomes[0].run_id)
    assert f"dbt dbt_core: 1 changed region snapshot(s): 6171:{latest}" in messages, messages
    assert f"dbt dbt_evaluation: 1 changed region snapshot(s): 6171:{latest}" in messages, messages
    count_after = query(
        paths,
        f"select count(*) as n from marts.employee_indices where region_code = '6171' "
        f"and snapshot_date = date '{latest}'",
    )["n"][0]
    assert count_after == count_before - 1
    other_after = query(
        paths, "select * from marts.employee_indices where region_code = '3402' order by snapshot_date, nip"
    )
    pd.testing.assert_frame_equal(other_after, other_before)
    state = json.loads((paths.state / "builds" / "dbt_core.json").read_text("utf-8"))
    assert state["run_id"] == outcomes[0].run_id
    # only the re-delivered snapshot's package is published again: 3402's and 6171's earlier one are not
    package_runs = {
        (p.parent.parent.name, p.parent.name): json.loads(p.read_text("utf-8"))["run_id"]
        for p in paths.outputs.glob("[0-9][0-9][0-9][0-9]/*/manifest.json")
    }
    assert {key for key, run in package_runs.items() if run == outcomes[0].run_id} == {("6171", latest)}
    assert len(package_runs) == 4
    # the provincial consolidation of 6171's province (61) is re-published, that of 3402's (34) is not
    run_ids = {
        p.parent.parent.name: json.loads(p.read_text("utf-8"))["run_id"]
        for p in (paths.outputs / "province").glob(f"*/{latest}/manifest.json")
    }
    assert run_ids["61"] == outcomes[0].run_id and run_ids["34"] != outcomes[0].run_id, run_ids


def test_what_if_from_the_cli_and_as_a_dagster_job(pipeline, capsys):
    """Re-plan 6171's latest snapshot with a 1 % budget: written under whatif/, not published; the re-plan
    with the current parameters is the published plan."""
    from dagster import DagsterInstance

    from mutasi_cli.main import main
    from orchestration.definitions import defs

    paths, _, _ = pipeline
    before = sorted(p.name for p in paths.outputs.rglob("*"))
    assert main(["whatif", "--region", "6171", "--set", "max_moves_share=0.01"]) == 0
    out = capsys.readouterr().out
    assert "the current plan is the published one" in out
    (summary,) = list((paths.root / "whatif" / "6171").glob("*/*/summary.json"))
    data = json.loads(summary.read_text("utf-8"))
    assert data["overrides"] == {"max_moves_share": 0.01} and data["reproduces_published"] is True
    assert data["moves_what_if"] <= 1 <= data["moves_current"]  # floor(0.01 x ~150) = 1
    result = defs.resolve_job_def("whatif").execute_in_process(
        instance=DagsterInstance.get(),
        run_config={"ops": {"what_if_plan": {"config": {"region_code": "3402", "overrides": {"weight_job_fit": "3"}}}}},
    )
    assert result.success
    assert len(list((paths.root / "whatif" / "3402").glob("*/*/moves.csv"))) == 1
    assert sorted(p.name for p in paths.outputs.rglob("*")) == before  # nothing published
