"""`mutasi bench` on a tiny selection (1 region × 60 employees, 1 snapshot): the report has every stage.

No timed assertions (SPEC §8): only the shape of the JSON and that times are non-negative.
"""

from __future__ import annotations

import argparse
import json
import os

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

STAGES = ("generate", "ingest", "validate", "dbt", "recommend", "publish", "orchestration overhead")


@pytest.fixture(scope="module")
def bench_json(tmp_path_factory):
    from mutasi_cli import bench

    out = tmp_path_factory.mktemp("bench")
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    args = parser.parse_args(
        [
            "--regions",
            "6171",
            "--employees",
            "60",
            "--snapshots",
            "1",
            "--seed",
            "3",
            "--synthetic-employees",
            "300",
            "--tmp-dir",
            str(out),
            "--json",
            str(out / "bench.json"),
        ]
    )
    before = {k: os.environ.get(k) for k in bench.ENV_KEYS}
    code = bench.main(args)
    after = {k: os.environ.get(k) for k in bench.ENV_KEYS}
    return code, json.loads((out / "bench.json").read_text("utf-8")), before, after, out


def test_bench_succeeds_and_restores_the_environment(bench_json):
    code, result, before, after, out = bench_json
    assert code == 0, result.get("runs")
    assert result["success"] is True
    assert before == after
    # the temporary data directory is gone; the Dagster events and dbt's log of the two runs (the province
    # and the one-region refresh) stay in log files beside the JSON instead of on the console
    names = sorted(p.name for p in out.iterdir())
    logs = [n for n in names if n.startswith("mutasi-bench-") and n.endswith(".log")]
    assert names == sorted(["bench.json", *logs]) and 1 <= len(logs) <= 2, names
    text = "".join((out / n).read_text("utf-8", errors="replace") for n in logs)
    assert "RUN_SUCCESS" in text and "STEP_START" in text


def test_every_stage_has_a_non_negative_time(bench_json):
    _, result, _, _, _ = bench_json
    assert list(result["stages"])[: len(STAGES)] == list(STAGES)
    for name in STAGES:
        stage = result["stages"][name]
        assert stage["seconds"] >= 0, name
        assert stage["rows_per_second"] is None or stage["rows_per_second"] >= 0, name
        for key in ("peak_rss_mb", "peak_rss_with_children_mb"):
            assert stage[key] is None or stage[key] >= 0, (name, key)
    for name in ("generate", "ingest", "validate", "dbt", "recommend", "publish"):
        assert result["stages"][name]["rows"] > 0, name
    # every pipeline step of the Dagster run was timed from the event log and mapped to a stage
    steps = {s["step"]: s for s in result["steps"]}
    assert {
        "landed_extracts",
        "validated_extracts",
        "dbt_core",
        "dbt_evaluation",
        "mutation_plan",
        "regency_packages",
        "province_packages",
    } <= set(steps)
    assert all(s["seconds"] >= 0 and s["status"] == "success" for s in steps.values())
    assert result["end_to_end_seconds"] >= sum(s["seconds"] for s in steps.values()) - 1e-6


def test_floor_and_ratio(bench_json):
    _, result, _, _, _ = bench_json
    floor = result["floor"]
    assert floor["seconds"] >= 0 and floor["rows"] > 0
    assert floor["csv"]["files"] + floor["xlsx"]["files"] + floor["parquet"]["files"] == result["generate"]["files"]
    assert result["ratio_end_to_end_to_floor"] is not None and result["ratio_end_to_end_to_floor"] > 0


def test_memory_and_optimiser_figures(bench_json):
    _, result, _, _, _ = bench_json
    assert result["rusage"]["self_max_rss_mb"] > 0
    assert result["rusage"]["children_max_rss_mb"] >= 0
    opt = result["optimiser"]
    assert opt["region_snapshots"] == 1 and opt["all_optimal"] is True and opt["max_mip_gap"] == 0
    call = result["optimiser_calls"][0]
    assert call["region"] == "6171" and call["solver_seconds"] >= 0 and call["greedy_seconds"] >= 0
    assert result["synthetic"]["employees"] == 300 and result["synthetic"]["solver_status"] == "optimal"
    assert result["dbt"] and all(inv["dbt_elapsed_seconds"] >= 0 for inv in result["dbt"])


def test_refresh_of_one_region_names_only_its_new_snapshot(bench_json):
    """SPEC §8: the one-region refresh adds the next month's snapshot and dbt names exactly that one."""
    _, result, _, _, _ = bench_json
    refresh = result["refresh"]
    assert refresh["success"] is True and refresh["region"] == "6171"
    assert len(refresh["snapshots_added"]) == 1
    added = refresh["snapshots_added"][0]
    assert f"dbt dbt_core: 1 changed region snapshot(s): 6171:{added}" in refresh["dbt_scope"]
    assert refresh["seconds"] > 0 and refresh["share_of_full_run"] > 0
    assert {s["step"] for s in refresh["steps"]} >= {
        "validated_extracts",
        "dbt_core",
        "mutation_plan",
        "regency_packages",
    }


def test_landing_generated_earlier_is_linked_not_regenerated(tmp_path):
    """`--landing DIR`: the selected regions' files are hard-linked (same bytes and mtimes), others not."""
    from mutasi_cli.bench import link_landing

    source = tmp_path / "pregenerated"
    for region in ("6171", "3402"):
        (source / region / "2026-10-31").mkdir(parents=True)
        (source / region / "2026-10-31" / "pegawai.csv").write_text(f"nip\n{region}\n", encoding="utf-8")
    os.utime(source / "6171" / "2026-10-31" / "pegawai.csv", (1_700_000_000, 1_700_000_000))
    landing = tmp_path / "landing"
    linked = link_landing(source, landing, ["6171"])
    copy = landing / "6171" / "2026-10-31" / "pegawai.csv"
    assert linked["files"] == 1 and linked["landing_bytes"] == len("nip\n6171\n")
    assert copy.read_text("utf-8") == "nip\n6171\n" and copy.stat().st_mtime == 1_700_000_000
    assert not (landing / "3402").exists()
    with pytest.raises(SystemExit, match="5271"):
        link_landing(source, tmp_path / "other", ["5271"])


def test_optimiser_calls_count_each_region_snapshot_once():
    """A run over 27 regions is listed once per region and materialises the plan once per partition: the
    report must still count each region snapshot once (it listed 729 for a 27-region province before)."""
    from types import SimpleNamespace as NS

    from mutasi_cli.bench import optimiser_calls

    def call(region):
        return {"region": region, "snapshot": "2026-12-05", "moves": 3, "seconds": 0.5}

    plan = NS(
        asset_key=NS(path=["mutation_plan"]),
        metadata={"solver_calls": NS(value=[call("3201"), call("3202")])},
    )
    record = NS(dagster_event=NS(event_specific_data=NS(materialization=plan)))

    class Instance:
        def all_logs(self, run_id, of_type):
            return [record, record]  # one materialisation per partition, same metadata

    calls = optimiser_calls(Instance(), ["run-1", "run-1", "run-1"])
    assert [(c["region"], c["moves"], c["solver_seconds"]) for c in calls] == [("3201", 3, 0.5), ("3202", 3, 0.5)]
