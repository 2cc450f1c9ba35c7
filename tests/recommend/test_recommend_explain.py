"""Hand-built cases: exact explanation, reason codes, EJ, training needs, not-moved lines, baseline."""

import numpy as np
import pandas as pd
import pytest

from mutasi.recommend import recommend
from mutasi.recommend.synthetic import example_params


def _post(code, unit, staff, workload, t, m, s, family="Keuangan", edu="S1", ptype="pelaksana"):
    return dict(
        position_code=code,
        position_name=f"Jabatan {code}",
        unit_code=unit,
        unit_name={"U1": "Dinas A", "U2": "Dinas B", "U3": "Dinas C", "U4": "Dinas D"}[unit],
        position_type=ptype,
        job_level=None,
        job_family=family,
        min_education=edu,
        target_technical=t,
        target_managerial=m,
        target_sociocultural=s,
        workload_minutes=float(workload),
        current_staff=staff,
        required_staff=workload / 75000,
        required_headcount=int(np.floor(workload / 75000 + 0.5)),
    )


def _emp(
    nip,
    post,
    unit,
    t,
    m,
    s,
    *,
    edu="S1",
    eligible=True,
    due=False,
    years=3.0,
    willing=True,
    pref=None,
    held=None,
    reasons=None,
    gender="L",
    age=40,
    golongan="III/b",
):
    return dict(
        nip=nip,
        name=f"Pegawai {nip[-3:]}",
        gender=gender,
        age_years=age,
        golongan=golongan,
        education_level=edu,
        position_code=post,
        unit_code=unit,
        competency_technical=t,
        competency_managerial=m,
        competency_sociocultural=s,
        job_fit_score=np.nan,
        is_eligible=eligible,
        ineligibility_reasons=reasons,
        is_due_for_rotation=due,
        years_in_position=years,
        willing_to_move=willing,
        preferred_unit_codes=pref,
        positions_held_last_2y=held,
    )


def _frames(posts, emps):
    positions = pd.DataFrame(posts)
    positions["staffing_gap"] = positions["required_headcount"] - positions["current_staff"]
    return positions, pd.DataFrame(emps)


@pytest.fixture
def office_case():
    # P1 (Dinas A): 4 staff, workload 135,000 min -> needs 2 (EJ 0.45, grade E), surplus 2.
    # P3 (Dinas A): 1 staff, balanced -> unit A has 5 staff, outflow cap floor(0.2 x 5) = 1.
    # P2 (Dinas B): 2 staff, workload 202,500 min -> needs 3 (EJ 1.35), short of 1.
    posts = [
        _post("P1", "U1", 4, 135000, 4, 3, 3),
        _post("P3", "U1", 1, 75000, 3, 3, 3, family="Umum"),
        _post("P2", "U2", 2, 202500, 3, 3, 3),
        _post("P4", "U2", 3, 225000, 3, 3, 3),
    ]
    emps = [
        _emp("198001012010011001", "P1", "U1", 2, 2, 3, due=True, years=6.2, pref="U2"),
        _emp("198001012010011002", "P1", "U1", 1, 1, 3, due=True, years=5.5),
        _emp(
            "198001012010011003",
            "P1",
            "U1",
            3,
            3,
            3,
            eligible=False,
            due=True,
            years=8.0,
            reasons="SKP 2025 di bawah Baik",
        ),
        _emp("198001012010011004", "P1", "U1", 3, 3, 3, eligible=False),
        _emp("198001012010011005", "P3", "U1", 3, 3, 3),
        _emp("198001012010011006", "P2", "U2", 3, 3, 3),
        _emp("198001012010011007", "P2", "U2", 3, 3, 3),
        _emp("198001012010011008", "P4", "U2", 3, 3, 3, eligible=False),
        _emp("198001012010011009", "P4", "U2", 3, 3, 3, eligible=False),
        _emp("198001012010011010", "P4", "U2", 3, 3, 3, eligible=False),
    ]
    return _frames(posts, emps)


def test_explanation_reasons_ej_and_training_needs(office_case):
    positions, employees = office_case
    result = recommend(positions, employees, example_params())
    assert len(result.moves) == 1
    m = result.moves.iloc[0]
    assert (m.nip, m.from_position_code, m.to_position_code) == ("198001012010011001", "P1", "P2")
    assert (m.from_unit_code, m.to_unit_code) == ("U1", "U2")
    assert m.move_kind == "rebalance"
    assert m.reason_codes == "TARGET_UNDERSTAFFED;TARGET_OVERLOADED;SOURCE_SURPLUS;DUE_FOR_ROTATION;PREFERRED_UNIT"
    # fit at P1 (4,3,3; S1): teknis gap -2 -> 3, manajerial -1 -> 4, core 3.5; sociocultural and
    # education 0 -> 5: 0.6 x 3.5 + 0.4 x 5 = 4.1. At P2 (3,3,3): -1 -> 4, -1 -> 4: 0.6 x 4 + 2 = 4.4.
    assert m.job_fit_before == pytest.approx(4.1)
    assert m.job_fit_after == pytest.approx(4.4)
    assert m.explanation == (
        "Jabatan asal kelebihan 2 pegawai (EJ 0,45, kelas E) dan jabatan tujuan kekurangan 1 orang "
        "(EJ 1,35); kecocokan kompetensi naik dari 4,1 menjadi 4,4. Pegawai sudah 6,2 tahun pada "
        "jabatan saat ini sehingga jatuh tempo rotasi; unit tujuan termasuk unit yang diminati pegawai."
    )
    assert m.ej_from_before == pytest.approx(0.45)
    assert m.ej_from_after == pytest.approx(135000 / (3 * 75000))
    assert m.ej_to_before == pytest.approx(1.35)
    assert m.ej_to_after == pytest.approx(0.9)
    assert m.training_needs == "Pelatihan teknis Keuangan;Pelatihan kepemimpinan/manajerial"
    # value = balance 2 x 1.5 + fit gain 0.3 x 2.0 + rotation 0.5 + preference 0.25 - cost per move 0.25
    assert m.objective_value == pytest.approx(4.1)


def test_not_moved_lines(office_case):
    positions, employees = office_case
    nm = recommend(positions, employees, example_params()).not_moved.set_index("nip")
    assert set(nm.index) == {"198001012010011002", "198001012010011003"}
    assert nm.loc["198001012010011002", "reason_code"] == "UNIT_OUTFLOW_CAP"
    assert nm.loc["198001012010011002", "explanation"] == (
        "Tidak dipindahkan karena batas pegawai yang boleh keluar dari unit Dinas A (20% dari 5 "
        "pegawai, yaitu 1 orang) sudah tercapai."
    )
    assert nm.loc["198001012010011003", "explanation"] == (
        "Tidak dipindahkan karena tidak memenuhi syarat mutasi (SKP 2025 di bawah Baik)."
    )


def test_unwilling_due_employee_moves_with_penalty_and_not_due_never(office_case):
    positions, employees = office_case
    employees.loc[0, "willing_to_move"] = False
    params = example_params(penalty_unwilling=0.1)
    m = recommend(positions, employees, params).moves.iloc[0]
    assert m.nip == "198001012010011001"
    assert m.reason_codes.endswith("UNWILLING_BUT_DUE")
    assert m.objective_value == pytest.approx(4.1 - 0.1)
    assert "meskipun menyatakan tidak bersedia dimutasi" in m.explanation
    # with a larger penalty (4.1 - 0.5 = 3.6) the willing colleague (value 2 x 1.5 + 0.3 x 2 + 0.5 - 0.25
    # = 3.85) is preferred
    assert (
        recommend(positions, employees, example_params(penalty_unwilling=0.5)).moves.iloc[0].nip == "198001012010011002"
    )
    employees.loc[0, "is_due_for_rotation"] = False
    employees.loc[1, "is_due_for_rotation"] = False
    moves = recommend(positions, employees, params).moves
    assert "198001012010011001" not in set(moves["nip"])


def test_vacancy_chain_and_projection():
    # V (Dinas B) is vacant and needs 1. A (Dinas A) is balanced, held by one employee due for
    # rotation; B (Dinas C) has one person too many, also due. Best legal plan: a chain A -> V
    # (vacancy: balance 1 x 1.5 + rotation 0.5 - move 0.25) and B -> A (refills A from B's surplus:
    # the same), value 1.75 + 1.75 = 3.5, beats B -> V alone (2 x 1.5 + 0.5 - 0.25 = 3.25).
    posts = [
        _post("A", "U1", 1, 75000, 3, 3, 3),
        _post("V", "U2", 0, 75000, 3, 3, 3),
        _post("B", "U3", 2, 75000, 3, 3, 3),
        _post("AX", "U1", 4, 300000, 3, 3, 3, family="Umum"),
        _post("VX", "U2", 5, 375000, 3, 3, 3, family="Umum"),
        _post("BX", "U3", 4, 300000, 3, 3, 3, family="Umum"),
    ]
    emps = [
        _emp("198001012010011101", "A", "U1", 3, 3, 3, due=True, years=7.0),
        _emp("198001012010011102", "B", "U3", 3, 3, 3, due=True, years=5.0),
        _emp("198001012010011103", "B", "U3", 3, 3, 3, eligible=False),
    ]
    k = 200
    for code, unit, n in (("AX", "U1", 4), ("VX", "U2", 5), ("BX", "U3", 4)):
        for _ in range(n):
            emps.append(_emp(f"198001012010011{k:03d}", code, unit, 3, 3, 3, eligible=False))
            k += 1
    positions, employees = _frames(posts, emps)
    result = recommend(positions, employees, example_params())
    moves = result.moves.set_index("nip")
    assert len(moves) == 2
    vac = moves.loc["198001012010011101"]
    assert (vac.from_position_code, vac.to_position_code, vac.move_kind) == ("A", "V", "vacancy")
    assert vac.reason_codes == "TARGET_VACANT;SOURCE_REFILLED;DUE_FOR_ROTATION"
    assert vac.explanation == (
        "Jabatan asal sesuai kebutuhan (EJ 1,00, kelas B) dan jabatan tujuan kosong dan membutuhkan "
        "1 orang; kecocokan kompetensi tetap 5,0. Pegawai sudah 7,0 tahun pada jabatan saat ini "
        "sehingga jatuh tempo rotasi; jabatan asal diisi kembali oleh NIP 198001012010011102 dari Jabatan B "
        "(Dinas C) dalam rencana ini."  # the chain is named: who fills the post this move leaves
    )
    assert np.isnan(vac.ej_to_before) and vac.ej_to_after == pytest.approx(1.0)
    assert vac.ej_from_before == pytest.approx(1.0) and vac.ej_from_after == pytest.approx(1.0)
    reb = moves.loc["198001012010011102"]
    assert (reb.from_position_code, reb.to_position_code, reb.move_kind) == ("B", "A", "rebalance")
    assert reb.reason_codes == "SOURCE_SURPLUS;DUE_FOR_ROTATION"
    assert reb.training_needs == ""
    metrics = result.projection.metrics.set_index("metric")
    assert metrics.loc["total_staffing_gap", "before"] == 1
    assert metrics.loc["total_staffing_gap", "after"] == 0
    assert metrics.loc["vacant_posts_needing_staff", "after"] == 0
    assert metrics.loc["total_surplus", "after"] == 0
    proj = result.projection.positions.set_index("position_code")
    assert proj.loc["V", "staff_after"] == 1 and proj.loc["V", "grade_after"] == "B"
    assert result.solver.objective == pytest.approx(3.5)


def test_ours_closes_more_gap_than_the_greedy_ranking():
    # Q1 and Q2 (Dinas C, Dinas D) each need one more person; S1 and S2 have one too many.
    # Ani (S1) fits Q1 best and could also go to Q2; Budi (S2) can only go to Q1 (Q2 needs S2 degree).
    # The ranking fills Q1 with Ani (highest score) and leaves Budi nowhere: one gap stays open.
    # The optimum sends Ani to Q2 and Budi to Q1: both gaps close.
    posts = [
        _post("S1", "U1", 2, 75000, 3, 3, 3),
        _post("S2", "U2", 2, 75000, 3, 3, 3),
        _post("Q1", "U3", 1, 150000, 3, 3, 3),
        _post("Q2", "U4", 1, 150000, 4, 4, 3, edu="S2"),
    ]
    emps = [
        _emp("198001012010011201", "S1", "U1", 3, 3, 3, edu="S2"),
        _emp("198001012010011202", "S1", "U1", 3, 3, 3, eligible=False),
        _emp("198001012010011203", "S2", "U2", 2, 2, 3),
        _emp("198001012010011204", "S2", "U2", 3, 3, 3, eligible=False),
        _emp("198001012010011205", "Q1", "U3", 3, 3, 3, eligible=False),
        _emp("198001012010011206", "Q2", "U4", 3, 3, 3, eligible=False),
    ]
    positions, employees = _frames(posts, emps)
    params = example_params(max_unit_outflow_share=0.5)
    result = recommend(positions, employees, params)
    ours = {(m.nip, m.to_position_code) for m in result.moves.itertuples()}
    assert ours == {("198001012010011201", "Q2"), ("198001012010011203", "Q1")}
    base = {(m.nip, m.to_position_code) for m in result.baseline.moves.itertuples()}
    assert base == {("198001012010011201", "Q1")}
    cmp_ = result.comparison.set_index("metric")
    assert cmp_.loc["total_staffing_gap", "before"] == 2
    assert cmp_.loc["total_staffing_gap", "ours"] == 0
    assert cmp_.loc["total_staffing_gap", "baseline"] == 1
    assert cmp_.loc["n_moves", "ours"] == 2


def test_fairness_report(office_case):
    positions, employees = office_case
    employees.loc[0, ["gender", "age_years", "golongan"]] = ["P", 35, "III/c"]
    fair = recommend(positions, employees, example_params()).fairness
    assert set(fair["dimension"]) == {"sex", "age_band", "golongan"}
    sex = fair[fair["dimension"] == "sex"].set_index("group")
    # eligible pool: 5 employees (4 L, 1 P); the one moved is P
    assert sex.loc["P", "pool_count"] == 1 and sex.loc["P", "moved_count"] == 1
    assert sex.loc["L", "pool_share"] == pytest.approx(0.8)
    assert sex.loc["P", "moved_share"] == pytest.approx(1.0)
    age = fair[fair["dimension"] == "age_band"].set_index("group")
    assert age.loc["31-40", "moved_count"] == 1
    gol = fair[fair["dimension"] == "golongan"].set_index("group")
    assert gol.loc["III", "pool_count"] == 5


def test_empty_plan_has_contract_columns():
    posts = [_post("P1", "U1", 1, 75000, 3, 3, 3)]
    emps = [_emp("198001012010011301", "P1", "U1", 3, 3, 3)]
    positions, employees = _frames(posts, emps)
    result = recommend(positions, employees, example_params())
    from mutasi.recommend import MOVE_COLUMNS

    assert list(result.moves.columns) == list(MOVE_COLUMNS) and result.moves.empty
    assert result.solver.status == "optimal" and result.solver.objective == 0


def test_contract_frame(office_case):
    from mutasi.recommend import CONTRACT_COLUMNS, with_run_columns

    positions, employees = office_case
    moves = recommend(positions, employees, example_params()).moves
    out = with_run_columns(moves, "6171", pd.Timestamp("2026-01-31").date(), "abc123", "run-1")
    assert list(out.columns) == list(CONTRACT_COLUMNS)
    assert (out["region_code"] == "6171").all() and len(out) == 1


def test_degenerate_inputs():
    params = example_params(max_unit_outflow_share=0.5)
    posts = [_post("P1", "U1", 2, 75000, 3, 3, 3), _post("P2", "U2", 0, 75000, 3, 3, 3)]
    positions, employees = _frames(posts, [_emp("198001012010011401", "P1", "U1", 3, 3, 3)])
    empty = employees.iloc[:0]
    r = recommend(positions, empty, params)
    assert r.moves.empty and r.not_moved.empty and r.solver.n_candidates == 0
    # an employee whose post is unknown, due: reported, not moved
    employees.loc[0, ["position_code", "is_due_for_rotation"]] = ["NOPE", True]
    r = recommend(positions, employees, params)
    assert r.moves.empty and list(r.not_moved["reason_code"]) == ["POSITION_UNKNOWN"]
    # booleans delivered as text and nulls
    employees = employees.astype({"is_eligible": object, "willing_to_move": object})
    employees.loc[0, ["position_code", "is_eligible", "willing_to_move"]] = ["P1", "true", None]
    r = recommend(positions, employees, params)
    assert list(r.moves["to_position_code"]) == ["P2"] and r.moves.iloc[0].move_kind == "vacancy"
