"""The "lp_first" strategy (LP relaxation, MILP on the LP support, reduced-cost fixing) is exact:
it reaches the plain HiGHS MILP's optimum on generated regions and on random side-constrained
networks, also when its heuristic step is switched off, and its bounds are valid."""

from dataclasses import replace

import numpy as np
import pytest
from recommend_testkit import brute_force, random_region, reference_candidates

import mutasi.recommend.solver as solver
from mutasi.recommend import plan
from mutasi.recommend.solver import build_model, lagrangian_bound, lp_relaxation, objective_grid, solve_model
from mutasi.recommend.synthetic import example_params, synthetic_instance


@pytest.mark.parametrize("seed,n", [(11, 300), (12, 600), (13, 900), (14, 1200), (15, 1800)])
def test_lp_first_equals_plain_milp_on_synthetic_regions(seed, n):
    params = example_params(max_unit_outflow_share=[0.1, 0.2][seed % 2])
    positions, employees = synthetic_instance(n, seed)
    got = {}
    for strategy in ("lp_first", "milp"):
        *_, chosen, stats = plan(positions, employees, params, strategy=strategy)
        assert stats.status == "optimal" and stats.mip_gap == 0, strategy
        assert stats.objective == pytest.approx(chosen["value"].sum(), abs=1e-6)
        got[strategy] = stats
    assert got["lp_first"].objective == pytest.approx(got["milp"].objective, abs=1e-6)
    assert got["lp_first"].method in {"lp_integral", "lp_restricted", "reduced_cost_milp"}
    assert got["lp_first"].bound == pytest.approx(got["lp_first"].objective, abs=1e-6)
    assert got["milp"].method == "full_milp"


@pytest.mark.parametrize("seed", range(40, 60))
def test_lp_first_equals_brute_force_optimum_on_dense_regions(seed):
    positions, employees, params = random_region(seed, n_posts=6, n_emp=9)
    *_, ref = plan(positions, employees, params, formulation="pairs", strategy="milp")
    for formulation in ("aggregated", "pairs"):
        *_, stats = plan(positions, employees, params, formulation=formulation, strategy="lp_first")
        assert stats.status == "optimal" and stats.objective == pytest.approx(ref.objective, abs=1e-6)


# ------------------------------------------------------------- instances with a fractional LP optimum
#: random_region(seed, n_posts, n_emp) instances whose LP relaxation is fractional (found by search:
#: about 1 in 150 of these dense tiny regions; the unit caps with chains through balanced posts)
FRACTIONAL = [
    (187, 8, 14),
    (247, 8, 14),
    (453, 8, 14),
    (755, 8, 14),
    (861, 8, 14),
    (887, 8, 14),
    (1145, 8, 14),
    (1363, 6, 10),
    (1477, 8, 14),
    (1826, 8, 14),
    (2490, 8, 14),
    (2797, 8, 14),
    (2841, 6, 10),
]


def pair_model(seed, n_posts, n_emp, **overrides):
    positions, employees, params = random_region(seed, n_posts=n_posts, n_emp=n_emp)
    if overrides:
        params = replace(params, **overrides)
    pos, emp, units, rule_c, scored, cand, chosen, stats = plan(
        positions, employees, params, formulation="pairs", strategy="milp"
    )
    A, lb, ub = build_model(
        cand,
        len(pos),
        pos["u"].to_numpy(),
        units["cap"].to_numpy(),
        pos["gap_pos"].to_numpy(),
        pos["surplus"].to_numpy(),
    )
    return cand["value"].to_numpy(float), A, lb, ub, stats.objective


@pytest.mark.parametrize("heuristic", [True, False])
@pytest.mark.parametrize("grid", [True, False])
def test_lp_first_is_exact_when_the_lp_is_fractional(monkeypatch, heuristic, grid):
    """Fractional LPs go through the restricted MILP or reduced-cost fixing; without the support
    heuristic (incumbent 0) every one goes through fixing and, on the objective grid, through the
    step-down of the target. Off the grid (weights with no common decimal step) the single-target
    path is used. Always the plain MILP's optimum."""
    if not heuristic:
        monkeypatch.setattr(solver, "SUPPORT_TOL", np.inf)  # empty support: no incumbent but 0
    overrides = {} if grid else {"weight_job_fit": np.pi / 2, "weight_rotation_urgency": np.e / 5}
    methods = set()
    for seed, n_posts, n_emp in FRACTIONAL:
        cost, A, lb, ub, plain = pair_model(seed, n_posts, n_emp, **overrides)
        assert (objective_grid(cost) is not None) == grid
        sol = solve_model(cost, A, lb, ub, np.ones(len(cost)), "lp_first")
        assert sol.status == "optimal" and sol.mip_gap == 0, seed
        assert sol.objective == pytest.approx(plain, abs=1e-6), seed
        assert sol.objective == pytest.approx(float(cost @ sol.x), abs=1e-9)
        ax = A @ sol.x
        assert np.all(ax <= ub + 1e-9) and np.all(ax >= lb - 1e-9) and set(np.unique(sol.x)) <= {0.0, 1.0}
        methods.add(sol.method)
    assert "reduced_cost_milp" in methods
    if not heuristic:  # (off the grid some of these LPs are integral)
        assert methods <= {"reduced_cost_milp", "lp_integral"}


@pytest.mark.parametrize(
    "seed,n_posts,n_emp", [(247, 8, 14), (1363, 6, 10), (2490, 8, 14), (2797, 8, 14), (2841, 6, 10)]
)  # at most 230,000 combinations each
def test_lp_first_plan_equals_brute_force_on_fractional_instances(seed, n_posts, n_emp):
    positions, employees, params = random_region(seed, n_posts=n_posts, n_emp=n_emp)
    cands = reference_candidates(positions, employees, params)
    best, _ = brute_force(cands, positions, params)
    for formulation in ("aggregated", "pairs"):
        *_, stats = plan(positions, employees, params, formulation=formulation, strategy="lp_first")
        assert stats.objective == pytest.approx(best, abs=1e-6), formulation


def test_lagrangian_bound_holds_for_any_multipliers():
    rng = np.random.default_rng(5)
    gaps = 0
    for seed, n_posts, n_emp in FRACTIONAL:
        cost, A, lb, ub, opt = pair_model(seed, n_posts, n_emp)
        col_ub = np.ones(len(cost))
        lp, y = lp_relaxation(cost, A, lb, ub, col_ub)
        L, d, _ = lagrangian_bound(cost, A, lb, ub, col_ub, y)
        assert L == pytest.approx(-lp.fun, abs=1e-6) and L >= opt - 1e-9
        gaps += L > opt + 1e-6
        for _ in range(5):  # arbitrary (even poor) multipliers still bound the LP optimum
            L, _, _ = lagrangian_bound(cost, A, lb, ub, col_ub, rng.normal(0, 2, len(lb)))
            assert L >= -lp.fun - 1e-9
    assert gaps >= len(FRACTIONAL) // 2  # mostly the LP bound is above the integer optimum


def test_objective_grid():
    assert objective_grid(np.array([0.05, 2.3, 1.1, -0.25])) == pytest.approx(0.05)
    assert objective_grid(np.array([2.0, 4.0, 6.0])) == pytest.approx(2.0)
    assert objective_grid(np.array([0.6 * 4.5 + 0.4 * 5 - 4.1])) == pytest.approx(0.6)
    assert objective_grid(np.array([1 / 3, 1.0])) is None
    assert objective_grid(np.array([0.0])) is None


def test_time_limit_is_honoured_and_reported():
    positions, employees = synthetic_instance(600, 3)
    *_, stats = plan(positions, employees, example_params(), time_limit=60)
    assert stats.status == "optimal" and stats.seconds < 60 and stats.lp_seconds <= stats.seconds
    assert stats.n_model_columns > 0 and stats.n_milp_columns <= stats.n_model_columns
