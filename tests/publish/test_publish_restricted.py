"""The restricted province package (issue 17): the named inter-regency moves and the provincial talent pool for
the provincial BKD, in a folder of its own, refused whole when a row names a regency of another province."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from mutasi.publish import RegionIsolationError
from mutasi.publish.restricted import publish_restricted_province_package

SNAPSHOT = "2026-11-30"
NIP_A, NIP_B = "198001152010031001", "199002022015032002"


def restricted_tables():
    moves = pd.DataFrame(
        {
            "priority_rank": [1],
            "nip": [NIP_A],
            "name": ["Budi Santoso"],
            "from_region_code": ["6172"],
            "to_region_code": ["6171"],
            "explanation": ["=1+1 Mutasi antar-kabupaten/kota dari ..."],
        }
    )
    pool = pd.DataFrame(
        {
            "region_code": ["6171", "6171"],
            "position_code": ["6171.01.00.001", "6171.01.00.001"],
            "candidate_rank": [1, 2],
            "nip": [NIP_A, NIP_B],
            "candidate_region_code": ["6172", "6171"],
        }
    )
    return {"interregency_recommendations": moves, "provincial_talent_pool": pool}


def _publish(root, tables=None):
    return publish_restricted_province_package(
        root, "61", "Kalimantan Barat", SNAPSHOT, "run-1", "p-1", restricted_tables() if tables is None else tables
    )


def test_layout_manifest_and_access_note(outputs_root):
    package = _publish(outputs_root)
    assert package == outputs_root / "terbatas" / "province" / "61" / SNAPSHOT
    manifest = json.loads((package / "manifest.json").read_text("utf-8"))
    assert (manifest["package"], manifest["access"], manifest["audience"]) == (
        "province_restricted",
        "restricted",
        "BKD provinsi",
    )
    assert {t: e["rows"] for t, e in manifest["tables"].items()} == {
        "interregency_recommendations": 1,
        "provincial_talent_pool": 2,
    }
    book = openpyxl.load_workbook(package / f"paket_terbatas_provinsi_61_{SNAPSHOT}.xlsx")
    assert book.sheetnames == ["Petunjuk", "Usulan Mutasi Antar Daerah", "Talent Pool Provinsi"]
    assert book["Usulan Mutasi Antar Daerah"]["B2"].value == NIP_A  # NIP as text
    # formula-like text neutralised here too
    assert pd.read_csv(package / "csv" / "interregency_recommendations.csv")["explanation"][0].startswith("'=1+1")
    assert (package / "BACA_DULU.txt").read_text("utf-8").startswith("TERBATAS")
    # nothing of it in the public province folder
    assert not (outputs_root / "province").exists()


def test_absent_tables_give_empty_sheets_with_a_note(outputs_root):
    package = _publish(outputs_root, {})
    manifest = json.loads((package / "manifest.json").read_text("utf-8"))
    assert {t: e["rows"] for t, e in manifest["tables"].items()} == {
        "interregency_recommendations": 0,
        "provincial_talent_pool": 0,
    }


@pytest.mark.parametrize("column", ["from_region_code", "to_region_code", "candidate_region_code", "region_code"])
def test_a_regency_of_another_province_is_refused_and_nothing_is_written(outputs_root, column):
    tables = restricted_tables()
    table = (
        "provincial_talent_pool"
        if column in ("candidate_region_code", "region_code")
        else "interregency_recommendations"
    )
    tables[table].loc[0, column] = "5271"
    with pytest.raises(RegionIsolationError, match="5271"):
        _publish(outputs_root, tables)
    assert not (outputs_root / "terbatas" / "province" / "61" / SNAPSHOT).exists()
