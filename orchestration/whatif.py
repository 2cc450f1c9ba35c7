"""The what-if job: re-plan one region snapshot with changed parameters (run config) and compare with the
published plan; writes under $MUTASI_DATA_DIR/whatif/, publishes nothing. Decorators and metadata only:
the work is mutasi.recommend.whatif."""

import datetime as dt

from dagster import Config, MetadataValue, OpExecutionContext, job, op
from pydantic import Field

from mutasi.params import SEEDS_DIR
from mutasi.recommend import load_recommend_params
from mutasi.recommend.whatif import load_snapshot, parse_overrides, what_if, write_what_if
from orchestration.resources import PathsResource, WarehouseResource, md_table


class WhatIfConfig(Config):
    """Which region snapshot to re-plan and the parameters to change (launchpad)."""

    region_code: str = Field(description="region code, e.g. 6171")
    snapshot_date: str | None = Field(default=None, description="snapshot date (default: the latest)")
    overrides: dict[str, str] = Field(
        default_factory=dict,
        description="parameter -> value, e.g. {max_moves_share: '0.02', related_job_families: 'a:b'}",
    )


@op(description="Re-plan one region snapshot with changed parameters and compare with the published plan.")
def what_if_plan(context: OpExecutionContext, config: WhatIfConfig, paths: PathsResource, warehouse: WarehouseResource):
    overrides = parse_overrides(dict(config.overrides))
    with warehouse.reader() as connection:
        date, positions, employees, published = load_snapshot(connection, config.region_code, config.snapshot_date)
    result = what_if(
        config.region_code, date, positions, employees, load_recommend_params(SEEDS_DIR), overrides, published
    )
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    files = write_what_if(
        result, paths.layout.root / "whatif" / config.region_code / date / f"{stamp}-{context.run_id[:8]}"
    )
    context.add_output_metadata(
        {
            **{k: MetadataValue.text(str(v)) for k, v in result.summary().items()},
            "metrics": MetadataValue.md(md_table(result.metrics.round(4))),
            "folder": MetadataValue.path(str(files[0].parent)),
        }
    )


@job(description="What-if: re-plan one region snapshot with changed parameters; nothing is published.")
def whatif():
    what_if_plan()
