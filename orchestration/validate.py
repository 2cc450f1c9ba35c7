"""Validate: pandera row rules and Great Expectations suites per region snapshot, results to the lake.

A snapshot that is unusable is rejected and never reaches lake/clean (so nothing downstream sees it and
the region's previous outputs stay); the other regions of the run go on. The checks below report it.

Snapshots are validated in worker processes (`MUTASI_VALIDATE_WORKERS`, default: one per CPU, at most one
per region with new deliveries; 1 = in the step's own process): the regions side by side, the snapshots of
one region one after the other in date order. Workers send back only the file reports and scores.
"""


import datetime as dt
import multiprocessing
import os
import traceback
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterator

import pandas as pd
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    MaterializeResult,
    MetadataValue,
    multi_asset,
)

from mutasi import params
from mutasi.config import ENTITIES, DataPaths, partition_path
from mutasi.workers import bounded_workers, cpu_count, process_pool
from mutasi.ingest.landing import LandingSnapshot, region_snapshots
from mutasi.ingest.snapshot import (
    SnapshotOutcome,
    accepted_snapshots,
    clean_partition,
    is_unchanged,
    publish_snapshot,
    validate_snapshot,
)
from mutasi.changes import ChangeSet
from orchestration.ingest import landed_extracts
from orchestration.partitions import region_partitions, run_regions, single_run
from orchestration.resources import TRANSIENT_RETRY, PathsResource
from validations.gx_suites import run_suite, store

# Worker processes for validation (at most the CPUs and the regions with new deliveries); 1 = in process.
WORKERS_ENV = "MUTASI_VALIDATE_WORKERS"

AUDIT_TABLES = ("ingested_files", "quarantined_rows", "snapshot_status")
STATUS_KEY = AssetKey(["lake", "snapshot_status"])
LAKE_SPECS = [
    AssetSpec(
        ["lake", entity], deps=[landed_extracts], group_name="validate", kinds={"parquet"},
        owners=["team:data-engineering"],
        description=f"Valid, typed rows of `{entity}` per region snapshot: lake/clean/{entity}/region_code=R/"
                    "snapshot_date=D/data.parquet (accepted snapshots only).",
    )
    for entity in ENTITIES
] + [
    AssetSpec(
        ["lake", table], deps=[landed_extracts], group_name="validate", kinds={"parquet"},
        owners=["team:data-engineering"],
        description={
            "ingested_files": "One row per delivered file: checksum, format, encoding, rows read / valid / "
                              "quarantined, status and message (kept for every delivery).",
            "quarantined_rows": "Every quarantined row with its rule, message, source file and row number and "
                                "the raw record, so a BKPSDM officer can fix the export.",
            "snapshot_status": "One row per validated delivery: accepted or rejected (with the reason) and the "
                               "data-quality score (completeness, validity, consistency, timeliness).",
        }[table],
    )
    for table in AUDIT_TABLES
]
CHECKS = [
    AssetCheckSpec("snapshots_usable", asset=STATUS_KEY, description=(
        "Every snapshot validated in this run was accepted. A rejected snapshot (missing or unreadable "
        "required file, missing columns, too many bad rows, failed blocking expectation) is kept out of the "
        "lake — the region's previous snapshot stays in use — and the message names the file and the problem.")),
    AssetCheckSpec("rows_accounted_for", asset=AssetKey(["lake", "ingested_files"]), description=(
        "For every file: rows_read = rows_valid + rows_quarantined (nothing dropped without a trace).")),
    AssetCheckSpec("latest_snapshot_fresh", asset=STATUS_KEY, description=(
        "Every region of the run has an accepted snapshot newer than `freshness_days` (parameter table, "
        "default 35 days). A stale region is flagged here and in its scorecard.")),
    AssetCheckSpec("no_drift_against_previous_snapshot", asset=AssetKey(["lake", "pegawai"]), description=(
        "Great Expectations drift expectations (row count, share of PNS, age) against the region's previous "
        "accepted snapshot; thresholds in the parameter table. A warning, not a rejection.")),
]


def _previous_clean(paths: DataPaths, region_code: str, snapshot_date: str) -> tuple[dict | None, str | None]:
    earlier = [d for d in accepted_snapshots(paths, region_code) if d < snapshot_date]
    if not earlier:
        return None, None
    date = earlier[-1]
    return {"pegawai": pd.read_parquet(clean_partition(paths, "pegawai", region_code, date))}, date


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
    outcome = validate_snapshot(snap)
    warnings: list[str] = []
    if outcome.status == "accepted":
        previous, previous_date = _previous_clean(paths, snap.region_code, snap.snapshot_date)
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


def _internal_error(snap: LandingSnapshot, exc: BaseException) -> SnapshotOutcome:
    return SnapshotOutcome(snap.region_code, snap.snapshot_date, "rejected",
                           f"internal error while validating: {exc!r}")


def _validate_one(paths: DataPaths, snap: LandingSnapshot, run_id: str) -> Result:
    """`process_snapshot` with the step's error isolation: an exception rejects this snapshot only (its
    traceback is returned for the log). The outcome comes back without its frames — the valid and the
    quarantined rows are in the lake now — so the step holds only file reports and scores, and a worker
    process sends back a few kB per snapshot."""
    try:
        outcome, warnings = process_snapshot(paths, snap, run_id)
        error = None
    except Exception as exc:  # one region's surprise must not stop the others
        outcome, warnings, error = _internal_error(snap, exc), [], traceback.format_exc()
    outcome.clean = {}
    outcome.quarantined = pd.DataFrame()
    return outcome, warnings, error


_cpu_count = cpu_count  # a name of this module, so that tests can pin the CPU count


# Below this many regions with work, validate in the step's own process unless MUTASI_VALIDATE_WORKERS says
# otherwise: a 9,000-employee snapshot takes ~1 s, starting the pool ~5 s (measured, docs/benchmark.md).
POOL_MIN_REGIONS = 8


def validate_workers(regions: int) -> int:
    """Worker processes: min(CPUs, regions with work, $MUTASI_VALIDATE_WORKERS). The snapshots of one region
    run in date order in one worker at a time (drift compares with the region's previous accepted snapshot),
    so more workers than regions would idle. 1 = validate in the step's own process."""
    if multiprocessing.current_process().daemon:  # a daemonic process may not start worker processes
        return 1
    if not os.environ.get(WORKERS_ENV, "").strip() and regions < POOL_MIN_REGIONS:
        return 1  # starting the worker processes (~5 s of CPU: GX import) costs more than it saves here
    return bounded_workers(_cpu_count(), regions, WORKERS_ENV)


def _pool(workers: int) -> ProcessPoolExecutor:
    # pandas, pandera, Dagster and Great Expectations (~5 s of imports) are imported once by the fork
    # server, not once per worker
    return process_pool(workers, preload=[__name__, "great_expectations"])


def _validate_parallel(paths: DataPaths, regions: list[list[LandingSnapshot]], run_id: str, workers: int,
                       validate: Callable[[DataPaths, LandingSnapshot, str], Result] = _validate_one,
                       ) -> Iterator[tuple[LandingSnapshot, Result]]:
    """Validate in `workers` processes; yields each snapshot as it finishes. The snapshots of one region go
    one after the other (the next is submitted when the previous is done); different regions run side by
    side. At most `workers` snapshots are in flight: a worker process that dies (killed for memory, a crash
    in a native library) takes down the pool and with it only the snapshots in flight, which are rejected
    as internal errors; a new pool validates the rest. `validate` runs in the workers (a module-level function)."""
    waiting = deque(deque(snaps) for snaps in regions if snaps)
    running: dict[Future, tuple[LandingSnapshot, deque]] = {}
    pool, broken = None, False
    try:
        while waiting or running:
            if pool is None:
                pool = _pool(workers)
            while not broken and waiting and len(running) < workers:
                queue = waiting.popleft()
                snap = queue.popleft()
                try:
                    running[pool.submit(validate, paths, snap, run_id)] = (snap, queue)
                except BrokenProcessPool:  # a worker died while idle: resubmit to the next pool
                    queue.appendleft(snap)
                    waiting.appendleft(queue)
                    broken = True
            done, _ = wait(running, return_when=FIRST_COMPLETED) if running else (set(), set())
            for future in done:
                snap, queue = running.pop(future)
                try:
                    result = future.result()
                except Exception as exc:  # the worker process failed, not the validation (that is caught)
                    broken = broken or isinstance(exc, BrokenProcessPool)
                    result = (_internal_error(snap, exc), [], "".join(traceback.format_exception(exc)))
                if queue:
                    waiting.appendleft(queue)
                yield snap, result
            if broken and not running:
                pool.shutdown(wait=True, cancel_futures=True)
                pool, broken = None, False
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


@multi_asset(
    name="validated_extracts",
    specs=LAKE_SPECS,
    partitions_def=region_partitions,
    backfill_policy=single_run,
    retry_policy=TRANSIENT_RETRY,
    check_specs=CHECKS,
    description=(
        "Every row of every delivered file, validated (pandera rules of the extract contract; Great "
        "Expectations suites per snapshot) into lake/clean (valid rows, typed) and lake/audit "
        "(ingested_files, quarantined_rows with rule, file and row number, snapshot_status with the "
        "data-quality score). Unchanged deliveries (same checksum) are skipped."
    ),
)
def validated_extracts(context: AssetExecutionContext, paths: PathsResource):
    layout = paths.layout
    run_region_codes = run_regions(context.partition_keys, context.run.tags)
    run_id = context.run.run_id
    # the work: per region (partition order), its new or changed deliveries in date order
    regions = [[snap for snap in region_snapshots(layout.landing, region_code)[0] if not is_unchanged(layout, snap)]
               for region_code in run_region_codes]
    regions = [snaps for snaps in regions if snaps]
    order = {(s.region_code, s.snapshot_date): i for i, s in enumerate(s for snaps in regions for s in snaps)}
    workers = validate_workers(len(regions))
    if workers > 1:
        context.log.info(f"validating {len(order)} snapshot(s) of {len(regions)} region(s) in {workers} processes")
        results = _validate_parallel(layout, regions, run_id, workers)
    else:
        results = ((snap, _validate_one(layout, snap, run_id)) for snaps in regions for snap in snaps)
    done: list[tuple[int, SnapshotOutcome, list[str]]] = []
    for snap, (outcome, warnings, error) in results:  # logged as they finish
        if error is not None:
            context.log.error(f"[{snap.region_code} {snap.snapshot_date}] {error}")
        done.append((order[(snap.region_code, snap.snapshot_date)], outcome, warnings))
        log = context.log.info if outcome.status == "accepted" else context.log.error
        log(f"[{snap.region_code} {snap.snapshot_date}] {outcome.status}: {outcome.message}")
    done.sort(key=lambda item: item[0])  # the serial order, however the workers finished
    outcomes: list[SnapshotOutcome] = [outcome for _, outcome, _ in done]
    drift: list[str] = [f"{o.region_code} {o.snapshot_date}: {w}" for _, o, warnings in done for w in warnings]

    rejected = [o for o in outcomes if o.status != "accepted"]
    unbalanced = [
        f"{o.region_code} {o.snapshot_date} {r.entity}"
        for o in outcomes if len(o.files)
        for r in o.files.itertuples() if r.rows_read != r.rows_valid + r.rows_quarantined
    ]
    files = pd.concat([o.files.assign(region_code=o.region_code, snapshot_date=o.snapshot_date)
                       for o in outcomes if len(o.files)], ignore_index=True) if outcomes else pd.DataFrame()
    summary = "\n".join(
        f"| {o.region_code} | {o.snapshot_date} | {o.status} | {o.quality.get('data_quality_score', '')} | "
        f"{o.message[:160]} |" for o in outcomes)
    # what changed, decided once for the later stages of the run (mutasi.changes)
    changes = ChangeSet.compute(layout, context.run.run_id, run_region_codes).save(layout)
    status_metadata = {
        "changes": MetadataValue.json(changes.summary()),
        "snapshots_validated": len(outcomes),
        "snapshots_rejected": len(rejected),
        "rows_read": int(files["rows_read"].sum()) if len(files) else 0,
        "rows_quarantined": int(files["rows_quarantined"].sum()) if len(files) else 0,
        "snapshots": MetadataValue.md(
            "| region | snapshot | status | data quality | message |\n|---|---|---|---|---|\n" + summary),
    }
    for spec in LAKE_SPECS:
        table = spec.key.path[-1]
        metadata = status_metadata if spec.key == STATUS_KEY else {
            "rows_valid": int(files.loc[files["entity"] == table, "rows_valid"].sum()) if len(files) else 0,
            "rows_quarantined": int(files.loc[files["entity"] == table, "rows_quarantined"].sum()) if len(files) else 0,
        }
        yield MaterializeResult(asset_key=spec.key, metadata=metadata)
    yield AssetCheckResult(
        asset_key=STATUS_KEY, check_name="snapshots_usable", passed=not rejected, severity=AssetCheckSeverity.ERROR,
        metadata={"rejected": MetadataValue.json([
            {"region": o.region_code, "snapshot": o.snapshot_date, "message": o.message} for o in rejected])},
    )
    yield AssetCheckResult(asset_key=AssetKey(["lake", "ingested_files"]), check_name="rows_accounted_for",
                           passed=not unbalanced, severity=AssetCheckSeverity.ERROR,
                           metadata={"unbalanced": MetadataValue.json(unbalanced)})
    stale = stale_regions(layout, run_region_codes, dt.date.today(), int(params.number("freshness_days")))
    yield AssetCheckResult(asset_key=STATUS_KEY, check_name="latest_snapshot_fresh", passed=not stale,
                           severity=AssetCheckSeverity.WARN, metadata={"stale": MetadataValue.json(stale)})
    yield AssetCheckResult(asset_key=AssetKey(["lake", "pegawai"]), check_name="no_drift_against_previous_snapshot",
                           passed=not drift, severity=AssetCheckSeverity.WARN,
                           metadata={"drift": MetadataValue.json(drift[:50])})
