"""Vectorised parsing of the text cells regencies send into typed values, remembering what was repaired.

Repairs (accepted, counted in the file report): NIP written with spaces or dots, Excel date serials,
dd-mm-yyyy and dd/mm/yyyy dates, numbers with a decimal comma, case of coded values.
Anything that cannot be read unambiguously is left null and flagged for a named quarantine rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # Excel's day 0 (with its 1900 leap-year bug accounted for)
# Serials from 1900-01-01 up to 2100; anything else that is all digits is not a date.
EXCEL_SERIAL_MIN, EXCEL_SERIAL_MAX = 1, 73050

_ISO = r"^\d{4}-\d{1,2}-\d{1,2}$"
_DMY_DASH = r"^\d{1,2}-\d{1,2}-\d{4}$"
_DMY_SLASH = r"^\d{1,2}/\d{1,2}/\d{4}$"
_SERIAL = r"^\d{1,5}(\.0+)?$"
_ISO_DATETIME = r"^\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$"


def parse_dates(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return (dates, was_excel_serial, unparseable) for a text series ('' = missing)."""
    text = text.astype("string").fillna("").str.strip()
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    iso = text.str.match(_ISO) | text.str.match(_ISO_DATETIME)
    out[iso] = pd.to_datetime(text[iso].str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    dash = text.str.match(_DMY_DASH)
    out[dash] = pd.to_datetime(text[dash], format="%d-%m-%Y", errors="coerce")
    slash = text.str.match(_DMY_SLASH)
    out[slash] = pd.to_datetime(text[slash], format="%d/%m/%Y", errors="coerce")
    serial = text.str.match(_SERIAL)
    numbers = pd.to_numeric(text[serial], errors="coerce")
    in_range = numbers.between(EXCEL_SERIAL_MIN, EXCEL_SERIAL_MAX)
    serial_index = numbers.index[in_range]
    out[serial_index] = EXCEL_EPOCH + pd.to_timedelta(numbers[in_range].astype("int64"), unit="D")
    was_serial = pd.Series(False, index=text.index)
    was_serial[serial_index] = True
    unparseable = (text != "") & out.isna()
    return out, was_serial, unparseable


def parse_numbers(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (float values, unparseable). Accepts '1234', '1234.5', '1234,5', '1.234,5'."""
    text = text.astype("string").fillna("").str.strip().str.replace(" ", "", regex=False)
    both = text.str.contains(".", regex=False) & text.str.contains(",", regex=False)
    cleaned = text.where(~both, text.str.replace(".", "", regex=False))
    cleaned = cleaned.str.replace(",", ".", regex=False)
    values = pd.to_numeric(cleaned.where(cleaned != "", None), errors="coerce").astype("float64")
    unparseable = (text != "") & values.isna()
    return values, unparseable


_NIP_SEPARATORS = r"[\s.\-]"
_SCIENTIFIC = r"^\d(\.\d+)?[eE]\+?\d+$"


def normalise_nip(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Return (nip, had_separators, spreadsheet_damaged, malformed).

    A spreadsheet keeps 15 significant digits: an 18-digit NIP stored as a number shows as scientific
    notation or loses digits 16–18 (they become 000; real sequence numbers start at 001).
    """
    text = text.astype("string").fillna("").str.strip()
    scientific = text.str.match(_SCIENTIFIC)
    float_like = text.str.match(r"^\d{15,18}\.0+$")
    stripped = text.str.replace(_NIP_SEPARATORS, "", regex=True)
    had_separators = (stripped != text) & stripped.str.fullmatch(r"\d{18}") & ~float_like
    stripped = stripped.where(~float_like, text.str.replace(r"\.0+$", "", regex=True))
    eighteen = stripped.str.fullmatch(r"\d{18}")
    zeros_tail = eighteen & stripped.str.endswith("000")
    damaged = scientific | float_like | zeros_tail
    malformed = ~damaged & ~eighteen
    return stripped.where(eighteen & ~damaged, None), had_separators.fillna(False), damaged, malformed


def normalise_code(text: pd.Series, mapping: dict[str, str]) -> pd.Series:
    """Case-insensitive coded values -> canonical spelling (unknown values kept as written)."""
    text = text.astype("string").fillna("").str.strip()
    canonical = text.str.lower().map({k.lower(): v for k, v in mapping.items()})
    return canonical.where(canonical.notna(), text).astype("string")


def blank_to_null(text: pd.Series) -> pd.Series:
    text = text.astype("string").str.strip()
    return text.where(text != "", None)


def nip_birth_date(nip: pd.Series) -> pd.Series:
    return pd.to_datetime(nip.str.slice(0, 8), format="%Y%m%d", errors="coerce")


def nip_gender(nip: pd.Series) -> pd.Series:
    return nip.str.slice(14, 15).map({"1": "L", "2": "P"})


def to_int(values: pd.Series) -> pd.Series:
    """Float values that are whole numbers -> nullable Int64; others become null (flagged by checks)."""
    whole = values.notna() & np.isclose(values.fillna(0) % 1, 0)
    return values.where(whole).round().astype("Int64")
