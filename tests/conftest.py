"""Shared fixtures: a temporary data directory and the dbt manifest built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest(tmp_path_factory) -> Path:
    """`dbt parse` once (explicit, never at import), before anything loads the Dagster definitions."""
    os.environ.setdefault("MUTASI_DATA_DIR", str(tmp_path_factory.mktemp("parse-data")))
    from mutasi.dbt import prepare_manifest

    return prepare_manifest()


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setenv("MUTASI_DATA_DIR", str(root))
    monkeypatch.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    return root
