"""Where everything lives. Every path hangs off one data directory ($MUTASI_DATA_DIR, default ./data)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

# Entities of the extract contract (SPEC §4), in load order.
REQUIRED_ENTITIES = ("pegawai", "jabatan", "uraian_tugas")
OPTIONAL_ENTITIES = (
    "asesmen_kompetensi",
    "kinerja",
    "diklat",
    "hukuman_disiplin",
    "preferensi_mutasi",
    "survei_kepuasan",
    "keputusan_mutasi",
    "keberatan_pegawai",
)
ENTITIES = REQUIRED_ENTITIES + OPTIONAL_ENTITIES
#: the regency's answers to the plans (issue 16): optional, and not part of the data's completeness
DECISION_ENTITIES = ("keputusan_mutasi", "keberatan_pegawai")
#: the personnel data itself (what the generator writes and completeness counts)
DATA_ENTITIES = tuple(e for e in ENTITIES if e not in DECISION_ENTITIES)


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def lake(self) -> Path:
        return self.root / "lake"

    @property
    def state(self) -> Path:
        """Control state, outside the lake: delivery manifests, dbt build records, change sets, alerts."""
        return self.root / "state"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def outputs(self) -> Path:
        return self.root / "outputs"

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster_home"

    def clean(self, entity: str) -> Path:
        return self.lake / "clean" / entity

    def audit(self, table: str) -> Path:
        return self.lake / "audit" / table

    @property
    def manifests(self) -> Path:
        """One JSON per region snapshot: the delivery validation last published (checksum, status)."""
        return self.state / "manifests"

    @property
    def alerts(self) -> Path:
        return self.state / "alerts"


#: control state that earlier versions kept inside the lake: (old place under lake/, new place under state/)
MOVED_TO_STATE = (("manifests", "manifests"), ("dbt_state", "builds"), ("alerts", "alerts"))


def move_state_out_of_the_lake(paths: DataPaths) -> list[str]:
    """A data directory written before state/ existed: move its control state there (once; renames only).
    Returns what was moved."""
    moved = []
    for old, new in MOVED_TO_STATE:
        source, target = paths.lake / old, paths.state / new
        if source.is_dir() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            source.rename(target)
            moved.append(f"lake/{old} -> state/{new}")
    return moved


def data_dir() -> Path:
    return Path(os.environ.get("MUTASI_DATA_DIR", "./data")).resolve()


def data_paths(root: Path | str | None = None) -> DataPaths:
    return DataPaths(Path(root).resolve() if root is not None else data_dir())


def partition_path(base: Path, region_code: str, snapshot_date: str) -> Path:
    """Hive-style folder of one region snapshot inside a lake table."""
    return base / f"region_code={region_code}" / f"snapshot_date={snapshot_date}"
