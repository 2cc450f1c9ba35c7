"""The LP relaxation (mutasi.recommend.solver.lp_relaxation) calls HiGHS directly but must be the LP that
``scipy.optimize.linprog(method="highs-ds")`` solves: same solution and duals to the bit, so that plans (the
MILP on the LP's support, the reduced-cost fixing) do not change with the way HiGHS is called. Fails when scipy
or highspy is upgraded to another HiGHS (pin both together: pyproject.toml)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from scipy.optimize import linprog

from mutasi.recommend.solver import lp_relaxation
from mutasi.recommend.synthetic import synthetic_instance


def _by_linprog(cost, A, lb, ub, col_ub, presolve):
    """The formulation lp_relaxation had before (scipy's linprog), with its multipliers."""
    A = sparse.csr_matrix(A)
    eq = np.isfinite(lb) & np.isfinite(ub) & (lb == ub)
    up = np.isfinite(ub) & ~eq
    lo = np.isfinite(lb) & ~eq
    A_ub = sparse.vstack([A[up], -A[lo]]).tocsr()
    res = linprog(
        -np.asarray(cost, float),
        A_ub=A_ub if A_ub.shape[0] else None,
        b_ub=np.concatenate([ub[up], -lb[lo]]) if A_ub.shape[0] else None,
        A_eq=A[eq] if eq.any() else None,
        b_eq=lb[eq] if eq.any() else None,
        bounds=np.column_stack([np.zeros(len(cost)), col_ub]),
        method="highs-ds",
        options={"presolve": presolve},
    )
    y = np.zeros(len(lb))
    m_ub = res.ineqlin.marginals if A_ub.shape[0] else np.zeros(0)
    y[up] -= m_ub[: up.sum()]
    y[lo] += m_ub[up.sum() :]
    if eq.any():
        y[eq] = -res.eqlin.marginals
    return res, y


def _random_model(seed: int):
    """A model shaped like the optimiser's: 0/1 columns, one-per-person rows (<= 1), two-sided post rows, a few
    equalities; costs on a 0.25 grid so that ties (several optimal vertices) are common."""
    rng = np.random.default_rng(seed)
    people, posts, n = 60, 25, 400
    person = rng.integers(0, people, n)
    src, dst = rng.integers(0, posts, n), rng.integers(0, posts, n)
    rows = [sparse.csr_matrix((np.ones(n), (person, np.arange(n))), shape=(people, n))]
    flow = sparse.csr_matrix((np.ones(n), (dst, np.arange(n))), shape=(posts, n)) - sparse.csr_matrix(
        (np.ones(n), (src, np.arange(n))), shape=(posts, n)
    )
    rows.append(flow)
    A = sparse.vstack(rows).tocsr()
    lb = np.concatenate([np.full(people, -np.inf), -rng.integers(0, 3, posts).astype(float)])
    ub = np.concatenate([np.ones(people), rng.integers(0, 3, posts).astype(float)])
    lb[people : people + 3] = ub[people : people + 3] = 0.0  # equalities
    cost = rng.integers(-4, 12, n) * 0.25
    return cost, A, lb, ub, np.ones(n)


@pytest.mark.parametrize("presolve", [False, True])
@pytest.mark.parametrize("seed", range(12))
def test_lp_relaxation_is_linprogs_lp_to_the_bit(seed, presolve):
    cost, A, lb, ub, col_ub = _random_model(seed)
    mine, y = lp_relaxation(cost, A, lb, ub, col_ub, presolve=presolve)
    theirs, y_theirs = _by_linprog(cost, A, lb, ub, col_ub, presolve)
    assert mine.status == theirs.status == 0
    assert np.array_equal(mine.x, theirs.x)
    assert np.array_equal(y, y_theirs)
    assert mine.fun == theirs.fun


def test_lp_relaxation_of_a_regency_is_linprogs_and_the_plan_stays_optimal(monkeypatch):
    """The synthetic 2,000-employee regency's aggregated model (presolve off, as the optimiser solves it): the
    same LP to the bit as linprog's, and LP-first still proves the plan optimal (gap 0)."""
    import mutasi.recommend.solver as solver
    from mutasi.recommend import plan
    from mutasi.recommend.synthetic import example_params

    seen = []
    real = solver.lp_relaxation

    def spy(*args, **kwargs):
        seen.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(solver, "lp_relaxation", spy)
    positions, employees = synthetic_instance(2000, seed=3)
    *_, stats = plan(positions, employees, example_params())
    assert stats.status == "optimal" and stats.mip_gap == 0
    assert len(seen) == 1
    (cost, A, lb, ub, col_ub, *_), kwargs = seen[0]
    assert A.shape[1] > 5_000  # a real model, not a toy
    mine, y = real(cost, A, lb, ub, col_ub)
    theirs, y_theirs = _by_linprog(cost, A, lb, ub, col_ub, presolve=False)
    assert np.array_equal(mine.x, theirs.x) and np.array_equal(y, y_theirs)


def test_an_infeasible_lp_reports_its_status():
    A = sparse.csr_matrix(np.array([[1.0, 1.0]]))
    mine, y = lp_relaxation(np.array([1.0, 1.0]), A, np.array([3.0]), np.array([3.0]), np.ones(2))
    assert mine.status == 2 and mine.x is None and "nfeasible" in mine.message
    assert not y.any()
