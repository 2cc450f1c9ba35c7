"""Issue 18: the scorecard tells a story. What a BKPSDM officer reads first, with exact values.

The story functions are pure functions of the package's tables (mutasi/publish/story.py); the page is
rendered from Jinja2 templates with autoescape (mutasi/publish/html_report.py)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from publish_fixtures import PREVIOUS, make_history, make_meta, make_tables
from publish_readers import TEMPLATE_HEADINGS, glossary, parse

from mutasi.publish import publish_region_package, story


def texts(view: story.TableView) -> list[list[str]]:
    return [[c.text for c in row] for row in view.rows]


# ------------------------------------------------------------------------------------------ headline


def test_regency_headline_has_the_seven_figures_with_their_change():
    tables = make_tables()
    row = tables["summary"].iloc[0]
    previous = make_history().iloc[0]  # 31 December 2025
    files = [{"rows_read": 12, "rows_quarantined": 2}, {"rows_read": 6, "rows_quarantined": 0}]
    figures = story.regency_headline(row, previous, PREVIOUS, files, "Kalimantan Barat")
    by_key = {f.key: f for f in figures}
    assert [f.label for f in figures] == [
        "Pegawai",
        "Kebutuhan dibanding yang ada",
        "Jabatan kelas A / kelas E",
        "Rata-rata IP ASN",
        "Rencana mutasi",
        "Kualitas data",
        "Indeks komposit",
    ]
    assert by_key["fig_employees"].value == "10"
    assert by_key["fig_employees"].delta == "▲ +1 dibanding 31 Desember 2025"
    assert by_key["fig_employees"].trend == ""  # more staff is neither better nor worse
    assert by_key["fig_need_vs_staff"].value == "5 / 8"
    assert "Kurang 0 orang di jabatan yang kekurangan, lebih 3 orang" in by_key["fig_need_vs_staff"].detail
    assert (by_key["fig_need_vs_staff"].delta, by_key["fig_need_vs_staff"].trend) == (
        "▼ −1 dibanding 31 Desember 2025",
        "better",
    )
    assert by_key["fig_grade_a_e"].value == "40,0% / 40,0%"
    assert by_key["fig_grade_a_e"].delta == "▼ −10,0 poin persen dibanding 31 Desember 2025"
    assert by_key["fig_ipasn"].value == "75,0 dari 100"
    assert (
        by_key["fig_ipasn"].detail
        == "40,0% pegawai berkategori Rendah atau Sangat Rendah, 40,0% Tinggi atau Sangat Tinggi."
    )
    assert (by_key["fig_ipasn"].delta, by_key["fig_ipasn"].trend) == ("▲ +3,0 dibanding 31 Desember 2025", "better")
    assert by_key["fig_plan"].value == "2 usulan"
    assert by_key["fig_plan"].detail == (
        "Bila semua dilaksanakan: kekurangan pegawai 0 → 0 orang; jabatan kosong yang dibutuhkan 0 → 0; "
        "jabatan kelas A atau E 80,0% → 60,0%."
    )
    assert by_key["fig_data_quality"].detail.startswith("2 dari 18 baris yang dibaca dikarantina")
    assert (by_key["fig_composite"].value, by_key["fig_composite"].trend) == ("68,3", "better")
    assert "peringkat 2 di Provinsi Kalimantan Barat" in by_key["fig_composite"].detail


def test_first_snapshot_says_there_is_nothing_to_compare():
    row = make_tables()["summary"].iloc[0]
    figures = story.regency_headline(row, None, None)
    assert {f.delta for f in figures if f.key != "fig_plan"} == {"Belum ada snapshot sebelumnya untuk dibandingkan."}
    assert {f.trend for f in figures} == {""}


@pytest.mark.parametrize(
    ("current", "previous", "kind", "better", "expected"),
    [
        (0.25, 0.25, "pct", "lower", ("■ sama dengan 31 Desember 2025", "")),
        (0.2504, 0.25, "pct", "lower", ("■ sama dengan 31 Desember 2025", "")),  # 0,04 poin: rounds to 0,0
        (0.26, 0.25, "pct", "lower", ("▲ +1,0 poin persen dibanding 31 Desember 2025", "worse")),
        (1234.0, 1000.0, "count", None, ("▲ +234 dibanding 31 Desember 2025", "")),
        (0.3, 0.35, "dec3", "lower", ("▼ −0,050 dibanding 31 Desember 2025", "better")),
        (None, 0.35, "dec3", "lower", ("Tidak ada nilai pada 31 Desember 2025.", "")),
    ],
)
def test_change_text(current, previous, kind, better, expected):
    assert story.change_text(current, previous, PREVIOUS, kind, better) == expected


# ------------------------------------------------------------------------------------------ problems


def workload() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "position_code": ["P1", "P2", "P3", "P4", "P5", "P6"],
            "position_name": ["Analis", "Pengadministrasi", "Kepala Seksi", "Guru", "Guru", "Bendahara"],
            "unit_name": ["Dinas A", "Dinas A", "Dinas B", "SD 1", "SD 2", "Dinas B"],
            "position_type": ["fungsional", "pelaksana", "pengawas", "fungsional", "fungsional", "pelaksana"],
            "required_staff": [3.2, 0.6, 1.0, 4.6, 0.9, 0.4],
            "required_headcount": [3, 1, 1, 5, 1, 1],
            "current_staff": [2, 3, 0, 3, 4, 0],
            "staffing_gap": [1, -2, 1, 2, -3, 1],
        }
    )


def test_problems_name_the_heaviest_and_lightest_units_and_the_vacancies_that_matter():
    lead, tables = story.regency_problems(workload())
    over, idle, short, surplus, vacant = tables
    # unit EJ = Σ need / Σ staff: Dinas A 3,8/5 = 0,76; Dinas B 1,4/0 (no staff: no EJ); SD 1 4,6/3; SD 2 0,9/4
    assert texts(over) == [["SD 1", "4,6", "3", "1,53"]]
    assert texts(idle) == [["SD 2", "0,9", "4", "0,23"], ["Dinas A", "3,8", "5", "0,76"]]
    assert [r[0] for r in texts(short)] == ["Guru", "Analis", "Bendahara", "Kepala Seksi"]
    assert [r[4] for r in texts(surplus)] == ["−3", "−2"]
    # vacant posts that are needed: the key post (pengawas) first, then by need
    assert texts(vacant) == [["Kepala Seksi", "Dinas B", "1"], ["Bendahara", "Dinas B", "1"]]
    assert lead == (
        "1 dari 3 unit kerja bebannya di atas kapasitas pegawainya (EJ unit > 1,00) dan 2 di bawahnya. "
        "4 jabatan kekurangan pegawai, 2 kelebihan, 2 jabatan kosong padahal dibutuhkan."
    )


def test_problem_lists_show_five_and_say_how_many_more():
    frame = pd.concat([workload().assign(unit_name=f"Unit {i}", position_code=f"P{i}") for i in range(8)])
    _, tables = story.regency_problems(frame)
    short = tables[2]
    assert len(short.rows) == 5 and short.total == 32 and short.hidden == 27


# ------------------------------------------------------------------------------------- recommended


def test_shortlists_and_successors_one_row_per_post_best_candidate_first():
    shortlists = pd.DataFrame(
        {
            "position_code": ["A", "A", "B", "C"],
            "position_name": ["Analis", "Analis", "Guru", "Bendahara"],
            "unit_name": ["Dinas A", "Dinas A", "SD 1", "Dinas B"],
            "staffing_gap": [1, 1, 3, 1],
            "candidate_rank": [2, 1, 1, np.nan],
            "nip": ["198001012005011002", "198001012005011001", "198001012005011003", None],
            "name": ["Budi", "Ani", "Citra", None],
            "job_fit_at_post": [4.1, 4.6, 3.9, np.nan],
            "in_plan": [False, True, False, None],
        }
    )
    view = story.shortlist_heads(shortlists)
    assert texts(view) == [
        ["Guru", "SD 1", "3", "1", "Citra (198001012005011003)", "3,90", "Tidak"],
        ["Analis", "Dinas A", "1", "2", "Ani (198001012005011001)", "4,60", "Ya"],
        ["Bendahara", "Dinas B", "1", "0", "(tidak ada calon)", "–", "–"],
    ]
    succession = pd.DataFrame(
        {
            "position_code": ["K1", "K1", "K2"],
            "position_name": ["Sekretaris Daerah", "Sekretaris Daerah", "Kepala Dinas"],
            "unit_name": ["Setda", "Setda", "Dinas A"],
            "opening_reason": ["pensiun", "pensiun", "kosong"],
            "holder_retirement_date": ["2028-11-30", "2028-11-30", None],
            "candidate_rank": [1, 2, 1],
            "nip": ["198001012005011004", "198001012005011005", "198001012005011006"],
            "name": ["Dewi", "Eko", "Fajar"],
            "readiness": ["1-2 tahun", "siap sekarang", "siap sekarang"],
        }
    )
    assert texts(story.successor_heads(succession)) == [
        ["Kepala Dinas", "Dinas A", "kosong", "1", "Fajar (198001012005011006)", "siap sekarang"],
        [
            "Sekretaris Daerah",
            "Setda",
            "pejabat pensiun (30 November 2028)",
            "2",
            "Dewi (198001012005011004)",
            "1-2 tahun",
        ],
    ]


def test_plan_effect_shows_before_after_and_the_simple_comparator():
    effect = pd.DataFrame(
        {
            "metric": ["share_posts_grade_a_or_e", "total_staffing_gap", "ej_spread_sd"],
            "sort_order": [5, 2, 6],
            "metric_label_id": ["Proporsi jabatan bernilai A atau E", "Kekurangan pegawai (orang)", "Sebaran EJ"],
            "value_before": [0.4302, 77.0, 0.375],
            "value_after_plan": [0.408, 48.0, 0.332],
            "value_after_baseline": [0.4229, 48.0, 0.358],
        }
    )
    view = story.plan_effect(effect)
    assert view.headers == ["Indikator", "Sebelum", "Sesudah Rencana", "Sesudah Cara Sederhana"]
    assert texts(view) == [
        ["Kekurangan pegawai (orang)", "77", "48", "48"],
        ["Proporsi jabatan bernilai A atau E", "43,0%", "40,8%", "42,3%"],
        ["Sebaran EJ", "0,375", "0,332", "0,358"],
    ]


def test_rotation_counts_the_due_who_move_and_why_the_others_do_not():
    row = pd.Series({"due_for_rotation_count": 5, "share_5y_in_post": 0.25, "eligible_pool": 8, "eligible_share": 0.4})
    not_moved = pd.DataFrame({"reason_code": ["NOT_ELIGIBLE", "SOURCE_NOT_REPLACEABLE", "NOT_ELIGIBLE"]})
    lead, (view,) = story.rotation(row, not_moved)
    assert lead == (
        "5 pegawai sudah 5 tahun atau lebih di jabatannya (25,0%); 8 pegawai (40,0%) memenuhi semua syarat mutasi "
        "pada snapshot ini. Dari yang jatuh tempo, 2 diusulkan pindah dan 3 tidak, dengan alasan di bawah."
    )
    assert texts(view) == [["Tidak memenuhi syarat mutasi", "2"], ["Jabatan asal akan kekurangan pegawai", "1"]]


# ------------------------------------------------------------------------------------------- the page


def test_regency_page_tells_the_story_in_order_with_glossary_labels(tmp_path):
    package = publish_region_package(tmp_path / "outputs", make_meta(), make_tables(), make_history())
    html = (package / "scorecard.html").read_text(encoding="utf-8")
    page = parse(html)
    assert page.sections[:5] == ["ringkasan", "masalah", "rekomendasi", "rotasi", "kualitas-data"]
    assert page.sections.index("beban-kerja") > page.sections.index("kualitas-data")
    assert html.count('<div class="fig" id="fig_') == 7
    unknown = sorted({t for t in page.labelled if t} - glossary() - TEMPLATE_HEADINGS)
    assert not unknown, f"labels on the page that are not in the glossary: {unknown}"
    text = " ".join(page.text)
    assert "Dinas Kesehatan" in text and "Pegawai 1 (" in text  # the problems and the top move, by name
    assert not re.search(r"\b(?:nan|NaN|None|inf)\b", text)


def test_values_are_escaped_by_the_templates(tmp_path):
    tables = make_tables()
    tables["position_workload"].loc[0, "unit_name"] = '<img src=x onerror="alert(1)">'
    package = publish_region_package(tmp_path / "outputs", make_meta(), tables)
    html = (package / "scorecard.html").read_text(encoding="utf-8")
    assert "<img" not in html and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html


def test_province_page_tells_the_story_with_glossary_labels(tmp_path):
    from test_publish_province import _publish as publish_province
    from test_publish_province import province_tables

    tables = province_tables()
    tables["totals"] = tables["totals"].assign(
        interregency_moves=4,
        staffing_shortage_after_plans=20,
        staffing_shortage_after_interregency=16,
        staffing_surplus_after_plans=30,
        staffing_surplus_after_interregency=26,
    )
    package = publish_province(tmp_path / "outputs", tables)
    page = parse((package / "scorecard.html").read_text(encoding="utf-8"))
    assert page.sections[:3] == ["ringkasan", "masalah", "rekomendasi"]
    unknown = sorted({t for t in page.labelled if t} - glossary() - TEMPLATE_HEADINGS)
    assert not unknown, f"labels on the page that are not in the glossary: {unknown}"
    assert "Kekurangan pegawai 20 → 16 orang" in " ".join(page.text)
