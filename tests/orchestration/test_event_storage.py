"""The instance's event log storage (orchestration/compat.py, in the dagster.yaml of orchestration/instance.py):
Dagster's SQLite event log with one reused engine per database; same files, readable by plain Dagster."""

from __future__ import annotations

import threading

import pytest
from dagster import (
    AssetKey,
    AssetSpec,
    BackfillPolicy,
    DagsterInstance,
    DynamicPartitionsDefinition,
    MaterializeResult,
    materialize,
    multi_asset,
)
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from mutasi.config import data_paths
from orchestration.compat import ENGINES_KEPT, CachedEngineSqliteEventLogStorage
from orchestration.instance import prepare_instance

REGIONS = DynamicPartitionsDefinition(name="test_regions")
TABLES = [AssetSpec(["lake", name]) for name in ("pegawai", "jabatan")]


@multi_asset(specs=TABLES, partitions_def=REGIONS, backfill_policy=BackfillPolicy.single_run())
def lake_tables(context):
    for spec in TABLES:
        yield MaterializeResult(asset_key=spec.key, metadata={"regions": len(context.partition_keys)})


@pytest.fixture
def instance_home(tmp_path, monkeypatch):
    # prepare_instance exports both variables: registered here so that monkeypatch restores them
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "data" / "dagster_home"))
    monkeypatch.setenv("MUTASI_DATA_DIR", str(tmp_path / "data"))
    return prepare_instance(data_paths(tmp_path / "data"))


def test_the_instance_mutasi_prepares_writes_partition_events_where_plain_dagster_reads_them(instance_home):
    regions = ["3201", "3202", "3203"]
    with DagsterInstance.from_config(str(instance_home)) as instance:
        assert isinstance(instance.event_log_storage, CachedEngineSqliteEventLogStorage)
        instance.add_dynamic_partitions(REGIONS.name, regions)
        result = materialize(
            [lake_tables],
            instance=instance,
            tags={"dagster/asset_partition_range_start": regions[0], "dagster/asset_partition_range_end": regions[-1]},
        )
        assert result.success
    # the run's own database in Dagster's default place, and the index readable by the stock storage
    assert (instance_home / "history" / "runs" / f"{result.run_id}.db").is_file()
    plain = SqliteEventLogStorage(str(instance_home / "history" / "runs"))
    for spec in TABLES:
        assert plain.get_materialized_partitions(spec.key) == set(regions)
    assert (
        plain.get_latest_materialization_events([AssetKey(["lake", "pegawai"])])[AssetKey(["lake", "pegawai"])].run_id
        == result.run_id
    )


def test_engines_are_reused_per_database_and_bounded(tmp_path):
    storage = CachedEngineSqliteEventLogStorage(str(tmp_path / "runs"))
    with storage.index_connection():
        pass
    first = storage._engines["index"]
    with storage.index_connection():
        pass
    assert storage._engines["index"] is first  # the same engine (and SQLAlchemy's statement cache)
    for number in range(ENGINES_KEPT + 5):
        with storage.run_connection(f"run-{number}"):
            pass
    assert len(storage._engines) == ENGINES_KEPT
    assert "run-0" not in storage._engines and f"run-{ENGINES_KEPT + 4}" in storage._engines


def test_one_sqlite_connection_is_kept_per_database_and_shared_safely(tmp_path):
    """Closing the last connection to a WAL database checkpoints it: the storage keeps one connection open per
    database instead of opening and closing one per event. Another thread may use it, and another storage
    (another process: webserver, daemon) writes and reads the same files meanwhile."""
    storage = CachedEngineSqliteEventLogStorage(str(tmp_path / "runs"))
    with storage.run_connection("run-a") as connection:
        first = connection.connection.dbapi_connection
    assert storage._engines["run-a"].pool.checkedin() == 1  # kept open, not closed
    with storage.run_connection("run-a") as connection:
        assert connection.connection.dbapi_connection is first

    used_in_thread = []

    def use():
        with storage.run_connection("run-a") as connection:
            used_in_thread.append(connection.connection.dbapi_connection)
            connection.exec_driver_sql("select count(*) from event_logs").fetchall()

    thread = threading.Thread(target=use)
    thread.start()
    thread.join()
    assert used_in_thread == [first]

    other = SqliteEventLogStorage(str(tmp_path / "runs"))  # stock Dagster storage on the same files
    with other.run_connection("run-a") as connection:
        connection.exec_driver_sql(
            "insert into event_logs (run_id, event, dagster_event_type, timestamp) values ('run-a', '{}', 'X', '2026-12-05')"
        )
    with storage.run_connection("run-a") as connection:
        assert connection.exec_driver_sql("select count(*) from event_logs").scalar() == 1
    storage.dispose()
    assert storage._engines == {}


def test_a_moved_data_directory_moves_the_event_log_folder_with_it(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "old" / "dagster_home"))
    monkeypatch.setenv("MUTASI_DATA_DIR", str(tmp_path / "old"))
    old = prepare_instance(data_paths(tmp_path / "old"))
    (tmp_path / "old").rename(tmp_path / "new")
    home = prepare_instance(data_paths(tmp_path / "new"))
    text = (home / "dagster.yaml").read_text("utf-8")
    assert str(home.resolve() / "history" / "runs") in text and str(old) not in text
    with DagsterInstance.from_config(str(home)) as instance:
        assert instance.event_log_storage._base_dir == str(home.resolve() / "history" / "runs")
