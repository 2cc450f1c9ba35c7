"""The generator speaks the real shapes too (`mutasi generate --format siasn`): the employee file as a
BKN SIASN "data utama" export and the positions and tasks as an ANJAB/ABK application's export, in the
spellings of ../shared/reference/siasn.md, under their own file names. The other entities (assessments,
SKP, training, ...) keep the contract form: they come from other sources joined through the NIP.

The same snapshot in contract form and in this form hold the same facts: read through the shipped
presets they give the same clean rows, except that a post's key is SIASN's (UNOR ID, JABATAN ID) pair
(`siasn_position_key`) instead of the contract code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .damage import DamagePlan
from .writers import _atomic_write, render_text

FILE_NAMES = {
    "pegawai": "DATA_UTAMA_PNS_{code}.xlsx",
    "jabatan": "ANJAB_JABATAN_{code}.xlsx",
    "uraian_tugas": "ABK_URAIAN_TUGAS_{code}.xlsx",
}
SIASN_ENTITIES = tuple(FILE_NAMES)

GOLONGAN_ID = {
    f"{g}/{r}": f"{gi}{ri}"
    for gi, g in enumerate(("I", "II", "III", "IV"), start=1)
    for ri, r in enumerate("abcde", start=1)
    if not (g != "IV" and r == "e")
}
EDUCATION = {  # contract level -> (BKN TINGKAT PENDIDIKAN ID, NAMA, prefix of PENDIDIKAN NAMA)
    "SD": ("05", "SD", ""),
    "SMP": ("10", "SLTP", ""),
    "SMA": ("15", "SLTA", ""),
    "D1": ("20", "Diploma I", "D-I"),
    "D2": ("25", "Diploma II", "D-II"),
    "D3": ("30", "Diploma III/Sarjana Muda", "D-III"),
    "D4": ("35", "Diploma IV", "D-IV"),
    "S1": ("40", "S-1/Sarjana", "S-1"),
    "S2": ("45", "S-2", "S-2"),
    "S3": ("50", "S-3/Doktor", "S-3"),
}
JOB_TYPE = {  # contract jenis_jabatan -> (SIASN JENIS JABATAN ID, NAMA, ANJAB enum)
    "JPT": ("1", "Jabatan Struktural", "setruktural"),
    "administrator": ("1", "Jabatan Struktural", "setruktural"),
    "pengawas": ("1", "Jabatan Struktural", "setruktural"),
    "fungsional": ("2", "Jabatan Fungsional Tertentu", "fungsional"),
    "pelaksana": ("4", "Jabatan Pelaksana", "pelaksana"),
}
FRONT_TITLES = re.compile(r"^((?:Dr|dr|drg|drh|H|Hj|Ir|Prof|Drs|Dra)\.\s+)+")


def national_position_id(name: str, jenjang: str) -> str:
    """SIASN's JABATAN ID: a national reference, the same for every unit that has this job."""
    return hashlib.sha1(f"{name}|{jenjang}".encode()).hexdigest()[:16]


def siasn_position_key(jabatan: pd.DataFrame) -> dict[str, str]:
    """contract kode_jabatan -> the key the presets build: '<UNOR ID>-<JABATAN ID>'."""
    return {
        k: f"{u}-{national_position_id(n, j or '')}"
        for k, u, n, j in zip(
            jabatan["kode_jabatan"], jabatan["kode_unit"], jabatan["nama_jabatan"], jabatan["jenjang"]
        )
    }


def _eselon(jenis: str, kelas: int) -> str:
    if jenis == "JPT":
        return "II.a" if kelas >= 15 else "II.b"
    if jenis == "administrator":
        return "III.a" if kelas >= 12 else "III.b"
    if jenis == "pengawas":
        return "IV.a"
    return ""


def _split_name(full: str) -> tuple[str, str, str]:
    """'Dr. dr. Budi Santoso, Sp.A' -> ('Dr. dr.', 'Budi Santoso', 'Sp.A')."""
    front = FRONT_TITLES.match(full)
    depan = front.group(0).strip() if front else ""
    rest = full[front.end() :] if front else full
    nama, _, belakang = rest.partition(", ")
    return depan, nama, belakang


def _positions(jabatan: pd.DataFrame) -> pd.DataFrame:
    pos = jabatan.copy()
    pos["jabatan_id"] = [national_position_id(n, j or "") for n, j in zip(pos["nama_jabatan"], pos["jenjang"])]
    pos["eselon"] = [_eselon(j, int(k)) for j, k in zip(pos["jenis_jabatan"], pos["kelas_jabatan"])]
    return pos.set_index("kode_jabatan")


def siasn_pegawai(text: pd.DataFrame, jabatan: pd.DataFrame, region_name: str) -> pd.DataFrame:
    """The employee table (rendered text, damage included) as SIASN's data utama columns."""
    pos = _positions(jabatan)
    parent = {u: u.rsplit(".", 1)[0] for u in pos["kode_unit"]}
    names = [_split_name(n) for n in text["nama"]]
    known = text["kode_jabatan"].isin(pos.index).to_numpy()
    at = pos.reindex(text["kode_jabatan"])
    edu = [EDUCATION.get(e, ("", e, "")) for e in text["pendidikan_tingkat"]]
    kind = [JOB_TYPE.get(j, ("", "", "")) for j in at["jenis_jabatan"].fillna("")]
    status = {"PNS": "P", "CPNS": "C"}
    gol = text["golongan"].astype(str)
    unit = np.where(
        known, at["kode_unit"].fillna("").to_numpy(dtype=object), text["kode_jabatan"].to_numpy(dtype=object)
    )
    return pd.DataFrame(
        {
            "PNS ID": [hashlib.md5(f"pns:{n}".encode()).hexdigest() for n in text["nip"]],
            "NIP BARU": text["nip"].to_numpy(),
            "NIP LAMA": "",
            "NAMA": [n[1] for n in names],
            "GELAR DEPAN": [n[0] for n in names],
            "GELAR BLK": [n[2] for n in names],
            "TANGGAL LAHIR": text["tanggal_lahir"].to_numpy(),
            "JENIS KELAMIN": text["jenis_kelamin"].map({"L": "M", "P": "F"}).fillna(text["jenis_kelamin"]).to_numpy(),
            "STATUS CPNS PNS": text["status_kepegawaian"].map(status).fillna(text["status_kepegawaian"]).to_numpy(),
            "TMT CPNS": text["tmt_cpns"].to_numpy(),
            "GOL AKHIR ID": [GOLONGAN_ID.get(g, "") for g in gol],
            "GOL AKHIR NAMA": gol.to_numpy(),
            "JENIS JABATAN ID": [k[0] for k in kind],
            "JENIS JABATAN NAMA": [k[1] for k in kind],
            "ESELON": at["eselon"].fillna("").to_numpy(),
            "JABATAN ID": np.where(known, at["jabatan_id"].fillna("").to_numpy(dtype=object), "0"),
            "JABATAN NAMA": at["nama_jabatan"].fillna("").to_numpy(),
            "TMT JABATAN": text["tmt_jabatan"].to_numpy(),
            "TINGKAT PENDIDIKAN ID": [e[0] for e in edu],
            "TINGKAT PENDIDIKAN NAMA": [e[1] for e in edu],
            "PENDIDIKAN NAMA": [
                f"{e[2]} {j}".strip() if j else "" for e, j in zip(edu, text["pendidikan_jurusan"].fillna(""))
            ],
            "UNOR ID": unit,
            "UNOR NAMA": at["nama_unit"].fillna("").to_numpy(),
            "UNOR INDUK ID": [parent.get(u, "") for u in unit],
            "INSTANSI INDUK NAMA": f"Pemerintah {region_name}",
        }
    )


def anjab_jabatan(text: pd.DataFrame, jabatan: pd.DataFrame) -> pd.DataFrame:
    pos = _positions(jabatan)
    at = pos.reindex(text["kode_jabatan"])
    edu = {k: v[1] for k, v in EDUCATION.items()}
    return pd.DataFrame(
        {
            "ID JABATAN ANJAB": [f"ANJ-{i + 1:05d}" for i in range(len(text))],
            "UNOR ID": text["kode_unit"].to_numpy(),
            "UNOR NAMA": text["nama_unit"].to_numpy(),
            "JABATAN ID": at["jabatan_id"].to_numpy(),
            "NAMA JABATAN": text["nama_jabatan"].to_numpy(),
            "JENIS JABATAN": [JOB_TYPE.get(j, ("", "", j))[2] for j in text["jenis_jabatan"]],
            "ESELON": at["eselon"].to_numpy(),
            "JENJANG": text["jenjang"].to_numpy(),
            "KELAS JABATAN": text["kelas_jabatan"].to_numpy(),
            "RUMPUN JABATAN": text["rumpun"].to_numpy(),
            "SYARAT PENDIDIKAN": [edu.get(e, e) for e in text["pendidikan_minimal"]],
            "SYARAT JURUSAN": text["jurusan_syarat"].to_numpy(),
            "STANDAR KOMPETENSI TEKNIS": text["target_teknis"].to_numpy(),
            "STANDAR KOMPETENSI MANAJERIAL": text["target_manajerial"].to_numpy(),
            "STANDAR KOMPETENSI SOSIOKULTURAL": text["target_sosiokultural"].to_numpy(),
        }
    )


def abk_uraian_tugas(text: pd.DataFrame, jabatan: pd.DataFrame) -> pd.DataFrame:
    pos = _positions(jabatan)
    at = pos.reindex(text["kode_jabatan"])
    return pd.DataFrame(
        {
            "UNOR ID": at["kode_unit"].to_numpy(),
            "JABATAN ID": at["jabatan_id"].to_numpy(),
            "NAMA JABATAN": at["nama_jabatan"].to_numpy(),
            "URAIAN TUGAS": text["uraian_tugas"].to_numpy(),
            "SATUAN HASIL": text["satuan_hasil"].to_numpy(),
            "BEBAN KERJA": text["volume_per_tahun"].to_numpy(),
            "WAKTU PENYELESAIAN (MENIT)": text["norma_waktu_menit"].to_numpy(),
        }
    )


TITLES = {
    "pegawai": "DATA UTAMA PNS",
    "jabatan": "ANALISIS JABATAN - DAFTAR JABATAN",
    "uraian_tugas": "ANALISIS BEBAN KERJA - URAIAN TUGAS",
}
TITLE_ROWS = 4  # title, instansi, date, an empty row; the header is row 5


def write_siasn(
    folder: Path,
    code: str,
    entity: str,
    table: pd.DataFrame,
    plan: DamagePlan,
    jabatan: pd.DataFrame,
    region_name: str,
    snapshot: dt.date,
) -> tuple[Path, int, int]:
    """Write one of the three SIASN/ANJAB files. Returns (path, rows written, 1-based header row)."""
    import xlsxwriter

    text = render_text(table, plan, "dd-mm-yyyy")
    if entity == "pegawai":
        out = siasn_pegawai(text, jabatan, region_name)
    elif entity == "jabatan":
        out = anjab_jabatan(text, jabatan)
    else:
        out = abk_uraian_tugas(text, jabatan)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    stamp = dt.datetime(snapshot.year, snapshot.month, snapshot.day, 7, 0, 0)
    wb.set_properties(
        {"created": stamp, "author": "SIASN" if entity == "pegawai" else "e-ANJAB", "title": TITLES[entity]}
    )
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet("Sheet1" if entity == "pegawai" else "Data")
    ws.write_string(0, 0, TITLES[entity], bold)
    ws.write_string(1, 0, f"INSTANSI: PEMERINTAH {region_name.upper()}")
    ws.write_string(2, 0, f"Keadaan per {snapshot.strftime('%d-%m-%Y')}")
    ws.write_row(TITLE_ROWS, 0, list(out.columns), bold)
    for r, row in enumerate(out.itertuples(index=False), start=TITLE_ROWS + 1):
        ws.write_row(r, 0, ["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in row])
    wb.close()
    path = folder / FILE_NAMES[entity].format(code=code)
    _atomic_write(path, buf.getvalue())
    return path, len(out), TITLE_ROWS + 1
