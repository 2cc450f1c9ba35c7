"""The decision loop on a hand-made case (issue 16): an approved move is taken as done, a rejected one is not
proposed again within its window, a postponed one comes back after its window, an objection waits for a
decision; each is explained in the not-moved list."""

import datetime as dt

import pandas as pd
import pytest
from test_recommend_explain import _emp, _post

from mutasi.recommend import recommend
from mutasi.recommend.decisions import tanggal
from mutasi.recommend.synthetic import example_params

SNAPSHOT = dt.date(2026, 12, 1)
A, B, C = "199001012015011001", "199001012015011002", "199001012015011003"


def _case():
    # S: 3 staff, 1 needed (surplus 2). V1, V2: vacant, 1 needed each, same type. Three people on S.
    positions = pd.DataFrame(
        [
            _post("S", "U1", 3, 75000, 3, 3, 3),
            _post("V1", "U2", 0, 75000, 3, 3, 3),
            _post("V2", "U3", 0, 75000, 3, 3, 3),
        ]
    )
    employees = pd.DataFrame([_emp(n, "S", "U1", 3, 3, 3) for n in (A, B, C)])
    return positions, employees


def _status(*rows):
    columns = ["nip", "to_position_code", "decision", "decision_reason", "decision_date", "decided_by"]
    frame = pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)
    frame["decision_date"] = pd.to_datetime(frame["decision_date"])
    frame["objection_text"] = None
    frame["objection_date"] = pd.NaT
    frame["is_objection_undecided"] = False
    return frame


def _plan(status, **params):
    positions, employees = _case()
    p = example_params(max_unit_outflow_share=1.0, **params)
    return recommend(positions, employees, p, decisions=status, snapshot_date=SNAPSHOT)


def test_without_decisions_two_of_three_fill_the_vacancies():
    r = _plan(None)
    assert len(r.moves) == 2 and set(r.moves["to_position_code"]) == {"V1", "V2"}


def test_an_approved_move_not_yet_carried_out_is_taken_as_done():
    # A's move to V1 was approved on 10 Nov: the plan counts V1 as filled and S as one less; only V2 is left
    r = _plan(_status((A, "V1", "disetujui", None, "2026-11-10", "PPK")))
    assert A not in set(r.moves["nip"])
    assert r.moves["to_position_code"].tolist() == ["V2"]
    line = r.not_moved.set_index("nip").loc[A]
    assert line["reason_code"] == "DECISION_APPROVED"
    assert line["position_code"] == "S"  # where A still is
    assert line["explanation"] == (
        "Tidak dipindahkan karena mutasi ke jabatan V1 sudah disetujui oleh PPK pada 10 November 2026 dan belum "
        "dilaksanakan; rencana ini menganggapnya terlaksana dan tidak mengusulkan pemindahan lain untuk pegawai ini."
    )
    # the plan's effect is projected from the data as delivered plus the plan's own moves (docs/decisions.md):
    # V1 stays vacant in the projection until the approved move is carried out
    metrics = r.projection.metrics.set_index("metric")
    assert metrics.loc["vacant_posts_needing_staff", ["before", "after"]].tolist() == [2, 1]


def test_a_rejected_move_is_not_proposed_again_within_its_window():
    status = _status(
        (A, "V1", "ditolak", "Dibutuhkan di unit asal", "2026-06-15", "Baperjakat"),
        (A, "V2", "ditolak", "Dibutuhkan di unit asal", "2026-06-15", "Baperjakat"),
    )
    r = _plan(status)
    assert set(r.moves["nip"]) == {B, C}
    line = r.not_moved.set_index("nip").loc[A]
    assert line["reason_code"] == "DECISION_REJECTED"
    assert line["explanation"] == (
        "Tidak dipindahkan karena usulan mutasi ke jabatan V1 ditolak oleh Baperjakat pada 15 Juni 2026 "
        "(Dibutuhkan di unit asal); tidak diusulkan lagi sampai 15 Juni 2027."
    )
    # with a 5-month window the rejection of June no longer binds in December
    late = _plan(status, decision_reject_months=5)
    assert "DECISION_REJECTED" not in set(late.not_moved.get("reason_code", pd.Series(dtype=object)))


def test_a_postponed_move_comes_back_after_its_window():
    status = _status(
        (A, "V1", "ditunda", "Menunggu formasi", "2026-10-01", None),
        (A, "V2", "ditunda", "Menunggu formasi", "2026-10-01", None),
        (B, "V1", "ditunda", None, "2026-10-01", None),
        (B, "V2", "ditunda", None, "2026-10-01", None),
        (C, "V1", "ditunda", None, "2026-10-01", None),
        (C, "V2", "ditunda", None, "2026-10-01", None),
    )
    held = _plan(status)  # two months after: every move waits
    assert held.moves.empty
    assert set(held.not_moved["reason_code"]) == {"DECISION_POSTPONED"}
    assert f"dapat diusulkan kembali mulai {tanggal('2027-01-01')}" in held.not_moved["explanation"].iloc[0]
    back = _plan(status, decision_postpone_months=1)  # the window has passed
    assert len(back.moves) == 2


def test_an_objection_waits_for_a_decision_unless_the_parameter_says_otherwise():
    status = _status(*[(n, v, None, None, None, None) for n in (A, B) for v in ("V1", "V2")])
    status["objection_text"] = "Merawat orang tua"
    status["objection_date"] = pd.Timestamp("2026-11-20")
    status["is_objection_undecided"] = True
    r = _plan(status)
    assert set(r.moves["nip"]) == {C}
    line = r.not_moved.set_index("nip").loc[A]
    assert line["reason_code"] == "OBJECTION_PENDING"
    assert "pada 20 November 2026 (\u201cMerawat orang tua\u201d)" in line["explanation"]
    shown_only = _plan(status, objection_needs_decision=0)
    assert len(shown_only.moves) == 2
    objected = shown_only.moves[shown_only.moves["nip"].isin([A, B])]
    assert len(objected) >= 1
    assert (
        objected["explanation"]
        .str.endswith(
            "Pegawai mengajukan keberatan atas pemindahan ini pada 20 November 2026 (\u201cMerawat orang tua\u201d)."
        )
        .all()
    )


def test_a_move_already_carried_out_needs_nothing():
    positions, employees = _case()
    employees.loc[0, "position_code"] = "V1"
    positions.loc[0, "current_staff"] = 2
    positions.loc[1, "current_staff"] = 1
    p = example_params(max_unit_outflow_share=1.0)
    r = recommend(
        positions,
        employees,
        p,
        decisions=_status((A, "V1", "disetujui", None, "2026-11-10", "PPK")),
        snapshot_date=SNAPSHOT,
    )
    assert "DECISION_APPROVED" not in set(r.not_moved.get("reason_code", pd.Series(dtype=object)))
    assert r.moves["to_position_code"].tolist() == ["V2"]


@pytest.mark.parametrize("day, text", [("2026-12-04", "4 Desember 2026"), ("2027-01-31", "31 Januari 2027")])
def test_dates_in_bahasa(day, text):
    assert tanggal(day) == text
