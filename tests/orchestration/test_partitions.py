"""Region partitions: the static reference list, and how a run names the regions it works on."""

from __future__ import annotations

import pytest

from mutasi.reference import province_regions, regions
from orchestration.partitions import REGION_CODES, REGIONS_TAG, region_partitions, run_range, run_regions


def test_partitions_are_the_514_regions_of_the_reference_list_sorted():
    assert region_partitions.get_partition_keys() == REGION_CODES == sorted(regions())
    assert len(REGION_CODES) == 514


@pytest.mark.parametrize("province", sorted({r.province_code for r in regions().values()}))
def test_every_province_is_one_contiguous_range(province):
    codes = province_regions(province)
    first = REGION_CODES.index(codes[0])
    assert REGION_CODES[first:first + len(codes)] == codes


def test_a_run_covers_the_smallest_range_and_names_its_regions():
    start, end, tags = run_range(["6171", "1277", "3402", "6171"])
    assert (start, end, tags) == ("1277", "6171", {REGIONS_TAG: "1277,3402,6171"})
    keys = REGION_CODES[REGION_CODES.index(start):REGION_CODES.index(end) + 1]
    assert len(keys) > 3  # the regions between are in the range, not in the run's work
    assert run_regions(keys, tags) == ["1277", "3402", "6171"]


def test_a_range_launched_without_the_tag_works_on_every_region_of_it():
    keys = province_regions("32")
    assert run_regions(keys, {}) == keys


def test_a_run_over_unknown_or_no_regions_is_refused():
    with pytest.raises(ValueError, match="9999"):
        run_range(["6171", "9999"])
    with pytest.raises(ValueError):
        run_range([])
