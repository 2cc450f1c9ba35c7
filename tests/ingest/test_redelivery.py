"""Re-delivering a snapshot: the same bytes are a no-op; a corrected delivery replaces the published data
while the audit keeps both deliveries (one audit file per delivery id)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from mutasi.config import data_paths, partition_path
from mutasi.ingest.landing import region_snapshots
from mutasi.ingest.snapshot import clean_partition, is_unchanged, publish_snapshot, validate_snapshot

from .builders import PEGAWAI, SNAPSHOT, csv_bytes, write_snapshot

NOW = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)


def deliver_and_publish(run_id: str):
    paths = data_paths()
    snap = region_snapshots(paths.landing, "6171")[0][0]
    if is_unchanged(paths, snap):
        return snap, None
    outcome = validate_snapshot(snap, now=NOW)
    publish_snapshot(paths, snap, outcome, run_id, now=NOW)
    return snap, outcome


def audit(table: str) -> pd.DataFrame:
    folder = partition_path(data_paths().audit(table), "6171", SNAPSHOT)
    return pd.concat([pd.read_parquet(p) for p in sorted(folder.glob("delivery_*.parquet"))], ignore_index=True)


def test_same_bytes_are_a_no_op_and_a_correction_replaces_with_both_audited(data_dir):
    bad = PEGAWAI.copy()
    bad.loc[2, "jenis_kelamin"] = "X"
    folder = write_snapshot(data_dir / "landing", pegawai=bad)
    first, outcome = deliver_and_publish("run-1")
    assert outcome.status == "accepted"
    paths = data_paths()
    assert len(pd.read_parquet(clean_partition(paths, "pegawai", "6171", SNAPSHOT))) == 9

    # the same bytes again (even rewritten): nothing happens
    (folder / "pegawai.csv").write_bytes(csv_bytes(bad))
    again, outcome = deliver_and_publish("run-2")
    assert outcome is None and again.checksum == first.checksum

    # the corrected delivery replaces the published rows; the audit keeps both deliveries
    (folder / "pegawai.csv").write_bytes(csv_bytes(PEGAWAI))
    corrected, outcome = deliver_and_publish("run-3")
    assert outcome.status == "accepted" and corrected.checksum != first.checksum
    clean = pd.read_parquet(clean_partition(paths, "pegawai", "6171", SNAPSHOT))
    assert len(clean) == 10 and clean["nip"].is_unique
    files = audit("ingested_files")
    assert sorted(files["run_id"].unique()) == ["run-1", "run-3"]
    assert sorted(files["delivery_id"].unique()) == sorted([first.checksum[:12], corrected.checksum[:12]])
    pegawai = files[files["entity"] == "pegawai"].set_index("run_id")
    assert pegawai.loc["run-1", "rows_quarantined"] == 1 and pegawai.loc["run-3", "rows_quarantined"] == 0
    quarantined = audit("quarantined_rows")
    assert list(zip(quarantined["delivery_id"], quarantined["source_row"], quarantined["rule"])) == [
        (first.checksum[:12], 4, "gender_invalid")
    ]
    status = audit("snapshot_status")
    assert len(status) == 2 and set(status["status"]) == {"accepted"}
    assert (status["rows_read"] == status["rows_valid"] + status["rows_quarantined"]).all()

    # the corrected bytes once more: a no-op
    assert deliver_and_publish("run-4")[1] is None


def test_rejected_correction_keeps_the_previous_published_data(data_dir):
    folder = write_snapshot(data_dir / "landing")
    deliver_and_publish("run-1")
    (folder / "pegawai.csv").write_bytes(b"")  # a broken re-delivery
    snap, outcome = deliver_and_publish("run-2")
    assert outcome.status == "rejected" and "pegawai.csv: file_empty" in outcome.message
    assert len(pd.read_parquet(clean_partition(data_paths(), "pegawai", "6171", SNAPSHOT))) == 10
    assert sorted(audit("snapshot_status")["status"]) == ["accepted", "rejected"]
