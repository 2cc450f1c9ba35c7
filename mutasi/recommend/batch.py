"""Many region snapshots at once: the same ``recommend()`` call per snapshot, in worker processes when the
batch is large enough (mutasi.parallel), for the ``mutation_plan`` asset (orchestration/recommend.py).

The inputs are read from the marts here (read-only), the results written to the lake here: workers receive
their input frames and return the result frames, so the outputs do not depend on the number of workers or
on the order in which snapshots finish (results are sorted by region and snapshot). Every result carries
the solver's statistics and the call's timings, which the step reports and `mutasi bench` reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

import duckdb
import pandas as pd

from ..changes import snapshots_to_redo
from ..config import DataPaths, partition_path
from ..lake import plan_moves, write_partition
from ..parallel import parallel_map, worker_count
from .api import recommend
from .params import RecommendParams
from .report import MOVE_COLUMNS
from .shortlist import empty_shortlists
from .succession import empty_succession

#: below this many employee rows in total (summed over the snapshots) the default is one process: a
#: spawned worker costs 2-4 s to start and import pandas/scipy on the 2-core machine, while a
#: 9,000-employee snapshot takes about 1 s; measured 4 x 8,930 rows: 3.9 s serial, 4.3 s with 2
#: workers; 12 x 8,930 rows: 12.2 s serial, 9.5 s with 2 workers (other jobs on the machine).
#: A number of workers asked for is always honoured.
MIN_EMPLOYEES_FOR_WORKERS = 50_000
#: what an optimiser worker needs (in mutasi.parallel.PIPELINE_WORKER_MODULES: the fork server started early has it)
WORKER_PRELOAD = (__name__,)


@dataclass(frozen=True)
class SnapshotTask:
    """Inputs of one region snapshot: the rows of marts.position_workload and of
    marts.employee_indices joined with marts.employee_eligibility for it."""

    region_code: str
    snapshot_date: str  # ISO date
    positions: pd.DataFrame
    employees: pd.DataFrame
    #: the region's snapshot before this one (plan stability, parameter weight_keep_previous) and, when
    #: that snapshot is not solved in the same chain, its published plan read from the lake
    previous_date: str | None = None
    previous_plan: pd.DataFrame | None = None
    #: the regency's decisions in force (marts.mutation_decision_status rows of this snapshot; issue 16)
    decisions: pd.DataFrame | None = None


@dataclass(frozen=True)
class RegionChain:
    """The snapshots of one region to plan, in date order: solved one after the other in one process, so
    that each plan can prefer the moves of the plan before it (SnapshotTask.previous_*)."""

    region_code: str
    tasks: tuple[SnapshotTask, ...]


@dataclass(frozen=True)
class SnapshotResult:
    """What the caller writes for one region snapshot (RecommendationResult's frames)."""

    region_code: str
    snapshot_date: str
    moves: pd.DataFrame
    not_moved: pd.DataFrame
    comparison: pd.DataFrame
    fairness: pd.DataFrame
    solver: dict
    n_baseline_moves: int
    timings: dict = field(default_factory=dict)
    shortlists: pd.DataFrame = field(default_factory=empty_shortlists)
    succession: pd.DataFrame = field(default_factory=empty_succession)

    @property
    def key(self) -> tuple[str, str]:
        return self.region_code, self.snapshot_date


def result_of(task: SnapshotTask, result) -> SnapshotResult:
    """The frames of a RecommendationResult that leave the solving process."""
    return SnapshotResult(
        task.region_code,
        task.snapshot_date,
        result.moves,
        result.not_moved,
        result.comparison,
        result.fairness,
        result.solver.to_dict(),
        len(result.baseline.moves),
        dict(result.timings),
        result.shortlists,
        result.succession,
    )


def with_previous_plan(employees: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """The employees with ``previous_recommendation``: the target post the previous plan gave them."""
    if previous is None or len(previous) == 0:
        return employees
    target = (
        previous.assign(nip=previous["nip"].astype(str))
        .drop_duplicates("nip")
        .set_index("nip")["to_position_code"]
        .astype(str)
    )
    return employees.assign(previous_recommendation=employees["nip"].astype(str).map(target))


def solve_snapshot(params: RecommendParams, task: SnapshotTask, previous: pd.DataFrame | None = None) -> SnapshotResult:
    """``recommend()`` for one snapshot (runs in a worker process or in the caller); ``previous`` is the
    plan of the snapshot before (default: the task's ``previous_plan``)."""
    previous = task.previous_plan if previous is None else previous
    employees = with_previous_plan(task.employees, previous)
    result = recommend(task.positions, employees, params, decisions=task.decisions, snapshot_date=task.snapshot_date)
    return result_of(task, result)


def solve_chain(params: RecommendParams, chain: RegionChain) -> list[SnapshotResult | BaseException]:
    """The chain's snapshots in order, each given the plan just made for the snapshot before it (or the
    published one). A snapshot that fails is returned as its exception; the next one then uses only a
    published previous plan."""
    out: list[SnapshotResult | BaseException] = []
    made: dict[str, pd.DataFrame] = {}
    for task in chain.tasks:
        try:
            result = solve_snapshot(params, task, made.get(task.previous_date))
        except Exception as exc:  # isolated per snapshot: the others of the region are still written
            out.append(exc)
            continue
        made[task.snapshot_date] = result.moves[["nip", "to_position_code"]]
        out.append(result)
    return out


def recommend_workers(tasks: int, n_employees: int, requested: int | None = None, cpus: int | None = None) -> int:
    """Worker processes: min(CPUs, snapshots, requested); in process below MIN_EMPLOYEES_FOR_WORKERS
    employee rows unless a number is asked for."""
    return worker_count(tasks, work=n_employees, min_work=MIN_EMPLOYEES_FOR_WORKERS, requested=requested, cpus=cpus)


def solve_many(
    chains: Iterable[RegionChain],
    params: RecommendParams,
    workers: int,
) -> Iterator[tuple[SnapshotTask, SnapshotResult | BaseException]]:
    """Yield (task, result or the exception it raised) for every snapshot of every chain; chains (regions)
    side by side in ``workers`` processes, in completion order, the snapshots of one chain in date order.
    Chains are pulled lazily, at most 2 x workers in flight, so only a few regions' frames are in memory."""
    for chain, outcome in parallel_map(
        partial(solve_chain, params),
        chains,
        workers=workers,
        on_error="isolate",
        in_flight=2 * max(1, workers),
        preload=WORKER_PRELOAD,
    ):
        outcomes = [outcome] * len(chain.tasks) if isinstance(outcome, BaseException) else outcome
        yield from zip(chain.tasks, outcomes)


# ------------------------------------------------------------------------------ the marts in, the lake out

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


#: the marts of a whole province snapshot in one query per table: rows by regency in the snapshot's order, then
#: as batch.POSITIONS_SQL / EMPLOYEES_SQL order them within a regency, so the frames of one such query per regency
#: concatenated (tests/recommend/test_province_inputs.py). Province 32, 2026-10-31, 27 regencies, 2026-12-05:
#: 2.3 -> 1.9-2.1 CPU-s (median of 3 and of 5); most of what is left is DuckDB turning the 241,115 x 73 employee
#: rows into pandas (1.9 s of .df(); arrow then to_pandas took 1.0 s but gives other dtypes: dates, Int32, boolean)
PROVINCE_POSITIONS_SQL = """
    select * from marts.position_workload
    where list_contains($regions::varchar[], region_code) and snapshot_date = $date::date
    order by list_position($regions::varchar[], region_code), position_code
"""
PROVINCE_EMPLOYEES_SQL = """
    select i.*, e.* exclude (region_code, snapshot_date, nip, position_code, unit_code, params_version)
    from marts.employee_indices i
    join marts.employee_eligibility e using (region_code, snapshot_date, nip)
    where list_contains($regions::varchar[], i.region_code) and i.snapshot_date = $date::date
    order by list_position($regions::varchar[], i.region_code), i.nip
"""
#: employees per region snapshot (the inter-regency step shares its work by them: province.province_tasks)
PROVINCE_SIZES_SQL = """
    select region_code, strftime(snapshot_date, '%Y-%m-%d'), count(*) from marts.employee_indices group by all
"""


SNAPSHOTS_SQL = (
    "select distinct strftime(snapshot_date, '%Y-%m-%d') from marts.position_workload where region_code = ? order by 1"
)


def region_snapshot_dates(connection, region_code: str) -> list[str]:
    """The snapshots (ISO dates) of a region the optimiser has inputs for."""
    return [date for (date,) in connection.execute(SNAPSHOTS_SQL, [region_code]).fetchall()]


def region_tasks(
    connection, region_code: str, dates: list[str] | None = None, previous_plan=None
) -> list[SnapshotTask]:
    """The inputs of the snapshots ``dates`` (default: every snapshot) of one region, read from the marts.
    With ``previous_plan`` (date -> published plan or None), each task knows the snapshot before it and,
    when that one is not among ``dates``, its published plan."""
    every = region_snapshot_dates(connection, region_code)
    if dates is None:
        dates = every
    if not dates:
        return []
    before = {d: (every[k - 1] if k > 0 else None) for k, d in enumerate(every)}
    positions = connection.execute(POSITIONS_SQL, [region_code, dates]).df()
    employees = connection.execute(EMPLOYEES_SQL, [region_code, dates]).df()
    decisions = decision_status(connection, region_code, dates)
    tasks = []
    for snapshot_date, pos in positions.groupby("snapshot_date", sort=True):
        emp = employees[employees["snapshot_date"] == snapshot_date]
        date = pd.Timestamp(snapshot_date).date().isoformat()
        prev = before.get(date)
        published = previous_plan(prev) if previous_plan is not None and prev and prev not in dates else None
        mine = decisions[decisions["snapshot_date"] == snapshot_date] if decisions is not None else None
        tasks.append(
            SnapshotTask(
                region_code,
                date,
                pos.reset_index(drop=True),
                emp.reset_index(drop=True),
                prev,
                published,
                mine.reset_index(drop=True) if mine is not None and len(mine) else None,
            )
        )
    return tasks


DECISIONS_SQL = """
    select * from marts.mutation_decision_status
    where region_code = ? and list_contains(?::date[], snapshot_date)
    order by snapshot_date, nip, to_position_code
"""


def decision_status(connection, region_code: str, dates: list[str]) -> pd.DataFrame | None:
    """marts.mutation_decision_status for the snapshots (None when the warehouse has no such mart yet)."""
    try:
        return connection.execute(DECISIONS_SQL, [region_code, dates]).df()
    except duckdb.CatalogException:
        return None


def employee_rows(connection, region_codes: list[str]) -> int:
    """Employee rows (all snapshots) of the regions: the size of the batch, for the worker count."""
    if not region_codes:
        return 0
    return int(
        connection.execute(
            "select count(*) from marts.employee_indices where list_contains(?, region_code)", [list(region_codes)]
        ).fetchone()[0]
    )


def write_snapshot(paths: DataPaths, result: SnapshotResult, run_id: str, version: str) -> dict:
    """Write moves, the not-moved lines, the effect (ours vs baseline) and fairness of one snapshot;
    returns the plan summary row."""
    stamp = {"params_version": version, "run_id": run_id}
    region_code, date = result.region_code, result.snapshot_date
    write_partition(
        paths.lake / "recommendations", region_code, date, result.moves.reindex(columns=MOVE_COLUMNS).assign(**stamp)
    )
    write_partition(paths.lake / "recommendations_not_moved", region_code, date, result.not_moved.assign(**stamp))
    write_partition(paths.lake / "recommendation_effect", region_code, date, result.comparison.assign(**stamp))
    write_partition(paths.lake / "recommendation_fairness", region_code, date, result.fairness.assign(**stamp))
    write_partition(paths.lake / "vacancy_shortlists", region_code, date, result.shortlists.assign(**stamp))
    write_partition(paths.lake / "succession_candidates", region_code, date, result.succession.assign(**stamp))
    return {
        "region": region_code,
        "snapshot": date,
        "moves": len(result.moves),
        "baseline_moves": result.n_baseline_moves,
        **result.timings,
        **result.solver,
    }


def recommend_regions(
    paths: DataPaths,
    connection,
    region_codes: list[str],
    run_id: str,
    version: str,
    rec_params: RecommendParams,
    log=None,
    workers: int | None = None,
    scope: list[str] | None = None,
) -> tuple[list[dict], list[str]]:
    """Every snapshot of every region the scope makes to redo, in ``workers`` processes (default:
    recommend_workers); 1 solves in this process. This process reads the marts and writes the lake,
    workers only compute, so the outputs are the same for any number of workers. Returns (plan summary
    rows sorted by region and snapshot, with solver statistics and timings; failed regions in the order
    given)."""
    if workers is None:
        workers = recommend_workers(len(region_codes), employee_rows(connection, region_codes))
    failed: list[str] = []

    def previous_plan(region_code):
        if rec_params.weight_keep_previous <= 0:
            return None
        return lambda date: plan_moves(paths, region_code, [date])

    def chains():
        for region_code in region_codes:
            try:
                # what dbt recomputed in this run (scope None: everything), and any plan missing from the lake;
                # only those snapshots' inputs are read
                redo = snapshots_to_redo(
                    region_code,
                    region_snapshot_dates(connection, region_code),
                    scope,
                    lambda date, region_code=region_code: partition_path(
                        paths.lake / "recommendations", region_code, date
                    ).is_dir(),
                )
                tasks = region_tasks(connection, region_code, redo, previous_plan(region_code))
                if tasks:
                    yield RegionChain(region_code, tuple(tasks))
            except Exception:  # reading failed: a bug, report and go on with the others
                if log is not None:
                    log.exception(f"[{region_code}] reading the recommendation inputs failed")
                failed.append(region_code)

    stats = []
    for task, outcome in solve_many(chains(), rec_params, workers):
        if isinstance(outcome, BaseException):
            if log is not None:
                log.error(
                    f"[{task.region_code}] recommendation failed for snapshot {task.snapshot_date}", exc_info=outcome
                )
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
