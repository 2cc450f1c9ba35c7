"""Synthetic, realistic personnel extracts of Indonesian regional governments (SPEC §3–4).

``generate_extracts`` writes ``landing_dir/<region_code>/<YYYY-MM-DD>/<entity>.<csv|xlsx|parquet>`` for
every region and every monthly snapshot. See ``docs/generator.md`` for what is modelled, the calibration
and the named damage.

Modules: ``catalog`` (vocabulary), ``organisation`` (OPDs, units, positions, tasks), ``people``
(population, histories, evolution between snapshots), ``damage`` (named real-world damage),
``writers`` (per-region file styles).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from mutasi.config import DATA_ENTITIES as ENTITIES
from mutasi.reference import is_region, region

from .damage import DAMAGE_KINDS, DamagePlan, plan_damage
from .dates import add_months
from .organisation import build_organisation
from .people import evolve, initial_population, snapshot_tables
from .siasn import SIASN_ENTITIES, write_siasn
from .writers import FORMATS, RegionStyle, region_style, remove_other_formats, write_csv, write_parquet, write_xlsx

__all__ = [
    "DAMAGE_KINDS",
    "GenerationSummary",
    "RegionStyle",
    "generate_extracts",
    "region_style",
    "snapshot_dates",
]

DAMAGE_LOG_COLUMNS = (
    "region_code",
    "snapshot_date",
    "entity",
    "source_file",
    "source_row",
    "kind",
    "column",
    "recoverable",
)


@dataclass
class GenerationSummary:
    """What ``generate_extracts`` wrote."""

    landing_dir: Path
    regions: list[str]
    snapshot_dates: list[dt.date]
    files_written: int
    rows_per_entity: dict[str, int]
    damage_per_kind: dict[str, int]
    seconds: float
    employees_per_region: dict[str, int] = field(default_factory=dict)  # in the last snapshot
    region_formats: dict[str, str] = field(default_factory=dict)
    # per region, one dict per later snapshot: retired, exited, hired, mutated (+ the moves themselves)
    evolution: dict[str, list[dict]] = field(default_factory=dict, repr=False)
    files: list[Path] = field(default_factory=list, repr=False)
    # one row per damaged row: region_code, snapshot_date, entity, source_file, source_row (1-based, as
    # the file shows it, header and title rows included), kind, column, recoverable
    damage_log: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DAMAGE_LOG_COLUMNS), repr=False)

    @property
    def damaged_rows(self) -> int:
        return int(sum(self.damage_per_kind.values()))

    @property
    def total_rows(self) -> int:
        return int(sum(self.rows_per_entity.values()))

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        lines = [
            f"{len(self.regions)} region(s) x {len(self.snapshot_dates)} snapshot(s) "
            f"({', '.join(d.isoformat() for d in self.snapshot_dates)}) -> {self.landing_dir}",
            f"{self.files_written} files, {self.total_rows:,} rows in {self.seconds:.1f} s",
            "rows: " + ", ".join(f"{k} {v:,}" for k, v in self.rows_per_entity.items()),
        ]
        if self.damage_per_kind:
            lines.append(
                f"damaged rows ({self.damaged_rows:,}): "
                + ", ".join(f"{k} {v}" for k, v in sorted(self.damage_per_kind.items()))
            )
        else:
            lines.append("damaged rows: none")
        return "\n".join(lines)


def snapshot_dates(as_of: dt.date, snapshots: int) -> list[dt.date]:
    """``snapshots`` monthly dates ending at ``as_of`` (same day of month, clamped to month end)."""
    return [add_months(as_of, -k) for k in range(snapshots - 1, -1, -1)]


def _seed_sequence(seed: int, region_code: str) -> np.random.SeedSequence:
    digest = hashlib.sha256(f"mutasi-generate:{int(seed)}:{region_code}".encode()).digest()
    return np.random.SeedSequence(int.from_bytes(digest[:16], "big"))


@dataclass
class _RegionResult:
    code: str
    style: str
    files: list[Path]
    rows: dict[str, int]
    damage: dict[str, int]
    log: pd.DataFrame | None
    evolution: list[dict]
    employees: int


def _generate_region(
    landing_dir: Path,
    code: str,
    employees: int,
    dates: list[dt.date],
    dirty_share: float,
    seed: int,
    file_format: str | None,
) -> _RegionResult:
    """Everything for one region; depends only on its arguments (so regions can run in parallel)."""
    reg = region(code)
    siasn = file_format == "siasn"  # the employee file as a SIASN export, positions/tasks as ANJAB (siasn.py)
    style = region_style(code, None if siasn else file_format)
    org_ss, people_ss, hist_ss, evolve_ss, damage_ss = _seed_sequence(seed, code).spawn(5)
    org = build_organisation(np.random.default_rng(org_ss), reg, employees)
    people_rng = np.random.default_rng(people_ss)
    hist_rng = np.random.default_rng(hist_ss)
    evolve_rng = np.random.default_rng(evolve_ss)
    damage_key = int(damage_ss.generate_state(1)[0])
    pop = initial_population(people_rng, reg, org, dates[0], dates[-1], hist_rng)
    rows = {e: 0 for e in ENTITIES}
    damage: dict[str, int] = {}
    files: list[Path] = []
    log_parts: list[pd.DataFrame] = []
    evolution: list[dict] = []
    size = 0
    for si, snap in enumerate(dates):
        if si:
            evolution.append(evolve(evolve_rng, pop, org, reg, dates[si - 1], snap, hist_rng))
        tables = snapshot_tables(pop, org, snap)
        size = len(tables["pegawai"])
        folder = landing_dir / code / snap.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        snap_rng = np.random.default_rng([damage_key, si])
        for entity in ENTITIES:
            table = tables[entity]
            plan: DamagePlan = plan_damage(snap_rng, entity, table, dirty_share, snap)
            path = folder / f"{entity}.{style.extension}"
            remove_other_formats(folder, entity, style.extension)
            header_row = 1
            if siasn and entity in SIASN_ENTITIES:
                remove_other_formats(folder, entity, "")
                path, n, header_row = write_siasn(
                    folder, code, entity, table, plan, tables["jabatan"], reg.region_name, snap
                )
            elif style.file_format == "csv":
                n = write_csv(path, table, plan, style)
            elif style.file_format == "xlsx":
                n, header_row = write_xlsx(path, table, plan, style, entity, reg.region_name, snap)
            else:
                n = write_parquet(path, table, plan)
            files.append(path)
            rows[entity] += n
            for kind, k in plan.kinds.items():
                damage[kind] = damage.get(kind, 0) + k
            if plan.rows:
                log_parts.append(
                    pd.DataFrame(
                        {
                            "region_code": code,
                            "snapshot_date": snap,
                            "entity": entity,
                            "source_file": path.name,
                            "source_row": [header_row + 1 + r for r, _, _ in plan.rows],
                            "kind": [k for _, k, _ in plan.rows],
                            "column": [c for _, _, c in plan.rows],
                            "recoverable": [DAMAGE_KINDS[k].recoverable for _, k, _ in plan.rows],
                        }
                    )
                )
    log = pd.concat(log_parts, ignore_index=True) if log_parts else None
    described = ("SIASN/ANJAB exports + " if siasn else "") + style.describe()
    return _RegionResult(code, described, files, rows, damage, log, evolution, size)


# Regions deliver a month's extract a few days after its date: the files' modification times say so, as a
# real delivery's would (the data-quality timeliness score reads them), instead of all carrying today.
DELIVERY_LAG_DAYS = 3


def date_delivered(files: list[Path], now: dt.datetime | None = None) -> None:
    """Set each file's mtime to its snapshot date (the folder name) + DELIVERY_LAG_DAYS, never in the future."""
    now = now or dt.datetime.now(dt.UTC)
    for path in files:
        try:
            snapshot = dt.date.fromisoformat(Path(path).parent.name)
        except ValueError:
            continue
        delivered = dt.datetime.combine(snapshot + dt.timedelta(days=DELIVERY_LAG_DAYS), dt.time(2, 0), tzinfo=dt.UTC)
        stamp = min(delivered, now).timestamp()
        os.utime(path, (stamp, stamp))


def generate_extracts(
    landing_dir: Path,
    region_codes: list[str],
    employees: int = 600,
    snapshots: int = 2,
    as_of: dt.date | None = None,
    dirty_share: float = 0.01,
    seed: int = 0,
    file_format: str | None = None,
    workers: int = 1,
    region_formats: dict[str, str] | None = None,
) -> GenerationSummary:
    """Write realistic synthetic extracts for each region and each monthly snapshot.

    ``file_format`` None lets each region use its own deterministic style (about 2/3 CSV in various
    dialects, 1/3 XLSX); "csv", "xlsx" or "parquet" forces one format for all regions; "siasn" writes the
    employee file as a SIASN data utama export and positions/tasks as ANJAB/ABK exports (generate/siasn.py).
    ``region_formats`` overrides ``file_format`` per region code (the demo delivers one region as SIASN).
    ``dirty_share`` of the rows of pegawai and of the optional entities get named real-world damage
    (0 writes clean files). Same arguments give byte-identical files, whatever ``workers`` is.
    ``workers`` > 1 generates regions in that many processes (worth it from a few dozen regions on).
    """
    t0 = time.perf_counter()
    landing_dir = Path(landing_dir)
    codes = [str(c).strip() for c in region_codes]
    unknown = [c for c in codes if not is_region(c)]
    if unknown:
        raise ValueError(f"unknown region code(s): {', '.join(unknown)}")
    if len(set(codes)) != len(codes):
        raise ValueError("region codes must be unique")
    if int(employees) < 1:
        raise ValueError("employees must be at least 1")
    if int(snapshots) < 1:
        raise ValueError("snapshots must be at least 1")
    if not 0.0 <= float(dirty_share) < 1.0:
        raise ValueError("dirty_share must be in [0, 1)")
    formats = {code: (region_formats or {}).get(code, file_format) for code in codes}
    for fmt in formats.values():
        if fmt is not None and fmt not in (*FORMATS, "siasn"):
            raise ValueError(f"file_format must be one of {(*FORMATS, 'siasn')} or None")
    as_of = as_of or dt.date.today()
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    dates = snapshot_dates(as_of, int(snapshots))
    args = [(landing_dir, code, int(employees), dates, float(dirty_share), int(seed), formats[code]) for code in codes]
    if int(workers) > 1 and len(codes) > 1:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(int(workers), len(codes)), mp_context=mp.get_context("spawn")) as ex:
            results = list(ex.map(_generate_region, *zip(*args)))
    else:
        results = [_generate_region(*a) for a in args]

    for r in results:
        date_delivered(r.files)

    rows: dict[str, int] = {e: 0 for e in ENTITIES}
    damage: dict[str, int] = {}
    for r in results:
        for e, n in r.rows.items():
            rows[e] += n
        for k, n in r.damage.items():
            damage[k] = damage.get(k, 0) + n
    logs = [r.log for r in results if r.log is not None]
    log = pd.concat(logs, ignore_index=True) if logs else pd.DataFrame(columns=list(DAMAGE_LOG_COLUMNS))
    return GenerationSummary(
        landing_dir=landing_dir,
        regions=codes,
        snapshot_dates=dates,
        files_written=sum(len(r.files) for r in results),
        rows_per_entity=rows,
        damage_per_kind=dict(sorted(damage.items())),
        seconds=time.perf_counter() - t0,
        employees_per_region={r.code: r.employees for r in results},
        region_formats={r.code: r.style for r in results},
        evolution={r.code: r.evolution for r in results},
        files=[p for r in results for p in r.files],
        damage_log=log,
    )
