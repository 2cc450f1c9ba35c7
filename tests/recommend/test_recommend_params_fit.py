"""Parameter loader, profile matching and grades."""

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from mutasi.recommend import RecommendParams, load_recommend_params
from mutasi.recommend.fit import fit_scores, grade_of, training_needs
from mutasi.recommend.synthetic import example_params

SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"

PARAMETERS = """parameter,value,unit,description,source,status
effective_minutes_per_year,75000,min,x,x,confirmed
headcount_rounding,half_up,method,x,x,confirmed
core_factor_share,0.6,share,x,x,confirmed
weight_workload_balance,1.0,w,x,x,open
weight_job_fit,2.0,w,x,x,open
weight_rotation_urgency,0.5,w,x,x,open
weight_preference,0.3,w,x,x,open
penalty_unwilling,2.0,w,x,x,open
cost_per_move,0.25,w,x,x,open
max_unit_outflow_share,0.2,share,x,x,open
min_fit_gain,0.75,score,x,x,open
"""
GAPS = "gap,weight,description,source,status\n" + "".join(
    f"{g},{w},d,s,confirmed\n"
    for g, w in [(-4, 1), (-3, 2), (-2, 3), (-1, 4), (0, 5), (1, 4.5), (2, 3.5), (3, 2.5), (4, 1.5)]
)
FACTORS = """factor,is_core,description,source,status
technical,true,d,s,confirmed
managerial,true,d,s,confirmed
sociocultural,false,d,s,confirmed
education,false,d,s,open
"""
EDUCATION = """education_level,education_rank,profile_level,ipasn_qualification_score,description,source,status
SMA,3,2,5,d,s,open
D3,6,3,10,d,s,open
D4,7,4,15,d,s,open
S1,7,4,15,d,s,open
S2,8,5,20,d,s,confirmed
"""
RELATED = "job_family,related_job_family,source,status\nKeuangan,Perencanaan,s,open\n"


def _write(d: Path, related: bool = True) -> Path:
    p = d / "params"
    p.mkdir()
    (p / "parameters.csv").write_text(PARAMETERS)
    (p / "gap_weights.csv").write_text(GAPS)
    (p / "profile_factors.csv").write_text(FACTORS)
    (p / "education_levels.csv").write_text(EDUCATION)
    if related:
        (p / "related_job_families.csv").write_text(RELATED)
    return d


def test_loader_reads_the_seed_files(tmp_path):
    params = load_recommend_params(_write(tmp_path))
    assert isinstance(params, RecommendParams)
    assert params.weight_job_fit == 2.0 and params.penalty_unwilling == 2.0
    assert params.cost_per_move == 0.25
    assert params.max_unit_outflow_share == 0.2 and params.min_fit_gain == 0.75
    assert params.core_factors == {"technical", "managerial"}
    assert params.education_levels["D4"] == (7, 4)
    assert params.family_pairs() == {("Keuangan", "Perencanaan"), ("Perencanaan", "Keuangan")}
    assert params.gap_weight(-7) == 1.0 and params.gap_weight(1) == 4.5
    assert params.grade_bands[0][0] == "A" and len(params.version) == 12
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.weight_job_fit = 3.0  # frozen


def test_loader_reports_missing_keys_and_files(tmp_path):
    d = _write(tmp_path, related=False)
    assert load_recommend_params(d).related_job_families == frozenset()
    (d / "params" / "parameters.csv").write_text(PARAMETERS.replace("penalty_unwilling,2.0", "other,2.0"))
    with pytest.raises(KeyError, match="penalty_unwilling"):
        load_recommend_params(d)
    (d / "params" / "parameters.csv").write_text(PARAMETERS.replace("cost_per_move,0.25", "other,0.25"))
    with pytest.raises(KeyError, match="cost_per_move"):
        load_recommend_params(d)
    (d / "params" / "parameters.csv").write_text(PARAMETERS.replace("min_fit_gain,0.75", "other,0.75"))
    with pytest.raises(KeyError, match="min_fit_gain"):
        load_recommend_params(d)
    (d / "params" / "gap_weights.csv").unlink()
    with pytest.raises(FileNotFoundError):
        load_recommend_params(d)


@pytest.mark.skipif(not (SEEDS / "params" / "parameters.csv").exists(), reason="project seeds not written yet")
def test_loader_reads_the_project_seeds():
    params = load_recommend_params(SEEDS)
    assert 0 < params.max_unit_outflow_share < 1
    assert dict(params.gap_weights)[0] == 5.0
    # issue 5: a rotation alone is worth more than a move costs
    assert 0 < params.cost_per_move < params.weight_rotation_urgency


def _fit(actual, target, params=None):
    params = params or example_params()
    keys = ("technical", "managerial", "sociocultural", "education")
    a = {k: np.array([v], dtype=float) for k, v in zip(keys, actual)}
    t = {k: np.array([v], dtype=float) for k, v in zip(keys, target)}
    return float(fit_scores(a, t, params)[0])


def test_profile_matching_gap_table_and_core_share():
    assert _fit((3, 3, 3, 4), (3, 3, 3, 4)) == pytest.approx(5.0)
    # teknis -2 -> 3, manajerial +1 -> 4.5; sociocultural -1 -> 4, education +1 -> 4.5
    assert _fit((1, 4, 2, 5), (3, 3, 3, 4)) == pytest.approx(0.6 * 3.75 + 0.4 * 4.25)
    # gaps beyond 4 are clipped
    assert _fit((1, 1, 1, 1), (5, 5, 5, 5)) == pytest.approx(1.0)
    # a missing level counts as on target
    assert _fit((np.nan, 3, 3, 4), (1, 3, 3, 4)) == pytest.approx(5.0)
    only_core = example_params(factors=("technical", "managerial"))
    assert _fit((2, 3, 0, 0), (3, 3, 0, 0), only_core) == pytest.approx(4.5)


def test_training_needs_names():
    a = {
        "technical": np.array([2.0, 4.0, np.nan]),
        "managerial": np.array([3.0, 2.0, 1.0]),
        "sociocultural": np.array([1.0, 3.0, 3.0]),
    }
    t = {
        "technical": np.array([3.0, 3.0, 5.0]),
        "managerial": np.array([3.0, 3.0, 3.0]),
        "sociocultural": np.array([2.0, 3.0, 3.0]),
    }
    out = training_needs(a, t, np.array(["Keuangan", "Kesehatan", "Umum"], dtype=object))
    assert list(out) == [
        "Pelatihan teknis Keuangan;Pelatihan sosiokultural",
        "Pelatihan kepemimpinan/manajerial",
        "Pelatihan kepemimpinan/manajerial",
    ]


def test_grades_follow_the_bands():
    g = grade_of(np.array([1.01, 1.0, 0.9, 0.8999, 0.7, 0.5, 0.4999, np.nan]), example_params())
    assert list(g) == ["A", "B", "B", "C", "C", "D", "E", None]


def test_related_families_seed_column_position_types(tmp_path):
    d = _write(tmp_path)
    (d / "params" / "related_job_families.csv").write_text(
        "job_family,related_job_family,position_types\nadministrasi,pemerintahan,pelaksana;pengawas\nKeuangan,Perencanaan,\n"
    )
    params = load_recommend_params(d)
    assert params.related_job_families == frozenset({("Keuangan", "Perencanaan")})
    assert ("administrasi", "pemerintahan") in params.family_pairs("pelaksana")
    assert ("pemerintahan", "administrasi") in params.family_pairs("pengawas")
    assert ("administrasi", "pemerintahan") not in params.family_pairs("fungsional")
    assert ("Perencanaan", "Keuangan") in params.family_pairs("fungsional")  # no types listed: every type


def test_training_needs_named_by_the_catalogue_with_hours():
    """The project seed training_catalogue names the training of the gap's size and its hours (JP)."""
    from mutasi.config import DBT_PROJECT_DIR
    from mutasi.recommend.fit import training_needs

    catalogue = load_recommend_params(DBT_PROJECT_DIR / "seeds").training_catalogue
    actual = {"technical": np.array([2.0, 1.0, 3.0]), "managerial": np.array([2.0, 1.0, np.nan])}
    actual["sociocultural"] = np.array([3.0, 2.0, 3.0])
    target = {"technical": np.array([3.0, 3.0, 3.0]), "managerial": np.array([3.0, 3.0, 3.0])}
    target["sociocultural"] = np.array([3.0, 3.0, 3.0])
    got = training_needs(actual, target, np.array(["Keuangan"] * 3), catalogue)
    assert got.tolist() == [
        "Pelatihan teknis Keuangan tingkat dasar (24 JP);Coaching dan mentoring manajerial (20 JP)",
        "Pelatihan teknis Keuangan tingkat lanjut dan magang (60 JP);Pelatihan kepemimpinan sesuai jenjang (PKP/PKA) "
        "(180 JP);Pelatihan wawasan kebangsaan dan pelayanan publik (16 JP)",
        "",  # on target, and an unassessed competency gives no need
    ]
    assert training_needs(actual, target, np.array(["Keuangan"] * 3))[0] == (
        "Pelatihan teknis Keuangan;Pelatihan kepemimpinan/manajerial"  # no catalogue: the generic kind
    )


def test_recent_diklat_reduces_the_training_need():
    """Diklat finished within training_need_lookback_years of the kinds the catalogue counts: the need
    shows what remains, or asks for a re-assessment when the hours are done and the gap is still there."""
    from mutasi.config import DBT_PROJECT_DIR
    from mutasi.recommend.fit import training_needs

    catalogue = load_recommend_params(DBT_PROJECT_DIR / "seeds").training_catalogue
    actual = {"technical": np.array([2.0, 2.0, 2.0]), "managerial": np.array([3.0, 3.0, 2.0])}
    actual["sociocultural"] = np.array([3.0, 3.0, 3.0])
    target = {f: np.array([3.0, 3.0, 3.0]) for f in ("technical", "managerial", "sociocultural")}
    recent = {
        "teknis": np.array([0.0, 6.0, 20.0]),
        "fungsional": np.array([0.0, 4.0, 10.0]),
        "kepemimpinan": np.array([0.0, 0.0, 0.0]),
        "seminar": np.array([40.0, 40.0, 40.0]),  # counts only against the sociocultural need
    }
    got = training_needs(actual, target, np.array(["Keuangan"] * 3), catalogue, recent, 2)
    assert got.tolist() == [
        "Pelatihan teknis Keuangan tingkat dasar (24 JP)",
        "Pelatihan teknis Keuangan tingkat dasar (24 JP; 10 JP sudah diikuti, sisa 14 JP)",
        "Asesmen ulang kompetensi teknis (Pelatihan teknis Keuangan tingkat dasar 24 JP sudah dipenuhi oleh 30 JP "
        "diklat 2 tahun terakhir);Coaching dan mentoring manajerial (20 JP)",
    ]
