"""Property: for randomly damaged extracts, in any accepted format, nothing is lost.

For every file rows_read = rows_valid + rows_quarantined; every valid input row survives with its values
(or, when its file is rejected for too many bad rows, is listed under `file_rejected`); every damaged row
is quarantined with its own source row and the rule its damage breaks; empty lines are not records.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutasi import params
from mutasi.ingest.landing import region_snapshots
from mutasi.ingest.snapshot import _optional_number, validate_snapshot

from .builders import JABATAN, SNAPSHOT, URAIAN, people

NOW = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
COLUMNS = list(people(1).columns)

# damage -> the rule it must be quarantined under (None: repaired, the row stays valid)
DAMAGE = {
    "ok": None,
    "nip_spaced": None,
    "serial_date": None,
    "blank_line_before": None,
    "nip_scientific": "nip_spreadsheet_damaged",
    "nip_zeros": "nip_spreadsheet_damaged",
    "gender_bad": "gender_invalid",
    "future_tmt": "tmt_jabatan_in_future",
    "unknown_position": "unknown_position",
    "birth_mismatch": "nip_birth_date_mismatch",
    "duplicate": "nip_duplicate",
    "ragged_long": "row_field_count",
    "ragged_short": "row_field_count",
}
CSV_ONLY = {"ragged_long", "ragged_short"}
NOT_PARQUET = {"blank_line_before"}


@dataclass
class Record:
    fields: list[object]  # what is written (text, or typed cells for XLSX)
    expected_rule: str | None  # None: valid
    logical: dict | None = None  # the values a valid row must keep
    blank: bool = False


@dataclass
class Written:
    records: list[Record] = field(default_factory=list)


def _serial(date_text: str) -> int:
    return (dt.date.fromisoformat(date_text) - dt.date(1899, 12, 30)).days


def build_records(frame: pd.DataFrame, damages: list[str], fmt: str) -> list[Record]:
    records: list[Record] = []
    for (_, row), damage in zip(frame.iterrows(), damages):
        if fmt != "csv" and damage in CSV_ONLY or fmt == "parquet" and damage in NOT_PARQUET:
            damage = "ok"
        values = {c: str(row[c]) for c in COLUMNS}
        logical = dict(values)
        cells: dict[str, object] = dict(values)
        if damage == "nip_spaced":
            n = values["nip"]
            cells["nip"] = f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"
        elif damage == "serial_date":
            serial = _serial(values["tanggal_lahir"])
            cells["tanggal_lahir"] = float(serial) if fmt == "xlsx" else str(serial)
        elif damage == "nip_scientific":
            cells["nip"] = float(values["nip"]) if fmt == "xlsx" else f"{float(values['nip']):.15G}"
        elif damage == "nip_zeros":
            cells["nip"] = values["nip"][:15] + "000"
        elif damage == "gender_bad":
            cells["jenis_kelamin"] = "X"
        elif damage == "future_tmt":
            cells["tmt_jabatan"] = "2027-01-01"
        elif damage == "unknown_position":
            cells["kode_jabatan"] = "J9"
        elif damage == "birth_mismatch":
            cells["tanggal_lahir"] = (dt.date.fromisoformat(values["tanggal_lahir"]) + dt.timedelta(days=1)).isoformat()
        if damage == "blank_line_before":
            records.append(Record([""] * len(COLUMNS), None, blank=True))
        line = [cells[c] for c in COLUMNS]
        if damage == "ragged_long":
            line = line + ["Jl. Merdeka", "No. 5"]
        elif damage == "ragged_short":
            line = line[:-1]
        rule = DAMAGE[damage]
        records.append(Record(line, rule, logical if rule is None else None))
        if damage == "duplicate":
            records.append(Record(list(line), rule))
    return records


def write_pegawai(folder: Path, records: list[Record], fmt: str, sep: str, encoding: str, title_rows: int) -> dict:
    """Write the records; return source_row per record index (blank records: None)."""
    numbers: dict[int, int | None] = {}
    if fmt == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, delimiter=sep, lineterminator="\r\n" if encoding == "cp1252" else "\n")
        for _ in range(title_rows):
            writer.writerow(["DATA PEGAWAI KOTA CONTOH"])
        writer.writerow(COLUMNS)
        row = title_rows + 1
        for i, record in enumerate(records):
            row += 1
            if record.blank:
                out.write("\n")
                numbers[i] = None
            else:
                writer.writerow(record.fields)
                numbers[i] = row
        data = out.getvalue().encode("cp1252" if encoding == "cp1252" else "utf-8")
        if encoding == "utf-8-sig":
            data = b"\xef\xbb\xbf" + data
        (folder / "pegawai.csv").write_bytes(data)
    elif fmt == "xlsx":
        import xlsxwriter

        workbook = xlsxwriter.Workbook(str(folder / "pegawai.xlsx"))
        sheet = workbook.add_worksheet("pegawai")
        for r in range(title_rows):
            sheet.write_string(r, 0, "DATA PEGAWAI KOTA CONTOH")
        for c, name in enumerate(COLUMNS):
            sheet.write_string(title_rows, c, name)
        r = title_rows
        for i, record in enumerate(records):
            r += 1
            numbers[i] = None if record.blank else r + 1
            for c, value in enumerate(record.fields):
                if isinstance(value, float):
                    sheet.write_number(r, c, value)
                elif value != "":
                    sheet.write_string(r, c, value)
        workbook.close()
    else:
        kept = [rec for rec in records if not rec.blank]
        frame = pd.DataFrame([rec.fields for rec in kept], columns=COLUMNS)
        frame.to_parquet(folder / "pegawai.parquet", index=False)
        numbers = {i: n + 2 for n, i in enumerate(i for i, rec in enumerate(records) if not rec.blank)}
    return numbers


formats = st.one_of(
    st.tuples(
        st.just("csv"),
        st.sampled_from([",", ";"]),
        st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
        st.integers(0, 1),
    ),
    st.tuples(st.just("xlsx"), st.just(","), st.just("utf-8"), st.integers(0, 2)),
    st.tuples(st.just("parquet"), st.just(","), st.just("utf-8"), st.just(0)),
)
damage_lists = st.integers(3, 24).flatmap(lambda n: st.lists(st.sampled_from(list(DAMAGE)), min_size=n, max_size=n))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damages=damage_lists, fmt=formats, accented=st.booleans())
def test_randomly_damaged_extracts_lose_nothing(damages, fmt, accented):
    fmt, sep, encoding, title_rows = fmt
    frame = people(len(damages))
    if accented:
        frame.loc[0, "nama"] = "Désirée Ñoño"
    root = Path(tempfile.mkdtemp(prefix="mutasi-prop-"))
    try:
        folder = root / "landing" / "6171" / SNAPSHOT
        folder.mkdir(parents=True)
        JABATAN.to_csv(folder / "jabatan.csv", index=False)
        URAIAN.to_csv(folder / "uraian_tugas.csv", index=False)
        records = build_records(frame, damages, fmt)
        numbers = write_pegawai(folder, records, fmt, sep, encoding, title_rows)
        snapshots, _ = region_snapshots(root / "landing", "6171")
        result = validate_snapshot(snapshots[0], now=NOW)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    files = result.files[result.files["status"] != "missing"]
    assert (files["rows_read"] == files["rows_valid"] + files["rows_quarantined"]).all()
    report = files[files["entity"] == "pegawai"].iloc[0]
    records_written = [r for r in records if not r.blank]
    assert report["rows_read"] == len(records_written)

    q = result.quarantined[result.quarantined["entity"] == "pegawai"]
    assert q["source_row"].notna().all() and q["rule"].notna().all() and (q["rule"] != "").all()
    assert q["source_row"].is_unique
    assert len(q) == report["rows_quarantined"]
    quarantined = dict(zip(q["source_row"].astype(int), q["rule"]))

    bad = sum(r.expected_rule is not None for r in records_written)
    share = params.number("max_quarantined_share_per_file")
    min_rows = _optional_number("quarantine_share_min_rows", 0)
    rejected = bad / len(records_written) > share and len(records_written) >= min_rows
    assert report["status"] == ("rejected" if rejected else "accepted")
    clean = result.clean.get("pegawai") if result.status == "accepted" else None
    by_nip = clean.set_index("nip") if clean is not None else None

    for i, record in enumerate(records):
        source_row = numbers[i]
        if record.blank:
            assert source_row is None
            continue
        if record.expected_rule is not None:
            assert quarantined.get(source_row) == record.expected_rule, (source_row, record)
        elif rejected:
            assert quarantined.get(source_row) == "file_rejected", (source_row, record)
        else:
            assert source_row not in quarantined, (source_row, quarantined.get(source_row))
            assert by_nip is not None
            kept = by_nip.loc[record.logical["nip"]]
            assert kept["nama"] == record.logical["nama"]
            assert kept["tanggal_lahir"].date().isoformat() == record.logical["tanggal_lahir"]
            assert kept["tmt_jabatan"].date().isoformat() == record.logical["tmt_jabatan"]
            assert (kept["jenis_kelamin"], kept["kode_jabatan"]) == (
                record.logical["jenis_kelamin"],
                record.logical["kode_jabatan"],
            )
    if by_nip is not None:
        assert len(by_nip) == report["rows_valid"] == len(records_written) - bad
