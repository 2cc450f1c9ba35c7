"""Header matching: raw column names -> contract names (SPEC §4).

Headers are compared after normalising case, spaces, dots, underscores and hyphens, through the alias
list below plus an optional per-region column map (validations/column_maps/<region_code>.yaml).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

COLUMN_MAPS_DIR = Path(__file__).resolve().parents[2] / "validations" / "column_maps"

# Contract columns per entity (SPEC §4), in order.
ENTITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "pegawai": (
        "nip", "nama", "tanggal_lahir", "jenis_kelamin", "status_kepegawaian", "golongan", "tmt_cpns",
        "pendidikan_tingkat", "pendidikan_jurusan", "kode_jabatan", "tmt_jabatan",
    ),
    "jabatan": (
        "kode_jabatan", "nama_jabatan", "kode_unit", "nama_unit", "jenis_jabatan", "jenjang",
        "kelas_jabatan", "rumpun", "pendidikan_minimal", "jurusan_syarat", "target_teknis",
        "target_manajerial", "target_sosiokultural",
    ),
    "uraian_tugas": ("kode_jabatan", "uraian_tugas", "satuan_hasil", "volume_per_tahun", "norma_waktu_menit"),
    "asesmen_kompetensi": (
        "nip", "tanggal_asesmen", "kompetensi_teknis", "kompetensi_manajerial", "kompetensi_sosiokultural",
        "skor_potensi",
    ),
    "kinerja": ("nip", "tahun", "predikat", "nilai"),
    "diklat": ("nip", "jenis_diklat", "nama_diklat", "jam_pelajaran", "tanggal_selesai"),
    "hukuman_disiplin": ("nip", "tingkat", "tanggal_mulai", "tanggal_selesai"),
    "preferensi_mutasi": ("nip", "bersedia_mutasi", "unit_diminati"),
    "survei_kepuasan": ("kode_unit", "periode", "nilai_ikm"),
}

# Columns a file must have to be usable at all (the others are optional and become null).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "pegawai": ("nip", "tanggal_lahir", "jenis_kelamin", "status_kepegawaian", "pendidikan_tingkat",
                "kode_jabatan", "tmt_jabatan"),
    "jabatan": ("kode_jabatan", "nama_jabatan", "kode_unit", "jenis_jabatan", "rumpun", "pendidikan_minimal",
                "target_teknis", "target_manajerial", "target_sosiokultural"),
    "uraian_tugas": ("kode_jabatan", "volume_per_tahun", "norma_waktu_menit"),
    "asesmen_kompetensi": ("nip", "kompetensi_teknis", "kompetensi_manajerial", "kompetensi_sosiokultural"),
    "kinerja": ("nip", "tahun", "predikat"),
    "diklat": ("nip", "jenis_diklat", "jam_pelajaran"),
    "hukuman_disiplin": ("nip", "tingkat", "tanggal_mulai"),
    "preferensi_mutasi": ("nip", "bersedia_mutasi"),
    "survei_kepuasan": ("kode_unit", "periode", "nilai_ikm"),
}

# Known spellings seen in SIMPEG exports (normalised form -> contract name). Documented in
# docs/extract-format.md; extend here, or per region in validations/column_maps/.
ALIASES: dict[str, str] = {
    "nip": "nip", "nipbaru": "nip", "nip18": "nip", "nomorindukpegawai": "nip",
    "nama": "nama", "namapegawai": "nama", "namalengkap": "nama",
    "tgllahir": "tanggal_lahir", "tanggallahir": "tanggal_lahir", "tgl_lahir": "tanggal_lahir",
    "jk": "jenis_kelamin", "jeniskelamin": "jenis_kelamin", "kelamin": "jenis_kelamin", "lp": "jenis_kelamin",
    "status": "status_kepegawaian", "statuspegawai": "status_kepegawaian",
    "statuskepegawaian": "status_kepegawaian", "jenispegawai": "status_kepegawaian",
    "gol": "golongan", "golongan": "golongan", "golru": "golongan", "golonganruang": "golongan",
    "tmtcpns": "tmt_cpns",
    "pendidikan": "pendidikan_tingkat", "pendidikantingkat": "pendidikan_tingkat",
    "tingkatpendidikan": "pendidikan_tingkat", "pendidikanterakhir": "pendidikan_tingkat",
    "jurusan": "pendidikan_jurusan", "pendidikanjurusan": "pendidikan_jurusan",
    "kodejabatan": "kode_jabatan", "kdjabatan": "kode_jabatan", "idjabatan": "kode_jabatan",
    "tmtjabatan": "tmt_jabatan",
    "namajabatan": "nama_jabatan", "jabatan": "nama_jabatan",
    "kodeunit": "kode_unit", "kdunit": "kode_unit", "kodeopd": "kode_unit", "kodeunitkerja": "kode_unit",
    "namaunit": "nama_unit", "unitkerja": "nama_unit", "namaopd": "nama_unit", "opd": "nama_unit",
    "jenisjabatan": "jenis_jabatan", "jenjang": "jenjang", "jenjangjabatan": "jenjang",
    "kelasjabatan": "kelas_jabatan", "kelas": "kelas_jabatan",
    "rumpun": "rumpun", "rumpunjabatan": "rumpun",
    "pendidikanminimal": "pendidikan_minimal", "syaratpendidikan": "pendidikan_minimal",
    "jurusansyarat": "jurusan_syarat", "syaratjurusan": "jurusan_syarat",
    "targetteknis": "target_teknis", "targetmanajerial": "target_manajerial",
    "targetsosiokultural": "target_sosiokultural",
    "uraiantugas": "uraian_tugas", "tugas": "uraian_tugas", "satuanhasil": "satuan_hasil",
    "volumepertahun": "volume_per_tahun", "volume": "volume_per_tahun", "bebankerja": "volume_per_tahun",
    "normawaktumenit": "norma_waktu_menit", "normawaktu": "norma_waktu_menit",
    "tanggalasesmen": "tanggal_asesmen", "tglasesmen": "tanggal_asesmen",
    "kompetensiteknis": "kompetensi_teknis", "kompetensimanajerial": "kompetensi_manajerial",
    "kompetensisosiokultural": "kompetensi_sosiokultural", "skorpotensi": "skor_potensi",
    "tahun": "tahun", "tahunskp": "tahun", "predikat": "predikat", "predikatkinerja": "predikat",
    "nilai": "nilai", "nilaiskp": "nilai",
    "jenisdiklat": "jenis_diklat", "namadiklat": "nama_diklat", "jampelajaran": "jam_pelajaran",
    "jp": "jam_pelajaran", "tanggalselesai": "tanggal_selesai", "tglselesai": "tanggal_selesai",
    "tingkat": "tingkat", "tingkathukuman": "tingkat", "tanggalmulai": "tanggal_mulai",
    "tglmulai": "tanggal_mulai",
    "bersediamutasi": "bersedia_mutasi", "unitdiminati": "unit_diminati",
    "periode": "periode", "nilaiikm": "nilai_ikm", "ikm": "nilai_ikm",
}

_NOISE = re.compile(r"[\s._\-/()]+")


def normalise_header(name: object) -> str:
    return _NOISE.sub("", str(name).strip().lower())


@lru_cache(maxsize=None)
def region_column_map(region_code: str, maps_dir: str = str(COLUMN_MAPS_DIR)) -> dict[str, str]:
    """Optional per-region map {raw header: contract column}, keys normalised like headers."""
    for suffix in (".yaml", ".yml"):
        path = Path(maps_dir) / f"{region_code}{suffix}"
        if path.exists():
            data = yaml.safe_load(path.read_text("utf-8")) or {}
            columns = data.get("columns", data)
            return {normalise_header(k): str(v) for k, v in columns.items()}
    return {}


def map_headers(entity: str, headers: list[object], region_code: str) -> dict[object, str]:
    """Raw header -> contract column for the headers that match this entity; others are extras."""
    wanted = set(ENTITY_COLUMNS[entity])
    region_map = region_column_map(region_code)
    mapping: dict[object, str] = {}
    for raw in headers:
        key = normalise_header(raw)
        target = region_map.get(key) or ALIASES.get(key) or (key if key in wanted else None)
        if target is None:
            # The contract name itself, written with spaces/dots/underscores.
            target = next((c for c in wanted if normalise_header(c) == key), None)
        # `nama_jabatan` is also the alias of the header "jabatan": only take what this entity has.
        if target in wanted and target not in mapping.values():
            mapping[raw] = target
    return mapping


def header_score(entity: str, cells: list[object]) -> int:
    """How many contract columns of `entity` a candidate header row names (to find it under title rows)."""
    return len(set(map_headers(entity, [c for c in cells if c not in (None, "")], "").values()))


# Types of the clean lake columns (docs/architecture.md); everything not listed is text.
DATE_COLUMNS = {"tanggal_lahir", "tmt_cpns", "tmt_jabatan", "tanggal_asesmen", "tanggal_selesai", "tanggal_mulai"}
INT_COLUMNS = {"kelas_jabatan", "target_teknis", "target_manajerial", "target_sosiokultural", "kompetensi_teknis",
               "kompetensi_manajerial", "kompetensi_sosiokultural", "tahun"}
FLOAT_COLUMNS = {"volume_per_tahun", "norma_waktu_menit", "skor_potensi", "nilai", "jam_pelajaran", "nilai_ikm"}


def clean_arrow_schema(entity: str):
    import pyarrow as pa

    def kind(column: str):
        if column in DATE_COLUMNS:
            return pa.date32()
        if column in INT_COLUMNS:
            return pa.int64()
        if column in FLOAT_COLUMNS:
            return pa.float64()
        return pa.string()

    fields = [pa.field("region_code", pa.string()), pa.field("snapshot_date", pa.date32())]
    return pa.schema(fields + [pa.field(c, kind(c)) for c in ENTITY_COLUMNS[entity]])
