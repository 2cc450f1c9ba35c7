"""Great Expectations at dataset level: a blocking failure rejects the snapshot, drift only warns, and the
JSON + HTML reports are written (the HTML opens offline)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from mutasi.config import data_paths, partition_path
from mutasi.ingest.landing import region_snapshots
from mutasi.ingest.snapshot import clean_partition
from tests.ingest.builders import JABATAN, PEGAWAI, people, write_snapshot


@pytest.fixture
def validate_module():
    import mutasi.ingest.validation as module

    return module


def process(module, snapshot: str, run_id: str):
    paths = data_paths()
    snap = next(s for s in region_snapshots(paths.landing, "6171")[0] if s.snapshot_date == snapshot)
    return module.process_snapshot(paths, snap, run_id)


def quality_folder(snapshot: str):
    return partition_path(data_paths().lake / "quality", "6171", snapshot)


def assert_offline_html(path):
    text = path.read_text("utf-8")
    assert text.startswith("<!doctype html>") and "</html>" in text
    assert not re.search(r"https?://|<script|<link|\bsrc=|@import|url\(", text, flags=re.I)
    return text


def test_clean_snapshot_passes_and_reports_are_written(data_dir, validate_module):
    write_snapshot(data_dir / "landing")
    outcome, warnings = process(validate_module, "2026-11-01", "run-1")
    assert outcome.status == "accepted" and warnings == []
    result = json.loads((quality_folder("2026-11-01") / "gx_validation.json").read_text("utf-8"))
    assert result["success"] is True and result["evaluated"] >= 20
    kinds = {r["expectation_config"]["type"] for r in result["results"]}
    assert {
        "expect_column_values_to_be_unique",
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_be_between",
    } <= kinds
    html = assert_offline_html(quality_folder("2026-11-01") / "gx_validation.html")
    assert "Status: <b>LULUS</b>" in html


def test_blocking_failure_rejects_the_snapshot(data_dir, validate_module, monkeypatch):
    """A duplicated NIP that slipped past the row rules is caught by the critical uniqueness expectation."""
    real = validate_module.run_suite

    def with_a_duplicate(clean, *args, **kwargs):
        clean = dict(clean)
        clean["pegawai"] = pd.concat([clean["pegawai"], clean["pegawai"].head(1)], ignore_index=True)
        return real(clean, *args, **kwargs)

    monkeypatch.setattr(validate_module, "run_suite", with_a_duplicate)
    write_snapshot(data_dir / "landing")
    outcome, _ = process(validate_module, "2026-11-01", "run-1")
    assert outcome.status == "rejected"
    assert "blocking expectations failed" in outcome.message and "expect_column_values_to_be_unique" in outcome.message
    assert not clean_partition(data_paths(), "pegawai", "6171", "2026-11-01").exists()
    status = pd.read_parquet(
        next(partition_path(data_paths().audit("snapshot_status"), "6171", "2026-11-01").glob("delivery_*.parquet"))
    )
    assert list(status["status"]) == ["rejected"]
    html = assert_offline_html(quality_folder("2026-11-01") / "gx_validation.html")
    assert "DITOLAK" in html and "GAGAL" in html


def test_drift_against_the_previous_snapshot_only_warns(data_dir, validate_module):
    write_snapshot(data_dir / "landing", snapshot="2026-10-01")
    assert process(validate_module, "2026-10-01", "run-1")[0].status == "accepted"
    # a month later: four times the people, all born 1960-1961 (older), one position
    older = people(40, start="1960-01-01")
    write_snapshot(data_dir / "landing", snapshot="2026-11-01", pegawai=older, jabatan=JABATAN)
    outcome, warnings = process(validate_module, "2026-11-01", "run-2")
    assert outcome.status == "accepted"
    assert clean_partition(data_paths(), "pegawai", "6171", "2026-11-01").exists()
    text = " | ".join(warnings)
    assert "expect_table_row_count_to_be_between" in text
    assert "expect_column_quantile_values_to_be_between" in text  # age distribution moved
    assert "expect_column_mean_to_be_between" in text  # mean age moved
    result = json.loads((quality_folder("2026-11-01") / "gx_validation.json").read_text("utf-8"))
    assert result["success"] is True and result["previous_snapshot"] == "2026-10-01"
    html = assert_offline_html(quality_folder("2026-11-01") / "gx_validation.html")
    assert "PERINGATAN" in html and "age quantiles" in html


def test_no_drift_when_nothing_changed(data_dir, validate_module):
    write_snapshot(data_dir / "landing", snapshot="2026-10-01")
    process(validate_module, "2026-10-01", "run-1")
    write_snapshot(data_dir / "landing", snapshot="2026-11-01", pegawai=PEGAWAI)
    outcome, warnings = process(validate_module, "2026-11-01", "run-2")
    assert outcome.status == "accepted" and warnings == []
