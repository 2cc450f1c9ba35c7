"""The dbt resource of the code location (orchestration.compat.MutasiDbtCliResource): the same dbt
invocations as dagster-dbt's, without its `dbt --version` subprocess and in-process adapter per dbt step."""

from __future__ import annotations

import subprocess
from importlib.metadata import version

from dagster_dbt import DbtCliResource

from orchestration.compat import MutasiDbtCliResource
from orchestration.definitions import defs


def test_the_code_location_uses_the_lean_dbt_resource():
    resource = defs.resources["dbt"]
    assert isinstance(resource, MutasiDbtCliResource) and isinstance(resource, DbtCliResource)


def test_dbt_version_comes_from_the_installed_package_without_starting_dbt(monkeypatch):
    import dagster_dbt.core.resource as dagster_dbt_resource

    started = []
    monkeypatch.setattr(dagster_dbt_resource, "check_output", lambda *a, **k: started.append(a) or b"dbt 0.0.1")
    configured = defs.resources["dbt"]
    resource = MutasiDbtCliResource(project_dir=configured.project_dir, dbt_executable=configured.dbt_executable)
    assert str(resource._cli_version) == version("dbt-core")
    assert resource._cli_version.major == 1  # dbt-core, not Fusion: dagster-dbt streams its JSON log
    assert started == []


def test_what_dbt_version_prints_is_the_version_the_resource_reports():
    printed = subprocess.check_output([defs.resources["dbt"].dbt_executable, "--version"], text=True)
    assert f"installed: {version('dbt-core')}" in printed
