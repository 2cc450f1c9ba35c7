"""Region partitions: the regions that have delivered, registered when first seen, and how a run names the
regions it works on."""

from __future__ import annotations

import pytest
from dagster import DagsterInstance

from orchestration.partitions import REGIONS_TAG, contiguous_ranges, range_tags, register_regions, run_regions


def test_new_regions_of_one_discovery_are_appended_in_order_and_only_reference_regions_become_keys():
    with DagsterInstance.ephemeral() as instance:
        assert register_regions(instance, ["6171", "3402", "9999"]) == ["3402", "6171"]
        assert register_regions(instance, ["1277", "6171"]) == ["3402", "6171", "1277"]  # appended: keys never move


def test_each_run_names_the_regions_of_its_range():
    ordered = ["1277", "3402", "5271", "6171"]
    selected = {"1277", "3402", "6171"}
    assert contiguous_ranges(ordered, selected) == [("1277", "3402"), ("6171", "6171")]
    assert range_tags(ordered, selected) == [{REGIONS_TAG: "1277,3402"}, {REGIONS_TAG: "6171"}]


def test_a_run_works_on_the_regions_it_names():
    keys = ["1277", "3402", "5271"]
    assert run_regions(keys, {REGIONS_TAG: "1277,5271"}) == ["1277", "5271"]
    assert run_regions(keys, {}) == keys  # launched from the UI over a range: every key of it


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
