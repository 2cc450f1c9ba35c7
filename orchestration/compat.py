"""Every use of a private API of Dagster, dagster-dbt or dbt, in one place (dbt's macro overrides live in
dbt_project/macros/compat.sql). Each touch point is pinned by tests/orchestration/test_compat.py: the
installed versions, and a hash of every upstream function that is copied or replaced, so that an upgrade
fails a test instead of changing behaviour silently. When it fails: re-read the upstream code named in the
failing assertion, re-apply (or drop) the override, re-measure, then update the pins.

Touch points:
1. ``ASSET_PARTITION_RANGE_START_TAG`` / ``..._END_TAG``: the run tags that give a run its partition range
   (Dagster exports no public name for them).
2. ``PLANNED_EVENTS_ENV``: an environment flag read only by a private Dagster module
   (``dagster/_core/storage/event_log/base.py``): one "planned" event per asset for a range run.
3. ``MutasiDbtCliResource``: overrides ``DbtCliResource._cli_version`` and ``_initialize_dbt_core_adapter``.
4. ``CachedEngineSqliteEventLogStorage``: ``SqliteEventLogStorage._connect`` copied with one change.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from importlib.metadata import version as installed_version

from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG
from dagster_dbt import DbtCliResource
from packaging.version import Version
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

__all__ = [
    "ASSET_PARTITION_RANGE_END_TAG",
    "ASSET_PARTITION_RANGE_START_TAG",
    "PLANNED_EVENTS_ENV",
    "CachedEngineSqliteEventLogStorage",
    "MutasiDbtCliResource",
]

#: the versions every override below was written and measured against (tests/orchestration/test_compat.py)
PINNED_VERSIONS = {"dagster": "1.13.27", "dagster-dbt": "0.29.27", "dbt-core": "1.11.16"}

# ------------------------------------------------------------------------ 2. planned events of range runs
# One "planned" event per asset for a run over a partition range, not one per asset and partition: at 514
# regions Dagster otherwise writes ~10,000 events before the first step (295 s measured). The cost: the UI
# does not mark the partitions of a failed run as failed (the failure alert names them).
PLANNED_EVENTS_ENV = "DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS"


# ------------------------------------------------------------------------------------- 3. the dbt resource
class MutasiDbtCliResource(DbtCliResource):
    """dagster-dbt's resource without two costs it pays on every dbt step (measured: ~5 s per run).

    - It learns the dbt version by running ``dbt --version`` in a subprocess (2.9 s, a whole dbt start-up):
      the dbt we call is the locked dbt-core of this environment, so its version is read from the package
      metadata instead.
    - It loads the dbt project and adapter in the Dagster process (2.1 s) only to offer
      ``fetch_row_counts``/``fetch_column_metadata``, which mutasi does not use; dagster-dbt accepts no
      adapter (its dbt Fusion path runs without one).
    """

    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


# ------------------------------------------------------------------------------ 4. the event log storage
# Event log storage of the Dagster instance mutasi writes (dagster.yaml, orchestration/instance.py).
#
# Dagster's SQLite event log creates a new SQLAlchemy engine for every connection it opens (four per asset
# materialisation: the run's database and the index database), and an engine's compiled-statement cache
# dies with it, so every statement is compiled again for every event. The national bench run wrote 9,404
# materialisation events (counted in its log); profiled on this machine, 17 ms per event, of which 5.4 s per
# 670 events in engine set-up and connection and 2.9 s in compiling SQL.
#
# ``CachedEngineSqliteEventLogStorage`` keeps one engine per database (the most recently used
# ``ENGINES_KEPT``) and otherwise behaves exactly as Dagster's: the same files, schema and layout, the same
# busy timeout and lock. Two things are reused instead of made again for every use: the engine object (and
# with it SQLAlchemy's statement cache), and one SQLite connection per engine, kept open between uses
# (``QueuePool`` of one; Dagster uses ``NullPool``, a new connection per use). Closing the last connection to
# a WAL database makes SQLite checkpoint the WAL into the database file, so with ``NullPool`` every event
# paid a checkpoint: a run of one multi-asset of 12 assets × 27 partitions (669 events, the instance of
# orchestration/instance.py, ``dagster.materialize``) took 4.6–5.6 s with it and 2.0–2.2 s with the kept
# connection (2026-12-05); a province run writes about 3,600 events. An idle
# connection holds no lock, so webserver, daemon and runs still share the files; it is opened with
# ``check_same_thread=False`` because the pool may hand it to another thread (one at a time: the pool checks
# it out, and ``_db_lock`` serialises the storage's uses in a process).

#: engines kept (the index database and the runs in progress; a new engine per connection cost ~0.6 ms
#: more than a reused one, measured with SQLAlchemy and SQLite alone)
ENGINES_KEPT = 32


class CachedEngineSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log storage with one reused SQLAlchemy engine per database file."""

    def __init__(self, base_dir: str, inst_data=None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        super().__init__(base_dir, inst_data=inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        # config as Dagster's SqliteEventLogStorage: base_dir (mutasi writes <DAGSTER_HOME>/history/runs,
        # where Dagster's default storage keeps them, so an existing instance keeps its history)
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = create_engine(
                self.conn_string_for_shard(shard),
                poolclass=QueuePool,
                pool_size=1,
                max_overflow=2,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )
        self._engines[shard] = engine  # most recently used last
        while len(self._engines) > ENGINES_KEPT:
            self._engines.popitem(last=False)[1].dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        # as SqliteEventLogStorage._connect, with the engine taken from the cache
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn:
                with conn.begin():
                    yield conn

    def _dispose_engines(self) -> None:
        with self._db_lock:
            for engine in self._engines.values():
                engine.dispose()  # closes the kept connection
            self._engines.clear()

    def wipe(self) -> None:
        self._dispose_engines()
        super().wipe()

    def dispose(self) -> None:
        self._dispose_engines()
        super().dispose()
