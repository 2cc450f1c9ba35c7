"""Transform: the dbt project (sources over the lake → staging → intermediate → marts) as Dagster assets.

Two dbt asset groups: `dbt_core` (indices, workload, eligibility) runs before the optimiser; models tagged
`after_recommend` (recommendations mart, scorecards, province consolidation) run after it. Both write the
warehouse, so both share the single-writer pool `warehouse`. dbt works on all regions at once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetKey
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from mutasi.dbt import dbt_project
from mutasi.params import params_version
from orchestration.resources import current_paths

WAREHOUSE_POOL = "warehouse"
AFTER_RECOMMEND = "after_recommend"


class MutasiDbtTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
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


def dbt_build_args(version: str) -> list[str]:
    """The dbt command of every run: build (seed, run, test) with the parameter version as a var."""
    return ["build", "--vars", json.dumps({"params_version": version})]


def _build(context: AssetExecutionContext, dbt: DbtCliResource):
    current_paths()  # exports MUTASI_DATA_DIR for the dbt subprocess
    yield from dbt.cli(dbt_build_args(params_version()), context=context).stream()


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
