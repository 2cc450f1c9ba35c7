"""Validation of the region snapshots of a run: pandera row rules and Great Expectations suites per
snapshot, results published to the lake (the work of the `validated_extracts` asset, without Dagster).

A snapshot that is unusable is rejected and never reaches lake/clean (so nothing downstream sees it and the
region's previous outputs stay); an exception while validating one snapshot rejects that snapshot only.
Snapshots are validated in worker processes when the run is large enough (mutasi.parallel): the regions side
by side, the snapshots of one region one after the other in date order (drift compares each with the
region's previous accepted snapshot). Workers send back only the file reports and scores.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable, Iterator

import pandas as pd

from mutasi.config import DataPaths, partition_path
from mutasi.ingest.landing import LandingSnapshot
from mutasi.ingest.readers import gc_paused
from mutasi.ingest.snapshot import (
    SnapshotOutcome,
    accepted_snapshots,
    clean_partition,
    publish_snapshot,
    validate_snapshot,
)
from mutasi.lake import plan_dates, plan_moves
from mutasi.parallel import parallel_map, warm_server_has, worker_count
from validations.gx_suites import run_suite, store

#: Below this many regions with work, validate in the step's own process unless workers are asked for: a
#: 9,000-employee snapshot takes ~1 s, starting the pool ~5 s (measured, docs/benchmark.md).
POOL_MIN_REGIONS = 8
#: what a validation worker needs (in mutasi.parallel.PIPELINE_WORKER_MODULES: the fork server started early has it)
WORKER_PRELOAD = (__name__, "great_expectations")


def previous_clean(paths: DataPaths, region_code: str, snapshot_date: str) -> tuple[dict | None, str | None]:
    earlier = [d for d in accepted_snapshots(paths, region_code) if d < snapshot_date]
    if not earlier:
        return None, None
    date = earlier[-1]
    return {"pegawai": pd.read_parquet(clean_partition(paths, "pegawai", region_code, date))}, date


def recommended_before(paths: DataPaths, snap: LandingSnapshot) -> set[str] | None:
    """ "nip|kode_jabatan" of every move the lake's plans recommended to the region for snapshots before this
    one: what a keputusan_mutasi row may answer. Read only when the delivery has a keputusan_mutasi file;
    None when it has none or there is no earlier plan."""
    if not any(f.entity == "keputusan_mutasi" for f in snap.files):
        return None
    earlier = [d for d in plan_dates(paths, snap.region_code) if d < snap.snapshot_date]
    moves = plan_moves(paths, snap.region_code, earlier)
    if moves is None:
        return None
    return set(moves["nip"].astype(str) + "|" + moves["to_position_code"].astype(str))


def stale_regions(paths: DataPaths, region_codes, today: dt.date, max_age_days: int) -> list[dict]:
    """Regions whose newest accepted snapshot is older than `max_age_days` (or that have none)."""
    stale = []
    for code in region_codes:
        accepted = accepted_snapshots(paths, code)
        latest = accepted[-1] if accepted else None
        age = (today - dt.date.fromisoformat(latest)).days if latest else None
        if age is None or age > max_age_days:
            stale.append({"region": code, "latest_accepted_snapshot": latest, "age_days": age})
    return stale


def process_snapshot(paths: DataPaths, snap: LandingSnapshot, run_id: str) -> tuple[SnapshotOutcome, list[str]]:
    """Validate one delivery (pandera, then GX on what passed) and publish it to the lake."""
    # One snapshot with the cyclic collector paused (it runs after): 0.50 -> 0.47 s CPU per CSV snapshot
    # of province 32 (median of 15, two regions, 2026-12-05), mostly in the GX suite; peak memory of the
    # 28 snapshots in one process unchanged (~0.5 GB either way).
    with gc_paused():
        return _process_snapshot(paths, snap, run_id)


def _process_snapshot(paths: DataPaths, snap: LandingSnapshot, run_id: str) -> tuple[SnapshotOutcome, list[str]]:
    outcome = validate_snapshot(snap, recommended=recommended_before(paths, snap))
    warnings: list[str] = []
    if outcome.status == "accepted":
        previous, previous_date = previous_clean(paths, snap.region_code, snap.snapshot_date)
        suite = run_suite(outcome.clean, previous, snap.region_code, snap.snapshot_date, previous_date)
        store(suite, partition_path(paths.lake / "quality", snap.region_code, snap.snapshot_date))
        warnings = suite.warnings
        if not suite.success:
            outcome.status = "rejected"
            outcome.message = "blocking expectations failed: " + "; ".join(suite.failures)
            outcome.clean = {}
    publish_snapshot(paths, snap, outcome, run_id)
    outcome.clean = {}  # the rows now live in the lake; keeping them would grow memory with every snapshot
    return outcome, warnings


Result = tuple[SnapshotOutcome, list[str], str | None]  # outcome (without frames), drift warnings, traceback


def internal_error(snap: LandingSnapshot, exc: BaseException) -> SnapshotOutcome:
    return SnapshotOutcome(
        snap.region_code, snap.snapshot_date, "rejected", f"internal error while validating: {exc!r}"
    )


def validate_one(task: tuple[DataPaths, LandingSnapshot, str]) -> Result:
    """`process_snapshot` with the step's error isolation: an exception rejects this snapshot only (its
    traceback is returned for the log). The outcome comes back without its frames — the valid and the
    quarantined rows are in the lake now — so the step holds only file reports and scores, and a worker
    process sends back a few kB per snapshot."""
    paths, snap, run_id = task
    try:
        outcome, warnings = process_snapshot(paths, snap, run_id)
        error = None
    except Exception as exc:  # one region's surprise must not stop the others
        outcome, warnings, error = internal_error(snap, exc), [], traceback.format_exc()
    outcome.clean = {}
    outcome.quarantined = pd.DataFrame()
    return outcome, warnings, error


def validation_workers(regions: int, requested: int | None = None, cpus: int | None = None) -> int:
    """Worker processes: min(CPUs, regions with work, requested); in process below POOL_MIN_REGIONS regions
    unless asked. More workers than regions would idle (a region's snapshots go one at a time)."""
    return worker_count(regions, work=regions, min_work=POOL_MIN_REGIONS, requested=requested, cpus=cpus)


def validation_processes(workers: int, requested: int | None) -> bool:
    """Whether one worker process validates rather than the step's own: when one was chosen by the rule (not
    asked for) and this process's fork server already has what validation needs (mutasi.parallel). Province
    32's refresh snapshot (3201, 8,930 employees, CSV), in a process that loaded the definitions as a run
    does: 1.46 s here, most of it importing Great Expectations; 0.55 s in a worker of the warm fork server."""
    return workers == 1 and requested is None and warm_server_has(WORKER_PRELOAD)


def validate_regions(
    paths: DataPaths,
    regions: list[list[LandingSnapshot]],
    run_id: str,
    workers: int,
    validate: Callable[[tuple[DataPaths, LandingSnapshot, str]], Result] = validate_one,
    processes: bool = False,
) -> Iterator[tuple[LandingSnapshot, Result]]:
    """Validate every snapshot (per region, in the order given) in `workers` processes (1: here, unless
    `processes`); yields each as it finishes. At most `workers` snapshots are in flight: a worker process that
    dies takes down only those, which are rejected as internal errors; a new pool validates the rest."""
    tasks = [(paths, snap, run_id) for snaps in regions for snap in snaps]
    for (_, snap, _), result in parallel_map(
        validate,
        tasks,
        workers=workers,
        on_error="isolate",
        chain=lambda task: task[1].region_code,
        preload=WORKER_PRELOAD,
        processes=processes,
    ):
        if isinstance(result, BaseException):  # the worker process failed, not the validation (that is caught)
            result = (internal_error(snap, result), [], "".join(traceback.format_exception(result)))
        yield snap, result
