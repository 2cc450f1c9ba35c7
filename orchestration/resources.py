"""Resources of the code location: where the data lives and the warehouse, configured once at the edge
(orchestration/definitions.py) and handed to every asset that needs them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb
from dagster import Backoff, ConfigurableResource, EnvVar, InitResourceContext, RetryPolicy

from mutasi.config import DataPaths, data_paths, move_state_out_of_the_lake
from mutasi.warehouse import read_only, warehouse_lock

# Transient failures (a file still being copied, a busy disk) get two more tries, 10 s then 20 s later.
TRANSIENT_RETRY = RetryPolicy(max_retries=2, delay=10, backoff=Backoff.EXPONENTIAL)

#: the one environment variable of the data layout; resolved by Dagster when a run starts
DATA_DIR_ENV = "MUTASI_DATA_DIR"


class PathsResource(ConfigurableResource):
    """The data directory and its layout (mutasi.config.DataPaths: landing, lake, state, warehouse,
    outputs). dbt reads the same directory from the same variable (dbt_project/profiles.yml)."""

    data_dir: str

    @property
    def layout(self) -> DataPaths:
        return data_paths(self.data_dir)

    def setup_for_execution(self, context: InitResourceContext) -> None:
        # a data directory written before state/ existed: its control state moves out of the lake, once
        for moved in move_state_out_of_the_lake(self.layout):
            context.log.info(f"data layout: moved {moved}")


class WarehouseResource(ConfigurableResource):
    """warehouse.duckdb under its cross-process lock (mutasi.warehouse): many readers or one writer (dbt).
    A reader waits while dbt writes instead of failing with DuckDB's "Could not set lock on file", and
    keeps dbt waiting while it reads."""

    paths: PathsResource

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with read_only(self.paths.layout.warehouse) as connection:
            yield connection

    @contextmanager
    def writer(self, log: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the warehouse for writing (a dbt build writes it from its own process)."""
        with warehouse_lock(self.paths.layout.warehouse, exclusive=True, log=log):
            yield


def default_resources() -> dict[str, ConfigurableResource]:
    """paths and warehouse as the code location configures them (the data directory from $MUTASI_DATA_DIR
    when a run starts). The dbt resource is added by orchestration.definitions."""
    paths = PathsResource(data_dir=EnvVar(DATA_DIR_ENV))
    return {"paths": paths, "warehouse": WarehouseResource(paths=paths)}


def md_table(frame, max_rows: int = 50) -> str:
    """A small Markdown table for asset metadata (the UI renders it)."""
    frame = frame.head(max_rows)
    head = "| " + " | ".join(map(str, frame.columns)) + " |\n|" + "---|" * len(frame.columns)
    body = "\n".join("| " + " | ".join("" if v is None else str(v) for v in row) + " |"
                     for row in frame.itertuples(index=False))
    return head + "\n" + body
