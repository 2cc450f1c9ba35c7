"""Text a spreadsheet would execute is neutralised in every output format; numbers stay numbers."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from publish_fixtures import make_history, make_meta, make_tables
from publish_readers import csv_fields, html_parts, parquet_values, xlsx_cells

from mutasi.publish import FORMULA_TRIGGERS, neutralise_frame, neutralise_text, publish_region_package
from mutasi.publish.package import publish_province_package

ASCII_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = {
    "=": '=HYPERLINK("http://evil.example/x","klik")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text)) or text.lower() in ("inf", "-inf")
    except ValueError:
        return False


# ---------------------------------------------------------------- unit level


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_every_trigger_gets_a_quote(trigger):
    assert neutralise_text(trigger + "x") == "'" + trigger + "x"
    assert neutralise_text(neutralise_text(trigger + "x")) == "'" + trigger + "x"  # idempotent


@pytest.mark.parametrize("text", ["", "Analis", "a=b", " =1", "'=1", "1-2", "Kota Pontianak"])
def test_harmless_text_is_untouched(text):
    assert neutralise_text(text) == text


def test_frame_neutralises_text_of_every_dtype_and_leaves_numbers():
    frame = pd.DataFrame(
        {
            "obj": ["=1", "ok", None, 5],
            "string": pd.array(["+1", "x", None, "@a"], dtype="string"),
            "cat": pd.Categorical(["-a", "b", "-a", "b"]),
            "neg_int": [-1, -2, 3, 4],
            "neg_float": [-1.5, np.nan, 2.0, -0.0],
            "=col": [1, 2, 3, 4],
        }
    )
    out, changed = neutralise_frame(frame)
    assert out["obj"].tolist()[:2] == ["'=1", "ok"] and out["obj"].tolist()[3] == 5
    assert out["string"].tolist()[0] == "'+1" and out["string"].tolist()[3] == "'@a"
    assert out["cat"].tolist() == ["'-a", "b", "'-a", "b"]
    assert out["neg_int"].tolist() == [-1, -2, 3, 4] and out["neg_int"].dtype == frame["neg_int"].dtype
    assert out["neg_float"].dtype == np.float64
    assert "'=col" in out.columns
    assert changed == 1 + 2 + 2
    assert frame["obj"].tolist()[0] == "=1"  # the input is not modified


# ---------------------------------------------------------------- every output format


@pytest.fixture
def poisoned_package(outputs_root):
    tables = make_tables()
    recs = tables["mutation_recommendations"]
    employees = tables["employee_indices"]
    work = tables["position_workload"]
    quality = tables["data_quality"]
    triggers = list(PAYLOADS)
    recs["explanation"] = [PAYLOADS["="], PAYLOADS["-"]]
    recs["reason_codes"] = [PAYLOADS["+"], PAYLOADS["@"]]
    for i, trigger in enumerate(triggers):
        employees.loc[i, "name"] = PAYLOADS[trigger]
        work.loc[i, "unit_name"] = PAYLOADS[trigger]
    quality.loc[2, "message"] = PAYLOADS["\t"]
    quality.loc[3, "raw_record"] = PAYLOADS["\r"]
    tables["summary"]["=extra_metric"] = 1.5
    meta = replace(
        make_meta(),
        region_name="=Kota Pontianak",
        input_files=[
            {
                "entity": "pegawai",
                "source_file": "@pegawai.csv",
                "sha256": "a" * 64,
                "rows_read": 3,
                "rows_valid": 3,
                "rows_quarantined": 0,
            }
        ],
    )
    return publish_region_package(outputs_root, meta, tables, make_history())


def test_xlsx_has_no_executable_text_and_keeps_numbers(poisoned_package):
    cells = list(xlsx_cells(next(poisoned_package.glob("*.xlsx"))))
    # xlsx stores a CR as the escape _x000D_ (inline strings); openpyxl hands it back as written
    strings = [c.value.replace("_x000D_", "\r") for _s, _c, c in cells if isinstance(c.value, str)]
    assert not [s for s in strings if s.startswith(ASCII_TRIGGERS)]
    for payload in PAYLOADS.values():
        assert "'" + payload in strings
    assert "'=Kota Pontianak" in strings and "'@pegawai.csv" in strings
    assert any(s.startswith("'=extra") or s.startswith("'=Extra") for s in strings)  # a header too
    for _sheet, _coord, cell in cells:
        assert cell.data_type != "f", f"formula in {_sheet}!{_coord}: {cell.value!r}"
    # negative numbers are numbers (staffing gap -2 in Beban Kerja Jabatan)
    negatives = [
        c for s, _c, c in cells if s == "Beban Kerja Jabatan" and isinstance(c.value, (int, float)) and c.value < 0
    ]
    assert negatives and all(c.data_type == "n" for c in negatives)


def test_csv_has_no_executable_text(poisoned_package):
    seen_payloads = set()
    for path in (poisoned_package / "csv").glob("*.csv"):
        for row in csv_fields(path):
            for field in row:
                if field.startswith(ASCII_TRIGGERS):
                    assert _is_number(field), f"{path.name}: {field!r}"
                if field.startswith("'") and field[1:] in PAYLOADS.values():
                    seen_payloads.add(field[1:])
    assert seen_payloads == set(PAYLOADS.values())
    staffing = csv_fields(poisoned_package / "csv" / "position_workload.csv")
    gap = staffing[0].index("staffing_gap")
    assert "-2" in [row[gap] for row in staffing[1:]]


def test_parquet_has_no_executable_text_and_keeps_numeric_types(poisoned_package):
    for path in (poisoned_package / "parquet").glob("*.parquet"):
        for column, values in parquet_values(path).items():
            assert not column.startswith(ASCII_TRIGGERS)
            for value in values:
                if isinstance(value, str):
                    assert not value.startswith(ASCII_TRIGGERS), f"{path.name}.{column}: {value!r}"
    workload = parquet_values(poisoned_package / "parquet" / "position_workload.parquet")
    assert -2 in workload["staffing_gap"] and all(isinstance(v, int) for v in workload["staffing_gap"])
    names = parquet_values(poisoned_package / "parquet" / "employee_indices.parquet")["name"]
    assert set("'" + p for p in PAYLOADS.values()) <= set(names)


def test_html_text_is_neutralised_and_escaped(poisoned_package):
    parts = html_parts(poisoned_package / "scorecard.html")
    offending = [t for t in parts.texts if t.startswith(ASCII_TRIGGERS)]
    assert not offending
    joined = "\n".join(parts.texts)
    assert "'=Kota Pontianak" in joined and "'-2+3" in joined


def test_html_escapes_markup(outputs_root):
    tables = make_tables()
    tables["employee_indices"].loc[0, "professionalism_category"] = "<script>alert(1)</script>"
    tables["position_workload"].loc[0, "unit_name"] = '"><img src=x onerror=alert(1)>'
    package = publish_region_package(outputs_root, replace(make_meta(), region_name="<b>Kota</b>"), tables)
    html = (package / "scorecard.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "<b>Kota</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "onerror=alert(1)&gt;" in html


def test_province_outputs_are_neutralised_too(outputs_root):
    regencies = pd.DataFrame(
        {"region_code": ["6171", "6172"], "region_name": ["=cmd", "@x"], "composite_index": [60.0, -1.0]}
    )
    package = publish_province_package(
        outputs_root, "61", "+Kalimantan Barat", "2026-01-31", "r", "p", {"regencies": regencies}
    )
    strings = [c.value for _s, _c, c in xlsx_cells(next(package.glob("*.xlsx"))) if isinstance(c.value, str)]
    assert not [s for s in strings if s.startswith(ASCII_TRIGGERS)]
    assert {"'=cmd", "'@x", "'+Kalimantan Barat (61)"} <= set(strings)
    values = parquet_values(package / "parquet" / "regencies.parquet")
    assert set(values["region_name"]) == {"'=cmd", "'@x"} and -1.0 in values["composite_index"]
    html = html_parts(package / "scorecard.html")
    assert not [t for t in html.texts if t.startswith(ASCII_TRIGGERS)]
