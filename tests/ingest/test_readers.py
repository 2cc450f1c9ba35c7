"""The CSV reader's fast path (Arrow) and exact path (csv module) read the same bytes the same way."""

from __future__ import annotations

import pandas as pd
import pytest

import mutasi.ingest.readers as readers
from mutasi.ingest.readers import read_extract

from .builders import PEGAWAI


def tricky() -> pd.DataFrame:
    frame = PEGAWAI.copy()
    frame.loc[0, "nama"] = 'Drs. H. Ahmad "Abah" Yani, M.Si.'  # quotes and the delimiter inside a value
    frame.loc[1, "nama"] = "Siti\nAminah"  # a line break inside a value
    frame.loc[2, "nama"] = "  Ni Luh Putu Ayu  "  # surrounding spaces are trimmed
    frame.loc[3, "nama"] = "Désirée; Ñoño"  # non-ASCII and the other delimiter
    frame.loc[4, "pendidikan_jurusan"] = ""
    return frame


@pytest.mark.parametrize(
    "sep, encoding, bom, newline",
    [
        (",", "utf-8", False, "\n"),
        (";", "cp1252", False, "\r\n"),
        (",", "utf-8", True, "\r\n"),
        (";", "utf-8", True, "\n"),
    ],
)
def test_fast_and_exact_paths_agree(tmp_path, monkeypatch, sep, encoding, bom, newline):
    data = tricky().to_csv(index=False, sep=sep, lineterminator=newline).encode(encoding)
    path = tmp_path / "pegawai.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    fast = read_extract(path, "pegawai", "6171")
    calls = []
    real = readers._arrow_body
    monkeypatch.setattr(readers, "_arrow_body", lambda *a, **k: calls.append(1) or None)
    exact = read_extract(path, "pegawai", "6171")
    monkeypatch.setattr(readers, "_arrow_body", real)
    assert calls == [1]
    pd.testing.assert_frame_equal(fast.frame, exact.frame, check_dtype=False)
    assert fast.frame.loc[1, "nama"] == "Siti\nAminah" and fast.frame.loc[2, "nama"] == "Ni Luh Putu Ayu"
    assert fast.frame.loc[0, "nama"] == 'Drs. H. Ahmad "Abah" Yani, M.Si.'
    assert list(fast.frame["source_row"]) == list(range(2, 12))
    assert (fast.encoding, fast.delimiter) == ("utf-8-sig" if bom else encoding, sep)
