"""Readers used by the publishing tests: every file of a package back as text values."""

from __future__ import annotations

import csv
import hashlib
import io
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq


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
