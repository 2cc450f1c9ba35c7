"""Regency packages published in worker processes are the packages published one after the other."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from publish_fixtures import PREVIOUS, SNAPSHOT, make_warehouse
from publish_readers import assert_same_package

from mutasi.publish import PublishError
from mutasi.publish.regency import RegionJob, publish_region_jobs, publish_workers

REGIONS = ("6171", "6172", "6101")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return make_warehouse(tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb", REGIONS)


def _jobs(warehouse, outputs, regions=REGIONS, snapshots=(PREVIOUS, SNAPSHOT)):
    return [
        RegionJob(
            warehouse=str(warehouse),
            outputs=str(outputs),
            region_code=code,
            snapshot_date=date,
            region_name=f"Wilayah {code}",
            province_code=code[:2],
            province_name=f"Provinsi {code[:2]}",
            run_id="run-parallel",
            params_version="p-1",
        )
        for code in regions
        for date in snapshots
    ]


def test_parallel_packages_equal_serial_packages(warehouse, tmp_path):
    serial = publish_region_jobs(_jobs(warehouse, tmp_path / "serial"), workers=1)
    done = []
    parallel = publish_region_jobs(_jobs(warehouse, tmp_path / "parallel"), workers=3, on_done=done.append)
    assert len(serial) == len(parallel) == len(REGIONS) * 2
    assert sorted(r.path for r in done) == sorted(r.path for r in parallel)
    for s, p in zip(serial, parallel):
        assert (s.region, s.snapshot, s.recommendations, s.rows) == (p.region, p.snapshot, p.recommendations, p.rows)
        assert s.rows["employee_indices"] == 40 and s.recommendations == 2
        assert p.path.startswith(str(tmp_path / "parallel"))
        package_s, package_p = (
            tmp_path / "serial" / s.region / s.snapshot,
            tmp_path / "parallel" / p.region / p.snapshot,
        )
        assert str(package_s) == s.path
        assert_same_package(package_s, package_p)
    # each package holds its own region only
    names = pq.read_table(tmp_path / "parallel" / "6172" / SNAPSHOT / "parquet" / "employee_indices.parquet")
    assert set(names.column("nip").to_pylist()) == set(
        pq.read_table(tmp_path / "serial" / "6172" / SNAPSHOT / "parquet" / "employee_indices.parquet")
        .column("nip")
        .to_pylist()
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_package_fails_the_call_and_leaves_no_half_package(warehouse, tmp_path, workers):
    jobs = _jobs(warehouse, tmp_path, regions=("6171",), snapshots=(SNAPSHOT,))
    jobs.append(RegionJob(**{**jobs[0].__dict__, "region_code": "61.71"}))  # not a region code: PublishError
    jobs += _jobs(warehouse, tmp_path, regions=("6172",), snapshots=(SNAPSHOT,))
    with pytest.raises(PublishError, match="Kode wilayah tidak sah"):
        publish_region_jobs(jobs, workers=workers)
    assert (tmp_path / "6171" / SNAPSHOT / "manifest.json").is_file()  # published before the failure
    if workers == 1:  # the serial loop stops at the failure
        assert not (tmp_path / "6172").exists()
    leftovers = [p for p in tmp_path.rglob(".*") if ".tmp-" in p.name or ".old-" in p.name]
    assert not leftovers


def test_workers_follow_cpus_packages_and_what_is_asked():
    assert publish_workers(27, cpus=4) == 4
    assert publish_workers(2, cpus=4) == 2
    assert publish_workers(1, cpus=4) == 1 and publish_workers(0, cpus=4) == 1
    assert publish_workers(27, requested=1, cpus=4) == 1
    assert publish_workers(27, requested=3, cpus=4) == 3
    assert publish_workers(27, requested=16, cpus=4) == 4


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_asset_publishes_the_same_packages_serially_or_in_processes(tmp_path, monkeypatch, workers):
    from dagster import DagsterInstance, materialize

    from mutasi.reference import region
    from orchestration.publish import regency_packages

    data = tmp_path / "data"
    data.mkdir()
    make_warehouse(data / "warehouse.duckdb", REGIONS)
    monkeypatch.setenv("MUTASI_DATA_DIR", str(data))
    codes = sorted(REGIONS)
    with DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions("region", codes)
        from orchestration.resources import default_resources

        result = materialize(
            [regency_packages],
            instance=instance,
            resources=default_resources(),
            run_config={"ops": {"regency_packages": {"config": {"workers": int(workers)}}}},
            tags={"dagster/asset_partition_range_start": codes[0], "dagster/asset_partition_range_end": codes[-1]},
        )
    assert result.success
    metadata = result.asset_materializations_for_node("regency_packages")[0].metadata
    assert metadata["packages"].value == len(REGIONS) * 2
    for code in codes:
        assert f"| {code} | {SNAPSHOT} | {data / 'outputs' / code / SNAPSHOT} | 2 |" in metadata["published"].value
    # what the asset published = the packages published directly, one after the other, under its run id
    direct = [
        RegionJob(
            **{
                **job.__dict__,
                "region_name": region(job.region_code).region_name,
                "province_name": region(job.region_code).province_name,
                "run_id": result.run_id,
                "params_version": _params_version(data / "outputs" / job.region_code / SNAPSHOT),
            }
        )
        for job in _jobs(data / "warehouse.duckdb", tmp_path / "direct", regions=codes)
    ]
    for published in publish_region_jobs(direct, workers=1):
        assert_same_package(data / "outputs" / published.region / published.snapshot, Path(published.path))
    assert not [p for p in (data / "outputs").rglob(".*")]  # no temp or old directory left behind


def _params_version(package) -> str:
    return json.loads((package / "manifest.json").read_text(encoding="utf-8"))["params_version"]
