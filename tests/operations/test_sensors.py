"""The landing sensor and the nightly schedules, evaluated as the daemon evaluates them (a real instance,
the real landing area), without launching runs."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from zoneinfo import ZoneInfo

import pytest
from dagster import (
    AddDynamicPartitionsRequest,
    DagsterInstance,
    SensorResult,
    build_schedule_context,
    build_sensor_context,
)

from orchestration.compat import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG
from orchestration.resources import OperationsResource, PathsResource

from . import opskit

pytestmark = [pytest.mark.operations]

START, END = ASSET_PARTITION_RANGE_START_TAG, ASSET_PARTITION_RANGE_END_TAG


@pytest.fixture
def instance(data_dir):
    with DagsterInstance.ephemeral() as instance:
        yield instance


@pytest.fixture(scope="module")
def zoned_instance(tmp_path_factory):
    """A persistent instance (schedule contexts need an instance reference) with regions of the three
    time zones, in partition (sorted) order: WIB 1277 3402, WITA 5271, WIB 6171, WIT 8101 (Maluku Tengah)."""
    with DagsterInstance.from_config(str(tmp_path_factory.mktemp("dagster_home"))) as instance:
        instance.add_dynamic_partitions("region", ["1277", "3402", "5271", "6171", "8101"])
        yield instance


def paths_resources() -> dict:
    return {"paths": PathsResource(data_dir=os.environ["MUTASI_DATA_DIR"])}


SETTLE = {"seconds": 30.0}


@pytest.fixture
def settled():
    """Deliveries count as complete at once (the settle time is tested on its own)."""
    SETTLE["seconds"] = 0.0
    yield
    SETTLE["seconds"] = 30.0


def evaluate(instance, cursor=None):
    from orchestration.schedules import landing_sensor

    resources = {**paths_resources(), "operations": OperationsResource(landing_settle_seconds=SETTLE["seconds"])}
    result = landing_sensor(build_sensor_context(instance=instance, cursor=cursor, resources=resources))
    assert isinstance(result, SensorResult)
    return result


def apply(instance, result) -> str:
    """What the daemon does with a result: add the requested partitions, keep the cursor."""
    for request in result.dynamic_partitions_requests or []:
        assert isinstance(request, AddDynamicPartitionsRequest)
        instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
    return result.cursor


def added(result) -> list[list[str]]:
    return [
        list(r.partition_keys)
        for r in result.dynamic_partitions_requests or []
        if isinstance(r, AddDynamicPartitionsRequest)
    ]


def ranges(result) -> list[tuple[str, str, str]]:
    """(first, last partition) of each requested run."""
    return [(r.tags[START], r.tags[END]) for r in result.run_requests or []]


def redeliver(path, change: bool) -> None:
    """Copy a file again: with different bytes (a corrected export) or the same bytes (a re-upload)."""
    data = path.read_bytes()
    if change:
        lines = data.decode("utf-8-sig").splitlines(keepends=True)
        data = "".join(lines[:-1]).encode("utf-8")  # one employee less
    time.sleep(0.01)
    path.write_bytes(data)
    stamp = time.time() - 3600
    os.utime(path, (stamp, stamp))


def test_new_region_folder_becomes_a_partition_and_a_run(data_dir, instance, settled):
    opskit.generate(data_dir, {"6171": 1})
    result = evaluate(instance)
    assert added(result) == [["6171"]]
    assert ranges(result) == [("6171", "6171")]
    request = result.run_requests[0]
    assert request.tags["mutasi/trigger"] == "landing_sensor" and request.run_key
    cursor = apply(instance, result)

    again = evaluate(instance, cursor)  # unchanged landing: nothing to do
    assert not again.run_requests and not again.dynamic_partitions_requests
    assert "no new or re-delivered snapshot" in again.skip_reason.skip_message

    opskit.generate(data_dir, {"3402": 1})  # a second region arrives: only it is requested
    third = evaluate(instance, again.cursor)
    assert added(third) == [["3402"]]
    assert ranges(third) == [("3402", "3402")]


def test_redelivered_snapshot_runs_only_that_region(data_dir, instance, settled):
    opskit.generate(data_dir, {"3402": 1, "5271": 1, "6171": 1})
    first = evaluate(instance)
    assert ranges(first) == [("3402", "6171")]  # three new neighbours: one run over the range
    cursor = apply(instance, first)
    landing = data_dir / "landing"

    redeliver(landing / "5271" / opskit.AS_OF.isoformat() / "pegawai.csv", change=True)
    corrected = evaluate(instance, cursor)
    assert ranges(corrected) == [("5271", "5271")]
    assert not corrected.dynamic_partitions_requests
    cursor = apply(instance, corrected)

    redeliver(landing / "6171" / opskit.AS_OF.isoformat() / "pegawai.csv", change=False)
    same_bytes = evaluate(instance, cursor)  # uploaded again, identical: checksum unchanged, no run
    assert not same_bytes.run_requests, ranges(same_bytes)
    cursor = apply(instance, same_bytes)

    later = (opskit.AS_OF + dt.timedelta(days=30)).isoformat()  # a new monthly snapshot of 3402
    source, target = landing / "3402" / opskit.AS_OF.isoformat(), landing / "3402" / later
    target.mkdir()
    for path in source.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
        os.utime(target / path.name, (time.time() - 3600,) * 2)
    new_snapshot = evaluate(instance, cursor)
    assert ranges(new_snapshot) == [("3402", "3402")]


def test_a_delivery_still_being_copied_waits_for_a_later_tick(data_dir, instance):
    SETTLE["seconds"] = 600.0
    opskit.generate(data_dir, {"6171": 1})
    for path in (data_dir / "landing").rglob("*"):
        os.utime(path)  # the copy is being written just now (the generator dates files to their delivery)
    waiting = evaluate(instance)
    assert not waiting.run_requests and not waiting.dynamic_partitions_requests
    assert "still being copied: 6171" in waiting.skip_reason.skip_message
    past = time.time() - 3600
    for path in (data_dir / "landing").rglob("*"):
        os.utime(path, (past, past))
    ready = evaluate(instance, waiting.cursor)
    assert ranges(ready) == [("6171", "6171")]


def test_cursor_of_the_first_format_does_not_rerun_everything(data_dir, instance, settled):
    from mutasi.ingest.watch import landing_fingerprints

    opskit.generate(data_dir, {"6171": 1})
    instance.add_dynamic_partitions("region", ["6171"])
    old_cursor = json.dumps(landing_fingerprints(data_dir / "landing"))  # what the first version stored
    result = evaluate(instance, old_cursor)
    assert not result.run_requests
    assert json.loads(result.cursor)["version"] == 2


@pytest.mark.parametrize(
    ("key", "zone", "utc_hour"),
    [
        ("wib", "Asia/Jakarta", 18),
        ("wita", "Asia/Makassar", 17),
        ("wit", "Asia/Jayapura", 16),
    ],
)
def test_nightly_schedule_runs_the_regions_of_its_time_zone_at_one_local(zoned_instance, key, zone, utc_hour):
    from orchestration.schedules import nightly_schedules

    schedule = {s.name: s for s in nightly_schedules}[f"nightly_{key}"]
    assert schedule.cron_schedule == "0 1 * * *" and schedule.execution_timezone == zone
    assert schedule.default_status.value == "RUNNING"
    at = dt.datetime(2026, 11, 2, 1, 0, tzinfo=ZoneInfo(zone))
    assert at.astimezone(dt.UTC).hour == utc_hour  # 01:00 local is the evening before in UTC
    context = build_schedule_context(instance=zoned_instance, scheduled_execution_time=at)
    requests = schedule.evaluate_tick(context).run_requests
    expected = {
        "wib": [("1277", "3402"), ("6171", "6171")],
        "wita": [("5271", "5271")],
        "wit": [("8101", "8101")],
    }
    assert [(r.tags[START], r.tags[END]) for r in requests] == expected[key]
    assert all(
        r.run_key.startswith(f"{key}:2026-11-02") and r.tags["mutasi/trigger"] == f"nightly_{key}" for r in requests
    )


def test_nightly_schedule_skips_a_time_zone_without_regions(tmp_path):
    from orchestration.schedules import nightly_schedules

    with DagsterInstance.from_config(str(tmp_path)) as instance:
        instance.add_dynamic_partitions("region", ["6171"])
        wit = {s.name: s for s in nightly_schedules}["nightly_wit"]
        data = wit.evaluate_tick(build_schedule_context(instance=instance))
    assert not data.run_requests and "Asia/Jayapura" in data.skip_message


def test_operator_settings_come_from_the_environment_once():
    settings = OperationsResource.from_environment(
        {
            "MUTASI_LANDING_SETTLE_SECONDS": "5",
            "MUTASI_ALERT_WEBHOOK": " https://hook.example/x ",
            "MUTASI_DBT_UNIT_TESTS": "1",
        }
    )
    assert (settings.landing_settle_seconds, settings.alert_webhook, settings.dbt_unit_tests) == (
        5.0,
        "https://hook.example/x",
        True,
    )
    assert OperationsResource.from_environment({}) == OperationsResource()
    assert OperationsResource().landing_settle_seconds == 30.0 and OperationsResource().alert_webhook == ""
    with pytest.raises(ValueError, match="MUTASI_LANDING_SETTLE_SECONDS"):
        OperationsResource.from_environment({"MUTASI_LANDING_SETTLE_SECONDS": "half a minute"})
