"""Real-world damage of regency extracts (SPEC §4), applied to a share of rows and recorded by name.

Damage is planned on the logical table (typed values) and returned as a row order (with inserted
duplicate rows) plus cell overrides. Each override carries the text a CSV/Parquet file gets and the value
an XLSX cell gets (e.g. a NIP stored as a number is the text ``1.98609262015051E+17`` in CSV and a
numeric cell in XLSX), so the writers stay format-specific and the damage stays format-neutral.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .dates import excel_serial


@dataclass(frozen=True)
class DamageKind:
    name: str
    description: str
    recoverable: bool  # True: validation should repair/normalise it rather than quarantine the row


DAMAGE_KINDS: dict[str, DamageKind] = {
    k.name: k
    for k in (
        DamageKind(
            "nip_scientific",
            "NIP stored as a number by a spreadsheet, written in scientific notation "
            "(1.98609262015051E+17; a numeric cell in XLSX): digits 16-18 are lost",
            False,
        ),
        DamageKind("nip_truncated", "NIP stored as a number: digits 16-18 turned to zeros (198609262015051000)", False),
        DamageKind(
            "nip_spaced", "NIP written with spaces or dots (19860926 201505 1 001, 19860926.201505.1.001)", True
        ),
        DamageKind("nip_duplicate", "the same pegawai row delivered twice (duplicated NIP)", False),
        DamageKind(
            "date_excel_serial", "a date written as an Excel serial number (31680; a plain number cell in XLSX)", True
        ),
        DamageKind("birthdate_mismatch", "tanggal_lahir differs from NIP digits 1-8", False),
        DamageKind("gender_mismatch", "jenis_kelamin differs from NIP digit 15", False),
        DamageKind("invalid_golongan", "golongan outside I/a..IV/e (e.g. III/e, V/a)", False),
        DamageKind("invalid_status", "status_kepegawaian outside PNS/CPNS/PPPK (e.g. HONORER)", False),
        DamageKind("unknown_kode_jabatan", "kode_jabatan that does not exist in jabatan", False),
        DamageKind("tmt_jabatan_future", "tmt_jabatan after the snapshot date", False),
        DamageKind("competency_out_of_range", "a competency level outside 1-5 (0, 6, 7, 9)", False),
        DamageKind("ikm_out_of_range", "nilai_ikm outside 25-100", False),
    )
}

# Relative frequency of each kind per entity (only pegawai and the optional entities are damaged).
KINDS_BY_ENTITY: dict[str, dict[str, float]] = {
    "pegawai": {
        "nip_scientific": 1.0,
        "nip_truncated": 1.0,
        "nip_spaced": 1.5,
        "nip_duplicate": 1.0,
        "date_excel_serial": 1.0,
        "birthdate_mismatch": 1.0,
        "gender_mismatch": 1.0,
        "invalid_golongan": 0.8,
        "invalid_status": 0.8,
        "unknown_kode_jabatan": 1.0,
        "tmt_jabatan_future": 1.0,
    },
    "asesmen_kompetensi": {
        "competency_out_of_range": 3.0,
        "nip_scientific": 1.0,
        "nip_spaced": 1.0,
        "date_excel_serial": 1.0,
    },
    "kinerja": {"nip_scientific": 1.0, "nip_truncated": 1.0, "nip_spaced": 1.0},
    "diklat": {"nip_spaced": 1.0, "nip_scientific": 1.0, "date_excel_serial": 1.0},
    "hukuman_disiplin": {"nip_spaced": 1.0, "date_excel_serial": 1.0},
    "preferensi_mutasi": {"nip_scientific": 1.0, "nip_spaced": 1.0},
    "survei_kepuasan": {"ikm_out_of_range": 1.0},
}
DATE_FIELDS = {
    "pegawai": ("tanggal_lahir", "tmt_cpns", "tmt_jabatan"),
    "asesmen_kompetensi": ("tanggal_asesmen",),
    "diklat": ("tanggal_selesai",),
    "hukuman_disiplin": ("tanggal_mulai", "tanggal_selesai"),
}


@dataclass
class Override:
    row: int  # position in the written table (after duplicate rows are inserted)
    column: str
    kind: str
    text: object  # value for CSV / Parquet: str, or a date formatted by the region's date style
    cell: object  # value for XLSX: str, int, float or date


@dataclass
class DamagePlan:
    order: np.ndarray  # positions of the clean table's rows, in written order (duplicates repeated)
    overrides: list[Override]
    kinds: dict[str, int]
    rows: list[tuple[int, str, str]]  # (written row, kind, column)


def _spread(rng: np.random.Generator, weights: dict[str, float], k: int) -> list[str]:
    """k kinds proportional to weights: the whole part of each share is fixed, the remaining rows go to
    distinct kinds drawn with probability proportional to the fractional parts (so rare kinds rotate)."""
    names = list(weights)
    w = np.array([weights[n] for n in names], dtype=float)
    raw = w / w.sum() * k
    counts = np.floor(raw).astype(int)
    rest = k - int(counts.sum())
    if rest > 0:
        frac = raw - counts
        # Gumbel top-k = weighted sampling without replacement
        key = np.log(np.maximum(frac, 1e-12)) + rng.gumbel(size=len(names))
        counts[np.argsort(-key, kind="stable")[:rest]] += 1
    out = [n for n, c in zip(names, counts) for _ in range(c)]
    rng.shuffle(out)
    return out


def _nip_digits(value: object) -> str:
    return "".join(ch for ch in str(value) if ch.isdigit())


def plan_damage(
    rng: np.random.Generator, entity: str, table: pd.DataFrame, share: float, snapshot: dt.date
) -> DamagePlan:
    n = len(table)
    weights = KINDS_BY_ENTITY.get(entity)
    if not weights or share <= 0 or n == 0:
        return DamagePlan(np.arange(n), [], {}, [])
    k = min(int(round(share * n)), n)
    kinds = _spread(rng, weights, k)
    rows = np.sort(rng.choice(n, size=k, replace=False)) if k else np.zeros(0, dtype=np.int64)
    assigned = dict(zip(rows.tolist(), kinds))
    # written order: a duplicated row is followed by its copy
    dup_src = sorted(r for r, kind in assigned.items() if kind == "nip_duplicate")
    order = np.arange(n)
    if dup_src:
        order = np.insert(order, np.searchsorted(order, dup_src, side="right"), dup_src)
    # position in the written table of each clean row (first occurrence) and of each copy
    first_pos = np.searchsorted(order, np.arange(n), side="left")
    overrides: list[Override] = []
    log: list[tuple[int, str, str]] = []
    counts: dict[str, int] = {}
    cols = table.columns
    arrays = {c: table[c].to_numpy() for c in cols}
    for r, kind in sorted(assigned.items()):
        pos = int(first_pos[r])
        row = {c: a[r] for c, a in arrays.items()}
        column = "nip" if "nip" in cols else ""
        if kind == "nip_scientific":
            digits = _nip_digits(row["nip"])
            text = f"{float(digits):.14E}"
            overrides.append(Override(pos, "nip", kind, text, float(text)))
        elif kind == "nip_truncated":
            digits = _nip_digits(row["nip"])
            text = digits[:15] + "000"
            overrides.append(Override(pos, "nip", kind, text, text))
        elif kind == "nip_spaced":
            d = _nip_digits(row["nip"])
            sep = " " if rng.random() < 0.6 else "."
            text = sep.join((d[:8], d[8:14], d[14], d[15:]))
            overrides.append(Override(pos, "nip", kind, text, text))
        elif kind == "nip_duplicate":
            pos += 1  # the copy is the damaged row
        elif kind == "date_excel_serial":
            options = [c for c in DATE_FIELDS[entity] if not pd.isna(row[c])]
            column = options[int(rng.integers(len(options)))]
            serial = int(excel_serial(np.array([row[column]], dtype="datetime64[D]"))[0])
            overrides.append(Override(pos, column, kind, str(serial), serial))
        elif kind == "birthdate_mismatch":
            column = "tanggal_lahir"
            shift = int(rng.integers(1, 400)) * (1 if rng.random() < 0.5 else -1)
            value = (np.datetime64(row[column], "D") + np.timedelta64(shift, "D")).astype(dt.date)
            overrides.append(Override(pos, column, kind, value, value))
        elif kind == "gender_mismatch":
            column = "jenis_kelamin"
            value = "P" if row[column] == "L" else "L"
            overrides.append(Override(pos, column, kind, value, value))
        elif kind == "invalid_golongan":
            column = "golongan"
            value = ("III/e", "V/a", "II/f", "IV/z")[int(rng.integers(4))]
            overrides.append(Override(pos, column, kind, value, value))
        elif kind == "invalid_status":
            column = "status_kepegawaian"
            value = ("HONORER", "PTT", "Honorer", "THL")[int(rng.integers(4))]
            overrides.append(Override(pos, column, kind, value, value))
        elif kind == "unknown_kode_jabatan":
            column = "kode_jabatan"
            value = f"{str(row[column])[:-3]}9{int(rng.integers(0, 100)):02d}"
            overrides.append(Override(pos, column, kind, value, value))
        elif kind == "tmt_jabatan_future":
            column = "tmt_jabatan"
            value = snapshot + dt.timedelta(days=int(rng.integers(15, 400)))
            overrides.append(Override(pos, column, kind, value, value))
        elif kind == "competency_out_of_range":
            column = ("kompetensi_teknis", "kompetensi_manajerial", "kompetensi_sosiokultural")[int(rng.integers(3))]
            value = (0, 6, 7, 9)[int(rng.integers(4))]
            overrides.append(Override(pos, column, kind, str(value), value))
        elif kind == "ikm_out_of_range":
            column = "nilai_ikm"
            value = round(float(rng.uniform(0, 24.5)) if rng.random() < 0.5 else float(rng.uniform(100.5, 150)), 2)
            overrides.append(Override(pos, column, kind, f"{value:.2f}", value))
        else:  # pragma: no cover - guarded by KINDS_BY_ENTITY
            raise ValueError(kind)
        counts[kind] = counts.get(kind, 0) + 1
        log.append((pos, kind, column))
    return DamagePlan(order, overrides, counts, log)
