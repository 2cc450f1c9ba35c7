"""Publish: regency packages and provincial consolidations, read-only from the warehouse, atomic."""

import pandas as pd
from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from mutasi.changes import scope_of_run, snapshots_to_redo
from mutasi.params import params_version
from mutasi.publish import publish_province_package
from mutasi.publish.regency import (  # noqa: F401  (REGION_TABLES, region_tables, input_files: importable here)
    REGION_TABLES,
    RegionJob,
    input_files,
    publish_region_jobs,
    publish_workers,
    query,
    region_tables,
)
from mutasi.publish.restricted import publish_restricted_province_package
from mutasi.reference import region, regions
from orchestration.partitions import region_partitions, single_run
from orchestration.resources import (
    TRANSIENT_RETRY,
    OperationsResource,
    PathsResource,
    WarehouseResource,
    WorkersConfig,
    md_table,
)

EVALUATION_INPUTS = [AssetKey(["marts", "mutation_recommendations"]), AssetKey(["marts", "regency_scorecards"])]
CORE_INPUTS = [AssetKey(["marts", "position_workload"]), AssetKey(["marts", "employee_indices"])]

# The SQL of a regency package and the reading of it live in mutasi.publish.regency, so that a worker
# process can publish a package without importing Dagster; the names stay importable from here.
_query = query


@asset(
    group_name="publish",
    partitions_def=region_partitions,
    backfill_policy=single_run,
    retry_policy=TRANSIENT_RETRY,
    deps=EVALUATION_INPUTS + CORE_INPUTS,
    owners=["team:data-engineering"],
    kinds={"python", "excel", "html"},
    description=(
        "The package a regency's BKPSDM opens, per snapshot: outputs/<region>/<date>/ with a workbook "
        "(Bahasa Indonesia headers, one sheet per table), CSV and Parquet of the same tables, a "
        "self-contained HTML scorecard with charts, and manifest.json. Only the region's own rows; "
        "formula-like text neutralised; published atomically (a failure leaves the previous package)."
    ),
)
def regency_packages(
    context: AssetExecutionContext,
    config: WorkersConfig,
    paths: PathsResource,
    warehouse: WarehouseResource,
    operations: OperationsResource,
) -> MaterializeResult:
    layout = paths.layout
    version = params_version()
    jobs = []
    # list the packages, then let go of the warehouse: each package reads its own tables (in a worker
    # process when there are several), and a reader holding the lock here while workers queue behind a
    # waiting dbt writer would deadlock
    scope = scope_of_run(layout, "dbt_evaluation", context.run.run_id)
    skipped = 0
    with warehouse.reader() as connection:
        for region_code in list(context.partition_keys):
            every = [
                d.isoformat()
                for (d,) in connection.execute(
                    "select distinct snapshot_date from marts.regency_scorecards where region_code = ? order by 1",
                    [region_code],
                ).fetchall()
            ]
            snapshots = snapshots_to_redo(
                region_code,
                every,
                scope,
                lambda date, region_code=region_code: (layout.outputs / region_code / date).is_dir(),
            )
            skipped += len(every) - len(snapshots)
            info = region(region_code)
            jobs += [
                RegionJob(
                    warehouse=str(layout.warehouse),
                    outputs=str(layout.outputs),
                    region_code=region_code,
                    snapshot_date=date,
                    region_name=info.region_name,
                    province_code=info.province_code,
                    province_name=info.province_name,
                    run_id=context.run.run_id,
                    params_version=version,
                )
                for date in snapshots
            ]
    workers = publish_workers(len(jobs), config.workers or operations.workers("publish"))
    context.log.info(
        f"publishing {len(jobs)} regency package(s) with {workers} process(es); "
        f"{skipped} package(s) unchanged since they were published"
    )

    def done(result):
        context.log.debug(f"published {result.region} {result.snapshot} in {result.seconds:.1f} s: {result.path}")

    results = publish_region_jobs(jobs, workers, on_done=done)
    published = [
        {"region": r.region, "snapshot": r.snapshot, "path": r.path, "recommendations": r.recommendations}
        for r in results
    ]
    return MaterializeResult(
        metadata={
            "packages": len(published),
            "published": MetadataValue.md(md_table(pd.DataFrame(published)) if published else "none"),
        }
    )


@asset(
    group_name="publish",
    deps=[
        AssetKey(["marts", "province_scorecards"]),
        AssetKey(["marts", "province_job_family_balance"]),
        AssetKey(["marts", "province_job_balance"]),
        AssetKey(["marts", "interregency_recommendations"]),
        AssetKey(["marts", "provincial_talent_pool"]),
        regency_packages,
    ],
    partitions_def=region_partitions,
    backfill_policy=single_run,
    owners=["team:data-engineering"],
    kinds={"python", "excel", "html"},
    description=(
        "Provincial consolidation per province and snapshot date: the regencies side by side with ranking, "
        "provincial totals and inter-regency balancing opportunities by job family (aggregates only, no "
        "personal data), under outputs/province/<province>/<date>/; and the restricted package for the "
        "provincial BKD (named inter-regency moves and the provincial talent pool) under "
        "outputs/terbatas/province/<province>/<date>/. Partitioned by region: a run re-publishes the provinces "
        "of its regions only."
    ),
)
def province_packages(
    context: AssetExecutionContext, paths: PathsResource, warehouse: WarehouseResource
) -> MaterializeResult:
    layout = paths.layout
    version = params_version()
    published = []
    with warehouse.reader() as connection:
        keys = connection.execute(
            "select distinct province_code, snapshot_date from marts.province_scorecards order by 1, 2"
        ).fetchall()
        # only the provinces of the run's regions: the others did not change
        provinces = {region(code).province_code for code in list(context.partition_keys)}
        keys = [(p, d) for p, d in keys if p in provinces]
        context.log.info(
            f"publishing {len(keys)} provincial consolidation(s) of province(s) "
            f"{', '.join(sorted({p for p, _ in keys}))}"
        )
        for province_code, snapshot_date in keys:
            date = snapshot_date.isoformat()
            tables = {
                "regencies": _query(
                    connection,
                    "select * from marts.regency_scorecards where province_code = $p "
                    "and snapshot_date = $d order by rank_in_province",
                    p=province_code,
                    d=date,
                ),
                "totals": _query(
                    connection,
                    "select * from marts.province_scorecards where province_code = $p and snapshot_date = $d",
                    p=province_code,
                    d=date,
                ),
                "balancing_opportunities": _query(
                    connection,
                    "select * from marts.province_job_family_balance where province_code = $p "
                    "and snapshot_date = $d order by job_family",
                    p=province_code,
                    d=date,
                ),
                "job_balance": _query(
                    connection,
                    "select * exclude (province_code, province_name, snapshot_date) from marts.province_job_balance "
                    "where province_code = $p and snapshot_date = $d "
                    "order by balancing_potential desc, position_type, job_family, job_level",
                    p=province_code,
                    d=date,
                ),
            }
            name = next(r.province_name for r in regions().values() if r.province_code == province_code)
            path = publish_province_package(
                layout.outputs, province_code, name, date, context.run.run_id, version, tables
            )
            restricted = {
                "interregency_recommendations": _query(
                    connection,
                    "select * exclude (province_code, province_name, snapshot_date) "
                    "from marts.interregency_recommendations where province_code = $p and snapshot_date = $d "
                    "order by priority_rank",
                    p=province_code,
                    d=date,
                ),
                "provincial_talent_pool": _query(
                    connection,
                    "select * exclude (province_code, snapshot_date) from marts.provincial_talent_pool "
                    "where province_code = $p and snapshot_date = $d order by region_code, position_code, "
                    "candidate_rank",
                    p=province_code,
                    d=date,
                ),
            }
            restricted_path = publish_restricted_province_package(
                layout.outputs, province_code, name, date, context.run.run_id, version, restricted
            )
            published.append(
                {"province": province_code, "snapshot": date, "path": str(path), "restricted": str(restricted_path)}
            )
    return MaterializeResult(
        metadata={
            "packages": len(published),
            "published": MetadataValue.md(md_table(pd.DataFrame(published)) if published else "none"),
        }
    )
