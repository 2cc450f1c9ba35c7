"""Publishing is atomic: a failure at any point leaves the previous package intact and nothing half-written."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest
from publish_fixtures import SNAPSHOT, make_history, make_meta, make_tables
from publish_readers import snapshot_tree

from mutasi.publish import atomic, html_report, publish_province_package, publish_region_package, writers


class Boom(RuntimeError):
    pass


def _fail_on_call(monkeypatch, module, name, call_number):
    original = getattr(module, name)
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == call_number:
            raise Boom(f"injected failure in {name} (call {call_number})")
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def _region_dir(outputs_root):
    return outputs_root / "6171"


def _entries(directory):
    return sorted(p.name for p in directory.iterdir())


def _run_id(package_dir):
    return json.loads((package_dir / "manifest.json").read_text(encoding="utf-8"))["run_id"]


# (module, function, which call fails): mid-way through the CSVs, the Parquets, the workbook,
# the HTML rendering, the HTML file, the manifest, and the fsync before the swap
FAILURE_POINTS = [
    (writers, "write_csv", 3),
    (writers, "write_parquet", 5),
    (writers, "write_workbook", 1),
    (html_report, "render_region_html", 1),
    (writers, "write_text", 1),
    (writers, "write_json", 1),
    (atomic, "fsync_tree", 1),
]


@pytest.mark.parametrize(
    "module,name,call", FAILURE_POINTS, ids=[f"{m.__name__.split('.')[-1]}.{n}" for m, n, _ in FAILURE_POINTS]
)
def test_failure_while_writing_keeps_previous_package(outputs_root, monkeypatch, module, name, call):
    first = publish_region_package(outputs_root, make_meta(), make_tables(), make_history())
    before = snapshot_tree(first)
    calls = _fail_on_call(monkeypatch, module, name, call)
    with pytest.raises(Boom):
        publish_region_package(outputs_root, replace(make_meta(), run_id="run-second"), make_tables(), make_history())
    assert calls["n"] >= call
    assert snapshot_tree(first) == before
    assert _run_id(first) == "run-abc123"
    assert _entries(_region_dir(outputs_root)) == [SNAPSHOT]  # no temp dir left behind


@pytest.mark.parametrize("module,name,call", FAILURE_POINTS[:3])
def test_failure_on_first_publish_leaves_nothing_visible(outputs_root, monkeypatch, module, name, call):
    _fail_on_call(monkeypatch, module, name, call)
    with pytest.raises(Boom):
        publish_region_package(outputs_root, make_meta(), make_tables())
    assert _entries(_region_dir(outputs_root)) == []


def test_failure_in_the_swap_restores_previous_package(outputs_root, monkeypatch):
    first = publish_region_package(outputs_root, make_meta(), make_tables())
    before = snapshot_tree(first)
    # rename #1 moves the current package aside, rename #2 moves the new one in: make #2 fail
    _fail_on_call(monkeypatch, atomic, "_rename", 2)
    with pytest.raises(Boom):
        publish_region_package(outputs_root, replace(make_meta(), run_id="run-second"), make_tables())
    assert snapshot_tree(first) == before
    assert _entries(_region_dir(outputs_root)) == [SNAPSHOT]


def test_crash_between_the_renames_is_recovered_by_the_next_run(outputs_root, monkeypatch):
    first = publish_region_package(outputs_root, make_meta(), make_tables())
    before = snapshot_tree(first)
    # what a process killed between the two renames leaves: no package, the old one aside
    aside = _region_dir(outputs_root) / f".{SNAPSHOT}.old-deadbeef"
    os.rename(first, aside)
    (_region_dir(outputs_root) / f".{SNAPSHOT}.tmp-deadbeef").mkdir()
    # the next run fails too, yet the previous package is back in place and the leftovers are gone
    _fail_on_call(monkeypatch, writers, "write_workbook", 1)
    with pytest.raises(Boom):
        publish_region_package(outputs_root, replace(make_meta(), run_id="run-second"), make_tables())
    assert snapshot_tree(first) == before
    assert _entries(_region_dir(outputs_root)) == [SNAPSHOT]


def test_success_replaces_package_and_cleans_stale_temp_dirs(outputs_root):
    first = publish_region_package(outputs_root, make_meta(), make_tables())
    stale_tmp = _region_dir(outputs_root) / f".{SNAPSHOT}.tmp-0123abcd"
    stale_old = _region_dir(outputs_root) / f".{SNAPSHOT}.old-0123abcd"
    for stale in (stale_tmp, stale_old):
        stale.mkdir()
        (stale / "half.csv").write_text("nip\n", encoding="utf-8")
    (first / "leftover-from-v1.txt").write_text("x", encoding="utf-8")
    second = publish_region_package(outputs_root, replace(make_meta(), run_id="run-second"), make_tables())
    assert second == first
    assert _run_id(second) == "run-second"
    assert not (second / "leftover-from-v1.txt").exists()  # swapped as a whole, not merged
    assert _entries(_region_dir(outputs_root)) == [SNAPSHOT]


def test_other_snapshots_of_the_region_are_untouched(outputs_root, monkeypatch):
    older = publish_region_package(
        outputs_root, make_meta(snapshot_date="2025-12-31"), make_tables(snapshot_date="2025-12-31")
    )
    before = snapshot_tree(older)
    _fail_on_call(monkeypatch, writers, "write_parquet", 2)
    with pytest.raises(Boom):
        publish_region_package(outputs_root, make_meta(), make_tables())
    assert snapshot_tree(older) == before
    assert _entries(_region_dir(outputs_root)) == ["2025-12-31"]


def test_province_package_is_atomic_too(outputs_root, monkeypatch):
    import pandas as pd

    tables = {
        "regencies": pd.DataFrame(
            {"region_code": ["6171", "6172"], "region_name": ["A", "B"], "composite_index": [60.0, 70.0]}
        )
    }
    first = publish_province_package(outputs_root, "61", "Kalimantan Barat", SNAPSHOT, "r1", "p", tables)
    before = snapshot_tree(first)
    _fail_on_call(monkeypatch, html_report, "render_province_html", 1)
    with pytest.raises(Boom):
        publish_province_package(outputs_root, "61", "Kalimantan Barat", SNAPSHOT, "r2", "p", tables)
    assert snapshot_tree(first) == before
    assert _entries(outputs_root / "province" / "61") == [SNAPSHOT]


def test_concurrent_publishers_of_the_same_package_are_serialised(outputs_root):
    import threading

    errors = []

    def run(run_id):
        try:
            publish_region_package(outputs_root, replace(make_meta(), run_id=run_id), make_tables(), make_history())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(f"run-{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    package = _region_dir(outputs_root) / SNAPSHOT
    assert _run_id(package) in {"run-0", "run-1", "run-2"}
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == {
        k: v for k, v in snapshot_tree(package).items() if k != "manifest.json"
    }
    assert _entries(_region_dir(outputs_root)) == [SNAPSHOT]
