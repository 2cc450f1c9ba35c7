"""Alerts for failed runs: the record written to state/alerts and the optional webhook POST (the
run_failure_alert sensor, orchestration/schedules.py). No Dagster here."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
import urllib.request

import pandas as pd

WEBHOOK_TIMEOUT_SECONDS = 10.0


def alert_record(
    run_id: str,
    job_name: str,
    tags: dict,
    step: str | None,
    error: str,
    failed_steps: list[str] | None = None,
    range_tags: tuple[str, str] = ("dagster/asset_partition_range_start", "dagster/asset_partition_range_end"),
) -> pd.DataFrame:
    """The alert of a failed run: its regions (the partition range of its tags), step, error and trigger."""
    start, end = tags.get(range_tags[0]), tags.get(range_tags[1])
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
        raise ValueError("the alert webhook must be an http(s) URL")
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, default=str).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "mutasi-alert"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
        return response.status
