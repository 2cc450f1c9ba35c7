"""Tests of the synthetic extract generator (mutasi.generate): files, NIP consistency, calibration,
organisation and workload realism, evolution between snapshots, determinism, formats and damage."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mutasi.config import DATA_ENTITIES as ENTITIES
from mutasi.generate import DAMAGE_KINDS, generate_extracts, region_style, snapshot_dates
from mutasi.generate.catalog import COLUMNS, EDU_RANK, GOL_START, GOLONGAN, bup_for
from mutasi.reference import regions

AS_OF = dt.date(2026, 11, 22)
S1, S2 = dt.date(2026, 10, 22), AS_OF
CLEAN_REGION = "3402"  # Kabupaten Bantul
N_EMP = 2000


# ------------------------------------------------------------------------------------------------
# reading helpers (what an ingestion would do, minimally)


def read_extract(path: Path) -> pd.DataFrame:
    """Read one landed file as text columns, whatever its format, dialect or title rows."""
    if path.suffix == ".parquet":
        return pd.read_parquet(path).astype(object).where(lambda d: d.notna(), "")
    if path.suffix == ".xlsx":
        raw = pd.read_excel(path, engine="calamine", header=None, dtype=object)
        known = {c for cols in COLUMNS.values() for c in cols}
        header = next(i for i in range(len(raw)) if str(raw.iat[i, 0]).strip() in known)
        df = raw.iloc[header + 1 :].reset_index(drop=True)
        df.columns = [str(c) for c in raw.iloc[header]]
        return df.map(_cell_text)
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
    first = text.split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    from io import StringIO

    return pd.read_csv(StringIO(text), sep=sep, dtype=str, keep_default_na=False)


def _cell_text(v: object) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def parse_dates(s: pd.Series) -> pd.Series:
    s = s.astype(str)
    iso = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    dmy = pd.to_datetime(s.str.replace("/", "-"), format="%d-%m-%Y", errors="coerce")
    return iso.fillna(dmy)


def entity_path(root: Path, region: str, snap: dt.date, entity: str) -> Path:
    matches = sorted((root / region / snap.isoformat()).glob(f"{entity}.*"))
    assert len(matches) == 1, matches
    return matches[0]


def load(root: Path, region: str, snap: dt.date, entity: str) -> pd.DataFrame:
    return read_extract(entity_path(root, region, snap, entity))


# ------------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    root = tmp_path_factory.mktemp("clean")
    summary = generate_extracts(
        root, [CLEAN_REGION], employees=N_EMP, snapshots=2, as_of=AS_OF, dirty_share=0.0, seed=11
    )
    tables = {(snap, e): load(root, CLEAN_REGION, snap, e) for snap in (S1, S2) for e in ENTITIES}
    return root, summary, tables


@pytest.fixture(scope="module")
def dirty(tmp_path_factory):
    root = tmp_path_factory.mktemp("dirty")
    summary = generate_extracts(
        root, [CLEAN_REGION], employees=N_EMP, snapshots=1, as_of=AS_OF, dirty_share=0.02, seed=11
    )
    return root, summary


def _pegawai_with_posts(tables, snap):
    peg = tables[(snap, "pegawai")]
    jab = tables[(snap, "jabatan")].set_index("kode_jabatan")
    return peg, jab.loc[peg["kode_jabatan"]].reset_index()


# ------------------------------------------------------------------------------------------------
# files and dates


def test_snapshot_dates_are_monthly_and_clamped():
    assert snapshot_dates(AS_OF, 2) == [S1, S2]
    assert snapshot_dates(dt.date(2026, 3, 31), 3) == [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31)]
    assert snapshot_dates(dt.date(2027, 1, 15), 2) == [dt.date(2026, 12, 15), dt.date(2027, 1, 15)]


def test_every_entity_written_for_every_snapshot(clean):
    root, summary, tables = clean
    assert summary.snapshot_dates == [S1, S2]
    assert summary.files_written == 2 * len(ENTITIES) == len(summary.files)
    for snap in (S1, S2):
        names = sorted(p.name for p in (root / CLEAN_REGION / snap.isoformat()).iterdir())
        ext = names[0].rsplit(".", 1)[1]
        assert names == sorted(f"{e}.{ext}" for e in ENTITIES)
        for e in ENTITIES:
            assert list(tables[(snap, e)].columns) == list(COLUMNS[e])
            assert len(tables[(snap, e)]) > 0, e
    for e in ENTITIES:
        assert summary.rows_per_entity[e] == len(tables[(S1, e)]) + len(tables[(S2, e)])
    assert summary.damage_per_kind == {} and summary.damaged_rows == 0 and summary.damage_log.empty
    assert summary.employees_per_region[CLEAN_REGION] == len(tables[(S2, "pegawai")])
    assert summary.seconds > 0


def test_invalid_arguments_are_rejected(tmp_path):
    with pytest.raises(ValueError, match="unknown region"):
        generate_extracts(tmp_path, ["9999"])
    with pytest.raises(ValueError):
        generate_extracts(tmp_path, ["3402"], file_format="json")
    with pytest.raises(ValueError):
        generate_extracts(tmp_path, ["3402"], dirty_share=1.5)


# ------------------------------------------------------------------------------------------------
# NIP and personnel consistency


@pytest.mark.parametrize("snap", [S1, S2])
def test_nip_consistent_with_birth_date_cpns_and_gender(clean, snap):
    _, _, tables = clean
    peg = tables[(snap, "pegawai")]
    nip = peg["nip"]
    assert nip.str.fullmatch(r"\d{18}").all()
    assert nip.is_unique
    born = parse_dates(peg["tanggal_lahir"])
    assert (nip.str[:8] == born.dt.strftime("%Y%m%d")).all()
    assert (nip.str[14].map({"1": "L", "2": "P"}) == peg["jenis_kelamin"]).all()
    asn = peg["status_kepegawaian"].isin(["PNS", "CPNS"])
    cpns = parse_dates(peg.loc[asn, "tmt_cpns"])
    assert cpns.notna().all()
    assert (nip[asn].str[8:14] == cpns.dt.strftime("%Y%m")).all()
    pppk = peg[peg["status_kepegawaian"] == "PPPK"]
    assert len(pppk) > 0
    assert (pppk["tmt_cpns"] == "").all() and (pppk["golongan"] == "").all()
    assert set(peg.loc[asn, "golongan"]) <= set(GOLONGAN)
    assert set(peg["status_kepegawaian"]) == {"PNS", "CPNS", "PPPK"}


def test_calibration_matches_bkn_figures(clean):
    _, _, tables = clean
    peg, post = _pegawai_with_posts(tables, S1)
    n = len(peg)
    assert n == N_EMP
    snap = pd.Timestamp(S1)
    assert abs((peg["jenis_kelamin"] == "P").mean() - 0.54) <= 0.02
    age = (snap - parse_dates(peg["tanggal_lahir"])).dt.days / 365.2425
    bands = pd.cut(age, [0, 31, 41, 51, 100], right=False).value_counts(normalize=True).sort_index().to_numpy()
    np.testing.assert_allclose(bands, [0.09, 0.24, 0.33, 0.34], atol=0.02)
    edu = peg["pendidikan_tingkat"].value_counts(normalize=True)
    for level, share, tol in (
        ("S1", 0.55, 0.03),
        ("S2", 0.12, 0.02),
        ("D3", 0.112, 0.02),
        ("SMA", 0.14, 0.02),
        ("D4", 0.04, 0.015),
        ("S3", 0.01, 0.01),
    ):
        assert abs(edu.get(level, 0.0) - share) <= tol, (level, edu.get(level))
    assert set(edu.index) <= set(EDU_RANK)
    asn = peg["status_kepegawaian"] != "PPPK"
    service = np.floor((snap - parse_dates(peg.loc[asn, "tmt_cpns"])).dt.days / 365.2425)
    sb = pd.cut(service, [-1, 10, 20, 30, 99]).value_counts(normalize=True).sort_index().to_numpy()
    np.testing.assert_allclose(sb, [0.32, 0.52, 0.15, 0.01], atol=0.03)
    status = peg["status_kepegawaian"].value_counts(normalize=True)
    assert 0.87 <= status["PNS"] <= 0.93
    assert 0.01 <= status["CPNS"] <= 0.06
    assert 0.05 <= status["PPPK"] <= 0.09
    # nobody at or past retirement age; a few over 58 in posts retiring at 60/65
    years = np.floor(age)
    bup = np.array([bup_for(j, jj if jj else None) for j, jj in zip(post["jenis_jabatan"], post["jenjang"])])
    assert (years < bup).all()
    assert (years >= 58).sum() > 0


def test_careers_are_consistent(clean):
    _, _, tables = clean
    peg, post = _pegawai_with_posts(tables, S1)
    snap = pd.Timestamp(S1)
    tmt = parse_dates(peg["tmt_jabatan"])
    cpns = parse_dates(peg["tmt_cpns"])
    assert (tmt <= snap).all()
    asn = cpns.notna()
    assert (tmt[asn] >= cpns[asn]).all()
    in_post = (snap - tmt).dt.days / 365.2425
    shares = pd.cut(in_post, [-1, 2, 5, 99]).value_counts(normalize=True).sort_index().to_numpy()
    assert 0.15 <= shares[0] <= 0.40 and 0.35 <= shares[1] <= 0.6 and 0.2 <= shares[2] <= 0.3
    # golongan: starting grade by education for pelaksana in their first four years
    service = (snap - cpns).dt.days / 365.2425
    fresh = asn & (service < 4) & (post["jenis_jabatan"] == "pelaksana")
    assert fresh.sum() > 5
    start = peg.loc[fresh, "pendidikan_tingkat"].map(lambda e: GOLONGAN[GOL_START[e]])
    assert (peg.loc[fresh, "golongan"] == start).all()
    # CPNS are recent and never in structural posts
    is_cpns = peg["status_kepegawaian"] == "CPNS"
    assert (service[is_cpns] < 1).all()
    assert not post.loc[is_cpns, "jenis_jabatan"].isin(["JPT", "administrator", "pengawas"]).any()
    # education meets the post's minimum for the great majority
    below = peg["pendidikan_tingkat"].map(EDU_RANK) < post["pendidikan_minimal"].map(EDU_RANK)
    assert below.mean() < 0.08
    # structural posts: one holder each, seniors
    structural = post["jenis_jabatan"].isin(["JPT", "administrator", "pengawas"])
    assert peg.loc[structural, "kode_jabatan"].is_unique
    assert service[structural & asn].median() > 15


# ------------------------------------------------------------------------------------------------
# organisation and workload


def test_organisation_is_believable(clean):
    _, _, tables = clean
    jab = tables[(S1, "jabatan")]
    peg = tables[(S1, "pegawai")]
    tasks = tables[(S1, "uraian_tugas")]
    assert jab["kode_jabatan"].is_unique
    opds = jab["kode_unit"].str.rsplit(".", n=1).str[0].nunique()
    assert 15 <= opds <= 30
    assert abs(len(jab) - N_EMP / 4) <= 0.2 * N_EMP / 4
    assert set(jab["jenis_jabatan"]) == {"JPT", "administrator", "pengawas", "pelaksana", "fungsional"}
    kelas = jab["kelas_jabatan"].astype(int)
    assert kelas.between(1, 17).all() and kelas.min() <= 3 and kelas.max() >= 14
    for c in ("target_teknis", "target_manajerial", "target_sosiokultural"):
        assert jab[c].astype(int).between(1, 5).all()
    m = jab.assign(t=jab["target_manajerial"].astype(int)).groupby("jenis_jabatan")["t"].mean()
    assert m["JPT"] > m["administrator"] > m["pengawas"] > m["pelaksana"]
    fung = jab[jab["jenis_jabatan"] == "fungsional"]
    assert (fung["jenjang"] != "").all() and (jab.loc[jab["jenis_jabatan"] != "fungsional", "jenjang"] == "").all()
    assert {"ahli pertama", "ahli muda", "ahli madya", "terampil", "mahir"} <= set(fung["jenjang"])
    assert jab["nama_jabatan"].str.startswith("Guru Ahli").any()
    assert jab["nama_unit"].str.contains("Puskesmas").any() and jab["nama_unit"].str.startswith("Kecamatan").any()
    assert jab["rumpun"].nunique() >= 12
    per_post = tasks.groupby("kode_jabatan").size()
    assert set(per_post.index) == set(jab["kode_jabatan"])
    assert per_post.between(3, 8).all()
    assert (tasks["norma_waktu_menit"].astype(float) > 0).all()
    assert (tasks["volume_per_tahun"].astype(float) >= 0).all()
    assert {"dokumen", "laporan", "berkas"} <= set(tasks["satuan_hasil"])
    assert set(peg["kode_jabatan"]) <= set(jab["kode_jabatan"])
    vacant = set(jab["kode_jabatan"]) - set(peg["kode_jabatan"])
    assert 0.02 * len(jab) <= len(vacant) <= 0.15 * len(jab)
    assert peg.groupby("kode_jabatan").size().max() >= 8  # many holders in some posts


def _effectiveness(tables, snap) -> pd.DataFrame:
    jab = tables[(snap, "jabatan")]
    t = tables[(snap, "uraian_tugas")]
    minutes = t["volume_per_tahun"].astype(float) * t["norma_waktu_menit"].astype(float)
    minutes = minutes.groupby(t["kode_jabatan"]).sum()
    holders = tables[(snap, "pegawai")].groupby("kode_jabatan").size()
    out = jab.set_index("kode_jabatan")[["rumpun", "jenis_jabatan"]].copy()
    out["workload"] = minutes
    out["holders"] = holders.reindex(out.index).fillna(0)
    held = out[out["holders"] > 0].copy()
    held["ej"] = held["workload"] / (held["holders"] * 75_000)
    held["grade"] = np.select(
        [held["ej"] > 1.0, held["ej"] >= 0.9, held["ej"] >= 0.7, held["ej"] >= 0.5], ["A", "B", "C", "D"], "E"
    )
    return held


@pytest.mark.parametrize("snap", [S1, S2])
def test_effectiveness_grades_spread_like_a_real_abk(clean, snap):
    _, _, tables = clean
    held = _effectiveness(tables, snap)
    shares = held["grade"].value_counts(normalize=True).reindex(list("ABCDE")).fillna(0)
    np.testing.assert_allclose(shares.to_numpy(), [0.20, 0.15, 0.25, 0.20, 0.20], atol=0.07)
    # surplus and overloaded posts side by side in the big job families, so moves can help
    for rumpun in ("administrasi", "pendidikan", "kesehatan"):
        grades = set(held.loc[held["rumpun"] == rumpun, "grade"])
        assert {"A", "E"} <= grades, rumpun


# ------------------------------------------------------------------------------------------------
# optional entities


def test_optional_entities_are_plausible(clean):
    _, _, tables = clean
    peg = tables[(S2, "pegawai")]
    nips = set(peg["nip"])
    jab = tables[(S2, "jabatan")]
    for e in ("asesmen_kompetensi", "kinerja", "diklat", "hukuman_disiplin", "preferensi_mutasi"):
        assert set(tables[(S2, e)]["nip"]) <= nips, e
    a = tables[(S2, "asesmen_kompetensi")]
    assert 0.75 <= a["nip"].nunique() / len(peg) <= 0.95
    for c in ("kompetensi_teknis", "kompetensi_manajerial", "kompetensi_sosiokultural"):
        assert a[c].astype(int).between(1, 5).all()
    skor = pd.to_numeric(a["skor_potensi"], errors="coerce")
    assert skor.dropna().between(0, 100).all() and skor.isna().any()
    k = tables[(S2, "kinerja")]
    assert set(k["tahun"].astype(int)) == {2023, 2024, 2025}
    pred = k["predikat"].value_counts(normalize=True)
    assert 0.75 <= pred["Baik"] <= 0.9 and 0.06 <= pred["Sangat Baik"] <= 0.14
    assert pred.drop(["Baik", "Sangat Baik"]).sum() > 0.01
    d = tables[(S2, "diklat")]
    assert set(d["jenis_diklat"]) == {"kepemimpinan", "fungsional", "teknis", "seminar"}
    assert d.groupby("nip").size().mean() >= 3
    teknis = d.loc[d["jenis_diklat"] == "teknis", "jam_pelajaran"].astype(int)
    assert teknis.between(8, 80).all()
    structural = set(jab.loc[jab["jenis_jabatan"].isin(["JPT", "administrator", "pengawas"]), "kode_jabatan"])
    leaders = set(peg.loc[peg["kode_jabatan"].isin(structural), "nip"])
    trained = set(d.loc[d["jenis_diklat"] == "kepemimpinan", "nip"])
    assert len(leaders & trained) >= 0.7 * len(leaders)
    assert (parse_dates(d["tanggal_selesai"]) <= pd.Timestamp(S2)).all()
    h = tables[(S2, "hukuman_disiplin")]
    assert 0.008 <= h["nip"].nunique() / len(peg) <= 0.03
    assert h["tingkat"].value_counts().idxmax() == "ringan"
    p = tables[(S2, "preferensi_mutasi")]
    assert 0.5 <= len(p) / len(peg) <= 0.7 and set(p["bersedia_mutasi"]) == {"ya", "tidak"}
    units = set(jab["kode_unit"])
    listed = [u for cell in p["unit_diminati"] if cell for u in cell.split(";")]
    assert listed and set(listed) <= units
    s = tables[(S2, "survei_kepuasan")]
    assert set(s["kode_unit"]) <= units
    assert s["nilai_ikm"].astype(float).between(60, 95).all()
    assert s["periode"].str.fullmatch(r"20\d\d-S[12]").all() and "2026-S1" in set(s["periode"])


# ------------------------------------------------------------------------------------------------
# evolution between snapshots


def test_later_snapshot_shows_retirements_hires_and_mutations(clean):
    _, summary, tables = clean
    p1 = tables[(S1, "pegawai")].set_index("nip")
    p2 = tables[(S2, "pegawai")].set_index("nip")
    gone = p1.index.difference(p2.index)
    new = p2.index.difference(p1.index)
    (event,) = summary.evolution[CLEAN_REGION]
    assert len(gone) == event["retired"] + event["exited"] and event["retired"] >= 1
    born = parse_dates(p1.loc[gone, "tanggal_lahir"])
    assert ((pd.Timestamp(S2) - born).dt.days / 365.2425 >= 58).sum() >= event["retired"]
    assert len(new) == event["hired"] >= 1
    hires = p2.loc[new]
    assert set(hires["status_kepegawaian"]) <= {"CPNS", "PPPK"}
    start = parse_dates(hires["tmt_jabatan"])
    assert ((start > pd.Timestamp(S1)) & (start <= pd.Timestamp(S2))).all()
    stay = p1.index.intersection(p2.index)
    moved = stay[(p1.loc[stay, "kode_jabatan"] != p2.loc[stay, "kode_jabatan"]).to_numpy()]
    assert len(moved) == event["mutated"] >= 1
    jab = tables[(S2, "jabatan")].set_index("kode_jabatan")
    src, dst = jab.loc[p1.loc[moved, "kode_jabatan"]], jab.loc[p2.loc[moved, "kode_jabatan"]]
    assert (src["jenis_jabatan"].to_numpy() == dst["jenis_jabatan"].to_numpy()).all()
    assert (src["rumpun"].to_numpy() == dst["rumpun"].to_numpy()).all()
    tmt = parse_dates(p2.loc[moved, "tmt_jabatan"])
    assert ((tmt > pd.Timestamp(S1)) & (tmt <= pd.Timestamp(S2))).all()
    # organisation and task inventory stable; histories grow
    pd.testing.assert_frame_equal(tables[(S1, "jabatan")], tables[(S2, "jabatan")])
    pd.testing.assert_frame_equal(tables[(S1, "uraian_tugas")], tables[(S2, "uraian_tugas")])
    d2 = tables[(S2, "diklat")]
    fresh = parse_dates(d2["tanggal_selesai"]) > pd.Timestamp(S1)
    assert fresh.sum() >= 10


# ------------------------------------------------------------------------------------------------
# determinism, regions, formats


def test_same_seed_gives_identical_files_and_other_seeds_differ(tmp_path):
    codes = ["1373", "6171"]  # a CSV and an XLSX region
    kw = dict(employees=150, snapshots=2, as_of=AS_OF, dirty_share=0.05)
    a = generate_extracts(tmp_path / "a", codes, seed=3, **kw)
    b = generate_extracts(tmp_path / "b", codes, seed=3, **kw)
    generate_extracts(tmp_path / "c", codes, seed=4, **kw)  # compared file by file below
    assert {p.suffix for p in a.files} == {".csv", ".xlsx"}
    for pa_ in a.files:
        rel = pa_.relative_to(tmp_path / "a")
        assert pa_.read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    assert a.damage_per_kind == b.damage_per_kind
    pd.testing.assert_frame_equal(a.damage_log, b.damage_log)
    rel = Path("1373") / S2.isoformat() / "pegawai.csv"
    assert (tmp_path / "a" / rel).read_bytes() != (tmp_path / "c" / rel).read_bytes()
    # different regions of one run differ too
    n1 = read_extract(tmp_path / "a" / "1373" / S1.isoformat() / "pegawai.csv")["nip"]
    n2 = read_extract(tmp_path / "a" / "6171" / S1.isoformat() / "pegawai.xlsx")["nip"]
    assert not set(n1) & set(n2)


def test_region_styles_mix_like_real_regencies():
    styles = [region_style(code) for code in regions()]
    fmt = pd.Series([s.file_format for s in styles]).value_counts(normalize=True)
    assert abs(fmt["xlsx"] - 1 / 3) < 0.07 and abs(fmt["csv"] - 2 / 3) < 0.07
    csv = [s for s in styles if s.file_format == "csv"]
    semi = [s for s in csv if s.delimiter == ";"]
    assert 0.3 <= len(semi) / len(csv) <= 0.5
    assert all(s.encoding == "cp1252" and s.lineterminator == "\r\n" for s in semi)
    assert any(s.bom for s in csv) and any(not s.bom and s.encoding == "utf-8" for s in csv)
    assert {s.date_format for s in csv} == {"iso", "dd-mm-yyyy", "dd/mm/yyyy"}
    assert {s.title_rows for s in styles if s.file_format == "xlsx"} == {0, 1, 2}
    assert region_style("3402") == region_style("3402")
    assert region_style("3402", "parquet").file_format == "parquet"


def _region_with(pred) -> str:
    return next(c for c in sorted(regions()) if pred(region_style(c)))


def test_xlsx_csv_and_parquet_are_readable(tmp_path):
    xlsx_region = _region_with(lambda s: s.file_format == "xlsx" and s.title_rows == 2)
    semi_region = _region_with(
        lambda s: s.file_format == "csv" and s.delimiter == ";" and s.date_format == "dd-mm-yyyy"
    )
    bom_region = _region_with(lambda s: s.file_format == "csv" and s.bom)
    codes = [xlsx_region, semi_region, bom_region]
    summary = generate_extracts(tmp_path / "auto", codes, employees=120, snapshots=1, as_of=AS_OF, dirty_share=0)
    assert summary.region_formats[xlsx_region].startswith("xlsx")
    xlsx = entity_path(tmp_path / "auto", xlsx_region, AS_OF, "pegawai")
    raw = pd.read_excel(xlsx, engine="calamine", header=None, sheet_name="pegawai")
    assert str(raw.iat[0, 0]).startswith("DATA PEGAWAI PEMERINTAH ")
    assert str(raw.iat[1, 0]) == "Keadaan per 22-11-2026"
    assert list(raw.iloc[2]) == list(COLUMNS["pegawai"])
    assert isinstance(raw.iat[3, 2], (pd.Timestamp, dt.datetime))  # a real date cell
    semi = entity_path(tmp_path / "auto", semi_region, AS_OF, "pegawai").read_bytes()
    assert b"\r\n" in semi and semi.split(b"\r\n")[0].count(b";") == 10
    assert re.search(rb";\d\d-\d\d-\d{4};", semi)
    assert entity_path(tmp_path / "auto", bom_region, AS_OF, "jabatan").read_bytes().startswith(b"\xef\xbb\xbf")
    cp = entity_path(tmp_path / "auto", semi_region, AS_OF, "uraian_tugas").read_bytes()
    cp.decode("cp1252")
    frames = {}
    for code in codes:
        for e in ENTITIES:
            frames[(code, e)] = load(tmp_path / "auto", code, AS_OF, e)
            assert list(frames[(code, e)].columns) == list(COLUMNS[e])
        assert frames[(code, "pegawai")]["nip"].str.fullmatch(r"\d{18}").all()
        assert parse_dates(frames[(code, "pegawai")]["tanggal_lahir"]).notna().all()
    forced = generate_extracts(
        tmp_path / "pq", [semi_region], employees=120, snapshots=1, as_of=AS_OF, dirty_share=0, file_format="parquet"
    )
    assert {p.suffix for p in forced.files} == {".parquet"}
    pq_peg = load(tmp_path / "pq", semi_region, AS_OF, "pegawai")
    pd.testing.assert_series_equal(pq_peg["nip"], frames[(semi_region, "pegawai")]["nip"], check_dtype=False)
    # regenerating with another format replaces, never leaves two files of one entity
    generate_extracts(
        tmp_path / "pq", [semi_region], employees=120, snapshots=1, as_of=AS_OF, dirty_share=0, file_format="xlsx"
    )
    assert sorted(p.suffix for p in (tmp_path / "pq" / semi_region / AS_OF.isoformat()).iterdir()) == [".xlsx"] * 9


# ------------------------------------------------------------------------------------------------
# damage


def test_damage_counts_follow_dirty_share_and_are_named(clean, dirty):
    _, _, clean_tables = clean
    root, summary = dirty
    log = summary.damage_log
    assert summary.damaged_rows == len(log) == sum(summary.damage_per_kind.values())
    assert set(summary.damage_per_kind) <= set(DAMAGE_KINDS)
    assert set(log["entity"]) <= {
        "pegawai",
        "asesmen_kompetensi",
        "kinerja",
        "diklat",
        "hukuman_disiplin",
        "preferensi_mutasi",
        "survei_kepuasan",
    }
    per_entity = log.groupby("entity").size()
    for entity, n_damaged in per_entity.items():
        written = summary.rows_per_entity[entity]
        clean_rows = written - int(((log["entity"] == entity) & (log["kind"] == "nip_duplicate")).sum())
        assert n_damaged == round(0.02 * clean_rows), entity
    assert summary.rows_per_entity["pegawai"] - summary.damage_per_kind["nip_duplicate"] == N_EMP
    peg_kinds = set(log.loc[log["entity"] == "pegawai", "kind"])
    assert peg_kinds == {
        "nip_scientific",
        "nip_truncated",
        "nip_spaced",
        "nip_duplicate",
        "date_excel_serial",
        "birthdate_mismatch",
        "gender_mismatch",
        "invalid_golongan",
        "invalid_status",
        "unknown_kode_jabatan",
        "tmt_jabatan_future",
    }
    assert "competency_out_of_range" in summary.damage_per_kind
    assert log.loc[log["kind"] == "nip_spaced", "recoverable"].all()
    assert not log.loc[log["kind"] == "nip_scientific", "recoverable"].any()


def test_damaged_cells_look_like_their_kind(clean, dirty):
    _, _, clean_tables = clean
    root, summary = dirty
    log = summary.damage_log
    path = entity_path(root, CLEAN_REGION, AS_OF, "pegawai")
    assert path.suffix == ".csv"  # Bantul delivers CSV
    peg = read_extract(path)
    jab = read_extract(entity_path(root, CLEAN_REGION, AS_OF, "jabatan"))
    nip_ok = peg["nip"].str.fullmatch(r"\d{18}")
    checked = set()
    for _, d in log[log["entity"] == "pegawai"].iterrows():
        row = peg.iloc[d["source_row"] - 2]  # 1-based, header is row 1
        kind = d["kind"]
        if kind == "nip_scientific":
            assert re.fullmatch(r"\d\.\d{14}E\+17", row["nip"])
        elif kind == "nip_truncated":
            assert re.fullmatch(r"\d{15}000", row["nip"])
        elif kind == "nip_spaced":
            assert re.fullmatch(r"\d{8}[ .]\d{6}[ .]\d[ .]\d{3}", row["nip"])
            digits = re.sub(r"\D", "", row["nip"])  # normalisable: the rest of the row still agrees
            assert digits[:8] == parse_dates(pd.Series([row["tanggal_lahir"]])).dt.strftime("%Y%m%d")[0]
            assert {"1": "L", "2": "P"}[digits[14]] == row["jenis_kelamin"]
        elif kind == "nip_duplicate":
            assert (peg["nip"] == row["nip"]).sum() == 2
            assert peg.iloc[d["source_row"] - 3]["nip"] == row["nip"]
        elif kind == "date_excel_serial":
            assert re.fullmatch(r"\d{4,5}", row[d["column"]])
        elif kind == "birthdate_mismatch":
            assert parse_dates(pd.Series([row["tanggal_lahir"]])).dt.strftime("%Y%m%d")[0] != row["nip"][:8]
        elif kind == "gender_mismatch":
            assert {"1": "L", "2": "P"}[row["nip"][14]] != row["jenis_kelamin"]
        elif kind == "invalid_golongan":
            assert row["golongan"] not in GOLONGAN
        elif kind == "invalid_status":
            assert row["status_kepegawaian"] not in {"PNS", "CPNS", "PPPK"}
        elif kind == "unknown_kode_jabatan":
            assert row["kode_jabatan"] not in set(jab["kode_jabatan"])
        elif kind == "tmt_jabatan_future":
            assert parse_dates(pd.Series([row["tmt_jabatan"]]))[0] > pd.Timestamp(AS_OF)
        checked.add(kind)
    assert len(checked) == 11
    # rows not in the log are clean
    damaged_rows = set(log.loc[log["entity"] == "pegawai", "source_row"] - 2)
    clean_rows = [i for i in range(len(peg)) if i not in damaged_rows]
    assert nip_ok.iloc[clean_rows].all()
    a = read_extract(entity_path(root, CLEAN_REGION, AS_OF, "asesmen_kompetensi"))
    for _, d in log[(log["entity"] == "asesmen_kompetensi") & (log["kind"] == "competency_out_of_range")].iterrows():
        assert not 1 <= int(a.iloc[d["source_row"] - 2][d["column"]]) <= 5


def test_dirty_xlsx_keeps_numbers_as_numbers(tmp_path):
    xlsx_region = _region_with(lambda s: s.file_format == "xlsx" and s.title_rows == 1)
    summary = generate_extracts(tmp_path, [xlsx_region], employees=800, snapshots=1, as_of=AS_OF, dirty_share=0.03)
    log = summary.damage_log
    raw = pd.read_excel(
        entity_path(tmp_path, xlsx_region, AS_OF, "pegawai"), engine="calamine", header=None, dtype=object
    )
    header = list(raw.iloc[1])
    assert header == list(COLUMNS["pegawai"])
    peg_log = log[log["entity"] == "pegawai"]
    assert (peg_log["source_row"] >= 3).all()
    for _, d in peg_log.iterrows():
        cell = raw.iat[d["source_row"] - 1, header.index(d["column"])]
        if d["kind"] == "nip_scientific":
            assert isinstance(cell, (int, float)) and not isinstance(cell, bool)
        elif d["kind"] == "date_excel_serial":
            assert isinstance(cell, (int, float))
        elif d["kind"] in ("nip_spaced", "nip_truncated", "invalid_status"):
            assert isinstance(cell, str)


def test_parallel_generation_writes_the_same_bytes(tmp_path):
    kw = dict(employees=80, snapshots=1, as_of=AS_OF, dirty_share=0.05, seed=5)
    one = generate_extracts(tmp_path / "one", ["1373", "3402"], workers=1, **kw)
    two = generate_extracts(tmp_path / "two", ["1373", "3402"], workers=2, **kw)
    assert [p.relative_to(tmp_path / "one") for p in one.files] == [p.relative_to(tmp_path / "two") for p in two.files]
    for p in one.files:
        assert p.read_bytes() == (tmp_path / "two" / p.relative_to(tmp_path / "one")).read_bytes()
    assert one.damage_per_kind == two.damage_per_kind and one.rows_per_entity == two.rows_per_entity
