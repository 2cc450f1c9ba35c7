"""One parallel map for the per-region work of the pipeline: validation, the optimiser and publishing.

`parallel_map(fn, tasks, workers=…, on_error=…)` yields (task, result or the exception it raised) as tasks
finish. One pool recipe: a fork server (spawn where there is none; never a plain fork: a Dagster step holds
DuckDB connections and threads), the modules in `preload` imported once by the fork server, and each worker
given the caller's environment as it is when the pool starts (a fork server keeps the one it started with).
`start_fork_server()` starts it early, with every stage's modules (`PIPELINE_WORKER_MODULES`).

- `chain`: tasks with the same chain key run one after the other in the order given (validation: the
  snapshots of a region in date order, each compared with the previous one); different chains side by side.
- `on_error="isolate"`: a task's exception is yielded with it and the others go on. A worker process that
  dies (killed for memory, a crash in a native library) breaks the pool: the tasks in flight are yielded
  with the BrokenProcessPool, a new pool takes the rest.
  `on_error="fail_fast"`: the first failure (the earliest task among those failing together) is raised;
  tasks not started are dropped, tasks being run finish (each is atomic in its own right).
- Tasks are read lazily: at most `in_flight` (default `workers`) are submitted at a time, so only that many
  inputs are in memory and a broken pool costs at most that many.
- `workers` ≤ 1: every task runs here, in the order given, with the same error semantics.

`worker_count` is the one rule for how many processes a stage uses; the numbers behind each stage's
minimum are where the stage calls it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Literal, TypeVar

T = TypeVar("T")
R = TypeVar("R")
OnError = Literal["isolate", "fail_fast"]

#: the one variable a data engineer sets for the number of worker processes of every stage
WORKERS_ENV = "MUTASI_WORKERS"
#: the per-stage variables of earlier versions, still honoured (deprecated: docs/operations.md)
LEGACY_WORKERS_ENV = {
    "validate": "MUTASI_VALIDATE_WORKERS",
    "recommend": "MUTASI_RECOMMEND_WORKERS",
    "publish": "MUTASI_PUBLISH_WORKERS",
}


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity), not the machine's."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def requested_workers(environ: Mapping[str, str]) -> dict[str, int | None]:
    """Per stage, the number of processes the environment asks for (None: the rule decides). A stage's
    legacy variable wins over MUTASI_WORKERS; a value that is not a whole number is an error."""
    requested = {}
    for stage, legacy in LEGACY_WORKERS_ENV.items():
        name = legacy if environ.get(legacy, "").strip() else WORKERS_ENV
        value = environ.get(name, "").strip()
        if not value:
            requested[stage] = None
            continue
        try:
            requested[stage] = max(1, int(value))
        except ValueError:
            raise ValueError(f"{name}={value!r} is not a number of worker processes") from None
    return requested


def worker_count(
    tasks: int, *, work: float, min_work: float, requested: int | None = None, cpus: int | None = None
) -> int:
    """min(CPUs, tasks, requested), at least 1. With nothing requested: 1 when the batch is below `min_work`
    (in the stage's unit of work: starting the processes would cost more than they save), else one per CPU."""
    cpus = cpu_count() if cpus is None else cpus
    if requested is None:
        requested = 1 if work < min_work else cpus
    if multiprocessing.current_process().daemon:  # a daemonic process may not start worker processes
        return 1
    return max(1, min(cpus, tasks, requested))


def _init_worker(environment: dict[str, str]) -> None:
    """A worker sees the caller's environment as it was when the pool started."""
    os.environ.clear()
    os.environ.update(environment)


#: The modules every per-region stage's workers need (each stage's `preload`, tests/test_parallel.py holds them
#: together). A fork server started with all of them serves every stage's pool: without it, the first pool of a
#: process (validation) fixed the server's preload and the optimiser's and publishing's workers each imported
#: their modules again, ≈ 0.6-0.7 s per worker and step (`python -c "import mutasi.recommend.batch"`: 0.72 s).
PIPELINE_WORKER_MODULES = (
    "mutasi.ingest.validation",
    "great_expectations",
    "mutasi.recommend.batch",
    "mutasi.recommend.province",
    "mutasi.publish.regency",
)

# What this process's fork server was started with (None: no fork server started from here yet). A fork server
# is started once per process and keeps its preload; set by start_fork_server and by the first pool.
_server_preload: tuple[str, ...] | None = None


def _has_fork_server() -> bool:
    return "forkserver" in multiprocessing.get_all_start_methods()


def start_fork_server(preload: Sequence[str] = PIPELINE_WORKER_MODULES) -> bool:
    """Start this process's fork server now, so that it imports `preload` (in its own process, on another core)
    while this one goes on; the first pool forks its workers from it without waiting for any import. Does
    nothing when a fork server already runs, in a daemonic process or where there is no fork server. Returns
    whether the fork server has every module of `preload`.

    `mutasi run`, `demo` and `bench` call it first thing: they execute every step of a run in their own
    process, so one server serves validation, the optimiser and publishing, and the ≈ 3 s of importing
    Great Expectations, SciPy and the publishing libraries overlap with loading Dagster and the definitions.
    Runs launched by the daemon or the UI are not warmed: their multiprocess executor gives every step a
    process of its own, where a server with every stage's modules would make each step's first worker wait
    for libraries it does not use (each step's pool starts a server with its own modules, as before)."""
    global _server_preload
    if not _has_fork_server() or multiprocessing.current_process().daemon:
        return False
    if _server_preload is None:
        from multiprocessing import forkserver

        multiprocessing.get_context("forkserver").set_forkserver_preload(list(preload))
        forkserver.ensure_running()  # returns at once: the server imports `preload` before its first fork
        _server_preload = tuple(preload)
    return warm_server_has(preload)


def warm_server_has(preload: Sequence[str]) -> bool:
    """Whether this process's fork server was started with every module of `preload`: a worker forked from it
    starts in milliseconds, often sooner than this process would import them."""
    return _server_preload is not None and set(preload) <= set(_server_preload)


def process_pool(workers: int, preload: Sequence[str] = ()) -> ProcessPoolExecutor:
    global _server_preload
    method = "forkserver" if _has_fork_server() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver" and _server_preload is None:
        # imported once by the fork server, not once per worker (the server keeps what it started with)
        context.set_forkserver_preload(list(preload))
        _server_preload = tuple(preload)
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(dict(os.environ),)
    )


def _serial(fn: Callable[[T], R], tasks: Iterable[T], on_error: OnError) -> Iterator[tuple[T, R | BaseException]]:
    for task in tasks:
        try:
            result = fn(task)
        except Exception as exc:
            if on_error == "fail_fast":
                raise
            yield task, exc
            continue
        yield task, result


def parallel_map(
    fn: Callable[[T], R],
    tasks: Iterable[T],
    *,
    workers: int,
    on_error: OnError = "isolate",
    chain: Callable[[T], Hashable] | None = None,
    preload: Sequence[str] = (),
    in_flight: int | None = None,
    processes: bool = False,
) -> Iterator[tuple[T, R | BaseException]]:
    """(task, result or exception) for every task, as they finish (module docstring). `fn` must be a
    module-level function when `workers` > 1 or `processes`. `processes`: one worker process, not this one,
    when `workers` is 1 (`warm_server_has` says when that is quicker)."""
    if on_error not in ("isolate", "fail_fast"):
        raise ValueError(f"on_error must be 'isolate' or 'fail_fast', got {on_error!r}")
    if workers <= 1 and not processes:
        yield from _serial(fn, tasks, on_error)
        return
    limit = max(1, in_flight or workers)
    source = iter(tasks)
    exhausted = False
    blocked: deque[T] = deque()  # read from `source` while their chain was busy, in reading order
    busy: set[Hashable] = set()
    running: dict[Future, tuple[int, T]] = {}
    order = 0
    pool: ProcessPoolExecutor | None = None
    broken = False

    def next_task() -> T | None:
        nonlocal exhausted
        for index, task in enumerate(blocked):
            if chain is None or chain(task) not in busy:
                del blocked[index]
                return task
        while not exhausted:
            try:
                task = next(source)
            except StopIteration:
                exhausted = True
                break
            if chain is not None and chain(task) in busy:
                blocked.append(task)
                continue
            return task
        return None

    try:
        while True:
            if pool is None:
                pool = process_pool(workers, preload)
            while not broken and len(running) < limit:
                task = next_task()
                if task is None:
                    break
                try:
                    future = pool.submit(fn, task)
                except BrokenProcessPool:  # a worker died while idle: the task goes to the next pool
                    blocked.appendleft(task)
                    broken = True
                    break
                if chain is not None:
                    busy.add(chain(task))
                running[future] = (order, task)
                order += 1
            if not running:
                if broken:  # nothing in flight: a new pool for what is left
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool, broken = None, False
                    continue
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            finished = sorted((running.pop(future) + (future,) for future in done), key=lambda item: item[0])
            failures = [(task, future.exception()) for _, task, future in finished if future.exception() is not None]
            if failures and on_error == "fail_fast":
                for future in running:
                    future.cancel()
                raise failures[0][1]
            for _, task, future in finished:
                if chain is not None:
                    busy.discard(chain(task))
                error = future.exception()
                broken = broken or isinstance(error, BrokenProcessPool)
                yield task, (error if error is not None else future.result())
            if broken and not running:
                pool.shutdown(wait=True, cancel_futures=True)
                pool, broken = None, False
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
