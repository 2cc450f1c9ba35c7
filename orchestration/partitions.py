"""Regions are the partitions: one per region folder found in the landing area (added on discovery)."""

from __future__ import annotations

from dagster import BackfillPolicy, DynamicPartitionsDefinition

region_partitions = DynamicPartitionsDefinition(name="region")

# A run over many regions executes each asset once for the whole range (vectorised work, one dbt build),
# not once per region: this is what makes a province or the whole country feasible.
single_run = BackfillPolicy.single_run()
