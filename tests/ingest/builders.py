"""Tiny valid extracts built in tests, to be damaged one way at a time."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

SNAPSHOT = "2026-11-01"

JABATAN = pd.DataFrame(
    {
        "kode_jabatan": ["J1", "J2"],
        "nama_jabatan": ["Pengolah Data", "Analis Kebijakan Ahli Muda"],
        "kode_unit": ["U1", "U1"],
        "nama_unit": ["BKPSDM", "BKPSDM"],
        "jenis_jabatan": ["pelaksana", "fungsional"],
        "jenjang": ["", "ahli muda"],
        "kelas_jabatan": ["6", "9"],
        "rumpun": ["administrasi", "perencanaan"],
        "pendidikan_minimal": ["SMA", "S1"],
        "jurusan_syarat": ["", ""],
        "target_teknis": ["2", "3"],
        "target_manajerial": ["1", "2"],
        "target_sosiokultural": ["2", "2"],
    }
)
URAIAN = pd.DataFrame(
    {
        "kode_jabatan": ["J1", "J2"],
        "uraian_tugas": ["Mengolah data", "Menyusun kajian"],
        "satuan_hasil": ["dokumen", "laporan"],
        "volume_per_tahun": ["1200", "40"],
        "norma_waktu_menit": ["45", "900"],
    }
)
_PEOPLE = [  # (birth, cpns yyyymm, sex, golongan, education, position, tmt_jabatan)
    ("19860926", "201505", "L", "III/a", "S1", "J1", "2020-01-01"),
    ("19900115", "201903", "P", "III/b", "S1", "J2", "2021-06-01"),
    ("19800101", "200501", "L", "III/c", "S2", "J2", "2018-02-01"),
    ("19750312", "199903", "P", "III/d", "S1", "J1", "2016-07-01"),
    ("19881120", "201202", "L", "III/a", "S1", "J1", "2019-01-01"),
    ("19920704", "201812", "P", "II/c", "D3", "J1", "2022-03-01"),
    ("19700228", "199601", "L", "IV/a", "S2", "J2", "2015-01-01"),
    ("19830509", "200803", "P", "III/b", "S1", "J2", "2017-09-01"),
    ("19950817", "202001", "L", "II/a", "SMA", "J1", "2023-01-01"),
    ("19781030", "200312", "P", "III/c", "S1", "J1", "2014-05-01"),
]
PEGAWAI = pd.DataFrame(
    {
        "nip": [f"{b}{c}{'1' if s == 'L' else '2'}{i + 1:03d}" for i, (b, c, s, *_) in enumerate(_PEOPLE)],
        "nama": [f"Pegawai {i + 1}" for i in range(len(_PEOPLE))],
        "tanggal_lahir": [f"{b[:4]}-{b[4:6]}-{b[6:]}" for b, *_ in _PEOPLE],
        "jenis_kelamin": [p[2] for p in _PEOPLE],
        "status_kepegawaian": ["PNS"] * len(_PEOPLE),
        "golongan": [p[3] for p in _PEOPLE],
        "tmt_cpns": [f"{c[:4]}-{c[4:]}-01" for _, c, *_ in _PEOPLE],
        "pendidikan_tingkat": [p[4] for p in _PEOPLE],
        "pendidikan_jurusan": [""] * len(_PEOPLE),
        "kode_jabatan": [p[5] for p in _PEOPLE],
        "tmt_jabatan": [p[6] for p in _PEOPLE],
    }
)


def write_snapshot(landing: Path, region: str = "6171", snapshot: str = SNAPSHOT, **overrides) -> Path:
    """Write the three required entities as UTF-8 CSV; `overrides` replace a frame (None = no file)."""
    folder = landing / region / snapshot
    folder.mkdir(parents=True, exist_ok=True)
    frames = {"jabatan": JABATAN, "uraian_tugas": URAIAN, "pegawai": PEGAWAI, **overrides}
    for entity, frame in frames.items():
        if frame is not None:
            frame.to_csv(folder / f"{entity}.csv", index=False)
    return folder


ASESMEN = pd.DataFrame(
    {
        "nip": PEGAWAI["nip"].tolist(),
        "tanggal_asesmen": ["2025-03-01"] * 10,
        "kompetensi_teknis": ["3", "2", "4", "3", "3", "2", "4", "3", "2", "3"],
        "kompetensi_manajerial": ["2", "2", "3", "2", "2", "1", "4", "3", "1", "2"],
        "kompetensi_sosiokultural": ["3"] * 10,
        "skor_potensi": ["70", "", "85.5", "60", "", "", "90", "75", "", "66"],
    }
)
KINERJA = pd.DataFrame(
    {
        "nip": PEGAWAI["nip"].tolist(),
        "tahun": ["2025"] * 10,
        "predikat": [
            "Baik",
            "Sangat Baik",
            "Baik",
            "Baik",
            "Butuh Perbaikan",
            "Baik",
            "Baik",
            "Sangat Baik",
            "Baik",
            "Kurang",
        ],
        "nilai": [""] * 10,
    }
)


def csv_bytes(frame: pd.DataFrame, sep: str = ",", encoding: str = "utf-8", bom: bool = False) -> bytes:
    data = frame.to_csv(index=False, sep=sep).encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def snapshot_folder(landing: Path, region: str = "6171", snapshot: str = SNAPSHOT) -> Path:
    folder = landing / region / snapshot
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def people(n: int, start: str = "1980-01-01") -> pd.DataFrame:
    """n valid pegawai rows (distinct birth dates, NIP consistent with them), all in position J1."""
    births = pd.date_range(start, periods=n, freq="7D")
    sex = ["L" if i % 2 == 0 else "P" for i in range(n)]
    return pd.DataFrame(
        {
            "nip": [
                f"{b:%Y%m%d}201001{'1' if s == 'L' else '2'}{i % 999 + 1:03d}"
                for i, (b, s) in enumerate(zip(births, sex))
            ],
            "nama": [f"Pegawai {i + 1}" for i in range(n)],
            "tanggal_lahir": [f"{b:%Y-%m-%d}" for b in births],
            "jenis_kelamin": sex,
            "status_kepegawaian": ["PNS"] * n,
            "golongan": ["III/a"] * n,
            "tmt_cpns": ["2010-01-01"] * n,
            "pendidikan_tingkat": ["S1"] * n,
            "pendidikan_jurusan": ["Manajemen"] * n,
            "kode_jabatan": ["J1"] * n,
            "tmt_jabatan": ["2020-01-01"] * n,
        }
    )


# --- real export shapes (../shared/reference/siasn.md): the same people and posts as above ---------------

_GOL_ID = {"II/a": "21", "II/c": "23", "III/a": "31", "III/b": "32", "III/c": "33", "III/d": "34", "IV/a": "41"}
_EDU = {
    "SMA": ("15", "SLTA"),
    "D3": ("30", "Diploma III/Sarjana Muda"),
    "S1": ("40", "S-1/Sarjana"),
    "S2": ("45", "S-2"),
}


def siasn_pegawai(frame: pd.DataFrame = PEGAWAI) -> pd.DataFrame:
    """PEGAWAI as a SIASN data utama export: capitals, SIASN codes and spellings, post = (UNOR ID, JABATAN ID)."""
    return pd.DataFrame(
        {
            "PNS ID": [f"guid-{i}" for i in range(len(frame))],
            "NIP BARU": frame["nip"],
            "NAMA": frame["nama"],
            "GELAR DEPAN": "",
            "GELAR BLK": "",
            "TANGGAL LAHIR": [f"{d[8:]}-{d[5:7]}-{d[:4]}" for d in frame["tanggal_lahir"]],
            "JENIS KELAMIN": frame["jenis_kelamin"].map({"L": "M", "P": "F"}),
            "STATUS CPNS PNS": "P",
            "TMT CPNS": frame["tmt_cpns"],
            "GOL AKHIR ID": frame["golongan"].map(_GOL_ID),
            "GOL AKHIR NAMA": frame["golongan"],
            "JABATAN ID": frame["kode_jabatan"],
            "JABATAN NAMA": "",
            "TMT JABATAN": frame["tmt_jabatan"],
            "TINGKAT PENDIDIKAN ID": frame["pendidikan_tingkat"].map(lambda e: _EDU[e][0]),
            "TINGKAT PENDIDIKAN NAMA": frame["pendidikan_tingkat"].map(lambda e: _EDU[e][1]),
            "PENDIDIKAN NAMA": "",
            "UNOR ID": "U1",
            "UNOR NAMA": "BKPSDM",
        }
    )


def anjab_jabatan(frame: pd.DataFrame = JABATAN) -> pd.DataFrame:
    """JABATAN as an ANJAB application export (Banyuwangi enum, eselon, S-1/Sarjana names, SIASN ids)."""
    return pd.DataFrame(
        {
            "UNOR ID": frame["kode_unit"],
            "UNOR NAMA": frame["nama_unit"],
            "JABATAN ID": frame["kode_jabatan"],
            "NAMA JABATAN": frame["nama_jabatan"],
            "JENIS JABATAN": frame["jenis_jabatan"].map({"pelaksana": "pelaksana", "fungsional": "fungsional"}),
            "ESELON": "",
            "JENJANG": frame["jenjang"],
            "KELAS JABATAN": frame["kelas_jabatan"],
            "RUMPUN JABATAN": frame["rumpun"],
            "SYARAT PENDIDIKAN": frame["pendidikan_minimal"].map({"SMA": "SLTA", "S1": "S-1/Sarjana"}),
            "SYARAT JURUSAN": frame["jurusan_syarat"],
            "STANDAR KOMPETENSI TEKNIS": frame["target_teknis"],
            "STANDAR KOMPETENSI MANAJERIAL": frame["target_manajerial"],
            "STANDAR KOMPETENSI SOSIOKULTURAL": frame["target_sosiokultural"],
        }
    )


def abk_tugas(frame: pd.DataFrame = URAIAN) -> pd.DataFrame:
    """URAIAN as an ABK export: volume x norm in hours (converted x 60 by the preset)."""
    return pd.DataFrame(
        {
            "UNOR ID": "U1",
            "JABATAN ID": frame["kode_jabatan"],
            "URAIAN TUGAS": frame["uraian_tugas"],
            "SATUAN HASIL": frame["satuan_hasil"],
            "BEBAN KERJA": frame["volume_per_tahun"],
            "WAKTU PENYELESAIAN (JAM)": [f"{float(m) / 60:g}" for m in frame["norma_waktu_menit"]],
        }
    )


def write_siasn_snapshot(landing: Path, region: str = "6171", pegawai: pd.DataFrame | None = None, **extra) -> Path:
    """A delivery as it comes: SIASN employee export with title rows, ANJAB and ABK exports, own file names."""
    folder = snapshot_folder(landing, region)
    title = f"DATA UTAMA PNS\nINSTANSI: PEMERINTAH KOTA {region}\n\n".encode()
    frame = siasn_pegawai() if pegawai is None else pegawai
    (folder / f"DATA_UTAMA_PNS_{region}.csv").write_bytes(title + csv_bytes(frame))
    (folder / f"ANJAB_JABATAN_{region}.csv").write_bytes(csv_bytes(anjab_jabatan(), sep=";"))
    (folder / f"ABK_URAIAN_TUGAS_{region}.csv").write_bytes(csv_bytes(abk_tugas()))
    for name, data in extra.items():
        (folder / name).write_bytes(data)
    return folder
