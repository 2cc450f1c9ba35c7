"""Dagster definitions of mutasi: one module per area, thin wrappers around pure functions."""
