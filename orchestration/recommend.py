"""Recommend: the exact mutation optimiser per region snapshot, over the marts, into the lake."""


import pandas as pd
from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, MetadataValue, multi_asset

from mutasi.params import SEEDS_DIR, params_version
from mutasi.recommend import MOVE_COLUMNS, load_recommend_params, recommend
from mutasi.config import DataPaths
from mutasi.lake import write_partition
from orchestration.partitions import region_partitions, single_run
from orchestration.resources import TRANSIENT_RETRY, current_paths, md_table, warehouse_reader

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


PLAN_KEY = AssetKey(["mutation_plan"])
# Each lake table the optimiser writes is an asset of its own (dbt sources map to these keys).
RECOMMEND_SPECS = [
    AssetSpec(PLAN_KEY, deps=MART_INPUTS, group_name="recommend", kinds={"python", "scipy", "parquet"},
              owners=["team:analytics"], description=(
                  "Recommended mutations per region snapshot: an exact MILP (HiGHS) over every eligible lateral "
                  "move, maximising workload balance, job fit, rotation urgency and stated preference under "
                  "capacity, outflow and one-move-per-person constraints. lake/recommendations: one row per move "
                  "with reason codes, a Bahasa Indonesia explanation, fit and EJ before/after, training needs.")),
    AssetSpec(["recommend", "not_moved"], deps=MART_INPUTS, group_name="recommend", kinds={"parquet"},
              owners=["team:analytics"], description=(
                  "Employees due for rotation left in place, each with a 'tidak dipindahkan karena …' line "
                  "(lake/recommendations_not_moved).")),
    AssetSpec(["recommend", "effect"], deps=MART_INPUTS, group_name="recommend", kinds={"parquet"},
              owners=["team:analytics"], description=(
                  "Regency metrics before, after the optimal plan and after the greedy ranking baseline "
                  "(lake/recommendation_effect).")),
    AssetSpec(["recommend", "fairness"], deps=MART_INPUTS, group_name="recommend", kinds={"parquet"},
              owners=["team:analytics"], description=(
                  "Sex, age band and golongan of the employees moved against the eligible pool "
                  "(lake/recommendation_fairness).")),
]


@multi_asset(
    name="mutation_plan",
    specs=RECOMMEND_SPECS,
    partitions_def=region_partitions,
    backfill_policy=single_run,
    retry_policy=TRANSIENT_RETRY,
)
def mutation_plan(context: AssetExecutionContext):
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
    yield MaterializeResult(asset_key=PLAN_KEY, metadata={
        "region_snapshots": len(stats),
        "moves": int(table["moves"].sum()) if len(table) else 0,
        "params_version": version,
        "solver": MetadataValue.md(md_table(table) if len(table) else "nothing to solve"),
    })
    for spec in RECOMMEND_SPECS[1:]:
        yield MaterializeResult(asset_key=spec.key, metadata={"region_snapshots": len(stats)})
