"""Validate one delivered region snapshot and publish it to the lake (clean tables + audit).

Every row read is either valid (lake/clean) or quarantined with its rule, file and row number
(lake/audit/quarantined_rows): for every file rows_read = rows_valid + rows_quarantined, whatever
happens to the file:

* accepted file: rows_valid rows go on, the others are quarantined under the first rule they broke;
* file rejected as a whole after its rows were read (required columns missing, or more quarantined rows
  than `max_quarantined_share_per_file`): rows_valid = 0 and *every* row is listed in quarantine, the
  broken ones under their own rule, the others under `file_rejected` (so nothing of the file is lost
  and the officer sees which rows were fine);
* file that cannot be read as rows (unreadable, wrong encoding, empty, no header, unsupported format,
  two files for one entity): rows_read = rows_valid = rows_quarantined = 0 and the file report says why.

A snapshot whose required file is missing or rejected is rejected as a whole (nothing of it reaches
lake/clean; the region's previous snapshots stay). A rejected optional file only empties that entity.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from mutasi import params
from mutasi.config import DATA_ENTITIES, OPTIONAL_ENTITIES, REQUIRED_ENTITIES, DataPaths, partition_path
from mutasi.ingest.adapters import unmapped_summary
from mutasi.ingest.headers import ENTITY_COLUMNS, ColumnMapError, clean_arrow_schema, column_map, region_map_path
from mutasi.ingest.landing import LandingFile, LandingSnapshot, entity_of
from mutasi.ingest.readers import SUPPORTED_SUFFIXES, ExtractReadError, RawExtract, read_extract
from mutasi.lake import read_json, write_json_atomic, write_partition
from validations.engine import QUARANTINE_COLUMNS, empty_quarantine, raw_records, validate_entity
from validations.schemas import OTHER_RULES, Context, key_set

# Validation order: positions before people (kode_jabatan references), people before their records.
ORDER = ("jabatan", "uraian_tugas", "pegawai") + OPTIONAL_ENTITIES
ALL_ENTITIES = REQUIRED_ENTITIES + OPTIONAL_ENTITIES
REFERENCE_RULES = {"unknown_position", "unknown_nip", "unknown_unit"}
NIP_RULES = {"nip_birth_date_mismatch", "nip_gender_mismatch", "nip_cpns_date_mismatch"}
DUPLICATE_RULES = {"nip_duplicate", "position_code_duplicate", "duplicate_key"}
CONSISTENCY_RULES = REFERENCE_RULES | NIP_RULES | DUPLICATE_RULES | {"tmt_jabatan_before_cpns"}
FILE_REJECTED = "file_rejected"


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
    return paths.manifests / region_code / f"{snapshot_date}.json"


def is_unchanged(paths: DataPaths, snap: LandingSnapshot) -> bool:
    """A re-delivery with the same bytes (same checksum over every file) as the last one validated."""
    manifest = read_json(manifest_path(paths, snap.region_code, snap.snapshot_date))
    return manifest is not None and manifest.get("checksum") == snap.checksum


def _source_file(path: Path | None) -> str | None:
    return str(path.relative_to(path.parents[2])) if path is not None else None


def _file_row(snap, entity, path, sha, status, message, fmt=None, encoding=None, read=0, valid=0, quarantined=0):
    return {
        "entity": entity,
        "source_file": _source_file(path),
        "sha256": sha,
        "file_format": fmt,
        "encoding": encoding,
        "rows_read": read,
        "rows_valid": valid,
        "rows_quarantined": quarantined,
        "status": status,
        "message": message,
    }


def _optional_number(name: str, default: float) -> float:
    """A parameter that older parameter tables may not have yet (the default keeps the older behaviour)."""
    try:
        return params.number(name)
    except KeyError:
        return default


def quality_scores(
    files: pd.DataFrame,
    quarantined: pd.DataFrame,
    clean: dict[str, pd.DataFrame],
    snapshot_date: str,
    validated_at: dt.datetime,
    arrived_at: dt.datetime | None = None,
) -> dict[str, float]:
    """Data-quality dimensions (0–100) in the spirit of BKN's index; formulas in docs/extract-format.md.

    completeness = 50 × (accepted personnel-data entity files / 9; the decision loop's keputusan/keberatan
                   are not counted) + 50 × (filled share of the expected pegawai cells of the valid rows;
                   golongan and tmt_cpns are expected for PNS/CPNS only)
    validity     = 100 × (1 − rows quarantined under a row rule / rows read)   [file_rejected not counted]
    consistency  = 100 × (1 − rows quarantined under a consistency rule / rows read)
    timeliness   = 100 × clamp(1 − days from the snapshot date to its arrival / freshness_days, 0, 1)
    data_quality_score = mean of the four.
    """
    files = files if len(files) else pd.DataFrame(columns=["entity", "status", "rows_read"])
    accepted = files[files["entity"].isin(DATA_ENTITIES) & (files["status"] == "accepted")]["entity"].nunique()
    pegawai = clean.get("pegawai")
    if pegawai is not None and len(pegawai):
        cells = pegawai[list(ENTITY_COLUMNS["pegawai"])].notna()
        asn = pegawai["status_kepegawaian"].isin(["PNS", "CPNS"]).to_numpy()
        expected = np.ones(cells.shape, dtype=bool)
        for column in ("golongan", "tmt_cpns"):
            expected[:, cells.columns.get_loc(column)] = asn
        filled = float((cells.to_numpy() & expected).sum() / expected.sum()) if expected.sum() else 0.0
    else:
        filled = 0.0
    rows_read = int(pd.to_numeric(files["rows_read"]).sum())
    rules = quarantined["rule"] if len(quarantined) else pd.Series(dtype=object)
    invalid = int((rules != FILE_REJECTED).sum())
    inconsistent = int(rules.isin(CONSISTENCY_RULES).sum())
    validity = 1 - invalid / rows_read if rows_read else 0.0
    consistency = 1 - inconsistent / rows_read if rows_read else 0.0
    arrival = min(arrived_at or validated_at, validated_at)
    lag_days = max(0, (arrival.date() - dt.date.fromisoformat(snapshot_date)).days)
    freshness = params.number("freshness_days")
    timeliness = min(1.0, max(0.0, 1 - lag_days / freshness))
    dims = {
        "completeness": 50 * accepted / len(DATA_ENTITIES) + 50 * filled,
        "validity": 100 * validity,
        "consistency": 100 * consistency,
        "timeliness": 100 * timeliness,
    }
    dims["data_quality_score"] = sum(dims.values()) / len(dims)
    return {k: round(v, 2) for k, v in dims.items()}


def _arrival(snap: LandingSnapshot) -> dt.datetime | None:
    stamps = [f.path.stat().st_mtime for f in snap.files if f.path.exists()]
    return dt.datetime.fromtimestamp(max(stamps), dt.UTC) if stamps else None


def _whole_file_quarantine(raw: RawExtract, rejected: pd.DataFrame, reason: str) -> pd.DataFrame:
    """Every row of a file rejected as a whole: rows already quarantined keep their rule, the others are
    listed under `file_rejected`."""
    listed = set(rejected["source_row"].tolist())
    rest = raw.frame[~raw.frame["source_row"].isin(listed)]
    others = pd.DataFrame(
        {
            "source_row": rest["source_row"].to_numpy(dtype="int64"),
            "rule": FILE_REJECTED,
            "message": f"{OTHER_RULES[FILE_REJECTED].message} Alasan: {reason}",
            "raw_record": raw_records(rest, raw.raw_names),
        }
    )
    return pd.concat([rejected, others], ignore_index=True).sort_values("source_row", kind="stable")


def _skipped_message(f: LandingFile, snap: LandingSnapshot) -> str:
    if f.recognition is not None:
        return f.recognition.message
    if entity_of(f.path, snap.region_code, snap.maps_dir) and f.path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return (
            f"{f.path.name}: file format {f.path.suffix!r} is not supported (deliver .csv, .xlsx or .parquet); ignored"
        )
    return f"{f.path.name}: not an entity of the extract contract; ignored"


def validate_snapshot(
    snap: LandingSnapshot, now: dt.datetime | None = None, recommended: set[str] | None = None
) -> SnapshotOutcome:
    """Read and validate every file of one delivery (pure: writes nothing). ``recommended``: the
    "nip|kode_jabatan" moves of the region's earlier plans (keputusan_mutasi is checked against them;
    None when there is no earlier plan)."""
    now = now or dt.datetime.now(dt.UTC)
    max_bad_share = params.number("max_quarantined_share_per_file")
    min_rows = _optional_number("quarantine_share_min_rows", 0)
    ctx = Context(snapshot_date=dt.date.fromisoformat(snap.snapshot_date), recommended=recommended)
    rows, quarantine_frames, clean = [], [], {}
    rejections: list[str] = []
    by_entity: dict[str, list[LandingFile]] = {}
    try:
        column_map(snap.region_code, snap.maps_dir)
        map_problem = None
    except ColumnMapError as exc:
        map_problem = str(exc)
        rejections.append(map_problem)

    for f in snap.files:
        if f.entity is None:
            rows.append(_file_row(snap, None, f.path, f.sha256, "skipped", _skipped_message(f, snap)))
        else:
            by_entity.setdefault(f.entity, []).append(f)

    def empty(entity: str) -> pd.DataFrame:
        return pd.DataFrame(columns=list(ENTITY_COLUMNS[entity]))

    for entity in ORDER:
        required = entity in REQUIRED_ENTITIES
        delivered = by_entity.get(entity, [])
        usable = False
        if not delivered:
            unsupported = [
                f.path.name
                for f in snap.files
                if f.entity is None and entity_of(f.path, snap.region_code, snap.maps_dir) == entity
            ]
            hint = f" ({', '.join(unsupported)} found: format not supported)" if unsupported else ""
            if required:
                rejections.append(f"required file {entity}.(csv|xlsx|parquet) is missing{hint}")
            rows.append(
                _file_row(
                    snap,
                    entity,
                    None,
                    None,
                    "missing",
                    f"{entity}: {'required file missing' if required else 'optional file not delivered'}{hint}",
                )
            )
            clean[entity] = empty(entity)
        elif len(delivered) > 1 or map_problem:
            message = map_problem or (
                f"two files for {entity}: {' and '.join(f.path.name for f in delivered)}; "
                "deliver exactly one file per entity"
            )
            for f in delivered:
                rows.append(_file_row(snap, entity, f.path, f.sha256, "rejected", f"{f.path.name}: {message}"))
            if required and not map_problem:
                rejections.append(message)
            clean[entity] = empty(entity)
        else:
            f = delivered[0]
            usable = _validate_file(
                snap,
                entity,
                f,
                ctx,
                max_bad_share,
                min_rows,
                rows,
                quarantine_frames,
                clean,
                rejections if required else None,
            )
        # Downstream references only see rows that passed their own rules. When the referenced file could
        # not be read at all, references are not checked (the snapshot is rejected for that file anyway).
        if entity == "jabatan":
            frame = clean[entity] if usable else None
            ctx.position_codes = key_set(frame["kode_jabatan"]) if frame is not None else None
            ctx.unit_codes = key_set(frame["kode_unit"]) if frame is not None else None
        elif entity == "pegawai":
            ctx.nips = key_set(clean[entity]["nip"]) if usable else None

    files = pd.DataFrame(
        rows,
        columns=[
            "entity",
            "source_file",
            "sha256",
            "file_format",
            "encoding",
            "rows_read",
            "rows_valid",
            "rows_quarantined",
            "status",
            "message",
        ],
    )
    quarantined = (
        pd.concat(quarantine_frames, ignore_index=True)
        if quarantine_frames
        else empty_quarantine().assign(entity=pd.Series(dtype=object), source_file=pd.Series(dtype=object))
    )
    status = "rejected" if rejections else "accepted"
    message = (
        "; ".join(rejections)
        if rejections
        else (f"{int(files['rows_valid'].sum())} valid rows, {len(quarantined)} quarantined")
    )
    # Clean tables hold accepted files only (a rejected optional file leaves its entity empty).
    accepted_entities = set(files.loc[files["status"] == "accepted", "entity"])
    published = {e: (c if e in accepted_entities else empty(e)) for e, c in clean.items()}
    quality = quality_scores(files, quarantined, published, snap.snapshot_date, now, _arrival(snap))
    return SnapshotOutcome(
        snap.region_code,
        snap.snapshot_date,
        status,
        message,
        files,
        quarantined,
        published if status == "accepted" else {},
        quality,
    )


def _validate_file(
    snap: LandingSnapshot,
    entity: str,
    f: LandingFile,
    ctx: Context,
    max_bad_share: float,
    min_rows: float,
    rows: list,
    quarantine_frames: list,
    clean: dict,
    rejections: list | None,
) -> bool:
    """Read and validate one file; append its report row and quarantine. Returns whether its rows could
    be checked (False: unreadable or required columns missing)."""
    name = f.path.name
    source = _source_file(f.path)
    try:
        raw = read_extract(f.path, entity, snap.region_code, snap.maps_dir, f.preset)
    except (ExtractReadError, ColumnMapError) as exc:
        message = f"{name}: {exc.rule}: {exc.message}" if isinstance(exc, ExtractReadError) else f"{name}: {exc}"
        rows.append(_file_row(snap, entity, f.path, f.sha256, "rejected", message))
        if rejections is not None:
            rejections.append(message)
        clean[entity] = pd.DataFrame(columns=list(ENTITY_COLUMNS[entity]))
        return False
    notes = list(raw.notes)
    if f.recognition is not None:
        notes.insert(0, f.recognition.message.split(": ", 1)[1])
    if raw.extra_columns:
        notes.append("extra columns kept out of the contract (in the raw record only): " + ", ".join(raw.extra_columns))
    bad_rows = raw.bad_rows if raw.bad_rows is not None else empty_quarantine()
    if raw.missing_columns:
        reason = f"required columns missing: {', '.join(raw.missing_columns)}"
        q = _whole_file_quarantine(raw, bad_rows, reason)
        message = f"{name}: {reason}; all {raw.rows_read} rows set aside ({'; '.join(notes)})"
        rows.append(
            _file_row(
                snap,
                entity,
                f.path,
                f.sha256,
                "rejected",
                message,
                raw.file_format,
                raw.encoding,
                raw.rows_read,
                0,
                len(q),
            )
        )
        quarantine_frames.append(q.assign(entity=entity, source_file=source))
        if rejections is not None:
            rejections.append(f"{name}: {reason}")
        clean[entity] = pd.DataFrame(columns=list(ENTITY_COLUMNS[entity]))
        return False

    result = validate_entity(entity, raw.frame, ctx, raw.raw_names)
    q = pd.concat([bad_rows, result.quarantined], ignore_index=True) if len(bad_rows) else result.quarantined
    q = q.sort_values("source_row", kind="stable").reset_index(drop=True)
    rows_read = raw.rows_read
    bad_share = len(q) / rows_read if rows_read else 0.0
    notes += [f"{k}: {v}" for k, v in result.repairs.items() if v]
    if ctx.position_codes is None and entity in ("pegawai", "uraian_tugas"):
        notes.append("kode_jabatan not checked: the jabatan file is unusable")
    if ctx.nips is None and entity not in REQUIRED_ENTITIES:
        notes.append("nip not checked against pegawai: the pegawai file is unusable")
    clean[entity] = result.valid
    if bad_share > max_bad_share and rows_read >= min_rows:
        reason = (
            f"{len(q)} of {rows_read} rows broke a rule ({bad_share:.0%} > {max_bad_share:.0%} allowed; "
            "the export is probably broken)"
        )
        if raw.unmapped is not None and len(raw.unmapped):
            region_file = f"{snap.maps_dir / snap.region_code}.yaml" if snap.maps_dir else "the region map"
            reason += (
                f"; values not mapped: {unmapped_summary(raw.unmapped)} (add them under values: in {region_file}; "
                "`mutasi inspect` drafts it)"
            )
        q = _whole_file_quarantine(raw, q, reason)
        rows.append(
            _file_row(
                snap,
                entity,
                f.path,
                f.sha256,
                "rejected",
                f"{name}: {reason}",
                raw.file_format,
                raw.encoding,
                rows_read,
                0,
                len(q),
            )
        )
        if rejections is not None:
            rejections.append(f"{name}: {reason}")
    else:
        message = f"{name}: " + ("; ".join(notes) if notes else "ok")
        if len(q):
            counts = q["rule"].value_counts()
            message += "; quarantined: " + ", ".join(f"{rule} {n}" for rule, n in counts.items())
        rows.append(
            _file_row(
                snap,
                entity,
                f.path,
                f.sha256,
                "accepted",
                message,
                raw.file_format,
                raw.encoding,
                rows_read,
                len(result.valid),
                len(q),
            )
        )
    quarantine_frames.append(q.reindex(columns=QUARANTINE_COLUMNS).assign(entity=entity, source_file=source))
    return True


def publish_snapshot(
    paths: DataPaths, snap: LandingSnapshot, outcome: SnapshotOutcome, run_id: str, now: dt.datetime | None = None
) -> None:
    """Write audit (always, kept per delivery) and clean tables (accepted only), then the manifest."""
    now = now or dt.datetime.now(dt.UTC)
    delivery = f"delivery_{snap.checksum[:12]}.parquet"
    r, d = snap.region_code, snap.snapshot_date
    files = outcome.files.assign(ingested_at=now, run_id=run_id, delivery_id=snap.checksum[:12])
    write_partition(paths.audit("ingested_files"), r, d, files, delivery)
    q = outcome.quarantined.reindex(columns=["entity", "source_file", "source_row", "rule", "message", "raw_record"])
    write_partition(paths.audit("quarantined_rows"), r, d, q.assign(delivery_id=snap.checksum[:12]), delivery)
    status = pd.DataFrame(
        [
            {
                "status": outcome.status,
                "message": outcome.message,
                "rows_read": int(outcome.files["rows_read"].sum()),
                "rows_valid": int(outcome.files["rows_valid"].sum()),
                "rows_quarantined": int(outcome.files["rows_quarantined"].sum()),
                **outcome.quality,
                "run_id": run_id,
                "validated_at": now,
                "delivery_id": snap.checksum[:12],
            }
        ]
    )
    write_partition(paths.audit("snapshot_status"), r, d, status, delivery)
    if outcome.status == "accepted":
        for entity, frame in outcome.clean.items():
            write_partition(paths.clean(entity), r, d, frame, schema=clean_arrow_schema(entity))
    write_json_atomic(
        {
            "checksum": snap.checksum,
            "status": outcome.status,
            "message": outcome.message,
            "run_id": run_id,
            "validated_at": now.isoformat(),
            # Provenance of the reading: which preset read each file, and the region map (with its crosswalks)
            # by content hash: a changed map changes the checksum above, so the delivery is read again.
            "region_map": _region_map_provenance(snap),
            "files": [
                {"file": f.path.name, "sha256": f.sha256, "entity": f.entity, "preset": f.preset} for f in snap.files
            ],
        },
        manifest_path(paths, r, d),
    )


def _region_map_provenance(snap: LandingSnapshot) -> dict | None:
    path = region_map_path(snap.region_code, snap.maps_dir)
    return None if path is None else {"path": str(path), "sha256": snap.map_digest}


def accepted_snapshots(paths: DataPaths, region_code: str) -> list[str]:
    folder = paths.clean("pegawai") / f"region_code={region_code}"
    return sorted(p.name.split("=", 1)[1] for p in folder.glob("snapshot_date=*")) if folder.exists() else []


def clean_partition(paths: DataPaths, entity: str, region_code: str, snapshot_date: str) -> Path:
    return partition_path(paths.clean(entity), region_code, snapshot_date) / "data.parquet"


def add_missing_entity_partitions(paths: DataPaths) -> list[str]:
    """A lake written before an optional entity existed (e.g. keputusan_mutasi, issue 16): every accepted
    snapshot gets an empty partition of it with the contract's columns, so dbt's sources read the same
    tables for every snapshot. Idempotent; returns the partitions written."""
    written = []
    accepted = sorted(paths.clean("pegawai").glob("region_code=*/snapshot_date=*"))
    for entity in ALL_ENTITIES:
        for folder in accepted:
            region, date = folder.parent.name.split("=", 1)[1], folder.name.split("=", 1)[1]
            if not any(folder.glob("*.parquet")) or partition_path(paths.clean(entity), region, date).is_dir():
                continue
            empty = pd.DataFrame(columns=list(ENTITY_COLUMNS[entity]))
            write_partition(paths.clean(entity), region, date, empty, schema=clean_arrow_schema(entity))
            written.append(f"{entity}/{region}/{date}")
    return written
