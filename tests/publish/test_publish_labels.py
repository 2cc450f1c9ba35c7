"""Labels and number formats: one mapping, readable fallbacks for columns nobody listed yet."""

from __future__ import annotations

import pytest

from mutasi.publish.formatting import format_value, number
from mutasi.publish.labels import COLUMN_LABELS, column_kind, column_label


@pytest.mark.parametrize(
    "column,label",
    [
        ("nip", "NIP"),
        ("effectiveness", "Efektivitas Jabatan (EJ)"),
        ("grade", "Prestasi Kerja Jabatan"),
        ("professionalism_index", "Indeks Profesionalitas ASN"),
        ("job_fit_before", "Kecocokan Jabatan Sebelum"),
        ("skp_after", "Nilai SKP Sesudah"),
        ("mean_effectiveness_before", "Rata-rata EJ Sebelum"),
        ("delta_composite_index", "Perubahan Indeks Komposit"),
        ("composite_index_change", "Perubahan Indeks Komposit"),
        ("mean_ikm_change", "Rata-rata IKM Unit Kerja (perubahan)"),
        ("prev_mean_job_fit", "Rata-rata Kecocokan Jabatan (snapshot sebelumnya)"),
        ("staffing_shortage_after_baseline", "Kekurangan Pegawai Sesudah Cara Sederhana"),
        ("job_fit_after_baseline", "Kecocokan Jabatan Sesudah Cara Sederhana"),
        # not in the glossary: the name in words, never an error (the glossary test then fails)
        ("share_women", "Share women"),
        ("some_new_column", "Some new column"),
    ],
)
def test_labels(column, label):
    assert column_label(column) == label


def test_every_listed_label_is_non_empty_and_not_english_snake_case():
    for column, label in COLUMN_LABELS.items():
        assert label and label != column and "_" not in label


@pytest.mark.parametrize(
    "column,kind",
    [
        ("effectiveness", "dec3"),
        ("ej_to_after", "dec3"),
        ("share_posts_grade_a", "pct"),
        ("adoption_rate", "pct"),
        ("workload_minutes", "count"),
        ("required_staff", "dec2"),
        ("snapshot_date", "date"),
        ("ingested_at", "datetime"),
        ("nip", "text"),
        ("position_code", "text"),
        ("skp_before", "dec1"),
    ],
)
def test_kinds(column, kind):
    assert column_kind(column) == kind


def test_unknown_columns_fall_back_on_their_dtype():
    assert column_kind("foo", "i") == "int"
    assert column_kind("foo", "f") == "dec2"
    assert column_kind("foo", "O") == "text"


def test_indonesian_number_format():
    assert number(1234567.891, 2) == "1.234.567,89"
    assert number(-0.0001, 2) == "0,00"
    assert number(-3, 0) == "−3"
    assert format_value(0.405, "pct") == "40,5%"
    assert format_value(2026, "int") == "2026"
    assert format_value(75000, "count") == "75.000"
    assert format_value(None, "dec2") == "–"
    assert format_value("2026-01-31", "date") == "2026-01-31"  # text stays text
