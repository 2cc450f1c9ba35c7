"""Optimality on medium instances against independent formulations."""

import numpy as np
import pytest
from recommend_testkit import min_cost_flow_optimum, plan_violations, reference_candidates

from mutasi.recommend import plan
from mutasi.recommend.solver import build_aggregated
from mutasi.recommend.synthetic import example_params, synthetic_instance


@pytest.mark.parametrize("seed,n", [(1, 400), (2, 700), (3, 1000)])
def test_min_cost_flow_agrees_without_unit_cap(seed, n):
    """With the unit cap out of play (share 1.0: a unit cannot lose more than its staff), the problem
    is a min-cost circulation; networkx's network simplex must reach the same optimum."""
    params = example_params(max_unit_outflow_share=1.0)
    positions, employees = synthetic_instance(n, seed)
    cands = reference_candidates(positions, employees, params)
    assert len(cands) > 200
    expected = min_cost_flow_optimum(cands, positions)
    for formulation, strategy in (("aggregated", "lp_first"), ("aggregated", "milp"), ("pairs", "milp")):
        *_, stats = plan(positions, employees, params, formulation=formulation, strategy=strategy)
        assert stats.status == "optimal" and stats.mip_gap == pytest.approx(0, abs=1e-9)
        assert stats.objective == pytest.approx(expected, abs=1e-4), (formulation, strategy)


@pytest.mark.parametrize("seed,n", [(4, 400), (5, 800), (6, 1500)])
def test_aggregated_and_pair_formulations_agree_with_unit_caps(seed, n):
    """Two differently built MILPs (one column per candidate move vs type nodes with flow
    conservation) reach the same optimum with every constraint active, and both plans are legal."""
    params = example_params()
    positions, employees = synthetic_instance(n, seed)
    results = {}
    for formulation, strategy in (("aggregated", "lp_first"), ("aggregated", "milp"), ("pairs", "milp")):
        pos, emp, units, rule_c, scored, cand, chosen, stats = plan(
            positions, employees, params, formulation=formulation, strategy=strategy
        )
        assert stats.status == "optimal" and stats.mip_gap == 0
        moves = [
            {
                "nip": emp["nip"].iat[i],
                "from": pos["position_code"].iat[p],
                "to": pos["position_code"].iat[q],
                "from_unit": pos["unit_code"].iat[p],
                "to_unit": pos["unit_code"].iat[q],
            }
            for i, p, q in zip(chosen["i"], chosen["j_from"], chosen["j"])
        ]
        assert plan_violations(moves, positions, params) == []
        results[formulation, strategy] = stats.objective
    values = list(results.values())
    assert values == pytest.approx([values[0]] * len(values), abs=1e-6), results
    assert (units["cap"] < units["staff"]).any()  # the cap is really in play
    # the aggregated model really aggregates: plain and bit type nodes carry most candidates
    *_, columns = build_aggregated(cand, pos, units["cap"].to_numpy(), params.weight_preference)
    kinds = np.bincount(columns["kind"], minlength=3)
    assert kinds[1] > 0 and kinds[2] > 0 and kinds.sum() < len(cand)


@pytest.mark.parametrize("seed,n,share", [(7, 600, 0.05), (8, 1000, 0.02)])
def test_move_budget_is_respected_and_the_plan_optimal_under_it(seed, n, share):
    """With the move budget (parameter max_moves_share), every formulation and strategy reaches the same
    optimum, which uses at most floor(share x employees) moves and binds (the unbudgeted plan is larger).
    Optimality under the budget is monotone: half the budget is worth no more, no budget no less."""
    free = example_params()
    budgeted = example_params(max_moves_share=share)
    positions, employees = synthetic_instance(n, seed)
    *_, free_chosen, free_stats = plan(positions, employees, free)
    budget = budgeted.move_budget(len(employees))
    assert budget == int(share * len(employees))
    assert len(free_chosen) > budget  # the budget binds
    results = {}
    for formulation, strategy in (("aggregated", "lp_first"), ("aggregated", "milp"), ("pairs", "milp")):
        pos, emp, units, rule_c, scored, cand, chosen, stats = plan(
            positions, employees, budgeted, formulation=formulation, strategy=strategy
        )
        assert stats.status == "optimal" and stats.mip_gap == pytest.approx(0, abs=1e-9)
        assert len(chosen) <= budget
        moves = [
            {
                "nip": emp["nip"].iat[i],
                "from": pos["position_code"].iat[p],
                "to": pos["position_code"].iat[q],
                "from_unit": pos["unit_code"].iat[p],
                "to_unit": pos["unit_code"].iat[q],
            }
            for i, p, q in zip(chosen["i"], chosen["j_from"], chosen["j"])
        ]
        assert plan_violations(moves, positions, budgeted) == []
        results[formulation, strategy] = stats.objective
    values = list(results.values())
    assert values == pytest.approx([values[0]] * len(values), abs=1e-6), results
    assert values[0] < free_stats.objective  # the budget costs something
    half = example_params(max_moves_share=share / 2)
    assert half.move_budget(len(employees)) < budget
    *_, half_stats = plan(positions, employees, half)
    assert half_stats.objective <= values[0] + 1e-9  # a smaller budget is never worth more


@pytest.mark.parametrize("seed,n", [(9, 600), (10, 900)])
def test_ours_at_least_greedy_at_the_same_budget(seed, n):
    """Both plans under the same move budget: the greedy ranking stops at the budget, and the optimal plan's
    objective is at least the greedy plan's (the greedy plan is feasible for the MILP)."""
    from mutasi.recommend.report import greedy_baseline

    params = example_params(max_moves_share=0.03)
    positions, employees = synthetic_instance(n, seed)
    pos, emp, units, rule_c, scored, cand, chosen, stats = plan(positions, employees, params)
    budget = params.move_budget(len(emp))
    greedy = greedy_baseline(scored, pos, units, budget)
    assert len(greedy) <= budget and len(chosen) <= budget
    assert stats.objective >= float(greedy["value"].sum()) - 1e-9
