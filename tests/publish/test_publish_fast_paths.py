"""The column-at-a-time paths of the writers (issue 19) against the definitions they replace: the CSV bytes
are pandas' to_csv, the Parquet bytes pandas' to_parquet, the workbook columns what `_column_cells` makes,
and the text arrays handed over by `neutralise_table` the ones the writers would make themselves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from test_publish_workbook_columns import COLUMNS, KINDS

from mutasi.publish import writers
from mutasi.publish.safety import (
    FORMULA_TRIGGERS,
    formula_mask,
    neutralise_frame,
    neutralise_table,
    neutralise_text,
    text_array,
)

N = 4000


@pytest.fixture(autouse=True)
def _arrow_csv_for_every_size(monkeypatch):
    """The Arrow CSV path for small tables too (the package leaves those to pandas, which is quicker there)."""
    monkeypatch.setattr(writers, "CSV_ARROW_MIN_ROWS", 0)


def _pandas_bytes(tmp_path, frame: pd.DataFrame) -> bytes:
    path = tmp_path / "pandas.csv"
    writers.pandas_csv(path, frame)
    return path.read_bytes()


def _awkward_frame(rows: int = N, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    floats = rng.normal(0, 10.0 ** rng.integers(-8, 20, rows))
    floats[:12] = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-4, 9.99e8, 1e9, 5e-5, 1e16, 123456789012.25, 2.5]
    texts = [
        "a,b",
        'say "hi"',
        "x\ny",
        "r\r",
        "",
        None,
        np.nan,
        "plain",
        "é ü 中",
        "'=1",
        " sp ",
        "nul\x00",
        "\t=tab",
    ]
    stamps = pd.Series(pd.to_datetime(rng.integers(-(2**31), 2**32, rows), unit="s").astype("datetime64[us]"))
    stamps = stamps.where(rng.random(rows) > 0.1)
    frame = pd.DataFrame(
        {
            "f": floats,
            "f4": np.round(floats, 4),
            "small": [round(v, d) for v, d in zip(rng.random(rows).tolist(), rng.integers(0, 7, rows).tolist())],
            "whole": np.round(rng.normal(0, 1e6, rows)),
            "f32": floats.astype("float32"),
            "i": np.arange(rows) - rows // 2,
            "u": np.arange(rows, dtype="uint64") * 2**40,
            "t": pd.Series(rng.choice(np.array(texts, dtype=object), rows), dtype=object),
            "b": rng.random(rows) > 0.5,
            "I": pd.Series(rng.integers(-5, 5, rows), dtype="Int32").where(rng.random(rows) > 0.2),
            "B": pd.array(rng.choice([True, False, None], rows), dtype="boolean"),
            "d": stamps,
            "dn": stamps.astype("datetime64[ns]"),
            "none": pd.Series([None] * rows, dtype=object),
        }
    )
    frame.loc[3, "t"] = pd.NA
    return frame


def test_csv_bytes_are_pandas_to_csv(tmp_path):
    frame = _awkward_frame()
    got = writers.csv_bytes(frame)
    assert got is not None  # every column above has an Arrow path
    assert got == _pandas_bytes(tmp_path, frame)
    assert writers.csv_bytes(frame.iloc[:0]) == _pandas_bytes(tmp_path, frame.iloc[:0])


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"only": ["a", None, ""]}),  # one column: the csv module quotes an empty row
        pd.DataFrame({"x": [1, 2], "when": pd.to_datetime(["2026-01-31", "2026-02-01"]).tz_localize("Asia/Jakarta")}),
        pd.DataFrame({"x": [1, 2], "mixed": pd.Series([1, "a"], dtype=object)}),
        pd.DataFrame({"x": [1, 2], "old": np.array(["0999-12-31", "2026-01-31"], dtype="datetime64[us]")}),
        pd.DataFrame({1: [1, 2], "x": ["a", "b"]}),  # a column label that is not text
        pd.DataFrame({"x": [1, 2], "cat": pd.Categorical(["a", "b"])}),
        pd.DataFrame({"x": [1.5, None], "F": pd.array([1.5, None], dtype="Float64")}),
    ],
)
def test_csv_of_other_frames_is_written_by_pandas(tmp_path, frame):
    assert writers.csv_bytes(frame) is None
    path = tmp_path / "x.csv"
    writers.write_csv(path, frame)
    assert path.read_bytes() == _pandas_bytes(tmp_path, frame)


def test_small_tables_are_written_by_pandas(tmp_path, monkeypatch):
    monkeypatch.setattr(writers, "CSV_ARROW_MIN_ROWS", 400)
    frame = _awkward_frame(399)
    assert writers.csv_bytes(frame) is None
    assert writers.csv_bytes(_awkward_frame(400)) is not None


def test_csv_with_handed_over_texts_is_the_same(tmp_path):
    frame = _awkward_frame(500)
    safe, _count, texts = neutralise_table(frame)
    assert texts  # the text columns
    plain, handed = tmp_path / "plain.csv", tmp_path / "handed.csv"
    writers.write_csv(plain, safe)
    writers.write_csv(handed, safe, texts)
    assert handed.read_bytes() == plain.read_bytes() == _pandas_bytes(tmp_path, safe)


def test_parquet_bytes_are_pandas_to_parquet(tmp_path):
    frame = _awkward_frame(500).assign(mixed=pd.Series([1, "=a", None, 2.5] * 125, dtype=object))
    ours, theirs = tmp_path / "ours.parquet", tmp_path / "theirs.parquet"
    writers.write_parquet(ours, frame)
    writers.arrow_safe(frame).to_parquet(theirs, index=False, engine="pyarrow")
    assert ours.read_bytes() == theirs.read_bytes()


def test_neutralise_table_hands_over_the_texts_of_the_copy():
    frame = pd.DataFrame(
        {
            "text": ["=1", None, "ok", np.nan],
            "cat": pd.Categorical(["-a", "b", None, "b"]),
            "mixed": pd.Series(["=x", 1, None, "y"], dtype=object),
            "string": pd.Series(["+1", None, "a", "b"], dtype="string"),
            "n": [1, 2, 3, 4],
            "empty": [None] * 4,
        }
    )
    safe, changed, texts = neutralise_table(frame)
    expected_safe, expected_changed = neutralise_frame(frame)
    pd.testing.assert_frame_equal(safe, expected_safe)
    assert changed == expected_changed == 4
    assert set(texts) == {0, 1, 5}  # the object columns of text and nulls (the categorical comes back as text)
    for position, array in texts.items():
        assert array.equals(pa.array(safe.iloc[:, position], type=pa.string(), from_pandas=True))
    assert frame["text"].tolist()[0] == "=1"  # the input is not modified


def _arrow_of_cells(cells: writers._ColumnCells) -> pa.Array:
    return writers._arrow_column(cells)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(COLUMNS))
def test_column_arrays_are_the_column_cells(name, kind):
    """Where the Arrow path converts a column, it gives what `_column_cells` gives; elsewhere it leaves the
    column to `_column_cells` (None)."""
    series = COLUMNS[name]
    cells = writers._column_cells(series, kind)
    fast = writers._column_array(series, kind)
    if fast is None:
        return
    array, method, fast_kind = fast
    assert (cells.method, cells.kind) == (method, fast_kind), name
    assert array.equals(_arrow_of_cells(cells)), name
    if method == "string":
        assert not any(v.startswith(FORMULA_TRIGGERS) for v in array.drop_null().to_pylist())


def test_the_usual_columns_take_the_arrow_path():
    for name in ("int64", "Int64", "float64", "bool", "boolean", "datetime", "datetime_us", "text", "text_nan"):
        assert writers._column_array(COLUMNS[name], "dec2") is not None, name
    for name in ("float_inf", "mixed", "containers", "long_text"):
        assert writers._column_array(COLUMNS[name], "dec2") is None, name


@pytest.mark.parametrize("name", ["text", "text_nan", "all_null", "long_text"])
def test_handed_over_texts_are_used_as_made(name):
    series = COLUMNS[name]
    given = text_array(series.to_numpy(dtype=object))
    assert given is not None
    for kind in KINDS:
        assert writers._longest(series, kind, given) == writers._longest(series, kind)
        fast, handed = writers._column_array(series, kind), writers._column_array(series, kind, given)
        assert (fast is None) == (handed is None)
        if fast is not None:
            assert fast[0].equals(handed[0]) and fast[1:] == handed[1:]


def test_a_handed_over_array_of_another_length_is_not_used():
    series = COLUMNS["text"]
    wrong = pa.array(["=evil"] * (len(series) + 1))
    array, _method, _kind = writers._column_array(series, "text", wrong)
    assert len(array) == len(series)


def test_formula_mask_is_the_text_rule():
    rng = np.random.default_rng(3)
    alphabet = [*FORMULA_TRIGGERS, "a", "é", "\uff41", "'", " ", "中", "\n"]
    values = ["".join(rng.choice(alphabet, rng.integers(0, 4))) for _ in range(3000)] + [None] * 50
    rng.shuffle(values)
    texts = pa.array(values, type=pa.string())
    for start in (0, 1, 17):  # a slice starts within the buffers
        part = texts.slice(start)
        expected = [v is not None and neutralise_text(v) != v for v in values[start:]]
        assert formula_mask(part).to_pylist() == expected
    quiet = pa.array(["ab", "\uff41x", None, ""] * 10)
    assert not any(formula_mask(quiet).to_pylist())
    assert formula_mask(pa.array([None, None], type=pa.string())).to_pylist() == [False, False]
