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

from .fit import FACTOR_COLUMNS, FACTOR_NAMES_ID, fit_scores
from .params import RecommendParams
from .prepare import MajorTable

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
    # the holders of key posts only, and only the columns read: sorting the whole employee frame merged its
    # blocks first (357 of the 1,540 py-spy samples of province 32's talent pool, 2026-12-05); the first holder
    # of each key post is the same
    columns = ["j_from", "nip", "years_to_retirement"] + (["retirement_date"] if "retirement_date" in emp else [])
    held = emp["j_from"].to_numpy()
    holders = emp.loc[(held >= 0) & np.isin(held, key["j"].to_numpy()), columns]
    holders = holders.sort_values(["years_to_retirement", "nip"])
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


def _equality_codes(*arrays: np.ndarray) -> list[np.ndarray]:
    """Integer codes of object values, one per array, that compare as the values do under ``==``: equal values
    share a code (None equals None), and a value unequal to itself (NaN) gets -1 and equals nothing."""
    values = np.concatenate([np.asarray(a, dtype=object) for a in arrays])
    codes, uniques = pd.factorize(values)  # None and NaN both -1 here; None gets its own code below
    is_none = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
    codes = np.where(is_none, len(uniques), codes)
    return np.split(codes, np.cumsum([len(a) for a in arrays])[:-1])


def _column(values: np.ndarray, filled: np.ndarray, text: bool) -> np.ndarray:
    """A list column as the per-post concatenation made it: the values' own dtype (object for text) when every
    row has a candidate, else an object array with None in the rows without one."""
    if filled.all():
        return np.asarray(values, dtype=object) if text else np.asarray(values)
    out = np.full(len(filled), None, dtype=object)
    out[filled] = values
    return out


def build_succession(
    emp: pd.DataFrame, pos: pd.DataFrame, params: RecommendParams, size: int, list_unfilled: bool = False
) -> pd.DataFrame:
    """The succession lists (module docstring). ``list_unfilled``: a key post opening with no candidate gets
    one row without one (candidate columns null), so that a coverage can count it (the provincial pool).

    Per key post only the choice of candidates; their fit and rank within a group is computed once per fit
    profile of the posts, and the list rows once for all posts (province 32's talent pool, 4,635 key posts over
    241,115 employees, 2026-12-05: build_succession 5.1 -> 0.45 CPU-s, the pool 6.2 -> 1.4, median of 3).
    tests/recommend/test_succession_reference.py holds it to the per-post version it replaced."""
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
    j_from = emp["j_from"].to_numpy()
    ptype_of = np.where(j_from >= 0, pos["position_type"].to_numpy()[np.maximum(j_from, 0)], None)
    family_of = np.where(j_from >= 0, pos["job_family"].to_numpy()[np.maximum(j_from, 0)], None)
    pool = (emp["employment_status"].astype(str).to_numpy() == "PNS") & np.isin(box, list(BOX_PRIORITY)) & (j_from >= 0)
    if sanction is not None:
        pool &= ~np.isin(sanction, ["sedang", "berat"])
    actual = {f: emp[FACTOR_COLUMNS[f][0]].to_numpy(float) for f in params.factors}
    target = {f: pos[FACTOR_COLUMNS[f][1]].to_numpy(float) for f in params.factors}
    # BOX_PRIORITY.get(int(b), 0) per employee, NaN -> 0 (int() truncates)
    whole = np.trunc(np.asarray(box, dtype=float))
    priority_of = np.zeros(len(box), dtype=np.int64)
    for b, rank in BOX_PRIORITY.items():
        priority_of[whole == b] = rank
    years = emp["years_to_retirement"].to_numpy(float)
    edu_rank = emp["edu_rank"].to_numpy()
    min_rank = pos["min_rank"].to_numpy()
    # the NIPs of the pool (every candidate is in it) as ranks: the order of their texts, cheaper to sort on
    nip_rank = np.zeros(len(emp), dtype=np.int64)
    nip_rank[pool] = np.unique(emp["nip"].to_numpy()[pool].astype(str), return_inverse=True)[1].reshape(-1)
    post_j = key["j"].to_numpy(np.int64)
    post_type = key["position_type"].to_numpy()
    family_code, post_family = _equality_codes(family_of, key["job_family"].to_numpy())
    needed_years = key["opens_in_years"].to_numpy() + MIN_YEARS_AFTER_OPENING
    majors = MajorTable.of(emp, pos)  # coded once for every key post (per post: 340 of 1,540 py-spy samples)
    eligibility = params.major_requirement_use == "eligibility"
    shift = None  # prepare.education_shift, from the coded majors
    if params.major_requirement_use == "fit" and params.major_mismatch_gap != 0 and "majors_key" in pos:
        shift = int(round(params.major_mismatch_gap))
    # the candidates of each key type, split by priority (talent box), in priority order: the ranking sorts on
    # (priority, same family first, fit, NIP), so a post's top `size` lie in the first (priority, family)
    # groups that hold `size` candidates; fit is computed for those groups only (a province has thousands of
    # key posts and hundreds of thousands of employees)
    groups: dict[str, list[np.ndarray]] = {}
    for ptype, below in LEVEL_BELOW.items():
        base = np.flatnonzero(pool & np.isin(ptype_of, below))
        base = base[np.argsort(priority_of[base], kind="stable")]
        cuts = np.flatnonzero(np.diff(priority_of[base])) + 1
        groups[ptype] = [g for g in np.split(base, cuts) if len(g)]
    # a group split into (same family, other families) once per family, not per post
    halves: dict[tuple[str, int, int], tuple[np.ndarray, np.ndarray]] = {}

    def split(ptype: str, g: int, family: int) -> tuple[np.ndarray, np.ndarray]:
        got = halves.get((ptype, g, family))
        if got is None:
            group = groups[ptype][g]
            same = family_code[group] == family if family >= 0 else np.zeros(len(group), dtype=bool)
            got = halves[(ptype, g, family)] = (group[same], group[~same])
        return got

    # a half ranked once per fit profile of the posts, as the list ranks within it: fit highest first (rounded),
    # then NIP. A post's list is the first `size` of its halves so ranked, filtered, in (priority, same family
    # first) order, which is the order of the whole ranking. Province 32's 4,635 key posts have 487 profiles.
    keys = pos["majors_key"].to_numpy() if "majors_key" in pos else np.full(len(pos), "")
    ranked_halves: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}

    def ranked(ptype: str, g: int, family: int, h: int, j: int) -> tuple[np.ndarray, np.ndarray]:
        profile = tuple(None if np.isnan(target[f][j]) else float(target[f][j]) for f in target)
        got = ranked_halves.get((ptype, g, family, h, profile, keys[j]))
        if got is None:
            half = split(ptype, g, family)[h]
            shifts = None if shift is None else np.where(majors.match(half, j), 0, shift)
            fit = fit_scores(actual, target, params, half, np.full(len(half), j), shifts)
            order = np.lexsort((nip_rank[half], -np.round(fit, 9)))
            got = ranked_halves[(ptype, g, family, h, profile, keys[j])] = (half[order], fit[order])
        return got

    row_post, row_k, row_fit, row_rank = [], [], [], []
    for p in range(len(key)):
        j, family = int(post_j[p]), int(post_family[p])
        chosen, fits, count = [], [], 0
        for g in range(len(groups[post_type[p]])):
            for h in (0, 1):
                if not len(split(post_type[p], g, family)[h]):
                    continue
                part, fit = ranked(post_type[p], g, family, h, j)
                keep = (years[part] >= needed_years[p]) & (edu_rank[part] >= min_rank[j])
                part, fit = part[keep], fit[keep]
                if eligibility and len(part):
                    keep = majors.match(part, j)
                    part, fit = part[keep], fit[keep]
                if len(part):
                    chosen.append(part)
                    fits.append(fit)
                    count += len(part)
                if count >= size:
                    break
            if count >= size:
                break
        if count == 0:
            if list_unfilled:
                row_post.append(np.array([p]))
                row_k.append(np.array([-1]))
                row_fit.append(np.array([np.nan]))
                row_rank.append(np.array([0]))
            continue
        k = np.concatenate(chosen)[:size]
        row_post.append(np.full(len(k), p))
        row_k.append(k)
        row_fit.append(np.concatenate(fits)[:size])
        row_rank.append(np.arange(1, len(k) + 1, dtype=np.int64))
    if not row_post:
        return empty_succession()
    post_row = np.concatenate(row_post)
    k_all = np.concatenate(row_k)
    filled = k_all >= 0
    k = k_all[filled]
    jk = post_j[post_row[filled]]
    # ready now: box 7-9, every competency assessed and at most succession_ready_max_gap levels below
    # the post's target (a fit score alone hides a missing level behind surpluses elsewhere)
    shortfall = np.zeros(len(k))
    gap_parts = []
    for f in ("technical", "managerial", "sociocultural"):
        if f not in actual:
            continue
        a, t = actual[f][k], target[f][jk]
        below = np.where(np.isnan(t), 0.0, t - np.nan_to_num(a))
        shortfall = np.where(np.isnan(a), np.inf, np.maximum(shortfall, below))
        named = np.full(len(k), None, dtype=object)
        short = ~np.isnan(a) & ~np.isnan(t) & (a < t)
        named[short] = [f"{FACTOR_NAMES[f]} {int(x)} -> {int(y)}" for x, y in zip(a[short], t[short])]
        gap_parts.append(named)
    ready = np.isin(box[k], READY_BOXES) & (shortfall <= params.succession_ready_max_gap + 1e-9)
    gaps = np.empty(len(k), dtype=object)
    gaps[:] = ["; ".join(x for x in row if x is not None) for row in zip(*gap_parts)] if gap_parts else ""
    columns = {
        c: key[c].to_numpy(dtype=object)[post_row] if c in _TEXT else key[c].astype(object).to_numpy()[post_row]
        for c in _POST_COLUMNS
    }
    for column, value in (
        ("candidate_rank", np.concatenate(row_rank)[filled]),
        ("nip", emp["nip"].to_numpy()[k]),
        ("name", emp["name"].to_numpy()[k] if "name" in emp else [None] * len(k)),
        ("from_position_code", pos["position_code"].to_numpy()[j_from[k]]),
        ("from_position_type", ptype_of[k]),
        ("talent_box", box[k]),
        ("job_fit_at_post", np.concatenate(row_fit)[filled]),
        ("readiness", np.where(ready, "siap sekarang", "1-2 tahun")),
        ("gaps_to_close", gaps),
        ("years_to_retirement", years[k]),
    ):
        columns[column] = _column(value, filled, column in _TEXT)
    out = pd.DataFrame(columns)
    out["candidate_rank"] = out["candidate_rank"].astype("Int64" if list_unfilled else np.int64)
    out["holder_retirement_date"] = pd.to_datetime(out["holder_retirement_date"]).astype(
        key["holder_retirement_date"].dtype if key["holder_retirement_date"].dtype.kind == "M" else "datetime64[ns]"
    )
    for c in ("talent_box", "job_fit_at_post", "years_to_retirement"):
        out[c] = pd.to_numeric(out[c])
    return out[list(SUCCESSION_COLUMNS)]
