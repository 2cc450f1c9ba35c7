"""Region partitions: the regions that have delivered, always in sorted order, so that a province (and a
time zone's regions) is one contiguous range whatever order the regions arrived in."""

from __future__ import annotations

import pytest
from dagster import AssetKey, DagsterInstance, asset, materialize

from mutasi.reference import province_regions
from orchestration.partitions import (REGIONS_TAG, contiguous_ranges, range_tags, region_partitions,
                                      register_regions, run_regions, single_run, sorted_registration)


def test_a_new_region_is_inserted_in_its_sorted_place():
    assert sorted_registration(["1277", "6171"], ["3402"]) == (["6171"], ["3402", "6171"])
    assert sorted_registration(["1277", "6171"], ["7371"]) == ([], ["7371"])  # at the end: nothing deleted
    assert sorted_registration(["1277", "6171"], ["6171", "1277"]) == ([], [])  # nothing new
    assert sorted_registration([], ["9999", "6171"]) == ([], ["6171"])  # not a region of the list: never a key
    assert sorted_registration(["6171", "1277"], []) == (["6171", "1277"], ["1277", "6171"])  # repairs an old order


def test_a_province_delivered_in_two_batches_is_one_range():
    west_java = province_regions("32")
    first, second = west_java[::2], west_java[1::2]
    with DagsterInstance.ephemeral() as instance:
        register_regions(instance, ["6171", *first])
        ordered = register_regions(instance, second)
    assert ordered == sorted(["6171", *west_java])
    assert contiguous_ranges(ordered, set(west_java)) == [(west_java[0], west_java[-1])]
    assert range_tags(ordered, set(west_java)) == [{REGIONS_TAG: ",".join(west_java)}]


def test_re_sorting_keeps_what_was_materialised():
    @asset(partitions_def=region_partitions, backfill_policy=single_run)
    def per_region(context) -> None:
        return None

    with DagsterInstance.ephemeral() as instance:
        register_regions(instance, ["6171"])
        assert materialize([per_region], instance=instance, partition_key="6171").success
        register_regions(instance, ["3402"])  # 6171 is deleted and added again after 3402
        assert instance.get_dynamic_partitions("region") == ["3402", "6171"]
        assert instance.get_materialized_partitions(AssetKey("per_region")) == {"6171"}


def test_a_run_works_on_the_regions_it_names():
    keys = ["1277", "3402", "5271"]
    assert run_regions(keys, {REGIONS_TAG: "1277,5271"}) == ["1277", "5271"]  # 3402 registered meanwhile
    assert run_regions(keys, {}) == keys  # launched from the UI over a range: every key of it


@pytest.mark.parametrize(("selected", "expected"), [
    ({"1277", "3402", "6171"}, [("1277", "3402"), ("6171", "6171")]),
    ({"5271"}, [("5271", "5271")]),
    (set(), []),
])
def test_selected_regions_split_into_neighbour_ranges(selected, expected):
    assert contiguous_ranges(["1277", "3402", "5271", "6171"], selected) == expected
