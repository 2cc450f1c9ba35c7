"""The inter-regency optimisation per (employee, post type, target regency), with columns generated on demand
(issue 19). Same optimum as the pair model of interregency.py (``formulation="pairs"``/``"aggregated"``), without
building the pairs.

Why it is exact. At the province level every candidate leaves a post with staff above need for a post of another
regency short of staff, so the value of a move (candidates.score_candidates: balance, fit, rotation,
unwillingness, cost) and every hard rule (type, family, level, education, major) depend on the target only
through its post type ``tau`` (prepare.prepare_positions: every attribute the rules and the value read, and the
sign of the gap). What the target post adds beyond its type is only its regency (it must not be the employee's)
and its seat count. So the plan is a choice of columns (employee i, type tau, regency s != region of i), worth
v(i, tau), under the rows

    employee i                 sum of its columns <= 1
    source post p              people leaving p <= surplus of p        (no one enters a post with staff above need)
    target (tau, s)            people entering <= sum of the gaps of the posts of type tau in s
    regency r out / s in       the caps of interregency.py

and any integer plan of it turns into a pair plan of the same value (``assign_posts``: the seats of (tau, s)
handed out post by post) and back. The exceptions are what can single out one post of a type: a post held in the
last two years, a move the regency blocked, the previous plan's move (``weight_keep_previous``), a preferred unit
(dropped across regencies). ``types_exact`` says when none applies; otherwise interregency.py builds the pairs.

Why column generation is exact. The columns number sum over candidates (i, tau) of the regencies holding short
posts of tau (about 10^6 for province 32), almost all useless: the caps let about 90 people leave each regency.
The LP is solved on a subset S of the columns; its multipliers y price every column (d = v - y-terms, the best
regency per (i, tau) from the two cheapest (tau, s) rows of each type), columns with d > 0 are added until none
is left. For ANY y >= 0, L(y) = sum_rows y ub + sum_columns max(d, 0) is an upper bound on every plan
(solver.lagrangian_bound); a plan worth at least T uses no column with d < -(L - T) (its penalty alone would
exceed L - T). So with an incumbent z (a plan of S) and the objective grid g (every plan's value is a multiple
of g): when z >= L rounded down to the grid, z is optimal; otherwise every better plan (worth >= z + g) lies in
S' = S + the columns with d >= -(L - z - g), and the exact MILP on S' (solver.solve_model) is the optimum of the
whole model. Nothing rests on the LP's accuracy, only on L(y) being a bound for the y used.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
from scipy import sparse

from .candidates import _exploded_keys, rule_candidates, score_candidates
from .params import RecommendParams
from .solver import SolverStats, lp_relaxation, objective_grid, solve_model

#: reduced costs above this are "positive" (the values are multiples of 0.05)
PRICE_TOL = 1e-9
#: the first restricted model: per regency the employees with the best moves, this many times its outflow cap
#: (plus a few), each with their best type; on province 32 (2026-12-05) 2 x cap and 1 type: 10 LP rounds, 22,831
#: columns in the end, 6.9 CPU-s for the plan; 4 x cap and 3 types: 9 rounds, 45,664 columns, 8.5 CPU-s; more
#: columns per round (10,000 or 30,000 instead of 4,000) did not cut the rounds (each LP is solved from scratch)
START_PER_CAP = 2
START_TYPES = 1
#: at most this many columns added per pricing round
ADD_MAX = 4_000


def types_exact(emp: pd.DataFrame, pos: pd.DataFrame, params: RecommendParams) -> bool:
    """True when no rule or value singles out one post of a type for an eligible employee (module docstring):
    no post held in the last two years or blocked by a decision names a post of the province, and no previous
    plan's move counts."""
    e = emp[emp["eligible"].to_numpy()]
    codes = pd.Index(pos["position_code"])
    for column in ("positions_held_last_2y", "decision_blocked_positions"):
        if len(_exploded_keys(e, column, codes, len(pos))):
            return False
    if "preferred_unit_codes" in e and e["preferred_unit_codes"].notna().any():
        return False
    return not (params.weight_keep_previous > 0 and "prev_j" in e and (e["prev_j"].to_numpy() >= 0).any())


def type_candidates(
    emp: pd.DataFrame, pos: pd.DataFrame, params: RecommendParams, target_mask: np.ndarray
) -> tuple[pd.DataFrame, np.ndarray]:
    """The worthwhile (employee, target type) candidates, scored on one representative post per type (the first
    target post of the type): rows of score_candidates with ``j`` the representative. Also the type of each
    post. 417,337 rule candidates (i, tau) instead of 8.0 M (i, post) pairs on province 32 (2026-12-05)."""
    tau = pos["tau"].to_numpy()
    targets = np.flatnonzero(target_mask)
    first = np.unique(tau[targets], return_index=True)[1]
    rep = np.zeros(len(pos), dtype=bool)
    rep[targets[first]] = True
    scored = score_candidates(rule_candidates(emp, pos, params, target_mask=rep), emp, pos, params)
    return scored[scored["worthwhile"].to_numpy()].reset_index(drop=True), tau


class TypeModel:
    """The model of the module docstring over the candidates ``cand`` (type_candidates), target posts
    ``target_mask``, the regency of every post (``region_of``, 0..R-1) and the caps per regency."""

    def __init__(self, cand, tau, pos, target_mask, region_of, out_cap, in_cap):
        targets = np.flatnonzero(target_mask)
        t_frame = pd.DataFrame(
            {"tau": tau[targets], "s": region_of[targets], "gap": pos["gap_pos"].to_numpy()[targets]}
        )
        t_frame = t_frame.groupby(["tau", "s"], as_index=False, sort=True)["gap"].sum()
        self.t_tau = t_frame["tau"].to_numpy()
        self.t_s = t_frame["s"].to_numpy()
        self.t_cap = t_frame["gap"].to_numpy().astype(float)
        # targets of each type, contiguous (t_frame is sorted by tau)
        n_tau = int(tau.max()) + 1 if len(tau) else 0
        self.tau_count = np.bincount(self.t_tau, minlength=n_tau)
        self.tau_start = np.concatenate([[0], np.cumsum(self.tau_count)])[:-1]
        g_tau = tau[cand["j"].to_numpy()]
        g_r = region_of[cand["j_from"].to_numpy()]
        # regencies other than the own one holding a short post of the type
        own = pd.MultiIndex.from_arrays([self.t_tau, self.t_s]).get_indexer(pd.MultiIndex.from_arrays([g_tau, g_r]))
        n_other = self.tau_count[g_tau] - (own >= 0)
        keep = n_other > 0
        self.cand = cand[keep].reset_index(drop=True)
        self.g_tau, self.g_r, self.g_other = g_tau[keep], g_r[keep], n_other[keep]
        self.g_v = self.cand["value"].to_numpy(float)
        i = self.cand["i"].to_numpy()
        p = self.cand["j_from"].to_numpy()
        self.emp_ids, self.g_emp = np.unique(i, return_inverse=True)
        self.post_ids, self.g_post = np.unique(p, return_inverse=True)
        R = len(out_cap)
        self.n_emp, self.n_post, self.n_t = len(self.emp_ids), len(self.post_ids), len(self.t_tau)
        self.row0_post = self.n_emp
        self.row0_t = self.row0_post + self.n_post
        self.row0_out = self.row0_t + self.n_t
        self.row0_in = self.row0_out + R
        self.n_rows = self.row0_in + R
        self.ub = np.concatenate(
            [
                np.ones(self.n_emp),
                pos["surplus"].to_numpy()[self.post_ids].astype(float),
                self.t_cap,
                np.asarray(out_cap, float),
                np.asarray(in_cap, float),
            ]
        )
        #: every pair (i, post) the model stands for, and every column it could have
        self.n_pairs = int(pd.Series(target_mask).groupby([tau, region_of]).sum().pipe(self._pairs))
        self.n_columns = int(self.g_other.sum())

    def _pairs(self, posts_per_type_region: pd.Series) -> int:
        per_tau = posts_per_type_region.groupby(level=0).sum()
        n_tau = per_tau.reindex(self.g_tau).to_numpy()
        own = posts_per_type_region.reindex(pd.MultiIndex.from_arrays([self.g_tau, self.g_r])).fillna(0).to_numpy()
        return (n_tau - own).sum()

    # ------------------------------------------------------------------ columns (g, t): candidate g into target t
    def matrix(self, g: np.ndarray, t: np.ndarray) -> sparse.csr_matrix:
        n = len(g)
        rows = np.concatenate(
            [
                self.g_emp[g],
                self.row0_post + self.g_post[g],
                self.row0_t + t,
                self.row0_out + self.g_r[g],
                self.row0_in + self.t_s[t],
            ]
        )
        cols = np.tile(np.arange(n), 5)
        return sparse.csr_matrix((np.ones(5 * n), (rows, cols)), shape=(self.n_rows, n))

    def expand(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every column of the candidates ``g``: their type's targets outside their regency."""
        reps = self.tau_count[self.g_tau[g]]
        gg = np.repeat(g, reps)
        offs = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
        t = self.tau_start[self.g_tau[gg]] + offs
        ok = self.t_s[t] != self.g_r[gg]
        return gg[ok], t[ok]

    def price(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per candidate: the best reduced cost over its columns and the target that reaches it."""
        w = y[self.row0_t : self.row0_t + self.n_t] + y[self.row0_in + self.t_s]
        order = np.lexsort((w, self.t_tau))  # per type, cheapest first
        first = self.tau_start
        second = np.minimum(first + 1, first + self.tau_count - 1)
        t1 = order[np.minimum(first, len(order) - 1)][self.g_tau]
        t2 = order[np.minimum(second, len(order) - 1)][self.g_tau]
        has2 = self.tau_count[self.g_tau] >= 2
        best = np.where(self.t_s[t1] != self.g_r, t1, t2)
        valid = (self.t_s[t1] != self.g_r) | has2
        base = self.g_v - y[self.g_emp] - y[self.row0_post + self.g_post] - y[self.row0_out + self.g_r]
        d = np.where(valid, base - w[best], -np.inf)
        return d, best

    def reduced(self, y, g, t) -> np.ndarray:
        w = y[self.row0_t + t] + y[self.row0_in + self.t_s[t]]
        return self.g_v[g] - y[self.g_emp[g]] - y[self.row0_post + self.g_post[g]] - y[self.row0_out + self.g_r[g]] - w

    def start(self, out_cap: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The first columns: per regency the employees with the best candidates (START_PER_CAP x its outflow cap
        + 10), each with their START_TYPES best types, each into the regency with the most seats of the type."""
        frame = pd.DataFrame({"g": np.arange(len(self.g_v)), "e": self.g_emp, "r": self.g_r, "v": self.g_v})
        frame = frame.sort_values(["v", "g"], ascending=[False, True], kind="stable")
        best = frame.drop_duplicates("e")
        best = best[best.groupby("r").cumcount().to_numpy() < START_PER_CAP * out_cap[best["r"].to_numpy()] + 10]
        chosen = frame[np.isin(frame["e"].to_numpy(), best["e"].to_numpy())]
        g = np.sort(chosen[chosen.groupby("e").cumcount().to_numpy() < START_TYPES]["g"].to_numpy())
        # the most seats first: the seats are the prices' opposite (a y of 0 everywhere, then by capacity)
        return self._cheapest(g, -self.t_cap)

    def _cheapest(self, g: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per candidate of ``g``: its column into the target of least ``w`` outside its regency."""
        order = np.lexsort((w, self.t_tau))
        first = order[np.minimum(self.tau_start, len(order) - 1)][self.g_tau[g]]
        second = order[np.minimum(self.tau_start + 1, len(order) - 1)][self.g_tau[g]]
        t = np.where(self.t_s[first] != self.g_r[g], first, second)
        ok = (self.t_s[t] != self.g_r[g]) & (self.t_tau[t] == self.g_tau[g])
        return g[ok], t[ok]


def _binding(model: TypeModel, A: sparse.csr_matrix, g: np.ndarray) -> np.ndarray:
    """Rows that can bind: an employee row with two columns or more, any other row with more distinct employees
    than its bound (every column is 0/1 and one employee takes one column at most)."""
    A = A.tocoo()
    pairs = np.unique(A.row.astype(np.int64) * len(model.emp_ids) + model.g_emp[g][A.col])
    people = np.bincount(pairs // len(model.emp_ids), minlength=model.n_rows)
    binding = people > model.ub
    binding[: model.n_emp] = np.diff(A.tocsr().indptr)[: model.n_emp] > 1
    return binding


def solve_types(model: TypeModel, out_cap: np.ndarray, strategy: str = "lp_first") -> tuple[np.ndarray, SolverStats]:
    """The optimal columns (candidate, target) as an array of shape (k, 2), and the statistics."""
    t0 = time.perf_counter()
    n_g = len(model.g_v)
    if n_g == 0:
        return np.zeros((0, 2), dtype=np.int64), SolverStats("optimal", 0.0, 0.0, 0.0, 0, method="no candidate")
    g, t = model.start(out_cap)
    lp_seconds = 0.0
    while True:
        A = model.matrix(g, t)
        rows = _binding(model, A, g)
        t_lp = time.perf_counter()
        lp, y_rows = lp_relaxation(
            model.g_v[g], A[rows], np.full(rows.sum(), -np.inf), model.ub[rows], np.ones(len(g)), presolve=True
        )
        lp_seconds += time.perf_counter() - t_lp
        if lp.status != 0:
            raise RuntimeError(f"inter-regency LP failed: {lp.message}")
        y = np.zeros(model.n_rows)
        y[rows] = np.maximum(y_rows, 0.0)  # every row is "<=": y >= 0 keeps L(y) a bound
        d, best = model.price(y)
        # columns already in the model are priced too: the best target of a candidate may be in it
        in_model = pd.MultiIndex.from_arrays([g, t])
        new = np.flatnonzero(d > PRICE_TOL)
        if len(new):
            # the best column of each candidate priced positive, the most positive first; a candidate whose best
            # column is in the model already (at its bound) has its other columns checked
            ng, nt = new, best[new]
            fresh = ~pd.MultiIndex.from_arrays([ng, nt]).isin(in_model)
            again = new[~fresh]
            ng, nt = ng[fresh], nt[fresh]
            if len(again):
                ag, at = model.expand(again)
                more = (model.reduced(y, ag, at) > PRICE_TOL) & ~pd.MultiIndex.from_arrays([ag, at]).isin(in_model)
                ng, nt = np.concatenate([ng, ag[more]]), np.concatenate([nt, at[more]])
            if len(ng):
                top = np.argsort(-model.reduced(y, ng, nt), kind="stable")[:ADD_MAX]
                g, t = np.concatenate([g, ng[top]]), np.concatenate([t, nt[top]])
                continue
        break
    # the bound over every column: L(y) on the model's columns, plus every column outside it at most
    # min(max(0, its candidate's best reduced cost), PRICE_TOL) (the loop above left none with more)
    d_in = model.reduced(y, g, t)
    outside = model.g_other - np.bincount(g, minlength=n_g)
    L = float(y @ model.ub + np.maximum(d_in, 0).sum() + (outside * np.clip(d, 0, PRICE_TOL)).sum())
    cost = model.g_v[g]
    tol = 1e-7 * max(1.0, abs(L))
    grid = objective_grid(model.g_v)
    if grid is not None and grid < 8 * tol:
        grid = None
    U = math.floor((L + tol) / grid) * grid if grid else L
    x_lp = np.asarray(lp.x, float)
    x = np.rint(x_lp)
    if np.abs(x_lp - x).max() <= 1e-9 and np.all(A @ x <= model.ub + 1e-9) and cost @ x >= U - tol:
        method, milp_columns, status, gap = "lp_integral", 0, "optimal", 0.0
    else:
        sol = solve_model(cost, A[rows], np.full(rows.sum(), -np.inf), model.ub[rows], np.ones(len(g)), strategy)
        x, method, milp_columns, status, gap = np.rint(sol.x), sol.method, sol.n_milp_columns, sol.status, sol.mip_gap
        z = float(cost @ x)
        if status == "optimal" and z < U - tol:
            # better plans, if any, use only columns with d >= -(L - z - grid): add them all and solve again
            beta = L - (z + grid if grid else z) + tol
            ng, nt = model.expand(np.flatnonzero(d >= -beta))
            fresh = (model.reduced(y, ng, nt) >= -beta) & ~pd.MultiIndex.from_arrays([ng, nt]).isin(
                pd.MultiIndex.from_arrays([g, t])
            )
            g, t = np.concatenate([g, ng[fresh]]), np.concatenate([t, nt[fresh]])
            A = model.matrix(g, t)
            rows = _binding(model, A, g)
            cost = model.g_v[g]
            sol = solve_model(cost, A[rows], np.full(rows.sum(), -np.inf), model.ub[rows], np.ones(len(g)), strategy)
            x, method = np.rint(sol.x), f"{sol.method} after reduced-cost columns"
            milp_columns, status, gap = sol.n_milp_columns, sol.status, sol.mip_gap
        elif status == "optimal":
            U = z  # the bound over every column is reached
    on = x > 0.5
    objective = float(cost[on].sum())
    stats = SolverStats(
        status=status,
        objective=objective,
        mip_gap=gap,
        seconds=time.perf_counter() - t0,
        n_candidates=model.n_pairs,
        n_constraints=int(rows.sum()),
        method=method,
        bound=objective if status == "optimal" else U,
        lp_seconds=lp_seconds,
        n_model_columns=len(g),
        n_milp_columns=milp_columns,
    )
    return np.column_stack([g[on], t[on]]), stats


def assign_posts(
    chosen: np.ndarray, model: TypeModel, tau: np.ndarray, region_of: np.ndarray, gap_pos: np.ndarray, target_mask
) -> pd.DataFrame:
    """The chosen (candidate, target) columns as pair moves: the rows of ``model.cand`` with ``j`` the post that
    receives the person. The seats of each target (tau, s) are handed out in post order (each post up to its gap)
    to its people in candidate order, so the plan is the same for the same columns."""
    if len(chosen) == 0:
        return model.cand.iloc[0:0].copy()
    g, t = chosen[:, 0], chosen[:, 1]
    order = np.lexsort((g, t))
    g, t = g[order], t[order]
    targets = np.flatnonzero(target_mask)
    key = pd.MultiIndex.from_arrays([model.t_tau, model.t_s]).get_indexer(
        pd.MultiIndex.from_arrays([tau[targets], region_of[targets]])
    )
    seats = np.repeat(targets, gap_pos[targets])  # one entry per seat, posts in index order
    seat_t = np.repeat(key, gap_pos[targets])
    by_t = np.argsort(seat_t, kind="stable")
    seats, seat_t = seats[by_t], seat_t[by_t]
    start = np.searchsorted(seat_t, t)
    rank = np.arange(len(t)) - np.searchsorted(t, t)  # position of each person within its target
    at = start + rank
    if np.any(at >= len(seats)) or np.any(seat_t[np.minimum(at, len(seats) - 1)] != t):
        raise RuntimeError("inter-regency plan gives a target more people than seats")
    out = model.cand.iloc[g].reset_index(drop=True)
    out["j"] = seats[at].astype(out["j"].dtype)
    return out
