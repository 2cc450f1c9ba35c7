"""Every row rule of SPEC §4 exists under a distinct name for its entity and fires on a minimal damaged
row; the engine's fast evaluation agrees with pandera's own `schema.validate(lazy=True)`."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from mutasi.ingest.headers import ENTITY_COLUMNS
from tests.ingest.builders import ASESMEN, JABATAN, KINERJA, PEGAWAI, URAIAN
from validations.engine import failing_rules, pandera_failures, validate_entity
from validations.schemas import PREPARE, RULES, Context, all_rules, build_schema

NIPS = PEGAWAI["nip"].tolist()
BASE = {
    "pegawai": PEGAWAI,
    "jabatan": JABATAN,
    "uraian_tugas": URAIAN,
    "asesmen_kompetensi": ASESMEN,
    "kinerja": KINERJA,
    "diklat": pd.DataFrame(
        {
            "nip": NIPS[:4],
            "jenis_diklat": ["teknis", "fungsional", "kepemimpinan", "seminar"],
            "nama_diklat": ["Excel", "JF Analis", "PKA", "Webinar"],
            "jam_pelajaran": ["20", "40", "120", "4"],
            "tanggal_selesai": ["2024-05-01"] * 4,
        }
    ),
    "hukuman_disiplin": pd.DataFrame(
        {
            "nip": NIPS[:4],
            "tingkat": ["ringan", "sedang", "berat", "ringan"],
            "tanggal_mulai": ["2023-01-01"] * 4,
            "tanggal_selesai": ["2023-06-30", "", "2025-01-01", "2023-01-01"],
        }
    ),
    "preferensi_mutasi": pd.DataFrame(
        {"nip": NIPS[:4], "bersedia_mutasi": ["ya", "tidak", "ya", "ya"], "unit_diminati": ["U1", "", "U1;U2", ""]}
    ),
    "survei_kepuasan": pd.DataFrame(
        {
            "kode_unit": ["U1", "U2", "U1", "U2"],
            "periode": ["2025-S1", "2025-S1", "2025-S2", "2025-S2"],
            "nilai_ikm": ["82.5", "77", "88,1", "90"],
        }
    ),
    # row 0 approved, row 1 rejected, row 2 postponed, row 3 not decided yet (valid: keputusan blank)
    "keputusan_mutasi": pd.DataFrame(
        {
            "nip": NIPS[:4],
            "kode_jabatan_tujuan": ["J2", "J1", "J2", "J1"],
            "keputusan": ["disetujui", "Ditolak", "tunda", ""],
            "alasan": ["", "Dibutuhkan di unit asal", "Menunggu formasi", ""],
            "tanggal_keputusan": ["2026-10-20", "2026-10-21", "2026-10-22", ""],
            "diputuskan_oleh": ["PPK", "Baperjakat", "", ""],
            "tanggal_rekomendasi": ["2026-10-01"] * 4,
        }
    ),
    "keberatan_pegawai": pd.DataFrame(
        {
            "nip": NIPS[:2],
            "kode_jabatan_tujuan": ["J2", "J1"],
            "isi": ["Merawat orang tua di kota ini", "Meminta unit lain"],
            "tanggal": ["2026-10-05", "2026-10-06"],
        }
    ),
}
OPTIONAL_WITH_NIP = [
    "asesmen_kompetensi",
    "kinerja",
    "diklat",
    "hukuman_disiplin",
    "preferensi_mutasi",
    "keputusan_mutasi",
    "keberatan_pegawai",
]

# (entity, column, value or "DUPLICATE", first rule broken)
CASES = [
    ("pegawai", "nip", "", "nip_missing"),
    ("pegawai", "nip", "1.98609262015051E+17", "nip_spreadsheet_damaged"),
    ("pegawai", "nip", "12345", "nip_malformed"),
    ("pegawai", None, "DUPLICATE", "nip_duplicate"),
    ("pegawai", "nama", "", "required_value_missing"),
    ("pegawai", "tanggal_lahir", "31/31/1986", "date_unparseable"),
    ("pegawai", "jenis_kelamin", "X", "gender_invalid"),
    ("pegawai", "status_kepegawaian", "honorer", "status_invalid"),
    ("pegawai", "golongan", "V/a", "golongan_invalid"),
    ("pegawai", "golongan", "", "golongan_missing"),
    ("pegawai", "pendidikan_tingkat", "S4", "education_invalid"),
    ("pegawai", "tanggal_lahir", "1986-09-27", "nip_birth_date_mismatch"),
    ("pegawai", "jenis_kelamin", "L", "nip_gender_mismatch"),  # row 1 is a woman (NIP digit 15 = 2)
    ("pegawai", "tmt_cpns", "", "tmt_cpns_missing"),
    ("pegawai", "tmt_cpns", "2015-06-01", "nip_cpns_date_mismatch"),
    ("pegawai", "tmt_jabatan", "2027-01-01", "tmt_jabatan_in_future"),
    ("pegawai", "tmt_jabatan", "2010-01-01", "tmt_jabatan_before_cpns"),
    ("pegawai", "kode_jabatan", "J9", "unknown_position"),
    ("jabatan", "kode_jabatan", "", "position_code_missing"),
    ("jabatan", None, "DUPLICATE", "position_code_duplicate"),
    ("jabatan", "kelas_jabatan", "tujuh", "number_unparseable"),
    ("jabatan", "nama_unit", "", "required_value_missing"),
    ("jabatan", "jenis_jabatan", "eselon", "position_type_invalid"),
    ("jabatan", "pendidikan_minimal", "S4", "education_invalid"),
    ("jabatan", "target_teknis", "6", "competency_target_out_of_range"),
    ("jabatan", "kelas_jabatan", "18", "position_class_out_of_range"),
    ("uraian_tugas", "volume_per_tahun", "banyak", "number_unparseable"),
    ("uraian_tugas", "uraian_tugas", "", "required_value_missing"),
    ("uraian_tugas", "volume_per_tahun", "-1", "volume_negative"),
    ("uraian_tugas", "norma_waktu_menit", "0", "time_norm_not_positive"),
    ("uraian_tugas", "kode_jabatan", "J9", "unknown_position"),
    *[
        (e, "nip", v, r)
        for e in OPTIONAL_WITH_NIP
        for v, r in [
            ("", "nip_missing"),
            ("198609262015051000", "nip_spreadsheet_damaged"),
            ("1986092620150510011", "nip_malformed"),
            ("199912312022121999", "unknown_nip"),
        ]
    ],
    ("asesmen_kompetensi", "tanggal_asesmen", "kemarin", "date_unparseable"),
    ("asesmen_kompetensi", "kompetensi_teknis", "tiga", "number_unparseable"),
    ("asesmen_kompetensi", "kompetensi_teknis", "", "required_value_missing"),
    ("asesmen_kompetensi", "kompetensi_manajerial", "0", "competency_level_out_of_range"),
    ("asesmen_kompetensi", "skor_potensi", "101", "potential_out_of_range"),
    ("asesmen_kompetensi", None, "DUPLICATE", "duplicate_key"),
    ("kinerja", "tahun", "dua ribu", "number_unparseable"),
    ("kinerja", "predikat", "", "required_value_missing"),
    ("kinerja", "tahun", "1989", "year_out_of_range"),
    ("kinerja", "predikat", "Cukup", "rating_invalid"),
    ("kinerja", "nilai", "121", "rating_value_out_of_range"),
    ("kinerja", None, "DUPLICATE", "duplicate_key"),
    ("diklat", "tanggal_selesai", "x", "date_unparseable"),
    ("diklat", "jam_pelajaran", "dua", "number_unparseable"),
    ("diklat", "nama_diklat", "", "required_value_missing"),
    ("diklat", "jenis_diklat", "workshop", "training_kind_invalid"),
    ("diklat", "jam_pelajaran", "0", "training_hours_not_positive"),
    ("hukuman_disiplin", "tanggal_mulai", "x", "date_unparseable"),
    ("hukuman_disiplin", "tingkat", "", "required_value_missing"),
    ("hukuman_disiplin", "tingkat", "berat sekali", "sanction_level_invalid"),
    ("hukuman_disiplin", "tanggal_selesai", "2022-12-31", "sanction_end_before_start"),
    ("preferensi_mutasi", "bersedia_mutasi", "mungkin", "willingness_invalid"),
    ("preferensi_mutasi", "unit_diminati", "U1; U9", "unknown_unit"),
    ("preferensi_mutasi", None, "DUPLICATE", "duplicate_key"),
    ("survei_kepuasan", "nilai_ikm", "x", "number_unparseable"),
    ("survei_kepuasan", "periode", "", "required_value_missing"),
    ("survei_kepuasan", "periode", "Semester 1", "period_invalid"),
    ("survei_kepuasan", "nilai_ikm", "20", "ikm_out_of_range"),
    ("survei_kepuasan", "kode_unit", "U9", "unknown_unit"),
    ("survei_kepuasan", None, "DUPLICATE", "duplicate_key"),
    ("keputusan_mutasi", "tanggal_keputusan", "kemarin", "date_unparseable"),
    ("keputusan_mutasi", "tanggal_keputusan", "", "required_value_missing"),  # decided, without a date
    ("keputusan_mutasi", "keputusan", "pikir-pikir", "decision_invalid"),
    ("keputusan_mutasi", "kode_jabatan_tujuan", "J9", "unknown_position"),
    ("keputusan_mutasi", "tanggal_keputusan", "2026-11-02", "decision_date_in_future"),
    ("keputusan_mutasi", "kode_jabatan_tujuan", "J2", "decision_not_recommended"),  # NIP 2 was proposed for J1
    ("keputusan_mutasi", None, "DUPLICATE", "duplicate_key"),
    ("keberatan_pegawai", "tanggal", "x", "date_unparseable"),
    ("keberatan_pegawai", "isi", "", "required_value_missing"),
    ("keberatan_pegawai", "kode_jabatan_tujuan", "J9", "unknown_position"),
    ("keberatan_pegawai", "tanggal", "2027-01-01", "objection_date_in_future"),
    ("keberatan_pegawai", None, "DUPLICATE", "duplicate_key"),
]


def context() -> Context:
    return Context(
        snapshot_date=dt.date(2026, 11, 1),
        position_codes={"J1", "J2"},
        unit_codes={"U1", "U2"},
        nips=set(NIPS),
        recommended={f"{n}|{j}" for n, j in zip(NIPS[:4], ["J2", "J1", "J2", "J1"])},
    )


def as_raw(entity: str, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index(drop=True).copy()
    for column in ENTITY_COLUMNS[entity]:
        if column not in frame:
            frame[column] = ""
    raw = frame[list(ENTITY_COLUMNS[entity])].astype("string[pyarrow]")
    raw["source_row"] = range(2, 2 + len(raw))
    return raw


def damaged(entity: str, column: str | None, value: str) -> pd.DataFrame:
    base = BASE[entity].copy()
    if value == "DUPLICATE":
        return pd.concat([base, base.iloc[[1]]], ignore_index=True)
    base.loc[1, column] = value
    return base


def test_base_rows_are_valid():
    for entity, frame in BASE.items():
        result = validate_entity(entity, as_raw(entity, frame), context())
        assert result.quarantined.empty, (entity, result.quarantined.to_dict("records"))


def test_every_rule_of_every_entity_is_exercised():
    exercised = {(e, r) for e, _, _, r in CASES}
    declared = {(e, rule.name) for e, rules in all_rules().items() for rule in rules}
    assert declared - exercised == set()


@pytest.mark.parametrize("entity, column, value, rule", CASES, ids=[f"{e}-{r}-{c or 'dup'}" for e, c, _, r in CASES])
def test_rule_fires_on_the_damaged_row(entity, column, value, rule):
    raw = as_raw(entity, damaged(entity, column, value))
    result = validate_entity(entity, raw, context())
    got = sorted(zip(result.quarantined["source_row"], result.quarantined["rule"]))
    expected = [(3, rule)] + ([(len(raw) + 1, rule)] if value == "DUPLICATE" else [])
    assert got == expected
    assert result.rows_read == len(result.valid) + len(result.quarantined)
    # the fast evaluation is pandera's: same failing (row, rule) pairs as schema.validate(lazy=True)
    prepared = PREPARE[entity](raw)
    schema = build_schema(entity, RULES[entity](context()))
    failed = failing_rules(schema, prepared.frame)
    fast = {(int(i), schema.checks[c].name) for c, i in zip(*failed.nonzero())}
    assert fast == pandera_failures(schema, prepared.frame)
