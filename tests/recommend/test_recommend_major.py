"""The education major (jurusan_syarat vs pendidikan_jurusan) in job fit or as a rule of moves, per the
parameter major_requirement_use, on a hand-made case with exact values."""

import numpy as np
import pandas as pd
import pytest
from test_recommend_explain import _emp, _post

from mutasi.recommend import recommend
from mutasi.recommend.synthetic import example_params


def _case():
    # A: 2 staff, no workload (surplus 2), no major required. B: vacant, 1 needed, requires Akuntansi or
    # Manajemen. Everyone's competencies equal the targets: job fit 5.0 wherever the major is no issue.
    positions = pd.DataFrame(
        [
            _post("A", "U1", 2, 0, 3, 3, 3),
            {**_post("B", "U2", 0, 75000, 3, 3, 3), "required_majors": "Akuntansi; Manajemen"},
        ]
    )
    positions.loc[0, "required_majors"] = None
    employees = pd.DataFrame(
        [
            {**_emp("199001012015011001", "A", "U1", 3, 3, 3), "education_major": "Akuntansi"},
            {**_emp("199001012015011002", "A", "U1", 3, 3, 3), "education_major": "Hukum"},
        ]
    )
    return positions, employees


def _moves(params, ineligible_accountant=False):
    positions, employees = _case()
    if ineligible_accountant:
        employees.loc[0, "is_eligible"] = False
    result = recommend(positions, employees, params)
    return result, {m.nip: m for m in result.moves.itertuples()}


def test_fit_mode_prefers_the_matching_major():
    # value of a move A -> B: 1.5 x (1 - (-1)) + 2.0 x fit gain - 0.25; the accountant keeps fit 5.0
    # (2.75), the lawyer drops to 0.6 x 5 + 0.4 x (5 + 4)/2 = 4.8 (2.75 - 0.4 = 2.35)
    result, moves = _moves(
        example_params(max_unit_outflow_share=1.0, major_requirement_use="fit", major_mismatch_gap=1)
    )
    assert list(moves) == ["199001012015011001"]
    assert moves["199001012015011001"].job_fit_after == pytest.approx(5.0)
    assert moves["199001012015011001"].objective_value == pytest.approx(2.75)


def test_fit_mode_still_allows_a_mismatched_major_at_lower_fit():
    _, moves = _moves(
        example_params(max_unit_outflow_share=1.0, major_requirement_use="fit", major_mismatch_gap=1),
        ineligible_accountant=True,
    )
    m = moves["199001012015011002"]
    assert m.to_position_code == "B"
    assert m.job_fit_after == pytest.approx(4.8)
    assert m.objective_value == pytest.approx(2.35)


def test_eligibility_mode_forbids_a_mismatched_major():
    result, moves = _moves(
        example_params(max_unit_outflow_share=1.0, major_requirement_use="eligibility"), ineligible_accountant=True
    )
    assert moves == {}
    # nor is the lawyer on B's shortlist
    assert "199001012015011002" not in set(result.shortlists["nip"])


def test_none_mode_ignores_majors():
    _, moves = _moves(
        example_params(max_unit_outflow_share=1.0, major_requirement_use="none"), ineligible_accountant=True
    )
    assert moves["199001012015011002"].job_fit_after == pytest.approx(5.0)


def test_current_post_fit_counts_the_major_as_dbt_does():
    # the lawyer *holding* B has fit 4.8 there (int_employees_profile_matched gives the same)
    positions, employees = _case()
    positions.loc[1, "current_staff"] = 1
    employees.loc[1, "position_code"] = "B"
    employees.loc[1, "unit_code"] = "U2"
    positions.loc[0, "current_staff"] = 1
    from mutasi.recommend.prepare import prepare_employees, prepare_positions

    params = example_params(max_unit_outflow_share=1.0, major_requirement_use="fit", major_mismatch_gap=1)
    pos = prepare_positions(positions, params)
    emp = prepare_employees(employees, pos, params)
    assert np.round(emp["fit_before"].to_numpy(), 4).tolist() == [5.0, 4.8]


# ------------------------------------------------------------------------------------ plan stability
def _twins(previous):
    # two identical vacant posts B and C in two units, one person on a post with a surplus: the moves to B
    # and C are worth exactly the same; the previous snapshot's plan decides
    positions = pd.DataFrame(
        [_post("A", "U1", 2, 75000, 3, 3, 3), _post("B", "U2", 0, 75000, 3, 3, 3), _post("C", "U3", 0, 75000, 3, 3, 3)]
    )
    employees = pd.DataFrame(
        [
            {**_emp("199001012015011001", "A", "U1", 3, 3, 3), "previous_recommendation": previous},
            {**_emp("199001012015011002", "A", "U1", 3, 3, 3), "previous_recommendation": None},
        ]
    )
    params = example_params(max_unit_outflow_share=1.0, weight_keep_previous=0.1)
    return recommend(positions, employees, params).moves.set_index("nip")


@pytest.mark.parametrize("previous", ["B", "C"])
def test_a_previous_recommendation_is_kept_when_it_is_as_good(previous):
    m = _twins(previous).loc["199001012015011001"]
    assert m.to_position_code == previous
    # 1.5 x (1 - (-1)) - 0.25 + 0.1 for the kept move
    assert m.objective_value == pytest.approx(2.85)
    assert m.reason_codes.endswith("PREVIOUSLY_RECOMMENDED")
    assert "Pemindahan yang sama sudah diusulkan dalam rencana snapshot sebelumnya" in m.explanation


def test_a_previous_recommendation_that_is_no_longer_legal_is_ignored():
    # the previous target is the person's own post now (or gone): nothing is kept, no error
    moves = _twins("A")
    assert "PREVIOUSLY_RECOMMENDED" not in ";".join(moves["reason_codes"])


def test_the_major_is_named_in_the_explanation():
    _, moves = _moves(
        example_params(max_unit_outflow_share=1.0, major_requirement_use="fit"), ineligible_accountant=True
    )
    assert (
        "jurusan Hukum tidak termasuk syarat jurusan jabatan tujuan (Akuntansi; Manajemen)"
        in moves["199001012015011002"].explanation
    )
    _, moves = _moves(example_params(max_unit_outflow_share=1.0, major_requirement_use="fit"))
    assert "jurusan Akuntansi sesuai syarat jabatan tujuan" in moves["199001012015011001"].explanation
