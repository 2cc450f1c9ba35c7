"""The adapter layer between landing and validation: real SIASN/SIMPEG/ANJAB exports -> the contract.

A file is read through an *adapter*: the contract form itself (header renames only, as always), or a
shipped *preset* (mutasi/ingest/presets/*.yaml: SIASN data utama, a generic SIMPEG export, ANJAB/ABK
positions and tasks) recognised by its header signature, overlaid by the region's own map file
(docs/extract-format.md, "Mengirim ekspor SIASN/SIMPEG/ANJAB apa adanya"). Everything a real export needs
is declared, nothing region-specific is code:

* ``columns``: header renames;
* ``derive``: contract columns built from the export's columns (operations below, each with an optional
  ``otherwise`` used when its source columns are absent);
* ``values``: value maps per contract column (shipped maps in presets/value_maps.yaml, inline spellings,
  or a crosswalk file between the ids of two applications). A non-empty raw value that no map knows is a
  row problem ``value_unmapped`` naming the column, the value and the map to edit; nothing is guessed.

Derive operations (every header may be a list of alternative spellings; the first present one is used):
``first_of: [h, ...]`` the first non-empty value; ``titles: {depan, nama, belakang}`` the full name with
titles ("Dr. Budi, S.Sos., M.Si."); ``compose: [h, ...]`` + ``sep`` a composite key (a post = UNOR ID +
JABATAN ID when the JABATAN ID is a national reference); ``major_of: h`` the major of a degree name
("S-1 Ilmu Pemerintahan" -> "Ilmu Pemerintahan"); ``level: {columns: [UNOR (1), UNOR (2), ...], level: n}``
the unit at level n of a flattened tree (the deepest filled one above it when shorter); ``job_type:
{jenis, eselon}`` struktural + eselon -> JPT/administrator/pengawas; ``scale: {column, factor}`` a unit
conversion (hours -> minutes); ``per_year: {column, map}`` a frequency word -> occurrences per year;
``constant: v`` (+ ``when: h``) a fixed value.

Pure functions of DataFrames; no Dagster.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from validations.contract import ENTITY_COLUMNS

PRESETS_DIR = Path(__file__).resolve().parent / "presets"
VALUE_MAPS_FILE = PRESETS_DIR / "value_maps.yaml"
UNMAPPED = "value_unmapped"
TEXT = pd.StringDtype("pyarrow")
OPERATIONS = ("first_of", "titles", "compose", "major_of", "level", "job_type", "scale", "per_year", "constant")

_NOISE = re.compile(r"[\s._\-/()]+")


@lru_cache(maxsize=65536)
def _norm_text(name: str) -> str:
    return _NOISE.sub("", name.strip().lower())


def norm(name: object) -> str:
    """Headers and file names compare ignoring case, spaces, dots, underscores, dashes, slashes, brackets."""
    return _norm_text(str(name))


def value_key(value: str) -> str:
    """Loose value comparison: like headers, and numbers without leading zeros ("05" = "5")."""
    key = _NOISE.sub("", value.strip().lower())
    return key.lstrip("0") or key if key.isdigit() else key


class AdapterError(ValueError):
    """A preset or region map that cannot be used (names its file and the problem)."""


# --- value maps ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueMap:
    name: str
    mapping: dict[str, str]  # key (value_key, or the trimmed text for exact maps) -> contract value
    where: str  # what to edit to add a spelling (shown in the unmapped message)
    exact: bool = False  # crosswalks compare ids as written (trimmed); shipped maps loosely
    source: str = ""
    closed: bool = True  # False: values it does not know pass as written (a region's spellings for a free column)
    pattern: str | None = None  # a value not in the map that holds exactly one match of this is read as the match

    def lookup(self, value: str) -> str | None:
        target = self.mapping.get(self.key(value))
        if target is None and self.pattern:
            found = re.findall(self.pattern, value)
            matches = {self.mapping.get(self.key("".join(m) if isinstance(m, tuple) else m)) for m in found}
            if len(matches) == 1:
                target = matches.pop()
        return target

    def key(self, value: str) -> str:
        return value.strip() if self.exact else value_key(value)

    def extended(self, extra: dict[str, str], where: str) -> ValueMap:
        merged = {**self.mapping, **{self.key(k): v for k, v in extra.items()}}
        return ValueMap(self.name, merged, where, self.exact, self.source, self.closed, self.pattern)


def _yaml(path: Path) -> object:
    import yaml

    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise AdapterError(f"{path.name}: cannot be read: {exc}") from exc


@cache
def shipped_value_maps() -> dict[str, ValueMap]:
    data = _yaml(VALUE_MAPS_FILE) or {}
    out = {}
    for name, spec in data.items():
        mapping = {value_key(str(t)): str(t) for t in spec.get("targets", [])}
        mapping.update({value_key(str(k)): str(v) for k, v in (spec.get("map") or {}).items()})
        out[name] = ValueMap(
            name,
            mapping,
            f"mutasi/ingest/presets/value_maps.yaml ({name})",
            source=str(spec.get("source", "")),
            pattern=spec.get("pattern"),
        )
    return out


def crosswalk_map(path: Path, source: str, target: str, name: str) -> ValueMap:
    """A crosswalk file (CSV or XLSX with a header row): ids of one application -> ids of the other."""
    if not path.exists():
        raise AdapterError(f"crosswalk {path.name} not found (expected next to the region map: {path})")
    try:
        frame = (
            pd.read_excel(path, dtype=str, engine="calamine")
            if path.suffix.lower() in (".xlsx", ".xlsm")
            else pd.read_csv(path, dtype=str, sep=None, engine="python", keep_default_na=False)
        )
    except Exception as exc:  # any parse failure is named
        raise AdapterError(f"crosswalk {path.name}: cannot be read: {exc}") from exc
    columns = {norm(c): c for c in frame.columns}
    missing = [c for c in (source, target) if norm(c) not in columns]
    if missing:
        raise AdapterError(f"crosswalk {path.name}: column(s) {missing} not found; it has {list(frame.columns)}")
    src, dst = frame[columns[norm(source)]].fillna(""), frame[columns[norm(target)]].fillna("")
    mapping = {s.strip(): d.strip() for s, d in zip(src, dst) if s.strip() and d.strip()}
    return ValueMap(name, mapping, str(path), exact=True)


# --- presets -------------------------------------------------------------------------------------


def _alternatives(ref: object) -> tuple[str, ...]:
    refs = ref if isinstance(ref, list | tuple) else [ref]
    return tuple(norm(r) for r in refs if r is not None)


@dataclass(frozen=True)
class Preset:
    name: str
    system: str
    entity: str
    signature: tuple[tuple[str, ...], ...]  # every group must have one header present
    columns: dict[str, str]  # normalised header -> contract column
    derive: dict[str, dict]
    values: dict[str, str]  # contract column -> shipped value map name
    path: Path

    def matches(self, headers: set[str]) -> bool:
        return all(any(h in headers for h in group) for group in self.signature)

    def known_headers(self) -> set[str]:
        known = set(self.columns) | {h for group in self.signature for h in group}
        for spec in self.derive.values():
            known |= _sources(spec)
        return known


def _sources(spec: object) -> set[str]:
    """Every header a derive spec may read (for header-row detection and 'extra column' reporting)."""
    out: set[str] = set()
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("sep", "factor", "level", "map"):
                continue
            out |= _sources(value)
    elif isinstance(spec, list | tuple):
        for item in spec:
            out |= _sources(item)
    elif isinstance(spec, str) and spec:
        out.add(norm(spec))
    return out


def _check_derive(where: str, entity: str, derive: object) -> dict[str, dict]:
    if derive is None:
        return {}
    if not isinstance(derive, dict):
        raise AdapterError(f"{where}: 'derive' must map contract columns to operations")
    out = {}
    for column, spec in derive.items():
        if column not in ENTITY_COLUMNS[entity]:
            raise AdapterError(f"{where}: derive: {column!r} is not a column of {entity}")
        node = spec
        while isinstance(node, dict):
            ops = [k for k in node if k in OPERATIONS]
            if len(ops) != 1 and not (not ops and isinstance(node.get("otherwise"), list)):
                raise AdapterError(
                    f"{where}: derive.{column}: expected exactly one of {list(OPERATIONS)} (got {sorted(node)})"
                )
            node = node.get("otherwise")
        out[column] = spec
    return out


def _load_preset(path: Path) -> Preset:
    data = _yaml(path)
    if not isinstance(data, dict) or data.get("entity") not in ENTITY_COLUMNS:
        raise AdapterError(f"preset {path.name}: needs 'entity' (one of {list(ENTITY_COLUMNS)})")
    entity = data["entity"]
    columns = {norm(h): str(c) for h, c in (data.get("columns") or {}).items()}
    bad = sorted({c for c in columns.values() if c not in ENTITY_COLUMNS[entity]})
    if bad:
        raise AdapterError(f"preset {path.name}: columns {bad} are not columns of {entity}")
    values = {str(c): str(m) for c, m in (data.get("values") or {}).items()}
    unknown_maps = sorted(set(values.values()) - set(shipped_value_maps()))
    if unknown_maps:
        raise AdapterError(f"preset {path.name}: unknown value map(s) {unknown_maps}")
    return Preset(
        name=str(data.get("name") or path.stem),
        system=str(data.get("system", "")),
        entity=entity,
        signature=tuple(_alternatives(g) for g in data.get("signature") or []),
        columns=columns,
        derive=_check_derive(f"preset {path.name}", entity, data.get("derive")),
        values=values,
        path=path,
    )


@cache
def presets() -> dict[str, Preset]:
    """The shipped presets by name (presets/*.yaml except the value maps)."""
    found = [_load_preset(p) for p in sorted(PRESETS_DIR.glob("*.yaml")) if p != VALUE_MAPS_FILE]
    return {p.name: p for p in found}


# --- region maps (the operator's file) -----------------------------------------------------------


@dataclass(frozen=True)
class RegionAdapt:
    """The adapter part of a region map: forced presets, derivations and value maps per entity."""

    presets: dict[str, str] = field(default_factory=dict)  # entity -> preset name
    derive: dict[str, dict[str, dict]] = field(default_factory=dict)  # entity -> column -> spec
    values: dict[str, dict[str, ValueMap]] = field(default_factory=dict)  # entity ('*' = any) -> column -> map
    digest: str = ""  # sha256 over the map file and every crosswalk it names (the delivery's provenance)


def parse_region_adapt(path: Path, data: dict) -> RegionAdapt:
    """`values:` (any entity) and `adapt: {entity: {preset, derive, values}}` of a region map."""
    where = f"region map {path.name}"
    digest = hashlib.sha256(path.read_bytes())
    every_column = {c for cols in ENTITY_COLUMNS.values() for c in cols}

    def maps(section: object, allowed: set[str], label: str) -> dict[str, ValueMap]:
        if section is None:
            return {}
        if not isinstance(section, dict):
            raise AdapterError(f"{where}: '{label}' must map contract columns to value maps")
        out = {}
        for column, spec in section.items():
            if column not in allowed:
                raise AdapterError(f"{where}: {label}: {column!r} is not a contract column")
            edit = f"{label}.{column} in {path}"
            if isinstance(spec, str):
                if spec not in shipped_value_maps():
                    raise AdapterError(f"{where}: {label}.{column}: unknown value map {spec!r}")
                out[column] = shipped_value_maps()[spec]
            elif isinstance(spec, dict) and "file" in spec:
                cw = path.parent / str(spec["file"])
                out[column] = crosswalk_map(cw, str(spec.get("from", "")), str(spec.get("to", "")), column)
                digest.update(cw.read_bytes())
            elif isinstance(spec, dict):
                inline = {value_key(str(k)): str(v) for k, v in spec.items()}
                out[column] = ValueMap(column, inline, edit, closed=False)
            else:
                raise AdapterError(f"{where}: {label}.{column}: expected a map name, {{raw: value}} or {{file: ...}}")
        return out

    values = {"*": maps(data.get("values"), every_column, "values")}
    presets_by_entity, derive = {}, {}
    for entity, section in (data.get("adapt") or {}).items():
        if entity not in ENTITY_COLUMNS:
            raise AdapterError(f"{where}: adapt: {entity!r} is not an entity of the contract")
        section = section or {}
        unknown = set(section) - {"preset", "derive", "values"}
        if unknown:
            raise AdapterError(f"{where}: adapt.{entity}: unknown key(s) {sorted(unknown)}")
        if section.get("preset"):
            name = str(section["preset"])
            if name not in presets() or presets()[name].entity != entity:
                fitting = sorted(n for n, p in presets().items() if p.entity == entity)
                raise AdapterError(f"{where}: adapt.{entity}.preset {name!r} unknown; presets for {entity}: {fitting}")
            presets_by_entity[entity] = name
        derive[entity] = _check_derive(f"{where}: adapt.{entity}", entity, section.get("derive"))
        values[entity] = maps(section.get("values"), set(ENTITY_COLUMNS[entity]), f"adapt.{entity}.values")
    return RegionAdapt(presets_by_entity, derive, values, digest.hexdigest())


# Contract columns with a closed vocabulary: a region's extra spellings extend these shipped maps.
DEFAULT_VALUE_MAPS = {
    "golongan": "golongan",
    "pendidikan_tingkat": "pendidikan",
    "pendidikan_minimal": "pendidikan",
    "jenis_kelamin": "jenis_kelamin",
    "status_kepegawaian": "status_kepegawaian",
}


def default_value_map(column: str) -> ValueMap | None:
    name = DEFAULT_VALUE_MAPS.get(column)
    return shipped_value_maps()[name] if name else None


# --- the adapter of one file ---------------------------------------------------------------------


@dataclass(frozen=True)
class Adapter:
    entity: str
    preset: Preset | None
    renames: dict[str, str]  # normalised header -> contract column (region first, then the preset's)
    derive: dict[str, dict]
    values: dict[str, ValueMap]
    map_name: str | None = None  # the region map file, when one applies

    def known_headers(self) -> set[str]:
        known = set(self.renames)
        for spec in self.derive.values():
            known |= _sources(spec)
        if self.preset is not None:
            known |= self.preset.known_headers()
        return known

    @property
    def is_contract(self) -> bool:
        return self.preset is None and not self.derive and not self.values

    def describe(self) -> str:
        parts = [f"preset {self.preset.name} ({self.preset.system})"] if self.preset else ["contract form"]
        if self.map_name and (self.derive or self.values or self.renames):
            parts.append(f"region map {self.map_name}")
        return " + ".join(parts)


def build_adapter(
    entity: str,
    preset: Preset | None,
    region_renames: dict[str, str] | None = None,
    region_adapt: RegionAdapt | None = None,
    map_name: str | None = None,
) -> Adapter:
    renames = {**(preset.columns if preset else {}), **(region_renames or {})}
    derive = dict(preset.derive) if preset else {}
    values: dict[str, ValueMap] = {}
    if preset:
        values = {c: shipped_value_maps()[m] for c, m in preset.values.items()}
    if region_adapt is not None:
        derive.update(region_adapt.derive.get(entity, {}))
        for scope in ("*", entity):
            for column, vmap in region_adapt.values.get(scope, {}).items():
                if column not in ENTITY_COLUMNS[entity]:
                    continue
                base = values.get(column) or default_value_map(column)
                if vmap.exact or base is None:
                    values[column] = vmap
                else:  # a region's spellings extend the shipped map (which stays closed)
                    values[column] = base.extended(vmap.mapping, vmap.where)
    return Adapter(entity, preset, renames, derive, values, map_name)


# --- applying it ---------------------------------------------------------------------------------


@dataclass
class Adapted:
    frame: pd.DataFrame  # raw columns (as sent) + contract columns (text) + source_row
    raw_names: dict[str, str]  # contract column -> header as in the file (plain renames only)
    derived: dict[str, str]  # contract column -> how it was built (for the file report)
    unmapped: pd.DataFrame  # source_row, column, header, value, map, where (first unmapped cell per row)
    used_headers: set[str]  # raw columns that feed a contract column


class _Columns:
    """Lookup of the raw columns of a frame by normalised header."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.by_norm: dict[str, str] = {}
        for c in frame.columns:
            if c != "source_row":
                self.by_norm.setdefault(norm(c), c)
        self.used: set[str] = set()

    def find(self, ref: object) -> str | None:
        for key in _alternatives(ref):
            if key in self.by_norm:
                return self.by_norm[key]
        return None

    def text(self, ref: object) -> pd.Series | None:
        column = self.find(ref)
        if column is None:
            return None
        self.used.add(column)
        return self.frame[column].astype(TEXT).fillna("").str.strip()


@dataclass
class _Derived:
    values: pd.Series
    how: str
    unmapped: list[tuple[pd.Series, str, ValueMap]] = field(default_factory=list)  # (mask, header, map)


def _map_values(text: pd.Series, vmap: ValueMap) -> tuple[pd.Series, pd.Series]:
    """(mapped text, unmapped mask): each distinct value looked up once."""
    codes, uniques = pd.factorize(text.fillna("").to_numpy(dtype=object))
    mapped, missing = [], []
    for value in uniques:
        value = str(value)
        if not value.strip():
            mapped.append("")
            missing.append(False)
            continue
        target = vmap.lookup(value)
        if target is None and not vmap.closed:
            target = value
        mapped.append(target if target is not None else "")
        missing.append(target is None)
    if len(uniques) == 0:
        return pd.Series(pd.array([""] * len(text), dtype=TEXT), index=text.index), pd.Series(False, index=text.index)
    out = np.asarray(mapped, dtype=object)[codes]
    bad = np.asarray(missing, dtype=bool)[codes]
    return pd.Series(pd.array(out, dtype=TEXT), index=text.index), pd.Series(bad, index=text.index)


_LEVEL_PREFIX = re.compile(
    r"^\s*(S-?[123]|S\.[123]|D-?(I{1,3}|IV|[1-4])|D\.(I{1,3}|IV)|Diploma\s+(I{1,3}|IV))(\s*/\s*\S+)?\s+", re.IGNORECASE
)


def _derive(spec: dict, cols: _Columns, length: int, index: pd.Index) -> _Derived | None:
    """One derive spec -> values, or None when its source columns are absent (then `otherwise`)."""
    got = _derive_one(spec, cols, length, index) if any(k in spec for k in OPERATIONS) else None
    if got is None and spec.get("otherwise") is not None:
        other = spec["otherwise"]
        return _derive(other if isinstance(other, dict) else {"first_of": other}, cols, length, index)
    return got


def _derive_one(spec: dict, cols: _Columns, length: int, index: pd.Index) -> _Derived | None:
    if "first_of" in spec:
        refs = spec["first_of"] if isinstance(spec["first_of"], list) else [spec["first_of"]]
        found = [(r, cols.text(r)) for r in refs]
        found = [(cols.find(r), t) for r, t in found if t is not None]
        if not found:
            return None
        out = found[0][1]
        for _, t in found[1:]:
            out = out.where(out != "", t)
        return _Derived(out, " / ".join(h for h, _ in found))
    if "titles" in spec:
        t = spec["titles"]
        name = cols.text(t.get("nama"))
        if name is None:
            return None
        front = cols.text(t.get("depan"))
        back = cols.text(t.get("belakang"))
        out = name
        if front is not None:
            out = (front + " " + out).where(front != "", out)
        if back is not None:
            out = (out + ", " + back).where(back != "", out)
        used = [cols.find(t.get(k)) for k in ("depan", "nama", "belakang")]
        return _Derived(out.str.strip(), " + ".join(h for h in used if h))
    if "compose" in spec:
        parts = [cols.text(r) for r in spec["compose"]]
        if any(p is None for p in parts):
            return None
        sep = str(spec.get("sep", "-"))
        out = parts[0]
        empty = parts[0] == ""
        for p in parts[1:]:
            out = out + sep + p
            empty |= p == ""
        out = out.where(~empty, "")  # a key with a missing part is missing (required_value_missing)
        return _Derived(out, f" {sep} ".join(cols.find(r) for r in spec["compose"]))
    if "major_of" in spec:
        text = cols.text(spec["major_of"])
        if text is None:
            return None
        return _Derived(
            text.str.replace(_LEVEL_PREFIX, "", regex=True).str.strip(), f"jurusan dari {cols.find(spec['major_of'])}"
        )
    if "level" in spec:
        levels = [cols.text(r) for r in spec["level"]["columns"]]
        present = [t for t in levels if t is not None]
        if not present:
            return None
        wanted = int(spec["level"].get("level", len(levels)))
        chosen = [t for t in levels[:wanted] if t is not None]
        out = chosen[-1] if chosen else pd.Series("", index=index, dtype=TEXT)
        for t in reversed(chosen[:-1]):
            out = out.where(out != "", t)
        return _Derived(out, f"unit level {wanted} of {len(levels)}")
    if "job_type" in spec:
        jt = spec["job_type"]
        kind = cols.text(jt.get("jenis"))
        if kind is None:
            return None
        kind_map = shipped_value_maps()["jenis_jabatan_asal"]
        kinds, bad_kind = _map_values(kind, kind_map)
        eselon = cols.text(jt.get("eselon"))
        structural = kinds == "struktural"
        out = kinds
        unmapped = [(bad_kind, cols.find(jt.get("jenis")), kind_map)]
        if eselon is not None:
            eselon_map = shipped_value_maps()["eselon"]
            levels, bad_level = _map_values(eselon, eselon_map)
            out = levels.where(structural, kinds)
            unmapped.append(
                ((bad_level | (eselon == "")) & structural & ~bad_kind, cols.find(jt.get("eselon")), eselon_map)
            )
        else:
            out = out.where(~structural, "")
            unmapped.append((structural & ~bad_kind, "(eselon)", shipped_value_maps()["eselon"]))
        return _Derived(out, f"{cols.find(jt.get('jenis'))} + eselon", unmapped)
    if "scale" in spec:
        sc = spec["scale"]
        text = cols.text(sc["column"])
        if text is None:
            return None
        from validations.parsing import parse_numbers

        numbers, bad = parse_numbers(text)
        scaled = numbers * float(sc["factor"])
        out = pd.Series(
            [("" if np.isnan(v) else f"{round(v, 6):g}") for v in scaled.to_numpy()], index=index, dtype=TEXT
        )
        out = out.where(~bad.to_numpy(), text)  # unreadable numbers stay as written (number_unparseable later)
        return _Derived(out, f"{cols.find(sc['column'])} x {sc['factor']}")
    if "per_year" in spec:
        py = spec["per_year"]
        text = cols.text(py["column"])
        if text is None:
            return None
        vmap = shipped_value_maps()[py.get("map", "frekuensi_per_tahun")]
        out, bad = _map_values(text, vmap)
        return _Derived(out, f"{cols.find(py['column'])} -> per year", [(bad, cols.find(py["column"]), vmap)])
    if "constant" in spec:
        if spec.get("when") is not None and cols.find(spec["when"]) is None:
            return None
        if spec.get("when") is not None:
            cols.text(spec["when"])
        return _Derived(pd.Series(str(spec["constant"]), index=index, dtype=TEXT), f"constant {spec['constant']}")
    return None


UNMAPPED_COLUMNS = ["source_row", "column", "header", "value", "map", "where"]


def adapt(frame: pd.DataFrame, adapter: Adapter, mapping: dict[str, str]) -> Adapted:
    """Apply an adapter to a raw frame (headers as read; `mapping` = plain header renames already chosen
    by `headers.map_headers`, raw header -> contract column). Raw columns stay under their own names."""
    cols = _Columns(frame)
    out = frame.rename(columns=mapping)
    raw_names = {target: raw for raw, target in mapping.items()}
    derived: dict[str, str] = {}
    problems: list[tuple[pd.Series, str, str, pd.Series, ValueMap]] = []  # (mask, column, header, values, map)
    index = frame.index
    for column in ENTITY_COLUMNS[adapter.entity]:
        result = None
        if column in adapter.derive:
            result = _derive(adapter.derive[column], cols, len(frame), index)
        if result is not None:
            if column in out.columns and column in raw_names:
                # The renamed raw column is kept under its own header (the raw record shows what was sent).
                out = out.rename(columns={column: raw_names.pop(column)})
            out[column] = result.values
            derived[column] = result.how
            for mask, header, vmap in result.unmapped:
                source = cols.text(header) if header in cols.frame.columns else pd.Series("", index=index, dtype=TEXT)
                problems.append((mask, column, header, source, vmap))
        vmap = adapter.values.get(column)
        if vmap is not None and column in out.columns:
            before = out[column].astype(TEXT).fillna("").str.strip()
            mapped, bad = _map_values(before, vmap)
            source = derived.get(column) or raw_names.get(column, column)  # the header (or derivation) read
            if column in raw_names:
                out = out.rename(columns={column: raw_names.pop(column)})
            out[column] = mapped.where(~bad, before)
            derived[column] = f"{source} (peta nilai {vmap.name})"
            problems.append((bad, column, source, before, vmap))
    unmapped = _first_unmapped(problems, frame["source_row"] if "source_row" in frame.columns else None)
    used = set(cols.used) | set(mapping)
    return Adapted(out, raw_names, derived, unmapped, used)


def _first_unmapped(problems: list, source_rows: pd.Series | None) -> pd.DataFrame:
    if not problems or source_rows is None:
        return pd.DataFrame(columns=UNMAPPED_COLUMNS)
    n = len(source_rows)
    taken = np.zeros(n, dtype=bool)
    parts = []
    for mask, column, header, values, vmap in problems:
        m = np.asarray(mask, dtype=bool) & ~taken
        if not m.any():
            continue
        taken |= m
        parts.append(
            pd.DataFrame(
                {
                    "source_row": source_rows.to_numpy()[m].astype("int64"),
                    "column": column,
                    "header": header,
                    "value": np.asarray(values.to_numpy(dtype=object))[m],
                    "map": vmap.name,
                    "where": vmap.where,
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=UNMAPPED_COLUMNS)
    return pd.concat(parts, ignore_index=True).sort_values("source_row", kind="stable").reset_index(drop=True)


def unmapped_message(column: str, header: str, value: str, map_name: str, where: str, region_map: str) -> str:
    """The quarantine message of a value no map knows: the column, the value, and the file to edit.
    Shipped maps are not edited by operators: a spelling is added in the region's own map file."""
    if where.startswith("mutasi/ingest/presets"):
        where = f'values.{column} di {region_map} (contoh: values: {{{column}: {{"{value}": <nilai kontrak>}}}})'
    return (
        f'{UNMAPPED}: {column} "{value}" (kolom "{header}") tidak dikenal peta nilai "{map_name}"; tambahkan di {where}'
    )


def unmapped_summary(unmapped: pd.DataFrame, top: int = 5) -> str:
    """'golongan "III-A" ×12, …' for the file report and the 30 % rejection message."""
    if unmapped is None or not len(unmapped):
        return ""
    counts = unmapped.groupby(["column", "value"], sort=False).size().sort_values(ascending=False)
    return ", ".join(f'{c} "{v}" ×{n}' for (c, v), n in counts.head(top).items())
