"""The self-contained HTML scorecards (regency and province), in Bahasa Indonesia, from Jinja2 templates.

One file, inline CSS, inline SVG charts, no script, no external resource: it opens offline in any
browser and prints on A4. The page is a story (issue 18): angka utama → di mana masalahnya → apa yang
direkomendasikan → kelayakan dan rotasi → kualitas data → rincian. The templates (``templates/``) hold
the markup; autoescape escapes every value; the SVG charts (``charts.py``, which escapes its own text)
arrive as Markup. Values from data were formula-neutralised before they got here.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..reference import province_regions
from . import charts, story
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
    STORY_COLUMNS,
    STORY_LABELS,
    column_kind,
    column_label,
)
from .story import Cell, TableView, num

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

#: the order of the "all figures" table and the trend panels: what a BKPSDM reads first
HEADLINE_ORDER = (
    "composite_index",
    "employee_count",
    "required_headcount",
    "current_staff",
    "staffing_shortage",
    "staffing_surplus",
    "share_grade_a",
    "share_grade_e",
    "mean_professionalism_index",
    "mean_job_fit",
    "recommended_moves",
    "data_quality_score",
    "share_5y_in_post",
    "eligible_pool",
    "adoption_rate_recorded",
)


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("mutasi.publish", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num0"] = lambda v: number(v, 0)
    return env


@functools.cache
def _css() -> str:
    loader = environment().loader
    assert loader is not None
    return loader.get_source(environment(), "scorecard.css")[0]


@dataclass(frozen=True)
class FigureView:
    svg: Markup
    title: str
    caption: str = ""


def _figure(svg: str, caption: str = "") -> FigureView:
    """A chart (an SVG charts.py built and escaped) with its own <title> shown above it and a caption below."""
    start = svg.find("<title>")
    title = svg[start + 7 : svg.find("</title>")] if start >= 0 else ""
    return FigureView(Markup(svg), Markup(title), caption)  # noqa: S704 - charts.py escapes its text


def _mean(series: pd.Series) -> float | None:
    values = pd.to_numeric(series, errors="coerce").replace([np.inf, -np.inf], np.nan)
    return num(values.mean()) if values.notna().any() else None


def _is_numeric_column(frame: pd.DataFrame, column: str) -> bool:
    series = frame[column]
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def table_view(
    frame: pd.DataFrame | None, max_rows: int = 50, columns: Sequence[str] | None = None, title: str = ""
) -> TableView:
    """A data table with glossary headers and Indonesian number formats."""
    if frame is None or frame.empty:
        return TableView([], [], title=title, empty="Tidak ada data.")
    cols = [c for c in (columns or list(frame.columns)) if c in frame.columns]
    kinds = {c: column_kind(str(c), frame[c].dtype.kind) for c in cols}
    rows = [
        [Cell(format_value(v, kinds[c]), numeric=num(v) is not None) for c, v in zip(cols, record)]
        for record in frame[cols].head(max_rows).itertuples(index=False, name=None)
    ]
    return TableView([column_label(c) for c in cols], rows, total=len(frame), title=title, empty="Tidak ada data.")


def ordered_metrics(frame: pd.DataFrame) -> list[str]:
    """Numeric scorecard columns: the headline ones first, then any other, identity columns excluded."""
    numeric = [
        c for c in frame.columns if isinstance(c, str) and c not in IDENTITY_COLUMNS and _is_numeric_column(frame, c)
    ]
    first = [c for c in HEADLINE_ORDER if c in numeric]
    return first + [c for c in numeric if c not in first]


def all_figures(summary: pd.DataFrame | None, previous: pd.Series | None) -> TableView:
    """Every figure of the one-row scorecard: value, previous value, change, what it means."""
    keys = ("indicator", "value", "previous", "change", "description")
    headers = [STORY_COLUMNS[k] for k in keys]
    if summary is None or summary.empty:
        return TableView(headers, [], empty="Ringkasan kartu skor tidak tersedia untuk snapshot ini.")
    row = summary.iloc[0]
    rows = []
    for column in ordered_metrics(summary):
        kind = column_kind(column, summary[column].dtype.kind)
        current = num(row[column])
        prev = num(previous[column]) if previous is not None and column in previous.index else None
        change = "" if current is None or prev is None else format_value(current - prev, kind)
        rows.append(
            [
                Cell(column_label(column)),
                Cell(format_value(row[column], kind), numeric=current is not None),
                Cell(format_value(prev, kind) if previous is not None else "", numeric=prev is not None),
                Cell(change, numeric=bool(change)),
                Cell(METRIC_DESCRIPTIONS.get(column, "")),
            ]
        )
    return TableView(headers, rows, total=len(rows))


# ------------------------------------------------------------------------------------------- details


def trend_view(history: pd.DataFrame | None) -> SimpleNamespace:
    if history is None or history.empty or "snapshot_date" not in history.columns:
        return SimpleNamespace(note="Belum ada riwayat kartu skor.", panels=[])
    frame = history.copy()
    frame["_date"] = pd.to_datetime(frame["snapshot_date"], errors="coerce")
    frame = frame.sort_values("_date")
    labels = [short_date(d) if not pd.isna(d) else str(s) for d, s in zip(frame["_date"], frame["snapshot_date"])]
    metrics = ordered_metrics(frame.drop(columns=["_date"]))[:12]
    if not metrics:
        return SimpleNamespace(note="Riwayat tidak memuat angka kartu skor.", panels=[])
    note = "Baru ada satu snapshot; tren akan terlihat setelah snapshot berikutnya diproses." if len(frame) < 2 else ""
    panels = []
    for i, column in enumerate(metrics):
        kind = column_kind(column, frame[column].dtype.kind)
        svg = charts.line_chart(
            labels,
            [num(v) for v in frame[column]],
            title=column_label(column),
            fmt=lambda v, kind=kind: format_value(v, kind),
            color=charts.PALETTE[i % 6],
        )
        panels.append(Markup(svg))  # noqa: S704 - charts.py escapes its text
    return SimpleNamespace(note=note, panels=panels)


def workload_view(workload: pd.DataFrame | None) -> SimpleNamespace:
    units = story.unit_workload(workload)
    if units is None or units.empty:
        return SimpleNamespace(lead="Data beban kerja jabatan tidak tersedia.", figures=[], table=None)
    shown, clipped = units, ""
    if len(units) > 40:
        with_ej = units.dropna(subset=["effectiveness"])
        shown = pd.concat([units[units["effectiveness"].isna()], with_ej.head(20), with_ej.tail(20)]).drop_duplicates()
        clipped = (
            f" Ditampilkan {len(shown)} dari {len(units)} unit (yang paling berat dan paling ringan); "
            "semua unit ada di tabel di bawah dan di lembar Beban Kerja Jabatan."
        )
    ej = charts.hbar_chart(
        list(shown["unit_name"]),
        [charts.Series("EJ unit", [num(v) for v in shown["effectiveness"]], "#0072B2")],
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
            charts.Series("Kebutuhan pegawai (ABK)", [num(v) for v in shown["required_staff"]], "#E69F00"),
            charts.Series("Pegawai saat ini", [num(v) for v in shown["current_staff"]], "#0072B2"),
        ],
        title="Kebutuhan pegawai dibanding pegawai saat ini per unit kerja",
        fmt=lambda v: number(v, 1),
        label_width=290,
        width=820,
    )
    columns = [
        "unit_name",
        "position_count",
        "required_staff",
        "required_headcount",
        "current_staff",
        "staffing_gap",
        "effectiveness",
    ]
    return SimpleNamespace(
        lead="EJ unit = jumlah kebutuhan pegawai hasil ABK dibagi jumlah pegawai yang ada. EJ di atas 1 berarti "
        "beban kerja melebihi kapasitas pegawainya (kurang pegawai); jauh di bawah 1 berarti beban terlalu ringan "
        "(kelebihan pegawai)." + clipped,
        figures=[
            _figure(ej, "Garis putus-putus: EJ = 1. Unit tanpa pegawai ditandai “–”."),
            _figure(staff, "Kebutuhan pegawai (tanpa pembulatan) dan jumlah pegawai yang ada."),
        ],
        table=table_view(units, max_rows=60, columns=columns, title="Tabel per unit kerja"),
    )


def grades_view(workload: pd.DataFrame | None) -> SimpleNamespace:
    if workload is None or workload.empty or "grade" not in workload.columns:
        return SimpleNamespace(figures=[], legend=[], empty="Data prestasi kerja jabatan tidak tersedia.")
    grades = workload["grade"].map(lambda v: None if is_null(v) else str(v).strip())
    counts = grades.value_counts(dropna=True)
    cats = list(GRADE_ORDER) + sorted(g for g in counts.index if g not in GRADE_ORDER)
    values = [float(counts.get(g, 0)) for g in cats]
    colors = [GRADE_COLORS.get(g, "#999999") for g in cats]
    sub = [GRADE_LABELS.get(g, "").split("(")[0].split("—")[-1].strip() for g in cats]
    legend = [GRADE_LABELS[g] for g in GRADE_ORDER]
    nulls = int(grades.isna().sum())
    if nulls:
        cats.append("Kosong")
        values.append(float(nulls))
        colors.append("#BBBBBB")
        sub.append("tanpa pemangku")
        legend.append("Kosong — jabatan tanpa pemangku: EJ tidak dapat dihitung")
    svg = charts.vbar_chart(
        cats, values, colors, title="Sebaran Prestasi Kerja Jabatan (jumlah jabatan)", sublabels=sub
    )
    return SimpleNamespace(
        figures=[_figure(svg, "Jumlah jabatan menurut Prestasi Kerja Jabatan.")], legend=legend, empty=""
    )


def competency_view(employees: pd.DataFrame | None) -> SimpleNamespace:
    if employees is None or employees.empty:
        return SimpleNamespace(figures=[], stats=[], empty="Data indeks pegawai tidak tersedia.")
    figures = []
    if "professionalism_category" in employees.columns:
        cats = employees["professionalism_category"].map(lambda v: None if is_null(v) else str(v).strip())
        counts = cats.value_counts()
        order = list(CATEGORY_ORDER) + sorted(c for c in counts.index if c not in CATEGORY_ORDER)
        values = [float(counts.get(c, 0)) for c in order]
        total = sum(values) or 1
        svg = charts.vbar_chart(
            order,
            values,
            [CATEGORY_COLORS.get(c, "#999999") for c in order],
            title="Sebaran kategori Indeks Profesionalitas ASN (jumlah pegawai)",
            sublabels=[number(100 * v / total, 1) + "%" for v in values],
        )
        figures.append(
            _figure(svg, "91–100 Sangat Tinggi; 81–90 Tinggi; 71–80 Sedang; 61–70 Rendah; ≤ 60 Sangat Rendah.")
        )
    if "talent_box" in employees.columns:
        boxes = pd.to_numeric(employees["talent_box"], errors="coerce").dropna().astype(int)
        svg = charts.nine_box(
            {int(k): int(v) for k, v in boxes.value_counts().items()},
            title="Kotak talenta (9-box): jumlah pegawai per kotak",
        )
        figures.append(_figure(svg, "Sumbu tegak kinerja, sumbu datar potensi (PermenPANRB 3/2020)."))
    stats = []
    for column in ("professionalism_index", "job_fit_score"):
        if column in employees.columns:
            values = pd.to_numeric(employees[column], errors="coerce")
            if values.notna().any():
                kind = column_kind(column)
                stats.append(
                    f"{column_label(column)}: rata-rata {format_value(values.mean(), kind)}, "
                    f"median {format_value(values.median(), kind)}"
                )
    empty = "" if figures or stats else "Data kompetensi tidak tersedia."
    return SimpleNamespace(figures=figures, stats=stats, empty=empty)


def _distance_from_one(value: object) -> float | None:
    x = num(value)
    return None if x is None else abs(x - 1.0)


def plan_view(recs: pd.DataFrame | None) -> SimpleNamespace:
    if recs is None or recs.empty:
        return SimpleNamespace(lead="Tidak ada mutasi yang direkomendasikan pada snapshot ini.", figures=[], kinds=None)
    figures = []
    if {"job_fit_before", "job_fit_after"} <= set(recs.columns):
        svg = charts.hbar_chart(
            ["Pegawai yang dimutasi"],
            [
                charts.Series("Sebelum", [_mean(recs["job_fit_before"])], "#999999"),
                charts.Series("Sesudah (proyeksi)", [_mean(recs["job_fit_after"])], "#009E73"),
            ],
            title="Rata-rata kecocokan jabatan sebelum dan sesudah",
            label_width=230,
            width=700,
        )
        figures.append(
            _figure(svg, "Skor kecocokan jabatan (profile matching), rata-rata pegawai yang direkomendasikan.")
        )
    groups, before_vals, after_vals = [], [], []
    for prefix, label in (("ej_from", "EJ jabatan asal"), ("ej_to", "EJ jabatan tujuan")):
        b, a = f"{prefix}_before", f"{prefix}_after"
        if {b, a} <= set(recs.columns):
            groups.append(label)
            before_vals.append(_mean(recs[b]))
            after_vals.append(_mean(recs[a]))
    if {"ej_from_before", "ej_from_after", "ej_to_before", "ej_to_after"} <= set(recs.columns):
        groups.append("Jarak EJ dari 1 (asal & tujuan)")
        before_vals.append(_mean(pd.concat([recs["ej_from_before"], recs["ej_to_before"]]).map(_distance_from_one)))
        after_vals.append(_mean(pd.concat([recs["ej_from_after"], recs["ej_to_after"]]).map(_distance_from_one)))
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
        figures.append(
            _figure(
                svg,
                "Rata-rata EJ jabatan yang ditinggalkan dan yang dituju; "
                "jarak EJ dari 1 yang mengecil berarti beban kerja makin seimbang.",
            )
        )
    kinds = None
    if "move_kind" in recs.columns:
        counts = recs["move_kind"].map(lambda v: "(tidak diisi)" if is_null(v) else str(v)).value_counts()
        kinds = TableView(
            [STORY_COLUMNS[k] for k in ("kind", "code", "count")],
            [[Cell(MOVE_KIND_LABELS.get(k, k)), Cell(k), Cell(number(v, 0), numeric=True)] for k, v in counts.items()],
            total=len(counts),
            title="Menurut jenis mutasi",
            note="Daftar lengkap per pegawai, dengan penjelasan dan kebutuhan pelatihannya, ada di lembar "
            "Rekomendasi Mutasi dan Kebutuhan Pelatihan.",
        )
    lead = (
        f"{number(len(recs), 0)} mutasi direkomendasikan. Angka “sesudah” adalah proyeksi dengan anggapan semua "
        "rekomendasi dilaksanakan."
    )
    return SimpleNamespace(lead=lead, figures=figures, kinds=kinds)


def _before_after_pairs(frame: pd.DataFrame) -> list[str]:
    pairs = []
    for column in frame.columns:
        if isinstance(column, str) and column.endswith("_before"):
            base = column[: -len("_before")]
            after = base + "_after"
            if after in frame.columns and _is_numeric_column(frame, column) and _is_numeric_column(frame, after):
                pairs.append(base)
    return pairs


def evaluation_view(evaluation: pd.DataFrame | None) -> SimpleNamespace:
    if evaluation is None or evaluation.empty:
        return SimpleNamespace(figures=[], table=None)
    figures = []
    by_kind = "move_kind" in evaluation.columns
    labels = ["Semua mutasi"]
    if by_kind:
        kinds = evaluation["move_kind"].map(lambda v: "(tidak diisi)" if is_null(v) else str(v))
        keys = sorted(kinds.unique())
        labels = [MOVE_KIND_LABELS.get(k, k) for k in keys]
    for base in _before_after_pairs(evaluation):
        b = pd.to_numeric(evaluation[f"{base}_before"], errors="coerce")
        a = pd.to_numeric(evaluation[f"{base}_after"], errors="coerce")
        if by_kind:
            before = [_mean(b[kinds == k]) for k in keys]
            after = [_mean(a[kinds == k]) for k in keys]
        else:
            before, after = [_mean(b)], [_mean(a)]
        name = column_label(base)
        kind = column_kind(base)
        svg = charts.hbar_chart(
            labels,
            [charts.Series("Sebelum", before, "#999999"), charts.Series("Sesudah", after, "#009E73")],
            title=f"{name}: sebelum dan sesudah mutasi",
            fmt=lambda v, kind=kind: format_value(v, kind),
            label_width=230,
            width=700,
        )
        figures.append(_figure(svg, f"{name}, rata-rata per jenis mutasi." if by_kind else f"{name}, rata-rata."))
    return SimpleNamespace(figures=figures, table=table_view(evaluation, max_rows=40, title="Rincian"))


def quality_view(
    input_files: list[dict],
    quarantined: pd.DataFrame | None,
    unmapped: pd.DataFrame | None,
    summary: pd.DataFrame | None,
) -> SimpleNamespace:
    """The files received, the quarantined rows by rule (with one example message), the values to map."""
    lead = ""
    if summary is not None and not summary.empty and "data_quality_score" in summary.columns:
        lead = f"Skor kualitas data: {format_value(summary['data_quality_score'].iloc[0], 'dec1')} dari 100."
    tables = []
    if input_files:
        frame = pd.DataFrame(input_files)
        cols = [c for c in ("entity", "source_file", "rows_read", "rows_valid", "rows_quarantined") if c in frame]
        tables.append(table_view(frame, max_rows=40, columns=cols, title="Berkas yang diterima"))
    if quarantined is not None and not quarantined.empty and "rule" in quarantined.columns:
        rows = quarantined.dropna(subset=["rule"])
        keys = [c for c in ("entity", "rule") if c in rows.columns]
        if len(rows):
            counts = rows.groupby(keys, dropna=False).agg(
                rows=("rule", "size"), example=("message", "first") if "message" in rows else ("rule", "first")
            )
            counts = counts.reset_index().sort_values(["rows", *keys], ascending=[False] + [True] * len(keys))
            counts["example"] = counts["example"].map(lambda t: t if len(str(t)) <= 220 else str(t)[:219] + "…")
            spec = [(c, c, "text") for c in keys] + [("rows", "rows", "count"), ("example_message", "example", "text")]
            tables.append(
                story._view(counts.head(30), spec, total=len(counts), title="Baris yang dikarantina menurut aturan")
            )
    if unmapped is not None and not unmapped.empty:
        cols = [c for c in ("entity", "contract_column", "raw_value", "rows_affected", "where_to_map") if c in unmapped]
        view = table_view(unmapped, max_rows=30, columns=cols, title="Nilai yang belum terpetakan")
        view.note = "Tambahkan nilai ini di berkas peta daerah (kolom terakhir); `mutasi inspect` menunjukkan semuanya."
        tables.append(view)
    if not lead and not tables:
        lead = "Tidak ada laporan kualitas data untuk snapshot ini."
    return SimpleNamespace(lead=lead, tables=tables)


def freshness_view(freshness: dict | None) -> SimpleNamespace | None:
    """SPEC §7 / issue 7: a region whose newest accepted snapshot is older than freshness_days is flagged."""
    if not freshness or freshness.get("latest_accepted_snapshot") is None:
        return None
    latest = date_text(freshness["latest_accepted_snapshot"])
    age, limit = freshness.get("age_days"), freshness.get("freshness_days")
    if freshness.get("is_stale"):
        return SimpleNamespace(
            stale=True,
            text=f"snapshot terbaru yang diterima untuk wilayah ini bertanggal {latest} ({age} hari "
            f"lalu), melewati batas {limit} hari. Angka di halaman ini mungkin tidak lagi menggambarkan keadaan "
            "sekarang; mohon kirim ekstrak terbaru.",
        )
    return SimpleNamespace(
        stale=False,
        text=f"Snapshot terbaru yang diterima untuk wilayah ini: {latest} ({age} hari lalu; batas {limit} hari).",
    )


# ------------------------------------------------------------------------------------------ the pages

REGION_TOC = ("ringkasan", "masalah", "rekomendasi", "rotasi", "kualitas-data", "rincian")


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
    summary = tables.get("summary")
    row = summary.iloc[0] if summary is not None and len(summary) == 1 else None
    headline = (
        story.regency_headline(row, previous, previous_date, meta.input_files, meta.province_name)
        if row is not None
        else []
    )
    problems_lead, problems = story.regency_problems(tables.get("position_workload"))
    recommended_lead, recommended = story.regency_recommended(
        row,
        tables.get("mutation_recommendations"),
        tables.get("recommendation_effect"),
        tables.get("vacancy_shortlists"),
        tables.get("succession_candidates"),
        tables.get("interregency_moves"),
    )
    rotation_lead, rotation = story.rotation(row, tables.get("rotation_not_moved"))
    titles = {
        "ringkasan": STORY_LABELS["section_headline"],
        "masalah": STORY_LABELS["section_problems"],
        "rekomendasi": STORY_LABELS["section_recommended"],
        "rotasi": STORY_LABELS["section_rotation"],
        "kualitas-data": STORY_LABELS["section_data_quality"],
        "rincian": STORY_LABELS["section_details"],
    }
    page = (
        environment()
        .get_template("region.html.j2")
        .render(
            page_title=f"Kartu Skor Kepegawaian ASN — {meta.region_name} ({meta.region_code}) — "
            f"{date_text(meta.snapshot_date)}",
            css=Markup(_css()),  # noqa: S704 - our own stylesheet
            toc=[(k, titles[k]) for k in REGION_TOC],
            L=STORY_LABELS,
            meta=meta,
            snapshot_text=date_text(meta.snapshot_date),
            previous_text=date_text(previous_date) if previous_date else "",
            freshness=freshness_view(getattr(meta, "freshness", None)),
            story=story.Story(
                headline, problems_lead, problems, recommended_lead, recommended, rotation_lead, rotation
            ),
            quality=quality_view(
                meta.input_files, tables.get("quarantined_rows"), tables.get("unmapped_values"), summary
            ),
            workload=workload_view(tables.get("position_workload")),
            grades=grades_view(tables.get("position_workload")),
            competency=competency_view(tables.get("employee_indices")),
            plan=plan_view(tables.get("mutation_recommendations")),
            evaluation=evaluation_view(tables.get("post_mutation_evaluation")),
            trend=trend_view(history),
            all_figures=all_figures(summary, previous),
            sheets=list(REGION_TABLES.values()),
            files=files,
            version=version,
            created_at=date_text(created_at, with_time=True),
        )
    )
    return page


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


def _figures_table(totals: pd.Series, columns: Sequence[str]) -> TableView:
    rows = [
        [
            Cell(column_label(c)),
            Cell(format_value(totals.get(c), column_kind(c)), numeric=num(totals.get(c)) is not None),
        ]
        for c in columns
        if c in totals.index
    ]
    return TableView([STORY_COLUMNS["indicator"], STORY_COLUMNS["value"]], rows, total=len(rows))


PROVINCE_TOC = ("ringkasan", "masalah", "rekomendasi", "rincian")


def _regions_in(province_code: str) -> int | None:
    """How many regencies the province has (the 514-region reference), for "2 dari 14"."""
    return len(province_regions(province_code)) or None


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
    totals_frame = tables.get("totals")
    totals = totals_frame.iloc[0] if totals_frame is not None and not totals_frame.empty else None
    regencies = tables.get("regencies")
    job_balance = tables.get("job_balance")
    problems_lead, problems = story.province_problems(regencies)
    recommended_lead, recommended = story.province_recommended(totals, job_balance)

    figures, comparison_table = [], None
    if regencies is not None and not regencies.empty:
        name_col = "region_name" if "region_name" in regencies.columns else "region_code"
        for column in [c for c in ordered_metrics(regencies) if not c.endswith("rank") and c != "rank"][:4]:
            ranked = regencies.assign(_v=pd.to_numeric(regencies[column], errors="coerce")).sort_values(
                "_v", ascending=False
            )
            kind = column_kind(column)
            svg = charts.hbar_chart(
                [str(v) for v in ranked[name_col]],
                [charts.Series(column_label(column), [num(v) for v in ranked["_v"]], charts.PALETTE[len(figures) % 6])],
                title=f"{column_label(column)} per kabupaten/kota",
                fmt=lambda v, kind=kind: format_value(v, kind),
            )
            figures.append(_figure(svg, "Diurutkan dari nilai tertinggi."))
        comparison_table = table_view(regencies, max_rows=100, title="Tabel perbandingan")

    balancing = tables.get("balancing_opportunities")
    balancing_view = (
        TableView([], [], empty="Tidak ada peluang penyeimbangan antar-kabupaten/kota pada snapshot ini.")
        if balancing is None or balancing.empty
        else table_view(_with_region_names(balancing, regencies), max_rows=100)
    )
    job_view = None
    if job_balance is not None:
        frame = job_balance
        if "balancing_potential" in frame.columns:
            frame = frame.sort_values("balancing_potential", ascending=False, kind="stable")
        job_view = (
            TableView([], [], empty="Tidak ada jabatan yang kelebihan atau kekurangan pegawai pada snapshot ini.")
            if frame.empty
            else table_view(frame, max_rows=60)
        )
    interregency = (
        _figures_table(totals, PROVINCE_LEVEL_FIGURES)
        if totals is not None and "interregency_moves" in totals.index
        else None
    )
    extras = [
        SimpleNamespace(id=f"tabel-{key}", title=column_label(key), table=table_view(frame, max_rows=100))
        for key, frame in tables.items()
        if key not in PROVINCE_TABLES
    ]
    titles = {
        "ringkasan": STORY_LABELS["section_headline"],
        "masalah": STORY_LABELS["section_problems"],
        "rekomendasi": STORY_LABELS["section_recommended"],
        "rincian": STORY_LABELS["section_details"],
    }
    return (
        environment()
        .get_template("province.html.j2")
        .render(
            page_title=f"Konsolidasi Provinsi {province_name} — {date_text(snapshot_date)}",
            css=Markup(_css()),  # noqa: S704 - our own stylesheet
            toc=[(k, titles[k]) for k in PROVINCE_TOC],
            L=STORY_LABELS,
            province_code=province_code,
            province_name=province_name,
            snapshot_text=date_text(snapshot_date),
            run_id=run_id,
            params_version=params_version,
            story=story.Story(
                story.province_headline(totals, _regions_in(province_code)) if totals is not None else [],
                problems_lead,
                problems,
                recommended_lead,
                recommended,
                "",
            ),
            interregency=interregency,
            regencies_lead=PROVINCE_TABLES["regencies"][1],
            comparison=SimpleNamespace(figures=figures, table=comparison_table),
            totals_table=_figures_table(totals, ordered_metrics(totals_frame)) if totals is not None else None,
            balancing_lead=PROVINCE_TABLES["balancing_opportunities"][1],
            balancing=balancing_view,
            job_balance=job_view,
            job_balance_title=PROVINCE_TABLES["job_balance"][0],
            job_balance_lead=PROVINCE_TABLES["job_balance"][1],
            extras=extras,
            files=files,
            version=version,
            created_at=date_text(created_at, with_time=True),
        )
    )
