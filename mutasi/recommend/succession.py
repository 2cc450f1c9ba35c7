"""Succession and promotion candidates for key posts (JPT, administrator, pengawas) that are vacant or
whose holder reaches retirement age within the horizon (parameter ``succession_horizon_years``, 3).

These are shortlists for selection (seleksi terbuka / Baperjakat), never automatic promotions. For each
key post, candidates **one level below** (JPT <- administrator, administrator <- pengawas, pengawas <-
pelaksana or fungsional), PNS, without a medium or heavy sanction, meeting the post's minimum education
(and its jurusan_syarat when major_requirement_use = eligibility), who would still serve at least two
years after the post opens. Ranked by (docs/recommendations.md, "Succession candidates"):

1. talent box, in the order of the follow-up of PermenPANRB 3/2020: box 9 ("dipromosikan / rencana
   suksesi"), then 8 and 7 ("dipertahankan, rotasi/pengayaan"), then 6, 5, 4 (develop first); boxes 1-3
   are not listed;
2. the same job family as the post first;
3. job fit at the post (profile matching), highest first;
4. NIP.

Readiness: "siap sekarang" for boxes 7-9 whose three competencies are assessed and none is more than
``succession_ready_max_gap`` (0) levels below the post's target, otherwise "1-2 tahun"; the competency
gaps to close are named (e.g. "manajerial 3 -> 4").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .fit import FACTOR_COLUMNS, FACTOR_NAMES_ID
from .params import RecommendParams
from .prepare import major_match, pair_fit

KEY_POST_TYPES = ("JPT", "administrator", "pengawas")
LEVEL_BELOW = {"JPT": ("administrator",), "administrator": ("pengawas",), "pengawas": ("pelaksana", "fungsional")}
#: talent box -> priority (1 first); boxes not listed are not candidates
BOX_PRIORITY = {9: 1, 8: 2, 7: 3, 6: 4, 5: 5, 4: 6}
READY_BOXES = (7, 8, 9)
MIN_YEARS_AFTER_OPENING = 2.0
FACTOR_NAMES = FACTOR_NAMES_ID

SUCCESSION_COLUMNS = (
    "position_code",
    "unit_code",
    "position_type",
    "opening_reason",
    "holder_nip",
    "holder_retirement_date",
    "candidate_rank",
    "nip",
    "name",
    "from_position_code",
    "from_position_type",
    "talent_box",
    "job_fit_at_post",
    "readiness",
    "gaps_to_close",
    "years_to_retirement",
)
_TEXT = {
    "position_code",
    "unit_code",
    "position_type",
    "opening_reason",
    "holder_nip",
    "nip",
    "name",
    "from_position_code",
    "from_position_type",
    "readiness",
    "gaps_to_close",
}
#: the columns of a list row that describe the key post (the rest describe the candidate)
_POST_COLUMNS = (
    "position_code",
    "unit_code",
    "position_type",
    "opening_reason",
    "holder_nip",
    "holder_retirement_date",
)
REQUIRED = ("talent_box", "years_to_retirement", "employment_status")


def empty_succession() -> pd.DataFrame:
    kinds = {"candidate_rank": "int64", "holder_retirement_date": "datetime64[ns]"}
    return pd.DataFrame({c: pd.Series(dtype=kinds.get(c, object if c in _TEXT else float)) for c in SUCCESSION_COLUMNS})


def _key_posts(pos: pd.DataFrame, emp: pd.DataFrame, horizon: float) -> pd.DataFrame:
    """Key posts that open within the horizon: vacant ones, and those whose (earliest retiring) holder
    retires within it."""
    key = pos[pos["position_type"].isin(KEY_POST_TYPES)][
        ["j", "position_code", "unit_code", "position_type", "job_family"]
    ]
    holders = emp[emp["j_from"] >= 0].sort_values(["years_to_retirement", "nip"])
    first = holders.drop_duplicates("j_from").set_index("j_from")
    key = key.assign(
        holder_nip=first["nip"].reindex(key["j"]).astype(object).where(lambda v: v.notna(), None).to_numpy(),
        holder_years=first["years_to_retirement"].reindex(key["j"]).to_numpy(float),
        holder_retirement_date=pd.to_datetime(first["retirement_date"].reindex(key["j"]).to_numpy())
        if "retirement_date" in first
        else pd.NaT,
    )
    vacant = pd.isna(key["holder_nip"]).to_numpy()
    retiring = ~vacant & (key["holder_years"].to_numpy() <= horizon)
    key = key[vacant | retiring].copy()
    key["opening_reason"] = np.where(vacant[vacant | retiring], "kosong", "pensiun")
    key["opens_in_years"] = np.where(vacant[vacant | retiring], 0.0, np.maximum(key["holder_years"].to_numpy(), 0.0))
    return key


def build_succession(
    emp: pd.DataFrame, pos: pd.DataFrame, params: RecommendParams, size: int, list_unfilled: bool = False
) -> pd.DataFrame:
    """The succession lists (module docstring). ``list_unfilled``: a key post opening with no candidate gets
    one row without one (candidate columns null), so that a coverage can count it (the provincial pool)."""
    if size <= 0 or not set(REQUIRED) <= set(emp.columns) or len(emp) == 0:
        return empty_succession()
    emp = emp.copy(deep=False)  # one column replaced (a deep copy merges blocks: prepare.fresh_frame)
    emp["years_to_retirement"] = pd.to_numeric(emp["years_to_retirement"], errors="coerce")
    horizon = float(params.succession_horizon_years)
    key = _key_posts(pos, emp, horizon)
    if len(key) == 0:
        return empty_succession()
    box = pd.to_numeric(emp["talent_box"], errors="coerce").to_numpy()
    sanction = emp["worst_sanction_level"].fillna("").astype(str).to_numpy() if "worst_sanction_level" in emp else None
    ptype_of = np.where(
        emp["j_from"].to_numpy() >= 0, pos["position_type"].to_numpy()[np.maximum(emp["j_from"], 0)], None
    )
    family_of = np.where(
        emp["j_from"].to_numpy() >= 0, pos["job_family"].to_numpy()[np.maximum(emp["j_from"], 0)], None
    )
    pool = (
        (emp["employment_status"].astype(str).to_numpy() == "PNS")
        & np.isin(box, list(BOX_PRIORITY))
        & (emp["j_from"].to_numpy() >= 0)
    )
    if sanction is not None:
        pool &= ~np.isin(sanction, ["sedang", "berat"])
    actual = {f: emp[FACTOR_COLUMNS[f][0]].to_numpy(float) for f in params.factors}
    target = {f: pos[FACTOR_COLUMNS[f][1]].to_numpy(float) for f in params.factors}
    priority_of = np.array([BOX_PRIORITY.get(int(b), 0) if not np.isnan(b) else 0 for b in box])
    years = emp["years_to_retirement"].to_numpy(float)
    edu_rank = emp["edu_rank"].to_numpy()
    min_rank = pos["min_rank"].to_numpy()
    nip_text = emp["nip"].to_numpy().astype(str)
    # the candidates of each key type, split by priority (talent box), in priority order: the ranking sorts on
    # (priority, same family first, fit, NIP), so a post's top `size` lie in the first (priority, family)
    # groups that hold `size` candidates; fit is computed for those groups only (a province has thousands of
    # key posts and hundreds of thousands of employees)
    groups: dict[str, list[np.ndarray]] = {}
    for post_type, below in LEVEL_BELOW.items():
        base = np.flatnonzero(pool & np.isin(ptype_of, below))
        base = base[np.argsort(priority_of[base], kind="stable")]
        cuts = np.flatnonzero(np.diff(priority_of[base])) + 1
        groups[post_type] = [g for g in np.split(base, cuts) if len(g)]
    columns: dict[str, list] = {c: [] for c in SUCCESSION_COLUMNS}
    for post in key.itertuples(index=False):

        def allowed(part: np.ndarray, post=post) -> np.ndarray:
            part = part[
                (years[part] >= post.opens_in_years + MIN_YEARS_AFTER_OPENING) & (edu_rank[part] >= min_rank[post.j])
            ]
            if params.major_requirement_use == "eligibility" and len(part):
                part = part[major_match(emp, pos, part, np.full(len(part), post.j))]
            return part

        chosen_parts, count = [], 0
        for group in groups[post.position_type]:
            same = family_of[group] == post.job_family
            for part in (group[same], group[~same]):
                part = allowed(part)
                if len(part):
                    chosen_parts.append(part)
                    count += len(part)
                if count >= size:
                    break
            if count >= size:
                break
        if count == 0:
            if list_unfilled:
                for column in SUCCESSION_COLUMNS:
                    value = getattr(post, column) if column in _POST_COLUMNS else None
                    columns[column].append(np.array([value], dtype=object))
            continue
        cand = np.concatenate(chosen_parts)
        j = np.full(len(cand), post.j)
        fit = pair_fit(emp, pos, params, cand, j)
        same_family = family_of[cand] == post.job_family
        order = np.lexsort((nip_text[cand], -np.round(fit, 9), ~same_family, priority_of[cand]))[:size]
        k = cand[order]
        fit_k = fit[order]
        # ready now: box 7-9, every competency assessed and at most succession_ready_max_gap levels below
        # the post's target (a fit score alone hides a missing level behind surpluses elsewhere)
        shortfall = np.zeros(len(k))
        for f in ("technical", "managerial", "sociocultural"):
            if f not in actual:
                continue
            a, t = actual[f][k], target[f][post.j]
            below = np.zeros(len(k)) if np.isnan(t) else t - np.nan_to_num(a)
            shortfall = np.where(np.isnan(a), np.inf, np.maximum(shortfall, below))
        ready = np.isin(box[k], READY_BOXES) & (shortfall <= params.succession_ready_max_gap + 1e-9)
        gaps = []
        for idx in k:
            named = [
                f"{FACTOR_NAMES[f]} {int(actual[f][idx])} -> {int(target[f][post.j])}"
                for f in ("technical", "managerial", "sociocultural")
                if f in actual
                and not np.isnan(actual[f][idx])
                and not np.isnan(target[f][post.j])
                and actual[f][idx] < target[f][post.j]
            ]
            gaps.append("; ".join(named))
        n = len(k)
        for column, value in (
            ("position_code", [post.position_code] * n),
            ("unit_code", [post.unit_code] * n),
            ("position_type", [post.position_type] * n),
            ("opening_reason", [post.opening_reason] * n),
            ("holder_nip", [post.holder_nip] * n),
            ("holder_retirement_date", [post.holder_retirement_date] * n),
            ("candidate_rank", np.arange(1, n + 1, dtype=np.int64)),
            ("nip", emp["nip"].to_numpy()[k]),
            ("name", emp["name"].to_numpy()[k] if "name" in emp else [None] * n),
            ("from_position_code", pos["position_code"].to_numpy()[emp["j_from"].to_numpy()[k]]),
            ("from_position_type", ptype_of[k]),
            ("talent_box", box[k]),
            ("job_fit_at_post", fit_k),
            ("readiness", np.where(ready, "siap sekarang", "1-2 tahun")),
            ("gaps_to_close", gaps),
            ("years_to_retirement", years[k]),
        ):
            columns[column].append(np.asarray(value, dtype=object) if column in _TEXT else np.asarray(value))
    if not columns["nip"]:
        return empty_succession()
    out = pd.DataFrame({c: np.concatenate(v) for c, v in columns.items()})
    out["candidate_rank"] = out["candidate_rank"].astype("Int64" if list_unfilled else np.int64)
    out["holder_retirement_date"] = pd.to_datetime(out["holder_retirement_date"]).astype(
        key["holder_retirement_date"].dtype if key["holder_retirement_date"].dtype.kind == "M" else "datetime64[ns]"
    )
    for c in ("talent_box", "job_fit_at_post", "years_to_retirement"):
        out[c] = pd.to_numeric(out[c])
    return out[list(SUCCESSION_COLUMNS)]
