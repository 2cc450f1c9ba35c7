"""`mutasi whatif --region CODE [--snapshot DATE] --set name=value ...`: re-plan one region snapshot with
changed parameters and compare with the published plan; writes under $MUTASI_DATA_DIR/whatif/, never
publishes."""

from __future__ import annotations

import argparse

from mutasi.config import data_paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--region", required=True, help="region code, e.g. 6171")
    parser.add_argument("--snapshot", help="snapshot date (default: the latest in the warehouse)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter to change (repeatable), e.g. max_moves_share=0.02, weight_job_fit=3, "
        "related_job_families=administrasi:pelayanan",
    )


def main(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from mutasi.recommend.whatif import WhatIfError, run_what_if
    from mutasi.warehouse import read_only

    console = Console()
    console = console if console.is_terminal else Console(width=200)  # no wrapping in logs and pipes
    paths = data_paths()
    try:
        with read_only(paths.warehouse) as connection:
            result, files = run_what_if(connection, paths.root, args.region, args.snapshot, args.set)
    except (WhatIfError, FileNotFoundError) as exc:
        console.print(f"[red]what-if: {exc}[/red]")
        return 2
    table = Table(title=f"what-if {args.region} {result.snapshot_date}: " + ", ".join(args.set or ["(no change)"]))
    for name in ("metric", "before", "current plan", "what-if", "change"):
        table.add_column(name, justify="right" if name != "metric" else "left")
    for row in result.metrics.itertuples(index=False):
        table.add_row(row.metric, f"{row.before:.3f}", f"{row.current:.3f}", f"{row.what_if:.3f}", f"{row.change:+.3f}")
    console.print(table)
    s = result.summary()
    published = {
        None: "nothing published for this snapshot",
        True: "the current plan is the published one",
        False: "the published plan differs (parameters or data changed since)",
    }[s["reproduces_published"]]
    console.print(
        f"moves: current plan {s['moves_current']}, what-if {s['moves_what_if']}, in both {s['moves_in_both']}; "
        + published
    )
    console.print(f"written (not published): {files[0].parent}")
    return 0
