"""build_succession (ranked halves shared by the posts of one fit profile, list rows made once) against the
per-post version it replaced, kept here as the reference: the same rows, order, values and dtypes on random
snapshots full of ties (few levels, families, boxes and retirement years), with missing families (None and
NaN), unassessed competencies, missing targets, fractional and missing talent boxes, sanctions, required
majors under every major_requirement_use, posts nobody can fill, and optional columns left out."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from mutasi.recommend.fit import FACTOR_COLUMNS
from mutasi.recommend.prepare import major_match, pair_fit
from mutasi.recommend.succession import (
    _POST_COLUMNS,
    _TEXT,
    BOX_PRIORITY,
    FACTOR_NAMES,
    KEY_POST_TYPES,
    LEVEL_BELOW,
    MIN_YEARS_AFTER_OPENING,
    READY_BOXES,
    REQUIRED,
    SUCCESSION_COLUMNS,
    build_succession,
    empty_succession,
)
from mutasi.recommend.synthetic import example_params


def _reference_key_posts(pos: pd.DataFrame, emp: pd.DataFrame, horizon: float) -> pd.DataFrame:
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


def reference_succession(emp, pos, params, size, list_unfilled=False) -> pd.DataFrame:
    """build_succession as it was before (commit b7d70db): candidates, fit, ranking and rows post by post."""
    if size <= 0 or not set(REQUIRED) <= set(emp.columns) or len(emp) == 0:
        return empty_succession()
    emp = emp.copy(deep=False)
    emp["years_to_retirement"] = pd.to_numeric(emp["years_to_retirement"], errors="coerce")
    key = _reference_key_posts(pos, emp, float(params.succession_horizon_years))
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
    groups = {}
    for post_type, below in LEVEL_BELOW.items():
        base = np.flatnonzero(pool & np.isin(ptype_of, below))
        base = base[np.argsort(priority_of[base], kind="stable")]
        cuts = np.flatnonzero(np.diff(priority_of[base])) + 1
        groups[post_type] = [g for g in np.split(base, cuts) if len(g)]
    columns = {c: [] for c in SUCCESSION_COLUMNS}
    for post in key.itertuples(index=False):

        def allowed(part, post=post):
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
        fit = pair_fit(emp, pos, params, cand, np.full(len(cand), post.j))
        same_family = family_of[cand] == post.job_family
        order = np.lexsort((nip_text[cand], -np.round(fit, 9), ~same_family, priority_of[cand]))[:size]
        k = cand[order]
        fit_k = fit[order]
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


TYPES = ("JPT", "administrator", "pengawas", "pelaksana", "fungsional")
MAJORS = ("akuntansi", "hukum", "manajemen", "teknik sipil")


def _snapshot(seed: int, n_posts: int = 40, n_people: int = 160, drop: tuple[str, ...] = ()):
    """Prepared (pos, emp) frames (as prepare_positions / prepare_employees make them) drawn from few values, so
    that fits, years, families and boxes tie often."""
    rng = np.random.default_rng(seed)
    families = np.array(["Keuangan", "Umum", "Hukum", None, np.nan], dtype=object)
    level = lambda n, p_nan: np.where(rng.random(n) < p_nan, np.nan, rng.integers(1, 6, n).astype(float))  # noqa: E731
    majors_key = np.array(["", "", ";".join(MAJORS[:2]), MAJORS[2], ";".join(sorted(MAJORS[1:]))], dtype=object)
    pos = pd.DataFrame(
        {
            "position_code": [f"P{j:03d}" for j in range(n_posts)],
            "unit_code": [f"U{j % 4}" for j in range(n_posts)],
            "position_type": rng.choice(np.array(TYPES, dtype=object), n_posts, p=[0.1, 0.2, 0.25, 0.25, 0.2]),
            "job_family": rng.choice(families, n_posts, p=[0.35, 0.3, 0.15, 0.1, 0.1]),
            "target_technical": level(n_posts, 0.1),
            "target_managerial": level(n_posts, 0.1),
            "target_sociocultural": level(n_posts, 0.1),
            "min_education_profile_level": level(n_posts, 0.1),
            "min_rank": rng.choice([-1.0, 1.0, 2.0, 3.0], n_posts),
            "majors_key": rng.choice(majors_key, n_posts),
        }
    )
    pos.insert(0, "j", np.arange(n_posts))
    j_from = np.where(rng.random(n_people) < 0.05, -1, rng.integers(0, n_posts, n_people))
    years = rng.choice([0.5, 1.0, 2.0, 2.5, 3.0, 4.0, 5.0, 8.0, 8.0, 12.0, np.nan], n_people)
    emp = pd.DataFrame(
        {
            # a few NIPs whose texts sort unlike their numbers
            "nip": [f"{rng.integers(1, 10 ** rng.integers(1, 4))}-{i}" for i in range(n_people)],
            "name": [f"Pegawai {i}" for i in range(n_people)],
            "j_from": j_from,
            "employment_status": rng.choice(np.array(["PNS", "PNS", "PNS", "PPPK", None], dtype=object), n_people),
            "talent_box": rng.choice([9.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 8.5, np.nan], n_people),
            "worst_sanction_level": rng.choice(
                np.array([None, None, None, "ringan", "sedang", "berat"], dtype=object), n_people
            ),
            "years_to_retirement": years,
            "retirement_date": pd.Timestamp("2026-11-01")
            + pd.to_timedelta(np.nan_to_num(years, nan=30.0) * 365.25, unit="D").round("D"),
            "competency_technical": level(n_people, 0.15),
            "competency_managerial": level(n_people, 0.15),
            "competency_sociocultural": level(n_people, 0.15),
            "education_profile_level": level(n_people, 0.1),
            "edu_rank": rng.choice([-1.0, 1.0, 2.0, 3.0, 4.0], n_people),
            "major_norm": rng.choice(np.array(["", *MAJORS, "sastra"], dtype=object), n_people),
        }
    )
    emp["retirement_date"] = emp["retirement_date"].astype("datetime64[us]")
    emp["talent_box"] = emp["talent_box"].astype("Float64") if seed % 3 == 0 else emp["talent_box"]
    return pos, emp.drop(columns=list(drop))


CASES = [
    # (seed, major_requirement_use, size, list_unfilled, columns left out)
    *[(seed, "fit", 5, True, ()) for seed in range(8)],
    *[(seed, "eligibility", 3, True, ()) for seed in range(8, 14)],
    *[(seed, "none", 5, False, ()) for seed in range(14, 18)],
    (18, "fit", 1, False, ()),
    (19, "fit", 50, True, ()),
    (20, "eligibility", 2, False, ("name",)),
    (21, "fit", 4, True, ("retirement_date", "worst_sanction_level")),
    (22, "fit", 0, True, ()),
]


@pytest.mark.parametrize(("seed", "major_use", "size", "list_unfilled", "drop"), CASES)
def test_build_succession_matches_the_per_post_reference(seed, major_use, size, list_unfilled, drop):
    params = replace(example_params(), major_requirement_use=major_use, succession_horizon_years=3.0)
    pos, emp = _snapshot(seed, drop=drop)
    got = build_succession(emp, pos, params, size, list_unfilled=list_unfilled)
    want = reference_succession(emp, pos, params, size, list_unfilled=list_unfilled)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert list(got.dtypes) == list(want.dtypes)


@pytest.mark.parametrize("seed", range(4))
def test_large_snapshots_with_many_posts_per_fit_profile(seed):
    # more posts than fit profiles: the ranked halves are shared, and posts pick different prefixes of them
    params = replace(example_params(), major_requirement_use="fit")
    pos, emp = _snapshot(100 + seed, n_posts=150, n_people=900)
    for c in ("target_technical", "target_managerial", "target_sociocultural", "min_education_profile_level"):
        pos[c] = np.where(pos[c].isna(), np.nan, 3.0)
    for list_unfilled in (False, True):
        got = build_succession(emp, pos, params, 5, list_unfilled=list_unfilled)
        want = reference_succession(emp, pos, params, 5, list_unfilled=list_unfilled)
        pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_nobody_listed_anywhere():
    params = example_params()
    pos, emp = _snapshot(7)
    emp["employment_status"] = "PPPK"
    for list_unfilled in (False, True):
        got = build_succession(emp, pos, params, 5, list_unfilled=list_unfilled)
        want = reference_succession(emp, pos, params, 5, list_unfilled=list_unfilled)
        assert len(want) == (len(got) if list_unfilled else 0)
        pd.testing.assert_frame_equal(got, want, check_exact=True)
