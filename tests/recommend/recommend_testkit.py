"""Independent reference implementations for the recommender tests (plain Python loops, no code
shared with mutasi.recommend except the parameter object), and a hypothesis strategy for small
region snapshots."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from mutasi.recommend import RecommendParams
from mutasi.recommend.synthetic import EDU, example_params

COMP = {
    "technical": ("competency_technical", "target_technical"),
    "managerial": ("competency_managerial", "target_managerial"),
    "sociocultural": ("competency_sociocultural", "target_sociocultural"),
}


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _split(v) -> list[str]:
    return [] if _missing(v) else [x.strip() for x in str(v).split(";") if x.strip()]


def major_ok(e: dict, q: dict) -> bool:
    """The employee's major is among the post's required majors (case and spaces ignored), or the post
    requires none."""
    required = {m.lower() for m in _split(q.get("required_majors"))}
    if not required:
        return True
    major = e.get("education_major")
    return not _missing(major) and str(major).strip().lower() in required


def ref_fit(e: dict, q: dict, params: RecommendParams) -> float:
    table = dict(params.gap_weights)
    weights = {}
    for f in params.factors:
        shift = 0
        if f == "education":
            a = params.education_levels.get(e["education_level"], (None, None))[1]
            t = params.education_levels.get(q["min_education"], (None, None))[1]
            if params.major_requirement_use == "fit" and not major_ok(e, q):
                shift = int(params.major_mismatch_gap)
        else:
            a, t = e[COMP[f][0]], q[COMP[f][1]]
        gap = 0 if _missing(a) or _missing(t) else max(-4, min(4, int(round(a)) - int(round(t)) - shift))
        weights[f] = table[gap]
    core = [w for f, w in weights.items() if f in params.core_factors]
    sec = [w for f, w in weights.items() if f not in params.core_factors]
    if core and sec:
        return params.core_factor_share * sum(core) / len(core) + (1 - params.core_factor_share) * sum(sec) / len(sec)
    both = core or sec
    return sum(both) / len(both)


def _flag(v, default):
    if _missing(v):
        return default
    return bool(v)


def lateral(p: dict, q: dict, params: RecommendParams) -> bool:
    if _missing(p["position_type"]) or _missing(q["position_type"]) or p["position_type"] != q["position_type"]:
        return False
    if _missing(p["job_family"]) or _missing(q["job_family"]):
        return False
    fam = p["job_family"] == q["job_family"] or (p["job_family"], q["job_family"]) in params.family_pairs(
        p["position_type"]
    )
    if not fam:
        return False
    if params.lateral_same_job_level:
        a, b = p.get("job_level"), q.get("job_level")
        if not (_missing(a) or _missing(b)) and a != b:
            return False
    return True


def edu_ok(e: dict, q: dict, params: RecommendParams) -> bool:
    if _missing(q["min_education"]) or q["min_education"] not in params.education_levels:
        return True
    if e["education_level"] not in params.education_levels:
        return False
    return params.education_levels[e["education_level"]][0] >= params.education_levels[q["min_education"]][0]


def sign(x: int) -> int:
    return (x > 0) - (x < 0)


def reference_candidates(positions: pd.DataFrame, employees: pd.DataFrame, params: RecommendParams) -> list[dict]:
    """Every worthwhile candidate move, by plain loops over employee x post."""
    posts = {r["position_code"]: r for r in positions.to_dict("records")}
    out = []
    for e in employees.to_dict("records"):
        p = posts.get(e["position_code"])
        if p is None or not _flag(e["is_eligible"], False):
            continue
        due = _flag(e["is_due_for_rotation"], False)
        w = e.get("willing_to_move")
        unwilling = (not _missing(w)) and not bool(w)
        if unwilling and not due:
            continue
        held = set(_split(e.get("positions_held_last_2y")))
        prefs = set(_split(e.get("preferred_unit_codes")))
        fit_before = ref_fit(e, p, params)
        for code, q in posts.items():
            if code == p["position_code"] or code in held or not lateral(p, q, params) or not edu_ok(e, q, params):
                continue
            if params.major_requirement_use == "eligibility" and not major_ok(e, q):
                continue
            gap_q = int(q["required_headcount"]) - int(q["current_staff"])
            gap_p = int(p["required_headcount"]) - int(p["current_staff"])
            fit_after = ref_fit(e, q, params)
            balance = sign(gap_q) - sign(gap_p)
            pref = q["unit_code"] in prefs
            kept = e.get("previous_recommendation") == code
            value = (
                params.weight_workload_balance * balance
                + params.weight_job_fit * (fit_after - fit_before)
                + params.weight_rotation_urgency * due
                + params.weight_preference * pref
                + params.weight_keep_previous * kept
                - params.penalty_unwilling * unwilling
                - params.cost_per_move
            )
            vacancy = int(q["current_staff"]) == 0 and gap_q > 0
            kind = vacancy or balance > 0 or due or fit_after - fit_before >= params.min_fit_gain - 1e-9
            if kind and value > 1e-9:
                out.append(
                    {
                        "nip": e["nip"],
                        "from": p["position_code"],
                        "to": code,
                        "from_unit": p["unit_code"],
                        "to_unit": q["unit_code"],
                        "value": value,
                        "fit_before": fit_before,
                        "fit_after": fit_after,
                        "due": due,
                        "unwilling": unwilling,
                        "preferred": pref,
                    }
                )
    return out


def unit_caps(positions: pd.DataFrame, params: RecommendParams) -> dict[str, int]:
    staff = positions.groupby("unit_code")["current_staff"].sum()
    return {u: int(math.floor(params.max_unit_outflow_share * s + 1e-9)) for u, s in staff.items()}


def plan_violations(moves: list[dict], positions: pd.DataFrame, params: RecommendParams) -> list[str]:
    """Plan-level hard constraints; ``moves`` as dicts with nip, from, to, from_unit, to_unit."""
    bad = []
    nips = [m["nip"] for m in moves]
    if len(nips) != len(set(nips)):
        bad.append("an employee moves twice")
    inflow: dict[str, int] = {}
    outflow: dict[str, int] = {}
    unit_out: dict[str, int] = {}
    for m in moves:
        inflow[m["to"]] = inflow.get(m["to"], 0) + 1
        outflow[m["from"]] = outflow.get(m["from"], 0) + 1
        if m["from_unit"] != m["to_unit"]:
            unit_out[m["from_unit"]] = unit_out.get(m["from_unit"], 0) + 1
    for r in positions.to_dict("records"):
        code = r["position_code"]
        gap = int(r["required_headcount"]) - int(r["current_staff"])
        net = inflow.get(code, 0) - outflow.get(code, 0)
        if net > max(gap, 0):
            bad.append(f"{code} receives {net} net, gap {gap}")
        if -net > max(-gap, 0):
            bad.append(f"{code} loses {-net} net, surplus {max(-gap, 0)}")
    caps = unit_caps(positions, params)
    for u, n in unit_out.items():
        if n > caps[u]:
            bad.append(f"unit {u}: {n} leave, cap {caps[u]}")
    return bad


def brute_force(cands: list[dict], positions: pd.DataFrame, params: RecommendParams) -> tuple[float, list[dict]]:
    """Best total value over every combination (each employee: stay or one of its candidates)."""
    by_nip: dict[str, list[dict]] = {}
    for c in cands:
        by_nip.setdefault(c["nip"], []).append(c)
    options = [[None] + v for v in by_nip.values()]
    gap = {
        r["position_code"]: int(r["required_headcount"]) - int(r["current_staff"]) for r in positions.to_dict("records")
    }
    caps = unit_caps(positions, params)

    def legal(chosen) -> bool:
        net: dict[str, int] = {}
        out: dict[str, int] = {}
        for m in chosen:
            net[m["to"]] = net.get(m["to"], 0) + 1
            net[m["from"]] = net.get(m["from"], 0) - 1
            if m["from_unit"] != m["to_unit"]:
                out[m["from_unit"]] = out.get(m["from_unit"], 0) + 1
        return all(-max(-gap[k], 0) <= v <= max(gap[k], 0) for k, v in net.items()) and all(
            v <= caps[u] for u, v in out.items()
        )

    best, best_plan = 0.0, []
    for combo in itertools.product(*options):
        chosen = [c for c in combo if c is not None]
        val = sum(c["value"] for c in chosen)
        if val > best + 1e-9 and legal(chosen):
            best, best_plan = val, chosen
    assert not plan_violations(best_plan, positions, params)
    return best, best_plan


def min_cost_flow_optimum(cands: list[dict], positions: pd.DataFrame, scale: float = 1e6) -> float:
    """The problem without unit caps as a min-cost circulation (networkx network simplex):

    post_out(p) -> employee (cap 1) -> post_in(q) (cap 1, cost -value); post_in(q) -> post_out(q)
    (arrivals can be replaced by departures); S -> post_out(p) (cap surplus); post_in(q) -> T
    (cap positive gap); T -> S. Net arrivals at q = flow(q->T) - flow(S->q) in [-surplus, gap+]."""
    import networkx as nx

    g = nx.DiGraph()
    big = len(cands) + 1
    for r in positions.to_dict("records"):
        code = r["position_code"]
        gap = int(r["required_headcount"]) - int(r["current_staff"])
        g.add_edge(("in", code), ("out", code), capacity=big, weight=0)
        g.add_edge("S", ("out", code), capacity=max(-gap, 0), weight=0)
        g.add_edge(("in", code), "T", capacity=max(gap, 0), weight=0)
    g.add_edge("T", "S", capacity=big, weight=0)
    for c in cands:
        g.add_edge(("out", c["from"]), ("emp", c["nip"]), capacity=1, weight=0)
        g.add_edge(("emp", c["nip"]), ("in", c["to"]), capacity=1, weight=-int(round(c["value"] * scale)))
    cost, _ = nx.network_simplex(g)
    return -cost / scale


def moves_as_dicts(moves: pd.DataFrame) -> list[dict]:
    return [
        {
            "nip": r.nip,
            "from": r.from_position_code,
            "to": r.to_position_code,
            "from_unit": r.from_unit_code,
            "to_unit": r.to_unit_code,
            "value": r.objective_value,
        }
        for r in moves.itertuples()
    ]


# ------------------------------------------------------------------------------ hypothesis
EDU_CHOICES = ("SMA", "D3", "S1", "S2")


@st.composite
def small_region(draw, max_posts: int = 5, max_employees: int = 6):
    """(positions, employees, params) of a tiny region snapshot."""
    n_units = draw(st.integers(1, 3))
    n_posts = draw(st.integers(3, max_posts))
    n_emp = draw(st.integers(2, max_employees))
    post_rows = []
    for k in range(n_posts):
        post_rows.append(
            dict(
                position_code=f"J{k}",
                position_name=f"Jabatan {k}",
                unit_code=f"U{draw(st.integers(0, n_units - 1))}",
                position_type=draw(st.sampled_from(["pelaksana"] * 9 + ["fungsional"])),
                job_family=draw(st.sampled_from(["Keuangan"] * 6 + ["Umum"])),
                job_level=draw(st.sampled_from([None] * 9 + ["ahli muda"])),
                min_education=draw(st.sampled_from((None, "SMA", "D3", "S1", "S1", "S2"))),
                required_majors=draw(st.sampled_from((None, None, "Akuntansi", "Akuntansi; Manajemen", "Hukum"))),
                target_technical=draw(st.integers(1, 5)),
                target_managerial=draw(st.integers(1, 5)),
                target_sociocultural=draw(st.integers(1, 5)),
                required_headcount=draw(st.integers(0, 4)),
            )
        )
    emp_rows = []
    for k in range(n_emp):
        post = post_rows[draw(st.integers(0, n_posts - 1))]
        comp = [draw(st.one_of(st.none(), st.integers(1, 5))) for _ in range(3)]
        emp_rows.append(
            dict(
                nip=f"1980010120100110{k:02d}",
                name=f"Pegawai {k}",
                gender=draw(st.sampled_from(["L", "P"])),
                age_years=draw(st.integers(25, 57)),
                golongan=draw(st.sampled_from(["II/c", "III/a", "III/d", "IV/a", None])),
                education_level=draw(st.sampled_from(("D3", "S1", "S1", "S2"))),
                education_major=draw(st.sampled_from((None, "Akuntansi", " manajemen ", "Hukum", "Biologi"))),
                position_code=post["position_code"],
                unit_code=post["unit_code"],
                competency_technical=np.nan if comp[0] is None else float(comp[0]),
                competency_managerial=np.nan if comp[1] is None else float(comp[1]),
                competency_sociocultural=np.nan if comp[2] is None else float(comp[2]),
                job_fit_score=np.nan,
                is_eligible=draw(st.integers(0, 9)) < 8,
                ineligibility_reasons=None,
                is_due_for_rotation=draw(st.booleans()),
                years_in_position=float(draw(st.integers(2, 9))),
                willing_to_move=draw(st.sampled_from([True, True, False, None])),
                preferred_unit_codes=draw(st.sampled_from([None, "U0", "U1;U2"])),
                positions_held_last_2y=draw(st.sampled_from([None, None, "J0", "J1;J3"])),
                previous_recommendation=draw(st.sampled_from([None, None, "J0", "J1", "J2"])),
            )
        )
    employees = pd.DataFrame(emp_rows)
    staff = employees["position_code"].value_counts()
    positions = pd.DataFrame(post_rows)
    positions["current_staff"] = positions["position_code"].map(staff).fillna(0).astype(int)
    positions["unit_name"] = "Unit " + positions["unit_code"]
    positions["workload_minutes"] = positions["required_headcount"] * 75000.0
    positions["required_staff"] = positions["required_headcount"].astype(float)
    positions["staffing_gap"] = positions["required_headcount"] - positions["current_staff"]
    related = draw(st.sampled_from([frozenset(), frozenset({("Keuangan", "Umum")})]))
    share = draw(st.sampled_from([0.2, 0.5, 1.0, 1.0]))
    params = example_params(
        related_job_families=related,
        max_unit_outflow_share=share,
        weight_preference=draw(st.sampled_from([0.0, 0.25])),
        penalty_unwilling=draw(st.sampled_from([0.25, 1.0])),
        weight_workload_balance=draw(st.sampled_from([1.0, 1.5])),
        cost_per_move=draw(st.sampled_from([0.0, 0.25])),
        weight_keep_previous=draw(st.sampled_from([0.0, 0.1, 0.3])),
        major_requirement_use=draw(st.sampled_from(["fit", "fit", "eligibility", "none"])),
    )
    return positions, employees, params


__all__ = [
    "EDU",
    "brute_force",
    "min_cost_flow_optimum",
    "random_region",
    "example_params",
    "moves_as_dicts",
    "plan_violations",
    "reference_candidates",
    "major_ok",
    "ref_fit",
    "small_region",
    "unit_caps",
]


def random_region(seed: int, n_posts: int = 5, n_emp: int = 7):
    """A dense tiny region (numpy random): one lateral class, 2-3 units, many due employees, so that
    chains, swaps and the unit cap all matter."""
    rng = np.random.default_rng(seed)
    units = [f"U{k}" for k in range(rng.integers(2, 4))]
    posts = pd.DataFrame(
        {
            "position_code": [f"J{k}" for k in range(n_posts)],
            "position_name": [f"Jabatan {k}" for k in range(n_posts)],
            "unit_code": rng.choice(units, n_posts),
            "position_type": "pelaksana",
            "job_level": None,
            "job_family": "Keuangan",
            "min_education": rng.choice(["D3", "S1", "S1"], n_posts),
            "target_technical": rng.integers(1, 6, n_posts),
            "target_managerial": rng.integers(1, 6, n_posts),
            "target_sociocultural": rng.integers(1, 6, n_posts),
            "required_headcount": rng.integers(0, 4, n_posts),
        }
    )
    where = rng.integers(0, n_posts, n_emp)
    employees = pd.DataFrame(
        {
            "nip": [f"1980010120100110{k:02d}" for k in range(n_emp)],
            "name": "x",
            "gender": "L",
            "age_years": 40,
            "golongan": "III/a",
            "education_level": rng.choice(["D3", "S1", "S2"], n_emp),
            "position_code": posts["position_code"].to_numpy()[where],
            "unit_code": posts["unit_code"].to_numpy()[where],
            "competency_technical": rng.integers(1, 6, n_emp).astype(float),
            "competency_managerial": rng.integers(1, 6, n_emp).astype(float),
            "competency_sociocultural": rng.integers(1, 6, n_emp).astype(float),
            "job_fit_score": np.nan,
            "is_eligible": rng.random(n_emp) < 0.9,
            "ineligibility_reasons": None,
            "is_due_for_rotation": rng.random(n_emp) < 0.6,
            "years_in_position": 6.0,
            "willing_to_move": rng.choice(np.array([True, True, False, None], dtype=object), n_emp),
            "preferred_unit_codes": rng.choice(np.array([None, "U0", "U1"], dtype=object), n_emp),
            "positions_held_last_2y": rng.choice(np.array([None, None, "J1"], dtype=object), n_emp),
        }
    )
    staff = employees["position_code"].value_counts()
    posts["current_staff"] = posts["position_code"].map(staff).fillna(0).astype(int)
    posts["unit_name"] = posts["unit_code"]
    posts["workload_minutes"] = posts["required_headcount"] * 75000.0
    params = example_params(
        max_unit_outflow_share=float(rng.choice([0.2, 0.34, 0.5, 1.0])),
        penalty_unwilling=0.25,
        weight_workload_balance=float(rng.choice([1.0, 1.5])),
        cost_per_move=float(rng.choice([0.0, 0.25])),
    )
    return posts, employees, params
