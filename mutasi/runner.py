"""Running the pipeline through Dagster on the persistent instance under the data directory."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from mutasi.config import DataPaths
from mutasi.ingest.landing import region_folders

PARTITIONS = "region"
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
"""


def prepare_instance(paths: DataPaths) -> Path:
    """Point DAGSTER_HOME at <data>/dagster_home (so `make ui` shows the same runs) with our settings."""
    home = paths.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    os.environ["MUTASI_DATA_DIR"] = str(paths.root)
    return home


def contiguous_ranges(ordered_keys: list[str], selected: set[str]) -> list[tuple[str, str]]:
    """Split the selected partition keys into runs of neighbours in the partition order."""
    ranges, start, previous = [], None, None
    for key in ordered_keys:
        if key in selected:
            start = start or key
            previous = key
        elif start is not None:
            ranges.append((start, previous))
            start = None
    if start is not None:
        ranges.append((start, previous))
    return ranges


@dataclass
class RunOutcome:
    run_id: str
    partition_range: tuple[str, str]
    success: bool
    seconds: float
    failed_steps: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def register_regions(instance, regions: list[str]) -> list[str]:
    """Add region partitions not seen before (sorted, so a province is a contiguous range)."""
    known = set(instance.get_dynamic_partitions(PARTITIONS))
    new = sorted(set(regions) - known)
    if new:
        instance.add_dynamic_partitions(PARTITIONS, new)
    return new


def run_pipeline(paths: DataPaths, only_regions: list[str] | None = None, log=print) -> list[RunOutcome]:
    from dagster import DagsterInstance
    from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

    prepare_instance(paths)
    from mutasi.dbt import prepare_manifest

    prepare_manifest()
    from orchestration.definitions import defs

    found, problems = region_folders(paths.landing)
    for problem in problems:
        log(f"  ! {problem.message}")
    selected = set(found) if not only_regions else set(only_regions) & set(found)
    for code in sorted(set(only_regions or []) - set(found)):
        log(f"  ! region {code}: no folder in {paths.landing}")
    if not selected:
        log("nothing to run: no region folder in the landing area")
        return []
    instance = DagsterInstance.get()
    register_regions(instance, sorted(selected))
    ordered = instance.get_dynamic_partitions(PARTITIONS)
    job = defs.resolve_job_def("mutasi_pipeline")
    outcomes = []
    for start, end in contiguous_ranges(ordered, selected):
        log(f"run over regions {start}..{end}")
        t0 = time.perf_counter()
        result = job.execute_in_process(
            instance=instance, raise_on_error=False,
            tags={ASSET_PARTITION_RANGE_START_TAG: start, ASSET_PARTITION_RANGE_END_TAG: end,
                  "mutasi/trigger": "cli"},
        )
        failed = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
        errors = [str(e.event_specific_data.error.message).strip() for e in result.all_events
                  if e.event_type_value == "STEP_FAILURE" and e.event_specific_data.error]
        outcomes.append(RunOutcome(result.run_id, (start, end), result.success, time.perf_counter() - t0,
                                   failed, errors))
    return outcomes
