"""Region partitions: the regions that have delivered, registered when first seen, and how a run names the
regions it works on."""

from __future__ import annotations

import pytest
from dagster import DagsterInstance

from orchestration.partitions import contiguous_ranges, register_regions


def test_new_regions_of_one_discovery_are_appended_in_order_and_only_reference_regions_become_keys():
    with DagsterInstance.ephemeral() as instance:
        assert register_regions(instance, ["6171", "3402", "9999"]) == ["3402", "6171"]
        assert register_regions(instance, ["1277", "6171"]) == ["3402", "6171", "1277"]  # appended: keys never move


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ({"5271"}, [("5271", "5271")]),
        ({"1277", "3402", "5271", "6171"}, [("1277", "6171")]),
        (set(), []),
    ],
)
def test_selected_regions_split_into_neighbour_ranges(selected, expected):
    assert contiguous_ranges(["1277", "3402", "5271", "6171"], selected) == expected
