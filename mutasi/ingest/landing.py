"""What regencies delivered: region folders, snapshot folders and entity files under landing/."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from mutasi.config import ENTITIES
from mutasi.ingest.readers import SUPPORTED_SUFFIXES, sha256_of
from mutasi.reference import is_region


@dataclass(frozen=True)
class LandingFile:
    entity: str | None  # None: not an entity of the contract
    path: Path
    sha256: str


@dataclass
class LandingSnapshot:
    region_code: str
    snapshot_date: str  # YYYY-MM-DD
    path: Path
    files: list[LandingFile] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # e.g. two files for one entity

    @property
    def checksum(self) -> str:
        """One checksum over every file of the delivery: a re-delivery with the same bytes is a no-op."""
        digest = hashlib.sha256()
        for f in sorted(self.files, key=lambda f: f.path.name):
            digest.update(f"{f.path.name}:{f.sha256}\n".encode())
        return digest.hexdigest()


@dataclass
class LandingProblem:
    path: Path
    message: str


def entity_of(path: Path) -> str | None:
    stem = path.stem.strip().lower().replace(" ", "_").replace("-", "_")
    return stem if stem in ENTITIES else None


def region_folders(landing: Path) -> tuple[list[str], list[LandingProblem]]:
    """Region codes found, and folders that are not a region of the reference list."""
    if not landing.exists():
        return [], []
    found, problems = [], []
    for folder in sorted(p for p in landing.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if is_region(folder.name):
            found.append(folder.name)
        else:
            problems.append(LandingProblem(
                folder, f"folder {folder.name!r} is not a region code of reference/kabupaten_kota.csv; ignored"))
    return found, problems


def _is_date(name: str) -> bool:
    try:
        return dt.date.fromisoformat(name).isoformat() == name
    except ValueError:
        return False


def region_snapshots(landing: Path, region_code: str) -> tuple[list[LandingSnapshot], list[LandingProblem]]:
    snapshots, problems = [], []
    folder = landing / region_code
    if not folder.exists():
        return [], []
    for sub in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        if not sub.is_dir() or not _is_date(sub.name):
            problems.append(LandingProblem(sub, f"{sub.name!r} is not a snapshot folder named YYYY-MM-DD; ignored"))
            continue
        snap = LandingSnapshot(region_code, sub.name, sub)
        seen: dict[str, Path] = {}
        for path in sorted(p for p in sub.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))):
            entity = entity_of(path) if path.suffix.lower() in SUPPORTED_SUFFIXES else None
            if entity and entity in seen:
                snap.problems.append(f"two files for {entity}: {seen[entity].name} and {path.name}")
            seen.setdefault(entity or path.name, path)
            snap.files.append(LandingFile(entity, path, sha256_of(path)))
        snapshots.append(snap)
    return snapshots, problems
