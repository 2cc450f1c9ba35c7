"""Running dbt in-process for the tests of tests/dbt: target and logs in the test's own folder, the data
directory through $MUTASI_DATA_DIR, and the DuckDB file released afterwards."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"


@contextmanager
def _data_dir(path: Path):
    previous = os.environ.get("MUTASI_DATA_DIR")
    os.environ["MUTASI_DATA_DIR"] = str(path)
    try:
        yield path
    finally:
        if previous is None:
            os.environ.pop("MUTASI_DATA_DIR", None)
        else:
            os.environ["MUTASI_DATA_DIR"] = previous


def _release_duckdb() -> None:
    """dbt-duckdb keeps its DuckDB database open in the process after an in-process invocation;
    close it so the test can open the warehouse read-only (DuckDB refuses a second configuration)."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()


def run_dbt(args: list[str], work: Path, project_dir: Path = DBT_PROJECT_DIR, check: bool = True):
    """Invoke dbt in-process with target and logs under ``work``; fail with the failing nodes (unless
    ``check`` is false: then the caller looks at the result)."""
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(
        [
            *args,
            "--project-dir",
            str(project_dir),
            "--profiles-dir",
            str(project_dir),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ]
    )
    _release_duckdb()
    if check and not result.success:
        failures = []
        for node_result in getattr(result.result, "results", None) or []:
            if str(node_result.status) not in ("success", "pass"):
                failures.append(f"{node_result.node.unique_id}: {node_result.status}: {node_result.message}")
        pytest.fail(f"dbt {' '.join(args)} failed: {result.exception}\n" + "\n".join(failures))
    return result


@contextmanager
def scoped(data: Path, scope: list[str]):
    """A scoped build, as the Dagster dbt step makes it: the ChangeSet's explicit lists in
    state/dbt_scope.parquet (mutasi.changes.write_dbt_scope) for the duration of the block."""
    from mutasi import params
    from mutasi.changes import write_dbt_scope
    from mutasi.config import data_paths
    from mutasi.reference import region

    paths = data_paths(data)
    months = round(params.number("no_move_back_years") * 12)
    write_dbt_scope(paths, scope, months, lambda code: region(code).province_code)
    try:
        with _data_dir(data):
            yield paths
    finally:
        write_dbt_scope(paths, None, 0, str)
