"""Small vectorised date helpers on numpy datetime64[D] arrays."""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np

NAT = np.datetime64("NaT", "D")


def add_months(d: dt.date, months: int) -> dt.date:
    """Calendar month arithmetic, clamping the day to the end of the month (31 Mar − 1 month = 28/29 Feb)."""
    idx = d.year * 12 + (d.month - 1) + months
    year, month = divmod(idx, 12)
    month += 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def d64(d: dt.date) -> np.datetime64:
    return np.datetime64(d, "D")


def ymd(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day of a datetime64[D] array (NaT gives garbage: mask it yourself)."""
    a = np.asarray(a, dtype="datetime64[D]")
    months = a.astype("datetime64[M]")
    y = months.astype("datetime64[Y]").astype(np.int64) + 1970
    m = months.astype(np.int64) % 12 + 1
    d = (a - months.astype("datetime64[D]")).astype(np.int64) + 1
    return y, m, d


def age_years(birth: np.ndarray, at: dt.date) -> np.ndarray:
    """Exact age in whole years on date ``at``."""
    y, m, d = ymd(birth)
    before = (at.month < m) | ((at.month == m) & (at.day < d))
    return at.year - y - before.astype(np.int64)


def years_between(start: np.ndarray, at: dt.date) -> np.ndarray:
    """Fractional years from ``start`` to ``at`` (365.25-day years)."""
    return (d64(at) - np.asarray(start, dtype="datetime64[D]")).astype(np.float64) / 365.25


def first_of_month(a: np.ndarray) -> np.ndarray:
    return np.asarray(a, dtype="datetime64[D]").astype("datetime64[M]").astype("datetime64[D]")


def yyyymmdd(a: np.ndarray) -> np.ndarray:
    y, m, d = ymd(a)
    return y * 10000 + m * 100 + d


def yyyymm(a: np.ndarray) -> np.ndarray:
    y, m, _ = ymd(a)
    return y * 100 + m


def excel_serial(a: np.ndarray) -> np.ndarray:
    """Excel 1900 date system serial number (valid after 1 March 1900)."""
    return (np.asarray(a, dtype="datetime64[D]") - np.datetime64("1899-12-30", "D")).astype(np.int64)
