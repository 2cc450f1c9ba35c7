"""Recommend: the exact mutation optimiser per region snapshot, over the marts, into the lake."""


import pandas as pd
from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, MetadataValue, multi_asset

import mutasi.recommend as recommender
from mutasi.changes import scope_of_run, snapshots_to_redo
from mutasi.params import SEEDS_DIR, params_version
from mutasi.recommend import MOVE_COLUMNS, load_recommend_params, recommend
from mutasi.recommend.batch import SnapshotResult, SnapshotTask, result_of, solve_many, worker_count
from mutasi.config import DataPaths, partition_path
from mutasi.lake import write_partition
from orchestration.partitions import region_partitions, run_regions, single_run
from orchestration.resources import TRANSIENT_RETRY, PathsResource, WarehouseResource, md_table

MART_INPUTS = [AssetKey(["marts", "position_workload"]), AssetKey(["marts", "employee_indices"]),
               AssetKey(["marts", "employee_eligibility"])]

POSITIONS_SQL = """
    select * from marts.position_workload
    where region_code = ? and list_contains(?::date[], snapshot_date)
    order by snapshot_date, position_code
"""
EMPLOYEES_SQL = """
    select i.*, e.* exclude (region_code, snapshot_date, nip, position_code, unit_code, params_version)
    from marts.employee_indices i
    join marts.employee_eligibility e using (region_code, snapshot_date, nip)
    where i.region_code = ? and list_contains(?::date[], i.snapshot_date)
    order by i.snapshot_date, i.nip
"""


SNAPSHOTS_SQL = "select distinct strftime(snapshot_date, '%Y-%m-%d') from marts.position_workload where region_code = ? order by 1"


def region_snapshot_dates(connection, region_code: str) -> list[str]:
    """The snapshots (ISO dates) of a region the optimiser has inputs for."""
    return [date for (date,) in connection.execute(SNAPSHOTS_SQL, [region_code]).fetchall()]


def region_tasks(connection, region_code: str, dates: list[str] | None = None) -> list[SnapshotTask]:
    """The inputs of the snapshots ``dates`` (default: every snapshot) of one region, read from the marts."""
    if dates is None:
        dates = region_snapshot_dates(connection, region_code)
    if not dates:
        return []
    positions = connection.execute(POSITIONS_SQL, [region_code, dates]).df()
    employees = connection.execute(EMPLOYEES_SQL, [region_code, dates]).df()
    tasks = []
    for snapshot_date, pos in positions.groupby("snapshot_date", sort=True):
        emp = employees[employees["snapshot_date"] == snapshot_date]
        tasks.append(SnapshotTask(region_code, pd.Timestamp(snapshot_date).date().isoformat(),
                                  pos.reset_index(drop=True), emp.reset_index(drop=True)))
    return tasks


def employee_rows(connection, region_codes: list[str]) -> int:
    """Employee rows (all snapshots) of the regions: the size of the batch, for the worker count."""
    if not region_codes:
        return 0
    return int(connection.execute("select count(*) from marts.employee_indices where list_contains(?, region_code)",
                                  [list(region_codes)]).fetchone()[0])


def solve_in_process(task: SnapshotTask, rec_params) -> SnapshotResult:
    """One snapshot in this process, through this module's ``recommend`` (so that a wrapper installed
    on it, such as mutasi bench's timing probe, sees the call)."""
    return result_of(task, recommend(task.positions, task.employees, rec_params))


def write_snapshot(paths: DataPaths, result: SnapshotResult, run_id: str, version: str) -> dict:
    """Write moves, the not-moved lines, the effect (ours vs baseline) and fairness of one snapshot;
    returns the plan summary row."""
    stamp = {"params_version": version, "run_id": run_id}
    region_code, date = result.region_code, result.snapshot_date
    write_partition(paths.lake / "recommendations", region_code, date,
                    result.moves.reindex(columns=MOVE_COLUMNS).assign(**stamp))
    write_partition(paths.lake / "recommendations_not_moved", region_code, date, result.not_moved.assign(**stamp))
    write_partition(paths.lake / "recommendation_effect", region_code, date, result.comparison.assign(**stamp))
    write_partition(paths.lake / "recommendation_fairness", region_code, date, result.fairness.assign(**stamp))
    return {"region": region_code, "snapshot": date, "moves": len(result.moves), **result.solver}


def recommend_region(paths: DataPaths, connection, region_code: str, run_id: str, version: str) -> list[dict]:
    """Solve every snapshot of one region in this process; write moves, the not-moved lines and the
    plan summary."""
    rec_params = load_recommend_params(SEEDS_DIR)
    return [write_snapshot(paths, solve_in_process(task, rec_params), run_id, version)
            for task in region_tasks(connection, region_code)]


def recommend_regions(paths: DataPaths, connection, region_codes: list[str], run_id: str, version: str,
                      log=None, workers: int | None = None,
                      scope: list[str] | None = None) -> tuple[list[dict], list[str]]:
    """Every snapshot of every region, in ``workers`` processes (default: min(CPU count, regions,
    $MUTASI_RECOMMEND_WORKERS), and 1 for batches below MIN_EMPLOYEES_FOR_WORKERS employee rows when
    the variable is unset); 1 solves in this process. The parent reads the marts and writes
    the lake, workers only compute, so the outputs are the same for any number of workers. Returns
    (plan summary rows sorted by region and snapshot, failed regions in the order given).

    A ``recommend`` replaced in this module (a profiler or mutasi bench's probe can only observe calls
    in this process) forces one worker."""
    rec_params = load_recommend_params(SEEDS_DIR)
    if workers is None:
        workers = worker_count(len(region_codes), n_employees=employee_rows(connection, region_codes))
    if recommend is not recommender.recommend and workers > 1:
        if log is not None:
            log.info("recommend() is wrapped in this process: solving the regions one after the other")
        workers = 1
    failed: list[str] = []

    def tasks():
        for region_code in region_codes:
            try:
                # what dbt recomputed in this run (scope None: everything), and any plan missing from the lake;
                # only those snapshots' inputs are read
                redo = snapshots_to_redo(region_code, region_snapshot_dates(connection, region_code), scope,
                                         lambda date: partition_path(paths.lake / "recommendations",
                                                                     region_code, date).is_dir())
                yield from region_tasks(connection, region_code, redo)
            except Exception:  # reading failed: a bug, report and go on with the others
                if log is not None:
                    log.exception(f"[{region_code}] reading the recommendation inputs failed")
                failed.append(region_code)

    stats = []
    for task, outcome in solve_many(tasks(), rec_params, workers,
                                    solve=lambda task: solve_in_process(task, rec_params)):
        if isinstance(outcome, BaseException):
            if log is not None:
                log.error(f"[{task.region_code}] recommendation failed for snapshot {task.snapshot_date}",
                          exc_info=outcome)
            if task.region_code not in failed:
                failed.append(task.region_code)
            continue
        try:
            stats.append(write_snapshot(paths, outcome, run_id, version))
        except Exception:
            if log is not None:
                log.exception(f"[{task.region_code}] writing the recommendations failed")
            if task.region_code not in failed:
                failed.append(task.region_code)
    stats.sort(key=lambda row: (row["region"], row["snapshot"]))
    return stats, [r for r in region_codes if r in failed]


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
def mutation_plan(context: AssetExecutionContext, paths: PathsResource, warehouse: WarehouseResource):
    layout = paths.layout
    version = params_version()
    regions = run_regions(context.partition_keys, context.run.tags)
    with warehouse.reader() as connection:
        workers = worker_count(len(regions), n_employees=employee_rows(connection, regions))
        context.log.info(f"solving {len(regions)} region(s) with {workers} worker process(es)")
        # a failing region is a bug, not bad data (that is stopped at validation): finish the others, then fail
        scope = scope_of_run(layout, "dbt_core", context.run.run_id)
        stats, failed = recommend_regions(layout, connection, regions, context.run.run_id, version,
                                          log=context.log, workers=workers, scope=scope)
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
