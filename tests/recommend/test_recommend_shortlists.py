"""Vacancy shortlists on a hand-made case: every legal candidate of the vacant post, ranked as documented
(job fit at the post, then due for rotation, willing, NIP), whether or not the plan picks them."""

import pytest
from test_recommend_explain import _emp, _frames, _post

from mutasi.recommend import recommend
from mutasi.recommend.synthetic import example_params

E = {k: f"19800101201001{k:04d}" for k in range(1, 7)}


def _case():
    posts = [
        _post("V", "U2", 0, 75000, 4, 3, 3),  # vacant, needs 1
        _post("A", "U1", 5, 75000, 4, 3, 3),  # needs 1, has 5: surplus 4
        _post("B", "U3", 1, 75000, 4, 3, 3),  # balanced
    ]
    emps = [
        _emp(E[1], "A", "U1", 4, 3, 3),  # fits V perfectly
        _emp(E[2], "A", "U1", 3, 3, 3),  # one technical level short
        _emp(E[3], "A", "U1", 2, 2, 2, due=True, years=6.0),  # fits least, due for rotation
        _emp(E[4], "B", "U3", 4, 3, 3, due=True, years=7.0),  # fits perfectly and due
        _emp(E[5], "A", "U1", 4, 3, 3, eligible=False, reasons="hukuman_disiplin"),  # not eligible
        _emp(E[6], "A", "U1", 4, 3, 3, willing=False),  # unwilling and not due: cannot be moved
    ]
    return _frames(posts, emps)


def test_vacant_post_gets_every_legal_candidate_ranked():
    positions, employees = _case()
    result = recommend(positions, employees, example_params())
    short = result.shortlists
    assert set(short["position_code"]) == {"V"}  # only posts short of staff get a shortlist
    ranked = short.sort_values("candidate_rank")
    assert ranked["nip"].tolist() == [E[4], E[1], E[2], E[3]]  # ties on fit: the one due for rotation first
    assert ranked["candidate_rank"].tolist() == [1, 2, 3, 4]
    assert ranked["job_fit_at_post"].iloc[0] == pytest.approx(5.0) and ranked["job_fit_at_post"].iloc[
        1
    ] == pytest.approx(5.0)
    assert ranked["job_fit_at_post"].is_monotonic_decreasing
    planned = set(result.moves.loc[result.moves["to_position_code"] == "V", "nip"])
    assert ranked.loc[ranked["in_plan"], "nip"].tolist() == sorted(planned) and len(planned) == 1
    assert ranked["staffing_gap"].tolist() == [1] * 4
    first = ranked.iloc[0]
    assert first["reasons"] == "Kecocokan kompetensi di jabatan ini 5,0 (sekarang 5,0); jatuh tempo rotasi."
    assert first["training_needs"] == ""
    assert ranked.iloc[3]["training_needs"] != ""  # (2, 2, 2) against (4, 3, 3): needs named


def test_shortlist_size_is_a_parameter():
    positions, employees = _case()
    result = recommend(positions, employees, example_params(shortlist_size=2))
    assert result.shortlists["nip"].tolist() == [E[4], E[1]]
