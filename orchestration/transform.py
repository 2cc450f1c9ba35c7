"""Transform: the dbt project (sources over the lake → staging → intermediate → marts) as Dagster assets.

Two dbt asset groups: `dbt_core` (indices, workload, eligibility) runs before the optimiser; models tagged
`after_recommend` (recommendations mart, scorecards, province consolidation) run after it. Both write the
warehouse, so both share the single-writer pool `warehouse`. Both are partitioned by region like every other
per-region asset; a run over a range of regions makes one dbt build for all of them.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetSpec
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from mutasi import params
from mutasi.changes import ChangeSet, prune_run_targets, record_build, write_dbt_scope
from mutasi.lake import lake_has_accepted_snapshot
from mutasi.reference import region
from orchestration.partitions import region_partitions, single_run
from orchestration.project import dbt_project
from orchestration.resources import WAREHOUSE_POOL, OperationsResource, PathsResource, WarehouseResource

AFTER_RECOMMEND = "after_recommend"


class MutasiDbtTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            if dbt_resource_props["source_name"] in ("lake", "state"):  # written by the Python assets
                return AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
            return super().get_asset_key(dbt_resource_props)
        return AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if AFTER_RECOMMEND in dbt_resource_props.get("tags", []):
            return "evaluate"
        if dbt_resource_props["resource_type"] == "seed":
            return "parameters"
        return "transform"

    def get_owners(self, dbt_resource_props: Mapping[str, Any]):
        return ["team:analytics"]


translator = MutasiDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

# The lists a scoped dbt build reads (source state.dbt_scope): written by each dbt step just before it calls
# dbt and removed after, so no step materialises them; declared here so the graph shows them in place.
DBT_SCOPE = AssetSpec(
    ["state", "dbt_scope"],
    group_name="transform",
    kinds={"parquet"},
    owners=["team:analytics"],
    description=(
        "The region snapshots a scoped dbt build recomputes (state/dbt_scope.parquet): the run's "
        "ChangeSet (mutasi/changes.py) expanded per kind of model. Written by the dbt steps around "
        "each build; no file means a full build."
    ),
)


def _build(
    context: AssetExecutionContext,
    dbt: DbtCliResource,
    paths: PathsResource,
    warehouse: WarehouseResource,
    operations: OperationsResource,
    step: str,
):
    layout = paths.layout
    if not lake_has_accepted_snapshot(layout):
        # Every delivered region was rejected (or nothing was delivered): there is nothing to model, and the
        # lake's sources have no file to read. The step succeeds without building; the run summary says why.
        context.log.warning(f"dbt {step}: no accepted snapshot in the lake (every region rejected): nothing to build")
        return
    # The pool orders dbt steps across the runs of this instance; the file lock also keeps every reader
    # (other runs' steps, the CLI summary, analysts) out while dbt writes, across processes.
    with warehouse.writer(log=context.log.info):
        # What changed since this step's last successful build: the run's ChangeSet (mutasi.changes), brought up
        # to date here, under the lock (builds are serial): another run may have validated or built since this
        # one validated, and a build records what the manifests said when it ran. Handed to dbt as explicit
        # lists in state/dbt_scope.parquet.
        regions = list(context.partition_keys)
        changes = ChangeSet.compute(layout, context.run.run_id, regions).save(layout)
        scope = changes.steps[step]
        context.log.info(f"dbt {step}: {scope.reason}")
        no_move_back_months = round(params.number("no_move_back_years") * 12)
        write_dbt_scope(layout, scope.scope, no_move_back_months, lambda code: region(code).province_code)
        try:
            # `build` = seed + run + test of the selected nodes, in DAG order; tests become asset checks.
            invocation = dbt.cli(["build", *_production_flags(operations)], context=context)
            yield from invocation.stream()
        finally:
            write_dbt_scope(layout, None, 0, str)  # a later hand-run `dbt build` is a full one
        if invocation.is_successful():
            record_build(layout, changes, step)
        prune_run_targets(Path(dbt_project.project_dir) / "target")


def _production_flags(operations: OperationsResource) -> list[str]:
    """dbt unit tests check the SQL, not the data: CI runs them (tests/dbt); nightly builds skip them
    (10-20 s of fixed cost per build) unless the operations resource says otherwise (MUTASI_DBT_UNIT_TESTS=1)."""
    return [] if operations.dbt_unit_tests else ["--exclude-resource-type", "unit_test"]


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    exclude=f"tag:{AFTER_RECOMMEND}",
    name="dbt_core",
    dagster_dbt_translator=translator,
    pool=WAREHOUSE_POOL,
    partitions_def=region_partitions,
    backfill_policy=single_run,
)
def dbt_core(
    context: AssetExecutionContext,
    dbt: DbtCliResource,
    paths: PathsResource,
    warehouse: WarehouseResource,
    operations: OperationsResource,
):
    yield from _build(context, dbt, paths, warehouse, operations, "dbt_core")


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    select=f"tag:{AFTER_RECOMMEND}",
    name="dbt_evaluation",
    dagster_dbt_translator=translator,
    pool=WAREHOUSE_POOL,
    partitions_def=region_partitions,
    backfill_policy=single_run,
)
def dbt_evaluation(
    context: AssetExecutionContext,
    dbt: DbtCliResource,
    paths: PathsResource,
    warehouse: WarehouseResource,
    operations: OperationsResource,
):
    yield from _build(context, dbt, paths, warehouse, operations, "dbt_evaluation")
