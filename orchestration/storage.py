"""Kept for instances whose dagster.yaml (written by an earlier mutasi) names
``orchestration.storage.CachedEngineSqliteEventLogStorage``; the class lives in orchestration.compat."""

from orchestration.compat import CachedEngineSqliteEventLogStorage

__all__ = ["CachedEngineSqliteEventLogStorage"]
