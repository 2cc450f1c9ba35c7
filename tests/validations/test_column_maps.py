"""The per-region column maps shipped in validations/column_maps/ are usable."""

from __future__ import annotations

import pytest

from mutasi.ingest.headers import COLUMN_MAPS_DIR, ColumnMapError, _load_column_map, map_headers
from mutasi.reference import is_region

MAPS = sorted(COLUMN_MAPS_DIR.glob("*.y*ml"))


def test_there_is_a_documented_example():
    assert (COLUMN_MAPS_DIR / "example.yaml") in MAPS
    assert (COLUMN_MAPS_DIR / "README.md").exists()


@pytest.mark.parametrize("path", MAPS, ids=[p.name for p in MAPS])
def test_each_map_loads_and_is_named_by_a_region(path):
    cmap = _load_column_map(path)
    assert cmap.columns or cmap.entities or cmap.files
    assert path.stem == "example" or is_region(path.stem), f"{path.name}: not a region code"


def test_region_map_wins_over_aliases_and_only_maps_contract_columns(tmp_path, monkeypatch):
    (tmp_path / "6171.yaml").write_text(
        "columns:\n  STATUS: nama\nentities:\n  jabatan:\n    KODE: kode_jabatan\n", encoding="utf-8"
    )
    monkeypatch.setenv("MUTASI_COLUMN_MAPS_DIR", str(tmp_path))
    assert map_headers("pegawai", ["Status", "NIP"], "6171") == {"Status": "nama", "NIP": "nip"}
    assert map_headers("jabatan", ["KODE"], "6171") == {"KODE": "kode_jabatan"}
    assert map_headers("pegawai", ["KODE"], "6171") == {}  # the jabatan section only applies to jabatan
    assert map_headers("pegawai", ["Status"], "5271") == {"Status": "status_kepegawaian"}  # other region


@pytest.mark.parametrize(
    "text, problem",
    [
        ("columns:\n  NIP BARU: nomor_induk\n", "'nomor_induk' is not a column of the contract"),
        ("entities:\n  pegawaii:\n    A: nip\n", "'pegawaii' is not an entity"),
        ("files:\n  DATA: pegawaii\n", "is not an entity"),
        ("colums:\n  A: nip\n", None),  # short form: a bare mapping, 'colums' is then a header -> must map to a column
        ("- a\n- b\n", "expected a mapping"),
    ],
)
def test_invalid_maps_are_named(tmp_path, text, problem):
    path = tmp_path / "6171.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ColumnMapError) as err:
        _load_column_map(path)
    assert "column map 6171.yaml" in str(err.value)
    if problem:
        assert problem in str(err.value)
