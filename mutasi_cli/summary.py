"""The result `mutasi run` prints after the progress display (issue 18): one row per region with what was
validated, planned and published, the provinces, and the paths to open. Rejected snapshots get their reason."""

from __future__ import annotations

import io

import duckdb
from rich import box
from rich.console import Console
from rich.table import Table

from mutasi.config import DataPaths
from mutasi.reference import is_region, region
from mutasi.warehouse import read_only

WIDTH = 120


def _status(paths: DataPaths):
    if not list((paths.lake / "audit" / "snapshot_status").glob("*/*/*.parquet")):
        return None
    status_glob = paths.lake / "audit" / "snapshot_status" / "*" / "*" / "*.parquet"
    return duckdb.sql(
        f"select region_code, snapshot_date::varchar as snapshot, status, rows_read, rows_quarantined, "
        f"data_quality_score, message from read_parquet('{status_glob}', union_by_name=true) "
        f"qualify row_number() over (partition by region_code, snapshot_date order by validated_at desc) = 1 "
        f"order by 1, 2"
    ).df()


def _moves(paths: DataPaths) -> dict[tuple[str, str], int]:
    if not paths.warehouse.exists():
        return {}
    with read_only(paths.warehouse) as con:
        found = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'marts' "
            "and table_name = 'mutation_recommendations'"
        ).fetchone()[0]
        if not found:
            return {}
        rows = con.execute(
            "select region_code, snapshot_date::varchar, count(*) from marts.mutation_recommendations group by all"
        ).fetchall()
    return {(r, d): n for r, d, n in rows}


def _latest(folder) -> str | None:
    dates = (
        sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")) if folder.is_dir() else []
    )
    return dates[-1] if dates else None


def pipeline_summary(paths: DataPaths, outcomes, log_file=None) -> str:
    out = io.StringIO()
    console = Console(file=out, width=WIDTH, force_terminal=False, color_system=None)
    for o in outcomes:
        state = "ok" if o.success else "FAILED"
        console.print(
            f"run {o.run_id[:8]} regions {o.partition_range[0]}..{o.partition_range[1]}: {state} in {o.seconds:.1f} s"
        )
    status = _status(paths)
    moves = _moves(paths)
    problems = []
    if status is not None and len(status):
        table = Table(
            box=box.SIMPLE_HEAD, title="snapshots (latest delivery each)", title_justify="left", pad_edge=False
        )
        for column, justify in (
            ("region", "left"),
            ("snapshot", "left"),
            ("status", "left"),
            ("rows read", "right"),
            ("quarantined", "right"),
            ("quality", "right"),
            ("moves", "right"),
            ("package", "left"),
        ):
            table.add_column(column, justify=justify, no_wrap=True)
        for r in status.itertuples():
            r = r._replace(region_code=str(r.region_code), snapshot=str(r.snapshot))
            name = region(r.region_code).region_name if is_region(r.region_code) else ""
            package = paths.outputs / r.region_code / r.snapshot
            table.add_row(
                f"{r.region_code} {name}"[:28],
                r.snapshot,
                r.status,
                f"{r.rows_read:,}",
                f"{r.rows_quarantined:,}",
                f"{r.data_quality_score:.2f}",
                str(moves.get((r.region_code, r.snapshot), "-")) if r.status == "accepted" else "-",
                f"{package.relative_to(paths.outputs)}/" if package.is_dir() else "-",
            )
            if r.status != "accepted":
                problems.append(f"  {r.region_code} {r.snapshot} {r.status}: {str(r.message)[:300]}")
        console.print(table)
    for line in problems:
        console.print(line, markup=False, highlight=False)
    provinces = (
        sorted(p for p in (paths.outputs / "province").glob("*") if p.is_dir()) if paths.outputs.exists() else []
    )
    if provinces:
        console.print("provinces (latest snapshot):")
        for folder in provinces:
            date = _latest(folder)
            restricted = paths.outputs / "terbatas" / "province" / folder.name / (date or "")
            line = f"  {folder.name}  province/{folder.name}/{date}/ (aggregates)"
            if date and restricted.is_dir():
                line += f" · restricted, BKD only: terbatas/province/{folder.name}/{date}/"
            console.print(line, markup=False, highlight=False)
    if paths.outputs.exists():
        console.print(
            f"open: {paths.outputs}/<region>/<date>/scorecard.html or the .xlsx workbook beside it", markup=False
        )
    if log_file is not None:
        console.print(f"log: {log_file} (Dagster events and dbt; also in the UI: make ui)", markup=False)
    return out.getvalue().rstrip("\n")
