"""Validation in worker processes (`MUTASI_VALIDATE_WORKERS` > 1) writes the same lake as validation in the
step's own process, keeps one region's snapshots in date order, and isolates failures per snapshot."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from mutasi.config import data_paths, partition_path
from mutasi.ingest.landing import LandingSnapshot
from mutasi.ingest.snapshot import SnapshotOutcome

REGIONS = ["1277", "3402", "6171"]
AS_OF = dt.date(2026, 11, 1)
FAULTY = ("3402", "2026-11-01")  # its quality folder is a file: writing the GX report raises
VOLATILE = {"validated_at", "ingested_at", "run_id"}  # differ between any two runs


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    from mutasi.generate import generate_extracts

    root = tmp_path_factory.mktemp("landing")
    generate_extracts(root, REGIONS, employees=80, snapshots=2, as_of=AS_OF, dirty_share=0.05, seed=5)
    return root


def _validate(root: Path, landing: Path, workers: int):
    """One Dagster run of validated_extracts over every region, with `workers` validation processes."""
    from dagster import DagsterInstance, materialize

    import orchestration.validate as module

    shutil.copytree(landing, root / "landing")  # copy2: same bytes and mtimes (timeliness) in both lakes
    faulty = partition_path(root / "lake" / "quality", *FAULTY)
    faulty.parent.mkdir(parents=True)
    faulty.write_text("not a folder")
    saved = {k: os.environ.get(k) for k in ("MUTASI_DATA_DIR",)}
    os.environ.update({"MUTASI_DATA_DIR": str(root)})
    try:
        instance = DagsterInstance.ephemeral()
        instance.add_dynamic_partitions("region", REGIONS)
        from orchestration.resources import default_resources

        # the number of worker processes as a data engineer sets it for one run (the launchpad's run config)
        result = materialize(
            [module.validated_extracts],
            instance=instance,
            raise_on_error=False,
            resources=default_resources(),
            run_config={"ops": {"validated_extracts": {"config": {"workers": workers}}}},
            tags={"dagster/asset_partition_range_start": REGIONS[0], "dagster/asset_partition_range_end": REGIONS[-1]},
        )
        logs = [e.user_message for e in instance.all_logs(result.run_id)]
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    faulty.unlink()
    return result, logs


@pytest.fixture(scope="module")
def runs(landing, tmp_path_factory):
    serial = tmp_path_factory.mktemp("serial") / "data"
    parallel = tmp_path_factory.mktemp("parallel") / "data"
    return {
        "serial": (serial, *_validate(serial, landing, 1)),
        "parallel": (parallel, *_validate(parallel, landing, 2)),
    }


def _content(path: Path):
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
        return frame.drop(columns=sorted(VOLATILE & set(frame.columns)))
    if path.suffix == ".json":
        return {k: v for k, v in json.loads(path.read_text("utf-8")).items() if k not in VOLATILE}
    return path.read_text("utf-8")


def _lake(root: Path) -> dict[str, object]:
    """Everything validation writes: the lake and the delivery manifests (state/manifests)."""
    lake, manifests = root / "lake", root / "state" / "manifests"
    found = {str(p.relative_to(lake)): _content(p) for p in sorted(lake.rglob("*")) if p.is_file()}
    return found | {
        f"manifests/{p.relative_to(manifests)}": _content(p) for p in sorted(manifests.rglob("*")) if p.is_file()
    }


def test_the_parallel_path_really_ran_in_worker_processes(runs):
    _, serial, serial_logs = runs["serial"]
    _, parallel, parallel_logs = runs["parallel"]
    assert serial.success and parallel.success
    assert any("6 snapshot(s) of 3 region(s) in 2 processes" in m for m in parallel_logs)
    assert not any("processes" in m for m in serial_logs)


def test_parallel_and_serial_write_the_same_lake(runs):
    serial, parallel = _lake(runs["serial"][0]), _lake(runs["parallel"][0])
    assert sorted(serial) == sorted(parallel)
    assert any(k.startswith("clean/pegawai/") for k in serial) and any(k.startswith("audit/") for k in serial)
    assert any(k.startswith("manifests/") for k in serial) and any(k.endswith("gx_validation.json") for k in serial)
    for key, expected in serial.items():
        if isinstance(expected, pd.DataFrame):
            assert_frame_equal(parallel[key], expected, check_exact=True, obj=key)
        else:
            assert parallel[key] == expected, key


def test_parallel_and_serial_report_the_same(runs):
    def report(result):
        materialized = {
            str(m.asset_key.path): m.metadata for m in result.asset_materializations_for_node("validated_extracts")
        }
        checks = {e.check_name: (e.passed, e.metadata) for e in result.get_asset_check_evaluations()}
        return materialized, checks

    assert report(runs["parallel"][1]) == report(runs["serial"][1])


@pytest.mark.parametrize("mode", ["serial", "parallel"])
def test_an_exception_rejects_only_its_snapshot(runs, mode):
    root, result, logs = runs[mode]
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    rejected = checks["snapshots_usable"].metadata["rejected"].value
    assert [(r["region"], r["snapshot"]) for r in rejected] == [FAULTY]
    assert rejected[0]["message"].startswith("internal error while validating: FileExistsError(")
    assert any(m.startswith(f"[{FAULTY[0]} {FAULTY[1]}] Traceback") for m in logs)  # the traceback is logged
    paths = data_paths(root)
    manifests = sorted(p.relative_to(paths.manifests).as_posix() for p in paths.manifests.rglob("*.json"))
    assert manifests == sorted(
        f"{r}/{d}.json" for r in REGIONS for d in ("2026-10-01", "2026-11-01") if (r, d) != FAULTY
    )  # every other snapshot went through


# --- the scheduler itself, with a stand-in for process_snapshot (run in the worker processes) ---------------


def _timed(task):
    """Stand-in for `validate_one`: 0.4 s of work, reports when and where it ran; region 0002 kills its
    worker process."""
    _, snap, _ = task
    if snap.region_code == "0002":
        os._exit(3)
    start = time.time()
    time.sleep(0.4)
    message = f"{start} {time.time()} {os.getpid()}"
    return SnapshotOutcome(snap.region_code, snap.snapshot_date, "accepted", message), [], None


def _snapshots(*regions: tuple[str, int]) -> list[list[LandingSnapshot]]:
    return [
        [LandingSnapshot(code, f"2026-{m:02d}-01", Path(f"/nowhere/{code}/{m}")) for m in range(1, n + 1)]
        for code, n in regions
    ]


def test_one_region_is_validated_in_date_order_regions_side_by_side(tmp_path):
    from mutasi.ingest.validation import validate_regions

    work = _snapshots(("0001", 3), ("0003", 3))
    done = list(validate_regions(data_paths(tmp_path), work, "run", 2, validate=_timed))
    assert sorted((s.region_code, s.snapshot_date) for s, _ in done) == sorted(
        (s.region_code, s.snapshot_date) for snaps in work for s in snaps
    )
    spans = {
        s: tuple(map(float, r[0].message.split()[:2]))
        for s, r in ((f"{s.region_code} {s.snapshot_date}", r) for s, r in done)
    }
    for snaps in work:
        keys = [f"{s.region_code} {s.snapshot_date}" for s in snaps]
        for before, after in zip(keys, keys[1:]):  # the next snapshot starts after the previous one ended
            assert spans[after][0] >= spans[before][1], (before, after)
    pids = {r[0].message.split()[2] for _, r in done}
    assert len(pids) == 2 and str(os.getpid()) not in pids  # two worker processes, not the step's process
    region = {
        code: (
            min(v[0] for k, v in spans.items() if k.startswith(code)),
            max(v[1] for k, v in spans.items() if k.startswith(code)),
        )
        for code in ("0001", "0003")
    }
    assert region["0003"][0] < region["0001"][1] and region["0001"][0] < region["0003"][1]  # side by side


def test_a_dying_worker_rejects_only_the_snapshots_in_flight(tmp_path):
    from mutasi.ingest.validation import validate_regions

    work = _snapshots(("0001", 1), ("0002", 1), ("0003", 2), ("0004", 1))
    done = {
        (s.region_code, s.snapshot_date): r
        for s, r in validate_regions(data_paths(tmp_path), work, "run", 2, validate=_timed)
    }
    assert len(done) == 5
    lost = done[("0002", "2026-01-01")]
    assert lost[0].status == "rejected" and "internal error while validating: BrokenProcessPool" in lost[0].message
    assert "BrokenProcessPool" in lost[2]  # the traceback, for the log
    # only what was in flight with it (at most one snapshot per worker) is lost; a new pool validates the rest
    rejected = sorted(k for k, r in done.items() if r[0].status == "rejected")
    assert ("0002", "2026-01-01") in rejected and len(rejected) <= 2, rejected
    assert all(r[0].status == "accepted" for k, r in done.items() if k not in rejected)
    assert all("internal error while validating: BrokenProcessPool" in done[k][0].message for k in rejected)


def test_worker_count():
    from mutasi.ingest.validation import validation_workers

    # below POOL_MIN_REGIONS (8) regions the pool's start-up costs more than it saves: in-process
    assert [validation_workers(n, cpus=8) for n in (0, 1, 3, 7, 8, 20)] == [1, 1, 1, 1, 8, 8]
    assert [validation_workers(n, requested=2, cpus=8) for n in (1, 3, 20)] == [1, 2, 2]
    assert validation_workers(20, requested=64, cpus=8) == 8
