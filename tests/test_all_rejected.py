"""A run in which every delivered region is rejected says so, builds and publishes nothing, and no dbt
step fails on the empty lake."""

from __future__ import annotations

import pytest

from mutasi.config import data_paths
from mutasi_cli.main import main
from tests.ingest.builders import write_snapshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("all_rejected")]


def test_every_region_rejected_is_said_and_nothing_fails(data_dir, capsys):
    write_snapshot(data_dir / "landing", region="6171", pegawai=None)  # a required file missing
    write_snapshot(data_dir / "landing", region="3402", jabatan=None)
    assert main(["run"]) == 1
    captured = capsys.readouterr()
    assert "NO REGION ACCEPTED: every delivered snapshot was rejected" in captured.err
    assert "FAILED run" not in captured.err  # the dbt steps did not fail: they had nothing to build
    assert "required file pegawai.(csv|xlsx|parquet) is missing" in captured.out
    assert "required file jabatan.(csv|xlsx|parquet) is missing" in captured.out
    paths = data_paths()
    assert list(paths.outputs.glob("*/*/manifest.json")) == []  # nothing published
