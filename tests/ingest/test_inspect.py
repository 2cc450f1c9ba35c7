"""`mutasi inspect PATH` on a delivery that maps and on one that does not."""

from __future__ import annotations

import json

import yaml

from mutasi_cli.main import main

from .builders import siasn_pegawai, write_siasn_snapshot


def test_inspect_a_folder_that_maps(data_dir, capsys):
    folder = write_siasn_snapshot(data_dir / "landing")
    assert main(["inspect", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "DATA_UTAMA_PNS_6171.csv: pegawai via preset siasn_data_utama" in out
    assert "ANJAB_JABATAN_6171.csv: jabatan via preset anjab_jabatan" in out
    assert "ABK_URAIAN_TUGAS_6171.csv: uraian_tugas via preset anjab_uraian_tugas" in out
    assert "GOL AKHIR NAMA / GOL AKHIR ID" in out  # where golongan comes from
    assert "III/a (2)" in out  # value profile of the mapped column
    assert out.rstrip().endswith("everything maps")


def test_inspect_a_folder_that_does_not_map(data_dir, capsys, tmp_path):
    frame = siasn_pegawai()
    frame.loc[[1, 5], "JENIS KELAMIN"] = "X"
    folder = write_siasn_snapshot(
        data_dir / "landing", pegawai=frame, **{"catatan.csv": b"Tanggal,Catatan\n2026-11-01,lihat email\n"}
    )
    draft = tmp_path / "6171.yaml"
    assert main(["inspect", str(folder), "--draft", str(draft)]) == 1
    out = capsys.readouterr().out
    assert "PERLU DIPETAKAN DATA_UTAMA_PNS_6171.csv" in out
    assert "X (2)" in out  # the unmapped value with its count
    assert "PERLU DIPETAKAN catatan.csv: ?" in out and "not recognised: its name is not an entity" in out
    saved = yaml.safe_load(draft.read_text("utf-8"))
    assert saved["values"] == {"jenis_kelamin": {"X": "isi: nilai kontrak"}}
    assert saved["files"] == {"catatan": "isi: entitas (pegawai, jabatan, ...)"}


def test_inspect_json_for_machines(data_dir, capsys):
    frame = siasn_pegawai()
    frame.loc[0, "GOL AKHIR NAMA"] = "III/e"
    frame.loc[0, "GOL AKHIR ID"] = ""
    folder = write_siasn_snapshot(data_dir / "landing", pegawai=frame)
    assert main(["inspect", "--json", str(folder / "DATA_UTAMA_PNS_6171.csv")]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["region_code"] == "6171" and report["ok"] is False
    (pegawai,) = report["files"]
    assert (pegawai["entity"], pegawai["preset"], pegawai["header_row"], pegawai["rows"]) == (
        "pegawai",
        "siasn_data_utama",
        4,
        10,
    )
    golongan = next(p for p in pegawai["mapped"] if p["column"] == "golongan")
    assert golongan["unmapped"] == [["III/e", 1]]
    assert "PNS ID" in pegawai["unmapped_headers"]
