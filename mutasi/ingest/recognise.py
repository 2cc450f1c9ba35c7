"""Which entity a file delivers when its name does not say (e.g. `DATA_UTAMA_PNS_3273.xlsx`): by the
signature of its header row. An unknown or ambiguous file is reported by name, never silently ignored."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mutasi.config import ENTITIES
from mutasi.ingest.adapters import presets
from mutasi.ingest.headers import REQUIRED_COLUMNS, ColumnMapError, normalise_header
from mutasi.ingest.readers import (
    DELIMITERS,
    HEADER_SEARCH_ROWS,
    ExtractReadError,
    Reading,
    contract_scores,
    head_records,
    read_csv_text,
)


@dataclass(frozen=True)
class Candidate:
    entity: str
    preset: str | None  # None: the contract form (every required column named)
    score: int  # headers of the row the reading knows
    where: str  # sheet / row, for people


@dataclass(frozen=True)
class Recognition:
    entity: str | None
    preset: str | None
    message: str  # what was recognised, or why not
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)


def head_rows(path: Path) -> list[tuple[str, list[list[object]]]]:
    """(where, first rows) of each way the file can be read: CSV per delimiter, XLSX per visible sheet,
    Parquet its column names. Raises ExtractReadError for a file that cannot be opened."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        _, text, _ = read_csv_text(path)
        return [(f"delimiter {d!r}", head_records(text, d)) for d in DELIMITERS]
    if suffix in (".xlsx", ".xlsm"):
        from python_calamine import CalamineWorkbook

        try:
            workbook = CalamineWorkbook.from_path(str(path))
            out = []
            for meta in workbook.sheets_metadata:
                if str(meta.visible).endswith("Hidden") or "WorkSheet" not in str(meta.typ):
                    continue
                rows = []
                for row in workbook.get_sheet_by_name(meta.name).iter_rows():
                    rows.append(list(row))
                    if len(rows) >= HEADER_SEARCH_ROWS:
                        break
                out.append((f"sheet {meta.name!r}", rows))
            return out
        except Exception as exc:  # calamine raises several types for corrupt files
            raise ExtractReadError("file_unreadable", f"cannot open the workbook: {exc}") from exc
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            return [("columns", [list(pq.read_schema(path).names)])]
        except Exception as exc:
            raise ExtractReadError("file_unreadable", f"cannot read the Parquet file: {exc}") from exc
    return []


def candidates(heads: list[tuple[str, list[list[object]]]], region_code: str, maps_dir: Path | None) -> list[Candidate]:
    """Every (entity, preset) whose signature a header row carries, and every entity whose required
    columns a row names in contract form."""
    found: dict[tuple[str, str | None], Candidate] = {}
    for entity in ENTITIES:
        reading = Reading.of(entity, region_code, maps_dir)
        fitting = [p for p in presets().values() if p.entity == entity]
        for where, rows in heads:
            for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
                cells = {normalise_header(c) for c in row if c not in (None, "")}
                required, named = contract_scores(reading, row)
                options = [(None, named)] if required == len(REQUIRED_COLUMNS[entity]) else []
                options += [(p.name, len(cells & p.known_headers())) for p in fitting if p.matches(cells)]
                for preset, score in options:
                    key = (entity, preset)
                    if key not in found or score > found[key].score:
                        found[key] = Candidate(entity, preset, score, f"{where}, row {i + 1}")
    return sorted(found.values(), key=lambda c: (-c.score, c.entity, c.preset or ""))


def recognise(path: Path, region_code: str, maps_dir: Path | None = None) -> Recognition:
    """The entity (and preset) of a file not named like an entity, by the signature of its headers."""
    try:
        heads = head_rows(path)
        found = candidates(heads, region_code, maps_dir)
    except ExtractReadError as exc:
        return Recognition(None, None, f"{path.name}: not recognised: {exc.message}")
    except ColumnMapError as exc:
        return Recognition(None, None, f"{path.name}: not recognised: {exc}")
    entities = sorted({c.entity for c in found})
    if len(entities) == 1:
        best = found[0]
        how = f"preset {best.preset}" if best.preset else "contract columns"
        return Recognition(
            best.entity,
            best.preset,
            f"{path.name}: recognised as {best.entity} by its headers ({how}, {best.where})",
            tuple(found),
        )
    if len(entities) > 1:
        listed = "; ".join(f"{c.entity} ({c.preset or 'contract form'}, {c.where})" for c in found)
        return Recognition(
            None,
            None,
            f"{path.name}: ambiguous: its headers fit several entities ({listed}); rename the file to "
            "<entity>.<ext> or name it under 'files:' in the region map; ignored",
            tuple(found),
        )
    return Recognition(
        None,
        None,
        f"{path.name}: not recognised: its name is not an entity of the contract and its headers match no "
        "preset (run `mutasi inspect` on it); rename it to <entity>.<ext> or name it under 'files:' in the "
        "region map; ignored",
    )
