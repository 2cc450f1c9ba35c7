"""The workbook writer converts a column at once (by dtype); every cell must come out as the cell-by-cell
rule (`writers._cell`) says, column widths as `_display_length` says, and no text may reach the sheet XML
unescaped."""

from __future__ import annotations

import datetime as dt
import decimal
import math

import numpy as np
import openpyxl
import pandas as pd
import pytest
from publish_fixtures import make_meta, make_tables

from mutasi.publish import FORMULA_TRIGGERS, publish_region_package, writers

KINDS = ("text", "int", "count", "dec2", "dec3", "pct", "date", "datetime")
N = 7


def _columns() -> dict[str, pd.Series]:
    stamps = pd.to_datetime(["2026-01-31", None, "2025-12-31", "2024-02-29", "1999-01-01", "2026-01-31", None])
    return {
        "int64": pd.Series([3, -20, 0, 10**15, 7, -1, 2], dtype="int64"),
        "int32": pd.Series([3, -20, 0, 1, 7, -1, 2], dtype="int32"),
        "uint64": pd.Series([0, 1, 2**63, 5, 6, 7, 8], dtype="uint64"),
        "Int64": pd.Series([1, None, -300, 4, None, 6, 0], dtype="Int64"),
        "float64": pd.Series([1.5, np.nan, -0.0, 1e20, -123456.789, 0.1 + 0.2, 2.0]),
        "float_inf": pd.Series([1.5, np.inf, -np.inf, np.nan, 0.0, -2.25, 9.9996]),
        "float32": pd.Series([1.5, np.nan, 3.3, 4, 5, 6, 7], dtype="float32"),
        "Float64": pd.Series([1.5, None, 3.25, None, -5.0, 6.0, 7.0], dtype="Float64"),
        "bool": pd.Series([True, False, True, True, False, False, True]),
        "boolean": pd.Series([True, None, False, True, None, False, True], dtype="boolean"),
        "datetime": pd.Series(stamps),
        "datetime_us": pd.Series(stamps.astype("datetime64[us]")),
        "datetime_time": pd.Series(
            pd.to_datetime(["2026-01-31 08:30", None, "2026-01-31 00:00", *["2025-01-01 00:00"] * 4])
        ),
        "datetime_tz": pd.Series(stamps.tz_localize("Asia/Jakarta")),
        "text": pd.Series(["Analis", None, "=1+1", "-2", "a\nlonger line", "", "\tx"], dtype=object),
        "text_nan": pd.Series(["x", np.nan, "@SUM(1)", None, pd.NA, "+y", "ok"], dtype=object),
        "string": pd.Series(["x", None, "=a", "b", "c", "d", "\r=1"], dtype="string"),
        "category": pd.Series(pd.Categorical(["-a", "b", None, "b", "=c", "d", "d"])),
        "mixed": pd.Series([1, "=x", 2.5, None, True, dt.date(2026, 1, 31), decimal.Decimal("1.25")], dtype=object),
        "containers": pd.Series([{"a": "=1"}, ["-x", 1], (1, 2), {3}, None, "y", np.int64(4)], dtype=object),
        "datetimes_obj": pd.Series(
            [dt.datetime(2026, 1, 31, 9), dt.date(2026, 1, 1), pd.Timestamp("2026-01-02"), None, np.nan, "t", 1],
            dtype=object,
        ),
        "timedelta": pd.Series(pd.to_timedelta([1, 2, None, 4, 5, 6, 7], unit="D")),
        "long_text": pd.Series(["x" * 40_000, "=" + "y" * 40_000, None, "a", "b", "c", "d"], dtype=object),
        "all_null": pd.Series([None] * N, dtype=object),
        "empty_float": pd.Series([np.nan] * N),
    }


COLUMNS = _columns()


def _expanded(column: writers._ColumnCells) -> list:
    if column.method is None:
        return column.values
    return [None if v is None else (column.method, v, column.kind) for v in column.values]


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    (ma, va, ka), (mb, vb, kb) = a, b
    if isinstance(va, float) and isinstance(vb, float) and math.isnan(va) and math.isnan(vb):
        return (ma, ka) == (mb, kb)
    return (ma, va, ka) == (mb, vb, kb) and type(va) is type(vb)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(COLUMNS))
def test_column_conversion_matches_the_cell_rule(name, kind):
    series = COLUMNS[name]
    expected = [writers._cell(v, kind) for v in series.tolist()]
    got = _expanded(writers._column_cells(series, kind))
    assert len(got) == len(expected)
    for row, (a, b) in enumerate(zip(got, expected)):
        assert _same(a, b), f"{name} row {row} kind {kind}: {a!r} != {b!r}"
    for cell in got:
        if cell is not None and cell[0] == "string":
            assert not cell[1].startswith(FORMULA_TRIGGERS), (name, cell)


def test_per_row_kinds_follow_the_cell_rule():
    series = pd.Series([0.25, "Kota", 12, None, pd.Timestamp("2026-01-31")], dtype=object)
    kinds = ["pct", "text", "count", "dec2", "date"]
    got = _expanded(writers._column_cells(series, "text", kinds))
    assert got == [writers._cell(v, k) for v, k in zip(series.tolist(), kinds)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(COLUMNS))
def test_column_width_matches_the_value_rule(name, kind):
    series = COLUMNS[name]
    expected = max((writers._display_length(v, kind) for v in series.tolist()), default=0)
    assert writers._longest(series, kind) == expected


def test_text_that_looks_like_rich_markup_cannot_add_cells(outputs_root):
    """xlsxwriter writes '<r>…</r>' text into the sheet XML as it is: it must not be able to add a formula."""
    payload = '<r><t>x</t></r></is></c><c r="Z2"><f>1+1</f><v>2</v></c><c t="inlineStr"><is><r><t>y</t></r>'
    tables = make_tables()
    tables["employee_indices"].loc[0, "name"] = payload
    tables["position_workload"]["<r>kolom</r>"] = 1
    package = publish_region_package(outputs_root, make_meta(), tables)
    book = openpyxl.load_workbook(next(package.glob("*.xlsx")))
    employees = book["Indeks Pegawai"]
    names = [c.value for c in employees["D"]]
    assert employees["D1"].value == "Nama" and payload in names
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {sheet.title}!{cell.coordinate}: {cell.value!r}"
    assert employees["Z2"].value is None
    assert [c.value for c in book["Beban Kerja Jabatan"][1]][-1] == "<r>kolom</r>"
