"""File writers of a package: CSV, Parquet, the readable workbook, JSON, checksums.

Every writer receives frames that are already neutralised (see :mod:`mutasi.publish.safety`); the
workbook writer neutralises again at cell level (idempotent), so no text can reach a cell unchecked.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from .labels import CATEGORY_COLORS, GRADE_COLORS
from .safety import neutralise_text

XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_TEXT = 32_767
LONG_TEXT_COLUMNS = frozenset(
    {
        "explanation",
        "message",
        "raw_record",
        "reason_codes",
        "training_needs",
        "ineligibility_reasons",
        "note",
        "unit_name",
        "position_name",
    }
)

NUMBER_FORMATS = {
    "count": "#,##0",
    "int": "0",
    "dec1": "#,##0.0",
    "dec2": "#,##0.00",
    "dec3": "0.000",
    "pct": "0.0%",
    "date": "dd-mm-yyyy",
    "datetime": "dd-mm-yyyy hh:mm",
    "text": "@",
}


# --------------------------------------------------------------------------------------------------
# Checksums, JSON
# --------------------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _json_default(value: object) -> object:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def write_json(path: Path, payload: object) -> None:
    text = json.dumps(payload, ensure_ascii=False, indent=2, default=_json_default, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")


def write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# CSV and Parquet
# --------------------------------------------------------------------------------------------------


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    """UTF-8 with BOM (Excel then reads the accents right), comma-separated, ISO dates, '.' decimals."""
    frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n", date_format="%Y-%m-%d")


def arrow_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Make object columns Parquet-writable.

    A column of one Python type is left alone; a column mixing ints and floats becomes numeric; any
    other mix (or containers such as lists and dicts) becomes text, nulls staying null.
    """
    out = frame.copy()
    out.columns = [str(c) for c in out.columns]
    numeric = (int, float, np.integer, np.floating)
    for position in range(out.shape[1]):
        series = out.iloc[:, position]
        if series.dtype != object:
            continue
        kinds = {type(v) for v in series if not _is_null(v)}
        containers = any(issubclass(k, (dict, list, tuple, set)) for k in kinds)
        if len(kinds) <= 1 and not containers:
            continue
        if not containers and all(issubclass(k, numeric) and not issubclass(k, (bool, np.bool_)) for k in kinds):
            out.isetitem(position, pd.to_numeric(series))
            continue
        out.isetitem(position, series.map(lambda v: None if _is_null(v) else _as_text(v)))
    return out


def _as_text(value: object) -> str:
    if isinstance(value, (dict, list, tuple, set)):
        return neutralise_text(json.dumps(value, ensure_ascii=False, default=_json_default))
    if isinstance(value, str):
        return neutralise_text(value)
    return str(value)  # the text of a number or a date is not a formula


def write_parquet(path: Path, frame: pd.DataFrame) -> None:
    arrow_safe(frame).to_parquet(path, index=False, engine="pyarrow")


# --------------------------------------------------------------------------------------------------
# Workbook
# --------------------------------------------------------------------------------------------------


@dataclass
class TableSheet:
    """One sheet holding one table: header in row 1 (frozen, with autofilter), data below."""

    name: str
    frame: pd.DataFrame
    headers: list[str]
    kinds: list[str]
    print_title: str = ""
    empty_note: str | None = None
    # per-row kinds for some columns (position -> one kind per row), e.g. the summary's value column
    row_kinds: dict[int, list[str]] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)


@dataclass
class BlockSheet:
    """A free-form sheet of titled blocks (the "Tentang Paket" sheet)."""

    name: str
    blocks: list[tuple[str, list[str], list[list[object]]]]  # (title, headers, rows)
    widths: list[float] = field(default_factory=list)


def _is_null(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, np.floating) and np.isnan(value):
        return True
    return False


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self._cache: dict[tuple[str, bool], object] = {}
        self.header = book.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "top",
                "bg_color": "#1F4E79",
                "font_color": "#FFFFFF",
                "border": 1,
                "border_color": "#BFBFBF",
            }
        )
        self.block_title = book.add_format({"bold": True, "font_size": 12, "font_color": "#1F4E79"})
        self.note = book.add_format({"italic": True, "font_color": "#595959"})

    def cell(self, kind: str, wrap: bool = False) -> object:
        key = (kind, wrap)
        if key not in self._cache:
            spec: dict[str, object] = {"valign": "top", "num_format": NUMBER_FORMATS.get(kind, "General")}
            if wrap:
                spec["text_wrap"] = True
            self._cache[key] = self.book.add_format(spec)
        return self._cache[key]


def _write_value(ws, row: int, col: int, value: object, kind: str, formats: _Formats, wrap: bool) -> None:
    if _is_null(value):
        return
    if isinstance(value, (bool, np.bool_)):
        ws.write_string(row, col, "Ya" if value else "Tidak", formats.cell("text", wrap))
        return
    if isinstance(value, (int, float, np.integer, np.floating, decimal.Decimal)):
        number_kind = (
            kind
            if kind not in ("text", "date", "datetime")
            else ("int" if isinstance(value, (int, np.integer)) else "dec2")
        )
        number = float(value)
        if math.isinf(number):
            ws.write_string(row, col, "∞" if number > 0 else "−∞", formats.cell("text", wrap))
            return
        ws.write_number(row, col, number, formats.cell(number_kind, wrap))
        return
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date, np.datetime64)):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert("UTC").tz_localize(None)
        has_time = stamp != stamp.normalize()
        date_kind = "datetime" if (kind == "datetime" or has_time) else "date"
        ws.write_datetime(row, col, stamp.to_pydatetime(), formats.cell(date_kind, wrap))
        return
    if isinstance(value, (dict, list, tuple, set)):
        text = json.dumps(value, ensure_ascii=False, default=_json_default)
    else:
        text = str(value)
    text = neutralise_text(text)
    if len(text) > XLSX_MAX_TEXT:
        text = text[: XLSX_MAX_TEXT - 1] + "…"
    ws.write_string(row, col, text, formats.cell("text", wrap))


def _display_length(value: object, kind: str) -> int:
    if _is_null(value):
        return 0
    if kind in ("date",):
        return 10
    if kind == "datetime":
        return 16
    if isinstance(value, (float, np.floating)):
        return min(len(f"{value:,.3f}"), 18)
    return max((len(part) for part in str(value).split("\n")), default=0)


def _column_width(header: str, values: Sequence[object], kind: str, long_text: bool) -> tuple[float, bool]:
    sample = values[:2000]
    longest = max((_display_length(v, kind) for v in sample), default=0)
    header_need = min(max(len(w) for w in header.split()) if header.split() else 4, 40)
    header_need = max(header_need, min(len(header), 22))
    width = max(longest, header_need) + 2
    wrap = False
    if long_text and longest > 50:
        width, wrap = 60, True
    return float(min(max(width, 8), 60)), wrap


def _write_table_sheet(book: xlsxwriter.Workbook, formats: _Formats, sheet: TableSheet) -> int:
    ws = book.add_worksheet(sheet.name)
    frame = sheet.frame
    n_rows = min(len(frame), XLSX_MAX_ROWS - 1)
    n_cols = frame.shape[1]
    columns = [frame.iloc[:n_rows, i].tolist() for i in range(n_cols)]
    wraps = []
    for i in range(n_cols):
        long_text = str(frame.columns[i]).lstrip("'") in LONG_TEXT_COLUMNS
        width, wrap = _column_width(sheet.headers[i], columns[i], sheet.kinds[i], long_text)
        width = sheet.widths.get(i, width)
        wraps.append(wrap or i in sheet.widths and sheet.widths[i] >= 50)
        ws.set_column(i, i, width)
    ws.set_row(0, 45)
    for i, header in enumerate(sheet.headers):
        ws.write_string(0, i, neutralise_text(header), formats.header)
    for r in range(n_rows):
        for i in range(n_cols):
            kind = sheet.row_kinds[i][r] if i in sheet.row_kinds else sheet.kinds[i]
            _write_value(ws, r + 1, i, columns[i][r], kind, formats, wraps[i])
    if n_cols:
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(n_rows, 0), n_cols - 1)
    if n_rows == 0 and sheet.empty_note:
        ws.write_string(2, 0, neutralise_text(sheet.empty_note), formats.note)
    # printing: landscape, one page wide, header row repeated, title in the page header
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    if sheet.print_title:
        ws.set_header("&L" + sheet.print_title.replace("&", "&&")[:200] + "&RHalaman &P dari &N")
    _grade_colours(ws, frame, n_rows, book)
    return n_rows


def _grade_colours(ws, frame: pd.DataFrame, n_rows: int, book: xlsxwriter.Workbook) -> None:
    if n_rows == 0:
        return
    for i, column in enumerate(frame.columns):
        palette = {"grade": GRADE_COLORS, "professionalism_category": CATEGORY_COLORS}.get(str(column))
        if not palette:
            continue
        for value, colour in palette.items():
            fmt = book.add_format(
                {
                    "bg_color": colour,
                    "font_color": "#FFFFFF" if value in ("A", "Sangat Tinggi", "Sangat Rendah") else "#000000",
                }
            )
            ws.conditional_format(
                1, i, n_rows, i, {"type": "cell", "criteria": "==", "value": f'"{value}"', "format": fmt}
            )


def _write_block_sheet(book: xlsxwriter.Workbook, formats: _Formats, sheet: BlockSheet) -> None:
    ws = book.add_worksheet(sheet.name)
    for i, width in enumerate(sheet.widths):
        ws.set_column(i, i, width)
    row = 0
    for title, headers, rows in sheet.blocks:
        ws.write_string(row, 0, neutralise_text(title), formats.block_title)
        row += 1
        for i, header in enumerate(headers):
            ws.write_string(row, i, neutralise_text(header), formats.header)
        row += 1
        for values in rows:
            for i, value in enumerate(values):
                _write_value(
                    ws,
                    row,
                    i,
                    value,
                    "text" if isinstance(value, str) else "dec2" if isinstance(value, float) else "count",
                    formats,
                    wrap=False,
                )
            row += 1
        row += 1
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


def write_workbook(
    path: Path, sheets: Sequence[TableSheet | BlockSheet], properties: dict | None = None
) -> dict[str, int]:
    """Write the workbook; returns the number of data rows written per sheet name."""
    book = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": True,
            "remove_timezone": True,
        },
    )
    written: dict[str, int] = {}
    try:
        if properties:
            book.set_properties(properties)
        formats = _Formats(book)
        for sheet in sheets:
            if isinstance(sheet, TableSheet):
                written[sheet.name] = _write_table_sheet(book, formats, sheet)
            else:
                _write_block_sheet(book, formats, sheet)
    finally:
        book.close()
    return written
