"""Which region snapshots a dbt build names (issue 4, partition-aware rebuild): mutasi.changes.build_scope."""

from __future__ import annotations

from mutasi.changes import build_scope, changed_snapshots, delivered_snapshots, write_build_state, read_build_state
from mutasi.lake import write_json_atomic

BUILT = {"6171:2026-06-30": "aaa:accepted", "6171:2026-07-31": "bbb:accepted", "3402:2026-07-31": "ccc:accepted"}


def test_new_redelivered_rejudged_and_removed_snapshots_are_changed():
    delivered = {"6171:2026-06-30": "aaa:accepted",  # unchanged
                 "6171:2026-07-31": "ddd:accepted",  # re-delivered (new checksum)
                 "3402:2026-08-31": "eee:rejected",  # new, rejected: its earlier rows must not linger
                 "5271:2026-07-31": "fff:accepted"}  # new region
    # 3402:2026-07-31 is gone from the lake: named so that its rows are deleted
    assert changed_snapshots(BUILT, delivered) == ["3402:2026-07-31", "3402:2026-08-31", "5271:2026-07-31",
                                                   "6171:2026-07-31"]


def test_full_build_without_state_or_after_a_project_change():
    assert build_scope(None, BUILT, "d1", ["6171"])[0] is None
    state = {"project_digest": "d0", "snapshots": BUILT}
    scope, reason = build_scope(state, BUILT, "d1", ["6171"])
    assert scope is None and "dbt project changed" in reason


def test_changed_snapshots_are_named_and_an_unchanged_rerun_recomputes_its_regions():
    state = {"project_digest": "d1", "snapshots": BUILT}
    assert build_scope(state, {**BUILT, "6171:2026-07-31": "x:accepted"}, "d1", ["6171", "3402"])[0] == \
        ["6171:2026-07-31"]
    assert build_scope(state, BUILT, "d1", ["6171", "3402"])[0] == ["3402", "6171"]


def test_state_round_trip_from_the_lake_manifests(tmp_path):
    for region, date, checksum, status in [("6171", "2026-06-30", "aaa", "accepted"),
                                           ("3402", "2026-07-31", "ccc", "rejected")]:
        write_json_atomic({"checksum": checksum, "status": status}, tmp_path / "manifests" / region / f"{date}.json")
    delivered = delivered_snapshots(tmp_path)
    assert delivered == {"3402:2026-07-31": "ccc:rejected", "6171:2026-06-30": "aaa:accepted"}
    write_build_state(tmp_path, "dbt_core", delivered, "d1", "run-1")
    state = read_build_state(tmp_path, "dbt_core")
    assert build_scope(state, delivered, "d1", [])[0] is None  # nothing changed, no region: full build
    assert state["run_id"] == "run-1" and changed_snapshots(state["snapshots"], delivered) == []


def test_old_per_run_dbt_target_directories_are_pruned(tmp_path):
    import os

    from mutasi.changes import prune_run_targets

    for i in range(5):
        run = tmp_path / f"dbt_core-{i:07d}-abcdef{i}"
        run.mkdir()
        os.utime(run, (1_000_000 + i, 1_000_000 + i))
    (tmp_path / "manifest.json").write_text("{}")
    removed = prune_run_targets(tmp_path, keep=2)
    assert sorted(p.name for p in removed) == ["dbt_core-0000000-abcdef0", "dbt_core-0000001-abcdef1",
                                               "dbt_core-0000002-abcdef2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dbt_core-0000003-abcdef3", "dbt_core-0000004-abcdef4",
                                                         "manifest.json"]


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
    from mutasi.changes import scope_of_run

    write_build_state(tmp_path, "dbt_core", {}, "d1", "run-2", ["6171:2026-10-31"])
    assert scope_of_run(tmp_path, "dbt_core", "run-2") == ["6171:2026-10-31"]
    assert scope_of_run(tmp_path, "dbt_core", "run-3") is None  # no build in run-3: everything is redone
    assert scope_of_run(tmp_path, "dbt_evaluation", "run-2") is None
