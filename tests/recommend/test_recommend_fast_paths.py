"""The fast paths of the regency step held to the plain computations they replace (issue 19): the major rule
(prepare.major_match, coded per post) against the rule pair by pair, job fit of many pairs (prepare.pair_fit)
against fit_scores with major_match's shift, the flat table take of fit.fit_scores, the binary-search membership of
the preferred units, and the shortlists' NIP order by rank against the order of the NIP texts."""

import numpy as np
import pandas as pd
import pytest

from mutasi.recommend import plan
from mutasi.recommend.candidates import rule_candidates, sorted_member
from mutasi.recommend.fit import FACTOR_COLUMNS, _levels, factor_coefficients, fit_scores, gap_weight_lookup
from mutasi.recommend.prepare import major_match, pair_fit, prepare_employees, prepare_positions
from mutasi.recommend.shortlist import build_shortlists
from mutasi.recommend.synthetic import example_params, synthetic_instance

MAJORS = ["Akuntansi", "Manajemen", "Hukum", "Teknik Sipil", " akuntansi ", "Ilmu Pemerintahan"]


def _with_majors(positions: pd.DataFrame, employees: pd.DataFrame, seed: int):
    """The synthetic instance with jurusan_syarat on some posts (also empty and messy lists) and majors on
    most employees (some missing, some named by no post)."""
    rng = np.random.default_rng(seed)
    lists = [None, "", "Akuntansi; Manajemen", "Hukum", "manajemen;akuntansi", " ; Teknik Sipil", "Ilmu Pemerintahan"]
    positions = positions.assign(required_majors=rng.choice(np.array(lists, dtype=object), size=len(positions)))
    majors = np.array([*MAJORS, None, "", "Kedokteran"], dtype=object)
    employees = employees.assign(education_major=rng.choice(majors, size=len(employees)))
    # NIPs of unequal length: their text order is not their numeric order
    nips = employees["nip"].astype(str).to_numpy().copy()
    nips[::7] = [n[:-3] for n in nips[::7]]
    return positions, employees.assign(nip=nips)


def _prepared(seed: int, **overrides):
    params = example_params(**overrides)
    positions, employees = synthetic_instance(1500, seed=seed)
    positions, employees = _with_majors(positions, employees, seed)
    pos = prepare_positions(positions, params)
    emp = prepare_employees(employees, pos, params)
    return params, pos, emp


def _plain_major_match(emp, pos, i, j):
    """The rule as SQL states it (int_employees_features_joined.meets_major_requirement), pair by pair."""
    keys = pos["majors_key"].to_numpy() if "majors_key" in pos else np.full(len(pos), "")
    majors = emp["major_norm"].to_numpy()
    return np.array([keys[b] == "" or majors[a] in keys[b].split(";") for a, b in zip(i, j)], dtype=bool)


@pytest.mark.parametrize("seed", [0, 1])
def test_major_match_is_the_rule_pair_by_pair(seed):
    _, pos, emp = _prepared(seed)
    assert (pos["majors_key"] != "").any() and (pos["majors_key"] == "").any()  # both kinds of post
    rng = np.random.default_rng(seed)
    for n in (len(emp) * 5, 17):
        i = rng.integers(0, len(emp), n)
        j = rng.integers(0, len(pos), n)
        got = major_match(emp, pos, i, j)
        assert np.array_equal(got, _plain_major_match(emp, pos, i, j))
        assert got.any() and not got.all()
    no_lists = pos.drop(columns="majors_key")
    i = rng.integers(0, len(emp), 100)
    j = rng.integers(0, len(pos), 100)
    assert major_match(emp, no_lists, i, j).all()


@pytest.mark.parametrize(
    "overrides",
    [
        {"major_requirement_use": "fit", "major_mismatch_gap": 1},
        {"major_requirement_use": "fit", "major_mismatch_gap": 2},
        {"major_requirement_use": "fit", "major_mismatch_gap": 0},
        {"major_requirement_use": "eligibility"},
        {"major_requirement_use": "none"},
    ],
)
def test_pair_fit_is_the_plain_definition(overrides):
    """pair_fit (its major shift through the per-post codes) against fit_scores with the shift of major_match."""
    params, pos, emp = _prepared(3, **overrides)
    c = rule_candidates(emp, pos, params)
    assert len(c) > len(emp)
    i, j = c["i"].to_numpy(), c["j"].to_numpy()
    shift = None
    if params.major_requirement_use == "fit" and params.major_mismatch_gap != 0:
        shift = np.where(major_match(emp, pos, i, j), 0, int(round(params.major_mismatch_gap)))
    actual = {f: emp[FACTOR_COLUMNS[f][0]].to_numpy(float) for f in params.factors}
    target = {f: pos[FACTOR_COLUMNS[f][1]].to_numpy(float) for f in params.factors}
    expected = fit_scores(actual, target, params, i, j, shift)
    assert pair_fit(emp, pos, params, i, j).tobytes() == expected.tobytes()
    assert len(pair_fit(emp, pos, params, i[:0], j[:0])) == 0


def test_rule_candidates_with_the_major_rule_keep_the_plain_pairs():
    params, pos, emp = _prepared(4, major_requirement_use="eligibility")
    plain = rule_candidates(emp, pos, example_params(major_requirement_use="none"))
    i, j = plain["i"].to_numpy(), plain["j"].to_numpy()
    expected = plain[major_match(emp, pos, i, j)].reset_index(drop=True)
    pd.testing.assert_frame_equal(rule_candidates(emp, pos, params), expected)


def test_fit_scores_flat_take_is_the_plain_table_lookup():
    params = example_params()
    rng = np.random.default_rng(5)
    levels = np.array([np.nan, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2.4, 0.2, 11])
    actual = {f: rng.choice(levels, 400) for f in params.factors}
    target = {f: rng.choice(levels, 60) for f in params.factors}
    i = rng.integers(0, 400, 5000)
    j = rng.integers(0, 60, 5000)
    shift = rng.integers(0, 3, 5000)
    lookup = gap_weight_lookup(params)
    expected = None
    for f, w in factor_coefficients(params).items():
        a, t = _levels(actual[f])[i], _levels(target[f])[j]
        gap = np.clip(a - t - (shift if f == "education" else 0), -4, 4)
        term = w * lookup[np.where((a == 0) | (t == 0), 0, gap) + 4]
        expected = term if expected is None else expected + term
    assert fit_scores(actual, target, params, i, j, shift).tobytes() == expected.tobytes()


def test_sorted_member_is_isin():
    rng = np.random.default_rng(6)
    keys = rng.integers(0, 5000, 20000)
    for of in (rng.integers(0, 5000, 300), rng.integers(-10, 10, 50), np.zeros(0, dtype=np.int64)):
        assert np.array_equal(sorted_member(keys, of), np.isin(keys, of))


@pytest.mark.parametrize("seed", [7, 8])
def test_shortlists_rank_by_the_nip_text(seed):
    params = example_params()
    positions, employees = synthetic_instance(1500, seed=seed)
    positions, employees = _with_majors(positions, employees, seed)
    pos, emp, _, rule_c, _, _, chosen, _ = plan(positions, employees, params)
    out = build_shortlists(rule_c, emp, pos, chosen, params, 5)
    assert len(out)
    # the plain ranking: every legal candidate of a post short of staff, sorted on the documented keys
    gap = pos["gap_pos"].to_numpy()
    c = rule_c[gap[rule_c["j"].to_numpy()] > 0]
    i, j, jf = c["i"].to_numpy(), c["j"].to_numpy(), c["j_from"].to_numpy()
    plain = pd.DataFrame(
        {
            "j": j,
            "fit": -np.round(pair_fit(emp, pos, params, i, j), 9),
            "not_due": ~emp["due"].to_numpy(bool)[i],
            "unwilling": emp["unwilling"].to_numpy(bool)[i],
            "source_short": gap[jf] > 0,
            "nip": emp["nip"].to_numpy()[i].astype(str),
            "from": pos["position_code"].to_numpy()[jf],
        }
    ).sort_values(["j", "fit", "not_due", "unwilling", "source_short", "nip"], kind="stable")
    plain["rank"] = plain.groupby("j").cumcount() + 1
    plain = plain[plain["rank"] <= 5]
    assert out["nip"].tolist() == plain["nip"].tolist()
    assert out["from_position_code"].tolist() == plain["from"].tolist()
    assert out["candidate_rank"].tolist() == plain["rank"].tolist()


@pytest.mark.parametrize("default", [None, False, True])
def test_to_bool_of_boolean_columns_is_the_element_by_element_conversion(default):
    """The marts' flags come as numpy bool (no NULL) or pandas' nullable boolean (with NULL): the array path
    gives the same Python True/False/None (or the default) as converting every value."""
    from mutasi.recommend.prepare import to_bool

    plain = pd.Series([True, False, True])
    nullable = pd.Series([True, None, False, None], dtype="boolean")
    for series in (plain, nullable):
        fast = to_bool(series, default)
        slow = to_bool(series.astype(object), default)
        assert fast.dtype == object and slow.dtype == object
        assert [type(v) for v in fast] == [type(v) for v in slow]
        assert fast.tolist() == slow.tolist()
    assert to_bool(nullable, default).tolist() == [True, default, False, default]


def test_map_distinct_is_the_element_by_element_map():
    """Majors and requirement lists are normalised once per distinct value: the same as per row, missing
    values (None, NaN, NA) included, list results kept as one object each."""
    from mutasi.recommend.prepare import _majors_key, _norm_major, map_distinct, split_list

    values = pd.Series([" Hukum ", None, "hukum", np.nan, "Teknik Sipil; hukum", "", pd.NA, "Teknik Sipil; hukum"])
    for fn in (_norm_major, _majors_key, split_list):
        fast = map_distinct(values, fn)
        assert fast.dtype == object and len(fast) == len(values)
        assert list(fast) == [fn(v) for v in values]
    assert list(map_distinct(values, _majors_key))[4] == "hukum;teknik sipil"
