"""Normalise the two input frames (from the dbt marts) into arrays the optimiser works on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .fit import FACTOR_COLUMNS, fit_scores
from .params import RecommendParams

POSITION_COLUMNS = (
    "position_code",
    "unit_code",
    "position_type",
    "job_family",
    "min_education",
    "target_technical",
    "target_managerial",
    "target_sociocultural",
    "workload_minutes",
    "required_headcount",
    "current_staff",
)
EMPLOYEE_COLUMNS = (
    "nip",
    "position_code",
    "education_level",
    "competency_technical",
    "competency_managerial",
    "competency_sociocultural",
    "is_eligible",
    "is_due_for_rotation",
)


def _require(df: pd.DataFrame, cols, what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise KeyError(f"{what} frame lacks column(s): {', '.join(missing)}")


def to_bool(s: pd.Series, default: bool | None) -> np.ndarray:
    """Tolerant boolean conversion; returns an object array of True/False/None (None = missing,
    replaced by ``default`` when it is not None)."""
    # boolean columns of the marts (DuckDB: numpy bool without NULLs, pandas' nullable boolean with them):
    # converted as arrays: element by element they took 0.95 s of province 32's inter-regency step (241,115
    # employees, three flags, plan and talent pool; pyinstrument); tests/recommend/test_recommend_fast_paths.py
    if s.dtype == bool:
        return s.to_numpy().astype(object)
    if isinstance(s.dtype, pd.BooleanDtype):
        out = s.to_numpy(dtype=object, na_value=None)
        if default is not None:
            out[s.isna().to_numpy()] = default
        return out

    def conv(v):
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            return default
        if isinstance(v, (bool, np.bool_)):
            return bool(v)
        if isinstance(v, (int, np.integer, float)):
            return bool(v)
        t = str(v).strip().lower()
        if t in {"true", "t", "1", "yes", "ya", "y"}:
            return True
        if t in {"false", "f", "0", "no", "tidak", "n"}:
            return False
        return default

    return np.array([conv(v) for v in s.tolist()], dtype=object)


def map_distinct(s: pd.Series, fn) -> np.ndarray:
    """``fn`` of every value as an object array, computed once per distinct value (missing values: ``fn(None)``).
    The marts repeat a few majors and requirement lists over thousands of rows: province 32's 241,115
    employees have 0.16 s of _norm_major calls element by element (pyinstrument)."""
    codes, distinct = pd.factorize(s, use_na_sentinel=True)
    values = np.empty(len(distinct) + 1, dtype=object)  # empty + assign: lists stay objects, not a 2-D array
    for k, value in enumerate(distinct):
        values[k] = fn(value)
    values[-1] = fn(None)
    return values[codes]  # code -1 (missing) takes the last


def split_list(v) -> list[str]:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return []
    return [x.strip() for x in str(v).split(";") if x.strip()]


def _norm_major(v) -> str:
    """A major as compared with a post's jurusan_syarat: trimmed, lower case (as in dbt)."""
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else str(v).strip().lower()


def _majors_key(required_majors) -> str:
    """A post's required majors as one key: the normalised majors, sorted, ";"-joined ("" = none)."""
    return ";".join(sorted({_norm_major(m) for m in split_list(required_majors)} - {""}))


@dataclass(frozen=True)
class MajorTable:
    """The major rule of int_employees_features_joined.meets_major_requirement as integer lookups: a post that
    lists no major takes every employee; one that does takes an employee whose normalised major is one of them.
    ``allowed[post_list[j], code[i]]`` decides pair (i, j); built once per set of frames, so that millions of
    pairs (a regency's rule candidates) or thousands of lookups (the key posts of a succession list) cost no
    per-pair strings (per-pair list keys: 80 ms, this 9 ms for regency 3205's 861,630 rule candidates, province
    32, 2026-12-05)."""

    post_list: np.ndarray  # per post, the index of its majors list in `allowed`
    allowed: np.ndarray  # [list, major]; the last column: a major no list names, or none
    code: np.ndarray  # per employee, its major's column in `allowed`

    @classmethod
    def of(cls, emp: pd.DataFrame, pos: pd.DataFrame) -> MajorTable:
        keys = pos["majors_key"].to_numpy() if "majors_key" in pos else np.full(len(pos), "")
        post_list, lists = pd.factorize(keys)
        vocab = pd.Index(sorted({m for k in lists if k != "" for m in k.split(";")}))
        allowed = np.zeros((len(lists), len(vocab) + 1), dtype=bool)
        for a, k in enumerate(lists):
            if k == "":
                allowed[a] = True
            else:
                allowed[a, vocab.get_indexer(k.split(";"))] = True
        code = vocab.get_indexer(emp["major_norm"].to_numpy())
        return cls(post_list, allowed, np.where(code >= 0, code, len(vocab)))

    def match(self, i: np.ndarray, j) -> np.ndarray:
        return self.allowed[self.post_list[j], self.code[i]]


def major_match(emp: pd.DataFrame, pos: pd.DataFrame, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair (i[k], j[k]): does the employee's major meet the post's required majors? (MajorTable)"""
    return MajorTable.of(emp, pos).match(np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64))


def education_shift(emp: pd.DataFrame, pos: pd.DataFrame, params: RecommendParams, i, j) -> np.ndarray | None:
    """The education-gap shift of each pair for fit_scores: major_mismatch_gap where the major does not
    meet the post's (major_requirement_use = fit), 0 elsewhere; None when majors do not enter fit."""
    if params.major_requirement_use != "fit" or params.major_mismatch_gap == 0 or "majors_key" not in pos:
        return None
    return np.where(major_match(emp, pos, i, j), 0, int(round(params.major_mismatch_gap)))


def pair_fit(emp: pd.DataFrame, pos: pd.DataFrame, params: RecommendParams, i, j) -> np.ndarray:
    """Job fit (0-5) of employee i[k] at post j[k], the one definition used for the current post,
    candidate moves, shortlists and succession."""
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    if len(i) == 0:
        return np.zeros(0)
    actual = {f: emp[FACTOR_COLUMNS[f][0]].to_numpy(float) for f in params.factors}
    target = {f: pos[FACTOR_COLUMNS[f][1]].to_numpy(float) for f in params.factors}
    return fit_scores(actual, target, params, i, j, education_shift(emp, pos, params, i, j))


def _num(s: pd.Series) -> np.ndarray:
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)


def fresh_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame of its own (index 0..n-1) whose columns are replaced, never written into: a shallow copy. A deep
    copy (``reset_index``, ``copy()``) first merges the columns of one dtype into one block, which for the
    object columns of a province's 243,000 employees cost 0.2-0.8 s each time (3.4 s of the 5.4 s the
    inter-regency step spent preparing its inputs, cProfile, province 32, 2026-12-05)."""
    out = frame.copy(deep=False)
    out.index = pd.RangeIndex(len(out))
    return out


def prepare_positions(positions: pd.DataFrame, params: RecommendParams) -> pd.DataFrame:
    """One row per post, index 0..P-1 (column ``j``), with staffing arithmetic recomputed from
    required_headcount and current_staff so before/after use one definition."""
    _require(positions, POSITION_COLUMNS, "positions")
    pos = fresh_frame(positions.drop_duplicates("position_code"))
    pos["j"] = np.arange(len(pos))
    pos["position_code"] = pos["position_code"].astype(str)
    pos["unit_code"] = pos["unit_code"].astype(str)
    if "unit_name" not in pos:
        pos["unit_name"] = pos["unit_code"]
    if "position_name" not in pos:
        pos["position_name"] = pos["position_code"]
    pos["workload_minutes"] = np.nan_to_num(_num(pos["workload_minutes"]), nan=0.0)
    req = _num(pos["required_headcount"])
    fallback = np.floor(pos["workload_minutes"].to_numpy() / params.effective_minutes_per_year + 0.5)
    pos["required_headcount"] = np.where(np.isnan(req), fallback, req).astype(np.int64)
    pos["current_staff"] = np.nan_to_num(_num(pos["current_staff"]), nan=0.0).astype(np.int64)
    gap = pos["required_headcount"].to_numpy() - pos["current_staff"].to_numpy()
    pos["gap"] = gap
    pos["gap_pos"] = np.maximum(gap, 0)
    pos["surplus"] = np.maximum(-gap, 0)
    pos["sigma"] = np.sign(gap).astype(np.int64)
    pos["ej_before"] = ej(pos["workload_minutes"].to_numpy(), pos["current_staff"].to_numpy(), params)
    ranks = {k: v[0] for k, v in params.education_levels.items()}
    prof = {k: v[1] for k, v in params.education_levels.items()}
    pos["min_rank"] = pos["min_education"].map(ranks).astype(float).fillna(-1.0)
    pos["min_education_profile_level"] = pos["min_education"].map(prof).astype(float)
    for c in ("target_technical", "target_managerial", "target_sociocultural"):
        pos[c] = _num(pos[c])
    # required majors as one normalised key per post ("" = none): compared by major_match
    if "required_majors" in pos:
        pos["majors_key"] = map_distinct(pos["required_majors"], _majors_key)
    else:
        pos["majors_key"] = ""
    units = pd.Index(pd.unique(pos["unit_code"]))
    pos["u"] = units.get_indexer(pos["unit_code"])
    # post type: everything a move's value and rules depend on, except the post's own identity and
    # unit. Posts of one type are interchangeable for an employee outside their units (solver.py).
    key = [
        c
        for c in (
            "position_type",
            "job_family",
            "job_level",
            "min_education",
            "target_technical",
            "target_managerial",
            "target_sociocultural",
            "majors_key",
        )
        if c in pos
    ]
    pos["staff_zero"] = pos["current_staff"].to_numpy() == 0
    pos["tau"] = pos.groupby(key + ["sigma", "staff_zero"], dropna=False, sort=True).ngroup().to_numpy()
    return pos


def ej(workload: np.ndarray, staff: np.ndarray, params: RecommendParams) -> np.ndarray:
    staff = np.asarray(staff, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(staff > 0, np.asarray(workload, float) / (staff * params.effective_minutes_per_year), np.nan)


def unit_table(pos: pd.DataFrame, params: RecommendParams) -> pd.DataFrame:
    """Per unit: staff (sum of current_staff of its posts) and the outflow cap
    floor(max_unit_outflow_share x staff)."""
    names = pos.groupby("u")["unit_name"].first() if "unit_name" in pos else None
    u = pos.groupby("u").agg(unit_code=("unit_code", "first"), staff=("current_staff", "sum"))
    u["unit_name"] = names if names is not None else u["unit_code"]
    u["cap"] = np.floor(params.max_unit_outflow_share * u["staff"].to_numpy() + 1e-9).astype(np.int64)
    return u.reindex(range(len(u)))


def prepare_employees(employees: pd.DataFrame, pos: pd.DataFrame, params: RecommendParams) -> pd.DataFrame:
    """One row per employee, index 0..N-1 (column ``i``), with the current post's index ``j_from``
    (-1 when the post is unknown), flags and the job fit at the current post."""
    _require(employees, EMPLOYEE_COLUMNS, "employees")
    emp = fresh_frame(employees.drop_duplicates("nip"))
    emp["i"] = np.arange(len(emp))
    emp["nip"] = emp["nip"].astype(str)
    emp["position_code"] = emp["position_code"].astype(str)
    code_to_j = pd.Series(pos["j"].to_numpy(), index=pos["position_code"].to_numpy())
    emp["j_from"] = emp["position_code"].map(code_to_j).fillna(-1).astype(np.int64)
    emp["eligible"] = to_bool(emp["is_eligible"], False).astype(bool)
    emp["due"] = to_bool(emp["is_due_for_rotation"], False).astype(bool)
    willing = to_bool(emp["willing_to_move"], None) if "willing_to_move" in emp else np.full(len(emp), None)
    emp["unwilling"] = np.array([w is False for w in willing], dtype=bool)
    for c in ("competency_technical", "competency_managerial", "competency_sociocultural"):
        emp[c] = _num(emp[c])
    ranks = {k: v[0] for k, v in params.education_levels.items()}
    prof = {k: v[1] for k, v in params.education_levels.items()}
    emp["edu_rank"] = emp["education_level"].map(ranks).astype(float).fillna(-1.0)
    emp["education_profile_level"] = emp["education_level"].map(prof).astype(float)
    if "years_in_position" not in emp:
        emp["years_in_position"] = np.nan
    emp["years_in_position"] = _num(emp["years_in_position"])

    # plan stability: the target post of the previous snapshot's recommendation (-1: none or gone)
    previous = emp["previous_recommendation"] if "previous_recommendation" in emp else pd.Series(None, index=emp.index)
    emp["prev_j"] = previous.map(code_to_j).fillna(-1).astype(np.int64).to_numpy()
    emp["major_norm"] = map_distinct(emp["education_major"], _norm_major) if "education_major" in emp else ""

    known = emp["j_from"].to_numpy() >= 0
    jf = np.where(known, emp["j_from"].to_numpy(), 0)
    mine = pair_fit(emp, pos, params, emp["i"].to_numpy(), jf) if len(pos) else np.zeros(len(emp))
    given = _num(emp["job_fit_score"]) if "job_fit_score" in emp else np.full(len(emp), np.nan)
    emp["fit_before"] = np.where(known, mine, given)
    return emp
