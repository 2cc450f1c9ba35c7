"""Event log storage of the Dagster instance mutasi writes (dagster.yaml, mutasi/runner.py).

Dagster's SQLite event log creates a new SQLAlchemy engine for every connection it opens (four per asset
materialisation: the run's database and the index database), and an engine's compiled-statement cache
dies with it, so every statement is compiled again for every event. The national bench run wrote 9,404
materialisation events (counted in its log); profiled on this machine, 17 ms per event, of which 5.4 s per
670 events in engine set-up and connection and 2.9 s in compiling SQL.

``CachedEngineSqliteEventLogStorage`` keeps one engine per database (the most recently used
``ENGINES_KEPT``) and otherwise behaves exactly as Dagster's: the same files, schema and layout, the same
``NullPool`` (a fresh SQLite connection per use, nothing held open between uses, so several processes —
webserver, daemon, runs — still share the files safely), the same busy timeout and lock. Only the engine
object, and with it SQLAlchemy's statement cache, is reused.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

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
            engine = create_engine(self.conn_string_for_shard(shard), poolclass=NullPool,
                                   connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
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

    def wipe(self) -> None:
        with self._db_lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()
        super().wipe()
