"""Jobs: the whole pipeline over a range of region partitions (one run, each asset once)."""

from __future__ import annotations

from dagster import AssetSelection, define_asset_job

from orchestration.partitions import region_partitions

pipeline_job = define_asset_job(
    name="mutasi_pipeline",
    selection=AssetSelection.all(),
    partitions_def=region_partitions,
    description=(
        "Ingest → validate → dbt (indices) → recommend → dbt (evaluation) → publish, for the regions of the "
        "run's partition range. Regions are processed together: one dbt build for all of them."
    ),
)
