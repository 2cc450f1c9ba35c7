"""The exact optimisation: a 0/1 MILP over all candidate moves of one region snapshot, solved by
HiGHS through ``scipy.optimize.milp`` with a relative MIP gap of 0.

Two formulations of the same problem: ``solve_pairs`` (one column per candidate, below) and
``solve_aggregated`` (type nodes; the default, see further down and docs/recommendations.md).
Either model is solved by ``solve_model`` with one of two strategies: ``"milp"`` (HiGHS branch and
cut on the whole model) or ``"lp_first"`` (the default: LP relaxation, a MILP restricted to the
columns the LP uses, then an exact completion by reduced-cost fixing; see ``solve_lp_first``).

    maximise   sum_e value_e x_e
    subject to sum_{e of employee i} x_e <= 1                                 (one move per person)
               -surplus_p <= sum_{e into p} x_e - sum_{e out of p} x_e <= gap+_p   (every post p)
               sum_{e out of unit u, to another unit} x_e <= cap_u          (every unit u)
               sum_e x_e <= budget                                        (the move budget, when set)
               x_e in {0, 1}
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass

import highspy
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

#: HiGHS options: prove optimality (relative gap 0). HiGHS presolve is off: on these models it
#: spends seconds removing little, while the root LP is (nearly) integral already.
HIGHS_OPTIONS = {"disp": False, "mip_rel_gap": 0.0, "presolve": False}

STATUS = {0: "optimal", 1: "iteration_or_time_limit", 2: "infeasible", 3: "unbounded", 4: "other"}

#: ``strategy`` values of ``solve_model`` (and of ``plan``/``recommend``)
STRATEGIES = ("lp_first", "milp")

#: lp_first: seconds the heuristic MILP on the LP support may take (it only supplies an incumbent;
#: exactness never depends on it)
SUPPORT_MILP_SECONDS = 1.0
#: lp_first: relative numerical slack of the bound and reduced-cost tests (times max(1, |bound|):
#: 2.5e-4 at a bound of 2,500, where the objective grid of the project weights is 0.05)
FIX_TOL = 1e-7
#: a column is "in the LP support" when its LP value exceeds this
SUPPORT_TOL = 1e-9


@dataclass(frozen=True)
class SolverStats:
    status: str
    objective: float
    mip_gap: float
    seconds: float
    n_candidates: int
    n_rule_candidates: int = 0
    n_constraints: int = 0
    n_employees: int = 0
    n_positions: int = 0
    #: how optimality was established: "lp_integral" (the LP optimum is integral), "lp_restricted"
    #: (the MILP on the LP's columns reaches the LP bound), "reduced_cost_milp" (a MILP over the
    #: columns reduced-cost fixing leaves free settles it), "full_milp" (HiGHS on the whole model)
    method: str = ""
    #: proven upper bound on the objective (LP/Lagrangian bound, rounded down to the objective grid)
    bound: float = float("nan")
    #: seconds in the LP relaxation (lp_first)
    lp_seconds: float = 0.0
    #: columns of the model and of the last MILP solved
    n_model_columns: int = 0
    n_milp_columns: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


# ------------------------------------------------------------------------------ model solving
@dataclass(frozen=True)
class ModelSolution:
    """Result of ``solve_model`` on  max cost.x  s.t.  lb <= A x <= ub,  0 <= x <= col_ub,  x integer."""

    x: np.ndarray
    status: str
    objective: float
    bound: float
    mip_gap: float
    method: str
    lp_seconds: float = 0.0
    n_milp_columns: int = 0


def _relative_gap(objective: float, bound: float) -> float:
    if not math.isfinite(bound):
        return float("inf")
    return max(0.0, bound - objective) / max(abs(objective), 1e-9) if bound - objective > 1e-9 else 0.0


def _milp(cost, A, lb, ub, col_lb, col_ub, time_limit, presolve: bool = False, cut: float | None = None):
    """HiGHS MILP maximising cost.x (all columns integer); ``cut``: add the row cost.x >= cut."""
    constraints = [LinearConstraint(A, lb, ub)]
    if cut is not None:
        constraints.append(LinearConstraint(sparse.csr_matrix(np.asarray(cost, float).reshape(1, -1)), cut, np.inf))
    options = {**HIGHS_OPTIONS, "presolve": presolve}
    if time_limit is not None:
        options["time_limit"] = max(float(time_limit), 0.01)
    return milp(
        c=-np.asarray(cost, float),
        constraints=constraints,
        integrality=np.ones(len(cost)),
        bounds=Bounds(col_lb, col_ub),
        options=options,
    )


@dataclass(frozen=True)
class _Fixed:
    """Stands in for a MILP result when reduced-cost fixing leaves no free column."""

    x: np.ndarray
    status: int = 0


def _remaining(deadline: float | None) -> float | None:
    return None if deadline is None else deadline - time.perf_counter()


@dataclass(frozen=True)
class LPResult:
    """What the callers read of an LP relaxation: the fields of ``scipy.optimize.linprog``'s result they use."""

    status: int  # as linprog's: 0 optimal, 1 iteration or time limit, 2 infeasible, 3 unbounded, 4 other
    x: np.ndarray | None  # None unless optimal
    fun: float | None  # of the minimisation of -cost, as linprog's
    message: str


_LP_STATUS = {
    highspy.HighsModelStatus.kOptimal: 0,
    highspy.HighsModelStatus.kTimeLimit: 1,
    highspy.HighsModelStatus.kIterationLimit: 1,
    highspy.HighsModelStatus.kInfeasible: 2,
    highspy.HighsModelStatus.kUnbounded: 3,
    highspy.HighsModelStatus.kUnboundedOrInfeasible: 3,
}


def lp_relaxation(cost, A, lb, ub, col_ub, time_limit=None, presolve: bool = False):
    """LP relaxation by HiGHS' dual simplex. Returns (LPResult, y) where y are row multipliers in the
    maximisation sense (y_i > 0 prices the upper bound of row i, y_i < 0 its lower bound), so that
    d = cost - A^T y are the reduced costs. ``presolve``: HiGHS presolve (off by default, see HIGHS_OPTIONS; on
    for the column generation of interregency_model.py).

    The model is handed to HiGHS (highspy) exactly as ``scipy.optimize.linprog(method="highs-ds")`` builds it:
    minimise -cost, the "<=" rows (upper bounds, then negated lower bounds) above the equalities, the same
    options; with the same HiGHS (1.12.0, scipy 1.17's) the solution and the duals are the same to the bit
    (tests/recommend/test_solver_lp.py). What is saved is linprog's own work around the solve, mostly a Python
    loop over every column for bound marginals unused here: 0.40 -> 0.34 CPU-s for a 9,000-employee regency's
    LP (89,200 columns; province 32 bench warehouse, regency 3202, best of 3)."""
    A = sparse.csr_matrix(A)
    eq = np.isfinite(lb) & np.isfinite(ub) & (lb == ub)
    up = np.isfinite(ub) & ~eq
    lo = np.isfinite(lb) & ~eq
    A_ub = sparse.vstack([A[up], -A[lo]]).tocsr()
    b_ub = np.concatenate([ub[up], -lb[lo]])
    n_ub, n = A_ub.shape[0], len(cost)
    matrix = sparse.csc_array(sparse.vstack([A_ub, A[eq]]))
    model = highspy.HighsLp()
    model.num_col_ = n
    model.num_row_ = matrix.shape[0]
    model.col_cost_ = -np.asarray(cost, float)
    model.col_lower_ = np.zeros(n)
    model.col_upper_ = np.asarray(col_ub, float)
    model.row_lower_ = np.concatenate([np.full(n_ub, -np.inf), lb[eq]])
    model.row_upper_ = np.concatenate([b_ub, lb[eq]])
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.num_col_ = n
    model.a_matrix_.num_row_ = matrix.shape[0]
    model.a_matrix_.start_ = matrix.indptr
    model.a_matrix_.index_ = matrix.indices
    model.a_matrix_.value_ = matrix.data
    highs = highspy.Highs()
    for option, value in (
        ("output_flag", False),
        ("log_to_console", False),
        ("presolve", "on" if presolve else "off"),
        ("solver", "simplex"),
        ("simplex_strategy", 1),  # dual
    ):
        highs.setOptionValue(option, value)
    if time_limit is not None:
        highs.setOptionValue("time_limit", max(float(time_limit), 0.01))
    highs.passModel(model)
    highs.run()
    model_status = highs.getModelStatus()
    status = _LP_STATUS.get(model_status, 4)
    y = np.zeros(len(lb))
    if status != 0:
        message = highs.modelStatusToString(model_status)
        return LPResult(status, None, None, message), y
    solution = highs.getSolution()
    # -cost is minimised; the row duals are d(-objective)/d(rhs): <= 0 on "<=" rows
    row_dual = np.asarray(solution.row_dual)
    y[up] -= row_dual[: up.sum()]
    y[lo] += row_dual[up.sum() : n_ub]
    if eq.any():
        y[eq] = -row_dual[n_ub:]
    result = LPResult(
        0,
        np.asarray(solution.col_value),
        float(highs.getInfo().objective_function_value),
        highs.modelStatusToString(model_status),
    )
    return result, y


def lagrangian_bound(cost, A, lb, ub, col_ub, y):
    """Upper bound on cost.x over {lb <= A x <= ub, 0 <= x <= col_ub} for ANY multipliers y (valid
    whatever the accuracy of the LP), and the reduced costs d = cost - A^T y:

        cost.x = L(y) - sum_j pen_j(x) - sum_i pen_i(x),   every penalty >= 0,

    pen_j = d_j (col_ub_j - x_j) for d_j > 0, |d_j| x_j for d_j < 0; pen_i = y_i (ub_i - A_i x) for
    y_i > 0, |y_i| (A_i x - lb_i) for y_i < 0. Multipliers on an infinite side are dropped (0)."""
    y = np.where(((y > 0) & ~np.isfinite(ub)) | ((y < 0) & ~np.isfinite(lb)), 0.0, y)
    d = np.asarray(cost, float) - sparse.csr_matrix(A).T @ y
    row_term = np.where(
        y > 0, y * np.where(np.isfinite(ub), ub, 0.0), np.where(y < 0, y * np.where(np.isfinite(lb), lb, 0.0), 0.0)
    )
    return float(row_term.sum() + (np.maximum(d, 0.0) * col_ub).sum()), d, y


def objective_grid(cost, max_decimals: int = 6) -> float | None:
    """Largest g such that every cost is an integer multiple of g (so every integer plan's value is a
    multiple of g), found at up to ``max_decimals`` decimals; None when there is none."""
    cost = np.asarray(cost, float)
    cost = cost[cost != 0]
    if len(cost) == 0:
        return None
    for k in range(max_decimals + 1):
        scaled = cost * 10**k
        ints = np.rint(scaled)
        if np.all(np.abs(scaled - ints) <= 1e-9 * np.maximum(1.0, np.abs(cost)) * 10**k) and np.all(
            np.abs(ints) < 2**52
        ):
            g = int(np.gcd.reduce(np.abs(ints).astype(np.int64)))
            return g / 10**k if g > 0 else None
    return None


def solve_model(cost, A, lb, ub, col_ub, strategy: str = "lp_first", time_limit: float | None = None) -> ModelSolution:
    """Maximise cost.x over the integer points of {lb <= A x <= ub, 0 <= x <= col_ub} (A with integer
    entries, integer bounds). ``strategy``: "lp_first" (``solve_lp_first``) or "milp" (HiGHS on the
    whole model)."""
    if strategy == "lp_first":
        return solve_lp_first(cost, A, lb, ub, col_ub, time_limit)
    if strategy != "milp":
        raise ValueError(f"unknown strategy {strategy!r}; known: {STRATEGIES}")
    return _full_milp(cost, A, lb, ub, col_ub, time_limit)


def _full_milp(cost, A, lb, ub, col_ub, time_limit, lp_seconds: float = 0.0) -> ModelSolution:
    res = _milp(cost, A, lb, ub, np.zeros(len(cost)), col_ub, time_limit)
    if res.x is None:
        raise RuntimeError(f"MILP failed: status {res.status} ({res.message})")
    x = np.rint(res.x)
    objective = float(np.asarray(cost, float) @ x)
    gap = float(res.mip_gap) if getattr(res, "mip_gap", None) is not None else float("nan")
    bound = -float(res.mip_dual_bound) if getattr(res, "mip_dual_bound", None) is not None else float("nan")
    return ModelSolution(
        x, STATUS.get(res.status, str(res.status)), objective, bound, gap, "full_milp", lp_seconds, len(cost)
    )


def solve_lp_first(cost, A, lb, ub, col_ub, time_limit: float | None = None) -> ModelSolution:
    """Exact "LP first" strategy (docs/recommendations.md, "Solving"):

    1. LP relaxation (dual simplex); multipliers y give the bound L = L(y) (``lagrangian_bound``)
       and reduced costs d. With an objective grid g (all values multiples of g), the optimum is at
       most U = L rounded down to the grid. An integral LP optimum is optimal ("lp_integral").
    2. MILP on the columns the LP uses (a small model): incumbent ``inc``. inc >= U proves it optimal
       ("lp_restricted").
    3. Otherwise every plan better than inc has value >= T (T = inc + g, first tried T = U - g when
       that is higher), so its penalties (see ``lagrangian_bound``) sum to at most beta = L - T. Being
       integral, a column with |d_j| > beta sits at its LP-preferred bound and a row with
       |y_i| > beta at its priced bound; a MILP over the remaining free columns with cost.x >= T
       either finds the optimum or proves that none exists above inc ("reduced_cost_milp").
    Exactness rests only on L(y) being a valid bound for any y, not on the LP's accuracy."""
    t0 = time.perf_counter()
    deadline = None if time_limit is None else t0 + float(time_limit)
    cost = np.asarray(cost, float)
    A = sparse.csr_matrix(A)
    lb = np.asarray(lb, float)
    ub = np.asarray(ub, float)
    col_ub = np.asarray(col_ub, float)
    n = len(cost)
    if n == 0:
        return ModelSolution(np.zeros(0), "optimal", 0.0, 0.0, 0.0, "lp_integral")

    lp, y = lp_relaxation(cost, A, lb, ub, col_ub, _remaining(deadline))
    lp_seconds = time.perf_counter() - t0
    if lp.status != 0 or lp.x is None:  # the LP did not finish: let HiGHS do everything
        return _full_milp(cost, A, lb, ub, col_ub, _remaining(deadline), lp_seconds)
    L, d, y = lagrangian_bound(cost, A, lb, ub, col_ub, y)
    # tolerance for comparing sums of many costs (float rounding), far below one grid step
    tol = FIX_TOL * max(1.0, abs(L))
    g = objective_grid(cost)
    if g is not None and g < 8 * tol:
        g = None  # a grid finer than the rounding of the sums is of no use
    U = math.floor((L + tol) / g) * g if g else L

    def feasible(x) -> bool:
        ax = A @ x
        return bool(
            np.all(ax <= ub + 1e-9) and np.all(ax >= lb - 1e-9) and np.all(x >= -1e-9) and np.all(x <= col_ub + 1e-9)
        )

    def done(x, method, milp_columns, status="optimal", bound=None):
        objective = float(cost @ x)
        bound = objective if bound is None else bound
        return ModelSolution(
            x, status, objective, bound, _relative_gap(objective, bound), method, lp_seconds, milp_columns
        )

    x_lp = np.asarray(lp.x, float)
    x_round = np.rint(x_lp)
    if np.abs(x_lp - x_round).max() <= 1e-9 and feasible(x_round) and cost @ x_round >= U - tol:
        return done(x_round, "lp_integral", 0)

    # 2. restricted MILP on the LP support (dropping columns keeps x = 0 feasible for them)
    support = np.flatnonzero(x_lp > SUPPORT_TOL)
    x_inc = np.zeros(n)
    limit = SUPPORT_MILP_SECONDS if deadline is None else min(SUPPORT_MILP_SECONDS, _remaining(deadline))
    res = (
        _milp(cost[support], A[:, support], lb, ub, np.zeros(len(support)), col_ub[support], limit)
        if len(support)
        else None
    )
    if res is not None and res.x is not None:
        cand = np.zeros(n)
        cand[support] = np.rint(res.x)
        if feasible(cand) and cost @ cand > cost @ x_inc:
            x_inc = cand
    inc = float(cost @ x_inc)
    if inc >= U - tol:
        return done(x_inc, "lp_restricted", len(support))

    # 3. reduced-cost fixing + MILP with the objective cut
    targets = [inc + g, U - g] if g else [inc]
    T = max(targets)
    while True:
        beta = L - T + tol
        col_lo = np.zeros(n)
        col_hi = col_ub.copy()
        col_hi[d < -beta] = 0.0
        col_lo[d > beta] = col_ub[d > beta]
        row_lb = np.where(y > beta, ub, lb)  # a row priced beyond beta sits at its priced bound
        row_ub = np.where(y < -beta, lb, ub)
        free = col_hi > col_lo
        fixed_x = col_lo  # value of the non-free columns
        shift = A[:, ~free] @ fixed_x[~free]
        Af = A[:, free]
        keep_rows = np.diff(Af.indptr) > 0
        r_lb = (row_lb - shift)[keep_rows]
        r_ub = (row_ub - shift)[keep_rows]
        # rows without free columns must already hold
        dropped = ~keep_rows
        cut_rhs = T - float(cost[~free] @ fixed_x[~free]) - tol
        if np.any((shift[dropped] > row_ub[dropped] + 1e-9) | (shift[dropped] < row_lb[dropped] - 1e-9)):
            res = None  # infeasible
        elif not free.any():
            res = None if cut_rhs > 1e-9 else _Fixed(np.zeros(0))
        else:
            res = _milp(
                cost[free],
                Af[keep_rows],
                r_lb,
                r_ub,
                col_lo[free],
                col_hi[free],
                _remaining(deadline),
                presolve=True,
                cut=cut_rhs,
            )
        bound = U
        if res is not None and res.x is not None:
            x = fixed_x.copy()
            x[free] = np.rint(res.x)
            if not feasible(x):
                raise RuntimeError("reduced-cost MILP returned an infeasible plan")
            if cost @ x < inc:
                x = x_inc
            if res.status == 0:
                return done(x, "reduced_cost_milp", int(free.sum()))
            return done(x, "reduced_cost_milp", int(free.sum()), STATUS.get(res.status, str(res.status)), bound)
        if res is not None and res.status not in (0, 2):  # time limit without a solution
            return done(x_inc, "reduced_cost_milp", int(free.sum()), STATUS.get(res.status, str(res.status)), bound)
        # infeasible: nothing reaches T
        if not g:  # the incumbent itself satisfies every fixing: only numerical trouble gets here
            return _full_milp(cost, A, lb, ub, col_ub, _remaining(deadline), lp_seconds)
        if T > inc + g + tol:
            U = T - g  # the optimum is below T
            T = inc + g
            continue
        return done(x_inc, "reduced_cost_milp", int(free.sum()))


def build_model(
    c: pd.DataFrame,
    n_posts: int,
    unit_of_post: np.ndarray,
    unit_cap: np.ndarray,
    gap_pos: np.ndarray,
    surplus: np.ndarray,
    budget: int | None = None,
    inflow_cap: np.ndarray | None = None,
):
    """Sparse constraint matrix and bounds. Returns (A, lb, ub) with rows: employees, posts, units
    (only rows that can bind), the move budget (one row, when set) and, with ``inflow_cap`` (per unit, the
    province level), one row per unit bounding the cross-unit arrivals."""
    n = len(c)
    cols = np.arange(n)
    i = c["i"].to_numpy()
    j = c["j"].to_numpy()
    jf = c["j_from"].to_numpy()

    emp_ids, emp_row = np.unique(i, return_inverse=True)
    n_emp = len(emp_ids)

    posts = np.unique(np.concatenate([j, jf]))
    post_row = np.full(n_posts, -1)
    post_row[posts] = np.arange(len(posts)) + n_emp
    n_post_rows = len(posts)

    cross = c["cross_unit"].to_numpy()
    src_unit = unit_of_post[jf]
    # a unit row can only bind when more distinct employees could leave the unit than its cap
    leavers = pd.DataFrame({"u": src_unit[cross], "i": i[cross]}).drop_duplicates()
    n_leavers = (
        np.bincount(leavers["u"].to_numpy(), minlength=len(unit_cap)) if len(leavers) else np.zeros(len(unit_cap), int)
    )
    binding_units = np.flatnonzero(n_leavers > unit_cap)
    unit_row = np.full(len(unit_cap), -1)
    base = n_emp + n_post_rows
    unit_row[binding_units] = np.arange(len(binding_units)) + base
    n_rows = base + len(binding_units)

    rows = [emp_row, post_row[j], post_row[jf]]
    vals = [np.ones(n), np.ones(n), -np.ones(n)]
    colsl = [cols, cols, cols]
    in_cap = cross & (unit_row[src_unit] >= 0)
    rows.append(unit_row[src_unit][in_cap])
    vals.append(np.ones(in_cap.sum()))
    colsl.append(cols[in_cap])
    A = sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(colsl))), shape=(n_rows, n))
    lb = np.concatenate([np.full(n_emp, -np.inf), -surplus[posts].astype(float), np.full(len(binding_units), -np.inf)])
    ub = np.concatenate([np.ones(n_emp), gap_pos[posts].astype(float), unit_cap[binding_units].astype(float)])
    if inflow_cap is not None:
        inflow = sparse.csr_matrix(
            (np.ones(cross.sum()), (unit_of_post[j][cross], cols[cross])), shape=(len(inflow_cap), n)
        )
        A = sparse.vstack([A, inflow]).tocsr()
        lb = np.concatenate([lb, np.full(len(inflow_cap), -np.inf)])
        ub = np.concatenate([ub, np.asarray(inflow_cap, dtype=float)])
    return _with_budget(A, lb, ub, np.ones(n, dtype=bool), budget)


def _with_budget(A, lb, ub, is_move: np.ndarray, budget: int | None):
    """Add the move-budget row (sum of the columns that move someone <= budget) when it can bind."""
    if budget is None or int(is_move.sum()) <= int(budget):
        return A, lb, ub
    row = sparse.csr_matrix(is_move.astype(float).reshape(1, -1))
    return (
        sparse.vstack([A, row]).tocsr(),
        np.concatenate([lb, [-np.inf]]),
        np.concatenate([ub, [float(budget)]]),
    )


def solve_pairs(
    c: pd.DataFrame,
    n_posts: int,
    unit_of_post: np.ndarray,
    unit_cap: np.ndarray,
    gap_pos: np.ndarray,
    surplus: np.ndarray,
    time_limit: float | None = None,
    strategy: str = "milp",
    budget: int | None = None,
    inflow_cap: np.ndarray | None = None,
):
    """Solve the MILP; returns (chosen boolean array over c's rows, SolverStats)."""
    t0 = time.perf_counter()
    n = len(c)
    if n == 0:
        return np.zeros(0, dtype=bool), SolverStats(
            "optimal", 0.0, 0.0, time.perf_counter() - t0, 0, method="empty", bound=0.0
        )
    A, lb, ub = build_model(c, n_posts, unit_of_post, unit_cap, gap_pos, surplus, budget, inflow_cap)
    sol = solve_model(c["value"].to_numpy(float), A, lb, ub, np.ones(n), strategy, time_limit)
    chosen = sol.x > 0.5
    stats = SolverStats(
        status=sol.status,
        objective=float(c["value"].to_numpy()[chosen].sum()),
        mip_gap=sol.mip_gap,
        seconds=time.perf_counter() - t0,
        n_candidates=n,
        n_constraints=A.shape[0],
        method=sol.method,
        bound=sol.bound,
        lp_seconds=sol.lp_seconds,
        n_model_columns=n,
        n_milp_columns=sol.n_milp_columns,
    )
    return chosen, stats


# ------------------------------------------------------------------------ aggregated formulation
# The same MILP, written with far fewer columns. For an employee i and a post type tau (posts with
# identical rules-relevant attributes, see prepare.py), every post of that type outside i's unit is
# worth the same to i (apart from the preference bonus). Instead of one column per (i, post), i gets
# one column into a *type node*, and the node passes integer flow on to the posts of the type:
#
#   * plain node  T_tau           when i's unit has no post of the type;
#   * bit nodes   T_tau,b,beta    when it has (so i must not land in its own unit): units holding the
#     type are numbered 0..k-1; i enters node (b, 1 - bit_b(unit_i)) for each bit b, and a post of
#     unit v receives from node (b, bit_b(v)). A path exists exactly when the units differ.
#
# Within-unit moves, moves to preferred units (bonus) and every (i, type) group that is not complete
# (a post held in the last two years, etc.) stay explicit (i, post) columns. Each node has a flow
# conservation row. Any pairing of the employees entering a node with the posts it feeds is a valid
# plan with the same value, so an optimum of this model decomposes into an optimum of the pair model
# (tests check both give the same objective).


def _bits(n: int) -> int:
    return max(1, int(np.ceil(np.log2(n)))) if n > 1 else 0


def build_aggregated(
    c: pd.DataFrame,
    pos: pd.DataFrame,
    unit_cap: np.ndarray,
    w_pref: float,
    budget: int | None = None,
    inflow_cap: np.ndarray | None = None,
):
    """Returns (A, lb, ub, cost, integrality, col_ub, columns) where ``columns`` describes each column:
    kind (0 explicit pair, 1 employee->node, 2 node->post), row of c (kind 0), employee i, node, post.
    ``inflow_cap`` (per unit, the province level: units are regencies) adds one row per unit bounding the
    people arriving from other units: the cross-unit explicit pairs and the node -> post flows into it."""
    P = len(pos)
    tau = pos["tau"].to_numpy()
    u_of = pos["u"].to_numpy()
    gap_pos = pos["gap_pos"].to_numpy()
    surplus = pos["surplus"].to_numpy()
    n_units = len(unit_cap)
    n_tau = int(tau.max()) + 1 if P else 0

    i = c["i"].to_numpy()
    j = c["j"].to_numpy()
    jf = c["j_from"].to_numpy()
    value = c["value"].to_numpy(float)
    # pair-specific value (preferred unit, previous plan's move) keeps its pair an explicit column
    bonus = c["bonus"].to_numpy(float) if "bonus" in c else w_pref * c["preferred"].to_numpy(bool)
    pref = bonus > 0
    cross = c["cross_unit"].to_numpy(bool)
    kind_ok = (c["is_vacancy"] | c["is_rebalance"] | c["is_rotation"] | c["is_fit"]).to_numpy()
    base = value - bonus
    base_ok = kind_ok & (base > 1e-9)

    # receivers R: posts that can take someone (same criterion as prune())
    out_cnt = np.bincount(jf, minlength=P)
    recv = gap_pos + out_cnt > 0
    R = np.flatnonzero(recv)
    n_R_tau = np.bincount(tau[R], minlength=n_tau)
    ut_key = u_of[R].astype(np.int64) * n_tau + tau[R]
    ut_cnt = pd.Series(ut_key).value_counts()

    t_pair = tau[j]
    own_key = u_of[jf].astype(np.int64) * n_tau + t_pair
    own_cnt = ut_cnt.reindex(own_key).fillna(0).to_numpy().astype(np.int64)
    gkey = i.astype(np.int64) * n_tau + t_pair
    g_ids, g_inv = np.unique(gkey, return_inverse=True)
    n_cross_g = np.bincount(g_inv, weights=cross.astype(float)).astype(np.int64)
    g_first = np.zeros(len(g_ids), dtype=np.int64)
    g_first[g_inv[::-1]] = np.arange(len(c))[::-1]  # first row of each group
    g_base_ok = base_ok[g_first]
    g_tau = t_pair[g_first]
    g_own = own_cnt[g_first]
    g_i = i[g_first]
    g_p = jf[g_first]
    g_base = base[g_first]
    # size of the type's unit numbering, for the bit nodes
    units_of_tau = pd.DataFrame({"t": tau[R], "u": u_of[R]}).drop_duplicates().sort_values(["t", "u"])
    k_tau = np.bincount(units_of_tau["t"].to_numpy(), minlength=n_tau)
    B_tau = np.array([_bits(k) for k in k_tau], dtype=np.int64)
    g_plain = g_base_ok & (g_own == 0) & (n_cross_g == n_R_tau[g_tau]) & (n_cross_g >= 2)
    g_bit = g_base_ok & (g_own > 0) & (n_cross_g == n_R_tau[g_tau] - g_own) & (n_cross_g > B_tau[g_tau])
    aggregated = (g_plain | g_bit)[g_inv]
    explicit = ~aggregated | ~cross | pref
    ex_rows = np.flatnonzero(explicit)

    # unit numbering per type (for bits): rank of the unit among the type's receiver units
    ut_rank = pd.Series(
        units_of_tau.groupby("t").cumcount().to_numpy(),
        index=units_of_tau["u"].to_numpy().astype(np.int64) * n_tau + units_of_tau["t"].to_numpy(),
    )

    # nodes: plain node id = tau; bit node id = n_tau + (offset_tau + 2*b + beta)
    bit_off = np.concatenate([[0], np.cumsum(2 * B_tau)])[:-1]
    n_nodes = n_tau + int(2 * B_tau.sum())

    # employee -> node columns
    gp = np.flatnonzero(g_plain)
    gb = np.flatnonzero(g_bit)
    e_node = [g_tau[gp]]
    e_g = [gp]
    if len(gb):
        rep = B_tau[g_tau[gb]]
        gbr = np.repeat(gb, rep)
        b = np.arange(rep.sum()) - np.repeat(np.cumsum(rep) - rep, rep)
        rank_i = ut_rank.reindex(u_of[g_p[gbr]].astype(np.int64) * n_tau + g_tau[gbr]).to_numpy().astype(np.int64)
        beta = 1 - ((rank_i >> b) & 1)
        e_node.append(n_tau + bit_off[g_tau[gbr]] + 2 * b + beta)
        e_g.append(gbr)
    e_node = np.concatenate(e_node)
    e_g = np.concatenate(e_g)

    # node -> post columns, only for nodes somebody can enter
    used = np.zeros(n_nodes, dtype=bool)
    used[e_node] = True
    nq_node, nq_post = [], []
    plain_taus = np.flatnonzero(used[:n_tau])
    if len(plain_taus):
        m = np.isin(tau[R], plain_taus)
        nq_node.append(tau[R][m])
        nq_post.append(R[m])
    bit_taus = np.unique(g_tau[gb]) if len(gb) else np.zeros(0, dtype=np.int64)
    if len(bit_taus):
        Rb = R[np.isin(tau[R], bit_taus)]
        rep = B_tau[tau[Rb]]
        Rr = np.repeat(Rb, rep)
        b = np.arange(rep.sum()) - np.repeat(np.cumsum(rep) - rep, rep)
        rank_q = ut_rank.reindex(u_of[Rr].astype(np.int64) * n_tau + tau[Rr]).to_numpy().astype(np.int64)
        node = n_tau + bit_off[tau[Rr]] + 2 * b + ((rank_q >> b) & 1)
        keep = used[node]
        nq_node.append(node[keep])
        nq_post.append(Rr[keep])
    nq_node = np.concatenate(nq_node) if nq_node else np.zeros(0, dtype=np.int64)
    nq_post = np.concatenate(nq_post) if nq_post else np.zeros(0, dtype=np.int64)

    # --- rows
    emp_ids, emp_row = np.unique(np.concatenate([i[ex_rows], g_i[e_g]]), return_inverse=True)
    n_emp = len(emp_ids)
    emp_row_ex, emp_row_e = emp_row[: len(ex_rows)], emp_row[len(ex_rows) :]
    post_row0 = n_emp
    node_ids = np.unique(np.concatenate([e_node, nq_node]))
    node_row = np.full(n_nodes, -1)
    node_row[node_ids] = np.arange(len(node_ids)) + post_row0 + P
    unit_row0 = post_row0 + P + len(node_ids)
    n_rows = unit_row0 + n_units

    n_ex, n_e, n_nq = len(ex_rows), len(e_g), len(nq_node)
    n_cols = n_ex + n_e + n_nq
    ce = np.arange(n_ex)
    cg = n_ex + np.arange(n_e)
    cq = n_ex + n_e + np.arange(n_nq)
    ex_cross = cross[ex_rows]
    rows = [
        emp_row_ex,
        post_row0 + j[ex_rows],
        post_row0 + jf[ex_rows],
        unit_row0 + u_of[jf[ex_rows]][ex_cross],
        emp_row_e,
        post_row0 + g_p[e_g],
        node_row[e_node],
        unit_row0 + u_of[g_p[e_g]],
        node_row[nq_node],
        post_row0 + nq_post,
    ]
    cols = [ce, ce, ce, ce[ex_cross], cg, cg, cg, cg, cq, cq]
    vals = [
        np.ones(n_ex),
        np.ones(n_ex),
        -np.ones(n_ex),
        np.ones(ex_cross.sum()),
        np.ones(n_e),
        -np.ones(n_e),
        np.ones(n_e),
        np.ones(n_e),
        -np.ones(n_nq),
        np.ones(n_nq),
    ]
    A = sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n_rows, n_cols))
    lb = np.concatenate(
        [np.full(n_emp, -np.inf), -surplus.astype(float), np.zeros(len(node_ids)), np.full(n_units, -np.inf)]
    )
    ub = np.concatenate([np.ones(n_emp), gap_pos.astype(float), np.zeros(len(node_ids)), unit_cap.astype(float)])
    if inflow_cap is not None:
        rows_in = np.concatenate([u_of[j[ex_rows]][ex_cross], u_of[nq_post]])
        cols_in = np.concatenate([ce[ex_cross], cq])
        inflow = sparse.csr_matrix((np.ones(len(cols_in)), (rows_in, cols_in)), shape=(n_units, n_cols))
        A = sparse.vstack([A, inflow]).tocsr()
        lb = np.concatenate([lb, np.full(n_units, -np.inf)])
        ub = np.concatenate([ub, np.asarray(inflow_cap, dtype=float)])
    # drop rows without entries (posts and units nobody touches)
    nz = np.diff(A.indptr) > 0
    A, lb, ub = A[nz], lb[nz], ub[nz]
    leavers = np.bincount(np.concatenate([jf[ex_rows], g_p[e_g]]), minlength=P)
    cost = np.concatenate([value[ex_rows], g_base[e_g], np.zeros(n_nq)])
    col_ub = np.concatenate([np.ones(n_ex + n_e), (gap_pos + leavers)[nq_post].astype(float)])
    # the budget counts the columns that move an employee (explicit pairs and employee -> node)
    A, lb, ub = _with_budget(A, lb, ub, np.arange(n_cols) < n_ex + n_e, budget)
    columns = {
        "kind": np.concatenate([np.zeros(n_ex, int), np.ones(n_e, int), np.full(n_nq, 2)]),
        "row": np.concatenate([ex_rows, np.full(n_e + n_nq, -1)]),
        "i": np.concatenate([i[ex_rows], g_i[e_g], np.full(n_nq, -1)]),
        "node": np.concatenate([np.full(n_ex, -1), e_node, nq_node]),
        "post": np.concatenate([j[ex_rows], np.full(n_e, -1), nq_post]),
    }
    return A, lb, ub, cost, col_ub, columns


def decompose(x: np.ndarray, columns: dict, c: pd.DataFrame) -> np.ndarray:
    """Turn a solution of the aggregated model into chosen rows of ``c`` (boolean mask)."""
    on = np.rint(x).astype(np.int64)
    kind = columns["kind"]
    chosen = np.zeros(len(c), dtype=bool)
    ex = (kind == 0) & (on > 0)
    chosen[columns["row"][ex]] = True
    emp_in = (kind == 1) & (on > 0)
    flow = (kind == 2) & (on > 0)
    if emp_in.any():
        a = pd.DataFrame({"node": columns["node"][emp_in], "i": columns["i"][emp_in]}).sort_values(["node", "i"])
        reps = on[flow]
        b = pd.DataFrame(
            {"node": np.repeat(columns["node"][flow], reps), "j": np.repeat(columns["post"][flow], reps)}
        ).sort_values(["node", "j"])
        if len(a) != len(b) or not np.array_equal(a["node"].to_numpy(), b["node"].to_numpy()):
            raise RuntimeError("aggregated solution does not conserve flow at its nodes")
        pairs = pd.DataFrame({"i": a["i"].to_numpy(), "j": b["j"].to_numpy()})
        idx = pd.Series(np.arange(len(c)), index=pd.MultiIndex.from_arrays([c["i"], c["j"]]))
        rows = idx.reindex(pd.MultiIndex.from_frame(pairs)).to_numpy()
        if np.isnan(rows.astype(float)).any():
            raise RuntimeError("aggregated solution pairs an employee with a post that is not a candidate")
        chosen[rows.astype(np.int64)] = True
    return chosen


def solve_aggregated(
    c: pd.DataFrame,
    pos: pd.DataFrame,
    unit_cap: np.ndarray,
    w_pref: float,
    time_limit: float | None = None,
    strategy: str = "lp_first",
    budget: int | None = None,
    inflow_cap: np.ndarray | None = None,
):
    """Solve the aggregated model; returns (chosen mask over c, SolverStats)."""
    t0 = time.perf_counter()
    if len(c) == 0:
        return np.zeros(0, dtype=bool), SolverStats(
            "optimal", 0.0, 0.0, time.perf_counter() - t0, 0, method="empty", bound=0.0
        )
    A, lb, ub, cost, col_ub, columns = build_aggregated(c, pos, unit_cap, w_pref, budget, inflow_cap)
    sol = solve_model(cost, A, lb, ub, col_ub, strategy, time_limit)
    chosen = decompose(sol.x, columns, c)
    objective = float(c["value"].to_numpy()[chosen].sum())
    stats = SolverStats(
        status=sol.status,
        objective=objective,
        mip_gap=sol.mip_gap,
        seconds=time.perf_counter() - t0,
        n_candidates=len(c),
        n_constraints=A.shape[0],
        method=sol.method,
        bound=sol.bound,
        lp_seconds=sol.lp_seconds,
        n_model_columns=len(cost),
        n_milp_columns=sol.n_milp_columns,
    )
    if abs(objective - sol.objective) > 1e-6 * max(1.0, abs(objective)):
        raise RuntimeError(f"decomposed plan value {objective} differs from the model optimum {sol.objective}")
    return chosen, stats
