"""Vacancy shortlists: for every vacant or understaffed post, the qualified candidates who could legally
fill it, ranked, whether or not the plan picks them (the officer's "who could go there").

A candidate is a rule candidate of the optimiser (candidates.rule_candidates: eligible, willing or due for
rotation, lateral, minimum education, not the current post nor one held in the last two years): the same
hard rules as every recommended move. Ranked by (docs/recommendations.md, "Vacancy shortlists"):

1. job fit at the post, highest first (placement by competence);
2. due for rotation first (5 years or more in post: moving them is due anyway);
3. willing to move first;
4. leaving a post that is not short of staff first (a move that opens no new gap);
5. NIP (a stable order).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .fit import FACTOR_COLUMNS, recent_hours_of, training_needs
from .params import RecommendParams
from .prepare import pair_fit
from .report import fmt

SHORTLIST_COLUMNS = (
    "position_code",
    "unit_code",
    "staffing_gap",
    "candidate_rank",
    "nip",
    "name",
    "from_position_code",
    "from_unit_code",
    "job_fit_at_post",
    "job_fit_now",
    "is_due_for_rotation",
    "in_plan",
    "reasons",
    "training_needs",
)
_TEXT = {
    "position_code",
    "unit_code",
    "nip",
    "name",
    "from_position_code",
    "from_unit_code",
    "reasons",
    "training_needs",
}


def empty_shortlists() -> pd.DataFrame:
    kinds = {"in_plan": bool, "is_due_for_rotation": bool, "candidate_rank": "int64", "staffing_gap": "int64"}
    return pd.DataFrame({c: pd.Series(dtype=kinds.get(c, object if c in _TEXT else float)) for c in SHORTLIST_COLUMNS})


def _reasons(fit_after: float, fit_before: float, due: bool, unwilling: bool, source_short: bool) -> str:
    parts = [f"kecocokan kompetensi di jabatan ini {fmt(fit_after, 1)} (sekarang {fmt(fit_before, 1)})"]
    if due:
        parts.append("jatuh tempo rotasi")
    if unwilling:
        parts.append("menyatakan tidak bersedia dimutasi")
    if source_short:
        parts.append("jabatan asalnya sendiri kekurangan pegawai")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def build_shortlists(
    rule_c: pd.DataFrame,
    emp: pd.DataFrame,
    pos: pd.DataFrame,
    chosen: pd.DataFrame,
    params: RecommendParams,
    size: int,
) -> pd.DataFrame:
    """Top ``size`` legal candidates for every post with a staffing gap (vacant or understaffed)."""
    gap = pos["gap_pos"].to_numpy()
    if size <= 0 or len(rule_c) == 0 or not (gap > 0).any():
        return empty_shortlists()
    c = rule_c[gap[rule_c["j"].to_numpy()] > 0]
    if len(c) == 0:
        return empty_shortlists()
    i = c["i"].to_numpy()
    j = c["j"].to_numpy()
    jf = c["j_from"].to_numpy()
    fit_after = pair_fit(emp, pos, params, i, j)
    actual = {f: emp[FACTOR_COLUMNS[f][0]].to_numpy(float) for f in params.factors}
    target = {f: pos[FACTOR_COLUMNS[f][1]].to_numpy(float) for f in params.factors}
    fit_before = emp["fit_before"].to_numpy(float)[i]
    due = emp["due"].to_numpy(bool)[i]
    unwilling = emp["unwilling"].to_numpy(bool)[i]
    source_short = gap[jf] > 0
    # NIP order as the rank of each employee's NIP text (equal texts equal ranks): sorting the pairs' NIP strings
    # (astype(str) and lexsort) took 35 of the 65 ms of regency 3205's shortlists (py-spy, province 32, 2026-12-05)
    nip_rank = np.unique(emp["nip"].to_numpy().astype(str), return_inverse=True)[1].reshape(-1)
    order = np.lexsort((nip_rank[i], source_short, unwilling, ~due, -np.round(fit_after, 9), j))
    rank = np.empty(len(c), dtype=np.int64)
    sorted_j = j[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_j)) + 1]
    run = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    rank[order] = run + 1
    keep = np.flatnonzero(rank <= size)
    keep = keep[np.lexsort((rank[keep], j[keep]))]
    i, j, jf = i[keep], j[keep], jf[keep]
    planned = set(zip(chosen["i"].tolist(), chosen["j"].tolist())) if len(chosen) else set()
    actual_k = {f: a[i] for f, a in actual.items() if f in ("technical", "managerial", "sociocultural")}
    target_k = {f: t[j] for f, t in target.items() if f in ("technical", "managerial", "sociocultural")}
    needs = training_needs(
        actual_k,
        target_k,
        pos["job_family"].to_numpy()[j],
        params.training_catalogue,
        recent_hours_of(emp, i),
        params.training_need_lookback_years,
    )
    codes = pos["position_code"].to_numpy()
    units = pos["unit_code"].to_numpy()
    names = emp["name"].to_numpy() if "name" in emp else np.full(len(emp), None)
    out = pd.DataFrame(
        {
            "position_code": codes[j],
            "unit_code": units[j],
            "staffing_gap": gap[j].astype(np.int64),
            "candidate_rank": rank[keep],
            "nip": emp["nip"].to_numpy()[i],
            "name": names[i],
            "from_position_code": codes[jf],
            "from_unit_code": units[jf],
            "job_fit_at_post": fit_after[keep],
            "job_fit_now": fit_before[keep],
            "is_due_for_rotation": due[keep],
            "in_plan": [(a, b) in planned for a, b in zip(i.tolist(), j.tolist())],
            "reasons": [
                _reasons(fa, fb, d, u, s)
                for fa, fb, d, u, s in zip(
                    fit_after[keep], fit_before[keep], due[keep], unwilling[keep], source_short[keep]
                )
            ],
            "training_needs": needs,
        }
    )
    return out[list(SHORTLIST_COLUMNS)].reset_index(drop=True)
