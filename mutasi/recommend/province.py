"""The province level (issue 17) for the ``interregency_plan`` asset (orchestration/recommend.py): per province
and snapshot date, the inter-regency moves (interregency.py) made after the regencies' own plans, and the
provincial talent pool; inputs read from the marts and the lake, results written to the lake.

A province snapshot is the regencies of one province that delivered a snapshot of that date (as the province
scorecard groups them). Every province snapshot of the run's provinces gets a file, a zero-row one when the
province has one regency or nothing to propose, so that the dbt sources always have files to read.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..changes import snapshots_in_scope
from ..config import DataPaths
from ..lake import plan_moves, write_parquet_atomic
from ..parallel import parallel_map, worker_count
from ..reference import is_region, region
from ..warehouse import read_only
from .batch import MIN_EMPLOYEES_FOR_WORKERS, PROVINCE_EMPLOYEES_SQL, PROVINCE_POSITIONS_SQL, PROVINCE_SIZES_SQL
from .interregency import (
    INTERREGENCY_COLUMNS,
    TALENT_POOL_COLUMNS,
    InterregencyRules,
    interregency_plan,
    provincial_talent_pool,
)
from .params import RecommendParams

MOVES_TABLE = "interregency_recommendations"
#: what an inter-regency worker needs (in mutasi.parallel.PIPELINE_WORKER_MODULES)
WORKER_PRELOAD = (__name__,)
POOL_TABLE = "provincial_talent_pool"

_INT = {"source_surplus_before", "target_gap_before", "balance_gain", "priority_rank", "candidate_rank", "talent_box"}
_FLOAT = {"job_fit_before", "job_fit_after", "objective_value", "job_fit_at_post", "years_to_retirement"}
_BOOL = {"is_willing", "is_due_for_rotation", "is_same_regency"}
_TIME = {"holder_retirement_date"}


def _schema(columns) -> pa.Schema:
    """The file schema of a province table: typed even when it has no row."""

    def kind(c):
        if c in _INT:
            return pa.int64()
        if c in _FLOAT:
            return pa.float64()
        if c in _BOOL:
            return pa.bool_()
        if c in _TIME:
            return pa.timestamp("us")
        return pa.string()

    fields = [pa.field("province_code", pa.string()), pa.field("snapshot_date", pa.date32())]
    fields += [pa.field(c, kind(c)) for c in columns if c not in ("province_code", "snapshot_date")]
    return pa.schema([*fields, pa.field("params_version", pa.string()), pa.field("run_id", pa.string())])


MOVES_SCHEMA = _schema(INTERREGENCY_COLUMNS)
POOL_SCHEMA = _schema(TALENT_POOL_COLUMNS)


def province_partition(base: Path, province_code: str, snapshot_date: str) -> Path:
    return base / f"province_code={province_code}" / f"snapshot_date={snapshot_date}"


def write_province_table(
    base: Path, province_code: str, snapshot_date: str, frame: pd.DataFrame, schema: pa.Schema, stamp: dict
) -> Path:
    out = frame.copy()
    out.insert(0, "snapshot_date", pd.to_datetime(snapshot_date).date())
    out.insert(0, "province_code", province_code)
    out = out.assign(**stamp)
    for c in _TIME & set(out.columns):
        out[c] = pd.to_datetime(out[c]).astype("datetime64[us]")
    for c in _INT & set(out.columns):
        out[c] = pd.to_numeric(out[c]).astype("Int64")
    path = province_partition(base, province_code, snapshot_date) / "data.parquet"
    write_parquet_atomic(out[schema.names], path, schema)
    return path


@dataclass(frozen=True)
class ProvinceSnapshot:
    province_code: str
    snapshot_date: str  # ISO
    region_codes: tuple[str, ...]


SNAPSHOTS_SQL = """
    select distinct region_code, strftime(snapshot_date, '%Y-%m-%d') as snapshot_date
    from marts.position_workload order by 1, 2
"""


def province_snapshots(connection, province_codes) -> list[ProvinceSnapshot]:
    """The province snapshots of ``province_codes``: per province and date, the regencies that delivered."""
    wanted = set(province_codes)
    grouped: dict[tuple[str, str], list[str]] = {}
    for region_code, date in connection.execute(SNAPSHOTS_SQL).fetchall():
        if not is_region(region_code):
            continue
        province = region(region_code).province_code
        if province in wanted:
            grouped.setdefault((province, date), []).append(region_code)
    return [ProvinceSnapshot(p, d, tuple(sorted(r))) for (p, d), r in sorted(grouped.items())]


def to_redo(
    snapshots: list[ProvinceSnapshot], scope: list[str] | None, exists: Callable[[ProvinceSnapshot], bool]
) -> list[ProvinceSnapshot]:
    """The province snapshots a run redoes: those with a regency snapshot the build's scope may have changed
    (mutasi.changes), and those without a file yet."""
    return [
        s
        for s in snapshots
        if not exists(s)
        or any(s.snapshot_date in snapshots_in_scope(r, [s.snapshot_date], scope) for r in s.region_codes)
    ]


def province_inputs(connection, paths: DataPaths, snapshot: ProvinceSnapshot):
    """(positions, employees, the regencies' own plans) of a province snapshot, from the marts and the lake."""
    args = {"regions": list(snapshot.region_codes), "date": snapshot.snapshot_date}
    positions = connection.execute(PROVINCE_POSITIONS_SQL, args).df()
    employees = connection.execute(PROVINCE_EMPLOYEES_SQL, args).df()
    plans = []
    for region_code in snapshot.region_codes:
        plan = plan_moves(paths, region_code, [snapshot.snapshot_date])
        if plan is not None and len(plan):
            plans.append(plan.assign(region_code=region_code))
    within = pd.concat(plans, ignore_index=True) if plans else None
    return positions, employees, within


@dataclass(frozen=True)
class ProvinceTask:
    """What a (worker) process needs for one part of a province snapshot: "plan" (the inter-regency moves),
    "pool" (the provincial talent pool) or "both". Small and picklable: the process reads the inputs itself
    (a read-only connection under the warehouse's shared lock, and the regencies' plans from the lake). The
    two parts read the same inputs and nothing of each other, so a province alone is planned on two
    processes side by side."""

    warehouse: str
    root: str  # the data directory (DataPaths)
    snapshot: ProvinceSnapshot | None
    part: str
    params: RecommendParams
    rules: InterregencyRules


def solve_province_task(task: ProvinceTask) -> dict:
    """Read the inputs of a province snapshot and compute one part of it: {"moves", "stats"} and/or {"pool"},
    with the CPU seconds it took."""
    cpu = time.process_time()
    with read_only(Path(task.warehouse)) as connection:
        positions, employees, within = province_inputs(connection, DataPaths(Path(task.root)), task.snapshot)
    out: dict = {}
    if task.part in ("plan", "both"):
        out["moves"], out["stats"] = interregency_plan(positions, employees, task.params, task.rules, within=within)
    if task.part in ("pool", "both"):
        # one regency: no inter-regency move, but its key posts still get the pool (its own candidates), so that
        # the province's talent pool coverage is defined
        out["pool"] = provincial_talent_pool(positions, employees, task.params)
    out["cpu_seconds"] = time.process_time() - cpu
    return out


def write_province(paths: DataPaths, snapshot: ProvinceSnapshot, parts: dict, run_id: str, version: str) -> dict:
    """Write both tables of a province snapshot; returns its summary row."""
    stamp = {"params_version": version, "run_id": run_id}
    moves, stats, pool = parts["moves"], parts["stats"], parts["pool"]
    args = (snapshot.province_code, snapshot.snapshot_date)
    write_province_table(paths.lake / MOVES_TABLE, *args, moves, MOVES_SCHEMA, stamp)
    write_province_table(paths.lake / POOL_TABLE, *args, pool, POOL_SCHEMA, stamp)
    return {
        "province": snapshot.province_code,
        "snapshot": snapshot.snapshot_date,
        "regions": len(snapshot.region_codes),
        "moves": len(moves),
        "talent_pool_rows": len(pool),
        "candidates": stats.n_candidates,
        "status": stats.status,
    }


def province_workers(tasks: int, n_employees: int, requested: int | None = None) -> int:
    """Worker processes for the inter-regency step: min(CPUs, 2 x province snapshots, requested) (a province
    alone is two tasks, its plan and its pool); in this process below batch.MIN_EMPLOYEES_FOR_WORKERS employee
    rows (as the regencies) unless a number is asked for."""
    return worker_count(2 * tasks, work=n_employees, min_work=MIN_EMPLOYEES_FOR_WORKERS, requested=requested)


def province_tasks(
    todo: list[ProvinceSnapshot], employees: dict[ProvinceSnapshot, int], workers: int, template: ProvinceTask
) -> list[ProvinceTask]:
    """The tasks of the province snapshots ``todo``, largest first (employees: the longest first keeps the
    processes evenly busy). A snapshot with more than half of one worker's share of the work would keep one
    process busy while the others wait: its plan and its pool become two tasks, each reading the inputs
    (province 32 alone, 2026-12-05: inputs ~2 s, plan ~7 s, pool 1.4 s CPU: the step's wall time is the
    plan's, the second read runs on a core that would be idle). The country's largest province is 7 % of it:
    one task each. Handing the inputs from this process to the workers instead cost more than it saved
    (pickling the 241,115 x 73 employee frame 2.2 s, unpickling 0.8 s)."""
    total = sum(employees.values())
    tasks = []
    for snapshot in sorted(todo, key=lambda s: (-employees[s], s.province_code, s.snapshot_date)):
        split = workers > 1 and employees[snapshot] * 2 * workers > total
        for part in ("plan", "pool") if split else ("both",):
            tasks.append(replace(template, snapshot=snapshot, part=part))
    return tasks


def plan_provinces(
    warehouse: Path,
    paths: DataPaths,
    region_codes: list[str],
    params: RecommendParams,
    rules: InterregencyRules,
    run_id: str,
    version: str,
    scope: list[str] | None = None,
    log=None,
    workers: int | None = None,
) -> tuple[list[dict], list[str]]:
    """Every province snapshot of the provinces of ``region_codes`` that the run changed: (summary rows sorted
    by province and date, the province snapshots that failed as "province:date"). A failing province does not
    stop the others. ``workers``: the processes asked for (None: province_workers decides; 1 computes in this
    process); the outputs are the same for any number. The warehouse is read under its shared lock, by
    whoever computes a part; this process holds it only to list the province snapshots (a reader holding it
    while its workers queued behind a waiting dbt writer would deadlock: mutasi.warehouse)."""
    provinces = sorted({region(r).province_code for r in region_codes if is_region(r)})
    with read_only(warehouse) as connection:
        every = province_snapshots(connection, provinces)
        size = dict(((r, d), n) for r, d, n in connection.execute(PROVINCE_SIZES_SQL).fetchall())
    todo = to_redo(
        every,
        scope,
        lambda s: (
            province_partition(paths.lake / MOVES_TABLE, s.province_code, s.snapshot_date) / "data.parquet"
        ).exists(),
    )
    employees = {s: sum(size.get((r, s.snapshot_date), 0) for r in s.region_codes) for s in todo}
    workers = province_workers(len(todo), sum(employees.values()), workers)
    tasks = province_tasks(
        todo, employees, workers, ProvinceTask(str(warehouse), str(paths.root), None, "", params, rules)
    )
    started = time.perf_counter()
    stats, failed = [], []
    done: dict[ProvinceSnapshot, dict] = {}
    for task, outcome in parallel_map(
        solve_province_task, tasks, workers=workers, on_error="isolate", preload=WORKER_PRELOAD
    ):
        snapshot = task.snapshot
        name = f"{snapshot.province_code}:{snapshot.snapshot_date}"
        if isinstance(outcome, BaseException):
            if log is not None:  # a bug, not bad data: report it, finish the other provinces, then fail the step
                log.error(
                    f"[{snapshot.province_code} {snapshot.snapshot_date}] inter-regency {task.part} failed",
                    exc_info=outcome,
                )
            if name not in failed:
                failed.append(name)
            continue
        got = done.setdefault(snapshot, {"cpu_seconds": 0.0})
        got.update({k: v for k, v in outcome.items() if k != "cpu_seconds"})
        got["cpu_seconds"] += outcome["cpu_seconds"]
        if name in failed or not {"moves", "pool"} <= got.keys():
            continue  # the other part is still being computed (or failed: nothing of it is written)
        try:
            row = write_province(paths, snapshot, got, run_id, version)
        except Exception:
            if log is not None:
                log.exception(f"[{snapshot.province_code} {snapshot.snapshot_date}] writing the plan failed")
            failed.append(name)
            continue
        stats.append(
            {
                **row,
                "cpu_seconds": round(got["cpu_seconds"], 3),
                "seconds_since_step_start": round(time.perf_counter() - started, 3),
            }
        )
        del done[snapshot]
    stats.sort(key=lambda row: (row["province"], row["snapshot"]))
    return stats, failed
