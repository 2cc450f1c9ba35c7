"""Publishing: turn mart DataFrames into the packages regency HR staff (BKPSDM) and the province open.

    outputs/<region_code>/<snapshot_date>/                 publish_region_package
        paket_<region_code>_<snapshot_date>.xlsx           workbook, Bahasa Indonesia sheets and headers
        scorecard.html                                     self-contained scorecard with inline SVG charts
        csv/<table>.csv, parquet/<table>.parquet           the same tables for machines
        manifest.json                                      run, parameters, inputs, row counts, checksums
    outputs/province/<province_code>/<snapshot_date>/      publish_province_package (aggregates only)

regency.py reads a regency package's tables from the warehouse and publishes many packages, one after the
other or in worker processes (mutasi.parallel); the regency_packages asset runs it.

See docs/outputs.md for what each sheet holds and how to read it.
"""

from .labels import COLUMN_LABELS, column_label
from .package import PackageMeta, publish_province_package, publish_region_package
from .safety import (
    FORMULA_TRIGGERS,
    PersonalDataError,
    PublishError,
    RegionIsolationError,
    neutralise_frame,
    neutralise_text,
)

__all__ = [
    "COLUMN_LABELS",
    "FORMULA_TRIGGERS",
    "PackageMeta",
    "PersonalDataError",
    "PublishError",
    "RegionIsolationError",
    "column_label",
    "neutralise_frame",
    "neutralise_text",
    "publish_province_package",
    "publish_region_package",
]
