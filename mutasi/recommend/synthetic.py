"""A synthetic regency for timing the optimiser (``python -m mutasi.recommend.synthetic``).

Shapes follow a Indonesian regency: administrative units (OPD) with pelaksana, pengawas,
administrator and a few functional posts; puskesmas with health functional posts; schools with
teachers at three jenjang. Staffing is near the ABK requirement with noise, a few vacancies.
The numbers in ``example_params`` are illustrative only (benchmarks and tests); production reads
the dbt seeds with ``load_recommend_params``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from .params import RecommendParams, load_recommend_params

EDU = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
EDU_PROFILE = (1, 1, 2, 2, 2, 3, 4, 4, 5, 5)


def example_params(**overrides) -> RecommendParams:
    """Illustrative parameters with the SPEC defaults (gap table, 60/40, 20 % unit cap) and the
    issue-5 objective weights of the project seed (balance 1.5, job fit 2.0, rotation 0.5, move cost
    0.25), except a smaller unwilling penalty (0.5) and preference bonus (0.25)."""
    base = dict(
        effective_minutes_per_year=75000.0,
        core_factor_share=0.6,
        weight_workload_balance=1.5,
        weight_job_fit=2.0,
        weight_rotation_urgency=0.5,
        weight_preference=0.25,
        penalty_unwilling=0.5,
        cost_per_move=0.25,
        min_fit_gain=0.5,
        max_unit_outflow_share=0.2,
        gap_weights=((-4, 1.0), (-3, 2.0), (-2, 3.0), (-1, 4.0), (0, 5.0), (1, 4.5), (2, 3.5), (3, 2.5), (4, 1.5)),
        core_factors=frozenset({"technical", "managerial"}),
        factors=("technical", "managerial", "sociocultural", "education"),
        education_levels={e: (k + 1, p) for k, (e, p) in enumerate(zip(EDU, EDU_PROFILE))},
        related_job_families=frozenset(),
        version="example",
    )
    base.update(overrides)
    return RecommendParams(**base)


# (position_type, job_family, job_level, min_education, mean staff, targets t/m/s)
OPD_POSTS = [
    ("pelaksana", "administrasi umum", None, "SMA", 4.0, (2, 1, 2)),
    ("pelaksana", "keuangan", None, "D3", 3.0, (3, 1, 2)),
    ("pelaksana", "kepegawaian", None, "D3", 2.0, (3, 1, 2)),
    ("pelaksana", "perencanaan", None, "S1", 2.0, (3, 2, 2)),
    ("pelaksana", "teknis lapangan", None, "SMA", 5.0, (3, 1, 2)),
    ("pengawas", "administrasi pemerintahan", None, "S1", 1.0, (3, 3, 3)),
    ("pengawas", "administrasi pemerintahan", None, "S1", 1.0, (3, 3, 3)),
    ("pengawas", "administrasi pemerintahan", None, "S1", 1.0, (3, 3, 3)),
    ("administrator", "administrasi pemerintahan", None, "S1", 1.0, (4, 4, 3)),
    ("fungsional", "perencanaan", "ahli pertama", "S1", 1.5, (3, 2, 2)),
    ("fungsional", "keuangan", "ahli pertama", "S1", 1.5, (3, 2, 2)),
    ("fungsional", "komputer", "ahli pertama", "S1", 1.0, (4, 2, 2)),
]
SCHOOL_POSTS = [
    ("fungsional", "pendidikan", "ahli pertama", "S1", 5.0, (3, 2, 3)),
    ("fungsional", "pendidikan", "ahli muda", "S1", 4.0, (4, 2, 3)),
    ("fungsional", "pendidikan", "ahli madya", "S1", 2.0, (4, 3, 3)),
    ("pelaksana", "administrasi umum", None, "SMA", 1.0, (2, 1, 2)),
]
PKM_POSTS = [
    ("fungsional", "keperawatan", "terampil", "D3", 5.0, (3, 1, 3)),
    ("fungsional", "kebidanan", "terampil", "D3", 4.0, (3, 1, 3)),
    ("fungsional", "kedokteran", "ahli pertama", "S1", 2.0, (4, 2, 3)),
    ("fungsional", "kefarmasian", "terampil", "D3", 1.5, (3, 1, 2)),
    ("pelaksana", "administrasi umum", None, "SMA", 2.0, (2, 1, 2)),
]
# target offsets of the jabatan variants inside one family and level (e.g. two names of pelaksana)
VARIANTS = ((0, 0, 0), (1, 0, 0), (0, 1, -1))
UNIT_KINDS = (("OPD", OPD_POSTS, 0.2), ("PKM", PKM_POSTS, 0.1), ("SEKOLAH", SCHOOL_POSTS, 0.7))


def synthetic_instance(
    n_employees: int = 10_000, seed: int = 0, effective_minutes: float = 75000.0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(positions, employees) frames shaped like the marts, about ``n_employees`` rows."""
    rng = np.random.default_rng(seed)
    per_unit = sum(share * sum(p[4] for p in posts) for _, posts, share in UNIT_KINDS)
    n_units = max(3, int(round(n_employees / per_unit)))
    kinds = rng.choice(len(UNIT_KINDS), size=n_units, p=[k[2] for k in UNIT_KINDS])
    rows = []
    for u, k in enumerate(kinds):
        kind, posts, _ = UNIT_KINDS[k]
        unit_code = f"{kind[:3]}{u:04d}"
        for n, (ptype, fam, lvl, edu, mean, targets) in enumerate(posts):
            # competency standards belong to the jabatan (name), not to the unit: a few variants
            variant = int(rng.integers(len(VARIANTS)))
            staff = int(rng.poisson(mean)) if mean > 1 else 1
            if rng.random() < 0.04:
                staff = 0
            need = max(0.0, staff + rng.normal(0, 0.9) + (1.2 if staff == 0 else 0))
            rows.append(
                dict(
                    position_code=f"{unit_code}-{n:02d}",
                    position_name=f"{fam} {n}",
                    unit_code=unit_code,
                    unit_name=f"{kind} {u}",
                    position_type=ptype,
                    job_level=lvl,
                    job_family=fam,
                    min_education=edu,
                    target_technical=int(np.clip(targets[0] + VARIANTS[variant][0], 1, 5)),
                    target_managerial=int(np.clip(targets[1] + VARIANTS[variant][1], 1, 5)),
                    target_sociocultural=int(np.clip(targets[2] + VARIANTS[variant][2], 1, 5)),
                    workload_minutes=need * effective_minutes,
                    current_staff=staff,
                )
            )
    pos = pd.DataFrame(rows)
    # trim or pad staff so that the headcount is exactly n_employees
    diff = int(pos["current_staff"].sum()) - n_employees
    staffed = pos.index[pos["current_staff"] > 1].to_numpy()
    while diff != 0:
        k = rng.choice(staffed)
        step = -1 if diff > 0 else 1
        pos.loc[k, "current_staff"] += step
        diff += step
    pos["required_staff"] = pos["workload_minutes"] / effective_minutes
    pos["required_headcount"] = np.floor(pos["required_staff"] + 0.5).astype(int)
    pos["staffing_gap"] = pos["required_headcount"] - pos["current_staff"]
    with np.errstate(divide="ignore", invalid="ignore"):
        pos["effectiveness"] = np.where(
            pos["current_staff"] > 0, pos["workload_minutes"] / (pos["current_staff"] * effective_minutes), np.nan
        )
    pos["region_code"], pos["snapshot_date"] = "9999", "2026-01-31"

    post_of = np.repeat(np.arange(len(pos)), pos["current_staff"].to_numpy())
    n = len(post_of)
    min_rank = pos["min_education"].map({e: i for i, e in enumerate(EDU)}).to_numpy()[post_of]
    edu_idx = np.clip(min_rank + rng.choice([0, 0, 0, 1, 2], size=n), 0, len(EDU) - 1)
    comp = rng.integers(1, 6, size=(n, 3)).astype(float)
    comp[rng.random((n, 3)) < 0.08] = np.nan
    years = rng.gamma(2.0, 2.2, size=n)
    eligible = (years >= 2) & (rng.random(n) < 0.8)
    willing = rng.choice(np.array([True, False, None], dtype=object), size=n, p=[0.8, 0.1, 0.1])
    units = pos["unit_code"].unique()
    pref = [
        ";".join(rng.choice(units, size=rng.integers(1, 4), replace=False)) if rng.random() < 0.3 else None
        for _ in range(n)
    ]
    held = [pos["position_code"].iat[rng.integers(len(pos))] if rng.random() < 0.2 else None for _ in range(n)]
    emp = pd.DataFrame(
        {
            "nip": [
                (pd.Timestamp("1970-01-01") + pd.Timedelta(days=k // 500)).strftime("%Y%m%d")
                + f"201001{1 + k % 2}{k % 500:03d}"
                for k in range(n)
            ],
            "name": [f"Pegawai {k}" for k in range(n)],
            "gender": rng.choice(["L", "P"], size=n, p=[0.46, 0.54]),
            "age_years": rng.integers(24, 58, size=n),
            "golongan": rng.choice(["II/c", "III/a", "III/b", "III/c", "III/d", "IV/a"], size=n),
            "education_level": np.array(EDU)[edu_idx],
            "position_code": pos["position_code"].to_numpy()[post_of],
            "unit_code": pos["unit_code"].to_numpy()[post_of],
            "competency_technical": comp[:, 0],
            "competency_managerial": comp[:, 1],
            "competency_sociocultural": comp[:, 2],
            "job_fit_score": np.nan,
            "is_eligible": eligible,
            "ineligibility_reasons": np.where(eligible, None, "masa jabatan < 2 tahun atau SKP"),
            "is_due_for_rotation": years >= 5,
            "years_in_position": np.round(years, 1),
            "willing_to_move": willing,
            "preferred_unit_codes": pref,
            "positions_held_last_2y": held,
        }
    )
    return pos, emp


def main(argv: list[str] | None = None) -> None:
    from .api import recommend

    ap = argparse.ArgumentParser(description="Time the recommender on a synthetic regency.")
    ap.add_argument("--employees", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--seeds-dir", type=Path, default=None, help="dbt seeds directory (default: illustrative example parameters)"
    )
    args = ap.parse_args(argv)
    params = load_recommend_params(args.seeds_dir) if args.seeds_dir else example_params()
    positions, employees = synthetic_instance(args.employees, args.seed, params.effective_minutes_per_year)
    t0 = time.perf_counter()
    result = recommend(positions, employees, params)
    total = time.perf_counter() - t0
    s = result.solver
    print(
        f"employees={len(employees)} positions={len(positions)} rule_candidates={s.n_rule_candidates} "
        f"solver_candidates={s.n_candidates} constraints={s.n_constraints}"
    )
    print(
        f"status={s.status} objective={s.objective:.4f} mip_gap={s.mip_gap:g} "
        f"solve_seconds={s.seconds:.2f} recommend_total_seconds={total:.2f} moves={len(result.moves)}"
    )
    print(result.comparison.to_string(index=False))


if __name__ == "__main__":
    main()
