"""The adapter layer (mutasi/ingest/adapters.py): every value family and mapping feature with exact
expectations, and deliveries in real export shapes through the snapshot validation."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from mutasi.config import data_paths
from mutasi.ingest.adapters import adapt, build_adapter, presets
from mutasi.ingest.headers import map_headers
from mutasi.ingest.landing import region_snapshots
from mutasi.ingest.snapshot import manifest_path, publish_snapshot, validate_snapshot

from .builders import JABATAN, PEGAWAI, URAIAN, abk_tugas, csv_bytes, people, siasn_pegawai, write_siasn_snapshot

NOW = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
TEXT = pd.StringDtype("pyarrow")


def adapted(preset: str, columns: dict[str, list[str]]):
    """Run one preset over a small raw frame (headers as an export writes them)."""
    n = len(next(iter(columns.values())))
    frame = pd.DataFrame({k: pd.array(v, dtype=TEXT) for k, v in columns.items()})
    frame["source_row"] = range(2, 2 + n)
    p = presets()[preset]
    adapter = build_adapter(p.entity, p)
    mapping = map_headers(p.entity, list(columns), "", {}, p.columns)
    return adapt(frame, adapter, mapping)


def one_column(preset: str, column: str, headers: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """(adapted values, values reported unmapped) of one contract column."""
    result = adapted(preset, headers)
    return result.frame[column].tolist(), result.unmapped["value"].tolist()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("31", "III/a"),
        ("45", "IV/e"),
        ("11", "I/a"),
        ("III/a", "III/a"),
        ("3A", "III/a"),
        ("III-a", "III/a"),
        ("iii.b", "III/b"),
        ("Penata Muda", "III/a"),
        ("Penata Muda Tingkat I", "III/b"),
        ("Penata Tingkat I", "III/d"),
        ("Pembina", "IV/a"),
        ("Pembina Utama Muda", "IV/c"),
        ("Pengatur", "II/c"),
        ("IX", "IX"),  # PPPK
        ("Penata Muda (III/a)", "III/a"),  # SIMPEG's rank + golongan in one cell
        ("IV-b - Pembina Tingkat I", "IV/b"),
    ],
)
def test_golongan_ids_names_rank_names_and_arabic_forms(raw, expected):
    values, unmapped = one_column("siasn_data_utama", "golongan", {"GOL AKHIR NAMA": [raw]})
    assert values == [expected] and unmapped == []


@pytest.mark.parametrize("raw", ["III/e", "V/a", "Penata (III/c) atau III/d", "Honorer"])
def test_golongan_that_no_map_knows_is_unmapped(raw):
    values, unmapped = one_column("siasn_data_utama", "golongan", {"GOL AKHIR NAMA": [raw]})
    assert unmapped == [raw]


def test_golongan_name_wins_over_id_and_id_fills_an_empty_name():
    values, _ = one_column(
        "siasn_data_utama", "golongan", {"GOL AKHIR ID": ["31", "42", ""], "GOL AKHIR NAMA": ["III/a", "", ""]}
    )
    assert values == ["III/a", "IV/b", ""]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05", "SD"),
        ("5", "SD"),
        ("10", "SMP"),
        ("17", "SMA"),
        ("30", "D3"),
        ("40", "S1"),
        ("50", "S3"),
        ("S-1/Sarjana", "S1"),
        ("Diploma III/Sarjana Muda", "D3"),
        ("Diploma IV", "D4"),
        ("SLTA Kejuruan", "SMA"),
        ("SLTP", "SMP"),
        ("S-2", "S2"),
        ("S-3/Doktor", "S3"),
    ],
)
def test_education_codes_and_names(raw, expected):
    values, unmapped = one_column("siasn_data_utama", "pendidikan_tingkat", {"TINGKAT PENDIDIKAN NAMA": [raw]})
    assert values == [expected] and unmapped == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("M", "L"),
        ("F", "P"),
        ("L", "L"),
        ("P", "P"),
        ("Pria", "L"),
        ("Wanita", "P"),
        ("Laki-laki", "L"),
        ("PEREMPUAN", "P"),
    ],
)
def test_sex_spellings(raw, expected):
    assert one_column("siasn_data_utama", "jenis_kelamin", {"JENIS KELAMIN": [raw]}) == ([expected], [])


def test_status_p_and_c():
    values, unmapped = one_column("siasn_data_utama", "status_kepegawaian", {"STATUS CPNS PNS": ["P", "C", "PPPK"]})
    assert values == ["PNS", "CPNS", "PPPK"] and unmapped == []


@pytest.mark.parametrize(
    ("jenis", "eselon", "expected"),
    [
        ("1", "II.a", "JPT"),
        ("Jabatan Struktural", "II.b", "JPT"),
        ("Jabatan Struktural", "III.b", "administrator"),
        ("setruktural", "IV.a", "pengawas"),  # the Banyuwangi app's spelling
        ("1", "41", "pengawas"),  # ESELON ID
        ("2", "", "fungsional"),
        ("Jabatan Fungsional Tertentu", "", "fungsional"),
        ("Jabatan Fungsional Umum", "", "pelaksana"),
        ("Jabatan Pelaksana", "", "pelaksana"),
        ("4", "", "pelaksana"),
    ],
)
def test_job_type_with_eselon(jenis, eselon, expected):
    values, unmapped = one_column("anjab_jabatan", "jenis_jabatan", {"JENIS JABATAN": [jenis], "ESELON": [eselon]})
    assert values == [expected] and unmapped == []


def test_structural_post_without_eselon_is_unmapped_naming_the_eselon():
    result = adapted("anjab_jabatan", {"JENIS JABATAN": ["Jabatan Struktural"], "ESELON": [""]})
    row = result.unmapped.iloc[0]
    assert (row["column"], row["header"], row["map"]) == ("jenis_jabatan", "ESELON", "eselon")


def test_full_name_from_name_and_titles():
    values, _ = one_column(
        "siasn_data_utama",
        "nama",
        {
            "GELAR DEPAN": ["Dr.", "", "dr."],
            "NAMA": ["Budi Santoso", "Ani", "Rina"],
            "GELAR BLK": ["S.Sos., M.Si.", "", "Sp.A"],
        },
    )
    assert values == ["Dr. Budi Santoso, S.Sos., M.Si.", "Ani", "dr. Rina, Sp.A"]


def test_major_from_the_degree_name():
    values, _ = one_column(
        "siasn_data_utama",
        "pendidikan_jurusan",
        {
            "PENDIDIKAN NAMA": [
                "S-1 Ilmu Pemerintahan",
                "D-III Keperawatan",
                "D-IV Teknik Sipil",
                "S2 Magister Manajemen",
                "SMK Keperawatan",
                "",
            ]
        },
    )
    assert values == ["Ilmu Pemerintahan", "Keperawatan", "Teknik Sipil", "Magister Manajemen", "SMK Keperawatan", ""]


def test_composite_post_key_and_a_missing_part():
    values, _ = one_column(
        "siasn_data_utama", "kode_jabatan", {"UNOR ID": ["U1", "U2", ""], "JABATAN ID": ["J9", "J9", "J9"]}
    )
    assert values == ["U1-J9", "U2-J9", ""]  # the same national JABATAN ID in two units: two posts


def test_time_norm_in_hours_becomes_minutes():
    result = adapted(
        "anjab_uraian_tugas",
        {
            "URAIAN TUGAS": ["a", "b", "c"],
            "BEBAN KERJA": ["10", "2", "1"],
            "WAKTU PENYELESAIAN (JAM)": ["1.5", "0,25", "x"],
        },
    )
    assert result.frame["norma_waktu_menit"].tolist() == ["90", "15", "x"]  # 'x' left for number_unparseable


def test_minutes_norm_is_taken_as_is():
    result = adapted("anjab_uraian_tugas", {"URAIAN TUGAS": ["a"], "JUMLAH": ["12"], "WAKTU PERMENIT": ["45"]})
    assert result.frame[["volume_per_tahun", "norma_waktu_menit"]].values.tolist() == [["12", "45"]]


def test_frequency_and_duration_become_volume_per_year_and_minutes():
    result = adapted(
        "anjab_tugas_frekuensi",
        {
            "URAIAN TUGAS": ["a", "b", "c", "d", "e"],
            "FREKUENSI TEKS": ["Harian", "mingguan", "Bulanan", "Tahunan", "Kadang-kadang"],
            "DURASI PER KALI (MENIT)": ["30", "60", "120", "480", "10"],
        },
    )
    assert result.frame["volume_per_tahun"].tolist()[:4] == ["250", "50", "12", "1"]
    assert result.frame["norma_waktu_menit"].tolist()[:4] == ["30", "60", "120", "480"]
    assert result.unmapped[["value", "map"]].values.tolist() == [["Kadang-kadang", "frekuensi_per_tahun"]]


def test_hours_per_week_become_fifty_weeks_of_minutes():
    result = adapted("anjab_tugas_frekuensi", {"URAIAN TUGAS": ["a"], "JAM PER MINGGU": ["2"]})
    volume, norm = result.frame[["volume_per_tahun", "norma_waktu_menit"]].iloc[0]
    assert (volume, norm) == ("50", "120")  # 2 h x 60 x 50 weeks = 6,000 minutes a year (1,500 a week = 75,000 a year)


def test_unit_level_of_a_flattened_tree(data_dir):
    from mutasi.ingest.adapters import _Columns, _derive

    frame = pd.DataFrame(
        {"UNOR (1)": ["Dinas A", "Dinas B"], "UNOR (2)": ["Bidang X", ""], "UNOR (3)": ["Seksi 1", ""]}, dtype=TEXT
    )
    spec = {"level": {"columns": ["UNOR (1)", "UNOR (2)", "UNOR (3)"], "level": 2}}
    got = _derive(spec, _Columns(frame), 2, frame.index)
    assert got.values.tolist() == ["Bidang X", "Dinas B"]  # a shorter branch: its deepest unit above level 2


# --- deliveries as they come, through the snapshot validation ----------------------------------------


def validate(region: str = "6171"):
    snapshots, _ = region_snapshots(data_paths().landing, region)
    assert len(snapshots) == 1
    return snapshots[0], validate_snapshot(snapshots[0], now=NOW)


def test_siasn_and_anjab_exports_are_read_without_configuration(data_dir):
    write_siasn_snapshot(data_dir / "landing")
    _, result = validate()
    assert result.status == "accepted", result.message
    assert result.quarantined.empty
    pegawai = result.clean["pegawai"].sort_values("nip").reset_index(drop=True)
    expected = PEGAWAI.sort_values("nip").reset_index(drop=True)
    assert pegawai["nip"].tolist() == expected["nip"].tolist()
    assert pegawai["golongan"].tolist() == expected["golongan"].tolist()
    assert pegawai["pendidikan_tingkat"].tolist() == expected["pendidikan_tingkat"].tolist()
    assert pegawai["jenis_kelamin"].tolist() == expected["jenis_kelamin"].tolist()
    assert set(pegawai["kode_jabatan"]) == {"U1-J1", "U1-J2"}
    jabatan = result.clean["jabatan"].sort_values("kode_jabatan")
    assert jabatan["kode_jabatan"].tolist() == ["U1-J1", "U1-J2"]
    assert jabatan["jenis_jabatan"].tolist() == JABATAN["jenis_jabatan"].tolist()
    assert jabatan["pendidikan_minimal"].tolist() == JABATAN["pendidikan_minimal"].tolist()
    tasks = result.clean["uraian_tugas"].sort_values("kode_jabatan")
    assert tasks["norma_waktu_menit"].tolist() == [float(m) for m in URAIAN["norma_waktu_menit"]]
    report = result.files.set_index("entity")
    assert report.loc["pegawai", "source_file"] == "6171/2026-11-01/DATA_UTAMA_PNS_6171.csv"
    assert "recognised as pegawai by its headers (preset siasn_data_utama" in report.loc["pegawai", "message"]
    assert "header on row 4" in report.loc["pegawai", "message"]


def test_unmapped_value_is_a_row_problem_naming_column_value_and_map(data_dir):
    frame = siasn_pegawai()
    frame.loc[3, "GOL AKHIR NAMA"] = "III/e"
    frame.loc[3, "GOL AKHIR ID"] = ""
    write_siasn_snapshot(data_dir / "landing", pegawai=frame)
    snap, result = validate()
    assert result.status == "accepted"
    q = result.quarantined
    assert q[["entity", "source_row", "rule"]].values.tolist() == [
        ["pegawai", 8, "value_unmapped"]
    ]  # 3 title rows + header
    message = q.iloc[0]["message"]
    assert message.startswith('value_unmapped: golongan "III/e" (kolom "GOL AKHIR NAMA / GOL AKHIR ID")')
    assert f"values.golongan di {snap.maps_dir / '6171.yaml'}" in message
    assert json.loads(q.iloc[0]["raw_record"])["GOL AKHIR NAMA"] == "III/e"


def test_wholesale_mismatch_is_rejected_naming_the_top_unmapped_values(data_dir):
    frame = siasn_pegawai(people(30).assign(kode_jabatan="J1"))  # the 30 % rule applies from 20 rows
    frame["TINGKAT PENDIDIKAN NAMA"] = ["Strata Satu"] * 12 + ["Sarjana Strata 1"] * 3 + ["S-1/Sarjana"] * 15
    frame["TINGKAT PENDIDIKAN ID"] = ""
    write_siasn_snapshot(data_dir / "landing", pegawai=frame)
    _, result = validate()
    assert result.status == "rejected"
    assert (
        'values not mapped: pendidikan_tingkat "Strata Satu" ×12, pendidikan_tingkat "Sarjana Strata 1" ×3'
        in result.message
    )
    assert "`mutasi inspect` drafts it" in result.message


def test_region_map_adds_spellings_and_changes_the_delivery_checksum(data_dir):
    frame = siasn_pegawai()
    frame["TINGKAT PENDIDIKAN NAMA"] = ["Strata Satu"] * 10
    frame["TINGKAT PENDIDIKAN ID"] = ""
    write_siasn_snapshot(data_dir / "landing", pegawai=frame)
    before, _ = validate()
    maps = data_dir / "config" / "peta"
    maps.mkdir(parents=True)
    (maps / "6171.yaml").write_text('values:\n  pendidikan_tingkat:\n    "Strata Satu": S1\n', encoding="utf-8")
    snap, result = validate()
    assert result.status == "accepted", result.message
    assert result.clean["pegawai"]["pendidikan_tingkat"].tolist() == ["S1"] * 10
    assert snap.checksum != before.checksum  # a changed map re-reads the delivery on the next run
    assert "region map" in result.files.set_index("entity").loc["pegawai", "message"]
    publish_snapshot(data_paths(), snap, result, "run-1", now=NOW)
    manifest = json.loads(manifest_path(data_paths(), "6171", "2026-11-01").read_text("utf-8"))
    assert manifest["region_map"] == {"path": str(maps / "6171.yaml"), "sha256": snap.map_digest}
    assert {"file": "DATA_UTAMA_PNS_6171.csv", "entity": "pegawai", "preset": "siasn_data_utama"}.items() <= next(
        f for f in manifest["files"] if f["entity"] == "pegawai"
    ).items()


def test_crosswalk_joins_the_anjab_ids_to_siasn(data_dir):
    folder = write_siasn_snapshot(data_dir / "landing")
    anjab = pd.read_csv(folder / "ANJAB_JABATAN_6171.csv", sep=";", dtype=str, keep_default_na=False)
    anjab = anjab.drop(columns=["UNOR ID", "JABATAN ID"]).assign(
        **{"KODE JABATAN": ["ANJ-1", "ANJ-2"], "KODE UNOR": "U1"}
    )
    (folder / "ANJAB_JABATAN_6171.csv").write_bytes(csv_bytes(anjab))
    tasks = abk_tugas().drop(columns=["UNOR ID", "JABATAN ID"]).assign(**{"KODE JABATAN": ["ANJ-1", "ANJ-2"]})
    (folder / "ABK_URAIAN_TUGAS_6171.csv").write_bytes(csv_bytes(tasks))
    maps = data_dir / "config" / "peta"
    maps.mkdir(parents=True)
    (maps / "crosswalk_jabatan.csv").write_text("kode_siasn,kode_anjab\nU1-J1,ANJ-1\n", encoding="utf-8")
    (maps / "6171.yaml").write_text(
        "adapt:\n  pegawai:\n    values:\n      kode_jabatan: {file: crosswalk_jabatan.csv, from: kode_siasn, to: kode_anjab}\n",
        encoding="utf-8",
    )
    _, result = validate()
    assert result.status == "accepted", result.message
    assert set(result.clean["pegawai"]["kode_jabatan"]) == {"ANJ-1"}
    unmapped = result.quarantined[result.quarantined["rule"] == "value_unmapped"]
    assert len(unmapped) == 4  # the four people in U1-J2, which the crosswalk lacks
    assert 'kode_jabatan "U1-J2"' in unmapped.iloc[0]["message"]
    assert str(maps / "crosswalk_jabatan.csv") in unmapped.iloc[0]["message"]


def test_region_map_chooses_the_unit_level(data_dir):
    folder = write_siasn_snapshot(data_dir / "landing")
    anjab = pd.read_csv(folder / "ANJAB_JABATAN_6171.csv", sep=";", dtype=str, keep_default_na=False)
    anjab["UNOR INDUK ID"] = "INDUK-1"
    anjab["UNOR INDUK NAMA"] = "Sekretariat Daerah"
    (folder / "ANJAB_JABATAN_6171.csv").write_bytes(csv_bytes(anjab))
    maps = data_dir / "config" / "peta"
    maps.mkdir(parents=True)
    (maps / "6171.yaml").write_text(
        "adapt:\n  jabatan:\n    derive:\n      kode_unit: {first_of: [UNOR INDUK ID]}\n"
        "      nama_unit: {first_of: [UNOR INDUK NAMA]}\n",
        encoding="utf-8",
    )
    _, result = validate()
    assert result.status == "accepted", result.message
    assert result.clean["jabatan"][["kode_unit", "nama_unit"]].drop_duplicates().values.tolist() == [
        ["INDUK-1", "Sekretariat Daerah"]
    ]
    assert result.clean["jabatan"]["kode_jabatan"].tolist() == ["U1-J1", "U1-J2"]  # the post key keeps its UNOR ID


def test_generic_simpeg_export_named_like_the_entity(data_dir):
    from .builders import write_snapshot

    folder = write_snapshot(data_dir / "landing", pegawai=None)
    simpeg = pd.DataFrame(
        {
            "NIP": PEGAWAI["nip"],
            "NAMA": PEGAWAI["nama"],
            "GELAR DEPAN": ["Drs."] + [""] * 9,
            "GELAR BELAKANG": ["M.Si."] + [""] * 9,
            "TGL LAHIR": PEGAWAI["tanggal_lahir"],
            "JENIS KELAMIN": PEGAWAI["jenis_kelamin"].map({"L": "Laki-laki", "P": "Perempuan"}),
            "STATUS PEGAWAI": "PNS",
            "GOL/RUANG": ["Penata Muda"] + PEGAWAI["golongan"].tolist()[1:],
            "TMT CPNS": PEGAWAI["tmt_cpns"],
            "PENDIDIKAN TERAKHIR": PEGAWAI["pendidikan_tingkat"].map(
                {"SMA": "SLTA", "D3": "Diploma III", "S1": "S-1/Sarjana", "S2": "S-2"}
            ),
            "JURUSAN": "Manajemen",
            "KODE JABATAN": PEGAWAI["kode_jabatan"],
            "TMT JABATAN": PEGAWAI["tmt_jabatan"],
        }
    )
    (folder / "pegawai.csv").write_bytes(csv_bytes(simpeg))
    _, result = validate()
    assert result.status == "accepted", result.message
    assert result.quarantined.empty
    clean = result.clean["pegawai"]
    assert clean["nama"].iloc[0] == "Drs. Pegawai 1, M.Si."
    assert clean["golongan"].tolist() == PEGAWAI["golongan"].tolist()  # 'Penata Muda' = III/a
    assert clean["pendidikan_tingkat"].tolist() == PEGAWAI["pendidikan_tingkat"].tolist()
    assert "read as preset simpeg_umum" in result.files.set_index("entity").loc["pegawai", "message"]


def test_snake_case_headers_of_api_clients_are_the_same_preset(data_dir):
    from .builders import snapshot_folder

    folder = write_siasn_snapshot(data_dir / "landing")
    (folder / "DATA_UTAMA_PNS_6171.csv").unlink()
    snake = siasn_pegawai().rename(columns=lambda c: c.lower().replace(" ", "_"))  # nip_baru, gol_akhir_id, ...
    (snapshot_folder(data_dir / "landing") / "siasn_pegawai.csv").write_bytes(csv_bytes(snake))
    _, result = validate()
    assert result.status == "accepted", result.message
    assert "preset siasn_data_utama" in result.files.set_index("entity").loc["pegawai", "message"]
    assert len(result.clean["pegawai"]) == 10


def test_region_value_map_on_a_contract_file_names_the_header_as_sent(data_dir):
    """A region's extra spelling for a contract-form file extends the shipped map (closed): a value neither
    knows is value_unmapped, naming the column header as the file has it."""
    from .builders import write_snapshot

    frame = PEGAWAI.rename(columns={"golongan": "GOL"})
    frame.loc[0, "GOL"] = "Tiga A"
    frame.loc[1, "GOL"] = "III/x"
    write_snapshot(data_dir / "landing", pegawai=frame)
    maps = data_dir / "config" / "peta"
    maps.mkdir(parents=True)
    (maps / "6171.yaml").write_text('values:\n  golongan: {"Tiga A": III/a}\n', encoding="utf-8")
    _, result = validate()
    assert result.clean["pegawai"].set_index("nip").loc[PEGAWAI["nip"][0], "golongan"] == "III/a"
    q = result.quarantined
    assert q[["source_row", "rule"]].values.tolist() == [[3, "value_unmapped"]]
    assert q.iloc[0]["message"].startswith('value_unmapped: golongan "III/x" (kolom "GOL")')
