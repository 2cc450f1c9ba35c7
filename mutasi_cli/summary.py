"""The readable summary `mutasi run` prints: per region what was validated and where the outputs are."""

from __future__ import annotations

import duckdb

from mutasi.config import DataPaths
from mutasi.warehouse import read_only


def pipeline_summary(paths: DataPaths, outcomes) -> str:
    lines = []
    for o in outcomes:
        state = "ok" if o.success else "FAILED"
        lines.append(
            f"run {o.run_id[:8]} regions {o.partition_range[0]}..{o.partition_range[1]}: {state} in {o.seconds:.1f} s"
        )
    status_glob = paths.lake / "audit" / "snapshot_status" / "*" / "*" / "*.parquet"
    if list((paths.lake / "audit" / "snapshot_status").glob("*/*/*.parquet")):
        status = duckdb.sql(
            f"select region_code, snapshot_date::varchar as snapshot, status, rows_read, rows_quarantined, "
            f"data_quality_score, message from read_parquet('{status_glob}', union_by_name=true) "
            f"qualify row_number() over (partition by region_code, snapshot_date order by validated_at desc) = 1 "
            f"order by 1, 2"
        ).df()
        lines.append("")
        lines.append("snapshots (latest delivery each):")
        for r in status.itertuples():
            lines.append(
                f"  {r.region_code} {r.snapshot}  {r.status:<8} rows {r.rows_read:>7}  quarantined "
                f"{r.rows_quarantined:>5}  data quality {r.data_quality_score:>6.2f}"
                + ("" if r.status == "accepted" else f"  — {r.message[:200]}")
            )
    if paths.warehouse.exists():
        with read_only(paths.warehouse) as con:
            tables = ["position_workload", "employee_indices", "mutation_recommendations", "regency_scorecards"]
            existing = {
                t
                for (t,) in con.execute(
                    "select table_name from information_schema.tables where table_schema = 'marts'"
                ).fetchall()
            }
            counts = {t: con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in tables if t in existing}
        lines.append("")
        lines.append(f"warehouse {paths.warehouse}: " + ", ".join(f"marts.{t} {n} rows" for t, n in counts.items()))
    packages = sorted(
        p
        for p in paths.outputs.glob("*/*")
        if p.is_dir() and not p.name.startswith(".") and p.parent.name not in ("province", "terbatas")
    )
    provinces = sorted(p for p in paths.outputs.glob("province/*/*") if p.is_dir() and not p.name.startswith("."))
    restricted = sorted(
        p for p in paths.outputs.glob("terbatas/province/*/*") if p.is_dir() and not p.name.startswith(".")
    )
    lines.append("")
    lines.append(f"outputs in {paths.outputs}:")
    for p in packages:
        lines.append(f"  {p.relative_to(paths.outputs)}/  (open scorecard.html or the .xlsx workbook)")
    for p in provinces:
        lines.append(f"  {p.relative_to(paths.outputs)}/  (provincial consolidation)")
    for p in restricted:
        lines.append(f"  {p.relative_to(paths.outputs)}/  (RESTRICTED: inter-regency moves, talent pool; BKD only)")
    return "\n".join(lines)
