"""A tiny hand-made lake for the dbt tests: values small enough to check every index by hand.

Layout and columns follow docs/architecture.md (lake/clean, lake/audit, lake/recommendations, one
``data.parquet`` per ``region_code=R/snapshot_date=D`` folder, ``region_code`` and ``snapshot_date``
inside every file). Region 6171 has two monthly snapshots; region 6172 is a copy of it, so any join
that forgets the region key shows up as doubled rows or values.

Hand computations (snapshot 2026-06-30; effective time 75,000 min/person/year):

positions (jabatan)           tasks: volume x norm           workload  staff  EJ     grade  headcount gap
P01 Analis Kepegawaian AP     100x300 + 81x300              54,300    1      0.724  C      1         0
P02 Pengadministrasi Umum     1000x90 + 500x150             165,000   2      1.1    A      2 (2.2)   0
P03 Kepala Bagian Umum        200x150                       30,000    1      0.4    E      0 (0.4)   -1
P04 Perawat Ahli Muda         1200x60                       72,000    0      null   null   1 (0.96)  +1
P05 Pengelola Data            500x75                        37,500    1      0.5    D      1 (0.5)   0

In snapshot 2026-07-31 employee E2 has moved from P02 to P05: P02 EJ 2.2 (A, gap +1), P05 EJ 0.25
(E, gap -1). Everything else is unchanged.

employees at 2026-06-30 (IP ASN = kualifikasi + kompetensi + kinerja + disiplin; job fit 60/40):
E1 S2, fungsional 40 JP + teknis 24 JP + seminar 8 JP, SKP 2025 Sangat Baik, never sanctioned
   -> 20 + 35 + 30 + 5 = 90 (Tinggi); gaps +1,+1,0, edu +1 -> 0.6*4.5 + 0.4*4.75 = 4.6;
   SKP 2024/2025 SB/SB (mean 5, above), potensi 85 (high) -> box 9; eligible, due (6 y 5 m in post)
E2 S1, teknis 12 JP, SKP 2025 Butuh Perbaikan, ringan sanction running -> 15 + 0 + 20 + 3 = 38;
   gaps 0,+1,0, edu +2 -> 0.6*4.75 + 0.4*4.25 = 4.55; mean rank 3.5 (below), potential (2+2+2)/3*20
   = 40 (low) -> box 1; under_min_years_in_post;active_sanction;skp_below_baik_2025
E3 S1 administrator, PKA 60 JP, SKP 2024 Baik only, sedang sanction ended 2024-12-31
   -> 15 + 15 + 0 + 2 = 32; all gaps 0 -> 5.0; mean 4 (as expected), potensi 70 (middle) -> box 5;
   recent_heavy_sanction;skp_missing_2025;near_retirement (BUP 58 on 2026-11-20)
E4 PPPK D3 -> 10 + 0 + 25 + 5 = 40; no assessment -> no job fit, no box; not_pns
E5 CPNS S1 since 2025 -> 15 + 0 + 0 + 5 = 20; not_pns;under_min_years_in_post;skp_missing_2024;skp_missing_2025
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from validations.contract import ENTITY_COLUMNS

D = dt.date
REGION = "6171"
COPY_REGION = "6172"
SNAPSHOT_1 = D(2026, 6, 30)
SNAPSHOT_2 = D(2026, 7, 31)
SNAPSHOT_3 = D(2026, 8, 31)  # a later delivery, written only by the incremental test

_KEYS = [("region_code", pa.string()), ("snapshot_date", pa.date32())]

SCHEMAS: dict[str, pa.Schema] = {
    "pegawai": pa.schema(
        _KEYS
        + [
            ("nip", pa.string()),
            ("nama", pa.string()),
            ("tanggal_lahir", pa.date32()),
            ("jenis_kelamin", pa.string()),
            ("status_kepegawaian", pa.string()),
            ("golongan", pa.string()),
            ("tmt_cpns", pa.date32()),
            ("pendidikan_tingkat", pa.string()),
            ("pendidikan_jurusan", pa.string()),
            ("kode_jabatan", pa.string()),
            ("tmt_jabatan", pa.date32()),
        ]
    ),
    "jabatan": pa.schema(
        _KEYS
        + [
            ("kode_jabatan", pa.string()),
            ("nama_jabatan", pa.string()),
            ("kode_unit", pa.string()),
            ("nama_unit", pa.string()),
            ("jenis_jabatan", pa.string()),
            ("jenjang", pa.string()),
            ("kelas_jabatan", pa.int64()),
            ("rumpun", pa.string()),
            ("pendidikan_minimal", pa.string()),
            ("jurusan_syarat", pa.string()),
            ("target_teknis", pa.int64()),
            ("target_manajerial", pa.int64()),
            ("target_sosiokultural", pa.int64()),
        ]
    ),
    "uraian_tugas": pa.schema(
        _KEYS
        + [
            ("kode_jabatan", pa.string()),
            ("uraian_tugas", pa.string()),
            ("satuan_hasil", pa.string()),
            ("volume_per_tahun", pa.float64()),
            ("norma_waktu_menit", pa.float64()),
        ]
    ),
    "asesmen_kompetensi": pa.schema(
        _KEYS
        + [
            ("nip", pa.string()),
            ("tanggal_asesmen", pa.date32()),
            ("kompetensi_teknis", pa.int64()),
            ("kompetensi_manajerial", pa.int64()),
            ("kompetensi_sosiokultural", pa.int64()),
            ("skor_potensi", pa.float64()),
        ]
    ),
    "kinerja": pa.schema(
        _KEYS
        + [
            ("nip", pa.string()),
            ("tahun", pa.int64()),
            ("predikat", pa.string()),
            ("nilai", pa.float64()),
        ]
    ),
    "diklat": pa.schema(
        _KEYS
        + [
            ("nip", pa.string()),
            ("jenis_diklat", pa.string()),
            ("nama_diklat", pa.string()),
            ("jam_pelajaran", pa.float64()),
            ("tanggal_selesai", pa.date32()),
        ]
    ),
    "hukuman_disiplin": pa.schema(
        _KEYS
        + [
            ("nip", pa.string()),
            ("tingkat", pa.string()),
            ("tanggal_mulai", pa.date32()),
            ("tanggal_selesai", pa.date32()),
        ]
    ),
    "preferensi_mutasi": pa.schema(
        _KEYS
        + [
            ("nip", pa.string()),
            ("bersedia_mutasi", pa.string()),
            ("unit_diminati", pa.string()),
        ]
    ),
    "survei_kepuasan": pa.schema(
        _KEYS
        + [
            ("kode_unit", pa.string()),
            ("periode", pa.string()),
            ("nilai_ikm", pa.float64()),
        ]
    ),
    "keputusan_mutasi": pa.schema(
        _KEYS
        + [
            ("nip", pa.string()),
            ("kode_jabatan_tujuan", pa.string()),
            ("keputusan", pa.string()),
            ("alasan", pa.string()),
            ("tanggal_keputusan", pa.date32()),
            ("diputuskan_oleh", pa.string()),
            ("tanggal_rekomendasi", pa.date32()),
        ]
    ),
    "keberatan_pegawai": pa.schema(
        _KEYS
        + [("nip", pa.string()), ("kode_jabatan_tujuan", pa.string()), ("isi", pa.string()), ("tanggal", pa.date32())]
    ),
    "ingested_files": pa.schema(
        _KEYS
        + [
            ("entity", pa.string()),
            ("source_file", pa.string()),
            ("sha256", pa.string()),
            ("file_format", pa.string()),
            ("encoding", pa.string()),
            ("rows_read", pa.int64()),
            ("rows_valid", pa.int64()),
            ("rows_quarantined", pa.int64()),
            ("status", pa.string()),
            ("message", pa.string()),
            ("ingested_at", pa.timestamp("us")),
            ("run_id", pa.string()),
            ("delivery_id", pa.string()),
        ]
    ),
    "quarantined_rows": pa.schema(
        _KEYS
        + [
            ("entity", pa.string()),
            ("source_file", pa.string()),
            ("source_row", pa.int64()),
            ("rule", pa.string()),
            ("message", pa.string()),
            ("raw_record", pa.string()),
            ("delivery_id", pa.string()),
        ]
    ),
    "snapshot_status": pa.schema(
        _KEYS
        + [
            ("status", pa.string()),
            ("message", pa.string()),
            ("rows_read", pa.int64()),
            ("rows_valid", pa.int64()),
            ("rows_quarantined", pa.int64()),
            ("completeness", pa.float64()),
            ("validity", pa.float64()),
            ("consistency", pa.float64()),
            ("timeliness", pa.float64()),
            ("data_quality_score", pa.float64()),
            ("run_id", pa.string()),
            ("validated_at", pa.timestamp("us")),
            ("delivery_id", pa.string()),
        ]
    ),
    "recommendations": pa.schema(
        _KEYS
        + [
            ("nip", pa.string()),
            ("from_position_code", pa.string()),
            ("from_unit_code", pa.string()),
            ("to_position_code", pa.string()),
            ("to_unit_code", pa.string()),
            ("move_kind", pa.string()),
            ("reason_codes", pa.string()),
            ("explanation", pa.string()),
            ("job_fit_before", pa.float64()),
            ("job_fit_after", pa.float64()),
            ("ej_from_before", pa.float64()),
            ("ej_from_after", pa.float64()),
            ("ej_to_before", pa.float64()),
            ("ej_to_after", pa.float64()),
            ("training_needs", pa.string()),
            ("objective_value", pa.float64()),
            ("params_version", pa.string()),
            ("run_id", pa.string()),
        ]
    ),
    "recommendations_not_moved": pa.schema(
        _KEYS
        + [
            ("nip", pa.string()),
            ("name", pa.string()),
            ("position_code", pa.string()),
            ("unit_code", pa.string()),
            ("years_in_position", pa.float64()),
            ("reason_code", pa.string()),
            ("explanation", pa.string()),
            ("params_version", pa.string()),
            ("run_id", pa.string()),
        ]
    ),
    "recommendation_effect": pa.schema(
        _KEYS
        + [
            ("metric", pa.string()),
            ("before", pa.float64()),
            ("ours", pa.float64()),
            ("baseline", pa.float64()),
            ("ours_minus_baseline", pa.float64()),
            ("params_version", pa.string()),
            ("run_id", pa.string()),
        ]
    ),
    "recommendation_fairness": pa.schema(
        _KEYS
        + [
            ("dimension", pa.string()),
            ("group", pa.string()),
            ("pool_count", pa.int64()),
            ("pool_share", pa.float64()),
            ("moved_count", pa.int64()),
            ("moved_share", pa.float64()),
            ("share_difference", pa.float64()),
            ("move_rate", pa.float64()),
            ("params_version", pa.string()),
            ("run_id", pa.string()),
        ]
    ),
    "vacancy_shortlists": pa.schema(
        _KEYS
        + [
            ("position_code", pa.string()),
            ("unit_code", pa.string()),
            ("staffing_gap", pa.int64()),
            ("candidate_rank", pa.int64()),
            ("nip", pa.string()),
            ("name", pa.string()),
            ("from_position_code", pa.string()),
            ("from_unit_code", pa.string()),
            ("job_fit_at_post", pa.float64()),
            ("job_fit_now", pa.float64()),
            ("is_due_for_rotation", pa.bool_()),
            ("in_plan", pa.bool_()),
            ("reasons", pa.string()),
            ("training_needs", pa.string()),
            ("params_version", pa.string()),
            ("run_id", pa.string()),
        ]
    ),
    "succession_candidates": pa.schema(
        _KEYS
        + [
            ("position_code", pa.string()),
            ("unit_code", pa.string()),
            ("position_type", pa.string()),
            ("opening_reason", pa.string()),
            ("holder_nip", pa.string()),
            ("holder_retirement_date", pa.timestamp("ns")),
            ("candidate_rank", pa.int64()),
            ("nip", pa.string()),
            ("name", pa.string()),
            ("from_position_code", pa.string()),
            ("from_position_type", pa.string()),
            ("talent_box", pa.float64()),
            ("job_fit_at_post", pa.float64()),
            ("readiness", pa.string()),
            ("gaps_to_close", pa.string()),
            ("years_to_retirement", pa.float64()),
            ("params_version", pa.string()),
            ("run_id", pa.string()),
        ]
    ),
}
PLAN_TABLES = (
    "recommendations",
    "recommendations_not_moved",
    "recommendation_effect",
    "recommendation_fairness",
    "vacancy_shortlists",
    "succession_candidates",
)

AUDIT_TABLES = ("ingested_files", "quarantined_rows", "snapshot_status")
CLEAN_ENTITIES = tuple(name for name in SCHEMAS if name not in AUDIT_TABLES + PLAN_TABLES)

E1 = "198609262015051001"
E2 = "199003152019032002"
E3 = "196811201992031001"
E4 = "199512302023212001"
E5 = "200001012025011001"

POSITIONS = [
    # kode, nama, unit, nama unit, jenis, jenjang, kelas, rumpun, pendidikan min, jurusan, targets T/M/S
    (
        "P01",
        "Analis Kepegawaian Ahli Pertama",
        "U1",
        "Bagian Umum",
        "fungsional",
        "ahli pertama",
        8,
        "kepegawaian",
        "S1",
        "Manajemen SDM; Psikologi",
        3,
        2,
        3,
    ),
    ("P02", "Pengadministrasi Umum", "U1", "Bagian Umum", "pelaksana", None, 5, "administrasi", "SMA", None, 2, 1, 2),
    ("P03", "Kepala Bagian Umum", "U1", "Bagian Umum", "administrator", None, 11, "administrasi", "S1", None, 3, 4, 3),
    (
        "P04",
        "Perawat Ahli Muda",
        "U2",
        "Dinas Kesehatan",
        "fungsional",
        "ahli muda",
        9,
        "kesehatan",
        "S1",
        "Keperawatan",
        3,
        2,
        3,
    ),
    ("P05", "Pengelola Data", "U2", "Dinas Kesehatan", "pelaksana", None, 7, "administrasi", "D3", None, 2, 1, 2),
]

TASKS = [
    ("P01", "Menyusun analisis kebutuhan pegawai", "dokumen", 100, 300),
    ("P01", "Memverifikasi usul kenaikan pangkat", "berkas", 81, 300),
    ("P02", "Mengagendakan surat", "surat", 1000, 90),
    ("P02", "Mengarsipkan dokumen", "berkas", 500, 150),
    ("P03", "Memimpin rapat koordinasi", "rapat", 200, 150),
    ("P04", "Melakukan asuhan keperawatan", "pasien", 1200, 60),
    ("P05", "Mengentri data", "laporan", 500, 75),
]


def _employees(snapshot: dt.date) -> list[dict]:
    e2_position, e2_start = ("P02", D(2025, 1, 2)) if snapshot == SNAPSHOT_1 else ("P05", D(2026, 7, 15))
    rows = [
        (
            E1,
            "Budi Santoso",
            D(1986, 9, 26),
            "L",
            "PNS",
            "III/b",
            D(2015, 5, 1),
            "S2",
            "Manajemen SDM",
            "P01",
            D(2020, 1, 15),
        ),
        (
            E2,
            "Siti Aminah",
            D(1990, 3, 15),
            "P",
            "PNS",
            "III/a",
            D(2019, 3, 1),
            "S1",
            "Administrasi Negara",
            e2_position,
            e2_start,
        ),
        (
            E3,
            "Ahmad Yani",
            D(1968, 11, 20),
            "L",
            "PNS",
            "IV/a",
            D(1992, 3, 1),
            "S1",
            "Ilmu Pemerintahan",
            "P03",
            D(2023, 2, 1),
        ),
        (E4, "Rina Wati", D(1995, 12, 30), "P", "PPPK", None, None, "D3", "Sistem Informasi", "P05", D(2023, 3, 1)),
        (
            E5,
            "Dedi Kurniawan",
            D(2000, 1, 1),
            "L",
            "CPNS",
            "III/a",
            D(2025, 1, 1),
            "S1",
            "Akuntansi",
            "P02",
            D(2025, 1, 1),
        ),
    ]
    return [dict(zip(ENTITY_COLUMNS["pegawai"], row)) for row in rows]


def _snapshot_rows(snapshot: dt.date) -> dict[str, list[dict]]:
    return {
        "pegawai": _employees(snapshot),
        "jabatan": [dict(zip(ENTITY_COLUMNS["jabatan"], row)) for row in POSITIONS],
        "uraian_tugas": [dict(zip(ENTITY_COLUMNS["uraian_tugas"], row)) for row in TASKS],
        "asesmen_kompetensi": [
            {
                "nip": E1,
                "tanggal_asesmen": D(2023, 5, 10),
                "kompetensi_teknis": 2,
                "kompetensi_manajerial": 2,
                "kompetensi_sosiokultural": 2,
                "skor_potensi": 50.0,
            },  # older assessment: ignored
            {
                "nip": E1,
                "tanggal_asesmen": D(2025, 5, 10),
                "kompetensi_teknis": 4,
                "kompetensi_manajerial": 3,
                "kompetensi_sosiokultural": 3,
                "skor_potensi": 85.0,
            },
            {
                "nip": E2,
                "tanggal_asesmen": D(2025, 6, 1),
                "kompetensi_teknis": 2,
                "kompetensi_manajerial": 2,
                "kompetensi_sosiokultural": 2,
                "skor_potensi": None,
            },
            {
                "nip": E3,
                "tanggal_asesmen": D(2024, 8, 1),
                "kompetensi_teknis": 3,
                "kompetensi_manajerial": 4,
                "kompetensi_sosiokultural": 3,
                "skor_potensi": 70.0,
            },
            {
                "nip": E5,
                "tanggal_asesmen": D(2025, 9, 1),
                "kompetensi_teknis": 3,
                "kompetensi_manajerial": 2,
                "kompetensi_sosiokultural": 2,
                "skor_potensi": 60.0,
            },
            {
                "nip": E5,
                "tanggal_asesmen": D(2026, 12, 1),
                "kompetensi_teknis": 5,
                "kompetensi_manajerial": 5,
                "kompetensi_sosiokultural": 5,
                "skor_potensi": 99.0,
            },  # after both snapshots: ignored
        ],
        "kinerja": [
            {"nip": E1, "tahun": 2024, "predikat": "Sangat Baik", "nilai": None},
            {"nip": E1, "tahun": 2025, "predikat": "Sangat Baik", "nilai": None},
            {"nip": E1, "tahun": 2023, "predikat": "Kurang", "nilai": None},  # outside the two years
            {"nip": E2, "tahun": 2024, "predikat": "Baik", "nilai": None},
            {"nip": E2, "tahun": 2025, "predikat": "Butuh Perbaikan", "nilai": None},
            {"nip": E3, "tahun": 2024, "predikat": "Baik", "nilai": None},
            {"nip": E4, "tahun": 2024, "predikat": "Baik", "nilai": None},
            {"nip": E4, "tahun": 2025, "predikat": "Baik", "nilai": None},
        ],
        "diklat": [
            {
                "nip": E1,
                "jenis_diklat": "fungsional",
                "nama_diklat": "Diklat JF Analis Kepegawaian",
                "jam_pelajaran": 40.0,
                "tanggal_selesai": D(2021, 3, 1),
            },
            {
                "nip": E1,
                "jenis_diklat": "teknis",
                "nama_diklat": "Manajemen ASN",
                "jam_pelajaran": 12.0,
                "tanggal_selesai": D(2022, 3, 1),
            },
            {
                "nip": E1,
                "jenis_diklat": "teknis",
                "nama_diklat": "SIASN",
                "jam_pelajaran": 12.0,
                "tanggal_selesai": D(2024, 3, 1),
            },
            {
                "nip": E1,
                "jenis_diklat": "seminar",
                "nama_diklat": "Seminar Merit System",
                "jam_pelajaran": 8.0,
                "tanggal_selesai": D(2025, 3, 1),
            },
            {
                "nip": E2,
                "jenis_diklat": "teknis",
                "nama_diklat": "Tata Naskah Dinas",
                "jam_pelajaran": 12.0,
                "tanggal_selesai": D(2024, 3, 1),
            },
            {
                "nip": E2,
                "jenis_diklat": "teknis",
                "nama_diklat": "Kearsipan",
                "jam_pelajaran": 30.0,
                "tanggal_selesai": D(2027, 1, 1),
            },  # not finished by the snapshot: ignored
            {
                "nip": E3,
                "jenis_diklat": "kepemimpinan",
                "nama_diklat": "PKA",
                "jam_pelajaran": 60.0,
                "tanggal_selesai": D(2019, 10, 1),
            },
        ],
        "hukuman_disiplin": [
            {"nip": E2, "tingkat": "ringan", "tanggal_mulai": D(2026, 3, 1), "tanggal_selesai": D(2026, 8, 31)},
            {"nip": E3, "tingkat": "sedang", "tanggal_mulai": D(2023, 1, 1), "tanggal_selesai": D(2024, 12, 31)},
        ],
        "preferensi_mutasi": [
            {"nip": E1, "bersedia_mutasi": "ya", "unit_diminati": "U2"},
            {"nip": E2, "bersedia_mutasi": "tidak", "unit_diminati": None},
        ],
        # Delivered only with the second snapshot: the first snapshot has a zero-row file.
        "survei_kepuasan": []
        if snapshot == SNAPSHOT_1
        else [
            {"kode_unit": "U1", "periode": "2026-S1", "nilai_ikm": 82.5},
        ],
        "keputusan_mutasi": [],
        "keberatan_pegawai": [],
    }


def _audit_rows(snapshot: dt.date, rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    quarantined = 1 if snapshot == SNAPSHOT_1 else 0
    files = []
    for entity, entity_rows in rows.items():
        bad = quarantined if entity == "pegawai" else 0
        files.append(
            {
                "entity": entity,
                "source_file": f"landing/{REGION}/{snapshot}/{entity}.csv",
                "sha256": "0" * 64,
                "file_format": "csv",
                "encoding": "utf-8",
                "rows_read": len(entity_rows) + bad,
                "rows_valid": len(entity_rows),
                "rows_quarantined": bad,
                "status": "accepted",
                "message": None,
                "ingested_at": dt.datetime.combine(snapshot, dt.time(2, 0)),
                "run_id": "run-1",
            }
        )
    read = sum(f["rows_read"] for f in files)
    return {
        "ingested_files": files,
        "quarantined_rows": []
        if not quarantined
        else [
            {
                "entity": "pegawai",
                "source_file": f"landing/{REGION}/{snapshot}/pegawai.csv",
                "source_row": 7,
                "rule": "nip_format",
                "message": "NIP tersimpan sebagai angka (1.98609E+17)",
                "raw_record": '{"nip": "1.98609E+17"}',
            }
        ],
        "snapshot_status": [
            {
                "status": "accepted",
                "message": None,
                "rows_read": read,
                "rows_valid": read - quarantined,
                "rows_quarantined": quarantined,
                "completeness": 1.0,
                "validity": 0.95,
                "consistency": 1.0,
                "timeliness": 1.0,
                "data_quality_score": 92.5 if snapshot == SNAPSHOT_1 else 95.0,
                "run_id": "run-1",
                "validated_at": dt.datetime.combine(snapshot, dt.time(2, 5)),
            }
        ],
    }


def _recommendation_rows(snapshot: dt.date) -> list[dict]:
    """One move recommended at the first snapshot (E2 P02 -> P05, which then happens); none at the second."""
    if snapshot != SNAPSHOT_1:
        return []
    return [
        {
            "nip": E2,
            "from_position_code": "P02",
            "from_unit_code": "U1",
            "to_position_code": "P05",
            "to_unit_code": "U2",
            "move_kind": "rebalance",
            "reason_codes": "rebalance;source_overloaded",
            "explanation": "Dipindahkan untuk menyeimbangkan beban kerja.",
            "job_fit_before": 4.55,
            "job_fit_after": 4.8,
            "ej_from_before": 1.1,
            "ej_from_after": 2.2,
            "ej_to_before": 0.5,
            "ej_to_after": 0.25,
            "training_needs": None,
            "objective_value": 1.25,
            "params_version": "test",
            "run_id": "run-1",
        }
    ]


def _ej_metrics(staff: dict[str, int]) -> dict[str, float]:
    """The optimiser's regency metrics (mutasi.recommend.report.metrics_of) of the fixture positions for
    a given staffing, by hand: EJ = workload / (staff x 75,000), grades from the seed bands."""
    workload = {"P01": 54300, "P02": 165000, "P03": 30000, "P04": 72000, "P05": 37500}
    required = {"P01": 1, "P02": 2, "P03": 0, "P04": 1, "P05": 1}
    ej = [workload[p] / (staff[p] * 75000) for p in workload if staff[p] > 0]
    grades = ["A" if v > 1 else "B" if v >= 0.9 else "C" if v >= 0.7 else "D" if v >= 0.5 else "E" for v in ej]
    mean = sum(ej) / len(ej)
    return {
        "total_staffing_gap": float(sum(max(required[p] - staff[p], 0) for p in workload)),
        "total_surplus": float(sum(max(staff[p] - required[p], 0) for p in workload)),
        "vacant_posts_needing_staff": float(sum(staff[p] == 0 and required[p] > 0 for p in workload)),
        "share_posts_grade_a_or_e": sum(g in ("A", "E") for g in grades) / len(grades),
        "ej_spread_sd": (sum((v - mean) ** 2 for v in ej) / len(ej)) ** 0.5,
        "ej_mean_abs_deviation_from_1": sum(abs(v - 1) for v in ej) / len(ej),
    }


STAFF_SNAPSHOT_1 = {"P01": 1, "P02": 2, "P03": 1, "P04": 0, "P05": 1}


def _plan_report_rows(snapshot: dt.date) -> dict[str, list[dict]]:
    """What the optimiser writes next to the plan: the not-moved line of E1 (due for rotation, eligible,
    not moved), the effect report (before / our plan / greedy baseline, which moves nobody here) and the
    fairness report over the eligible pool (E1 only)."""
    moved = snapshot == SNAPSHOT_1  # the plan of the first snapshot moves E2 from P02 to P05
    before = _ej_metrics(STAFF_SNAPSHOT_1 if moved else {**STAFF_SNAPSHOT_1, "P02": 1, "P05": 2})
    after = _ej_metrics({**STAFF_SNAPSHOT_1, "P02": 1, "P05": 2}) if moved else before
    fit_before = 4.7 if moved else 4.68
    fit = {"mean_job_fit": (fit_before, fit_before + 0.05 if moved else fit_before, fit_before)}
    moves = {"n_moves": (0.0, 1.0 if moved else 0.0, 0.0)}
    effect = [{"metric": m, "before": b, "ours": o, "baseline": g} for m, (b, o, g) in moves.items()]
    effect += [{"metric": m, "before": before[m], "ours": after[m], "baseline": before[m]} for m in before]
    effect += [{"metric": m, "before": b, "ours": o, "baseline": g} for m, (b, o, g) in fit.items()]
    for row in effect:
        row.update(ours_minus_baseline=row["ours"] - row["baseline"], params_version="test", run_id="run-1")
    stamp = {"params_version": "test", "run_id": "run-1"}
    years = 6.42 if moved else 6.5
    return {
        "recommendations_not_moved": [
            {
                "nip": E1,
                "name": "Budi Santoso",
                "position_code": "P01",
                "unit_code": "U1",
                "years_in_position": years,
                "reason_code": "NO_WORTHWHILE_MOVE",
                "explanation": "Tidak dipindahkan karena tidak ada jabatan tujuan yang memberi nilai positif "
                "(kecocokan kompetensi akan turun atau beban kerja makin timpang).",
                **stamp,
            }
        ],
        "recommendation_effect": effect,
        "recommendation_fairness": [
            {
                "dimension": dimension,
                "group": group,
                "pool_count": 1,
                "pool_share": 1.0,
                "moved_count": 0,
                "moved_share": None,
                "share_difference": None,
                "move_rate": 0.0,
                **stamp,
            }
            for dimension, group in (("sex", "L"), ("age_band", "31-40"), ("golongan", "III"))
        ],
        # the post E2 is recommended into (P05), with E2 as its one candidate; at the second snapshot none
        "vacancy_shortlists": []
        if not moved
        else [
            {
                "position_code": "P05",
                "unit_code": "U2",
                "staffing_gap": 1,
                "candidate_rank": 1,
                "nip": E2,
                "name": "Siti Aminah",
                "from_position_code": "P02",
                "from_unit_code": "U1",
                "job_fit_at_post": 4.8,
                "job_fit_now": 4.55,
                "is_due_for_rotation": False,
                "in_plan": True,
                "reasons": "Kecocokan kompetensi di jabatan ini 4,8 (sekarang 4,6).",
                "training_needs": "",
                **stamp,
            }
        ],
        "succession_candidates": [
            {
                "position_code": "P01",
                "unit_code": "U1",
                "position_type": "pengawas",
                "opening_reason": "kosong",
                "holder_nip": None,
                "holder_retirement_date": None,
                "candidate_rank": 1,
                "nip": E1,
                "name": "Budi Santoso",
                "from_position_code": "P01",
                "from_position_type": "pelaksana",
                "talent_box": 8.0,
                "job_fit_at_post": 4.2,
                "readiness": "siap sekarang",
                "gaps_to_close": "",
                "years_to_retirement": 20.0,
                **stamp,
            }
        ],
    }


def _write(base: Path, table: str, region: str, snapshot: dt.date, rows: list[dict]) -> None:
    schema = SCHEMAS[table]
    full = [{"region_code": region, "snapshot_date": snapshot, **row} for row in rows]
    if table in AUDIT_TABLES:  # one delivery per snapshot in this fixture
        full = [{"delivery_id": f"d-{snapshot.isoformat()}", **row} for row in full]
    folder = base / f"region_code={region}" / f"snapshot_date={snapshot.isoformat()}"
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(full, schema=schema), folder / "data.parquet")


def write_snapshot(data_dir: Path, region: str, snapshot: dt.date, swap_e1_e3: bool = False) -> None:
    """Write (or overwrite) every lake table of one region snapshot, as validation and the optimiser do.
    ``swap_e1_e3``: a corrected delivery in which E1 and E3 hold each other's posts (P03 and P01): staff
    counts, workload and the plan stay as they are, job fit and the history of both change."""
    lake = Path(data_dir) / "lake"
    rows = _snapshot_rows(snapshot)
    if swap_e1_e3:
        post = {E1: "P03", E3: "P01"}
        rows["pegawai"] = [
            {**row, "kode_jabatan": post.get(row["nip"], row["kode_jabatan"])} for row in rows["pegawai"]
        ]
    for entity in CLEAN_ENTITIES:
        _write(lake / "clean" / entity, entity, region, snapshot, rows[entity])
    for table, audit_rows in _audit_rows(snapshot, rows).items():
        _write(lake / "audit" / table, table, region, snapshot, audit_rows)
    _write(lake / "recommendations", "recommendations", region, snapshot, _recommendation_rows(snapshot))
    for table, report_rows in _plan_report_rows(snapshot).items():
        _write(lake / table, table, region, snapshot, report_rows)


def build_lake(data_dir: Path, regions: tuple[str, ...] = (REGION, COPY_REGION)) -> Path:
    """Write the fixture lake under ``data_dir/lake`` for every region in ``regions``; returns the lake."""
    for region in regions:
        for snapshot in (SNAPSHOT_1, SNAPSHOT_2):
            write_snapshot(data_dir, region, snapshot)
    for snapshot in (SNAPSHOT_1, SNAPSHOT_2):
        write_province_snapshot(data_dir, "61", snapshot)
    return Path(data_dir) / "lake"


# ---------------------------------------------------------------------------------------------- province
# The province level (issue 17), written per province snapshot by the interregency_plan asset.
# Snapshot 1: after the regencies' own plans (E2 P02 -> P05 in both), P02 lacks one and P05 has one too
# many in each regency (shortage 2 x 2 = 4, surplus 4 over the province). One inter-regency move: E4 leaves
# 6172's P05 for 6171's P02 -> shortage 3, surplus 3. Talent pool: P01 is vacant in both regencies (each
# has E1 of its own, ready; 6171's list also E3 of 6172), 6172's P03 opens (E3 retires) with no candidate:
# 3 key posts opening, 2 with a candidate (in the regency's own list and in the pool), 2 with a ready one.

PROVINCE_SCHEMAS = {
    "interregency_recommendations": pa.schema(
        [("province_code", pa.string()), ("snapshot_date", pa.date32())]
        + [
            (c, pa.string())
            for c in (
                "nip",
                "name",
                "from_region_code",
                "from_region_name",
                "from_position_code",
                "from_position_name",
                "from_unit_name",
                "to_region_code",
                "to_region_name",
                "to_position_code",
                "to_position_name",
                "to_unit_name",
                "position_type",
                "job_family",
                "job_level",
            )
        ]
        + [("source_surplus_before", pa.int64()), ("target_gap_before", pa.int64())]
        + [("job_fit_before", pa.float64()), ("job_fit_after", pa.float64()), ("balance_gain", pa.int64())]
        + [("is_willing", pa.bool_()), ("is_due_for_rotation", pa.bool_()), ("objective_value", pa.float64())]
        + [("priority_rank", pa.int64()), ("reason_codes", pa.string()), ("explanation", pa.string())]
        + [("params_version", pa.string()), ("run_id", pa.string())]
    ),
    "provincial_talent_pool": pa.schema(
        [("province_code", pa.string()), ("snapshot_date", pa.date32())]
        + [
            (c, pa.string())
            for c in ("region_code", "position_code", "position_name", "unit_name", "position_type", "opening_reason")
        ]
        + [("holder_retirement_date", pa.timestamp("us")), ("candidate_rank", pa.int64())]
        + [(c, pa.string()) for c in ("candidate_region_code", "candidate_region_name", "nip", "name")]
        + [("from_position_code", pa.string()), ("from_position_type", pa.string()), ("is_same_regency", pa.bool_())]
        + [("talent_box", pa.int64()), ("job_fit_at_post", pa.float64()), ("readiness", pa.string())]
        + [("gaps_to_close", pa.string()), ("years_to_retirement", pa.float64())]
        + [("params_version", pa.string()), ("run_id", pa.string())]
    ),
}


def _province_rows(snapshot: dt.date) -> dict[str, list[dict]]:
    stamp = {"params_version": "test", "run_id": "run-1"}
    if snapshot != SNAPSHOT_1:
        return {"interregency_recommendations": [], "provincial_talent_pool": []}
    move = {
        "nip": E4,
        "name": "Rina Wati",
        "from_region_code": COPY_REGION,
        "from_region_name": "Kota Singkawang",
        "from_position_code": "P05",
        "from_position_name": "Pengelola Data",
        "from_unit_name": "Dinas Kesehatan",
        "to_region_code": REGION,
        "to_region_name": "Kota Pontianak",
        "to_position_code": "P02",
        "to_position_name": "Pengadministrasi Umum",
        "to_unit_name": "Bagian Umum",
        "position_type": "pelaksana",
        "job_family": "administrasi",
        "job_level": None,
        "source_surplus_before": 1,
        "target_gap_before": 1,
        "job_fit_before": 4.0,
        "job_fit_after": 4.25,
        "balance_gain": 2,
        "is_willing": True,
        "is_due_for_rotation": False,
        "objective_value": 3.25,
        "priority_rank": 1,
        "reason_codes": "FILLS_SHORTAGE;RELIEVES_SURPLUS;IMPROVES_FIT;WILLING",
        "explanation": "Mutasi antar-kabupaten/kota dari Pengelola Data (Dinas Kesehatan) di Kota Singkawang ke "
        "Pengadministrasi Umum (Bagian Umum) di Kota Pontianak.",
        **stamp,
    }

    def candidate(region, rank, nip, from_region, readiness):
        return {
            "region_code": region,
            "position_code": "P01",
            "position_name": "Analis Kepegawaian Ahli Pertama",
            "unit_name": "Bagian Umum",
            "position_type": "pengawas",
            "opening_reason": "kosong",
            "holder_retirement_date": None,
            "candidate_rank": rank,
            "candidate_region_code": from_region,
            "candidate_region_name": {REGION: "Kota Pontianak", COPY_REGION: "Kota Singkawang"}[from_region],
            "nip": nip,
            "name": "Budi Santoso",
            "from_position_code": "P01",
            "from_position_type": "pelaksana",
            "is_same_regency": region == from_region,
            "talent_box": 8,
            "job_fit_at_post": 4.2,
            "readiness": readiness,
            "gaps_to_close": "",
            "years_to_retirement": 20.0,
            **stamp,
        }

    bare = {
        "region_code": COPY_REGION,
        "position_code": "P03",
        "position_name": "Kepala Bagian Umum",
        "unit_name": "Bagian Umum",
        "position_type": "administrator",
        "opening_reason": "pensiun",
        "holder_retirement_date": dt.datetime(2026, 11, 20),
        **{
            c: None
            for c in (
                "candidate_rank",
                "candidate_region_code",
                "candidate_region_name",
                "nip",
                "name",
                "from_position_code",
                "from_position_type",
                "is_same_regency",
                "talent_box",
                "job_fit_at_post",
                "readiness",
                "gaps_to_close",
                "years_to_retirement",
            )
        },
        **stamp,
    }
    return {
        "interregency_recommendations": [move],
        "provincial_talent_pool": [
            candidate(REGION, 1, E1, REGION, "siap sekarang"),
            candidate(REGION, 2, E3, COPY_REGION, "1-2 tahun"),
            candidate(COPY_REGION, 1, E1, COPY_REGION, "siap sekarang"),
            bare,
        ],
    }


def write_province_snapshot(data_dir: Path, province: str, snapshot: dt.date) -> None:
    lake = Path(data_dir) / "lake"
    for table, rows in _province_rows(snapshot).items():
        folder = lake / table / f"province_code={province}" / f"snapshot_date={snapshot.isoformat()}"
        folder.mkdir(parents=True, exist_ok=True)
        full = [{"province_code": province, "snapshot_date": snapshot, **row} for row in rows]
        pq.write_table(pa.Table.from_pylist(full, schema=PROVINCE_SCHEMAS[table]), folder / "data.parquet")
