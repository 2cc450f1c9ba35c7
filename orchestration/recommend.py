"""Recommend: the `mutation_plan` multi-asset (marts in, exact optimiser per region snapshot, lake out:
mutasi.recommend.batch) and the province level after it, `interregency_plan` (mutasi.recommend.province)."""

import pandas as pd
from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, MetadataValue, multi_asset

from mutasi.changes import scope_of_run
from mutasi.params import SEEDS_DIR, params_version
from mutasi.recommend import load_recommend_params
from mutasi.recommend.batch import employee_rows, recommend_regions, recommend_workers
from mutasi.recommend.interregency import load_interregency_rules
from mutasi.recommend.province import plan_provinces
from orchestration.partitions import region_partitions, single_run
from orchestration.resources import (
    TRANSIENT_RETRY,
    OperationsResource,
    PathsResource,
    WarehouseResource,
    WorkersConfig,
    md_table,
)

MART_INPUTS = [
    AssetKey(["marts", "position_workload"]),
    AssetKey(["marts", "employee_indices"]),
    AssetKey(["marts", "employee_eligibility"]),
]

PLAN_KEY = AssetKey(["mutation_plan"])
# Each lake table the optimiser writes is an asset of its own (dbt sources map to these keys).
RECOMMEND_SPECS = [
    AssetSpec(
        PLAN_KEY,
        deps=MART_INPUTS,
        group_name="recommend",
        kinds={"python", "scipy", "parquet"},
        owners=["team:analytics"],
        description=(
            "Recommended mutations per region snapshot: an exact MILP (HiGHS) over every eligible lateral "
            "move, maximising workload balance, job fit, rotation urgency and stated preference under "
            "capacity, outflow and one-move-per-person constraints. lake/recommendations: one row per move "
            "with reason codes, a Bahasa Indonesia explanation, fit and EJ before/after, training needs."
        ),
    ),
    AssetSpec(
        ["recommend", "not_moved"],
        deps=MART_INPUTS,
        group_name="recommend",
        kinds={"parquet"},
        owners=["team:analytics"],
        description=(
            "Employees due for rotation left in place, each with a 'tidak dipindahkan karena …' line "
            "(lake/recommendations_not_moved)."
        ),
    ),
    AssetSpec(
        ["recommend", "effect"],
        deps=MART_INPUTS,
        group_name="recommend",
        kinds={"parquet"},
        owners=["team:analytics"],
        description=(
            "Regency metrics before, after the optimal plan and after the greedy ranking baseline "
            "(lake/recommendation_effect)."
        ),
    ),
    AssetSpec(
        ["recommend", "shortlists"],
        deps=MART_INPUTS,
        group_name="recommend",
        kinds={"parquet"},
        owners=["team:analytics"],
        description=(
            "Vacancy shortlists: for every vacant or understaffed post, the top legal candidates ranked by "
            "job fit at the post, whether or not the plan picks them (lake/vacancy_shortlists)."
        ),
    ),
    AssetSpec(
        ["recommend", "succession"],
        deps=MART_INPUTS,
        group_name="recommend",
        kinds={"parquet"},
        owners=["team:analytics"],
        description=(
            "Succession candidates: for key posts (JPT, administrator, pengawas) vacant or whose holder "
            "retires within the horizon, ranked candidates one level below (talent box, family, job fit), "
            "with readiness and the gaps to close (lake/succession_candidates). Shortlists for selection, "
            "never automatic promotions."
        ),
    ),
    AssetSpec(
        ["recommend", "fairness"],
        deps=MART_INPUTS,
        group_name="recommend",
        kinds={"parquet"},
        owners=["team:analytics"],
        description=(
            "Sex, age band and golongan of the employees moved against the eligible pool "
            "(lake/recommendation_fairness)."
        ),
    ),
]


@multi_asset(
    name="mutation_plan",
    specs=RECOMMEND_SPECS,
    partitions_def=region_partitions,
    backfill_policy=single_run,
    retry_policy=TRANSIENT_RETRY,
)
def mutation_plan(
    context: AssetExecutionContext,
    config: WorkersConfig,
    paths: PathsResource,
    warehouse: WarehouseResource,
    operations: OperationsResource,
):
    layout = paths.layout
    version = params_version()
    regions = list(context.partition_keys)
    with warehouse.reader() as connection:
        workers = recommend_workers(
            len(regions), employee_rows(connection, regions), config.workers or operations.workers("recommend")
        )
        context.log.info(f"solving {len(regions)} region(s) with {workers} worker process(es)")
        # a failing region is a bug, not bad data (that is stopped at validation): finish the others, then fail
        scope = scope_of_run(layout, "dbt_core", context.run.run_id)
        stats, failed = recommend_regions(
            layout,
            connection,
            regions,
            context.run.run_id,
            version,
            load_recommend_params(SEEDS_DIR),
            log=context.log,
            workers=workers,
            scope=scope,
        )
    if failed:
        raise RuntimeError(f"recommendation failed for regions {failed}; see the step log")
    table = pd.DataFrame(stats)
    yield MaterializeResult(
        asset_key=PLAN_KEY,
        metadata={
            "region_snapshots": len(stats),
            "moves": int(table["moves"].sum()) if len(table) else 0,
            "params_version": version,
            "solver": MetadataValue.md(md_table(table) if len(table) else "nothing to solve"),
            # every snapshot's solver statistics and timings (mutasi bench reads them from here)
            "solver_calls": MetadataValue.json(
                [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()} for row in stats]
            ),
        },
    )
    for spec in RECOMMEND_SPECS[1:]:
        yield MaterializeResult(asset_key=spec.key, metadata={"region_snapshots": len(stats)})


INTERREGENCY_KEY = AssetKey(["interregency_plan"])
INTERREGENCY_SPECS = [
    AssetSpec(
        INTERREGENCY_KEY,
        deps=[PLAN_KEY, *MART_INPUTS],
        group_name="recommend",
        kinds={"python", "scipy", "parquet"},
        owners=["team:analytics"],
        description=(
            "Inter-regency candidate moves per province and snapshot (PP 11/2017 Pasal 192: decided by the "
            "governor): an exact MILP over the province's regencies after their own plans (no person or seat "
            "claimed twice), with the within-regency hard rules, allowed types of post, willingness or due "
            "rotation, and inflow/outflow caps per regency. lake/interregency_recommendations, one file per "
            "province snapshot (zero rows for a province of one regency). Restricted: provincial BKD only."
        ),
    ),
    AssetSpec(
        ["recommend", "provincial_talent_pool"],
        deps=[PLAN_KEY, *MART_INPUTS],
        group_name="recommend",
        kinds={"parquet"},
        owners=["team:analytics"],
        description=(
            "Provincial talent pool: for key posts of the province vacant or whose holder retires within the "
            "succession horizon, candidates from every regency, ranked as in the succession shortlist "
            "(lake/provincial_talent_pool). Restricted: provincial BKD only."
        ),
    ),
]


@multi_asset(
    name="interregency_plan",
    specs=INTERREGENCY_SPECS,
    partitions_def=region_partitions,
    backfill_policy=single_run,
    retry_policy=TRANSIENT_RETRY,
)
def interregency_plan(
    context: AssetExecutionContext,
    config: WorkersConfig,
    paths: PathsResource,
    operations: OperationsResource,
):
    layout = paths.layout
    version = params_version()
    # no reader held here: plan_provinces and its workers each hold the warehouse only while they read
    stats, failed = plan_provinces(
        layout.warehouse,
        layout,
        list(context.partition_keys),
        load_recommend_params(SEEDS_DIR),
        load_interregency_rules(SEEDS_DIR),
        context.run.run_id,
        version,
        scope=scope_of_run(layout, "dbt_core", context.run.run_id),
        log=context.log,
        workers=config.workers or operations.workers("recommend"),
    )
    if failed:
        raise RuntimeError(f"inter-regency plan failed for {failed}; see the step log")
    table = pd.DataFrame(stats)
    yield MaterializeResult(
        asset_key=INTERREGENCY_KEY,
        metadata={
            "province_snapshots": len(stats),
            "moves": int(table["moves"].sum()) if len(table) else 0,
            "params_version": version,
            "provinces": MetadataValue.md(md_table(table) if len(table) else "nothing to plan"),
        },
    )
    yield MaterializeResult(
        asset_key=INTERREGENCY_SPECS[1].key,
        metadata={"rows": int(table["talent_pool_rows"].sum()) if len(table) else 0},
    )
