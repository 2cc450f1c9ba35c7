"""The self-contained HTML scorecards (regency and province), in Bahasa Indonesia.

One file, inline CSS, inline SVG charts, no script, no external resource: it opens offline in any
browser and prints on A4. Every value coming from data is HTML-escaped here (and was already
formula-neutralised before it got here).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from html import escape

import numpy as np
import pandas as pd

from . import charts
from .formatting import date_text, format_value, is_null, number, short_date
from .labels import (
    CATEGORY_COLORS,
    CATEGORY_ORDER,
    GRADE_COLORS,
    GRADE_LABELS,
    GRADE_ORDER,
    METRIC_DESCRIPTIONS,
    MOVE_KIND_LABELS,
    PROVINCE_TABLES,
    REGION_TABLES,
    column_kind,
    column_label,
)

IDENTITY_COLUMNS = frozenset(
    {
        "region_code",
        "region_name",
        "region_type",
        "province_code",
        "province_name",
        "snapshot_date",
        "previous_snapshot_date",
        "run_id",
        "params_version",
    }
)

HEADLINE_ORDER = (
    "composite_index",
    "share_posts_grade_a",
    "share_posts_grade_e",
    "total_staffing_gap",
    "effectiveness_stddev",
    "unit_effectiveness_stddev",
    "mean_professionalism_index",
    "share_meets_qualification",
    "share_qualified",
    "mean_job_fit",
    "share_5y_in_post",
    "eligible_pool",
    "data_quality_score",
    "recommended_moves",
    "adoption_rate",
    "adoption_rate_recorded",
)

CSS = """
:root{--ink:#1a1a1a;--muted:#595959;--line:#d9d9d9;--accent:#1F4E79;--bg:#f5f7fa}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px}
header.top{background:var(--accent);color:#fff;padding:22px 24px}
header.top h1{margin:0;font-size:26px}
header.top p{margin:4px 0 0;opacity:.92}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:18px 20px;margin:18px 0;break-inside:avoid}
h2{margin:0 0 6px;font-size:20px;color:var(--accent)}
h3{margin:16px 0 6px;font-size:16px}
p.lead,p.note{color:var(--muted);margin:4px 0 12px}
p.note{font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:#fbfcfe}
.card .label{font-size:13px;color:var(--muted)}
.card .value{font-size:26px;font-weight:600;margin:2px 0}
.card .delta{font-size:12px;color:var(--muted)}
.card .desc{font-size:12px;color:var(--muted);margin-top:4px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:16px;align-items:start}
.small-multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:12px}
figure{margin:8px 0}
figcaption{font-size:13px;color:var(--muted)}
.fig-title{font-weight:600;font-size:14px;margin:10px 0 4px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef3f8}
td.num{text-align:right;white-space:nowrap}
.table-wrap{overflow-x:auto}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;background:#eef3f8;font-size:12px}
.warn{border-left:4px solid #E69F00;background:#fff8e6;padding:8px 12px;margin:8px 0}
footer{color:var(--muted);font-size:12px;padding:12px 24px 32px;max-width:1100px;margin:0 auto}
@media print{body{background:#fff}section{border:none;padding:0}header.top{color:#000;background:#fff;border-bottom:2px solid #000}}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _num(value: object) -> float | None:
    if is_null(value) or isinstance(value, (str, bool, np.bool_)):
        return None
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _mean(series: pd.Series) -> float | None:
    values = pd.to_numeric(series, errors="coerce").replace([np.inf, -np.inf], np.nan)
    return _num(values.mean()) if values.notna().any() else None


def _fmt(column: str):
    kind = column_kind(column)
    return lambda v: format_value(v, kind)


def _is_numeric_column(frame: pd.DataFrame, column: str) -> bool:
    series = frame[column]
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def html_table(frame: pd.DataFrame, max_rows: int = 50, columns: Sequence[str] | None = None) -> str:
    if frame is None or frame.empty:
        return '<p class="note">Tidak ada data.</p>'
    cols = [c for c in (columns or list(frame.columns)) if c in frame.columns]
    kinds = {c: column_kind(str(c), frame[c].dtype.kind) for c in cols}
    head = "".join(f"<th>{_e(column_label(c))}</th>" for c in cols)
    rows = []
    for record in frame[cols].head(max_rows).itertuples(index=False, name=None):
        cells = []
        for c, v in zip(cols, record):
            text = format_value(v, kinds[c])
            cls = ' class="num"' if _num(v) is not None else ""
            cells.append(f"<td{cls}>{_e(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = ""
    if len(frame) > max_rows:
        more = (
            f'<p class="note">Menampilkan {max_rows} dari {number(len(frame), 0)} baris; '
            "daftar lengkap ada di workbook dan berkas CSV.</p>"
        )
    return f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>{more}'


def _figure(svg: str, caption: str) -> str:
    """A chart with its title above (the SVG's own, already escaped, <title>) and a caption below."""
    match = re.match(r"<svg[^>]*><title>(.*?)</title>", svg)
    heading = f'<div class="fig-title">{match.group(1)}</div>' if match else ""
    return f"<figure>{heading}{svg}<figcaption>{_e(caption)}</figcaption></figure>"


def _page(title: str, header: str, sections: list[str], footer: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f'<header class="top">{header}</header><main>{"".join(sections)}</main>'
        f"<footer>{footer}</footer></body></html>\n"
    )


# --------------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------------


def ordered_metrics(frame: pd.DataFrame) -> list[str]:
    """Numeric scorecard columns: the documented ones first, then any other, identity columns excluded."""
    numeric = [
        c for c in frame.columns if isinstance(c, str) and c not in IDENTITY_COLUMNS and _is_numeric_column(frame, c)
    ]
    first = [c for c in HEADLINE_ORDER if c in numeric]
    return first + [c for c in numeric if c not in first]


def _delta_text(
    column: str, kind: str, current: float | None, previous: float | None, previous_date: str | None
) -> str:
    if previous is None or current is None:
        return (
            "Belum ada pembanding dari snapshot sebelumnya."
            if previous_date is None
            else f"Tidak ada nilai pada {date_text(previous_date)}."
        )
    diff = current - previous
    arrow = "▲" if diff > 0 else ("▼" if diff < 0 else "■")
    shown = format_value(abs(diff), kind)
    if kind == "pct":
        shown = number(abs(diff) * 100, 1) + " poin persen"
    sign = "+" if diff > 0 else ("−" if diff < 0 else "±")
    return f"{arrow} {sign}{shown} dibanding {date_text(previous_date)} ({format_value(previous, kind)})"


def headline_cards(
    summary: pd.DataFrame, previous: pd.Series | None, previous_date: str | None, show_delta: bool = True
) -> str:
    if summary is None or summary.empty:
        return '<p class="note">Ringkasan kartu skor tidak tersedia untuk snapshot ini.</p>'
    row = summary.iloc[0]
    cards = []
    for column in ordered_metrics(summary):
        current = _num(row[column])
        prev = _num(previous[column]) if previous is not None and column in previous.index else None
        desc = METRIC_DESCRIPTIONS.get(column, "")
        kind = column_kind(column, summary[column].dtype.kind)
        delta = _delta_text(column, kind, current, prev, previous_date) if show_delta else ""
        cards.append(
            '<div class="card">'
            f'<div class="label">{_e(column_label(column))}</div>'
            f'<div class="value">{_e(format_value(row[column], kind))}</div>'
            + (f'<div class="delta">{_e(delta)}</div>' if delta else "")
            + (f'<div class="desc">{_e(desc)}</div>' if desc else "")
            + "</div>"
        )
    text_cols = [
        c
        for c in summary.columns
        if isinstance(c, str) and c not in IDENTITY_COLUMNS and not _is_numeric_column(summary, c)
    ]
    extra = ""
    if text_cols:
        items = "".join(
            f"<li><b>{_e(column_label(c))}:</b> {_e(format_value(row[c], column_kind(c)))}</li>" for c in text_cols
        )
        extra = f"<ul>{items}</ul>"
    return f'<div class="cards">{"".join(cards)}</div>{extra}'


def trend_section(history: pd.DataFrame | None) -> str:
    if history is None or history.empty or "snapshot_date" not in history.columns:
        return '<p class="note">Belum ada riwayat kartu skor.</p>'
    frame = history.copy()
    frame["_date"] = pd.to_datetime(frame["snapshot_date"], errors="coerce")
    frame = frame.sort_values("_date")
    labels = [short_date(d) if not pd.isna(d) else str(s) for d, s in zip(frame["_date"], frame["snapshot_date"])]
    metrics = ordered_metrics(frame.drop(columns=["_date"]))[:12]
    if not metrics:
        return '<p class="note">Riwayat tidak memuat angka kartu skor.</p>'
    note = ""
    if len(frame) < 2:
        note = '<p class="note">Baru ada satu snapshot; tren akan terlihat setelah snapshot berikutnya diproses.</p>'
    panels = []
    for i, column in enumerate(metrics):
        values = [_num(v) for v in frame[column]]
        kind = column_kind(column, frame[column].dtype.kind)
        panels.append(
            charts.line_chart(
                labels,
                values,
                title=column_label(column),
                fmt=lambda v, kind=kind: format_value(v, kind),
                color=charts.PALETTE[i % 6],
            )
        )
    return note + f'<div class="small-multiples">{"".join(panels)}</div>'


# --------------------------------------------------------------------------------------------------
# Regency scorecard
# --------------------------------------------------------------------------------------------------


def _unit_workload(workload: pd.DataFrame) -> pd.DataFrame | None:
    needed = {"required_staff", "current_staff"}
    if workload is None or workload.empty or not needed <= set(workload.columns):
        return None
    key = "unit_name" if "unit_name" in workload.columns else ("unit_code" if "unit_code" in workload.columns else None)
    if key is None:
        return None
    frame = workload.copy()
    for c in ("required_staff", "current_staff", "required_headcount", "staffing_gap"):
        if c in frame.columns:
            frame[c] = pd.to_numeric(frame[c], errors="coerce")
    agg = {"required_staff": "sum", "current_staff": "sum"}
    for c in ("required_headcount", "staffing_gap"):
        if c in frame.columns:
            agg[c] = "sum"
    units = frame.groupby(frame[key].fillna("(tanpa unit)").astype(str), dropna=False).agg(agg)
    units["positions"] = frame.groupby(frame[key].fillna("(tanpa unit)").astype(str), dropna=False).size()
    # Unit EJ = Σ workload / (Σ staff × effective time) = Σ required_staff / Σ current_staff (SPEC §6).
    units["effectiveness"] = np.where(
        units["current_staff"] > 0,
        units["required_staff"] / units["current_staff"].where(units["current_staff"] > 0),
        np.nan,
    )
    units = units.reset_index().rename(columns={key: "unit_name"})
    return units.sort_values(["effectiveness", "unit_name"], ascending=[False, True], na_position="first")


def workload_section(workload: pd.DataFrame) -> str:
    units = _unit_workload(workload)
    if units is None or units.empty:
        return '<p class="note">Data beban kerja jabatan tidak tersedia.</p>'
    shown = units
    clipped = ""
    if len(units) > 40:
        with_ej = units.dropna(subset=["effectiveness"])
        shown = pd.concat([units[units["effectiveness"].isna()], with_ej.head(20), with_ej.tail(20)]).drop_duplicates()
        clipped = (
            f" Ditampilkan {len(shown)} dari {len(units)} unit (yang paling berat dan paling ringan); "
            "semua unit ada di tabel di bawah dan di lembar Beban Kerja Jabatan."
        )
    svg = charts.hbar_chart(
        list(shown["unit_name"]),
        [charts.Series("EJ unit", [_num(v) for v in shown["effectiveness"]], "#0072B2")],
        title="Efektivitas Jabatan (EJ) per unit kerja",
        fmt=lambda v: number(v, 2),
        reference=1.0,
        reference_label="EJ = 1,00 (beban sesuai kapasitas)",
        label_width=290,
        width=820,
    )
    staff = charts.hbar_chart(
        list(shown["unit_name"]),
        [
            charts.Series("Kebutuhan pegawai (ABK)", [_num(v) for v in shown["required_staff"]], "#E69F00"),
            charts.Series("Pegawai saat ini", [_num(v) for v in shown["current_staff"]], "#0072B2"),
        ],
        title="Kebutuhan pegawai dibanding pegawai saat ini per unit kerja",
        fmt=lambda v: number(v, 1),
        label_width=290,
        width=820,
    )
    table_cols = [
        "unit_name",
        "positions",
        "required_staff",
        "required_headcount",
        "current_staff",
        "staffing_gap",
        "effectiveness",
    ]
    table = units.rename(columns={"positions": "position_count"})
    table_cols = ["position_count" if c == "positions" else c for c in table_cols]
    return (
        '<p class="lead">EJ unit = jumlah kebutuhan pegawai hasil ABK dibagi jumlah pegawai yang ada. '
        "EJ di atas 1 berarti beban kerja melebihi kapasitas pegawainya (kurang pegawai); jauh di bawah 1 "
        f"berarti beban terlalu ringan (kelebihan pegawai).{_e(clipped)}</p>"
        + _figure(svg, "Garis putus-putus: EJ = 1. Unit tanpa pegawai ditandai “–”.")
        + _figure(staff, "Kebutuhan pegawai (tanpa pembulatan) dan jumlah pegawai yang ada.")
        + "<h3>Tabel per unit kerja</h3>"
        + html_table(table, max_rows=60, columns=table_cols)
    )


def grade_section(workload: pd.DataFrame) -> str:
    if workload is None or workload.empty or "grade" not in workload.columns:
        return '<p class="note">Data prestasi kerja jabatan tidak tersedia.</p>'
    grades = workload["grade"].map(lambda v: None if is_null(v) else str(v).strip())
    counts = grades.value_counts(dropna=True)
    cats = [g for g in GRADE_ORDER] + sorted(g for g in counts.index if g not in GRADE_ORDER)
    values = [float(counts.get(g, 0)) for g in cats]
    colors = [GRADE_COLORS.get(g, "#999999") for g in cats]
    sub = [GRADE_LABELS.get(g, "").split("(")[0].split("—")[-1].strip() for g in cats]
    nulls = int(grades.isna().sum())
    if nulls:
        cats.append("Kosong")
        values.append(float(nulls))
        colors.append("#BBBBBB")
        sub.append("tanpa pemangku")
    svg = charts.vbar_chart(
        cats, values, colors, title="Sebaran Prestasi Kerja Jabatan (jumlah jabatan)", sublabels=sub
    )
    legend = "".join(f"<li>{_e(GRADE_LABELS[g])}</li>" for g in GRADE_ORDER)
    legend += "<li>Kosong — jabatan tanpa pemangku: EJ tidak dapat dihitung</li>" if nulls else ""
    return _figure(svg, "Jumlah jabatan menurut Prestasi Kerja Jabatan.") + f'<ul class="note">{legend}</ul>'


def competency_section(employees: pd.DataFrame) -> str:
    if employees is None or employees.empty:
        return '<p class="note">Data indeks pegawai tidak tersedia.</p>'
    parts = []
    if "professionalism_category" in employees.columns:
        cats = employees["professionalism_category"].map(lambda v: None if is_null(v) else str(v).strip())
        counts = cats.value_counts()
        order = list(CATEGORY_ORDER) + sorted(c for c in counts.index if c not in CATEGORY_ORDER)
        values = [float(counts.get(c, 0)) for c in order]
        total = sum(values) or 1
        sub = [number(100 * v / total, 1) + "%" for v in values]
        svg = charts.vbar_chart(
            order,
            values,
            [CATEGORY_COLORS.get(c, "#999999") for c in order],
            title="Sebaran kategori Indeks Profesionalitas ASN (jumlah pegawai)",
            sublabels=sub,
        )
        parts.append(
            _figure(svg, "91–100 Sangat Tinggi; 81–90 Tinggi; 71–80 Sedang; 61–70 Rendah; ≤ 60 Sangat Rendah.")
        )
    if "talent_box" in employees.columns:
        boxes = pd.to_numeric(employees["talent_box"], errors="coerce").dropna().astype(int)
        counts = {int(k): int(v) for k, v in boxes.value_counts().items()}
        svg = charts.nine_box(counts, title="Kotak talenta (9-box): jumlah pegawai per kotak")
        parts.append(_figure(svg, "Sumbu tegak kinerja, sumbu datar potensi (PermenPANRB 3/2020)."))
    stats = []
    for column in ("professionalism_index", "job_fit_score"):
        if column in employees.columns:
            values = pd.to_numeric(employees[column], errors="coerce")
            if values.notna().any():
                stats.append(
                    f"<li>{_e(column_label(column))}: rata-rata {_e(format_value(values.mean(), column_kind(column)))}, "
                    f"median {_e(format_value(values.median(), column_kind(column)))}</li>"
                )
    if not parts and not stats:
        return '<p class="note">Data kompetensi tidak tersedia.</p>'
    return f'<div class="grid2">{"".join(parts)}</div>' + (f"<ul>{''.join(stats)}</ul>" if stats else "")


def recommendation_section(recs: pd.DataFrame) -> str:
    if recs is None or recs.empty:
        return '<p class="note">Tidak ada mutasi yang direkomendasikan pada snapshot ini.</p>'
    out = [
        f'<p class="lead">{_e(number(len(recs), 0))} mutasi direkomendasikan. Angka “sesudah” adalah '
        "<b>proyeksi</b> dengan anggapan semua rekomendasi dilaksanakan.</p>"
    ]
    figs = []
    if {"job_fit_before", "job_fit_after"} <= set(recs.columns):
        before, after = _mean(recs["job_fit_before"]), _mean(recs["job_fit_after"])
        svg = charts.hbar_chart(
            ["Pegawai yang dimutasi"],
            [charts.Series("Sebelum", [before], "#999999"), charts.Series("Sesudah (proyeksi)", [after], "#009E73")],
            title="Rata-rata kecocokan jabatan sebelum dan sesudah",
            label_width=230,
            width=700,
        )
        figs.append(_figure(svg, "Skor kecocokan jabatan (profile matching), rata-rata pegawai yang direkomendasikan."))
    groups, before_vals, after_vals = [], [], []
    for prefix, label in (("ej_from", "EJ jabatan asal"), ("ej_to", "EJ jabatan tujuan")):
        b, a = f"{prefix}_before", f"{prefix}_after"
        if {b, a} <= set(recs.columns):
            groups.append(label)
            before_vals.append(_mean(recs[b]))
            after_vals.append(_mean(recs[a]))
    if {"ej_from_before", "ej_from_after", "ej_to_before", "ej_to_after"} <= set(recs.columns):
        dist_b = _mean(pd.concat([recs["ej_from_before"], recs["ej_to_before"]]).map(_distance_from_one))
        dist_a = _mean(pd.concat([recs["ej_from_after"], recs["ej_to_after"]]).map(_distance_from_one))
        groups.append("Jarak EJ dari 1 (asal & tujuan)")
        before_vals.append(dist_b)
        after_vals.append(dist_a)
    if groups:
        svg = charts.hbar_chart(
            groups,
            [
                charts.Series("Sebelum", before_vals, "#999999"),
                charts.Series("Sesudah (proyeksi)", after_vals, "#0072B2"),
            ],
            title="Efektivitas jabatan (EJ) asal dan tujuan, sebelum dan sesudah",
            fmt=lambda v: number(v, 3),
            reference=1.0,
            reference_label="EJ = 1,00",
            label_width=230,
            width=700,
        )
        figs.append(
            _figure(
                svg,
                "Rata-rata EJ jabatan yang ditinggalkan dan yang dituju; "
                "jarak EJ dari 1 yang mengecil berarti beban kerja makin seimbang.",
            )
        )
    out.append("".join(figs))
    if "move_kind" in recs.columns:
        counts = recs["move_kind"].map(lambda v: "(tidak diisi)" if is_null(v) else str(v)).value_counts()
        rows = "".join(
            f'<tr><td>{_e(MOVE_KIND_LABELS.get(k, k))}</td><td>{_e(k)}</td><td class="num">{_e(number(v, 0))}</td></tr>'
            for k, v in counts.items()
        )
        out.append(
            "<h3>Menurut jenis mutasi</h3><table><thead><tr><th>Jenis mutasi</th><th>Kode</th>"
            f"<th>Jumlah</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    out.append(
        '<p class="note">Daftar lengkap per pegawai, dengan penjelasan dan kebutuhan pelatihannya, ada di '
        "lembar <b>Rekomendasi Mutasi</b> dan <b>Kebutuhan Pelatihan</b>.</p>"
    )
    return "".join(out)


def _distance_from_one(value: object) -> float | None:
    x = _num(value)
    return None if x is None else abs(x - 1.0)


def _before_after_pairs(frame: pd.DataFrame) -> list[str]:
    pairs = []
    for column in frame.columns:
        if isinstance(column, str) and column.endswith("_before"):
            base = column[: -len("_before")]
            after = base + "_after"
            if after in frame.columns and _is_numeric_column(frame, column) and _is_numeric_column(frame, after):
                pairs.append(base)
    return pairs


def evaluation_section(evaluation: pd.DataFrame) -> str:
    warn = (
        '<div class="warn">Perbandingan ini menunjukkan <b>asosiasi</b>, bukan bukti sebab-akibat: '
        "perubahan sesudah mutasi juga dipengaruhi hal lain (musim, kebijakan, pegawai lain).</div>"
    )
    if evaluation is None or evaluation.empty:
        return warn + (
            '<p class="note">Belum ada mutasi yang terdeteksi di antara snapshot, atau baru ada satu '
            "snapshot. Evaluasi akan muncul setelah mutasi benar-benar terjadi.</p>"
        )
    figs = []
    by_kind = "move_kind" in evaluation.columns
    labels = ["Semua mutasi"]
    if by_kind:
        kinds = evaluation["move_kind"].map(lambda v: "(tidak diisi)" if is_null(v) else str(v))
        labels = [MOVE_KIND_LABELS.get(k, k) for k in sorted(kinds.unique())]
    for base in _before_after_pairs(evaluation):
        b = pd.to_numeric(evaluation[f"{base}_before"], errors="coerce")
        a = pd.to_numeric(evaluation[f"{base}_after"], errors="coerce")
        if by_kind:
            keys = sorted(kinds.unique())
            before = [_mean(b[kinds == k]) for k in keys]
            after = [_mean(a[kinds == k]) for k in keys]
        else:
            before, after = [_mean(b)], [_mean(a)]
        name = column_label(base)
        svg = charts.hbar_chart(
            labels,
            [charts.Series("Sebelum", before, "#999999"), charts.Series("Sesudah", after, "#009E73")],
            title=f"{name}: sebelum dan sesudah mutasi",
            fmt=_fmt(base),
            label_width=230,
            width=700,
        )
        figs.append(_figure(svg, f"{name}, rata-rata per jenis mutasi." if by_kind else f"{name}, rata-rata."))
    body = warn
    if figs:
        body += "".join(figs)
    body += "<h3>Rincian</h3>" + html_table(evaluation, max_rows=40)
    return body


def data_quality_section(input_files: list[dict], quality: pd.DataFrame, summary: pd.DataFrame) -> str:
    parts = []
    if summary is not None and not summary.empty and "data_quality_score" in summary.columns:
        parts.append(
            f'<p class="lead">Skor kualitas data: <b>{_e(format_value(summary["data_quality_score"].iloc[0], "dec1"))}</b> dari 100.</p>'
        )
    if input_files:
        frame = pd.DataFrame(input_files)
        cols = [
            c for c in ("entity", "source_file", "rows_read", "rows_valid", "rows_quarantined") if c in frame.columns
        ]
        parts.append("<h3>Berkas yang diterima</h3>" + html_table(frame, max_rows=40, columns=cols))
    if quality is not None and not quality.empty and "rule" in quality.columns:
        rules = quality["rule"].dropna()
        if len(rules):
            group_cols = [c for c in ("entity", "rule") if c in quality.columns]
            counts = quality.dropna(subset=["rule"]).groupby(group_cols, dropna=False).size().reset_index(name="n")
            counts = counts.sort_values("n", ascending=False)
            parts.append("<h3>Baris yang dikarantina menurut aturan</h3>" + html_table(counts, max_rows=30))
    if not parts:
        return '<p class="note">Tidak ada laporan kualitas data untuk snapshot ini.</p>'
    parts.append(
        '<p class="note">Baris yang dikarantina tidak dipakai dalam perhitungan. Rinciannya (berkas, nomor '
        "baris, aturan, isi asli) ada di lembar <b>Kualitas Data</b>; perbaiki di sumber lalu kirim ulang.</p>"
    )
    return "".join(parts)


def freshness_notice(freshness: dict | None) -> str:
    """SPEC §7 / issue 7: a region whose newest accepted snapshot is older than freshness_days is flagged."""
    if not freshness or freshness.get("latest_accepted_snapshot") is None:
        return ""
    latest = date_text(freshness["latest_accepted_snapshot"])
    age, limit = freshness.get("age_days"), freshness.get("freshness_days")
    if freshness.get("is_stale"):
        return (
            f'<div class="warn"><b>Data sudah lama:</b> snapshot terbaru yang diterima untuk wilayah ini '
            f"bertanggal {_e(latest)} ({_e(age)} hari lalu), melewati batas {_e(limit)} hari. Angka di "
            "halaman ini mungkin tidak lagi menggambarkan keadaan sekarang; mohon kirim ekstrak terbaru.</div>"
        )
    return (
        f'<p class="note">Snapshot terbaru yang diterima untuk wilayah ini: {_e(latest)} '
        f"({_e(age)} hari lalu; batas {_e(limit)} hari).</p>"
    )


def render_region_html(
    *,
    meta,
    tables: dict[str, pd.DataFrame],
    history: pd.DataFrame | None,
    previous: pd.Series | None,
    previous_date: str | None,
    created_at: str,
    files: list[str],
    version: str,
) -> str:
    region = f"{meta.region_name} ({meta.region_code})"
    header = (
        "<h1>Kartu Skor Kepegawaian ASN</h1>"
        f"<p><b>{_e(meta.region_name)}</b> · kode wilayah {_e(meta.region_code)} · Provinsi {_e(meta.province_name)}</p>"
        f"<p>Snapshot data: <b>{_e(date_text(meta.snapshot_date))}</b> · ID proses {_e(meta.run_id)} · "
        f"versi parameter {_e(meta.params_version)}</p>"
    )
    sections = [
        (
            "ringkasan",
            "Angka utama",
            "Kartu skor snapshot ini, dibandingkan dengan snapshot sebelumnya.",
            freshness_notice(getattr(meta, "freshness", None))
            + headline_cards(tables.get("summary"), previous, previous_date),
        ),
        ("beban-kerja", "Beban kerja per unit kerja", "", workload_section(tables.get("position_workload"))),
        (
            "prestasi",
            "Sebaran Prestasi Kerja Jabatan",
            "Prestasi Kerja Jabatan menurut Efektivitas Jabatan (EJ) hasil Analisis Beban Kerja.",
            grade_section(tables.get("position_workload")),
        ),
        (
            "kompetensi",
            "Sebaran kompetensi pegawai",
            "Indeks Profesionalitas ASN dan kotak talenta.",
            competency_section(tables.get("employee_indices")),
        ),
        (
            "rekomendasi",
            "Dampak rekomendasi mutasi (proyeksi)",
            "",
            recommendation_section(tables.get("mutation_recommendations")),
        ),
        (
            "evaluasi",
            "Evaluasi pasca-mutasi",
            "Mutasi yang benar-benar terjadi di antara dua snapshot: kondisi sebelum dibanding sesudah.",
            evaluation_section(tables.get("post_mutation_evaluation")),
        ),
        (
            "tren",
            "Tren antar-snapshot",
            "Perkembangan angka kartu skor dari snapshot ke snapshot.",
            trend_section(history),
        ),
        (
            "kualitas-data",
            "Kualitas data",
            "",
            data_quality_section(meta.input_files, tables.get("data_quality"), tables.get("summary")),
        ),
    ]
    rendered = []
    for anchor, title, lead, body in sections:
        lead_html = f'<p class="lead">{_e(lead)}</p>' if lead else ""
        rendered.append(f'<section id="{anchor}"><h2>{_e(title)}</h2>{lead_html}{body}</section>')
    sheets = "".join(f"<li><b>{_e(sheet)}</b> — {_e(desc)}</li>" for sheet, desc in REGION_TABLES.values())
    listing = "".join(f"<li><code>{_e(f)}</code></li>" for f in files)
    rendered.append(
        '<section id="isi-paket"><h2>Isi paket</h2>'
        f'<p class="lead">Paket ini hanya berisi data {_e(region)}. Lembar pada workbook:</p><ul>{sheets}</ul>'
        f"<p class='note'>Berkas dalam paket:</p><ul class='note'>{listing}<li><code>manifest.json</code></li></ul>"
        "<p class='note'>Teks yang diawali tanda = + − @ (atau tab) diberi tanda petik tunggal (') di depannya agar "
        "tidak dijalankan sebagai rumus oleh aplikasi lembar kerja.</p></section>"
    )
    footer = (
        f"Dibuat oleh mutasi {_e(version)} pada {_e(date_text(created_at, with_time=True))} UTC. "
        "Dokumen ini dapat dibuka tanpa koneksi internet."
    )
    return _page(f"Kartu Skor Kepegawaian ASN — {region} — {meta.snapshot_date}", header, rendered, footer)


# --------------------------------------------------------------------------------------------------
# Province scorecard
# --------------------------------------------------------------------------------------------------


def _with_region_names(frame: pd.DataFrame, regencies: pd.DataFrame | None) -> pd.DataFrame:
    """For display: put the regency name beside every ``*_region_code`` column that has none."""
    if regencies is None or regencies.empty or not {"region_code", "region_name"} <= set(regencies.columns):
        return frame
    names = dict(zip(regencies["region_code"].astype(str), regencies["region_name"]))
    out = frame.copy()
    for column in [c for c in frame.columns if isinstance(c, str) and c.endswith("region_code")]:
        name_col = column[: -len("code")] + "name"
        if name_col in out.columns:
            continue
        out.insert(list(out.columns).index(column) + 1, name_col, out[column].astype(str).map(names))
    return out


#: the province level in figures (issue 17): the inter-regency plan's effect and the talent pool coverage
PROVINCE_LEVEL_FIGURES = (
    "interregency_moves",
    "interregency_regions_sending",
    "interregency_regions_receiving",
    "staffing_shortage_after_plans",
    "staffing_shortage_after_interregency",
    "staffing_surplus_after_plans",
    "staffing_surplus_after_interregency",
    "key_posts_opening",
    "key_post_coverage_regency",
    "key_post_coverage_province",
    "key_posts_with_ready_candidate",
)


def _province_level_section(totals: pd.Series) -> str:
    rows = [
        (column_label(c), format_value(totals.get(c), column_kind(c)))
        for c in PROVINCE_LEVEL_FIGURES
        if c in totals.index
    ]
    body = "".join(f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>" for label, value in rows)
    return (
        '<section id="antar-daerah"><h2>Mutasi antar-kabupaten/kota dan talent pool provinsi</h2>'
        '<p class="lead">Usulan mutasi antar-kabupaten/kota dibuat sesudah rencana mutasi internal tiap '
        "kabupaten/kota (tidak ada pegawai atau jabatan yang diusulkan dua kali) dan ditetapkan oleh Gubernur "
        "(PP 11/2017 Pasal 192). Nama pegawai hanya ada di paket terbatas untuk BKD provinsi; di sini hanya "
        f'angkanya.</p><table class="figures">{body}</table></section>'
    )


def render_province_html(
    *,
    province_code: str,
    province_name: str,
    snapshot_date: str,
    run_id: str,
    params_version: str,
    tables: dict[str, pd.DataFrame],
    created_at: str,
    files: list[str],
    version: str,
) -> str:
    header = (
        "<h1>Konsolidasi Kepegawaian ASN Tingkat Provinsi</h1>"
        f"<p><b>Provinsi {_e(province_name)}</b> · kode {_e(province_code)}</p>"
        f"<p>Snapshot data: <b>{_e(date_text(snapshot_date))}</b> · ID proses {_e(run_id)} · versi parameter {_e(params_version)}</p>"
    )
    sections = []
    totals = tables.get("totals")
    if totals is not None and not totals.empty:
        sections.append(
            f'<section id="total"><h2>Total provinsi</h2>{headline_cards(totals, None, None, show_delta=False)}</section>'
        )
    if totals is not None and not totals.empty and "interregency_moves" in totals.columns:
        sections.append(_province_level_section(totals.iloc[0]))
    regencies = tables.get("regencies")
    body = '<p class="note">Data kabupaten/kota tidak tersedia.</p>'
    if regencies is not None and not regencies.empty:
        name_col = "region_name" if "region_name" in regencies.columns else "region_code"
        figs = []
        for column in [c for c in ordered_metrics(regencies) if not c.endswith("rank") and c != "rank"][:4]:
            ranked = regencies.assign(_v=pd.to_numeric(regencies[column], errors="coerce")).sort_values(
                "_v", ascending=False
            )
            svg = charts.hbar_chart(
                [str(v) for v in ranked[name_col]],
                [charts.Series(column_label(column), [_num(v) for v in ranked["_v"]], charts.PALETTE[len(figs) % 6])],
                title=f"{column_label(column)} per kabupaten/kota",
                fmt=_fmt(column),
            )
            figs.append(_figure(svg, "Diurutkan dari nilai tertinggi."))
        body = "".join(figs) + "<h3>Tabel perbandingan</h3>" + html_table(regencies, max_rows=100)
    sections.append(
        f'<section id="perbandingan"><h2>Kabupaten/kota berdampingan</h2>'
        f'<p class="lead">{_e(PROVINCE_TABLES["regencies"][1])}</p>{body}</section>'
    )
    balancing = tables.get("balancing_opportunities")
    if balancing is None or balancing.empty:
        bal = '<p class="note">Tidak ada peluang penyeimbangan antar-kabupaten/kota pada snapshot ini.</p>'
    else:
        bal = html_table(_with_region_names(balancing, regencies), max_rows=100)
    sections.append(
        f'<section id="penyeimbangan"><h2>Peluang penyeimbangan antar-kabupaten/kota</h2>'
        f'<p class="lead">{_e(PROVINCE_TABLES["balancing_opportunities"][1])}</p>{bal}</section>'
    )
    job_balance = tables.get("job_balance")
    if job_balance is not None:
        if "balancing_potential" in job_balance.columns:
            job_balance = job_balance.sort_values("balancing_potential", ascending=False, kind="stable")
        body = (
            '<p class="note">Tidak ada jabatan yang kelebihan atau kekurangan pegawai pada snapshot ini.</p>'
            if job_balance.empty
            else html_table(job_balance, max_rows=60)
        )
        sections.append(
            f'<section id="keseimbangan-jabatan"><h2>{_e(PROVINCE_TABLES["job_balance"][0])}</h2>'
            f'<p class="lead">{_e(PROVINCE_TABLES["job_balance"][1])}</p>{body}</section>'
        )
    for key, frame in tables.items():
        if key in PROVINCE_TABLES:
            continue
        sections.append(f"<section><h2>{_e(column_label(key))}</h2>{html_table(frame, max_rows=100)}</section>")
    listing = "".join(f"<li><code>{_e(f)}</code></li>" for f in files)
    sections.append(
        '<section id="isi-paket"><h2>Isi paket</h2><p class="lead">Paket provinsi hanya berisi angka '
        f"agregat per kabupaten/kota, tanpa data pribadi pegawai.</p><ul class='note'>{listing}"
        "<li><code>manifest.json</code></li></ul></section>"
    )
    footer = (
        f"Dibuat oleh mutasi {_e(version)} pada {_e(date_text(created_at, with_time=True))} UTC. "
        "Dokumen ini dapat dibuka tanpa koneksi internet."
    )
    return _page(f"Konsolidasi Provinsi {province_name} — {snapshot_date}", header, sections, footer)
