"""Pins of every override of a dbt / dbt-duckdb built-in macro (dbt_project/macros/compat.sql).

When one of these fails after an upgrade, the upstream macro that compat.sql shadows (or relies on) has
changed: re-read it (the assertion names the file), re-apply or drop the override, re-run tests/dbt, then
update the pin here. No dbt invocation: this reads the installed package files.
"""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import version
from pathlib import Path

import pytest

COMPAT = Path(__file__).resolve().parents[2] / "dbt_project" / "macros" / "compat.sql"
PINNED_VERSIONS = {"dbt-core": "1.11.16", "dbt-duckdb": "1.11.1", "dbt-adapters": "1.24.5"}


def _global_project() -> Path:
    import dbt.include.global_project as project

    return Path(project.__file__).parent


def _duckdb_project() -> Path:
    import dbt.include.duckdb as project

    return Path(project.__file__).parent


def _macro(path: Path, name: str) -> str:
    found = re.search(r"{%-? macro " + re.escape(name) + r"\(.*?{%-? endmacro -?%}", path.read_text("utf-8"), re.S)
    assert found, f"macro {name} is no longer in {path}"
    return found.group(0)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


#: what compat.sql shadows, and the upstream code its overrides rely on: (file, macro or None = whole file)
UPSTREAM = {
    "should_full_refresh (shadowed by compat.sql 1)": (
        lambda: _global_project() / "macros/materializations/configs.sql",
        "should_full_refresh",
        "b08ab2963c4333cd",
    ),
    "default__get_where_subquery (compat.sql 2 dispatches before it)": (
        lambda: _global_project() / "macros/materializations/tests/where_subquery.sql",
        "default__get_where_subquery",
        "e0e1dcabd25ce74c",
    ),
    "is_incremental (macros/partitions.sql relies on it asking should_full_refresh)": (
        lambda: _global_project() / "macros/materializations/models/incremental/is_incremental.sql",
        "is_incremental",
        "223c405740dc5d94",
    ),
    "dbt-duckdb's incremental materialization (decides full refresh through should_full_refresh)": (
        lambda: _duckdb_project() / "macros/materializations/incremental.sql",
        None,
        "ea92674ed0d85cce",
    ),
}


@pytest.mark.parametrize("package", sorted(PINNED_VERSIONS))
def test_installed_versions_are_the_pinned_ones(package):
    assert version(package) == PINNED_VERSIONS[package], (
        f"{package} is {version(package)}; dbt_project/macros/compat.sql was written against "
        f"{PINNED_VERSIONS[package]}: re-check every override listed in its header against the new upstream "
        "macros (the hash tests below name them), run tests/dbt, then update PINNED_VERSIONS"
    )


@pytest.mark.parametrize("what", sorted(UPSTREAM))
def test_upstream_macros_are_the_ones_the_overrides_were_written_against(what):
    path, macro, expected = UPSTREAM[what]
    text = _macro(path(), macro) if macro else path().read_text("utf-8")
    assert _sha(text) == expected, (
        f"upstream changed: {what} in {path()} (sha256 prefix now {_sha(text)}, pinned {expected}): re-read it, "
        "compare it with the override in dbt_project/macros/compat.sql (its header lists each override and the "
        "upstream file it shadows), re-apply or drop the override, run tests/dbt, then update the pin here"
    )


#: macros dbt documents as the way for a project to customise it: defining them is not an override
PUBLIC_EXTENSION_POINTS = {"generate_schema_name"}


def test_every_override_is_in_the_compat_file():
    """No other macro file defines a macro that shadows one of dbt's or dbt-duckdb's, or that takes precedence
    over one through adapter.dispatch (duckdb__x before default__x); a custom incremental strategy
    (get_incremental_<name>_sql) and the documented extension points are not overrides."""
    macros = Path(__file__).resolve().parents[2] / "dbt_project" / "macros"
    upstream = {
        m
        for root in (_global_project(), _duckdb_project())
        for path in root.rglob("*.sql")
        for m in re.findall(r"{%-? macro (\w+)\(", path.read_text("utf-8"))
    }
    dispatched = {name.removeprefix("default__") for name in upstream if name.startswith("default__")}

    def overrides(name: str) -> bool:
        if name in PUBLIC_EXTENSION_POINTS:
            return False
        return name in upstream or (name.startswith("duckdb__") and name.removeprefix("duckdb__") in dispatched)

    found = {
        path.name: sorted(m for m in re.findall(r"{%-? macro (\w+)\(", path.read_text("utf-8")) if overrides(m))
        for path in sorted(macros.glob("*.sql"))
    }
    assert {name: names for name, names in found.items() if names} == {
        "compat.sql": ["duckdb__get_where_subquery", "should_full_refresh"]
    }
