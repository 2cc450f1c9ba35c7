"""Partition-aware rebuild (mutasi/changes.py, dbt_project/macros/partitions.sql; docs/indices.md, "Pembaruan
sebagian / Incremental rebuild"): after a full build, a run scoped to the changed region snapshots (the
ChangeSet's lists in state/dbt_scope.parquet, as the Dagster dbt step writes them) must leave the
warehouse exactly as a full rebuild from scratch of the same lake would, while recomputing only the
scope of each model. One module, about 40 s on 2 cores (seven small dbt invocations)."""

from __future__ import annotations

import json
import math
import re
import shutil

import duckdb
import pytest
from dbt_helpers import _data_dir, run_dbt, scoped
from lake_fixture import COPY_REGION, REGION, SNAPSHOT_1, SNAPSHOT_2, SNAPSHOT_3, build_lake, write_snapshot

TABLES_SQL = """
    select table_schema, table_name from information_schema.tables
    where table_schema in ('marts', 'audit', 'intermediate') and table_type = 'BASE TABLE'
    order by all
"""


def _rounded(row: tuple) -> str:
    return repr(tuple(round(v, 9) if isinstance(v, float) else v for v in row))


def same_rows(found: list[tuple], expected: list[tuple]) -> bool:
    """Equal rows, floats to 1e-12 (relative): DuckDB aggregates doubles in parallel, so a sum or standard
    deviation may differ in the last bit with the order rows arrive in, even between two full builds."""
    if len(found) != len(expected):
        return False
    for left, right in zip(sorted(found, key=_rounded), sorted(expected, key=_rounded)):
        for a, b in zip(left, right):
            if isinstance(a, float) and isinstance(b, float):
                if not math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12):
                    return False
            elif a != b:
                return False
    return True


def warehouse_tables(data) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table of the warehouse that dbt materialises: column names and the rows."""
    connection = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        found = {}
        for schema, table in connection.execute(TABLES_SQL).fetchall():
            cursor = connection.execute(f"select * from {schema}.{table}")
            columns = [d[0] for d in cursor.description]
            found[f"{schema}.{table}"] = (columns, cursor.fetchall())
        return found
    finally:
        connection.close()


def replaced_pairs(work, model_path: str) -> set[tuple[str, str]]:
    """The (region, date) pairs of the delete statement dbt ran for an incremental model."""
    sql = (work / "target" / "run" / "mutasi" / "models" / model_path).read_text("utf-8")
    delete = sql[sql.index("delete from") : sql.index("insert into")]
    return set(re.findall(r"region_code = '(\d{4})' and snapshot_date = date '([\d-]+)'", delete))


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """(incremental data dir, full-rebuild data dir): a full build, then a corrected re-delivery of an
    earlier snapshot of 6171 and a new snapshot of 6172 built scoped to them, and the same lake rebuilt
    from scratch."""
    incremental = tmp_path_factory.mktemp("incremental")
    full = tmp_path_factory.mktemp("full")
    build_lake(incremental)
    with _data_dir(incremental):
        run_dbt(["seed"], incremental)
        run_dbt(["run"], incremental)

    write_snapshot(incremental, REGION, SNAPSHOT_1, swap_e1_e3=True)  # history: changes 2026-07-31 too
    write_snapshot(incremental, COPY_REGION, SNAPSHOT_3)  # a new month
    named = [f"{REGION}:{SNAPSHOT_1}", f"{COPY_REGION}:{SNAPSHOT_3}"]
    with scoped(incremental, named):
        # models only: the data tests run on the full build of test_dbt_indices.py, and this module shows
        # that the incremental tables equal the full ones
        run_dbt(["run"], incremental)

    shutil.copytree(incremental / "lake", full / "lake")
    with _data_dir(full):
        run_dbt(["seed"], full)
        run_dbt(["run"], full)
    return incremental, full


def test_incremental_build_equals_full_rebuild(builds):
    incremental, full = builds
    expected = warehouse_tables(full)
    found = warehouse_tables(incremental)
    assert sorted(found) == sorted(expected)
    assert "marts.rotation_not_moved" in found and "intermediate.int_employees_features_joined" in found
    for table in expected:
        assert found[table][0] == expected[table][0], f"{table}: columns differ"
        assert same_rows(found[table][1], expected[table][1]), f"{table}: rows differ"
    # the change is really there: E1 and E3 swapped posts at 2026-06-30, so 2026-07-31 observes two moves
    connection = duckdb.connect(str(incremental / "warehouse.duckdb"), read_only=True)
    try:
        moves = connection.execute(
            """
            select moves_observed from marts.regency_scorecards where region_code = ? and snapshot_date = ?
        """,
            [REGION, SNAPSHOT_2],
        ).fetchone()[0]
        new_month = connection.execute(
            """
            select count(*) from marts.province_scorecards where snapshot_date = ?
        """,
            [SNAPSHOT_3],
        ).fetchone()[0]
    finally:
        connection.close()
    assert (moves, new_month) == (3, 1)


def test_each_model_recomputes_only_its_scope(builds):
    incremental, _ = builds
    named = {(REGION, str(SNAPSHOT_1)), (COPY_REGION, str(SNAPSHOT_3))}
    following = {(REGION, str(SNAPSHOT_2))}  # next snapshot of 6171 (and within the 2-year window)
    same_province = {(COPY_REGION, str(SNAPSHOT_1)), (COPY_REGION, str(SNAPSHOT_2))}  # rank in province
    assert replaced_pairs(incremental, "marts/position_workload.sql") == named
    assert replaced_pairs(incremental, "marts/employee_indices.sql") == named
    assert replaced_pairs(incremental, "intermediate/int_employees_features_joined.sql") == named
    assert replaced_pairs(incremental, "audit/snapshot_status.sql") == named
    assert replaced_pairs(incremental, "marts/employee_eligibility.sql") == named | following
    assert replaced_pairs(incremental, "marts/mutation_evaluation.sql") == named | following
    assert replaced_pairs(incremental, "marts/regency_scorecards.sql") == named | following | same_province
    province = incremental / "target" / "run" / "mutasi" / "models" / "marts" / "province_scorecards.sql"
    delete = province.read_text("utf-8").split("insert into")[0]
    assert set(re.findall(r"province_code = '(\d+)' and snapshot_date = date '([\d-]+)'", delete)) == {
        ("61", str(SNAPSHOT_1)),
        ("61", str(SNAPSHOT_2)),
        ("61", str(SNAPSHOT_3)),
    }


def _declared_not_null(work) -> set[tuple[str, str]]:
    """(model, column) of every not-null constraint the contracts declare, from the manifest dbt wrote."""
    manifest = json.loads((work / "target" / "manifest.json").read_text("utf-8"))
    return {
        (node["name"], column["name"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["config"].get("contract", {}).get("enforced")
        and node["config"]["materialized"] != "view"
        for column in node["columns"].values()
        if any(constraint["type"] == "not_null" for constraint in column.get("constraints", []))
    }


def test_contracted_tables_refuse_nulls_after_full_and_scoped_builds(builds):
    """The marts' not-null rules are constraints of their contracts (enforced by DuckDB on every insert, no
    test query per column: issue 19): each one exists in the warehouse after a full build and after the
    scoped rebuild (delete + insert keeps the table), and a null key is refused."""
    incremental, full = builds
    declared = _declared_not_null(incremental)
    assert ("employee_indices", "nip") in declared and ("params_scalar", "min_years_in_post") in declared
    assert len(declared) >= 140
    for data in (incremental, full):
        connection = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
        try:
            not_nullable = set(
                connection.execute(
                    "select table_name, column_name from information_schema.columns where is_nullable = 'NO'"
                ).fetchall()
            )
        finally:
            connection.close()
        assert declared - not_nullable == set()
    connection = duckdb.connect(str(incremental / "warehouse.duckdb"))
    try:
        with pytest.raises(duckdb.ConstraintException, match="NOT NULL constraint failed: employee_indices.nip"):
            connection.execute(
                "insert into marts.employee_indices select * replace (null as nip) from marts.employee_indices limit 1"
            )
    finally:
        connection.close()


def test_a_hand_run_build_without_the_lists_is_a_full_one(builds, tmp_path):
    """The lists exist only while the Dagster dbt step runs dbt: `dbt run` by hand rebuilds every snapshot."""
    incremental, _ = builds
    hand = tmp_path / "hand"
    shutil.copytree(incremental, hand, ignore=shutil.ignore_patterns("target", "logs"))
    assert not (hand / "state" / "dbt_scope.parquet").exists()
    with _data_dir(hand):
        run_dbt(["run", "--select", "position_workload"], hand)
    sql = (hand / "target" / "run" / "mutasi" / "models" / "marts" / "position_workload.sql").read_text("utf-8")
    # rebuilt whole into a new table (with its contract's column types), no rows replaced by scope
    assert "delete from" not in sql and '"position_workload__dbt_tmp"' in sql and "where true" in sql


def _duplicate_an_employee(data, region: str) -> None:
    connection = duckdb.connect(str(data / "warehouse.duckdb"))
    try:
        connection.execute(
            """
            insert into marts.employee_indices
            select * from marts.employee_indices where region_code = ? order by snapshot_date, nip limit 1
        """,
            [region],
        )
    finally:
        connection.close()


def _failed_tests(result) -> set[str]:
    return {r.node.name for r in result.result.results if str(r.status) == "fail"}


def test_data_tests_of_a_scoped_build_read_the_regions_it_rebuilt(builds, tmp_path):
    """macros/compat.sql: in a scoped build, a generic test on a partitioned model reads only the regions
    (province-level models: the provinces) the build may have replaced, so a nightly run of one region does
    not test the whole national warehouse again; a full build still tests everything."""
    incremental, _ = builds
    copy = tmp_path / "copy"
    shutil.copytree(incremental, copy, ignore=shutil.ignore_patterns("target", "logs"))
    grain = "unique_combination_of_columns_employee_indices_region_code__snapshot_date__nip"
    _duplicate_an_employee(copy, COPY_REGION)  # a broken row outside the named region
    # generic tests only: singular tests (tests/singular) read whole tables by design
    select = ["test", "--select", "employee_indices,test_type:generic", "regency_scorecards,test_type:generic"]

    with scoped(copy, [f"{REGION}:{SNAPSHOT_1}"]):
        assert _failed_tests(run_dbt(select, copy, check=False)) == set()
    compiled = copy / "target" / "run" / "mutasi" / "models" / "marts" / "_marts__models.yml"
    grain_sql = [
        path.read_text("utf-8")
        for path in compiled.glob("unique_combination_of_columns_*.sql")
        if '"marts"."employee_indices"' in path.read_text("utf-8")
    ]
    assert len(grain_sql) == 1 and f"where region_code in ('{REGION}')" in grain_sql[0]
    scorecard_sql = [
        path.read_text("utf-8")
        for path in compiled.glob("*.sql")
        if '"marts"."regency_scorecards" where' in path.read_text("utf-8")
    ]
    # regency_scorecards has the province scope: the other regency of the province was recomputed with it
    assert scorecard_sql and all(f"region_code in ('{REGION}', '{COPY_REGION}')" in sql for sql in scorecard_sql)

    _duplicate_an_employee(copy, REGION)  # a broken row inside it is caught by the scoped test
    with scoped(copy, [f"{REGION}:{SNAPSHOT_1}"]):
        assert grain in _failed_tests(run_dbt(select, copy, check=False))

    connection = duckdb.connect(str(copy / "warehouse.duckdb"))
    try:  # repair the named region: only the row outside it stays broken
        connection.execute(f"""
            delete from marts.employee_indices where rowid in (
                select max(rowid) from marts.employee_indices where region_code = '{REGION}'
                group by region_code, snapshot_date, nip having count(*) > 1)""")
    finally:
        connection.close()
    with _data_dir(copy):  # a full build (nothing named) tests every region again
        assert grain in _failed_tests(run_dbt(select, copy, check=False))


def test_whole_region_and_parameter_change_fall_back_safely(builds):
    """ "RRRR" names every snapshot of a region; a table holding another params_version than the current
    one (a parameter changed since it was built) is rebuilt in full even with names. Runs last: it
    rewrites the incremental warehouse (which must still equal the full rebuild afterwards)."""
    incremental, full = builds
    connection = duckdb.connect(str(incremental / "warehouse.duckdb"))
    try:
        connection.execute(
            """
            update marts.position_workload set params_version = 'stale'
            where region_code = ? and snapshot_date = ?
        """,
            [REGION, SNAPSHOT_2],
        )
    finally:
        connection.close()
    with scoped(incremental, [COPY_REGION]):
        run_dbt(["run", "--exclude", "tag:after_recommend"], incremental)

    run_sql = incremental / "target" / "run" / "mutasi" / "models"
    assert "where true;" in (run_sql / "marts" / "position_workload.sql").read_text("utf-8")
    indices = (run_sql / "marts" / "employee_indices.sql").read_text("utf-8")
    assert f"region_code = '{COPY_REGION}'" in indices and f"region_code = '{REGION}'" not in indices
    expected, found = warehouse_tables(full), warehouse_tables(incremental)
    for table in expected:
        assert same_rows(found[table][1], expected[table][1]), f"{table}: rows differ"


def _partitioned_tables(data) -> dict[str, str]:
    """Every table of a partitioned model (incremental, strategy replace_snapshots) -> its partition column."""
    manifest = json.loads((data / "target" / "manifest.json").read_text("utf-8"))
    return {
        f"{node['schema']}.{node['alias']}": (
            "province_code" if node["config"].get("partition_level") == "province" else "region_code"
        )
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["config"]["materialized"] == "incremental"
        and node["config"].get("incremental_strategy") == "replace_snapshots"
    }


def test_partitioned_tables_are_stored_by_partition_after_full_and_scoped_builds(builds):
    """Each region's (province's) rows of a partitioned table are stored together, in partition order after a
    full build, so that reading one region skips the others' row groups (macros/partitions.sql, partition_order);
    a scoped rebuild appends the partitions it replaces, each still in one piece."""
    incremental, full = builds
    tables = _partitioned_tables(full)
    assert {"marts.employee_indices", "marts.province_scorecards", "audit.quarantined_rows"} <= set(tables)
    for data, sorted_whole in ((full, True), (incremental, False)):
        connection = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
        try:
            for table, key in tables.items():
                runs, partitions, backwards = connection.execute(
                    f"""
                    with stored as (
                        select {key} as part, snapshot_date,
                            lag({key}) over (order by rowid) as prev_part,
                            lag(snapshot_date) over (order by rowid) as prev_date
                        from {table}
                    )
                    select
                        count(*) filter (where prev_part is distinct from part or prev_date is distinct from snapshot_date),
                        (select count(*) from (select distinct {key}, snapshot_date from {table})),
                        count(*) filter (
                            where prev_part is not null and (part, snapshot_date) < (prev_part, prev_date)
                        )
                    from stored
                    """
                ).fetchone()
                assert runs == partitions, f"{data.name} {table}: {runs} runs of rows for {partitions} partitions"
                if sorted_whole:
                    assert backwards == 0, f"{table}: not in partition order after a full build"
        finally:
            connection.close()
