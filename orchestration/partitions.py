"""Regions are the partitions: one per region folder found in the landing area (added on discovery)."""

from __future__ import annotations

from dagster import BackfillPolicy, DynamicPartitionsDefinition

PARTITIONS = "region"
region_partitions = DynamicPartitionsDefinition(name=PARTITIONS)

# A run over many regions executes each asset once for the whole range (vectorised work, one dbt build),
# not once per region: this is what makes a province or the whole country feasible.
single_run = BackfillPolicy.single_run()


def contiguous_ranges(ordered_keys: list[str], selected: set[str]) -> list[tuple[str, str]]:
    """Split the selected partition keys into runs of neighbours in the partition order."""
    ranges, start, previous = [], None, None
    for key in ordered_keys:
        if key in selected:
            start = start or key
            previous = key
        elif start is not None:
            ranges.append((start, previous))
            start = None
    if start is not None:
        ranges.append((start, previous))
    return ranges
