"""The one parameter table (dbt seed `parameters.csv`), read by the Python steps too.

dbt loads the same files as seeds into `params.*`; Python reads the CSVs directly so a step never needs
the warehouse to know a constant. The parameter version is a short hash over all seed files.
"""

from __future__ import annotations

import csv
import hashlib
from functools import cache
from pathlib import Path

from mutasi.config import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds" / "params"


@cache
def _table(seeds_dir: str) -> dict[str, str]:
    with (Path(seeds_dir) / "parameters.csv").open(encoding="utf-8") as fh:
        return {row["parameter"]: row["value"] for row in csv.DictReader(fh)}


def parameter(name: str, seeds_dir: Path = SEEDS_DIR) -> str:
    table = _table(str(seeds_dir))
    if name not in table:
        raise KeyError(f"parameter {name!r} is not in {seeds_dir / 'parameters.csv'}")
    return table[name]


def number(name: str, seeds_dir: Path = SEEDS_DIR) -> float:
    return float(parameter(name, seeds_dir))


@cache
def params_version(seeds_dir: Path = SEEDS_DIR) -> str:
    """Short hash over every parameter seed, the same recipe as dbt model `params.params_version`.

    line per seed (sorted by name): "<name>:" + sha256(file text stripped); version = md5(lines)[:12].
    """
    lines = [
        f"{path.stem}:{hashlib.sha256(path.read_text('utf-8').strip().encode()).hexdigest()}"
        for path in sorted(Path(seeds_dir).glob("*.csv"), key=lambda p: p.stem)
    ]
    return hashlib.md5("\n".join(lines).encode()).hexdigest()[:12]
