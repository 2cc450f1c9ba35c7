"""Many region snapshots at once: the same ``recommend()`` call per snapshot, in worker processes when
more than one worker is asked for (orchestration/recommend.py, asset ``mutation_plan``).

Workers receive their input frames and return the result frames; nothing is written by a worker, so
the caller writes every output in the parent process and the outputs do not depend on the number of
workers or on the order in which snapshots finish (results are sorted by region and snapshot).
Workers are started with the ``spawn`` method (no fork of a process holding DuckDB connections,
Dagster state or threads) and import only this package's dependencies.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass

import pandas as pd

from .params import RecommendParams

#: environment variable capping the number of worker processes (1 = solve in the calling process)
WORKERS_ENV = "MUTASI_RECOMMEND_WORKERS"
#: below this many employee rows in total (summed over the snapshots) the default is one process: a
#: spawned worker costs 2-4 s to start and import pandas/scipy on the 2-core machine, while a
#: 9,000-employee snapshot takes about 1 s; measured 4 x 8,930 rows: 3.9 s serial, 4.3 s with 2
#: workers; 12 x 8,930 rows: 12.2 s serial, 9.5 s with 2 workers (other jobs on the machine).
#: An explicit $MUTASI_RECOMMEND_WORKERS is always honoured.
MIN_EMPLOYEES_FOR_WORKERS = 50_000


@dataclass(frozen=True)
class SnapshotTask:
    """Inputs of one region snapshot: the rows of marts.position_workload and of
    marts.employee_indices joined with marts.employee_eligibility for it."""

    region_code: str
    snapshot_date: str  # ISO date
    positions: pd.DataFrame
    employees: pd.DataFrame


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

    @property
    def key(self) -> tuple[str, str]:
        return self.region_code, self.snapshot_date


def result_of(task: SnapshotTask, result) -> SnapshotResult:
    """The frames of a RecommendationResult that leave the solving process."""
    return SnapshotResult(task.region_code, task.snapshot_date, result.moves, result.not_moved,
                          result.comparison, result.fairness, result.solver.to_dict(),
                          len(result.baseline.moves))


def solve_snapshot(task: SnapshotTask, params: RecommendParams) -> SnapshotResult:
    """``recommend()`` for one snapshot (runs in a worker process or in the caller)."""
    from .api import recommend

    return result_of(task, recommend(task.positions, task.employees, params))


def worker_count(n_tasks: int, requested: int | str | None = None, n_employees: int | None = None) -> int:
    """min(CPU count, number of tasks, requested); requested defaults to $MUTASI_RECOMMEND_WORKERS
    and, when that is unset or empty, to the CPU count, or to 1 when ``n_employees`` (total employee
    rows to solve) is given and below MIN_EMPLOYEES_FOR_WORKERS. Always at least 1."""
    cpus = os.cpu_count() or 1
    if requested is None:
        requested = os.environ.get(WORKERS_ENV, "").strip()
        if not requested:
            small = n_employees is not None and n_employees < MIN_EMPLOYEES_FOR_WORKERS
            requested = 1 if small else cpus
    try:
        requested = int(requested)
    except ValueError as exc:
        raise ValueError(f"{WORKERS_ENV} must be a whole number, got {requested!r}") from exc
    return max(1, min(cpus, n_tasks, requested))


def solve_many(tasks: Iterable[SnapshotTask], params: RecommendParams, workers: int,
               solve: Callable[[SnapshotTask], SnapshotResult] | None = None,
               ) -> Iterator[tuple[SnapshotTask, SnapshotResult | BaseException]]:
    """Yield (task, result or the exception it raised) for every task, in completion order.

    ``workers`` == 1: each task is solved in this process with ``solve`` (default ``solve_snapshot``),
    one after the other, in the order given. ``workers`` > 1: a spawn-started process pool; tasks
    are pulled from ``tasks`` lazily, at most 2 x workers in flight, so only a few snapshots' frames
    are in memory at once."""
    if workers <= 1:
        for task in tasks:
            try:
                yield task, (solve(task) if solve is not None else solve_snapshot(task, params))
            except Exception as exc:  # reported to the caller with its task
                yield task, exc
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: dict[Future, SnapshotTask] = {}
        source = iter(tasks)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < 2 * workers:
                try:
                    task = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending[pool.submit(solve_snapshot, task, params)] = task
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                task = pending.pop(future)
                exc = future.exception()
                yield task, (exc if exc is not None else future.result())
