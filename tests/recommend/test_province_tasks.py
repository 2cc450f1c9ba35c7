"""How the inter-regency step shares its work among worker processes (mutasi.recommend.province.province_tasks):
largest province first, and a province too large for an even share split into its plan and its talent pool."""

from __future__ import annotations

import collections

from mutasi.recommend.province import ProvinceSnapshot, ProvinceTask, province_tasks
from mutasi.reference import regions

TEMPLATE = ProvinceTask("warehouse.duckdb", "data", None, "", params=None, rules=None)  # only the parts count


def _snapshots(sizes: dict[str, int]) -> tuple[list[ProvinceSnapshot], dict[ProvinceSnapshot, int]]:
    snapshots = [ProvinceSnapshot(code, "2026-10-31", (f"{code}01",)) for code in sizes]
    return snapshots, {s: sizes[s.province_code] for s in snapshots}


def test_a_province_alone_is_planned_as_its_plan_and_its_pool_side_by_side():
    todo, employees = _snapshots({"32": 241_115})
    tasks = province_tasks(todo, employees, 2, TEMPLATE)
    assert [(t.snapshot.province_code, t.part) for t in tasks] == [("32", "plan"), ("32", "pool")]


def test_the_country_is_one_task_per_province_largest_first():
    # every province of the reference, 7,000 employees per regency (the country bench): Jawa Timur's 38
    # regencies are 7 % of the work, under half of a worker's share
    sizes = collections.Counter(r.province_code for r in regions().values())
    todo, employees = _snapshots({code: 7000 * n for code, n in sizes.items()})
    tasks = province_tasks(todo, employees, 2, TEMPLATE)
    assert len(sizes) == 38
    assert {t.part for t in tasks} == {"both"}
    assert [t.snapshot.province_code for t in tasks][:3] == ["35", "33", "12"]  # 38, 35 and 33 regencies
    assert [employees[t.snapshot] for t in tasks] == sorted(employees.values(), reverse=True)


def test_only_the_province_that_would_hold_up_the_others_is_split():
    # 32 with the next month of one regency: 241,115 of 250,045 employees
    todo, employees = _snapshots({"32": 241_115, "61": 8_930})
    tasks = province_tasks(todo, employees, 2, TEMPLATE)
    assert [(t.snapshot.province_code, t.part) for t in tasks] == [("32", "plan"), ("32", "pool"), ("61", "both")]


def test_in_one_process_every_province_is_one_task():
    todo, employees = _snapshots({"32": 241_115, "61": 8_930})
    assert [t.part for t in province_tasks(todo, employees, 1, TEMPLATE)] == ["both", "both"]
