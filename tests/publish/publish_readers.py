"""Readers used by the publishing tests: every file of a package back as text values."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq

from mutasi.publish import labels


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot_tree(root: Path) -> dict[str, str]:
    """relative path -> sha256 of every file under root."""
    return {p.relative_to(root).as_posix(): sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def xlsx_cells(path: Path):
    """(sheet, coordinate, cell) for every non-empty cell of the workbook."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield sheet.title, cell.coordinate, cell


def csv_fields(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def parquet_values(path: Path) -> dict[str, list]:
    return pq.read_table(path).to_pydict()


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.tags: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]
        if tag == "style":
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "style":
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.texts.append(data)


def html_parts(path: Path) -> _TextCollector:
    parser = _TextCollector()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def package_text(package: Path) -> str:
    """Everything a reader could see in a package, as one string (for searching values)."""
    chunks = []
    for path in sorted(package.rglob("*")):
        if path.suffix in (".csv", ".html", ".json"):
            chunks.append(path.read_text(encoding="utf-8-sig"))
        elif path.suffix == ".parquet":
            for values in parquet_values(path).values():
                chunks.extend(str(v) for v in values)
        elif path.suffix == ".xlsx":
            chunks.extend(str(cell.value) for _s, _c, cell in xlsx_cells(path))
    return "\n".join(chunks)


def _created(package) -> str:
    return json.loads((package / "manifest.json").read_text(encoding="utf-8"))["created_at"]


def _workbook(path, created: str) -> dict:
    """Sheet name -> every non-empty cell (coordinate, value, type, number format); the creation time masked."""
    book = openpyxl.load_workbook(path)
    return {
        sheet.title: [
            (cell.coordinate, "<created>" if cell.value == created else cell.value, cell.data_type, cell.number_format)
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        for sheet in book.worksheets
    }


def assert_same_package(a, b) -> None:
    """Two publications of the same package: same files, same bytes of CSV, same Parquet tables, same sheets
    and cells, same HTML and manifest — apart from the time of creation."""
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    created_a, created_b = _created(a), _created(b)
    for name in files_a:
        if name.endswith(".csv"):
            assert (a / name).read_bytes() == (b / name).read_bytes(), name
        elif name.endswith(".parquet"):
            assert pq.read_table(a / name).equals(pq.read_table(b / name)), name
        elif name.endswith(".xlsx"):
            sheets_a, sheets_b = _workbook(a / name, created_a), _workbook(b / name, created_b)
            assert list(sheets_a) == list(sheets_b)
            for sheet in sheets_a:
                assert sheets_a[sheet] == sheets_b[sheet], sheet
        elif name.endswith(".html"):
            footer = re.compile(r"pada \d+ \w+ \d{4}, \d\d[.:]\d\d UTC")
            text_a, text_b = ((d / name).read_text(encoding="utf-8") for d in (a, b))
            assert footer.sub("", text_a) == footer.sub("", text_b)
        elif name == "manifest.json":
            manifest_a, manifest_b = (json.loads((d / name).read_text(encoding="utf-8")) for d in (a, b))
            for manifest in (manifest_a, manifest_b):
                del manifest["created_at"]
                manifest["files"] = [f["path"] for f in manifest["files"]]
            assert manifest_a == manifest_b


# ------------------------------------------------------------------ the scorecard's labels (issue 18)


class _Page(HTMLParser):
    """Section ids in order, the texts of the glossary-labelled elements (th, h2, h3, .label), all text."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.labelled: list[str] = []
        self.text: list[str] = []
        self._capture: list[str] | None = None
        self._tag: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("id"):
            self.sections.append(attrs["id"])
        if tag in ("th", "h2", "h3") or (tag == "div" and attrs.get("class") == "label"):
            self._capture, self._tag = [], tag

    def handle_endtag(self, tag):
        if self._capture is not None and tag == self._tag:
            self.labelled.append("".join(self._capture).strip())
            self._capture = self._tag = None

    def handle_data(self, data):
        self.text.append(data)
        if self._capture is not None:
            self._capture.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def glossary() -> set[str]:
    """Every label the glossary can produce for the columns it knows, and the story's own words."""
    words = set(labels.STORY_LABELS.values()) | set(labels.STORY_COLUMNS.values())
    for column in labels.COLUMN_LABELS:  # listed, and composed by one prefix or suffix of the glossary
        words.add(labels.column_label(column))
        words |= {labels.column_label(column + suffix) for suffix, _ in labels._SUFFIX_LABELS}
        words |= {labels.column_label(prefix + column) for prefix, _ in labels._PREFIX_LABELS}
    words |= {title for title, _ in (*labels.REGION_TABLES.values(), *labels.PROVINCE_TABLES.values())}
    return words


#: sub-headings the templates write for the detail charts' tables (each is a Bahasa phrase, not a column)
TEMPLATE_HEADINGS = {
    "Tabel per unit kerja",
    "Menurut jenis mutasi",
    "Rincian",
    "Berkas yang diterima",
    "Baris yang dikarantina menurut aturan",
    "Nilai yang belum terpetakan",
    "Tabel perbandingan",
    "Total provinsi",
    "Sesudah Rencana Kabupaten/Kota",
    "Sesudah Mutasi Antar Daerah",
}
