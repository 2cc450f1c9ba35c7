"""File writers of a package: CSV, Parquet, the readable workbook, JSON, checksums.

Every writer receives frames that are already neutralised (see :mod:`mutasi.publish.safety`); the
workbook writer neutralises again (idempotent) as it converts each column, so no text can reach a cell
unchecked. The workbook is written column-wise converted, row-wise streamed: each column is turned once,
by dtype, into the values xlsxwriter takes (numbers, datetimes, neutralised texts) with one format, and
the rows are then streamed in constant_memory mode; :func:`_cell` is the same rule for one value.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from .labels import CATEGORY_COLORS, GRADE_COLORS
from .safety import neutralise_array, neutralise_text

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


_TEXT_OR_NONE = frozenset({str, type(None)})


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
        if set(map(type, series.to_numpy())) <= _TEXT_OR_NONE:  # the usual text column: nothing to do
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


# A cell as the workbook gets it: which xlsxwriter write method, the value in the form that method takes,
# and the kind that picks its number format. None: the cell stays empty.
_STRING, _NUMBER, _DATETIME = "string", "number", "datetime"
Cell = tuple[str, object, str]


def _fit_text(text: str) -> str:
    return text[: XLSX_MAX_TEXT - 1] + "…" if len(text) > XLSX_MAX_TEXT else text


def _looks_like_rich_text(text: str) -> bool:
    return text.startswith("<r>") and text.endswith("</r>")


def write_cell_text(ws, row: int, col: int, text: str, cell_format=None) -> int:
    """``ws.write_string``, except for text that xlsxwriter would take for rich-text markup.

    xlsxwriter copies a string that starts with ``<r>`` and ends with ``</r>`` into the sheet XML
    unescaped (its rich-string form), so such a value could add cells, formulas included, to the
    sheet. It is written as a rich string of three plain runs instead: xlsxwriter escapes each run and
    the cell shows the original text (xlsxwriter escapes the control characters of a rich string twice,
    so such a text that also holds a control character shows it as ``_x005F_x000D_``; nothing executes).
    """
    if not _looks_like_rich_text(text):
        return ws.write_string(row, col, text, cell_format)
    if len(text) > XLSX_MAX_TEXT // 2:  # xlsxwriter refuses a rich string over 32,767 UTF-16 units
        text = text[: XLSX_MAX_TEXT // 2 - 1] + "…"
    return ws.write_rich_string(row, col, text[:1], text[1:3], text[3:], cell_format)


def _cell(value: object, kind: str) -> Cell | None:
    """How one value of a column of ``kind`` is shown: the rule for a single cell.

    The column converter (:func:`_column_cells`) applies the same rule to a whole column at once; this
    one serves the columns it does not vectorise (mixed types, per-row kinds) and the block sheets.
    """
    if _is_null(value):
        return None
    if isinstance(value, (bool, np.bool_)):
        return _STRING, "Ya" if value else "Tidak", "text"
    if isinstance(value, (int, float, np.integer, np.floating, decimal.Decimal)):
        number_kind = (
            kind
            if kind not in ("text", "date", "datetime")
            else ("int" if isinstance(value, (int, np.integer)) else "dec2")
        )
        number = float(value)
        if math.isinf(number):
            return _STRING, "∞" if number > 0 else "−∞", "text"
        return _NUMBER, number, number_kind
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date, np.datetime64)):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert("UTC").tz_localize(None)
        has_time = stamp != stamp.normalize()
        return _DATETIME, stamp.to_pydatetime(), "datetime" if (kind == "datetime" or has_time) else "date"
    if isinstance(value, (dict, list, tuple, set)):
        text = json.dumps(value, ensure_ascii=False, default=_json_default)
    else:
        text = str(value)
    return _STRING, _fit_text(neutralise_text(text)), "text"


@dataclass
class _ColumnCells:
    """A column converted once. Uniform: one method and one format kind for every cell, ``values`` holds
    the values (None = empty cell). Otherwise ``values`` holds one :data:`Cell` (or None) per row."""

    values: list
    method: str | None = None
    kind: str | None = None


def _mixed(cells: list[Cell | None]) -> _ColumnCells:
    shapes = {(c[0], c[2]) for c in cells if c is not None}
    if len(shapes) == 1:  # every cell written the same way after all
        method, kind = shapes.pop()
        return _ColumnCells([None if c is None else c[1] for c in cells], method, kind)
    return _ColumnCells(cells)


def _text_values(values: np.ndarray) -> np.ndarray | None:
    """The texts of an object column whose cells are all text or null (None where null), neutralised and
    cut to the workbook's limit; None when the column holds anything else."""
    is_text = np.fromiter((type(v) is str for v in values), dtype=bool, count=len(values))
    if not is_text.all() and not all(_is_null(v) for v in values[~is_text]):
        return None
    texts, _count = neutralise_array(values)  # the same rule as neutralise_text, once per column
    texts[~is_text] = None
    if max(map(len, texts[is_text]), default=0) > XLSX_MAX_TEXT:
        texts[is_text] = [_fit_text(v) for v in texts[is_text]]
    return texts


def _column_cells(series: pd.Series, kind: str, row_kinds: Sequence[str] | None = None) -> _ColumnCells:
    """Convert a column once, by dtype, to what :func:`_cell` gives cell by cell."""
    if row_kinds is not None:
        return _mixed([_cell(v, k) for v, k in zip(series.tolist(), row_kinds)])
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        series = series.astype(object)
        dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        null = series.isna().to_numpy(dtype=bool)
        texts = np.where(series.to_numpy(dtype=bool, na_value=False), "Ya", "Tidak").astype(object)
        texts[null] = None
        return _ColumnCells(texts.tolist(), _STRING, "text")
    is_int = pd.api.types.is_integer_dtype(dtype)
    if is_int or pd.api.types.is_float_dtype(dtype):
        number_kind = kind if kind not in ("text", "date", "datetime") else ("int" if is_int else "dec2")
        numbers = series.to_numpy(dtype=np.float64, na_value=np.nan)
        values = numbers.astype(object)
        values[np.isnan(numbers)] = None
        infinite = np.isinf(numbers)
        if not infinite.any():
            return _ColumnCells(values.tolist(), _NUMBER, number_kind)
        cells: list[Cell | None] = [None if v is None else (_NUMBER, v, number_kind) for v in values.tolist()]
        for i in np.flatnonzero(infinite):
            cells[i] = (_STRING, "∞" if numbers[i] > 0 else "−∞", "text")
        return _ColumnCells(cells)
    if pd.api.types.is_datetime64_any_dtype(dtype):
        stamps = series
        if getattr(dtype, "tz", None) is not None:
            stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
        null = stamps.isna().to_numpy(dtype=bool)
        has_time = (stamps != stamps.dt.normalize()).to_numpy(dtype=bool) & ~null
        values = pd.DatetimeIndex(stamps).to_pydatetime().astype(object)
        values[null] = None
        if kind == "datetime" or not has_time.any():
            return _ColumnCells(values.tolist(), _DATETIME, "datetime" if kind == "datetime" else "date")
        return _mixed(
            [
                None if v is None else (_DATETIME, v, "datetime" if t else "date")
                for v, t in zip(values.tolist(), has_time)
            ]
        )
    if dtype == object or isinstance(dtype, pd.StringDtype):
        texts = _text_values(series.to_numpy(dtype=object))
        if texts is not None:
            return _ColumnCells(texts.tolist(), _STRING, "text")
    return _mixed([_cell(v, kind) for v in series.tolist()])


def _write_value(ws, row: int, col: int, value: object, kind: str, formats: _Formats, wrap: bool) -> None:
    cell = _cell(value, kind)
    if cell is None:
        return
    method, payload, cell_kind = cell
    if method == _STRING:
        write_cell_text(ws, row, col, payload, formats.cell(cell_kind, wrap))
    else:
        getattr(ws, "write_" + method)(row, col, payload, formats.cell(cell_kind, wrap))


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


def _longest(sample: pd.Series, kind: str) -> int:
    """max(_display_length(v, kind) for v in sample), per dtype instead of per value."""
    dtype = sample.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        sample = sample.astype(object)
        dtype = sample.dtype
    plain = pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_integer_dtype(dtype)
    if plain or pd.api.types.is_float_dtype(dtype):
        present = sample.dropna()
        if present.empty:
            return 0
        if kind == "date":
            return 10
        if kind == "datetime":
            return 16
        if plain:  # str() of a bool or an int: the longest is the smallest or the largest
            values = present.tolist()
            return max(len(str(min(values))), len(str(max(values))))
        values = present.to_numpy(dtype=np.float64)
        # '{:,.3f}' grows with the magnitude: the longest is the largest or the smallest value (or inf)
        finite = values[np.isfinite(values)]
        ends = [float(finite.min()), float(finite.max())] if len(finite) else []
        ends += [float(v) for v in np.unique(values[~np.isfinite(values)])]
        return max(_display_length(v, kind) for v in ends)
    if dtype == object or isinstance(dtype, pd.StringDtype):
        values = sample.to_numpy(dtype=object)
        is_text = np.fromiter((type(v) is str for v in values), dtype=bool, count=len(values))
        if is_text.all() or all(_is_null(v) for v in values[~is_text]):
            texts = values[is_text]
            if not len(texts):
                return 0
            if kind == "date":
                return 10
            if kind == "datetime":
                return 16
            return max(
                (len(t) if "\n" not in t else max(len(part) for part in t.split("\n"))) for t in texts
            )
    return max((_display_length(v, kind) for v in sample.tolist()), default=0)


def _column_width(header: str, longest: int, long_text: bool) -> tuple[float, bool]:
    header_need = min(max(len(w) for w in header.split()) if header.split() else 4, 40)
    header_need = max(header_need, min(len(header), 22))
    width = max(longest, header_need) + 2
    wrap = False
    if long_text and longest > 50:
        width, wrap = 60, True
    return float(min(max(width, 8), 60)), wrap


WIDTH_SAMPLE_ROWS = 2000


def _write_table_sheet(book: xlsxwriter.Workbook, formats: _Formats, sheet: TableSheet) -> int:
    ws = book.add_worksheet(sheet.name)
    frame = sheet.frame
    n_rows = min(len(frame), XLSX_MAX_ROWS - 1)
    n_cols = frame.shape[1]
    wraps = []
    for i in range(n_cols):
        long_text = str(frame.columns[i]).lstrip("'") in LONG_TEXT_COLUMNS
        longest = _longest(frame.iloc[: min(n_rows, WIDTH_SAMPLE_ROWS), i], sheet.kinds[i])
        width, wrap = _column_width(sheet.headers[i], longest, long_text)
        width = sheet.widths.get(i, width)
        wraps.append(wrap or i in sheet.widths and sheet.widths[i] >= 50)
        ws.set_column(i, i, width)
    ws.set_row(0, 45)
    for i, header in enumerate(sheet.headers):
        write_cell_text(ws, 0, i, neutralise_text(header), formats.header)
    # every column converted once (by dtype), then the cells written row by row: constant_memory
    # mode streams each row to disk as soon as the next one starts
    safe_text = partial(write_cell_text, ws)
    methods = {_STRING: safe_text, _NUMBER: ws.write_number, _DATETIME: ws.write_datetime}
    uniform: list[tuple[int, object, list, object]] = []
    mixed: list[tuple[int, list]] = []
    for i in range(n_cols):
        column = _column_cells(frame.iloc[:n_rows, i], sheet.kinds[i], sheet.row_kinds.get(i))
        if column.method is not None:
            write = methods[column.method]
            if column.method == _STRING and not any(
                v is not None and _looks_like_rich_text(v) for v in column.values
            ):
                write = ws.write_string  # no text of this column can be taken for markup
            uniform.append((i, write, column.values, formats.cell(column.kind, wraps[i])))
        else:
            cells = [
                None if c is None else (methods[c[0]], c[1], formats.cell(c[2], wraps[i])) for c in column.values
            ]
            mixed.append((i, cells))
    for r in range(n_rows):
        row = r + 1
        for col, write, values, fmt in uniform:
            value = values[r]
            if value is not None:
                write(row, col, value, fmt)
        for col, cells in mixed:
            cell = cells[r]
            if cell is not None:
                cell[0](row, col, cell[1], cell[2])
    if n_cols:
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(n_rows, 0), n_cols - 1)
    if n_rows == 0 and sheet.empty_note:
        write_cell_text(ws, 2, 0, neutralise_text(sheet.empty_note), formats.note)
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
        write_cell_text(ws, row, 0, neutralise_text(title), formats.block_title)
        row += 1
        for i, header in enumerate(headers):
            write_cell_text(ws, row, i, neutralise_text(header), formats.header)
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
