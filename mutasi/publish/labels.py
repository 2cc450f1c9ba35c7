"""Every Bahasa Indonesia word a package shows, in one place.

Column names in the warehouse, CSV and Parquet stay English snake_case (a stable machine contract);
the workbook and the HTML scorecard show the labels below. A column that is not listed still gets a
readable label (see :func:`column_label`), so new mart columns never break publishing.

The number format of a column (how the workbook and the HTML show it) is decided by
:func:`column_kind`: explicit entries first, then rules on the name.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------------------------------
# Tables of a package: key -> (sheet name, title, what the sheet is for)
# Sheet names: at most 31 characters, none of  [ ] : * ? / \
# --------------------------------------------------------------------------------------------------

REGION_TABLES: dict[str, tuple[str, str]] = {
    "summary": ("Ringkasan", "Ringkasan kartu skor kabupaten/kota pada snapshot ini."),
    "mutation_recommendations": (
        "Rekomendasi Mutasi",
        "Usulan mutasi: siapa dipindahkan ke mana, alasannya, dan dampaknya (proyeksi).",
    ),
    "position_workload": (
        "Beban Kerja Jabatan",
        "Analisis Beban Kerja (ABK) per jabatan: kebutuhan pegawai, efektivitas (EJ) dan prestasi kerja jabatan.",
    ),
    "employee_indices": (
        "Indeks Pegawai",
        "Indeks Profesionalitas ASN, kecocokan jabatan (profile matching) dan kotak talenta per pegawai.",
    ),
    "training_needs": (
        "Kebutuhan Pelatihan",
        "Kompetensi yang perlu ditingkatkan sebelum pegawai menduduki jabatan tujuan.",
    ),
    "data_quality": (
        "Kualitas Data",
        "Berkas yang diterima dan baris yang dikarantina (tidak dipakai) beserta aturan yang dilanggar.",
    ),
    "unmapped_values": (
        "Nilai Belum Terpetakan",
        "Nilai ekspor SIASN/SIMPEG/ANJAB yang belum dikenal peta nilai, per nilai: kolom, jumlah baris, dan "
        "berkas peta daerah yang perlu ditambah (lihat juga `mutasi inspect`).",
    ),
    "quarantined_rows": (
        "Baris Dikarantina",
        "Setiap baris yang tidak dipakai: berkas, nomor baris, aturan yang dilanggar dan cara memperbaikinya.",
    ),
    "decision_form": (
        "Keputusan Mutasi",
        "Jawaban atas usulan mutasi: pilih keputusan (disetujui/ditolak/ditunda), isi alasan, tanggal keputusan dan "
        "yang memutuskan; simpan workbook ini sebagai keputusan_mutasi.xlsx di folder pengiriman berikutnya (lembar "
        "ini dibaca apa adanya; baris tanpa keputusan berarti belum diputuskan).",
    ),
    "mutation_decisions": (
        "Riwayat Keputusan",
        "Setiap usulan mutasi sampai snapshot ini: keputusan daerah (disetujui/ditolak/ditunda), keberatan pegawai, "
        "dan apakah pemindahan sudah terlaksana.",
    ),
    "evaluation_horizons": (
        "Evaluasi 6 dan 12 Bulan",
        "Mutasi yang terjadi, diukur sebelum dan 6/12 bulan sesudahnya (kecocokan, kinerja, EJ dan IKM unit tujuan) "
        "dibandingkan pegawai sebanding yang tidak pindah; hubungan waktu, bukan bukti sebab-akibat.",
    ),
    "vacancy_shortlists": (
        "Calon Pengisi Jabatan",
        "Untuk setiap jabatan kosong atau kekurangan pegawai: calon yang memenuhi syarat mutasi, diurutkan menurut "
        "kecocokan kompetensi di jabatan itu, dipilih rencana atau tidak (kolom Masuk Rencana).",
    ),
    "succession_candidates": (
        "Calon Suksesi",
        "Jabatan pimpinan (JPT, administrator, pengawas) yang kosong atau pejabatnya pensiun dalam 3 tahun: calon satu "
        "tingkat di bawah, diurutkan menurut kotak talenta dan kecocokan; bahan seleksi terbuka/Baperjakat, bukan "
        "promosi otomatis.",
    ),
    "interregency_moves": (
        "Mutasi Antar Daerah",
        "Usulan mutasi antar-kabupaten/kota dalam provinsi yang menyangkut daerah ini (ditetapkan Gubernur, "
        "PP 11/2017 Pasal 192): pegawai sendiri yang diusulkan keluar, dan jabatan sendiri yang diusulkan diisi "
        "pegawai dari daerah lain (identitasnya hanya ada pada BKD provinsi).",
    ),
    "rotation_not_moved": (
        "Jatuh Tempo Tidak Dipindah",
        "Pegawai yang sudah 5 tahun atau lebih pada jabatannya tetapi tidak diusulkan pindah, beserta alasannya.",
    ),
    "recommendation_effect": (
        "Dampak Rekomendasi",
        "Indikator kabupaten/kota sebelum, sesudah rencana optimal, dan sesudah cara peringkat sederhana (pembanding).",
    ),
    "recommendation_fairness": (
        "Keadilan Rekomendasi",
        "Jenis kelamin, kelompok umur dan golongan pegawai yang diusulkan pindah dibandingkan kelompok yang memenuhi syarat.",
    ),
    "post_mutation_evaluation": (
        "Evaluasi Pasca-Mutasi",
        "Perbandingan sebelum dan sesudah mutasi yang benar-benar terjadi (asosiasi, bukan bukti sebab-akibat).",
    ),
    "scorecard_history": (
        "Riwayat Kartu Skor",
        "Kartu skor kabupaten/kota ini pada setiap snapshot (untuk melihat tren).",
    ),
}

PROVINCE_TABLES: dict[str, tuple[str, str]] = {
    "regencies": (
        "Perbandingan Kabupaten-Kota",
        "Kabupaten/kota berdampingan, diurutkan menurut indeks komposit (peringkat 1 = tertinggi).",
    ),
    "totals": ("Total Provinsi", "Jumlah dan rata-rata tingkat provinsi."),
    "balancing_opportunities": (
        "Peluang Penyeimbangan",
        "Rumpun jabatan yang surplus di satu kabupaten/kota dan kurang di kabupaten/kota lain "
        "(mutasi antar-kabupaten/kota dalam satu provinsi, PP 11/2017 Pasal 192). Hanya agregat.",
    ),
    "job_balance": (
        "Keseimbangan per Jabatan",
        "Kelebihan dan kekurangan pegawai per jenis jabatan, rumpun dan jenjang di kabupaten/kota provinsi ini "
        "(mutasi antar daerah bersifat lateral: jenis dan jenjang sama), potensi penyeimbangan, dan jumlah usulan "
        "mutasi antar-kabupaten/kota pada kelompok itu. Hanya agregat.",
    ),
}

#: the restricted province package (issue 17; mutasi/publish/restricted.py): provincial BKD only
RESTRICTED_TABLES: dict[str, tuple[str, str]] = {
    "interregency_recommendations": (
        "Usulan Mutasi Antar Daerah",
        "Usulan mutasi antar-kabupaten/kota dalam provinsi untuk pertimbangan Gubernur (PP 11/2017 Pasal 192): "
        "siapa, dari jabatan mana ke jabatan mana, alasannya; dibuat sesudah rencana mutasi internal tiap "
        "kabupaten/kota (tidak ada pegawai atau jabatan yang diusulkan dua kali).",
    ),
    "provincial_talent_pool": (
        "Talent Pool Provinsi",
        "Jabatan pimpinan yang kosong atau pejabatnya pensiun dalam horizon suksesi, dengan calon terbaik dari "
        "seluruh kabupaten/kota di provinsi (urutan seperti daftar suksesi); baris tanpa calon berarti tidak ada "
        "calon di provinsi.",
    ),
}

ABOUT_SHEET = "Petunjuk"

# --------------------------------------------------------------------------------------------------
# Column labels
# --------------------------------------------------------------------------------------------------

COLUMN_LABELS: dict[str, str] = {
    # identity
    "region_code": "Kode Wilayah",
    "region_name": "Kabupaten/Kota",
    "region_type": "Jenis Daerah",
    "province_code": "Kode Provinsi",
    "province_name": "Provinsi",
    "snapshot_date": "Tanggal Snapshot",
    "previous_snapshot_date": "Tanggal Snapshot Sebelumnya",
    "run_id": "ID Proses (Run)",
    "params_version": "Versi Parameter",
    # people and posts
    "nip": "NIP",
    "name": "Nama",
    "nama": "Nama",
    "position_code": "Kode Jabatan",
    "position_name": "Nama Jabatan",
    "unit_code": "Kode Unit Kerja",
    "unit_name": "Nama Unit Kerja",
    "position_type": "Jenis Jabatan",
    "position_level": "Jenjang Jabatan",
    "position_class": "Kelas Jabatan",
    "job_family": "Rumpun Jabatan",
    "rumpun": "Rumpun Jabatan",
    "employment_status": "Status Kepegawaian",
    "rank_grade": "Golongan",
    "education_level": "Pendidikan Terakhir",
    "education_major": "Jurusan Pendidikan",
    "years_in_post": "Masa dalam Jabatan (tahun)",
    "years_to_retirement": "Sisa Masa Kerja sampai BUP (tahun)",
    "age": "Usia (tahun)",
    # workload (ABK)
    "workload_minutes": "Beban Kerja (menit/tahun)",
    "required_staff": "Kebutuhan Pegawai (tanpa pembulatan)",
    "required_headcount": "Kebutuhan Pegawai (dibulatkan)",
    "current_staff": "Jumlah Pegawai Saat Ini",
    "staffing_gap": "Selisih Kebutuhan (+ kurang / − lebih)",
    "effectiveness": "Efektivitas Jabatan (EJ)",
    "grade": "Prestasi Kerja Jabatan",
    "grade_label": "Keterangan Prestasi Kerja Jabatan",
    # competency
    "professionalism_index": "Indeks Profesionalitas ASN",
    "professionalism_category": "Kategori Indeks Profesionalitas",
    "qualification_score": "Skor Kualifikasi",
    "competency_score": "Skor Kompetensi",
    "performance_score": "Skor Kinerja",
    "discipline_score": "Skor Disiplin",
    "job_fit_score": "Skor Kecocokan Jabatan",
    "meets_qualification": "Memenuhi Kualifikasi Jabatan",
    "talent_box": "Kotak Talenta (9-Box)",
    "talent_box_label": "Keterangan Kotak Talenta",
    "performance_axis": "Sumbu Kinerja",
    "potential_axis": "Sumbu Potensi",
    "potential_score": "Skor Potensi",
    "eligible": "Memenuhi Syarat Mutasi",
    "is_eligible": "Memenuhi Syarat Mutasi",
    "due_for_rotation": "Sudah Waktunya Rotasi (≥ 5 tahun)",
    "ineligibility_reasons": "Alasan Belum Memenuhi Syarat",
    # recommendations
    "from_position_code": "Kode Jabatan Asal",
    "from_position_name": "Jabatan Asal",
    "from_unit_code": "Kode Unit Asal",
    "from_unit_name": "Unit Kerja Asal",
    "to_position_code": "Kode Jabatan Tujuan",
    # the decision sheet (issue 16): headers that read back as the keputusan_mutasi contract columns
    "kode_jabatan_tujuan": "Kode Jabatan Tujuan",
    "nama_pegawai": "Nama Pegawai",
    "jabatan_asal": "Jabatan Asal",
    "jabatan_tujuan": "Jabatan Tujuan",
    "unit_tujuan": "Unit Tujuan",
    "prioritas": "Prioritas",
    "keputusan": "Keputusan",
    "alasan": "Alasan",
    "tanggal_keputusan": "Tanggal Keputusan",
    "diputuskan_oleh": "Diputuskan Oleh",
    "tanggal_rekomendasi": "Tanggal Rekomendasi",
    "to_position_name": "Jabatan Tujuan",
    "to_unit_code": "Kode Unit Tujuan",
    "to_unit_name": "Unit Kerja Tujuan",
    "move_kind": "Jenis Mutasi",
    "reason_codes": "Kode Alasan",
    "explanation": "Penjelasan",
    "job_fit_before": "Kecocokan Jabatan Sebelum",
    "job_fit_after": "Kecocokan Jabatan Sesudah",
    "ej_from_before": "EJ Jabatan Asal Sebelum",
    "ej_from_after": "EJ Jabatan Asal Sesudah",
    "ej_to_before": "EJ Jabatan Tujuan Sebelum",
    "ej_to_after": "EJ Jabatan Tujuan Sesudah",
    "training_needs": "Kebutuhan Pelatihan",
    "job_fit": "Kecocokan Jabatan",
    "ej_from": "EJ Jabatan Asal",
    "ej_to": "EJ Jabatan Tujuan",
    "objective_value": "Nilai Fungsi Tujuan",
    "priority_rank": "Peringkat Prioritas",
    "candidate_rank": "Peringkat Calon",
    "job_fit_at_post": "Kecocokan di Jabatan Ini",
    "job_fit_now": "Kecocokan Saat Ini",
    "in_plan": "Masuk Rencana",
    "opening_reason": "Sebab Jabatan Terbuka",
    "holder_nip": "NIP Pejabat Saat Ini",
    "holder_retirement_date": "Tanggal Pensiun Pejabat",
    "from_position_type": "Jenis Jabatan Asal",
    "readiness": "Kesiapan",
    "gaps_to_close": "Kesenjangan yang Perlu Ditutup",
    "is_due_for_rotation": "Jatuh Tempo Rotasi",
    "reasons": "Alasan",
    # training
    "competency": "Kompetensi",
    "training_kind": "Jenis Pelatihan",
    "training_type": "Jenis Pelatihan",
    "current_level": "Level Saat Ini",
    "target_level": "Level yang Dipersyaratkan",
    "level_gap": "Kesenjangan Level",
    "gap": "Kesenjangan",
    "priority": "Prioritas",
    # data quality
    "record_type": "Jenis Catatan",
    "entity": "Jenis Data (Berkas)",
    "source_file": "Nama Berkas Sumber",
    "sha256": "Checksum SHA-256",
    "file_format": "Format Berkas",
    "encoding": "Pengodean Karakter",
    "rows_read": "Baris Dibaca",
    "rows_valid": "Baris Valid",
    "rows_quarantined": "Baris Dikarantina",
    "status": "Status",
    "message": "Pesan",
    "ingested_at": "Waktu Diterima",
    "validated_at": "Waktu Divalidasi",
    "source_row": "Nomor Baris di Berkas",
    "rule": "Aturan yang Dilanggar",
    "raw_record": "Isi Baris Asli",
    "contract_column": "Kolom Kontrak",
    "raw_value": "Nilai Asli",
    "source_header": "Kolom di Berkas",
    "rows_affected": "Jumlah Baris",
    "where_to_map": "Tambahkan di Peta",
    "completeness": "Kelengkapan",
    "validity": "Keabsahan",
    "consistency": "Konsistensi",
    "timeliness": "Ketepatan Waktu",
    # scorecard (summary / history)
    "share_posts_grade_a": "Porsi Jabatan Prestasi A (EJ > 1,00)",
    "share_posts_grade_b": "Porsi Jabatan Prestasi B (EJ 0,90–1,00)",
    "share_posts_grade_c": "Porsi Jabatan Prestasi C (EJ 0,70–0,89)",
    "share_posts_grade_d": "Porsi Jabatan Prestasi D (EJ 0,50–0,69)",
    "share_posts_grade_e": "Porsi Jabatan Prestasi E (EJ < 0,50)",
    "total_staffing_gap": "Total Selisih Kebutuhan Pegawai",
    "total_shortage": "Total Kekurangan Pegawai",
    "total_surplus": "Total Kelebihan Pegawai",
    "effectiveness_stddev": "Simpangan Baku EJ antar-Jabatan",
    "unit_effectiveness_stddev": "Simpangan Baku EJ antar-Unit",
    "mean_effectiveness": "Rata-rata EJ",
    "mean_professionalism_index": "Rata-rata Indeks Profesionalitas ASN",
    "share_meets_qualification": "Porsi Pegawai Memenuhi Kualifikasi Jabatan",
    "share_qualified": "Porsi Pegawai Memenuhi Kualifikasi Jabatan",
    "mean_job_fit": "Rata-rata Kecocokan Jabatan",
    "share_5y_in_post": "Porsi Pegawai ≥ 5 Tahun di Jabatan yang Sama",
    "eligible_pool": "Jumlah Pegawai Memenuhi Syarat Mutasi",
    "data_quality_score": "Skor Kualitas Data (0–100)",
    "recommended_moves": "Jumlah Rekomendasi Mutasi",
    "projected_mean_job_fit": "Rata-rata Kecocokan Jabatan (proyeksi)",
    "projected_effectiveness_stddev": "Simpangan Baku EJ antar-Jabatan (proyeksi)",
    "composite_index": "Indeks Komposit",
    "employees": "Jumlah Pegawai",
    "employee_count": "Jumlah Pegawai",
    "positions": "Jumlah Jabatan",
    "position_count": "Jumlah Jabatan",
    "units": "Jumlah Unit Kerja",
    "unit_count": "Jumlah Unit Kerja",
    # post-mutation evaluation
    "moves_detected": "Mutasi Terdeteksi",
    "moves_recommended": "Mutasi yang Direkomendasikan",
    "moves_adopted": "Mutasi Sesuai Rekomendasi",
    "adoption_rate": "Tingkat Adopsi Rekomendasi",
    # the decision loop (issue 16)
    "moves_decided_previous": "Usulan Sebelumnya yang Sudah Diputuskan",
    "moves_approved_previous": "Usulan Sebelumnya yang Disetujui",
    "moves_rejected_previous": "Usulan Sebelumnya yang Ditolak",
    "moves_postponed_previous": "Usulan Sebelumnya yang Ditunda",
    "moves_approved_carried_out_previous": "Usulan Disetujui dan Dilaksanakan",
    "objections_previous": "Keberatan Pegawai atas Usulan Sebelumnya",
    "median_days_to_decision": "Median Hari sampai Keputusan",
    "adoption_rate_recorded": "Tingkat Adopsi Tercatat",
    "decision": "Keputusan",
    "decision_reason": "Alasan Keputusan",
    "decision_date": "Tanggal Keputusan",
    "decided_by": "Diputuskan Oleh",
    "decision_snapshot_date": "Snapshot Pengiriman Keputusan",
    "days_to_decision": "Hari sampai Keputusan",
    "objection_text": "Keberatan Pegawai",
    "objection_date": "Tanggal Keberatan",
    "objection_snapshot_date": "Snapshot Pengiriman Keberatan",
    "carried_out_snapshot_date": "Snapshot Terlaksana",
    "is_carried_out": "Sudah Dilaksanakan",
    "decision_status": "Status Keputusan",
    "horizon": "Horizon",
    "horizon_months": "Horizon (Bulan)",
    "before_snapshot_date": "Snapshot Sebelum Pindah",
    "horizon_snapshot_date": "Snapshot Horizon",
    "is_between_regencies": "Antar-Kabupaten/Kota",
    "job_fit_at_horizon": "Kecocokan di Horizon",
    "job_fit_change": "Perubahan Kecocokan",
    "comparison_job_fit_change": "Perubahan Kecocokan Pegawai Sebanding",
    "performance_before": "Skor Kinerja Sebelum",
    "performance_at_horizon": "Skor Kinerja di Horizon",
    "performance_change": "Perubahan Skor Kinerja",
    "comparison_performance_change": "Perubahan Kinerja Pegawai Sebanding",
    "comparison_employees": "Jumlah Pegawai Sebanding",
    "unit_ej_before": "EJ Unit Tujuan Sebelum",
    "unit_ej_at_horizon": "EJ Unit Tujuan di Horizon",
    "unit_ikm_before": "IKM Unit Tujuan Sebelum",
    "unit_ikm_at_horizon": "IKM Unit Tujuan di Horizon",
    "evaluation_status": "Status Evaluasi",
    "adopted": "Sesuai Rekomendasi",
    "matched_recommendation": "Sesuai Rekomendasi",
    "was_recommended": "Sesuai Rekomendasi",
    "evaluation_snapshot_date": "Tanggal Snapshot Evaluasi",
    "move_detected_between": "Terdeteksi di Antara Snapshot",
    "skp": "Nilai SKP",
    "skp_score": "Nilai SKP",
    "ikm": "IKM Unit Tujuan",
    "ikm_to": "IKM Unit Tujuan",
    "ikm_from": "IKM Unit Asal",
    "n": "Jumlah",
    "n_moves": "Jumlah Mutasi",
    "note": "Catatan",
    # province
    "rank": "Peringkat",
    "composite_rank": "Peringkat Indeks Komposit",
    "n_regions": "Jumlah Kabupaten/Kota",
    "regions": "Jumlah Kabupaten/Kota",
    "surplus_region_code": "Kode Wilayah Surplus",
    "surplus_region_name": "Kabupaten/Kota Surplus",
    "deficit_region_code": "Kode Wilayah Kekurangan",
    "deficit_region_name": "Kabupaten/Kota Kekurangan",
    "from_region_code": "Kode Wilayah Asal",
    "from_region_name": "Kabupaten/Kota Asal",
    "to_region_code": "Kode Wilayah Tujuan",
    "to_region_name": "Kabupaten/Kota Tujuan",
    "surplus_staff": "Kelebihan Pegawai",
    "deficit_staff": "Kekurangan Pegawai",
    "transferable_staff": "Potensi Pegawai yang Dapat Dipindahkan",
    "potential_moves": "Potensi Mutasi",
    # inter-regency moves and the provincial talent pool (issue 17)
    "source_surplus_before": "Kelebihan Jabatan Asal (sesudah rencana)",
    "target_gap_before": "Kekurangan Jabatan Tujuan (sesudah rencana)",
    "is_willing": "Bersedia Pindah ke Luar Daerah",
    "direction": "Arah",
    "other_region_code": "Kode Kabupaten/Kota Lain",
    "other_region_name": "Kabupaten/Kota Lain",
    "other_position_name": "Jabatan di Kabupaten/Kota Lain",
    "candidate_region_code": "Kode Wilayah Calon",
    "candidate_region_name": "Kabupaten/Kota Calon",
    "is_same_regency": "Calon dari Kabupaten/Kota Sendiri",
    "interregency_moves": "Usulan Mutasi Antar-Kabupaten/Kota",
    "interregency_regions_sending": "Kabupaten/Kota Pengirim",
    "interregency_regions_receiving": "Kabupaten/Kota Penerima",
    "interregency_fit_gain_total": "Total Kenaikan Kecocokan (Antar Daerah)",
    "staffing_shortage_after_plans": "Kekurangan Pegawai setelah Rencana Internal",
    "staffing_shortage_after_interregency": "Kekurangan Pegawai setelah Mutasi Antar Daerah",
    "staffing_surplus_after_plans": "Kelebihan Pegawai setelah Rencana Internal",
    "staffing_surplus_after_interregency": "Kelebihan Pegawai setelah Mutasi Antar Daerah",
    "key_posts_opening": "Jabatan Pimpinan Terbuka (Kosong/Pensiun)",
    "key_posts_with_regency_candidate": "Jabatan Pimpinan dengan Calon dari Daerahnya",
    "key_posts_with_pool_candidate": "Jabatan Pimpinan dengan Calon Talent Pool",
    "key_posts_with_ready_candidate": "Jabatan Pimpinan dengan Calon Siap Sekarang",
    "talent_pool_candidates_from_other_regencies": "Calon dari Kabupaten/Kota Lain",
    "key_post_coverage_regency": "Cakupan Calon Suksesi Daerah",
    "key_post_coverage_province": "Cakupan Talent Pool Provinsi",
    "regions_in_surplus": "Kabupaten/Kota Kelebihan",
    "regions_in_deficit": "Kabupaten/Kota Kekurangan",
    "surplus_region_codes": "Kode Kabupaten/Kota Kelebihan",
    "deficit_region_codes": "Kode Kabupaten/Kota Kekurangan",
    "balancing_potential": "Potensi Penyeimbangan (orang)",
    # province balance per type, family and level (job_balance)
    "job_level": "Jenjang Jabatan",
    "region_count": "Jumlah Kabupaten/Kota",
    "total_deficit": "Total Kekurangan Pegawai",
    # issue 18: every column of every package has its Bahasa label (tests/publish/test_publish_glossary.py)
    "age_years": "Umur (tahun)",
    "balance_gain": "Pengurangan Ketimpangan Provinsi (orang)",
    "baseline_change": "Perubahan oleh Cara Sederhana",
    "baseline_moves": "Jumlah Mutasi Cara Sederhana",
    "best_region_code": "Kode Kabupaten/Kota Indeks Tertinggi",
    "better_when": "Arah Membaik",
    "birth_date": "Tanggal Lahir",
    "competency_managerial": "Kompetensi Manajerial",
    "competency_sociocultural": "Kompetensi Sosial Kultural",
    "competency_technical": "Kompetensi Teknis",
    "dimension": "Kode Dimensi",
    "dimension_label_id": "Dimensi",
    "ej_mean_abs_deviation": "Rata-rata Jarak EJ dari 1",
    "ej_mean_positions": "Rata-rata EJ Jabatan",
    "ej_stddev_positions": "Sebaran EJ Antarjabatan",
    "ej_stddev_units": "Sebaran EJ Antarunit",
    "eligible_share": "Porsi Memenuhi Syarat Mutasi",
    "gap_education": "Selisih Pendidikan",
    "gap_managerial": "Selisih Kompetensi Manajerial",
    "gap_sociocultural": "Selisih Kompetensi Sosial Kultural",
    "gap_technical": "Selisih Kompetensi Teknis",
    "gender": "Jenis Kelamin",
    "golongan": "Golongan",
    "graded_position_count": "Jumlah Jabatan Berpemangku",
    "group_name": "Kelompok",
    "ikm_to_unit": "IKM Unit Tujuan",
    "job_fit_gain": "Kenaikan Kecocokan Jabatan",
    "job_fit_measured_count": "Jumlah Pegawai Kecocokannya Terukur",
    "job_fit_score_pct": "Kecocokan Jabatan (0–100)",
    "lowest_region_code": "Kode Kabupaten/Kota Indeks Terendah",
    "max_composite_index": "Indeks Komposit Tertinggi",
    "mean_job_fit_pct": "Rata-rata Kecocokan Jabatan (0–100)",
    "meets_education_minimum": "Memenuhi Pendidikan Minimal",
    "meets_major_requirement": "Jurusan Sesuai Syarat",
    "metric": "Kode Indikator",
    "metric_label_en": "Nama Indikator (bahasa Inggris)",
    "metric_label_id": "Indikator",
    "min_composite_index": "Indeks Komposit Terendah",
    "min_education": "Pendidikan Minimal",
    "months_in_position": "Lama di Jabatan (bulan)",
    "move_rate": "Tingkat Dipindahkan",
    "moved_count": "Jumlah Dipindahkan",
    "moved_share": "Porsi di antara yang Dipindahkan",
    "moves_observed": "Mutasi yang Terjadi",
    "plan_advantage": "Keunggulan Rencana atas Pembanding",
    "plan_change": "Perubahan oleh Rencana",
    "plan_mean_job_fit": "Rata-rata Kecocokan (hitungan optimasi)",
    "mean_ikm": "Rata-rata IKM Unit Kerja",
    "plan_minus_baseline": "Selisih Rencana − Pembanding",
    "pool_count": "Jumlah Memenuhi Syarat",
    "pool_share": "Porsi di antara yang Memenuhi Syarat",
    "position_start_date": "TMT Jabatan",
    "positions_balanced": "Jumlah Jabatan Seimbang (B, C)",
    "positions_grade_a": "Jumlah Jabatan Kelas A",
    "positions_grade_e": "Jumlah Jabatan Kelas E",
    "projected_fit_gain_mean": "Rata-rata Kenaikan Kecocokan per Mutasi",
    "projected_fit_gain_total": "Total Kenaikan Kecocokan",
    "rank_in_province": "Peringkat di Provinsi",
    "reason_code": "Kode Alasan",
    "recent_training_hours_functional": "JP Diklat Fungsional (periode terakhir)",
    "recent_training_hours_leadership": "JP Diklat Kepemimpinan (periode terakhir)",
    "recent_training_hours_seminar": "JP Seminar/Lokakarya (periode terakhir)",
    "recent_training_hours_technical": "JP Diklat Teknis (periode terakhir)",
    "recommended_move_kind": "Jenis Mutasi yang Diusulkan",
    "region_codes": "Kode Kabupaten/Kota",
    "required_majors": "Jurusan yang Disyaratkan",
    "retirement_age": "Batas Usia Pensiun",
    "retirement_date": "Tanggal Pensiun",
    "score_data_quality": "Skor Kualitas Data",
    "score_job_fit": "Skor Kecocokan Jabatan",
    "score_professionalism": "Skor Profesionalitas",
    "score_rotation_health": "Skor Kesehatan Rotasi",
    "score_staffing_fill": "Skor Keterisian Jabatan",
    "score_workload_balance": "Skor Keseimbangan Beban Kerja",
    "share_balanced": "Porsi Jabatan Seimbang (B, C)",
    "share_difference": "Selisih Porsi (dipindahkan − memenuhi syarat)",
    "share_grade_a": "Porsi Jabatan Kelas A",
    "share_grade_a_or_e": "Porsi Jabatan Kelas A atau E",
    "share_grade_e": "Porsi Jabatan Kelas E",
    "share_ipasn_rendah": "Porsi IP ASN Rendah",
    "share_ipasn_sangat_rendah": "Porsi IP ASN Sangat Rendah",
    "share_ipasn_sangat_tinggi": "Porsi IP ASN Sangat Tinggi",
    "share_ipasn_sedang": "Porsi IP ASN Sedang",
    "share_ipasn_tinggi": "Porsi IP ASN Tinggi",
    "share_meeting_qualification": "Porsi Memenuhi Pendidikan Minimal",
    "skp_rating": "Nilai SKP",
    "skp_rating_last_year": "Nilai SKP Tahun Lalu",
    "skp_rating_year_before": "Nilai SKP Dua Tahun Lalu",
    "sort_order": "Urutan",
    "staffing_fill_rate": "Tingkat Keterisian Jabatan",
    "staffing_gap_total": "Selisih Kebutuhan Bersih (orang)",
    "staffing_shortage": "Kekurangan Pegawai (orang)",
    "staffing_surplus": "Kelebihan Pegawai (orang)",
    "surveyed_unit_count": "Jumlah Unit yang Disurvei",
    "talent_box_follow_up_id": "Tindak Lanjut Kotak Talenta",
    "target_managerial": "Target Kompetensi Manajerial",
    "target_sociocultural": "Target Kompetensi Sosial Kultural",
    "target_technical": "Target Kompetensi Teknis",
    "task_count": "Jumlah Uraian Tugas",
    "training_hours_functional": "JP Diklat Fungsional",
    "training_hours_leadership": "JP Diklat Kepemimpinan",
    "training_hours_seminar": "JP Seminar/Lokakarya",
    "training_hours_technical": "JP Diklat Teknis",
    "training_need": "Kebutuhan Pelatihan",
    "vacant_position_count": "Jumlah Jabatan Kosong",
    "vacant_posts_needing_staff": "Jabatan Kosong yang Dibutuhkan",
    "value_after_baseline": "Nilai Sesudah Cara Sederhana",
    "value_after_plan": "Nilai Sesudah Rencana",
    "value_before": "Nilai Sebelum",
    "worst_sanction_level": "Hukuman Disiplin Terberat",
    "years_in_position": "Lama di Jabatan (tahun)",
    "delivery_id": "ID Pengiriman",
    "is_current_delivery": "Pengiriman Terkini",
    "age_days": "Umur Data (hari)",
    "freshness_days": "Batas Umur Data (hari)",
    "is_stale": "Data Sudah Lama",
    "last_validated_at": "Terakhir Divalidasi",
    "latest_accepted_snapshot": "Snapshot Terbaru yang Diterima",
    "latest_delivered_snapshot": "Snapshot Terbaru yang Dikirim",
    # columns the prefix/suffix rules below would compose awkwardly (a unit in the middle, "(jumlah)" after a
    # parenthesis): the scorecard's projections ("after" = after the plan, "after_baseline" = after the simple
    # ranking comparator) and changes since the previous snapshot, spelled out
    "talent_box_count": "Jumlah Pegawai dengan Kotak Talenta",
    "due_for_rotation_count": "Jumlah Pegawai ≥ 5 Tahun di Jabatan",
    "share_grade_a_after": "Porsi Jabatan Kelas A Sesudah Rencana",
    "share_grade_e_after": "Porsi Jabatan Kelas E Sesudah Rencana",
    "share_grade_a_or_e_after": "Porsi Jabatan Kelas A/E Sesudah Rencana",
    "share_grade_a_or_e_after_baseline": "Porsi Jabatan Kelas A/E Sesudah Cara Sederhana",
    "staffing_gap_total_after": "Selisih Kebutuhan Bersih Sesudah Rencana",
    "staffing_shortage_after": "Kekurangan Pegawai Sesudah Rencana (orang)",
    "staffing_shortage_after_baseline": "Kekurangan Pegawai Sesudah Cara Sederhana",
    "staffing_surplus_after": "Kelebihan Pegawai Sesudah Rencana (orang)",
    "staffing_surplus_after_baseline": "Kelebihan Pegawai Sesudah Cara Sederhana",
    "vacant_posts_needing_staff_after": "Jabatan Kosong Dibutuhkan Sesudah Rencana",
    "vacant_posts_needing_staff_after_baseline": "Jabatan Kosong Dibutuhkan Sesudah Cara Sederhana",
    "ej_stddev_positions_after": "Sebaran EJ Antarjabatan Sesudah Rencana",
    "ej_stddev_positions_after_baseline": "Sebaran EJ Antarjabatan Sesudah Cara Sederhana",
    "ej_mean_abs_deviation_after": "Rata-rata Jarak EJ dari 1 Sesudah Rencana",
    "ej_mean_abs_deviation_after_baseline": "Rata-rata Jarak EJ dari 1 Sesudah Cara Sederhana",
    "plan_mean_job_fit_after": "Rata-rata Kecocokan Sesudah Rencana",
    "plan_mean_job_fit_after_baseline": "Rata-rata Kecocokan Sesudah Cara Sederhana",
    "moves_recommended_previous": "Rekomendasi Mutasi Snapshot Sebelumnya",
    "composite_index_change": "Perubahan Indeks Komposit",
    "mean_professionalism_index_change": "Perubahan Rata-rata IP ASN",
    "mean_job_fit_change": "Perubahan Rata-rata Kecocokan Jabatan",
    "staffing_gap_total_change": "Perubahan Selisih Kebutuhan Bersih",
    "share_grade_a_change": "Perubahan Porsi Jabatan Kelas A",
    "share_grade_e_change": "Perubahan Porsi Jabatan Kelas E",
    "ej_stddev_positions_change": "Perubahan Sebaran EJ Antarjabatan",
    "data_quality_score_change": "Perubahan Skor Kualitas Data",
    "mean_data_quality_score": "Rata-rata Skor Kualitas Data",
    "skp_rating_before": "Nilai SKP Sebelum Mutasi",
    "skp_rating_after": "Nilai SKP Sesudah Mutasi",
    "ikm_to_unit_before": "IKM Unit Tujuan Sebelum Mutasi",
    "ikm_to_unit_after": "IKM Unit Tujuan Sesudah Mutasi",
}

# Prefixes and suffixes that compose labels for columns not listed above.
_PREFIX_LABELS = (
    ("delta_", "Perubahan "),
    ("change_", "Perubahan "),
    ("prev_", ""),
    ("mean_", "Rata-rata "),
    ("avg_", "Rata-rata "),
    ("median_", "Median "),
    ("total_", "Total "),
    ("share_", "Porsi "),
    ("n_", "Jumlah "),
    ("count_", "Jumlah "),
)
_SUFFIX_LABELS = (
    ("_after_baseline", " Sesudah Cara Sederhana"),
    ("_before", " Sebelum"),
    ("_after", " Sesudah"),
    ("_change", " (perubahan)"),
    ("_delta", " (perubahan)"),
    ("_prev", " (snapshot sebelumnya)"),
    ("_previous", " (snapshot sebelumnya)"),
    ("_projected", " (proyeksi)"),
    ("_rank", " (peringkat)"),
    ("_count", " (jumlah)"),
)


def glossary_label(column: object) -> str | None:
    """The Bahasa Indonesia header of a column from the glossary alone: an entry of COLUMN_LABELS, or one
    composed by the prefixes and suffixes above around an entry; None when the glossary has no word for it."""
    name = str(column)
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    for suffix, word in _SUFFIX_LABELS:
        if name.endswith(suffix) and len(name) > len(suffix):
            inner = glossary_label(name[: -len(suffix)])
            if inner is not None:
                return inner + word
    for prefix, word in _PREFIX_LABELS:
        if name.startswith(prefix) and len(name) > len(prefix):
            inner = glossary_label(name[len(prefix) :])
            if inner is not None:
                return inner + " (snapshot sebelumnya)" if prefix == "prev_" else word + inner
    return None


def column_label(column: object) -> str:
    """The Bahasa Indonesia header of a column (never empty, never raises). A column the glossary does not
    know gets its name in words, so a new mart column never breaks publishing; tests/publish/
    test_publish_glossary.py fails until the glossary has it."""
    label = glossary_label(column)
    if label is not None:
        return label
    words = str(column).replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "(tanpa nama)"


# --------------------------------------------------------------------------------------------------
# Number formats
# --------------------------------------------------------------------------------------------------
# kinds: text, count (integer with thousands separator), int (plain integer, e.g. a year or a code
# stored as a number), dec1, dec2, dec3, pct (fraction 0–1 shown as a percentage), date, datetime

COLUMN_KINDS: dict[str, str] = {
    "nip": "text",
    "region_code": "text",
    "province_code": "text",
    "position_code": "text",
    "unit_code": "text",
    "workload_minutes": "count",
    "required_staff": "dec2",
    "required_headcount": "count",
    "current_staff": "count",
    "staffing_gap": "count",
    "total_staffing_gap": "count",
    "effectiveness": "dec3",
    "effectiveness_stddev": "dec3",
    "unit_effectiveness_stddev": "dec3",
    "mean_effectiveness": "dec3",
    "professionalism_index": "dec2",
    "mean_professionalism_index": "dec2",
    "job_fit_score": "dec2",
    "mean_job_fit": "dec2",
    "job_fit_before": "dec2",
    "job_fit_after": "dec2",
    "talent_box": "int",
    "eligible_pool": "count",
    "recommended_moves": "count",
    "data_quality_score": "dec1",
    "composite_index": "dec2",
    "objective_value": "dec3",
    "rows_read": "count",
    "rows_valid": "count",
    "rows_quarantined": "count",
    "source_row": "count",
    "years_in_post": "dec1",
    "years_to_retirement": "dec1",
    "completeness": "pct",
    "validity": "pct",
    "consistency": "pct",
    "timeliness": "pct",
    "adoption_rate": "pct",
    "adoption_rate_recorded": "pct",
    "employees": "count",
    "employee_count": "count",
    "positions": "count",
    "position_count": "count",
    "units": "count",
    "unit_count": "count",
    "n_regions": "count",
    "regions": "count",
    "potential_moves": "count",
    "moves_detected": "count",
    "moves_recommended": "count",
    "moves_adopted": "count",
    "job_fit": "dec2",
    "skp": "dec1",
    "ikm": "dec2",
    "rank": "int",
    "composite_rank": "int",
    "tahun": "int",
    "year": "int",
    "interregency_moves": "count",
    "interregency_regions_sending": "count",
    "interregency_regions_receiving": "count",
    "staffing_shortage_after_plans": "count",
    "staffing_shortage_after_interregency": "count",
    "staffing_surplus_after_plans": "count",
    "staffing_surplus_after_interregency": "count",
    "key_posts_opening": "count",
    "key_posts_with_regency_candidate": "count",
    "key_posts_with_pool_candidate": "count",
    "key_posts_with_ready_candidate": "count",
    "talent_pool_candidates_from_other_regencies": "count",
    "source_surplus_before": "count",
    "target_gap_before": "count",
    "regions_in_surplus": "count",
    "regions_in_deficit": "count",
    "balancing_potential": "count",
    "total_surplus": "count",
    "total_deficit": "count",
    "candidate_rank": "count",
    "priority_rank": "count",
    "key_post_coverage_regency": "pct",
    "key_post_coverage_province": "pct",
    "interregency_fit_gain_total": "dec2",
}

_TEXT_NAMES = re.compile(
    r"(^|_)(code|codes|name|nip|kind|type|label|category|status|message|rule|"
    r"explanation|reason|reasons|needs|file|sha256|record|note|competency|grade|"
    r"family|run_id|version|entity|encoding|format)$"
)


def column_kind(column: object, dtype_kind: str | None = None) -> str:
    """How to show a column: explicit table first, then name rules, then the dtype."""
    name = str(column)
    if name in COLUMN_KINDS:
        return COLUMN_KINDS[name]
    for suffix in ("_before", "_after", "_prev", "_previous", "_projected", "_change", "_delta"):
        if name.endswith(suffix) and name[: -len(suffix)] in COLUMN_KINDS:
            return COLUMN_KINDS[name[: -len(suffix)]]
    for prefix in ("delta_", "change_", "prev_", "projected_"):
        if name.startswith(prefix) and name[len(prefix) :] in COLUMN_KINDS:
            return COLUMN_KINDS[name[len(prefix) :]]
    if name.startswith("ej_") or name.startswith("effectiveness"):
        return "dec3"
    if name.startswith("share_") or name.endswith("_share") or name.endswith("_rate"):
        return "pct"
    if name.endswith("_date") or name == "date":
        return "date"
    if name.endswith("_at"):
        return "datetime"
    if name.startswith(("n_", "count_")) or name.endswith(("_count", "_moves", "_staff", "_headcount", "_rank")):
        return "count"
    if _TEXT_NAMES.search(name):
        return "text"
    if dtype_kind == "i" or dtype_kind == "u":
        return "int"
    if dtype_kind == "f":
        return "dec2"
    if dtype_kind == "M":
        return "date"
    return "text"


# --------------------------------------------------------------------------------------------------
# Values shown in charts and explanations (data values themselves are never translated in the files)
# --------------------------------------------------------------------------------------------------

GRADE_ORDER = ("A", "B", "C", "D", "E")
GRADE_LABELS = {
    "A": "A — Sangat Baik (EJ > 1,00; beban berlebih)",
    "B": "B — Baik (EJ 0,90–1,00)",
    "C": "C — Cukup (EJ 0,70–0,89)",
    "D": "D — Sedang (EJ 0,50–0,69)",
    "E": "E — Kurang (EJ < 0,50; beban terlalu ringan)",
}
GRADE_COLORS = {"A": "#D55E00", "B": "#009E73", "C": "#56B4E9", "D": "#E69F00", "E": "#CC79A7"}

CATEGORY_ORDER = ("Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah")
CATEGORY_COLORS = {
    "Sangat Tinggi": "#006D2C",
    "Tinggi": "#31A354",
    "Sedang": "#A1D99B",
    "Rendah": "#FDAE6B",
    "Sangat Rendah": "#E6550D",
}

MOVE_KIND_LABELS = {
    "rebalance": "Penyeimbangan beban kerja",
    "vacancy": "Pengisian jabatan kosong",
    "rotation": "Rotasi (≥ 5 tahun di jabatan)",
    "fit": "Peningkatan kecocokan jabatan",
}

TALENT_BOX_LABELS = {
    9: "9 — Kinerja di atas ekspektasi, potensi tinggi",
    8: "8 — Kinerja sesuai ekspektasi, potensi tinggi",
    7: "7 — Kinerja di atas ekspektasi, potensi menengah",
    6: "6 — Kinerja di bawah ekspektasi, potensi tinggi",
    5: "5 — Kinerja sesuai ekspektasi, potensi menengah",
    4: "4 — Kinerja di atas ekspektasi, potensi rendah",
    3: "3 — Kinerja di bawah ekspektasi, potensi menengah",
    2: "2 — Kinerja sesuai ekspektasi, potensi rendah",
    1: "1 — Kinerja di bawah ekspektasi, potensi rendah",
}
# (performance row from top, potential column from left) -> box number, PermenPANRB 3/2020
TALENT_GRID = ((4, 7, 9), (2, 5, 8), (1, 3, 6))

METRIC_DESCRIPTIONS: dict[str, str] = {
    "employee_count": "Pegawai dalam data kiriman yang lolos validasi.",
    "required_headcount": "Kebutuhan pegawai menurut Analisis Beban Kerja, dibulatkan per jabatan.",
    "current_staff": "Pegawai yang menduduki jabatan yang ada dalam data jabatan.",
    "staffing_shortage": "Jumlah orang yang kurang, dijumlahkan atas jabatan yang kekurangan pegawai.",
    "staffing_surplus": "Jumlah orang yang lebih, dijumlahkan atas jabatan yang kelebihan pegawai.",
    "staffing_gap_total": "Kebutuhan dikurangi pegawai yang ada, atas semua jabatan (kekurangan − kelebihan).",
    "share_grade_a": "Bagian jabatan berpemangku dengan EJ di atas 1,00: pemangkunya menanggung beban lebih dari waktu kerja efektif.",
    "share_grade_e": "Bagian jabatan berpemangku dengan EJ di bawah 0,50: beban kerja kurang dari separuh kapasitas pemangkunya.",
    "share_grade_a_or_e": "Bagian jabatan yang bebannya jauh dari seimbang (kelas A atau E); makin kecil makin baik.",
    "ej_stddev_positions": "Seberapa tidak merata beban kerja antarjabatan (simpangan baku EJ); makin kecil makin seimbang.",
    "ej_stddev_units": "Seberapa tidak merata beban kerja antarunit kerja (simpangan baku EJ unit); makin kecil makin seimbang.",
    "mean_professionalism_index": "Rata-rata Indeks Profesionalitas ASN (0–100): kualifikasi, kompetensi, kinerja, disiplin.",
    "share_meeting_qualification": "Bagian pegawai yang pendidikannya memenuhi syarat jabatannya.",
    "mean_job_fit": "Rata-rata skor kecocokan pegawai dengan jabatannya (profile matching, 0–5).",
    "share_5y_in_post": "Bagian pegawai yang sudah 5 tahun atau lebih di jabatan yang sama (jatuh tempo rotasi).",
    "eligible_pool": "Jumlah pegawai yang memenuhi seluruh syarat mutasi pada snapshot ini.",
    "data_quality_score": "Skor kualitas data kiriman (kelengkapan, keabsahan, konsistensi, ketepatan waktu), 0–100.",
    "recommended_moves": "Jumlah mutasi yang diusulkan pada snapshot ini.",
    "composite_index": "Indeks gabungan enam skor komponen dengan bobot terdokumentasi (0–100, makin tinggi makin baik).",
    "rank_in_province": "Peringkat indeks komposit di antara kabupaten/kota provinsi pada tanggal snapshot yang sama.",
    "adoption_rate": "Bagian mutasi yang terjadi yang sesuai dengan rekomendasi sebelumnya.",
    "adoption_rate_recorded": "Bagian usulan snapshot sebelumnya yang disetujui (keputusan tercatat) dan sudah dilaksanakan.",
}

#: what the most important columns of the tables mean (the "Keterangan" of the Petunjuk sheet's column list;
#: the scorecard indicators are explained by METRIC_DESCRIPTIONS above)
COLUMN_DESCRIPTIONS: dict[str, str] = {
    "nip": "Nomor Induk Pegawai (18 angka), disimpan sebagai teks.",
    "workload_minutes": "Jumlah volume kerja setahun × norma waktu (menit) atas semua uraian tugas jabatan.",
    "required_staff": "Beban kerja dibagi waktu kerja efektif setahun (75.000 menit), belum dibulatkan.",
    "required_headcount": "Kebutuhan pegawai menurut Analisis Beban Kerja (ABK), dibulatkan.",
    "current_staff": "Pegawai yang menduduki jabatan ini pada snapshot.",
    "staffing_gap": "Kebutuhan dikurangi pegawai yang ada: positif = kurang pegawai, negatif = lebih.",
    "effectiveness": "EJ: beban kerja dibagi kapasitas pegawai yang ada (75.000 menit/orang/tahun); > 1 = berlebih.",
    "grade": "Prestasi Kerja Jabatan menurut EJ: A > 1,00; B 0,90–1,00; C 0,70–0,89; D 0,50–0,69; E < 0,50.",
    "professionalism_index": "Indeks Profesionalitas ASN (0–100): kualifikasi, kompetensi, kinerja dan disiplin.",
    "professionalism_category": "Sangat Tinggi (> 90), Tinggi (> 80), Sedang (> 70), Rendah (> 60), Sangat Rendah.",
    "job_fit_score": "Kecocokan kompetensi pegawai dengan syarat jabatannya (profile matching, 0–5).",
    "talent_box": "Kotak talenta 1–9 dari kinerja (SKP) dan potensi (PermenPANRB 3/2020); 9 = tertinggi.",
    "is_eligible": "Memenuhi semua syarat mutasi: status PNS, masa dalam jabatan, hukuman disiplin, SKP, usia pensiun.",
    "ineligibility_reasons": "Syarat mutasi yang belum dipenuhi, dipisah titik koma.",
    "priority_rank": "Urutan usulan: 1 = usulan dengan nilai terbesar.",
    "move_kind": "Jenis mutasi: penyeimbangan beban kerja, pengisian jabatan kosong, rotasi, atau peningkatan kecocokan.",
    "reason_codes": "Kode alasan usulan, dipisah titik koma; penjelasannya ada di kolom Penjelasan.",
    "job_fit_before": "Kecocokan pegawai di jabatan asal (0–5).",
    "job_fit_after": "Kecocokan pegawai di jabatan tujuan (0–5), proyeksi.",
    "ej_from_before": "EJ jabatan asal sebelum pegawai dipindahkan.",
    "ej_from_after": "EJ jabatan asal bila seluruh rencana dilaksanakan (proyeksi).",
    "ej_to_before": "EJ jabatan tujuan sebelum pegawai masuk.",
    "ej_to_after": "EJ jabatan tujuan bila seluruh rencana dilaksanakan (proyeksi).",
    "objective_value": "Nilai usulan dalam optimasi rencana mutasi (makin besar makin bermanfaat).",
    "training_needs": "Kompetensi yang di bawah syarat jabatan tujuan, sebagai jenis pelatihan.",
    "in_plan": "Calon ini dipindahkan ke jabatan ini oleh rencana mutasi.",
    "readiness": "Kesiapan calon: siap sekarang, atau 1–2 tahun lagi.",
    "value_before": "Nilai indikator bila tidak ada yang dipindahkan.",
    "value_after_plan": "Nilai indikator bila rencana mutasi dilaksanakan (proyeksi).",
    "value_after_baseline": "Nilai indikator bila mutasi dipilih dengan cara peringkat sederhana (pembanding).",
    "plan_advantage": "Seberapa lebih baik rencana dibanding cara sederhana; positif = rencana lebih baik.",
    "decision": "Keputusan daerah atas usulan: disetujui, ditolak atau ditunda (kosong: belum diputuskan).",
    "decision_status": "Keadaan usulan: diputuskan atau belum, dan apakah pemindahan sudah terlaksana.",
    "rule": "Nama aturan pemeriksaan data yang tidak dipenuhi baris ini.",
    "rows_quarantined": "Baris yang tidak dipakai karena melanggar aturan; rinciannya di lembar Baris Dikarantina.",
    "balancing_potential": "Paling banyak orang yang dapat diseimbangkan dengan mutasi antar-kabupaten/kota.",
    "composite_rank": "Peringkat indeks komposit di provinsi (1 = tertinggi).",
}


def column_description(column: object) -> str:
    """What a column means, in Bahasa Indonesia ("" when the glossary has no explanation for it)."""
    name = str(column)
    return METRIC_DESCRIPTIONS.get(name) or COLUMN_DESCRIPTIONS.get(name, "")


MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# --------------------------------------------------------------------------------------------------
# The scorecard as a story (issue 18): section titles, headline figures and the words around them.
# Every label the HTML shows that is not a column header comes from here.
# --------------------------------------------------------------------------------------------------

STORY_LABELS: dict[str, str] = {
    # sections
    "section_headline": "Angka utama",
    "section_problems": "Di mana masalahnya",
    "section_recommended": "Apa yang direkomendasikan",
    "section_rotation": "Kelayakan dan rotasi",
    "section_data_quality": "Kualitas data",
    "section_details": "Rincian",
    "section_workload": "Beban kerja per unit kerja",
    "section_grades": "Sebaran Prestasi Kerja Jabatan",
    "section_competency": "Sebaran kompetensi pegawai",
    "section_plan_effect": "Dampak rencana mutasi (proyeksi)",
    "section_evaluation": "Evaluasi pasca-mutasi",
    "section_trend": "Tren antar-snapshot",
    "section_all_figures": "Semua angka kartu skor",
    "section_package": "Isi paket",
    "section_regencies": "Kabupaten/kota berdampingan",
    "section_interregency": "Mutasi antar-kabupaten/kota dan talent pool provinsi",
    "section_balancing": "Peluang penyeimbangan antar-kabupaten/kota",
    # headline figures (regency)
    "fig_employees": "Pegawai",
    "fig_need_vs_staff": "Kebutuhan dibanding yang ada",
    "fig_grade_a_e": "Jabatan kelas A / kelas E",
    "fig_ipasn": "Rata-rata IP ASN",
    "fig_plan": "Rencana mutasi",
    "fig_data_quality": "Kualitas data",
    "fig_composite": "Indeks komposit",
    # headline figures (province)
    "fig_regencies": "Kabupaten/kota terkirim",
    "fig_interregency": "Mutasi antar-kabupaten/kota",
    "fig_key_posts": "Jabatan pimpinan terbuka",
    # problem lists
    "units_overloaded": "Unit kerja paling berat bebannya",
    "units_idle": "Unit kerja paling ringan bebannya",
    "posts_short": "Jabatan paling kekurangan pegawai",
    "posts_surplus": "Jabatan paling kelebihan pegawai",
    "vacancies": "Jabatan kosong yang dibutuhkan",
    "regencies_lowest": "Kabupaten/kota dengan indeks komposit terendah",
    "regencies_short": "Kabupaten/kota dengan kekurangan pegawai terbesar",
    # recommendation lists
    "top_moves": "Usulan mutasi dengan prioritas tertinggi",
    "plan_effect": "Dampak bila semua usulan dilaksanakan",
    "shortlists": "Calon pengisi jabatan kosong dan kekurangan",
    "successors": "Calon pengganti jabatan pimpinan",
    "interregency_here": "Mutasi antar-kabupaten/kota yang menyangkut daerah ini",
    "rotation_reasons": "Jatuh tempo rotasi tetapi tidak diusulkan pindah, menurut alasan",
    "balancing_top": "Rumpun jabatan dengan potensi penyeimbangan terbesar",
}

#: headers of the small tables the story builds (not columns of any file)
STORY_COLUMNS: dict[str, str] = {
    "unit": "Unit Kerja",
    "position": "Jabatan",
    "need": "Kebutuhan (ABK)",
    "staff": "Pegawai Ada",
    "gap": "Selisih",
    "ej": "EJ",
    "priority": "Prioritas",
    "employee": "Pegawai",
    "from": "Dari",
    "to": "Ke",
    "why": "Alasan",
    "indicator": "Indikator",
    "before": "Sebelum",
    "after_plan": "Sesudah Rencana",
    "after_baseline": "Sesudah Cara Sederhana",
    "candidates": "Jumlah Calon",
    "best_candidate": "Calon Teratas",
    "fit_at_post": "Kecocokan di Jabatan Itu",
    "in_plan": "Masuk Rencana",
    "opening": "Alasan Terbuka",
    "readiness": "Kesiapan",
    "reason": "Alasan",
    "count": "Jumlah",
    "direction": "Arah",
    "other_region": "Daerah Lain",
    "regency": "Kabupaten/Kota",
    "composite": "Indeks Komposit",
    "shortage": "Kekurangan Pegawai",
    "surplus": "Kelebihan Pegawai",
    "job_family": "Rumpun Jabatan",
    "potential": "Potensi Penyeimbangan (orang)",
    "value": "Nilai",
    "previous": "Nilai Snapshot Sebelumnya",
    "column_name": "Nama Kolom (CSV/Parquet)",
    "change": "Perubahan",
    "description": "Keterangan",
    "kind": "Jenis Mutasi",
    "code": "Kode",
    "entity": "Jenis Data",
    "rule": "Aturan",
    "rows": "Jumlah Baris",
    "example_message": "Contoh Pesan",
}

#: why a post opens for succession (succession_candidates.opening_reason)
OPENING_REASON_LABELS = {
    "kosong": "kosong",
    "pensiun": "pejabat pensiun",
    "vacant": "kosong",
    "retiring": "pejabat pensiun",
}

#: why an employee due for rotation is not moved (rotation_not_moved.reason_code)
NOT_MOVED_REASON_LABELS = {
    "NOT_ELIGIBLE": "Tidak memenuhi syarat mutasi",
    "POSITION_UNKNOWN": "Jabatan saat ini tidak ada dalam data jabatan",
    "NO_LATERAL_POST": "Tidak ada jabatan setara yang memenuhi syarat",
    "NO_WORTHWHILE_MOVE": "Tidak ada jabatan tujuan yang memberi nilai positif",
    "SOURCE_NOT_REPLACEABLE": "Jabatan asal akan kekurangan pegawai",
    "UNIT_OUTFLOW_CAP": "Batas pegawai yang boleh keluar dari unit tercapai",
    "TARGETS_FULL": "Semua jabatan setara sudah terisi sesuai kebutuhan",
    "CAPACITY_USED": "Kapasitas tujuan terpakai oleh pemindahan yang lebih bernilai",
    "OTHER_MOVES_PREFERRED": "Pemindahan lain memberi nilai lebih tinggi",
    "DECISION_APPROVED": "Sudah disetujui daerah, menunggu pelaksanaan",
    "DECISION_REJECTED": "Usulan sebelumnya ditolak daerah",
    "DECISION_POSTPONED": "Usulan sebelumnya ditunda daerah",
    "OBJECTION_PENDING": "Keberatan pegawai belum diputus",
}
