"""Freshness: a region whose newest accepted snapshot is older than the parameter is flagged."""

import datetime as dt

import pandas as pd

from mutasi.config import data_paths
from mutasi.ingest.validation import stale_regions
from mutasi.lake import write_partition


def test_stale_regions_flags_old_and_missing_snapshots(data_dir):
    paths = data_paths()
    for region, snapshot in (("6171", "2026-11-01"), ("3402", "2026-09-01")):
        write_partition(paths.clean("pegawai"), region, snapshot, pd.DataFrame({"nip": ["198609262015051001"]}))
    stale = stale_regions(paths, ["6171", "3402", "5271"], dt.date(2026, 11, 22), max_age_days=35)
    assert stale == [
        {"region": "3402", "latest_accepted_snapshot": "2026-09-01", "age_days": 82},
        {"region": "5271", "latest_accepted_snapshot": None, "age_days": None},
    ]
