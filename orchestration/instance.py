"""The Dagster instance mutasi runs on: its dagster.yaml under the data directory, and the runs of dead
processes (killed hard, OOM, power cut) marked failed so that their pool slots are freed."""

from __future__ import annotations

import fcntl
import json
import os
import re
import socket
from pathlib import Path

from mutasi.config import DataPaths
from orchestration.compat import PLANNED_EVENTS_ENV
from orchestration.resources import WAREHOUSE_POOL

RUN_PROCESS_TAG = "mutasi/process"  # "<host>:<pid>:<process start time>" of the process running the run
DAGSTER_YAML = """\
# Written by mutasi on first use; see docs/operations.md.
telemetry:
  enabled: false
concurrency:
  pools:
    default_limit: 1
retention:
  schedule:
    purge_after_days: 90
  sensor:
    purge_after_days: 7
nux:
  enabled: false
run_monitoring:
  enabled: true
  free_slots_after_run_end_seconds: 300
"""
# Dagster's SQLite event log, reusing one SQLAlchemy engine per database (orchestration/compat.py): ~30 %
# less time per event, same files in Dagster's default place. base_dir is absolute (Dagster's config has
# no relative paths); prepare_instance corrects it when the data directory has moved.
EVENT_LOG_YAML = """\
event_log_storage:
  module: orchestration.compat
  class: CachedEngineSqliteEventLogStorage
  config:
    base_dir: {base_dir}
"""
_EVENT_LOG_BASE_DIR = re.compile(r"(class: CachedEngineSqliteEventLogStorage\n  config:\n    base_dir: )(.*)\n")


def _event_log_dir(home: Path) -> str:
    """Where Dagster's default storage keeps the event logs of the instance in ``home``, as a YAML string."""
    return json.dumps(str(home.resolve() / "history" / "runs"))


def instance_yaml(home: Path) -> str:
    """The dagster.yaml mutasi writes for the instance in ``home``."""
    return DAGSTER_YAML + EVENT_LOG_YAML.format(base_dir=_event_log_dir(home))


def relocate_instance_config(home: Path) -> bool:
    """dagster.yaml is written once and is then the operator's; only the event log folder (an absolute path)
    follows a data directory that was copied or moved. True when it was corrected."""
    config = home / "dagster.yaml"
    text = config.read_text(encoding="utf-8")
    moved = _EVENT_LOG_BASE_DIR.sub(lambda m: m.group(1) + _event_log_dir(home) + "\n", text)
    if moved == text:
        return False
    config.write_text(moved, encoding="utf-8")
    return True


def prepare_instance(paths: DataPaths) -> Path:
    """Point DAGSTER_HOME at <data>/dagster_home (so `make ui` shows the same runs) with our settings."""
    home = paths.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(instance_yaml(home), encoding="utf-8")
    else:
        relocate_instance_config(home)
    os.environ["DAGSTER_HOME"] = str(home)
    os.environ["MUTASI_DATA_DIR"] = str(paths.root)
    # One "planned" event per asset for a run over a partition range, not one per asset and partition: at
    # 514 regions Dagster otherwise writes ~10,000 events before the first step (295 s measured). The cost:
    # the UI does not mark the partitions of a failed run as failed (the failure alert names them).
    os.environ.setdefault(PLANNED_EVENTS_ENV, "1")
    # Create the instance storage once, under a lock: processes opening a fresh DAGSTER_HOME at the same
    # time (parallel `mutasi run`) otherwise race creating the SQLite schemas (alembic "more than one head").
    from dagster import DagsterInstance

    fd = os.open(home / ".mutasi-init.lock", os.O_RDWR | os.O_CREAT, 0o664)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with DagsterInstance.from_config(str(home)) as instance:
            # The warehouse pool's one slot, allocated here once: left to Dagster, the first claim allocates it
            # lazily, and two runs claiming at the same moment each allocated one (two dbt steps side by side,
            # seen in tests/operations/test_concurrency.py on the code before and after the architecture rework)
            instance.event_log_storage.set_concurrency_slots(WAREHOUSE_POOL, 1)
    finally:
        os.close(fd)
    return home


def _start_time(pid: int) -> str | None:
    try:
        stat = open(f"/proc/{pid}/stat", encoding="ascii").read()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2 :].split()[19]


def process_token(pid: int | None = None) -> str:
    pid = pid or os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_time(pid)}"


def reap_dead_runs(instance, log=print) -> list[str]:
    """Runs started on this host by `mutasi run` whose process is gone (killed hard, OOM, power cut) stay
    STARTED for ever and keep their pool slots, so every later run would wait on pool `warehouse`: mark
    them failed (the run-failure sensor then alerts) and free their slots."""
    from dagster import DagsterRunStatus, RunsFilter

    host = socket.gethostname()
    reaped = []
    active = [DagsterRunStatus.STARTED, DagsterRunStatus.STARTING, DagsterRunStatus.NOT_STARTED]
    for run in instance.get_runs(RunsFilter(statuses=active)):
        token = run.tags.get(RUN_PROCESS_TAG, "")
        run_host, _, rest = token.partition(":")
        pid = rest.partition(":")[0]
        if run_host != host or not pid.isdigit() or process_token(int(pid)) == token:
            continue  # another host, not ours, or still running
        instance.report_run_failed(
            run,
            f"process {pid} on {host} that ran it is gone (killed or crashed); "
            "marked failed by mutasi, its pool slots freed",
        )
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        log(f"  ! run {run.run_id[:8]} was killed while running: marked failed, its pool slots freed")
        reaped.append(run.run_id)
    return reaped
