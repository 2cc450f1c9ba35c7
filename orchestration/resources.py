"""Resources and small helpers shared by the Dagster modules."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from dagster import Backoff, RetryPolicy

from mutasi.config import DataPaths, data_paths
from mutasi.warehouse import read_only


# Transient failures (a file still being copied, a busy disk) get two more tries, 10 s then 20 s later.
TRANSIENT_RETRY = RetryPolicy(max_retries=2, delay=10, backoff=Backoff.EXPONENTIAL)


def current_paths() -> DataPaths:
    """The data directory of this process ($MUTASI_DATA_DIR), also exported for dbt subprocesses."""
    paths = data_paths()
    os.environ["MUTASI_DATA_DIR"] = str(paths.root)
    return paths


@contextmanager
def warehouse_reader(path: Path | None = None):
    """Read-only connection under the shared warehouse lock (mutasi.warehouse): waits while dbt writes
    instead of failing with DuckDB's "Could not set lock on file", and keeps dbt waiting while it reads."""
    with read_only(path or current_paths().warehouse) as connection:
        yield connection


def md_table(frame, max_rows: int = 50) -> str:
    """A small Markdown table for asset metadata (the UI renders it)."""
    frame = frame.head(max_rows)
    head = "| " + " | ".join(map(str, frame.columns)) + " |\n|" + "---|" * len(frame.columns)
    body = "\n".join("| " + " | ".join("" if v is None else str(v) for v in row) + " |"
                     for row in frame.itertuples(index=False))
    return head + "\n" + body


def run_region_keys(context) -> list[str]:
    """The region partitions a run covers, also for its unpartitioned assets (dbt, province packages): from
    the step's partition keys, else from the run's partition (range) tags. [] when the run names none."""
    from orchestration.compat import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG
    from orchestration.partitions import region_partitions

    try:
        return list(context.partition_keys)
    except Exception:  # an unpartitioned asset: the run's range is in its tags
        tags = context.run.tags
        start, end = tags.get(ASSET_PARTITION_RANGE_START_TAG), tags.get(ASSET_PARTITION_RANGE_END_TAG)
        if not start:
            return [tags["dagster/partition"]] if "dagster/partition" in tags else []
        keys = context.instance.get_dynamic_partitions(region_partitions.name)
        if start in keys and end in keys:
            return keys[keys.index(start):keys.index(end) + 1]
        return [start, end]
