"""Guards applied before anything is written: formula neutralisation, region isolation, no personal data.

Formula (CSV/spreadsheet) injection: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is executed or re-interpreted by Excel/LibreOffice when the file is opened. Such text
gets a single quote ``'`` in front, in every output format (xlsx, csv, parquet and html), so the same
value reads the same everywhere. The full-width forms (``＝ ＋ － ＠``), which some spreadsheet
versions also treat as formula starts, are neutralised too. Numbers stay numbers: a negative number is
a number, not text, and is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
NEUTRALISING_PREFIX = "'"

# Columns that identify a person; a provincial (aggregate) output must not have any of them.
PERSONAL_COLUMNS = frozenset(
    {"nip", "name", "nama", "nama_pegawai", "employee_name", "full_name", "tanggal_lahir", "birth_date"}
)
_NIP_VALUE = re.compile(r"^\s*\d{18}\s*$")


class PublishError(RuntimeError):
    """A package cannot be published; nothing was written."""


class RegionIsolationError(PublishError):
    """A table holds rows of a region other than the package's own."""


class PersonalDataError(PublishError):
    """A provincial (aggregate) table holds person-level data."""


_TRIGGER_SET = frozenset(FORMULA_TRIGGERS)
if any(len(trigger) != 1 for trigger in FORMULA_TRIGGERS):  # neutralise_array relies on it
    raise ImportError("every formula trigger must be a single character")


def neutralise_text(value: str) -> str:
    """``'=1+1'`` -> ``"'=1+1"``; any other text unchanged. Idempotent."""
    if value and value.startswith(FORMULA_TRIGGERS):
        return NEUTRALISING_PREFIX + value
    return value


def neutralise_value(value: object) -> object:
    """Neutralise text; leave numbers, dates, booleans and nulls untouched."""
    if isinstance(value, str):
        return neutralise_text(value)
    return value


#: a text that starts with a trigger, as an RE2 pattern for Arrow (every trigger is one character)
_TRIGGER_PATTERN = "^[" + "".join("\\" + t if t in "-]\\^[" else t for t in FORMULA_TRIGGERS) + "]"


def text_array(values: np.ndarray) -> pa.Array | None:
    """An object array whose values are all ``str`` or null (None, NaN, NA) as an Arrow string array (nulls
    null); None when it holds anything else, or text Arrow cannot hold."""
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        return None
    try:
        return pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError):
        return None


#: the first UTF-8 byte of every trigger (0xEF for the full-width ones)
_TRIGGER_FIRST_BYTES = np.array(sorted({t.encode()[0] for t in FORMULA_TRIGGERS}), dtype=np.uint8)


def formula_mask(texts: pa.Array) -> pa.BooleanArray:
    """Which texts :func:`neutralise_text` changes (a null: none).

    The first byte of every text is looked at first, from the array's buffers: a column where none is the
    first byte of a trigger (nearly all) needs no pattern match (13 ms of the 64 ms of neutralising a
    regency package's tables, province 32, 2026-12-05)."""
    offsets_buffer, data = texts.buffers()[1:3]
    if data is None or offsets_buffer is None:  # no text at all
        return pa.array(np.zeros(len(texts), dtype=bool))
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[texts.offset : texts.offset + len(texts) + 1]
    starts = offsets[:-1][offsets[1:] > offsets[:-1]]
    if not np.isin(np.frombuffer(data, dtype=np.uint8)[starts], _TRIGGER_FIRST_BYTES).any():
        return pa.array(np.zeros(len(texts), dtype=bool))
    return pc.fill_null(pc.match_substring_regex(texts, _TRIGGER_PATTERN), False)


def neutralise_arrow(texts: pa.Array) -> tuple[pa.Array, int]:
    """:func:`neutralise_text` on every text of an Arrow string array (nulls stay null), and how many changed."""
    mask = formula_mask(texts)
    count = pc.sum(mask).as_py() or 0
    if count:
        texts = pc.if_else(mask, pc.binary_join_element_wise(NEUTRALISING_PREFIX, texts, ""), texts)
    return texts, count


def neutralise_array(values: np.ndarray) -> tuple[np.ndarray, int]:
    """A copy of an object array with every text neutralised (exactly as :func:`neutralise_text`), and how
    many values changed. Anything that is not a ``str`` (numbers, dates, nulls) is left as it is.

    One pass over the column instead of one call per cell; the rule is the same.
    """
    out, count, _texts = _neutralised(values)
    return out, count


def _neutralised(values: np.ndarray) -> tuple[np.ndarray, int, pa.Array | None]:
    """:func:`neutralise_array`, and the result as an Arrow string array when every value is text or null."""
    if isinstance(values, np.ndarray) and values.dtype == object and values.ndim == 1:
        out = values.copy()
    else:  # element by element, so that a list held in a cell stays one value
        seq = list(values)
        out = np.empty(len(seq), dtype=object)
        for i, v in enumerate(seq):
            out[i] = v
    texts = text_array(out)
    if texts is not None:
        # a column of texts: converted to Arrow once (13 ms for the 21 text columns of an 8,930-employee
        # table) and tested there, instead of a Python test per cell (57 ms; province 32, 2026-12-05)
        arrow_mask = formula_mask(texts)
        mask = arrow_mask.to_numpy(zero_copy_only=False)
    else:
        # every trigger is one character, so a set lookup of the first one is the same test as startswith
        # (and takes about a third less time than a generator of startswith calls per 500,000 cells)
        mask = np.array([isinstance(v, str) and v[:1] in _TRIGGER_SET for v in out.tolist()], dtype=bool)
    count = int(mask.sum())
    if count:
        out[mask] = [NEUTRALISING_PREFIX + v for v in out[mask]]
        if texts is not None:
            texts = pc.if_else(arrow_mask, pc.binary_join_element_wise(NEUTRALISING_PREFIX, texts, ""), texts)
    return out, count, texts


def _is_text_column(series: pd.Series) -> bool:
    return (
        series.dtype == object
        or isinstance(series.dtype, pd.StringDtype)
        or isinstance(series.dtype, pd.CategoricalDtype)
    )


def neutralise_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """A copy of ``frame`` with every text cell (and column name) neutralised, and how many cells changed.

    Column dtypes are kept (a categorical column comes back as text).
    """
    out, changed, _texts = neutralise_table(frame)
    return out, changed


def neutralise_table(frame: pd.DataFrame) -> tuple[pd.DataFrame, int, dict[int, pa.Array]]:
    """:func:`neutralise_frame`, and by position the Arrow string array of every object column of the copy
    that holds only text and nulls: each equals ``pa.array(column, type=pa.string(), from_pandas=True)``,
    made once here for the CSV and workbook writers, which would each make it again (0.045 CPU-s of a
    regency package on province 32, 2026-12-05)."""
    out = frame.copy()
    out.columns = [neutralise_text(str(c)) if isinstance(c, str) else c for c in out.columns]
    changed = 0
    arrays: dict[int, pa.Array] = {}
    # the columns by position through items(), not iloc (a third of the time per column)
    for position, (_name, series) in enumerate(out.items()):
        if not _is_text_column(series):
            continue
        categorical = isinstance(series.dtype, pd.CategoricalDtype)
        if categorical:
            series = series.astype(object)
        values, count, texts = _neutralised(series.to_numpy(dtype=object))
        changed += count
        if texts is not None and series.dtype == object:
            arrays[position] = texts
        if not count and not categorical:  # nothing to change: the copy holds these values already
            continue
        new = pd.Series(values, index=out.index, name=series.name)
        if isinstance(series.dtype, pd.StringDtype):
            new = new.astype(series.dtype)
        out.isetitem(position, new)
    return out, changed, arrays


# --------------------------------------------------------------------------------------------------
# Region isolation
# --------------------------------------------------------------------------------------------------


def _region_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if isinstance(c, str) and (c == "region_code" or c.endswith("_region_code"))]


def _normalise_code(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    text = str(value).strip().replace(".", "")
    return text or None


def assert_region_only(tables: Mapping[str, pd.DataFrame | None], region_code: str) -> None:
    """Raise :class:`RegionIsolationError` if any table with a ``region_code`` column holds another region.

    A null region code counts as foreign: a row that cannot be attributed is not handed out.
    """
    problems = []
    for table, frame in tables.items():
        if frame is None or "region_code" not in frame.columns:
            continue
        codes = frame["region_code"].map(_normalise_code)
        foreign = codes[codes != region_code]
        if len(foreign):
            seen = sorted({str(c) for c in foreign.unique()})[:5]
            problems.append(f"{table}: {len(foreign)} baris wilayah lain {seen}")
    if problems:
        raise RegionIsolationError(
            f"Paket {region_code} hanya boleh memuat baris wilayah {region_code}; ditemukan: " + "; ".join(problems)
        )


def assert_province_only(tables: Mapping[str, pd.DataFrame | None], province_code: str) -> None:
    """Every region code in a provincial table must belong to the province (its first two digits)."""
    problems = []
    for table, frame in tables.items():
        if frame is None:
            continue
        for column in _region_columns(frame):
            codes = frame[column].map(_normalise_code).dropna()
            foreign = codes[~codes.str.startswith(province_code)]
            if len(foreign):
                seen = sorted(foreign.unique())[:5]
                problems.append(f"{table}.{column}: wilayah di luar provinsi {seen}")
    if problems:
        raise RegionIsolationError(
            f"Paket provinsi {province_code} hanya boleh memuat wilayah provinsi itu; ditemukan: " + "; ".join(problems)
        )


def assert_aggregates_only(tables: Mapping[str, pd.DataFrame | None]) -> None:
    """Raise :class:`PersonalDataError` if a table has a person-level column or an 18-digit NIP value."""
    problems = []
    for table, frame in tables.items():
        if frame is None:
            continue
        personal = [c for c in frame.columns if str(c).strip().lower() in PERSONAL_COLUMNS]
        if personal:
            problems.append(f"{table}: kolom data pribadi {personal}")
            continue
        for column in frame.columns:
            series = frame[column]
            if not _is_text_column(series):
                continue
            if series.map(lambda v: isinstance(v, str) and bool(_NIP_VALUE.match(v))).any():
                problems.append(f"{table}.{column}: berisi NIP")
                break
    if problems:
        raise PersonalDataError(
            "Keluaran provinsi hanya boleh berisi agregat, bukan data pribadi; ditemukan: " + "; ".join(problems)
        )
