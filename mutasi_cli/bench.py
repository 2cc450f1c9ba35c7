"""`mutasi bench`: generate extracts into a temporary data directory, run the real pipeline through
Dagster, and report per stage wall time, rows/s and peak memory, the raw-scan floor and the optimiser
beside the greedy baseline (SPEC §8; how to read it: docs/benchmark.md).

Stage times come from the Dagster event log of the run (STEP_START → STEP_SUCCESS/FAILURE per step
key); the orchestration overhead is the end-to-end wall time minus the sum of the steps. Memory is
sampled from /proc every 0.2 s (this process, and this process plus all its descendants, e.g. the dbt
subprocesses) and also reported from ``resource.getrusage`` (RUSAGE_SELF and RUSAGE_CHILDREN).
Nothing is timed against a threshold here: the figures are for people and for comparing commits
(``--json``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from mutasi.config import DBT_PROJECT_DIR, REPO_ROOT, DataPaths, data_paths, partition_path

SCHEMA_VERSION = 1

#: Dagster step key → stage of the report
STEP_STAGE = {
    "landed_extracts": "ingest",
    "validated_extracts": "validate",
    "dbt_core": "dbt",
    "dbt_evaluation": "dbt",
    "mutation_plan": "recommend",
    "interregency_plan": "recommend",
    "regency_packages": "publish",
    "province_packages": "publish",
}
PIPELINE_STAGES = ("ingest", "validate", "dbt", "recommend", "publish")
OVERHEAD = "orchestration overhead"
STAGES = ("generate", *PIPELINE_STAGES, OVERHEAD)
#: what the rows of each stage's rows/s are
ROWS_OF = {
    "generate": "rows written (all entities)",
    "ingest": "landing rows (all entities)",
    "validate": "rows read by validation",
    "dbt": "valid rows in lake/clean",
    "recommend": "employees solved",
    "publish": "employees in packages",
    OVERHEAD: "-",
}
SAMPLE_SECONDS = 0.2
ENV_KEYS = ("MUTASI_DATA_DIR", "DAGSTER_HOME", "DBT_TARGET_PATH")


# ------------------------------------------------------------------------------------------ arguments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The selection flags of `mutasi generate` plus the bench's own."""
    from mutasi_cli.selection import add_selection_flags

    add_selection_flags(parser)
    parser.add_argument("--as-of", help="date of the last snapshot (default today)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dirty-share", type=float, default=0.01, help="share of rows damaged (default 0.01)")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes for the generator (default: 1 below 8 regions, else the CPU count)",
    )
    parser.add_argument("--json", dest="json_path", metavar="PATH", help="also write the results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory (path printed)")
    parser.add_argument(
        "--verbose", action="store_true", help="Dagster events and dbt's log on the console instead of a log file"
    )
    parser.add_argument("--tmp-dir", help="where to create the temporary data directory (default $TMPDIR)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop the pipeline after this many seconds, report the stages reached (exit 3)",
    )
    parser.add_argument(
        "--synthetic-employees",
        type=int,
        default=10_000,
        metavar="N",
        help="also time the optimiser on the synthetic N-employee regency (0: skip; default 10000)",
    )
    parser.add_argument("--no-floor", action="store_true", help="skip the raw-scan floor")
    parser.add_argument(
        "--landing",
        metavar="DIR",
        help="use extracts generated earlier (a landing directory with region folders; the selected "
        "regions are hard-linked into the temporary directory) instead of generating them",
    )
    parser.add_argument(
        "--no-probe",
        action="store_true",
        help="no effect (kept for earlier command lines): the optimiser is measured through what "
        "its step reports, with its worker processes as in production",
    )
    parser.add_argument(
        "--no-refresh",
        action="store_true",
        help="skip the one-region refresh (a new snapshot for the first region, run alone)",
    )
    parser.add_argument(
        "--cold-dbt-parse",
        action="store_true",
        help="do not parse the dbt project for this data directory first: every dbt invocation "
        "then parses the whole project (what happens when `mutasi prepare` ran elsewhere)",
    )


# ------------------------------------------------------------------------------------------ memory


def _rss_kb(pid: int | str) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(c) for c in f.read().split()]
        except OSError:
            continue
    return out


def descendants(pid: int) -> list[int]:
    """Every process started (directly or not) by ``pid``."""
    seen, todo = [], _children(pid)
    while todo:
        child = todo.pop()
        if child in seen:
            continue
        seen.append(child)
        todo += _children(child)
    return seen


class MemorySampler(threading.Thread):
    """RSS of this process and of this process plus its descendants, every ``interval`` seconds."""

    def __init__(self, interval: float = SAMPLE_SECONDS):
        super().__init__(name="bench-memory", daemon=True)
        self.interval = interval
        self.samples: list[tuple[float, int, int]] = []  # (time.time(), self kB, self+descendants kB)
        self._stop_event = threading.Event()
        self.available = os.path.exists("/proc/self/status")

    def run(self) -> None:
        pid = os.getpid()
        while not self._stop_event.is_set():
            self.sample(pid)
            self._stop_event.wait(self.interval)

    def sample(self, pid: int | None = None) -> None:
        if not self.available:
            return
        pid = pid or os.getpid()
        own = _rss_kb(pid)
        total = own + sum(_rss_kb(c) for c in descendants(pid))
        self.samples.append((time.time(), own, total))

    def stop(self) -> None:
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout=2)
        self.sample()

    def timeline(self, start: float, points: int = 300) -> list[list[float]]:
        """[seconds since ``start``, self MB, self+descendants MB], thinned to about ``points`` rows
        (the maximum of each slice, so peaks survive)."""
        samples = [s for s in list(self.samples) if s[0] >= start]
        step = max(1, -(-len(samples) // points))
        out = []
        for k in range(0, len(samples), step):
            part = samples[k : k + step]
            out.append(
                [
                    round(part[0][0] - start, 1),
                    round(max(p[1] for p in part) / 1024, 1),
                    round(max(p[2] for p in part) / 1024, 1),
                ]
            )
        return out

    def peak(
        self, start: float | None = None, end: float | None = None, exclude: list[tuple[float, float]] | None = None
    ) -> tuple[float | None, float | None]:
        """Peak (self MB, self+descendants MB) over samples in [start, end], outside ``exclude``."""
        own = total = None
        for t, s, a in list(self.samples):
            if (start is not None and t < start) or (end is not None and t > end):
                continue
            if exclude and any(a0 <= t <= a1 for a0, a1 in exclude):
                continue
            own = s if own is None else max(own, s)
            total = a if total is None else max(total, a)

        def mb(kb):
            return None if kb is None else round(kb / 1024, 1)

        return mb(own), mb(total)


def rusage_mb() -> dict:
    """Peak RSS from getrusage (Linux reports kB): this process, and the largest waited-for child."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "self_max_rss_mb": round(own.ru_maxrss / 1024, 1),
        "children_max_rss_mb": round(kids.ru_maxrss / 1024, 1),
        "self_cpu_seconds": round(own.ru_utime + own.ru_stime, 2),
        "children_cpu_seconds": round(kids.ru_utime + kids.ru_stime, 2),
    }


# ------------------------------------------------------------------------------------------ environment


def _commit() -> str | None:
    """The checked-out commit, read from .git (no git command)."""
    git = REPO_ROOT / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        if (git / ref).exists():
            return (git / ref).read_text().strip()
        packed = git / "packed-refs"
        if packed.exists():
            for line in packed.read_text().splitlines():
                if line.endswith(" " + ref):
                    return line.split()[0]
    except OSError:
        return None
    return None


def _host() -> dict:
    mem_gb = None
    try:
        with open("/proc/meminfo") as f:
            mem_gb = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpus": os.cpu_count(),
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


@contextlib.contextmanager
def bench_environment(paths: DataPaths):
    """Point the data directory, the Dagster instance and the dbt target path at the temp directory."""
    saved = {k: os.environ.get(k) for k in ENV_KEYS}
    os.environ["MUTASI_DATA_DIR"] = str(paths.root)
    os.environ["DAGSTER_HOME"] = str(paths.dagster_home)
    os.environ.pop("DBT_TARGET_PATH", None)  # set after the manifest step (which writes dbt_project/target)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def parse_dbt_for(paths: DataPaths) -> float:
    """`dbt parse` with this data directory into $DBT_TARGET_PATH, so the run's dbt invocations can
    parse partially, as after `mutasi prepare` in the same data directory. Returns the seconds."""
    import subprocess

    t0 = time.perf_counter()
    dbt = Path(sys.executable).with_name("dbt")
    subprocess.run(
        [
            str(dbt),
            "parse",
            "--quiet",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            os.environ["DBT_TARGET_PATH"],
        ],
        check=True,
        env={**os.environ, "DBT_LOG_PATH": os.environ["DBT_TARGET_PATH"]},
    )
    return time.perf_counter() - t0


# ------------------------------------------------------------------------------------------ optimiser


#: keys of a call as the step reports them; the others are the solver's statistics, reported as solver_<key>
CALL_KEYS = {"region", "snapshot", "moves", "baseline_moves", "recommend_seconds", "plan_seconds", "greedy_seconds"}


def optimiser_calls(instance, run_ids: list[str]) -> list[dict]:
    """Every region snapshot the runs' `mutation_plan` steps solved: the solver's statistics and the call's
    timings, measured in the process that solved it (a worker or the step's own) and reported by the step
    in its materialisation metadata (`solver_calls`). Nothing in production is wrapped or replaced."""
    from dagster import DagsterEventType

    calls = []
    # a step over a range of partitions materialises once per partition with the same metadata, and a run
    # over several regions is listed once per region: each (region, snapshot) counts once
    seen: set[tuple] = set()
    for run_id in dict.fromkeys(run_ids):
        for record in instance.all_logs(run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION):
            materialization = record.dagster_event.event_specific_data.materialization
            if materialization.asset_key.path == ["mutation_plan"] and "solver_calls" in materialization.metadata:
                for call in materialization.metadata["solver_calls"].value:
                    key = (call.get("region"), call.get("snapshot"))
                    if key in seen:
                        continue
                    seen.add(key)
                    calls.append({k if k in CALL_KEYS else f"solver_{k}": v for k, v in call.items()})
    return calls


def largest_region(paths: DataPaths, calls: list[dict]) -> dict | None:
    """The call with the most employees, with the regency metrics "ours vs baseline" the optimiser wrote."""
    import pandas as pd

    if not calls:
        return None
    largest = max(calls, key=lambda c: c.get("solver_n_employees") or 0)
    effect = partition_path(paths.lake / "recommendation_effect", largest["region"], largest["snapshot"])
    frames = [pd.read_parquet(p) for p in effect.glob("*.parquet")]
    comparison = (
        pd.concat(frames).drop(columns=["params_version", "run_id"], errors="ignore").to_dict("records")
        if frames
        else []
    )
    return {**largest, "comparison": comparison}


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def optimiser_summary(calls: list[dict]) -> dict:
    solve = [c.get("solver_seconds") or 0.0 for c in calls]
    greedy = [c.get("greedy_seconds") or 0.0 for c in calls]
    total = [c["recommend_seconds"] for c in calls]
    return {
        "region_snapshots": len(calls),
        "all_optimal": all(c.get("solver_status") == "optimal" for c in calls),
        "max_mip_gap": max((c.get("solver_mip_gap") or 0.0 for c in calls), default=None),
        "solve_seconds": {
            "sum": round(sum(solve), 3),
            "median": _quantile(solve, 0.5),
            "p95": _quantile(solve, 0.95),
            "max": max(solve, default=None),
        },
        "greedy_seconds": {
            "sum": round(sum(greedy), 3),
            "median": _quantile(greedy, 0.5),
            "max": max(greedy, default=None),
        },
        "recommend_seconds": {
            "sum": round(sum(total), 3),
            "median": _quantile(total, 0.5),
            "max": max(total, default=None),
        },
    }


def synthetic_case(employees: int, seed: int = 0) -> dict:
    """`python -m mutasi.recommend.synthetic --employees N`, timed in-process (optimiser and baseline)."""
    from mutasi.recommend import recommend
    from mutasi.recommend.synthetic import example_params, synthetic_instance

    params = example_params()
    positions, emp = synthetic_instance(employees, seed, params.effective_minutes_per_year)
    result = recommend(positions, emp, params)
    return {
        "employees": len(emp),
        "positions": len(positions),
        "moves": len(result.moves),
        "baseline_moves": len(result.baseline.moves),
        **result.timings,
        **{f"solver_{k}": v for k, v in result.solver.to_dict().items()},
        "comparison": result.comparison.to_dict("records"),
    }


# ------------------------------------------------------------------------------------------ event log


def step_times(instance, run_id: str) -> list[dict]:
    """Per step key: start, end (None while running), seconds and status, from the run's event log."""
    steps: dict[str, dict] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or not event.step_key:
            continue
        kind = event.event_type_value
        if kind == "STEP_START":
            steps.setdefault(
                event.step_key, {"step": event.step_key, "start": entry.timestamp, "end": None, "status": "running"}
            )
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED") and event.step_key in steps:
            steps[event.step_key]["end"] = entry.timestamp
            steps[event.step_key]["status"] = {"STEP_SUCCESS": "success", "STEP_FAILURE": "failure"}.get(
                kind, "skipped"
            )
    out = []
    for s in steps.values():
        s["run_id"] = run_id
        s["stage"] = STEP_STAGE.get(s["step"], "other")
        s["seconds"] = (s["end"] if s["end"] is not None else time.time()) - s["start"]
        out.append(s)
    return sorted(out, key=lambda s: s["start"])


def dbt_invocations(target_root: Path, run_ids: list[str], top: int = 12) -> list[dict]:
    """The dbt invocations of the runs: elapsed time in dbt, slowest nodes, whether parsing was partial."""
    out = []
    for run_id in run_ids:
        for folder in sorted(target_root.glob(f"*-{run_id[:7]}-*")):
            results = folder / "run_results.json"
            if not results.exists():
                continue
            data = json.loads(results.read_text("utf-8"))
            nodes = sorted(data.get("results", []), key=lambda r: -(r.get("execution_time") or 0))
            by_type: dict[str, float] = {}
            for r in data.get("results", []):
                kind = r["unique_id"].split(".", 1)[0]
                by_type[kind] = by_type.get(kind, 0.0) + (r.get("execution_time") or 0.0)
            log = folder / "dbt.log"
            text = log.read_text("utf-8", errors="replace") if log.exists() else ""
            out.append(
                {
                    "invocation": folder.name.rsplit("-", 2)[0],
                    "target": str(folder),
                    "dbt_elapsed_seconds": round(data.get("elapsed_time") or 0.0, 3),
                    "nodes": len(data.get("results", [])),
                    "node_seconds_by_type": {k: round(v, 3) for k, v in sorted(by_type.items())},
                    "full_parse": "Unable to do partial parsing" in text or "Partial parse save file not found" in text,
                    "slowest": [
                        {
                            "node": r["unique_id"],
                            "seconds": round(r.get("execution_time") or 0.0, 3),
                            "status": r.get("status"),
                        }
                        for r in nodes[:top]
                    ],
                }
            )
    return out


# ------------------------------------------------------------------------------------------ raw-scan floor


def _csv_dialect(path: Path) -> tuple[str, str]:
    with open(path, "rb") as f:
        head = f.read(65536)
    first = head.split(b"\n", 1)[0]
    delim = ";" if first.count(b";") > first.count(b",") else ","
    try:
        head.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        encoding = "utf-8" if exc.start > len(head) - 4 else "latin-1"  # a character cut at the 64 kB edge
    return delim, encoding


def _read_csv_transcoded(con, path: Path, delim: str) -> int:
    """A file DuckDB's decoders refuse (mixed encodings, a real-world damage): decoded by Python
    (UTF-8, else cp1252, undecodable bytes replaced), then read by DuckDB from memory."""
    import io

    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    rel = con.read_csv(
        io.BytesIO(text.encode("utf-8")), sep=delim, header=True, all_varchar=True, null_padding=True, strict_mode=False
    )
    return len(rel.fetchall())


def raw_scan_floor(landing: Path) -> dict:
    """DuckDB reading every landing file once (every column of every row touched): CSV with read_csv
    grouped by entity and dialect, Parquet with read_parquet; XLSX has no extension-free DuckDB route
    (the excel extension is not installed offline), so it is read with python-calamine (the reader
    ingest uses) and reported separately. Returns seconds, rows and bytes per format."""
    import duckdb

    files: dict[str, list[Path]] = {"csv": [], "parquet": [], "xlsx": []}
    for p in sorted(landing.rglob("*")):
        ext = p.suffix.lower().lstrip(".")
        if p.is_file() and ext in files:
            files[ext].append(p)
    groups: dict[tuple[str, str, str], list[Path]] = {}
    for p in files["csv"]:
        groups.setdefault((p.stem.lower(),) + _csv_dialect(p), []).append(p)
    out: dict = {}
    errors: list[str] = []
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    try:
        t0 = time.perf_counter()
        rows = 0
        for (_, delim, encoding), paths in groups.items():
            sql = (
                "select count(*), max(columns(*)) from read_csv(?, all_varchar=true, header=true, delim=?, "
                "quote='\"', encoding=?, union_by_name=true, strict_mode=false, null_padding=true)"
            )
            try:
                rows += con.execute(sql, [[str(p) for p in paths], delim, encoding]).fetchone()[0]
            except duckdb.Error:
                for p in paths:  # one file at a time, the lenient encoding, then decoded by Python
                    try:
                        rows += con.execute(sql, [[str(p)], delim, "latin-1"]).fetchone()[0]
                    except duckdb.Error:
                        try:
                            rows += _read_csv_transcoded(con, p, delim)
                        except duckdb.Error as exc:
                            errors.append(f"{p}: {str(exc).splitlines()[0][:200]}")
        out["csv"] = {
            "files": len(files["csv"]),
            "groups": len(groups),
            "rows": int(rows),
            "bytes": sum(p.stat().st_size for p in files["csv"]),
            "seconds": round(time.perf_counter() - t0, 3),
        }
        t0 = time.perf_counter()
        rows = 0
        by_entity: dict[str, list[Path]] = {}
        for p in files["parquet"]:
            by_entity.setdefault(p.stem.lower(), []).append(p)
        for paths in by_entity.values():
            rows += con.execute(
                "select count(*), max(columns(*)) from read_parquet(?, union_by_name=true)", [[str(p) for p in paths]]
            ).fetchone()[0]
        out["parquet"] = {
            "files": len(files["parquet"]),
            "rows": int(rows),
            "bytes": sum(p.stat().st_size for p in files["parquet"]),
            "seconds": round(time.perf_counter() - t0, 3),
        }
    finally:
        con.close()
    t0 = time.perf_counter()
    rows = 0
    if files["xlsx"]:
        from python_calamine import CalamineWorkbook

        for p in files["xlsx"]:
            try:
                wb = CalamineWorkbook.from_path(str(p))
                for name in wb.sheet_names:
                    rows += max(0, len(wb.get_sheet_by_name(name).to_python(skip_empty_area=False)) - 1)
            except Exception as exc:  # noqa: BLE001 - a damaged workbook is counted as an error, not fatal
                errors.append(f"{p}: {exc!r}"[:200])
    out["xlsx"] = {
        "files": len(files["xlsx"]),
        "rows": int(rows),
        "reader": "python-calamine",
        "bytes": sum(p.stat().st_size for p in files["xlsx"]),
        "seconds": round(time.perf_counter() - t0, 3),
    }
    out["seconds"] = round(sum(out[k]["seconds"] for k in ("csv", "parquet", "xlsx")), 3)
    out["duckdb_seconds"] = round(out["csv"]["seconds"] + out["parquet"]["seconds"], 3)
    out["rows"] = sum(out[k]["rows"] for k in ("csv", "parquet", "xlsx"))
    out["errors"] = errors[:20]
    return out


# ------------------------------------------------------------------------------------------ counts


def lake_counts(paths: DataPaths) -> dict:
    """Rows read and valid (lake audit) and employees (warehouse), for the rows/s of each stage."""
    import duckdb

    counts = {"rows_read": None, "rows_valid": None, "employees": None}
    con = duckdb.connect()
    try:
        glob = str(paths.audit("ingested_files") / "**" / "*.parquet")
        if list(paths.audit("ingested_files").rglob("*.parquet")):
            read, valid = con.execute(f"select sum(rows_read), sum(rows_valid) from read_parquet('{glob}')").fetchone()
            counts["rows_read"], counts["rows_valid"] = int(read or 0), int(valid or 0)
    finally:
        con.close()
    if paths.warehouse.exists():
        try:
            with duckdb.connect(str(paths.warehouse), read_only=True) as wh:
                counts["employees"] = int(wh.execute("select count(*) from marts.employee_indices").fetchone()[0])
        except duckdb.Error:
            pass
    return counts


# ------------------------------------------------------------------------------------------ report


def stage_table(
    steps: list[dict],
    runs: list[dict],
    e2e_seconds: float,
    generate: dict,
    counts: dict,
    sampler: MemorySampler,
    e2e_window: tuple[float, float],
) -> dict:
    stages: dict[str, dict] = {}
    windows: dict[str, list[tuple[float, float]]] = {}
    for s in steps:
        windows.setdefault(s["stage"], []).append((s["start"], s["end"] if s["end"] is not None else time.time()))
    rows = {
        "generate": generate.get("rows"),
        "ingest": generate.get("rows"),
        "validate": counts.get("rows_read"),
        "dbt": counts.get("rows_valid"),
        "recommend": counts.get("employees_solved"),
        "publish": counts.get("employees"),
        OVERHEAD: None,
    }
    for stage in STAGES:
        if stage == "generate":
            seconds = generate.get("seconds", 0.0)
            peak = sampler.peak(generate.get("start"), generate.get("end"))
        elif stage == OVERHEAD:
            seconds = max(0.0, e2e_seconds - sum(s["seconds"] for s in steps))
            peak = sampler.peak(*e2e_window, exclude=[w for ws in windows.values() for w in ws])
        else:
            seconds = sum(s["seconds"] for s in steps if s["stage"] == stage)
            own = total = None
            for w in windows.get(stage, []):
                o, t = sampler.peak(*w)
                own = o if own is None else max(own, o or 0)
                total = t if total is None else max(total, t or 0)
            peak = (own, total)
        n = rows.get(stage)
        stages[stage] = {
            "seconds": round(seconds, 3),
            "rows": n,
            "rows_of": ROWS_OF[stage],
            "rows_per_second": round(n / seconds, 1) if n and seconds > 0 else None,
            "peak_rss_mb": peak[0],
            "peak_rss_with_children_mb": peak[1],
            "steps": [s["step"] for s in steps if s["stage"] == stage],
        }
    for s in steps:  # a step the map does not know (a new asset): reported, never lost
        if s["stage"] == "other":
            stages.setdefault(
                "other",
                {
                    "seconds": 0.0,
                    "rows": None,
                    "rows_of": "-",
                    "rows_per_second": None,
                    "peak_rss_mb": None,
                    "peak_rss_with_children_mb": None,
                    "steps": [],
                },
            )
            stages["other"]["seconds"] = round(stages["other"]["seconds"] + s["seconds"], 3)
            stages["other"]["steps"].append(s["step"])
    return stages


def _fmt(v, spec: str = ",.1f", none: str = "-") -> str:
    return none if v is None else format(v, spec)


def render(result: dict) -> str:
    lines = []
    sel = result["selection"]
    lines.append(
        f"mutasi bench  {result['started_at']}  commit {str(result.get('commit'))[:12]}  "
        f"{sel['regions']} region(s) x {sel['employees']:,} employees x {sel['snapshots']} snapshot(s)"
    )
    lines.append(
        f"load average before {result['host']['loadavg_before']}, after {result['host'].get('loadavg_after')}"
        f" ({result['host']['cpus']} CPUs)"
    )
    if result.get("timed_out"):
        lines.append(f"*** stopped by --timeout after {result['timeout_seconds']:.0f} s: partial figures ***")
    lines.append("")
    head = f"{'stage':<24}{'wall s':>9}{'share':>7}{'rows':>12}{'rows/s':>12}{'RSS MB':>9}{'+child MB':>10}  rows of"
    lines.append(head)
    lines.append("-" * len(head))
    e2e = result["end_to_end_seconds"] or 0.0
    for name, s in result["stages"].items():
        share = "" if name == "generate" or not e2e else f"{100 * s['seconds'] / e2e:.0f} %"
        lines.append(
            f"{name:<24}{s['seconds']:>9.1f}{share:>7}{_fmt(s['rows'], ',d'):>12}"
            f"{_fmt(s['rows_per_second'], ',.0f'):>12}{_fmt(s['peak_rss_mb']):>9}"
            f"{_fmt(s['peak_rss_with_children_mb']):>10}  {s['rows_of']}"
        )
    lines.append("-" * len(head))
    lines.append(
        f"{'end to end (pipeline)':<24}{e2e:>9.1f}{'':>7}{'':>12}{'':>12}"
        f"{_fmt(result['peak_rss_mb']['pipeline_self']):>9}"
        f"{_fmt(result['peak_rss_mb']['pipeline_with_children']):>10}  run_pipeline(), landing → packages"
    )
    lines.append(
        f"{'startup (not in e2e)':<24}{result['startup_seconds']:>9.1f}  imports, dbt parse for this data "
        f"directory ({result['dbt_parse_seconds'] if result['dbt_parse_seconds'] is not None else 'skipped'} s)"
    )
    ru = result["rusage"]
    lines.append(
        f"getrusage: RUSAGE_SELF max RSS {ru['self_max_rss_mb']:,.0f} MB, RUSAGE_CHILDREN max RSS "
        f"{ru['children_max_rss_mb']:,.0f} MB (largest single child: dbt or a generator worker); "
        f"CPU self {ru['self_cpu_seconds']:.0f} s, children {ru['children_cpu_seconds']:.0f} s"
    )
    floor = result.get("floor")
    if floor:
        lines.append("")
        lines.append(
            f"raw-scan floor {floor['seconds']:.2f} s  (DuckDB CSV {floor['csv']['seconds']:.2f} s / "
            f"{floor['csv']['files']} files / {floor['csv']['rows']:,} rows; Parquet "
            f"{floor['parquet']['seconds']:.2f} s / {floor['parquet']['files']} files; XLSX by calamine "
            f"{floor['xlsx']['seconds']:.2f} s / {floor['xlsx']['files']} files / {floor['xlsx']['rows']:,} rows)"
        )
        if result.get("ratio_end_to_end_to_floor") is not None:
            lines.append(
                f"end to end / floor = {result['ratio_end_to_end_to_floor']:.0f}x"
                f"   (end to end / DuckDB-only part = {_fmt(result.get('ratio_end_to_end_to_duckdb_floor'), ',.0f')}x)"
            )
        if floor.get("errors"):
            lines.append(f"  floor could not read {len(floor['errors'])} file(s), e.g. {floor['errors'][0]}")
    lines.append("")
    lines.append("steps (Dagster event log)")
    for s in result["steps"]:
        lines.append(f"  {s['step']:<22}{s['seconds']:>9.1f} s  {s['status']}")
    for inv in result.get("dbt", []):
        lines.append(
            f"  dbt {inv['invocation']}: {inv['dbt_elapsed_seconds']:.1f} s inside dbt (nodes {inv['nodes']}; "
            + ", ".join(f"{k} {v:.1f} s" for k, v in inv["node_seconds_by_type"].items())
            + f"){'; FULL PARSE' if inv['full_parse'] else ''}; slowest: "
            + ", ".join(f"{n['node'].split('.')[-1]} {n['seconds']:.1f}" for n in inv["slowest"][:4])
        )
    opt = result.get("optimiser")
    if opt and opt.get("region_snapshots"):
        lines.append("")
        lines.append(
            f"optimiser vs greedy baseline: {opt['region_snapshots']} region snapshot(s), all optimal: "
            f"{opt['all_optimal']}, max mip_gap {opt['max_mip_gap']}"
        )
        lines.append(
            f"  solve s  sum {opt['solve_seconds']['sum']:.2f}  median {_fmt(opt['solve_seconds']['median'], '.3f')}"
            f"  p95 {_fmt(opt['solve_seconds']['p95'], '.3f')}  max {_fmt(opt['solve_seconds']['max'], '.3f')};"
            f"  greedy s sum {opt['greedy_seconds']['sum']:.2f}; recommend() s sum "
            f"{opt['recommend_seconds']['sum']:.2f}"
        )
        calls = sorted(result.get("optimiser_calls", []), key=lambda c: -(c.get("solver_seconds") or 0))
        lines.append(
            f"  {'region':<8}{'snapshot':<12}{'employees':>10}{'cands':>8}{'solve s':>9}{'gap':>6}"
            f"{'plan s':>8}{'greedy s':>9}{'recommend s':>12}{'moves':>7}{'greedy mv':>10}"
        )
        for c in calls[:10]:
            lines.append(
                f"  {c['region']:<8}{c['snapshot']:<12}{c['solver_n_employees']:>10,}"
                f"{c['solver_n_candidates']:>8,}{c['solver_seconds']:>9.3f}{c['solver_mip_gap']:>6.0g}"
                f"{_fmt(c.get('plan_seconds'), '.2f'):>8}{_fmt(c.get('greedy_seconds'), '.3f'):>9}"
                f"{c['recommend_seconds']:>12.2f}{c['moves']:>7}{c['baseline_moves']:>10}"
            )
        if len(calls) > 10:
            lines.append(f"  … {len(calls) - 10} more in the JSON (sorted by solve time)")
    refresh = result.get("refresh")
    if refresh:
        lines.append("")
        lines.append(
            f"refresh: new snapshot {', '.join(refresh['snapshots_added']) or '(none added)'} of region "
            f"{refresh['region']} alone: {refresh['seconds']:.1f} s = "
            f"{100 * (refresh['share_of_full_run'] or 0):.0f} % of the full run (goal ≤ 25 %)"
            f"{'' if refresh['success'] else '  FAILED'}"
        )
        lines.append("  " + ", ".join(f"{s['step']} {s['seconds']:.1f}" for s in refresh["steps"]))
        for message in refresh["dbt_scope"]:
            lines.append(f"  {message[:160]}")
    syn = result.get("synthetic")
    if syn:
        lines.append("")
        lines.append(
            f"synthetic regency ({syn['employees']:,} employees, {syn['positions']:,} posts): status "
            f"{syn.get('solver_status')}, mip_gap {syn.get('solver_mip_gap')}, solve "
            f"{syn.get('solver_seconds', 0):.2f} s, plan {_fmt(syn.get('plan_seconds'), '.2f')} s, greedy "
            f"{_fmt(syn.get('greedy_seconds'), '.3f')} s, recommend() {syn.get('recommend_seconds', 0):.2f} s "
            f"(goal: solve ≤ 3 s, gap 0)"
        )
    if result.get("data_dir_kept"):
        lines.append(f"data directory kept: {result['data_dir_kept']}")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------ main


def _kill_descendants() -> None:
    """Stop the processes this bench started (the dbt subprocess, generator workers), by pid."""
    for pid in reversed(descendants(os.getpid())):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)


def main(args: argparse.Namespace) -> int:
    from mutasi_cli.selection import selection

    codes = selection(args)
    as_of = dt.date.fromisoformat(args.as_of) if getattr(args, "as_of", None) else dt.date.today()
    workers = args.workers if getattr(args, "workers", None) else (1 if len(codes) < 8 else (os.cpu_count() or 1))
    tmp = Path(tempfile.mkdtemp(prefix="mutasi-bench-", dir=getattr(args, "tmp_dir", None)))
    paths = data_paths(tmp / "data")
    keep = bool(getattr(args, "keep", False))
    json_path = getattr(args, "json_path", None)
    result: dict = {
        "schema": SCHEMA_VERSION,
        "started_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": _commit(),
        "command": " ".join(sys.argv),
        "host": {**_host(), "loadavg_before": _loadavg()},
        "selection": {
            "regions": len(codes),
            "region_codes": codes if len(codes) <= 30 else codes[:30] + ["…"],
            "employees": args.employees,
            "snapshots": args.snapshots,
            "as_of": as_of.isoformat(),
            "seed": getattr(args, "seed", 0),
            "dirty_share": getattr(args, "dirty_share", 0.01),
            "workers": workers,
        },
        "timed_out": False,
    }
    sampler = MemorySampler()
    sampler.start()
    state: dict = {"phase": "startup"}

    def log(msg):
        print(f"  {msg}", flush=True)

    watchdog = None
    try:
        with bench_environment(paths):
            paths.root.mkdir(parents=True, exist_ok=True)
            t0 = time.perf_counter()
            from orchestration.instance import prepare_instance
            from orchestration.project import prepare_manifest

            prepare_instance(paths)
            prepare_manifest()
            import orchestration.definitions  # noqa: F401 - the import cost is startup, not pipeline

            # the run's dbt artefacts (run_results.json, dbt.log) go to the temporary directory, not the checkout
            os.environ["DBT_TARGET_PATH"] = str(paths.root / "dbt_target")
            result["dbt_parse_seconds"] = (
                None if getattr(args, "cold_dbt_parse", False) else round(parse_dbt_for(paths), 2)
            )
            result["startup_seconds"] = round(time.perf_counter() - t0, 2)

            from mutasi.generate import generate_extracts

            print(
                f"generating {len(codes)} region(s) x {args.employees:,} x {args.snapshots} into {paths.landing} "
                f"(workers {workers}) …",
                flush=True,
            )
            state["phase"] = "generate"
            g0, w0 = time.perf_counter(), time.time()
            if getattr(args, "landing", None):
                generate = link_landing(Path(args.landing), paths.landing, codes)
                generate.update(start=w0, end=time.time())
                result["generate"] = {k: v for k, v in generate.items() if k not in ("start", "end")}
                print(
                    f"  linked {generate['files']} files of {len(codes)} region(s) from {args.landing} "
                    f"in {generate['link_seconds']:.1f} s (generation not timed)",
                    flush=True,
                )
            summary = (
                None
                if getattr(args, "landing", None)
                else generate_extracts(
                    paths.landing,
                    codes,
                    employees=args.employees,
                    snapshots=args.snapshots,
                    as_of=as_of,
                    dirty_share=getattr(args, "dirty_share", 0.01),
                    seed=getattr(args, "seed", 0),
                    workers=workers,
                )
            )
            if summary is not None:
                generate = {
                    "seconds": time.perf_counter() - g0,
                    "start": w0,
                    "end": time.time(),
                    "rows": summary.total_rows,
                    "files": summary.files_written,
                    "employees": sum(summary.employees_per_region.values()),
                    "landing_bytes": sum(p.stat().st_size for p in summary.files if p.exists()),
                }
                result["generate"] = {k: v for k, v in generate.items() if k not in ("start", "end")}
                print(
                    f"  {summary.files_written} files, {summary.total_rows:,} rows in {generate['seconds']:.1f} s",
                    flush=True,
                )
            result["rusage_after_generate"] = rusage_mb()

            from dagster import DagsterInstance

            state.update(phase="pipeline", e2e_start=time.time(), e2e_perf=time.perf_counter())
            if getattr(args, "timeout", None):
                watchdog = threading.Timer(
                    args.timeout,
                    _on_timeout,
                    args=(args, result, state, generate, sampler, paths, tmp, keep, json_path),
                )
                watchdog.daemon = True
                watchdog.start()
            print("running the pipeline through Dagster …", flush=True)
            outcomes = quiet_pipeline(paths, None, log, args)
            e2e = time.perf_counter() - state["e2e_perf"]
            e2e_window = (state["e2e_start"], time.time())
            if watchdog:
                watchdog.cancel()
            state["phase"] = "report"
            result["rusage"] = rusage_mb()
            result["host"]["loadavg_after_pipeline"] = _loadavg()
            instance = DagsterInstance.get()
            steps = [s for o in outcomes for s in step_times(instance, o.run_id)]
            result["runs"] = [
                {
                    "run_id": o.run_id,
                    "partition_range": list(o.partition_range),
                    "success": o.success,
                    "seconds": round(o.seconds, 3),
                    "failed_steps": o.failed_steps,
                    "errors": [e[:500] for e in o.errors],
                }
                for o in outcomes
            ]
            result["success"] = bool(outcomes) and all(o.success for o in outcomes)
            result["end_to_end_seconds"] = round(e2e, 3)
            counts = lake_counts(paths)
            if generate.get("rows") is None:  # pre-generated landing: the rows are those validation read
                generate["rows"] = counts.get("rows_read")
                result["generate"]["rows"] = generate["rows"]
            calls = optimiser_calls(instance, [o.run_id for o in outcomes])
            counts["employees_solved"] = sum(c.get("solver_n_employees") or 0 for c in calls) or counts.get("employees")
            result["counts"] = counts
            result["stages"] = stage_table(steps, result["runs"], e2e, generate, counts, sampler, e2e_window)
            result["steps"] = [{k: (round(v, 3) if isinstance(v, float) else v) for k, v in s.items()} for s in steps]
            result["orchestration"] = {
                "outside_runs_seconds": round(e2e - sum(o.seconds for o in outcomes), 3),
                "inside_runs_between_steps_seconds": round(
                    sum(o.seconds for o in outcomes) - sum(s["seconds"] for s in steps), 3
                ),
            }
            result["rss_timeline_mb"] = sampler.timeline(start=generate["start"])
            own, total = sampler.peak(*e2e_window)
            result["peak_rss_mb"] = {
                "pipeline_self": own,
                "pipeline_with_children": total,
                "whole_bench_self": sampler.peak()[0],
                "whole_bench_with_children": sampler.peak()[1],
            }
            result["dbt"] = dbt_invocations(paths.root / "dbt_target", [o.run_id for o in outcomes])
            result["optimiser"] = optimiser_summary(calls)
            result["optimiser_calls"] = [
                {k: (round(v, 4) if isinstance(v, float) else v) for k, v in c.items()}
                for c in sorted(calls, key=lambda c: -(c.get("solver_seconds") or 0))
            ]
            result["optimiser_largest_region"] = largest_region(paths, calls)

            if not getattr(args, "no_floor", False):
                print("raw-scan floor …", flush=True)
                floor = raw_scan_floor(paths.landing)
                result["floor"] = floor
                result["ratio_end_to_end_to_floor"] = round(e2e / floor["seconds"], 2) if floor["seconds"] > 0 else None
                result["ratio_end_to_end_to_duckdb_floor"] = (
                    round(e2e / floor["duckdb_seconds"], 2) if floor["duckdb_seconds"] > 0 else None
                )
            if not getattr(args, "no_refresh", False) and result["success"]:
                print(f"refresh: a new snapshot for region {codes[0]} alone …", flush=True)
                state["phase"] = "refresh"
                result["refresh"] = refresh_one_region(paths, codes[0], args, as_of, e2e, log)

            n = getattr(args, "synthetic_employees", 10_000)
            if n:
                print(f"synthetic {n:,}-employee regency …", flush=True)
                result["synthetic"] = synthetic_case(n, getattr(args, "seed", 0))
            result["host"]["loadavg_after"] = _loadavg()
    finally:
        if watchdog:
            watchdog.cancel()
        sampler.stop()
        if keep:
            result["data_dir_kept"] = str(paths.root)
        elif "stages" in result:
            shutil.rmtree(tmp, ignore_errors=True)
    if "stages" not in result:  # failed before the report: keep what we have for inspection
        print(f"bench failed; data directory left at {paths.root}", file=sys.stderr)
        return 2
    print()
    print(render(result))
    if json_path:
        _write_json(Path(json_path), result)
        print(f"\nJSON: {json_path}")
    return 0 if result.get("success") else 1


def link_landing(source: Path, landing: Path, codes: list[str]) -> dict:
    """Hard-link the selected regions' extracts from a landing directory generated earlier (no copy, no
    generation time; the files keep their bytes and modification times)."""
    started = time.perf_counter()
    files, size = 0, 0
    missing = [c for c in codes if not (source / c).is_dir()]
    if missing:
        raise SystemExit(f"--landing {source}: no folder for region(s) {', '.join(missing[:10])}")
    for code in codes:
        for path in sorted((source / code).rglob("*")):
            target = landing / path.relative_to(source)
            if path.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:  # another file system: copy
                shutil.copy2(path, target)
            files += 1
            size += path.stat().st_size
    return {
        "seconds": 0.0,
        "rows": None,
        "files": files,
        "employees": None,
        "landing_bytes": size,
        "pre_generated": str(source),
        "link_seconds": round(time.perf_counter() - started, 2),
    }


def quiet_pipeline(paths: DataPaths, regions: list[str] | None, log, args: argparse.Namespace):
    """run_pipeline with Dagster's events, dbt's log and library warnings in a log file (issue 18: thousands
    of DEBUG lines buried the report); --verbose keeps them on the console. The file is in the temporary
    directory's parent, so it outlives a data directory the bench deletes."""
    from mutasi_cli.runner import run_pipeline

    if getattr(args, "verbose", False):
        return run_pipeline(paths, regions, log=log)
    from mutasi_cli.console import output_to

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = Path(getattr(args, "tmp_dir", None) or tempfile.gettempdir()) / f"mutasi-bench-{stamp}.log"
    with output_to(path) as console:
        outcomes = run_pipeline(paths, regions, log=lambda message: print(message, file=console, flush=True))
    print(f"  Dagster events and dbt's log: {path}", flush=True)
    return outcomes


def refresh_one_region(
    paths: DataPaths, region: str, args: argparse.Namespace, as_of: dt.date, full_seconds: float, log
) -> dict:
    """SPEC §8: a new snapshot of one region refreshes in ≤ 25 % of the full run. The next month's extract
    of `region` is generated aside and moved into the landing area; then that region alone is run, as the
    landing sensor would. Only the new snapshot is validated; dbt names it; the region is re-planned and
    re-published with its province."""
    from dagster import DagsterInstance

    from mutasi.generate import generate_extracts

    aside = paths.root / "refresh_landing"
    next_as_of = as_of + dt.timedelta(days=31)
    generate_extracts(
        aside,
        [region],
        employees=args.employees,
        snapshots=1,
        as_of=next_as_of,
        dirty_share=getattr(args, "dirty_share", 0.01),
        seed=getattr(args, "seed", 0),
        workers=1,
    )
    added = []
    for snapshot in sorted((aside / region).iterdir()):
        target = paths.landing / region / snapshot.name
        if not target.exists():
            shutil.move(str(snapshot), str(target))
            added.append(snapshot.name)
    shutil.rmtree(aside, ignore_errors=True)
    started = time.perf_counter()
    outcomes = quiet_pipeline(paths, [region], log, args)
    seconds = time.perf_counter() - started
    instance = DagsterInstance.get()
    steps = [s for o in outcomes for s in step_times(instance, o.run_id)]
    scope = [
        e.user_message for o in outcomes for e in instance.all_logs(o.run_id) if e.user_message.startswith("dbt dbt_")
    ]
    return {
        "region": region,
        "snapshots_added": added,
        "seconds": round(seconds, 3),
        "share_of_full_run": round(seconds / full_seconds, 3) if full_seconds else None,
        "success": bool(outcomes) and all(o.success for o in outcomes),
        "steps": [{"step": s["step"], "seconds": round(s["seconds"], 3), "status": s["status"]} for s in steps],
        "dbt_scope": scope,
    }


def _write_json(path: Path, result: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


def _on_timeout(args, result, state, generate, sampler, paths, tmp, keep, json_path) -> None:
    """--timeout: report the stages the run reached (the running step with its time so far), then stop."""
    try:
        from dagster import DagsterInstance

        e2e = time.perf_counter() - state["e2e_perf"]
        instance = DagsterInstance.get()
        runs = instance.get_runs(limit=20)
        steps = [s for r in reversed(runs) for s in step_times(instance, r.run_id)]
        result.update(
            timed_out=True,
            timeout_seconds=args.timeout,
            success=False,
            end_to_end_seconds=round(e2e, 3),
            runs=[{"run_id": r.run_id, "status": str(r.status)} for r in runs],
            steps=[{k: (round(v, 3) if isinstance(v, float) else v) for k, v in s.items()} for s in steps],
            rusage=rusage_mb(),
            startup_seconds=result.get("startup_seconds", 0.0),
            dbt_parse_seconds=result.get("dbt_parse_seconds"),
        )
        calls = optimiser_calls(instance, [r.run_id for r in runs])  # the runs whose plan step finished
        counts = {"employees_solved": sum(c.get("solver_n_employees") or 0 for c in calls) or None}
        with contextlib.suppress(Exception):
            counts.update({k: v for k, v in lake_counts(paths).items() if k != "employees"})
        result["counts"] = counts
        result["stages"] = stage_table(
            steps, result["runs"], e2e, generate, counts, sampler, (state["e2e_start"], time.time())
        )
        own, total = sampler.peak(state["e2e_start"], None)
        result["peak_rss_mb"] = {"pipeline_self": own, "pipeline_with_children": total}
        result["rss_timeline_mb"] = sampler.timeline(start=generate["start"])
        result["dbt"] = dbt_invocations(paths.root / "dbt_target", [r.run_id for r in runs])
        result["optimiser"] = optimiser_summary(calls)
        result["optimiser_calls"] = calls
        result["host"]["loadavg_after"] = _loadavg()
        print("\n" + render(result), flush=True)
        if json_path:
            _write_json(Path(json_path), result)
    finally:
        _kill_descendants()
        if keep:
            print(f"data directory kept: {paths.root}", flush=True)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
        sys.stdout.flush()
        os._exit(3)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="mutasi bench", description=__doc__)
    add_arguments(parser)
    sys.exit(main(parser.parse_args()))
