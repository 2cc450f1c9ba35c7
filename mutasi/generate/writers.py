"""How each region delivers its files: CSV dialect, encoding, date style, XLSX title rows, Parquet.

The style of a region is a pure function of its code (not of the seed), so a region always "uses the
same SIMPEG export": about 1/3 of regions deliver XLSX, the others CSV; of the CSV regions about 40 %
write semicolon-separated Windows-1252 with CRLF line ends (Excel on an Indonesian-locale PC), the rest
comma-separated UTF-8, some of them with a byte-order mark. Dates are ISO in most regions and
``dd-mm-yyyy`` or ``dd/mm/yyyy`` in the others; XLSX files hold real date cells.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import catalog as C
from .damage import DamagePlan

FORMATS = ("csv", "xlsx", "parquet")
FLOAT_DECIMALS = {"skor_potensi": 1, "nilai": 2, "nilai_ikm": 2}


@dataclass(frozen=True)
class RegionStyle:
    file_format: str  # csv | xlsx | parquet
    delimiter: str = ","
    encoding: str = "utf-8"
    bom: bool = False
    lineterminator: str = "\n"
    date_format: str = "iso"  # iso | dd-mm-yyyy | dd/mm/yyyy
    title_rows: int = 0  # XLSX only: rows above the header

    @property
    def extension(self) -> str:
        return self.file_format

    def describe(self) -> str:
        if self.file_format == "csv":
            enc = self.encoding + ("-sig" if self.bom else "")
            return f"csv ({self.delimiter!r}, {enc}, dates {self.date_format})"
        if self.file_format == "xlsx":
            return f"xlsx ({self.title_rows} title rows, date cells)"
        return "parquet (text columns, ISO dates)"


def _unit_floats(key: str) -> list[float]:
    h = hashlib.sha256(key.encode()).digest()
    return [int.from_bytes(h[4 * i : 4 * i + 4], "big") / 2**32 for i in range(8)]


def region_style(region_code: str, file_format: str | None = None) -> RegionStyle:
    u = _unit_floats(f"mutasi-extract-style:{region_code}")
    fmt = file_format or ("xlsx" if u[0] < 1 / 3 else "csv")
    if fmt not in FORMATS:
        raise ValueError(f"file_format must be one of {FORMATS} or None, not {file_format!r}")
    semicolon = u[1] < 0.4
    date_format = "iso" if u[3] < 0.6 else ("dd-mm-yyyy" if u[3] < 0.8 else "dd/mm/yyyy")
    title_rows = 0 if u[4] < 0.2 else (1 if u[4] < 0.5 else 2)
    if fmt == "parquet":
        return RegionStyle("parquet")
    return RegionStyle(
        file_format=fmt,
        delimiter=";" if semicolon else ",",
        encoding="cp1252" if semicolon else "utf-8",
        bom=(not semicolon) and u[2] < 0.35,
        lineterminator="\r\n" if semicolon else "\n",
        date_format=date_format if fmt == "csv" else "iso",
        title_rows=title_rows if fmt == "xlsx" else 0,
    )


# ------------------------------------------------------------------------------------------------
# text rendering (CSV, Parquet)


def _date_text(values: np.ndarray, style: str) -> np.ndarray:
    """Dates as text in the region's style; NaT as "". Formats each distinct day once."""
    d = np.asarray(values, dtype="datetime64[D]")
    uniq, inv = np.unique(d, return_inverse=True)
    iso = np.datetime_as_string(uniq, unit="D").astype(object)
    if style != "iso":
        sep = "-" if style == "dd-mm-yyyy" else "/"
        iso = np.array([f"{v[8:10]}{sep}{v[5:7]}{sep}{v[:4]}" if v != "NaT" else v for v in iso], dtype=object)
    iso[iso == "NaT"] = ""
    return iso[inv.reshape(-1)]


def format_date(value: dt.date, style: str) -> str:
    if style == "iso":
        return value.isoformat()
    return value.strftime("%d-%m-%Y" if style == "dd-mm-yyyy" else "%d/%m/%Y")


def _text_column(name: str, values: pd.Series, date_style: str) -> np.ndarray:
    arr = values.to_numpy()
    if np.issubdtype(arr.dtype, np.datetime64):
        return _date_text(arr, date_style)
    if np.issubdtype(arr.dtype, np.integer):
        return arr.astype(str).astype(object)
    if np.issubdtype(arr.dtype, np.floating):
        nd = FLOAT_DECIMALS.get(name, 2)
        out = np.char.mod(f"%.{nd}f", np.nan_to_num(arr)).astype(object)
        out[np.isnan(arr)] = ""
        return out
    out = arr.astype(object)
    out[pd.isna(out)] = ""
    return out


def render_text(table: pd.DataFrame, plan: DamagePlan, date_style: str) -> pd.DataFrame:
    t = table.iloc[plan.order].reset_index(drop=True) if len(plan.order) != len(table) or plan.overrides else table
    data = {c: _text_column(c, t[c], date_style) for c in t.columns}
    for o in plan.overrides:
        text = o.text
        if isinstance(text, dt.date):
            text = format_date(text, date_style)
        data[o.column][o.row] = str(text)
    return pd.DataFrame(data, columns=list(t.columns))


# ------------------------------------------------------------------------------------------------
# writers


def _atomic_write(path: Path, payload: bytes) -> None:
    tmp = path.with_name(f".{path.name}.partial")
    tmp.write_bytes(payload)
    os.replace(tmp, path)


def write_csv(path: Path, table: pd.DataFrame, plan: DamagePlan, style: RegionStyle) -> int:
    text = render_text(table, plan, style.date_format)
    body = text.to_csv(index=False, sep=style.delimiter, lineterminator=style.lineterminator)
    payload = body.encode(style.encoding)
    if style.bom:
        payload = b"\xef\xbb\xbf" + payload
    _atomic_write(path, payload)
    return len(text)


def write_parquet(path: Path, table: pd.DataFrame, plan: DamagePlan) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    text = render_text(table, plan, "iso")
    arrays = [pa.array([None if v == "" else v for v in text[c].tolist()], type=pa.string()) for c in text.columns]
    tbl = pa.Table.from_arrays(arrays, names=list(text.columns))
    buf = io.BytesIO()
    pq.write_table(tbl, buf, compression="snappy")
    _atomic_write(path, buf.getvalue())
    return len(text)


def _cell_column(values: pd.Series) -> list:
    arr = values.to_numpy()
    if np.issubdtype(arr.dtype, np.datetime64):
        d = np.asarray(arr, dtype="datetime64[D]")
        out = d.astype(object)  # datetime.date or None for NaT
        return out.tolist()
    if np.issubdtype(arr.dtype, np.integer):
        return arr.tolist()
    if np.issubdtype(arr.dtype, np.floating):
        return [None if np.isnan(v) else v for v in arr.tolist()]
    return [None if (v is None or (isinstance(v, float) and np.isnan(v))) else v for v in arr.tolist()]


def write_xlsx(
    path: Path,
    table: pd.DataFrame,
    plan: DamagePlan,
    style: RegionStyle,
    entity: str,
    region_name: str,
    snapshot: dt.date,
) -> tuple[int, int]:
    """Returns (rows written, 1-based row number of the header)."""
    import xlsxwriter

    t = table.iloc[plan.order].reset_index(drop=True)
    columns = [_cell_column(t[c]) for c in t.columns]
    col_index = {c: i for i, c in enumerate(t.columns)}
    by_row: dict[int, list] = {}
    for o in plan.overrides:
        by_row.setdefault(o.row, []).append(o)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {
            "constant_memory": True,
            "default_date_format": "dd/mm/yyyy",
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    stamp = dt.datetime(snapshot.year, snapshot.month, snapshot.day, 7, 0, 0)
    wb.set_properties({"created": stamp, "author": "SIMPEG", "title": C.ENTITY_TITLES[entity]})
    bold = wb.add_format({"bold": True})
    plain = wb.add_format()
    datefmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet(entity)
    r = 0
    if style.title_rows >= 1:
        ws.write_string(r, 0, f"{C.ENTITY_TITLES[entity]} PEMERINTAH {region_name.upper()}", bold)
        r += 1
    if style.title_rows >= 2:
        ws.write_string(r, 0, f"Keadaan per {snapshot.strftime('%d-%m-%Y')}")
        r += 1
    ws.write_row(r, 0, list(t.columns), bold)
    header_row = r + 1
    r += 1
    for i, row in enumerate(zip(*columns)):
        ws.write_row(r, 0, row)
        for o in by_row.get(i, ()):
            value = o.cell
            c = col_index[o.column]
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), datefmt)
            elif isinstance(value, str):
                ws.write_string(r, c, value)
            else:
                ws.write_number(r, c, value, plain)
        r += 1
    wb.close()
    _atomic_write(path, buf.getvalue())
    return len(t), header_row


def remove_other_formats(folder: Path, entity: str, keep: str) -> None:
    for ext in FORMATS:
        if ext != keep:
            p = folder / f"{entity}.{ext}"
            if p.exists():
                p.unlink()
