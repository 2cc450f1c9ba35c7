"""Run an entity's pandera schema and split its rows into valid and quarantined (nothing lost).

Every check of the entity's `pandera.DataFrameSchema` is evaluated through pandera's check API
(`Check.__call__` -> `CheckResult.check_output`, one boolean per row). This is the same evaluation
`schema.validate(lazy=True)` performs, without building pandera's long-format failure-case table for
every failing check (which costs more than the checks themselves on a 9,000-row file); a test asserts
that both give the same failing (row, rule) pairs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from validations.contract import ENTITY_COLUMNS
from validations.schemas import PREPARE, RULES, Context, RowRule, build_schema

QUARANTINE_COLUMNS = ["source_row", "rule", "message", "raw_record"]


@dataclass
class EntityResult:
    valid: pd.DataFrame  # typed contract columns, valid rows only
    quarantined: pd.DataFrame  # source_row, rule, message, raw_record
    repairs: dict[str, int]
    rows_read: int
    valid_source_rows: np.ndarray | None = None  # source_row of each valid row, in order


_EMPTY_QUARANTINE = pd.DataFrame(
    {
        "source_row": pd.Series(dtype="int64"),
        "rule": pd.Series(dtype=object),
        "message": pd.Series(dtype=object),
        "raw_record": pd.Series(dtype=object),
    }
)


def empty_quarantine() -> pd.DataFrame:
    return _EMPTY_QUARANTINE.copy()  # a copy of one template: building the frame costs ~20× more


def _records(raw: pd.DataFrame) -> list[dict[str, str]]:
    """Rows as {column: text} ('' for missing), column by column (fast for a few or many rows)."""
    columns = [c for c in raw.columns if c != "source_row"]
    lists = [
        [
            "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)
            for v in raw[c].array.to_numpy(dtype=object, na_value=None)
        ]
        for c in columns
    ]
    return [dict(zip(columns, values)) for values in zip(*lists)] if columns else [{} for _ in range(len(raw))]


def raw_records(
    raw: pd.DataFrame, names: dict[str, str] | None = None, records: list[dict[str, str]] | None = None
) -> list[str]:
    """Each row as the officer sent it: JSON {header as in the file: text}."""
    names = names or {}
    records = _records(raw) if records is None else records
    return [json.dumps({names.get(k, k): v for k, v in r.items()}, ensure_ascii=False) for r in records]


def _check_output(check: pa.Check, frame: pd.DataFrame):
    """pandera's evaluation of one check (its backend's preprocess + apply), without the failure-case
    post-processing `Check.__call__` adds (a copy of the failing rows, not needed here)."""
    backend = check.get_backend(frame)(check)
    try:
        return backend.apply(backend.preprocess(frame, None))
    except AttributeError:  # a pandera without these backend hooks: the public call
        return check(frame).check_output


def failing_rules(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> np.ndarray:
    """Boolean matrix (checks x rows): True where the row fails the check. A check that crashes is a bug
    in the rule, not bad data, and raises."""
    failed = np.zeros((len(schema.checks), len(frame)), dtype=bool)
    for i, check in enumerate(schema.checks):
        try:
            output = _check_output(check, frame)
        except Exception as exc:  # pragma: no cover - a broken rule must be loud
            raise RuntimeError(f"validation rule {check.name!r} failed to evaluate: {exc!r}") from exc
        if isinstance(output, pd.DataFrame):  # pandera returns a frame for element-wise checks
            output = output.all(axis=1)
        failed[i] = ~output.to_numpy(dtype=bool, na_value=False)
    return failed


def pandera_failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> set[tuple[int, str]]:
    """(row position, rule) pairs as pandera's own `validate(lazy=True)` reports them (used by tests)."""
    try:
        schema.validate(frame.reset_index(drop=True), lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        return {(int(i), str(c)) for i, c in zip(cases["index"], cases["check"]) if pd.notna(i)}
    return set()


def _detail(values: dict[str, object], rule: RowRule, names: dict[str, str]) -> str:
    """The offending values of a quarantined row, named as in the file: ' [nip='1.98E+17']'."""
    shown = [c for c in rule.columns if c in values]
    if not shown:
        return ""
    parts = []
    for c in shown:
        value = values[c]
        value = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
        parts.append(f"{names.get(c, c)}={value!r}")
    return " [" + ", ".join(parts) + "]"


def validate_entity(
    entity: str, raw: pd.DataFrame, ctx: Context, raw_names: dict[str, str] | None = None
) -> EntityResult:
    """`raw`: all-text contract columns (plus extra columns kept for the raw record) and source_row.
    Returns valid rows (typed) and quarantined rows (first broken rule, every broken rule in the message)."""
    raw = raw.reset_index(drop=True)
    names = raw_names or {}
    prepared = PREPARE[entity](raw)
    rules = RULES[entity](ctx)
    schema = build_schema(entity, rules)
    failed = failing_rules(schema, prepared.frame)
    bad = failed.any(axis=0)
    if bad.any():
        positions = np.flatnonzero(bad)
        first = failed[:, positions].argmax(axis=0)
        bad_rows = raw.iloc[positions]
        records = _records(bad_rows)
        messages = []
        for k, (position, rule_index) in enumerate(zip(positions, first)):
            rule = rules[rule_index]
            others = [rules[i].name for i in np.flatnonzero(failed[:, position]) if i != rule_index]
            messages.append(
                rule.message
                + _detail(records[k], rule, names)
                + (f" (juga melanggar: {', '.join(others)})" if others else "")
            )
        quarantined = pd.DataFrame(
            {
                "source_row": raw["source_row"].to_numpy(dtype="int64")[positions],
                "rule": [rules[i].name for i in first],
                "message": messages,
                "raw_record": raw_records(bad_rows, names, records),
            }
        )
    else:
        quarantined = empty_quarantine()
    keep = ~bad
    # Dates stay datetime64 (midnight) in memory; the lake writer stores them as calendar dates (date32).
    valid = (
        prepared.frame.loc[keep, list(ENTITY_COLUMNS[entity])]
        if bad.any()
        else prepared.frame[list(ENTITY_COLUMNS[entity])]
    )
    valid = valid.reset_index(drop=True)
    return EntityResult(
        valid=valid,
        quarantined=quarantined,
        repairs=prepared.repairs,
        rows_read=len(raw),
        valid_source_rows=raw["source_row"].to_numpy(dtype="int64")[keep],
    )
