"""Concurrency: three regions launched as three runs at once, in three processes (`mutasi run --region R`,
what three landing-sensor run requests or three operators do), while a fourth process reads the warehouse.

Every run writes the warehouse through its two dbt steps (pool `warehouse`, limit 1) and reads it in
mutation_plan, regency_packages, province_packages and the CLI summary. Shown: all runs succeed, the dbt
steps of different runs never overlap, and nobody — run or reader — meets DuckDB's "Could not set lock on
file" (not even in a step that was then retried).
"""

from __future__ import annotations

import pytest

from . import opskit
from .conftest import REGIONS, known_defect

pytestmark = [pytest.mark.operations, pytest.mark.xdist_group("ops-pipeline")]

DBT_STEPS = ("dbt_core", "dbt_evaluation")


def step_intervals(instance, run_id: str) -> list[tuple[float, float, str]]:
    starts, intervals = {}, []
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is None or event.step_key not in DBT_STEPS:
            continue
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = record.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and event.step_key in starts:
            intervals.append((starts.pop(event.step_key), record.timestamp, f"{run_id[:8]}:{event.step_key}"))
    return intervals


def test_parallel_region_runs_share_the_warehouse_without_lock_errors(ops_data):
    instance = ops_data.instance()
    summary = ", ".join(f"{r.region} exit {r.returncode} in {r.seconds:.0f} s" for r in ops_data.runs)
    print(
        f"three parallel runs: {summary}; wall {ops_data.seconds:.0f} s; probe reads {ops_data.probe.reads}, "
        f"lock errors {len(ops_data.probe.lock_errors)}"
    )

    # one Dagster run per region, each over its own one-region range
    assert set(ops_data.run_ids) >= set(REGIONS), ops_data.run_ids
    for region in REGIONS:
        run = instance.get_run_by_id(ops_data.run_ids[region])
        assert run.tags["dagster/asset_partition_range_end"] == region

    # the pool: no two dbt steps (of any runs) ever ran at the same time
    intervals = sorted(i for region in REGIONS for i in step_intervals(instance, ops_data.run_ids[region]))
    assert len(intervals) >= len(REGIONS), intervals
    for (_, end, first), (start, _, second) in zip(intervals, intervals[1:]):
        assert start >= end - 0.001, f"{first} and {second} wrote the warehouse at the same time"

    # no lock error anywhere: process output, every event of every run (retried steps too), the reader
    lock_hits = [
        f"{r.region}: {opskit.LOCK_ERROR} in its output"
        for r in ops_data.runs
        if opskit.LOCK_ERROR in opskit.tail(r.log, 10_000_000)
    ]
    for region in REGIONS:
        texts = opskit.event_texts(instance, ops_data.run_ids[region])
        hits = [t for t in texts if opskit.LOCK_ERROR in t]
        if hits:
            at = hits[0].index(opskit.LOCK_ERROR)
            lock_hits.append(
                f"run of {region}: {len(hits)} event text(s), e.g. …{hits[0][max(0, at - 200) : at + 200]}…"
            )
    if ops_data.probe.lock_errors:
        lock_hits.append(
            f"reader: {len(ops_data.probe.lock_errors)} of {len(ops_data.probe.lock_errors) + ops_data.probe.reads}"
            f" reads, e.g. {ops_data.probe.lock_errors[0][:300]}"
        )
    if lock_hits:
        known_defect("warehouse-readers", " | ".join(lock_hits))

    failed = [r for r in ops_data.runs if r.returncode != 0]
    assert not failed, "\n\n".join(f"{r.region} exit {r.returncode}:\n{opskit.tail(r.log)}" for r in failed)
    assert ops_data.fallback is None
    for region in REGIONS:
        assert instance.get_run_by_id(ops_data.run_ids[region]).is_success
    published = {p.parent.name for p in opskit.packages(ops_data.paths.outputs)}
    assert published == set(REGIONS)
    assert ops_data.probe.reads > 0 and not ops_data.probe.other_errors, ops_data.probe.other_errors[:3]
