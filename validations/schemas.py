"""Row-level rules of the extract contract (SPEC §4) as pandera schemas, one per entity.

Each entity has a `prepare_*` step (text -> typed columns, counting repairs) and an ordered list of
named rules. The rules become pandera DataFrame checks (name = quarantine rule code, error = the message
a BKPSDM officer reads); a row failing any check is quarantined under the first rule it broke, with all
broken rules in the message. Rule codes are documented in docs/extract-format.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
import pandera.pandas as pa

from validations import parsing as p

GENDERS = {"L": "L", "P": "P", "laki-laki": "L", "perempuan": "P", "pria": "L", "wanita": "P"}
STATUSES = {"PNS": "PNS", "CPNS": "CPNS", "PPPK": "PPPK"}
GOLONGAN = [f"{g}/{r}" for g in ("I", "II", "III") for r in "abcd"] + [f"IV/{r}" for r in "abcde"]
EDUCATION = ["SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"]
EDUCATION_ALIASES = {**{e: e for e in EDUCATION}, "SLTP": "SMP", "SLTA": "SMA", "SMK": "SMA", "DIII": "D3",
                     "D-III": "D3", "DIV": "D4", "D-IV": "D4", "S-1": "S1", "S-2": "S2", "S-3": "S3"}
POSITION_TYPES = {"jpt": "JPT", "administrator": "administrator", "pengawas": "pengawas",
                  "pelaksana": "pelaksana", "fungsional": "fungsional"}
PREDIKAT = ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"]
TRAINING_KINDS = ["kepemimpinan", "fungsional", "teknis", "seminar"]
SANCTION_LEVELS = ["ringan", "sedang", "berat"]
YES_NO = {"ya": "ya", "tidak": "tidak", "y": "ya", "t": "tidak", "yes": "ya", "no": "tidak"}
COMPETENCY_LEVELS = (1, 5)
POTENTIAL_RANGE = (0, 100)
SKP_VALUE_RANGE = (0, 120)
IKM_RANGE = (25, 100)
CLASS_RANGE = (1, 17)
PERIOD_PATTERN = r"^\d{4}(-(S[12]|Q[1-4]|(0?[1-9]|1[0-2])))?$"


@dataclass(frozen=True)
class RowRule:
    name: str
    message: str
    check: Callable[[pd.DataFrame], pd.Series]  # True where the row satisfies the rule


@dataclass
class Context:
    snapshot_date: dt.date
    position_codes: set[str] = field(default_factory=set)
    unit_codes: set[str] = field(default_factory=set)
    nips: set[str] = field(default_factory=set)


@dataclass
class Prepared:
    frame: pd.DataFrame          # typed contract columns + helper columns prefixed with "_"
    repairs: dict[str, int]      # repair kind -> rows repaired


def _count(mask: pd.Series) -> int:
    return int(mask.fillna(False).sum())


def _dates(df: pd.DataFrame, out: pd.DataFrame, repairs: dict[str, int], *columns: str) -> None:
    bad = pd.Series(False, index=df.index)
    for column in columns:
        values, serial, unparseable = p.parse_dates(df[column])
        out[column] = values
        repairs["excel_serial_date"] = repairs.get("excel_serial_date", 0) + _count(serial)
        bad |= unparseable
    out["_date_unparseable"] = bad


def _numbers(df: pd.DataFrame, out: pd.DataFrame, *columns: str, integer: bool = False) -> pd.Series:
    bad = pd.Series(False, index=df.index)
    for column in columns:
        values, unparseable = p.parse_numbers(df[column])
        if integer:
            converted = p.to_int(values)
            unparseable = unparseable | (values.notna() & converted.isna())
            values = converted
        out[column] = values
        bad |= unparseable
    return bad


def _nip(df: pd.DataFrame, out: pd.DataFrame, repairs: dict[str, int]) -> None:
    nip, separators, damaged, malformed = p.normalise_nip(df["nip"])
    out["nip"] = nip.astype("string")
    out["_nip_raw"] = df["nip"].astype("string")
    out["_nip_damaged"] = damaged
    out["_nip_malformed"] = malformed & (df["nip"].str.strip() != "")
    repairs["nip_separators_removed"] = _count(separators)


def _text(df: pd.DataFrame, out: pd.DataFrame, *columns: str) -> None:
    for column in columns:
        out[column] = p.blank_to_null(df[column])


def _missing(*columns: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda f: f[list(columns)].notna().all(axis=1)


def _isin(column: str, allowed, optional: bool = False) -> Callable[[pd.DataFrame], pd.Series]:
    allowed = set(allowed)
    return lambda f: f[column].isin(allowed) | (f[column].isna() if optional else False)


def _between(columns, low, high) -> Callable[[pd.DataFrame], pd.Series]:
    columns = [columns] if isinstance(columns, str) else list(columns)
    return lambda f: pd.concat([f[c].isna() | f[c].between(low, high) for c in columns], axis=1).all(axis=1)


def _unique(*columns: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda f: f[list(columns)].isna().any(axis=1) | ~f.duplicated(list(columns), keep=False)


def nip_rules(ctx: Context | None, known_nip: bool) -> list[RowRule]:
    rules = [
        RowRule("nip_missing", "NIP kosong. Isi NIP 18 digit.", lambda f: f["_nip_raw"].str.strip() != ""),
        RowRule(
            "nip_spreadsheet_damaged",
            "NIP rusak oleh spreadsheet (disimpan sebagai angka: notasi ilmiah atau digit 16–18 menjadi 000). "
            "Format kolom NIP sebagai Teks sebelum mengekspor, lalu ketik ulang NIP dari SK.",
            lambda f: ~f["_nip_damaged"],
        ),
        RowRule("nip_malformed", "NIP bukan 18 digit angka.", lambda f: ~f["_nip_malformed"]),
    ]
    if known_nip and ctx is not None:
        nips = ctx.nips
        rules.append(RowRule(
            "unknown_nip", "NIP tidak ada di data pegawai yang valid pada snapshot ini.",
            lambda f: f["nip"].isna() | f["nip"].isin(nips),
        ))
    return rules


DATE_RULE = RowRule(
    "date_unparseable",
    "Tanggal tidak dapat dibaca. Gunakan format YYYY-MM-DD, DD-MM-YYYY atau DD/MM/YYYY.",
    lambda f: ~f["_date_unparseable"],
)
NUMBER_RULE = RowRule("number_unparseable", "Angka tidak dapat dibaca.", lambda f: ~f["_number_unparseable"])


# --- pegawai -------------------------------------------------------------------------------------

def prepare_pegawai(df: pd.DataFrame) -> Prepared:
    out, repairs = pd.DataFrame(index=df.index), {}
    _nip(df, out, repairs)
    _text(df, out, "nama", "pendidikan_jurusan", "kode_jabatan")
    _dates(df, out, repairs, "tanggal_lahir", "tmt_cpns", "tmt_jabatan")
    out["jenis_kelamin"] = p.blank_to_null(p.normalise_code(df["jenis_kelamin"], GENDERS))
    out["status_kepegawaian"] = p.blank_to_null(p.normalise_code(df["status_kepegawaian"], STATUSES))
    out["golongan"] = p.blank_to_null(p.normalise_code(df["golongan"], {g: g for g in GOLONGAN}))
    out["pendidikan_tingkat"] = p.blank_to_null(p.normalise_code(df["pendidikan_tingkat"], EDUCATION_ALIASES))
    return Prepared(out, repairs)


def pegawai_rules(ctx: Context) -> list[RowRule]:
    snapshot = pd.Timestamp(ctx.snapshot_date)
    asn = lambda f: f["status_kepegawaian"].isin(["PNS", "CPNS"])  # noqa: E731
    positions = ctx.position_codes
    return nip_rules(ctx, known_nip=False) + [
        RowRule("nip_duplicate", "NIP muncul lebih dari sekali dalam file. Hapus baris ganda.", _unique("nip")),
        RowRule(
            "required_value_missing",
            "Kolom wajib kosong (nama, tanggal_lahir, jenis_kelamin, status_kepegawaian, pendidikan_tingkat, "
            "kode_jabatan atau tmt_jabatan).",
            lambda f: f[["nama", "jenis_kelamin", "status_kepegawaian", "pendidikan_tingkat", "kode_jabatan"]]
            .notna().all(axis=1) & (f["tanggal_lahir"].notna() | f["_date_unparseable"])
            & (f["tmt_jabatan"].notna() | f["_date_unparseable"]),
        ),
        DATE_RULE,
        RowRule("gender_invalid", "jenis_kelamin harus L atau P.", _isin("jenis_kelamin", ["L", "P"])),
        RowRule("status_invalid", "status_kepegawaian harus PNS, CPNS atau PPPK.",
                _isin("status_kepegawaian", STATUSES.values())),
        RowRule("golongan_invalid", "golongan harus I/a … IV/e.", _isin("golongan", GOLONGAN, optional=True)),
        RowRule("golongan_missing", "PNS/CPNS wajib memiliki golongan.",
                lambda f: ~asn(f) | f["golongan"].notna()),
        RowRule("education_invalid", "pendidikan_tingkat harus salah satu dari SD, SMP, SMA, D1–D4, S1–S3.",
                _isin("pendidikan_tingkat", EDUCATION)),
        RowRule("nip_birth_date_mismatch", "tanggal_lahir tidak sama dengan digit 1–8 NIP.",
                lambda f: f["nip"].isna() | f["tanggal_lahir"].isna()
                | (p.nip_birth_date(f["nip"]) == f["tanggal_lahir"])),
        RowRule("nip_gender_mismatch", "jenis_kelamin tidak sesuai digit ke-15 NIP (1 = L, 2 = P).",
                lambda f: f["nip"].isna() | f["jenis_kelamin"].isna() | ~asn(f)
                | (p.nip_gender(f["nip"]) == f["jenis_kelamin"])),
        RowRule("tmt_cpns_missing", "PNS/CPNS wajib memiliki tmt_cpns.",
                lambda f: ~asn(f) | f["tmt_cpns"].notna() | f["_date_unparseable"]),
        RowRule("nip_cpns_date_mismatch", "Tahun-bulan tmt_cpns tidak sama dengan digit 9–14 NIP.",
                lambda f: f["nip"].isna() | f["tmt_cpns"].isna() | ~asn(f)
                | (f["nip"].str.slice(8, 14) == f["tmt_cpns"].dt.strftime("%Y%m"))),
        RowRule("tmt_jabatan_in_future", "tmt_jabatan sesudah tanggal snapshot.",
                lambda f: f["tmt_jabatan"].isna() | (f["tmt_jabatan"] <= snapshot)),
        RowRule("tmt_jabatan_before_cpns", "tmt_jabatan sebelum tmt_cpns.",
                lambda f: f["tmt_jabatan"].isna() | f["tmt_cpns"].isna() | (f["tmt_jabatan"] >= f["tmt_cpns"])),
        RowRule("unknown_position", "kode_jabatan tidak ada di file jabatan.",
                lambda f: f["kode_jabatan"].isna() | f["kode_jabatan"].isin(positions)),
    ]


# --- jabatan -------------------------------------------------------------------------------------

def prepare_jabatan(df: pd.DataFrame) -> Prepared:
    out, repairs = pd.DataFrame(index=df.index), {}
    _text(df, out, "kode_jabatan", "nama_jabatan", "kode_unit", "nama_unit", "jenjang", "rumpun",
          "jurusan_syarat")
    out["jenis_jabatan"] = p.blank_to_null(p.normalise_code(df["jenis_jabatan"], POSITION_TYPES))
    out["pendidikan_minimal"] = p.blank_to_null(p.normalise_code(df["pendidikan_minimal"], EDUCATION_ALIASES))
    if "jenjang" in out:
        out["jenjang"] = out["jenjang"].str.lower()
    if "rumpun" in out:
        out["rumpun"] = out["rumpun"].str.lower()
    out["_number_unparseable"] = _numbers(
        df, out, "kelas_jabatan", "target_teknis", "target_manajerial", "target_sosiokultural", integer=True)
    return Prepared(out, repairs)


def jabatan_rules(ctx: Context) -> list[RowRule]:
    targets = ["target_teknis", "target_manajerial", "target_sosiokultural"]
    return [
        RowRule("position_code_missing", "kode_jabatan kosong.", _missing("kode_jabatan")),
        RowRule("position_code_duplicate", "kode_jabatan muncul lebih dari sekali.", _unique("kode_jabatan")),
        NUMBER_RULE,
        RowRule("required_value_missing",
                "Kolom wajib kosong (nama_jabatan, kode_unit, jenis_jabatan, rumpun, pendidikan_minimal, target).",
                _missing("nama_jabatan", "kode_unit", "jenis_jabatan", "rumpun", "pendidikan_minimal", *targets)),
        RowRule("position_type_invalid", "jenis_jabatan harus JPT, administrator, pengawas, pelaksana atau fungsional.",
                _isin("jenis_jabatan", POSITION_TYPES.values())),
        RowRule("education_invalid", "pendidikan_minimal harus salah satu dari SD … S3.",
                _isin("pendidikan_minimal", EDUCATION)),
        RowRule("competency_target_out_of_range", "Target kompetensi harus bilangan bulat 1–5.",
                _between(targets, *COMPETENCY_LEVELS)),
        RowRule("position_class_out_of_range", "kelas_jabatan harus 1–17.", _between("kelas_jabatan", *CLASS_RANGE)),
    ]


# --- uraian_tugas --------------------------------------------------------------------------------

def prepare_uraian_tugas(df: pd.DataFrame) -> Prepared:
    out = pd.DataFrame(index=df.index)
    _text(df, out, "kode_jabatan", "uraian_tugas", "satuan_hasil")
    out["_number_unparseable"] = _numbers(df, out, "volume_per_tahun", "norma_waktu_menit")
    return Prepared(out, {})


def uraian_tugas_rules(ctx: Context) -> list[RowRule]:
    positions = ctx.position_codes
    return [
        NUMBER_RULE,
        RowRule("required_value_missing", "kode_jabatan, volume_per_tahun atau norma_waktu_menit kosong.",
                _missing("kode_jabatan", "volume_per_tahun", "norma_waktu_menit")),
        RowRule("volume_negative", "volume_per_tahun harus ≥ 0.", lambda f: f["volume_per_tahun"].isna()
                | (f["volume_per_tahun"] >= 0)),
        RowRule("time_norm_not_positive", "norma_waktu_menit harus > 0.", lambda f: f["norma_waktu_menit"].isna()
                | (f["norma_waktu_menit"] > 0)),
        RowRule("unknown_position", "kode_jabatan tidak ada di file jabatan.",
                lambda f: f["kode_jabatan"].isna() | f["kode_jabatan"].isin(positions)),
    ]


# --- optional entities ---------------------------------------------------------------------------

def prepare_asesmen_kompetensi(df: pd.DataFrame) -> Prepared:
    out, repairs = pd.DataFrame(index=df.index), {}
    _nip(df, out, repairs)
    _dates(df, out, repairs, "tanggal_asesmen")
    bad = _numbers(df, out, "kompetensi_teknis", "kompetensi_manajerial", "kompetensi_sosiokultural", integer=True)
    out["_number_unparseable"] = bad | _numbers(df, out, "skor_potensi")
    return Prepared(out, repairs)


def asesmen_kompetensi_rules(ctx: Context) -> list[RowRule]:
    levels = ["kompetensi_teknis", "kompetensi_manajerial", "kompetensi_sosiokultural"]
    return nip_rules(ctx, known_nip=True) + [
        DATE_RULE, NUMBER_RULE,
        RowRule("required_value_missing", "Nilai kompetensi kosong.", _missing(*levels)),
        RowRule("competency_level_out_of_range", "Level kompetensi harus bilangan bulat 1–5.",
                _between(levels, *COMPETENCY_LEVELS)),
        RowRule("potential_out_of_range", "skor_potensi harus 0–100.", _between("skor_potensi", *POTENTIAL_RANGE)),
        RowRule("duplicate_key", "Asesmen ganda untuk NIP dan tanggal yang sama.", _unique("nip", "tanggal_asesmen")),
    ]


def prepare_kinerja(df: pd.DataFrame) -> Prepared:
    out, repairs = pd.DataFrame(index=df.index), {}
    _nip(df, out, repairs)
    out["_number_unparseable"] = _numbers(df, out, "tahun", integer=True) | _numbers(df, out, "nilai")
    out["predikat"] = p.blank_to_null(p.normalise_code(df["predikat"], {v: v for v in PREDIKAT}))
    return Prepared(out, repairs)


def kinerja_rules(ctx: Context) -> list[RowRule]:
    year = ctx.snapshot_date.year
    return nip_rules(ctx, known_nip=True) + [
        NUMBER_RULE,
        RowRule("required_value_missing", "tahun atau predikat kosong.", _missing("tahun", "predikat")),
        RowRule("year_out_of_range", f"tahun harus antara 1990 dan {year}.", _between("tahun", 1990, year)),
        RowRule("rating_invalid", "predikat harus Sangat Baik, Baik, Butuh Perbaikan, Kurang atau Sangat Kurang.",
                _isin("predikat", PREDIKAT)),
        RowRule("rating_value_out_of_range", "nilai harus 0–120.", _between("nilai", *SKP_VALUE_RANGE)),
        RowRule("duplicate_key", "Lebih dari satu penilaian SKP untuk NIP dan tahun yang sama.",
                _unique("nip", "tahun")),
    ]


def prepare_diklat(df: pd.DataFrame) -> Prepared:
    out, repairs = pd.DataFrame(index=df.index), {}
    _nip(df, out, repairs)
    _text(df, out, "nama_diklat")
    out["jenis_diklat"] = p.blank_to_null(p.normalise_code(df["jenis_diklat"], {k: k for k in TRAINING_KINDS}))
    _dates(df, out, repairs, "tanggal_selesai")
    out["_number_unparseable"] = _numbers(df, out, "jam_pelajaran")
    return Prepared(out, repairs)


def diklat_rules(ctx: Context) -> list[RowRule]:
    return nip_rules(ctx, known_nip=True) + [
        DATE_RULE, NUMBER_RULE,
        RowRule("required_value_missing", "jenis_diklat atau jam_pelajaran kosong.",
                _missing("jenis_diklat", "jam_pelajaran")),
        RowRule("training_kind_invalid", "jenis_diklat harus kepemimpinan, fungsional, teknis atau seminar.",
                _isin("jenis_diklat", TRAINING_KINDS)),
        RowRule("training_hours_not_positive", "jam_pelajaran harus > 0.",
                lambda f: f["jam_pelajaran"].isna() | (f["jam_pelajaran"] > 0)),
    ]


def prepare_hukuman_disiplin(df: pd.DataFrame) -> Prepared:
    out, repairs = pd.DataFrame(index=df.index), {}
    _nip(df, out, repairs)
    out["tingkat"] = p.blank_to_null(p.normalise_code(df["tingkat"], {k: k for k in SANCTION_LEVELS}))
    _dates(df, out, repairs, "tanggal_mulai", "tanggal_selesai")
    return Prepared(out, repairs)


def hukuman_disiplin_rules(ctx: Context) -> list[RowRule]:
    return nip_rules(ctx, known_nip=True) + [
        DATE_RULE,
        RowRule("required_value_missing", "tingkat atau tanggal_mulai kosong.", _missing("tingkat", "tanggal_mulai")),
        RowRule("sanction_level_invalid", "tingkat harus ringan, sedang atau berat.",
                _isin("tingkat", SANCTION_LEVELS)),
        RowRule("sanction_end_before_start", "tanggal_selesai sebelum tanggal_mulai.",
                lambda f: f["tanggal_selesai"].isna() | f["tanggal_mulai"].isna()
                | (f["tanggal_selesai"] >= f["tanggal_mulai"])),
    ]


def prepare_preferensi_mutasi(df: pd.DataFrame) -> Prepared:
    out, repairs = pd.DataFrame(index=df.index), {}
    _nip(df, out, repairs)
    out["bersedia_mutasi"] = p.blank_to_null(p.normalise_code(df["bersedia_mutasi"], YES_NO))
    out["unit_diminati"] = p.blank_to_null(df["unit_diminati"].str.replace(r"\s*[;,]\s*", ";", regex=True))
    return Prepared(out, repairs)


def preferensi_mutasi_rules(ctx: Context) -> list[RowRule]:
    return nip_rules(ctx, known_nip=True) + [
        RowRule("willingness_invalid", "bersedia_mutasi harus ya atau tidak.", _isin("bersedia_mutasi", ["ya", "tidak"])),
        RowRule("duplicate_key", "Preferensi ganda untuk NIP yang sama.", _unique("nip")),
    ]


def prepare_survei_kepuasan(df: pd.DataFrame) -> Prepared:
    out = pd.DataFrame(index=df.index)
    _text(df, out, "kode_unit", "periode")
    out["_number_unparseable"] = _numbers(df, out, "nilai_ikm")
    return Prepared(out, {})


def survei_kepuasan_rules(ctx: Context) -> list[RowRule]:
    units = ctx.unit_codes
    return [
        NUMBER_RULE,
        RowRule("required_value_missing", "kode_unit, periode atau nilai_ikm kosong.",
                _missing("kode_unit", "periode", "nilai_ikm")),
        RowRule("period_invalid", "periode harus seperti 2026-S1.",
                lambda f: f["periode"].isna() | f["periode"].str.match(PERIOD_PATTERN).fillna(False).astype(bool)),
        RowRule("ikm_out_of_range", "nilai_ikm harus 25–100.", _between("nilai_ikm", *IKM_RANGE)),
        RowRule("unknown_unit", "kode_unit tidak ada di file jabatan.",
                lambda f: f["kode_unit"].isna() | f["kode_unit"].isin(units)),
        RowRule("duplicate_key", "Nilai IKM ganda untuk unit dan periode yang sama.", _unique("kode_unit", "periode")),
    ]


PREPARE = {name.removeprefix("prepare_"): fn for name, fn in globals().items() if name.startswith("prepare_")}
RULES = {name.removesuffix("_rules"): fn for name, fn in globals().items()
         if name.endswith("_rules") and name != "nip_rules"}


def build_schema(entity: str, rules: list[RowRule]) -> pa.DataFrameSchema:
    """The pandera schema of one entity: every rule a named, vectorised DataFrame check."""
    return pa.DataFrameSchema(
        checks=[pa.Check(rule.check, name=rule.name, description=rule.message) for rule in rules],
        name=entity,
        strict=False,
    )


def all_rules() -> dict[str, list[RowRule]]:
    """Every rule of every entity (for documentation and tests)."""
    ctx = Context(snapshot_date=dt.date.today())
    return {entity: RULES[entity](ctx) for entity in RULES}
