"""Regions are the partitions: one per region of the reference list that has delivered (a folder in the
landing area), added when it is first seen.

Why dynamic, not the 514 reference regions as static partitions: Dagster gives a run one contiguous range
of partitions (a non-contiguous set cannot be one run: dagster-io/dagster#32335) and records a
materialisation per partition of the range for every asset. Over the static list, the five demo regions
(five provinces) span 373 partitions: on the demo, 9,517 materialisation events were in its log when it
was stopped during its first dbt step, against one range of 5 partitions here.

Registration only appends (the new regions of one discovery sorted among themselves): Dagster appends a
dynamic key at the end, and re-sorting would mean deleting and adding back keys that runs in flight resolve
their partition range against. So a province whose regions arrive in several batches can span several
ranges, and then several runs (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from dagster import BackfillPolicy, DynamicPartitionsDefinition

from mutasi.reference import is_region

PARTITIONS = "region"
region_partitions = DynamicPartitionsDefinition(name=PARTITIONS)

# A run over many regions executes each asset once for the whole range (vectorised work, one dbt build),
# not once per region: this is what makes a province or the whole country feasible.
single_run = BackfillPolicy.single_run()


def register_regions(instance, found: Iterable[str]) -> list[str]:
    """Register the regions of `found` (of the reference list) not yet partitions, appended in sorted order;
    returns every partition key in partition order."""
    known = set(instance.get_dynamic_partitions(PARTITIONS))
    new = sorted({code for code in found if is_region(code)} - known)
    if new:
        instance.add_dynamic_partitions(PARTITIONS, new)
    return instance.get_dynamic_partitions(PARTITIONS)


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
