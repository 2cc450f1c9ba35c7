"""Catalogue of bad input a regency really sends, each case a small file built here, each with its exact
outcome: the quarantine rule and source row, whether the file and the snapshot are rejected, and a
message naming the file. For every delivered file rows_read = rows_valid + rows_quarantined.

case                                         -> outcome
 1 NIP in scientific notation (CSV)          -> row 2 nip_spreadsheet_damaged, snapshot accepted
 2 NIP digits 16-18 turned to 000            -> row 2 nip_spreadsheet_damaged
 3 NIP as a numeric XLSX cell                -> row 5 (2 title rows) nip_spreadsheet_damaged
 4 NIP as float in Parquet / int64 Parquet   -> nip_spreadsheet_damaged / accepted (lossless)
 5 NIP with spaces, dots, dashes, apostrophe -> repaired, counted (nip_separators_removed: 4)
 6 duplicated NIP                            -> both rows nip_duplicate
 7 Excel serial dates in CSV                 -> repaired (excel_serial_date: 2); serial 99999 -> date_unparseable
 8 date that does not exist (30-02-2023)     -> date_unparseable
 9 bytes invalid in UTF-8 and Windows-1252   -> file_encoding_unknown, file + snapshot rejected
10 UTF-16 ("Unicode Text") CSV               -> file_encoding_unknown naming UTF-16
11 Windows-1252 CSV                          -> accepted, encoding cp1252 recorded in the file report
12 semicolon CSV with BOM                    -> accepted, encoding utf-8-sig, delimiter ';'
13 missing required file                     -> snapshot rejected naming uraian_tugas
14 missing required column                   -> file + snapshot rejected; every row listed (file_rejected)
15 empty file (0 bytes)                      -> file_empty, snapshot rejected
16 header-only file                          -> file_header_only, snapshot rejected
17 no header in the first rows               -> header_not_found
18 folder that is not a region               -> reported by name (and a hint for "61.71")
19 snapshot folder not named as a date       -> reported by name, ignored
20 two files for one entity                  -> both files rejected, snapshot rejected
21 entity in an unsupported format (.xls)    -> skipped with reason; required file missing with hint
22 unknown kode_jabatan                      -> unknown_position
23 rating for an unknown NIP (kinerja)       -> unknown_nip
24 competency level out of range (asesmen)   -> competency_level_out_of_range
25 tmt_jabatan in the future                 -> tmt_jabatan_in_future
26 birth date / gender / CPNS vs NIP         -> nip_birth_date_mismatch / nip_gender_mismatch / nip_cpns_date_mismatch
27 too many bad rows                         -> file rejected, all 40 rows listed (16 own rule + 24 file_rejected)
28 ragged rows (too many / too few fields)   -> row_field_count with the right row numbers, nothing truncated
29 XLSX: title rows + entity on a 2nd sheet  -> sheet 'pegawai' used, row numbers of the sheet
30 unknown extra column                      -> accepted, reported, kept out of the clean table, in raw_record
31 per-region column map (vendor layout)     -> vendor file names and headers read, accepted
32 invalid per-region column map             -> snapshot rejected naming the map file
33 numbers stored as text / text as numbers  -> kelas_jabatan "7.0" and numeric 7.0 -> 7; "7.5" number_unparseable
34 duplicated kode_jabatan                   -> position_code_duplicate (both) and the people in it unknown_position
35 unreadable optional file                  -> that file rejected, snapshot accepted
36 CSV title row, quoted line break, blank   -> row numbers as the officer sees them
37 coded values in other case / spellings    -> normalised (l/p, pns, s-1, iii/a), accepted
38 SIASN export with a value no map knows    -> that row value_unmapped naming column, value and map file
39 file whose headers fit two entities       -> reported by name as ambiguous, ignored
40 a region map forcing the wrong preset     -> file rejected naming the columns the preset cannot find
41 a pasted document in one CSV cell         -> that row cell_too_large (no CSV field-limit crash)
42 a totals row at the end of an export      -> summary_row
43 trailing empty columns; an unknown file   -> accepted, nothing reported for the empty columns; the
                                                unknown file named as not recognised
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from mutasi.config import data_paths
from mutasi.ingest.headers import COLUMN_MAPS_DIR
from mutasi.ingest.landing import region_folders, region_snapshots
from mutasi.ingest.snapshot import validate_snapshot

from .builders import (
    ASESMEN,
    JABATAN,
    KINERJA,
    PEGAWAI,
    SNAPSHOT,
    URAIAN,
    csv_bytes,
    people,
    siasn_pegawai,
    snapshot_folder,
    write_siasn_snapshot,
    write_snapshot,
)

NOW = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)


def validate(region: str = "6171"):
    snapshots, _ = region_snapshots(data_paths().landing, region)
    assert len(snapshots) == 1
    result = validate_snapshot(snapshots[0], now=NOW)
    files = result.files[result.files["status"] != "missing"]
    assert (files["rows_read"] == files["rows_valid"] + files["rows_quarantined"]).all(), files
    for row in files.itertuples():  # every quarantined row is listed with its file
        listed = result.quarantined[result.quarantined["source_file"] == row.source_file]
        assert len(listed) == row.rows_quarantined
    return result


def rows(result, entity: str = "pegawai") -> list[tuple[int, str]]:
    q = result.quarantined[result.quarantined["entity"] == entity]
    return sorted(zip(q["source_row"].astype(int), q["rule"]))


def file_report(result, entity: str = "pegawai") -> pd.Series:
    report = result.files[result.files["entity"] == entity]
    assert len(report) == 1
    return report.iloc[0]


def damaged(column: str, value: str, row: int = 0, frame: pd.DataFrame = PEGAWAI) -> pd.DataFrame:
    out = frame.copy()
    out.loc[row, column] = value
    return out


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for name, sheet_rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, values in enumerate(sheet_rows):
            for c, value in enumerate(values):
                if isinstance(value, (dt.date, dt.datetime)):
                    sheet.write_datetime(r, c, pd.Timestamp(value).to_pydatetime(), date_format)
                elif isinstance(value, (int, float)):
                    sheet.write_number(r, c, value)
                elif value not in (None, ""):
                    sheet.write_string(r, c, str(value))
    workbook.close()


def frame_rows(frame: pd.DataFrame) -> list[list[object]]:
    return [list(frame.columns)] + frame.astype(object).values.tolist()


# --- NIP damage ----------------------------------------------------------------------------------


def test_01_nip_scientific_notation(data_dir):
    write_snapshot(data_dir / "landing", pegawai=damaged("nip", "1.98609262015051E+17"))
    result = validate()
    assert rows(result) == [(2, "nip_spreadsheet_damaged")]
    assert result.status == "accepted" and file_report(result)["status"] == "accepted"
    q = result.quarantined.iloc[0]
    assert q["source_file"] == "6171/2026-11-01/pegawai.csv"
    assert "1.98609262015051E+17" in q["message"] and json.loads(q["raw_record"])["nip"] == "1.98609262015051E+17"


def test_02_nip_digits_16_to_18_zeroed(data_dir):
    write_snapshot(data_dir / "landing", pegawai=damaged("nip", "198609262015051000"))
    result = validate()
    assert rows(result) == [(2, "nip_spreadsheet_damaged")]
    assert len(result.clean["pegawai"]) == 9


def test_03_nip_numeric_xlsx_cell(data_dir):
    folder = write_snapshot(data_dir / "landing", pegawai=None)
    body = frame_rows(PEGAWAI.head(4))
    body[2][0] = 199001152019032002.0  # the 2nd person's NIP typed into a number cell
    write_xlsx(folder / "pegawai.xlsx", {"pegawai": [["DATA PEGAWAI"], ["per 1 November 2026"]] + body})
    result = validate()
    assert rows(result) == [(5, "nip_spreadsheet_damaged")]  # 2 title rows, header on row 3
    assert json.loads(result.quarantined.iloc[0]["raw_record"])["nip"] == "1.99001152019032E+17"
    assert "header on row 3" in file_report(result)["message"]


def test_04_parquet_typed_nip_int64_lossless_float_damaged(data_dir):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = write_snapshot(data_dir / "landing", pegawai=None)
    head = PEGAWAI.head(3)
    columns = {c: pa.array(head[c].tolist()) for c in head.columns}
    columns["tanggal_lahir"] = pa.array([dt.date.fromisoformat(v) for v in head["tanggal_lahir"]], pa.date32())
    columns["nip"] = pa.array([int(v) for v in head["nip"]], pa.int64())  # an exact integer: nothing lost
    pq.write_table(pa.table(columns), folder / "pegawai.parquet")
    result = validate()
    assert rows(result) == [] and list(result.clean["pegawai"]["nip"]) == list(head["nip"])
    assert file_report(result)["file_format"] == "parquet"
    columns["nip"] = pa.array([float(v) for v in head["nip"]], pa.float64())  # what a spreadsheet keeps
    pq.write_table(pa.table(columns), folder / "pegawai.parquet")
    result = validate()
    # Parquet: the column names count as row 1, as when the table is opened in a spreadsheet
    assert rows(result) == [
        (2, "nip_spreadsheet_damaged"),
        (3, "nip_spreadsheet_damaged"),
        (4, "nip_spreadsheet_damaged"),
    ]


def test_05_nip_with_separators_is_repaired(data_dir):
    pegawai = PEGAWAI.copy()
    pegawai.loc[0, "nip"] = "19860926 201505 1 001"
    pegawai.loc[1, "nip"] = "19900115.201903.2.002"
    pegawai.loc[2, "nip"] = "19800101-200501-1-003"
    pegawai.loc[3, "nip"] = "'197503121999032004"
    write_snapshot(data_dir / "landing", pegawai=pegawai)
    result = validate()
    assert rows(result) == []
    assert set(result.clean["pegawai"]["nip"]) == set(PEGAWAI["nip"])
    assert "nip_separators_removed: 4" in file_report(result)["message"]


def test_06_duplicated_nip_quarantines_every_copy(data_dir):
    write_snapshot(data_dir / "landing", pegawai=pd.concat([PEGAWAI, PEGAWAI.iloc[[4]]], ignore_index=True))
    result = validate()
    assert rows(result) == [(6, "nip_duplicate"), (12, "nip_duplicate")]
    assert result.status == "accepted" and len(result.clean["pegawai"]) == 9


# --- dates ---------------------------------------------------------------------------------------


def test_07_excel_serial_dates_in_csv(data_dir):
    pegawai = PEGAWAI.copy()
    pegawai.loc[0, "tanggal_lahir"] = "31681"  # 1986-09-26
    pegawai.loc[1, "tmt_jabatan"] = "44348.0"  # 2021-06-01
    pegawai.loc[2, "tmt_jabatan"] = "99999"  # beyond 2100: not a date
    write_snapshot(data_dir / "landing", pegawai=pegawai)
    result = validate()
    assert rows(result) == [(4, "date_unparseable")]
    clean = result.clean["pegawai"].set_index("nip")
    assert str(clean.loc[PEGAWAI.loc[0, "nip"], "tanggal_lahir"].date()) == "1986-09-26"
    assert str(clean.loc[PEGAWAI.loc[1, "nip"], "tmt_jabatan"].date()) == "2021-06-01"
    assert "excel_serial_date: 2" in file_report(result)["message"]


def test_08_date_that_does_not_exist(data_dir):
    write_snapshot(data_dir / "landing", pegawai=damaged("tmt_jabatan", "30-02-2023", row=3))
    result = validate()
    assert rows(result) == [(5, "date_unparseable")]
    assert "tmt_jabatan='30-02-2023'" in result.quarantined.iloc[0]["message"]


# --- encodings and delimiters --------------------------------------------------------------------


def test_09_bytes_invalid_in_utf8_and_cp1252_reject_the_file(data_dir):
    folder = write_snapshot(data_dir / "landing")
    data = csv_bytes(PEGAWAI).replace(b"Pegawai 3", b"Pegawai \x81\x8d")  # undefined in Windows-1252
    (folder / "pegawai.csv").write_bytes(data)
    result = validate()
    assert result.status == "rejected" and result.clean == {}
    report = file_report(result)
    assert report["status"] == "rejected" and report["rows_read"] == 0
    assert "pegawai.csv: file_encoding_unknown" in result.message
    assert "neither UTF-8" in report["message"] and "line 4" in report["message"]


def test_10_utf16_file_is_named(data_dir):
    folder = write_snapshot(data_dir / "landing")
    (folder / "pegawai.csv").write_bytes(PEGAWAI.to_csv(index=False, sep="\t").encode("utf-16"))
    result = validate()
    assert result.status == "rejected"
    assert "pegawai.csv: file_encoding_unknown" in result.message and "UTF-16" in result.message


def test_11_cp1252_is_accepted_and_recorded(data_dir):
    folder = write_snapshot(data_dir / "landing")
    (folder / "pegawai.csv").write_bytes(csv_bytes(damaged("nama", "Mu'tasim Ä Ö"), sep=";", encoding="cp1252"))
    result = validate()
    assert result.status == "accepted" and rows(result) == []
    report = file_report(result)
    assert report["encoding"] == "cp1252"
    assert "encoding cp1252 (Windows-1252, not valid UTF-8), delimiter ';'" in report["message"]
    assert "Mu'tasim Ä Ö" in set(result.clean["pegawai"]["nama"])


def test_12_semicolon_csv_with_bom(data_dir):
    folder = write_snapshot(data_dir / "landing")
    (folder / "pegawai.csv").write_bytes(csv_bytes(PEGAWAI, sep=";", bom=True))
    result = validate()
    assert result.status == "accepted" and rows(result) == []
    report = file_report(result)
    assert report["encoding"] == "utf-8-sig" and "delimiter ';'" in report["message"]
    assert list(result.clean["pegawai"]["nip"]) == list(PEGAWAI["nip"])  # BOM not glued to the first header


# --- missing and empty ---------------------------------------------------------------------------


def test_13_missing_required_file(data_dir):
    write_snapshot(data_dir / "landing", uraian_tugas=None)
    result = validate()
    assert result.status == "rejected" and result.clean == {}
    assert "required file uraian_tugas.(csv|xlsx|parquet) is missing" in result.message
    assert file_report(result, "uraian_tugas")["status"] == "missing"


def test_14_missing_required_column_rejects_and_lists_every_row(data_dir):
    write_snapshot(data_dir / "landing", jabatan=JABATAN.drop(columns=["rumpun"]))
    result = validate()
    assert result.status == "rejected"
    assert "jabatan.csv: required columns missing: rumpun" in result.message
    report = file_report(result, "jabatan")
    assert (report["status"], report["rows_read"], report["rows_valid"], report["rows_quarantined"]) == (
        "rejected",
        2,
        0,
        2,
    )
    assert rows(result, "jabatan") == [(2, "file_rejected"), (3, "file_rejected")]
    # references to the unusable file are not checked (no flood of unknown_position)
    assert rows(result, "pegawai") == []


def test_15_empty_file(data_dir):
    folder = write_snapshot(data_dir / "landing")
    (folder / "pegawai.csv").write_bytes(b"")
    result = validate()
    assert result.status == "rejected"
    assert "pegawai.csv: file_empty" in result.message
    assert file_report(result)["rows_read"] == 0


def test_16_header_only_file(data_dir):
    folder = write_snapshot(data_dir / "landing")
    (folder / "pegawai.csv").write_text(",".join(PEGAWAI.columns) + "\r\n\r\n", encoding="utf-8")
    result = validate()
    assert result.status == "rejected"
    assert "pegawai.csv: file_header_only" in result.message


def test_17_no_header_row(data_dir):
    folder = write_snapshot(data_dir / "landing")
    (folder / "jabatan.csv").write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    result = validate()
    assert result.status == "rejected"
    assert "jabatan.csv: header_not_found" in result.message


# --- landing layout ------------------------------------------------------------------------------


def test_18_folder_that_is_no_region(data_dir):
    write_snapshot(data_dir / "landing")
    (data_dir / "landing" / "9999" / SNAPSHOT).mkdir(parents=True)
    (data_dir / "landing" / "61.71").mkdir()
    (data_dir / "landing" / "catatan.txt").write_text("x")
    found, problems = region_folders(data_dir / "landing")
    assert found == ["6171"]
    messages = {p.path.name: p.message for p in problems}
    assert set(messages) == {"9999", "61.71", "catatan.txt"}
    assert "folder '9999' is not a region code of reference/kabupaten_kota.csv" in messages["9999"]
    assert "without dots or spaces: 6171" in messages["61.71"]


def test_19_snapshot_folder_not_named_as_a_date(data_dir):
    write_snapshot(data_dir / "landing")
    write_snapshot(data_dir / "landing", snapshot="November 2026")
    write_snapshot(data_dir / "landing", snapshot="2026-11-31")
    snapshots, problems = region_snapshots(data_dir / "landing", "6171")
    assert [s.snapshot_date for s in snapshots] == [SNAPSHOT]
    assert sorted(p.path.name for p in problems) == ["2026-11-31", "November 2026"]
    assert all("is not a snapshot folder named YYYY-MM-DD" in p.message for p in problems)


def test_20_two_files_for_one_entity(data_dir):
    folder = write_snapshot(data_dir / "landing")
    write_xlsx(folder / "pegawai.xlsx", {"pegawai": frame_rows(PEGAWAI)})
    result = validate()
    assert result.status == "rejected"
    assert "two files for pegawai: pegawai.csv and pegawai.xlsx; deliver exactly one file per entity" in result.message
    reports = result.files[result.files["entity"] == "pegawai"]
    assert sorted(reports["source_file"]) == ["6171/2026-11-01/pegawai.csv", "6171/2026-11-01/pegawai.xlsx"]
    assert set(reports["status"]) == {"rejected"} and set(reports["rows_read"]) == {0}


def test_21_entity_in_unsupported_format(data_dir):
    folder = write_snapshot(data_dir / "landing", uraian_tugas=None)
    (folder / "uraian_tugas.xls").write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    result = validate()
    assert result.status == "rejected"
    assert "required file uraian_tugas.(csv|xlsx|parquet) is missing (uraian_tugas.xls found" in result.message
    skipped = result.files[result.files["status"] == "skipped"].iloc[0]
    assert "uraian_tugas.xls: file format '.xls' is not supported" in skipped["message"]


# --- row rules and cross-entity rules -------------------------------------------------------------


def test_22_unknown_kode_jabatan(data_dir):
    write_snapshot(data_dir / "landing", pegawai=damaged("kode_jabatan", "J9", row=6))
    result = validate()
    assert rows(result) == [(8, "unknown_position")]
    assert "kode_jabatan='J9'" in result.quarantined.iloc[0]["message"]


def test_23_rating_for_unknown_nip(data_dir):
    folder = write_snapshot(data_dir / "landing")
    kinerja = KINERJA.copy()
    kinerja.loc[2, "nip"] = "199912312022121999"  # nobody in pegawai
    (folder / "kinerja.csv").write_bytes(csv_bytes(kinerja))
    result = validate()
    assert rows(result, "kinerja") == [(4, "unknown_nip")]
    assert file_report(result, "kinerja")["status"] == "accepted" and len(result.clean["kinerja"]) == 9


def test_24_competency_level_out_of_range(data_dir):
    folder = write_snapshot(data_dir / "landing")
    (folder / "asesmen_kompetensi.csv").write_bytes(csv_bytes(damaged("kompetensi_teknis", "6", 1, ASESMEN)))
    result = validate()
    assert rows(result, "asesmen_kompetensi") == [(3, "competency_level_out_of_range")]


def test_25_tmt_jabatan_in_the_future(data_dir):
    write_snapshot(data_dir / "landing", pegawai=damaged("tmt_jabatan", "2026-11-02", row=9))
    assert rows(validate()) == [(11, "tmt_jabatan_in_future")]


@pytest.mark.parametrize(
    "column, value, rule",
    [
        ("tanggal_lahir", "1986-09-27", "nip_birth_date_mismatch"),
        ("jenis_kelamin", "P", "nip_gender_mismatch"),
        ("tmt_cpns", "2015-06-01", "nip_cpns_date_mismatch"),
    ],
)
def test_26_fields_that_contradict_the_nip(data_dir, column, value, rule):
    write_snapshot(data_dir / "landing", pegawai=damaged(column, value))
    result = validate()
    assert rows(result) == [(2, rule)]
    assert "nip='198609262015051001'" in result.quarantined.iloc[0]["message"]


def test_27_too_many_bad_rows_reject_the_file_and_list_every_row(data_dir):
    pegawai = people(40)
    bad = list(range(0, 40, 5)) + list(range(1, 40, 5))  # 16 of 40 rows (40 % > 30 %)
    pegawai.loc[bad, "jenis_kelamin"] = "X"
    write_snapshot(data_dir / "landing", pegawai=pegawai)
    result = validate()
    assert result.status == "rejected" and result.clean == {}
    report = file_report(result)
    assert (report["status"], report["rows_read"], report["rows_valid"], report["rows_quarantined"]) == (
        "rejected",
        40,
        0,
        40,
    )
    assert "pegawai.csv: 16 of 40 rows broke a rule (40% > 30% allowed" in result.message
    listed = rows(result)
    assert [r for r, rule in listed if rule == "gender_invalid"] == sorted(b + 2 for b in bad)
    assert len([r for r, rule in listed if rule == "file_rejected"]) == 24


def test_28_ragged_rows_are_quarantined_whole(data_dir):
    folder = write_snapshot(data_dir / "landing")
    lines = PEGAWAI.to_csv(index=False).splitlines()
    lines[3] = lines[3] + ",Jl. Merdeka, No. 5"  # row 4: two fields too many
    lines[6] = lines[6].rsplit(",", 1)[0]  # row 7: last field missing
    lines.insert(9, "")  # row 10: an empty line (not a record)
    (folder / "pegawai.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = validate()
    assert rows(result) == [(4, "row_field_count"), (7, "row_field_count")]
    report = file_report(result)
    assert (report["rows_read"], report["rows_valid"], report["rows_quarantined"]) == (10, 8, 2)
    assert "1 empty row(s) skipped" in report["message"]
    long_row = json.loads(result.quarantined.iloc[0]["raw_record"])
    assert long_row["_kolom_lebih"] == ["Jl. Merdeka", "No. 5"]  # nothing truncated
    assert "Baris berisi 13 kolom, header berisi 11 kolom" in result.quarantined.iloc[0]["message"]
    # rows after the empty line keep the numbers the officer sees
    assert sorted(result.clean["pegawai"]["nip"]) == sorted(PEGAWAI["nip"].drop([2, 5]))


# --- spreadsheets, columns, maps -----------------------------------------------------------------


def test_29_xlsx_title_rows_and_entity_on_a_second_sheet(data_dir):
    folder = write_snapshot(data_dir / "landing", pegawai=None)
    body = frame_rows(PEGAWAI.head(4))
    for r in body[1:]:
        r[2] = dt.date.fromisoformat(r[2])  # tanggal_lahir as real date cells
    body[3][3] = "X"  # 3rd person: invalid gender
    write_xlsx(
        folder / "pegawai.xlsx",
        {
            "Petunjuk": [["Isi data mulai baris 4"], ["nip", "nama"]],
            "Pegawai": [["PEMERINTAH KOTA PONTIANAK"], ["DATA PEGAWAI"], []] + body,
        },
    )
    result = validate()
    assert rows(result) == [(7, "gender_invalid")]  # header on row 4 of sheet 'Pegawai', 3rd person row 7
    report = file_report(result)
    assert "sheet 'Pegawai' (named like the entity; 2 sheet(s) in the workbook)" in report["message"]
    assert str(result.clean["pegawai"]["tanggal_lahir"].iloc[0].date()) == "1986-09-26"


def test_30_unknown_extra_column_is_reported_not_an_error(data_dir):
    pegawai = PEGAWAI.copy()
    pegawai.insert(2, "Alamat Rumah", "Jl. Sudirman 1")
    pegawai.loc[0, "jenis_kelamin"] = "X"
    write_snapshot(data_dir / "landing", pegawai=pegawai)
    result = validate()
    assert result.status == "accepted" and rows(result) == [(2, "gender_invalid")]
    assert (
        "extra columns kept out of the contract (in the raw record only): Alamat Rumah"
        in file_report(result)["message"]
    )
    assert "Alamat Rumah" not in result.clean["pegawai"].columns
    assert json.loads(result.quarantined.iloc[0]["raw_record"])["Alamat Rumah"] == "Jl. Sudirman 1"


def test_31_per_region_column_map_for_a_vendor_layout(data_dir, tmp_path, monkeypatch):
    maps = tmp_path / "maps"
    maps.mkdir()
    shutil.copy(COLUMN_MAPS_DIR / "example.yaml", maps / "6171.yaml")
    monkeypatch.setenv("MUTASI_COLUMN_MAPS_DIR", str(maps))
    folder = snapshot_folder(data_dir / "landing")
    vendor = {
        "DATA_PNS.csv": PEGAWAI.rename(
            columns={
                "nip": "NIP BARU PNS",
                "nama": "NAMA LENGKAP GELAR",
                "tanggal_lahir": "TGL. LHR",
                "jenis_kelamin": "SEX",
                "status_kepegawaian": "STS PEG",
                "golongan": "GOL. AKHIR",
                "tmt_cpns": "TMT CAPEG",
                "pendidikan_tingkat": "DIK AKHIR",
                "pendidikan_jurusan": "JURUSAN DIK",
                "kode_jabatan": "KD JAB",
                "tmt_jabatan": "TMT JAB AKHIR",
            }
        ),
        "REF_JABATAN.csv": JABATAN.rename(
            columns={
                "kode_jabatan": "KD JAB",
                "nama_jabatan": "NM JAB",
                "kode_unit": "KD UNOR",
                "nama_unit": "NM UNOR",
                "jenis_jabatan": "JNS JAB",
                "kelas_jabatan": "KLS JAB",
                "rumpun": "RUMPUN JAB",
                "pendidikan_minimal": "DIK MIN",
                "target_teknis": "KOMP TEKNIS",
                "target_manajerial": "KOMP MANAJERIAL",
                "target_sosiokultural": "KOMP SOSKUL",
            }
        ),
        "ABK_TUGAS.csv": URAIAN.rename(
            columns={
                "kode_jabatan": "KD JAB",
                "uraian_tugas": "TUGAS POKOK",
                "satuan_hasil": "SAT HASIL",
                "volume_per_tahun": "VOL THN",
                "norma_waktu_menit": "WAKTU PENYELESAIAN MENIT",
            }
        ),
    }
    for name, frame in vendor.items():
        (folder / name).write_bytes(csv_bytes(frame, sep=";"))
    result = validate()
    assert result.status == "accepted", result.message
    assert rows(result) == [] and len(result.clean["pegawai"]) == 10 and len(result.clean["uraian_tugas"]) == 2
    assert "'NIP BARU PNS' -> nip" in file_report(result)["message"]
    assert file_report(result)["source_file"] == "6171/2026-11-01/DATA_PNS.csv"


def test_32_invalid_column_map_rejects_the_snapshot_naming_it(data_dir, tmp_path, monkeypatch):
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "6171.yaml").write_text("columns:\n  NIP BARU: nomor_induk\n", encoding="utf-8")
    monkeypatch.setenv("MUTASI_COLUMN_MAPS_DIR", str(maps))
    write_snapshot(data_dir / "landing")
    result = validate()
    assert result.status == "rejected"
    assert (
        "column map 6171.yaml" in result.message and "'nomor_induk' is not a column of the contract" in result.message
    )


def test_33_numbers_stored_as_text_and_text_as_numbers(data_dir):
    folder = write_snapshot(data_dir / "landing", jabatan=None)
    body = frame_rows(pd.concat([JABATAN, JABATAN.assign(kode_jabatan=["J3", "J4"])], ignore_index=True))
    body[1][6] = "7.0"  # text "7.0" -> 7
    body[2][6] = 9.0  # number cell 9.0 -> 9
    body[3][6] = "7,0"  # decimal comma -> 7
    body[4][6] = "7.5"  # not a whole number
    body[1][10] = 2  # target_teknis as a number cell
    write_xlsx(folder / "jabatan.xlsx", {"jabatan": body})
    result = validate()
    assert rows(result, "jabatan") == [(5, "number_unparseable")]
    assert list(result.clean["jabatan"]["kelas_jabatan"]) == [7, 9, 7]
    assert result.clean["jabatan"]["target_teknis"].iloc[0] == 2


def test_34_duplicated_kode_jabatan(data_dir):
    extra = pd.DataFrame([JABATAN.iloc[1].to_dict() | {"kode_jabatan": f"J{i}"} for i in (3, 3, 4, 5, 6, 7, 8)])
    pegawai = damaged("kode_jabatan", "J3", row=9)
    write_snapshot(data_dir / "landing", jabatan=pd.concat([JABATAN, extra], ignore_index=True), pegawai=pegawai)
    result = validate()
    assert rows(result, "jabatan") == [(4, "position_code_duplicate"), (5, "position_code_duplicate")]
    # the holder of the ambiguous position J3 cannot be placed: quarantined as well
    assert rows(result) == [(11, "unknown_position")]


def test_35_unreadable_optional_file_only_rejects_that_file(data_dir):
    folder = write_snapshot(data_dir / "landing")
    (folder / "kinerja.xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook")
    result = validate()
    assert result.status == "accepted"
    report = file_report(result, "kinerja")
    assert report["status"] == "rejected" and report["message"].startswith("kinerja.xlsx: file_unreadable")
    assert len(result.clean["kinerja"]) == 0 and len(result.clean["pegawai"]) == 10


def test_36_csv_title_row_quoted_line_break_and_blank_lines(data_dir):
    folder = write_snapshot(data_dir / "landing")
    pegawai = PEGAWAI.copy()
    pegawai.loc[1, "nama"] = "Siti\nAminah"  # a line break inside a quoted value: still one row
    pegawai.loc[4, "jenis_kelamin"] = "X"
    text = "DATA PEGAWAI KOTA PONTIANAK\n" + pegawai.to_csv(index=False)
    (folder / "pegawai.csv").write_text(text, encoding="utf-8")
    result = validate()
    assert rows(result) == [(7, "gender_invalid")]  # title row 1, header row 2, 5th person on row 7
    assert "Siti\nAminah" in set(result.clean["pegawai"]["nama"])
    assert "header on row 2 (1 title row(s) above it skipped)" in file_report(result)["message"]


def test_37_coded_values_in_other_spellings_are_normalised(data_dir):
    pegawai = PEGAWAI.copy()
    pegawai.loc[0, ["jenis_kelamin", "status_kepegawaian", "pendidikan_tingkat", "golongan"]] = [
        "l",
        "pns",
        "S-1",
        "iii/a",
    ]
    pegawai.loc[1, ["jenis_kelamin", "pendidikan_tingkat", "golongan"]] = ["Perempuan", "s1", "III / b"]
    write_snapshot(data_dir / "landing", pegawai=pegawai)
    result = validate()
    assert rows(result) == []
    clean = result.clean["pegawai"].head(2)
    assert list(clean["jenis_kelamin"]) == ["L", "P"] and list(clean["golongan"]) == ["III/a", "III/b"]
    assert list(clean["pendidikan_tingkat"]) == ["S1", "S1"] and clean["status_kepegawaian"].iloc[0] == "PNS"


def test_38_siasn_value_no_map_knows(data_dir):
    frame = siasn_pegawai()
    frame.loc[2, "JENIS KELAMIN"] = "X"
    write_siasn_snapshot(data_dir / "landing", pegawai=frame)
    result = validate()
    assert result.status == "accepted"
    assert rows(result) == [(7, "value_unmapped")]  # 2 title rows, 1 empty, header on row 4, third person on 7
    message = result.quarantined.iloc[0]["message"]
    assert 'jenis_kelamin "X" (kolom "JENIS KELAMIN")' in message and "config/peta/6171.yaml" in message


def test_39_file_whose_headers_fit_two_entities_is_ambiguous(data_dir):
    folder = write_snapshot(data_dir / "landing")
    both = pd.DataFrame(
        {
            "nip": ["1"],
            "tahun": ["2025"],
            "predikat": ["Baik"],
            "kode_unit": ["U1"],
            "periode": ["2025"],
            "nilai_ikm": ["80"],
        }
    )
    (folder / "rekap_2025.csv").write_bytes(csv_bytes(both))
    result = validate()
    report = result.files[result.files["source_file"] == "6171/2026-11-01/rekap_2025.csv"].iloc[0]
    assert report["status"] == "skipped"
    assert report["message"].startswith("rekap_2025.csv: ambiguous: its headers fit several entities")
    assert "kinerja" in report["message"] and "survei_kepuasan" in report["message"]
    assert result.status == "accepted"


def test_40_region_map_forcing_the_wrong_preset(data_dir):
    write_siasn_snapshot(data_dir / "landing")
    maps = data_dir / "config" / "peta"
    maps.mkdir(parents=True)
    (maps / "6171.yaml").write_text("adapt:\n  pegawai:\n    preset: simpeg_umum\n", encoding="utf-8")
    result = validate()
    assert result.status == "rejected"
    report = file_report(result)
    assert report["status"] == "rejected"
    assert (
        "required columns missing: status_kepegawaian, golongan, pendidikan_tingkat, kode_jabatan" in report["message"]
    )
    assert "read as preset simpeg_umum" in report["message"]


def test_41_pasted_document_in_one_csv_cell(data_dir):
    pegawai = PEGAWAI.copy()
    pegawai.loc[4, "pendidikan_jurusan"] = "Lampiran SK " + "x" * 200_000  # larger than the csv module's field limit
    write_snapshot(data_dir / "landing", pegawai=pegawai)
    result = validate()
    assert rows(result) == [(6, "cell_too_large")]
    assert result.status == "accepted" and len(result.clean["pegawai"]) == 9
    q = result.quarantined.iloc[0]
    assert "200,012 karakter" in q["message"]
    assert len(q["raw_record"]) < 2_000  # the audit keeps the beginning of the cell, not the document


def test_42_totals_row_at_the_end(data_dir):
    folder = write_snapshot(data_dir / "landing")
    text = URAIAN.to_csv(index=False) + "JUMLAH,,,1240,945\n"
    (folder / "uraian_tugas.csv").write_text(text, encoding="utf-8")
    result = validate()
    assert rows(result, "uraian_tugas") == [(4, "summary_row")]
    assert result.status == "accepted" and len(result.clean["uraian_tugas"]) == 2


def test_43_trailing_empty_columns_and_an_unknown_file(data_dir):
    folder = write_snapshot(data_dir / "landing")
    lines = PEGAWAI.to_csv(index=False).splitlines()
    (folder / "pegawai.csv").write_text("\n".join(line + ",,," for line in lines) + "\n", encoding="utf-8")
    (folder / "catatan_bkpsdm.csv").write_text("Tanggal,Catatan\n2026-11-01,dikirim lewat email\n", encoding="utf-8")
    result = validate()
    assert result.status == "accepted" and rows(result) == []
    assert "extra columns" not in file_report(result)["message"]
    unknown = result.files[result.files["source_file"] == "6171/2026-11-01/catatan_bkpsdm.csv"].iloc[0]
    assert unknown["status"] == "skipped"
    assert unknown["message"].startswith("catatan_bkpsdm.csv: not recognised")


def test_catalogue_has_at_least_25_cases():
    cases = [name for name in globals() if name.startswith("test_") and name[5:7].isdigit()]
    assert len(cases) >= 25
    assert os.path.basename(__file__) == "test_bad_input_catalogue.py"
