"""What-if: re-plan one region snapshot with changed parameters and compare with the published plan,
without publishing anything (`mutasi whatif`, Dagster job `whatif`).

The published plan is the one in the warehouse (marts.mutation_recommendations). The comparison re-plans
the snapshot twice from the same marts, with the current parameters and with the changed ones, so that
both sides carry the same metrics (staffing gap, job fit, EJ spread, moves); it says whether the
re-plan with the current parameters reproduces the published plan (it does unless the parameters or the
data changed since it was published).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from .api import recommend
from .params import TEXT_KEYS, RecommendParams

#: parameters a what-if may change: every number of RecommendParams, plus related_job_families
NUMERIC_FIELDS = tuple(
    f.name for f in dataclasses.fields(RecommendParams) if f.type in ("float", float) and f.name != "version"
)


class WhatIfError(ValueError):
    """An override that cannot be applied (names the parameter and what is allowed)."""


def parse_overrides(pairs: list[str] | dict[str, object]) -> dict[str, object]:
    """'name=value' strings (or a mapping) -> {name: value}; related_job_families as 'a:b,c:d'."""
    items = pairs.items() if isinstance(pairs, dict) else [_split(p) for p in pairs]
    out: dict[str, object] = {}
    for name, value in items:
        name = str(name).strip()
        if name == "related_job_families":
            families = [tuple(p.strip() for p in pair.split(":")) for pair in str(value).split(",") if pair.strip()]
            if any(len(f) != 2 or not all(f) for f in families):
                raise WhatIfError("related_job_families: write pairs as family_a:family_b, separated by commas")
            out[name] = frozenset(tuple(sorted(f)) for f in families)
        elif name in TEXT_KEYS:
            if str(value).strip() not in TEXT_KEYS[name]:
                raise WhatIfError(f"{name}: {value!r}; allowed: {', '.join(TEXT_KEYS[name])}")
            out[name] = str(value).strip()
        elif name in NUMERIC_FIELDS:
            try:
                out[name] = float(value)
            except (TypeError, ValueError) as exc:
                raise WhatIfError(f"{name}: {value!r} is not a number") from exc
        else:
            raise WhatIfError(
                f"unknown parameter {name!r}; a what-if may change: {', '.join(NUMERIC_FIELDS + tuple(TEXT_KEYS))}, "
                "related_job_families"
            )
    return out


def _split(pair: str) -> tuple[str, str]:
    if "=" not in pair:
        raise WhatIfError(f"{pair!r}: write name=value")
    name, value = pair.split("=", 1)
    return name, value


def changed_params(params: RecommendParams, overrides: dict[str, object]) -> RecommendParams:
    return dataclasses.replace(params, **overrides, version=f"{params.version}+whatif")


@dataclass
class WhatIf:
    region_code: str
    snapshot_date: str
    overrides: dict[str, object]
    metrics: pd.DataFrame  # metric, before, current (after the plan with current params), what_if, change
    moves: pd.DataFrame  # nip, current_to, what_if_to, in_current, in_what_if, in_published
    reproduces_published: bool | None  # None: nothing published for the snapshot

    def summary(self) -> dict[str, object]:
        both = int((self.moves["in_current"] & self.moves["in_what_if"]).sum()) if len(self.moves) else 0
        return {
            "moves_current": int(self.moves["in_current"].sum()) if len(self.moves) else 0,
            "moves_what_if": int(self.moves["in_what_if"].sum()) if len(self.moves) else 0,
            "moves_in_both": both,
            "reproduces_published": self.reproduces_published,
        }


def what_if(
    region_code: str,
    snapshot_date: str,
    positions: pd.DataFrame,
    employees: pd.DataFrame,
    params: RecommendParams,
    overrides: dict[str, object],
    published: pd.DataFrame | None = None,
    decisions: pd.DataFrame | None = None,
) -> WhatIf:
    """Plan the snapshot with ``params`` and with ``params`` + ``overrides``; compare (pure). ``decisions``:
    the regency's decisions in force, applied to both plans as the nightly plan does."""
    current = recommend(positions, employees, params, decisions=decisions, snapshot_date=snapshot_date)
    changed = recommend(
        positions, employees, changed_params(params, overrides), decisions=decisions, snapshot_date=snapshot_date
    )
    a = current.projection.metrics.set_index("metric")
    b = changed.projection.metrics.set_index("metric")
    metrics = pd.DataFrame(
        {"before": a["before"], "current": a["after"], "what_if": b["after"]},
    ).reset_index()
    metrics["change"] = metrics["what_if"] - metrics["current"]
    cur = current.moves.set_index("nip")["to_position_code"].rename("current_to")
    new = changed.moves.set_index("nip")["to_position_code"].rename("what_if_to")
    moves = pd.concat([cur, new], axis=1).reset_index().rename(columns={"index": "nip"})
    moves["in_current"] = moves["current_to"].notna()
    moves["in_what_if"] = moves["what_if_to"].notna()
    reproduces = None
    if published is not None and len(published.columns):
        pub = set(zip(published["nip"].astype(str), published["to_position_code"].astype(str)))
        mine = set(zip(current.moves["nip"].astype(str), current.moves["to_position_code"].astype(str)))
        reproduces = pub == mine
        moves["in_published"] = [(str(n), str(t)) in pub for n, t in zip(moves["nip"], moves["current_to"].fillna(""))]
    else:
        moves["in_published"] = False
    moves = moves.sort_values(["in_current", "in_what_if", "nip"], ascending=[False, False, True]).reset_index(
        drop=True
    )
    return WhatIf(region_code, snapshot_date, dict(overrides), metrics, moves, reproduces)


PUBLISHED_SQL = (
    "select nip, to_position_code from marts.mutation_recommendations "
    "where region_code = ? and snapshot_date = ?::date order by nip"
)


def load_snapshot(connection, region_code: str, snapshot_date: str | None = None):
    """(snapshot date, positions, employees, published moves, decisions in force) of one region snapshot;
    the latest snapshot when none is named. Raises WhatIfError when the region has no such snapshot."""
    from .batch import region_snapshot_dates, region_tasks, with_previous_plan

    dates = region_snapshot_dates(connection, region_code)
    if not dates:
        raise WhatIfError(f"region {region_code} has no snapshot in the warehouse (run the pipeline first)")
    date = snapshot_date or dates[-1]
    if date not in dates:
        raise WhatIfError(f"region {region_code} has no snapshot {date}; it has {', '.join(dates)}")
    (task,) = region_tasks(connection, region_code, [date])

    def published_plan(day):
        try:
            return connection.execute(PUBLISHED_SQL, [region_code, day]).df()
        except Exception:  # no mutation_recommendations mart yet
            return None

    # the plan of the snapshot before, as the nightly plan saw it (parameter weight_keep_previous)
    k = dates.index(date)
    previous = published_plan(dates[k - 1]) if k > 0 else None
    return date, task.positions, with_previous_plan(task.employees, previous), published_plan(date), task.decisions


def write_what_if(result: WhatIf, folder) -> list:
    """metrics.csv, moves.csv and summary.json into ``folder`` (never under outputs/: nothing is published)."""
    import json
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    result.metrics.to_csv(folder / "metrics.csv", index=False)
    result.moves.to_csv(folder / "moves.csv", index=False)
    overrides = {k: (sorted(map(list, v)) if isinstance(v, frozenset) else v) for k, v in result.overrides.items()}
    summary = {"region_code": result.region_code, "snapshot_date": result.snapshot_date, "overrides": overrides}
    (folder / "summary.json").write_text(json.dumps(summary | result.summary(), indent=2), "utf-8")
    return [folder / "metrics.csv", folder / "moves.csv", folder / "summary.json"]


def run_what_if(connection, data_root, region_code: str, snapshot_date: str | None, overrides, tag: str = ""):
    """The whole what-if of the CLI and the Dagster job: parse the overrides, read the snapshot from the
    warehouse, re-plan with the seeds' parameters and the changed ones, write the comparison under
    <data_root>/whatif/<region>/<date>/<UTC time><tag>/. Returns (WhatIf, files written)."""
    import datetime as dt
    from pathlib import Path

    from mutasi.params import SEEDS_DIR

    from .params import load_recommend_params

    parsed = parse_overrides(overrides)
    date, positions, employees, published, decisions = load_snapshot(connection, region_code, snapshot_date)
    params = load_recommend_params(SEEDS_DIR)
    result = what_if(region_code, date, positions, employees, params, parsed, published, decisions)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return result, write_what_if(result, Path(data_root) / "whatif" / region_code / date / f"{stamp}{tag}")
