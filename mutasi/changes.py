"""What changed since the last successful build: which region snapshots a dbt step, the optimiser and
publishing must redo (no Dagster, no dbt: plain files and dictionaries)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mutasi.config import DBT_PROJECT_DIR

# ------------------------------------------------------------------ which region snapshots dbt must rebuild
#
# The heavy marts are incremental per region snapshot (dbt_project/macros/partitions.sql): a build that
# names the changed snapshots (MUTASI_DBT_SNAPSHOTS) recomputes only those and what depends on them. "Changed"
# is decided against what the last *successful* build of the same dbt step saw, not against this run's
# validation alone: a build that failed (or a run killed in between) leaves its snapshots listed for the next
# build, and a snapshot removed from the lake is named so its rows go too. A change to the dbt project itself
# (models, macros, seeds, dbt_project.yml) makes the next build a full one.

BUILD_STATE_DIR = "dbt_state"
PROJECT_SOURCE_DIRS = ("models", "macros", "seeds", "tests")


def project_digest(project_dir: Path = DBT_PROJECT_DIR) -> str:
    """One hash over every file of the dbt project that can change what a build produces."""
    import hashlib

    digest = hashlib.sha256()
    files = sorted(p for d in PROJECT_SOURCE_DIRS for p in (project_dir / d).rglob("*") if p.is_file())
    for path in [*files, project_dir / "dbt_project.yml"]:
        digest.update(str(path.relative_to(project_dir)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def delivered_snapshots(lake: Path) -> dict[str, str]:
    """"RRRR:YYYY-MM-DD" → "<checksum>:<status>" of the delivery validation last published, per snapshot."""
    from mutasi.lake import read_json

    found = {}
    for path in sorted((lake / "manifests").glob("*/*.json")):
        manifest = read_json(path) or {}
        found[f"{path.parent.name}:{path.stem}"] = f"{manifest.get('checksum')}:{manifest.get('status')}"
    return found


def changed_snapshots(built: dict[str, str], delivered: dict[str, str]) -> list[str]:
    """Snapshots new, re-delivered, re-judged or removed since `built` (sorted, "RRRR:YYYY-MM-DD")."""
    return sorted(key for key in built.keys() | delivered.keys() if built.get(key) != delivered.get(key))


def build_scope(state: dict | None, delivered: dict[str, str], digest: str,
                run_regions: list[str]) -> tuple[list[str] | None, str]:
    """What a dbt build names: None = everything (full build), else the snapshots (or regions) to recompute.

    Full when no build succeeded yet or the project changed. When no snapshot changed, the regions of the
    run are rebuilt (a deliberate re-run of a region recomputes it, e.g. after a parameter change)."""
    if not state or state.get("project_digest") != digest:
        return None, "full build: " + ("no successful build recorded yet" if not state else "the dbt project changed")
    changed = changed_snapshots(state.get("snapshots", {}), delivered)
    if changed:
        return changed, f"{len(changed)} changed region snapshot(s): {' '.join(changed[:20])}" + (
            " …" if len(changed) > 20 else "")
    if run_regions:
        return sorted(run_regions), f"no snapshot changed; recomputing the run's regions {' '.join(sorted(run_regions)[:20])}"
    return None, "full build: nothing changed and no region selected"


def read_build_state(lake: Path, step: str) -> dict | None:
    from mutasi.lake import read_json

    return read_json(lake / BUILD_STATE_DIR / f"{step}.json")


def write_build_state(lake: Path, step: str, delivered: dict[str, str], digest: str, run_id: str,
                      scope: list[str] | None = None) -> None:
    """Record a successful build: what it saw, and what it recomputed (`scope`, None = everything)."""
    import datetime as dt

    from mutasi.lake import write_json_atomic

    write_json_atomic({"project_digest": digest, "snapshots": delivered, "run_id": run_id, "scope": scope,
                       "built_at": dt.datetime.now(dt.timezone.utc).isoformat()},
                      lake / BUILD_STATE_DIR / f"{step}.json")


def scope_of_run(lake: Path, step: str, run_id: str) -> list[str] | None:
    """What `step` recomputed in run `run_id` (None: everything, or the step did not build in that run, e.g.
    only the packages were materialised after a fix in publishing: then everything is redone)."""
    state = read_build_state(lake, step)
    if not state or state.get("run_id") != run_id:
        return None
    return state.get("scope")


def snapshots_in_scope(region_code: str, snapshots: list[str], scope: list[str] | None) -> list[str]:
    """The snapshots of a region whose outputs a build with this scope may have changed: every one for a full
    build or a region named whole; else those from its earliest named snapshot on (a snapshot changes what
    follows it in the region — previous-snapshot comparisons, positions held — never what precedes it)."""
    if scope is None or region_code in scope:
        return list(snapshots)
    named = [entry.split(":", 1)[1] for entry in scope if entry.startswith(region_code + ":")]
    if not named:
        return []
    return [date for date in snapshots if date >= min(named)]


def snapshots_to_redo(region_code: str, snapshots: list[str], scope: list[str] | None,
                      output_exists: Callable[[str], bool]) -> list[str]:
    """The snapshots a downstream step (optimiser, publishing) redoes: those the build's scope may have
    changed, and any whose output is missing (e.g. an earlier run failed after dbt). In the given order."""
    changed = set(snapshots_in_scope(region_code, snapshots, scope))
    return [date for date in snapshots if date in changed or not output_exists(date)]


RUN_TARGETS_KEPT = 20  # dagster-dbt leaves one target directory per dbt step of every run (~7 MB each)


def prune_run_targets(target_dir: Path, keep: int = RUN_TARGETS_KEPT) -> list[Path]:
    """Delete all but the newest `keep` per-invocation target directories (`<step>-<run>-<id>`), so that a
    server running every night does not fill its disk; the manifest and partial-parse files stay."""
    import shutil

    runs = sorted((p for p in target_dir.glob("dbt_*-*-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    removed = runs[:-keep] if keep > 0 else runs
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed
