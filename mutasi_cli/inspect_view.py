"""`mutasi inspect PATH`: the terminal view (a table per file, rich) and `--json` of mutasi.ingest.inspect."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mutasi.config import data_paths
from mutasi.ingest.headers import config_maps_dir
from mutasi.ingest.inspect import InspectReport, inspect_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="a delivery folder (landing/<region>/<date>) or one file")
    parser.add_argument("--region", help="region code, when PATH does not contain it")
    parser.add_argument("--json", action="store_true", help="the report as JSON (for machines)")
    parser.add_argument("--draft", type=Path, help="also write the draft region map to this file")


def _values(pairs: list[tuple[str, int]]) -> str:
    return ", ".join(f"{v} ({n})" for v, n in pairs)


def render(report: InspectReport, console) -> None:
    from rich.table import Table

    console.print(f"[bold]{report.path}[/bold]  region: {report.region_code or '?'}")
    for f in report.files:
        status = "[green]OK[/green]" if f.ok else "[red]PERLU DIPETAKAN[/red]"
        title = f"{Path(f.path).name}: {f.entity or '?'}" + (f" via preset {f.preset}" if f.preset else "")
        console.print(
            f"\n{status} {title}  ({f.how}; {f.rows} rows" + (f", header row {f.header_row})" if f.header_row else ")")
        )
        for problem in f.problems:
            console.print(f"  [red]- {problem}[/red]")
        if not f.mapped:
            continue
        table = Table(show_lines=False, pad_edge=False)
        for name in ("contract column", "from", "filled", "values", "not mapped"):
            table.add_column(name, overflow="fold")
        for p in f.mapped:
            table.add_row(
                p.column, p.source, f"{p.filled}/{p.filled + p.empty}", _values(p.top_values), _values(p.unmapped)
            )
        console.print(table)
        if f.unmapped_headers:
            console.print("  headers kept out of the contract: " + ", ".join(f.unmapped_headers))
        for header, column in f.suggestions.items():
            console.print(f"  [yellow]suggestion: {header!r} -> {column}[/yellow]")
    if not report.ok:
        console.print("\n[bold]Draft region map[/bold] (review, then save under config/peta/):")
        console.print(report.draft_map, markup=False, highlight=False)
    console.print("\n" + ("everything maps" if report.ok else "something does not map yet: see above"))


def main(args: argparse.Namespace) -> int:
    from rich.console import Console

    maps_dir = config_maps_dir(data_paths().landing)
    report = inspect_path(args.path, args.region, maps_dir)
    if args.draft:
        args.draft.write_text(report.draft_map, "utf-8")
    if args.json:
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        terminal = Console()
        render(report, terminal if terminal.is_terminal else Console(width=200))  # no wrapping in logs and pipes
    return 0 if report.ok else 1
