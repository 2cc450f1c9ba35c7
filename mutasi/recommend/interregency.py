"""Inter-regency candidate moves for a province (issue 17, first part): the same hard rules as within a regency,
applied across the regencies of one province, solved exactly.

Under PP 11/2017 Pasal 192 a move between regencies of one province is decided by the governor (after the BKN
consideration). This module only proposes: where one regency's surplus meets another's shortage, which
eligible employees could move, with fit.

Model (one 0/1 column per candidate (employee, post of another regency)):

    maximise   sum value_e x_e               (value as within a regency: balance, fit, rotation, costs)
    subject to one move per employee; every post within [-surplus, +gap] net (as within a regency);
               per regency: people leaving <= max(1, floor(max_outflow_share x its employees))
                            people arriving <= max(1, floor(max_inflow_share x max(its employees, its
                            required headcount)))

Rules on top of the within-regency ones (candidates.rule_candidates on the province's posts and employees
with region-qualified keys): the target is in another regency of the same province and is short of staff,
the source post has staff above need (both counted after the regencies' own plans); the type of post is one
of ``interregency_position_types``; the employee is willing to leave the regency
(said yes to moving, ``willing_to_move`` true, and either named no preferred unit or named a unit of another
regency of the province) or is due for rotation. A province with one regency has no candidates (and no
error).

How it combines with the regencies' own plans (``within``): the inter-regency plan is made second, on the
province as the regencies' plans leave it. Employees those plans move are not candidates, and every post
counts the staff it has after them; so the two plans never claim the same person, and a post never
receives more than its remaining gap. A regency's own plan comes first because it is the regency's
decision (PP 11/2017 Pasal 190) and needs no governor; the province fills what remains.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..reference import is_region, region
from .candidates import rule_candidates, score_candidates
from .interregency_model import TypeModel, assign_posts, solve_types, type_candidates, types_exact
from .params import RecommendParams
from .prepare import fresh_frame, prepare_employees, prepare_positions, split_list, to_bool
from .solver import SolverStats, solve_aggregated, solve_pairs
from .succession import build_succession, empty_succession

SEPARATOR = "|"
INTERREGENCY_COLUMNS = (
    "nip",
    "name",
    "from_region_code",
    "from_region_name",
    "from_position_code",
    "from_position_name",
    "from_unit_name",
    "to_region_code",
    "to_region_name",
    "to_position_code",
    "to_position_name",
    "to_unit_name",
    "position_type",
    "job_family",
    "job_level",
    "source_surplus_before",
    "target_gap_before",
    "job_fit_before",
    "job_fit_after",
    "balance_gain",
    "is_willing",
    "is_due_for_rotation",
    "objective_value",
    "priority_rank",
    "reason_codes",
    "explanation",
)
#: reason codes of an inter-regency move, in the order they are listed
REASON_ORDER = ("FILLS_VACANCY", "FILLS_SHORTAGE", "RELIEVES_SURPLUS", "IMPROVES_FIT", "DUE_FOR_ROTATION", "WILLING")


@dataclass(frozen=True)
class InterregencyRules:
    """The province-level parameters (seed parameters.csv, issue 17)."""

    position_types: frozenset[str] = frozenset({"pelaksana", "fungsional"})
    max_outflow_share: float = 0.01
    max_inflow_share: float = 0.01


POSITION_TYPES = ("JPT", "administrator", "pengawas", "pelaksana", "fungsional")


def load_interregency_rules(seeds_dir) -> InterregencyRules:
    """The province-level parameters from seed parameters.csv (the defaults above when a row is absent)."""
    from pathlib import Path

    seeds = Path(seeds_dir)
    if not (seeds / "parameters.csv").exists():
        seeds = seeds / "params"
    table = pd.read_csv(seeds / "parameters.csv", dtype=str, keep_default_na=False)
    values = {p.strip(): v.strip() for p, v in zip(table["parameter"], table["value"])}
    default = InterregencyRules()
    types = frozenset(t.strip() for t in values.get("interregency_position_types", "").split(";") if t.strip())
    unknown = types - set(POSITION_TYPES)
    if unknown:
        raise ValueError(f"interregency_position_types: unknown type(s) {sorted(unknown)}; known: {POSITION_TYPES}")
    shares = {}
    for name in ("max_outflow_share", "max_inflow_share"):
        raw = values.get(f"interregency_{name}", "")
        shares[name] = float(raw) if raw else getattr(default, name)
        if not 0 <= shares[name] <= 1:
            raise ValueError(f"interregency_{name} = {raw}: a share between 0 and 1")
    return InterregencyRules(position_types=types or default.position_types, **shares)


def _qualified(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    out = frame.copy(deep=False)  # whole columns are replaced below (a deep copy merges blocks: prepare.fresh_frame)
    for c in columns:
        out[c] = out["region_code"].astype(str) + SEPARATOR + out[c].astype(str)
    return out


def _cap(share: float, n: int) -> int:
    return max(1, int(np.floor(share * n + 1e-9))) if n else 0


def _region_name(code: str) -> str:
    return region(code).region_name if is_region(code) else code


def after_within_plans(
    positions: pd.DataFrame, employees: pd.DataFrame, within: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The province as the regencies' own plans leave it: the employees ``within`` moves (rows region_code,
    nip, to_position_code) taken out, and every post's ``current_staff`` counted after those moves (one less
    at the source, one more at the target). Moves naming an unknown employee or post are ignored."""
    if within is None or len(within) == 0:
        return positions, employees
    plan = within.assign(region_code=within["region_code"].astype(str), nip=within["nip"].astype(str))
    plan = plan.assign(to_position_code=plan["to_position_code"].astype(str))
    # the three key columns only: assign() on the whole frame copied every column (1.3 s at province 32)
    emp = pd.DataFrame(
        {
            "region_code": employees["region_code"].astype(str).to_numpy(),
            "nip": employees["nip"].astype(str).to_numpy(),
            "position_code": employees["position_code"].to_numpy(),
        }
    )
    located = plan.merge(
        emp[["region_code", "nip", "position_code"]].drop_duplicates(["region_code", "nip"]),
        on=["region_code", "nip"],
    )
    pos = positions.copy()
    key = pos["region_code"].astype(str) + SEPARATOR + pos["position_code"].astype(str)
    leaving = (located["region_code"] + SEPARATOR + located["position_code"].astype(str)).value_counts()
    arriving = (located["region_code"] + SEPARATOR + located["to_position_code"]).value_counts()
    staff = pd.to_numeric(pos["current_staff"], errors="coerce").fillna(0).astype(np.int64)
    pos["current_staff"] = (
        staff - key.map(leaving).fillna(0).astype(np.int64) + key.map(arriving).fillna(0).astype(np.int64)
    ).clip(lower=0)
    moved = pd.MultiIndex.from_arrays([located["region_code"], located["nip"]])
    stays = ~pd.MultiIndex.from_arrays([emp["region_code"], emp["nip"]]).isin(moved)
    return pos, fresh_frame(employees[stays])


def _willing_across(emp: pd.DataFrame, units_by_region: dict[str, set[str]]) -> np.ndarray:
    """Said yes to moving and, when preferred units are named, one of them is a unit of another regency."""
    willing = to_bool(emp["willing_to_move"], None) if "willing_to_move" in emp else np.full(len(emp), None)
    said_yes = np.array([w is True for w in willing], dtype=bool)
    if "preferred_unit_codes" not in emp:
        return said_yes
    elsewhere = {r: set().union(*(u for q, u in units_by_region.items() if q != r)) for r in units_by_region}
    region_of = emp["region_code"].astype(str).to_numpy()
    out = said_yes.copy()
    preferred = emp["preferred_unit_codes"].to_numpy()
    for k in np.flatnonzero(said_yes):
        named = split_list(preferred[k])
        if named:
            out[k] = not elsewhere.get(region_of[k], set()).isdisjoint(named)
    return out


def interregency_plan(
    positions: pd.DataFrame,
    employees: pd.DataFrame,
    params: RecommendParams,
    rules: InterregencyRules = InterregencyRules(),
    strategy: str | None = None,
    within: pd.DataFrame | None = None,
    formulation: str = "types",
) -> tuple[pd.DataFrame, SolverStats]:
    """The optimal inter-regency moves of one province snapshot: (moves, solver statistics). ``positions``
    and ``employees`` hold the rows of every regency of the province, with ``region_code``; ``within`` the
    regencies' own plans (region_code, nip, to_position_code), taken as made first (after_within_plans).
    ``formulation``: "types" (default: per employee, post type and regency, columns generated on demand,
    interregency_model.py; the pairs below when a rule singles out a post, ``types_exact``), "aggregated"
    (every pair built and scored, solver.solve_aggregated with regencies as units, LP first) or "pairs" (one
    column per pair, plain HiGHS MILP: the independent check); all three are exact."""
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in INTERREGENCY_COLUMNS})
    regions = sorted(set(positions["region_code"].astype(str)))
    if len(regions) < 2:
        return empty, SolverStats("optimal", 0.0, 0.0, 0.0, 0, method="one regency", bound=0.0)
    # the caps count each regency's staff as delivered, before any plan
    staff = employees["region_code"].astype(str).value_counts()
    units_by_region = {
        r: set(g.astype(str)) for r, g in positions.groupby(positions["region_code"].astype(str))["unit_code"]
    }
    positions, employees = after_within_plans(positions, employees, within)
    pos = prepare_positions(_qualified(positions, "position_code", "unit_code"), params)
    emp = prepare_employees(_qualified(employees, "position_code", "unit_code"), pos, params)
    willing = _willing_across(emp, units_by_region)
    if "preferred_unit_codes" in emp:
        emp = emp.drop(columns=["preferred_unit_codes"])  # raw unit codes of the own regency: no bonus across
    region_of_post = pos["position_code"].str.split(SEPARATOR, n=1).str[0].to_numpy()
    allowed_type = pos["position_type"].isin(rules.position_types).to_numpy()
    # where one regency's surplus meets another's shortage: only employees who may leave their regency, from
    # posts of an allowed type with staff above need (after their regency's plan), are expanded into pairs,
    # and only into posts of an allowed type still short of staff. (Swap chains through a short post, which
    # the within-regency model allows, are left out here: they would multiply the pairs of a province.)
    jf_all = emp["j_from"].to_numpy()
    jf_safe = np.maximum(jf_all, 0)
    emp = emp.assign(
        eligible=emp["eligible"].to_numpy()
        & (willing | emp["due"].to_numpy())
        & (jf_all >= 0)
        & allowed_type[jf_safe]
        & (pos["surplus"].to_numpy()[jf_safe] > 0)
    )
    target_mask = allowed_type & (pos["gap_pos"].to_numpy() > 0)
    region_index = pd.Index(sorted(set(region_of_post))).get_indexer(region_of_post)
    out_cap, in_cap = _caps(pos, region_of_post, staff, rules)
    if formulation == "types" and types_exact(emp, pos, params):
        # per (employee, post type, regency), columns generated on demand (interregency_model.py): province 32
        # (2026-12-05) 8.0 M pairs built and scored, 18.0 CPU-s, peak RSS 3.9 GB -> 408 k (employee, type)
        # candidates, ~23 k columns, ~7 CPU-s, 1.75 GB; same objective 8688.75
        cand, tau = type_candidates(emp, pos, params, target_mask)
        model = TypeModel(cand, tau, pos, target_mask, region_index, out_cap, in_cap)
        if len(model.cand) == 0:
            return empty, SolverStats("optimal", 0.0, 0.0, 0.0, 0, method="no candidate", bound=0.0)
        columns, stats = solve_types(model, out_cap, strategy=strategy or "lp_first")
        chosen = assign_posts(columns, model, tau, region_index, pos["gap_pos"].to_numpy(), target_mask)
        stats = replace(stats, n_employees=len(emp), n_positions=len(pos))
        return _moves(chosen, emp, pos, willing), stats
    if formulation not in ("types", "aggregated", "pairs"):
        raise ValueError(f"unknown formulation {formulation!r}")
    rule_c = rule_candidates(emp, pos, params, target_mask=target_mask)
    i, j, jf = (rule_c[c].to_numpy() for c in ("i", "j", "j_from"))
    keep = region_of_post[j] != region_of_post[jf]
    scored = score_candidates(rule_c[keep].reset_index(drop=True), emp, pos, params)
    cand = scored[scored["worthwhile"].to_numpy()].reset_index(drop=True)
    if len(cand) == 0:
        return empty, SolverStats("optimal", 0.0, 0.0, 0.0, 0, method="no candidate", bound=0.0)

    # every candidate crosses a regency: regencies are the units of the model, plus one inflow row per regency
    crossing = cand.assign(cross_unit=True, bonus=0.0)
    if formulation == "pairs":
        x, stats = solve_pairs(
            crossing,
            len(pos),
            region_index,
            out_cap,
            pos["gap_pos"].to_numpy(),
            pos["surplus"].to_numpy(),
            strategy=strategy or "milp",
            inflow_cap=in_cap,
        )
    else:  # type nodes, with bit nodes that keep a move out of the own regency
        x, stats = solve_aggregated(
            crossing, pos.assign(u=region_index), out_cap, 0.0, strategy=strategy or "lp_first", inflow_cap=in_cap
        )
    chosen = cand[x].reset_index(drop=True)
    stats = replace(stats, n_employees=len(emp), n_positions=len(pos))
    return _moves(chosen, emp, pos, willing), stats


def _text(frame: pd.DataFrame, column: str, fallback: np.ndarray) -> np.ndarray:
    if column not in frame:
        return fallback
    values = frame[column].astype(object).to_numpy()
    return np.where(pd.isna(values), fallback, values)


def _moves(chosen: pd.DataFrame, emp: pd.DataFrame, pos: pd.DataFrame, willing: np.ndarray) -> pd.DataFrame:
    """The chosen moves with region-split codes, names of posts and regencies, reasons and a Bahasa
    Indonesia explanation that names both regencies (and no person)."""
    i, j, jf = (chosen[c].to_numpy() for c in ("i", "j", "j_from"))
    split = [c.split(SEPARATOR, 1) for c in pos["position_code"].to_numpy()]
    region_of, code_of = np.array([r for r, _ in split]), np.array([c for _, c in split], dtype=object)
    post_name = _text(pos, "position_name", code_of)
    unit_name = _text(pos, "unit_name", np.array([u.split(SEPARATOR, 1)[-1] for u in pos["unit_code"]], dtype=object))
    gap = pos["gap"].to_numpy()
    fit_before = np.round(chosen["fit_before"].to_numpy(float), 4)
    fit_after = np.round(chosen["fit_after"].to_numpy(float), 4)
    names = {r: _region_name(r) for r in set(region_of)}
    out = pd.DataFrame(
        {
            "nip": emp["nip"].to_numpy()[i],
            "name": _text(emp, "name", np.full(len(emp), None, dtype=object))[i],
            "from_region_code": region_of[jf],
            "from_region_name": [names[r] for r in region_of[jf]],
            "from_position_code": code_of[jf],
            "from_position_name": post_name[jf],
            "from_unit_name": unit_name[jf],
            "to_region_code": region_of[j],
            "to_region_name": [names[r] for r in region_of[j]],
            "to_position_code": code_of[j],
            "to_position_name": post_name[j],
            "to_unit_name": unit_name[j],
            "position_type": pos["position_type"].to_numpy()[j],
            "job_family": pos["job_family"].to_numpy()[j],
            "job_level": _text(pos, "job_level", np.full(len(pos), None, dtype=object))[j],
            "source_surplus_before": np.maximum(-gap[jf], 0).astype(np.int64),
            "target_gap_before": np.maximum(gap[j], 0).astype(np.int64),
            "job_fit_before": fit_before,
            "job_fit_after": fit_after,
            "balance_gain": chosen["balance_gain"].to_numpy().astype(np.int64),
            "is_willing": willing[i].astype(bool),
            "is_due_for_rotation": emp["due"].to_numpy()[i].astype(bool),
            "objective_value": np.round(chosen["value"].to_numpy(float), 6),
        }
    )
    flags = {
        "FILLS_VACANCY": chosen["is_vacancy"].to_numpy(bool),
        "FILLS_SHORTAGE": (gap[j] > 0) & ~chosen["is_vacancy"].to_numpy(bool),
        "RELIEVES_SURPLUS": gap[jf] < 0,
        "IMPROVES_FIT": chosen["fit_gain"].to_numpy(float) > 1e-9,
        "DUE_FOR_ROTATION": out["is_due_for_rotation"].to_numpy(),
        "WILLING": out["is_willing"].to_numpy(),
    }
    out["reason_codes"] = [";".join(c for c in REASON_ORDER if flags[c][k]) for k in range(len(out))]
    out["explanation"] = [_explain(row) for row in out.itertuples(index=False)]
    out = out.sort_values(["objective_value", "from_region_code", "nip"], ascending=[False, True, True])
    out["priority_rank"] = np.arange(1, len(out) + 1, dtype=np.int64)
    return out.sort_values(["from_region_code", "nip"]).reset_index(drop=True)[list(INTERREGENCY_COLUMNS)]


def _number(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _explain(m) -> str:
    """One move in Bahasa Indonesia: both regencies, both posts, why, and who decides (no person named)."""
    parts = [
        f"Mutasi antar-kabupaten/kota dari {m.from_position_name} ({m.from_unit_name}) di {m.from_region_name} "
        f"ke {m.to_position_name} ({m.to_unit_name}) di {m.to_region_name}."
    ]
    if m.target_gap_before > 0:
        parts.append(
            f"Di {m.to_region_name} jabatan tujuan masih kekurangan {m.target_gap_before} orang setelah rencana "
            "mutasi internal kabupaten/kota itu"
            + (
                f"; di {m.from_region_name} jabatan asal kelebihan {m.source_surplus_before} orang."
                if m.source_surplus_before > 0
                else "."
            )
        )
    if m.job_fit_after > m.job_fit_before + 1e-9:
        parts.append(f"Kecocokan jabatan naik dari {_number(m.job_fit_before)} menjadi {_number(m.job_fit_after)}.")
    elif m.job_fit_after < m.job_fit_before - 1e-9:
        parts.append(f"Kecocokan jabatan turun dari {_number(m.job_fit_before)} menjadi {_number(m.job_fit_after)}.")
    else:
        parts.append(f"Kecocokan jabatan tetap {_number(m.job_fit_after)}.")
    if m.is_willing:
        parts.append("Pegawai menyatakan bersedia dipindahkan ke luar kabupaten/kotanya.")
    elif m.is_due_for_rotation:
        parts.append("Pegawai belum menyatakan bersedia, tetapi sudah 5 tahun atau lebih dalam jabatan (wajib rotasi).")
    parts.append(
        "Mutasi antar-kabupaten/kota dalam satu provinsi ditetapkan oleh Gubernur setelah pertimbangan "
        "Kepala BKN (PP 11/2017 Pasal 192)."
    )
    return " ".join(parts)


TALENT_POOL_COLUMNS = (
    "region_code",
    "position_code",
    "position_name",
    "unit_name",
    "position_type",
    "opening_reason",
    "holder_retirement_date",
    "candidate_rank",
    "candidate_region_code",
    "candidate_region_name",
    "nip",
    "name",
    "from_position_code",
    "from_position_type",
    "is_same_regency",
    "talent_box",
    "job_fit_at_post",
    "readiness",
    "gaps_to_close",
    "years_to_retirement",
)


def provincial_talent_pool(
    positions: pd.DataFrame, employees: pd.DataFrame, params: RecommendParams, size: int | None = None
) -> pd.DataFrame:
    """For every key post of the province that is vacant or whose holder retires within the succession
    horizon: the ``size`` (default shortlist_size) best candidates from every regency of the province,
    ranked as in the succession shortlist (succession.py: talent box, same family, job fit, NIP). A key post
    opening with no candidate anywhere in the province has one row without a candidate (nip and
    candidate_rank null): the pool's coverage counts it, and it is the post for an open selection beyond the
    province."""
    size = int(params.shortlist_size if size is None else size)
    if len(positions) == 0 or len(employees) == 0:
        return _empty_pool()
    pos_q = _qualified(positions, "position_code", "unit_code")
    emp_q = _qualified(employees, "position_code", "unit_code")
    pos = prepare_positions(pos_q, params)
    emp = prepare_employees(emp_q, pos, params)
    found = build_succession(emp, pos, params, size, list_unfilled=True)
    if len(found) == 0:
        return _empty_pool()
    post = pos.set_index("position_code")
    where = found["position_code"].str.split(SEPARATOR, n=1)
    came = found["from_position_code"].str.split(SEPARATOR, n=1)
    names = {r: _region_name(r) for r in set(where.str[0]) | set(came.str[0])}
    out = found.assign(
        region_code=where.str[0],
        position_code=where.str[1],
        position_name=_text(post, "position_name", post.index.to_numpy())[
            post.index.get_indexer(found["position_code"])
        ],
        unit_name=_text(post, "unit_name", post["unit_code"].to_numpy())[
            post.index.get_indexer(found["position_code"])
        ],
        candidate_region_code=came.str[0],
        candidate_region_name=came.str[0].map(names),
        from_position_code=came.str[1],
    )
    none = out["nip"].isna().to_numpy()
    out.loc[none, ["candidate_region_code", "candidate_region_name", "from_position_code"]] = None
    out["is_same_regency"] = (out["candidate_region_code"] == out["region_code"]).where(~none, None)
    return (
        out[list(TALENT_POOL_COLUMNS)]
        .sort_values(["region_code", "position_code", "candidate_rank"])
        .reset_index(drop=True)
    )


def _empty_pool() -> pd.DataFrame:
    base = empty_succession()
    out = pd.DataFrame({c: base[c] if c in base else pd.Series(dtype=object) for c in TALENT_POOL_COLUMNS})
    return out.astype({"is_same_regency": bool})


def _caps(pos: pd.DataFrame, region_of_post: np.ndarray, staff: pd.Series, rules) -> tuple[np.ndarray, np.ndarray]:
    """Per regency (sorted codes): the outflow cap on its staff as delivered and the inflow cap on the larger of
    its staff and its required headcount (ABK), so that a regency short of nearly everyone can still receive."""
    regions = sorted(set(region_of_post))
    required = pd.Series(pos["required_headcount"].to_numpy(), index=region_of_post).groupby(level=0).sum()
    out_cap = np.array([_cap(rules.max_outflow_share, int(staff.get(r, 0))) for r in regions])
    in_cap = np.array(
        [_cap(rules.max_inflow_share, max(int(staff.get(r, 0)), int(required.get(r, 0)))) for r in regions]
    )
    return out_cap, in_cap
