"""A regency that delivers its SIASN employee export and its ANJAB/ABK exports as they come gets the same
results as if it had delivered the contract form: the same generated snapshot in both shapes, each
through the real pipeline (Dagster, dbt, optimiser, packages) in its own data directory, gives equal marts
once the contract's position codes are translated to SIASN's (UNOR ID, JABATAN ID) keys."""

from __future__ import annotations

import datetime as dt
import os
import re

import duckdb
import pandas as pd
import pytest

from mutasi.config import data_paths

REGION = "6171"
AS_OF = dt.date(2026, 11, 1)
MARTS = (
    "position_workload",
    "employee_indices",
    "employee_eligibility",
    "mutation_recommendations",
    "regency_scorecards",
)
VOLATILE = re.compile(r"(^run_id$|_at$|^params_version$)")

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("siasn_e2e")]


def _run(root, fmt):
    from mutasi.generate import generate_extracts
    from mutasi_cli.runner import run_pipeline

    os.environ["MUTASI_DATA_DIR"] = str(root)
    paths = data_paths(root)
    generate_extracts(
        paths.landing, [REGION], employees=90, snapshots=1, as_of=AS_OF, dirty_share=0.0, seed=11, file_format=fmt
    )
    outcomes = run_pipeline(paths, log=lambda _: None)
    return paths, outcomes


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    old = {k: os.environ.get(k) for k in ("MUTASI_DATA_DIR", "DAGSTER_HOME")}
    try:
        contract = _run(tmp_path_factory.mktemp("contract") / "data", "xlsx")
        siasn = _run(tmp_path_factory.mktemp("siasn") / "data", "siasn")
        yield contract, siasn
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _table(paths, sql):
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return con.execute(sql).df()


def _comparable(frame: pd.DataFrame, codes: dict[str, str]) -> pd.DataFrame:
    frame = frame[[c for c in frame.columns if not VOLATILE.search(c)]].copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: codes.get(v, v) if isinstance(v, str) else v)
        elif pd.api.types.is_float_dtype(frame[column]):
            frame[column] = frame[column].round(8)
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def test_both_shapes_are_accepted_without_configuration(both):
    (contract, c_out), (siasn, s_out) = both
    assert [o.success for o in c_out] == [True] and [o.success for o in s_out] == [True]
    files = _table(siasn, "select source_file, entity, status, rows_quarantined, message from audit.ingested_files")
    read = files.set_index("entity")
    assert read.loc["pegawai", "source_file"].endswith("DATA_UTAMA_PNS_6171.xlsx")
    assert "preset siasn_data_utama" in read.loc["pegawai", "message"]
    assert "preset anjab_jabatan" in read.loc["jabatan", "message"]
    assert "preset anjab_uraian_tugas" in read.loc["uraian_tugas", "message"]
    # every entity of the personnel data accepted; the decision loop's answers were not delivered
    data = ~files["entity"].isin(["keputusan_mutasi", "keberatan_pegawai"])
    assert (files.loc[data, "status"] == "accepted").all() and data.sum() == 9
    assert (files.loc[~data, "status"] == "missing").all()
    assert int(files["rows_quarantined"].sum()) == int(
        _table(contract, "select sum(rows_quarantined) from audit.ingested_files").iloc[0, 0]
    )
    assert not read["message"].str.contains("region map").any()  # read by the presets alone, no map


@pytest.mark.parametrize("mart", MARTS)
def test_marts_equal_those_of_the_contract_form(both, mart):
    (contract, _), (siasn, _) = both
    from mutasi.generate.siasn import siasn_position_key

    jabatan = _table(
        contract,
        "select position_code as kode_jabatan, unit_code as kode_unit, position_name as nama_jabatan, "
        "coalesce(job_level, '') as jenjang from staging.stg_lake__jabatan",
    )
    codes = siasn_position_key(jabatan)
    a = _comparable(_table(contract, f"select * from marts.{mart}"), codes)
    b = _comparable(_table(siasn, f"select * from marts.{mart}"), {})
    assert len(a) > 0
    assert list(a.columns) == list(b.columns)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
