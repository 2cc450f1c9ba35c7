"""Issue 18: every header a BKPSDM officer reads comes from the one Bahasa Indonesia glossary.

Two sides: every column the dbt contracts declare for the marts the packages publish has a glossary label
(the contracts are the most complete list of real column names), and in built packages (regency, province,
restricted) every CSV/Parquet column resolves through the glossary and every workbook header is exactly
its glossary label. A column the glossary does not know is still published with its name in words (so a
new mart column never stops a night's run), and these tests name it."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import yaml
from publish_fixtures import make_history, make_meta, make_tables
from test_publish_province import province_tables
from test_publish_restricted import restricted_tables

from mutasi.config import REPO_ROOT
from mutasi.publish import publish_province_package, publish_region_package
from mutasi.publish.labels import (
    ABOUT_SHEET,
    COLUMN_LABELS,
    PROVINCE_TABLES,
    REGION_TABLES,
    RESTRICTED_TABLES,
    STORY_COLUMNS,
    glossary_label,
)
from mutasi.publish.restricted import publish_restricted_province_package

#: the code that reads marts into packages
PUBLISHING_SOURCES = ("mutasi/publish", "orchestration/publish.py", "mutasi/recommend/province.py")


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


def test_every_column_of_every_published_mart_has_a_glossary_label():
    relations = published_relations()
    declared = declared_columns()
    assert {"regency_scorecards", "mutation_recommendations", "province_scorecards", "provincial_talent_pool"} <= (
        relations
    )
    missing = sorted(
        f"{relation}.{column}"
        for relation in relations & set(declared)
        for column in declared[relation]
        if glossary_label(column) is None
    )
    assert not missing, f"columns without a Bahasa label in mutasi/publish/labels.py COLUMN_LABELS: {missing}"


def test_every_listed_label_is_bahasa_title_case_and_short():
    english = re.compile(r"\b(?:after|before|baseline|share|mean|count|rate|score|position|staff)\b", re.I)
    bad = {c: label for c, label in COLUMN_LABELS.items() if english.search(label) or len(label) > 60}
    assert not bad, bad


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
