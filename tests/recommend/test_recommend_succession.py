"""Succession candidates on a hand-made case: a key post whose holder retires within the horizon gets
candidates one level below, ranked by talent box, family and job fit, with readiness and gaps; those
who may not be listed are not."""

import datetime as dt

import pandas as pd
import pytest
from test_recommend_explain import _emp, _frames, _post

from mutasi.recommend import recommend
from mutasi.recommend.synthetic import example_params

N = {k: f"19750101200001{k:04d}" for k in range(1, 9)}


def _person(k, post, unit, t, m, s, box, years_left, status="PNS", sanction=None, **kw):
    row = _emp(N[k], post, unit, t, m, s, **kw)
    row.update(
        talent_box=box,
        years_to_retirement=years_left,
        retirement_date=dt.date(2026, 11, 1) + dt.timedelta(days=round(365.25 * years_left)),
        employment_status=status,
        worst_sanction_level=sanction,
    )
    return row


def _case():
    posts = [
        _post("K", "U1", 1, 75000, 4, 4, 3, family="Keuangan", ptype="administrator"),
        _post("P1", "U1", 3, 225000, 3, 3, 3, family="Keuangan", ptype="pengawas"),
        _post("P2", "U2", 3, 225000, 3, 3, 3, family="Umum", ptype="pengawas"),
        _post("X", "U2", 1, 75000, 3, 2, 2, family="Umum", ptype="pelaksana"),
    ]
    people = [
        _person(1, "K", "U1", 4, 4, 3, 8, 1.0),  # the holder: retires in a year
        _person(2, "P1", "U1", 4, 4, 3, 8, 15.0),  # box 8, same family, fits perfectly
        _person(3, "P1", "U1", 2, 2, 3, 9, 12.0),  # box 9: first, though two levels short on two competencies
        _person(4, "P2", "U2", 4, 4, 3, 7, 20.0),  # box 7, other family
        _person(5, "P2", "U2", 4, 4, 3, 3, 20.0),  # box 3: not listed
        _person(6, "P2", "U2", 4, 4, 3, 9, 20.0, sanction="berat"),  # heavy sanction: not listed
        _person(7, "P1", "U1", 4, 4, 3, 9, 2.5),  # would retire 1.5 years after the post opens: not listed
        _person(8, "X", "U2", 4, 4, 3, 9, 20.0),  # pelaksana: two levels below an administrator post
    ]
    return _frames(posts, people)


def test_retiring_holder_gets_ranked_successors_one_level_below():
    positions, employees = _case()
    result = recommend(positions, employees, example_params())
    k = result.succession[result.succession["position_code"] == "K"].sort_values("candidate_rank")
    assert k["nip"].tolist() == [N[3], N[2], N[4]]
    assert k["talent_box"].tolist() == [9, 8, 7]
    assert set(k["from_position_type"]) == {"pengawas"}
    first = k.iloc[0]
    assert (first["opening_reason"], first["holder_nip"]) == ("pensiun", N[1])
    assert first["holder_retirement_date"] == pd.Timestamp(dt.date(2027, 11, 1))
    assert first["gaps_to_close"] == "teknis 2 -> 4; manajerial 2 -> 4"
    assert first["readiness"] == "1-2 tahun"  # box 9, but two levels short of the post's target
    second = k.iloc[1]
    assert second["job_fit_at_post"] == pytest.approx(5.0)
    assert (second["readiness"], second["gaps_to_close"]) == ("siap sekarang", "")


def test_a_vacant_key_post_and_a_holder_far_from_retirement():
    positions, employees = _case()
    employees.loc[employees["nip"] == N[1], "years_to_retirement"] = 10.0  # K is no longer opening
    result = recommend(positions, employees, example_params())
    assert "K" not in set(result.succession["position_code"])
    positions.loc[positions["position_code"] == "K", "current_staff"] = 0
    employees = employees[employees["nip"] != N[1]]  # K vacant
    result = recommend(positions, employees, example_params())
    k = result.succession[result.succession["position_code"] == "K"]
    assert set(k["opening_reason"]) == {"kosong"} and k["holder_nip"].isna().all()
    # vacant now, so N7 (2.5 years to retirement) may be listed: box 9 like N3 and a better fit, so first
    assert k.sort_values("candidate_rank")["nip"].tolist() == [N[7], N[3], N[2], N[4]]


def test_ready_now_means_no_competency_short_of_the_post():
    """A job fit of 4.55 (technical one above, managerial one below the target) is not "siap sekarang":
    a missing level is not made up by a surplus elsewhere; unassessed is never ready; a candidate below the
    post's minimum education is not listed."""
    positions, employees = _case()
    n4 = employees["nip"] == N[4]
    employees.loc[n4, ["competency_technical", "competency_managerial"]] = [5.0, 3.0]
    n2 = employees["nip"] == N[2]
    employees.loc[n2, ["competency_technical", "competency_managerial", "competency_sociocultural"]] = float("nan")
    result = recommend(positions, employees, example_params())
    k = result.succession[result.succession["position_code"] == "K"].set_index("nip")
    assert k.loc[N[4], "job_fit_at_post"] == pytest.approx(4.55)
    assert (k.loc[N[4], "readiness"], k.loc[N[4], "gaps_to_close"]) == ("1-2 tahun", "manajerial 3 -> 4")
    assert k.loc[N[2], "readiness"] == "1-2 tahun"
    # K requires S1: a D3 candidate is not listed
    employees.loc[n4, "education_level"] = "D3"
    result = recommend(positions, employees, example_params())
    assert N[4] not in set(result.succession.loc[result.succession["position_code"] == "K", "nip"])
