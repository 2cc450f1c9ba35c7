"""The ChangeSet (mutasi/changes.py): which region snapshots changed, what each dbt step, the optimiser and
publishing redo, and the explicit lists a scoped dbt build reads."""

from __future__ import annotations

import pytest

from mutasi.changes import (
    ChangeSet,
    build_scope,
    changed_snapshots,
    classify,
    dbt_scope_rows,
    delivered_snapshots,
    expand_scope,
    parse_scope,
    read_build,
    record_build,
)
from mutasi.config import data_paths, move_state_out_of_the_lake
from mutasi.lake import write_json_atomic

BUILT = {"6171:2026-06-30": "aaa:accepted", "6171:2026-07-31": "bbb:accepted", "3402:2026-07-31": "ccc:accepted"}


def test_new_redelivered_rejudged_and_removed_snapshots_are_changed():
    delivered = {
        "6171:2026-06-30": "aaa:accepted",  # unchanged
        "6171:2026-07-31": "ddd:accepted",  # re-delivered (new checksum)
        "3402:2026-08-31": "eee:rejected",  # new, rejected: its earlier rows must not linger
        "5271:2026-07-31": "fff:accepted",
    }  # new region
    # 3402:2026-07-31 is gone from the lake: named so that its rows are deleted
    assert changed_snapshots(BUILT, delivered) == [
        "3402:2026-07-31",
        "3402:2026-08-31",
        "5271:2026-07-31",
        "6171:2026-07-31",
    ]


def test_full_build_without_state_or_after_a_project_change():
    assert build_scope(None, BUILT, "d1", ["6171"])[0] is None
    state = {"project_digest": "d0", "snapshots": BUILT}
    scope, reason = build_scope(state, BUILT, "d1", ["6171"])
    assert scope is None and "dbt project changed" in reason


def test_changed_snapshots_are_named_and_an_unchanged_rerun_recomputes_its_regions():
    state = {"project_digest": "d1", "snapshots": BUILT}
    assert build_scope(state, {**BUILT, "6171:2026-07-31": "x:accepted"}, "d1", ["6171", "3402"])[0] == [
        "6171:2026-07-31"
    ]
    assert build_scope(state, BUILT, "d1", ["6171", "3402"])[0] == ["3402", "6171"]


def _manifest(paths, region, date, checksum, status):
    write_json_atomic({"checksum": checksum, "status": status}, paths.manifests / region / f"{date}.json")


def test_change_set_round_trip_from_the_manifests(tmp_path):
    paths = data_paths(tmp_path)
    _manifest(paths, "6171", "2026-06-30", "aaa", "accepted")
    _manifest(paths, "3402", "2026-07-31", "ccc", "rejected")
    delivered = delivered_snapshots(paths.manifests)
    assert delivered == {"3402:2026-07-31": "ccc:rejected", "6171:2026-06-30": "aaa:accepted"}
    first = ChangeSet.compute(paths, "run-1", ["6171"], digest="d1").save(paths)
    assert first.steps["dbt_core"].scope is None and "no successful build" in first.steps["dbt_core"].reason
    assert first.changes["new"] == ["3402:2026-07-31", "6171:2026-06-30"]
    assert ChangeSet.load(paths, "run-1") == first
    record_build(paths, first, "dbt_core")
    state = read_build(paths, "dbt_core")
    assert state["run_id"] == "run-1" and state["snapshots"] == delivered and state["scope"] is None
    # the next run: 6171 re-delivered, 3402 now accepted, a new region; dbt_evaluation never built
    _manifest(paths, "6171", "2026-06-30", "bbb", "accepted")
    _manifest(paths, "5271", "2026-07-31", "eee", "accepted")
    second = ChangeSet.compute(paths, "run-2", ["6171", "5271"], digest="d1")
    assert second.changes == {
        "new": ["5271:2026-07-31"],
        "redelivered": ["6171:2026-06-30"],
        "newly_rejected": [],
        "removed": [],
    }
    assert second.steps["dbt_core"].scope == ["5271:2026-07-31", "6171:2026-06-30"]
    assert second.steps["dbt_evaluation"].scope is None  # its own state: a full build
    assert second.summary() == {"new": 1, "redelivered": 1, "newly_rejected": 0, "removed": 0}


def test_snapshots_are_classified_by_what_happened_to_them():
    delivered = {"6171:2026-06-30": "aaa:rejected", "6171:2026-07-31": "ddd:accepted", "5271:2026-07-31": "f:accepted"}
    assert classify(BUILT, delivered) == {
        "new": ["5271:2026-07-31"],
        "redelivered": ["6171:2026-07-31"],
        "newly_rejected": ["6171:2026-06-30"],
        "removed": ["3402:2026-07-31"],
    }


def test_state_written_inside_the_lake_by_an_earlier_version_moves_out(tmp_path):
    paths = data_paths(tmp_path)
    for old in ("manifests/6171", "dbt_state", "alerts"):
        (paths.lake / old).mkdir(parents=True)
    (paths.lake / "manifests" / "6171" / "2026-06-30.json").write_text("{}")
    assert move_state_out_of_the_lake(paths) == [
        "lake/manifests -> state/manifests",
        "lake/dbt_state -> state/builds",
        "lake/alerts -> state/alerts",
    ]
    assert (paths.manifests / "6171" / "2026-06-30.json").exists() and not (paths.lake / "manifests").exists()
    assert move_state_out_of_the_lake(paths) == []  # once


def test_old_per_run_dbt_target_directories_are_pruned(tmp_path):
    import os

    from mutasi.changes import prune_run_targets

    for i in range(5):
        run = tmp_path / f"dbt_core-{i:07d}-abcdef{i}"
        run.mkdir()
        os.utime(run, (1_000_000 + i, 1_000_000 + i))
    (tmp_path / "manifest.json").write_text("{}")
    removed = prune_run_targets(tmp_path, keep=2)
    assert sorted(p.name for p in removed) == [
        "dbt_core-0000000-abcdef0",
        "dbt_core-0000001-abcdef1",
        "dbt_core-0000002-abcdef2",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dbt_core-0000003-abcdef3",
        "dbt_core-0000004-abcdef4",
        "manifest.json",
    ]


def test_packages_to_republish_follow_the_scope():
    from mutasi.changes import snapshots_in_scope

    dates = ["2026-08-31", "2026-09-30", "2026-10-31"]
    assert snapshots_in_scope("6171", dates, None) == dates  # full build
    assert snapshots_in_scope("6171", dates, ["6171"]) == dates  # region named whole
    # a snapshot changes what follows it in the region, never what precedes it
    assert snapshots_in_scope("6171", dates, ["6171:2026-09-30", "3402:2026-08-31"]) == dates[1:]
    assert snapshots_in_scope("3402", dates, ["6171:2026-09-30"]) == []


def test_downstream_steps_redo_the_scope_and_any_missing_output():
    from mutasi.changes import snapshots_to_redo

    dates = ["2026-08-31", "2026-09-30", "2026-10-31"]
    published = {"2026-08-31", "2026-10-31"}  # 2026-09-30's package failed in an earlier run
    assert snapshots_to_redo("6171", dates, ["6171:2026-10-31"], published.__contains__) == dates[1:]
    assert snapshots_to_redo("3402", dates, ["6171:2026-10-31"], published.__contains__) == ["2026-09-30"]
    assert snapshots_to_redo("3402", dates, None, published.__contains__) == dates  # full build


def test_scope_of_a_run_is_its_own_build_only(tmp_path):
    from mutasi.changes import StepScope, scope_of_run

    paths = data_paths(tmp_path)
    changes = ChangeSet("run-2", ["6171"], "d1", {}, {}, {"dbt_core": StepScope(["6171:2026-10-31"], "named")})
    record_build(paths, changes, "dbt_core")
    assert scope_of_run(paths, "dbt_core", "run-2") == ["6171:2026-10-31"]
    assert scope_of_run(paths, "dbt_core", "run-3") is None  # no build in run-3: everything is redone
    assert scope_of_run(paths, "dbt_evaluation", "run-2") is None


# ------------------------------------------------------------------------------ the lists dbt reads

# 6171 and 6172 share province 61; 3402 is elsewhere. Monthly snapshots; no-move-back window 24 months.
EXISTING = {
    "6171": ["2026-05-31", "2026-06-30", "2026-07-31"],
    "6172": ["2026-06-30", "2026-07-31"],
    "3402": ["2026-07-31"],
}


def province_of(code: str) -> str:
    return code[:2]


def test_history_follows_a_snapshot_through_the_no_move_back_window_and_province_adds_the_neighbours():
    scope = expand_scope([("6171", "2026-06-30")], [], EXISTING, 24, province_of)
    assert scope["snapshot"] == {("6171", "2026-06-30")}
    assert scope["history"] == {("6171", "2026-06-30"), ("6171", "2026-07-31")}  # what follows, not what precedes
    assert scope["province"] == scope["history"] | {("6172", "2026-06-30"), ("6172", "2026-07-31")}


def test_only_the_next_snapshot_follows_when_the_window_is_shorter_than_the_gap():
    existing = {"6171": ["2024-01-31", "2024-02-29", "2026-03-31", "2026-04-30"]}
    scope = expand_scope([("6171", "2024-01-31")], [], existing, 12, province_of)
    # 2024-02-29 is the next one; 2026-03-31 - 12 months = 2025-03-31 is after the named date: out
    assert scope["history"] == {("6171", "2024-01-31"), ("6171", "2024-02-29")}


def test_a_removed_snapshot_is_still_named_and_a_whole_region_stays_whole():
    scope = expand_scope([("3402", "2026-06-30")], ["6172"], EXISTING, 24, province_of)
    assert ("3402", "2026-06-30") in scope["snapshot"]  # not in the lake any more: its rows are deleted
    assert scope["history"] == {("3402", "2026-06-30"), ("3402", "2026-07-31")}
    assert all(region != "6172" for region, _ in scope["province"])  # whole regions are one row each
    assert ("6171", "2026-07-31") in scope["province"]  # 6172's dates bring in its province neighbour


def test_dbt_scope_rows_hold_every_kind_with_and_without_the_previous_snapshot():
    rows = dbt_scope_rows(["6171:2026-07-31"], EXISTING, 24, province_of)
    region = rows[rows["level"] == "region"]
    plain = region[(region["kind"] == "snapshot") & ~region["with_previous"]]
    previous = region[(region["kind"] == "snapshot") & region["with_previous"]]
    assert [(r, d.isoformat()) for r, d in zip(plain["region_code"], plain["snapshot_date"])] == [
        ("6171", "2026-07-31")
    ]
    assert sorted(d.isoformat() for d in previous["snapshot_date"]) == ["2026-06-30", "2026-07-31"]
    provinces = rows[(rows["level"] == "province") & (rows["kind"] == "province")]
    assert [(p, d.isoformat()) for p, d in zip(provinces["province_code"], provinces["snapshot_date"])] == [
        ("61", "2026-07-31")
    ]
    whole = dbt_scope_rows(["6172"], EXISTING, 24, province_of)
    assert whole[(whole["level"] == "region") & whole["region_code"].eq("6172")]["snapshot_date"].isna().all()


@pytest.mark.parametrize("entry", ["6171/2026-06-30", "61", "6171:2026-02-30", "6171:26-06-30"])
def test_malformed_scope_entries_are_refused(entry):
    with pytest.raises(ValueError):
        parse_scope([entry])
