"""Shared fixtures: a temporary data directory and the dbt manifest built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest(tmp_path_factory) -> Path:
    """`dbt parse` once (explicit, never at import), before anything loads the Dagster definitions."""
    os.environ.setdefault("MUTASI_DATA_DIR", str(tmp_path_factory.mktemp("parse-data")))
    from orchestration.project import prepare_manifest

    return prepare_manifest()


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setenv("MUTASI_DATA_DIR", str(root))
    monkeypatch.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    return root


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Keep each `xdist_group` on one worker under `--dist loadgroup`.

    pytest-xdist 3.8 marks a grouped test by appending "@<group>" to `item._nodeid`, but pytest 9 keeps
    node ids in `item._id`, so the suffix is lost and the groups are spread over the workers (each worker
    then builds the expensive module and session fixtures again). Re-applied here for every test.
    """
    if not getattr(config.option, "loadgroup", False) or not hasattr(config, "workerinput"):
        return
    try:
        from _pytest.nodeid import NodeId
    except ImportError:  # an older pytest: xdist's own suffix works there
        return
    for item in items:
        if "@" in item.nodeid or not hasattr(item, "_id"):
            continue
        names = sorted(
            {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
        )
        if names:
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")
