"""What regencies delivered: region folders, snapshot folders and entity files under landing/."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from mutasi.config import ENTITIES
from mutasi.ingest.headers import ColumnMapError, column_map, config_maps_dir, normalise_header, region_map_path
from mutasi.ingest.readers import SUPPORTED_SUFFIXES, sha256_of
from mutasi.ingest.recognise import Recognition, recognise
from mutasi.reference import is_region


@dataclass(frozen=True)
class LandingFile:
    entity: str | None  # None: not an entity of the contract (see `recognition` for why)
    path: Path
    sha256: str
    recognition: Recognition | None = None  # how a file not named like an entity was recognised (or not)

    @property
    def preset(self) -> str | None:
        return self.recognition.preset if self.recognition is not None else None


@dataclass
class LandingSnapshot:
    region_code: str
    snapshot_date: str  # YYYY-MM-DD
    path: Path
    files: list[LandingFile] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # e.g. two files for one entity
    maps_dir: Path | None = None  # the operator's folder of region maps (<data>/config/peta)
    map_digest: str | None = None  # sha256 of the region map (and its crosswalks) that reads this delivery

    @property
    def checksum(self) -> str:
        """One checksum over every file of the delivery and the region map that reads it: a re-delivery
        with the same bytes is a no-op; a changed map re-reads the delivery on the next run."""
        digest = hashlib.sha256()
        for f in sorted(self.files, key=lambda f: f.path.name):
            digest.update(f"{f.path.name}:{f.sha256}\n".encode())
        if self.map_digest:
            digest.update(f"map:{self.map_digest}\n".encode())
        return digest.hexdigest()


@dataclass
class LandingProblem:
    path: Path
    message: str


def entity_of(path: Path, region_code: str | None = None, maps_dir: Path | None = None) -> str | None:
    """The entity a file delivers, from its name (case, spaces and dashes ignored) or the region's column
    map (`files:` section), whatever its extension."""
    stem = path.stem.strip().lower().replace(" ", "_").replace("-", "_")
    if stem in ENTITIES:
        return stem
    if region_code:
        try:
            cmap = column_map(region_code, maps_dir)
        except ColumnMapError:
            return None
        if cmap is not None:
            return cmap.files.get(normalise_header(path.stem))
    return None


def region_folders(landing: Path) -> tuple[list[str], list[LandingProblem]]:
    """Region codes found, and what is not a region folder of the reference list (each named)."""
    if not landing.exists():
        return [], []
    found, problems = [], []
    for entry in sorted(p for p in landing.iterdir() if not p.name.startswith(".")):
        if not entry.is_dir():
            problems.append(
                LandingProblem(
                    entry,
                    f"{entry.name!r} is a file in the landing root; deliveries go in "
                    "landing/<region_code>/<YYYY-MM-DD>/; ignored",
                )
            )
        elif is_region(entry.name):
            found.append(entry.name)
        else:
            hint = ""
            digits = "".join(ch for ch in entry.name if ch.isdigit())
            if digits != entry.name and is_region(digits):
                hint = f" (write the code without dots or spaces: {digits})"
            problems.append(
                LandingProblem(
                    entry, f"folder {entry.name!r} is not a region code of reference/kabupaten_kota.csv{hint}; ignored"
                )
            )
    return found, problems


def _is_date(name: str) -> bool:
    try:
        return dt.date.fromisoformat(name).isoformat() == name
    except ValueError:
        return False


def region_snapshots(landing: Path, region_code: str) -> tuple[list[LandingSnapshot], list[LandingProblem]]:
    """Snapshot folders of a region. Files of a snapshot: entity files in a supported format are
    `files`; an entity named twice is a problem of the snapshot (which one is right cannot be known);
    other files (notes, old formats such as .xls) are listed with entity None and reported as skipped."""
    snapshots, problems = [], []
    folder = landing / region_code
    maps_dir = config_maps_dir(landing)
    map_digest = None
    try:
        cmap = column_map(region_code, maps_dir)
        map_digest = cmap.adapt.digest if cmap is not None else None
    except ColumnMapError:  # reported when the snapshot is validated; the map file's bytes still count
        path = region_map_path(region_code, maps_dir)
        map_digest = sha256_of(path) if path is not None else None
    if not folder.exists():
        return [], []
    for sub in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        if not sub.is_dir():
            problems.append(
                LandingProblem(
                    sub,
                    f"{region_code}/{sub.name}: a file directly in the region folder; "
                    "files belong in a snapshot folder named YYYY-MM-DD; ignored",
                )
            )
            continue
        if not _is_date(sub.name):
            problems.append(
                LandingProblem(
                    sub,
                    f"{region_code}/{sub.name}: {sub.name!r} is not a snapshot folder "
                    "named YYYY-MM-DD (the date of the extract); ignored",
                )
            )
            continue
        snap = LandingSnapshot(region_code, sub.name, sub, maps_dir=maps_dir, map_digest=map_digest)
        seen: dict[str, list[Path]] = {}
        for path in sorted(p for p in sub.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))):
            entity = entity_of(path, region_code, maps_dir)
            supported = path.suffix.lower() in SUPPORTED_SUFFIXES
            recognition = None
            if entity is None and supported:
                # Not named like an entity (e.g. DATA_UTAMA_PNS_3273.xlsx): recognised by its headers.
                recognition = recognise(path, region_code, maps_dir)
                entity = recognition.entity
            if entity and supported:
                seen.setdefault(entity, []).append(path)
                snap.files.append(LandingFile(entity, path, sha256_of(path), recognition))
            else:
                snap.files.append(LandingFile(None, path, sha256_of(path), recognition))
        for entity, paths in seen.items():
            if len(paths) > 1:
                snap.problems.append(
                    f"two files for {entity}: {' and '.join(p.name for p in paths)} "
                    "(deliver exactly one file per entity)"
                )
        snapshots.append(snap)
    return snapshots, problems
