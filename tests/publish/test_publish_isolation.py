"""A package holds only its own region's rows; a violation writes nothing."""

from __future__ import annotations

import pandas as pd
import pytest
from publish_fixtures import make_history, make_meta, make_tables
from publish_readers import package_text, snapshot_tree

from mutasi.publish import PublishError, RegionIsolationError, publish_region_package

FOUNDING = ("6171", "5271", "1277", "1373", "3402")


def _visible(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) if root.exists() else []


@pytest.mark.parametrize(
    "table",
    [
        "summary",
        "mutation_recommendations",
        "position_workload",
        "employee_indices",
        "training_needs",
        "data_quality",
        "post_mutation_evaluation",
    ],
)
def test_foreign_row_in_any_table_raises_and_writes_nothing(outputs_root, meta, table):
    tables = make_tables()
    foreign = make_tables("5271")[table].head(1)
    tables[table] = pd.concat([tables[table], foreign], ignore_index=True)
    with pytest.raises(RegionIsolationError, match="5271"):
        publish_region_package(outputs_root, meta, tables)
    assert _visible(outputs_root) == []


def test_foreign_row_in_history_raises(outputs_root, meta, tables):
    history = pd.concat([make_history(), make_history("5271")], ignore_index=True)
    with pytest.raises(RegionIsolationError):
        publish_region_package(outputs_root, meta, tables, history)
    assert _visible(outputs_root) == []


def test_null_region_code_counts_as_foreign(outputs_root, meta, tables):
    tables["employee_indices"].loc[0, "region_code"] = None
    with pytest.raises(RegionIsolationError):
        publish_region_package(outputs_root, meta, tables)


def test_region_code_may_be_numeric_or_dotted_when_it_is_the_same_region(outputs_root, meta, tables):
    tables["employee_indices"]["region_code"] = 6171
    tables["position_workload"]["region_code"] = "61.71"
    publish_region_package(outputs_root, meta, tables)


def test_isolation_failure_leaves_previous_package_intact(outputs_root, meta, tables):
    package = publish_region_package(outputs_root, meta, tables)
    before = snapshot_tree(package)
    bad = make_tables()
    bad["mutation_recommendations"].loc[0, "region_code"] = "5271"
    with pytest.raises(RegionIsolationError):
        publish_region_package(outputs_root, meta, bad)
    assert snapshot_tree(package) == before


@pytest.mark.parametrize(
    "field,value",
    [
        ("region_code", "../6171"),
        ("region_code", "61.71"),
        ("region_code", "province"),
        ("snapshot_date", "2026-1-31"),
        ("snapshot_date", "../../etc"),
    ],
)
def test_unsafe_codes_and_dates_are_refused(outputs_root, field, value, tables):
    from dataclasses import replace

    with pytest.raises(PublishError):
        publish_region_package(outputs_root, replace(make_meta(), **{field: value}), tables)
    assert _visible(outputs_root) == []


def test_many_regions_never_see_each_others_nips(outputs_root):
    all_nips = {}
    packages = {}
    for code in FOUNDING:
        tables = make_tables(code, n_employees=12)
        all_nips[code] = set(tables["employee_indices"]["nip"])
        packages[code] = publish_region_package(outputs_root, make_meta(code), tables, make_history(code))
    for code, package in packages.items():
        text = package_text(package)
        for own in all_nips[code]:
            assert own in text
        for other, nips in all_nips.items():
            if other == code:
                continue
            leaked = [n for n in nips if n in text]
            assert not leaked, f"package {code} holds NIPs of {other}: {leaked[:3]}"
            assert f"Wilayah {other}" not in text
