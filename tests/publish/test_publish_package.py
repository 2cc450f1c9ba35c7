"""Package contents: manifest, workbook formatting and Indonesian headers, HTML charts and self-containment."""

from __future__ import annotations

import json
import re

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from publish_fixtures import SNAPSHOT, make_tables
from publish_readers import csv_fields, html_parts, sha256

from mutasi.publish import column_label, publish_region_package
from mutasi.publish.labels import REGION_TABLES

TABLES = (
    "summary",
    "mutation_recommendations",
    "position_workload",
    "employee_indices",
    "training_needs",
    "data_quality",
    "post_mutation_evaluation",
)
SHEETS = (
    "Ringkasan",
    "Rekomendasi Mutasi",
    "Beban Kerja Jabatan",
    "Indeks Pegawai",
    "Kebutuhan Pelatihan",
    "Kualitas Data",
    "Evaluasi Pasca-Mutasi",
)


@pytest.fixture
def package(outputs_root, meta, tables, history):
    return publish_region_package(outputs_root, meta, tables, history)


@pytest.fixture
def manifest(package):
    return json.loads((package / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def workbook(package):
    return openpyxl.load_workbook(package / f"paket_6171_{SNAPSHOT}.xlsx")


# ---------------------------------------------------------------- layout and manifest


def test_package_layout(package, outputs_root):
    assert package == outputs_root / "6171" / SNAPSHOT
    for table in TABLES + ("scorecard_history",):
        assert (package / "csv" / f"{table}.csv").is_file()
        assert (package / "parquet" / f"{table}.parquet").is_file()
    for name in (f"paket_6171_{SNAPSHOT}.xlsx", "scorecard.html", "manifest.json"):
        assert (package / name).is_file()


def test_manifest_identity(manifest, meta):
    assert manifest["run_id"] == meta.run_id
    assert manifest["params_version"] == meta.params_version
    assert manifest["region"] == {
        "code": "6171",
        "name": "Kota Pontianak",
        "province_code": "61",
        "province_name": "Kalimantan Barat",
    }
    assert manifest["snapshot_date"] == SNAPSHOT
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", manifest["created_at"])
    assert manifest["input_files"] == meta.input_files  # checksums of the inputs, as delivered


def test_manifest_files_and_checksums_match(package, manifest):
    listed = {f["path"]: f for f in manifest["files"]}
    on_disk = {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()}
    assert set(listed) == on_disk - {"manifest.json"}
    for path, entry in listed.items():
        assert entry["sha256"] == sha256(package / path), path
        assert entry["bytes"] == (package / path).stat().st_size


def test_manifest_row_counts_match_every_format(package, manifest, tables, workbook):
    for table, entry in manifest["tables"].items():
        expected = len(tables[table]) if table in tables else None
        if expected is not None:
            assert entry["rows"] == expected, table
        assert len(csv_fields(package / entry["csv"])) - 1 == entry["rows"], table
        assert pq.ParquetFile(package / entry["parquet"]).metadata.num_rows == entry["rows"], table
        assert entry["columns"] == list(pd.read_parquet(package / entry["parquet"]).columns)
        if table != "summary":  # the summary sheet is turned on its side (one indicator per row)
            sheet = workbook[entry["sheet"]]
            data_rows = sum(
                1 for row in sheet.iter_rows(min_row=2, values_only=True) if any(v is not None for v in row)
            )
            note = 1 if entry["rows"] == 0 else 0  # an empty table gets one explanatory line
            assert data_rows == entry["rows"] + note, table
    assert manifest["tables"]["scorecard_history"]["rows"] == 3  # two earlier snapshots + this one


# ---------------------------------------------------------------- workbook


def test_workbook_sheets_in_order(workbook):
    assert workbook.sheetnames[0] == "Petunjuk"  # how to read the package, first
    assert tuple(workbook.sheetnames[1 : len(SHEETS) + 1]) == SHEETS


def test_every_table_sheet_has_frozen_header_and_autofilter(workbook):
    for name in workbook.sheetnames[1:]:
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), name
        assert sheet.auto_filter.ref.split(":")[1].rstrip("0123456789") == openpyxl.utils.get_column_letter(
            sheet.max_column
        )


def test_headers_are_indonesian(workbook, tables):
    for table, sheet_name in zip(TABLES[1:], SHEETS[1:]):
        headers = [c.value for c in workbook[sheet_name][1]]
        assert headers == [column_label(c) for c in tables[table].columns]
        english = set(tables[table].columns) & set(headers)
        assert not english, f"{sheet_name} keeps English headers {english}"
    workload = [c.value for c in workbook["Beban Kerja Jabatan"][1]]
    for label in ("Kode Jabatan", "Efektivitas Jabatan (EJ)", "Prestasi Kerja Jabatan", "Jumlah Pegawai Saat Ini"):
        assert label in workload
    employees = [c.value for c in workbook["Indeks Pegawai"][1]]
    assert {"NIP", "Nama", "Indeks Profesionalitas ASN", "Kotak Talenta (9-Box)"} <= set(employees)
    assert [c.value for c in workbook["Ringkasan"][1]][:2] == ["Indikator", "Nilai"]


def test_number_formats_widths_and_types(workbook):
    sheet = workbook["Beban Kerja Jabatan"]
    header = {c.value: c.column_letter for c in sheet[1]}
    ej = sheet[f"{header['Efektivitas Jabatan (EJ)']}2"]
    assert isinstance(ej.value, float) and ej.number_format == "0.000"
    assert sheet[f"{header['Kebutuhan Pegawai (tanpa pembulatan)']}2"].number_format == "#,##0.00"
    assert sheet[f"{header['Beban Kerja (menit/tahun)']}2"].number_format == "#,##0"
    assert sheet[f"{header['Tanggal Snapshot']}2"].is_date
    assert sheet.column_dimensions[header["Nama Unit Kerja"]].width >= len("Badan Kepegawaian")
    employees = workbook["Indeks Pegawai"]
    nip = employees["C2"]
    assert employees["C1"].value == "NIP" and nip.data_type == "s" and re.fullmatch(r"\d{18}", nip.value)
    summary = workbook["Ringkasan"]
    rows = {r[0].value: r for r in summary.iter_rows(min_row=2)}
    share = rows[column_label("share_grade_a")]
    assert share[1].value == pytest.approx(0.4) and share[1].number_format == "0.0%"
    assert share[2].value == pytest.approx(0.5)  # the previous snapshot, from the history
    assert share[3].value == pytest.approx(-0.1)
    assert rows[column_label("ej_stddev_positions")][1].number_format == "0.000"


def test_empty_tables_still_get_their_sheet_and_files(outputs_root, meta):
    tables = make_tables()
    tables["post_mutation_evaluation"] = tables["post_mutation_evaluation"].iloc[0:0]
    del tables["training_needs"]
    package = publish_region_package(outputs_root, meta, tables)
    book = openpyxl.load_workbook(next(package.glob("*.xlsx")))
    evaluation = book["Evaluasi Pasca-Mutasi"]
    assert evaluation.freeze_panes == "A2" and evaluation["A1"].value == "Kode Wilayah"
    assert "Belum ada mutasi" in evaluation["A3"].value
    assert [c.value for c in book["Kebutuhan Pelatihan"][1]][:2] == ["NIP", "Kompetensi"]
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["training_needs"]["rows"] == 0
    assert manifest["tables"]["post_mutation_evaluation"]["rows"] == 0


def test_unknown_tables_and_columns_are_published_with_readable_labels(outputs_root, meta):
    tables = make_tables()
    tables["summary"]["share_women"] = 0.55
    tables["unit_workload"] = pd.DataFrame({"region_code": "6171", "unit_code": ["U01"], "mean_effectiveness": [0.9]})
    package = publish_region_package(outputs_root, meta, tables)
    book = openpyxl.load_workbook(next(package.glob("*.xlsx")))
    extra = [n for n in book.sheetnames if n not in SHEETS and n not in ("Riwayat Kartu Skor", "Petunjuk")]
    assert len(extra) == 1 and [c.value for c in book[extra[0]][1]] == [
        "Kode Wilayah",
        "Kode Unit Kerja",
        "Rata-rata EJ",
    ]
    rows = {r[0].value: r[1] for r in book["Ringkasan"].iter_rows(min_row=2)}
    assert rows["Share women"].value == pytest.approx(0.55) and rows["Share women"].number_format == "0.0%"
    assert (package / "csv" / "unit_workload.csv").is_file()


def test_about_sheet_documents_package(workbook, meta):
    values = [c.value for row in workbook["Petunjuk"].iter_rows() for c in row if c.value is not None]
    assert meta.run_id in values and meta.params_version in values
    assert "a" * 64 in values  # input checksum
    assert "professionalism_index" in values and "Indeks Profesionalitas ASN" in values  # glossary


# ---------------------------------------------------------------- HTML scorecard


def test_html_is_self_contained_with_charts(package):
    html = (package / "scorecard.html").read_text(encoding="utf-8")
    parts = html_parts(package / "scorecard.html")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="id">' in html
    assert parts.tags.count("svg") >= 7  # EJ per unit, staff per unit, grades, categories, 9-box, effect, trend
    for tag, attr, value in parts.attrs:
        if attr in ("src", "href", "xlink:href", "action", "data", "poster"):
            assert not re.match(r"^\s*(https?:)?//", value or ""), (tag, attr, value)
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", html, re.I)
    assert not re.search(r"url\(\s*[\"']?\s*(https?:)?//", html, re.I) and "@import" not in html
    assert "<script" not in html and "<link" not in html and "<iframe" not in html


def test_html_sections_and_figures_in_indonesian(package):
    html = (package / "scorecard.html").read_text(encoding="utf-8")
    for heading in (
        "Angka utama",
        "Beban kerja per unit kerja",
        "Sebaran Prestasi Kerja Jabatan",
        "Sebaran kompetensi pegawai",
        "Di mana masalahnya",
        "Apa yang direkomendasikan",
        "Kelayakan dan rotasi",
        "Dampak rencana mutasi (proyeksi)",
        "Evaluasi pasca-mutasi",
        "Tren antar-snapshot",
        "Kualitas data",
    ):
        assert f">{heading}</h2>" in html
    assert "Kota Pontianak" in html and "31 Januari 2026" in html
    assert "68,25" in html  # composite index, Indonesian decimals
    assert "40,0%" in html  # share of posts graded A
    assert "▼ −10,0 poin persen dibanding 31 Desember 2025" in html
    assert "asosiasi" in html  # the post-mutation evaluation is labelled honestly
    texts = " ".join(html_parts(package / "scorecard.html").texts)
    for date in ("30 Nov 2025", "31 Des 2025", "31 Jan 2026"):
        assert date in texts  # trend over the three snapshots


def test_html_without_history_or_evaluation_explains_itself(outputs_root, meta):
    tables = make_tables()
    tables["post_mutation_evaluation"] = tables["post_mutation_evaluation"].iloc[0:0]
    tables["mutation_recommendations"] = tables["mutation_recommendations"].iloc[0:0]
    package = publish_region_package(outputs_root, meta, tables)
    html = (package / "scorecard.html").read_text(encoding="utf-8")
    assert "Belum ada mutasi yang terdeteksi" in html
    assert "Tidak ada mutasi yang direkomendasikan" in html
    assert "Baru ada satu snapshot" in html


def test_every_sheet_described(package):
    html = (package / "scorecard.html").read_text(encoding="utf-8")
    for sheet, _desc in REGION_TABLES.values():
        assert sheet in html


def test_history_is_optional(outputs_root, meta, tables):
    package = publish_region_package(outputs_root, meta, tables, None)
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["scorecard_history"]["rows"] == 1  # just this snapshot


# ---------------------------------------------------------------- data freshness (issue 7)


def test_stale_region_is_flagged_in_the_scorecard_and_the_manifest(outputs_root, meta, tables, history):
    import dataclasses

    stale = {"latest_accepted_snapshot": "2026-07-31", "age_days": 114, "freshness_days": 35, "is_stale": True}
    package = publish_region_package(outputs_root, dataclasses.replace(meta, freshness=stale), tables, history)
    page = (package / "scorecard.html").read_text(encoding="utf-8")
    assert '<div class="warn"><b>Data sudah lama:</b>' in page
    assert "31 Juli 2026 (114 hari lalu), melewati batas 35 hari" in page
    assert json.loads((package / "manifest.json").read_text(encoding="utf-8"))["data_freshness"] == stale


def test_fresh_region_shows_its_latest_snapshot_without_warning(outputs_root, meta, tables, history):
    import dataclasses

    fresh = {"latest_accepted_snapshot": "2026-10-31", "age_days": 22, "freshness_days": 35, "is_stale": False}
    package = publish_region_package(outputs_root, dataclasses.replace(meta, freshness=fresh), tables, history)
    page = (package / "scorecard.html").read_text(encoding="utf-8")
    assert "Data sudah lama" not in page
    assert "Snapshot terbaru yang diterima untuk wilayah ini: 31 Oktober 2026 (22 hari lalu; batas 35 hari)" in page


def test_csv_and_parquet_values_are_rounded_to_what_they_mean(outputs_root, meta):
    """A share to 4 decimals, EJ to 3, minutes to whole numbers (issue 18); the warehouse keeps full precision."""
    tables = make_tables()
    pw = tables["position_workload"]
    pw["workload_minutes"] = pw["workload_minutes"] + 0.4
    pw["effectiveness"] = pw["effectiveness"] + 0.000123456
    tables["summary"]["share_grade_a"] = 0.016666666666666663
    package = publish_region_package(outputs_root, meta, tables)
    workload = pd.read_csv(package / "csv" / "position_workload.csv")
    assert workload["workload_minutes"].tolist()[:2] == [180000.0, 60000.0]
    assert workload["effectiveness"].tolist()[:2] == [1.2, 0.267]
    summary = pq.read_table(package / "parquet" / "summary.parquet").to_pandas()
    assert summary["share_grade_a"].tolist() == [0.0167]
    assert "0.016666666666666663" not in (package / "csv" / "summary.csv").read_text("utf-8-sig")
