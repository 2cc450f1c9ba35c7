"""Validate: pandera row rules and Great Expectations suites per region snapshot, results to the lake.

A snapshot that is unusable is rejected and never reaches lake/clean (so nothing downstream sees it and
the region's previous outputs stay); the other regions of the run go on. The checks below report it.
"""


import datetime as dt
import traceback

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
from mutasi.ingest.landing import LandingSnapshot, region_snapshots
from mutasi.ingest.snapshot import (
    SnapshotOutcome,
    accepted_snapshots,
    clean_partition,
    is_unchanged,
    publish_snapshot,
    validate_snapshot,
)
from orchestration.ingest import landed_extracts
from orchestration.partitions import region_partitions, single_run
from orchestration.resources import TRANSIENT_RETRY, current_paths
from validations.gx_suites import run_suite, store

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
def validated_extracts(context: AssetExecutionContext):
    paths = current_paths()
    outcomes: list[SnapshotOutcome] = []
    drift: list[str] = []
    for region_code in context.partition_keys:
        snapshots, _ = region_snapshots(paths.landing, region_code)
        for snap in snapshots:
            if is_unchanged(paths, snap):
                continue
            try:
                outcome, warnings = process_snapshot(paths, snap, context.run.run_id)
            except Exception as exc:  # one region's surprise must not stop the others
                context.log.error(f"[{region_code} {snap.snapshot_date}] {traceback.format_exc()}")
                outcome = SnapshotOutcome(region_code, snap.snapshot_date, "rejected",
                                          f"internal error while validating: {exc!r}")
                warnings = []
            outcomes.append(outcome)
            drift += [f"{region_code} {snap.snapshot_date}: {w}" for w in warnings]
            log = context.log.info if outcome.status == "accepted" else context.log.error
            log(f"[{region_code} {snap.snapshot_date}] {outcome.status}: {outcome.message}")

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
    status_metadata = {
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
    stale = stale_regions(paths, context.partition_keys, dt.date.today(), int(params.number("freshness_days")))
    yield AssetCheckResult(asset_key=STATUS_KEY, check_name="latest_snapshot_fresh", passed=not stale,
                           severity=AssetCheckSeverity.WARN, metadata={"stale": MetadataValue.json(stale)})
    yield AssetCheckResult(asset_key=AssetKey(["lake", "pegawai"]), check_name="no_drift_against_previous_snapshot",
                           passed=not drift, severity=AssetCheckSeverity.WARN,
                           metadata={"drift": MetadataValue.json(drift[:50])})
