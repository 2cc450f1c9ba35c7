"""The `mutasi` command: generate demo extracts, inspect a delivery, run the pipeline, prepare the dbt manifest."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from mutasi.config import data_paths
from mutasi.reference import DEMO_REGIONS
from mutasi_cli.selection import add_selection_flags, selection


def cmd_generate(args: argparse.Namespace) -> int:
    from mutasi.generate import generate_extracts

    paths = data_paths()
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else dt.date.today()
    summary = generate_extracts(
        paths.landing,
        selection(args),
        employees=args.employees,
        snapshots=args.snapshots,
        as_of=as_of,
        dirty_share=args.dirty_share,
        seed=args.seed,
        file_format=args.format,
    )
    print(summary)
    print(f"landing area: {paths.landing}")
    return 0


def print_summary(paths, outcomes, log_file=None) -> None:
    from mutasi_cli.summary import pipeline_summary

    print(pipeline_summary(paths, outcomes, log_file))


def cmd_run(args: argparse.Namespace) -> int:
    from mutasi_cli.runner import run_pipeline

    paths = data_paths()
    t0 = time.perf_counter()
    log_file = None
    if getattr(args, "verbose", False):
        outcomes = run_pipeline(paths, args.region or None)
    else:
        # progress on the console, everything else (Dagster events, dbt, library warnings) in the log file
        from mutasi_cli.console import RunProgress, log_path, output_to

        log_file = log_path(paths.root)
        with output_to(log_file) as stream:
            progress = RunProgress(stream)
            outcomes = run_pipeline(
                paths, args.region or None, log=lambda m: progress.console.print(m, markup=False), progress=progress
            )
    print_summary(paths, outcomes, log_file)
    print(f"total {time.perf_counter() - t0:.1f} s")
    from mutasi.lake import lake_has_accepted_snapshot

    nothing_accepted = bool(outcomes) and not lake_has_accepted_snapshot(paths)
    if nothing_accepted:
        print(
            "NO REGION ACCEPTED: every delivered snapshot was rejected, so nothing was modelled or published. "
            "The reasons are listed under 'snapshots' above; `mutasi inspect landing/<region>/<date>` shows what "
            "does not map.",
            file=sys.stderr,
        )
    failed = [o for o in outcomes if not o.success]
    for o in failed:
        print(
            f"FAILED run {o.run_id} ({o.partition_range[0]}..{o.partition_range[1]}): steps {', '.join(o.failed_steps)}",
            file=sys.stderr,
        )
        for error in o.errors:
            first = (error.strip().splitlines() or [""])[0]
            print(f"  {first[:300]}", file=sys.stderr)
        print(
            f"  the whole error: {log_file or 'above'}; the run in the Dagster UI (make ui): {o.run_id}",
            file=sys.stderr,
        )
    return 1 if failed or not outcomes or nothing_accepted else 0


# The demo delivers Kota Pontianak as it comes out of SIASN and an ANJAB application (mutasi/generate/siasn.py),
# so `make run` reads real export shapes through the shipped presets.
DEMO_FORMATS = {"6171": "siasn"}


def cmd_demo(args: argparse.Namespace) -> int:
    """`make run`: generate the demo extracts (the founding regions and Kota Singkawang, a second regency of
    Kota Pontianak's province) if the landing area is empty, then run."""
    paths = data_paths()
    if not paths.landing.exists() or not any(paths.landing.iterdir()):
        from mutasi.generate import generate_extracts

        print(f"landing area empty: generating demo extracts for {', '.join(DEMO_REGIONS)} …")
        print(
            generate_extracts(
                paths.landing,
                list(DEMO_REGIONS),
                employees=args.employees,
                snapshots=2,
                as_of=dt.date.today(),
                dirty_share=0.01,
                seed=args.seed,
                region_formats=DEMO_FORMATS,
            )
        )
    args.region = None
    return cmd_run(args)


def cmd_bench(args: argparse.Namespace) -> int:
    from mutasi_cli import bench

    return bench.main(args)


def cmd_prepare(args: argparse.Namespace) -> int:
    """The dbt manifest and the Dagster instance folder (so `make ui` and `make run` share one instance)."""
    from orchestration.instance import prepare_instance
    from orchestration.project import prepare_manifest

    home = prepare_instance(data_paths())
    print(f"dbt manifest: {prepare_manifest(force=args.force)}")
    print(f"DAGSTER_HOME: {home}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mutasi", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="realistic synthetic extracts into $MUTASI_DATA_DIR/landing")
    add_selection_flags(gen)
    gen.add_argument("--as-of", help="date of the last snapshot (default today)")
    gen.add_argument("--dirty-share", type=float, default=0.01, help="share of rows damaged (default 0.01)")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument(
        "--format",
        choices=("csv", "xlsx", "parquet", "siasn"),
        help="one file format for every region (default: each region its own style); siasn: the employee "
        "file as a SIASN data utama export, positions and tasks as ANJAB/ABK exports",
    )
    gen.set_defaults(func=cmd_generate)

    run = sub.add_parser("run", help="the whole pipeline through Dagster for the regions in the landing area")
    run.add_argument("--region", action="append", help="only this region (repeatable)")
    run.add_argument(
        "--verbose",
        action="store_true",
        help="show Dagster's events and dbt's log on the console (default: a log file)",
    )
    run.set_defaults(func=cmd_run)

    demo = sub.add_parser("demo", help="generate the demo extracts if the landing area is empty, then run")
    demo.add_argument("--employees", type=int, default=600)
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument(
        "--verbose",
        action="store_true",
        help="show Dagster's events and dbt's log on the console (default: a log file)",
    )
    demo.set_defaults(func=cmd_demo)

    bench_parser = sub.add_parser(
        "bench", help="benchmark: generate into a temp dir, run the real pipeline, time each stage"
    )
    from mutasi_cli import bench  # light: imports only the standard library and mutasi.config at module level

    bench.add_arguments(bench_parser)
    bench_parser.set_defaults(func=cmd_bench)

    insp = sub.add_parser(
        "inspect", help="what a delivery holds: entity and preset per file, what maps and what not, a draft region map"
    )
    from mutasi_cli import inspect_view

    inspect_view.add_arguments(insp)
    insp.set_defaults(func=inspect_view.main)

    whatif = sub.add_parser(
        "whatif", help="re-plan one region snapshot with changed parameters and compare with the published plan"
    )
    from mutasi_cli import whatif_view

    whatif_view.add_arguments(whatif)
    whatif.set_defaults(func=whatif_view.main)

    prep = sub.add_parser("prepare", help="build the dbt manifest (dbt parse) if missing or stale")
    prep.add_argument("--force", action="store_true")
    prep.set_defaults(func=cmd_prepare)

    args = parser.parse_args(argv)
    if args.func in (cmd_run, cmd_demo, cmd_bench):
        import os

        from mutasi.parallel import requested_workers, start_fork_server

        # the workers' libraries load in the fork server while this process loads Dagster (mutasi.parallel);
        # not when every stage is asked to run in its step's own process (MUTASI_WORKERS=1)
        try:
            in_process = set(requested_workers(os.environ).values()) == {1}
        except ValueError:  # a bad MUTASI_WORKERS: the command reports it where it reads its configuration
            in_process = True
        if not in_process:
            start_fork_server()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
