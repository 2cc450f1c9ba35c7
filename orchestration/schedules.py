"""Schedules and sensors: nightly runs at 01:00 local time per time zone, the landing sensor, alerts.

Schedules and sensors start RUNNING as soon as a daemon runs (`make ui` starts one). How to operate them:
docs/operations.md.
"""

import datetime as dt
import hashlib
import json
import time
import urllib.parse
import urllib.request
from pathlib import Path

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

from mutasi.ingest.landing import region_folders, region_snapshots
from mutasi.lake import write_parquet_atomic
from mutasi.reference import regions
from orchestration.compat import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG
from orchestration.jobs import pipeline_job
from orchestration.partitions import PARTITIONS, contiguous_ranges, range_tags
from orchestration.resources import (
    ALERT_WEBHOOK_ENV,
    DEFAULT_SETTLE_SECONDS,
    SETTLE_ENV,
    OperationsResource,
    PathsResource,
)

NIGHTLY_CRON = "0 1 * * *"  # 01:00 local time
TIME_ZONES = {"wib": "Asia/Jakarta", "wita": "Asia/Makassar", "wit": "Asia/Jayapura"}

WEBHOOK_TIMEOUT_SECONDS = 10.0
CURSOR_VERSION = 2


def range_run_requests(
    ordered: list[str], selected: set[str], run_key_prefix: str | None, tags: dict
) -> list[RunRequest]:
    """One run per contiguous range of selected partitions (each asset runs once per range), naming its
    regions (orchestration.partitions.REGIONS_TAG)."""
    return [
        RunRequest(
            run_key=f"{run_key_prefix}:{start}..{end}" if run_key_prefix else None,
            tags={ASSET_PARTITION_RANGE_START_TAG: start, ASSET_PARTITION_RANGE_END_TAG: end, **regions, **tags},
        )
        for (start, end), regions in zip(contiguous_ranges(ordered, selected), range_tags(ordered, selected))
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


# ------------------------------------------------------------------------------------------ landing sensor


def _region_files(landing: Path, code: str) -> list[Path]:
    return [p for p in (landing / code).rglob("*") if p.is_file()]


def stat_fingerprint(landing: Path, code: str) -> tuple[str, float]:
    """Cheap fingerprint of a region folder (names, sizes, mtimes) and the newest mtime in it."""
    files = _region_files(landing, code)
    entries = sorted(f"{p.relative_to(landing)}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files)
    newest = max((p.stat().st_mtime for p in files), default=0.0)
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()[:16], newest


def landing_fingerprints(landing: Path) -> dict[str, str]:
    """Cheap per-region fingerprint of the whole landing area."""
    found, _ = region_folders(landing)
    return {code: stat_fingerprint(landing, code)[0] for code in found}


def snapshot_checksums(landing: Path, code: str) -> dict[str, str]:
    """{snapshot date: checksum over the bytes of its files} — what validation compares too."""
    snapshots, _ = region_snapshots(landing, code)
    return {snap.snapshot_date: snap.checksum[:16] for snap in snapshots if snap.files}


def read_cursor(cursor: str | None) -> dict[str, dict]:
    """{region: {"stat": fingerprint, "snapshots": {date: checksum} or None}} from the sensor cursor.
    The first cursor format ({region: fingerprint}) is read too (snapshots unknown)."""
    if not cursor:
        return {}
    data = json.loads(cursor)
    if data.get("version") == CURSOR_VERSION:
        return data["regions"]
    return {code: {"stat": fp, "snapshots": None} for code, fp in data.items()}


def scan_landing(landing: Path, previous: dict[str, dict], now: float, settle: float):
    """Compare the landing area with the previous scan.

    Returns (state for the cursor, regions with a new or re-delivered snapshot, regions still settling).
    Only regions whose names/sizes/mtimes moved are hashed; a region is 'changed' when one of its
    snapshots is new or its bytes differ (a file copied again unchanged, or only touched, is not)."""
    found, _ = region_folders(landing)
    state, changed, settling = {}, {}, []
    for code in found:
        stat, newest = stat_fingerprint(landing, code)
        before = previous.get(code)
        if before and before["stat"] == stat and before.get("snapshots") is not None:
            state[code] = before
            continue
        if before and before["stat"] == stat:  # cursor of the first format: learn the checksums, no run
            state[code] = {"stat": stat, "snapshots": snapshot_checksums(landing, code)}
            continue
        if now - newest < settle:
            settling.append(code)
            if before:
                state[code] = before
            continue
        snapshots = snapshot_checksums(landing, code)
        old = (before or {}).get("snapshots") or {}
        fresh = sorted(date for date, checksum in snapshots.items() if old.get(date) != checksum)
        if fresh:
            changed[code] = fresh
        state[code] = {"stat": stat, "snapshots": snapshots}
    return state, changed, settling


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


# ------------------------------------------------------------------------------------------------ alerts


def alert_record(
    run_id: str, job_name: str, tags: dict, step: str | None, error: str, failed_steps: list[str] | None = None
) -> pd.DataFrame:
    start, end = tags.get(ASSET_PARTITION_RANGE_START_TAG), tags.get(ASSET_PARTITION_RANGE_END_TAG)
    return pd.DataFrame(
        [
            {
                "alerted_at": dt.datetime.now(dt.UTC),
                "run_id": run_id,
                "job_name": job_name,
                "regions": f"{start}..{end}" if start else tags.get("dagster/partition", ""),
                "step": step or "",
                "failed_steps": ", ".join(failed_steps or ([step] if step else [])),
                "error": error[:4000],
                "trigger": tags.get("mutasi/trigger", ""),
            }
        ]
    )


def alert_payload(record: dict) -> dict:
    """JSON body of the webhook: the alert's fields plus a one-line `text` (what Slack, Mattermost or
    Teams incoming webhooks display)."""
    text = (
        f"mutasi: run {record['run_id'][:8]} ({record['job_name']}) failed for regions "
        f"{record['regions'] or '?'} at step {record['step'] or '?'}: {record['error'][:300]}"
    )
    return {
        "text": text,
        **{k: (v.isoformat() if isinstance(v, (dt.datetime, pd.Timestamp)) else v) for k, v in record.items()},
    }


def post_webhook(url: str, payload: dict, timeout: float = WEBHOOK_TIMEOUT_SECONDS) -> int:
    """POST the payload as JSON; returns the HTTP status (raises on a network error or HTTP error)."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"${ALERT_WEBHOOK_ENV} must be an http(s) URL")
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, default=str).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "mutasi-alert"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
        return response.status


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
    record = alert_record(run.run_id, run.job_name, dict(run.tags), step, error, failed_steps)
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
