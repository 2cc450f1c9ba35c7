"""The extract contract (SPEC §4): the columns of every entity a region delivers, in contract order.
Validation, the readers and the column maps all take the column lists from here."""

from __future__ import annotations

# Contract columns per entity (SPEC §4), in order.
ENTITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "pegawai": (
        "nip",
        "nama",
        "tanggal_lahir",
        "jenis_kelamin",
        "status_kepegawaian",
        "golongan",
        "tmt_cpns",
        "pendidikan_tingkat",
        "pendidikan_jurusan",
        "kode_jabatan",
        "tmt_jabatan",
    ),
    "jabatan": (
        "kode_jabatan",
        "nama_jabatan",
        "kode_unit",
        "nama_unit",
        "jenis_jabatan",
        "jenjang",
        "kelas_jabatan",
        "rumpun",
        "pendidikan_minimal",
        "jurusan_syarat",
        "target_teknis",
        "target_manajerial",
        "target_sosiokultural",
    ),
    "uraian_tugas": ("kode_jabatan", "uraian_tugas", "satuan_hasil", "volume_per_tahun", "norma_waktu_menit"),
    "asesmen_kompetensi": (
        "nip",
        "tanggal_asesmen",
        "kompetensi_teknis",
        "kompetensi_manajerial",
        "kompetensi_sosiokultural",
        "skor_potensi",
    ),
    "kinerja": ("nip", "tahun", "predikat", "nilai"),
    "diklat": ("nip", "jenis_diklat", "nama_diklat", "jam_pelajaran", "tanggal_selesai"),
    "hukuman_disiplin": ("nip", "tingkat", "tanggal_mulai", "tanggal_selesai"),
    "preferensi_mutasi": ("nip", "bersedia_mutasi", "unit_diminati"),
    "survei_kepuasan": ("kode_unit", "periode", "nilai_ikm"),
    # the decision loop (issue 16): what the regency decided on a recommended move, and employees' voice
    "keputusan_mutasi": (
        "nip",
        "kode_jabatan_tujuan",
        "keputusan",
        "alasan",
        "tanggal_keputusan",
        "diputuskan_oleh",
        "tanggal_rekomendasi",
    ),
    "keberatan_pegawai": ("nip", "kode_jabatan_tujuan", "isi", "tanggal"),
}
