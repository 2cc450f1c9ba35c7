"""Candidate moves, generated with merges (no Python loop over employee x post pairs).

Two stages:

* ``rule_candidates``: every (employee, post) pair allowed by the hard rules — eligible employee in a
  known post; willing, or due for rotation when they said they are not; target has the same
  position_type and the same job_family (or a related one) and, when both posts carry one and the
  parameter lateral_same_job_level is 1, the same job_level (jenjang); target's minimum education met
  (education rank >= minimum rank); with major_requirement_use = eligibility, the employee's major among
  the target's jurusan_syarat; not the current post; not a post held in the last two years; not a move
  the regency's decisions block (decisions.py).
  The greedy baseline chooses among these.
* ``scored candidates`` (``score_candidates``): the rule candidates with their value, kind flags and
  reason flags, kept only when they qualify as at least one kind of move (vacancy, rebalance,
  rotation, fit) and their value is positive. The optimiser chooses among these.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .params import RecommendParams
from .prepare import major_match, pair_fit, split_list

EPS = 1e-9


def sorted_member(keys: np.ndarray, of: np.ndarray) -> np.ndarray:
    """np.isin(keys, of) by binary search in the sorted ``of`` (a few thousand preferences against the
    270,000 pairs of regency 3205 of province 32 with one: np.isin sorts both, 21 -> 3.6 ms,
    2026-12-05)."""
    ref = np.unique(of)
    if len(ref) == 0:
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(ref, keys), len(ref) - 1)
    return ref[at] == keys


def _exploded_keys(emp: pd.DataFrame, column: str, index: pd.Index, base: int) -> np.ndarray:
    """int64 keys i * base + index_of(item) for every `;`-separated item of emp[column] found in
    ``index`` (used for history and preferred units)."""
    if column not in emp or len(emp) == 0:
        return np.zeros(0, dtype=np.int64)
    lists = emp[column].map(split_list)
    lengths = lists.map(len).to_numpy()
    if lengths.sum() == 0:
        return np.zeros(0, dtype=np.int64)
    items = np.concatenate([np.asarray(x, dtype=object) for x in lists if x])
    owners = np.repeat(emp["i"].to_numpy(), lengths)
    k = index.get_indexer(items)
    ok = k >= 0
    return owners[ok].astype(np.int64) * base + k[ok]


def lateral_class_pairs(pos: pd.DataFrame, params: RecommendParams) -> tuple[np.ndarray, pd.DataFrame]:
    """Lateral classes of posts and which class may move to which.

    A class is (position_type, job_family, job_level). Class a may move to class b when the types are
    equal, the families are equal or listed as related, and (when ``lateral_same_job_level`` is on)
    the levels are equal or one of them is unknown. Returns (class id per post, allowed pairs with
    columns from_cls, to_cls); posts without a type or family get class -1 and never move."""
    level = pos["job_level"] if "job_level" in pos else pd.Series(None, index=pos.index, dtype=object)
    keys = pd.DataFrame({"position_type": pos["position_type"], "job_family": pos["job_family"], "job_level": level})
    cls = keys.groupby(list(keys.columns), dropna=False, sort=True).ngroup().to_numpy()
    classes = keys.assign(cls=cls).drop_duplicates("cls")
    classes = classes[classes["position_type"].notna() & classes["job_family"].notna()]
    cls = np.where(keys["position_type"].notna() & keys["job_family"].notna(), cls, -1)
    a = classes.rename(columns=lambda c: f"{c}_a")
    b = classes.rename(columns=lambda c: f"{c}_b")
    pairs = a.merge(b, left_on="position_type_a", right_on="position_type_b")
    related = {t: params.family_pairs(t) for t in pd.unique(pairs["position_type_a"])}
    fam_ok = (pairs["job_family_a"] == pairs["job_family_b"]) | pd.Series(
        [
            (x, y) in related[t]
            for x, y, t in zip(pairs["job_family_a"], pairs["job_family_b"], pairs["position_type_a"])
        ],
        index=pairs.index,
        dtype=bool,
    )
    lvl_ok = pd.Series(True, index=pairs.index)
    if params.lateral_same_job_level:
        lvl_ok = (
            pairs["job_level_a"].isna() | pairs["job_level_b"].isna() | (pairs["job_level_a"] == pairs["job_level_b"])
        )
    pairs = pairs[fam_ok & lvl_ok]
    return cls, pd.DataFrame({"from_cls": pairs["cls_a"].to_numpy(), "to_cls": pairs["cls_b"].to_numpy()})


def rule_candidates(
    emp: pd.DataFrame, pos: pd.DataFrame, params: RecommendParams, target_mask: np.ndarray | None = None
) -> pd.DataFrame:
    """All (i, j) pairs allowed by the hard rules, with columns i, j, j_from (grouped by i). ``target_mask``
    (one bool per post) limits the targets before the pairs are expanded (the province level: only posts
    short of staff can receive)."""
    P = len(pos)
    cls, allowed = lateral_class_pairs(pos, params)
    tcls = cls if target_mask is None else np.where(np.asarray(target_mask, dtype=bool), cls, -1)
    e = emp[emp["eligible"] & (emp["j_from"] >= 0) & (~emp["unwilling"] | emp["due"])]
    ei = e["i"].to_numpy()
    ejf = e["j_from"].to_numpy()
    ok = cls[ejf] >= 0 if len(ejf) else np.zeros(0, dtype=bool)
    ee = pd.DataFrame({"i": ei[ok], "j_from": ejf[ok], "from_cls": cls[ejf[ok]]})
    et = ee.merge(allowed, on="from_cls")
    # expand each (employee, target class) to the posts of the class
    order = np.argsort(tcls, kind="stable")
    n_cls = int(cls.max()) + 1 if P else 0
    counts = np.bincount(tcls[tcls >= 0], minlength=n_cls)
    starts = np.searchsorted(tcls[order], np.arange(n_cls))
    to_cls = et["to_cls"].to_numpy()
    reps = counts[to_cls]
    total = int(reps.sum())
    offs = np.arange(total) - np.repeat(np.cumsum(reps) - reps, reps)
    j = order[np.repeat(starts[to_cls], reps) + offs]
    i = np.repeat(et["i"].to_numpy(), reps)
    jf = np.repeat(et["j_from"].to_numpy(), reps)
    keep = (j != jf) & (emp["edu_rank"].to_numpy()[i] >= pos["min_rank"].to_numpy()[j])
    i, j, jf = i[keep], j[keep], jf[keep]
    if params.major_requirement_use == "eligibility":
        keep = major_match(emp, pos, i, j)
        i, j, jf = i[keep], j[keep], jf[keep]
    codes = pd.Index(pos["position_code"])
    held = _exploded_keys(emp, "positions_held_last_2y", codes, P)
    # moves the regency rejected, postponed or that wait for a decision after an objection (decisions.py)
    held = np.concatenate([held, _exploded_keys(emp, "decision_blocked_positions", codes, P)])
    if len(held):
        keep = np.ones(len(i), dtype=bool)
        who = np.zeros(len(emp), dtype=bool)
        who[held // P] = True
        sub = np.flatnonzero(who[i])
        keep[sub] = ~np.isin(i[sub].astype(np.int64) * P + j[sub], held)
        i, j, jf = i[keep], j[keep], jf[keep]
    return pd.DataFrame({"i": i.astype(np.int32), "j": j.astype(np.int32), "j_from": jf.astype(np.int32)})


def move_value(params: RecommendParams, balance, fit_gain, due, preferred, unwilling, kept=0):
    """value_e of a move (docs/recommendations.md "Objective"); works on scalars and arrays."""
    return (
        params.weight_workload_balance * balance
        + params.weight_job_fit * fit_gain
        + params.weight_rotation_urgency * due
        + params.weight_preference * preferred
        + params.weight_keep_previous * kept
        - params.penalty_unwilling * unwilling
        - params.cost_per_move
    )


def score_candidates(
    c: pd.DataFrame, emp: pd.DataFrame, pos: pd.DataFrame, params: RecommendParams, keep_all: bool = True
) -> pd.DataFrame:
    """Fit, balance gain, flags, value and ``worthwhile`` for rule candidates.

    With ``keep_all=False`` only the rows anybody needs later are returned: worthwhile ones (for the
    optimiser) and surplus-post -> understaffed-post ones (for the greedy baseline)."""
    i = c["i"].to_numpy()
    j = c["j"].to_numpy()
    jf = c["j_from"].to_numpy()
    fit_after = pair_fit(emp, pos, params, i, j)
    fit_before = emp["fit_before"].to_numpy(float)[i]
    fit_gain = fit_after - fit_before
    sigma = pos["sigma"].to_numpy()
    # Balance gain: reduction of |required_headcount - staff| summed over all posts, which the
    # capacity constraints make exactly linear: sigma(target) - sigma(source).
    balance = sigma[j] - sigma[jf]
    due = emp["due"].to_numpy()[i]
    unwilling = emp["unwilling"].to_numpy()[i]
    units = pd.Index(pd.unique(pos["unit_code"]))
    pref = _exploded_keys(emp, "preferred_unit_codes", units, len(units))
    u = pos["u"].to_numpy()
    preferred = np.zeros(len(c), dtype=bool)
    if len(pref):
        who = np.zeros(len(emp), dtype=bool)
        who[pref // len(units)] = True
        sub = np.flatnonzero(who[i])
        preferred[sub] = sorted_member(i[sub].astype(np.int64) * len(units) + u[j[sub]], pref)
    gap_pos = pos["gap_pos"].to_numpy()
    is_vacancy = (pos["current_staff"].to_numpy()[j] == 0) & (gap_pos[j] > 0)
    is_fit = fit_gain >= params.min_fit_gain - EPS
    # the previous plan's move, only when it counts (weight_keep_previous > 0: then it is also a reason)
    kept = (
        (emp["prev_j"].to_numpy()[i] == j)
        if "prev_j" in emp and params.weight_keep_previous > 0
        else np.zeros(len(c), dtype=bool)
    )
    value = move_value(params, balance, fit_gain, due, preferred, unwilling, kept)
    good = (is_vacancy | (balance > 0) | due | is_fit) & (value > EPS)
    if not keep_all:
        keep = np.flatnonzero(good | ((gap_pos[j] > 0) & (pos["surplus"].to_numpy()[jf] > 0)))
        (
            i,
            j,
            jf,
            fit_before,
            fit_after,
            fit_gain,
            balance,
            due,
            unwilling,
            preferred,
            kept,
            is_vacancy,
            is_fit,
            value,
            good,
        ) = (
            a[keep]
            for a in (
                i,
                j,
                jf,
                fit_before,
                fit_after,
                fit_gain,
                balance,
                due,
                unwilling,
                preferred,
                kept,
                is_vacancy,
                is_fit,
                value,
                good,
            )
        )
    return pd.DataFrame(
        {
            "i": i,
            "j": j,
            "j_from": jf,
            "fit_before": fit_before,
            "fit_after": fit_after,
            "fit_gain": fit_gain,
            "balance_gain": balance,
            "due": due,
            "unwilling": unwilling,
            "preferred": preferred,
            "kept": kept,
            # the pair-specific part of the value (never shared by the posts of one type, solver.py)
            "bonus": params.weight_preference * preferred + params.weight_keep_previous * kept,
            "cross_unit": u[j] != u[jf],
            "is_vacancy": is_vacancy,
            "is_rebalance": (balance > 0) & ~is_vacancy,
            "is_rotation": due,
            "is_fit": is_fit,
            "value": value,
            "worthwhile": good,
        }
    )


def worthwhile(c: pd.DataFrame) -> pd.Series:
    """Qualifies as at least one kind of move and has positive value."""
    kind = c["is_vacancy"] | c["is_rebalance"] | c["is_rotation"] | c["is_fit"]
    return kind & (c["value"] > EPS)


def prune(c: pd.DataFrame, pos: pd.DataFrame, unit_cap: np.ndarray) -> pd.DataFrame:
    """Drop candidates that are 0 in every feasible plan (exact, repeated until stable):
    a move into a post that can receive nobody (no positive gap and no candidate leaving it), a move
    out of a post that can release nobody (no surplus and no candidate entering it), a move out of a
    unit whose outflow cap is 0."""
    P = len(pos)
    gap_pos = pos["gap_pos"].to_numpy()
    surplus = pos["surplus"].to_numpy()
    u = pos["u"].to_numpy()
    keep = ~(c["cross_unit"].to_numpy() & (unit_cap[u[c["j_from"].to_numpy()]] == 0))
    j = c["j"].to_numpy()
    jf = c["j_from"].to_numpy()
    while True:
        out_cnt = np.bincount(jf[keep], minlength=P)
        in_cnt = np.bincount(j[keep], minlength=P)
        new = keep & (gap_pos[j] + out_cnt[j] > 0) & (surplus[jf] + in_cnt[jf] > 0)
        if new.sum() == keep.sum():
            break
        keep = new
    return c[keep].reset_index(drop=True)
