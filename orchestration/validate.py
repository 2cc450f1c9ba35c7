"""Validate: the `validated_extracts` multi-asset, its lake assets and checks. The work is
mutasi.ingest.validation; a rejected snapshot is reported by the checks below, the other regions go on."""

import datetime as dt

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
from mutasi.changes import ChangeSet
from mutasi.config import ENTITIES
from mutasi.ingest.landing import region_snapshots
from mutasi.ingest.snapshot import SnapshotOutcome, add_missing_entity_partitions, is_unchanged
from mutasi.ingest.validation import stale_regions, validate_regions, validation_processes, validation_workers
from orchestration.ingest import landed_extracts
from orchestration.partitions import region_partitions, single_run
from orchestration.resources import TRANSIENT_RETRY, OperationsResource, PathsResource, WorkersConfig

AUDIT_TABLES = ("ingested_files", "quarantined_rows", "snapshot_status")
STATUS_KEY = AssetKey(["lake", "snapshot_status"])
LAKE_SPECS = [
    AssetSpec(
        ["lake", entity],
        deps=[landed_extracts],
        group_name="validate",
        kinds={"parquet"},
        owners=["team:data-engineering"],
        description=f"Valid, typed rows of `{entity}` per region snapshot: lake/clean/{entity}/region_code=R/"
        "snapshot_date=D/data.parquet (accepted snapshots only).",
    )
    for entity in ENTITIES
] + [
    AssetSpec(
        ["lake", table],
        deps=[landed_extracts],
        group_name="validate",
        kinds={"parquet"},
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
    AssetCheckSpec(
        "snapshots_usable",
        asset=STATUS_KEY,
        description=(
            "Every snapshot validated in this run was accepted. A rejected snapshot (missing or unreadable "
            "required file, missing columns, too many bad rows, failed blocking expectation) is kept out of the "
            "lake — the region's previous snapshot stays in use — and the message names the file and the problem."
        ),
    ),
    AssetCheckSpec(
        "rows_accounted_for",
        asset=AssetKey(["lake", "ingested_files"]),
        description=("For every file: rows_read = rows_valid + rows_quarantined (nothing dropped without a trace)."),
    ),
    AssetCheckSpec(
        "latest_snapshot_fresh",
        asset=STATUS_KEY,
        description=(
            "Every region of the run has an accepted snapshot newer than `freshness_days` (parameter table, "
            "default 35 days). A stale region is flagged here and in its scorecard."
        ),
    ),
    AssetCheckSpec(
        "no_drift_against_previous_snapshot",
        asset=AssetKey(["lake", "pegawai"]),
        description=(
            "Great Expectations drift expectations (row count, share of PNS, age) against the region's previous "
            "accepted snapshot; thresholds in the parameter table. A warning, not a rejection."
        ),
    ),
]


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
def validated_extracts(
    context: AssetExecutionContext, config: WorkersConfig, paths: PathsResource, operations: OperationsResource
):
    layout = paths.layout
    # a lake written before an entity joined the contract: empty partitions of it for the accepted snapshots,
    # so that dbt's sources read the same tables for every snapshot (once; later runs find them)
    added = add_missing_entity_partitions(layout)
    if added:
        context.log.info(f"data layout: {len(added)} empty partition(s) of new entities added ({added[0]} …)")
    run_region_codes = list(context.partition_keys)
    run_id = context.run.run_id
    # the work: per region (partition order), its new or changed deliveries in date order
    regions = [
        [snap for snap in region_snapshots(layout.landing, region_code)[0] if not is_unchanged(layout, snap)]
        for region_code in run_region_codes
    ]
    regions = [snaps for snaps in regions if snaps]
    order = {(s.region_code, s.snapshot_date): i for i, s in enumerate(s for snaps in regions for s in snaps)}
    requested = config.workers or operations.workers("validate")
    workers = validation_workers(len(regions), requested)
    processes = bool(regions) and validation_processes(workers, requested)
    if workers > 1 or processes:
        where = f"{workers} processes" if workers > 1 else "a worker process (its libraries already loaded)"
        context.log.info(f"validating {len(order)} snapshot(s) of {len(regions)} region(s) in {where}")
    results = validate_regions(layout, regions, run_id, workers, processes=processes)
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
        for o in outcomes
        if len(o.files)
        for r in o.files.itertuples()
        if r.rows_read != r.rows_valid + r.rows_quarantined
    ]
    files = (
        pd.concat(
            [
                o.files.assign(region_code=o.region_code, snapshot_date=o.snapshot_date)
                for o in outcomes
                if len(o.files)
            ],
            ignore_index=True,
        )
        if outcomes
        else pd.DataFrame()
    )
    summary = "\n".join(
        f"| {o.region_code} | {o.snapshot_date} | {o.status} | {o.quality.get('data_quality_score', '')} | "
        f"{o.message[:160]} |"
        for o in outcomes
    )
    # what changed, decided once for the later stages of the run (mutasi.changes)
    changes = ChangeSet.compute(layout, context.run.run_id, run_region_codes).save(layout)
    status_metadata = {
        "changes": MetadataValue.json(changes.summary()),
        "snapshots_validated": len(outcomes),
        "snapshots_rejected": len(rejected),
        "rows_read": int(files["rows_read"].sum()) if len(files) else 0,
        "rows_quarantined": int(files["rows_quarantined"].sum()) if len(files) else 0,
        "snapshots": MetadataValue.md(
            "| region | snapshot | status | data quality | message |\n|---|---|---|---|---|\n" + summary
        ),
    }
    for spec in LAKE_SPECS:
        table = spec.key.path[-1]
        metadata = (
            status_metadata
            if spec.key == STATUS_KEY
            else {
                "rows_valid": int(files.loc[files["entity"] == table, "rows_valid"].sum()) if len(files) else 0,
                "rows_quarantined": int(files.loc[files["entity"] == table, "rows_quarantined"].sum())
                if len(files)
                else 0,
            }
        )
        yield MaterializeResult(asset_key=spec.key, metadata=metadata)
    yield AssetCheckResult(
        asset_key=STATUS_KEY,
        check_name="snapshots_usable",
        passed=not rejected,
        severity=AssetCheckSeverity.ERROR,
        metadata={
            "rejected": MetadataValue.json(
                [{"region": o.region_code, "snapshot": o.snapshot_date, "message": o.message} for o in rejected]
            )
        },
    )
    yield AssetCheckResult(
        asset_key=AssetKey(["lake", "ingested_files"]),
        check_name="rows_accounted_for",
        passed=not unbalanced,
        severity=AssetCheckSeverity.ERROR,
        metadata={"unbalanced": MetadataValue.json(unbalanced)},
    )
    stale = stale_regions(layout, run_region_codes, dt.date.today(), int(params.number("freshness_days")))
    yield AssetCheckResult(
        asset_key=STATUS_KEY,
        check_name="latest_snapshot_fresh",
        passed=not stale,
        severity=AssetCheckSeverity.WARN,
        metadata={"stale": MetadataValue.json(stale)},
    )
    yield AssetCheckResult(
        asset_key=AssetKey(["lake", "pegawai"]),
        check_name="no_drift_against_previous_snapshot",
        passed=not drift,
        severity=AssetCheckSeverity.WARN,
        metadata={"drift": MetadataValue.json(drift[:50])},
    )
