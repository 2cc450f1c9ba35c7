"""Fixtures of the publishing tests."""

from __future__ import annotations

import pytest
from publish_fixtures import make_history, make_meta, make_tables


@pytest.fixture
def outputs_root(tmp_path):
    return tmp_path / "outputs"


@pytest.fixture
def meta():
    return make_meta()


@pytest.fixture
def tables():
    return make_tables()


@pytest.fixture
def history():
    return make_history()
