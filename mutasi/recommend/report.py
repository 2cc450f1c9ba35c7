"""Everything computed after the solve: reason codes, Bahasa Indonesia explanations, the projected
state, the fairness report, the not-moved lines and the greedy baseline."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .fit import FACTOR_COLUMNS, grade_of, recent_hours_of, training_needs
from .params import RecommendParams
from .prepare import ej, major_match

MOVE_COLUMNS = (
    "nip",
    "from_position_code",
    "from_unit_code",
    "to_position_code",
    "to_unit_code",
    "move_kind",
    "reason_codes",
    "explanation",
    "job_fit_before",
    "job_fit_after",
    "ej_from_before",
    "ej_from_after",
    "ej_to_before",
    "ej_to_after",
    "training_needs",
    "objective_value",
)
NOT_MOVED_COLUMNS = ("nip", "name", "position_code", "unit_code", "years_in_position", "reason_code", "explanation")
#: the grade whose posts count as overloaded (EJ > 1.00) for the TARGET_OVERLOADED reason code
OVERLOADED_GRADE = "A"
REASON_ORDER = (
    "TARGET_VACANT",
    "TARGET_UNDERSTAFFED",
    "TARGET_OVERLOADED",
    "SOURCE_SURPLUS",
    "SOURCE_REFILLED",
    "DUE_FOR_ROTATION",
    "FIT_GAIN",
    "PREFERRED_UNIT",
    "PREVIOUSLY_RECOMMENDED",
    "UNWILLING_BUT_DUE",
)


def fmt(x: float, decimals: int) -> str:
    """Indonesian decimal comma: 0.45 -> '0,45'."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "-"
    return f"{x:.{decimals}f}".replace(".", ",")


def flows(chosen: pd.DataFrame, n_posts: int) -> tuple[np.ndarray, np.ndarray]:
    inflow = np.bincount(chosen["j"].to_numpy(), minlength=n_posts).astype(np.int64)
    outflow = np.bincount(chosen["j_from"].to_numpy(), minlength=n_posts).astype(np.int64)
    return inflow, outflow


# ----------------------------------------------------------------------------------------- moves
def _source_phrase(surplus: int, gap: int, ej_v: float, grade: str | None) -> str:
    tail = f"(EJ {fmt(ej_v, 2)}, kelas {grade or '-'})"
    if surplus > 0:
        return f"Jabatan asal kelebihan {surplus} pegawai {tail}"
    if gap > 0:
        return f"Jabatan asal kekurangan {gap} pegawai {tail}"
    return f"Jabatan asal sesuai kebutuhan {tail}"


def _target_phrase(staff: int, required: int, gap: int, ej_v: float) -> str:
    if staff == 0:
        return f"jabatan tujuan kosong dan membutuhkan {required} orang"
    if gap > 0:
        return f"jabatan tujuan kekurangan {gap} orang (EJ {fmt(ej_v, 2)})"
    if gap < 0:
        return f"jabatan tujuan kelebihan {-gap} pegawai (EJ {fmt(ej_v, 2)})"
    return f"jabatan tujuan sesuai kebutuhan (EJ {fmt(ej_v, 2)})"


def _fit_phrase(before: float, after: float) -> str:
    b, a = fmt(before, 1), fmt(after, 1)
    if b == a:
        return f"kecocokan kompetensi tetap {a}"
    if after > before:
        return f"kecocokan kompetensi naik dari {b} menjadi {a}"
    return f"kecocokan kompetensi turun dari {b} menjadi {a}"


def _major_phrase(major: str, required: str, ok: bool) -> str:
    """Only for a target post with jurusan_syarat: whether the employee's major is among them."""
    if not required:
        return ""
    if ok:
        return f", jurusan {major} sesuai syarat jabatan tujuan"
    if not major:
        return f", jurusan pegawai tidak tercatat (syarat jurusan jabatan tujuan: {required})"
    return f", jurusan {major} tidak termasuk syarat jurusan jabatan tujuan ({required})"


def explanation(
    *,
    src_surplus: int,
    src_gap: int,
    src_ej: float,
    src_grade: str | None,
    tgt_staff: int,
    tgt_required: int,
    tgt_gap: int,
    tgt_ej: float,
    fit_before: float,
    fit_after: float,
    due: bool,
    years: float,
    unwilling: bool,
    preferred: bool,
    refilled: bool,
    refilled_by: str = "",
    kept: bool = False,
    major: str = "",
    required_majors: str = "",
    major_ok: bool = True,
) -> str:
    """One or two sentences: why this post (staffing of source and target) and competence; then,
    when they apply, why this person (rotation, preference, refilled source)."""
    first = (
        f"{_source_phrase(src_surplus, src_gap, src_ej, src_grade)} dan "
        f"{_target_phrase(tgt_staff, tgt_required, tgt_gap, tgt_ej)}; "
        f"{_fit_phrase(fit_before, fit_after)}"
        f"{_major_phrase(major, required_majors, major_ok)}."
    )
    extras = []
    if due:
        part = (
            f"pegawai sudah {fmt(years, 1)} tahun pada jabatan saat ini sehingga jatuh tempo rotasi"
            if years is not None and not np.isnan(years)
            else "pegawai sudah jatuh tempo rotasi"
        )
        if unwilling:
            part += " meskipun menyatakan tidak bersedia dimutasi"
        extras.append(part)
    if preferred:
        extras.append("unit tujuan termasuk unit yang diminati pegawai")
    if kept:
        extras.append("pemindahan yang sama sudah diusulkan dalam rencana snapshot sebelumnya")
    if refilled:
        extras.append(
            f"jabatan asal diisi kembali oleh {refilled_by} dalam rencana ini"
            if refilled_by
            else "jabatan asal diisi kembali oleh pegawai lain dalam rencana ini"
        )
    if not extras:
        return first
    second = "; ".join(extras)
    return f"{first} {second[0].upper()}{second[1:]}."


def build_moves(
    chosen: pd.DataFrame,
    emp: pd.DataFrame,
    pos: pd.DataFrame,
    params: RecommendParams,
    staff_after: np.ndarray,
    inflow: np.ndarray,
) -> pd.DataFrame:
    if len(chosen) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object if c in _TEXT else float) for c in MOVE_COLUMNS})
    i = chosen["i"].to_numpy()
    j = chosen["j"].to_numpy()
    jf = chosen["j_from"].to_numpy()
    ej_before = pos["ej_before"].to_numpy()
    ej_after = ej(pos["workload_minutes"].to_numpy(), staff_after, params)
    grade_before = grade_of(ej_before, params)
    staff = pos["current_staff"].to_numpy()
    req = pos["required_headcount"].to_numpy()
    gap = pos["gap"].to_numpy()
    surplus = pos["surplus"].to_numpy()
    years = emp["years_in_position"].to_numpy(float)
    refilled = inflow[jf] > 0
    # The chain a move belongs to: who fills the post it leaves (named in the explanation).
    nips = emp["nip"].to_numpy()
    pos_names = pos["position_name"].to_numpy() if "position_name" in pos else pos["position_code"].to_numpy()
    unit_names = pos["unit_name"].to_numpy() if "unit_name" in pos else pos["unit_code"].to_numpy()
    fills: dict[int, list[str]] = {}
    for k in np.argsort(nips[i], kind="stable"):
        fills.setdefault(int(j[k]), []).append(f"NIP {nips[i[k]]} dari {pos_names[jf[k]]} ({unit_names[jf[k]]})")

    def refilled_by(post: int) -> str:
        names = fills.get(int(post), [])
        if not names:
            return ""
        more = f" dan {len(names) - 2} pegawai lain" if len(names) > 2 else ""
        return ", ".join(names[:2]) + more

    actual = {f: emp[FACTOR_COLUMNS[f][0]].to_numpy(float)[i] for f in ("technical", "managerial", "sociocultural")}
    target = {f: pos[FACTOR_COLUMNS[f][1]].to_numpy(float)[j] for f in ("technical", "managerial", "sociocultural")}
    needs = training_needs(
        actual,
        target,
        pos["job_family"].to_numpy()[j],
        params.training_catalogue,
        recent_hours_of(emp, i),
        params.training_need_lookback_years,
    )

    # the target's jurusan_syarat as delivered, and whether the employee's major is among them
    required = (
        pos["required_majors"].fillna("").astype(str).str.strip().to_numpy()[j]
        if "required_majors" in pos
        else np.full(len(j), "")
    )
    majors = (
        emp["education_major"].fillna("").astype(str).str.strip().to_numpy()[i]
        if "education_major" in emp
        else np.full(len(i), "")
    )
    major_ok = major_match(emp, pos, i, j)

    codes, kinds, texts = [], [], []
    for k, row in enumerate(chosen.itertuples(index=False)):
        q, p = j[k], jf[k]
        flags = {
            "TARGET_VACANT": bool(row.is_vacancy),
            "TARGET_UNDERSTAFFED": bool(gap[q] > 0 and staff[q] > 0),
            "TARGET_OVERLOADED": grade_before[q] == OVERLOADED_GRADE,
            "SOURCE_SURPLUS": bool(surplus[p] > 0),
            "SOURCE_REFILLED": bool(refilled[k]),
            "DUE_FOR_ROTATION": bool(row.due),
            "FIT_GAIN": bool(row.is_fit),
            "PREFERRED_UNIT": bool(row.preferred),
            "PREVIOUSLY_RECOMMENDED": bool(row.kept),
            "UNWILLING_BUT_DUE": bool(row.unwilling),
        }
        codes.append(";".join(c for c in REASON_ORDER if flags[c]))
        kinds.append(
            "vacancy"
            if row.is_vacancy
            else "rebalance"
            if row.is_rebalance
            else "rotation"
            if row.is_rotation
            else "fit"
        )
        texts.append(
            explanation(
                src_surplus=int(surplus[p]),
                src_gap=int(gap[p]),
                src_ej=float(ej_before[p]),
                src_grade=grade_before[p],
                tgt_staff=int(staff[q]),
                tgt_required=int(req[q]),
                tgt_gap=int(gap[q]),
                tgt_ej=float(ej_before[q]),
                fit_before=float(row.fit_before),
                fit_after=float(row.fit_after),
                due=bool(row.due),
                years=float(years[row.i]),
                unwilling=bool(row.unwilling),
                preferred=bool(row.preferred),
                refilled=bool(refilled[k]),
                refilled_by=refilled_by(p) if refilled[k] else "",
                kept=bool(row.kept),
                major=majors[k],
                required_majors=required[k],
                major_ok=bool(major_ok[k]),
            )
        )

    codes_arr = pos["position_code"].to_numpy()
    units_arr = pos["unit_code"].to_numpy()
    moves = pd.DataFrame(
        {
            "nip": emp["nip"].to_numpy()[i],
            "from_position_code": codes_arr[jf],
            "from_unit_code": units_arr[jf],
            "to_position_code": codes_arr[j],
            "to_unit_code": units_arr[j],
            "move_kind": kinds,
            "reason_codes": codes,
            "explanation": texts,
            "job_fit_before": np.round(chosen["fit_before"].to_numpy(float), 4),
            "job_fit_after": np.round(chosen["fit_after"].to_numpy(float), 4),
            "ej_from_before": ej_before[jf],
            "ej_from_after": ej_after[jf],
            "ej_to_before": ej_before[j],
            "ej_to_after": ej_after[j],
            "training_needs": needs,
            "objective_value": np.round(chosen["value"].to_numpy(float), 6),
        }
    )
    return moves.sort_values(["to_unit_code", "to_position_code", "nip"], kind="stable").reset_index(drop=True)


_TEXT = {
    "nip",
    "from_position_code",
    "from_unit_code",
    "to_position_code",
    "to_unit_code",
    "move_kind",
    "reason_codes",
    "explanation",
    "training_needs",
}


# ------------------------------------------------------------------------------------- not moved
def build_not_moved(
    emp: pd.DataFrame,
    pos: pd.DataFrame,
    units: pd.DataFrame,
    rule_c: pd.DataFrame,
    scored: pd.DataFrame,
    chosen: pd.DataFrame,
    params: RecommendParams,
) -> pd.DataFrame:
    """A line for every employee due for rotation who is not in the plan, with the first reason
    that applies (checked in this order): not eligible; current post unknown; no lateral post
    allowed by the rules; no worthwhile move; the source post cannot be left without a
    replacement; the unit's outflow cap is reached; every target is full; capacity used by better
    moves."""
    N, P = len(emp), len(pos)
    moved = np.zeros(N, dtype=bool)
    moved[chosen["i"].to_numpy()] = True
    due = emp["due"].to_numpy() & ~moved
    if not due.any():
        return pd.DataFrame(columns=list(NOT_MOVED_COLUMNS))
    inflow, outflow = flows(chosen, P)
    u_of = pos["u"].to_numpy()
    cap = units["cap"].to_numpy()
    cross_chosen = chosen["cross_unit"].to_numpy(bool)
    u_out = np.bincount(u_of[chosen["j_from"].to_numpy()][cross_chosen], minlength=len(units))
    has_rule = np.bincount(rule_c["i"].to_numpy(), minlength=N) > 0
    good = scored[scored["worthwhile"].to_numpy()]
    gi = good["i"].to_numpy()
    gq = good["j"].to_numpy()
    gp = good["j_from"].to_numpy()
    gcross = good["cross_unit"].to_numpy(bool)
    n_good = np.bincount(gi, minlength=N)
    tgt_block = inflow[gq] + 1 - outflow[gq] > pos["gap_pos"].to_numpy()[gq]
    unit_block = gcross & (u_out[u_of[gp]] + 1 > cap[u_of[gp]])
    n_tgt_free = np.bincount(gi, weights=~tgt_block, minlength=N)
    n_unit_free = np.bincount(gi, weights=~unit_block, minlength=N)
    n_free = np.bincount(gi, weights=~(tgt_block | unit_block), minlength=N)

    jf = emp["j_from"].to_numpy()
    jf0 = np.where(jf >= 0, jf, 0)
    src_block = (outflow[jf0] + 1 - inflow[jf0]) > pos["surplus"].to_numpy()[jf0]
    eligible = emp["eligible"].to_numpy()
    code = np.select(
        [~eligible, jf < 0, ~has_rule, n_good == 0, src_block, n_unit_free == 0, n_tgt_free == 0, n_free == 0],
        [
            "NOT_ELIGIBLE",
            "POSITION_UNKNOWN",
            "NO_LATERAL_POST",
            "NO_WORTHWHILE_MOVE",
            "SOURCE_NOT_REPLACEABLE",
            "UNIT_OUTFLOW_CAP",
            "TARGETS_FULL",
            "CAPACITY_USED",
        ],
        default="OTHER_MOVES_PREFERRED",
    )
    share = f"{params.max_unit_outflow_share * 100:g}%"
    reasons = emp["ineligibility_reasons"] if "ineligibility_reasons" in emp else pd.Series(None, index=emp.index)
    fixed = {
        "POSITION_UNKNOWN": "jabatan saat ini tidak ditemukan dalam data jabatan",
        "NO_LATERAL_POST": (
            "tidak ada jabatan setara (jenis jabatan dan rumpun sama) yang memenuhi "
            "syarat pendidikan dan belum diduduki dalam 2 tahun terakhir"
        ),
        "NO_WORTHWHILE_MOVE": (
            "tidak ada jabatan tujuan yang memberi nilai positif (kecocokan "
            "kompetensi akan turun atau beban kerja makin timpang)"
        ),
        "SOURCE_NOT_REPLACEABLE": (
            "jabatan asal tidak kelebihan pegawai dan tidak ada pengganti yang "
            "memenuhi syarat, sehingga jabatan asal akan kekurangan pegawai"
        ),
        "TARGETS_FULL": "semua jabatan setara yang memenuhi syarat sudah terisi sesuai kebutuhan",
        "CAPACITY_USED": (
            "kapasitas jabatan tujuan dan batas pegawai keluar unit sudah terpakai oleh "
            "pemindahan lain yang bernilai lebih tinggi"
        ),
        "OTHER_MOVES_PREFERRED": "pemindahan lain memberi nilai lebih tinggi",
    }
    rows = []
    for k in np.flatnonzero(due):
        cd = code[k]
        if cd == "NOT_ELIGIBLE":
            r = reasons.iat[k]
            r = "" if r is None or (isinstance(r, float) and np.isnan(r)) else str(r).strip()
            why = "tidak memenuhi syarat mutasi" + (f" ({r})" if r else "")
        elif cd == "UNIT_OUTFLOW_CAP":
            un = units.iloc[u_of[jf[k]]]
            why = (
                f"batas pegawai yang boleh keluar dari unit {un['unit_name']} ({share} dari "
                f"{int(un['staff'])} pegawai, yaitu {int(un['cap'])} orang) sudah tercapai"
            )
        else:
            why = fixed[cd]
        rows.append((k, cd, f"Tidak dipindahkan karena {why}."))
    idx = np.array([r[0] for r in rows])
    out = pd.DataFrame(
        {
            "nip": emp["nip"].to_numpy()[idx],
            "name": emp["name"].to_numpy()[idx] if "name" in emp else None,
            "position_code": emp["position_code"].to_numpy()[idx],
            "unit_code": emp["unit_code"].to_numpy()[idx] if "unit_code" in emp else None,
            "years_in_position": emp["years_in_position"].to_numpy()[idx],
            "reason_code": [r[1] for r in rows],
            "explanation": [r[2] for r in rows],
        }
    )
    return out.reset_index(drop=True)


# ----------------------------------------------------------------------------- projection, metrics
def position_projection(pos: pd.DataFrame, chosen: pd.DataFrame, params: RecommendParams) -> pd.DataFrame:
    inflow, outflow = flows(chosen, len(pos))
    staff = pos["current_staff"].to_numpy()
    after = staff + inflow - outflow
    ej_after = ej(pos["workload_minutes"].to_numpy(), after, params)
    return pd.DataFrame(
        {
            "position_code": pos["position_code"],
            "position_name": pos.get("position_name"),
            "unit_code": pos["unit_code"],
            "workload_minutes": pos["workload_minutes"],
            "required_headcount": pos["required_headcount"],
            "staff_before": staff,
            "inflow": inflow,
            "outflow": outflow,
            "staff_after": after,
            "gap_before": pos["gap"].to_numpy(),
            "gap_after": pos["required_headcount"].to_numpy() - after,
            "ej_before": pos["ej_before"].to_numpy(),
            "ej_after": ej_after,
            "grade_before": grade_of(pos["ej_before"].to_numpy(), params),
            "grade_after": grade_of(ej_after, params),
        }
    )


def metrics_of(
    required: np.ndarray, staff: np.ndarray, ej_v: np.ndarray, grades: np.ndarray, fit: np.ndarray
) -> dict[str, float]:
    graded = np.array([g is not None for g in grades])
    ae = np.array([g in ("A", "E") for g in grades])
    ok = ~np.isnan(ej_v)
    return {
        "total_staffing_gap": float(np.maximum(required - staff, 0).sum()),
        "total_surplus": float(np.maximum(staff - required, 0).sum()),
        "vacant_posts_needing_staff": float(((staff == 0) & (required > 0)).sum()),
        "share_posts_grade_a_or_e": float(ae[graded].mean()) if graded.any() else float("nan"),
        "ej_spread_sd": float(np.std(ej_v[ok])) if ok.any() else float("nan"),
        "ej_mean_abs_deviation_from_1": float(np.mean(np.abs(ej_v[ok] - 1))) if ok.any() else float("nan"),
        "mean_job_fit": float(np.nanmean(fit)) if np.isfinite(fit).any() else float("nan"),
    }


def plan_metrics(proj: pd.DataFrame, emp: pd.DataFrame, chosen: pd.DataFrame) -> pd.DataFrame:
    req = proj["required_headcount"].to_numpy()
    fit_b = emp["fit_before"].to_numpy(float)
    fit_a = fit_b.copy()
    if len(chosen):
        fit_a[chosen["i"].to_numpy()] = chosen["fit_after"].to_numpy(float)
    before = metrics_of(
        req, proj["staff_before"].to_numpy(), proj["ej_before"].to_numpy(float), proj["grade_before"].to_numpy(), fit_b
    )
    after = metrics_of(
        req, proj["staff_after"].to_numpy(), proj["ej_after"].to_numpy(float), proj["grade_after"].to_numpy(), fit_a
    )
    before["n_moves"], after["n_moves"] = 0.0, float(len(chosen))
    m = pd.DataFrame({"metric": list(before), "before": list(before.values()), "after": list(after.values())})
    m["change"] = m["after"] - m["before"]
    return m


# -------------------------------------------------------------------------------------- fairness
AGE_BANDS = ((0, 30, "<=30"), (31, 40, "31-40"), (41, 50, "41-50"), (51, 60, "51-60"), (61, 200, ">60"))


def _age_band(a) -> str:
    if a is None or (isinstance(a, float) and np.isnan(a)):
        return "tidak diketahui"
    a = int(np.floor(float(a)))
    for lo, hi, name in AGE_BANDS:
        if lo <= a <= hi:
            return name
    return "tidak diketahui"


def _golongan_group(g) -> str:
    if g is None or (isinstance(g, float) and np.isnan(g)) or str(g).strip() == "":
        return "tanpa golongan"
    return str(g).split("/")[0].strip().upper()


def fairness_report(emp: pd.DataFrame, moved_i: np.ndarray) -> pd.DataFrame:
    """Sex, age band and golongan room (I-IV) of those moved vs the eligible pool."""
    pool = emp[emp["eligible"]]
    moved = pool["i"].isin(set(np.asarray(moved_i).tolist()))
    dims = {
        "sex": pool["gender"].fillna("tidak diketahui").astype(str)
        if "gender" in pool
        else pd.Series("tidak diketahui", index=pool.index),
        "age_band": pool["age_years"].map(_age_band)
        if "age_years" in pool
        else pd.Series("tidak diketahui", index=pool.index),
        "golongan": pool["golongan"].map(_golongan_group)
        if "golongan" in pool
        else pd.Series("tanpa golongan", index=pool.index),
    }
    out = []
    n_pool, n_moved = len(pool), int(moved.sum())
    for dim, s in dims.items():
        for group in sorted(s.unique()):
            in_g = s == group
            pc, mc = int(in_g.sum()), int((in_g & moved).sum())
            ps = pc / n_pool if n_pool else np.nan
            ms = mc / n_moved if n_moved else np.nan
            out.append(
                {
                    "dimension": dim,
                    "group": group,
                    "pool_count": pc,
                    "pool_share": ps,
                    "moved_count": mc,
                    "moved_share": ms,
                    "share_difference": ms - ps,
                    "move_rate": mc / pc if pc else np.nan,
                }
            )
    return pd.DataFrame(
        out,
        columns=[
            "dimension",
            "group",
            "pool_count",
            "pool_share",
            "moved_count",
            "moved_share",
            "share_difference",
            "move_rate",
        ],
    )


# -------------------------------------------------------------------------------------- baseline
def greedy_baseline(
    scored: pd.DataFrame, pos: pd.DataFrame, units: pd.DataFrame, budget: int | None = None
) -> pd.DataFrame:
    """What ranking apps do: rank every rule-compliant candidate by its profile-matching score at the
    target (ties: larger fit gain, then nip order, then post order) and fill staffing gaps in that
    order. The same hard rules apply (one move per person, a post receives at most its positive gap,
    a donor keeps its required headcount, the unit outflow cap, and the move budget: it stops after
    ``budget`` moves, so both plans are compared at the same budget); no swaps or chains.
    Returns the chosen rows of ``scored``."""
    if len(scored) == 0:
        return scored.iloc[:0]
    gap_pos = pos["gap_pos"].to_numpy().copy()
    surplus = pos["surplus"].to_numpy().copy()
    u_of = pos["u"].to_numpy()
    cap = units["cap"].to_numpy().copy()
    c = scored[(gap_pos[scored["j"].to_numpy()] > 0) & (surplus[scored["j_from"].to_numpy()] > 0)]
    c = c.sort_values(["fit_after", "fit_gain", "i", "j"], ascending=[False, False, True, True], kind="stable")
    taken = set()
    picked = []
    for idx, i, j, jf, cross in zip(
        c.index, c["i"].to_numpy(), c["j"].to_numpy(), c["j_from"].to_numpy(), c["cross_unit"].to_numpy()
    ):
        if budget is not None and len(picked) >= budget:
            break
        if i in taken or gap_pos[j] <= 0 or surplus[jf] <= 0 or (cross and cap[u_of[jf]] <= 0):
            continue
        taken.add(i)
        gap_pos[j] -= 1
        surplus[jf] -= 1
        if cross:
            cap[u_of[jf]] -= 1
        picked.append(idx)
    return scored.loc[picked]
