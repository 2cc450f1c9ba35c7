"""Run-failure alerts: a real failed run of the pipeline job, then the `run_failure_alert` sensor as the
daemon evaluates it — an alert record in state/alerts naming regions, step and error, a log line, and the
optional webhook (operations resource, $MUTASI_ALERT_WEBHOOK; off by default) served here by a local http.server on 127.0.0.1.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest

from . import opskit

pytestmark = [pytest.mark.operations, pytest.mark.xdist_group("ops-ui")]

FAILING_REGIONS = ("1373", "6171")


@pytest.fixture(scope="module")
def failed_run(tmp_path_factory):
    """The nightly WIB run over 1373..6171 against a data directory whose lake holds a corrupt file (a disk
    fault, a half-copied data directory): the dbt step fails reading it. Only the first mart is selected,
    so the failure takes seconds, not a whole pipeline. (An empty lake no longer fails: the dbt steps build
    nothing when no snapshot was ever accepted.)"""
    from dagster import AssetKey, DagsterEventType, DagsterInstance

    from orchestration.compat import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG
    from orchestration.definitions import defs

    root = tmp_path_factory.mktemp("alerts") / "data"
    (root / "landing").mkdir(parents=True)
    corrupt = root / "lake" / "clean" / "pegawai" / "region_code=1373" / "snapshot_date=2026-11-01" / "data.parquet"
    corrupt.parent.mkdir(parents=True)
    corrupt.write_bytes(b"not a parquet file")
    home = opskit.write_instance_yaml(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MUTASI_DATA_DIR", str(root))
        mp.setenv("DAGSTER_HOME", str(home))
        instance = DagsterInstance.from_config(str(home))
        instance.add_dynamic_partitions("region", list(FAILING_REGIONS))
        result = defs.resolve_job_def("mutasi_pipeline").execute_in_process(
            instance=instance,
            raise_on_error=False,
            asset_selection=[AssetKey(["marts", "position_workload"])],
            tags={
                ASSET_PARTITION_RANGE_START_TAG: FAILING_REGIONS[0],
                ASSET_PARTITION_RANGE_END_TAG: FAILING_REGIONS[1],
                "mutasi/trigger": "nightly_wib",
            },
        )
    assert not result.success
    run = instance.get_run_by_id(result.run_id)
    failure = instance.all_logs(run.run_id, of_type=DagsterEventType.RUN_FAILURE)[0].dagster_event
    return root, instance, run, failure


class Hook:
    """A webhook receiver on 127.0.0.1: records every POST, answers `status`."""

    def __init__(self, status: int = 200):
        self.requests: list[dict] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server API
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                hook.requests.append(
                    {"path": self.path, "type": self.headers.get("Content-Type"), "body": json.loads(body)}
                )
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/mutasi"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def evaluate_alert(root, instance, run, failure, monkeypatch, capfd, webhook: str | None):
    """Evaluate the sensor for the failed run; returns (alerts in state/alerts, what the sensor logged)."""
    from dagster import build_run_status_sensor_context

    from orchestration.resources import OperationsResource, PathsResource
    from orchestration.schedules import run_failure_alert

    resources = {
        "paths": PathsResource(data_dir=str(root)),
        "operations": OperationsResource(alert_webhook=webhook or ""),
    }
    context = build_run_status_sensor_context(
        sensor_name="run_failure_alert",
        dagster_event=failure,
        dagster_instance=instance,
        dagster_run=run,
        resources=resources,
    ).for_run_failure()
    capfd.readouterr()
    run_failure_alert(context)
    logged = capfd.readouterr().err
    alerts = sorted((root / "state" / "alerts").glob("*.parquet"))
    return (pd.concat([pd.read_parquet(p) for p in alerts], ignore_index=True) if alerts else pd.DataFrame()), logged


def test_failed_run_writes_an_alert_naming_regions_step_and_error(failed_run, monkeypatch, capfd):
    root, instance, run, failure = failed_run
    with Hook() as hook:  # listening, but not configured: nothing may be sent
        alerts, logged = evaluate_alert(root, instance, run, failure, monkeypatch, capfd, webhook=None)
    assert hook.requests == []
    assert len(alerts) == 1
    alert = alerts.iloc[0]
    assert alert["run_id"] == run.run_id and alert["job_name"] == "mutasi_pipeline"
    assert alert["regions"] == "1373..6171"
    assert alert["step"] == "dbt_core" and alert["failed_steps"] == "dbt_core"
    assert "dbt" in alert["error"] and "position_workload" in alert["error"]
    assert alert["trigger"] == "nightly_wib"
    assert pd.notna(alert["alerted_at"])
    assert f"ALERT run {run.run_id} regions 1373..6171 step dbt_core" in logged, logged[-2000:]
    # the same failure evaluated twice (daemon restarted before its cursor was saved): still one record
    evaluate_alert(root, instance, run, failure, monkeypatch, capfd, webhook=None)
    assert len(list((root / "state" / "alerts").glob("*.parquet"))) == 1


def test_alert_is_posted_to_the_configured_webhook(failed_run, monkeypatch, capfd):
    root, instance, run, failure = failed_run
    with Hook() as hook:
        evaluate_alert(root, instance, run, failure, monkeypatch, capfd, webhook=hook.url)
    assert len(hook.requests) == 1
    posted = hook.requests[0]
    assert posted["path"] == "/hooks/mutasi" and posted["type"] == "application/json"
    body = posted["body"]
    assert body["run_id"] == run.run_id and body["regions"] == "1373..6171" and body["step"] == "dbt_core"
    assert "position_workload" in body["error"]
    assert body["text"].startswith(f"mutasi: run {run.run_id[:8]}") and "1373..6171" in body["text"]


@pytest.mark.parametrize("broken", ["http 500", "nobody listening"])
def test_a_broken_webhook_does_not_lose_the_alert(failed_run, monkeypatch, capfd, broken):
    root, instance, run, failure = failed_run
    for path in (root / "state" / "alerts").glob("*.parquet"):
        path.unlink()
    if broken == "http 500":
        with Hook(status=500) as hook:
            alerts, logged = evaluate_alert(root, instance, run, failure, monkeypatch, capfd, webhook=hook.url)
        assert len(hook.requests) == 1
    else:
        alerts, logged = evaluate_alert(
            root, instance, run, failure, monkeypatch, capfd, webhook=f"http://127.0.0.1:{opskit.free_port()}/hook"
        )
    assert list(alerts["regions"]) == ["1373..6171"]
    assert "alert webhook 127.0.0.1:" in logged and "failed" in logged, logged[-2000:]
