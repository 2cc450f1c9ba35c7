"""The 514 regencies/cities (Kepmendagri 300.2.2-2138/2025) with province and time zone."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from mutasi.config import DBT_PROJECT_DIR


@dataclass(frozen=True)
class Region:
    region_code: str
    kemendagri_code: str
    region_name: str
    region_type: str
    province_code: str
    province_name: str
    timezone: str


#: the one copy of the reference list: the dbt seed (params.regions in the warehouse), read here as a file
REGIONS_CSV = DBT_PROJECT_DIR / "seeds" / "reference" / "regions.csv"


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    text = REGIONS_CSV.read_text("utf-8")
    return {row["region_code"]: Region(**row) for row in csv.DictReader(text.splitlines())}


def region(code: str) -> Region:
    return regions()[code]


def is_region(code: str) -> bool:
    return code in regions()


def province_regions(province_code: str) -> list[str]:
    return sorted(c for c, r in regions().items() if r.province_code == province_code)


FOUNDING_REGIONS = ("6171", "5271", "1277", "1373", "3402")
#: what `make run` delivers: the founding regions and Kota Singkawang, a second regency of Kalimantan Barat next
#: to Kota Pontianak, so that the province level (inter-regency moves, the provincial talent pool) runs in the
#: demo (issue 17)
DEMO_REGIONS = (*FOUNDING_REGIONS, "6172")
