"""Running the pipeline through Dagster on the persistent instance under the data directory."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from mutasi.config import DataPaths
from mutasi.ingest.landing import region_folders
from orchestration.instance import RUN_PROCESS_TAG, prepare_instance, process_token, reap_dead_runs
from orchestration.partitions import contiguous_ranges, register_regions


@dataclass
class RunOutcome:
    run_id: str
    partition_range: tuple[str, str]
    success: bool
    seconds: float
    failed_steps: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def run_pipeline(paths: DataPaths, only_regions: list[str] | None = None, log=print, progress=None) -> list[RunOutcome]:
    """Run the pipeline job over the regions in the landing area (one run per contiguous range of region
    partitions). ``progress`` (mutasi_cli.console.RunProgress) hears when each run starts and ends."""
    from dagster import DagsterInstance

    from orchestration.compat import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

    prepare_instance(paths)
    from orchestration.project import prepare_manifest

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
    reap_dead_runs(instance, log)
    job = defs.resolve_job_def("mutasi_pipeline")
    ordered = register_regions(instance, selected)
    outcomes = []
    for start, end in contiguous_ranges(ordered, selected):
        if progress is None:
            log(f"run over regions {start}..{end}")
        t0 = time.perf_counter()
        run_id = str(uuid.uuid4())  # chosen here so that the progress display can follow the run's events
        if progress is not None:
            progress.run_started(instance, run_id, start, end, sum(1 for r in selected if start <= r <= end))
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_id=run_id,
            tags={
                ASSET_PARTITION_RANGE_START_TAG: start,
                ASSET_PARTITION_RANGE_END_TAG: end,
                "mutasi/trigger": "cli",
                RUN_PROCESS_TAG: process_token(),
            },
        )
        failed = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
        errors = [
            str(e.event_specific_data.error.message).strip()
            for e in result.all_events
            if e.event_type_value == "STEP_FAILURE" and e.event_specific_data.error
        ]
        outcomes.append(
            RunOutcome(result.run_id, (start, end), result.success, time.perf_counter() - t0, failed, errors)
        )
        if progress is not None:
            progress.run_finished(outcomes[-1])
    return outcomes
