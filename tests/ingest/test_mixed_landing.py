"""A landing area mixing clean regions, damaged spreadsheets, a wrong encoding, a missing file and a
folder that is no region, through the Dagster validation asset: every good region finishes, every bad
row and file is named, nothing is lost, and a rejected region keeps its previous published snapshot."""

from __future__ import annotations

import pandas as pd
import pytest

from mutasi.config import data_paths, partition_path
from mutasi.ingest.landing import region_folders
from mutasi.ingest.snapshot import accepted_snapshots

from .builders import PEGAWAI, csv_bytes, write_snapshot

REGIONS = ["1277", "1373", "5271", "6171"]


def audit(table: str, region: str, snapshot: str) -> pd.DataFrame:
    folder = partition_path(data_paths().audit(table), region, snapshot)
    return pd.concat([pd.read_parquet(p) for p in sorted(folder.glob("delivery_*.parquet"))], ignore_index=True)


@pytest.fixture
def landing(data_dir):
    root = data_dir / "landing"
    write_snapshot(root, "6171")  # clean
    folder = write_snapshot(root, "5271", pegawai=None)  # damaged spreadsheet
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(folder / "pegawai.xlsx"))
    sheet = workbook.add_worksheet("Data Pegawai")
    sheet.write_string(0, 0, "DATA PEGAWAI KOTA MATARAM")
    for c, name in enumerate(PEGAWAI.columns):
        sheet.write_string(2, c, name)
    for r, row in enumerate(PEGAWAI.itertuples(index=False), start=3):
        for c, value in enumerate(row):
            if c == 0 and r == 5:
                sheet.write_number(r, c, float(value))  # NIP typed as a number: row 6
            else:
                sheet.write_string(r, c, value)
    workbook.close()
    write_snapshot(root, "1277", snapshot="2026-10-01")  # a good earlier snapshot ...
    folder = write_snapshot(root, "1277")  # ... then a wrong encoding
    (folder / "pegawai.csv").write_bytes(csv_bytes(PEGAWAI).replace(b"Pegawai 7", b"Pegawai \x81"))
    write_snapshot(root, "1373", uraian_tugas=None)  # a missing required file
    (root / "9999" / "2026-11-01").mkdir(parents=True)  # not a region
    return root


def test_mixed_landing_through_the_validation_asset(landing):
    from dagster import DagsterInstance, materialize

    from orchestration.resources import default_resources
    from orchestration.validate import validated_extracts

    found, problems = region_folders(landing)
    assert found == REGIONS and [p.path.name for p in problems] == ["9999"]
    instance = DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("region", REGIONS)
    # one run over the whole range of regions, as `mutasi run` does
    result = materialize(
        [validated_extracts],
        instance=instance,
        raise_on_error=False,
        resources=default_resources(),
        tags={"dagster/asset_partition_range_start": REGIONS[0], "dagster/asset_partition_range_end": REGIONS[-1]},
    )
    assert result.success  # rejected snapshots are reported, they do not fail the run
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert checks["rows_accounted_for"].passed is True
    assert checks["snapshots_usable"].passed is False
    rejected = checks["snapshots_usable"].metadata["rejected"].value
    assert sorted((r["region"], r["snapshot"]) for r in rejected) == [("1277", "2026-11-01"), ("1373", "2026-11-01")]

    paths = data_paths()
    assert accepted_snapshots(paths, "6171") == ["2026-11-01"]
    assert accepted_snapshots(paths, "5271") == ["2026-11-01"]
    assert accepted_snapshots(paths, "1277") == ["2026-10-01"]  # the previous good snapshot stays
    assert accepted_snapshots(paths, "1373") == []

    status = {r: audit("snapshot_status", r, "2026-11-01").iloc[0] for r in REGIONS}
    assert "pegawai.csv: file_encoding_unknown" in status["1277"]["message"]
    assert "required file uraian_tugas.(csv|xlsx|parquet) is missing" in status["1373"]["message"]
    quarantined = audit("quarantined_rows", "5271", "2026-11-01")
    assert list(zip(quarantined["source_file"], quarantined["source_row"], quarantined["rule"])) == [
        ("5271/2026-11-01/pegawai.xlsx", 6, "nip_spreadsheet_damaged")
    ]
    for region in REGIONS:
        files = audit("ingested_files", region, "2026-11-01")
        assert (files["rows_read"] == files["rows_valid"] + files["rows_quarantined"]).all()
        q = audit("quarantined_rows", region, "2026-11-01")
        for row in files[files["rows_quarantined"] > 0].itertuples():
            assert (q["source_file"] == row.source_file).sum() == row.rows_quarantined
