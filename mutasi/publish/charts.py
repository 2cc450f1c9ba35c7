"""Inline SVG charts for the HTML scorecard: no library, no script, no network.

Every piece of text is escaped; coordinates are numbers computed here. Each chart is an ``<svg>``
element with ``role="img"``, a ``<title>`` and a ``<desc>`` for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from .formatting import number
from .labels import TALENT_GRID

FONT = "font-family:'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif"
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


@dataclass
class Series:
    name: str
    values: Sequence[float | None]
    color: str


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" style="{FONT};max-width:{width:.0f}px">'
        f"<title>{_e(title)}</title><desc>{_e(desc)}</desc>" + "".join(body) + "</svg>"
    )


def _nice_max(value: float) -> float:
    if value <= 0 or not math.isfinite(value):
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return candidate
    return 10 ** (exponent + 1)


def _legend(series: Sequence[Series], x: float, y: float) -> list[str]:
    out = []
    for s in series:
        out.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{_e(s.color)}"/>')
        out.append(f'<text x="{x + 17:.1f}" y="{y:.1f}" font-size="12">{_e(s.name)}</text>')
        x += 24 + 7.0 * len(s.name)
    return out


def hbar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    fmt: Callable[[float], str] = lambda v: number(v, 2),
    reference: float | None = None,
    reference_label: str = "",
    width: float = 760,
    label_width: float = 230,
) -> str:
    """Horizontal grouped bars: one group per label, one bar per series (values ≥ 0 or < 0)."""
    max_chars = max(8, int((label_width - 14) / 6.6))  # about 6.6 px per character at 12 px
    bar_h = 14 if len(series) > 1 else 18
    group_h = bar_h * len(series) + 10
    top = 34 if len(series) > 1 or reference is not None else 12
    height = top + group_h * max(len(labels), 1) + 28
    values = [v for s in series for v in s.values if v is not None and math.isfinite(v)]
    vmax = _nice_max(max([abs(v) for v in values] + [reference or 0, 0]))
    has_negative = any(v < 0 for v in values)
    plot_w = width - label_width - 70
    zero_x = label_width + (plot_w / 2 if has_negative else 0)
    scale = (plot_w / 2 if has_negative else plot_w) / vmax
    body: list[str] = []
    if len(series) > 1:
        body += _legend(series, label_width, 16)
    for i, label in enumerate(labels):
        y0 = top + i * group_h
        body.append(
            f'<text x="{label_width - 8:.1f}" y="{y0 + group_h / 2:.1f}" font-size="12" text-anchor="end" '
            f'dominant-baseline="middle"><title>{_e(label)}</title>{_e(_clip(str(label), max_chars))}</text>'
        )
        for j, s in enumerate(series):
            v = s.values[i]
            y = y0 + j * bar_h + 4
            if v is None or not math.isfinite(v):
                body.append(f'<text x="{zero_x + 4:.1f}" y="{y + bar_h - 4:.1f}" font-size="11" fill="#777">–</text>')
                continue
            w = abs(v) * scale
            x = zero_x - w if v < 0 else zero_x
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0.5):.1f}" height="{bar_h - 2}" fill="{_e(s.color)}">'
                f"<title>{_e(label)} — {_e(s.name)}: {_e(fmt(v))}</title></rect>"
            )
            tx = (x - 4) if v < 0 else (x + w + 4)
            anchor = "end" if v < 0 else "start"
            body.append(
                f'<text x="{tx:.1f}" y="{y + bar_h - 4:.1f}" font-size="11" text-anchor="{anchor}">{_e(fmt(v))}</text>'
            )
    axis_bottom = top + group_h * max(len(labels), 1)
    body.append(f'<line x1="{zero_x:.1f}" y1="{top - 4}" x2="{zero_x:.1f}" y2="{axis_bottom:.1f}" stroke="#444"/>')
    if reference is not None:
        rx = zero_x + reference * scale
        body.append(
            f'<line x1="{rx:.1f}" y1="{top - 8}" x2="{rx:.1f}" y2="{axis_bottom:.1f}" stroke="#D55E00" '
            f'stroke-dasharray="5,4" stroke-width="1.5"/>'
        )
        body.append(
            f'<text x="{rx:.1f}" y="{axis_bottom + 16:.1f}" font-size="11" text-anchor="middle" fill="#D55E00">'
            f"{_e(reference_label or fmt(reference))}</text>"
        )
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{s.name} {fmt(s.values[i]) if s.values[i] is not None else '–'}" for s in series)
        for i, label in enumerate(labels[:40])
    )
    return _svg(width, height, title, desc, body)


def vbar_chart(
    categories: Sequence[str],
    values: Sequence[float],
    colors: Sequence[str],
    *,
    title: str,
    fmt: Callable[[float], str] = lambda v: number(v, 0),
    sublabels: Sequence[str] | None = None,
    width: float = 520,
    height: float = 260,
) -> str:
    """Vertical bars, one per category (counts)."""
    n = max(len(categories), 1)
    left, right, top, bottom = 40, 10, 20, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    # counts: four gridlines at whole, round numbers
    vmax = 4 * max(1.0, math.ceil(_nice_max(max(list(values) + [0]) / 4)))
    slot = plot_w / n
    bar_w = min(slot * 0.7, 70)
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#444"/>']
    for k in range(5):
        gy = top + plot_h - plot_h * k / 4
        body.append(f'<line x1="{left}" y1="{gy:.1f}" x2="{width - right}" y2="{gy:.1f}" stroke="#e5e5e5"/>')
        body.append(
            f'<text x="{left - 4}" y="{gy + 4:.1f}" font-size="10" text-anchor="end" fill="#555">'
            f"{_e(fmt(vmax * k / 4))}</text>"
        )
    for i, (category, value) in enumerate(zip(categories, values)):
        h = plot_h * (value / vmax) if vmax else 0
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h - h
        color = colors[i % len(colors)] if colors else PALETTE[0]
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{max(h, 0.5):.1f}" fill="{_e(color)}">'
            f"<title>{_e(category)}: {_e(fmt(value))}</title></rect>"
        )
        body.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" font-size="11" text-anchor="middle">{_e(fmt(value))}</text>'
        )
        body.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 15:.1f}" font-size="12" text-anchor="middle">'
            f"{_e(_clip(str(category), 16))}</text>"
        )
        if sublabels:
            body.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 30:.1f}" font-size="10" '
                f'text-anchor="middle" fill="#555">{_e(_clip(sublabels[i], 22))}</text>'
            )
    desc = "; ".join(f"{c}: {fmt(v)}" for c, v in zip(categories, values))
    return _svg(width, height, title, desc, body)


def line_chart(
    x_labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    fmt: Callable[[float], str] = lambda v: number(v, 2),
    color: str = PALETTE[0],
    width: float = 360,
    height: float = 170,
) -> str:
    """A small line chart over snapshots (one point per snapshot)."""
    left, right, top, bottom = 10, 14, 42, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    finite = [v for v in values if v is not None and math.isfinite(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if hi == lo:
        lo, hi = lo - (abs(lo) * 0.1 or 1), hi + (abs(hi) * 0.1 or 1)
    n = len(x_labels)
    xs = [left + 40 + (plot_w - 80) * (i / (n - 1) if n > 1 else 0.5) for i in range(n)]

    def ys(v: float) -> float:
        return top + plot_h - plot_h * (v - lo) / (hi - lo)

    body = [
        f'<text x="{left}" y="16" font-size="12" font-weight="600"><title>{_e(title)}</title>{_e(_clip(title, 52))}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#bbb"/>',
    ]
    points = [(x, ys(v), v) for x, v in zip(xs, values) if v is not None and math.isfinite(v)]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{_e(color)}" stroke-width="2"/>')
    for x, y, v in points:
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{_e(color)}"><title>{_e(fmt(v))}</title></circle>'
        )
        body.append(f'<text x="{x:.1f}" y="{y - 7:.1f}" font-size="10" text-anchor="middle">{_e(fmt(v))}</text>')
    step = max(1, math.ceil(n / 6))
    for i, (x, label) in enumerate(zip(xs, x_labels)):
        if i % step == 0 or i == n - 1:
            body.append(
                f'<text x="{x:.1f}" y="{top + plot_h + 15:.1f}" font-size="10" text-anchor="middle" '
                f'fill="#555">{_e(label)}</text>'
            )
    desc = "; ".join(f"{label}: {fmt(v) if v is not None else '–'}" for label, v in zip(x_labels, values))
    return _svg(width, height, title, desc, body)


def nine_box(counts: dict[int, int], *, title: str, width: float = 420, height: float = 330) -> str:
    """The talent 9-box grid (PermenPANRB 3/2020) with the number of employees in each box."""
    left, top = 70, 10
    cell_w, cell_h = (width - left - 10) / 3, (height - top - 50) / 3
    total = max(sum(counts.values()), 1)
    body = []
    for r, row in enumerate(TALENT_GRID):
        for c, box in enumerate(row):
            n = counts.get(box, 0)
            shade = 0.12 + 0.78 * (n / total) ** 0.5
            x, y = left + c * cell_w, top + r * cell_h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell_w - 3:.1f}" height="{cell_h - 3:.1f}" '
                f'fill="#0072B2" fill-opacity="{shade:.2f}"><title>Kotak {box}: {n} pegawai</title></rect>'
            )
            ink = "#fff" if shade > 0.5 else "#000"
            body.append(f'<text x="{x + 8:.1f}" y="{y + 18:.1f}" font-size="11" fill="{ink}">Kotak {box}</text>')
            body.append(
                f'<text x="{x + cell_w / 2:.1f}" y="{y + cell_h / 2 + 8:.1f}" font-size="20" '
                f'font-weight="600" text-anchor="middle" fill="{ink}">{_e(number(n, 0))}</text>'
            )
    for r, name in enumerate(("Di atas", "Sesuai", "Di bawah")):
        body.append(
            f'<text x="{left - 6}" y="{top + r * cell_h + cell_h / 2:.1f}" font-size="11" '
            f'text-anchor="end">{_e(name)}</text>'
        )
    for c, name in enumerate(("Rendah", "Menengah", "Tinggi")):
        body.append(
            f'<text x="{left + c * cell_w + cell_w / 2:.1f}" y="{top + 3 * cell_h + 14:.1f}" '
            f'font-size="11" text-anchor="middle">{_e(name)}</text>'
        )
    body.append(
        f'<text x="{left + 1.5 * cell_w:.1f}" y="{top + 3 * cell_h + 34:.1f}" font-size="12" '
        f'text-anchor="middle" font-weight="600">Potensi →</text>'
    )
    body.append(
        f'<text x="12" y="{top + 1.5 * cell_h:.1f}" font-size="12" font-weight="600" text-anchor="middle" '
        f'transform="rotate(-90 12 {top + 1.5 * cell_h:.1f})">Kinerja →</text>'
    )
    desc = "; ".join(f"Kotak {b}: {counts.get(b, 0)}" for b in range(1, 10))
    return _svg(width, height, title, desc, body)
