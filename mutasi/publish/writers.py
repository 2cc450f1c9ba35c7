"""File writers of a package: CSV, Parquet, the readable workbook, JSON, checksums.

Every writer receives frames that are already neutralised (see :mod:`mutasi.publish.safety`); the
workbook writer neutralises again (idempotent) as it converts each column, so no text can reach a cell
unchecked. The workbook is written by rustpy_xlsxwriter (Rust, one call for the whole workbook): each column
is turned once, by dtype, into plain texts, numbers or Excel date serials with one format (:func:`_column_cells`;
:func:`_cell` is the same rule for one value), and the sheet goes over as an Arrow table (see the notes above
:func:`write_workbook`).
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import hashlib
import io
import json
import math
import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import rustpy_xlsxwriter as rx

from .labels import CATEGORY_COLORS, GRADE_COLORS
from .safety import neutralise_array, neutralise_arrow, neutralise_text, text_array

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
    # [$-421] = Indonesian (LCID 0x0421): Excel and LibreOffice show "4 Desember 2026" (issue 18)
    "date": "[$-421]d mmmm yyyy",
    "datetime": "[$-421]d mmmm yyyy hh:mm",
    "text": "@",
}
#: the longest date as shown: "30 September 2026" (and with ", 23.59")
DATE_WIDTH, DATETIME_WIDTH = 17, 23


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


def write_csv(path: Path, frame: pd.DataFrame, texts: Mapping[int, pa.Array] | None = None) -> None:
    """UTF-8 with BOM (Excel then reads the accents right), comma-separated, ISO dates, '.' decimals.

    The bytes are pandas' ``to_csv`` (:func:`pandas_csv`); the usual columns are turned into text by
    Arrow, column at a time (:func:`csv_bytes`), any other frame goes through pandas itself. ``texts``: the
    Arrow arrays of text columns by position, where the caller has them (safety.neutralise_table).
    """
    body = csv_bytes(frame, texts)
    if body is None:
        pandas_csv(path, frame)
        return
    with open(path, "wb") as handle:
        handle.write(body)


def pandas_csv(path: Path, frame: pd.DataFrame) -> None:
    """The package CSV as pandas writes it: the definition :func:`csv_bytes` reproduces."""
    frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n", date_format="%Y-%m-%d")


# pandas' to_csv writes each row through the csv module: 0.28 CPU-s for the 19 tables of a regency package
# (province 32, 2026-12-05; 44 ms of it numpy's float-to-text), 0.09 s with the text made by Arrow per column
# and joined into rows by Arrow. Each column becomes the text pandas hands to the csv module, quoted as the
# csv module quotes (QUOTE_MINIMAL: a field holding the delimiter, the quote or a line break); a column of any
# other kind sends the whole table through pandas.
_CSV_NEEDS_QUOTES = '[,"\r\n]'
_CSV_NEEDS_QUOTES_BYTES = re.compile(_CSV_NEEDS_QUOTES.encode())
_BOM = "\ufeff".encode()
#: Arrow's shortest text of a float64 is numpy's (pandas' astype(str)), apart from a missing ".0", in this range
#: of magnitudes (checked on 200,000 random values per decade from 1e-4 to 1e10, rounded to 0-6 decimals and
#: not); other values take numpy's text one by one
_ARROW_FLOAT_TEXT = (1e-4, 1e9)


def _float_csv_texts(values: np.ndarray) -> pa.Array:
    """numpy's ``astype(str)`` of a float64 column, NaN as an empty field."""
    null = np.isnan(values)
    texts = pc.cast(pa.array(values), pa.string())
    texts = pc.if_else(pc.match_substring(texts, "."), texts, pc.binary_join_element_wise(texts, ".0", ""))
    magnitude = np.abs(values)
    low, high = _ARROW_FLOAT_TEXT
    other = ~((magnitude >= low) & (magnitude < high) | (values == 0)) & ~null
    if other.any():
        patched = texts.to_numpy(zero_copy_only=False).astype(object)
        patched[other] = values[other].astype(str).astype(object)
        texts = pa.array(patched, type=pa.string())
    return pc.if_else(pa.array(null), "", texts)


def _csv_field_texts(series: pd.Series, given: pa.Array | None = None) -> pa.Array | None:
    """The CSV fields of one column (no nulls), as pandas writes them; None for a column it does not handle.
    ``given``: the column as an Arrow string array, when it holds only text and nulls."""
    dtype = series.dtype
    if isinstance(dtype, np.dtype):
        values = series.to_numpy()
        if dtype == np.float64:
            return _float_csv_texts(values)
        if dtype.kind == "f":
            texts = values.astype(str).astype(object)
            texts[np.isnan(values)] = ""
            return pa.array(texts, type=pa.string())
        if dtype.kind in "iu":
            return pc.cast(pa.array(values), pa.string())
        if dtype.kind == "b":
            return pa.array(np.where(values, "True", "False"), type=pa.string())
        if dtype.kind == "M":
            years = values[~np.isnat(values)].astype("datetime64[Y]").astype(np.int64) + 1970
            if len(years) and not (1000 <= years.min() and years.max() <= 9999):
                return None
            # the date's ISO text is '%Y-%m-%d' for years 1000-9999 (20 times cheaper than Arrow's strftime)
            return pc.fill_null(pc.cast(pc.cast(pa.array(values), pa.date32()), pa.string()), "")
        if dtype != object:  # noqa: E721 - numpy's object dtype, not a type
            return None
        texts = _given(given, values)
        if texts is None:
            return None
        data = texts.buffers()[2]
        if data is not None and _CSV_NEEDS_QUOTES_BYTES.search(memoryview(data)):  # one scan of the column first
            quoted = pc.binary_join_element_wise('"', pc.replace_substring(texts, '"', '""'), '"', "")
            texts = pc.if_else(pc.match_substring_regex(texts, _CSV_NEEDS_QUOTES), quoted, texts)
        return pc.fill_null(texts, "")
    if isinstance(dtype, pd.Int64Dtype | pd.Int32Dtype | pd.Int16Dtype | pd.Int8Dtype):
        return pc.fill_null(pc.cast(pa.array(series), pa.string()), "")
    if isinstance(dtype, pd.BooleanDtype):
        return pc.fill_null(pc.if_else(pa.array(series), "True", "False"), "")
    return None


#: rows from which a table's CSV is made by Arrow: below, pandas is as quick (the one-row scorecard of 99
#: columns: 0.9 ms by pandas, 9.5 ms by Arrow; 446 rows × 20 columns: 3.0 and 2.8 ms; province 32, 2026-12-05)
CSV_ARROW_MIN_ROWS = 400


def _given(texts: pa.Array | None, values: np.ndarray) -> pa.Array | None:
    """The column's text array: the one handed over by the caller (safety.neutralise_table) when there is
    one of the column's length, else made from its values (None unless they are all text or null)."""
    return texts if texts is not None and len(texts) == len(values) else text_array(values)


def csv_bytes(frame: pd.DataFrame, texts: Mapping[int, pa.Array] | None = None) -> bytes | None:
    """The bytes :func:`pandas_csv` writes for ``frame``, or None where it must write them itself (a short
    table, a column of another kind, a single column, whose empty fields the csv module quotes, or text Arrow
    cannot hold)."""
    if frame.shape[1] < 2 or len(frame) < CSV_ARROW_MIN_ROWS or not all(isinstance(c, str) for c in frame.columns):
        return None
    header = io.StringIO()
    csv.writer(header, lineterminator="\r\n").writerow(list(frame.columns))
    fields = []
    for position, (_name, series) in enumerate(frame.items()):
        field_texts = _csv_field_texts(series, (texts or {}).get(position))
        if field_texts is None:
            return None
        fields.append(field_texts)
    if not len(frame):
        return _BOM + header.getvalue().encode("utf-8")
    try:
        body = pc.binary_join_element_wise(pc.binary_join_element_wise(*fields, ","), "\r\n", "")
    except pa.ArrowException:  # e.g. more than 2 GiB of text
        return None
    offsets = np.frombuffer(body.buffers()[1], dtype=np.int32)[body.offset : body.offset + len(body) + 1]
    data = memoryview(body.buffers()[2])[offsets[0] : offsets[-1]]
    return b"".join((_BOM, header.getvalue().encode("utf-8"), data))


_TEXT_OR_NONE = frozenset({str, type(None)})


def arrow_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Make object columns Parquet-writable.

    A column of one Python type is left alone; a column mixing ints and floats becomes numeric; any
    other mix (or containers such as lists and dicts) becomes text, nulls staying null.
    """
    out = frame.copy(deep=False)  # isetitem puts a new array in the copy; the frame's own stay as they are
    out.columns = [str(c) for c in out.columns]
    numeric = (int, float, np.integer, np.floating)
    for position, (_name, series) in enumerate(frame.items()):
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
    """What ``arrow_safe(frame).to_parquet(path, index=False, engine="pyarrow")`` writes (the same bytes),
    without pandas' wrapper around it."""
    safe = arrow_safe(frame)
    if safe.attrs:  # pandas adds them to the file's metadata
        safe.to_parquet(path, index=False, engine="pyarrow")
        return
    pq.write_table(pa.Table.from_pandas(safe, preserve_index=False), str(path), compression="snappy")


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
    # data validation per column position (a rustpy_xlsxwriter rule, e.g. a drop-down list)
    validations: dict[int, dict] = field(default_factory=dict)
    # the Arrow string array of text columns by position (safety.neutralise_table), so that they are not
    # made again from the frame; each must equal pa.array(column, type=pa.string(), from_pandas=True)
    texts: dict[int, pa.Array] = field(default_factory=dict)


@dataclass
class BlockSheet:
    """A free-form sheet of titled blocks (the "Petunjuk" sheet)."""

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
    """The cell formats of one workbook, made once each (rustpy_xlsxwriter stores equal formats once)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, bool], rx.Format] = {}
        self.header = (
            rx.Format()
            .set_bold()
            .set_text_wrap()
            .set_align("top")
            .set_background_color("#1F4E79")
            .set_font_color("#FFFFFF")
            .set_border("thin")
            .set_border_color("#BFBFBF")
        )
        self.block_title = rx.Format().set_bold().set_font_size(12).set_font_color("#1F4E79")
        self.note = rx.Format().set_italic().set_font_color("#595959")

    def cell(self, kind: str, wrap: bool = False) -> rx.Format:
        key = (kind, wrap)
        if key not in self._cache:
            fmt = rx.Format().set_align("top").set_num_format(NUMBER_FORMATS.get(kind, "General"))
            self._cache[key] = fmt.set_text_wrap() if wrap else fmt
        return self._cache[key]


# A cell as the workbook gets it: what it holds (text, a number, or a date and time, which the sheet stores
# as an Excel serial number), the value in that form, and the kind that picks its number format.
# None: the cell stays empty.
_STRING, _NUMBER, _DATETIME = "string", "number", "datetime"
Cell = tuple[str, object, str]


def _fit_text(text: str) -> str:
    return text[: XLSX_MAX_TEXT - 1] + "…" if len(text) > XLSX_MAX_TEXT else text


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


def _uncategorical(series: pd.Series) -> pd.Series:
    """A categorical column as its values (object); any other column as it is."""
    return series.astype(object) if isinstance(series.dtype, pd.CategoricalDtype) else series


def _yes_no(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A boolean column as "Ya"/"Tidak" texts, and where it is null."""
    null = series.isna().to_numpy(dtype=bool)
    return np.where(series.to_numpy(dtype=bool, na_value=False), "Ya", "Tidak"), null


def _number_kind(kind: str, is_int: bool) -> str:
    """The number format of a numeric column: its own kind, or int/dec2 where the kind is not a number's."""
    return kind if kind not in ("text", "date", "datetime") else ("int" if is_int else "dec2")


def _naive_stamps(series: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """A datetime column without time zone (UTC), where it is null, and where it has a time of day."""
    stamps = series
    if getattr(series.dtype, "tz", None) is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    null = stamps.isna().to_numpy(dtype=bool)
    has_time = (stamps != stamps.dt.normalize()).to_numpy(dtype=bool) & ~null
    return stamps, null, has_time


def _column_cells(series: pd.Series, kind: str, row_kinds: Sequence[str] | None = None) -> _ColumnCells:
    """Convert a column once, by dtype, to what :func:`_cell` gives cell by cell."""
    if row_kinds is not None:
        return _mixed([_cell(v, k) for v, k in zip(series.tolist(), row_kinds)])
    series = _uncategorical(series)
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        yes_no, null = _yes_no(series)
        texts = yes_no.astype(object)
        texts[null] = None
        return _ColumnCells(texts.tolist(), _STRING, "text")
    is_int = pd.api.types.is_integer_dtype(dtype)
    if is_int or pd.api.types.is_float_dtype(dtype):
        number_kind = _number_kind(kind, is_int)
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
        stamps, null, has_time = _naive_stamps(series)
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
    if dtype == object or isinstance(dtype, pd.StringDtype):  # noqa: E721 - numpy's object dtype, not a type
        texts = _text_values(series.to_numpy(dtype=object))
        if texts is not None:
            return _ColumnCells(texts.tolist(), _STRING, "text")
    return _mixed([_cell(v, kind) for v in series.tolist()])


def _column_array(series: pd.Series, kind: str, given: pa.Array | None = None) -> tuple[pa.Array, str, str] | None:
    """What :func:`_column_cells` makes of a column whose cells are all written one way, as the Arrow array
    the sheet is handed (:func:`_arrow_column`) with its method and kind, made from the column's arrays
    without a Python value per cell; None where :func:`_column_cells` must decide (±inf, times in a date
    column, nanoseconds, texts mixed with other values or longer than a cell holds).

    Planning the sheets of a regency package took 0.235 CPU-s with a list per column, 0.074 s with this
    (province 32, 2026-12-05). tests/publish/test_publish_fast_paths.py holds it to _column_cells.
    ``given``: the column as an Arrow string array, when it holds only text and nulls.
    """
    series = _uncategorical(series)
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        texts, null = _yes_no(series)
        return pa.array(texts, type=pa.string(), mask=null), _STRING, "text"
    is_int = pd.api.types.is_integer_dtype(dtype)
    if is_int or pd.api.types.is_float_dtype(dtype):
        number_kind = _number_kind(kind, is_int)
        numbers = series.to_numpy(dtype=np.float64, na_value=np.nan)
        if np.isinf(numbers).any():
            return None
        return pa.array(numbers, type=pa.float64(), mask=np.isnan(numbers)), _NUMBER, number_kind
    if pd.api.types.is_datetime64_any_dtype(dtype):
        stamps, null, has_time = _naive_stamps(series)
        if kind != "datetime" and has_time.any():
            return None
        raw = stamps.to_numpy()
        micros = raw.astype("datetime64[us]")
        if (micros != raw)[~null].any():  # nanoseconds: as to_pydatetime drops them, in _column_cells
            return None
        serials = excel_serials(micros)
        method_kind = "datetime" if kind == "datetime" else "date"
        return pa.array(serials, type=pa.float64(), mask=np.isnan(serials)), _DATETIME, method_kind
    if dtype == object or isinstance(dtype, pd.StringDtype):  # noqa: E721 - numpy's object dtype, not a type
        texts = _given(given, series.to_numpy(dtype=object))
        if texts is None:
            return None
        texts, _count = neutralise_arrow(texts)  # the same rule as neutralise_text, once per column
        if len(texts) and (pc.max(pc.utf8_length(texts)).as_py() or 0) > XLSX_MAX_TEXT:
            return None
        return texts, _STRING, "text"
    return None


def _display_length(value: object, kind: str) -> int:
    if _is_null(value):
        return 0
    if kind in ("date",):
        return DATE_WIDTH
    if kind == "datetime":
        return DATETIME_WIDTH
    if isinstance(value, (float, np.floating)):
        return min(len(f"{value:,.3f}"), 18)
    return max((len(part) for part in str(value).split("\n")), default=0)


def _has_line_break(texts: pa.Array) -> bool:
    return bool(pc.any(pc.match_substring(texts, "\n")).as_py())


def _longest(sample: pd.Series, kind: str, given: pa.Array | None = None) -> int:
    """max(_display_length(v, kind) for v in sample), per dtype instead of per value. ``given``: the sample
    as an Arrow string array, when it holds only text and nulls."""
    sample = _uncategorical(sample)
    dtype = sample.dtype
    if kind in ("date", "datetime") and pd.api.types.is_datetime64_any_dtype(dtype):
        return 0 if not sample.notna().any() else DATE_WIDTH if kind == "date" else DATETIME_WIDTH
    plain = pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_integer_dtype(dtype)
    if plain or pd.api.types.is_float_dtype(dtype):
        if isinstance(dtype, np.dtype):  # numpy's own: no dropna (0.1 ms a column, 99 columns in the scorecard)
            present = sample.to_numpy()
            present = present[~np.isnan(present)] if dtype.kind == "f" else present
        else:
            present = sample.dropna().to_numpy()
        if not len(present):
            return 0
        if kind == "date":
            return DATE_WIDTH
        if kind == "datetime":
            return DATETIME_WIDTH
        if plain:  # str() of a bool or an int: the longest is the smallest or the largest
            return max(len(str(present.min().item())), len(str(present.max().item())))
        values = present.astype(np.float64)
        # '{:,.3f}' grows with the magnitude: the longest is the largest or the smallest value (or inf)
        finite = values[np.isfinite(values)]
        ends = [float(finite.min()), float(finite.max())] if len(finite) else []
        ends += [float(v) for v in np.unique(values[~np.isfinite(values)])]
        return max(_display_length(v, kind) for v in ends)
    if dtype == object or isinstance(dtype, pd.StringDtype):  # noqa: E721 - numpy's object dtype, not a type
        values = sample.to_numpy(dtype=object)
        texts = _given(given, values)
        if texts is not None and not _has_line_break(texts):  # the usual text column, measured by Arrow
            if texts.null_count == len(texts):
                return 0
            if kind in ("date", "datetime"):
                return DATE_WIDTH if kind == "date" else DATETIME_WIDTH
            return pc.max(pc.utf8_length(texts)).as_py()
        is_text = np.fromiter((type(v) is str for v in values), dtype=bool, count=len(values))
        if is_text.all() or all(_is_null(v) for v in values[~is_text]):
            texts = values[is_text]
            if not len(texts):
                return 0
            if kind == "date":
                return DATE_WIDTH
            if kind == "datetime":
                return DATETIME_WIDTH
            return max((len(t) if "\n" not in t else max(len(part) for part in t.split("\n"))) for t in texts)
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


# --------------------------------------------------------------------------------------------------
# Writing the workbook: one rustpy_xlsxwriter.write_worksheets call
# --------------------------------------------------------------------------------------------------
# rustpy_xlsxwriter (Python bindings of the Rust crate rust_xlsxwriter) writes a whole sheet from one data
# object plus per-sheet options; it has no cell-by-cell API. So every cell is decided here, as before
# (`_column_cells` / `_cell`), and handed over in a form that leaves it nothing to decide:
#
# * text is a Python/Arrow string (always written as a plain string: rust_xlsxwriter escapes it, never
#   reads it as a formula, URL, number or rich text; no url_columns / formula_columns are ever passed);
# * numbers are float64; dates and times are Excel serial numbers (float64, computed as xlsxwriter did) with
#   a date number format, which is what an Excel date is;
# * a sheet whose columns are each of one form goes as an Arrow table, with one format per column; a sheet
#   with a column of several forms (the summary's value column, a number column holding ±inf) goes as
#   records, and the number format of those columns' cells comes from a row format (rust_xlsxwriter merges a
#   row's format into the cells written without a format of their own);
# * every sheet is written in constant-memory mode, where texts are inline strings. Never dedupe_strings:
#   rust_xlsxwriter copies a shared string that starts with "<r>" and ends with "</r>" into
#   sharedStrings.xml unescaped (its rich-text form), so such a text could rewrite the string table;
# * in constant-memory mode rustpy_xlsxwriter 0.8.0 writes the last row a second time when that row has a
#   row format (Excel rejects a repeated row), so a sheet whose last row has one gets an empty row after it
#   holding one blank cell (an empty row alone does not help).

_EXCEL_EPOCH = np.datetime64("1899-12-31T00:00:00", "us")
_US_PER_DAY = 86_400_000_000
# the options a sheet may get, with the value that does nothing (freeze_panes and header_format have none)
_NEUTRAL_OPTIONS: dict[str, object] = {
    "column_widths": [],
    "column_formats": [],
    "row_heights": {},
    "row_formats": {},
    "autofilter": False,
    "page_setup": {},
    "conditional_formats": {},
    "data_validations": {},
}
_SHEET_OPTIONS = (*_NEUTRAL_OPTIONS, "freeze_panes", "header_format")


def excel_serials(values: Sequence[object]) -> np.ndarray:
    """Naive datetimes (None = NaT) as Excel serial numbers, computed as xlsxwriter's ``write_datetime`` does
    (1900 date system, its leap-year bug and the 1900-01-01 time-only rule included); NaN where None."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        stamps = values.astype("datetime64[us]")
    else:
        stamps = np.array([np.datetime64("NaT") if v is None else v for v in values], dtype="datetime64[us]")
    missing = np.isnat(stamps)
    micros = (stamps - _EXCEL_EPOCH).astype(np.int64)
    days = micros // _US_PER_DAY
    rest = micros - days * _US_PER_DAY
    seconds, fraction = rest // 1_000_000, rest % 1_000_000
    serials = days + (seconds.astype(np.float64) + fraction.astype(np.float64) / 1e6) / (60 * 60 * 24)
    serials = np.where(days == 1, serials - 1, serials)  # 1900-01-01 counts as day 0 (time-only rule)
    serials = np.where(serials > 59, serials + 1, serials)  # Excel's 29 February 1900
    serials[missing] = np.nan
    return serials


def _payload(cell: Cell | None) -> object:
    """The value handed to rustpy_xlsxwriter for one cell: str, float, or None (empty)."""
    if cell is None:
        return None
    method, value, _kind = cell
    if method == _DATETIME:
        return float(excel_serials([value])[0])
    return value


def _arrow_column(column: _ColumnCells) -> pa.Array:
    """A uniform column as an Arrow array: strings, or float64 (numbers, dates as serial numbers)."""
    if column.method == _STRING:
        return pa.array(column.values, type=pa.string())
    if column.method == _DATETIME:
        serials = excel_serials(column.values)
        return pa.array(serials, type=pa.float64(), mask=np.isnan(serials))
    return pa.array(column.values, type=pa.float64())


def _unique_keys(headers: Sequence[str]) -> list[str]:
    """Header texts as record keys: a repeated header gets " (2)", " (3)" … (only the records path needs
    distinct keys; an Arrow table keeps repeated headers as they are)."""
    keys: list[str] = []
    seen: set[str] = set()
    for header in headers:
        key, n = header, 2
        while key in seen:
            key, n = f"{header} ({n})", n + 1
        seen.add(key)
        keys.append(key)
    return keys


@dataclass
class _SheetPlan:
    """One sheet as rustpy_xlsxwriter takes it: its data (an Arrow table or records) and its options."""

    name: str
    data: object
    options: dict[str, object] = field(default_factory=dict)


def _grade_colours(frame: pd.DataFrame, headers: Sequence[str], n_rows: int) -> dict[str, list[dict]]:
    """Colour rules of the grade and IP ASN category columns, by header.

    rustpy_xlsxwriter compares numbers only in its 'cell' rules, so a value is matched with a 'begins with'
    text rule; the values of these columns are the palette's own (A–E; "Sangat Tinggi" … "Sangat Rendah",
    where no value begins with another one), so that matches exactly the cells an '=' rule would."""
    rules: dict[str, list[dict]] = {}
    if n_rows == 0:
        return rules
    for i, column in enumerate(frame.columns):
        palette = {"grade": GRADE_COLORS, "professionalism_category": CATEGORY_COLORS}.get(str(column))
        if not palette or headers.count(headers[i]) != 1:  # rules are placed by header text
            continue
        rules[headers[i]] = [
            {
                "type": "text",
                "criteria": "begins_with",
                "value": value,
                "format": rx.Format()
                .set_background_color(colour)
                .set_font_color("#FFFFFF" if value in ("A", "Sangat Tinggi", "Sangat Rendah") else "#000000"),
            }
            for value, colour in palette.items()
        ]
    return rules


#: rows from which a sheet's columns go through Arrow (_column_array): below, cell by cell is as quick (the
#: one-row scorecard history of 99 columns: 12 ms through Arrow; province 32, 2026-12-05)
SHEET_ARROW_MIN_ROWS = 100


def _sheet_arrays(
    series: Sequence[pd.Series], sheet: TableSheet, n_rows: int
) -> list[tuple[pa.Array, str, str]] | None:
    """Every column of the sheet by :func:`_column_array`, or None when one of them is not of one form."""
    arrays = []
    for i, column in enumerate(series):
        given = sheet.texts.get(i)
        array = None
        if i not in sheet.row_kinds:
            array = _column_array(_head(column, n_rows), sheet.kinds[i], None if given is None else given[:n_rows])
        if array is None:
            return None
        arrays.append(array)
    return arrays


def _head(column: pd.Series, rows: int) -> pd.Series:
    """The first ``rows`` of a column (the column itself when it has no more)."""
    return column if rows >= len(column) else column.iloc[:rows]


def _plan_table_sheet(formats: _Formats, sheet: TableSheet) -> tuple[_SheetPlan, int]:
    frame = sheet.frame
    n_rows = min(len(frame), XLSX_MAX_ROWS - 1)
    n_cols = frame.shape[1]
    series = [column for _name, column in frame.items()]  # once, by position (iloc per use costs 0.02 s)
    widths: list[float] = []
    wraps: list[bool] = []
    for i in range(n_cols):
        long_text = str(frame.columns[i]).lstrip("'") in LONG_TEXT_COLUMNS
        sample_rows = min(n_rows, WIDTH_SAMPLE_ROWS)
        given = sheet.texts.get(i)
        longest = _longest(
            _head(series[i], sample_rows), sheet.kinds[i], None if given is None else given[:sample_rows]
        )
        width, wrap = _column_width(sheet.headers[i], longest, long_text)
        widths.append(float(sheet.widths.get(i, width)))
        wraps.append(wrap or i in sheet.widths and sheet.widths[i] >= 50)
    headers = [_fit_text(neutralise_text(str(h))) for h in sheet.headers[:n_cols]]
    # printing: landscape, A4, one page wide, header row repeated, title in the page header
    page = {"landscape": True, "paper_size": 9, "fit_to_pages": (1, 0), "repeat_rows": (0, 0)}
    if sheet.print_title:
        page["header"] = "&L" + sheet.print_title.replace("&", "&&")[:200] + "&RHalaman &P dari &N"
    options: dict[str, object] = {"column_widths": widths, "row_heights": {0: 45}, "page_setup": page}
    if n_cols:
        options.update(header_format=formats.header, freeze_panes={"row": 1, "col": 0}, autofilter=True)

    if n_rows == 0:
        # the header alone; an empty table gets its note on the third row (a data row here, so the
        # autofilter reaches it)
        names = headers or [""]
        rows = 2 if sheet.empty_note else 0
        arrays = [pa.nulls(rows, type=pa.string()) for _ in names]
        if sheet.empty_note:  # its format is the first column's: the only cell of that column
            arrays[0] = pa.array([None, _fit_text(neutralise_text(sheet.empty_note))], type=pa.string())
            options["column_formats"] = [formats.note] + [None] * (len(names) - 1)
        return _SheetPlan(sheet.name, pa.Table.from_arrays(arrays, names=names), options), 0

    if sheet.validations:
        keys = _unique_keys(headers)
        options["data_validations"] = {keys[i]: rule for i, rule in sheet.validations.items() if i < n_cols}
    colours = _grade_colours(frame, headers, n_rows)
    if colours:
        options["conditional_formats"] = colours
    # a long table column by column through Arrow; a short one, or one with a column Arrow leaves, cell by
    # cell below
    arrays = _sheet_arrays(series, sheet, n_rows) if n_rows >= SHEET_ARROW_MIN_ROWS else None
    if arrays is not None:
        options["column_formats"] = [formats.cell(kind, wraps[i]) for i, (_a, _m, kind) in enumerate(arrays)]
        table = pa.Table.from_arrays([a for a, _m, _k in arrays], names=headers)
        return _SheetPlan(sheet.name, table, options), n_rows

    columns = [_column_cells(_head(series[i], n_rows), sheet.kinds[i], sheet.row_kinds.get(i)) for i in range(n_cols)]
    if all(c.method is not None for c in columns):
        options["column_formats"] = [formats.cell(c.kind, wraps[i]) for i, c in enumerate(columns)]
        table = pa.Table.from_arrays([_arrow_column(c) for c in columns], names=headers)
        return _SheetPlan(sheet.name, table, options), n_rows

    # A column of several forms: records. Its cells take their number format from their row (the first
    # such cell of the row that is not text decides); the other columns keep one format each.
    mixed = [i for i, c in enumerate(columns) if c.method is None]
    column_formats = [None if c.method is None else formats.cell(c.kind, wraps[i]) for i, c in enumerate(columns)]
    # the empty row after the last one (see the notes above) needs one written cell: a NaN in a column with a
    # column format is written as a blank in that format. If every column has several forms, the first
    # column takes the format of its commonest kind, which its numbers then show instead of their row's.
    anchor = next((i for i, f in enumerate(column_formats) if f is not None), None)
    if anchor is None:
        anchor = 0
        counts = Counter(c[2] for c in columns[0].values if c is not None and c[2] != "text")
        column_formats[0] = formats.cell(counts.most_common(1)[0][0] if counts else "text", wraps[0])
    options["column_formats"] = column_formats
    row_formats: dict[int, rx.Format] = {}
    for r in range(n_rows):
        kinds = [c[2] for c in (columns[i].values[r] for i in mixed) if c is not None]
        row_formats[r + 1] = formats.cell(next((k for k in kinds if k != "text"), "text"))
    options.update(row_formats=row_formats)
    payloads = [[None if v is None else (_payload(v) if c.method is None else v) for v in c.values] for c in columns]
    if any(c.method == _DATETIME for c in columns):
        for i, c in enumerate(columns):
            if c.method == _DATETIME:
                payloads[i] = [None if np.isnan(v) else float(v) for v in excel_serials(c.values)]
    keys = _unique_keys(headers)
    records = [dict(zip(keys, row)) for row in zip(*payloads)]
    records.append(dict(zip(keys, [None] * anchor + [math.nan])))  # values go by position, not by key
    return _SheetPlan(sheet.name, records, options), n_rows


def _plan_block_sheet(formats: _Formats, sheet: BlockSheet) -> _SheetPlan:
    """The titled blocks as rows of one sheet, in their order.

    rustpy_xlsxwriter formats single cells only in a sheet's one header row, and sets column widths only
    for the columns that row has. So the header row is the first block's title (its other cells, up to the
    sheet's last column, hold blanks — distinct keys made of spaces — in the title's format), and every
    other row is a data row: block titles and block headers take the title and header formats as row
    formats (a header's fill and border thus run across the whole row), and each data row the number
    format of its numbers (counts "#,##0", fractions "#,##0.00"; text is unaffected).
    """
    n_cols = max([len(sheet.widths)] + [max(len(h), *(len(r) for r in rows), 1) for _t, h, rows in sheet.blocks])
    options: dict[str, object] = {
        "column_widths": [float(w) for w in sheet.widths],
        "page_setup": {"landscape": True, "fit_to_pages": (1, 0)},
    }
    if not sheet.blocks:
        return _SheetPlan(sheet.name, [], options)
    title = _fit_text(neutralise_text(str(sheet.blocks[0][0])))
    keys = _unique_keys([title] + [" " * i for i in range(1, n_cols)])
    records: list[dict] = []
    row_formats: dict[int, rx.Format] = {}

    def add(values: Sequence[object], fmt: rx.Format | None) -> None:
        row = 1 + len(records)  # the first block's title is the header row
        records.append({str(i): v for i, v in enumerate(values)})
        if fmt is not None:
            row_formats[row] = fmt

    for n, (title, headers, rows) in enumerate(sheet.blocks):
        if n:
            add([], None)  # a blank row between blocks
            add([_fit_text(neutralise_text(str(title)))], formats.block_title)
        add([_fit_text(neutralise_text(str(h))) for h in headers], formats.header)
        for values in rows:
            cells = [
                _cell(v, "text" if isinstance(v, str) else "dec2" if isinstance(v, float) else "count") for v in values
            ]
            kind = next((c[2] for c in cells if c is not None and c[2] != "text"), "text")
            add([_payload(c) for c in cells], formats.cell(kind))
    records[0] = dict(zip(keys, [records[0].get(str(i)) for i in range(n_cols)]))
    if len(records) in row_formats:  # the last row has a row format: an empty row after it (see the notes
        records.append({"0": math.nan})  # above), a NaN under a column format being written as a blank
    options.update(header_format=formats.block_title, row_formats=row_formats, column_formats=[rx.Format()])
    return _SheetPlan(sheet.name, records, options)


def write_workbook(
    path: Path, sheets: Sequence[TableSheet | BlockSheet], properties: dict | None = None
) -> dict[str, int]:
    """Write the workbook; returns the number of data rows written per sheet name."""
    formats = _Formats()
    plans: list[_SheetPlan] = []
    written: dict[str, int] = {}
    for sheet in sheets:
        if isinstance(sheet, TableSheet):
            plan, written[sheet.name] = _plan_table_sheet(formats, sheet)
        else:
            plan = _plan_block_sheet(formats, sheet)
        plans.append(plan)
    options: dict[str, dict[str, object]] = {}
    for plan in plans:
        # (a sheet named exactly "general" would also lend its frozen header to the other sheets:
        # rustpy_xlsxwriter reads that key of freeze_panes as "every sheet")
        for name, value in plan.options.items():
            options.setdefault(name, {})[plan.name] = value
    unknown = set(options) - set(_SHEET_OPTIONS)
    assert not unknown, unknown
    for name, per_sheet in options.items():  # no option of a sheet may fall back to a sheet named "general"
        if name in _NEUTRAL_OPTIONS:
            for plan in plans:
                per_sheet.setdefault(plan.name, _NEUTRAL_OPTIONS[name])
    rx.write_worksheets([(plan.name, plan.data) for plan in plans], str(path), **options)
    if properties:
        set_core_properties(Path(path), properties)
    return written


# --------------------------------------------------------------------------------------------------
# Workbook properties (docProps/core.xml)
# --------------------------------------------------------------------------------------------------
# rustpy_xlsxwriter writes no document properties of its own choosing (empty author, the time of writing),
# so docProps/core.xml is replaced after the fact, as xlsxwriter wrote it. The other members of the zip
# are copied byte for byte (no recompression): 0.012 CPU-s for a 3 MB package workbook, where rewriting it
# through zipfile (decompress and recompress every member, `_rewrite_zip`, kept for zip64) takes 0.48 s.

_CORE_FIELDS = (
    ("title", "dc:title"),
    ("subject", "dc:subject"),
    ("author", "dc:creator"),
    ("keywords", "cp:keywords"),
    ("comments", "dc:description"),
    ("author", "cp:lastModifiedBy"),
)
_CORE_TAIL = (("category", "cp:category"), ("status", "cp:contentStatus"))
_CORE_XML = "docProps/core.xml"


def _core_xml(properties: dict) -> bytes:
    unknown = set(properties) - {"title", "subject", "author", "keywords", "comments", "category", "status", "created"}
    if unknown:
        raise ValueError(f"workbook properties not supported: {sorted(unknown)}")
    created = properties.get("created") or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    ]
    for key, tag in _CORE_FIELDS:
        if properties.get(key):
            parts.append(f"<{tag}>{xml_escape(str(properties[key]))}</{tag}>")
    for tag in ("dcterms:created", "dcterms:modified"):
        parts.append(f'<{tag} xsi:type="dcterms:W3CDTF">{stamp}</{tag}>')
    for key, tag in _CORE_TAIL:
        if properties.get(key):
            parts.append(f"<{tag}>{xml_escape(str(properties[key]))}</{tag}>")
    parts.append("</cp:coreProperties>")
    return "".join(parts).encode("utf-8")


_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # signature … file name length, extra field length
_CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")


def set_core_properties(path: Path, properties: dict) -> None:
    """Replace the docProps/core.xml member of the xlsx at ``path``, copying every other member as stored."""
    replace_zip_member(path, _CORE_XML, _core_xml(properties))


def replace_zip_member(path: Path, name: str, data: bytes) -> None:
    """Rewrite the zip at ``path`` with member ``name`` holding ``data`` (deflated); the other members'
    stored bytes are copied unchanged, in their order."""
    raw = Path(path).read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        infos = sorted(archive.infolist(), key=lambda i: i.header_offset)
    end = raw.rfind(b"PK\x05\x06")
    _sig, _disk, _cd_disk, _n_disk, n_entries, _cd_size, cd_offset, _comment = _END_RECORD.unpack_from(raw, end)
    if n_entries != len(infos) or cd_offset == 0xFFFFFFFF or name not in {i.filename for i in infos}:
        _rewrite_zip(path, raw, name, data)  # zip64, or no such member: the slow, general way
        return
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    crc = zlib.crc32(data)
    out = bytearray()
    offsets: dict[str, int] = {}
    new_member: tuple[int, int, int] | None = None
    bounds = [i.header_offset for i in infos[1:]] + [cd_offset]
    for info, stop in zip(infos, bounds):
        offsets[info.filename] = len(out)
        if info.filename != name:
            out += raw[info.header_offset : stop]
            continue
        header = _LOCAL_HEADER.unpack_from(raw, info.header_offset)
        sig, version, mtime, mdate, nlen = header[0], header[1], header[4], header[5], header[9]
        file_name = raw[info.header_offset + _LOCAL_HEADER.size : info.header_offset + _LOCAL_HEADER.size + nlen]
        out += _LOCAL_HEADER.pack(
            sig, version, 0, zipfile.ZIP_DEFLATED, mtime, mdate, crc, len(packed), len(data), nlen, 0
        )
        out += file_name + packed
        new_member = (crc, len(packed), len(data))
    central_start = len(out)
    position = cd_offset
    for _ in range(n_entries):
        fields = list(_CENTRAL_HEADER.unpack_from(raw, position))
        nlen, elen, clen = fields[10], fields[11], fields[12]
        record_end = position + _CENTRAL_HEADER.size + nlen + elen + clen
        member = raw[position + _CENTRAL_HEADER.size : position + _CENTRAL_HEADER.size + nlen].decode(
            "utf-8" if fields[3] & 0x800 else "cp437"
        )
        fields[16] = offsets[member]
        if member == name and new_member is not None:
            fields[3], fields[4] = 0, zipfile.ZIP_DEFLATED  # flags (no data descriptor), method
            fields[7], fields[8], fields[9] = new_member
        out += _CENTRAL_HEADER.pack(*fields) + raw[position + _CENTRAL_HEADER.size : record_end]
        position = record_end
    out += _END_RECORD.pack(b"PK\x05\x06", 0, 0, n_entries, n_entries, len(out) - central_start, central_start, 0)
    Path(path).write_bytes(bytes(out))


def _rewrite_zip(path: Path, raw: bytes, name: str, data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, data if info.filename == name else source.read(info))
        if name not in source.namelist():
            target.writestr(name, data)
