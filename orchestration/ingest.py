"""Ingest: what each region delivered to the landing area (snapshots, files, checksums)."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from mutasi.ingest.landing import region_snapshots
from mutasi.ingest.snapshot import is_unchanged
from orchestration.partitions import region_partitions, single_run
from orchestration.resources import TRANSIENT_RETRY, PathsResource


@asset(
    group_name="ingest",
    partitions_def=region_partitions,
    backfill_policy=single_run,
    retry_policy=TRANSIENT_RETRY,
    owners=["team:data-engineering"],
    kinds={"python", "file"},
    description=(
        "Extracts delivered by each region under landing/<region>/<YYYY-MM-DD>/: one file per entity "
        "(CSV, XLSX or Parquet). Lists every snapshot with its checksum and whether it is new or changed "
        "since it was last validated."
    ),
)
def landed_extracts(context: AssetExecutionContext, paths: PathsResource) -> MaterializeResult:
    layout = paths.layout
    regions = list(context.partition_keys)
    rows = []
    for region_code in regions:
        snapshots, problems = region_snapshots(layout.landing, region_code)
        for problem in problems:
            context.log.warning(f"[{region_code}] {problem.message}")
        for snap in snapshots:
            state = "unchanged" if is_unchanged(layout, snap) else "new or changed"
            rows.append(
                f"| {region_code} | {snap.snapshot_date} | {len(snap.files)} | {snap.checksum[:12]} | {state} |"
            )
    table = "| region | snapshot | files | checksum | state |\n|---|---|---|---|---|\n" + "\n".join(rows)
    return MaterializeResult(
        metadata={
            "regions": len(regions),
            "snapshots": len(rows),
            "new_or_changed": sum("new or changed" in r for r in rows),
            "deliveries": MetadataValue.md(table),
        }
    )
