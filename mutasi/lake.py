"""Parquet I/O of the lake: one file per table per region snapshot, written atomically."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from mutasi.config import partition_path


def _naive_utc(frame: pd.DataFrame) -> pd.DataFrame:
    """Timestamps as naive UTC microseconds: what every reader (DuckDB, dbt, Excel) handles alike."""
    aware = [c for c in frame.columns if isinstance(frame[c].dtype, pd.DatetimeTZDtype)]
    if not aware:
        return frame
    frame = frame.copy()
    for column in aware:
        frame[column] = frame[column].dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]")
    return frame


def write_parquet_atomic(frame: pd.DataFrame, path: Path, schema: pa.Schema | None = None) -> None:
    frame = _naive_utc(frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def write_partition(
    base: Path,
    region_code: str,
    snapshot_date: str,
    frame: pd.DataFrame,
    filename: str = "data.parquet",
    schema: pa.Schema | None = None,
) -> Path:
    frame = frame.copy()
    frame.insert(0, "snapshot_date", pd.to_datetime(snapshot_date).date())
    frame.insert(0, "region_code", region_code)
    path = partition_path(base, region_code, snapshot_date) / filename
    write_parquet_atomic(frame, path, schema)
    return path


def write_json_atomic(data: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


def read_json(path: Path) -> dict | None:
    return json.loads(path.read_text("utf-8")) if path.exists() else None


def plan_moves(paths, region_code: str, dates) -> pd.DataFrame | None:
    """(nip, to_position_code) of the plans in lake/recommendations for the region's snapshots ``dates``;
    None when none of them has a plan."""
    base = paths.lake / "recommendations" / f"region_code={region_code}"
    files = [f for d in dates for f in sorted((base / f"snapshot_date={d}").glob("*.parquet"))]
    if not files:
        return None
    return pd.concat([pd.read_parquet(f, columns=["nip", "to_position_code"]) for f in files], ignore_index=True)


def plan_dates(paths, region_code: str) -> list[str]:
    """The snapshots of a region that have a plan in the lake, in date order."""
    base = paths.lake / "recommendations" / f"region_code={region_code}"
    return sorted(folder.name.split("=", 1)[1] for folder in base.glob("snapshot_date=*"))


def lake_has_accepted_snapshot(paths) -> bool:
    """Whether any region snapshot was ever accepted into lake/clean (the dbt sources need one file)."""
    folder = paths.clean("pegawai")
    return folder.exists() and any(folder.glob("region_code=*/snapshot_date=*/*.parquet"))
