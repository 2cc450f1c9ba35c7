"""Jobs: the whole pipeline over a range of region partitions (one run, each asset once).

Partitioning is inferred from the selected assets (the region partitions).
"""

from __future__ import annotations

from dagster import AssetSelection, define_asset_job

pipeline_job = define_asset_job(
    name="mutasi_pipeline",
    selection=AssetSelection.all(),
    description=(
        "Ingest → validate → dbt (indices) → recommend → dbt (evaluation) → publish, for the regions of the "
        "run's partition range. Regions are processed together: one dbt build for all of them."
    ),
)
