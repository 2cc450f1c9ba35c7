"""Pins of every private Dagster / dagster-dbt touch point in orchestration/compat.py.

When one of these fails after an upgrade, the upstream code that mutasi copies, replaces or relies on has
changed: re-read it (the assertion names it), re-apply or drop the override, re-measure what the override
was for (docs/benchmark.md), then update the pin here and in compat.PINNED_VERSIONS.
"""

from __future__ import annotations

import hashlib
import inspect
from importlib.metadata import version

import pytest

from orchestration import compat

#: sha256 (first 16 hex digits) of the upstream source each override was written against
UPSTREAM = {
    "dagster SqliteEventLogStorage._connect (copied by CachedEngineSqliteEventLogStorage._connect)": (
        "dagster._core.storage.event_log.sqlite.sqlite_event_log:SqliteEventLogStorage._connect",
        "b8435f2665689760",
    ),
    "dagster-dbt DbtCliResource._cli_version (replaced: no `dbt --version` subprocess)": (
        "dagster_dbt:DbtCliResource._cli_version",
        "b06b86a642ba8bcd",
    ),
    "dagster-dbt DbtCliResource._initialize_dbt_core_adapter (replaced: no adapter in process)": (
        "dagster_dbt:DbtCliResource._initialize_dbt_core_adapter",
        "f033303d9d777bff",
    ),
}


def _resolve(path: str):
    module_name, _, attributes = path.partition(":")
    target = __import__(module_name, fromlist=["_"])
    for attribute in attributes.split("."):
        target = inspect.getattr_static(target, attribute)
    return getattr(target, "func", getattr(target, "__wrapped__", target))  # cached_property, contextmanager


@pytest.mark.parametrize("package", sorted(compat.PINNED_VERSIONS))
def test_installed_versions_are_the_pinned_ones(package):
    assert version(package) == compat.PINNED_VERSIONS[package], (
        f"{package} is {version(package)}, orchestration/compat.py was written against "
        f"{compat.PINNED_VERSIONS[package]}: re-check every touch point listed there"
    )


@pytest.mark.parametrize("what", sorted(UPSTREAM))
def test_upstream_code_is_the_one_the_override_was_written_against(what):
    path, expected = UPSTREAM[what]
    source = inspect.getsource(_resolve(path))
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == expected, f"upstream changed: {what} ({path})"


def test_partition_range_tags_are_dagsters():
    """The run tags that carry a run's partition range; Dagster exports no public name for them."""
    assert compat.ASSET_PARTITION_RANGE_START_TAG == "dagster/asset_partition_range_start"
    assert compat.ASSET_PARTITION_RANGE_END_TAG == "dagster/asset_partition_range_end"


def test_planned_events_flag_is_still_read_by_dagster():
    """The environment flag is read by a private module of Dagster's event log; if it goes, a range run over
    514 regions writes ~10,000 planned events again."""
    from dagster._core.storage.event_log import base

    assert f'os.getenv("{compat.PLANNED_EVENTS_ENV}")' in inspect.getsource(base)


def test_the_overrides_still_override_something():
    """Each replaced method still exists upstream under the same name (else the override is dead code)."""
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
    from dagster_dbt import DbtCliResource

    assert "_connect" in vars(SqliteEventLogStorage)
    assert {"_cli_version", "_initialize_dbt_core_adapter"} <= set(vars(DbtCliResource))
    assert compat.CachedEngineSqliteEventLogStorage._connect is not SqliteEventLogStorage._connect


def test_instances_configured_by_earlier_versions_still_load_the_event_log_storage():
    """dagster.yaml files written before the compat module name orchestration.storage."""
    from orchestration import storage

    assert storage.CachedEngineSqliteEventLogStorage is compat.CachedEngineSqliteEventLogStorage
