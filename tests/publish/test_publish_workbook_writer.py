"""The workbook as rustpy_xlsxwriter writes it: every cell as the cell rule (`writers._cell`) says, no text
that could become a formula, link or rich text, the layout of the sheets, the properties, stable bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest
from test_publish_workbook_columns import COLUMNS, KINDS

from mutasi.publish import writers
from mutasi.publish.writers import NUMBER_FORMATS, BlockSheet, TableSheet, write_workbook


def _sheet(name: str, frame: pd.DataFrame, kinds: list[str], **extra) -> TableSheet:
    return TableSheet(name=name, frame=frame, headers=[str(c) for c in frame.columns], kinds=kinds, **extra)


def _sheet_xml(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/")}


def _same_cell(cell, expected, where: str) -> None:
    if expected is None:
        assert cell.value is None, f"{where}: {cell.value!r} should be empty"
        return
    method, value, kind = expected
    if method == "string" and value == "":  # an empty text is an empty cell (with the column's format)
        assert cell.value is None, where
        return
    if method == "string":
        # xlsx stores control characters as _xHHHH_ escapes; openpyxl hands them back as written
        got = re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m[1], 16)), cell.value)
        assert cell.data_type == "s" and got == value, f"{where}: {cell.value!r} != {value!r}"
    elif method == "number":
        assert cell.data_type == "n" and cell.value == pytest.approx(value, rel=1e-15, abs=0), where
        assert isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool), where
    else:
        assert cell.is_date and abs(cell.value - value) < dt.timedelta(milliseconds=1), f"{where}: {cell.value!r}"
    if method != "string":
        assert cell.number_format == NUMBER_FORMATS[kind], f"{where}: {cell.number_format} != {kind}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_cell_follows_the_cell_rule(tmp_path, kind):
    """Each column on a sheet of its own (with a plain text column beside it), so a column of several forms
    shows its formats cell by cell."""
    sheets = [
        _sheet(f"S{i}", pd.DataFrame({name: series, "plain": ["x"] * len(series)}), [kind, "text"])
        for i, (name, series) in enumerate(COLUMNS.items())
    ]
    path = tmp_path / "cells.xlsx"
    write_workbook(path, sheets)
    book = openpyxl.load_workbook(path)
    for sheet, (name, series) in zip(sheets, COLUMNS.items()):
        ws = book[sheet.name]
        assert ws["A1"].value == name
        for row, value in enumerate(series.tolist(), start=2):
            _same_cell(ws.cell(row, 1), writers._cell(value, kind), f"{name}[{kind}] row {row}")
            if writers._cell(value, kind) and writers._cell(value, kind)[0] == "string":
                assert ws.cell(row, 1).number_format == "@", name


def test_columns_together_keep_their_own_formats(tmp_path):
    """All columns on one sheet: the uniform columns keep their format, the columns of several forms take
    the number format of their row (their text cells show as text whatever the format)."""
    frame = pd.DataFrame(COLUMNS)
    kinds = ["pct" if i % 3 else "dec3" for i in range(frame.shape[1])]
    path = tmp_path / "together.xlsx"
    write_workbook(path, [_sheet("Semua", frame, kinds)])
    ws = openpyxl.load_workbook(path)["Semua"]
    mixed = []
    for col, (name, kind) in enumerate(zip(frame.columns, kinds), start=1):
        column = writers._column_cells(frame[name], kind)
        if column.method is None:
            mixed.append(name)
        for row, value in enumerate(frame[name].tolist(), start=2):
            expected = writers._cell(value, kind)
            if column.method is None and expected and expected[0] != "string":
                # the first column of several forms decides its row's number format
                continue
            _same_cell(ws.cell(row, col), expected, f"{name} row {row}")
    assert mixed  # the sheet went the records way


def test_text_is_never_a_formula_link_rich_text_or_number(tmp_path):
    texts = [
        "<r><t>=1+1</t></r>",
        "=1+1",
        "007",
        "http://example.org/x",
        "1e5",
        "TRUE",
        "-1",
        "@A1",
        "\t=1",
        "<f>1</f>",
    ]
    frame = pd.DataFrame({"text": texts, "other": range(len(texts))})
    mixed = pd.DataFrame({"text": texts, "number": [np.inf, -np.inf] + [1.5] * (len(texts) - 2)})
    path = tmp_path / "safe.xlsx"
    block = BlockSheet("Blok", [(texts[0], texts[:2], [texts[2:4], [texts[1], 5]])], [20, 20])
    sheets = [_sheet("Teks", frame, ["text", "int"]), _sheet("Campur", mixed, ["text", "dec2"]), block]
    write_workbook(path, sheets)
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")}
        assert not [n for n in archive.namelist() if "worksheets/_rels" in n]  # no link targets
    assert "xl/sharedStrings.xml" not in parts  # texts are inline strings (see writers: no dedupe_strings)
    for name, xml in parts.items():
        assert "<f>" not in xml and "<f " not in xml, name
        assert "<hyperlink" not in xml, name
        assert "<r><t>" not in xml and "<r>" not in xml, name  # no run of rich text: the markup is escaped text
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
    column = [c.value for c in book["Teks"]["A"][1:]]
    assert column == [writers.neutralise_text(t) for t in texts]
    assert column[0] == "<r><t>=1+1</t></r>" and column[1] == "'=1+1"
    assert all(c.data_type == "s" for c in book["Teks"]["A"][1:])  # "007", "1e5", "TRUE" stay text
    assert [c.value for c in book["Campur"]["B"][1:3]] == ["∞", "−∞"]
    assert book["Blok"]["A1"].value == "<r><t>=1+1</t></r>"


def test_sheet_layout(tmp_path):
    frame = pd.DataFrame(
        {
            "grade": ["A", "B", None],
            "professionalism_category": ["Sangat Tinggi", "Rendah", "Sedang"],
            "explanation": ["x" * 80, "y", None],
            "snapshot_date": pd.to_datetime(["2026-01-31", "2026-01-31", None]),
        }
    )
    sheet = _sheet("Data & Tabel", frame, ["text", "text", "text", "date"], print_title="Judul A&B")
    path = tmp_path / "layout.xlsx"
    assert write_workbook(path, [sheet]) == {"Data & Tabel": 3}
    ws = openpyxl.load_workbook(path)["Data & Tabel"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:D4"
    assert ws.row_dimensions[1].height == 45
    header = ws["A1"]
    assert header.font.b and header.font.color.rgb.endswith("FFFFFF")
    assert header.fill.fgColor.rgb.endswith("1F4E79")
    assert header.alignment.wrap_text and header.border.left.style == "thin"
    assert ws["C2"].alignment.wrap_text and ws.column_dimensions["C"].width == pytest.approx(60.71, abs=0.01)
    assert ws["A2"].alignment.vertical == "top" and ws["D2"].number_format == "[$-421]d mmmm yyyy" and ws["D2"].is_date
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1"
    assert ws.oddHeader.left.text == "Judul A&&B" and ws.oddHeader.right.text == "Halaman &P dari &N"
    rules = {str(r.sqref): [x.text for x in r.rules] for r in ws.conditional_formatting}
    assert rules == {"A2:A4": ["A", "B", "C", "D", "E"], "B2:B4": list(writers.CATEGORY_COLORS)}


def test_empty_table_note_and_summary_like_rows(tmp_path):
    empty = _sheet(
        "Kosong",
        pd.DataFrame({"a": pd.Series([], dtype=object), "b": []}),
        ["text", "dec2"],
        empty_note="=Belum ada data.",
    )
    summary = _sheet(
        "Ringkasan",
        pd.DataFrame({"indicator": ["Kode", "Porsi", "Jumlah"], "value": ["6171", 0.25, 1200]}),
        ["text", "text"],
        row_kinds={1: ["text", "pct", "count"]},
    )
    path = tmp_path / "empty.xlsx"
    assert write_workbook(path, [empty, summary]) == {"Kosong": 0, "Ringkasan": 3}
    book = openpyxl.load_workbook(path)
    ws = book["Kosong"]
    assert [c.value for c in ws[1]] == ["a", "b"] and ws["A2"].value is None
    assert ws["A3"].value == "'=Belum ada data." and ws["A3"].font.i and ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:B3"  # (it reaches the note's row)
    rows = {r[0].value: r[1] for r in book["Ringkasan"].iter_rows(min_row=2)}
    assert rows["Kode"].value == "6171" and rows["Kode"].data_type == "s"
    assert rows["Porsi"].value == 0.25 and rows["Porsi"].number_format == "0.0%"
    assert rows["Jumlah"].value == 1200 and rows["Jumlah"].number_format == "#,##0"
    for name, xml in _sheet_xml(path).items():  # each row once (no row written twice)
        numbers = [int(n) for n in re.findall(r'<row r="(\d+)"', xml)]
        assert numbers == sorted(set(numbers)), name


def test_block_sheet_keeps_its_titled_blocks_in_order(tmp_path):
    block = BlockSheet(
        "Petunjuk",
        [
            ("Informasi paket", ["Butir", "Nilai"], [["Kode", "6171"], ["Dibuat", "2026-01-31"]]),
            ("Isi lembar kerja", ["Lembar", "Isi", "Jumlah Baris"], [["Ringkasan", "Angka utama", 1234]]),
            (
                "Berkas",
                ["Jenis", "Nama", "SHA", "Dibaca", "Valid", "Dikarantina"],
                [["p", "x.csv", "a" * 64, 3, 2, 1.5]],
            ),
        ],
        widths=[34, 58, 66, 14, 14, 16],
    )
    path = tmp_path / "about.xlsx"
    write_workbook(path, [block])
    ws = openpyxl.load_workbook(path)["Petunjuk"]
    rows = [[c.value for c in row if c.value is not None and str(c.value).strip()] for row in ws.iter_rows()]
    assert rows == [
        ["Informasi paket"],
        ["Butir", "Nilai"],
        ["Kode", "6171"],
        ["Dibuat", "2026-01-31"],
        [],
        ["Isi lembar kerja"],
        ["Lembar", "Isi", "Jumlah Baris"],
        ["Ringkasan", "Angka utama", 1234],
        [],
        ["Berkas"],
        ["Jenis", "Nama", "SHA", "Dibaca", "Valid", "Dikarantina"],
        ["p", "x.csv", "a" * 64, 3, 2, 1.5],
    ]
    for title in ("A1", "A6", "A10"):
        assert ws[title].font.b and ws[title].font.sz == 12 and ws[title].font.color.rgb.endswith("1F4E79")
    for header in ("A2", "B2", "C7", "F11"):
        assert ws[header].font.b and ws[header].fill.fgColor.rgb.endswith("1F4E79"), header
    assert ws["C8"].number_format == "#,##0" and ws["F12"].number_format == "#,##0"
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    cols = re.findall(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', xml)
    widths = {c: round(float(w)) for lo, hi, w in cols for c in range(int(lo), int(hi) + 1)}
    assert widths == {1: 35, 2: 59, 3: 67, 4: 15, 5: 15, 6: 17}
    assert ws.freeze_panes is None and not ws.auto_filter.ref
    assert ws.page_setup.orientation == "landscape"


def test_properties_and_stable_bytes(tmp_path):
    created = dt.datetime(2026, 1, 31, 8, 30, 5)
    properties = {
        "title": "Paket <Kota> & data",
        "subject": "S",
        "author": "mutasi",
        "comments": "run r",
        "created": created,
    }
    sheets = [_sheet("A", pd.DataFrame({"x": [1.5, None], "y": ["a", "b"]}), ["dec2", "text"])]
    digests = []
    for name in ("one.xlsx", "two.xlsx"):
        write_workbook(tmp_path / name, sheets, properties)
        digests.append(hashlib.sha256((tmp_path / name).read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    with zipfile.ZipFile(tmp_path / "one.xlsx") as archive:
        assert archive.testzip() is None
    book = openpyxl.load_workbook(tmp_path / "one.xlsx")
    p = book.properties
    assert (p.title, p.subject, p.creator, p.description, p.lastModifiedBy) == (
        "Paket <Kota> & data",
        "S",
        "mutasi",
        "run r",
        "mutasi",
    )
    assert p.created == created and p.modified == created


def test_excel_serials_are_xlsxwriters():
    from xlsxwriter.utility import _datetime_to_excel_datetime as datetime_to_excel_datetime

    stamps = [
        dt.datetime(1899, 12, 31),
        dt.datetime(1900, 1, 1, 12),
        dt.datetime(1900, 2, 28),
        dt.datetime(1900, 3, 1),
        dt.datetime(2026, 1, 31),
        dt.datetime(2026, 1, 31, 8, 30, 15, 123456),
        dt.datetime(9999, 12, 31, 23, 59, 59),
        dt.datetime(1850, 6, 1),
    ]
    got = writers.excel_serials(stamps + [None])
    assert got[:-1].tolist() == [datetime_to_excel_datetime(s, False, True) for s in stamps]
    assert np.isnan(got[-1])


def test_package_workbook_is_well_formed(outputs_root):
    """A whole regency package: every row of every sheet written once, in order; texts inline; no formula,
    link or rich-text run anywhere, whatever the text."""
    from publish_fixtures import make_history, make_meta, make_tables

    from mutasi.publish import publish_region_package

    tables = make_tables()
    tables["post_mutation_evaluation"] = tables["post_mutation_evaluation"].iloc[0:0]
    tables["employee_indices"].loc[0, "name"] = "<r><t>=1+1</t></r>"
    tables["employee_indices"].loc[1, "name"] = "=1+1"
    package = publish_region_package(outputs_root, make_meta(), tables, make_history())
    path = next(package.glob("*.xlsx"))
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")}
    assert "xl/sharedStrings.xml" not in parts
    for name, xml in parts.items():
        assert "<f>" not in xml and "<hyperlink" not in xml and "<r>" not in xml, name
        numbers = [int(n) for n in re.findall(r'<row r="(\d+)"', xml)]
        assert numbers == sorted(set(numbers)), name
    names = [c.value for c in openpyxl.load_workbook(path)["Indeks Pegawai"]["D"]]
    assert "<r><t>=1+1</t></r>" in names and "'=1+1" in names
