"""What changed, decided once per run: the ChangeSet (no Dagster, no dbt: plain files and data frames).

After validation has published the run's deliveries, the ChangeSet compares what validation has accepted or
rejected by now (the delivery manifests, state/manifests/<region>/<date>.json) with what each dbt step's
last *successful* build saw (state/builds/<step>.json). A build that failed, or a run killed in between,
leaves its snapshots changed for the next build; a snapshot removed from the lake is named so that its rows
go too; a change to the dbt project itself (models, macros, seeds, tests, dbt_project.yml) makes the next
build a full one. When no snapshot changed, the run's regions are rebuilt (a deliberate re-run of a region
recomputes it, e.g. after a parameter change).

It is computed at the end of validation (the step's metadata reports it) and brought up to date by each dbt
step under the warehouse lock before it builds (another run may have validated or built in between, and a
build records what the manifests said when it ran). It is stored as state/changes/<run_id>.json and handed
on as explicit lists:
- to dbt: `dbt_scope_rows` expands a step's scope into the region snapshots each kind of model recomputes
  (docs/indices.md, section 11); the dbt step writes them to state/dbt_scope.parquet, which the models read
  through source('state', 'dbt_scope') (macros/partitions.sql): no var, no environment variable;
- to the optimiser and publishing: `snapshots_to_redo` over the scope the step's build used in this run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
from dateutil.relativedelta import relativedelta

from mutasi.config import DBT_PROJECT_DIR, DataPaths
from mutasi.lake import read_json, write_json_atomic, write_parquet_atomic

DBT_STEPS = ("dbt_core", "dbt_evaluation")
BUILDS_DIR = "builds"
CHANGES_DIR = "changes"
DBT_SCOPE_FILE = "dbt_scope.parquet"
PROJECT_SOURCE_DIRS = ("models", "macros", "seeds", "tests")
#: the scope kinds of the partitioned dbt models (config snapshot_scope; docs/indices.md section 11)
SCOPE_KINDS = ("snapshot", "history", "province")
DBT_SCOPE_COLUMNS = ["kind", "with_previous", "level", "region_code", "province_code", "snapshot_date"]
_ENTRY = re.compile(r"[0-9]{4}(:[0-9]{4}-[0-9]{2}-[0-9]{2})?")


def project_digest(project_dir: Path = DBT_PROJECT_DIR) -> str:
    """One hash over every file of the dbt project that can change what a build produces."""
    digest = hashlib.sha256()
    files = sorted(p for d in PROJECT_SOURCE_DIRS for p in (project_dir / d).rglob("*") if p.is_file())
    for path in [*files, project_dir / "dbt_project.yml"]:
        digest.update(str(path.relative_to(project_dir)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def delivered_snapshots(manifests: Path) -> dict[str, str]:
    """ "RRRR:YYYY-MM-DD" → "<checksum>:<status>" of the delivery validation last published, per snapshot."""
    found = {}
    for path in sorted(manifests.glob("*/*.json")):
        manifest = read_json(path) or {}
        found[f"{path.parent.name}:{path.stem}"] = f"{manifest.get('checksum')}:{manifest.get('status')}"
    return found


def changed_snapshots(built: dict[str, str], delivered: dict[str, str]) -> list[str]:
    """Snapshots new, re-delivered, re-judged or removed since `built` (sorted, "RRRR:YYYY-MM-DD")."""
    return sorted(key for key in built.keys() | delivered.keys() if built.get(key) != delivered.get(key))


def build_scope(
    state: dict | None, delivered: dict[str, str], digest: str, run_regions: list[str]
) -> tuple[list[str] | None, str]:
    """What a dbt build names: None = everything (full build), else the snapshots (or regions) to recompute."""
    if not state or state.get("project_digest") != digest:
        return None, "full build: " + ("no successful build recorded yet" if not state else "the dbt project changed")
    changed = changed_snapshots(state.get("snapshots", {}), delivered)
    if changed:
        return changed, f"{len(changed)} changed region snapshot(s): {' '.join(changed[:20])}" + (
            " …" if len(changed) > 20 else ""
        )
    if run_regions:
        return sorted(
            run_regions
        ), f"no snapshot changed; recomputing the run's regions {' '.join(sorted(run_regions)[:20])}"
    return None, "full build: nothing changed and no region selected"


def _status(value: str | None) -> str | None:
    return value.rsplit(":", 1)[1] if value else None


def classify(built: dict[str, str], delivered: dict[str, str]) -> dict[str, list[str]]:
    """The changed snapshots by what happened to them since `built`."""
    kinds: dict[str, list[str]] = {"new": [], "redelivered": [], "newly_rejected": [], "removed": []}
    for key in changed_snapshots(built, delivered):
        before, now = built.get(key), delivered.get(key)
        if before is None:
            kinds["new"].append(key)
        elif now is None:
            kinds["removed"].append(key)
        elif _status(before) == "accepted" and _status(now) != "accepted":
            kinds["newly_rejected"].append(key)
        else:
            kinds["redelivered"].append(key)
    return kinds


@dataclass(frozen=True)
class StepScope:
    """What one dbt step recomputes: `scope` None = everything; else "RRRR:YYYY-MM-DD" / "RRRR" entries."""

    scope: list[str] | None
    reason: str


@dataclass(frozen=True)
class ChangeSet:
    run_id: str
    regions: list[str]
    project_digest: str
    delivered: dict[str, str]
    #: new / redelivered / newly_rejected / removed, against what the first dbt step last built
    changes: dict[str, list[str]]
    steps: dict[str, StepScope]
    computed_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat())

    @classmethod
    def compute(cls, paths: DataPaths, run_id: str, regions: Iterable[str], digest: str | None = None) -> ChangeSet:
        digest = digest or project_digest()
        delivered = delivered_snapshots(paths.manifests)
        regions = sorted(regions)
        steps = {}
        for step in DBT_STEPS:
            scope, reason = build_scope(read_build(paths, step), delivered, digest, regions)
            steps[step] = StepScope(scope, reason)
        first = read_build(paths, DBT_STEPS[0]) or {}
        return cls(run_id, regions, digest, delivered, classify(first.get("snapshots", {}), delivered), steps)

    def save(self, paths: DataPaths) -> ChangeSet:
        write_json_atomic(asdict(self), paths.state / CHANGES_DIR / f"{self.run_id}.json")
        return self

    @classmethod
    def load(cls, paths: DataPaths, run_id: str) -> ChangeSet | None:
        data = read_json(paths.state / CHANGES_DIR / f"{run_id}.json")
        if data is None:
            return None
        data["steps"] = {step: StepScope(**scope) for step, scope in data["steps"].items()}
        return cls(**data)

    def summary(self) -> dict[str, int]:
        return {kind: len(keys) for kind, keys in self.changes.items()}


# ------------------------------------------------------------------------------------------- builds


def read_build(paths: DataPaths, step: str) -> dict | None:
    return read_json(paths.state / BUILDS_DIR / f"{step}.json")


def record_build(paths: DataPaths, changes: ChangeSet, step: str) -> None:
    """Record a successful build of `step`: what it saw (the ChangeSet's deliveries), and what it recomputed."""
    write_json_atomic(
        {
            "project_digest": changes.project_digest,
            "snapshots": changes.delivered,
            "run_id": changes.run_id,
            "scope": changes.steps[step].scope,
            "built_at": dt.datetime.now(dt.UTC).isoformat(),
        },
        paths.state / BUILDS_DIR / f"{step}.json",
    )


def scope_of_run(paths: DataPaths, step: str, run_id: str) -> list[str] | None:
    """What `step` recomputed in run `run_id` (None: everything, or the step did not build in that run, e.g.
    only the packages were materialised after a fix in publishing: then everything is redone)."""
    state = read_build(paths, step)
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


def snapshots_to_redo(
    region_code: str, snapshots: list[str], scope: list[str] | None, output_exists: Callable[[str], bool]
) -> list[str]:
    """The snapshots a downstream step (optimiser, publishing) redoes: those the build's scope may have
    changed, and any whose output is missing (e.g. an earlier run failed after dbt). In the given order."""
    changed = set(snapshots_in_scope(region_code, snapshots, scope))
    return [date for date in snapshots if date in changed or not output_exists(date)]


# --------------------------------------------------------------------------------- the lists dbt reads


def lake_snapshots(paths: DataPaths) -> dict[str, list[str]]:
    """Region → its snapshot dates in the lake (accepted snapshots: a folder of lake/clean/pegawai)."""
    found: dict[str, list[str]] = {}
    for folder in sorted(paths.clean("pegawai").glob("region_code=*/snapshot_date=*")):
        if any(folder.glob("*.parquet")):
            region = folder.parent.name.split("=", 1)[1]
            found.setdefault(region, []).append(folder.name.split("=", 1)[1])
    return {region: sorted(dates) for region, dates in found.items()}


def parse_scope(scope: Iterable[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """(named (region, date) pairs, regions named whole) from "RRRR:YYYY-MM-DD" / "RRRR" entries."""
    pairs, regions = [], []
    for entry in scope:
        text = str(entry).strip()
        if not _ENTRY.fullmatch(text):
            raise ValueError(f'snapshot scope entry "{text}" is neither "RRRR:YYYY-MM-DD" nor "RRRR"')
        if ":" in text:
            region, date = text.split(":")
            dt.date.fromisoformat(date)  # a real date
            if (region, date) not in pairs:
                pairs.append((region, date))
        elif text not in regions:
            regions.append(text)
    return pairs, regions


def _months_before(date: str, months: int) -> str:
    """`date` minus whole months, the day clamped to the month's end (as DuckDB's date - interval)."""
    return (dt.date.fromisoformat(date) - relativedelta(months=months)).isoformat()


def expand_scope(
    pairs: list[tuple[str, str]],
    whole: list[str],
    existing: dict[str, list[str]],
    no_move_back_months: int,
    province_of: Callable[[str], str],
) -> dict[str, set[tuple[str, str]]]:
    """The region snapshots each kind of model recomputes, besides the regions named whole:
      snapshot  the named snapshots (and every snapshot of a region named whole)
      history   those, the next snapshot of the region after each, and every later snapshot whose no-move-back
                window reaches back to a named date (previous-snapshot comparisons, positions held)
      province  the history scope and every regency of the same province on those dates (rank in province)
    Named snapshots count even when they left the lake (their rows are deleted)."""
    named = set(pairs) | {(region, date) for region in whole for date in existing.get(region, [])}
    following = set()
    for region, start in named:
        later = [date for date in existing.get(region, []) if date > start]
        following |= {
            (region, date)
            for i, date in enumerate(later)
            if i == 0 or _months_before(date, no_move_back_months) <= start
        }
    history = named | following
    on_dates = {(province_of(region), date) for region, date in history}
    province = history | {
        (region, date)
        for region, dates in existing.items()
        for date in dates
        if (province_of(region), date) in on_dates
    }
    whole_set = set(whole)
    return {
        kind: {pair for pair in found if pair[0] not in whole_set}
        for kind, found in (("snapshot", named), ("history", history), ("province", province))
    }


def with_previous(found: set[tuple[str, str]], existing: dict[str, list[str]]) -> set[tuple[str, str]]:
    """Each snapshot and the one before it in the lake (input of previous-snapshot comparisons)."""
    previous = set()
    for region, date in found:
        earlier = [d for d in existing.get(region, []) if d < date]
        if earlier:
            previous.add((region, earlier[-1]))
    return found | previous


def dbt_scope_rows(
    scope: list[str], existing: dict[str, list[str]], no_move_back_months: int, province_of: Callable[[str], str]
) -> pd.DataFrame:
    """The explicit lists a scoped dbt build reads (source state.dbt_scope), one row per
    level 'region':   (kind, with_previous, region, date) a partitioned model recomputes; a region named
                      whole has one row with no date (every snapshot of it, in the lake or not)
    level 'province': (kind, province, date) a province-level model recomputes
    """
    pairs, whole = parse_scope(scope)
    expanded = expand_scope(pairs, whole, existing, no_move_back_months, province_of)
    rows = []
    for kind in SCOPE_KINDS:
        for previous in (False, True):
            found = with_previous(expanded[kind], existing) if previous else expanded[kind]
            rows += [(kind, previous, "region", region, province_of(region), None) for region in whole]
            rows += [(kind, previous, "region", region, province_of(region), date) for region, date in sorted(found)]
        provinces = {(province_of(r), d) for r, d in expanded[kind]}
        provinces |= {(province_of(r), d) for r in whole for d in existing.get(r, [])}
        rows += [(kind, False, "province", None, province, date) for province, date in sorted(provinces)]
    frame = pd.DataFrame(rows, columns=DBT_SCOPE_COLUMNS)
    frame["snapshot_date"] = pd.to_datetime(frame["snapshot_date"]).dt.date
    return frame


def dbt_scope_path(paths: DataPaths) -> Path:
    return paths.state / DBT_SCOPE_FILE


def write_dbt_scope(
    paths: DataPaths, scope: list[str] | None, no_move_back_months: int, province_of: Callable[[str], str]
) -> Path | None:
    """Write (scope named) or remove (full build) the lists the next dbt build reads."""
    path = dbt_scope_path(paths)
    if scope is None:
        path.unlink(missing_ok=True)
        return None
    rows = dbt_scope_rows(scope, lake_snapshots(paths), no_move_back_months, province_of)
    write_parquet_atomic(rows, path)
    return path


RUN_TARGETS_KEPT = 20  # dagster-dbt leaves one target directory per dbt step of every run (~7 MB each)


def prune_run_targets(target_dir: Path, keep: int = RUN_TARGETS_KEPT) -> list[Path]:
    """Delete all but the newest `keep` per-invocation target directories (`<step>-<run>-<id>`), so that a
    server running every night does not fill its disk; the manifest and partial-parse files stay."""
    runs = sorted((p for p in target_dir.glob("dbt_*-*-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    removed = runs[:-keep] if keep > 0 else runs
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed
