"""Measure a full dbt build against a partition-aware one (docs/indices.md, "Incremental rebuild").

Not a test (pytest does not collect it): a reproducible measurement on a synthetic lake.

    . .venv/bin/activate
    python tests/dbt/bench_incremental.py --data /tmp/mutasi_bench --regions 10 --employees 2000 --snapshots 2

1. generates extracts (mutasi.generate) into <data>/landing and validates them into <data>/lake
   (mutasi.ingest), unless the lake is already there;
2. `dbt seed`, then a first build from scratch (no warehouse): both phases of the orchestration
   (`build --exclude tag:after_recommend`, `build --select tag:after_recommend`), with the optimiser's lake
   folders (lake/recommendations*) holding a zero-row file per region snapshot, as the mutation_plan asset
   writes them for a plan without moves;
3. re-delivers the last snapshot of one region (one employee's position changes) and times both phases
   scoped to it (the ChangeSet's lists in <data>/state/dbt_scope.parquet, as the Dagster dbt step writes
   them; `build` and models only with `run`), then a full build and a full run of the same lake;
4. checks that every table of the incremental warehouse equals the full rebuild's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dbt_helpers import scoped as scope_lists  # noqa: E402  (the ChangeSet's lists, as the dbt step writes them)
from test_dbt_incremental import same_rows  # noqa: E402  (floats compared to 1e-12)

REPO = Path(__file__).resolve().parents[2]
PROJECT = REPO / "dbt_project"
DBT = str(Path(sys.executable).with_name("dbt"))
# Two provinces, so that province marts see several regencies and the rank within a province matters.
REGIONS = [
    "6101",
    "6102",
    "6103",
    "6104",
    "6105",
    "6171",
    "6172",
    "1101",
    "1102",
    "1103",
    "1104",
    "1105",
    "1106",
    "1107",
    "1108",
    "1109",
    "1110",
    "1111",
    "1112",
    "1113",
]
OPTIMISER_TABLES = {
    # lake folder -> (column, duckdb type) of the zero-row file the optimiser writes without moves
    "recommendations": [
        ("nip", "varchar"),
        ("from_position_code", "varchar"),
        ("from_unit_code", "varchar"),
        ("to_position_code", "varchar"),
        ("to_unit_code", "varchar"),
        ("move_kind", "varchar"),
        ("reason_codes", "varchar"),
        ("explanation", "varchar"),
        ("job_fit_before", "double"),
        ("job_fit_after", "double"),
        ("ej_from_before", "double"),
        ("ej_from_after", "double"),
        ("ej_to_before", "double"),
        ("ej_to_after", "double"),
        ("training_needs", "varchar"),
        ("objective_value", "double"),
        ("params_version", "varchar"),
        ("run_id", "varchar"),
    ],
    "recommendations_not_moved": [
        ("nip", "varchar"),
        ("name", "varchar"),
        ("position_code", "varchar"),
        ("unit_code", "varchar"),
        ("years_in_position", "double"),
        ("reason_code", "varchar"),
        ("explanation", "varchar"),
        ("params_version", "varchar"),
        ("run_id", "varchar"),
    ],
    "recommendation_effect": [
        ("metric", "varchar"),
        ("before", "double"),
        ("ours", "double"),
        ("baseline", "double"),
        ("ours_minus_baseline", "double"),
        ("params_version", "varchar"),
        ("run_id", "varchar"),
    ],
    "recommendation_fairness": [
        ("dimension", "varchar"),
        ("group", "varchar"),
        ("pool_count", "bigint"),
        ("pool_share", "double"),
        ("moved_count", "bigint"),
        ("moved_share", "double"),
        ("share_difference", "double"),
        ("move_rate", "double"),
        ("params_version", "varchar"),
        ("run_id", "varchar"),
    ],
}
TABLES_SQL = """
    select table_schema, table_name from information_schema.tables
    where table_schema in ('marts', 'audit', 'intermediate') and table_type = 'BASE TABLE' order by all
"""


def build_lake(data: Path, regions: list[str], employees: int, snapshots: int) -> None:
    from mutasi.config import DataPaths
    from mutasi.generate import generate_extracts
    from mutasi.ingest.landing import region_snapshots
    from mutasi.ingest.snapshot import publish_snapshot, validate_snapshot

    paths = DataPaths(data)
    started = time.perf_counter()
    generate_extracts(
        paths.landing,
        regions,
        employees=employees,
        snapshots=snapshots,
        as_of=dt.date(2026, 7, 31),
        seed=1,
        file_format="parquet",
    )
    for region in regions:
        found, _problems = region_snapshots(paths.landing, region)
        for snap in found:
            publish_snapshot(paths, snap, validate_snapshot(snap), run_id="bench")
    print(
        f"lake: {len(regions)} regions x {employees} employees x {snapshots} snapshots "
        f"in {time.perf_counter() - started:.0f} s"
    )


def region_snapshot_pairs(data: Path) -> list[tuple[str, str]]:
    pairs = []
    for folder in sorted((data / "lake" / "clean" / "pegawai").glob("region_code=*/snapshot_date=*")):
        pairs.append((folder.parent.name.split("=", 1)[1], folder.name.split("=", 1)[1]))
    return pairs


def write_empty_plans(data: Path, pairs: list[tuple[str, str]]) -> None:
    import duckdb

    with duckdb.connect() as con:
        for table, columns in OPTIMISER_TABLES.items():
            cols = ", ".join(f'cast(null as {t}) as "{c}"' for c, t in columns)
            for region, date in pairs:
                folder = data / "lake" / table / f"region_code={region}" / f"snapshot_date={date}"
                folder.mkdir(parents=True, exist_ok=True)
                con.execute(f"""copy (select '{region}' as region_code, date '{date}' as snapshot_date, {cols}
                                      limit 0) to '{folder / "data.parquet"}' (format parquet)""")


def dbt(args: list[str], data: Path, work: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run dbt; returns (wall-clock seconds, seconds spent executing models, from run_results.json)."""
    env = {**os.environ, "MUTASI_DATA_DIR": str(data), **(env or {})}
    started = time.perf_counter()
    subprocess.run(
        [
            DBT,
            "--no-use-colors",
            "--quiet",
            *args,
            "--project-dir",
            str(PROJECT),
            "--profiles-dir",
            str(PROJECT),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        env=env,
        check=True,
    )
    wall = time.perf_counter() - started
    results = json.loads((work / "target" / "run_results.json").read_text("utf-8"))["results"]
    models = sum(r["execution_time"] for r in results if r["unique_id"].startswith("model."))
    return wall, models


def both_phases(
    data: Path, work: Path, extra: list[str] = (), env: dict[str, str] | None = None, command: str = "build"
) -> dict[str, float]:
    """The two invocations of the orchestration (before and after the optimiser): wall-clock seconds and
    the seconds dbt spent executing models (summed over both threads)."""
    first = dbt([command, "--exclude", "tag:after_recommend", *extra], data, work, env)
    second = dbt([command, "--select", "tag:after_recommend", *extra], data, work, env)
    return {"wall_s": round(first[0] + second[0], 1), "models_s": round(first[1] + second[1], 1)}


def redeliver(data: Path, region: str, date: str) -> None:
    """A corrected re-delivery of one region snapshot: the employee with the lowest NIP changes position."""
    import duckdb

    path = data / "lake" / "clean" / "pegawai" / f"region_code={region}" / f"snapshot_date={date}" / "data.parquet"
    with duckdb.connect() as con:
        con.execute(f"create table t as select * from read_parquet('{path}')")
        other = con.execute("select max(kode_jabatan) from t").fetchone()[0]
        con.execute(f"""update t set kode_jabatan = '{other}', tmt_jabatan = date '{date}'
                        where nip = (select min(nip) from t)""")
        con.execute(f"copy t to '{path}.new' (format parquet)")
    os.replace(f"{path}.new", path)


def tables(db: Path) -> dict[str, list[tuple]]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        names = con.execute(TABLES_SQL).fetchall()
        return {f"{s}.{t}": con.execute(f"select * from {s}.{t}").fetchall() for s, t in names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("/tmp/mutasi_bench"))
    parser.add_argument("--regions", type=int, default=10)
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--snapshots", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="only the `build` timings (no `run`)")
    parser.add_argument("--repeat", type=int, default=1, help="repetitions of the measured builds (minimum kept)")
    args = parser.parse_args()
    data = args.data.resolve()
    if not (data / "lake" / "clean" / "pegawai").exists():
        build_lake(data, REGIONS[: args.regions], args.employees, args.snapshots)
    pairs = region_snapshot_pairs(data)
    write_empty_plans(data, pairs)
    work = data / "dbt_work"
    warehouse = data / "warehouse.duckdb"
    warehouse.unlink(missing_ok=True)
    timings = {}
    dbt(["seed"], data, work)
    timings["first_build_from_scratch"] = both_phases(data, work)

    region, date = pairs[-1]
    redeliver(data, region, date)
    named = f"{region}:{date}"
    runs: dict[str, list[dict[str, float]]] = {}
    for repetition in range(args.repeat):  # alternate, so that a busy moment of the machine hits both
        with scope_lists(data, [named]):
            runs.setdefault("incremental_build", []).append(both_phases(data, work))
            if not args.quick:
                runs.setdefault("incremental_run", []).append(both_phases(data, work, command="run"))
        if repetition == 0:
            incremental = tables(warehouse)
        runs.setdefault("full_build", []).append(both_phases(data, work))
        if not args.quick:
            runs.setdefault("full_run", []).append(both_phases(data, work, command="run"))
    for name, measured in runs.items():  # the fastest of the repetitions, as timeit does
        timings[name] = {key: min(m[key] for m in measured) for key in measured[0]}
    full = tables(warehouse)
    different = [name for name in full if name not in incremental or not same_rows(incremental[name], full[name])]
    print(
        json.dumps(
            {
                "region_snapshots": len(pairs),
                "changed": named,
                "mart_rows": sum(len(rows) for rows in full.values()),
                "repeat": args.repeat,
                "seconds": timings,
                "incremental_equals_full": not different,
                "different": different,
            },
            indent=2,
        )
    )
    if different:
        sys.exit(1)


if __name__ == "__main__":
    main()
