"""Issue 6: the regency HTML scorecard rendered in a real headless browser, offline.

The package comes from the shared run (`ops_data`). Checked: no resource fetched from the network, the
page renders (screenshot not blank), every section and its charts are in the DOM the browser built, and
the charts are drawn (coloured bars in the screenshot of the workload section).
"""

from __future__ import annotations

import html
import re

import pytest

from . import opskit

pytestmark = [pytest.mark.operations, pytest.mark.browser, pytest.mark.xdist_group("ops-pipeline")]

SECTIONS = ["ringkasan", "beban-kerja", "prestasi", "kompetensi", "rekomendasi", "evaluasi", "tren", "kualitas-data"]
REMOTE = re.compile(r"""(?:\bsrc\s*=|<link\b[^>]*\bhref\s*=|@import|url\()\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def latest_scorecard(ops_data, region: str):
    package = [p for p in opskit.packages(ops_data.paths.outputs) if p.parent.name == region][-1]
    return package / "scorecard.html"


def test_scorecard_renders_offline_with_its_charts(ops_data, chromium_available, tmp_path):
    page = latest_scorecard(ops_data, "6171")  # the region with two snapshots: trend and evaluation
    source = page.read_text(encoding="utf-8")
    assert not REMOTE.findall(source), "the scorecard loads something from the network"
    profile = tmp_path / "profile"

    top = opskit.screenshot(page.as_uri(), tmp_path / "top.png", profile, size=(1200, 1400), offline=True)
    stats = opskit.image_stats(top)
    print(f"scorecard top: {stats}")
    opskit.assert_not_blank(stats, "scorecard top")

    dom = opskit.dump_dom(page.as_uri(), profile, offline=True)
    assert "Kartu Skor" in dom and "Kota Pontianak" in dom
    missing = [s for s in SECTIONS if f'id="{s}"' not in dom]
    assert not missing, f"sections missing: {missing}"
    charts = re.findall(r"<svg\b.*?</svg>", dom, flags=re.DOTALL)
    print(f"scorecard DOM: {len(dom)} characters, {len(charts)} inline SVG charts")
    assert len(charts) >= len(SECTIONS) - 2
    assert sum("<rect" in c or "<path" in c or "<polyline" in c for c in charts) >= len(SECTIONS) - 2
    text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", " ", dom, flags=re.DOTALL)))
    leaks = re.findall(r"\b(?:NaN|nan|None|null|undefined|inf)\b", text)
    assert not leaks, f"raw values in the page: {sorted(set(leaks))}"

    # the charts as drawn: the page in a frame scrolled to its workload section (a screenshot of a
    # page opened at an anchor comes out blank in headless mode, a frame does not)
    frame = tmp_path / "charts.html"
    frame.write_text(
        '<!doctype html><html><body style="margin:0;background:#fff">'
        f'<iframe src="{page.as_uri()}" style="display:block;width:1200px;height:162px;border:0"></iframe>'
        f'<iframe src="{page.as_uri()}#beban-kerja" style="display:block;width:1200px;height:1238px;border:0">'
        "</iframe></body></html>",
        encoding="utf-8",
    )
    png = tmp_path / "scorecard.png"
    drawn = opskit.screenshot(frame.as_uri(), png, profile, size=(1200, 1400), offline=True)
    stats = opskit.image_stats(drawn)
    print(f"scorecard charts: {stats}, {png.stat().st_size} bytes")
    opskit.assert_not_blank(stats, "scorecard charts")
    assert stats["saturated_share"] > 0.01, f"no coloured chart marks drawn: {stats}"
    opskit.keep_for_docs(png, opskit.REPO / "docs" / "img" / "scorecard.png", 600_000)


# ------------------------------------------------------------------ issue 18: the first screen, desktop and phone

DESKTOP, PHONE = (1366, 768), (390, 844)
STORY = ["ringkasan", "masalah", "rekomendasi"]


def latest_province_scorecard(ops_data, province: str):
    dates = sorted(p for p in (ops_data.paths.outputs / "province" / province).iterdir() if not p.name.startswith("."))
    return dates[-1] / "scorecard.html"


@pytest.mark.parametrize(
    ("kind", "find"),
    [
        ("regency", lambda ops_data: latest_scorecard(ops_data, "6171")),
        ("province", lambda ops_data: latest_province_scorecard(ops_data, "61")),
    ],
)
def test_scorecard_first_screen_on_desktop_and_phone(ops_data, chromium_available, tmp_path, kind, find):
    """A BKPSDM officer opening the scorecard on a laptop sees the whole headline without scrolling, the
    story's first sections in order; on a phone nothing but a wide table's own scroll area sticks out."""
    page = find(ops_data)
    profile = tmp_path / "profile"

    desk = opskit.layout(page, DESKTOP, profile)
    print(f"{kind} desktop layout: width {desk['width']}, headline {desk['boxes']['ringkasan']}")
    assert (desk["width"], desk["height"]) == DESKTOP
    tops = [desk["boxes"][s]["top"] for s in STORY]
    assert tops == sorted(tops), f"story sections out of order: {dict(zip(STORY, tops))}"
    figures = [k for k in desk["boxes"] if k.startswith("fig_")]
    assert len(figures) == 7, figures
    assert desk["boxes"]["ringkasan"]["bottom"] <= DESKTOP[1], "the headline does not fit the first screen"
    assert all(desk["boxes"][f]["bottom"] <= DESKTOP[1] for f in figures)
    assert desk["scroll_width"] <= DESKTOP[0] and not desk["too_wide"], desk["too_wide"]

    phone = opskit.layout(page, PHONE, profile)
    print(f"{kind} phone layout: scroll width {phone['scroll_width']}, headline {phone['boxes']['ringkasan']}")
    assert phone["width"] == PHONE[0]
    assert phone["scroll_width"] <= PHONE[0], f"the page is wider than the phone: {phone['too_wide']}"
    assert not phone["too_wide"], phone["too_wide"]
    # the first figure (its value) is on the phone's first screen
    first = phone["boxes"][figures[0]]
    assert first["top"] < PHONE[1] and first["right"] <= PHONE[0]

    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        png = tmp_path / f"scorecard-{kind}-{name}.png"
        image = opskit.viewport_screenshot(page, size, png, profile)
        stats = opskit.image_stats(image)
        print(f"{kind} {name} screenshot: {stats}, {png.stat().st_size} bytes")
        assert (stats["width"], stats["height"]) == size
        opskit.assert_not_blank(stats, f"{kind} {name}")
        opskit.keep_for_docs(png, opskit.REPO / "docs" / "img" / png.name, 600_000)
