"""Watching the landing area without reading whole files on every look: a cheap per-region fingerprint
(names, sizes, modification times), then checksums only for the regions whose fingerprint moved (the
landing sensor, orchestration/schedules.py). No Dagster here."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from mutasi.ingest.landing import region_folders, region_snapshots

CURSOR_VERSION = 2


def _region_files(landing: Path, code: str) -> list[Path]:
    return [p for p in (landing / code).rglob("*") if p.is_file()]


def stat_fingerprint(landing: Path, code: str) -> tuple[str, float]:
    """Cheap fingerprint of a region folder (names, sizes, mtimes) and the newest mtime in it."""
    files = _region_files(landing, code)
    entries = sorted(f"{p.relative_to(landing)}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files)
    newest = max((p.stat().st_mtime for p in files), default=0.0)
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()[:16], newest


def landing_fingerprints(landing: Path) -> dict[str, str]:
    """Cheap per-region fingerprint of the whole landing area."""
    found, _ = region_folders(landing)
    return {code: stat_fingerprint(landing, code)[0] for code in found}


def snapshot_checksums(landing: Path, code: str) -> dict[str, str]:
    """{snapshot date: checksum over the bytes of its files} — what validation compares too."""
    snapshots, _ = region_snapshots(landing, code)
    return {snap.snapshot_date: snap.checksum[:16] for snap in snapshots if snap.files}


def read_cursor(cursor: str | None) -> dict[str, dict]:
    """{region: {"stat": fingerprint, "snapshots": {date: checksum} or None}} from the sensor cursor.
    The first cursor format ({region: fingerprint}) is read too (snapshots unknown)."""
    if not cursor:
        return {}
    data = json.loads(cursor)
    if data.get("version") == CURSOR_VERSION:
        return data["regions"]
    return {code: {"stat": fp, "snapshots": None} for code, fp in data.items()}


def scan_landing(landing: Path, previous: dict[str, dict], now: float, settle: float):
    """Compare the landing area with the previous scan.

    Returns (state for the cursor, regions with a new or re-delivered snapshot, regions still settling).
    Only regions whose names/sizes/mtimes moved are hashed; a region is 'changed' when one of its
    snapshots is new or its bytes differ (a file copied again unchanged, or only touched, is not)."""
    found, _ = region_folders(landing)
    state, changed, settling = {}, {}, []
    for code in found:
        stat, newest = stat_fingerprint(landing, code)
        before = previous.get(code)
        if before and before["stat"] == stat and before.get("snapshots") is not None:
            state[code] = before
            continue
        if before and before["stat"] == stat:  # cursor of the first format: learn the checksums, no run
            state[code] = {"stat": stat, "snapshots": snapshot_checksums(landing, code)}
            continue
        if now - newest < settle:
            settling.append(code)
            if before:
                state[code] = before
            continue
        snapshots = snapshot_checksums(landing, code)
        old = (before or {}).get("snapshots") or {}
        fresh = sorted(date for date, checksum in snapshots.items() if old.get(date) != checksum)
        if fresh:
            changed[code] = fresh
        state[code] = {"stat": stat, "snapshots": snapshots}
    return state, changed, settling
