"""Transform: the dbt project (sources over the lake → staging → intermediate → marts) as Dagster assets.

Two dbt asset groups: `dbt_core` (indices, workload, eligibility) runs before the optimiser; models tagged
`after_recommend` (recommendations mart, scorecards, province consolidation) run after it. Both write the
warehouse, so both share the single-writer pool `warehouse`. dbt works on all regions at once.
"""


from collections.abc import Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetKey
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from mutasi.dbt import dbt_project
from orchestration.resources import current_paths

WAREHOUSE_POOL = "warehouse"
AFTER_RECOMMEND = "after_recommend"


class MutasiDbtTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            if dbt_resource_props["source_name"] == "lake":  # written by orchestration.validate
                return AssetKey(["lake", dbt_resource_props["name"]])
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


def _build(context: AssetExecutionContext, dbt: DbtCliResource):
    current_paths()  # exports MUTASI_DATA_DIR for the dbt subprocess
    # `build` = seed + run + test of the selected nodes, in DAG order; tests become asset checks.
    yield from dbt.cli(["build"], context=context).stream()


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    exclude=f"tag:{AFTER_RECOMMEND}",
    name="dbt_core",
    dagster_dbt_translator=translator,
    pool=WAREHOUSE_POOL,
)
def dbt_core(context: AssetExecutionContext, dbt: DbtCliResource):
    yield from _build(context, dbt)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    select=f"tag:{AFTER_RECOMMEND}",
    name="dbt_evaluation",
    dagster_dbt_translator=translator,
    pool=WAREHOUSE_POOL,
)
def dbt_evaluation(context: AssetExecutionContext, dbt: DbtCliResource):
    yield from _build(context, dbt)
