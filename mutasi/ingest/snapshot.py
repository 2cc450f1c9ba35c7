"""Validate one delivered region snapshot and publish it to the lake (clean tables + audit).

Every row read is either valid (lake/clean) or quarantined with its rule, file and row number
(lake/audit/quarantined_rows): for every file rows_read = rows_valid + rows_quarantined. A snapshot
whose required file is missing, unreadable, lacks required columns or has too many bad rows is rejected
as a whole (nothing of it reaches lake/clean; the previous snapshots stay).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mutasi import params
from mutasi.config import OPTIONAL_ENTITIES, REQUIRED_ENTITIES, DataPaths, partition_path
from mutasi.ingest.headers import ENTITY_COLUMNS, clean_arrow_schema
from mutasi.ingest.landing import LandingSnapshot
from mutasi.ingest.readers import ExtractReadError, read_extract
from mutasi.lake import read_json, write_json_atomic, write_partition
from validations.engine import validate_entity
from validations.schemas import Context

# Validation order: positions before people (kode_jabatan references), people before their records.
ORDER = ("jabatan", "uraian_tugas", "pegawai") + OPTIONAL_ENTITIES
REFERENCE_RULES = {"unknown_position", "unknown_nip", "unknown_unit"}
NIP_RULES = {"nip_birth_date_mismatch", "nip_gender_mismatch", "nip_cpns_date_mismatch", "nip_duplicate"}


@dataclass
class SnapshotOutcome:
    region_code: str
    snapshot_date: str
    status: str  # accepted | rejected | unchanged
    message: str
    files: pd.DataFrame = field(default_factory=pd.DataFrame)
    quarantined: pd.DataFrame = field(default_factory=pd.DataFrame)
    clean: dict[str, pd.DataFrame] = field(default_factory=dict)
    quality: dict[str, float] = field(default_factory=dict)


def manifest_path(paths: DataPaths, region_code: str, snapshot_date: str) -> Path:
    return paths.lake / "manifests" / region_code / f"{snapshot_date}.json"


def is_unchanged(paths: DataPaths, snap: LandingSnapshot) -> bool:
    manifest = read_json(manifest_path(paths, snap.region_code, snap.snapshot_date))
    return manifest is not None and manifest.get("checksum") == snap.checksum


def _file_row(snap, entity, path, sha, status, message, fmt=None, encoding=None, read=0, valid=0, quarantined=0):
    return {
        "entity": entity, "source_file": str(path.relative_to(path.parents[2])) if path else None,
        "sha256": sha, "file_format": fmt, "encoding": encoding, "rows_read": read, "rows_valid": valid,
        "rows_quarantined": quarantined, "status": status, "message": message,
    }


def quality_scores(files: pd.DataFrame, quarantined: pd.DataFrame, clean: dict[str, pd.DataFrame],
                   snapshot_date: str, validated_at: dt.datetime) -> dict[str, float]:
    """Data-quality dimensions (0–100) in the spirit of BKN's index; documented in docs/extract-format.md."""
    delivered = files[files["entity"].isin(REQUIRED_ENTITIES + OPTIONAL_ENTITIES) & (files["status"] != "missing")]
    coverage = delivered["entity"].nunique() / len(REQUIRED_ENTITIES + OPTIONAL_ENTITIES)
    pegawai = clean.get("pegawai")
    cells = float(pegawai[list(ENTITY_COLUMNS["pegawai"])].notna().to_numpy().mean()) if pegawai is not None and len(pegawai) else 0.0
    rows_read = int(files["rows_read"].sum())
    rows_valid = int(files["rows_valid"].sum())
    validity = rows_valid / rows_read if rows_read else 0.0
    inconsistent = int(quarantined["rule"].isin(REFERENCE_RULES | NIP_RULES).sum()) if len(quarantined) else 0
    consistency = 1 - inconsistent / rows_read if rows_read else 0.0
    lag_days = (validated_at.date() - dt.date.fromisoformat(snapshot_date)).days
    freshness = params.number("freshness_days")
    timeliness = min(1.0, max(0.0, 1 - lag_days / freshness))
    dims = {
        "completeness": 100 * (coverage + cells) / 2,
        "validity": 100 * validity,
        "consistency": 100 * consistency,
        "timeliness": 100 * timeliness,
    }
    dims["data_quality_score"] = sum(dims.values()) / len(dims)
    return {k: round(v, 2) for k, v in dims.items()}


def validate_snapshot(snap: LandingSnapshot, now: dt.datetime | None = None) -> SnapshotOutcome:
    """Read and validate every file of one delivery (pure: writes nothing)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    max_bad_share = params.number("max_quarantined_share_per_file")
    ctx = Context(snapshot_date=dt.date.fromisoformat(snap.snapshot_date))
    by_entity = {f.entity: f for f in snap.files if f.entity}
    rows, quarantine_frames, clean = [], [], {}
    rejections = list(snap.problems)

    for f in snap.files:
        if f.entity is None:
            rows.append(_file_row(snap, None, f.path, f.sha256, "skipped",
                                  f"{f.path.name}: not an entity of the extract contract; ignored"))
    for entity in ORDER:
        required = entity in REQUIRED_ENTITIES
        f = by_entity.get(entity)
        if f is None:
            if required:
                rejections.append(f"required file {entity}.(csv|xlsx|parquet) is missing")
            rows.append(_file_row(snap, entity, None, None, "missing",
                                  f"{entity}: {'required file missing' if required else 'optional file not delivered'}"))
            clean[entity] = pd.DataFrame(columns=list(ENTITY_COLUMNS[entity]))
            continue
        try:
            raw = read_extract(f.path, entity, snap.region_code)
        except ExtractReadError as exc:
            message = f"{f.path.name}: {exc.rule}: {exc.message}"
            rows.append(_file_row(snap, entity, f.path, f.sha256, "rejected", message))
            if required:
                rejections.append(message)
            clean[entity] = pd.DataFrame(columns=list(ENTITY_COLUMNS[entity]))
            continue
        if raw.missing_columns:
            message = f"{f.path.name}: required columns missing: {', '.join(raw.missing_columns)}"
            rows.append(_file_row(snap, entity, f.path, f.sha256, "rejected", message, raw.file_format,
                                  raw.encoding, read=len(raw.frame)))
            if required:
                rejections.append(message)
            clean[entity] = pd.DataFrame(columns=list(ENTITY_COLUMNS[entity]))
            continue
        result = validate_entity(entity, raw.frame, ctx)
        q = result.quarantined.assign(entity=entity, source_file=str(f.path.relative_to(f.path.parents[2])))
        quarantine_frames.append(q)
        bad_share = len(q) / result.rows_read if result.rows_read else 0.0
        notes = [f"{k}: {v}" for k, v in result.repairs.items() if v]
        if raw.extra_columns:
            notes.append("extra columns kept out of the contract: " + ", ".join(raw.extra_columns))
        if raw.encoding:
            notes.append(f"encoding {raw.encoding}, delimiter {raw.delimiter!r}")
        status, message = "accepted", f"{f.path.name}: " + ("; ".join(notes) if notes else "ok")
        if bad_share > max_bad_share:
            status = "rejected"
            message = (f"{f.path.name}: {len(q)} of {result.rows_read} rows quarantined "
                       f"({bad_share:.0%} > {max_bad_share:.0%} allowed)")
            if required:
                rejections.append(message)
        rows.append(_file_row(snap, entity, f.path, f.sha256, status, message, raw.file_format, raw.encoding,
                              result.rows_read, len(result.valid), len(q)))
        clean[entity] = result.valid if status == "accepted" else pd.DataFrame(columns=list(ENTITY_COLUMNS[entity]))
        # Downstream references only see rows that are valid themselves.
        if entity == "jabatan":
            ctx.position_codes = set(clean[entity]["kode_jabatan"].dropna())
            ctx.unit_codes = set(clean[entity]["kode_unit"].dropna())
        elif entity == "pegawai":
            ctx.nips = set(clean[entity]["nip"].dropna())

    files = pd.DataFrame(rows)
    quarantined = (pd.concat(quarantine_frames, ignore_index=True) if quarantine_frames
                   else pd.DataFrame(columns=["source_row", "rule", "message", "raw_record", "entity", "source_file"]))
    status = "rejected" if rejections else "accepted"
    message = "; ".join(rejections) if rejections else (
        f"{int(files['rows_valid'].sum())} valid rows, {len(quarantined)} quarantined")
    quality = quality_scores(files, quarantined, clean, snap.snapshot_date, now)
    return SnapshotOutcome(snap.region_code, snap.snapshot_date, status, message, files, quarantined,
                           clean if status == "accepted" else {}, quality)


def publish_snapshot(paths: DataPaths, snap: LandingSnapshot, outcome: SnapshotOutcome, run_id: str,
                     now: dt.datetime | None = None) -> None:
    """Write audit (always, kept per delivery) and clean tables (accepted only), then the manifest."""
    now = now or dt.datetime.now(dt.timezone.utc)
    delivery = f"delivery_{snap.checksum[:12]}.parquet"
    r, d = snap.region_code, snap.snapshot_date
    files = outcome.files.assign(ingested_at=now, run_id=run_id, delivery_id=snap.checksum[:12])
    write_partition(paths.audit("ingested_files"), r, d, files, delivery)
    q = outcome.quarantined.reindex(columns=["entity", "source_file", "source_row", "rule", "message", "raw_record"])
    write_partition(paths.audit("quarantined_rows"), r, d, q.assign(delivery_id=snap.checksum[:12]), delivery)
    status = pd.DataFrame([{
        "status": outcome.status, "message": outcome.message,
        "rows_read": int(outcome.files["rows_read"].sum()), "rows_valid": int(outcome.files["rows_valid"].sum()),
        "rows_quarantined": int(outcome.files["rows_quarantined"].sum()), **outcome.quality,
        "run_id": run_id, "validated_at": now, "delivery_id": snap.checksum[:12],
    }])
    write_partition(paths.audit("snapshot_status"), r, d, status, delivery)
    if outcome.status == "accepted":
        for entity, frame in outcome.clean.items():
            write_partition(paths.clean(entity), r, d, frame, schema=clean_arrow_schema(entity))
    write_json_atomic({"checksum": snap.checksum, "status": outcome.status, "message": outcome.message,
                       "run_id": run_id, "validated_at": now.isoformat()},
                      manifest_path(paths, r, d))


def accepted_snapshots(paths: DataPaths, region_code: str) -> list[str]:
    folder = paths.clean("pegawai") / f"region_code={region_code}"
    return sorted(p.name.split("=", 1)[1] for p in folder.glob("snapshot_date=*")) if folder.exists() else []


def clean_partition(paths: DataPaths, entity: str, region_code: str, snapshot_date: str) -> Path:
    return partition_path(paths.clean(entity), region_code, snapshot_date) / "data.parquet"
