"""Validation of whole deliveries: what is accepted, quarantined (rule, row) or rejected (file, problem)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from mutasi.config import data_paths
from mutasi.ingest.landing import region_folders, region_snapshots
from mutasi.ingest.snapshot import validate_snapshot

from .builders import JABATAN, PEGAWAI, SNAPSHOT, write_snapshot

NOW = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)


def outcome(data_dir, region="6171"):
    snapshots, _ = region_snapshots(data_paths().landing, region)
    return validate_snapshot(snapshots[0], now=NOW)


def quarantined(result, entity="pegawai"):
    q = result.quarantined
    return sorted(zip(q[q["entity"] == entity]["source_row"], q[q["entity"] == entity]["rule"]))


def test_clean_snapshot_is_accepted_with_every_row(data_dir):
    write_snapshot(data_dir / "landing")
    result = outcome(data_dir)
    assert result.status == "accepted"
    assert len(result.clean["pegawai"]) == 10 and len(result.clean["jabatan"]) == 2
    assert result.quarantined.empty
    # Optional entities not delivered are reported as such, and written empty.
    files = result.files.set_index("entity")
    assert files.loc["kinerja", "status"] == "missing"
    assert len(result.clean["kinerja"]) == 0


@pytest.mark.parametrize(
    "nip, rule",
    [
        ("1.98609262015051E+17", "nip_spreadsheet_damaged"),
        ("198609262015051000", "nip_spreadsheet_damaged"),
        ("19860926201505100", "nip_malformed"),
        ("", "nip_missing"),
    ],
)
def test_damaged_nip_is_quarantined_by_name(data_dir, nip, rule):
    pegawai = PEGAWAI.copy()
    pegawai.loc[0, "nip"] = nip
    write_snapshot(data_dir / "landing", pegawai=pegawai)
    result = outcome(data_dir)
    assert quarantined(result) == [(2, rule)]  # row 2 of the file: the header is row 1
    assert len(result.clean["pegawai"]) == 9


def test_nip_with_spaces_and_dots_is_repaired_not_quarantined(data_dir):
    pegawai = PEGAWAI.copy()
    pegawai.loc[0, "nip"] = "19860926 201505 1 001"
    pegawai.loc[1, "nip"] = "19900115.201903.2.002"
    write_snapshot(data_dir / "landing", pegawai=pegawai)
    result = outcome(data_dir)
    assert result.quarantined.empty
    assert set(result.clean["pegawai"]["nip"]) == set(PEGAWAI["nip"])
    assert "nip_separators_removed: 2" in result.files.set_index("entity").loc["pegawai", "message"]


@pytest.mark.parametrize(
    "column, value, rule",
    [
        ("tanggal_lahir", "1986-09-27", "nip_birth_date_mismatch"),
        ("jenis_kelamin", "P", "nip_gender_mismatch"),
        ("tmt_cpns", "2015-06-01", "nip_cpns_date_mismatch"),
        ("kode_jabatan", "J9", "unknown_position"),
        ("tmt_jabatan", "2027-01-01", "tmt_jabatan_in_future"),
        ("tmt_jabatan", "2010-01-01", "tmt_jabatan_before_cpns"),
        ("golongan", "V/a", "golongan_invalid"),
        ("status_kepegawaian", "honorer", "status_invalid"),
        ("tanggal_lahir", "26 Sept 1986", "date_unparseable"),
    ],
)
def test_row_rules(data_dir, column, value, rule):
    pegawai = PEGAWAI.copy()
    pegawai.loc[0, column] = value
    write_snapshot(data_dir / "landing", pegawai=pegawai)
    assert quarantined(outcome(data_dir)) == [(2, rule)]


def test_excel_serial_and_dmy_dates_are_read(data_dir):
    pegawai = PEGAWAI.copy()
    pegawai.loc[0, "tanggal_lahir"] = "31681"  # Excel serial of 1986-09-26
    pegawai.loc[1, "tanggal_lahir"] = "15/01/1990"
    pegawai.loc[2, "tanggal_lahir"] = "01-01-1980"
    pegawai = pegawai.head(3)
    write_snapshot(data_dir / "landing", pegawai=pegawai)
    result = outcome(data_dir)
    assert result.quarantined.empty
    assert sorted(result.clean["pegawai"]["tanggal_lahir"].astype(str)) == ["1980-01-01", "1986-09-26", "1990-01-15"]


def test_duplicated_nip_quarantines_every_copy(data_dir):
    pegawai = pd.concat([PEGAWAI, PEGAWAI.iloc[[1]]], ignore_index=True)
    write_snapshot(data_dir / "landing", pegawai=pegawai)
    assert quarantined(outcome(data_dir)) == [(3, "nip_duplicate"), (12, "nip_duplicate")]


def test_missing_required_file_rejects_the_snapshot_naming_it(data_dir):
    write_snapshot(data_dir / "landing", uraian_tugas=None)
    result = outcome(data_dir)
    assert result.status == "rejected"
    assert "uraian_tugas" in result.message and "missing" in result.message
    assert result.clean == {}


def test_missing_required_column_rejects_naming_file_and_column(data_dir):
    write_snapshot(data_dir / "landing", jabatan=JABATAN.drop(columns=["rumpun"]))
    result = outcome(data_dir)
    assert result.status == "rejected"
    assert "jabatan.csv: required columns missing: rumpun" in result.message


def test_empty_file_is_rejected_by_name(data_dir):
    folder = write_snapshot(data_dir / "landing")
    (folder / "pegawai.csv").write_text("")
    result = outcome(data_dir)
    assert result.status == "rejected"
    assert "pegawai.csv: file_empty" in result.message


def test_semicolon_cp1252_with_aliases_is_detected(data_dir):
    folder = write_snapshot(data_dir / "landing")
    pegawai = PEGAWAI.rename(columns={"nip": "N I P", "tanggal_lahir": "Tgl Lahir", "tmt_jabatan": "TMT Jabatan"})
    pegawai.loc[0, "nama"] = "Budi Santoso Ä"
    (folder / "pegawai.csv").write_bytes(pegawai.to_csv(index=False, sep=";").encode("cp1252"))
    result = outcome(data_dir)
    assert result.status == "accepted" and result.quarantined.empty
    row = result.files.set_index("entity").loc["pegawai"]
    assert row["encoding"] == "cp1252" and "delimiter ';'" in row["message"]
    assert "Budi Santoso Ä" in set(result.clean["pegawai"]["nama"])


def test_xlsx_with_title_rows_and_date_cells(data_dir):
    folder = write_snapshot(data_dir / "landing", pegawai=None)
    pegawai = PEGAWAI.head(3).copy()
    pegawai["tanggal_lahir"] = pd.to_datetime(pegawai["tanggal_lahir"])
    with pd.ExcelWriter(folder / "pegawai.xlsx", engine="xlsxwriter") as writer:
        pegawai.to_excel(writer, sheet_name="pegawai", startrow=2, index=False)
        writer.sheets["pegawai"].write(0, 0, "DATA PEGAWAI PEMERINTAH KOTA PONTIANAK")
    result = outcome(data_dir)
    assert result.status == "accepted", result.message
    assert result.quarantined.empty
    assert sorted(result.clean["pegawai"]["tanggal_lahir"].astype(str)) == ["1980-01-01", "1986-09-26", "1990-01-15"]


def test_rows_are_accounted_for_in_every_file(data_dir):
    pegawai = PEGAWAI.copy()
    pegawai.loc[0, "jenis_kelamin"] = "X"
    write_snapshot(data_dir / "landing", pegawai=pegawai)
    files = outcome(data_dir).files
    delivered = files[files["status"] == "accepted"]
    assert (delivered["rows_read"] == delivered["rows_valid"] + delivered["rows_quarantined"]).all()
    assert delivered.set_index("entity").loc["pegawai", "rows_quarantined"] == 1


def test_folder_that_is_no_region_is_reported(data_dir):
    (data_dir / "landing" / "9999" / SNAPSHOT).mkdir(parents=True)
    write_snapshot(data_dir / "landing")
    found, problems = region_folders(data_dir / "landing")
    assert found == ["6171"]
    assert [p.path.name for p in problems] == ["9999"]
    assert "not a region code" in problems[0].message
