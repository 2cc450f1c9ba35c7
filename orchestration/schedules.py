"""Schedules and sensors: nightly runs at 01:00 local time per time zone, the landing sensor, alerts.

Schedules and sensors start RUNNING as soon as a daemon runs (`make ui` starts one). How to operate them:
docs/operations.md.
"""

import hashlib
import json
import time
import urllib.parse

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

from mutasi.alerts import alert_payload, alert_record, post_webhook
from mutasi.ingest.landing import region_folders
from mutasi.ingest.watch import CURSOR_VERSION, read_cursor, scan_landing
from mutasi.lake import write_parquet_atomic
from mutasi.reference import regions
from orchestration.compat import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG
from orchestration.jobs import pipeline_job
from orchestration.partitions import PARTITIONS, contiguous_ranges
from orchestration.resources import (
    ALERT_WEBHOOK_ENV,
    DEFAULT_SETTLE_SECONDS,
    SETTLE_ENV,
    OperationsResource,
    PathsResource,
)

NIGHTLY_CRON = "0 1 * * *"  # 01:00 local time
TIME_ZONES = {"wib": "Asia/Jakarta", "wita": "Asia/Makassar", "wit": "Asia/Jayapura"}


def range_run_requests(
    ordered: list[str], selected: set[str], run_key_prefix: str | None, tags: dict
) -> list[RunRequest]:
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


@sensor(
    job=pipeline_job,
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.RUNNING,
    description=(
        "Watches the landing area: a new region folder becomes a partition; a new or re-delivered snapshot "
        "(different bytes, by checksum) launches that region's run; regions that did not change are not "
        f"re-run. A delivery still being copied (a file changed in the last ${SETTLE_ENV} seconds, default "
        f"{DEFAULT_SETTLE_SECONDS:.0f}) is looked at again on a later tick."
    ),
)
def landing_sensor(context: SensorEvaluationContext, paths: PathsResource, operations: OperationsResource):
    layout = paths.layout
    for problem in region_folders(layout.landing)[1]:  # e.g. a folder that is not a region code: named, not skipped
        context.log.warning(problem.message)
    state, changed, settling = scan_landing(
        layout.landing, read_cursor(context.cursor), time.time(), operations.landing_settle_seconds
    )
    cursor = json.dumps({"version": CURSOR_VERSION, "regions": state}, sort_keys=True, separators=(",", ":"))
    if not changed:
        reason = "no new or re-delivered snapshot"
        if settling:
            reason += f"; still being copied: {', '.join(settling)}"
        return SensorResult(skip_reason=SkipReason(reason), cursor=cursor)
    known = context.instance.get_dynamic_partitions(PARTITIONS)
    new = sorted(set(changed) - set(known))
    ordered = list(known) + new
    delivered = sorted((code, state[code]["stat"]) for code in changed)
    run_key = hashlib.sha256(json.dumps(delivered).encode()).hexdigest()[:16]
    for code, dates in sorted(changed.items()):
        context.log.info(f"region {code}: new or re-delivered snapshot(s) {', '.join(dates)}")
    return SensorResult(
        run_requests=range_run_requests(ordered, set(changed), run_key, {"mutasi/trigger": "landing_sensor"}),
        dynamic_partitions_requests=[AddDynamicPartitionsRequest(PARTITIONS, new)] if new else [],
        cursor=cursor,
    )


@run_failure_sensor(
    default_status=DefaultSensorStatus.RUNNING,
    description=(
        "For every failed run: an alert record in state/alerts/alert_<run id>.parquet (regions, failed step, "
        f"error, trigger), an error line in this sensor's log, and, when ${ALERT_WEBHOOK_ENV} is set, a JSON "
        "POST to that URL."
    ),
)
def run_failure_alert(context: RunFailureSensorContext, paths: PathsResource, operations: OperationsResource):
    step_failures = context.get_step_failure_events()
    failed_steps = list(dict.fromkeys(event.step_key for event in step_failures if event.step_key))
    step = failed_steps[0] if failed_steps else None
    first = step_failures[0] if step_failures else None
    error = (
        first.event_specific_data.error.message
        if first is not None and first.event_specific_data.error
        else context.failure_event.message or ""
    )
    run = context.dagster_run
    record = alert_record(
        run.run_id,
        run.job_name,
        dict(run.tags),
        step,
        error,
        failed_steps,
        (ASSET_PARTITION_RANGE_START_TAG, ASSET_PARTITION_RANGE_END_TAG),
    )
    # one file per run: evaluating the same failure twice (a daemon restart) rewrites, never duplicates
    write_parquet_atomic(record, paths.layout.alerts / f"alert_{run.run_id}.parquet")
    row = record.iloc[0].to_dict()
    context.log.error(f"ALERT run {run.run_id} regions {row['regions']} step {step}: {error[:300]}")
    url = operations.alert_webhook or None
    if url:
        host = urllib.parse.urlsplit(url).netloc
        try:
            status = post_webhook(url, alert_payload(row))
            context.log.info(f"alert sent to webhook {host} (HTTP {status})")
        except Exception as exc:  # the record is written; a dead webhook must not fail the sensor
            context.log.warning(f"alert webhook {host} failed: {exc!r}")
