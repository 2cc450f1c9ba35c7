"""The dbt project handle (dagster-dbt) and the explicit manifest step (never implicit at import)."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from mutasi.config import DBT_PROJECT_DIR, data_paths

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# The dbt of this environment, whatever PATH says (CI and the schedule do not activate the venv).
DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))


def manifest_is_stale(project_dir: Path = DBT_PROJECT_DIR) -> bool:
    manifest = project_dir / "target" / "manifest.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [p for d in ("models", "seeds", "macros", "tests") for p in (project_dir / d).rglob("*") if p.is_file()]
    sources += [project_dir / "dbt_project.yml", project_dir / "profiles.yml"]
    return any(p.exists() and p.stat().st_mtime > built for p in sources)


def prepare_manifest(force: bool = False) -> Path:
    """`dbt parse` when the manifest is missing or older than the project files. Under a file lock: two
    processes that find it stale at once (test workers after an edit) would write it over each other."""
    lock_path = dbt_project.manifest_path.parent / ".parse.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _parse_if_stale(force)


def _parse_if_stale(force: bool) -> Path:
    if force or manifest_is_stale():
        env = {**os.environ, "MUTASI_DATA_DIR": os.environ.get("MUTASI_DATA_DIR", str(data_paths().root))}
        subprocess.run(
            [
                DBT_EXECUTABLE,
                "parse",
                "--quiet",
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
            ],
            check=True,
            env=env,
        )
    return dbt_project.manifest_path
