"""The what-if job: re-plan one region snapshot with changed parameters (run config) and compare with the
published plan; writes under $MUTASI_DATA_DIR/whatif/, publishes nothing. Decorators and metadata only:
the work is mutasi.recommend.whatif."""

from dagster import Config, MetadataValue, OpExecutionContext, job, op
from pydantic import Field

from mutasi.recommend.whatif import run_what_if
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
    with warehouse.reader() as connection:
        result, files = run_what_if(
            connection,
            paths.layout.root,
            config.region_code,
            config.snapshot_date,
            dict(config.overrides),
            tag=f"-{context.run_id[:8]}",
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
