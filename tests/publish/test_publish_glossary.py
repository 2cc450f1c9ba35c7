"""Issue 18: every header a BKPSDM officer reads comes from the one Bahasa Indonesia glossary.

Two sides: every column the dbt contracts declare for the marts the packages publish has a glossary label
(the contracts are the most complete list of real column names), and in built packages (regency, province,
restricted) every CSV/Parquet column resolves through the glossary and every workbook header is exactly
its glossary label. A column the glossary does not know is still published with its name in words (so a
new mart column never stops a night's run), and these tests name it. The Petunjuk sheet comes first and
says how to read the package."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
import yaml
from publish_fixtures import make_history, make_meta, make_tables
from test_publish_province import province_tables
from test_publish_restricted import restricted_tables

from mutasi.config import REPO_ROOT
from mutasi.publish import publish_province_package, publish_region_package
from mutasi.publish import regency as regency_publishing
from mutasi.publish.labels import (
    ABOUT_SHEET,
    COLUMN_LABELS,
    PROVINCE_TABLES,
    REGION_TABLES,
    RESTRICTED_TABLES,
    STORY_COLUMNS,
    column_description,
    column_label,
    glossary_label,
)
from mutasi.publish.restricted import publish_restricted_province_package

#: the code that reads marts into packages
PUBLISHING_SOURCES = ("mutasi/publish", "orchestration/publish.py", "mutasi/recommend/province.py")
#: a header is at most this long (aim: 45; a few "… Sesudah Cara Sederhana" need 48)
MAX_LABEL = 48
#: English words that must not be left in a header (accepted acronyms such as EJ, IP ASN, SKP are not words here)
ENGLISH = re.compile(
    r"\b(?:after|before|baseline|share|mean|count|rate|score|position|staff|plan|gain|rank|change|delta|"
    r"previous|projected|average|number|with|of|the|by)\b",
    re.I,
)
#: small words a Title Case label keeps in lower case (like the existing labels: "Masa dalam Jabatan")
SMALL_WORDS = {
    "dan", "di", "ke", "dari", "atau", "yang", "per", "oleh", "atas", "sampai", "dengan", "untuk", "dalam",
    "antara", "setelah",
}  # fmt: skip


def published_relations() -> set[str]:
    names = set()
    for source in PUBLISHING_SOURCES:
        path = REPO_ROOT / source
        for file in [path] if path.is_file() else sorted(path.glob("*.py")):
            names |= set(re.findall(r"\b(?:marts|audit)\.([a-z_]+)", file.read_text(encoding="utf-8")))
    return names


def declared_columns() -> dict[str, list[str]]:
    """model name -> columns its yml declares, for every model of the dbt project."""
    out: dict[str, list[str]] = {}
    for file in sorted((REPO_ROOT / "dbt_project" / "models").rglob("*.yml")):
        for model in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("models") or []:
            out[model["name"]] = [c["name"] for c in model.get("columns") or []]
    return out


def regency_sql_columns() -> dict[str, str]:
    """column -> package table, for every column the regency package's SQL names itself: the aliases (such as
    unmapped_values.where_to_map) and the columns of an explicit select list."""
    out: dict[str, str] = {}
    for table, sql in regency_publishing.REGION_TABLES.items():
        for alias in re.findall(r"\bas ([a-z_][a-z0-9_]*)\b", sql):
            out.setdefault(alias, table)
        select = re.match(r"\s*select (.*?) from ", sql, re.S)
        for item in select.group(1).split(",") if select else []:
            if re.fullmatch(r"\s*[a-z_][a-z0-9_]*\s*", item):
                out.setdefault(item.strip(), table)
    return out


def published_columns() -> set[str]:
    """Every column the dbt contracts of the published marts declare, and every one the regency SQL names."""
    relations = published_relations()
    declared = declared_columns()
    return {c for relation in relations & set(declared) for c in declared[relation]} | set(regency_sql_columns())


def test_every_column_of_every_published_mart_has_a_glossary_label():
    relations = published_relations()
    declared = declared_columns()
    assert {"regency_scorecards", "mutation_recommendations", "province_scorecards", "provincial_talent_pool"} <= (
        relations
    )
    assert not relations - set(declared), f"published relations without a dbt contract: {relations - set(declared)}"
    missing = sorted(
        f"{relation}.{column}"
        for relation in relations & set(declared)
        for column in declared[relation]
        if glossary_label(column) is None
    )
    assert not missing, f"columns without a Bahasa label in mutasi/publish/labels.py COLUMN_LABELS: {missing}"


def test_every_column_the_regency_sql_names_has_a_glossary_label():
    named = regency_sql_columns()
    assert {"where_to_map", "rows_affected", "training_need", "to_position_code", "sha256"} <= set(named)
    missing = sorted(f"{table}.{c}" for c, table in named.items() if glossary_label(c) is None)
    assert not missing, f"columns without a Bahasa label in mutasi/publish/labels.py COLUMN_LABELS: {missing}"


def _bad_label(label: str) -> str | None:
    if len(label) > MAX_LABEL:
        return f"longer than {MAX_LABEL} characters"
    if "_" in label:
        return "snake_case"
    if ENGLISH.search(label):
        return f"English word {ENGLISH.search(label).group(0)!r}"
    outside_brackets = re.sub(r"\([^)]*\)", "", label)
    lower = [w for w in outside_brackets.split() if w[0].isalpha() and not w[0].isupper() and w not in SMALL_WORDS]
    lower = [w for w in lower if not w.startswith("antar-")]
    return f"not Title Case: {lower}" if lower else None


def test_every_label_of_a_published_column_is_short_bahasa_title_case():
    columns = set(published_columns()) | set(COLUMN_LABELS)
    bad = {c: f"{glossary_label(c)!r}: {why}" for c in columns if (why := _bad_label(glossary_label(c) or c))}
    assert not bad, bad


@pytest.mark.parametrize(
    "column,label",
    [
        ("share_grade_a_or_e_after_baseline", "Porsi Jabatan Kelas A/E Sesudah Cara Sederhana"),
        ("staffing_shortage_after", "Kekurangan Pegawai Sesudah Rencana (orang)"),
        ("composite_index_change", "Perubahan Indeks Komposit"),
        ("metric_label_en", "Nama Indikator (bahasa Inggris)"),
        ("positions_grade_a", "Jumlah Jabatan Kelas A"),
        ("skp_rating_year_before", "Nilai SKP Dua Tahun Lalu"),
        # composed by the rules around a glossary entry
        ("job_fit_after_baseline", "Kecocokan Jabatan Sesudah Cara Sederhana"),
        ("mean_ikm_change", "Rata-rata IKM Unit Kerja (perubahan)"),
        ("prev_composite_index", "Indeks Komposit (snapshot sebelumnya)"),
    ],
)
def test_glossary_labels(column, label):
    assert glossary_label(column) == label == column_label(column)


@pytest.mark.parametrize("column", ["share_women", "mean_brand_new_measure", "brand_new_measure_after", "total_"])
def test_glossary_label_is_strict_and_column_label_never_fails(column):
    assert glossary_label(column) is None
    assert column_label(column) and "_" not in column_label(column)


def _table_sheets(package: Path, known: dict[str, tuple[str, str]]):
    """(table key, CSV columns, Parquet columns, the sheet's header row) of every table of a package."""
    book = openpyxl.load_workbook(next(package.glob("*.xlsx")), read_only=True)
    for csv_file in sorted((package / "csv").glob("*.csv")):
        key = csv_file.stem
        with csv_file.open(encoding="utf-8-sig", newline="") as handle:
            columns = next(csv.reader(handle), [])
        parquet = pq.read_schema(package / "parquet" / f"{key}.parquet").names
        sheet = known.get(key, (key,))[0][:31]
        header = [c.value for c in next(book[sheet].iter_rows(max_row=1))] if sheet in book.sheetnames else None
        yield key, columns, parquet, header
    assert ABOUT_SHEET in book.sheetnames


def _check(package: Path, known: dict[str, tuple[str, str]]) -> int:
    checked = 0
    for key, columns, parquet, header in _table_sheets(package, known):
        unknown = [c for c in columns + parquet if glossary_label(c) is None]
        assert not unknown, f"{package.name}/{key}: columns not in the glossary: {unknown}"
        if key == "summary" and header is not None:  # the scorecard turned on its side: one indicator per row
            assert set(header) <= set(STORY_COLUMNS.values()), header
        elif header is not None and header != [None]:
            assert header == [glossary_label(c) for c in columns], f"{key}: {header}"
        checked += 1
    return checked


def _blocks(package: Path) -> tuple[list[str], dict[str, list[list[object]]]]:
    """The workbook's sheet names, and the Petunjuk sheet's blocks: title -> rows (its header row first)."""
    book = openpyxl.load_workbook(next(package.glob("*.xlsx")), read_only=True)
    blocks: dict[str, list[list[object]]] = {}
    current = None
    for row in book[ABOUT_SHEET].iter_rows(values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        if not values:
            current = None
        elif current is None:
            current = str(values[0])
            blocks[current] = []
        else:
            blocks[current].append(values)
    return book.sheetnames, blocks


def _check_petunjuk(package: Path, n_how_to: range) -> dict[str, list[list[object]]]:
    sheetnames, blocks = _blocks(package)
    assert sheetnames[0] == ABOUT_SHEET, sheetnames
    assert list(blocks)[0] == "Cara membaca paket ini", list(blocks)
    how_to = blocks["Cara membaca paket ini"]
    assert how_to[0] == ["No.", "Petunjuk"] and len(how_to) - 1 in n_how_to, how_to
    assert all(isinstance(text, str) and text.endswith(".") for _n, text in how_to[1:])
    columns = blocks["Daftar kolom"]
    assert columns[0] == ["Lembar", "Judul Kolom", "Nama Kolom (CSV/Parquet)", "Keterangan"]
    for sheet, label, column, *description in columns[1:]:
        assert label == glossary_label(column), (sheet, column, label)
        assert (description or [None])[0] == (column_description(column) or None), column
    return blocks


def test_every_header_of_a_regency_package_is_its_glossary_label(tmp_path):
    package = publish_region_package(tmp_path / "outputs", make_meta(), make_tables(), make_history())
    assert _check(package, REGION_TABLES) >= 7


def test_every_header_of_the_province_packages_is_its_glossary_label(tmp_path):
    public = publish_province_package(
        tmp_path / "outputs", "61", "Kalimantan Barat", "2026-01-31", "run-1", "p-1", province_tables()
    )
    assert _check(public, PROVINCE_TABLES) >= 3
    restricted = publish_restricted_province_package(
        tmp_path / "outputs", "61", "Kalimantan Barat", "2026-01-31", "run-1", "p-1", restricted_tables()
    )
    assert _check(restricted, RESTRICTED_TABLES) == 2


def test_petunjuk_is_the_first_sheet_and_says_how_to_read_the_package(tmp_path):
    package = publish_region_package(tmp_path / "outputs", make_meta(), make_tables(), make_history())
    blocks = _check_petunjuk(package, range(5, 9))
    how_to = " ".join(text for _n, text in blocks["Cara membaca paket ini"][1:])
    for words in ("scorecard.html", "filter", "CSV dan Parquet", "Daftar kolom", "proyeksi", "Keputusan Mutasi"):
        assert words in how_to, words
    assert "keputusan_mutasi.xlsx" in how_to
    described = {row[2]: row[3] for row in blocks["Daftar kolom"][1:] if len(row) > 3 and row[3]}
    assert {"effectiveness", "professionalism_index", "job_fit_score", "talent_box", "priority_rank"} <= set(described)


def test_petunjuk_comes_first_in_the_province_packages_too(tmp_path):
    public = publish_province_package(
        tmp_path / "outputs", "61", "Kalimantan Barat", "2026-01-31", "run-1", "p-1", province_tables()
    )
    how_to = " ".join(t for _n, t in _check_petunjuk(public, range(5, 9))["Cara membaca paket ini"][1:])
    assert "scorecard.html" in how_to and "keputusan_mutasi" not in how_to
    restricted = publish_restricted_province_package(
        tmp_path / "outputs", "61", "Kalimantan Barat", "2026-01-31", "run-1", "p-1", restricted_tables()
    )
    how_to = " ".join(t for _n, t in _check_petunjuk(restricted, range(5, 9))["Cara membaca paket ini"][1:])
    assert "TERBATAS" in how_to and "tidak punya kartu skor sendiri" in how_to  # it has no scorecard.html
    assert not (restricted / "scorecard.html").exists()


def test_a_column_the_glossary_does_not_know_is_published_and_named_here(tmp_path):
    tables = make_tables()
    tables["position_workload"]["brand_new_measure"] = 1.5
    package = publish_region_package(tmp_path / "outputs", make_meta(), tables)
    try:
        _check(package, REGION_TABLES)
    except AssertionError as error:
        assert "brand_new_measure" in str(error)
    else:
        raise AssertionError("an unknown column passed the glossary check")
