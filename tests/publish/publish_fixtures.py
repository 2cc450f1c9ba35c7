"""Small hand-built mart frames for the publishing tests (no warehouse, no Dagster)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mutasi.publish import PackageMeta

SNAPSHOT = "2026-01-31"
PREVIOUS = "2025-12-31"


def nip_for(region_code: str, i: int) -> str:
    # 18 digits: birth date (year and day derived from the region code, so regions never share a NIP),
    # CPNS year-month, gender, sequence
    birth = f"19{region_code[2:]}{(i % 12) + 1:02d}{int(region_code[:2]) % 28 + 1:02d}"
    return birth + "201003" + "1" + f"{i:03d}"


def make_meta(region_code: str = "6171", snapshot_date: str = SNAPSHOT) -> PackageMeta:
    return PackageMeta(
        region_code=region_code,
        region_name="Kota Pontianak" if region_code == "6171" else f"Wilayah {region_code}",
        province_code=region_code[:2],
        province_name="Kalimantan Barat" if region_code.startswith("61") else f"Provinsi {region_code[:2]}",
        snapshot_date=snapshot_date,
        run_id="run-abc123",
        params_version="p-0f1e2d3c",
        input_files=[
            {
                "entity": "pegawai",
                "source_file": "pegawai.csv",
                "sha256": "a" * 64,
                "rows_read": 12,
                "rows_valid": 10,
                "rows_quarantined": 2,
            },
            {
                "entity": "jabatan",
                "source_file": "jabatan.xlsx",
                "sha256": "b" * 64,
                "rows_read": 6,
                "rows_valid": 6,
                "rows_quarantined": 0,
            },
        ],
    )


def make_tables(
    region_code: str = "6171", snapshot_date: str = SNAPSHOT, n_employees: int = 10
) -> dict[str, pd.DataFrame]:
    snap = pd.Timestamp(snapshot_date)
    positions = pd.DataFrame(
        {
            "region_code": region_code,
            "snapshot_date": snap,
            "position_code": [f"J{i:03d}" for i in range(1, 7)],
            "position_name": [
                "Analis Kebijakan",
                "Pengadministrasi Umum",
                "Pranata Komputer",
                "Arsiparis",
                "Bendahara",
                "Kepala Subbagian Umum",
            ],
            "unit_code": ["U01", "U01", "U02", "U02", "U03", "U03"],
            "unit_name": [
                "Badan Kepegawaian",
                "Badan Kepegawaian",
                "Dinas Kominfo",
                "Dinas Kominfo",
                "Dinas Kesehatan",
                "Dinas Kesehatan",
            ],
            "position_type": ["fungsional", "pelaksana", "fungsional", "fungsional", "pelaksana", "pengawas"],
            "workload_minutes": [180000.0, 60000.0, 70000.0, 20000.0, 90000.0, 0.0],
            "required_staff": [2.4, 0.8, 0.9333, 0.2667, 1.2, 0.0],
            "required_headcount": [2, 1, 1, 0, 1, 0],
            "current_staff": [2, 3, 1, 1, 1, 0],
            "staffing_gap": [0, -2, 0, -1, 0, 0],
            "effectiveness": [1.2, 0.2667, 0.9333, 0.2667, 1.2, np.nan],
            "grade": ["A", "E", "B", "E", "A", None],
        }
    )
    employees = pd.DataFrame(
        {
            "region_code": region_code,
            "snapshot_date": snap,
            "nip": [nip_for(region_code, i) for i in range(n_employees)],
            "name": [f"Pegawai {i}" for i in range(n_employees)],
            "position_code": [positions["position_code"].iloc[i % 5] for i in range(n_employees)],
            "professionalism_index": np.linspace(55, 95, n_employees).round(2),
            "professionalism_category": [
                ["Sangat Rendah", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi"][i % 5] for i in range(n_employees)
            ],
            "job_fit_score": np.linspace(2.5, 4.9, n_employees).round(3),
            "talent_box": [(i % 9) + 1 for i in range(n_employees)],
        }
    )
    recs = pd.DataFrame(
        {
            "region_code": region_code,
            "snapshot_date": snap,
            "priority_rank": [1, 2],
            "nip": [employees["nip"].iloc[1], employees["nip"].iloc[3]],
            "name": [employees["name"].iloc[1], employees["name"].iloc[3]],
            "from_position_code": ["J002", "J004"],
            "from_position_name": ["Pengadministrasi Umum", "Arsiparis"],
            "from_unit_name": ["Badan Kepegawaian", "Dinas Kominfo"],
            "to_position_code": ["J001", "J003"],
            "to_position_name": ["Analis Kebijakan", "Pranata Komputer"],
            "to_unit_name": ["Badan Kepegawaian", "Dinas Kominfo"],
            "move_kind": ["rebalance", "fit"],
            "reason_codes": ["EJ_DONOR_LOW;EJ_TARGET_HIGH", "FIT_GAIN"],
            "explanation": [
                "Dipindahkan dari jabatan berbeban ringan (EJ 0,27) ke jabatan berbeban berat (EJ 1,20).",
                "Kecocokan jabatan naik dari 3,10 ke 4,20.",
            ],
            "job_fit_before": [3.5, 3.1],
            "job_fit_after": [4.0, 4.2],
            "ej_from_before": [0.2667, 0.2667],
            "ej_from_after": [0.4, np.inf],
            "ej_to_before": [1.2, 0.9333],
            "ej_to_after": [0.8, 0.4667],
            "training_needs": ["teknis", ""],
        }
    )
    training = pd.DataFrame(
        {
            "region_code": region_code,
            "snapshot_date": snap,
            "nip": [employees["nip"].iloc[1]],
            "competency": ["teknis"],
            "training_kind": ["teknis"],
            "current_level": [2],
            "target_level": [3],
        }
    )
    quality = pd.DataFrame(
        {
            "region_code": region_code,
            "snapshot_date": snap,
            "record_type": ["file", "file", "quarantined_row", "quarantined_row"],
            "entity": ["pegawai", "jabatan", "pegawai", "pegawai"],
            "source_file": ["pegawai.csv", "jabatan.xlsx", "pegawai.csv", "pegawai.csv"],
            "rows_read": [12, 6, None, None],
            "rows_valid": [10, 6, None, None],
            "rows_quarantined": [2, 0, None, None],
            "source_row": [None, None, 4, 9],
            "rule": [None, None, "nip_18_digits", "nip_unique"],
            "message": [None, None, "NIP bukan 18 digit", "NIP ganda"],
            "raw_record": [None, None, '{"nip": "1.98001E+17"}', '{"nip": "198001152010031001"}'],
        }
    )
    # the columns of marts.regency_scorecards (a subset), consistent with the positions and employees above
    summary = pd.DataFrame(
        [
            {
                "region_code": region_code,
                "snapshot_date": snap,
                "employee_count": n_employees,
                "position_count": 6,
                "unit_count": 3,
                "graded_position_count": 5,
                "positions_grade_a": 2,
                "positions_grade_e": 2,
                "share_grade_a": 0.4,
                "share_grade_e": 0.4,
                "share_grade_a_or_e": 0.8,
                "required_headcount": 5,
                "current_staff": 8,
                "staffing_gap_total": -3,
                "staffing_shortage": 0,
                "staffing_surplus": 3,
                "ej_stddev_positions": 0.4321,
                "mean_professionalism_index": 75.0,
                "share_ipasn_sangat_tinggi": 0.2,
                "share_ipasn_tinggi": 0.2,
                "share_ipasn_sedang": 0.2,
                "share_ipasn_rendah": 0.2,
                "share_ipasn_sangat_rendah": 0.2,
                "mean_job_fit": 3.7,
                "due_for_rotation_count": 3,
                "share_5y_in_post": 0.3,
                "eligible_pool": 6,
                "eligible_share": 0.6,
                "data_quality_score": 91.5,
                "recommended_moves": 2,
                "share_grade_a_or_e_after": 0.6,
                "staffing_shortage_after": 0,
                "vacant_posts_needing_staff": 0,
                "vacant_posts_needing_staff_after": 0,
                "composite_index": 68.25,
                "rank_in_province": 2,
            }
        ]
    )
    evaluation = pd.DataFrame(
        {
            "region_code": region_code,
            "snapshot_date": snap,
            "nip": [employees["nip"].iloc[5]],
            "move_kind": ["rotation"],
            "adopted": [True],
            "job_fit_before": [3.0],
            "job_fit_after": [3.6],
            "skp_before": [80.0],
            "skp_after": [88.0],
        }
    )
    return {
        "summary": summary,
        "mutation_recommendations": recs,
        "position_workload": positions,
        "employee_indices": employees,
        "training_needs": training,
        "data_quality": quality,
        "post_mutation_evaluation": evaluation,
    }


def make_history(region_code: str = "6171") -> pd.DataFrame:
    rows = []
    for date, composite, a_share in ((PREVIOUS, 64.0, 0.5), ("2025-11-30", 60.5, 0.55)):
        rows.append(
            {
                "region_code": region_code,
                "snapshot_date": pd.Timestamp(date),
                "employee_count": 9,
                "share_grade_a": a_share,
                "share_grade_e": 0.45,
                "share_grade_a_or_e": a_share + 0.4,
                "staffing_gap_total": -4,
                "staffing_shortage": 1,
                "ej_stddev_positions": 0.5,
                "mean_professionalism_index": 72.0,
                "mean_job_fit": 3.5,
                "share_5y_in_post": 0.35,
                "eligible_pool": 5,
                "data_quality_score": 88.0,
                "recommended_moves": 3,
                "composite_index": composite,
            }
        )
    return pd.DataFrame(rows)


def make_warehouse(path, regions=("6171", "6172", "6101"), snapshots=(PREVIOUS, SNAPSHOT), n_employees=40):
    """A small warehouse.duckdb with the marts and audit tables a regency package reads (mutasi.publish.regency)."""
    import duckdb

    marts: dict[str, list[pd.DataFrame]] = {}
    for region_code in regions:
        for snapshot in snapshots:
            tables = make_tables(region_code, snapshot, n_employees)
            employees = tables["employee_indices"]
            units = dict(zip(tables["position_workload"]["position_code"], tables["position_workload"]["unit_code"]))
            employees.insert(4, "unit_code", employees["position_code"].map(units))
            recs = tables["mutation_recommendations"]
            evaluation = tables["post_mutation_evaluation"].assign(from_position_code="J002", to_position_code="J001")
            quality = tables["data_quality"]
            files = quality[quality["record_type"] == "file"].drop(
                columns=["record_type", "source_row", "rule", "raw_record"]
            )
            files = files.assign(
                sha256="c" * 64, file_format="csv", encoding="utf-8", status="ok", is_current_delivery=True
            )
            quarantined = quality[quality["record_type"] == "quarantined_row"][
                ["region_code", "snapshot_date", "entity", "source_file", "source_row", "rule", "message", "raw_record"]
            ].assign(is_current_delivery=True, source_row=lambda f: f["source_row"].astype(int))
            rows = {
                "marts.regency_scorecards": tables["summary"].assign(province_code=region_code[:2]),
                "marts.mutation_recommendations": recs,
                "marts.position_workload": tables["position_workload"],
                "marts.employee_indices": employees,
                "marts.mutation_evaluation": evaluation,
                "audit.ingested_files": files,
                "audit.quarantined_rows": quarantined,
            }
            for name, frame in rows.items():
                marts.setdefault(name, []).append(frame)
    connection = duckdb.connect(str(path))
    try:
        connection.execute("create schema marts; create schema audit")
        for name, frames in marts.items():
            frame = pd.concat(frames, ignore_index=True)
            frame["snapshot_date"] = pd.to_datetime(frame["snapshot_date"]).dt.date
            connection.register("frame", frame)
            connection.execute(f"create table {name} as select * from frame")
            connection.unregister("frame")
    finally:
        connection.close()
    return path
