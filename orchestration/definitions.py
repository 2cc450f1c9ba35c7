"""The code location `mutasi` (workspace.yaml → orchestration.definitions:defs)."""

from __future__ import annotations

import os

from dagster import Definitions, load_asset_checks_from_modules, load_assets_from_modules

from mutasi.config import data_dir
from orchestration import ingest, publish, recommend, transform, validate
from orchestration.compat import MutasiDbtCliResource
from orchestration.jobs import pipeline_job
from orchestration.project import DBT_EXECUTABLE, dbt_project
from orchestration.resources import default_resources
from orchestration.schedules import landing_sensor, nightly_schedules, run_failure_alert
from orchestration.whatif import whatif

# The edge: the one place the environment is completed. The paths resource reads $MUTASI_DATA_DIR when a run
# starts; a code location started without it (a bare `dagster dev`) gets the default ./data, as before.
os.environ.setdefault("MUTASI_DATA_DIR", str(data_dir()))

dbt_project.prepare_if_dev()  # acts only under `dagster dev`; elsewhere `mutasi prepare` builds the manifest

MODULES = [ingest, validate, transform, recommend, publish]

defs = Definitions(
    assets=[*load_assets_from_modules(MODULES), transform.DBT_SCOPE],
    asset_checks=load_asset_checks_from_modules(MODULES),
    jobs=[pipeline_job, whatif],
    schedules=nightly_schedules,
    sensors=[landing_sensor, run_failure_alert],
    resources={
        **default_resources(),
        "dbt": MutasiDbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE),
    },
)
