"""`mutasi inspect PATH`: what a delivery holds and what does not map yet, before it is run.

For each file: the entity and preset it is recognised as, which headers map (renamed, derived) and which
do not, value profiles of the mapped columns with the values no map knows, and a draft region map the
operator can review and save under <data>/config/peta/<region>.yaml. Pure: reads files, writes nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from mutasi.config import REQUIRED_ENTITIES
from mutasi.ingest.adapters import norm
from mutasi.ingest.headers import ALIASES, ENTITY_COLUMNS, ColumnMapError
from mutasi.ingest.landing import entity_of
from mutasi.ingest.readers import SUPPORTED_SUFFIXES, ExtractReadError, read_extract
from mutasi.ingest.recognise import recognise
from mutasi.reference import is_region

# Columns whose values are a closed vocabulary: profiled value by value.
CODED = {
    "jenis_kelamin",
    "status_kepegawaian",
    "golongan",
    "pendidikan_tingkat",
    "jenis_jabatan",
    "pendidikan_minimal",
    "jenjang",
    "rumpun",
    "predikat",
    "jenis_diklat",
    "tingkat",
    "bersedia_mutasi",
}
PROFILE_TOP = 8


@dataclass
class ColumnProfile:
    column: str
    source: str  # header or how it was derived
    filled: int
    empty: int
    top_values: list[tuple[str, int]] = field(default_factory=list)
    unmapped: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class FileReport:
    path: str
    entity: str | None
    preset: str | None
    how: str  # recognised by name / headers / not recognised
    ok: bool
    rows: int = 0
    header_row: int | None = None
    sheet: str | None = None
    mapped: list[ColumnProfile] = field(default_factory=list)
    unmapped_headers: list[str] = field(default_factory=list)  # headers kept out of the contract
    missing_columns: list[str] = field(default_factory=list)  # required contract columns not found
    unmapped_values: int = 0
    problems: list[str] = field(default_factory=list)
    suggestions: dict[str, str] = field(default_factory=dict)  # unmapped header -> likely contract column


@dataclass
class InspectReport:
    path: str
    region_code: str | None
    files: list[FileReport]
    draft_map: str  # YAML text of a region map to review and save

    @property
    def ok(self) -> bool:
        return bool(self.files) and all(f.ok for f in self.files)

    def to_dict(self) -> dict:
        return {"path": self.path, "region_code": self.region_code, "ok": self.ok, "draft_map": self.draft_map} | {
            "files": [asdict(f) for f in self.files]
        }


def _region_of(path: Path) -> str | None:
    for part in [path, *path.parents]:
        if is_region(part.name):
            return part.name
    return None


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith((".", "~$")))


def _suggest(entity: str, header: str) -> str | None:
    """The contract column a header most likely means (for the draft map; the operator decides)."""
    key = norm(header)
    candidates = {norm(c): c for c in ENTITY_COLUMNS[entity]} | {
        k: v for k, v in ALIASES.items() if v in ENTITY_COLUMNS[entity]
    }
    match = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.75)
    return candidates[match[0]] if match else None


def inspect_file(path: Path, region_code: str | None, maps_dir: Path | None) -> FileReport:
    region = region_code or ""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return FileReport(str(path), None, None, "not read", False, problems=[f"format {path.suffix!r} not supported"])
    try:
        entity = entity_of(path, region, maps_dir)
        how = "by its name" if entity else ""
        preset = None
        if entity is None:
            recognition = recognise(path, region, maps_dir)
            entity, preset = recognition.entity, recognition.preset
            how = recognition.message.split(": ", 1)[1]
        if entity is None:
            return FileReport(str(path), None, None, how, False, problems=[how])
        raw = read_extract(path, entity, region, maps_dir, preset)
    except ExtractReadError as exc:
        return FileReport(str(path), None, None, "not read", False, problems=[f"{exc.rule}: {exc.message}"])
    except ColumnMapError as exc:
        return FileReport(str(path), None, None, "not read", False, problems=[str(exc)])
    report = FileReport(
        str(path),
        entity,
        raw.preset,
        how,
        True,
        rows=raw.rows_read,
        header_row=raw.header_row,
        sheet=raw.sheet,
        unmapped_headers=list(raw.extra_columns),
        missing_columns=list(raw.missing_columns),
    )
    frame = raw.frame
    unmapped = raw.unmapped
    derived = raw.derived
    for column in ENTITY_COLUMNS[entity]:
        source = derived.get(column) or raw.raw_names.get(column)
        if source is None:
            continue
        values = frame[column].astype("string").fillna("").str.strip()
        filled = int((values != "").sum())
        profile = ColumnProfile(column, source, filled, len(values) - filled)
        if column in CODED:
            counts = values[values != ""].value_counts()
            profile.top_values = [(str(v), int(n)) for v, n in counts.head(PROFILE_TOP).items()]
        if unmapped is not None and len(unmapped):
            mine = unmapped[unmapped["column"] == column]["value"].astype(str).value_counts()
            profile.unmapped = [(str(v), int(n)) for v, n in mine.items()]
        report.mapped.append(profile)
    report.unmapped_values = 0 if unmapped is None else len(unmapped)
    for header in report.unmapped_headers:
        guess = _suggest(entity, header)
        if guess and guess in report.missing_columns:
            report.suggestions[header] = guess
    if report.missing_columns:
        report.problems.append("required columns not found: " + ", ".join(report.missing_columns))
    if report.unmapped_values:
        report.problems.append(f"{report.unmapped_values} row(s) with a value no map knows")
    report.ok = not report.problems
    return report


def draft_map(region_code: str | None, files: list[FileReport]) -> str:
    """A region map to review: files to name, headers to map, values to map (targets left to fill)."""
    data: dict = {"vendor": "isi: aplikasi dan versi (untuk manusia)"}
    unknown = [
        Path(f.path).stem for f in files if f.entity is None and Path(f.path).suffix.lower() in SUPPORTED_SUFFIXES
    ]
    if unknown:
        data["files"] = {stem: "isi: entitas (pegawai, jabatan, ...)" for stem in unknown}
    entities: dict = {}
    for f in files:
        if f.suggestions:
            entities.setdefault(f.entity, {}).update(f.suggestions)
    if entities:
        data["entities"] = entities
    values: dict = {}
    for f in files:
        for profile in f.mapped:
            for value, _ in profile.unmapped:
                values.setdefault(profile.column, {})[value] = "isi: nilai kontrak"
    if values:
        data["values"] = values
    header = (
        f"# Draft region map for {region_code or '<kode daerah>'}, written by `mutasi inspect`: review every 'isi:' and\n"
        f"# save it as <data>/config/peta/{region_code or '<kode daerah>'}.yaml (docs/extract-format.md).\n"
    )
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def inspect_path(path: Path, region_code: str | None = None, maps_dir: Path | None = None) -> InspectReport:
    path = Path(path)
    region = region_code or _region_of(path)
    files = [inspect_file(p, region, maps_dir) for p in _files(path)]
    folder_entities = {f.entity for f in files if f.entity}
    snapshot_folder = path.is_dir() and not any(p.is_dir() for p in path.iterdir())
    if snapshot_folder and files:
        for entity in REQUIRED_ENTITIES:
            if entity not in folder_entities:
                files.append(
                    FileReport(
                        str(path / f"{entity}.*"), entity, None, "missing", False, problems=[f"no file for {entity}"]
                    )
                )
    return InspectReport(str(path), region, files, draft_map(region, files))
