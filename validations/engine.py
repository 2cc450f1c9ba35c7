"""Run an entity's pandera schema and split its rows into valid and quarantined (nothing lost)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from mutasi.ingest.headers import ENTITY_COLUMNS
from validations.schemas import PREPARE, RULES, Context, build_schema


@dataclass
class EntityResult:
    valid: pd.DataFrame        # typed contract columns, valid rows only
    quarantined: pd.DataFrame  # source_row, rule, message, raw_record
    repairs: dict[str, int]
    rows_read: int


def _raw_records(raw: pd.DataFrame) -> pd.Series:
    columns = [c for c in raw.columns if c != "source_row"]
    return pd.Series(
        [json.dumps(dict(zip(columns, values)), ensure_ascii=False) for values in raw[columns].itertuples(index=False)],
        index=raw.index,
        dtype=object,
    )


def failing_rules(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """(index, rule) for every failed check; a check that crashed is a bug, not bad data: raise."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        crashed = cases[cases["index"].isna()]
        if not crashed.empty:
            raise RuntimeError(f"validation rule failed to evaluate: {crashed[['check', 'failure_case']].to_dict('records')}")
        return pd.DataFrame({"index": cases["index"].astype("int64"), "rule": cases["check"].astype(str)})
    return pd.DataFrame({"index": pd.Series(dtype="int64"), "rule": pd.Series(dtype=str)})


def validate_entity(entity: str, raw: pd.DataFrame, ctx: Context) -> EntityResult:
    """`raw`: all-text contract columns plus source_row (as read). Returns valid + quarantined rows."""
    raw = raw.reset_index(drop=True)
    prepared = PREPARE[entity](raw)
    rules = RULES[entity](ctx)
    schema = build_schema(entity, rules)
    failures = failing_rules(schema, prepared.frame)
    order = {rule.name: i for i, rule in enumerate(rules)}
    messages = {rule.name: rule.message for rule in rules}
    if failures.empty:
        bad_index = pd.Index([], dtype="int64")
        quarantined = pd.DataFrame(columns=["source_row", "rule", "message", "raw_record"])
    else:
        failures["order"] = failures["rule"].map(order)
        failures = failures.drop_duplicates().sort_values(["index", "order"])
        grouped = failures.groupby("index", sort=True)
        first = grouped["rule"].first()
        all_rules = grouped["rule"].agg(list)
        bad_index = first.index
        message = [
            messages[r] + ("" if len(rs) == 1 else f" (juga melanggar: {', '.join(x for x in rs if x != r)})")
            for r, rs in zip(first, all_rules)
        ]
        quarantined = pd.DataFrame({
            "source_row": raw.loc[bad_index, "source_row"].astype("int64").to_numpy(),
            "rule": first.to_numpy(),
            "message": message,
            "raw_record": _raw_records(raw.loc[bad_index]).to_numpy(),
        })
    keep = ~prepared.frame.index.isin(bad_index)
    valid = prepared.frame.loc[keep, list(ENTITY_COLUMNS[entity])].reset_index(drop=True)
    for column in valid.columns:  # dates as calendar dates in the lake
        if pd.api.types.is_datetime64_any_dtype(valid[column]):
            valid[column] = valid[column].dt.date
    return EntityResult(valid=valid, quarantined=quarantined, repairs=prepared.repairs, rows_read=len(raw))
