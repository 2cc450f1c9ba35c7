"""Recommend: the exact mutation optimiser per region snapshot, over the marts, into the lake."""


import pandas as pd
from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from mutasi.params import SEEDS_DIR, params_version
from mutasi.recommend import MOVE_COLUMNS, load_recommend_params, recommend
from mutasi.config import DataPaths
from mutasi.lake import write_partition
from orchestration.partitions import region_partitions, single_run
from orchestration.resources import current_paths, md_table, warehouse_reader

MART_INPUTS = [AssetKey(["marts", "position_workload"]), AssetKey(["marts", "employee_indices"]),
               AssetKey(["marts", "employee_eligibility"])]

POSITIONS_SQL = "select * from marts.position_workload where region_code = ? order by snapshot_date, position_code"
EMPLOYEES_SQL = """
    select i.*, e.* exclude (region_code, snapshot_date, nip, position_code, unit_code, params_version)
    from marts.employee_indices i
    join marts.employee_eligibility e using (region_code, snapshot_date, nip)
    where i.region_code = ?
    order by i.snapshot_date, i.nip
"""


def recommend_region(paths: DataPaths, connection, region_code: str, run_id: str, version: str) -> list[dict]:
    """Solve every snapshot of one region; write moves, the not-moved lines and the plan summary."""
    rec_params = load_recommend_params(SEEDS_DIR)
    positions = connection.execute(POSITIONS_SQL, [region_code]).df()
    employees = connection.execute(EMPLOYEES_SQL, [region_code]).df()
    stats = []
    for snapshot_date, pos in positions.groupby("snapshot_date", sort=True):
        emp = employees[employees["snapshot_date"] == snapshot_date]
        date = pd.Timestamp(snapshot_date).date().isoformat()
        result = recommend(pos.reset_index(drop=True), emp.reset_index(drop=True), rec_params)
        stamp = {"params_version": version, "run_id": run_id}
        write_partition(paths.lake / "recommendations", region_code, date,
                        result.moves.reindex(columns=MOVE_COLUMNS).assign(**stamp))
        write_partition(paths.lake / "recommendations_not_moved", region_code, date, result.not_moved.assign(**stamp))
        comparison = result.comparison.assign(**stamp)
        write_partition(paths.lake / "recommendation_effect", region_code, date, comparison)
        write_partition(paths.lake / "recommendation_fairness", region_code, date, result.fairness.assign(**stamp))
        solver = result.solver.to_dict()
        stats.append({"region": region_code, "snapshot": date, "moves": len(result.moves), **solver})
    return stats


@asset(
    group_name="recommend",
    partitions_def=region_partitions,
    backfill_policy=single_run,
    deps=MART_INPUTS,
    owners=["team:analytics"],
    kinds={"python", "scipy", "parquet"},
    description=(
        "Recommended mutations per region snapshot: an exact MILP (HiGHS) over every eligible lateral move, "
        "maximising workload balance, job fit, rotation urgency and stated preference under capacity, "
        "outflow and one-move-per-person constraints. Writes lake/recommendations (one row per move, with "
        "reason codes, a Bahasa Indonesia explanation, fit and EJ before/after, training needs), the "
        "not-moved lines of employees due for rotation, the projected effect and the fairness report."
    ),
)
def mutation_plan(context: AssetExecutionContext) -> MaterializeResult:
    paths = current_paths()
    version = params_version()
    stats, failed = [], []
    with warehouse_reader(paths.warehouse) as connection:
        for region_code in context.partition_keys:
            try:
                stats += recommend_region(paths, connection, region_code, context.run.run_id, version)
            except Exception:  # a bug, not bad data (that is stopped at validation): finish the others, then fail
                context.log.exception(f"[{region_code}] recommendation failed")
                failed.append(region_code)
    if failed:
        raise RuntimeError(f"recommendation failed for regions {failed}; see the step log")
    table = pd.DataFrame(stats)
    return MaterializeResult(metadata={
        "region_snapshots": len(stats),
        "moves": int(table["moves"].sum()) if len(table) else 0,
        "params_version": version,
        "solver": MetadataValue.md(md_table(table) if len(table) else "nothing to solve"),
    })
