"""The decision loop (issue 16): what the regency decided on earlier recommendations, applied to the next
plan (pure functions of DataFrames; the status comes from marts.mutation_decision_status).

Per (employee, target post), at the snapshot being planned (months = days since the decision / 30.4375):

* ``disetujui`` (approved) within ``decision_approved_months`` and not yet carried out (the employee is not
  in the target post): taken as done. The employee is planned as holding the target post (source post one
  less, target one more) and is not moved again in this plan; no competing move takes that person or seat.
* ``ditolak`` (rejected) within ``decision_reject_months``: that move is not proposed.
* ``ditunda`` (postponed) within ``decision_postpone_months``: not proposed; after the window it may come back.
* an objection (keberatan_pegawai) with no decision after it, when ``objection_needs_decision`` is 1: not
  proposed until the regency decides.

Every such employee who is not in the plan gets a line in the not-moved list saying so (reason codes
DECISION_APPROVED, DECISION_REJECTED, DECISION_POSTPONED, OBJECTION_PENDING).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..publish.formatting import date_text as tanggal  # "4 Desember 2026", the packages' formatter
from .params import RecommendParams

NOTE_COLUMNS = ("nip", "to_position_code", "reason_code", "explanation")
DAYS_PER_MONTH = 30.4375


def _clean(text) -> str:
    return "" if text is None or (isinstance(text, float) and np.isnan(text)) or pd.isna(text) else str(text).strip()


def decision_effects(
    status: pd.DataFrame | None, employees: pd.DataFrame, params: RecommendParams, snapshot_date
) -> pd.DataFrame:
    """One row per (nip, to_position_code) the decisions act on, with ``effect`` (approved / blocked),
    ``reason_code`` and the Bahasa Indonesia ``explanation``."""
    if status is None or len(status) == 0:
        return pd.DataFrame(columns=[*NOTE_COLUMNS, "effect"])
    s = status.copy()
    s["nip"] = s["nip"].astype(str)
    s["to_position_code"] = s["to_position_code"].astype(str)
    day = pd.Timestamp(snapshot_date)
    months = (day - pd.to_datetime(s["decision_date"])).dt.days.to_numpy(float) / DAYS_PER_MONTH
    decision = s["decision"].astype(object).where(s["decision"].notna(), "").to_numpy()
    current = (
        employees.assign(nip=employees["nip"].astype(str)).drop_duplicates("nip").set_index("nip")["position_code"]
    ).astype(str)
    holds_target = s["nip"].map(current).to_numpy() == s["to_position_code"].to_numpy()
    undecided = (
        s["is_objection_undecided"].fillna(False).to_numpy(bool)
        if "is_objection_undecided" in s
        else np.zeros(len(s), dtype=bool)
    )

    approved = (decision == "disetujui") & (months < params.decision_approved_months) & ~holds_target
    rejected = (decision == "ditolak") & (months < params.decision_reject_months)
    postponed = (decision == "ditunda") & (months < params.decision_postpone_months)
    objected = undecided & (params.objection_needs_decision > 0) & ~approved & ~rejected & ~postponed

    rows = []
    for k, r in enumerate(s.itertuples(index=False)):
        by = f" oleh {_clean(r.decided_by)}" if _clean(r.decided_by) else ""
        why = f" ({_clean(r.decision_reason)})" if _clean(r.decision_reason) else ""
        if approved[k]:
            rows.append(
                (
                    r.nip,
                    r.to_position_code,
                    "DECISION_APPROVED",
                    f"mutasi ke jabatan {r.to_position_code} sudah disetujui{by} pada {tanggal(r.decision_date)} "
                    "dan belum dilaksanakan; rencana ini menganggapnya terlaksana dan tidak mengusulkan "
                    "pemindahan lain untuk pegawai ini",
                    "approved",
                )
            )
        elif rejected[k]:
            until = tanggal(pd.Timestamp(r.decision_date) + pd.DateOffset(months=int(params.decision_reject_months)))
            rows.append(
                (
                    r.nip,
                    r.to_position_code,
                    "DECISION_REJECTED",
                    f"usulan mutasi ke jabatan {r.to_position_code} ditolak{by} pada {tanggal(r.decision_date)}{why}; "
                    f"tidak diusulkan lagi sampai {until}",
                    "blocked",
                )
            )
        elif postponed[k]:
            until = tanggal(pd.Timestamp(r.decision_date) + pd.DateOffset(months=int(params.decision_postpone_months)))
            rows.append(
                (
                    r.nip,
                    r.to_position_code,
                    "DECISION_POSTPONED",
                    f"usulan mutasi ke jabatan {r.to_position_code} ditunda{by} pada {tanggal(r.decision_date)}{why}; "
                    f"dapat diusulkan kembali mulai {until}",
                    "blocked",
                )
            )
        elif objected[k]:
            rows.append(
                (
                    r.nip,
                    r.to_position_code,
                    "OBJECTION_PENDING",
                    f"pegawai mengajukan keberatan atas usulan mutasi ke jabatan {r.to_position_code} pada "
                    f"{tanggal(r.objection_date)} (\u201c{_clean(r.objection_text)}\u201d); menunggu keputusan "
                    "sebelum diusulkan lagi",
                    "blocked",
                )
            )
        elif undecided[k]:  # objection_needs_decision 0: shown beside the move
            rows.append(
                (
                    r.nip,
                    r.to_position_code,
                    "OBJECTION_SHOWN",
                    f"pegawai mengajukan keberatan atas pemindahan ini pada {tanggal(r.objection_date)} "
                    f"(\u201c{_clean(r.objection_text)}\u201d)",
                    "shown",
                )
            )
    return pd.DataFrame(rows, columns=[*NOTE_COLUMNS, "effect"])


def with_objections(moves: pd.DataFrame, effects: pd.DataFrame) -> pd.DataFrame:
    """A proposed move an employee objected to (objection_needs_decision 0) says so in its explanation."""
    shown = effects[effects["effect"] == "shown"] if len(effects) else effects
    if len(shown) == 0 or len(moves) == 0:
        return moves
    text = dict(zip(zip(shown["nip"], shown["to_position_code"]), shown["explanation"]))
    moves = moves.copy()
    keys = list(zip(moves["nip"].astype(str), moves["to_position_code"].astype(str)))
    moves["explanation"] = [
        f"{e} {text[k][0].upper()}{text[k][1:]}." if k in text else e for e, k in zip(moves["explanation"], keys)
    ]
    return moves


def apply_decisions(
    positions: pd.DataFrame,
    employees: pd.DataFrame,
    status: pd.DataFrame | None,
    params: RecommendParams,
    snapshot_date,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(positions, employees, effects) for planning: approved moves taken as done, blocked moves listed in
    the employees' ``decision_blocked_positions`` (`;`-separated, excluded like a post held recently)."""
    effects = decision_effects(status, employees, params, snapshot_date)
    if len(effects) == 0:
        return positions, employees, effects
    positions = positions.copy()
    employees = employees.copy()
    known = set(positions["position_code"].astype(str))
    approved = effects[(effects["effect"] == "approved") & effects["to_position_code"].isin(known)]
    approved = approved.drop_duplicates("nip", keep="first")
    if len(approved):
        nip = employees["nip"].astype(str)
        target = nip.map(approved.set_index("nip")["to_position_code"])
        moving = target.notna().to_numpy()
        codes = positions["position_code"].astype(str)
        staff = pd.to_numeric(positions["current_staff"], errors="coerce").fillna(0).astype(np.int64)
        out = employees.loc[moving, "position_code"].astype(str).value_counts()
        into = target[moving].value_counts()
        staff = staff - codes.map(out).fillna(0).astype(np.int64) + codes.map(into).fillna(0).astype(np.int64)
        positions["current_staff"] = staff.to_numpy()
        if "staffing_gap" in positions and "required_headcount" in positions:
            positions["staffing_gap"] = positions["required_headcount"] - positions["current_staff"]
        unit_of = positions.assign(position_code=codes).set_index("position_code")["unit_code"]
        employees.loc[moving, "position_code"] = target[moving].to_numpy()
        if "unit_code" in employees:
            employees.loc[moving, "unit_code"] = target[moving].map(unit_of).to_numpy()
        employees.loc[moving, "is_eligible"] = False
        employees.loc[moving, "is_due_for_rotation"] = False
        if "years_in_position" in employees:
            employees.loc[moving, "years_in_position"] = 0.0
        if "job_fit_score" in employees:
            employees.loc[moving, "job_fit_score"] = np.nan
    blocked = effects[effects["effect"] == "blocked"]
    if len(blocked):
        lists = blocked.groupby("nip")["to_position_code"].agg(lambda v: ";".join(sorted(set(v))))
        employees["decision_blocked_positions"] = employees["nip"].astype(str).map(lists)
    return positions, employees, effects


def not_moved_lines(effects: pd.DataFrame, emp: pd.DataFrame, moved_nips) -> pd.DataFrame:
    """Not-moved lines for the employees the decisions act on who are not in the plan (one per employee:
    approved first, then rejected, postponed, objection)."""
    columns = ["nip", "name", "position_code", "unit_code", "years_in_position", "reason_code", "explanation"]
    if len(effects) == 0:
        return pd.DataFrame(columns=columns)
    order = {"DECISION_APPROVED": 0, "DECISION_REJECTED": 1, "DECISION_POSTPONED": 2, "OBJECTION_PENDING": 3}
    e = effects[(effects["effect"] != "shown") & ~effects["nip"].isin(set(map(str, moved_nips)))].copy()
    e["_order"] = e["reason_code"].map(order)
    e = e.sort_values(["nip", "_order", "to_position_code"]).drop_duplicates("nip")
    people = emp.assign(nip=emp["nip"].astype(str)).drop_duplicates("nip").set_index("nip")
    e = e[e["nip"].isin(people.index)]
    if len(e) == 0:
        return pd.DataFrame(columns=columns)
    p = people.loc[e["nip"]]
    text = e["explanation"].to_numpy()
    explanation = [f"Tidak dipindahkan karena {t}." for t in text]
    return pd.DataFrame(
        {
            "nip": e["nip"].to_numpy(),
            "name": p["name"].to_numpy() if "name" in p else None,
            "position_code": p["position_code"].astype(str).to_numpy(),
            "unit_code": p["unit_code"].astype(str).to_numpy() if "unit_code" in p else None,
            "years_in_position": pd.to_numeric(p["years_in_position"], errors="coerce").to_numpy()
            if "years_in_position" in p
            else np.nan,
            "reason_code": e["reason_code"].to_numpy(),
            "explanation": explanation,
        }
    )
