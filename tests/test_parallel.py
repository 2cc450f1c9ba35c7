"""The one parallel map (mutasi/parallel.py) and the one worker-count rule."""

from __future__ import annotations

import os
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from mutasi.parallel import parallel_map, requested_workers, worker_count


def _timed(task: tuple[str, int]) -> tuple[str, int, float, float]:
    start = time.monotonic()
    time.sleep(0.15)  # long enough that both workers are up while tasks of different chains wait
    return task[0], task[1], start, time.monotonic()


def _fails_on_odd(number: int) -> int:
    if number % 2:
        raise ValueError(f"task {number} failed")
    return number * 10


def _dies_on_three(number: int) -> int:
    if number == 3:
        os._exit(1)  # the worker process dies, as when the kernel kills it for memory
    time.sleep(0.05)
    return number


def _fails_early_on_two_late_on_four(number: int) -> int:
    if number == 2:
        raise ValueError("task 2 failed")
    if number == 4:
        time.sleep(0.5)
        raise ValueError("task 4 failed")
    return number


@pytest.mark.parametrize("workers", [1, 2])
def test_a_chain_runs_in_order_one_task_at_a_time_and_chains_run_side_by_side(workers):
    tasks = [(region, i) for i in range(3) for region in ("1277", "3402", "6171")]
    done = [result for _, result in parallel_map(_timed, tasks, workers=workers, chain=lambda t: t[0])]
    assert sorted((r, i) for r, i, _, _ in done) == sorted(tasks)
    for region in ("1277", "3402", "6171"):
        runs = sorted((start, end, i) for r, i, start, end in done if r == region)
        assert [i for _, _, i in runs] == [0, 1, 2]
        assert all(later[0] >= earlier[1] for earlier, later in zip(runs, runs[1:]))  # never two at once
    if workers > 1:
        intervals = sorted((start, end) for *_, start, end in done)
        assert any(b[0] < a[1] for a, b in zip(intervals, intervals[1:]))  # different chains did overlap


@pytest.mark.parametrize("workers", [1, 2])
def test_isolate_yields_each_failure_with_its_task(workers):
    results = dict(parallel_map(_fails_on_odd, range(6), workers=workers, on_error="isolate"))
    assert {task: value for task, value in results.items() if not isinstance(value, Exception)} == {0: 0, 2: 20, 4: 40}
    assert {task: str(value) for task, value in results.items() if isinstance(value, Exception)} == {
        1: "task 1 failed",
        3: "task 3 failed",
        5: "task 5 failed",
    }


def test_a_dead_worker_costs_only_the_tasks_in_flight():
    results = list(parallel_map(_dies_on_three, range(10), workers=2, on_error="isolate"))
    assert sorted(task for task, _ in results) == list(range(10))  # every task comes back once
    lost = sorted(task for task, value in results if isinstance(value, BrokenProcessPool))
    assert 3 in lost and len(lost) <= 2  # the dying task and at most the other one in flight
    assert all(value == task for task, value in results if task not in lost)  # a new pool did the rest


@pytest.mark.parametrize("workers", [1, 2])
def test_fail_fast_raises_the_first_failure(workers):
    with pytest.raises(ValueError, match="task 2 failed"):
        list(parallel_map(_fails_early_on_two_late_on_four, range(6), workers=workers, on_error="fail_fast"))


def test_tasks_are_read_lazily_at_most_in_flight_at_a_time():
    pulled = []

    def tasks():
        for number in range(20):
            pulled.append(number)
            yield number * 2

    results = parallel_map(_fails_on_odd, tasks(), workers=2, in_flight=3)
    first = next(results)
    assert len(pulled) <= 3 and first[1] == first[0] * 10
    assert sorted(task for task, _ in [first, *results]) == [n * 2 for n in range(20)]


def test_the_worker_count_rule():
    assert worker_count(10, work=5, min_work=8, cpus=4) == 1  # too small to be worth processes
    assert worker_count(10, work=8, min_work=8, cpus=4) == 4
    assert worker_count(3, work=100, min_work=8, cpus=4) == 3  # never more than the tasks
    assert worker_count(10, work=1, min_work=8, requested=2, cpus=4) == 2  # asked for: honoured below the minimum
    assert worker_count(10, work=100, min_work=8, requested=16, cpus=4) == 4  # never more than the CPUs
    assert worker_count(0, work=0, min_work=8, cpus=4) == 1


def test_workers_from_the_environment():
    assert requested_workers({}) == {"validate": None, "recommend": None, "publish": None}
    assert requested_workers({"MUTASI_WORKERS": "2"}) == {"validate": 2, "recommend": 2, "publish": 2}
    # a stage's variable of earlier versions still wins for that stage
    assert requested_workers({"MUTASI_WORKERS": "2", "MUTASI_PUBLISH_WORKERS": "1"}) == {
        "validate": 2,
        "recommend": 2,
        "publish": 1,
    }
    with pytest.raises(ValueError, match="MUTASI_WORKERS"):
        requested_workers({"MUTASI_WORKERS": "two"})


def test_every_stage_preloads_what_the_early_fork_server_has():
    """The fork server `mutasi run` and a Dagster run start early serves every stage's pool: what a stage's
    workers need must be in it, or they import it again in every worker of every step."""
    from mutasi.ingest import validation
    from mutasi.parallel import PIPELINE_WORKER_MODULES
    from mutasi.publish import regency
    from mutasi.recommend import batch, province

    for stage in (validation, batch, province, regency):
        assert set(stage.WORKER_PRELOAD) <= set(PIPELINE_WORKER_MODULES), stage.__name__
    assert validation.WORKER_PRELOAD == ("mutasi.ingest.validation", "great_expectations")


EARLY_SERVER_SCRIPT = """
import sys

from mutasi.parallel import parallel_map, start_fork_server, warm_server_has


def loaded(name):
    return name in sys.modules


if __name__ == "__main__":
    assert not warm_server_has(["wave"])
    assert start_fork_server(["wave", "xml.dom.minidom"])  # returns at once; the server imports them
    assert not start_fork_server(["tomllib"])  # already running: it keeps what it started with
    assert warm_server_has(["xml.dom.minidom"]) and not warm_server_has(["tomllib"])
    names = ["wave", "xml.dom.minidom", "tomllib", "netrc"]
    # a later pool's own preload is not imported: the server is the early one
    seen = dict(parallel_map(loaded, names, workers=2, preload=["tomllib"]))
    # one task, one worker process (not this one, where none of them is loaded)
    alone = dict(parallel_map(loaded, ["wave"], workers=1, processes=True))
    here = dict(parallel_map(loaded, ["wave"], workers=1))
    print(seen, alone, here)
    assert seen == {"wave": True, "xml.dom.minidom": True, "tomllib": False, "netrc": False}, seen
    assert alone == {"wave": True} and here == {"wave": False}, (alone, here)
"""


def test_an_early_fork_server_serves_later_pools_with_its_modules(tmp_path):
    import subprocess
    import sys

    script = tmp_path / "early_server.py"
    script.write_text(EARLY_SERVER_SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_one_region_is_validated_in_a_worker_only_when_the_fork_server_has_great_expectations(monkeypatch):
    """A run over one region validates in a worker forked from the early fork server (0.55 s for province 32's
    refresh snapshot) rather than importing Great Expectations in the step's process (1.46 s); never when a
    number of processes was asked for (MUTASI_WORKERS=1: in the step's own process), never without the server."""
    from mutasi import parallel
    from mutasi.ingest.validation import validation_processes

    monkeypatch.setattr(parallel, "_server_preload", None)
    assert not validation_processes(1, None)
    monkeypatch.setattr(parallel, "_server_preload", parallel.PIPELINE_WORKER_MODULES)
    assert validation_processes(1, None)
    assert not validation_processes(1, 1)  # asked for: honoured
    assert not validation_processes(2, None)  # a pool anyway
    monkeypatch.setattr(parallel, "_server_preload", ("mutasi.recommend.batch",))  # a server without GX
    assert not validation_processes(1, None)


def test_mutasi_run_starts_the_fork_server_first_unless_every_stage_runs_in_its_step(monkeypatch):
    """`mutasi run` (one process for every step) warms the fork server before anything else; with
    MUTASI_WORKERS=1 (every stage in its step's own process) a fork server would only cost memory."""
    import mutasi.parallel as parallel
    import mutasi_cli.main as cli

    started = []
    monkeypatch.setattr(parallel, "start_fork_server", lambda *a, **k: started.append(a) or True)
    monkeypatch.setattr(cli, "cmd_run", lambda args: 0)  # the command itself is not what is tested here
    for name in ("MUTASI_WORKERS", *parallel.LEGACY_WORKERS_ENV.values()):
        monkeypatch.delenv(name, raising=False)
    assert cli.main(["run"]) == 0
    assert started == [()]
    monkeypatch.setenv("MUTASI_WORKERS", "1")
    assert cli.main(["run"]) == 0
    assert started == [()]  # not again
    monkeypatch.setenv("MUTASI_WORKERS", "2")
    monkeypatch.setenv("MUTASI_PUBLISH_WORKERS", "1")  # one stage in process, the others not: warmed
    assert cli.main(["run"]) == 0
    assert started == [(), ()]
