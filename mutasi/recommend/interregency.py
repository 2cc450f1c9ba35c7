"""Inter-regency candidate moves for a province (issue 17, first part): the same hard rules as within a regency,
applied across the regencies of one province, solved exactly.

Under PP 11/2017 Pasal 192 a move between regencies of one province is decided by the governor (after the BKN
consideration). This module only proposes: where one regency's surplus meets another's shortage, which
eligible employees could move, with fit.

Model (one 0/1 column per candidate (employee, post of another regency)):

    maximise   sum value_e x_e               (value as within a regency: balance, fit, rotation, costs)
    subject to one move per employee; every post within [-surplus, +gap] net (as within a regency);
               per regency: people leaving <= max(1, floor(max_outflow_share x its employees))
                            people arriving <= max(1, floor(max_inflow_share x max(its employees, its
                            required headcount)))

Rules on top of the within-regency ones (candidates.rule_candidates on the province's posts and employees
with region-qualified keys): the target is in another regency of the same province; its type of post is
one of ``interregency_position_types``; the employee said yes to moving (``willing_to_move`` true) or is
due for rotation. A province with one regency has no candidates (and no error).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from .candidates import rule_candidates, score_candidates
from .params import RecommendParams
from .prepare import prepare_employees, prepare_positions, to_bool
from .solver import SolverStats, build_model, solve_model

SEPARATOR = "|"
INTERREGENCY_COLUMNS = (
    "nip",
    "from_region_code",
    "from_position_code",
    "to_region_code",
    "to_position_code",
    "job_fit_before",
    "job_fit_after",
    "balance_gain",
    "objective_value",
)


@dataclass(frozen=True)
class InterregencyRules:
    """The province-level parameters (seed parameters.csv, issue 17)."""

    position_types: frozenset[str] = frozenset({"pelaksana", "fungsional"})
    max_outflow_share: float = 0.01
    max_inflow_share: float = 0.01


POSITION_TYPES = ("JPT", "administrator", "pengawas", "pelaksana", "fungsional")


def load_interregency_rules(seeds_dir) -> InterregencyRules:
    """The province-level parameters from seed parameters.csv (the defaults above when a row is absent)."""
    from pathlib import Path

    seeds = Path(seeds_dir)
    if not (seeds / "parameters.csv").exists():
        seeds = seeds / "params"
    table = pd.read_csv(seeds / "parameters.csv", dtype=str, keep_default_na=False)
    values = {p.strip(): v.strip() for p, v in zip(table["parameter"], table["value"])}
    default = InterregencyRules()
    types = frozenset(t.strip() for t in values.get("interregency_position_types", "").split(";") if t.strip())
    unknown = types - set(POSITION_TYPES)
    if unknown:
        raise ValueError(f"interregency_position_types: unknown type(s) {sorted(unknown)}; known: {POSITION_TYPES}")
    shares = {}
    for name in ("max_outflow_share", "max_inflow_share"):
        raw = values.get(f"interregency_{name}", "")
        shares[name] = float(raw) if raw else getattr(default, name)
        if not 0 <= shares[name] <= 1:
            raise ValueError(f"interregency_{name} = {raw}: a share between 0 and 1")
    return InterregencyRules(position_types=types or default.position_types, **shares)


def _qualified(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    out = frame.copy()
    for c in columns:
        out[c] = out["region_code"].astype(str) + SEPARATOR + out[c].astype(str)
    return out


def _cap(share: float, n: int) -> int:
    return max(1, int(np.floor(share * n + 1e-9))) if n else 0


def interregency_plan(
    positions: pd.DataFrame,
    employees: pd.DataFrame,
    params: RecommendParams,
    rules: InterregencyRules = InterregencyRules(),
    strategy: str = "milp",
) -> tuple[pd.DataFrame, SolverStats]:
    """The optimal inter-regency moves of one province snapshot: (moves, solver statistics). ``positions``
    and ``employees`` hold the rows of every regency of the province, with ``region_code``."""
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in INTERREGENCY_COLUMNS})
    regions = sorted(set(positions["region_code"].astype(str)))
    if len(regions) < 2:
        return empty, SolverStats("optimal", 0.0, 0.0, 0.0, 0, method="one regency", bound=0.0)
    pos_q = _qualified(positions, "position_code", "unit_code")
    emp_q = _qualified(employees, "position_code", "unit_code")
    if "preferred_unit_codes" in emp_q:
        emp_q = emp_q.drop(columns=["preferred_unit_codes"])  # units of the own regency: no bonus across
    pos = prepare_positions(pos_q, params)
    emp = prepare_employees(emp_q, pos, params)
    region_of_post = pos["position_code"].str.split(SEPARATOR, n=1).str[0].to_numpy()
    rule_c = rule_candidates(emp, pos, params)
    i, j, jf = (rule_c[c].to_numpy() for c in ("i", "j", "j_from"))
    willing = to_bool(emp["willing_to_move"], None) if "willing_to_move" in emp else np.full(len(emp), None)
    said_yes = np.array([w is True for w in willing], dtype=bool)
    keep = (
        (region_of_post[j] != region_of_post[jf])
        & pos["position_type"].isin(rules.position_types).to_numpy()[j]
        & (said_yes[i] | emp["due"].to_numpy()[i])
    )
    scored = score_candidates(rule_c[keep].reset_index(drop=True), emp, pos, params)
    cand = scored[scored["worthwhile"].to_numpy()].reset_index(drop=True)
    if len(cand) == 0:
        return empty, SolverStats("optimal", 0.0, 0.0, 0.0, 0, method="no candidate", bound=0.0)

    A, lb, ub = _model(cand, pos, emp, region_of_post, rules)
    sol = solve_model(cand["value"].to_numpy(float), A, lb, ub, np.ones(len(cand)), strategy)
    chosen = cand[sol.x > 0.5]
    stats = SolverStats(
        status=sol.status,
        objective=float(chosen["value"].sum()),
        mip_gap=sol.mip_gap,
        seconds=0.0,
        n_candidates=len(cand),
        n_constraints=A.shape[0],
        method=sol.method,
        bound=sol.bound,
    )
    codes = pos["position_code"].to_numpy()
    split = lambda q: [c.split(SEPARATOR, 1) for c in q]  # noqa: E731
    src = split(codes[chosen["j_from"].to_numpy()])
    dst = split(codes[chosen["j"].to_numpy()])
    moves = pd.DataFrame(
        {
            "nip": emp["nip"].to_numpy()[chosen["i"].to_numpy()],
            "from_region_code": [r for r, _ in src],
            "from_position_code": [c for _, c in src],
            "to_region_code": [r for r, _ in dst],
            "to_position_code": [c for _, c in dst],
            "job_fit_before": np.round(chosen["fit_before"].to_numpy(float), 4),
            "job_fit_after": np.round(chosen["fit_after"].to_numpy(float), 4),
            "balance_gain": chosen["balance_gain"].to_numpy(),
            "objective_value": np.round(chosen["value"].to_numpy(float), 6),
        }
    )
    return moves.sort_values(["from_region_code", "nip"]).reset_index(drop=True), stats


def _model(cand: pd.DataFrame, pos: pd.DataFrame, emp: pd.DataFrame, region_of_post: np.ndarray, rules):
    """The within-regency model (solver.build_model: employees, posts, and the outflow cap with regencies as
    the units) plus one inflow row per regency."""
    regions = sorted(set(region_of_post))
    index = {r: k for k, r in enumerate(regions)}
    region_index = np.array([index[r] for r in region_of_post])
    region_of_emp = region_of_post[np.maximum(emp["j_from"].to_numpy(), 0)]
    staff = pd.Series(region_of_emp[emp["j_from"].to_numpy() >= 0]).value_counts()
    # the inflow cap counts the regency's size as the larger of its staff and its required headcount (ABK), so
    # that a regency short of nearly everyone can still receive
    required = pd.Series(pos["required_headcount"].to_numpy(), index=region_of_post).groupby(level=0).sum()
    out_cap = np.array([_cap(rules.max_outflow_share, int(staff.get(r, 0))) for r in regions])
    in_cap = np.array(
        [_cap(rules.max_inflow_share, max(int(staff.get(r, 0)), int(required.get(r, 0)))) for r in regions]
    )
    A, lb, ub = build_model(cand, len(pos), region_index, out_cap, pos["gap_pos"].to_numpy(), pos["surplus"].to_numpy())
    n = len(cand)
    inflow = sparse.csr_matrix(
        (np.ones(n), (region_index[cand["j"].to_numpy()], np.arange(n))), shape=(len(regions), n)
    )
    return (
        sparse.vstack([A, inflow]).tocsr(),
        np.concatenate([lb, np.full(len(regions), -np.inf)]),
        np.concatenate([ub, in_cap.astype(float)]),
    )
