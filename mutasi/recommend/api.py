"""Public entry point: ``recommend(positions, employees, params) -> RecommendationResult``."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .candidates import prune, rule_candidates, score_candidates
from .decisions import apply_decisions, not_moved_lines, with_objections
from .params import RecommendParams
from .prepare import prepare_employees, prepare_positions, unit_table
from .report import (
    MOVE_COLUMNS,
    build_moves,
    build_not_moved,
    fairness_report,
    flows,
    greedy_baseline,
    plan_metrics,
    position_projection,
)
from .shortlist import build_shortlists, empty_shortlists
from .solver import SolverStats, solve_aggregated, solve_pairs
from .succession import build_succession, empty_succession


@dataclass(frozen=True)
class Projection:
    positions: pd.DataFrame  # per post: staff, gap, EJ and grade before vs after
    metrics: pd.DataFrame  # metric, before, after, change


@dataclass(frozen=True)
class Baseline:
    moves: pd.DataFrame  # nip, from/to post, fit before/after of the greedy ranking's moves
    projection: Projection


@dataclass(frozen=True)
class RecommendationResult:
    moves: pd.DataFrame
    not_moved: pd.DataFrame
    projection: Projection
    fairness: pd.DataFrame
    baseline: Baseline
    solver: SolverStats
    #: wall seconds of the call: recommend (all of it), plan (rules, scoring, solve), greedy (the baseline);
    #: what `mutasi bench` reports per region snapshot
    timings: dict[str, float] = field(default_factory=dict)
    #: vacancy shortlists: the top legal candidates of every vacant or understaffed post (shortlist.py)
    shortlists: pd.DataFrame = field(default_factory=empty_shortlists)
    #: succession candidates for key posts opening within the horizon (succession.py)
    succession: pd.DataFrame = field(default_factory=empty_succession)

    @property
    def comparison(self) -> pd.DataFrame:
        """Regency metrics: before, after our plan, after the greedy baseline."""
        ours = self.projection.metrics.set_index("metric")
        base = self.baseline.projection.metrics.set_index("metric")
        out = pd.DataFrame({"before": ours["before"], "ours": ours["after"], "baseline": base["after"]})
        out["ours_minus_baseline"] = out["ours"] - out["baseline"]
        return out.reset_index()


#: column order of lake/recommendations (docs/architecture.md, "Recommendations")
CONTRACT_COLUMNS = ("region_code", "snapshot_date", *MOVE_COLUMNS, "params_version", "run_id")


def with_run_columns(
    moves: pd.DataFrame, region_code: str, snapshot_date, params_version: str, run_id: str
) -> pd.DataFrame:
    """The moves with the caller's columns added, in the contract's column order (zero rows stay
    a valid, typed frame)."""
    out = moves.copy()
    out["region_code"] = region_code
    out["snapshot_date"] = snapshot_date
    out["params_version"] = params_version
    out["run_id"] = run_id
    return out[list(CONTRACT_COLUMNS)]


def plan(
    positions: pd.DataFrame,
    employees: pd.DataFrame,
    params: RecommendParams,
    time_limit: float | None = None,
    formulation: str = "aggregated",
    strategy: str | None = None,
):
    """The optimisation alone (no reports): returns (pos, emp, units, rule candidates, scored
    candidates, solver candidates, chosen rows, stats). Used by ``recommend`` and by tests.

    ``strategy``: "lp_first" or "milp" (solver.STRATEGIES); default "lp_first" for the aggregated
    formulation and "milp" (the plain HiGHS MILP, an independent check) for "pairs"."""
    pos = prepare_positions(positions, params)
    emp = prepare_employees(employees, pos, params)
    units = unit_table(pos, params)
    rule_c = rule_candidates(emp, pos, params)
    scored = score_candidates(rule_c, emp, pos, params, keep_all=False)
    cand = prune(scored[scored["worthwhile"].to_numpy()], pos, units["cap"].to_numpy())
    budget = params.move_budget(len(emp))
    if formulation == "aggregated":
        x, stats = solve_aggregated(
            cand,
            pos,
            units["cap"].to_numpy(),
            params.weight_preference,
            time_limit=time_limit,
            strategy=strategy or "lp_first",
            budget=budget,
        )
    elif formulation == "pairs":
        x, stats = solve_pairs(
            cand,
            len(pos),
            pos["u"].to_numpy(),
            units["cap"].to_numpy(),
            pos["gap_pos"].to_numpy(),
            pos["surplus"].to_numpy(),
            time_limit=time_limit,
            strategy=strategy or "milp",
            budget=budget,
        )
    else:
        raise ValueError(f"unknown formulation {formulation!r}")
    stats = SolverStats(
        **{**stats.to_dict(), "n_rule_candidates": len(rule_c), "n_employees": len(emp), "n_positions": len(pos)}
    )
    chosen = cand[x].reset_index(drop=True)
    return pos, emp, units, rule_c, scored, cand, chosen, stats


def recommend(
    positions: pd.DataFrame,
    employees: pd.DataFrame,
    params: RecommendParams,
    time_limit: float | None = None,
    formulation: str = "aggregated",
    strategy: str | None = None,
    decisions: pd.DataFrame | None = None,
    snapshot_date=None,
) -> RecommendationResult:
    """Optimal, explained mutation plan for one region snapshot (see docs/recommendations.md).

    ``formulation``: "aggregated" (default, type nodes, fast) or "pairs" (one column per candidate
    move); ``strategy``: "lp_first" (default for aggregated) or "milp" (plain HiGHS branch and cut;
    default for pairs). All combinations are exact and give the same objective value.

    ``decisions`` (marts.mutation_decision_status rows of this snapshot) with ``snapshot_date``: the
    regency's decisions applied first (decisions.py): approved moves taken as done, rejected, postponed
    and objected ones not proposed, each such employee explained in the not-moved list."""
    started = time.perf_counter()
    original, original_positions = employees, positions
    effects = None
    if decisions is not None and len(decisions):
        positions, employees, effects = apply_decisions(positions, employees, decisions, params, snapshot_date)
    pos, emp, units, rule_c, scored, _cand, chosen, stats = plan(
        positions, employees, params, time_limit, formulation, strategy
    )
    planned = time.perf_counter()
    inflow, _ = flows(chosen, len(pos))
    # the projections (the plan's effect, the baseline's) start from the data as delivered, so that they match
    # what dbt computes from the warehouse; approved moves only shaped the plan (docs/decisions.md)
    view_pos, view_emp = pos, emp
    if effects is not None and len(effects):
        view_pos = prepare_positions(original_positions, params)
        view_emp = prepare_employees(original, view_pos, params)
    proj_pos = position_projection(view_pos, chosen, params)
    moves = build_moves(chosen, emp, pos, params, proj_pos["staff_after"].to_numpy(), inflow)
    not_moved = build_not_moved(emp, pos, units, rule_c, scored, chosen, params)
    if effects is not None and len(effects):
        moves = with_objections(moves, effects)
        lines = not_moved_lines(effects, original, moves["nip"])
        not_moved = (
            pd.concat([not_moved[~not_moved["nip"].astype(str).isin(set(lines["nip"]))], lines], ignore_index=True)
            .sort_values("nip", kind="stable")
            .reset_index(drop=True)
        )
    shortlists = build_shortlists(rule_c, emp, pos, chosen, params, int(params.shortlist_size))
    succession = build_succession(emp, pos, params, int(params.shortlist_size))
    projection = Projection(proj_pos, plan_metrics(proj_pos, view_emp, chosen))

    greedy_started = time.perf_counter()
    base = greedy_baseline(scored, pos, units, params.move_budget(len(emp)))
    greedy_seconds = time.perf_counter() - greedy_started
    base_pos = position_projection(view_pos, base, params)
    codes = pos["position_code"].to_numpy()
    base_moves = pd.DataFrame(
        {
            "nip": emp["nip"].to_numpy()[base["i"].to_numpy()],
            "from_position_code": codes[base["j_from"].to_numpy()],
            "to_position_code": codes[base["j"].to_numpy()],
            "job_fit_before": np.round(base["fit_before"].to_numpy(float), 4),
            "job_fit_after": np.round(base["fit_after"].to_numpy(float), 4),
        }
    )
    baseline = Baseline(base_moves, Projection(base_pos, plan_metrics(base_pos, view_emp, base)))
    fairness = fairness_report(emp, chosen["i"].to_numpy())
    timings = {
        "recommend_seconds": time.perf_counter() - started,
        "plan_seconds": planned - started,
        "greedy_seconds": greedy_seconds,
    }
    return RecommendationResult(
        moves, not_moved, projection, fairness, baseline, stats, timings, shortlists, succession
    )
