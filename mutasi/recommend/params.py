"""Parameters of the recommender, read from the dbt seeds (never a copy of the numbers).

Seeds used (all under ``dbt_project/seeds/``):

* ``parameters.csv`` (parameter, value, unit, description, source, status): the scalar constants.
* ``gap_weights.csv`` (gap, weight, ...): the profile-matching gap table.
* ``profile_factors.csv`` (factor, is_core, ...): which factors count as core.
* ``education_levels.csv`` (education_level, rank, profile_level, ...): education order and level 1-5.
* ``related_job_families.csv`` (job_family, related_job_family): families a lateral move may cross
  (read symmetrically; optional file).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

#: Keys of ``parameters.csv`` the recommender needs; missing ones are an error.
REQUIRED_KEYS = (
    "effective_minutes_per_year",
    "core_factor_share",
    "weight_workload_balance",
    "weight_job_fit",
    "weight_rotation_urgency",
    "weight_preference",
    "penalty_unwilling",
    "cost_per_move",
    "min_fit_gain",
    "max_unit_outflow_share",
)

#: Optional keys of ``parameters.csv`` with the default used when the seed does not (yet) carry them
#: (documented in docs/recommendations.md).
OPTIONAL_KEYS = {
    "lateral_same_job_level": 1.0,  # 1: a lateral move also keeps the jenjang (job_level) when both posts have one
    "max_moves_share": 0.0,  # the move budget: at most this share of a region's employees per snapshot; 0 = none
    "shortlist_size": 5.0,  # candidates listed per vacant or understaffed post (vacancy shortlists, succession)
    "succession_horizon_years": 3.0,  # key posts whose holder retires within this many years get successors
    "succession_ready_max_gap": 0.0,  # competency levels below target a box 7-9 candidate may have, "siap sekarang"
    "major_mismatch_gap": 1.0,
    "weight_keep_previous": 0.0,
    "training_need_lookback_years": 2.0,
    # the decision loop (issue 16, mutasi/recommend/decisions.py)
    "decision_reject_months": 12.0,
    "decision_postpone_months": 3.0,
    "decision_approved_months": 12.0,
    "objection_needs_decision": 1.0,  # diklat finished within this many years counts against a need  # added to a move the previous snapshot's plan also recommended (stability)  # profile levels a major outside jurusan_syarat takes off the education factor (fit)
}

#: Text parameters of ``parameters.csv`` with their allowed values (first = default when absent).
TEXT_KEYS = {
    # how the post's required majors (jurusan_syarat) count: in job fit (a mismatch lowers the education
    # factor by major_mismatch_gap levels), as a hard rule of every move (eligibility), or not at all
    "major_requirement_use": ("fit", "eligibility", "none"),
}

#: (grade, lower bound, lower inclusive, upper bound, upper inclusive); None = open. SPEC §6 values,
#: used only when ``grade_bands.csv`` is absent.
DEFAULT_GRADE_BANDS = (
    ("A", 1.00, False, None, False),
    ("B", 0.90, True, 1.00, True),
    ("C", 0.70, True, 0.90, False),
    ("D", 0.50, True, 0.70, False),
    ("E", None, False, 0.50, False),
)

FACTORS = ("technical", "managerial", "sociocultural", "education")


@dataclass(frozen=True)
class RecommendParams:
    """Everything the recommender needs besides the data. Immutable; build with
    :func:`load_recommend_params` or directly (tests)."""

    effective_minutes_per_year: float
    core_factor_share: float
    #: per unit of total staffing imbalance (gap + surplus) removed; every gap closed also removes one
    #: surplus (net arrivals sum to zero), so a closed gap is worth 2 x this
    weight_workload_balance: float
    weight_job_fit: float
    weight_rotation_urgency: float
    weight_preference: float
    penalty_unwilling: float
    #: subtracted from every move (disruption of a transfer): a move must be worth more than this
    cost_per_move: float
    #: a "fit" move: job fit at the target at least this much higher than now
    min_fit_gain: float
    max_unit_outflow_share: float
    #: (gap, weight) pairs of the profile-matching gap table, gap in -4..4
    gap_weights: tuple[tuple[int, float], ...]
    #: factors that are core (subset of FACTORS); the others listed in ``factors`` are secondary
    core_factors: frozenset[str]
    #: factors used in the job-fit score
    factors: tuple[str, ...]
    #: education_level -> (rank, profile_level)
    education_levels: Mapping[str, tuple[int, int]]
    #: unordered pairs of job families that count as lateral to each other
    related_job_families: frozenset[tuple[str, str]] = frozenset()
    #: seed training_catalogue: (competency, min_gap, max_gap, training, hours JP, kinds of diklat whose
    #: recent hours count against it) per competency gap
    training_catalogue: tuple[tuple[str, int, int, str, float, tuple[str, ...]], ...] = ()
    #: (family, family, position_type): pairs related only for that type of post (seed column position_types)
    related_job_families_by_type: frozenset[tuple[str, str, str]] = frozenset()
    lateral_same_job_level: float = OPTIONAL_KEYS["lateral_same_job_level"]
    #: the move budget per region snapshot, as a share of its employees (0: no budget)
    max_moves_share: float = OPTIONAL_KEYS["max_moves_share"]
    #: candidates listed per vacant or understaffed post in the vacancy shortlists
    shortlist_size: float = OPTIONAL_KEYS["shortlist_size"]
    #: succession candidates: key posts opening within this many years (vacant now, or holder retiring)
    succession_horizon_years: float = OPTIONAL_KEYS["succession_horizon_years"]
    #: succession readiness: a box 7-9 candidate with no competency more than this many levels below the
    #: key post's target (all three assessed) is ready now
    succession_ready_max_gap: float = OPTIONAL_KEYS["succession_ready_max_gap"]
    #: profile levels a major outside the post's jurusan_syarat takes off the education factor (fit mode)
    major_mismatch_gap: float = OPTIONAL_KEYS["major_mismatch_gap"]
    #: plan stability: value added to a move (same person, same target post) that the previous
    #: snapshot's plan recommended too
    weight_keep_previous: float = OPTIONAL_KEYS["weight_keep_previous"]
    #: years before the snapshot within which finished diklat counts against a training need (label only:
    #: dbt sums the hours, employee_indices.recent_training_hours_*)
    training_need_lookback_years: float = OPTIONAL_KEYS["training_need_lookback_years"]
    #: the decision loop: months a rejected move is not proposed again, a postponed one waits, an approved
    #: one not yet carried out is taken as done; 1 = a move objected to waits for a decision
    decision_reject_months: float = OPTIONAL_KEYS["decision_reject_months"]
    decision_postpone_months: float = OPTIONAL_KEYS["decision_postpone_months"]
    decision_approved_months: float = OPTIONAL_KEYS["decision_approved_months"]
    objection_needs_decision: float = OPTIONAL_KEYS["objection_needs_decision"]
    #: "fit", "eligibility" or "none": how the post's required majors count (TEXT_KEYS)
    major_requirement_use: str = TEXT_KEYS["major_requirement_use"][0]
    grade_bands: tuple[tuple[str, float | None, bool, float | None, bool], ...] = DEFAULT_GRADE_BANDS
    #: short hash of the seed files read ("" when built by hand); the pipeline records the dbt
    #: params_version, this is only the recommender's own fingerprint
    version: str = ""
    extra: Mapping[str, float] = field(default_factory=dict)

    def move_budget(self, n_employees: int) -> int | None:
        """The most moves of one region snapshot: floor(share x employees), at least 1; None without one."""
        if self.max_moves_share <= 0:
            return None
        return max(1, int(math.floor(self.max_moves_share * n_employees + 1e-9)))

    def gap_weight(self, gap: int) -> float:
        return dict(self.gap_weights)[int(max(-4, min(4, gap)))]

    def education_rank(self, level: str | None) -> int | None:
        v = self.education_levels.get(level) if level is not None else None
        return None if v is None else v[0]

    def education_profile_level(self, level: str | None) -> int | None:
        v = self.education_levels.get(level) if level is not None else None
        return None if v is None else v[1]

    def family_pairs(self, position_type: str | None = None) -> set[tuple[str, str]]:
        """Directed (family, target family) pairs from the related list, both directions: the pairs valid
        for every type of post, plus (when ``position_type`` is given) those listed for that type."""
        out: set[tuple[str, str]] = set()
        typed = {(a, b) for a, b, t in self.related_job_families_by_type if t == position_type}
        for a, b in set(self.related_job_families) | typed:
            out.add((a, b))
            out.add((b, a))
        return out


def _truthy(v) -> bool:
    return str(v).strip().lower() in {"1", "true", "t", "yes", "ya", "y"}


def load_recommend_params(seeds_dir: str | Path) -> RecommendParams:
    """Read the recommender's parameters from the dbt seed CSV files in ``seeds_dir`` (the folder
    holding parameters.csv, or its parent when the seeds live in a ``params/`` subfolder)."""
    seeds = Path(seeds_dir)
    if not (seeds / "parameters.csv").exists() and (seeds / "params" / "parameters.csv").exists():
        seeds = seeds / "params"
    files = {
        "parameters": seeds / "parameters.csv",
        "gap_weights": seeds / "gap_weights.csv",
        "profile_factors": seeds / "profile_factors.csv",
        "education_levels": seeds / "education_levels.csv",
        "related_job_families": seeds / "related_job_families.csv",
        "grade_bands": seeds / "grade_bands.csv",
        "training_catalogue": seeds / "training_catalogue.csv",
    }
    for name, path in files.items():
        if name not in ("related_job_families", "grade_bands", "training_catalogue") and not path.exists():
            raise FileNotFoundError(f"seed {path} is missing (needed by the recommender)")

    p = pd.read_csv(files["parameters"], dtype=str, keep_default_na=False)
    p.columns = [c.strip().lower() for c in p.columns]
    values = {r.parameter.strip(): r.value.strip() for r in p.itertuples()}
    missing = [k for k in REQUIRED_KEYS if k not in values or values[k] == ""]
    if missing:
        raise KeyError(f"{files['parameters']} lacks parameter(s): {', '.join(missing)}")
    scalars = {k: float(values[k]) for k in REQUIRED_KEYS}
    for k, default in OPTIONAL_KEYS.items():
        scalars[k] = float(values[k]) if values.get(k, "") != "" else default
    texts = {}
    for k, allowed in TEXT_KEYS.items():
        texts[k] = values.get(k, "") or allowed[0]
        if texts[k] not in allowed:
            raise ValueError(f"{files['parameters']}: {k} = {texts[k]!r}; allowed: {', '.join(allowed)}")

    g = pd.read_csv(files["gap_weights"])
    g.columns = [c.strip().lower() for c in g.columns]
    gap_weights = tuple(sorted((int(r.gap), float(r.weight)) for r in g.itertuples()))
    if {k for k, _ in gap_weights} != set(range(-4, 5)):
        raise ValueError(f"{files['gap_weights']} must list every gap from -4 to 4")

    f = pd.read_csv(files["profile_factors"], dtype=str, keep_default_na=False)
    f.columns = [c.strip().lower() for c in f.columns]
    factors = tuple(x.strip().lower() for x in f["factor"])
    unknown = set(factors) - set(FACTORS)
    if unknown:
        raise ValueError(f"unknown profile factor(s) {sorted(unknown)}; known: {FACTORS}")
    core = frozenset(x.strip().lower() for x, c in zip(f["factor"], f["is_core"]) if _truthy(c))

    e = pd.read_csv(files["education_levels"], dtype=str, keep_default_na=False)
    e.columns = [c.strip().lower() for c in e.columns]
    rank_col = "education_rank" if "education_rank" in e.columns else "rank"
    education = {
        lvl.strip(): (int(float(rk)), int(float(pl)))
        for lvl, rk, pl in zip(e["education_level"], e[rank_col], e["profile_level"])
    }

    bands = DEFAULT_GRADE_BANDS
    if files["grade_bands"].exists():
        b = pd.read_csv(files["grade_bands"], dtype=str, keep_default_na=False)
        b.columns = [c.strip().lower() for c in b.columns]

        def bound(v: str) -> float | None:
            return None if v.strip() == "" else float(v)

        bands = tuple(
            (
                r["grade"].strip(),
                bound(r["lower_bound"]),
                _truthy(r["lower_inclusive"]),
                bound(r["upper_bound"]),
                _truthy(r["upper_inclusive"]),
            )
            for r in b.to_dict("records")
        )

    related: frozenset[tuple[str, str]] = frozenset()
    related_by_type: frozenset[tuple[str, str, str]] = frozenset()
    if files["related_job_families"].exists():
        r = pd.read_csv(files["related_job_families"], dtype=str, keep_default_na=False)
        r.columns = [c.strip().lower() for c in r.columns]
        types = r["position_types"] if "position_types" in r else pd.Series("", index=r.index)
        rows = [
            (a.strip(), b.strip(), [t.strip() for t in str(ts).split(";") if t.strip()])
            for a, b, ts in zip(r["job_family"], r["related_job_family"], types)
            if a.strip() and b.strip()
        ]
        related = frozenset((a, b) for a, b, ts in rows if not ts)
        related_by_type = frozenset((a, b, t) for a, b, ts in rows for t in ts)

    catalogue: tuple[tuple[str, int, int, str, float, tuple[str, ...]], ...] = ()
    if files["training_catalogue"].exists():
        tc = pd.read_csv(files["training_catalogue"], dtype=str, keep_default_na=False)
        tc.columns = [c.strip().lower() for c in tc.columns]
        catalogue = tuple(
            (
                r.competency.strip(),
                int(r.min_gap),
                int(r.max_gap),
                r.training.strip(),
                float(r.hours_jp),
                tuple(k.strip() for k in str(getattr(r, "counts_training_kinds", "")).split(";") if k.strip()),
            )
            for r in tc.itertuples(index=False)
        )

    h = hashlib.sha256()
    for name in sorted(files):
        if files[name].exists():
            h.update(name.encode())
            h.update(files[name].read_bytes())

    return RecommendParams(
        **scalars,
        **texts,
        gap_weights=gap_weights,
        core_factors=core,
        factors=factors,
        education_levels=education,
        related_job_families=related,
        related_job_families_by_type=related_by_type,
        training_catalogue=catalogue,
        grade_bands=bands,
        version=h.hexdigest()[:12],
        extra={k: float(v) for k, v in values.items() if _is_number(v)},
    )


def _is_number(v: str) -> bool:
    try:
        float(v)
    except ValueError:
        return False
    return True
