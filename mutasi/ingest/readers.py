"""Reading one landing file into an all-text table with original row numbers.

CSV: delimiter (comma/semicolon) and encoding (UTF-8 with or without BOM, else Windows-1252) are
detected and recorded in the file report, never guessed silently: bytes that are neither UTF-8 nor
Windows-1252 (or a UTF-16 file) make a named file error. A row with more or fewer fields than the header
is set aside whole under the rule `row_field_count` (never padded or truncated).
XLSX: the sheet named like the entity (else the first sheet that has a header), the header row found
under any title rows, date cells turned to ISO text, numeric cells kept recognisable (an 18-digit NIP
stored as a number reads as 1.98609262015051E+17 and is *not* silently repaired).
Parquet: read as is (non-text columns rendered like the spreadsheet cells above).

Row numbers (`source_row`) are 1-based as the officer sees them: the spreadsheet row (XLSX), the CSV
record number counting the header and any title rows (a record with a line break inside a quoted value
is one row, as Excel shows it), the record number + 1 (Parquet: as if the column names were row 1, as
the table shows when opened in a spreadsheet). Completely empty rows are
not records: they are skipped and counted in the file report.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import hashlib
import io
import itertools
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mutasi.ingest.adapters import (
    Adapter,
    Preset,
    adapt,
    build_adapter,
    presets,
    unmapped_message,
    unmapped_summary,
)
from mutasi.ingest.headers import (
    ENTITY_COLUMNS,
    REQUIRED_COLUMNS,
    column_map,
    map_headers,
    normalise_header,
    region_column_map,
)
from validations.engine import raw_records

SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".parquet")
HEADER_SEARCH_ROWS = 15
DELIMITERS = (",", ";")
TEXT = pd.StringDtype("pyarrow")


# File-level problems: the file cannot be read as rows at all (documented in docs/extract-format.md).
FILE_RULES = {
    "file_empty": "the file (or the sheet used) has no content at all",
    "file_header_only": "the file has a header row but no data rows",
    "file_encoding_unknown": "a CSV whose bytes are neither UTF-8 nor Windows-1252 (or UTF-16)",
    "header_not_found": "no row among the first 15 names a column of the entity",
    "file_unreadable": "a workbook or Parquet file that cannot be opened (corrupt, password, not really XLSX)",
    "file_format_unsupported": "an extension other than .csv, .xlsx/.xlsm or .parquet",
}


class ExtractReadError(Exception):
    """A file that cannot be used at all (unreadable, empty, no header)."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule
        self.message = message


@dataclass
class RawExtract:
    entity: str
    frame: pd.DataFrame  # contract columns (all text, '' for empty), extra columns, source_row
    file_format: str
    encoding: str | None
    delimiter: str | None
    header_row: int  # 1-based row of the header in the file (Parquet: 1, its column names)
    extra_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    sheet: str | None = None
    raw_names: dict[str, str] = field(default_factory=dict)  # contract column -> header as in the file
    bad_rows: pd.DataFrame | None = None  # rows set aside while reading (source_row, rule, message, raw_record)
    blank_rows: int = 0
    notes: list[str] = field(default_factory=list)
    adapter: str = "contract form"  # how the file was read (preset and/or region map)
    preset: str | None = None
    unmapped: pd.DataFrame | None = None  # source_row, column, header, value, map, where
    derived: dict[str, str] = field(default_factory=dict)  # contract column -> how the adapter built it

    @property
    def rows_read(self) -> int:
        return len(self.frame) + (0 if self.bad_rows is None else len(self.bad_rows))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "cp1252": "Windows-1252"}


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): utf-8-sig (BOM), utf-8, or cp1252 when the bytes are not UTF-8 but are valid
    Windows-1252. Anything else is a named file error, never a guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            offset = 3 + exc.start
            line = data.count(b"\n", 0, offset) + 1
            raise ExtractReadError(
                "file_encoding_unknown",
                f"the file starts with a UTF-8 byte-order mark but is not UTF-8 (byte {data[offset]:#04x} "
                f"at offset {offset}, line {line}); save it as 'CSV UTF-8'",
            ) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise ExtractReadError(
            "file_encoding_unknown",
            "the file is UTF-16 (Excel 'Unicode Text'), not UTF-8 or Windows-1252; save it as 'CSV UTF-8'",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise ExtractReadError(
                "file_encoding_unknown",
                f"encoding is neither UTF-8 (byte {data[utf8_error.start]:#04x} at offset {utf8_error.start}) nor "
                f"Windows-1252 (byte {data[exc.start]:#04x} at offset {exc.start}, line {line}); save it as 'CSV UTF-8'",
            ) from exc


def detect_encoding(data: bytes) -> str:
    return decode(data)[1]


def _cell_to_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        # Keep what the spreadsheet stored: 15 significant digits, like Excel shows it.
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.15G}"
    if value is pd.NaT:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def _float_text(value: float) -> str:
    """`_cell_to_text` of a float cell (the common numeric cell), without its chain of type checks."""
    if value != value:  # NaN
        return ""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.15G}"


def _empty_text(value: None) -> str:
    return ""


# Exact cell types of a spreadsheet column with a shortcut to the same text `_cell_to_text` gives; any other
# type (bool, datetime, NaT, subclasses, ...) goes through `_cell_to_text` itself.
_CELL_TEXT = {float: _float_text, dt.date: dt.date.isoformat, type(None): _empty_text, int: str}


def _texts(values) -> list[str]:
    get = _CELL_TEXT.get
    return [v.strip() if type(v) is str else get(type(v), _cell_to_text)(v) for v in values]


UNNAMED = "kolom_"  # name given to a column whose header cell is empty: kolom_<position>


def _unique_headers(cells: list[object]) -> list[str]:
    names, seen = [], {"source_row": 1}  # the row-number column of the frame is reserved
    for i, cell in enumerate(cells):
        name = _cell_to_text(cell) or f"{UNNAMED}{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        seen.setdefault(name, 1)
        names.append(name)
    return names


@dataclass(frozen=True)
class Reading:
    """How a file's header is recognised: the region's renames and map, and a preset forced on it."""

    entity: str
    region_code: str
    region_map: dict[str, str]
    maps_dir: Path | None = None
    forced: Preset | None = None

    @classmethod
    def of(cls, entity: str, region_code: str, maps_dir: Path | None = None, preset: str | None = None) -> Reading:
        cmap = column_map(region_code, maps_dir)
        # The region map's choice wins over the preset a file was recognised by (the operator decides).
        name = (cmap.adapt.presets.get(entity) if cmap is not None else None) or preset
        forced = presets()[name] if name else None
        return cls(entity, region_code, region_column_map(region_code, entity, maps_dir), maps_dir, forced)

    def adapter(self, preset: Preset | None) -> Adapter:
        cmap = column_map(self.region_code, self.maps_dir)
        return build_adapter(
            self.entity,
            preset,
            self.region_map,
            cmap.adapt if cmap is not None else None,
            str(cmap.path) if cmap is not None else None,
        )


def contract_scores(reading: Reading, cells: list[object]) -> tuple[int, int]:
    """(required columns named, contract columns named) by a candidate header row in contract form."""
    named = set(
        map_headers(
            reading.entity, [c for c in cells if c not in (None, "")], reading.region_code, reading.region_map
        ).values()
    )
    return len(named & set(REQUIRED_COLUMNS[reading.entity])), len(named)


def _find_header(reading: Reading, rows: list[list[object]]) -> tuple[int, int, Preset | None]:
    """(0-based header row, score, preset) among the first rows.

    A row that names every required column in contract form (aliases, region map) is read as the
    contract. Otherwise a preset of the entity whose signature a row carries (the one that knows most of
    its headers); a preset named by the region map is always used. Else the best contract-form row (its
    missing columns are then reported)."""
    head = rows[:HEADER_SEARCH_ROWS]
    if not head:
        return 0, 0, reading.forced
    normalised = [{normalise_header(c) for c in r if c not in (None, "")} for r in head]
    if reading.forced is not None:
        known = reading.forced.known_headers() | set(reading.region_map)
        scores = [len(h & known) + contract_scores(reading, r)[1] for h, r in zip(normalised, head)]
        best = max(range(len(scores)), key=lambda i: (scores[i], -i))
        return best, scores[best], reading.forced
    contract = [contract_scores(reading, r) for r in head]
    required = len(REQUIRED_COLUMNS[reading.entity])
    complete = [i for i, (req, _) in enumerate(contract) if req == required]
    if complete:
        best = max(complete, key=lambda i: (contract[i][1], -i))
        return best, contract[best][1], None
    candidates = []
    for preset in presets().values():
        if preset.entity != reading.entity:
            continue
        known = preset.known_headers()
        for i, h in enumerate(normalised):
            if preset.matches(h):
                candidates.append((len(h & known), -i, preset.name, i, preset))
    if candidates:
        score, _, _, index, preset = max(candidates, key=lambda c: c[:3])
        return index, score, preset
    best = max(range(len(contract)), key=lambda i: (contract[i][1], -i))
    return best, contract[best][1], None


# --- CSV -----------------------------------------------------------------------------------------


def read_csv_text(path: Path) -> tuple[bytes, str, str]:
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\x1a\xef\xbb\xbf"):
        raise ExtractReadError("file_empty", "the file is empty (0 rows)")
    text, encoding = decode(data)
    return data, text, encoding


HEAD_CHARS = 1 << 18  # the header is looked for in the first rows, never further than this


def head_records(text: str, delimiter: str) -> list[list[str]]:
    return list(itertools.islice(csv.reader(io.StringIO(text[:HEAD_CHARS]), delimiter=delimiter), HEADER_SEARCH_ROWS))


def _sniff(reading: Reading, text: str) -> tuple[str, int, list[str], Preset | None]:
    """Delimiter and header row: the delimiter under which a row names most contract columns."""
    best = None
    for delimiter in DELIMITERS:
        head = head_records(text, delimiter)
        index, score, preset = _find_header(reading, head)
        width = len(head[index]) if head else 0
        key = (score, width)
        if best is None or key > best[0]:
            best = (key, delimiter, index, head[index] if head else [], preset)
    (score, _), delimiter, index, header, preset = best
    if score == 0:
        raise ExtractReadError(
            "header_not_found",
            f"no header row naming any {reading.entity} column in the first {HEADER_SEARCH_ROWS} rows "
            "(expected e.g. " + ", ".join(REQUIRED_COLUMNS[reading.entity][:4]) + "; delimiter must be ',' or ';')",
        )
    return delimiter, index, header, preset


def _arrow_body(data: bytes, encoding: str, text: str, delimiter: str, names: list[str]) -> pa.Table | None:
    """The fast path (header on the first line, every row as wide as the header): Arrow's CSV reader.
    Returns None when the file needs the exact path (ragged or blank rows, title rows)."""
    import pyarrow.csv as pcsv

    body = text.encode("utf-8") if encoding == "cp1252" else (data[3:] if encoding == "utf-8-sig" else data)
    try:
        return pcsv.read_csv(
            io.BytesIO(body),
            read_options=pcsv.ReadOptions(column_names=names, skip_rows=1, use_threads=False, block_size=1 << 24),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(
                column_types={n: pa.large_string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowKeyError, pa.ArrowNotImplementedError):
        return None


def _read_csv(path: Path, reading: Reading) -> dict:
    # No field limit while reading (the csv module's default, 131,072 characters, raised an error for a
    # pasted document in one cell): an oversized cell is a row problem, `cell_too_large`, set aside below.
    csv.field_size_limit(sys.maxsize)
    data, text, encoding = read_csv_text(path)
    delimiter, header_index, header, preset = _sniff(reading, text)
    names = _unique_headers(header)
    width = len(names)
    bad: list[dict] = []
    blank = 0
    table = None
    end = text.find("\n")
    first_line = (text if end < 0 else text[:end]).rstrip("\r")
    if header_index == 0 and next(csv.reader([first_line], delimiter=delimiter), []) == header:
        table = _arrow_body(data, encoding, text, delimiter, names)
    if table is not None:
        columns = {n: pc.utf8_trim_whitespace(table.column(i)) for i, n in enumerate(names)}
        source_row = pd.RangeIndex(2, 2 + table.num_rows)
        frame = pd.DataFrame({n: pd.array(a, dtype=TEXT) for n, a in columns.items()})
        frame["source_row"] = source_row.to_numpy()
    else:
        records = csv.reader(io.StringIO(text), delimiter=delimiter)
        good_rows, good_numbers = [], []
        for number, record in enumerate(records, start=1):
            if number <= header_index + 1:
                continue
            if not any(v.strip() for v in record):
                blank += 1
                continue
            if len(record) > width and not any(v.strip() for v in record[width:]):
                record = record[:width]  # trailing empty fields only: nothing is lost
            if len(record) != width:
                shown = dict(zip(names, (v.strip() for v in record)))
                if len(record) > width:
                    shown["_kolom_lebih"] = [v.strip() for v in record[width:]]
                bad.append(
                    {
                        "source_row": number,
                        "rule": "row_field_count",
                        "message": (
                            f"Baris berisi {len(record)} kolom, header berisi {width} kolom (pemisah "
                            f"{delimiter!r} di dalam nilai tanpa tanda kutip, atau baris terpotong?). "
                            "Baris disisihkan utuh, tidak dipotong."
                        ),
                        "raw_record": json.dumps(shown, ensure_ascii=False),
                    }
                )
                continue
            good_rows.append(record)
            good_numbers.append(number)
        columns = list(zip(*good_rows)) if good_rows else [() for _ in names]
        frame = pd.DataFrame({n: pd.array([v.strip() for v in col], dtype=TEXT) for n, col in zip(names, columns)})
        frame["source_row"] = pd.array(good_numbers, dtype="int64")
    return {
        "frame": frame,
        "format": "csv",
        "encoding": encoding,
        "delimiter": delimiter,
        "header_row": header_index + 1,
        "bad": bad,
        "blank": blank,
        "names": names,
        "preset": preset,
    }


# --- XLSX ----------------------------------------------------------------------------------------


def _choose_sheet(workbook, reading: Reading) -> tuple[str, list[list[object]], str]:
    visible = [
        m.name
        for m in workbook.sheets_metadata
        if str(m.visible).endswith("Visible") and not str(m.visible).endswith("Hidden") and "WorkSheet" in str(m.typ)
    ] or list(workbook.sheet_names)
    wanted = normalise_header(reading.entity)
    by_name = [s for s in visible if normalise_header(s) == wanted] or [
        s for s in visible if wanted in normalise_header(s)
    ]
    if by_name:
        name = by_name[0]
        return name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False), "named like the entity"
    best = None
    for name in visible:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        _, score, _ = _find_header(reading, rows)
        if best is None or score > best[0]:
            best = (score, name, rows)
        if name == visible[0] and score > 0:
            break
    return best[1], best[2], "first sheet" if best[1] == visible[0] else "the sheet that has a header"


@contextlib.contextmanager
def gc_paused():
    """Python's cyclic garbage collector off for a block that creates many short-lived objects (a sheet's
    cells as Python values, then as texts; GX's expectation configurations): the collector finds little
    or nothing there, yet each of its passes walks the objects the process holds (GX, pandera, pandas)
    and such a block triggers hundreds of them. Refcounting still frees what is not cyclic at once; the
    rest waits for the first collection after the block. Nests (restores the state it found)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_xlsx(path: Path, reading: Reading) -> dict:
    # Reading a workbook with the collector paused: 1.00 -> 0.65 s CPU for the 9 workbooks of an XLSX
    # snapshot of province 32 in a validation process (GX and pandera loaded), 2026-12-05.
    with gc_paused():
        return _read_xlsx_cells(path, reading)


def _read_xlsx_cells(path: Path, reading: Reading) -> dict:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet, rows, why = _choose_sheet(workbook, reading)
    except ExtractReadError:
        raise
    except Exception as exc:  # calamine raises several types for corrupt files
        raise ExtractReadError("file_unreadable", f"cannot open the workbook: {exc}") from exc
    if not any(_cell_to_text(c) for r in rows for c in r):
        raise ExtractReadError("file_empty", f"sheet {sheet!r} is empty (0 rows)")
    header_index, score, preset = _find_header(reading, rows)
    if score == 0:
        raise ExtractReadError(
            "header_not_found",
            f"sheet {sheet!r}: no header row naming any {reading.entity} column in the first {HEADER_SEARCH_ROWS} rows",
        )
    names = _unique_headers(rows[header_index])
    width = len(names)
    body = rows[header_index + 1 :]
    columns = list(zip(*body)) if body else [() for _ in names]
    # texts straight into Arrow (pd.array of a list re-checks every value for missing ones: 40 -> 24 ms
    # per XLSX snapshot; `_texts` gives str only)
    frame = pd.DataFrame(
        {
            n: pd.array(pa.array(_texts(col), type=pa.large_string()), dtype=TEXT)
            for n, col in zip(names, columns[:width])
        }
    )
    frame["source_row"] = pd.RangeIndex(header_index + 2, header_index + 2 + len(body)).to_numpy()
    return {
        "frame": frame,
        "format": "xlsx",
        "encoding": None,
        "delimiter": None,
        "header_row": header_index + 1,
        "bad": [],
        "blank": 0,
        "names": names,
        "sheet": sheet,
        "preset": preset,
        "sheet_note": f"sheet {sheet!r} ({why}; {len(workbook.sheet_names)} sheet(s) in the workbook)",
    }


# --- Parquet -------------------------------------------------------------------------------------


def _read_parquet(path: Path, reading: Reading) -> dict:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:
        raise ExtractReadError("file_unreadable", f"cannot read the Parquet file: {exc}") from exc
    names = _unique_headers(table.column_names)
    data = {}
    for name, column in zip(names, table.columns):
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            values = pc.fill_null(pc.utf8_trim_whitespace(column), "")
            data[name] = pd.array(values, dtype=TEXT)
        else:
            data[name] = pd.array(_texts(column.to_pylist()), dtype=TEXT)
    frame = pd.DataFrame(data)
    # No header row in the file, but counted as row 1 like the same table opened in a spreadsheet.
    frame["source_row"] = pd.RangeIndex(2, 2 + table.num_rows).to_numpy()
    return {
        "frame": frame,
        "format": "parquet",
        "encoding": None,
        "delimiter": None,
        "header_row": 1,
        "bad": [],
        "blank": 0,
        "names": names,
        "preset": _find_header(reading, [list(table.column_names)])[2],
    }


# Excel's own limit for one cell: anything longer is a pasted document, not a value of the contract.
MAX_CELL_CHARS = 32_767
SHOWN_CHARS = 200  # how much of an oversized cell the quarantine keeps (the audit stays small)
SUMMARY_ROW = re.compile(r"^\s*(jumlah|total|grand\s*total|sub\s*total|rekap(itulasi)?)\b", re.IGNORECASE)
SUMMARY_TAIL = 3  # a totals row is one of the last rows of the file


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_CHARS else f"{value[:SHOWN_CHARS]}… ({len(value):,} karakter)"


def _edge_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Rows set aside whole before any rule: a cell longer than Excel allows (`cell_too_large`) and a
    totals row at the end of an export (`summary_row`). Each is a quarantined row, never a crash."""
    columns = [c for c in frame.columns if c != "source_row"]
    if not len(frame) or not columns:
        return frame, []
    too_large = np.zeros(len(frame), dtype=bool)
    for column in columns:
        values = frame[column].array.__arrow_array__()
        # A cell has at most as many characters as bytes: a column whose longest cell is within the limit
        # in bytes (every column of a normal export) needs no character count (17 -> 5 ms per snapshot).
        longest = pc.max(pc.binary_length(values)).as_py()
        if longest is None or longest <= MAX_CELL_CHARS:
            continue
        lengths = pc.utf8_length(values.combine_chunks())
        too_large |= pc.fill_null(pc.greater(lengths, MAX_CELL_CHARS), False).to_numpy(zero_copy_only=False)
    summary = np.zeros(len(frame), dtype=bool)
    if len(frame) > 1:
        # the last rows' first cells, column by column (`iterrows` built a Series per row: 3 ms per snapshot)
        tail = [frame[c].iloc[-SUMMARY_TAIL:].tolist() for c in columns[:3]]
        for i, row in enumerate(zip(*tail), start=len(frame) - min(SUMMARY_TAIL, len(frame))):
            summary[i] = any(SUMMARY_ROW.match(str(v) or "") for v in row if isinstance(v, str))
    out = too_large | summary
    if not out.any():
        return frame, []
    bad = []
    for i in np.flatnonzero(out):
        row = frame.iloc[i]
        record = {c: _shown(str(row[c]) if row[c] is not pd.NA else "") for c in columns}
        if too_large[i]:
            big = [c for c in columns if len(str(row[c])) > MAX_CELL_CHARS]
            rule = "cell_too_large"
            message = (
                f"Sel kolom {', '.join(repr(c) for c in big)} berisi {max(len(str(row[c])) for c in big):,} karakter "
                f"(batas sel Excel {MAX_CELL_CHARS:,}): kemungkinan dokumen yang tertempel. Baris disisihkan utuh."
            )
        else:
            rule = "summary_row"
            message = "Baris jumlah/total di akhir ekspor, bukan data satu record. Baris disisihkan."
        bad.append(
            {
                "source_row": int(row["source_row"]),
                "rule": rule,
                "message": message,
                "raw_record": json.dumps(record, ensure_ascii=False),
            }
        )
    return frame.loc[~out].reset_index(drop=True), bad


def read_extract(
    path: Path, entity: str, region_code: str, maps_dir: Path | None = None, preset: str | None = None
) -> RawExtract:
    """Read one landing file as `entity`: through the contract form, or a preset recognised by its header
    signature (or named: `preset`, or by the region map), with the region map's renames, derivations and
    value maps (mutasi/ingest/adapters.py). `maps_dir`: the operator's folder of region maps."""
    reading = Reading.of(entity, region_code, maps_dir, preset)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        got = _read_csv(path, reading)
    elif suffix in (".xlsx", ".xlsm"):
        got = _read_xlsx(path, reading)
    elif suffix == ".parquet":
        got = _read_parquet(path, reading)
    else:
        raise ExtractReadError(
            "file_format_unsupported", f"unsupported file type {suffix!r}: deliver .csv, .xlsx or .parquet"
        )
    frame: pd.DataFrame = got["frame"]
    # Completely empty rows (trailing lines of spreadsheets, ';;;;' lines) are not records.
    columns = [c for c in frame.columns if c != "source_row"]
    if len(frame) and columns:
        blank_mask = np.ones(len(frame), dtype=bool)
        for column in columns:
            values = frame[column].array.__arrow_array__().combine_chunks()
            blank_mask &= pc.fill_null(pc.equal(values, ""), True).to_numpy(zero_copy_only=False)
        if blank_mask.any():
            got["blank"] += int(blank_mask.sum())
            frame = frame.loc[~blank_mask].reset_index(drop=True)
    frame, edge_rows = _edge_rows(frame)
    got["bad"] = list(got["bad"]) + edge_rows
    if frame.empty and not got["bad"]:
        raise ExtractReadError("file_header_only", "the file has a header row but no data rows")

    names = [c for c in frame.columns if c != "source_row"]
    # Columns without a header and without any value (trailing separators, formatted but empty
    # spreadsheet columns) carry nothing: not reported as extra columns.
    empty_unnamed = [
        c
        for c in names
        if c.startswith(UNNAMED)
        and c[len(UNNAMED) :].isdigit()
        and not pc.any(pc.not_equal(frame[c].array.__arrow_array__(), "")).as_py()
    ]
    if empty_unnamed:
        frame = frame.drop(columns=empty_unnamed)
        names = [c for c in names if c not in empty_unnamed]
    adapter = reading.adapter(got.get("preset"))
    mapping = map_headers(
        entity, names, region_code, reading.region_map, adapter.preset.columns if adapter.preset else None
    )
    extras = [c for c in names if c not in mapping]
    # An extra column whose header reads like a contract column already taken keeps a distinct name.
    renamed_extras = {c: f"{c} (kolom tambahan)" for c in extras if c in ENTITY_COLUMNS[entity]}
    frame = frame.rename(columns=renamed_extras)
    mapping_now = {renamed_extras.get(raw, raw): target for raw, target in mapping.items()}
    unmapped = None
    derived: dict[str, str] = {}
    if adapter.is_contract:
        frame = frame.rename(columns=mapping_now)
        raw_names = {target: raw for raw, target in mapping.items()}
    else:
        adapted = adapt(frame, adapter, mapping_now)
        frame, raw_names, derived = adapted.frame, adapted.raw_names, adapted.derived
        extras = [c for c in extras if renamed_extras.get(c, c) not in adapted.used_headers]
        if len(adapted.unmapped):
            unmapped = adapted.unmapped
            region_file = adapter.map_name or (
                f"{reading.maps_dir / region_code}.yaml" if reading.maps_dir else f"config/peta/{region_code}.yaml"
            )
            rows_out = frame["source_row"].isin(unmapped["source_row"])
            raw_cols = [c for c in frame.columns if c not in ENTITY_COLUMNS[entity] or c not in derived]
            records = raw_records(frame.loc[rows_out, [c for c in raw_cols if c != "source_row"]])
            by_row = dict(zip(frame.loc[rows_out, "source_row"].to_numpy().tolist(), records))
            quarantined = [
                {
                    "source_row": int(r.source_row),
                    "rule": "value_unmapped",
                    "message": unmapped_message(r.column, r.header, r.value, r.map, r.where, region_file),
                    "raw_record": by_row[int(r.source_row)],
                }
                for r in unmapped.itertuples(index=False)
            ]
            got["bad"] = list(got["bad"]) + quarantined
            frame = frame.loc[~rows_out].reset_index(drop=True)
    missing = [c for c in REQUIRED_COLUMNS[entity] if c not in frame.columns]
    bad = None
    if got["bad"]:
        bad = pd.DataFrame(
            {
                "source_row": np.array([b["source_row"] for b in got["bad"]], dtype="int64"),
                **{k: [b[k] for b in got["bad"]] for k in ("rule", "message", "raw_record")},
            }
        ).sort_values("source_row", kind="stable", ignore_index=True)
    for column in ENTITY_COLUMNS[entity]:
        if column not in frame.columns:
            frame[column] = pd.array([""] * len(frame), dtype=TEXT)

    notes = []
    if got["format"] == "csv":
        notes.append(
            f"encoding {got['encoding']} ({ENCODING_NAMES[got['encoding']]}"
            + (", not valid UTF-8" if got["encoding"] == "cp1252" else "")
            + f"), delimiter {got['delimiter']!r}"
        )
    if got.get("sheet_note"):
        notes.append(got["sheet_note"])
    if got["header_row"] > 1:
        notes.append(f"header on row {got['header_row']} ({got['header_row'] - 1} title row(s) above it skipped)")
    if not adapter.is_contract:
        notes.insert(0, f"read as {adapter.describe()}")
    renamed = {raw: target for raw, target in mapping.items() if raw != target and target not in derived}
    if renamed:
        notes.append("headers matched: " + ", ".join(f"{raw!r} -> {target}" for raw, target in renamed.items()))
    if derived:
        notes.append("derived: " + ", ".join(f"{c} <- {how}" for c, how in derived.items()))
    if unmapped is not None:
        notes.append(f"{len(unmapped)} row(s) with an unmapped value: {unmapped_summary(unmapped)}")
    if got["blank"]:
        notes.append(f"{got['blank']} empty row(s) skipped (not records)")
    return RawExtract(
        entity=entity,
        frame=frame,
        file_format=got["format"],
        encoding=got["encoding"],
        delimiter=got["delimiter"],
        header_row=got["header_row"],
        extra_columns=[str(c) for c in extras],
        missing_columns=missing,
        sheet=got.get("sheet"),
        raw_names=raw_names,
        bad_rows=bad,
        blank_rows=got["blank"],
        notes=notes,
        adapter=adapter.describe(),
        preset=adapter.preset.name if adapter.preset else None,
        unmapped=unmapped,
        derived=derived,
    )
