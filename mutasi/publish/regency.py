"""Regency packages straight from the warehouse, one after the other or in worker processes.

:func:`publish_region_package` (package.py) is a pure function of DataFrames. This module is what the
``regency_packages`` asset runs around it: one :class:`RegionJob` per (region, snapshot) reads its tables
itself, through its own read-only connection under the shared warehouse lock (``mutasi.warehouse``), and
publishes the package atomically; the caller gets a small :class:`RegionResult` back. No Dagster import
here, so a worker process starts with pandas, DuckDB and the workbook writer only.

Parallel: a process pool (fork server, else spawn — the Dagster step holds DuckDB connections and threads,
so it is never forked). Failure semantics are the serial loop's: the first package that fails fails the
call, with its own exception; jobs still queued are dropped, packages being written finish (each is atomic
either way), and the packages already published stay published. Unlike the serial loop, packages after
the failing one in job order may already be published by then.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..parallel import parallel_map, worker_count
from ..warehouse import read_only
from .package import PackageMeta, publish_region_package

# Tables of a regency package: name -> SQL over the warehouse for one (region, snapshot).
REGION_TABLES = {
    "summary": "select * from marts.regency_scorecards where region_code = $r and snapshot_date = $d",
    "mutation_recommendations": (
        "select * exclude (region_code, snapshot_date) from marts.mutation_recommendations "
        "where region_code = $r and snapshot_date = $d order by priority_rank"
    ),
    "position_workload": (
        "select * exclude (region_code, snapshot_date) from marts.position_workload "
        "where region_code = $r and snapshot_date = $d order by unit_code, position_code"
    ),
    "employee_indices": (
        "select * exclude (region_code, snapshot_date) from marts.employee_indices "
        "where region_code = $r and snapshot_date = $d order by unit_code, nip"
    ),
    "training_needs": """
        select nip, to_position_code, trim(unnest(string_split(training_needs, ';'))) as training_need
        from marts.mutation_recommendations
        where region_code = $r and snapshot_date = $d and coalesce(training_needs, '') <> ''
        order by nip""",
    "data_quality": (
        "select entity, source_file, sha256, file_format, encoding, rows_read, rows_valid, rows_quarantined, "
        "status, message from audit.ingested_files where region_code = $r and snapshot_date = $d "
        "and is_current_delivery order by entity"
    ),
    # value_unmapped rows summarised per value (mutasi/ingest/adapters.py writes 'value_unmapped: <column>
    # "<value>" (kolom "<header>") ... tambahkan di <where>'): what to add to which map, by how many rows.
    "unmapped_values": r"""
        select entity,
            regexp_extract(message, '^value_unmapped: (\S+) "', 1) as contract_column,
            regexp_extract(message, '^value_unmapped: \S+ "(.*)" \(kolom "', 1) as raw_value,
            regexp_extract(message, '\(kolom "([^"]*)"\)', 1) as source_header,
            count(*) as rows_affected,
            min(regexp_extract(message, 'tambahkan di (.*)$', 1)) as where_to_map
        from audit.quarantined_rows
        where region_code = $r and snapshot_date = $d and is_current_delivery and rule = 'value_unmapped'
        group by all
        order by rows_affected desc, entity, contract_column, raw_value""",
    "quarantined_rows": (
        "select entity, source_file, source_row, rule, message, raw_record from audit.quarantined_rows "
        "where region_code = $r and snapshot_date = $d and is_current_delivery order by source_file, source_row"
    ),
    "vacancy_shortlists": (
        "select * exclude (region_code, snapshot_date) from marts.vacancy_shortlists "
        "where region_code = $r and snapshot_date = $d order by position_code, candidate_rank"
    ),
    "succession_candidates": (
        "select * exclude (region_code, snapshot_date) from marts.succession_candidates "
        "where region_code = $r and snapshot_date = $d order by position_code, candidate_rank"
    ),
    "mutation_decisions": (
        "select * exclude (region_code) from marts.mutation_decisions "
        "where region_code = $r and snapshot_date <= $d order by snapshot_date desc, priority_rank"
    ),
    "evaluation_horizons": (
        "select * exclude (region_code) from marts.mutation_evaluation_horizons "
        "where region_code = $r and snapshot_date <= $d order by snapshot_date desc, nip, horizon_months"
    ),
    # the region's side of the inter-regency plan (issue 17): own employees leaving, own posts filled from
    # another regency without the newcomer's identity (marts.interregency_moves_by_regency)
    "interregency_moves": (
        "select * exclude (region_code, snapshot_date, params_version) from marts.interregency_moves_by_regency "
        "where region_code = $r and snapshot_date = $d order by direction, position_code, nip"
    ),
    "rotation_not_moved": (
        "select * exclude (region_code, snapshot_date) from marts.rotation_not_moved "
        "where region_code = $r and snapshot_date = $d order by nip"
    ),
    "recommendation_effect": (
        "select * exclude (region_code, snapshot_date) from marts.recommendation_effect "
        "where region_code = $r and snapshot_date = $d"
    ),
    "recommendation_fairness": (
        "select * exclude (region_code, snapshot_date) from marts.recommendation_fairness "
        "where region_code = $r and snapshot_date = $d"
    ),
    "post_mutation_evaluation": (
        "select * exclude (region_code, snapshot_date) from marts.mutation_evaluation "
        "where region_code = $r and snapshot_date = $d order by nip"
    ),
}


def query(connection, sql: str, **values) -> pd.DataFrame:
    return connection.execute(sql, values).df()


def _has_table(connection, schema: str, name: str) -> bool:
    return bool(
        connection.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, name]
        ).fetchone()[0]
    )


def _tables(connection) -> set[tuple[str, str]]:
    """(schema, name) of every table and view: one query instead of one per package table (18 queries,
    0.03 CPU-s of a package on province 32, 2026-12-05)."""
    return {
        tuple(row)
        for row in connection.execute("select table_schema, table_name from information_schema.tables").fetchall()
    }


def region_tables(connection, region_code: str, snapshot_date: str) -> dict[str, pd.DataFrame]:
    tables = {}
    present = _tables(connection)
    for name, sql in REGION_TABLES.items():
        schema, table = sql.split(" from ", 1)[1].split()[0].split(".")
        if (schema, table) not in present:
            tables[name] = pd.DataFrame()
        else:
            tables[name] = query(connection, sql, r=region_code, d=snapshot_date)
        if name == "mutation_recommendations":
            tables["decision_form"] = decision_form(tables[name], snapshot_date)
    return tables


#: the decision sheet's columns: (column of the plan or None, header name); the contract columns of
#: keputusan_mutasi keep their names so that the sheet is read back as is
DECISION_FORM_COLUMNS = (
    ("nip", "nip"),
    ("name", "nama_pegawai"),
    ("from_position_name", "jabatan_asal"),
    ("to_position_code", "kode_jabatan_tujuan"),
    ("to_position_name", "jabatan_tujuan"),
    ("to_unit_name", "unit_tujuan"),
    ("priority_rank", "prioritas"),
    (None, "keputusan"),
    (None, "alasan"),
    (None, "tanggal_keputusan"),
    (None, "diputuskan_oleh"),
)


def decision_form(recommendations: pd.DataFrame, snapshot_date: str) -> pd.DataFrame:
    """The return path of the decision loop (issue 16): the plan's moves with empty decision columns and
    the plan's date, for the package sheet "Keputusan Mutasi"."""
    out = {}
    n = len(recommendations)
    for source, name in DECISION_FORM_COLUMNS:
        if source is None:
            out[name] = (
                pd.Series([None] * n, dtype=object)
                if name != "tanggal_keputusan"
                else pd.Series([pd.NaT] * n, dtype="datetime64[ns]")
            )
        elif source in recommendations:
            out[name] = recommendations[source].reset_index(drop=True)
    out["tanggal_rekomendasi"] = pd.Series([pd.Timestamp(snapshot_date)] * n, dtype="datetime64[ns]")
    return pd.DataFrame(out)


def input_files(connection, region_code: str, snapshot_date: str) -> list[dict]:
    return query(
        connection,
        (
            "select entity, source_file, sha256, rows_read, rows_valid, rows_quarantined from audit.ingested_files "
            "where region_code = $r and snapshot_date = $d and is_current_delivery and sha256 is not null"
        ),
        r=region_code,
        d=snapshot_date,
    ).to_dict("records")


def scorecard_history(connection, region_code: str, snapshot_date: str) -> pd.DataFrame:
    """The region's scorecards up to and including the snapshot (the trend of the package)."""
    history = query(
        connection,
        "select * from marts.regency_scorecards where region_code = $r order by snapshot_date",
        r=region_code,
    )
    return history[history["snapshot_date"].astype(str) <= snapshot_date]


# --------------------------------------------------------------------------------------------------
# One package
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionJob:
    """Everything a (worker) process needs to publish one regency package; small and picklable."""

    warehouse: str
    outputs: str
    region_code: str
    snapshot_date: str
    region_name: str
    province_code: str
    province_name: str
    run_id: str
    params_version: str


@dataclass(frozen=True)
class RegionResult:
    region: str
    snapshot: str
    path: str
    recommendations: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0  # wall
    cpu_seconds: float = 0.0  # of the process that published it (DuckDB's threads included)


def region_freshness(connection, region_code: str) -> dict | None:
    """The region's row of marts.region_freshness (a view: its age is as of today), for the scorecard."""
    if not _has_table(connection, "marts", "region_freshness"):
        return None
    found = query(
        connection,
        "select latest_accepted_snapshot, age_days, freshness_days, is_stale "
        "from marts.region_freshness where region_code = $r",
        r=region_code,
    )
    if found.empty:
        return None
    row = found.iloc[0]
    latest = row["latest_accepted_snapshot"]
    return {
        "latest_accepted_snapshot": None if pd.isna(latest) else pd.Timestamp(latest).date().isoformat(),
        "age_days": None if pd.isna(row["age_days"]) else int(row["age_days"]),
        "freshness_days": int(row["freshness_days"]),
        "is_stale": bool(row["is_stale"]),
    }


def publish_region_job(job: RegionJob) -> RegionResult:
    """Read the package's tables (one read-only connection, released before writing) and publish it."""
    start, cpu = time.perf_counter(), time.process_time()
    with read_only(Path(job.warehouse)) as connection:
        history = scorecard_history(connection, job.region_code, job.snapshot_date)
        files = input_files(connection, job.region_code, job.snapshot_date)
        tables = region_tables(connection, job.region_code, job.snapshot_date)
        freshness = region_freshness(connection, job.region_code)
    meta = PackageMeta(
        region_code=job.region_code,
        region_name=job.region_name,
        province_code=job.province_code,
        province_name=job.province_name,
        snapshot_date=job.snapshot_date,
        run_id=job.run_id,
        params_version=job.params_version,
        input_files=files,
        freshness=freshness,
    )
    path = publish_region_package(Path(job.outputs), meta, tables, history)
    return RegionResult(
        region=job.region_code,
        snapshot=job.snapshot_date,
        path=str(path),
        recommendations=len(tables["mutation_recommendations"]),
        rows={name: len(frame) for name, frame in tables.items()},
        seconds=round(time.perf_counter() - start, 3),
        cpu_seconds=round(time.process_time() - cpu, 3),
    )


# --------------------------------------------------------------------------------------------------
# Many packages
# --------------------------------------------------------------------------------------------------


#: packages of a run from which worker processes are used unless a number is asked for: publishing one
#: 8,931-employee package takes 2.3 CPU-s (docs/benchmark.md), more than a worker's start-up, so from two on
PUBLISH_MIN_PACKAGES = 2
#: what a publishing worker needs (in mutasi.parallel.PIPELINE_WORKER_MODULES)
WORKER_PRELOAD = (__name__,)


def publish_workers(packages: int, requested: int | None = None, cpus: int | None = None) -> int:
    """Worker processes: min(CPUs, packages, requested). 1 = publish in the caller's process."""
    return worker_count(packages, work=packages, min_work=PUBLISH_MIN_PACKAGES, requested=requested, cpus=cpus)


def publish_region_jobs(
    jobs: Sequence[RegionJob],
    workers: int = 1,
    on_done: Callable[[RegionResult], None] | None = None,
    publish: Callable[[RegionJob], RegionResult] = publish_region_job,
) -> list[RegionResult]:
    """Publish every job; results in the order of ``jobs``. ``workers`` = 1 publishes here, one after the
    other; more publish in that many processes (``publish`` must then be a module-level function). The first
    package that fails fails the call (mutasi.parallel, fail_fast). ``on_done`` is called in this process as
    each package is published."""
    jobs = list(jobs)
    index = {id(job): i for i, job in enumerate(jobs)}
    by_index: dict[int, RegionResult] = {}
    # pandas, pyarrow, DuckDB and rustpy_xlsxwriter are imported once by the fork server, not once per worker
    for job, result in parallel_map(publish, jobs, workers=workers, on_error="fail_fast", preload=WORKER_PRELOAD):
        by_index[index[id(job)]] = result
        if on_done:
            on_done(result)
    return [by_index[i] for i in range(len(jobs))]
