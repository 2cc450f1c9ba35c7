"""Snapshot of the asset graph: any change to keys, groups, partitions or checks shows up in review.

The snapshot is a syrupy JSON snapshot (tests/orchestration/__snapshots__/). To accept an intended change:
    pytest tests/orchestration/test_asset_graph.py --snapshot-update
and commit the updated snapshot with the change that explains it.
"""

from __future__ import annotations

import pytest
from syrupy.extensions.json import JSONSnapshotExtension


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


def graph_description() -> dict:
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "partitioned": node.partitions_def is not None,
            "partitions": (
                f"{type(node.partitions_def).__name__}: {node.partitions_def.name}"
                if node.partitions_def is not None
                else None
            ),
            "upstream": sorted(k.to_user_string() for k in node.parent_keys),
        }
    checks = sorted(f"{c.asset_key.to_user_string()}:{c.name}" for c in graph.asset_check_keys)
    jobs = sorted(j.name for j in defs.resolve_all_job_defs() if not j.name.startswith("__"))
    return {"assets": assets, "checks": checks, "jobs": jobs}


def test_asset_graph_matches_snapshot(snapshot_json):
    assert graph_description() == snapshot_json


def test_graph_flows_landing_to_outputs():
    """The architecture in one assertion: ingest → validate → dbt → recommend → dbt → publish."""
    graph = graph_description()["assets"]
    assert graph["lake/pegawai"]["upstream"] == ["landed_extracts"]
    assert graph["staging/stg_lake__pegawai"]["upstream"] == ["lake/pegawai"]
    assert set(graph["mutation_plan"]["upstream"]) >= {"marts/position_workload", "marts/employee_eligibility"}
    assert "mutation_plan" in graph["staging/stg_recommend__mutation_plan"]["upstream"]
    assert "marts/regency_scorecards" in graph["regency_packages"]["upstream"]
    partitioned = {k for k, v in graph.items() if v["partitioned"]}
    lake = {k for k in graph if k.startswith("lake/")}
    assert len(lake) == 14  # eleven entities (nine of data, two of the decision loop) and three audit tables
    # every asset is per region, the dbt models too (one build per run's regions); the one exception is the
    # ChangeSet's lists, which the dbt step writes for dbt to read (a source, no materialisation of its own)
    assert partitioned == set(graph) - {"state/dbt_scope"}
    assert {graph[k]["partitions"] for k in partitioned} == {"DynamicPartitionsDefinition: region"}
    scoped = {k for k, v in graph.items() if "state/dbt_scope" in v["upstream"]}
    assert {"marts/position_workload", "marts/regency_scorecards", "marts/province_scorecards"} <= scoped
