"""Mutation recommendations: eligible, optimal (exact MILP), explained, with training needs.

See docs/recommendations.md for the objective, constraints and interpretation of the rules.
"""

from .api import CONTRACT_COLUMNS, Baseline, Projection, RecommendationResult, plan, recommend, with_run_columns
from .params import RecommendParams, load_recommend_params
from .report import MOVE_COLUMNS, NOT_MOVED_COLUMNS
from .solver import SolverStats

__all__ = [
    "CONTRACT_COLUMNS",
    "with_run_columns",
    "Baseline",
    "MOVE_COLUMNS",
    "NOT_MOVED_COLUMNS",
    "Projection",
    "RecommendParams",
    "RecommendationResult",
    "SolverStats",
    "load_recommend_params",
    "plan",
    "recommend",
]
