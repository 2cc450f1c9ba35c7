"""Reading one landing file into an all-text table with original row numbers.

CSV: delimiter (comma/semicolon) and encoding (UTF-8 with or without BOM, else Windows-1252) are
detected and recorded, never guessed silently. XLSX: the entity's sheet (or the first), the header row
found under any title rows, date cells turned to ISO text, numeric cells kept recognisable (an 18-digit
NIP stored as a number is *not* silently repaired). Parquet: read as is.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mutasi.ingest.headers import header_score, map_headers

SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".parquet")
HEADER_SEARCH_ROWS = 15


class ExtractReadError(Exception):
    """A file that cannot be used at all (unreadable, empty, no header)."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule
        self.message = message


@dataclass
class RawExtract:
    entity: str
    frame: pd.DataFrame  # contract columns present, all text ('' for empty); plus source_row
    file_format: str
    encoding: str | None
    delimiter: str | None
    header_row: int  # 1-based row of the header in the file
    extra_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def detect_encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError as exc:
        raise ExtractReadError(
            "file_encoding_unknown",
            f"encoding is neither UTF-8 nor Windows-1252 (byte {data[exc.start]:#x} at offset {exc.start})",
        ) from exc


def detect_delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _cell_to_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        # Keep what the spreadsheet stored: 15 significant digits, like Excel shows it.
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.15G}"
    return str(value).strip()


def _frame_from_rows(entity: str, rows: list[list[object]], region_code: str) -> tuple[pd.DataFrame, int]:
    """Find the header row (most contract columns named) and build a text frame below it."""
    if not rows:
        raise ExtractReadError("file_empty", "the file contains no rows")
    scores = [header_score(entity, list(r)) for r in rows[:HEADER_SEARCH_ROWS]]
    best = max(range(len(scores)), key=lambda i: scores[i])
    if scores[best] == 0:
        raise ExtractReadError(
            "header_not_found",
            f"no header row naming any {entity} column in the first {HEADER_SEARCH_ROWS} rows",
        )
    header = [_cell_to_text(c) or f"kolom_{i + 1}" for i, c in enumerate(rows[best])]
    body = rows[best + 1:]
    width = len(header)
    body = [list(r[:width]) + [""] * (width - len(r)) for r in body]
    frame = pd.DataFrame([[_cell_to_text(c) for c in r] for r in body], columns=header, dtype=object)
    frame["source_row"] = range(best + 2, best + 2 + len(frame))
    return frame, best + 1


def read_csv_text(path: Path) -> tuple[str, str, str]:
    data = path.read_bytes()
    if not data.strip():
        raise ExtractReadError("file_empty", "the file is empty")
    encoding = detect_encoding(data)
    text = data.decode(encoding)
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    return text, encoding, detect_delimiter(first_line)


def read_extract(path: Path, entity: str, region_code: str) -> RawExtract:
    suffix = path.suffix.lower()
    encoding = delimiter = None
    if suffix == ".csv":
        text, encoding, delimiter = read_csv_text(path)
        head = list(csv.reader(io.StringIO("\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])), delimiter=delimiter))
        _, header_row = _frame_from_rows(entity, head, region_code)
        # The body through pandas' C parser (fast); every cell stays text, nothing is inferred.
        try:
            frame = pd.read_csv(
                io.StringIO(text.lstrip("\ufeff")), sep=delimiter, skiprows=header_row - 1, dtype=str,
                keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c",
            ).fillna("")
            frame.columns = [c.strip() for c in frame.columns]
            frame = frame.apply(lambda s: s.str.strip())
            frame["source_row"] = range(header_row + 1, header_row + 1 + len(frame))
        except pd.errors.ParserError:
            # Ragged rows: the slower csv module keeps every row (extra fields are reported as extras).
            rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
            frame, header_row = _frame_from_rows(entity, rows, region_code)
        fmt = "csv"
    elif suffix in (".xlsx", ".xlsm"):
        try:
            sheets = pd.ExcelFile(path, engine="calamine").sheet_names
            sheet = next((s for s in sheets if s.strip().lower() == entity), sheets[0])
            raw = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object, engine="calamine")
        except Exception as exc:  # calamine raises several types for corrupt files
            raise ExtractReadError("file_unreadable", f"cannot open the workbook: {exc}") from exc
        rows = [list(r) for r in raw.itertuples(index=False, name=None)]
        frame, header_row = _frame_from_rows(entity, rows, region_code)
        fmt = "xlsx"
    elif suffix == ".parquet":
        try:
            table = pd.read_parquet(path)
        except Exception as exc:
            raise ExtractReadError("file_unreadable", f"cannot read the Parquet file: {exc}") from exc
        frame = table.astype(object).map(_cell_to_text)
        frame["source_row"] = range(1, len(frame) + 1)
        header_row, fmt = 0, "parquet"
    else:
        raise ExtractReadError("file_format_unsupported", f"unsupported file type {suffix!r}")

    if frame.empty:
        raise ExtractReadError("file_empty", "the file has a header but no data rows")
    mapping = map_headers(entity, [c for c in frame.columns if c != "source_row"], region_code)
    extras = [c for c in frame.columns if c not in mapping and c != "source_row"]
    frame = frame.rename(columns=mapping)
    # Drop rows that are entirely empty (trailing lines of spreadsheets), they are not records.
    contract_cols = list(mapping.values())
    blank = (frame[contract_cols] == "").all(axis=1) if contract_cols else pd.Series(False, index=frame.index)
    frame = frame.loc[~blank].reset_index(drop=True)
    from mutasi.ingest.headers import ENTITY_COLUMNS, REQUIRED_COLUMNS

    missing = [c for c in REQUIRED_COLUMNS[entity] if c not in frame.columns]
    for column in ENTITY_COLUMNS[entity]:
        if column not in frame.columns:
            frame[column] = ""
    return RawExtract(
        entity=entity,
        frame=frame,
        file_format=fmt,
        encoding=encoding,
        delimiter=delimiter,
        header_row=header_row,
        extra_columns=[str(c) for c in extras],
        missing_columns=missing,
    )
