"""Worker processes for the per-region work of a Dagster step (validation, publishing).

One pool recipe: a fork server (spawn where there is none; never a plain fork, since a Dagster step holds
DuckDB connections and threads), modules imported once by the fork server, and each worker given the
caller's environment as it is when the pool starts (a fork server keeps the one it was started with).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity), not the machine's."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def bounded_workers(cpus: int, tasks: int, env_name: str) -> int:
    """min(cpus, tasks, $env_name when set), at least 1; a value that is not a number is an error."""
    workers = cpus
    configured = os.environ.get(env_name, "").strip()
    if configured:
        try:
            workers = min(workers, max(1, int(configured)))
        except ValueError:
            raise ValueError(f"{env_name}={configured!r} is not a number of worker processes") from None
    return max(1, min(workers, tasks))


def init_worker(environment: dict[str, str]) -> None:
    """A worker sees the caller's environment as it was when the pool started."""
    os.environ.clear()
    os.environ.update(environment)


def process_pool(workers: int, preload: Sequence[str] = ()) -> ProcessPoolExecutor:
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    mp_context = multiprocessing.get_context(method)
    if method == "forkserver" and preload:
        # imported once by the fork server, not once per worker (ignored when it is already running)
        mp_context.set_forkserver_preload(list(preload))
    return ProcessPoolExecutor(max_workers=workers, mp_context=mp_context, initializer=init_worker,
                               initargs=(dict(os.environ),))
