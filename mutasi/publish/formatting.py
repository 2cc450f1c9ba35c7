"""Numbers and dates as an Indonesian reader expects them in the HTML scorecard (1.234,56 and 31 Januari 2026)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from .labels import MONTHS_ID


def is_null(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return bool(np.isnan(value))
    return False


def _group(number: float, decimals: int) -> str:
    # half away from zero, as a reader rounds by hand (68,25 → 68,3), on the shortest decimal text of the
    # float (Python's own format rounds the binary value half to even: 68.25 → "68.2")
    rounded = Decimal(repr(abs(number))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"  # 1,234.56
    text = text.replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")
    sign = "−" if number < 0 and round(abs(number), decimals) != 0 else ""
    return sign + text


def number(value: object, decimals: int = 2) -> str:
    if is_null(value):
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return "Ya" if value else "Tidak"
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return _group(x, decimals)


def format_value(value: object, kind: str) -> str:
    """Show ``value`` as the column ``kind`` asks (see labels.column_kind)."""
    if is_null(value):
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return "Ya" if value else "Tidak"
    if kind == "pct":
        try:
            return number(float(value) * 100, 1) + "%"  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(value)
    if kind in ("count", "int"):
        if isinstance(value, (int, np.integer, float, np.floating)) and float(value) != round(float(value)):
            return number(value, 2)
        text = number(value, 0)
        return text.replace(".", "") if kind == "int" else text
    if kind == "dec1":
        return number(value, 1)
    if kind == "dec3":
        return number(value, 3)
    if kind in ("date", "datetime"):
        return date_text(value, with_time=kind == "datetime")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return number(value, 2)
    return str(value)


def date_text(value: object, with_time: bool = False) -> str:
    if is_null(value):
        return "–"
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return str(value)
    if pd.isna(stamp):
        return str(value)
    text = f"{stamp.day} {MONTHS_ID[stamp.month - 1]} {stamp.year}"
    if with_time:
        text += f", {stamp.hour:02d}.{stamp.minute:02d}"
    return text


def short_date(value: object) -> str:
    """31 Jan 2026 (axis labels)."""
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {MONTHS_ID[stamp.month - 1][:3]} {stamp.year}"


def iso_date(value: object) -> str:
    if isinstance(value, (dt.date, pd.Timestamp)):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    return str(value)
