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
