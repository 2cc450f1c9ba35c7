"""Which regions a command works on: the flags shared by `mutasi generate` and `mutasi bench`."""

from __future__ import annotations

import argparse

from mutasi.reference import FOUNDING_REGIONS, is_region, province_regions, regions


def selection(args: argparse.Namespace) -> list[str]:
    if args.all:
        return sorted(regions())
    if args.province:
        codes = province_regions(args.province)
        if not codes:
            raise SystemExit(f"unknown province code {args.province!r}")
        return codes
    codes = [c.strip() for c in (args.regions or ",".join(FOUNDING_REGIONS)).split(",") if c.strip()]
    unknown = [c for c in codes if not is_region(c)]
    if unknown:
        raise SystemExit(f"not region codes of reference/kabupaten_kota.csv: {', '.join(unknown)}")
    return codes


def add_selection_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--regions", help="comma-separated region codes (default: the five founding regions)")
    group.add_argument("--province", help="all regions of a province code, e.g. 32")
    group.add_argument("--all", action="store_true", help="all 514 regions")
    parser.add_argument("--employees", type=int, default=600, help="employees per region (default 600)")
    parser.add_argument("--snapshots", type=int, default=2, help="monthly snapshots per region (default 2)")
