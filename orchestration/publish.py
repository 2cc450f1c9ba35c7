"""Publish: regency packages and provincial consolidations, read-only from the warehouse, atomic."""


import pandas as pd
from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from mutasi.params import params_version
from mutasi.publish import PackageMeta, publish_province_package, publish_region_package
from mutasi.reference import region, regions
from orchestration.partitions import region_partitions, single_run
from orchestration.resources import TRANSIENT_RETRY, current_paths, md_table, warehouse_reader

EVALUATION_INPUTS = [AssetKey(["marts", "mutation_recommendations"]), AssetKey(["marts", "regency_scorecards"])]
CORE_INPUTS = [AssetKey(["marts", "position_workload"]), AssetKey(["marts", "employee_indices"])]

# Tables of a regency package: name -> SQL over the warehouse for one (region, snapshot).
REGION_TABLES = {
    "summary": "select * from marts.regency_scorecards where region_code = $r and snapshot_date = $d",
    "mutation_recommendations": (
        "select * exclude (region_code, snapshot_date) from marts.mutation_recommendations "
        "where region_code = $r and snapshot_date = $d order by from_position_code, nip"),
    "position_workload": (
        "select * exclude (region_code, snapshot_date) from marts.position_workload "
        "where region_code = $r and snapshot_date = $d order by unit_code, position_code"),
    "employee_indices": (
        "select * exclude (region_code, snapshot_date) from marts.employee_indices "
        "where region_code = $r and snapshot_date = $d order by unit_code, nip"),
    "training_needs": """
        select nip, to_position_code, trim(unnest(string_split(training_needs, ';'))) as training_need
        from marts.mutation_recommendations
        where region_code = $r and snapshot_date = $d and coalesce(training_needs, '') <> ''
        order by nip""",
    "data_quality": (
        "select entity, source_file, sha256, file_format, encoding, rows_read, rows_valid, rows_quarantined, "
        "status, message from audit.ingested_files where region_code = $r and snapshot_date = $d "
        "and is_current_delivery order by entity"),
    "quarantined_rows": (
        "select entity, source_file, source_row, rule, message, raw_record from audit.quarantined_rows "
        "where region_code = $r and snapshot_date = $d and is_current_delivery order by source_file, source_row"),
    "rotation_not_moved": (
        "select * exclude (region_code, snapshot_date) from marts.rotation_not_moved "
        "where region_code = $r and snapshot_date = $d order by nip"),
    "recommendation_effect": (
        "select * exclude (region_code, snapshot_date) from marts.recommendation_effect "
        "where region_code = $r and snapshot_date = $d"),
    "recommendation_fairness": (
        "select * exclude (region_code, snapshot_date) from marts.recommendation_fairness "
        "where region_code = $r and snapshot_date = $d"),
    "post_mutation_evaluation": (
        "select * exclude (region_code, snapshot_date) from marts.mutation_evaluation "
        "where region_code = $r and snapshot_date = $d order by nip"),
}


def _query(connection, sql: str, **values) -> pd.DataFrame:
    return connection.execute(sql, values).df()


def _has_table(connection, schema: str, name: str) -> bool:
    return bool(connection.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, name]).fetchone()[0])


def region_tables(connection, region_code: str, snapshot_date: str) -> dict[str, pd.DataFrame]:
    tables = {}
    for name, sql in REGION_TABLES.items():
        schema, table = sql.split(" from ", 1)[1].split()[0].split(".")
        if not _has_table(connection, schema, table):
            tables[name] = pd.DataFrame()
            continue
        tables[name] = _query(connection, sql, r=region_code, d=snapshot_date)
    return tables


def input_files(connection, region_code: str, snapshot_date: str) -> list[dict]:
    return _query(connection, (
        "select entity, source_file, sha256, rows_read, rows_valid, rows_quarantined from audit.ingested_files "
        "where region_code = $r and snapshot_date = $d and is_current_delivery and sha256 is not null"),
        r=region_code, d=snapshot_date).to_dict("records")


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
def regency_packages(context: AssetExecutionContext) -> MaterializeResult:
    paths = current_paths()
    version = params_version()
    published = []
    with warehouse_reader(paths.warehouse) as connection:
        for region_code in context.partition_keys:
            snapshots = [d.isoformat() for (d,) in connection.execute(
                "select distinct snapshot_date from marts.regency_scorecards where region_code = ? order by 1",
                [region_code]).fetchall()]
            history = _query(connection, "select * from marts.regency_scorecards where region_code = $r "
                             "order by snapshot_date", r=region_code)
            info = region(region_code)
            for date in snapshots:
                meta = PackageMeta(
                    region_code=region_code, region_name=info.region_name, province_code=info.province_code,
                    province_name=info.province_name, snapshot_date=date, run_id=context.run.run_id,
                    params_version=version, input_files=input_files(connection, region_code, date),
                )
                tables = region_tables(connection, region_code, date)
                path = publish_region_package(paths.outputs, meta, tables, history[history["snapshot_date"].astype(str) <= date])
                published.append({"region": region_code, "snapshot": date, "path": str(path),
                                  "recommendations": len(tables["mutation_recommendations"])})
    return MaterializeResult(metadata={
        "packages": len(published),
        "published": MetadataValue.md(md_table(pd.DataFrame(published)) if published else "none"),
    })


@asset(
    group_name="publish",
    deps=[AssetKey(["marts", "province_scorecards"]), AssetKey(["marts", "province_job_family_balance"]),
          regency_packages],
    owners=["team:data-engineering"],
    kinds={"python", "excel", "html"},
    description=(
        "Provincial consolidation per province and snapshot date: the regencies side by side with ranking, "
        "provincial totals and inter-regency balancing opportunities by job family (aggregates only, no "
        "personal data), under outputs/province/<province>/<date>/."
    ),
)
def province_packages(context: AssetExecutionContext) -> MaterializeResult:
    paths = current_paths()
    version = params_version()
    published = []
    with warehouse_reader(paths.warehouse) as connection:
        keys = connection.execute(
            "select distinct province_code, snapshot_date from marts.province_scorecards order by 1, 2").fetchall()
        for province_code, snapshot_date in keys:
            date = snapshot_date.isoformat()
            tables = {
                "regencies": _query(connection, "select * from marts.regency_scorecards where province_code = $p "
                                    "and snapshot_date = $d order by rank_in_province", p=province_code, d=date),
                "totals": _query(connection, "select * from marts.province_scorecards where province_code = $p "
                                 "and snapshot_date = $d", p=province_code, d=date),
                "balancing_opportunities": _query(
                    connection, "select * from marts.province_job_family_balance where province_code = $p "
                    "and snapshot_date = $d order by job_family", p=province_code, d=date),
            }
            name = next(r.province_name for r in regions().values() if r.province_code == province_code)
            path = publish_province_package(paths.outputs, province_code, name, date, context.run.run_id, version, tables)
            published.append({"province": province_code, "snapshot": date, "path": str(path)})
    return MaterializeResult(metadata={
        "packages": len(published),
        "published": MetadataValue.md(md_table(pd.DataFrame(published)) if published else "none"),
    })
