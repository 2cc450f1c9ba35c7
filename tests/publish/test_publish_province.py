"""Province package: aggregates only, ranking, the same formats and guarantees as a regency package."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest
from publish_readers import html_parts, sha256

from mutasi.publish import PersonalDataError, RegionIsolationError, publish_province_package

SNAPSHOT = "2026-01-31"


def province_tables() -> dict[str, pd.DataFrame]:
    regencies = pd.DataFrame(
        {
            "region_code": ["6171", "6172", "6101"],
            "region_name": ["Kota Pontianak", "Kota Singkawang", "Kabupaten Sambas"],
            "snapshot_date": pd.Timestamp(SNAPSHOT),
            "employees": [8000, 3500, 6100],
            "share_posts_grade_a": [0.3, 0.2, 0.45],
            "mean_job_fit": [3.8, 3.6, 3.2],
            "composite_index": [68.25, 71.5, 55.0],
        }
    )
    totals = pd.DataFrame([{"province_code": "61", "n_regions": 3, "employees": 17600, "composite_index": 64.9}])
    balancing = pd.DataFrame(
        {
            "job_family": ["Kesehatan", "Pendidikan"],
            "surplus_region_code": ["6171", "6101"],
            "deficit_region_code": ["6101", "6172"],
            "surplus_staff": [12, 30],
            "deficit_staff": [8, 5],
            "potential_moves": [8, 5],
        }
    )
    job_balance = pd.DataFrame(
        {
            "position_type": ["fungsional", "fungsional"],
            "job_family": ["kesehatan", "pendidikan"],
            "job_level": ["ahli pertama", None],
            "regions_in_surplus": [1, 1],
            "regions_in_deficit": [1, 2],
            "total_surplus": [2, 30],
            "total_deficit": [3, 5],
            "surplus_region_codes": ["6171", "6101"],
            "deficit_region_codes": ["6172", "6171;6172"],
            "balancing_potential": [2, 5],
            "interregency_moves": [1, 0],
        }
    )
    return {
        "regencies": regencies,
        "totals": totals,
        "balancing_opportunities": balancing,
        "job_balance": job_balance,
    }


def _publish(root, tables=None):
    return publish_province_package(
        root, "61", "Kalimantan Barat", SNAPSHOT, "run-prov", "p-1", province_tables() if tables is None else tables
    )


def test_province_package_layout_and_manifest(outputs_root):
    package = _publish(outputs_root)
    assert package == outputs_root / "province" / "61" / SNAPSHOT
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["package"] == "province" and manifest["province"] == {"code": "61", "name": "Kalimantan Barat"}
    assert {t: e["rows"] for t, e in manifest["tables"].items()} == {
        "regencies": 3,
        "totals": 1,
        "balancing_opportunities": 2,
        "job_balance": 2,
    }
    for entry in manifest["files"]:
        assert entry["sha256"] == sha256(package / entry["path"])
    assert {f["path"] for f in manifest["files"]} == {
        p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file() and p.name != "manifest.json"
    }


def test_regencies_are_ranked_on_the_composite_index(outputs_root):
    package = _publish(outputs_root)
    regencies = pd.read_parquet(package / "parquet" / "regencies.parquet")
    assert regencies["region_name"].tolist() == ["Kota Singkawang", "Kota Pontianak", "Kabupaten Sambas"]
    assert regencies["composite_rank"].tolist() == [1, 2, 3]
    book = openpyxl.load_workbook(package / f"paket_provinsi_61_{SNAPSHOT}.xlsx")
    assert book.sheetnames == [
        "Petunjuk",
        "Perbandingan Kabupaten-Kota",
        "Total Provinsi",
        "Peluang Penyeimbangan",
        "Keseimbangan per Jabatan",
    ]
    sheet = book["Perbandingan Kabupaten-Kota"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert [c.value for c in sheet[1]][:4] == [
        "Kode Wilayah",
        "Kabupaten/Kota",
        "Peringkat Indeks Komposit",
        "Tanggal Snapshot",
    ]


def test_province_html_has_ranking_chart_and_no_external_resources(outputs_root):
    package = _publish(outputs_root)
    html = (package / "scorecard.html").read_text(encoding="utf-8")
    parts = html_parts(package / "scorecard.html")
    assert parts.tags.count("svg") >= 1 and "Indeks Komposit per kabupaten/kota" in html
    assert "Peluang penyeimbangan" in html and "Kesehatan" in html
    assert "Keseimbangan per Jabatan" in html and "ahli pertama" in html


def test_province_html_shows_the_interregency_effect_and_talent_pool_coverage(outputs_root):
    tables = province_tables()
    tables["totals"] = tables["totals"].assign(
        interregency_moves=10,
        staffing_shortage_after_plans=96,
        staffing_shortage_after_interregency=86,
        key_posts_opening=59,
        key_post_coverage_province=0.5,
    )
    html = (_publish(outputs_root, tables) / "scorecard.html").read_text(encoding="utf-8")
    assert "Mutasi antar-kabupaten/kota dan talent pool provinsi" in html
    assert '<td>Kekurangan Pegawai setelah Mutasi Antar Daerah</td><td class="num">86</td>' in html
    assert '<td>Cakupan Talent Pool Provinsi</td><td class="num">50,0%</td>' in html
    # the story's headline: the inter-regency figure with its effect on the shortage
    assert "Kekurangan pegawai 96 → 86 orang" in html
    assert "http://" not in html and "https://" not in html and "<script" not in html


def test_job_balance_is_published_with_bahasa_labels(outputs_root):
    """The balance per type, family and level (marts.province_job_balance): its own sheet with Bahasa headers
    and a NULL job level kept as an empty cell (its own group, not merged with another level)."""
    package = _publish(outputs_root)
    published = pd.read_parquet(package / "parquet" / "job_balance.parquet")
    assert published["balancing_potential"].tolist() == [2, 5]
    assert published["job_level"].tolist()[0] == "ahli pertama" and pd.isna(published["job_level"].tolist()[1])
    sheet = openpyxl.load_workbook(package / f"paket_provinsi_61_{SNAPSHOT}.xlsx")["Keseimbangan per Jabatan"]
    assert [c.value for c in sheet[1]] == [
        "Jenis Jabatan",
        "Rumpun Jabatan",
        "Jenjang Jabatan",
        "Kabupaten/Kota Kelebihan",
        "Kabupaten/Kota Kekurangan",
        "Total Kelebihan Pegawai",
        "Total Kekurangan Pegawai",
        "Kode Kabupaten/Kota Kelebihan",
        "Kode Kabupaten/Kota Kekurangan",
        "Potensi Penyeimbangan (orang)",
        "Usulan Mutasi Antar-Kabupaten/Kota",
    ]
    html = (package / "scorecard.html").read_text(encoding="utf-8")
    assert "<th>Jenjang Jabatan</th>" in html and "<th>Potensi Penyeimbangan (orang)</th>" in html


def test_job_balance_may_be_absent_or_empty(outputs_root):
    """Before the warehouse has the mart (or with no group out of balance) the package is still published:
    an empty sheet with the default columns and the note in the HTML."""
    tables = province_tables()
    del tables["job_balance"]
    package = _publish(outputs_root, tables)
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["job_balance"]["rows"] == 0
    book = openpyxl.load_workbook(package / f"paket_provinsi_61_{SNAPSHOT}.xlsx")
    assert "Keseimbangan per Jabatan" in book.sheetnames
    html = (package / "scorecard.html").read_text(encoding="utf-8")
    assert "Tidak ada jabatan yang kelebihan atau kekurangan pegawai pada snapshot ini." in html


@pytest.mark.parametrize("column", ["nip", "name"])
def test_person_level_columns_in_job_balance_are_refused(outputs_root, column):
    tables = province_tables()
    tables["job_balance"][column] = "x"
    with pytest.raises(PersonalDataError):
        _publish(outputs_root, tables)
    assert not outputs_root.exists() or not any(outputs_root.rglob("*.*"))


def test_nip_values_in_job_balance_are_refused(outputs_root):
    tables = province_tables()
    tables["job_balance"].loc[0, "surplus_region_codes"] = "198001152010031001"
    with pytest.raises(PersonalDataError):
        _publish(outputs_root, tables)
    assert not (outputs_root / "province" / "61" / SNAPSHOT).exists()


@pytest.mark.parametrize("column", ["nip", "name", "nama", "NIP"])
def test_person_level_columns_are_refused(outputs_root, column):
    tables = province_tables()
    tables["balancing_opportunities"][column] = "x"
    with pytest.raises(PersonalDataError):
        _publish(outputs_root, tables)
    assert not outputs_root.exists() or not any(outputs_root.rglob("*.*"))


def test_nip_values_are_refused_even_under_another_column_name(outputs_root):
    tables = province_tables()
    tables["balancing_opportunities"]["example"] = "198001152010031001"
    with pytest.raises(PersonalDataError):
        _publish(outputs_root, tables)


def test_regions_of_another_province_are_refused(outputs_root):
    tables = province_tables()
    tables["balancing_opportunities"].loc[0, "deficit_region_code"] = "5271"
    with pytest.raises(RegionIsolationError):
        _publish(outputs_root, tables)
    assert not (outputs_root / "province" / "61" / SNAPSHOT).exists()
