"""Vectorised parsing of the text cells regencies send into typed values, remembering what was repaired.

Every function takes a text Series (as the readers produce it: Arrow-backed strings, '' = empty) and
works column-at-a-time in Arrow compute kernels, so validating a 9,000-row file costs milliseconds.

Repairs (accepted, counted in the file report): NIP written with spaces, dots or dashes; Excel date
serials; dd-mm-yyyy and dd/mm/yyyy dates; numbers with a decimal comma or stored as text ("7.0");
case of coded values. Anything that cannot be read unambiguously is left null and flagged so that a
named quarantine rule reports it; nothing is guessed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

TEXT = pd.StringDtype("pyarrow")
EXCEL_EPOCH = np.datetime64("1899-12-30", "D")  # Excel's day 0 (its 1900 leap-year bug accounted for)
# Serials of 1900-01-01 .. 2100-12-31; other all-digit values are not dates.
EXCEL_SERIAL_MIN, EXCEL_SERIAL_MAX = 1, 73415
# Dates outside this window are typing errors or placeholder values, not dates (date_unparseable).
DATE_MIN, DATE_MAX = np.datetime64("1900-01-01", "D"), np.datetime64("2100-12-31", "D")

_ISO_DATETIME = r"^(\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$"
_DMY_DASH = r"^(\d{1,2})-(\d{1,2})-(\d{4})$"
_DMY_SLASH = r"^(\d{1,2})/(\d{1,2})/(\d{4})$"
_ISO = r"^\d{4}-\d{1,2}-\d{1,2}$"
_SERIAL = r"^\d{1,5}(\.0+)?$"


def arrow(text: pd.Series) -> pa.Array:
    """The Arrow array behind a text Series (converted once when it is not Arrow-backed)."""
    if not isinstance(text.dtype, pd.StringDtype) or text.dtype.storage != "pyarrow":
        text = text.astype(TEXT)
    chunked = text.array.__arrow_array__()
    return chunked.chunk(0) if chunked.num_chunks == 1 else chunked.combine_chunks()


def series(values: pa.Array, index: pd.Index) -> pd.Series:
    """Arrow strings -> text Series; Arrow booleans -> numpy bool (null = False); others -> numpy."""
    if pa.types.is_boolean(values.type):
        return pd.Series(pc.fill_null(values, False).to_numpy(zero_copy_only=False), index=index, dtype=bool)
    if pa.types.is_string(values.type) or pa.types.is_large_string(values.type):
        return pd.Series(pd.array(values, dtype=TEXT), index=index)
    return pd.Series(values.to_numpy(zero_copy_only=False), index=index)


def as_text(text: pd.Series) -> pd.Series:
    """Arrow-backed text, trimmed, '' for missing (the form every parser below expects)."""
    a = pc.fill_null(pc.utf8_trim_whitespace(arrow(text)), "")
    return series(a, text.index)


def blank_to_null(text: pd.Series) -> pd.Series:
    a = pc.utf8_trim_whitespace(arrow(text))
    return series(pc.if_else(pc.equal(a, ""), pa.scalar(None, a.type), a), text.index)


def _canonical_iso(a: pa.Array) -> pa.Array:
    """Every accepted written form -> 'YYYY-MM-DD' (zero-padded); others unchanged."""
    a = pc.replace_substring_regex(a, _ISO_DATETIME, r"\1")
    a = pc.replace_substring_regex(a, _DMY_DASH, r"\3-\2-\1")
    a = pc.replace_substring_regex(a, _DMY_SLASH, r"\3-\2-\1")
    a = pc.replace_substring_regex(a, r"^(\d{4})-(\d)-", r"\1-0\2-")
    return pc.replace_substring_regex(a, r"^(\d{4}-\d{2})-(\d)$", r"\1-0\2")


def _null(a: pa.Array) -> pa.Scalar:
    return pa.scalar(None, a.type)


def _any(mask: pa.Array) -> bool:
    return bool(pc.any(mask).as_py())


def _parse_date_values(raw: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(datetime64[D] with NaT, was_excel_serial, unparseable) for trimmed text without nulls."""
    nonempty = pc.not_equal(raw, "")
    iso = r"^\d{4}-\d{2}-\d{2}$"
    well_formed = pc.match_substring_regex(raw, iso)
    canon = raw
    todo = pc.and_(nonempty, pc.invert(well_formed))
    if _any(todo):
        # Only the values not already in ISO form: the common written forms by slicing, the rarer ones
        # (no zero padding, a time part) by regex.
        sub = pc.filter(raw, todo)
        fixed = sub
        dmy = pc.or_(
            pc.match_substring_regex(sub, r"^\d{2}-\d{2}-\d{4}$"), pc.match_substring_regex(sub, r"^\d{2}/\d{2}/\d{4}$")
        )
        if _any(dmy):
            swapped = pc.binary_join_element_wise(
                pc.utf8_slice_codeunits(sub, 6, 10),
                pc.utf8_slice_codeunits(sub, 3, 5),
                pc.utf8_slice_codeunits(sub, 0, 2),
                pa.scalar("-", sub.type),
            )
            fixed = pc.if_else(dmy, swapped, fixed)
        rest = pc.invert(dmy)
        if _any(rest):
            fixed = pc.replace_with_mask(fixed, rest, _canonical_iso(pc.filter(sub, rest)))
        canon = pc.replace_with_mask(raw, todo, fixed)
        well_formed = pc.replace_with_mask(well_formed, todo, pc.match_substring_regex(fixed, iso))
    stamp = pc.strptime(pc.if_else(well_formed, canon, _null(canon)), format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls 2023-02-30 over to 2023-03-02: keep only dates whose day is the day written.
    written_day = pc.cast(pc.utf8_slice_codeunits(pc.if_else(well_formed, canon, _null(canon)), 8, 10), pa.int64())
    exact = pc.equal(pc.day(stamp), written_day)
    days = pc.if_else(exact, pc.cast(stamp, pa.date32()), pa.scalar(None, pa.date32()))
    dates = days.to_numpy(zero_copy_only=False).astype("datetime64[D]")
    serial_np = np.zeros(len(dates), dtype=bool)
    unread = pc.and_(nonempty, pc.is_null(days))
    if _any(unread):
        positions = np.flatnonzero(pc.fill_null(unread, False).to_numpy(zero_copy_only=False))
        sub = pc.filter(raw, unread)
        is_serial = pc.match_substring_regex(sub, _SERIAL)
        serial = pc.cast(pc.cast(pc.if_else(is_serial, sub, _null(sub)), pa.float64()), pa.int64())
        ok = pc.fill_null(
            pc.and_kleene(pc.greater_equal(serial, EXCEL_SERIAL_MIN), pc.less_equal(serial, EXCEL_SERIAL_MAX)), False
        ).to_numpy(zero_copy_only=False)
        if ok.any():
            offsets = pc.fill_null(serial, 0).to_numpy(zero_copy_only=False)[ok]
            dates[positions[ok]] = EXCEL_EPOCH + offsets.astype("timedelta64[D]")
            serial_np[positions[ok]] = True
    in_window = (dates >= DATE_MIN) & (dates <= DATE_MAX)
    dates[~in_window] = np.datetime64("NaT")
    filled = nonempty.to_numpy(zero_copy_only=False)
    return dates, serial_np & in_window, filled & ~in_window


def parse_dates(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return (dates as datetime64[ns], was_excel_serial, unparseable) for a text series ('' = missing).

    Accepted: ISO (also with a time part), dd-mm-yyyy, dd/mm/yyyy, and Excel serial numbers
    (1 .. 73415 = 1900-01-01 .. 2100-12-31). A date that does not exist (2023-02-30) or falls outside
    1900–2100 is unparseable, never rolled over. Each distinct text is parsed once.
    """
    raw = pc.fill_null(pc.utf8_trim_whitespace(arrow(text)), "")
    encoded = pc.dictionary_encode(raw) if len(raw) > 64 else None
    if encoded is not None and len(encoded.dictionary) <= len(raw) * 4 // 5:
        dates, serial, bad = _parse_date_values(encoded.dictionary)
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        dates, serial, bad = dates[codes], serial[codes], bad[codes]
    else:
        dates, serial, bad = _parse_date_values(raw)
    index = text.index
    return (
        pd.Series(dates.astype("datetime64[ns]"), index=index),
        pd.Series(serial, index=index),
        pd.Series(bad, index=index),
    )


def _number_text(raw: pa.Array) -> tuple[pa.Array, pa.Array]:
    """(text with the repairs applied, is a number) for trimmed, non-null text: spaces dropped, a decimal
    comma read as a point (and '.' as thousands separator when both appear), then a plain or scientific
    number."""
    a = pc.replace_substring(raw, " ", "")
    both = pc.and_(pc.match_substring(a, "."), pc.match_substring(a, ","))
    a = pc.if_else(both, pc.replace_substring(a, ".", ""), a)
    a = pc.replace_substring(a, ",", ".")
    return a, pc.match_substring_regex(a, r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_numbers(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (float values, unparseable). Accepts '1234', '1234.5', '1234,5', '1.234,5', '7.0', '1 234'."""
    raw = pc.fill_null(pc.utf8_trim_whitespace(arrow(text)), "")
    # Digits with at most one '.' ('2024', '42.1': almost every value) are numbers as written; only the
    # others go through the repairs and the regex (20 -> 9 ms per snapshot of province 32, 2026-12-05).
    numeric = pc.ascii_is_decimal(pc.replace_substring(raw, ".", "", max_replacements=1))
    a = raw
    todo = pc.and_(pc.invert(numeric), pc.not_equal(raw, ""))
    if _any(todo):
        fixed, fixed_numeric = _number_text(pc.filter(raw, todo))
        a = pc.replace_with_mask(raw, todo, fixed)
        numeric = pc.replace_with_mask(numeric, todo, fixed_numeric)
    values = pc.cast(pc.if_else(numeric, a, pa.scalar(None, a.type)), pa.float64())
    out = values.to_numpy(zero_copy_only=False).astype("float64")
    unparseable = pc.and_(pc.not_equal(raw, ""), pc.invert(numeric))
    return pd.Series(out, index=text.index), series(unparseable, text.index)


_NIP_SEPARATORS = r"[\s.\-'=\"]"  # spaces, dots, dashes; Excel's ' prefix and ="..." text formula
_SCIENTIFIC = r"^\d([.,]\d+)?[eE]\+?\d+$"


def _eighteen_digits(a: pa.Array) -> pa.Array:
    """`^\\d{18}$` (ASCII digits, as RE2's \\d) without a regex: 18 bytes, every one a decimal digit
    (normalise_nip 12.5 -> 7.5 ms per snapshot of province 32, 2026-12-05)."""
    return pc.and_(pc.equal(pc.binary_length(a), 18), pc.ascii_is_decimal(a))


def normalise_nip(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Return (nip, had_separators, spreadsheet_damaged, malformed).

    A spreadsheet keeps 15 significant digits: an 18-digit NIP stored as a number shows in scientific
    notation (1.98609262015051E+17), as a float (198609262015051000.0), or with digits 16–18 turned to
    000 (real sequence numbers start at 001). A NIP written with spaces, dots or dashes between its
    digits (19860926 201505 1 001), or kept as text by Excel ('198…, ="198…"), is repaired.
    """
    raw = pc.fill_null(pc.utf8_trim_whitespace(arrow(text)), "")
    n = len(raw)
    clean18 = _eighteen_digits(raw)
    digits = raw
    damaged = pc.ends_with(raw, "000")  # among clean 18-digit values: digits 16-18 lost
    separators = np.zeros(n, dtype=bool)
    others = pc.and_(pc.invert(clean18), pc.not_equal(raw, ""))
    if _any(others):
        # Only the values that are not already 18 plain digits (usually a handful) go through the regexes.
        sub = pc.filter(raw, others)
        scientific = pc.match_substring_regex(sub, _SCIENTIFIC)
        float_like = pc.match_substring_regex(sub, r"^\d{15,18}\.0+$")
        fixed = pc.if_else(
            float_like,
            pc.replace_substring_regex(sub, r"\.0+$", ""),
            pc.replace_substring_regex(sub, _NIP_SEPARATORS, ""),
        )
        fixed18 = _eighteen_digits(fixed)
        sub_damaged = pc.or_(pc.or_(scientific, float_like), pc.and_(fixed18, pc.ends_with(fixed, "000")))
        digits = pc.replace_with_mask(raw, others, fixed)
        damaged = pc.replace_with_mask(pc.and_(clean18, damaged), others, sub_damaged)
        clean18 = pc.replace_with_mask(clean18, others, fixed18)
        positions = np.flatnonzero(others.to_numpy(zero_copy_only=False))
        separators[positions] = pc.and_(fixed18, pc.invert(sub_damaged)).to_numpy(zero_copy_only=False)
    else:
        damaged = pc.and_(clean18, damaged)
    good = pc.and_(clean18, pc.invert(damaged))
    malformed = pc.and_(pc.and_(pc.invert(damaged), pc.invert(clean18)), pc.not_equal(raw, ""))
    nip = pc.if_else(good, digits, pa.scalar(None, digits.type))
    index = text.index
    return series(nip, index), pd.Series(separators, index=index), series(damaged, index), series(malformed, index)


def normalise_code(text: pd.Series, mapping: dict[str, str]) -> pd.Series:
    """Case-insensitive coded values -> canonical spelling (unknown values kept as written, '' -> null)."""
    raw = pc.utf8_trim_whitespace(arrow(text))
    lower = {k.lower(): v for k, v in mapping.items()}
    keys = pa.array(list(lower), type=raw.type)
    position = pc.index_in(pc.utf8_lower(raw), value_set=keys)
    canonical = pc.take(pa.array(list(lower.values()), type=raw.type), position)
    out = pc.coalesce(canonical, raw)
    return series(pc.if_else(pc.equal(out, ""), pa.scalar(None, out.type), out), text.index)


def digits_as_int(text: pd.Series, start: int, stop: int) -> np.ndarray:
    """Characters [start, stop) of each value as an integer (-1 when absent or not digits)."""
    part = pc.utf8_slice_codeunits(pc.fill_null(arrow(text), ""), start, stop)
    ok = pc.match_substring_regex(part, r"^\d+$")
    values = pc.cast(pc.if_else(ok, part, pa.scalar(None, part.type)), pa.int64())
    return pc.fill_null(values, -1).to_numpy(zero_copy_only=False)


def date_key(dates, parts: str = "ymd") -> np.ndarray:
    """yyyymmdd (or yyyymm) of datetime values as integers (-2 for NaT), to compare with NIP digits."""
    values = np.asarray(dates).astype("datetime64[D]")
    nat = np.isnat(values)
    years = values.astype("datetime64[Y]")
    months = values.astype("datetime64[M]")
    y = years.astype(np.int64) + 1970
    m = (months - years).astype(np.int64) + 1
    d = (values - months).astype(np.int64) + 1
    key = y * 100 + m if parts == "ym" else (y * 100 + m) * 100 + d
    return np.where(nat, -2, key)


def to_int(values: pd.Series) -> pd.Series:
    """Float values that are whole numbers -> nullable Int64; others become null (flagged by checks)."""
    arr = values.to_numpy(dtype="float64")
    whole = ~np.isnan(arr) & (np.mod(np.nan_to_num(arr), 1) == 0) & (np.abs(np.nan_to_num(arr)) < 2**53)
    out = pd.array(np.where(whole, arr, 0).astype("int64"), dtype="Int64")
    out[~whole] = pd.NA
    return pd.Series(out, index=values.index)
