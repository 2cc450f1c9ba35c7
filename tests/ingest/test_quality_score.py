"""The data-quality score of a region snapshot: exact values of each dimension on a small case
(formulas in docs/extract-format.md §10)."""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd
import pytest

from mutasi.config import data_paths
from mutasi.ingest.landing import region_snapshots
from mutasi.ingest.snapshot import quality_scores, validate_snapshot

from .builders import PEGAWAI, write_snapshot

NOW = dt.datetime(2026, 11, 10, tzinfo=dt.UTC)
ARRIVED = dt.datetime(2026, 11, 8, 9, 30, tzinfo=dt.UTC)  # 7 days after the snapshot date


def test_quality_dimensions_of_a_small_snapshot(data_dir):
    pegawai = PEGAWAI.copy()
    pegawai.loc[3, "jenis_kelamin"] = "L"  # a woman by her NIP: nip_gender_mismatch (a consistency rule)
    folder = write_snapshot(data_dir / "landing", pegawai=pegawai)
    for path in folder.iterdir():
        os.utime(path, (ARRIVED.timestamp(), ARRIVED.timestamp()))
    snapshots, _ = region_snapshots(data_paths().landing, "6171")
    result = validate_snapshot(snapshots[0], now=NOW)
    assert result.status == "accepted"
    assert list(result.quarantined["rule"]) == ["nip_gender_mismatch"]
    # 3 of 9 entity files accepted; 9 valid people x 11 columns, pendidikan_jurusan empty for all
    completeness = 50 * 3 / 9 + 50 * 90 / 99
    validity = consistency = 100 * (1 - 1 / 14)  # 10 + 2 + 2 rows read
    timeliness = 100 * (1 - 7 / 35)
    assert result.quality == {
        "completeness": 62.12,
        "validity": 92.86,
        "consistency": 92.86,
        "timeliness": 80.0,
        "data_quality_score": 81.96,
    }
    assert result.quality["data_quality_score"] == round((completeness + validity + consistency + timeliness) / 4, 2)


def test_row_rule_counts_against_validity_only_and_late_arrival_caps_at_zero():
    files = pd.DataFrame(
        {"entity": ["pegawai", "jabatan", "uraian_tugas"], "status": ["accepted"] * 3, "rows_read": [8, 1, 1]}
    )
    quarantined = pd.DataFrame({"rule": ["gender_invalid", "file_rejected"]})
    clean = {
        "pegawai": pd.DataFrame(
            {
                "nip": ["1"] * 4,
                "nama": ["a"] * 4,
                "tanggal_lahir": ["x"] * 4,
                "jenis_kelamin": ["L"] * 4,
                "status_kepegawaian": ["PNS", "PNS", "PPPK", "PPPK"],
                "golongan": ["III/a", None, None, None],
                "tmt_cpns": ["x", "x", None, None],
                "pendidikan_tingkat": ["S1"] * 4,
                "pendidikan_jurusan": [None] * 4,
                "kode_jabatan": ["J1"] * 4,
                "tmt_jabatan": ["x"] * 4,
            }
        )
    }
    q = quality_scores(files, quarantined, clean, "2026-09-01", dt.datetime(2026, 11, 10, tzinfo=dt.UTC))
    # expected cells: 2 PNS x 11 + 2 PPPK x 9 = 40; empty: 1 golongan (PNS) + 4 jurusan = 5
    assert q["completeness"] == pytest.approx(round(50 * 3 / 9 + 50 * 35 / 40, 2))
    assert q["validity"] == 90.0 and q["consistency"] == 100.0  # file_rejected is not a row-rule failure
    assert q["timeliness"] == 0.0  # 70 days late > freshness_days
