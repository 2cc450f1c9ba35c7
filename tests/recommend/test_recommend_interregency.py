"""Inter-regency moves on a hand-made two-regency province (issue 17, first part): the known optimal exchange,
the willingness rule, the caps per regency, and a province of one regency."""

import pandas as pd
import pytest
from test_recommend_explain import _emp, _post

from mutasi.recommend.interregency import (
    INTERREGENCY_COLUMNS,
    TALENT_POOL_COLUMNS,
    InterregencyRules,
    interregency_plan,
    provincial_talent_pool,
)
from mutasi.recommend.synthetic import example_params

N = {k: f"19850101201001100{k}" for k in range(1, 6)}


def _province():
    nurse = dict(family="Kesehatan", ptype="fungsional")
    positions = pd.DataFrame(
        [
            {**_post("FA", "U1", 3, 75000, 3, 3, 3, **nurse), "region_code": "6171"},  # 1 needed, 3 there
            {**_post("AA", "U1", 2, 75000, 3, 3, 3, family="Umum"), "region_code": "6171"},  # 1 needed, 2 there
            {**_post("FB", "U1", 0, 150000, 3, 3, 3, **nurse), "region_code": "6172"},  # 2 needed, none
            {**_post("KB", "U1", 0, 75000, 3, 3, 3, family="Keuangan"), "region_code": "6172"},  # another family
        ]
    )
    employees = pd.DataFrame(
        [
            {**_emp(N[1], "FA", "U1", 3, 3, 3, willing=True), "region_code": "6171"},
            {**_emp(N[2], "FA", "U1", 3, 3, 3, willing=None), "region_code": "6171"},  # not asked, not due
            {**_emp(N[3], "FA", "U1", 3, 3, 3, willing=None, due=True, years=6.0), "region_code": "6171"},
            {**_emp(N[4], "AA", "U1", 3, 3, 3, willing=True), "region_code": "6171"},
            {**_emp(N[5], "AA", "U1", 3, 3, 3, willing=True), "region_code": "6171"},
        ]
    )
    return positions, employees


def test_the_known_optimal_exchange():
    positions, employees = _province()
    rules = InterregencyRules(max_outflow_share=1.0, max_inflow_share=1.0)
    moves, stats = interregency_plan(positions, employees, example_params(), rules)
    assert stats.status == "optimal"
    # surplus nurses of 6171 fill the vacant nurse posts of 6172: the willing one and the one due for rotation;
    # value 1.5 x (1 - (-1)) - 0.25 = 2.75, plus 0.5 for rotation
    assert moves[["nip", "from_region_code", "to_region_code", "to_position_code"]].values.tolist() == [
        [N[1], "6171", "6172", "FB"],
        [N[3], "6171", "6172", "FB"],
    ]
    assert moves["objective_value"].tolist() == pytest.approx([2.75, 3.25])
    # every hard rule: another regency, same type and family, the willingness rule
    merged = moves.drop(columns=["position_type", "job_family", "job_level"]).merge(
        positions, left_on=["to_region_code", "to_position_code"], right_on=["region_code", "position_code"]
    )
    assert (merged["from_region_code"] != merged["to_region_code"]).all()
    assert set(merged["job_family"]) == {"Kesehatan"} and set(merged["position_type"]) == {"fungsional"}
    assert N[2] not in set(moves["nip"])  # neither willing nor due
    assert not set(moves["nip"]) & {N[4], N[5]}  # no post of their family in 6172


def test_the_cap_per_regency_keeps_the_most_valuable_move():
    positions, employees = _province()
    moves, _ = interregency_plan(positions, employees, example_params(), InterregencyRules(max_outflow_share=0.01))
    # 5 employees in 6171: at most max(1, floor(0.01 x 5)) = 1 leaves; the move due for rotation is worth more
    assert moves["nip"].tolist() == [N[3]]


def test_a_province_of_one_regency_has_no_interregency_moves():
    positions, employees = _province()
    one = positions[positions["region_code"] == "6171"]
    moves, stats = interregency_plan(one, employees, example_params())
    assert moves.empty and stats.status == "optimal"
    assert list(moves.columns) == list(INTERREGENCY_COLUMNS)
    assert (stats.method, stats.n_candidates) == ("one regency", 0)


def test_each_move_names_both_regencies_and_why_but_no_person():
    positions, employees = _province()
    rules = InterregencyRules(max_outflow_share=1.0, max_inflow_share=1.0)
    moves, _ = interregency_plan(positions, employees, example_params(), rules)
    due = moves.set_index("nip").loc[N[3]]
    assert due["reason_codes"] == "FILLS_VACANCY;RELIEVES_SURPLUS;DUE_FOR_ROTATION"
    assert due["explanation"] == (
        "Mutasi antar-kabupaten/kota dari Jabatan FA (Dinas A) di Kota Pontianak ke Jabatan FB (Dinas A) di "
        "Kota Singkawang. Di Kota Singkawang jabatan tujuan masih kekurangan 2 orang setelah rencana mutasi "
        "internal kabupaten/kota itu; di Kota Pontianak jabatan asal kelebihan 2 orang. Kecocokan jabatan "
        "tetap 5,00. Pegawai belum menyatakan bersedia, tetapi sudah 5 tahun atau lebih dalam jabatan "
        "(wajib rotasi). Mutasi antar-kabupaten/kota dalam satu provinsi ditetapkan oleh Gubernur setelah "
        "pertimbangan Kepala BKN (PP 11/2017 Pasal 192)."
    )
    willing = moves.set_index("nip").loc[N[1]]
    assert willing["reason_codes"] == "FILLS_VACANCY;RELIEVES_SURPLUS;WILLING"
    assert "bersedia dipindahkan ke luar kabupaten/kotanya" in willing["explanation"]
    assert moves["priority_rank"].tolist() == [2, 1]  # the move due for rotation is worth more
    for text in moves["explanation"]:
        assert not any(nip in text for nip in N.values()) and "Pegawai 00" not in text


def test_a_preferred_unit_only_in_the_own_regency_means_not_willing_to_leave_it():
    positions, employees = _province()
    rules = InterregencyRules(max_outflow_share=1.0, max_inflow_share=1.0)
    own = employees.assign(preferred_unit_codes=["U1", None, None, None, None])  # 6171's own unit U1 ...
    own.loc[0, "preferred_unit_codes"] = "X9"  # ... or a unit of no regency: still not a wish to leave
    moves, _ = interregency_plan(positions, own, example_params(), rules)
    assert moves["nip"].tolist() == [N[3]]  # only the one due for rotation
    # a unit of 6172 named: willing to leave (6172's unit is also called U1 here, so rename it)
    other = positions.assign(unit_code=positions["unit_code"].where(positions["region_code"] == "6171", "U2"))
    moves, _ = interregency_plan(
        other, own.assign(preferred_unit_codes=["U2", None, None, None, None]), example_params(), rules
    )
    assert moves["nip"].tolist() == [N[1], N[3]]


def test_the_regencies_own_plans_come_first_and_never_share_a_person_or_seat():
    positions, employees = _province()
    rules = InterregencyRules(max_outflow_share=1.0, max_inflow_share=1.0)
    # 6171's own plan already moves N[3] (to AA) and N[1] stays; 6172's own plan fills one FB seat with ... nobody
    # of its own (it has no staff): the within plan is only 6171's here
    within = pd.DataFrame([{"region_code": "6171", "nip": N[3], "to_position_code": "AA"}])
    moves, _ = interregency_plan(positions, employees, example_params(), rules, within=within)
    assert N[3] not in set(moves["nip"])  # the person is the regency's
    # FA had 3 for 1 needed; after N[3] left, 2 for 1: one surplus left, so one nurse crosses, not two
    assert moves["nip"].tolist() == [N[1]]
    assert moves["source_surplus_before"].tolist() == [1]
    # a seat: 6172 has a nurse of its own in surplus (FC) whom its own plan sends to FB: FB then lacks 1, not 2
    nurse = dict(family="Kesehatan", ptype="fungsional")
    n6 = "198501012010011006"
    pos2 = pd.concat(
        [positions, pd.DataFrame([{**_post("FC", "U1", 2, 75000, 3, 3, 3, **nurse), "region_code": "6172"}])],
        ignore_index=True,
    )
    emp2 = pd.concat(
        [employees, pd.DataFrame([{**_emp(n6, "FC", "U1", 3, 3, 3, willing=True), "region_code": "6172"}])],
        ignore_index=True,
    )
    within2 = pd.DataFrame([{"region_code": "6172", "nip": n6, "to_position_code": "FB"}])
    again, _ = interregency_plan(pos2, emp2, example_params(), rules, within=within2)
    assert again["nip"].tolist() == [N[3]]  # one seat left: the more valuable move takes it
    assert again["target_gap_before"].tolist() == [1]
    without, _ = interregency_plan(pos2, emp2, example_params(), rules)
    assert sorted(without["nip"]) == sorted([N[1], N[3]])


def test_after_within_plans_counts_staff_after_the_regencies_moves():
    from mutasi.recommend.interregency import after_within_plans

    positions, employees = _province()
    within = pd.DataFrame([{"region_code": "6171", "nip": N[4], "to_position_code": "FA"}])
    pos, emp = after_within_plans(positions, employees, within)
    staff = dict(zip(pos["region_code"] + ":" + pos["position_code"], pos["current_staff"]))
    assert staff == {"6171:FA": 4, "6171:AA": 1, "6172:FB": 0, "6172:KB": 0}
    assert N[4] not in set(emp["nip"]) and len(emp) == 4


def test_the_provincial_talent_pool_ranks_candidates_from_every_regency():
    from test_recommend_succession import N as S
    from test_recommend_succession import _case

    # the succession case split over two regencies: 6171 has the key post K (holder retiring in a year) and
    # P1; 6172 has P2 and X, with the box 7 pengawas N4 and the box 9 pelaksana N8
    positions, employees = _case()
    positions["region_code"] = positions["position_code"].map({"K": "6171", "P1": "6171", "P2": "6172", "X": "6172"})
    employees["region_code"] = employees["position_code"].map(
        dict(zip(positions["position_code"], positions["region_code"]))
    )
    pool = provincial_talent_pool(positions, employees, example_params(), size=3)
    assert list(pool.columns) == list(TALENT_POOL_COLUMNS)
    got = pool[["region_code", "position_code", "candidate_rank", "nip", "candidate_region_code", "is_same_regency"]]
    # K: ranked as in the regency's own succession list (box 9, 8, then 7), the third from the other regency;
    # P1 opens when N7 retires in 2.5 years: the pelaksana N8 of 6172 is one level below
    assert got.values.tolist() == [
        ["6171", "K", 1, S[3], "6171", True],
        ["6171", "K", 2, S[2], "6171", True],
        ["6171", "K", 3, S[4], "6172", False],
        ["6171", "P1", 1, S[8], "6172", False],
    ]
    assert pool["candidate_region_name"].tolist()[2:] == ["Kota Singkawang", "Kota Singkawang"]
    assert set(pool["opening_reason"]) == {"pensiun"}
    # nobody anywhere in the province qualifies (talent box 3 everywhere): each opening key post is listed once,
    # without a candidate, so that the coverage counts it
    bare = provincial_talent_pool(positions, employees.assign(talent_box=3), example_params(), size=3)
    assert bare[["position_code", "opening_reason"]].values.tolist() == [["K", "pensiun"], ["P1", "pensiun"]]
    assert bare["nip"].isna().all() and bare["candidate_rank"].isna().all() and bare["is_same_regency"].isna().all()


def test_an_empty_province_has_an_empty_pool():
    positions, employees = _province()
    pool = provincial_talent_pool(positions.iloc[0:0], employees.iloc[0:0], example_params())
    assert pool.empty and list(pool.columns) == list(TALENT_POOL_COLUMNS)


# ------------------------------------------------------------------ every hard rule on generated provinces
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from recommend_testkit import reference_candidates, small_region  # noqa: E402


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_region(), small_region(), st.sampled_from([0.01, 0.5, 1.0]))
def test_every_interregency_move_obeys_the_hard_rules(first, second, share):
    (pos_a, emp_a, params), (pos_b, emp_b, _) = first, second
    emp_b = emp_b.assign(nip=emp_b["nip"].str[:-3] + "9" + emp_b["nip"].str[-2:])  # distinct NIPs
    positions = pd.concat([pos_a.assign(region_code="6171"), pos_b.assign(region_code="6172")], ignore_index=True)
    employees = pd.concat([emp_a.assign(region_code="6171"), emp_b.assign(region_code="6172")], ignore_index=True)
    rules = InterregencyRules(max_outflow_share=share, max_inflow_share=share)
    moves, stats = interregency_plan(positions, employees, params, rules)
    assert stats.status == "optimal"
    # the reference (plain loops) on region-qualified codes, without preferred units (not across regencies)
    q = lambda f, *cols: f.assign(**{c: f["region_code"] + ":" + f[c].astype(str) for c in cols})  # noqa: E731
    ref_pos = q(positions, "position_code", "unit_code")
    ref_emp = q(employees, "position_code", "unit_code").assign(preferred_unit_codes=None)
    ref_emp["positions_held_last_2y"] = [
        None if h is None else ";".join(f"{r}:{c}" for c in str(h).split(";"))
        for r, h in zip(ref_emp["region_code"], ref_emp["positions_held_last_2y"])
    ]
    allowed = {(c["nip"], c["to"]): c for c in reference_candidates(ref_pos, ref_emp, params)}
    person = employees.set_index("nip")
    for m in moves.itertuples():
        key = (m.nip, f"{m.to_region_code}:{m.to_position_code}")
        assert key in allowed, m
        assert m.objective_value == pytest.approx(allowed[key]["value"], abs=1e-6)
        assert m.from_region_code != m.to_region_code
        target = positions[
            (positions["region_code"] == m.to_region_code) & (positions["position_code"] == m.to_position_code)
        ]
        assert target["position_type"].iloc[0] in rules.position_types
        willing = person.loc[m.nip, "willing_to_move"]
        said_yes = willing is not None and not pd.isna(willing) and bool(willing)
        assert said_yes or bool(person.loc[m.nip, "is_due_for_rotation"])
    # per post: net arrivals within [-surplus, gap]; per regency: the caps
    for (region, code), row in positions.set_index(["region_code", "position_code"]).iterrows():
        gap = int(row["required_headcount"]) - int(row["current_staff"])
        net = ((moves["to_region_code"] == region) & (moves["to_position_code"] == code)).sum() - (
            (moves["from_region_code"] == region) & (moves["from_position_code"] == code)
        ).sum()
        assert -max(-gap, 0) <= net <= max(gap, 0)
    for region, emp in (("6171", emp_a), ("6172", emp_b)):
        assert (moves["from_region_code"] == region).sum() <= max(1, int(share * len(emp) + 1e-9))
    # the aggregated model (default, type nodes) and the pairs model (plain MILP) reach the same optimum
    pairs, pair_stats = interregency_plan(positions, employees, params, rules, formulation="pairs")
    assert stats.objective == pytest.approx(pair_stats.objective, abs=1e-6)
    assert moves["objective_value"].sum() == pytest.approx(pairs["objective_value"].sum(), abs=1e-5)


def test_the_rules_come_from_the_project_seed():
    from mutasi.config import DBT_PROJECT_DIR
    from mutasi.recommend.interregency import load_interregency_rules

    rules = load_interregency_rules(DBT_PROJECT_DIR / "seeds")
    assert rules == InterregencyRules(
        position_types=frozenset({"pelaksana", "fungsional"}), max_outflow_share=0.01, max_inflow_share=0.01
    )


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_region(), small_region(), small_region(), st.sampled_from([0.01, 0.2, 1.0]))
def test_the_type_model_reaches_the_optimum_of_every_pair(first, second, third, share):
    """The per-type model with generated columns (default) against the two models that build every pair: the same
    optimum on random three-regency provinces, and every move of it a candidate pair of the same value."""
    from mutasi.recommend.interregency_model import types_exact  # noqa: F401  (the path under test)

    parts = []
    for code, (pos, emp, _) in zip(("6171", "6172", "6173"), (first, second, third)):
        emp = emp.assign(nip=emp["nip"].str[:-3] + code[-1] + emp["nip"].str[-2:])
        parts.append((pos.assign(region_code=code), emp.assign(region_code=code)))
    params = first[2]
    positions = pd.concat([p for p, _ in parts], ignore_index=True)
    employees = pd.concat([e for _, e in parts], ignore_index=True)
    rules = InterregencyRules(max_outflow_share=share, max_inflow_share=share)
    types, type_stats = interregency_plan(positions, employees, params, rules)
    pairs, pair_stats = interregency_plan(positions, employees, params, rules, formulation="pairs")
    agg, agg_stats = interregency_plan(positions, employees, params, rules, formulation="aggregated")
    assert type_stats.status == pair_stats.status == agg_stats.status == "optimal"
    assert type_stats.objective == pytest.approx(pair_stats.objective, abs=1e-6)
    assert type_stats.objective == pytest.approx(agg_stats.objective, abs=1e-6)
    assert types["objective_value"].sum() == pytest.approx(pairs["objective_value"].sum(), abs=1e-5)
    # every move of the type model is a pair the pair model could choose, worth the same
    candidates = {
        (m.nip, m.to_region_code, m.to_position_code): m.objective_value for m in pd.concat([pairs, agg]).itertuples()
    }
    for m in types.itertuples():
        key = (m.nip, m.to_region_code, m.to_position_code)
        if key in candidates:
            assert m.objective_value == pytest.approx(candidates[key], abs=1e-6)
    assert not types.duplicated("nip").any()
