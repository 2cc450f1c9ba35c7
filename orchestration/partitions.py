"""Regions are the partitions: the closed list of 514 regencies and cities of the reference table.

Static, so that every run, schedule and sensor sees the same ordered keys (sorted codes: the regions of a
province are always a contiguous range, its code being their first two digits). A landing folder that is
not a region of the list is reported by name by the readers, the sensor and the runner, never skipped
silently.
"""

from __future__ import annotations

from dagster import BackfillPolicy, StaticPartitionsDefinition

from mutasi.reference import regions

PARTITIONS = "region"
REGION_CODES: list[str] = sorted(regions())
region_partitions = StaticPartitionsDefinition(REGION_CODES)

# A run over many regions executes each asset once for the whole range (vectorised work, one dbt build),
# not once per region: this is what makes a province or the whole country feasible.
single_run = BackfillPolicy.single_run()


#: the regions a run was asked for, comma-separated. Dagster gives a run one contiguous range of partitions
#: (a non-contiguous set cannot be one run: dagster-io/dagster#32335), and the five demo regions lie in five
#: provinces. So a run covers the smallest range that holds its regions and names them in this tag; the
#: other partitions of the range are materialised as no-ops (nothing is read or written for them).
REGIONS_TAG = "mutasi/regions"


def run_range(regions) -> tuple[str, str, dict[str, str]]:
    """(first, last partition key, tags) of the one run over these regions."""
    selected = sorted(set(regions))
    if not selected:
        raise ValueError("a run needs at least one region")
    unknown = [code for code in selected if code not in _KEYS]
    if unknown:
        raise ValueError(f"not region codes of the reference list: {', '.join(unknown)}")
    return selected[0], selected[-1], {REGIONS_TAG: ",".join(selected)}


def run_regions(partition_keys, tags) -> list[str]:
    """The regions a run works on: its partition keys, narrowed to those of REGIONS_TAG when it is set
    (a run launched from the UI over a range has no tag: every key of the range)."""
    keys = list(partition_keys)
    named = (tags or {}).get(REGIONS_TAG)
    if not named:
        return keys
    wanted = set(named.split(","))
    return [key for key in keys if key in wanted]


_KEYS = frozenset(REGION_CODES)
