"""province_inputs reads a province snapshot's marts with one query per table: the same frames (rows, order,
values, dtypes) as one query per regency concatenated, the way it read them before, kept here as the
reference. The marts are small stand-ins with the columns the queries name, and the traps of concatenating:
a nullable INTEGER null in one regency only, a date column, a regency or date outside the snapshot, NIPs and
post codes whose order within a regency differs from their order across the province."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from mutasi.config import DataPaths
from mutasi.lake import plan_moves
from mutasi.recommend.batch import EMPLOYEES_SQL, POSITIONS_SQL
from mutasi.recommend.province import ProvinceSnapshot, province_inputs


def reference_inputs(connection, paths: DataPaths, snapshot: ProvinceSnapshot):
    """province_inputs as it was before (commit b7d70db): the marts read regency by regency."""
    positions, employees, plans = [], [], []
    for region_code in snapshot.region_codes:
        positions.append(connection.execute(POSITIONS_SQL, [region_code, [snapshot.snapshot_date]]).df())
        employees.append(connection.execute(EMPLOYEES_SQL, [region_code, [snapshot.snapshot_date]]).df())
        plan = plan_moves(paths, region_code, [snapshot.snapshot_date])
        if plan is not None and len(plan):
            plans.append(plan.assign(region_code=region_code))
    within = pd.concat(plans, ignore_index=True) if plans else None
    return pd.concat(positions, ignore_index=True), pd.concat(employees, ignore_index=True), within


def _marts() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(
        """create table marts.position_workload as
        select * from (values
            ('3271', date '2026-10-31', '3271.02.001', 'U2', 'pengawas', 3, 'v1'),
            ('3271', date '2026-10-31', '3271.01.009', 'U1', 'JPT', null, 'v1'),
            ('3201', date '2026-10-31', '3201.10.001', 'U1', 'administrator', 4, 'v1'),
            ('3201', date '2026-10-31', '3201.02.001', 'U2', 'pelaksana', 2, 'v1'),
            ('3201', date '2026-11-30', '3201.02.001', 'U2', 'pelaksana', 5, 'v1'),
            ('3202', date '2026-10-31', '3202.01.001', 'U1', 'fungsional', 1, 'v1'),
            ('3301', date '2026-10-31', '3301.01.001', 'U1', 'JPT', 2, 'v1')
        ) t(region_code, snapshot_date, position_code, unit_code, position_type, target_technical, params_version)"""
    )
    con.execute(
        """create table marts.employee_indices as
        select * from (values
            ('3271', date '2026-10-31', '9', '3271.02.001', 'U2', 3::integer, date '2030-01-01', 'v1'),
            ('3271', date '2026-10-31', '10', '3271.01.009', 'U1', null, date '2028-05-01', 'v1'),
            ('3201', date '2026-10-31', '2', '3201.10.001', 'U1', 5, date '2040-01-01', 'v1'),
            ('3201', date '2026-10-31', '11', '3201.02.001', 'U2', 4, date '2027-03-01', 'v1'),
            ('3201', date '2026-11-30', '11', '3201.02.001', 'U2', 4, date '2027-03-01', 'v1'),
            ('3202', date '2026-10-31', '1', '3202.01.001', 'U1', 9, date '2035-01-01', 'v1'),
            ('3301', date '2026-10-31', '1', '3301.01.001', 'U1', 8, date '2031-01-01', 'v1')
        ) t(region_code, snapshot_date, nip, position_code, unit_code, talent_box, retirement_date, params_version)"""
    )
    con.execute(
        """create table marts.employee_eligibility as
        select region_code, snapshot_date, nip, position_code, unit_code, params_version,
               talent_box > 4 as is_eligible, nip = '9' as willing_to_move
        from marts.employee_indices"""
    )
    return con


@pytest.mark.parametrize(
    ("regions", "date"),
    [
        (("3201", "3202", "3271"), "2026-10-31"),
        (("3201",), "2026-11-30"),
        (("3202", "3271"), "2026-10-31"),
    ],
)
def test_one_query_per_table_reads_what_one_per_regency_read(tmp_path, regions, date):
    paths = DataPaths(tmp_path)
    plan = tmp_path / "lake" / "recommendations" / "region_code=3271" / f"snapshot_date={date}"
    plan.mkdir(parents=True)
    pd.DataFrame({"nip": ["9"], "to_position_code": ["3271.01.009"]}).to_parquet(plan / "part-0.parquet")
    snapshot = ProvinceSnapshot("32", date, regions)
    con = _marts()
    got = province_inputs(con, paths, snapshot)
    want = reference_inputs(con, paths, snapshot)
    for g, w in zip(got, want, strict=True):
        if w is None:
            assert g is None
        else:
            pd.testing.assert_frame_equal(g, w, check_exact=True)
    assert len(got[0]) == len(got[1]) > 0


def test_the_regencies_keep_the_snapshots_order(tmp_path):
    # a snapshot names its regencies sorted; the rows follow that order, whatever the table's
    con = _marts()
    positions, employees, within = province_inputs(
        con, DataPaths(tmp_path), ProvinceSnapshot("32", "2026-10-31", ("3201", "3271"))
    )
    assert within is None
    assert positions["position_code"].tolist() == ["3201.02.001", "3201.10.001", "3271.01.009", "3271.02.001"]
    assert employees["nip"].tolist() == ["11", "2", "10", "9"]
    assert employees["snapshot_date"].dt.date.unique().tolist() == [dt.date(2026, 10, 31)]
