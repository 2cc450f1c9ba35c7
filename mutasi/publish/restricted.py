"""The restricted province package (issue 17): the named inter-regency moves and the provincial talent pool,
for the provincial BKD only, under ``outputs/terbatas/province/<province>/<date>/``.

Why a folder of its own at the top of ``outputs/`` and not inside the public province package: the public
package is replaced as a whole at each publication (atomic.py), and a deployment protects one folder
(``outputs/terbatas/``) with one permission instead of a sub-folder in every public one. The public province
package stays aggregates only; a regency package shows only its own side of the inter-regency moves
(marts.interregency_moves_by_regency).

A pure function of DataFrames, like package.py: workbook, CSV, Parquet and a manifest saying who may read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pandas as pd

from .. import __version__
from . import atomic, writers
from .formatting import date_text
from .labels import RESTRICTED_TABLES, column_label
from .package import (
    _PROVINCE_CODE,
    MANIFEST_FORMAT_VERSION,
    RESTRICTED_HOW_TO_READ,
    SECURITY_NOTE,
    _about_sheet,
    _check_date,
    _check_tables,
    _created_at,
    _file_entries,
    _sheet_name,
    _table_entries,
    _table_sheet,
    _write_tables,
)
from .safety import PublishError, RegionIsolationError, assert_province_only, neutralise_frame, neutralise_value

RESTRICTED_ROOT = "terbatas"
ACCESS_NOTE = (
    "TERBATAS: memuat data pribadi pegawai beberapa kabupaten/kota (NIP, nama). Hanya untuk BKD provinsi "
    "sebagai bahan pertimbangan Gubernur (PP 11/2017 Pasal 192); jangan dibagikan ke kabupaten/kota atau publik."
)
#: the tables of the restricted package and their columns when absent
RESTRICTED_DEFAULT_COLUMNS = {
    "interregency_recommendations": ["priority_rank", "nip", "from_region_code", "to_region_code", "explanation"],
    "provincial_talent_pool": ["region_code", "position_code", "candidate_rank", "nip", "candidate_region_code"],
}
EMPTY_NOTES = {
    "interregency_recommendations": "Tidak ada usulan mutasi antar-kabupaten/kota pada snapshot ini "
    "(provinsi dengan satu kabupaten/kota, atau tidak ada kelebihan yang bertemu kekurangan).",
    "provincial_talent_pool": "Tidak ada jabatan pimpinan yang kosong atau pejabatnya pensiun dalam horizon suksesi.",
}


def restricted_path(outputs_root: Path, province_code: str, snapshot_date: str) -> Path:
    return Path(outputs_root) / RESTRICTED_ROOT / "province" / province_code / snapshot_date


def publish_restricted_province_package(
    outputs_root: Path,
    province_code: str,
    province_name: str,
    snapshot_date: str,
    run_id: str,
    params_version: str,
    tables: dict[str, pd.DataFrame],
) -> Path:
    """Publish ``outputs_root/terbatas/province/<province_code>/<snapshot_date>/`` atomically. Raises
    :class:`RegionIsolationError` (nothing written) when a row names a regency of another province."""
    province_code = str(province_code)
    if not _PROVINCE_CODE.match(province_code):
        raise PublishError(f"Kode provinsi tidak sah (2 angka): {province_code!r}")
    snapshot_date = _check_date(snapshot_date)
    checked = _check_tables(dict(tables))
    assert_province_only(checked, province_code)
    for key, columns in RESTRICTED_DEFAULT_COLUMNS.items():
        frame = checked.get(key)
        if frame is None or (len(frame.columns) == 0):
            checked[key] = pd.DataFrame(columns=columns)
    safe, neutralised = {}, {}
    for key, frame in checked.items():
        safe[key], neutralised[key] = neutralise_frame(frame)
    safe_name = neutralise_value(province_name)
    created_at = _created_at()
    workbook_name = f"paket_terbatas_provinsi_{province_code}_{snapshot_date}.xlsx"
    print_title = f"TERBATAS — Provinsi {safe_name} ({province_code}) — snapshot {date_text(snapshot_date)}"
    used: set[str] = set()
    sheets, sheet_of, glossary = [], {}, []
    for key, frame in safe.items():
        name = _sheet_name(key, RESTRICTED_TABLES, used)
        sheet_of[key] = name
        sheet = _table_sheet(name, key, frame, print_title)
        if key in EMPTY_NOTES:
            sheet = replace(sheet, empty_note=EMPTY_NOTES[key])
        sheets.append(sheet)
        glossary += [(name, column_label(c), str(c)) for c in frame.columns]
    info = [
        ("Akses", ACCESS_NOTE),
        ("Provinsi", f"{safe_name} ({province_code})"),
        ("Tanggal Snapshot", date_text(snapshot_date)),
        ("ID Proses (Run)", neutralise_value(run_id)),
        ("Versi Parameter", neutralise_value(params_version)),
        ("Dibuat (UTC)", created_at),
        ("Perangkat Lunak", f"mutasi {__version__}"),
        ("Keamanan", SECURITY_NOTE),
    ]
    rows = [(sheet_of[k], (RESTRICTED_TABLES.get(k) or ("", "Tabel tambahan."))[1], len(f)) for k, f in safe.items()]
    sheets.insert(0, _about_sheet(info, rows, [], glossary, RESTRICTED_HOW_TO_READ))
    properties = {
        "title": f"TERBATAS: usulan mutasi antar-kabupaten/kota dan talent pool provinsi {safe_name} {snapshot_date}",
        "author": "mutasi",
        "comments": ACCESS_NOTE,
        "created": dt.datetime.fromisoformat(created_at).replace(tzinfo=None),
    }
    final = restricted_path(outputs_root, province_code, snapshot_date)
    with atomic.atomic_directory(final) as tmp:
        _write_tables(tmp, safe)
        writers.write_workbook(tmp / workbook_name, sheets, properties)
        (tmp / "BACA_DULU.txt").write_text(ACCESS_NOTE + "\n", "utf-8")
        manifest = {
            "format_version": MANIFEST_FORMAT_VERSION,
            "package": "province_restricted",
            "access": "restricted",
            "access_note": ACCESS_NOTE,
            "audience": "BKD provinsi",
            "run_id": run_id,
            "params_version": params_version,
            "province": {"code": province_code, "name": province_name},
            "snapshot_date": snapshot_date,
            "created_at": created_at,
            "generator": f"mutasi {__version__}",
            "tables": _table_entries(safe, sheet_of, neutralised),
            "workbook": workbook_name,
            "files": _file_entries(tmp),
        }
        writers.write_json(tmp / "manifest.json", manifest)
    return final


__all__ = ["RegionIsolationError", "publish_restricted_province_package", "restricted_path", "RESTRICTED_ROOT"]
