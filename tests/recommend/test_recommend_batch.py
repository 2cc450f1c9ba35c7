"""Region snapshots solved in worker processes give the same outputs as solved one after the other
(mutasi.recommend.batch: solve_many and recommend_regions, the work of the mutation_plan asset)."""

import duckdb
import numpy as np
import pandas as pd

from mutasi.config import data_paths
from mutasi.recommend.batch import (
    MIN_EMPLOYEES_FOR_WORKERS,
    RegionChain,
    SnapshotTask,
    employee_rows,
    recommend_regions,
    recommend_workers,
    solve_many,
)
from mutasi.recommend.synthetic import example_params, synthetic_instance

REGIONS = {"9901": (250, 1), "9902": (400, 2), "9903": (300, 3)}


def _tasks():
    for region, (n, seed) in REGIONS.items():
        positions, employees = synthetic_instance(n, seed)
        for k, date in enumerate(("2026-06-30", "2026-07-31")):
            emp = employees if k == 0 else employees.assign(is_due_for_rotation=~employees["is_due_for_rotation"])
            yield SnapshotTask(region, date, positions, emp, "2026-06-30" if k else None)


def _chains():
    tasks = list(_tasks())
    for region in REGIONS:
        yield RegionChain(region, tuple(t for t in tasks if t.region_code == region))


def test_worker_count():
    assert recommend_workers(10, MIN_EMPLOYEES_FOR_WORKERS - 1, cpus=4) == 1  # starting processes costs more
    assert recommend_workers(10, MIN_EMPLOYEES_FOR_WORKERS, cpus=4) == 4
    assert recommend_workers(2, MIN_EMPLOYEES_FOR_WORKERS, cpus=4) == 2 and recommend_workers(0, 0, cpus=4) == 1
    assert recommend_workers(10, 10, requested=2, cpus=4) == 2  # a number asked for wins
    assert recommend_workers(10, 10**6, requested=8, cpus=4) == 4


def _by_key(pairs):
    out = {}
    for task, result in pairs:
        assert not isinstance(result, BaseException), result
        out[task.region_code, task.snapshot_date] = result
    return out


def test_worker_processes_return_the_same_results():
    params = example_params(weight_keep_previous=0.1)
    serial = _by_key(solve_many(_chains(), params, workers=1))
    parallel = _by_key(solve_many(_chains(), params, workers=2))
    assert serial.keys() == parallel.keys() and len(serial) == 6
    for key, a in serial.items():
        b = parallel[key]
        assert a.key == b.key == key
        for name in ("moves", "not_moved", "comparison", "fairness"):
            pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
        assert {k: v for k, v in a.solver.items() if "seconds" not in k} == {
            k: v for k, v in b.solver.items() if "seconds" not in k
        }


def test_a_failing_snapshot_is_reported_with_its_task():
    tasks = list(_tasks())[:2]
    broken = SnapshotTask("9999", "2026-06-30", tasks[0].positions.drop(columns=["current_staff"]), tasks[0].employees)
    # the broken snapshot comes first in its region: the region's next snapshot is still planned
    chains = [
        RegionChain(
            "9999", (broken, SnapshotTask("9999", "2026-07-31", tasks[1].positions, tasks[1].employees, "2026-06-30"))
        ),
        RegionChain(tasks[0].region_code, tuple(tasks)),
    ]
    for workers in (1, 2):
        out = list(solve_many(chains, example_params(), workers=workers))
        assert len(out) == 4
        errors = [(t.region_code, t.snapshot_date, r) for t, r in out if isinstance(r, BaseException)]
        assert [e[:2] for e in errors] == [("9999", "2026-06-30")] and isinstance(errors[0][2], KeyError)


def test_consecutive_plans_keep_their_moves_when_the_data_did_not_change():
    """Plan stability: the same snapshot delivered twice gives the same plan with the preference, and a
    plan whose previous one is given prefers its moves (measured overlap in docs/recommendations.md)."""
    positions, employees = synthetic_instance(400, 2)
    chain = RegionChain(
        "9902",
        (
            SnapshotTask("9902", "2026-06-30", positions, employees),
            SnapshotTask("9902", "2026-07-31", positions, employees, "2026-06-30"),
        ),
    )
    pairs = {}
    for weight in (0.0, 0.1):
        (_, first), (_, second) = solve_many([chain], example_params(weight_keep_previous=weight), workers=1)
        a = set(zip(first.moves["nip"], first.moves["to_position_code"]))
        b = set(zip(second.moves["nip"], second.moves["to_position_code"]))
        pairs[weight] = (a, b, second)
    a, b, second = pairs[0.1]
    assert a == b and len(a) > 0
    assert (second.moves["reason_codes"].str.contains("PREVIOUSLY_RECOMMENDED")).all()
    # without the preference nothing is marked as kept
    assert not pairs[0.0][2].moves["reason_codes"].str.contains("PREVIOUSLY_RECOMMENDED").any()


def _warehouse(path):
    """marts.position_workload, marts.employee_indices and marts.employee_eligibility for REGIONS."""
    pos_rows, idx_rows, elig_rows = [], [], []
    for task in _tasks():
        stamp = {"region_code": task.region_code, "snapshot_date": pd.Timestamp(task.snapshot_date)}
        pos_rows.append(task.positions.drop(columns=["region_code", "snapshot_date"]).assign(**stamp))
        emp = task.employees.assign(**stamp)
        elig_cols = ["is_eligible", "ineligibility_reasons", "is_due_for_rotation", "years_in_position"]
        idx_rows.append(emp.drop(columns=elig_cols))
        elig_rows.append(
            emp[["region_code", "snapshot_date", "nip", "position_code", "unit_code", *elig_cols]].assign(
                params_version="test"
            )
        )
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    for name, frames in (
        ("position_workload", pos_rows),
        ("employee_indices", idx_rows),
        ("employee_eligibility", elig_rows),
    ):
        frame = pd.concat(frames, ignore_index=True)
        for col in frame.columns:  # mixed None/str object columns: plain strings for DuckDB
            if frame[col].dtype == object:
                frame[col] = frame[col].map(
                    lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
                )
        con.register("frame", frame)
        con.execute(f"create table marts.{name} as select * from frame")
        con.unregister("frame")
    con.close()


def test_mutation_plan_outputs_do_not_depend_on_the_number_of_workers(tmp_path):
    _warehouse(tmp_path / "warehouse.duckdb")
    outputs = {}
    for workers in (1, 2):
        paths = data_paths(tmp_path / f"w{workers}")
        with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
            stats, failed = recommend_regions(
                paths, con, sorted(REGIONS), "run-1", "v1", example_params(), workers=workers
            )
        assert failed == []
        assert [(s["region"], s["snapshot"]) for s in stats] == sorted(
            (r, d) for r in REGIONS for d in ("2026-06-30", "2026-07-31")
        )
        assert all(s["status"] == "optimal" and s["mip_gap"] == 0 for s in stats)
        # each row carries the call's timings (what mutasi bench reports), measured in the solving process
        assert all(s["recommend_seconds"] >= s["plan_seconds"] > 0 and s["greedy_seconds"] >= 0 for s in stats)
        files = sorted(p.relative_to(paths.lake) for p in paths.lake.rglob("*.parquet"))
        # moves, not moved, effect, fairness, vacancy shortlists, succession: one file each per snapshot
        assert len(files) == 6 * 6
        outputs[workers] = {f: pd.read_parquet(paths.lake / f) for f in files}
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        assert employee_rows(con, ["9901", "9903"]) == 2 * (250 + 300) and employee_rows(con, []) == 0
    assert outputs[1].keys() == outputs[2].keys()
    for f, frame in outputs[1].items():
        pd.testing.assert_frame_equal(frame, outputs[2][f], check_exact=True)
