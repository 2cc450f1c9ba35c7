"""Schedules and sensors: nightly runs at 01:00 local time per time zone, the landing sensor, alerts.

Schedules and sensors start RUNNING as soon as a daemon runs (`make ui` starts one).
"""


import datetime as dt
import hashlib
import json
import uuid

import pandas as pd
from dagster import (
    AddDynamicPartitionsRequest,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunFailureSensorContext,
    RunRequest,
    ScheduleEvaluationContext,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    run_failure_sensor,
    schedule,
    sensor,
)
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from mutasi.config import data_paths
from mutasi.ingest.landing import region_folders
from mutasi.lake import write_parquet_atomic
from mutasi.reference import regions
from mutasi.runner import PARTITIONS, contiguous_ranges
from orchestration.jobs import pipeline_job

NIGHTLY_CRON = "0 1 * * *"  # 01:00 local time
TIME_ZONES = {"wib": "Asia/Jakarta", "wita": "Asia/Makassar", "wit": "Asia/Jayapura"}


def range_run_requests(ordered: list[str], selected: set[str], run_key_prefix: str | None, tags: dict) -> list[RunRequest]:
    """One run per contiguous range of selected partitions (each asset runs once per range)."""
    return [
        RunRequest(
            run_key=f"{run_key_prefix}:{start}..{end}" if run_key_prefix else None,
            tags={ASSET_PARTITION_RANGE_START_TAG: start, ASSET_PARTITION_RANGE_END_TAG: end, **tags},
        )
        for start, end in contiguous_ranges(ordered, selected)
    ]


def _nightly(zone_key: str, zone: str):
    @schedule(
        name=f"nightly_{zone_key}",
        job=pipeline_job,
        cron_schedule=NIGHTLY_CRON,
        execution_timezone=zone,
        default_status=DefaultScheduleStatus.RUNNING,
        description=f"Every night at 01:00 {zone}: the pipeline for the regions of that time zone.",
    )
    def nightly(context: ScheduleEvaluationContext):
        ordered = context.instance.get_dynamic_partitions(PARTITIONS)
        selected = {code for code in ordered if regions()[code].timezone == zone}
        if not selected:
            return SkipReason(f"no region of {zone} has delivered yet")
        stamp = context.scheduled_execution_time.strftime("%Y-%m-%d")
        return range_run_requests(ordered, selected, f"{zone_key}:{stamp}", {"mutasi/trigger": f"nightly_{zone_key}"})

    return nightly


nightly_schedules = [_nightly(key, zone) for key, zone in TIME_ZONES.items()]


def landing_fingerprints(landing) -> dict[str, str]:
    """Cheap per-region fingerprint (names, sizes, mtimes) — validation itself compares sha256."""
    found, _ = region_folders(landing)
    prints = {}
    for code in found:
        entries = sorted(
            f"{p.relative_to(landing)}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
            for p in (landing / code).rglob("*") if p.is_file()
        )
        prints[code] = hashlib.sha256("\n".join(entries).encode()).hexdigest()[:16]
    return prints


@sensor(
    job=pipeline_job,
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.RUNNING,
    description=(
        "Watches the landing area: a new region folder becomes a partition; a new or re-delivered snapshot "
        "launches that region's run (regions that did not change are not re-run)."
    ),
)
def landing_sensor(context: SensorEvaluationContext):
    paths = data_paths()
    previous = json.loads(context.cursor) if context.cursor else {}
    current = landing_fingerprints(paths.landing)
    changed = {code for code, fp in current.items() if previous.get(code) != fp}
    if not changed:
        return SkipReason("no new or changed delivery")
    known = set(context.instance.get_dynamic_partitions(PARTITIONS))
    new = sorted(set(current) - known)
    ordered = context.instance.get_dynamic_partitions(PARTITIONS) + new
    run_key = hashlib.sha256(json.dumps(sorted((c, current[c]) for c in changed)).encode()).hexdigest()[:16]
    return SensorResult(
        run_requests=range_run_requests(ordered, changed, run_key, {"mutasi/trigger": "landing_sensor"}),
        dynamic_partitions_requests=[AddDynamicPartitionsRequest(PARTITIONS, new)] if new else [],
        cursor=json.dumps(current),
    )


def alert_record(run_id: str, job_name: str, tags: dict, step: str | None, error: str) -> pd.DataFrame:
    start, end = tags.get(ASSET_PARTITION_RANGE_START_TAG), tags.get(ASSET_PARTITION_RANGE_END_TAG)
    return pd.DataFrame([{
        "alerted_at": dt.datetime.now(dt.timezone.utc), "run_id": run_id, "job_name": job_name,
        "regions": f"{start}..{end}" if start else tags.get("dagster/partition", ""), "step": step or "",
        "error": error[:4000], "trigger": tags.get("mutasi/trigger", ""),
    }])


@run_failure_sensor(
    default_status=DefaultSensorStatus.RUNNING,
    description="Writes an alert record (lake/alerts, table audit.alerts) and a log line for every failed run.",
)
def run_failure_alert(context: RunFailureSensorContext):
    paths = data_paths()
    step_failures = context.get_step_failure_events()
    step = step_failures[0].step_key if step_failures else None
    error = (step_failures[0].event_specific_data.error.message if step_failures
             and step_failures[0].event_specific_data.error else context.failure_event.message or "")
    record = alert_record(context.dagster_run.run_id, context.dagster_run.job_name,
                          dict(context.dagster_run.tags), step, error)
    write_parquet_atomic(record, paths.lake / "alerts" / f"alert_{uuid.uuid4().hex}.parquet")
    context.log.error(f"ALERT run {context.dagster_run.run_id} regions {record['regions'][0]} "
                      f"step {step}: {error[:300]}")
