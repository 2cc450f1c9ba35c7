"""End to end on a synthetic regency (no timing assertions: see `python -m mutasi.recommend.synthetic`)."""

import numpy as np
from recommend_testkit import moves_as_dicts, plan_violations

from mutasi.recommend import MOVE_COLUMNS, NOT_MOVED_COLUMNS, recommend
from mutasi.recommend.synthetic import example_params, main, synthetic_instance


def test_synthetic_region_end_to_end():
    params = example_params()
    positions, employees = synthetic_instance(1200, seed=7)
    assert len(employees) == 1200 and employees["nip"].str.len().eq(18).all()
    result = recommend(positions, employees, params)
    assert result.solver.status == "optimal" and result.solver.mip_gap == 0
    moves = result.moves
    assert list(moves.columns) == list(MOVE_COLUMNS) and len(moves) > 20
    assert plan_violations(moves_as_dicts(moves), positions, params) == []
    assert set(moves["move_kind"]) <= {"rebalance", "vacancy", "rotation", "fit"}
    assert moves["explanation"].str.len().gt(40).all()
    assert np.isclose(moves["objective_value"].sum(), result.solver.objective)
    assert list(result.not_moved.columns) == list(NOT_MOVED_COLUMNS)
    due = set(employees.loc[employees["is_due_for_rotation"], "nip"]) - set(moves["nip"])
    assert set(result.not_moved["nip"]) == due
    cmp_ = result.comparison.set_index("metric")
    assert cmp_.loc["total_staffing_gap", "ours"] <= cmp_.loc["total_staffing_gap", "before"]
    assert cmp_.loc["n_moves", "ours"] == len(moves)
    proj = result.projection.positions
    assert (proj["staff_after"] - proj["staff_before"]).sum() == 0
    fair = result.fairness
    for dim in ("sex", "age_band", "golongan"):
        d = fair[fair["dimension"] == dim]
        assert d["pool_share"].sum() == np.float64(1.0) or np.isclose(d["pool_share"].sum(), 1.0)
        assert d["moved_count"].sum() == len(moves)


def test_timing_script_runs(capsys):
    main(["--employees", "300", "--seed", "3"])
    out = capsys.readouterr().out
    assert "status=optimal" in out and "mip_gap=0" in out
