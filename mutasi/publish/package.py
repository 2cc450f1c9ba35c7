"""Regency and province packages: the files BKPSDM staff and the province open.

Pure functions of DataFrames: no warehouse access, no Dagster. The callers (the ``regency_packages`` and
``province_packages`` assets) read the marts and hand the frames over.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .. import __version__
from . import atomic, html_report, writers
from .formatting import date_text
from .labels import (
    ABOUT_SHEET,
    PROVINCE_TABLES,
    REGION_TABLES,
    STORY_COLUMNS,
    column_description,
    column_kind,
    column_label,
)
from .safety import (
    PublishError,
    assert_aggregates_only,
    assert_province_only,
    assert_region_only,
    neutralise_frame,
    neutralise_table,
    neutralise_value,
)

MANIFEST_FORMAT_VERSION = 1
HISTORY_TABLE = "scorecard_history"

# Columns a missing table gets, so every package has the same sheets and files.
REGION_DEFAULT_COLUMNS: dict[str, list[str]] = {
    "summary": [
        "region_code",
        "snapshot_date",
        "share_posts_grade_a",
        "share_posts_grade_e",
        "total_staffing_gap",
        "effectiveness_stddev",
        "mean_professionalism_index",
        "mean_job_fit",
        "share_5y_in_post",
        "eligible_pool",
        "data_quality_score",
        "recommended_moves",
        "composite_index",
    ],
    "mutation_recommendations": [
        "priority_rank",
        "nip",
        "from_position_code",
        "to_position_code",
        "move_kind",
        "reason_codes",
        "explanation",
        "job_fit_before",
        "job_fit_after",
        "ej_from_before",
        "ej_from_after",
        "ej_to_before",
        "ej_to_after",
        "training_needs",
    ],
    "position_workload": [
        "position_code",
        "position_name",
        "unit_code",
        "unit_name",
        "position_type",
        "workload_minutes",
        "required_staff",
        "required_headcount",
        "current_staff",
        "staffing_gap",
        "effectiveness",
        "grade",
    ],
    "employee_indices": [
        "nip",
        "name",
        "position_code",
        "professionalism_index",
        "professionalism_category",
        "job_fit_score",
        "talent_box",
    ],
    "training_needs": ["nip", "competency", "training_kind"],
    "data_quality": ["entity", "source_file", "rows_read", "rows_valid", "rows_quarantined", "status", "message"],
    "post_mutation_evaluation": ["nip", "from_position_code", "to_position_code", "move_kind"],
}
PROVINCE_DEFAULT_COLUMNS: dict[str, list[str]] = {
    "regencies": ["region_code", "region_name", "composite_index"],
    "totals": ["province_code"],
    "balancing_opportunities": ["job_family", "surplus_region_code", "deficit_region_code"],
    "job_balance": ["position_type", "job_family", "job_level", "balancing_potential", "interregency_moves"],
}

EMPTY_NOTES = {
    "mutation_recommendations": "Tidak ada mutasi yang direkomendasikan pada snapshot ini.",
    "training_needs": "Tidak ada kebutuhan pelatihan untuk rekomendasi pada snapshot ini.",
    "post_mutation_evaluation": "Belum ada mutasi yang terdeteksi di antara snapshot (atau baru ada satu snapshot).",
    "data_quality": "Tidak ada catatan kualitas data untuk snapshot ini.",
    "vacancy_shortlists": "Tidak ada jabatan kosong atau kekurangan pegawai yang dapat diisi calon yang memenuhi syarat.",
    "succession_candidates": "Tidak ada jabatan pimpinan yang kosong atau pejabatnya pensiun dalam horizon suksesi.",
    "unmapped_values": "Semua nilai ekspor dikenal peta nilai (atau data dikirim dalam bentuk kontrak).",
    "decision_form": "Tidak ada usulan mutasi yang perlu diputuskan pada snapshot ini.",
    "mutation_decisions": "Belum ada usulan mutasi sampai snapshot ini.",
    "evaluation_horizons": "Belum ada mutasi yang terjadi untuk dievaluasi.",
    "interregency_moves": "Tidak ada usulan mutasi antar-kabupaten/kota yang menyangkut daerah ini pada snapshot ini.",
    "balancing_opportunities": "Tidak ada peluang penyeimbangan antar-kabupaten/kota pada snapshot ini.",
    "job_balance": "Tidak ada jabatan yang kelebihan atau kekurangan pegawai pada snapshot ini.",
}

_REGION_CODE = re.compile(r"^\d{4}$")
_PROVINCE_CODE = re.compile(r"^\d{2}$")
_TABLE_KEY = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class PackageMeta:
    region_code: str
    region_name: str
    province_code: str
    province_name: str
    snapshot_date: str
    run_id: str
    params_version: str
    input_files: list[dict] = field(
        default_factory=list
    )  # {entity, source_file, sha256, rows_read, rows_valid, rows_quarantined}
    # marts.region_freshness of the region when published: {latest_accepted_snapshot, age_days,
    # freshness_days, is_stale}; None when unknown
    freshness: dict | None = None


# --------------------------------------------------------------------------------------------------
# Validation and preparation (nothing is written until all of this has passed)
# --------------------------------------------------------------------------------------------------


def _check_date(snapshot_date: str) -> str:
    text = str(snapshot_date)
    try:
        parsed = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise PublishError(f"Tanggal snapshot tidak sah (harus YYYY-MM-DD): {text!r}") from exc
    if parsed.isoformat() != text:
        raise PublishError(f"Tanggal snapshot tidak sah (harus YYYY-MM-DD): {text!r}")
    return text


def _check_tables(tables: dict[str, pd.DataFrame | None]) -> dict[str, pd.DataFrame]:
    if not isinstance(tables, dict):
        raise PublishError("tables harus berupa dict nama tabel -> DataFrame")
    out: dict[str, pd.DataFrame] = {}
    for key, frame in tables.items():
        if not isinstance(key, str) or not _TABLE_KEY.match(key):
            raise PublishError(f"Nama tabel tidak sah: {key!r} (huruf kecil, angka, garis bawah)")
        if frame is None:
            continue
        if not isinstance(frame, pd.DataFrame):
            raise PublishError(f"Tabel {key} bukan DataFrame: {type(frame).__name__}")
        if frame.columns.duplicated().any():
            raise PublishError(
                f"Tabel {key} memiliki nama kolom ganda: {list(frame.columns[frame.columns.duplicated()])}"
            )
        if isinstance(frame.index, pd.RangeIndex) or (frame.index.name is None and frame.index.nlevels == 1):
            frame = frame.reset_index(drop=True)
        else:
            frame = frame.reset_index()
        out[key] = frame
    return out


def _with_defaults(tables: dict[str, pd.DataFrame], defaults: dict[str, list[str]]) -> dict[str, pd.DataFrame]:
    """Known tables first, in their fixed order (missing ones empty), then any other table."""
    ordered = {}
    for key, columns in defaults.items():
        ordered[key] = tables[key] if key in tables else pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    for key, frame in tables.items():
        if key not in ordered:
            ordered[key] = frame
    return ordered


def _sheet_name(key: str, known: dict[str, tuple[str, str]], used: set[str]) -> str:
    base = known[key][0] if key in known else column_label(key)
    base = _BAD_SHEET_CHARS.sub("-", base).strip("'")[:31] or "Tabel"
    name, n = base, 2
    while name.lower() in used or name.lower() == ABOUT_SHEET.lower():
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def _normalise_history(history: pd.DataFrame | None, summary: pd.DataFrame, snapshot_date: str) -> pd.DataFrame | None:
    """History sorted by snapshot, with the current summary row included (replacing a stale copy)."""
    frames = []
    if history is not None and not history.empty:
        frames.append(history)
    if summary is not None and len(summary) == 1:
        current = summary.copy()
        if "snapshot_date" not in current.columns:
            current["snapshot_date"] = snapshot_date
        frames.append(current)
    if not frames:
        return history
    frame = pd.concat(frames, ignore_index=True, sort=False) if len(frames) > 1 else frames[0].copy()
    if "snapshot_date" not in frame.columns:
        return frame
    key = pd.to_datetime(frame["snapshot_date"], errors="coerce").dt.strftime("%Y-%m-%d")
    key = key.fillna(frame["snapshot_date"].astype(str))
    frame = frame.assign(_key=key).drop_duplicates("_key", keep="last").sort_values("_key")
    return frame.drop(columns="_key").reset_index(drop=True)


def _previous_row(history: pd.DataFrame | None, snapshot_date: str) -> tuple[pd.Series | None, str | None]:
    if history is None or history.empty or "snapshot_date" not in history.columns:
        return None, None
    dates = pd.to_datetime(history["snapshot_date"], errors="coerce")
    earlier = history[dates < pd.Timestamp(snapshot_date)]
    if earlier.empty:
        return None, None
    idx = dates[dates < pd.Timestamp(snapshot_date)].idxmax()
    return history.loc[idx], dates[idx].strftime("%Y-%m-%d")


# --------------------------------------------------------------------------------------------------
# Workbook sheets
# --------------------------------------------------------------------------------------------------


def _table_sheet(
    name: str, key: str, frame: pd.DataFrame, print_title: str, texts: dict[int, pa.Array] | None = None
) -> writers.TableSheet:
    columns = [str(c) for c in frame.columns]
    validations = {}
    if key == "decision_form" and "keputusan" in columns:
        validations[columns.index("keputusan")] = DECISION_DROPDOWN
    return writers.TableSheet(
        name=name,
        frame=frame,
        headers=[column_label(c) for c in columns],
        kinds=[column_kind(c, frame[c].dtype.kind) for c in frame.columns],
        print_title=f"{name} — {print_title}",
        empty_note=EMPTY_NOTES.get(key, "Tidak ada data."),
        validations=validations,
        texts=texts or {},
    )


#: the drop-down of the decision sheet: the values keputusan_mutasi accepts (validations/schemas.DECISIONS)
DECISION_DROPDOWN = {
    "type": "list",
    "values": ["disetujui", "ditolak", "ditunda"],
    "input_title": "Keputusan",
    "input_message": "Pilih disetujui, ditolak atau ditunda; kosongkan bila belum diputuskan.",
    "error_title": "Keputusan tidak dikenal",
    "error_message": "Pilih salah satu: disetujui, ditolak, ditunda.",
    "ignore_blank": True,
}


def _summary_sheet(
    name: str,
    summary: pd.DataFrame,
    meta: PackageMeta,
    previous: pd.Series | None,
    previous_date: str | None,
    print_title: str,
) -> writers.TableSheet:
    """The one-row scorecard turned on its side: one indicator per row, with the previous snapshot."""
    if len(summary) != 1:
        return _table_sheet(name, "summary", summary, print_title)
    row = summary.iloc[0]
    records: list[list[object]] = []
    kinds: list[str] = []
    change_kinds: list[str] = []
    for label, value in (
        ("Kabupaten/Kota", meta.region_name),
        ("Kode Wilayah", meta.region_code),
        ("Provinsi", meta.province_name),
        ("Tanggal Snapshot", date_text(meta.snapshot_date)),
        ("Snapshot Pembanding", date_text(previous_date) if previous_date else "(belum ada)"),
        ("ID Proses (Run)", meta.run_id),
        ("Versi Parameter", meta.params_version),
    ):
        records.append([label, neutralise_value(value), None, None, "", ""])
        kinds.append("text")
        change_kinds.append("text")
    for column in summary.columns:
        if column in html_report.IDENTITY_COLUMNS:
            continue
        value = row[column]
        kind = column_kind(column, summary[column].dtype.kind)
        prev = previous[column] if previous is not None and column in previous.index else None
        change = None
        try:
            if prev is not None and not pd.isna(prev) and not pd.isna(value) and not isinstance(value, str):
                change = float(value) - float(prev)
        except (TypeError, ValueError):
            change = None
        records.append([column_label(column), value, prev, change, column_description(column), column])
        kinds.append(kind)
        change_kinds.append("dec3" if kind in ("dec3",) else kind)
    frame = pd.DataFrame(records, columns=["indicator", "value", "previous_value", "change", "description", "column"])
    return writers.TableSheet(
        name=name,
        frame=frame,
        headers=[STORY_COLUMNS[k] for k in ("indicator", "value", "previous", "change", "description", "column_name")],
        kinds=["text", "text", "text", "text", "text", "text"],
        row_kinds={1: kinds, 2: kinds, 3: change_kinds},
        widths={0: 46, 1: 22, 2: 22, 3: 14, 4: 70, 5: 30},
        print_title=f"{name} — {print_title}",
    )


#: the first block of the Petunjuk sheet, the first sheet of the workbook (issue 18): how a BKPSDM officer
#: reads the package
HOW_TO_READ = (
    "Paket ini berisi hasil analisis data kepegawaian satu kabupaten/kota pada satu tanggal snapshot: beban kerja "
    "jabatan (ABK), indeks pegawai, usulan mutasi beserta dampaknya, dan kualitas data kiriman.",
    "Buka dulu scorecard.html (kartu skor) di folder paket ini: layar pertamanya menunjukkan angka utama, di mana "
    "masalahnya dan apa yang direkomendasikan.",
    "Lembar Ringkasan memuat semua angka kartu skor dengan nilai snapshot sebelumnya dan perubahannya.",
    "Setiap lembar tabel punya baris judul yang tetap terlihat dan filter di baris judul; isi tiap lembar dijelaskan "
    "di blok 'Isi lembar kerja' di bawah.",
    "Angka 'sesudah' pada usulan mutasi adalah proyeksi dengan anggapan semua usulan dilaksanakan, bukan keadaan "
    "nyata.",
    "Keputusan atas usulan diisi di lembar Keputusan Mutasi (disetujui/ditolak/ditunda, alasan, tanggal, yang "
    "memutuskan); simpan sebagai keputusan_mutasi.xlsx di folder pengiriman berikutnya.",
    "Berkas CSV dan Parquet memakai nama kolom bahasa Inggris untuk pengolah data; padanannya ada di blok "
    "'Daftar kolom' di bawah.",
    "Baris yang tidak lolos pemeriksaan tidak dipakai dan dicatat di lembar Baris Dikarantina beserta cara "
    "memperbaikinya di sumber.",
)


#: the same for the province packages (aggregates; no decision sheet)
PROVINCE_HOW_TO_READ = (
    "Paket ini berisi angka agregat (tanpa data pribadi pegawai) semua kabupaten/kota provinsi ini yang mengirim "
    "data untuk tanggal snapshot yang sama.",
    "Buka dulu scorecard.html (kartu skor provinsi) di folder paket ini: layar pertamanya menunjukkan angka "
    "utama, kabupaten/kota yang bermasalah dan usulan mutasi antar-kabupaten/kota.",
    "Setiap lembar tabel punya baris judul yang tetap terlihat dan filter di baris judul; isi tiap lembar dijelaskan "
    "di blok 'Isi lembar kerja' di bawah.",
    "Angka 'sesudah' adalah proyeksi dengan anggapan semua usulan dilaksanakan, bukan keadaan nyata.",
    "Berkas CSV dan Parquet memakai nama kolom bahasa Inggris untuk pengolah data; padanannya ada di blok "
    "'Daftar kolom' di bawah.",
)


#: the same for the restricted province package (restricted.py): named people, no scorecard of its own
RESTRICTED_HOW_TO_READ = (
    "Paket TERBATAS ini memuat data pribadi pegawai (NIP, nama) beberapa kabupaten/kota: usulan mutasi "
    "antar-kabupaten/kota dan talent pool provinsi. Hanya untuk BKD provinsi; baca juga BACA_DULU.txt.",
    "Paket ini tidak punya kartu skor sendiri: ringkasan angka provinsi ada di scorecard.html paket provinsi "
    "(folder province) dengan tanggal snapshot yang sama.",
    "Setiap lembar tabel punya baris judul yang tetap terlihat dan filter di baris judul; isi tiap lembar dijelaskan "
    "di blok 'Isi lembar kerja' di bawah.",
    "Angka 'sesudah' (misalnya Kecocokan Jabatan Sesudah) adalah proyeksi bila usulan dilaksanakan, bukan keadaan "
    "nyata; keputusan mutasi antar daerah ada pada Gubernur (PP 11/2017 Pasal 192).",
    "Berkas CSV dan Parquet memakai nama kolom bahasa Inggris untuk pengolah data; padanannya ada di blok "
    "'Daftar kolom' di bawah.",
)


def _about_sheet(
    info: list[tuple[str, object]],
    sheets: list[tuple[str, str, int]],
    input_files: list[dict],
    glossary: list[tuple[str, str, str]],
    how_to: Sequence[str] = HOW_TO_READ,
) -> writers.BlockSheet:
    """The Petunjuk sheet, placed first in the workbook by the callers: how to read the package, what it is
    made of, and every column with its Bahasa header, its file name and (where the glossary has one) its meaning."""
    files_rows = [
        [
            neutralise_value(f.get(k))
            for k in ("entity", "source_file", "sha256", "rows_read", "rows_valid", "rows_quarantined")
        ]
        for f in input_files
    ]
    columns = [[sheet, label, column, column_description(column)] for sheet, label, column in glossary]
    return writers.BlockSheet(
        name=ABOUT_SHEET,
        blocks=[
            ("Cara membaca paket ini", ["No.", "Petunjuk"], [[n, t] for n, t in enumerate(how_to, start=1)]),
            ("Informasi paket", ["Butir", "Nilai"], [[k, neutralise_value(v)] for k, v in info]),
            ("Isi lembar kerja", ["Lembar", "Isi", "Jumlah Baris"], [[a, b, c] for a, b, c in sheets]),
            (
                "Berkas masukan",
                ["Jenis Data", "Nama Berkas", "Checksum SHA-256", "Baris Dibaca", "Baris Valid", "Baris Dikarantina"],
                files_rows,
            ),
            ("Daftar kolom", ["Lembar", "Judul Kolom", "Nama Kolom (CSV/Parquet)", "Keterangan"], columns),
        ],
        widths=[34, 58, 66, 70, 14, 16],  # D: Keterangan of the column list (and Baris Dibaca of the files)
    )


SECURITY_NOTE = (
    "Teks yang diawali = + - @, tab atau CR diberi tanda petik tunggal (') di depannya agar tidak "
    "dijalankan sebagai rumus; angka tetap angka."
)


# --------------------------------------------------------------------------------------------------
# Writing a package (inside the atomic temp dir)
# --------------------------------------------------------------------------------------------------


#: decimals kept in the package's CSV and Parquet per kind of column (issue 18: a share to 4 decimals, EJ to 3,
#: minutes to whole numbers); anything else fractional to 4. The warehouse keeps full precision.
FILE_DECIMALS = {"pct": 4, "dec3": 3}
OTHER_DECIMALS = 4


def rounded_for_files(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its float columns rounded to what they mean (0.016666666666666663 -> 0.0167)."""
    out = frame.copy(deep=False)  # isetitem puts a new array in the copy; the frame's own stay as they are
    for position, (column, series) in enumerate(frame.items()):
        if series.dtype.kind != "f":
            continue
        name = str(column)
        decimals = 0 if name.endswith("_minutes") else FILE_DECIMALS.get(column_kind(name, "f"), OTHER_DECIMALS)
        out.isetitem(position, series.round(decimals))
    return out


def _write_tables(
    directory: Path, tables: dict[str, pd.DataFrame], texts: dict[str, dict[int, pa.Array]] | None = None
) -> None:
    """CSV and Parquet of every table; ``texts``: per table, the Arrow arrays of its text columns
    (safety.neutralise_table; rounding leaves text columns as they are)."""
    (directory / "csv").mkdir()
    (directory / "parquet").mkdir()
    for key, frame in tables.items():
        frame = rounded_for_files(frame)
        writers.write_csv(directory / "csv" / f"{key}.csv", frame, (texts or {}).get(key))
        writers.write_parquet(directory / "parquet" / f"{key}.parquet", frame)


def _file_entries(directory: Path) -> list[dict]:
    entries = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        relative = path.relative_to(directory).as_posix()
        entries.append({"path": relative, "bytes": path.stat().st_size, "sha256": writers.sha256_file(path)})
    return entries


def _package_files(tables: dict[str, pd.DataFrame], workbook: str) -> list[str]:
    files = [workbook, "scorecard.html"]
    for key in tables:
        files += [f"csv/{key}.csv", f"parquet/{key}.parquet"]
    return files


def _created_at() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def publish_region_package(
    outputs_root: Path, meta: PackageMeta, tables: dict[str, pd.DataFrame], history: pd.DataFrame | None = None
) -> Path:
    """Publish ``outputs_root/<region_code>/<snapshot_date>/`` atomically and return its path.

    Raises :class:`PublishError` (nothing written) when a table holds another region's rows, a table
    is not a DataFrame, or the region code / snapshot date are not valid.
    """
    if not _REGION_CODE.match(str(meta.region_code)):
        raise PublishError(f"Kode wilayah tidak sah (4 angka Kemendagri tanpa titik): {meta.region_code!r}")
    snapshot_date = _check_date(meta.snapshot_date)
    checked = _check_tables(dict(tables))
    if history is not None and not isinstance(history, pd.DataFrame):
        raise PublishError("history harus DataFrame atau None")
    if HISTORY_TABLE in checked:
        raise PublishError(f"Nama tabel {HISTORY_TABLE} dipakai untuk riwayat; serahkan lewat argumen history")
    history_checked = _check_tables({HISTORY_TABLE: history})
    assert_region_only({**checked, **history_checked}, meta.region_code)

    raw = _with_defaults(checked, REGION_DEFAULT_COLUMNS)
    history_frame = _normalise_history(history_checked.get(HISTORY_TABLE), raw["summary"], snapshot_date)
    if history_frame is not None:
        raw[HISTORY_TABLE] = history_frame
    safe: dict[str, pd.DataFrame] = {}
    neutralised: dict[str, int] = {}
    texts: dict[str, dict[int, pa.Array]] = {}
    for key, frame in raw.items():
        safe[key], neutralised[key], texts[key] = neutralise_table(frame)
    safe_meta = replace(
        meta,
        **{f: neutralise_value(getattr(meta, f)) for f in ("region_name", "province_name", "run_id", "params_version")},
        input_files=[{k: neutralise_value(v) for k, v in f.items()} for f in meta.input_files],
    )
    previous, previous_date = _previous_row(safe.get(HISTORY_TABLE), snapshot_date)

    created_at = _created_at()
    workbook_name = f"paket_{meta.region_code}_{snapshot_date}.xlsx"
    print_title = f"{safe_meta.region_name} ({meta.region_code}) — snapshot {date_text(snapshot_date)}"
    used: set[str] = set()
    sheets: list[writers.TableSheet | writers.BlockSheet] = []
    sheet_of: dict[str, str] = {}
    glossary: list[tuple[str, str, str]] = []
    for key, frame in safe.items():
        name = _sheet_name(key, REGION_TABLES, used)
        sheet_of[key] = name
        if key == "summary":
            sheets.append(_summary_sheet(name, frame, safe_meta, previous, previous_date, print_title))
        else:
            sheets.append(_table_sheet(name, key, frame, print_title, texts[key]))
        glossary += [(name, column_label(c), str(c)) for c in frame.columns]
    info = [
        ("Kabupaten/Kota", safe_meta.region_name),
        ("Kode Wilayah", meta.region_code),
        ("Provinsi", f"{safe_meta.province_name} ({meta.province_code})"),
        ("Tanggal Snapshot", date_text(snapshot_date)),
        ("ID Proses (Run)", safe_meta.run_id),
        ("Versi Parameter", safe_meta.params_version),
        ("Dibuat (UTC)", created_at),
        ("Perangkat Lunak", f"mutasi {__version__}"),
        ("Cakupan", f"Hanya data {safe_meta.region_name}; jangan digabung dengan data daerah lain."),
        ("Keamanan", SECURITY_NOTE),
    ]
    sheet_rows = [(sheet_of[k], (REGION_TABLES.get(k) or ("", "Tabel tambahan."))[1], len(f)) for k, f in safe.items()]
    sheets.insert(0, _about_sheet(info, sheet_rows, safe_meta.input_files, glossary))
    properties = {
        "title": f"Paket kepegawaian {safe_meta.region_name} {snapshot_date}",
        "subject": "Analisis beban kerja, indeks pegawai dan rekomendasi mutasi",
        "author": "mutasi",
        "comments": f"run {safe_meta.run_id}; parameter {safe_meta.params_version}",
        "created": dt.datetime.fromisoformat(created_at).replace(tzinfo=None),
    }

    final = Path(outputs_root) / meta.region_code / snapshot_date
    with atomic.atomic_directory(final) as tmp:
        _write_tables(tmp, safe, texts)
        writers.write_workbook(tmp / workbook_name, sheets, properties)
        html = html_report.render_region_html(
            meta=safe_meta,
            tables=safe,
            history=safe.get(HISTORY_TABLE),
            previous=previous,
            previous_date=previous_date,
            created_at=created_at,
            files=_package_files(safe, workbook_name),
            version=__version__,
        )
        writers.write_text(tmp / "scorecard.html", html)
        manifest = {
            "format_version": MANIFEST_FORMAT_VERSION,
            "package": "region",
            "run_id": meta.run_id,
            "params_version": meta.params_version,
            "region": {
                "code": meta.region_code,
                "name": meta.region_name,
                "province_code": meta.province_code,
                "province_name": meta.province_name,
            },
            "snapshot_date": snapshot_date,
            "created_at": created_at,
            "generator": f"mutasi {__version__}",
            "input_files": [dict(f) for f in meta.input_files],
            "data_freshness": meta.freshness,
            "tables": _table_entries(safe, sheet_of, neutralised),
            "workbook": workbook_name,
            "scorecard": "scorecard.html",
            "files": _file_entries(tmp),
        }
        writers.write_json(tmp / "manifest.json", manifest)
    return final


def _table_entries(tables: dict[str, pd.DataFrame], sheet_of: dict[str, str], neutralised: dict[str, int]) -> dict:
    return {
        key: {
            "rows": int(len(frame)),
            "columns": [str(c) for c in frame.columns],
            "sheet": sheet_of[key],
            "csv": f"csv/{key}.csv",
            "parquet": f"parquet/{key}.parquet",
            "neutralised_cells": int(neutralised.get(key, 0)),
        }
        for key, frame in tables.items()
    }


# --------------------------------------------------------------------------------------------------
# Province
# --------------------------------------------------------------------------------------------------


def _rank_regencies(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``composite_rank`` (1 = highest composite index) when the table has no rank yet; sort by rank."""
    if frame.empty or "composite_index" not in frame.columns:
        return frame
    rank_col = next((c for c in ("composite_rank", "rank") if c in frame.columns), None)
    out = frame.copy()
    if rank_col is None:
        rank = pd.to_numeric(out["composite_index"], errors="coerce").rank(ascending=False, method="min")
        rank_col = "composite_rank"
        position = list(out.columns).index("region_name") + 1 if "region_name" in out.columns else 0
        out.insert(position, rank_col, rank.astype("Int64"))
    return out.sort_values(rank_col, na_position="last", kind="stable").reset_index(drop=True)


def publish_province_package(
    outputs_root: Path,
    province_code: str,
    province_name: str,
    snapshot_date: str,
    run_id: str,
    params_version: str,
    tables: dict[str, pd.DataFrame],
) -> Path:
    """Publish ``outputs_root/province/<province_code>/<snapshot_date>/`` (aggregates only) atomically.

    Raises :class:`PublishError` (nothing written) when a table has a person-level column (``nip``,
    ``name`` …) or an NIP value, or a region of another province.
    """
    province_code = str(province_code)
    if not _PROVINCE_CODE.match(province_code):
        raise PublishError(f"Kode provinsi tidak sah (2 angka): {province_code!r}")
    snapshot_date = _check_date(snapshot_date)
    checked = _check_tables(dict(tables))
    assert_aggregates_only(checked)
    assert_province_only(checked, province_code)

    raw = _with_defaults(checked, PROVINCE_DEFAULT_COLUMNS)
    raw["regencies"] = _rank_regencies(raw["regencies"])
    safe: dict[str, pd.DataFrame] = {}
    neutralised: dict[str, int] = {}
    for key, frame in raw.items():
        safe[key], neutralised[key] = neutralise_frame(frame)
    safe_name = neutralise_value(province_name)
    safe_run, safe_params = neutralise_value(run_id), neutralise_value(params_version)

    created_at = _created_at()
    workbook_name = f"paket_provinsi_{province_code}_{snapshot_date}.xlsx"
    print_title = f"Provinsi {safe_name} ({province_code}) — snapshot {date_text(snapshot_date)}"
    used: set[str] = set()
    sheets: list[writers.TableSheet | writers.BlockSheet] = []
    sheet_of: dict[str, str] = {}
    glossary: list[tuple[str, str, str]] = []
    for key, frame in safe.items():
        name = _sheet_name(key, PROVINCE_TABLES, used)
        sheet_of[key] = name
        sheets.append(_table_sheet(name, key, frame, print_title))
        glossary += [(name, column_label(c), str(c)) for c in frame.columns]
    info = [
        ("Provinsi", f"{safe_name} ({province_code})"),
        ("Tanggal Snapshot", date_text(snapshot_date)),
        ("ID Proses (Run)", safe_run),
        ("Versi Parameter", safe_params),
        ("Dibuat (UTC)", created_at),
        ("Perangkat Lunak", f"mutasi {__version__}"),
        ("Cakupan", "Hanya angka agregat per kabupaten/kota; tidak memuat data pribadi pegawai."),
        ("Keamanan", SECURITY_NOTE),
    ]
    sheet_rows = [
        (sheet_of[k], (PROVINCE_TABLES.get(k) or ("", "Tabel tambahan."))[1], len(f)) for k, f in safe.items()
    ]
    sheets.insert(0, _about_sheet(info, sheet_rows, [], glossary, PROVINCE_HOW_TO_READ))
    properties = {
        "title": f"Konsolidasi provinsi {safe_name} {snapshot_date}",
        "author": "mutasi",
        "comments": f"run {safe_run}; parameter {safe_params}",
        "created": dt.datetime.fromisoformat(created_at).replace(tzinfo=None),
    }

    final = Path(outputs_root) / "province" / province_code / snapshot_date
    with atomic.atomic_directory(final) as tmp:
        _write_tables(tmp, safe)
        writers.write_workbook(tmp / workbook_name, sheets, properties)
        html = html_report.render_province_html(
            province_code=province_code,
            province_name=safe_name,
            snapshot_date=snapshot_date,
            run_id=safe_run,
            params_version=safe_params,
            tables=safe,
            created_at=created_at,
            files=_package_files(safe, workbook_name),
            version=__version__,
        )
        writers.write_text(tmp / "scorecard.html", html)
        manifest = {
            "format_version": MANIFEST_FORMAT_VERSION,
            "package": "province",
            "run_id": run_id,
            "params_version": params_version,
            "province": {"code": province_code, "name": province_name},
            "snapshot_date": snapshot_date,
            "created_at": created_at,
            "generator": f"mutasi {__version__}",
            "tables": _table_entries(safe, sheet_of, neutralised),
            "workbook": workbook_name,
            "scorecard": "scorecard.html",
            "files": _file_entries(tmp),
        }
        writers.write_json(tmp / "manifest.json", manifest)
    return final
