"""Header matching: raw column names -> contract names (SPEC §4).

Headers are compared after normalising case, spaces, dots, underscores and hyphens, through the alias
list below plus an optional per-region column map (validations/column_maps/<region_code>.yaml).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from mutasi.ingest.adapters import AdapterError, RegionAdapt, norm, parse_region_adapt
from validations.contract import ENTITY_COLUMNS

COLUMN_MAPS_DIR = Path(__file__).resolve().parents[2] / "validations" / "column_maps"

# Columns a file must have to be usable at all: every column SPEC §4 does not mark optional. A file
# without one of them is rejected as a whole (its rows cannot be checked); optional columns may be absent
# and become null.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "pegawai": (
        "nip",
        "nama",
        "tanggal_lahir",
        "jenis_kelamin",
        "status_kepegawaian",
        "golongan",
        "tmt_cpns",
        "pendidikan_tingkat",
        "kode_jabatan",
        "tmt_jabatan",
    ),
    "jabatan": (
        "kode_jabatan",
        "nama_jabatan",
        "kode_unit",
        "nama_unit",
        "jenis_jabatan",
        "rumpun",
        "pendidikan_minimal",
        "target_teknis",
        "target_manajerial",
        "target_sosiokultural",
    ),
    "uraian_tugas": ("kode_jabatan", "uraian_tugas", "volume_per_tahun", "norma_waktu_menit"),
    "asesmen_kompetensi": (
        "nip",
        "tanggal_asesmen",
        "kompetensi_teknis",
        "kompetensi_manajerial",
        "kompetensi_sosiokultural",
    ),
    "kinerja": ("nip", "tahun", "predikat"),
    "diklat": ("nip", "jenis_diklat", "nama_diklat", "jam_pelajaran", "tanggal_selesai"),
    "hukuman_disiplin": ("nip", "tingkat", "tanggal_mulai"),
    "preferensi_mutasi": ("nip", "bersedia_mutasi"),
    "survei_kepuasan": ("kode_unit", "periode", "nilai_ikm"),
    "keputusan_mutasi": ("nip", "kode_jabatan_tujuan", "keputusan"),
    "keberatan_pegawai": ("nip", "kode_jabatan_tujuan", "isi"),
}

# Known spellings seen in SIMPEG exports (normalised form -> contract name). Documented in
# docs/extract-format.md; extend here, or per region in validations/column_maps/.
ALIASES: dict[str, str] = {
    "nip": "nip",
    "nipbaru": "nip",
    "nip18": "nip",
    "nomorindukpegawai": "nip",
    "nama": "nama",
    "namapegawai": "nama",
    "namalengkap": "nama",
    "tgllahir": "tanggal_lahir",
    "tanggallahir": "tanggal_lahir",
    "tgllhr": "tanggal_lahir",
    "jk": "jenis_kelamin",
    "jeniskelamin": "jenis_kelamin",
    "kelamin": "jenis_kelamin",
    "lp": "jenis_kelamin",
    "status": "status_kepegawaian",
    "statuspegawai": "status_kepegawaian",
    "statuskepegawaian": "status_kepegawaian",
    "jenispegawai": "status_kepegawaian",
    "gol": "golongan",
    "golongan": "golongan",
    "golru": "golongan",
    "golonganruang": "golongan",
    "tmtcpns": "tmt_cpns",
    "pendidikan": "pendidikan_tingkat",
    "pendidikantingkat": "pendidikan_tingkat",
    "tingkatpendidikan": "pendidikan_tingkat",
    "pendidikanterakhir": "pendidikan_tingkat",
    "jenjangpendidikan": "pendidikan_tingkat",
    "tktpendidikan": "pendidikan_tingkat",
    "programstudi": "pendidikan_jurusan",
    "prodi": "pendidikan_jurusan",
    "jurusan": "pendidikan_jurusan",
    "pendidikanjurusan": "pendidikan_jurusan",
    "kodejabatan": "kode_jabatan",
    "kdjabatan": "kode_jabatan",
    "idjabatan": "kode_jabatan",
    "kdjab": "kode_jabatan",
    "tmtjabatan": "tmt_jabatan",
    "tmtjab": "tmt_jabatan",
    "namajabatan": "nama_jabatan",
    "jabatan": "nama_jabatan",
    "kodeunit": "kode_unit",
    "kdunit": "kode_unit",
    "kodeopd": "kode_unit",
    "kodeunitkerja": "kode_unit",
    "namaunit": "nama_unit",
    "unitkerja": "nama_unit",
    "namaopd": "nama_unit",
    "opd": "nama_unit",
    "jenisjabatan": "jenis_jabatan",
    "jenjang": "jenjang",
    "jenjangjabatan": "jenjang",
    "kelasjabatan": "kelas_jabatan",
    "kelas": "kelas_jabatan",
    "rumpun": "rumpun",
    "rumpunjabatan": "rumpun",
    "pendidikanminimal": "pendidikan_minimal",
    "syaratpendidikan": "pendidikan_minimal",
    "jurusansyarat": "jurusan_syarat",
    "syaratjurusan": "jurusan_syarat",
    "targetteknis": "target_teknis",
    "targetmanajerial": "target_manajerial",
    "targetsosiokultural": "target_sosiokultural",
    "uraiantugas": "uraian_tugas",
    "tugas": "uraian_tugas",
    "satuanhasil": "satuan_hasil",
    "volumepertahun": "volume_per_tahun",
    "volume": "volume_per_tahun",
    "bebankerja": "volume_per_tahun",
    "normawaktumenit": "norma_waktu_menit",
    "normawaktu": "norma_waktu_menit",
    "tanggalasesmen": "tanggal_asesmen",
    "tglasesmen": "tanggal_asesmen",
    "kompetensiteknis": "kompetensi_teknis",
    "kompetensimanajerial": "kompetensi_manajerial",
    "kompetensisosiokultural": "kompetensi_sosiokultural",
    "skorpotensi": "skor_potensi",
    "tahun": "tahun",
    "tahunskp": "tahun",
    "predikat": "predikat",
    "predikatkinerja": "predikat",
    "nilai": "nilai",
    "nilaiskp": "nilai",
    "jenisdiklat": "jenis_diklat",
    "namadiklat": "nama_diklat",
    "jampelajaran": "jam_pelajaran",
    "jp": "jam_pelajaran",
    "tanggalselesai": "tanggal_selesai",
    "tglselesai": "tanggal_selesai",
    "tingkat": "tingkat",
    "tingkathukuman": "tingkat",
    "tanggalmulai": "tanggal_mulai",
    "tglmulai": "tanggal_mulai",
    "bersediamutasi": "bersedia_mutasi",
    "unitdiminati": "unit_diminati",
    "periode": "periode",
    "nilaiikm": "nilai_ikm",
    "ikm": "nilai_ikm",
}


def normalise_header(name: object) -> str:
    """Case, spaces, dots, underscores, hyphens, slashes and brackets ignored (one rule, adapters.norm)."""
    return norm(name)


@cache
def _contract_names(entity: str) -> dict[str, str]:
    """normalised contract column name -> contract column, for one entity."""
    return {normalise_header(c): c for c in ENTITY_COLUMNS[entity]}


class ColumnMapError(ValueError):
    """A per-region column map that cannot be used (names its file and the problem)."""


@dataclass(frozen=True)
class ColumnMap:
    """validations/column_maps/<region_code>.yaml, keys normalised like headers (docs/extract-format.md)."""

    path: Path
    columns: dict[str, str]  # header -> contract column, any entity
    entities: dict[str, dict[str, str]]  # entity -> {header -> contract column}, that entity's file only
    files: dict[str, str]  # file name without extension -> entity
    adapt: RegionAdapt = field(default_factory=RegionAdapt)  # presets, derivations, value maps, digest


def column_maps_dir() -> Path:
    return Path(os.environ.get("MUTASI_COLUMN_MAPS_DIR") or COLUMN_MAPS_DIR)


def _load_column_map(path: Path) -> ColumnMap:
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ColumnMapError(f"column map {path.name}: cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise ColumnMapError(f"column map {path.name}: expected a mapping with 'columns', 'entities' or 'files'")
    known = {"columns", "entities", "files", "vendor", "description", "region_code", "values", "adapt"}
    if not set(data) & {"columns", "entities", "files", "values", "adapt"}:
        data = {"columns": data}  # the short form: a bare {header: column} mapping
    unknown = set(data) - known
    if unknown:
        raise ColumnMapError(f"column map {path.name}: unknown key(s) {sorted(unknown)}; use {sorted(known)}")
    every_column = {c for cols in ENTITY_COLUMNS.values() for c in cols}

    def pairs(section: object, allowed: set[str], where: str) -> dict[str, str]:
        if section is None:
            return {}
        if not isinstance(section, dict):
            raise ColumnMapError(f"column map {path.name}: '{where}' must be a mapping header -> column")
        out = {}
        for raw, target in section.items():
            if str(target) not in allowed:
                raise ColumnMapError(
                    f"column map {path.name}: '{where}': {raw!r} -> {target!r} is not a column of the contract"
                )
            out[normalise_header(raw)] = str(target)
        return out

    entities = {}
    for entity, section in (data.get("entities") or {}).items():
        if entity not in ENTITY_COLUMNS:
            raise ColumnMapError(f"column map {path.name}: 'entities': {entity!r} is not an entity of the contract")
        entities[entity] = pairs(section, set(ENTITY_COLUMNS[entity]), f"entities.{entity}")
    files = {}
    for stem, entity in (data.get("files") or {}).items():
        if entity not in ENTITY_COLUMNS:
            raise ColumnMapError(f"column map {path.name}: 'files': {stem!r} -> {entity!r} is not an entity")
        files[normalise_header(stem)] = str(entity)
    try:
        adapt = parse_region_adapt(path, data)
    except AdapterError as exc:
        raise ColumnMapError(f"column map {path.name}: {exc}") from exc
    return ColumnMap(path, pairs(data.get("columns"), every_column, "columns"), entities, files, adapt)


@cache
def _cached_column_map(path: str, stamp: float, size: int) -> ColumnMap:
    return _load_column_map(Path(path))


# The operator-owned folder of region maps under the data directory: <data>/config/peta/<region>.yaml
# (docs/extract-format.md). Derived from the landing folder, so no environment is read here.
CONFIG_MAPS_SUBDIR = ("config", "peta")


def config_maps_dir(landing: Path) -> Path:
    return Path(landing).parent.joinpath(*CONFIG_MAPS_SUBDIR)


def region_map_path(region_code: str, maps_dir: Path | None = None) -> Path | None:
    """The region's map file: in the data directory's config folder first, then $MUTASI_COLUMN_MAPS_DIR
    (or the repository's validations/column_maps)."""
    folders = ([Path(maps_dir)] if maps_dir else []) + [column_maps_dir()]
    for folder in folders:
        for suffix in (".yaml", ".yml"):
            path = folder / f"{region_code}{suffix}"
            if path.exists():
                return path
    return None


def column_map(region_code: str, maps_dir: Path | None = None) -> ColumnMap | None:
    """The region's column map, or None. Raises ColumnMapError for a map that cannot be used. A changed
    file (or crosswalk, through the map's own timestamp) is read again."""
    if not region_code:
        return None
    path = region_map_path(region_code, maps_dir)
    if path is None:
        return None
    stat = path.stat()
    stamps = [stat.st_mtime] + [
        p.stat().st_mtime for p in path.parent.glob("*") if p.suffix.lower() in (".csv", ".xlsx")
    ]
    return _cached_column_map(str(path), max(stamps), stat.st_size)


def region_column_map(region_code: str, entity: str | None = None, maps_dir: Path | None = None) -> dict[str, str]:
    """Optional per-region map {normalised header: contract column} (the entity's section first)."""
    cmap = column_map(region_code, maps_dir)
    if cmap is None:
        return {}
    return {**cmap.columns, **(cmap.entities.get(entity, {}) if entity else {})}


def map_headers(
    entity: str,
    headers: list[object],
    region_code: str,
    region_map: dict[str, str] | None = None,
    preset_map: dict[str, str] | None = None,
) -> dict[object, str]:
    """Raw header -> contract column for the headers that match this entity; others are extras.

    Order: the region's column map (entity section, then `columns`), the alias list, the contract name
    itself. The first header that names a contract column takes it; a later one is an extra column.
    """
    wanted = set(ENTITY_COLUMNS[entity])
    if region_map is None:
        region_map = region_column_map(region_code, entity)
    mapping: dict[object, str] = {}
    for raw in headers:
        key = normalise_header(raw)
        target = region_map.get(key)
        if target not in wanted and preset_map:
            target = preset_map.get(key)
        if target not in wanted:
            target = ALIASES.get(key) or (key if key in wanted else None)
        if target not in wanted:
            # The contract name itself, written with spaces/dots/underscores.
            target = _contract_names(entity).get(key)
        # `nama_jabatan` is also the alias of the header "jabatan": only take what this entity has.
        if target in wanted and target not in mapping.values():
            mapping[raw] = target
    return mapping


def header_score(
    entity: str, cells: list[object], region_code: str = "", region_map: dict[str, str] | None = None
) -> int:
    """How many contract columns of `entity` a candidate header row names (to find it under title rows)."""
    return len(set(map_headers(entity, [c for c in cells if c not in (None, "")], region_code, region_map).values()))


def aliases_markdown() -> str:
    """The alias list as the Markdown table of docs/extract-format.md (kept in sync by a test)."""
    lines = ["| kolom kontrak | entitas | header yang diterima (setelah normalisasi) |", "| --- | --- | --- |"]
    for column in dict.fromkeys(c for cols in ENTITY_COLUMNS.values() for c in cols):
        entities = ", ".join(e for e, cols in ENTITY_COLUMNS.items() if column in cols)
        spellings = sorted({normalise_header(column)} | {k for k, v in ALIASES.items() if v == column})
        lines.append(f"| `{column}` | {entities} | " + ", ".join(f"`{a}`" for a in spellings) + " |")
    return "\n".join(lines)


# Types of the clean lake columns (docs/architecture.md); everything not listed is text.
DATE_COLUMNS = {
    "tanggal_lahir",
    "tmt_cpns",
    "tmt_jabatan",
    "tanggal_asesmen",
    "tanggal_selesai",
    "tanggal_mulai",
    "tanggal_keputusan",
    "tanggal_rekomendasi",
    "tanggal",
}
INT_COLUMNS = {
    "kelas_jabatan",
    "target_teknis",
    "target_manajerial",
    "target_sosiokultural",
    "kompetensi_teknis",
    "kompetensi_manajerial",
    "kompetensi_sosiokultural",
    "tahun",
}
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
