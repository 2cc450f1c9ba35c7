"""The shortcuts taken for speed (issue 19) give what the general path gives: numbers written as plain
digits skip the repairs and the regex, 18-digit NIPs skip the regex, and columns whose cells are short in
bytes skip the character count of `cell_too_large`."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from mutasi.ingest.readers import MAX_CELL_CHARS, _edge_rows
from validations import parsing as p

TEXT = pd.StringDtype("pyarrow")


def text(values) -> pd.Series:
    return pd.Series(pd.array(values, dtype=TEXT))


def slow_numbers(values: list[str]) -> tuple[list, list]:
    """parse_numbers without the shortcut: every value through the repairs and the regex."""
    raw = pc.fill_null(pc.utf8_trim_whitespace(pa.array(values, type=pa.large_string())), "")
    a, numeric = p._number_text(raw)
    parsed = pc.cast(pc.if_else(numeric, a, pa.scalar(None, a.type)), pa.float64()).to_pylist()
    bad = pc.and_(pc.not_equal(raw, ""), pc.invert(numeric)).to_pylist()
    return parsed, bad


@pytest.mark.parametrize(
    ("value", "expected", "unparseable"),
    [
        ("2024", 2024.0, False),
        ("42.1", 42.1, False),
        ("12.", 12.0, False),
        (".5", 0.5, False),
        ("0012", 12.0, False),
        (" 7 ", 7.0, False),
        ("1,5", 1.5, False),
        ("1.234,5", 1234.5, False),
        ("1 234", 1234.0, False),
        ("+1", 1.0, False),
        ("-1.5", -1.5, False),
        ("1E+5", 100000.0, False),
        ("", None, False),
        (".", None, True),
        ("1..2", None, True),
        ("1.2.3", None, True),
        ("inf", None, True),
        ("nan", None, True),
        ("١٢", None, True),  # Arabic-Indic digits: not ASCII digits
        ("１２", None, True),  # full-width digits
    ],
)
def test_parse_numbers_cases(value, expected, unparseable):
    values, bad = p.parse_numbers(text([value]))
    got = values.iloc[0]
    assert (np.isnan(got) if expected is None else got == pytest.approx(expected)) and bool(bad.iloc[0]) is unparseable


def test_parse_numbers_shortcut_matches_the_general_path():
    rng = random.Random(19)
    alphabet = list("0123456789" * 3) + list(".,+-eE ") + ["", "١", "１", "a", "\u00a0"]
    values = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(20_000)]
    parsed, bad = p.parse_numbers(text(values))
    slow_parsed, slow_bad = slow_numbers(values)
    assert [None if np.isnan(v) else v for v in parsed.tolist()] == slow_parsed
    assert bad.tolist() == slow_bad


def test_eighteen_digits_is_the_regex():
    values = [
        "198609262015051001",
        "19860926201505100",
        "1986092620150510011",
        "19860926201505100a",
        "１98609262015051001",
        "١98609262015051001",
        "",
        "198609262015051 01",
    ]
    a = pa.array(values, type=pa.large_string())
    assert p._eighteen_digits(a).to_pylist() == pc.match_substring_regex(a, r"^\d{18}$").to_pylist()
    nip, _, _, malformed = p.normalise_nip(text(values))
    assert nip.iloc[0] == "198609262015051001" and nip.iloc[1:].isna().all()
    assert malformed.tolist() == [False, True, True, True, True, True, False, True]


def test_cell_too_large_counts_characters_not_bytes():
    wide = "é" * (MAX_CELL_CHARS - 10)  # twice as many bytes as the limit, fewer characters: fine
    huge = "é" * (MAX_CELL_CHARS + 1)
    frame = pd.DataFrame(
        {
            "nip": pd.array(["1", "2", "3"], dtype=TEXT),
            "catatan": pd.array([wide, huge, "x"], dtype=TEXT),
            "source_row": [2, 3, 4],
        }
    )
    kept, bad = _edge_rows(frame)
    assert kept["source_row"].tolist() == [2, 4]
    assert [(b["source_row"], b["rule"]) for b in bad] == [(3, "cell_too_large")]


def test_summary_row_among_the_last_rows():
    frame = pd.DataFrame(
        {
            "nip": pd.array(["1", "2", "3", "JUMLAH", "4"], dtype=TEXT),
            "nama": pd.array(["a", "b", None, "", "c"], dtype=TEXT),
            "source_row": [2, 3, 4, 5, 6],
        }
    )
    kept, bad = _edge_rows(frame)
    assert kept["source_row"].tolist() == [2, 3, 4, 6]
    assert [(b["source_row"], b["rule"]) for b in bad] == [(5, "summary_row")]
