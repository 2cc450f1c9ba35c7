"""Fixtures of the operations tests (issue 7, docs/operations.md).

Select them with `pytest -m operations` (`-m browser` for the two headless-Chromium tests, `-m "operations
and not browser"` without them). The tests that run the real pipeline share one data directory, built once
per worker by `ops_data` (three regions published by three parallel runs — the concurrency scenario), and
sit in one xdist group so that it is built once; the crash tests work on copies of it.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from . import opskit

# Known defects of files this test area does not own (docs/operations.md, "Known limitations"). While a
# key is listed, a test that observes exactly that defect is reported as xfail with the reason; any other
# failure fails. Remove the key once the fix has landed: the test then must pass.
PENDING_FIXES: dict[str, str] = {}


def known_defect(key: str, observed: str) -> None:
    """xfail the current test when `key` is a pending fix; fail otherwise (the fix has landed)."""
    if key in PENDING_FIXES:
        pytest.xfail(f"known defect [{key}]: {PENDING_FIXES[key]} Observed: {observed[:1500]}")
    pytest.fail(f"[{key}] came back although its fix is recorded as landed: {observed[:3000]}")


def pytest_configure(config):
    config.addinivalue_line("markers", "operations: operations tests of issue 7 (UI, sensors, concurrency, crashes)")
    config.addinivalue_line("markers", "browser: needs Debian's chromium (headless)")


@pytest.fixture(scope="session")
def chromium_available() -> str:
    path = opskit.chromium_path()
    if path is None:
        if os.environ.get("MUTASI_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (MUTASI_REQUIRE_BROWSER is set) but not installed")
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    return path


# ------------------------------------------------------------------------------- the shared pipeline data

REGIONS = {"6171": 2, "5271": 1, "1373": 1}  # region -> snapshots (6171 with two: trend and evaluation)
RUN_TIMEOUT = 900.0  # the three parallel runs together, on a busy 2-core machine (measured: 390-470 s)


@dataclass
class WarehouseProbe:
    """A reader of the warehouse in another process, as an analyst or a publishing step would be: opens
    it through the project's reader (mutasi.warehouse.read_only, what the warehouse resource uses) every
    `interval` s."""

    warehouse: Path
    interval: float = 0.5
    reads: int = 0
    lock_errors: list[str] = field(default_factory=list)
    other_errors: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        from mutasi.warehouse import read_only as warehouse_reader

        while not self._stop.wait(self.interval):
            if not self.warehouse.exists():
                continue
            try:
                with warehouse_reader(self.warehouse) as connection:
                    connection.execute("select count(*) from information_schema.tables").fetchone()
                self.reads += 1
            except Exception as exc:  # noqa: BLE001 - recorded, judged by the test
                (self.lock_errors if opskit.LOCK_ERROR in str(exc) else self.other_errors).append(str(exc)[:400])

    def __enter__(self):
        self._thread = threading.Thread(target=self.run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=30)


@dataclass
class ParallelRun:
    region: str
    returncode: int | None
    seconds: float
    log: Path


@dataclass
class OpsData:
    root: Path
    runs: list[ParallelRun]
    run_ids: dict[str, str]  # region -> Dagster run id of its parallel run
    probe: WarehouseProbe
    seconds: float
    fallback: str | None  # why a sequential run had to rebuild the baseline (None: not needed)

    @property
    def paths(self):
        from mutasi.config import data_paths

        return data_paths(self.root)

    def instance(self):
        from dagster import DagsterInstance

        return DagsterInstance.from_config(str(self.root / "dagster_home"))


def run_parallel(root: Path, regions: list[str], timeout: float) -> tuple[list[ParallelRun], float]:
    """`mutasi run --region R` for every region at once, each in its own process group; bounded."""
    env = opskit.environment(root)
    t0 = time.monotonic()
    procs = {}
    for region in regions:
        log = root.parent / f"run_{region}.log"
        procs[region] = (
            opskit.start([str(opskit.BIN / "mutasi"), "run", "--region", region], env, log),
            log,
            time.monotonic(),
        )
    results = []
    deadline = t0 + timeout
    for region, (proc, log, started) in procs.items():
        try:
            proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        except Exception:  # noqa: BLE001 - timeout: stop everything, report
            for other, *_ in procs.values():
                opskit.kill_group(other)
        results.append(ParallelRun(region, proc.returncode, time.monotonic() - started, log))
    return results, time.monotonic() - t0


@pytest.fixture(scope="session")
def ops_data(tmp_path_factory) -> OpsData:
    from dagster import DagsterInstance

    root = tmp_path_factory.mktemp("ops") / "data"
    opskit.generate(root, REGIONS)
    env = opskit.environment(root)
    prepared = opskit.run_bounded([str(opskit.BIN / "mutasi"), "prepare"], 300, env=env)
    assert prepared.returncode == 0, prepared.stderr.decode(errors="replace")[-3000:]
    instance_home = root / "dagster_home"
    # The instance storage exists before the runs start, as on a server where the daemon or a first run
    # created it. (Three processes opening a brand-new DAGSTER_HOME at once race creating the SQLite
    # schemas: alembic "more than one head" — docs/operations.md, known limitations.)
    with DagsterInstance.from_config(str(instance_home)):
        pass
    t0 = time.monotonic()
    with WarehouseProbe(root / "warehouse.duckdb") as probe:
        runs, _ = run_parallel(root, sorted(REGIONS), RUN_TIMEOUT)
    seconds = time.monotonic() - t0

    from dagster._core.storage.tags import ASSET_PARTITION_RANGE_START_TAG

    instance = DagsterInstance.from_config(str(instance_home))
    run_ids = {r.tags.get(ASSET_PARTITION_RANGE_START_TAG): r.run_id for r in instance.get_runs()}
    fallback = None
    if any(r.returncode != 0 for r in runs):
        # keep the other tests meaningful: one sequential run over every region rebuilds the baseline
        fallback = "; ".join(f"{r.region}: exit {r.returncode}" for r in runs if r.returncode != 0)
        log = root.parent / "run_sequential.log"
        proc = opskit.start([str(opskit.BIN / "mutasi"), "run"], env, log)
        try:
            proc.wait(timeout=RUN_TIMEOUT)
        finally:
            opskit.stop_group(proc, grace=10)
        assert proc.returncode == 0, f"even a sequential run failed:\n{opskit.tail(log)}"
    return OpsData(root, runs, run_ids, probe, seconds, fallback)


@pytest.fixture
def ops_copy(ops_data, tmp_path) -> Path:
    """A private copy of the shared data directory (data, warehouse, outputs and the Dagster instance)."""
    from orchestration.instance import relocate_instance_config

    target = tmp_path / "data"
    shutil.copytree(ops_data.root, target, symlinks=True)
    # as `mutasi prepare` (and `make ui`) does for a copied data directory: its dagster.yaml names the
    # event log folder by absolute path
    relocate_instance_config(target / "dagster_home")
    return target
