"""The scorecard as a story (issue 18): what a BKPSDM officer reads first, picked from the package's tables.

Pure functions of DataFrames. Each returns display-ready values (texts already in Indonesian number and
date format) for the Jinja2 templates; nothing here writes HTML. The order of a scorecard:
angka utama → di mana masalahnya → apa yang direkomendasikan → kelayakan dan rotasi → kualitas data →
rincian.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .formatting import date_text, format_value, is_null, number
from .labels import (
    NOT_MOVED_REASON_LABELS,
    OPENING_REASON_LABELS,
    STORY_COLUMNS,
    STORY_LABELS,
    column_label,
)

#: posts whose holder leads (succession and "vacancies that matter" put them first)
KEY_POST_TYPES = frozenset({"JPT", "administrator", "pengawas"})


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False


@dataclass
class TableView:
    """A table as the template shows it: headers, formatted cells, and how many rows were left out."""

    headers: list[str]
    rows: list[list[Cell]]
    total: int = 0
    title: str = ""
    note: str = ""
    empty: str = "Tidak ada."

    @property
    def hidden(self) -> int:
        return max(self.total - len(self.rows), 0)


@dataclass(frozen=True)
class Headline:
    """One figure of the headline: what it is, its value, one sentence around it, the change since last time."""

    key: str
    label: str
    value: str
    detail: str
    delta: str = ""
    trend: str = ""  # "better", "worse" or "" (no judgement)


@dataclass
class Story:
    headline: list[Headline]
    problems_lead: str
    problems: list[TableView]
    recommended_lead: str
    recommended: list[TableView]
    rotation_lead: str
    rotation: list[TableView] = field(default_factory=list)


# ------------------------------------------------------------------------------------------------ values


def num(value: object) -> float | None:
    if is_null(value) or isinstance(value, (str, bool, np.bool_)):
        return None
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _get(row: pd.Series | None, column: str) -> float | None:
    if row is None or column not in row.index:
        return None
    return num(row[column])


def count(value: object) -> str:
    return format_value(num(value), "count")


def pct(value: object) -> str:
    return format_value(num(value), "pct")


def dec1(value: object) -> str:
    return format_value(num(value), "dec1")


def change_text(
    current: float | None,
    previous: float | None,
    previous_date: str | None,
    kind: str,
    better: str | None = None,
) -> tuple[str, str]:
    """("▲ +3 dibanding 5 November 2026", "worse") — the change since the previous snapshot and its direction.

    ``better`` is "higher", "lower" or None (a change that is neither better nor worse, e.g. staff count)."""
    if previous_date is None:
        return "Belum ada snapshot sebelumnya untuk dibandingkan.", ""
    if current is None or previous is None:
        return f"Tidak ada nilai pada {date_text(previous_date)}.", ""
    diff = current - previous
    decimals = {"pct": 1, "dec1": 1, "dec3": 3, "dec2": 2}.get(kind, 0)
    shown = abs(diff) * 100 if kind == "pct" else abs(diff)
    if round(shown, decimals) == 0:
        return f"■ sama dengan {date_text(previous_date)}", ""
    arrow, sign = ("▲", "+") if diff > 0 else ("▼", "−")
    unit = " poin persen" if kind == "pct" else ""
    trend = ""
    if better in ("higher", "lower"):
        trend = "better" if (diff > 0) == (better == "higher") else "worse"
    return f"{arrow} {sign}{number(shown, decimals)}{unit} dibanding {date_text(previous_date)}", trend


def _headline(
    key: str,
    value: str,
    detail: str,
    row: pd.Series | None = None,
    previous: pd.Series | None = None,
    previous_date: str | None = None,
    column: str | None = None,
    kind: str = "count",
    better: str | None = None,
) -> Headline:
    delta, trend = ("", "")
    if column is not None:
        delta, trend = change_text(_get(row, column), _get(previous, column), previous_date, kind, better)
    return Headline(key, STORY_LABELS[key], value, detail, delta, trend)


# ---------------------------------------------------------------------------------------------- headline


def regency_headline(
    row: pd.Series,
    previous: pd.Series | None,
    previous_date: str | None,
    input_files: Sequence[dict] = (),
    province_name: str = "",
) -> list[Headline]:
    """The seven figures a BKPSDM officer asked for, from the one-row regency scorecard."""
    g = row.get
    common = {"row": row, "previous": previous, "previous_date": previous_date}
    figures = [
        _headline(
            "fig_employees",
            count(g("employee_count")),
            f"Pegawai di {count(g('position_count'))} jabatan pada {count(g('unit_count'))} unit kerja.",
            column="employee_count",
            **common,
        ),
        _headline(
            "fig_need_vs_staff",
            f"{count(g('required_headcount'))} / {count(g('current_staff'))}",
            f"Dibutuhkan menurut ABK / pegawai yang ada. Kurang {count(g('staffing_shortage'))} orang di jabatan "
            f"yang kekurangan, lebih {count(g('staffing_surplus'))} orang di jabatan yang kelebihan.",
            column="staffing_shortage",
            better="lower",
            **common,
        ),
        _headline(
            "fig_grade_a_e",
            f"{pct(g('share_grade_a'))} / {pct(g('share_grade_e'))}",
            f"{count(g('positions_grade_a'))} jabatan bebannya melebihi kapasitas (EJ > 1,00) dan "
            f"{count(g('positions_grade_e'))} jabatan bebannya kurang dari separuh (EJ < 0,50), dari "
            f"{count(g('graded_position_count'))} jabatan berpemangku.",
            column="share_grade_a_or_e",
            kind="pct",
            better="lower",
            **common,
        ),
        _headline(
            "fig_ipasn",
            f"{dec1(g('mean_professionalism_index'))} dari 100",
            _ipasn_detail(row),
            column="mean_professionalism_index",
            kind="dec1",
            better="higher",
            **common,
        ),
        Headline(
            "fig_plan",
            STORY_LABELS["fig_plan"],
            f"{count(g('recommended_moves'))} usulan",
            _plan_detail(row),
            _decisions_text(row, previous_date),
        ),
        _headline(
            "fig_data_quality",
            f"{dec1(g('data_quality_score'))} dari 100",
            _quarantine_detail(input_files),
            column="data_quality_score",
            kind="dec1",
            better="higher",
            **common,
        ),
        _headline(
            "fig_composite",
            dec1(g("composite_index")),
            (
                f"Gabungan enam komponen (0–100, makin tinggi makin baik); peringkat "
                f"{count(g('rank_in_province'))} di Provinsi {province_name}."
                if num(g("rank_in_province")) is not None
                else "Gabungan enam komponen (0–100, makin tinggi makin baik)."
            ),
            column="composite_index",
            kind="dec1",
            better="higher",
            **common,
        ),
    ]
    return figures


def _ipasn_detail(row: pd.Series) -> str:
    low = [num(row.get(c)) for c in ("share_ipasn_rendah", "share_ipasn_sangat_rendah")]
    high = [num(row.get(c)) for c in ("share_ipasn_tinggi", "share_ipasn_sangat_tinggi")]
    if any(v is None for v in low + high):
        return "Indeks Profesionalitas ASN: kualifikasi, kompetensi, kinerja, disiplin."
    return f"{pct(sum(low))} pegawai berkategori Rendah atau Sangat Rendah, {pct(sum(high))} Tinggi atau Sangat Tinggi."


def _plan_detail(row: pd.Series) -> str:
    moves = num(row.get("recommended_moves"))
    if not moves:
        return "Tidak ada mutasi yang diusulkan pada snapshot ini."
    parts = []
    before, after = num(row.get("staffing_shortage")), num(row.get("staffing_shortage_after"))
    if before is not None and after is not None:
        parts.append(f"kekurangan pegawai {count(before)} → {count(after)} orang")
    before, after = num(row.get("vacant_posts_needing_staff")), num(row.get("vacant_posts_needing_staff_after"))
    if before is not None and after is not None:
        parts.append(f"jabatan kosong yang dibutuhkan {count(before)} → {count(after)}")
    before, after = num(row.get("share_grade_a_or_e")), num(row.get("share_grade_a_or_e_after"))
    if before is not None and after is not None:
        parts.append(f"jabatan kelas A atau E {pct(before)} → {pct(after)}")
    return ("Bila semua dilaksanakan: " + "; ".join(parts) + ".") if parts else ""


def _decisions_text(row: pd.Series, previous_date: str | None) -> str:
    proposed = num(row.get("moves_recommended_previous"))
    if previous_date is None or proposed is None:
        return ""
    decided = num(row.get("moves_decided_previous")) or 0
    approved = num(row.get("moves_approved_previous")) or 0
    return (
        f"Usulan {date_text(previous_date)}: {count(proposed)}, sudah diputuskan {count(decided)}, "
        f"disetujui {count(approved)}."
    )


def _quarantine_detail(input_files: Sequence[dict]) -> str:
    if not input_files:
        return "Kelengkapan, keabsahan, konsistensi dan ketepatan waktu kiriman data."
    read = sum(num(f.get("rows_read")) or 0 for f in input_files)
    quarantined = sum(num(f.get("rows_quarantined")) or 0 for f in input_files)
    return (
        f"{count(quarantined)} dari {count(read)} baris yang dibaca dikarantina (tidak dipakai); "
        f"{count(len(input_files))} berkas diterima."
    )


def province_headline(totals: pd.Series, regions_in_province: int | None = None) -> list[Headline]:
    g = totals.get
    of = f" dari {count(regions_in_province)}" if regions_in_province else ""
    return [
        Headline(
            "fig_regencies",
            STORY_LABELS["fig_regencies"],
            f"{count(g('region_count'))}{of}",
            f"Kabupaten/kota yang datanya diterima pada snapshot ini: {count(g('employee_count'))} pegawai di "
            f"{count(g('position_count'))} jabatan.",
        ),
        Headline(
            "fig_need_vs_staff",
            STORY_LABELS["fig_need_vs_staff"],
            f"{count(g('required_headcount'))} / {count(g('current_staff'))}",
            f"Dibutuhkan menurut ABK / pegawai yang ada. Kurang {count(g('staffing_shortage'))} orang di jabatan "
            f"yang kekurangan, lebih {count(g('staffing_surplus'))} orang di jabatan yang kelebihan.",
        ),
        Headline(
            "fig_ipasn",
            STORY_LABELS["fig_ipasn"],
            f"{dec1(g('mean_professionalism_index'))} dari 100",
            "Rata-rata Indeks Profesionalitas ASN seluruh pegawai kabupaten/kota yang terkirim.",
        ),
        Headline(
            "fig_plan",
            STORY_LABELS["fig_plan"],
            f"{count(g('recommended_moves'))} usulan",
            "Usulan mutasi di dalam masing-masing kabupaten/kota"
            + (
                f"; sesudahnya masih kurang {count(g('staffing_shortage_after_plans'))} orang."
                if num(g("staffing_shortage_after_plans")) is not None
                else "."
            ),
        ),
        Headline(
            "fig_interregency",
            STORY_LABELS["fig_interregency"],
            f"{count(g('interregency_moves'))} usulan",
            f"Kekurangan pegawai {count(g('staffing_shortage_after_plans'))} → "
            f"{count(g('staffing_shortage_after_interregency'))} orang; "
            f"{count(g('interregency_regions_sending'))} daerah mengirim, "
            f"{count(g('interregency_regions_receiving'))} menerima (ditetapkan Gubernur).",
        ),
        Headline(
            "fig_key_posts",
            STORY_LABELS["fig_key_posts"],
            count(g("key_posts_opening")),
            f"Kosong atau pejabatnya pensiun dalam 3 tahun; {count(g('key_posts_with_ready_candidate'))} "
            f"punya calon yang siap sekarang; {count(g('talent_pool_candidates_from_other_regencies'))} calon "
            "dari kabupaten/kota lain.",
        ),
        Headline(
            "fig_data_quality",
            STORY_LABELS["fig_data_quality"],
            f"{dec1(g('mean_data_quality_score'))} dari 100",
            "Rata-rata skor kualitas data kiriman kabupaten/kota.",
        ),
    ]


# ---------------------------------------------------------------------------------------------- problems


def unit_workload(workload: pd.DataFrame | None) -> pd.DataFrame | None:
    """Per unit: Σ need (ABK), Σ staff, Σ rounded need, Σ gap, positions, EJ = Σ need / Σ staff (SPEC §6)."""
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
    agg = {c: "sum" for c in ("required_staff", "current_staff", "required_headcount", "staffing_gap") if c in frame}
    groups = frame[key].fillna("(tanpa unit)").astype(str)
    units = frame.groupby(groups, dropna=False).agg(agg)
    units["position_count"] = frame.groupby(groups, dropna=False).size()
    staffed = units["current_staff"].where(units["current_staff"] > 0)
    units["effectiveness"] = units["required_staff"] / staffed
    units = units.reset_index().rename(columns={key: "unit_name"})
    return units.sort_values(["effectiveness", "unit_name"], ascending=[False, True], na_position="first")


def _view(frame: pd.DataFrame, spec: Sequence[tuple[str, str, str]], total: int | None = None, **kw) -> TableView:
    """spec: (story column key, frame column, kind). Cells formatted by kind; numbers right-aligned."""
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for _, column, kind in spec:
            value = getattr(record, column) if column in frame.columns else None
            text = format_value(value, kind)
            cells.append(Cell(text, numeric=kind not in ("text", "date") and num(value) is not None))
        rows.append(cells)
    headers = [STORY_COLUMNS[key] for key, _, _ in spec]
    return TableView(headers, rows, total=len(frame) if total is None else total, **kw)


def regency_problems(workload: pd.DataFrame | None, n: int = 5) -> tuple[str, list[TableView]]:
    """The most overloaded and idle units, the posts most short and most over, the vacancies that matter."""
    units = unit_workload(workload)
    if units is None or units.empty:
        return "Data beban kerja jabatan tidak tersedia.", []
    with_ej = units.dropna(subset=["effectiveness"])
    over = with_ej[with_ej["effectiveness"] > 1].sort_values(["effectiveness", "unit_name"], ascending=[False, True])
    idle = with_ej[with_ej["effectiveness"] < 1].sort_values(["effectiveness", "unit_name"])
    unit_spec = [
        ("unit", "unit_name", "text"),
        ("need", "required_staff", "dec1"),
        ("staff", "current_staff", "count"),
        ("ej", "effectiveness", "dec2"),
    ]
    tables = [
        _view(over.head(n), unit_spec, total=len(over), title=STORY_LABELS["units_overloaded"]),
        _view(idle.head(n), unit_spec, total=len(idle), title=STORY_LABELS["units_idle"]),
    ]
    posts = workload.copy()
    for c in ("required_headcount", "current_staff", "staffing_gap"):
        posts[c] = pd.to_numeric(posts.get(c), errors="coerce")
    post_spec = [
        ("position", "position_name", "text"),
        ("unit", "unit_name", "text"),
        ("need", "required_headcount", "count"),
        ("staff", "current_staff", "count"),
        ("gap", "staffing_gap", "count"),
    ]
    short = posts[posts["staffing_gap"] > 0].sort_values(["staffing_gap", "position_name"], ascending=[False, True])
    surplus = posts[posts["staffing_gap"] < 0].sort_values(["staffing_gap", "position_name"])
    tables.append(_view(short.head(n), post_spec, total=len(short), title=STORY_LABELS["posts_short"]))
    tables.append(_view(surplus.head(n), post_spec, total=len(surplus), title=STORY_LABELS["posts_surplus"]))
    vacant = posts[(posts["current_staff"].fillna(0) == 0) & (posts["required_headcount"] >= 1)].copy()
    vacant["_key"] = ~vacant.get("position_type", pd.Series(index=vacant.index, dtype=object)).isin(KEY_POST_TYPES)
    vacant = vacant.sort_values(["_key", "required_headcount", "position_name"], ascending=[True, False, True])
    tables.append(
        _view(
            vacant.head(2 * n),
            [
                ("position", "position_name", "text"),
                ("unit", "unit_name", "text"),
                ("need", "required_headcount", "count"),
            ],
            total=len(vacant),
            title=STORY_LABELS["vacancies"],
            note="Jabatan pimpinan (JPT, administrator, pengawas) lebih dulu, lalu menurut kebutuhan.",
            empty="Tidak ada jabatan kosong yang dibutuhkan.",
        )
    )
    lead = (
        f"{count(len(over))} dari {count(len(with_ej))} unit kerja bebannya di atas kapasitas pegawainya "
        f"(EJ unit > 1,00) dan {count(len(idle))} di bawahnya. {count(len(short))} jabatan kekurangan pegawai, "
        f"{count(len(surplus))} kelebihan, {count(len(vacant))} jabatan kosong padahal dibutuhkan."
    )
    return lead, tables


def province_problems(regencies: pd.DataFrame | None, n: int = 5) -> tuple[str, list[TableView]]:
    if regencies is None or regencies.empty:
        return "Data kabupaten/kota tidak tersedia.", []
    frame = regencies.copy()
    name = "region_name" if "region_name" in frame.columns else "region_code"
    for c in ("composite_index", "staffing_shortage", "staffing_surplus"):
        frame[c] = pd.to_numeric(frame.get(c), errors="coerce")
    lowest = frame.sort_values(["composite_index", name], na_position="last")
    short = frame.sort_values(["staffing_shortage", name], ascending=[False, True], na_position="last")
    spec = [
        ("regency", name, "text"),
        ("composite", "composite_index", "dec1"),
        ("shortage", "staffing_shortage", "count"),
        ("surplus", "staffing_surplus", "count"),
    ]
    tables = [
        _view(lowest.head(n), spec, total=len(frame), title=STORY_LABELS["regencies_lowest"]),
        _view(short.head(n), spec, total=len(frame), title=STORY_LABELS["regencies_short"]),
    ]
    worst = lowest.iloc[0]
    lead = (
        f"Indeks komposit terendah: {worst[name]} ({dec1(worst['composite_index'])}). "
        f"Kekurangan pegawai terbesar: {short.iloc[0][name]} ({count(short.iloc[0]['staffing_shortage'])} orang)."
    )
    return lead, tables


# ------------------------------------------------------------------------------------------- recommended

#: how each indicator of recommendation_effect is shown
EFFECT_KINDS = {
    "share_posts_grade_a_or_e": "pct",
    "ej_spread_sd": "dec3",
    "ej_mean_abs_deviation_from_1": "dec3",
    "mean_job_fit": "dec3",
}


def plan_effect(effect: pd.DataFrame | None) -> TableView | None:
    if effect is None or effect.empty or "metric" not in effect.columns:
        return None
    frame = effect.sort_values("sort_order") if "sort_order" in effect.columns else effect
    rows = []
    for record in frame.to_dict("records"):
        kind = EFFECT_KINDS.get(str(record["metric"]), "count")
        label = record.get("metric_label_id") or column_label(record["metric"])
        cells = [Cell(str(label))]
        for column in ("value_before", "value_after_plan", "value_after_baseline"):
            value = record.get(column)
            cells.append(Cell(format_value(num(value), kind), numeric=num(value) is not None))
        rows.append(cells)
    headers = [STORY_COLUMNS[k] for k in ("indicator", "before", "after_plan", "after_baseline")]
    return TableView(
        headers,
        rows,
        total=len(rows),
        title=STORY_LABELS["plan_effect"],
        note="Proyeksi dengan anggapan semua usulan dilaksanakan. “Cara sederhana” = peringkat satu per satu tanpa "
        "optimasi, sebagai pembanding.",
    )


def _person(name: object, nip: object) -> str:
    nip_text = "" if is_null(nip) else str(nip)
    name_text = "" if is_null(name) else str(name)
    return f"{name_text} ({nip_text})" if name_text and nip_text else (name_text or nip_text)


def _post(position: object, unit: object) -> str:
    parts = [str(v) for v in (position, unit) if not is_null(v) and str(v)]
    return " — ".join(parts)


def top_moves(recs: pd.DataFrame | None, n: int = 10) -> TableView:
    title = STORY_LABELS["top_moves"]
    headers = [STORY_COLUMNS[k] for k in ("priority", "employee", "from", "to", "why")]
    if recs is None or recs.empty:
        return TableView(headers, [], title=title, empty="Tidak ada mutasi yang diusulkan pada snapshot ini.")
    frame = recs.sort_values("priority_rank") if "priority_rank" in recs.columns else recs
    rows = []
    for r in frame.head(n).to_dict("records"):
        rows.append(
            [
                Cell(format_value(r.get("priority_rank"), "count"), numeric=True),
                Cell(_person(r.get("name"), r.get("nip"))),
                Cell(_post(r.get("from_position_name"), r.get("from_unit_name"))),
                Cell(_post(r.get("to_position_name"), r.get("to_unit_name"))),
                Cell("" if is_null(r.get("explanation")) else str(r.get("explanation"))),
            ]
        )
    return TableView(
        headers, rows, total=len(frame), title=title, note="Daftar lengkap: lembar Rekomendasi Mutasi di workbook."
    )


def _first_per_post(frame: pd.DataFrame) -> pd.DataFrame:
    """The best-ranked row of each post (candidate_rank; a post without a candidate keeps its one row), with
    ``_n`` = how many candidates (rows with an NIP) the post has."""
    rank = pd.to_numeric(frame.get("candidate_rank"), errors="coerce")
    has_candidate = frame["nip"].notna() if "nip" in frame.columns else pd.Series(False, index=frame.index)
    counts = has_candidate.groupby(frame["position_code"]).sum()
    first = frame.assign(_rank=rank).sort_values("_rank", na_position="last").drop_duplicates("position_code")
    return first.assign(_n=first["position_code"].map(counts))


def shortlist_heads(shortlists: pd.DataFrame | None, n: int = 8) -> TableView:
    """One row per post to fill: its gap, how many candidates, the best one and whether the plan takes them."""
    title = STORY_LABELS["shortlists"]
    keys = ("position", "unit", "gap", "candidates", "best_candidate", "fit_at_post", "in_plan")
    headers = [STORY_COLUMNS[k] for k in keys]
    if shortlists is None or shortlists.empty or "position_code" not in shortlists.columns:
        return TableView(headers, [], title=title, empty="Tidak ada jabatan yang perlu calon pengisi.")
    best = _first_per_post(shortlists)
    best = best.assign(_gap=pd.to_numeric(best.get("staffing_gap"), errors="coerce"))
    best = best.sort_values(["_gap", "position_name"], ascending=[False, True])
    rows = []
    for r in best.head(n).to_dict("records"):
        candidate = _person(r.get("name"), r.get("nip")) if not is_null(r.get("nip")) else "(tidak ada calon)"
        rows.append(
            [
                Cell(str(r.get("position_name") or "")),
                Cell(str(r.get("unit_name") or "")),
                Cell(format_value(r["_gap"], "count"), numeric=True),
                Cell(format_value(r["_n"], "count"), numeric=True),
                Cell(candidate),
                Cell(
                    format_value(num(r.get("job_fit_at_post")), "dec2"),
                    numeric=num(r.get("job_fit_at_post")) is not None,
                ),
                Cell(format_value(r.get("in_plan"), "text")),
            ]
        )
    return TableView(
        headers, rows, total=len(best), title=title, note="Semua calon per jabatan: lembar Calon Pengisi Jabatan."
    )


def successor_heads(succession: pd.DataFrame | None, n: int = 8) -> TableView:
    """One row per key post opening: why, when, how many candidates, the first and their readiness."""
    title = STORY_LABELS["successors"]
    keys = ("position", "unit", "opening", "candidates", "best_candidate", "readiness")
    headers = [STORY_COLUMNS[k] for k in keys]
    if succession is None or succession.empty or "position_code" not in succession.columns:
        return TableView(headers, [], title=title, empty="Tidak ada jabatan pimpinan yang akan terbuka.")
    first = _first_per_post(succession)
    first = first.assign(_retire=pd.to_datetime(first.get("holder_retirement_date"), errors="coerce"))
    first = first.sort_values(["_retire", "position_name"], na_position="first")
    rows = []
    for r in first.head(n).to_dict("records"):
        reason = OPENING_REASON_LABELS.get(str(r.get("opening_reason")), str(r.get("opening_reason") or ""))
        if not is_null(r["_retire"]):
            reason += f" ({date_text(r['_retire'])})"
        candidate = _person(r.get("name"), r.get("nip")) if not is_null(r.get("nip")) else "(tidak ada calon)"
        rows.append(
            [
                Cell(str(r.get("position_name") or "")),
                Cell(str(r.get("unit_name") or "")),
                Cell(reason),
                Cell(format_value(r["_n"], "count"), numeric=True),
                Cell(candidate),
                Cell("" if is_null(r.get("readiness")) else str(r.get("readiness"))),
            ]
        )
    return TableView(
        headers,
        rows,
        total=len(first),
        title=title,
        note="Bahan seleksi terbuka/Baperjakat, bukan promosi otomatis. Semua calon: lembar Calon Suksesi.",
    )


def interregency_here(moves: pd.DataFrame | None, n: int = 10) -> TableView | None:
    if moves is None or moves.empty or "direction" not in moves.columns:
        return None
    headers = [STORY_COLUMNS[k] for k in ("direction", "position", "other_region", "why")]
    rows = []
    for r in moves.head(n).to_dict("records"):
        rows.append(
            [
                Cell(str(r.get("direction") or "")),
                Cell(_post(r.get("position_name"), r.get("unit_name"))),
                Cell(_post(r.get("other_position_name"), r.get("other_region_name"))),
                Cell("" if is_null(r.get("explanation")) else str(r.get("explanation"))),
            ]
        )
    out = int((moves["direction"] == "keluar").sum())
    return TableView(
        headers,
        rows,
        total=len(moves),
        title=STORY_LABELS["interregency_here"],
        note=f"{count(out)} keluar, {count(len(moves) - out)} masuk; ditetapkan Gubernur (PP 11/2017 Pasal 192).",
    )


def regency_recommended(
    row: pd.Series | None,
    recs: pd.DataFrame | None,
    effect: pd.DataFrame | None,
    shortlists: pd.DataFrame | None,
    succession: pd.DataFrame | None,
    interregency: pd.DataFrame | None,
) -> tuple[str, list[TableView]]:
    n = 0 if recs is None else len(recs)
    lead = (
        f"{count(n)} mutasi diusulkan; semuanya memenuhi syarat mutasi (lateral, pendidikan, masa jabatan, "
        "hukuman disiplin, SKP, usia pensiun). Angka “sesudah” adalah proyeksi."
        if n
        else "Tidak ada mutasi yang diusulkan pada snapshot ini."
    )
    tables = [t for t in (plan_effect(effect), top_moves(recs)) if t is not None]
    tables += [shortlist_heads(shortlists), successor_heads(succession)]
    here = interregency_here(interregency)
    if here is not None:
        tables.append(here)
    return lead, tables


def province_recommended(
    totals: pd.Series | None, job_balance: pd.DataFrame | None, n: int = 5
) -> tuple[str, list[TableView]]:
    tables = []
    if totals is not None:
        rows = []
        for label, before, after, kind in (
            (
                "Kekurangan pegawai (orang)",
                "staffing_shortage_after_plans",
                "staffing_shortage_after_interregency",
                "count",
            ),
            (
                "Kelebihan pegawai (orang)",
                "staffing_surplus_after_plans",
                "staffing_surplus_after_interregency",
                "count",
            ),
            ("Cakupan calon jabatan pimpinan", "key_post_coverage_regency", "key_post_coverage_province", "pct"),
        ):
            if before in totals.index and after in totals.index:
                rows.append(
                    [
                        Cell(label),
                        Cell(format_value(num(totals[before]), kind), True),
                        Cell(format_value(num(totals[after]), kind), True),
                    ]
                )
        if rows:
            tables.append(
                TableView(
                    [STORY_COLUMNS["indicator"], "Sesudah Rencana Kabupaten/Kota", "Sesudah Mutasi Antar Daerah"],
                    rows,
                    total=len(rows),
                    title=STORY_LABELS["plan_effect"],
                    note="Cakupan calon: jabatan pimpinan terbuka yang punya calon dalam daftar kabupaten/kotanya "
                    "sendiri, dibanding dalam talent pool provinsi.",
                )
            )
    if job_balance is not None and not job_balance.empty and "balancing_potential" in job_balance.columns:
        frame = job_balance.assign(_p=pd.to_numeric(job_balance["balancing_potential"], errors="coerce"))
        frame = frame[frame["_p"] > 0].sort_values("_p", ascending=False, kind="stable")
        tables.append(
            _view(
                frame.head(n),
                [
                    ("job_family", "job_family", "text"),
                    ("position", "position_type", "text"),
                    ("surplus", "total_surplus", "count"),
                    ("shortage", "total_deficit", "count"),
                    ("potential", "balancing_potential", "count"),
                ],
                total=len(frame),
                title=STORY_LABELS["balancing_top"],
                empty="Tidak ada rumpun jabatan yang bisa diseimbangkan antar-kabupaten/kota.",
            )
        )
    moves = num(totals.get("interregency_moves")) if totals is not None else None
    lead = (
        f"{count(moves)} mutasi antar-kabupaten/kota diusulkan sesudah rencana internal tiap kabupaten/kota "
        "(tidak ada pegawai atau jabatan yang diusulkan dua kali). Nama pegawai hanya ada di paket terbatas "
        "BKD provinsi."
        if moves is not None
        else "Belum ada usulan mutasi antar-kabupaten/kota."
    )
    return lead, tables


# ---------------------------------------------------------------------------------------------- rotation


def rotation(row: pd.Series | None, not_moved: pd.DataFrame | None) -> tuple[str, list[TableView]]:
    lead = ""
    if row is not None:
        lead = (
            f"{count(row.get('due_for_rotation_count'))} pegawai sudah 5 tahun atau lebih di jabatannya "
            f"({pct(row.get('share_5y_in_post'))}); {count(row.get('eligible_pool'))} pegawai "
            f"({pct(row.get('eligible_share'))}) memenuhi semua syarat mutasi pada snapshot ini."
        )
        due = num(row.get("due_for_rotation_count"))
        if due is not None and not_moved is not None:
            lead += (
                f" Dari yang jatuh tempo, {count(max(due - len(not_moved), 0))} diusulkan pindah dan "
                f"{count(len(not_moved))} tidak, dengan alasan di bawah."
            )
    tables = []
    if not_moved is not None and not not_moved.empty and "reason_code" in not_moved.columns:
        counts = not_moved["reason_code"].astype(str).value_counts()
        frame = pd.DataFrame(
            {
                "reason": [NOT_MOVED_REASON_LABELS.get(k, k) for k in counts.index],
                "count": counts.to_numpy(),
            }
        ).sort_values(["count", "reason"], ascending=[False, True])
        tables.append(
            _view(
                frame,
                [("reason", "reason", "text"), ("count", "count", "count")],
                title=STORY_LABELS["rotation_reasons"],
                note="Per pegawai: lembar Jatuh Tempo Tidak Dipindah.",
            )
        )
    return lead, tables
