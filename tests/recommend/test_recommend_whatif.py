"""What-if on a synthetic region: the changed parameters change the plan, the comparison says how."""

import pytest

from mutasi.recommend.synthetic import example_params, synthetic_instance
from mutasi.recommend.whatif import WhatIfError, parse_overrides, what_if


def test_a_smaller_budget_gives_a_smaller_plan_and_says_who_drops_out():
    positions, employees = synthetic_instance(500, 3)
    params = example_params()
    result = what_if("6171", "2026-11-01", positions, employees, params, parse_overrides(["max_moves_share=0.02"]))
    s = result.summary()
    assert s["moves_what_if"] <= 10 < s["moves_current"]  # floor(0.02 x 500) = 10
    assert s["moves_in_both"] <= s["moves_what_if"]
    assert s["reproduces_published"] is None  # nothing published passed in
    m = result.metrics.set_index("metric")
    assert m.loc["n_moves", "what_if"] == s["moves_what_if"] and m.loc["n_moves", "current"] == s["moves_current"]
    assert (m["change"] == m["what_if"] - m["current"]).all()
    dropped = result.moves[result.moves["in_current"] & ~result.moves["in_what_if"]]
    assert len(dropped) >= s["moves_current"] - s["moves_what_if"]


def test_the_published_plan_is_recognised():
    positions, employees = synthetic_instance(300, 4)
    params = example_params()
    first = what_if("6171", "2026-11-01", positions, employees, params, {})
    published = first.moves.loc[first.moves["in_current"], ["nip", "current_to"]].rename(
        columns={"current_to": "to_position_code"}
    )
    again = what_if("6171", "2026-11-01", positions, employees, params, {"weight_job_fit": 3.0}, published)
    assert again.reproduces_published is True
    assert again.moves.loc[again.moves["in_current"], "in_published"].all()
    changed = published.iloc[1:]
    assert what_if("6171", "2026-11-01", positions, employees, params, {}, changed).reproduces_published is False


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (["budget=0.1"], "unknown parameter 'budget'"),
        (["weight_job_fit=banyak"], "weight_job_fit: 'banyak' is not a number"),
        (["weight_job_fit"], "write name=value"),
        (["related_job_families=administrasi"], "related_job_families: write pairs as family_a:family_b"),
        (["major_requirement_use=strict"], "major_requirement_use: 'strict'; allowed: fit, eligibility, none"),
    ],
)
def test_overrides_that_cannot_be_applied_are_named(pairs, message):
    with pytest.raises(WhatIfError, match=message):
        parse_overrides(pairs)


def test_related_families_override():
    got = parse_overrides(["related_job_families=pelayanan:administrasi, kesehatan:sosial"])
    assert got == {"related_job_families": frozenset({("administrasi", "pelayanan"), ("kesehatan", "sosial")})}


def test_the_major_rule_can_be_tried():
    assert parse_overrides(["major_requirement_use=eligibility", "major_mismatch_gap=2"]) == {
        "major_requirement_use": "eligibility",
        "major_mismatch_gap": 2.0,
    }
