"""Resources of the code location: where the data lives and the warehouse, configured once at the edge
(orchestration/definitions.py) and handed to every asset that needs them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

import duckdb
from dagster import Backoff, Config, ConfigurableResource, EnvVar, InitResourceContext, RetryPolicy
from pydantic import Field

from mutasi.config import DataPaths, data_paths, move_state_out_of_the_lake
from mutasi.parallel import requested_workers
from mutasi.warehouse import read_only, warehouse_lock

# Transient failures (a file still being copied, a busy disk) get two more tries, 10 s then 20 s later.
TRANSIENT_RETRY = RetryPolicy(max_retries=2, delay=10, backoff=Backoff.EXPONENTIAL)

#: the Dagster pool of every step that writes the warehouse (the dbt steps): one slot (orchestration.instance)
WAREHOUSE_POOL = "warehouse"

#: the environment variables of the code location (docs/operations.md), read here and nowhere else
DATA_DIR_ENV = "MUTASI_DATA_DIR"  # resolved by Dagster when a run starts
SETTLE_ENV = "MUTASI_LANDING_SETTLE_SECONDS"
ALERT_WEBHOOK_ENV = "MUTASI_ALERT_WEBHOOK"
DBT_UNIT_TESTS_ENV = "MUTASI_DBT_UNIT_TESTS"
DEFAULT_SETTLE_SECONDS = 30.0


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


class OperationsResource(ConfigurableResource):
    """What an operator sets for the daemon and the runs (docs/operations.md); defaults from the environment
    of the process that loads the code location, read once (`from_environment`)."""

    #: a delivery with a file changed more recently than this is probably still being copied
    landing_settle_seconds: float = DEFAULT_SETTLE_SECONDS
    #: every alert is also POSTed as JSON to this URL ("" = off)
    alert_webhook: str = ""
    #: dbt unit tests in the pipeline's builds too (CI runs them in tests/dbt; 10-20 s per build)
    dbt_unit_tests: bool = False
    #: worker processes per stage (validate, recommend, publish); unset: mutasi.parallel's rule decides
    validate_workers: int | None = None
    recommend_workers: int | None = None
    publish_workers: int | None = None

    def workers(self, stage: str) -> int | None:
        return getattr(self, f"{stage}_workers")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> OperationsResource:
        environ = os.environ if environ is None else environ
        settle = environ.get(SETTLE_ENV, "").strip()
        try:
            settle_seconds = float(settle) if settle else DEFAULT_SETTLE_SECONDS
        except ValueError:
            raise ValueError(f"{SETTLE_ENV}={settle!r} is not a number of seconds") from None
        workers = requested_workers(environ)  # $MUTASI_WORKERS (and the per-stage variables of earlier versions)
        return cls(
            landing_settle_seconds=settle_seconds,
            alert_webhook=environ.get(ALERT_WEBHOOK_ENV, "").strip(),
            dbt_unit_tests=environ.get(DBT_UNIT_TESTS_ENV, "") == "1",
            **{f"{stage}_workers": count for stage, count in workers.items()},
        )


class WorkersConfig(Config):
    """Run configuration of the per-region steps (the launchpad shows it): how many worker processes this
    step uses in this run. Unset: the operations resource ($MUTASI_WORKERS), else mutasi.parallel's rule."""

    workers: int | None = Field(default=None, ge=1, description="worker processes for this step in this run")


def default_resources() -> dict[str, ConfigurableResource]:
    """paths, warehouse and operations as the code location configures them (the data directory from
    $MUTASI_DATA_DIR when a run starts). The dbt resource is added by orchestration.definitions."""
    paths = PathsResource(data_dir=EnvVar(DATA_DIR_ENV))
    return {
        "paths": paths,
        "warehouse": WarehouseResource(paths=paths),
        "operations": OperationsResource.from_environment(),
    }


def md_table(frame, max_rows: int = 50) -> str:
    """A small Markdown table for asset metadata (the UI renders it)."""
    frame = frame.head(max_rows)
    head = "| " + " | ".join(map(str, frame.columns)) + " |\n|" + "---|" * len(frame.columns)
    body = "\n".join(
        "| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in frame.itertuples(index=False)
    )
    return head + "\n" + body
