"""Row-level rules of the extract contract (SPEC §4) as pandera schemas, one per entity.

Each entity has a `prepare_*` step (text -> typed columns, counting repairs) and an ordered list of
named rules. The rules become pandera DataFrame checks (name = quarantine rule code, description = the message
a BKPSDM officer reads); a row failing any check is quarantined under the first rule it broke, with all
broken rules and the offending values in the message. Rule codes are documented in
docs/extract-format.md (a test keeps the two in sync).

Besides these row rules, two quarantine codes come from outside the schemas (see `OTHER_RULES`):
`row_field_count` (a CSV row with more or fewer fields than the header; set aside by the reader),
`cell_too_large` and `summary_row` (a pasted document in a cell, a totals row at the end; set aside by
the reader), `value_unmapped` (a raw value of a SIASN/SIMPEG/ANJAB export that no value map knows; set aside by the
adapter, mutasi/ingest/adapters.py) and `file_rejected` (a row of a file rejected as a whole, see mutasi/ingest/snapshot.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as paw
import pyarrow.compute as pc

from validations import parsing as p

GENDERS = {
    "L": "L",
    "P": "P",
    "laki-laki": "L",
    "laki laki": "L",
    "perempuan": "P",
    "pria": "L",
    "wanita": "P",
    "1": "L",
    "2": "P",
}
STATUSES = {"PNS": "PNS", "CPNS": "CPNS", "PPPK": "PPPK", "P3K": "PPPK"}
GOLONGAN = [f"{g}/{r}" for g in ("I", "II", "III") for r in "abcd"] + [f"IV/{r}" for r in "abcde"]
# PPPK have their own grades (golongan I–XVII, Perpres 98/2020); PNS/CPNS use I/a … IV/e.
PPPK_GOLONGAN = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]
GOLONGAN_ALIASES = {
    **{g: g for g in GOLONGAN + PPPK_GOLONGAN},
    **{g.replace("/", " / "): g for g in GOLONGAN},
    **{g.replace("/", ""): g for g in GOLONGAN},
    **{g.replace("/", "."): g for g in GOLONGAN},
    **{g.replace("/", "-"): g for g in GOLONGAN},
}
EDUCATION = ["SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"]
EDUCATION_ALIASES = {
    **{e: e for e in EDUCATION},
    "SLTP": "SMP",
    "SLTA": "SMA",
    "SMK": "SMA",
    "MA": "SMA",
    "MTS": "SMP",
    "DI": "D1",
    "DII": "D2",
    "DIII": "D3",
    "DIV": "D4",
    "D-I": "D1",
    "D-II": "D2",
    "D-III": "D3",
    "D-IV": "D4",
    "D.III": "D3",
    "D.IV": "D4",
    "S-1": "S1",
    "S-2": "S2",
    "S-3": "S3",
    "S.1": "S1",
    "S.2": "S2",
    "S.3": "S3",
}
POSITION_TYPES = {
    "jpt": "JPT",
    "administrator": "administrator",
    "pengawas": "pengawas",
    "pelaksana": "pelaksana",
    "fungsional": "fungsional",
}
DECISIONS = {
    "disetujui": "disetujui",
    "setuju": "disetujui",
    "diterima": "disetujui",
    "ditolak": "ditolak",
    "tolak": "ditolak",
    "ditunda": "ditunda",
    "tunda": "ditunda",
}
PREDIKAT = ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"]
TRAINING_KINDS = ["kepemimpinan", "fungsional", "teknis", "seminar"]
SANCTION_LEVELS = ["ringan", "sedang", "berat"]
YES_NO = {
    "ya": "ya",
    "tidak": "tidak",
    "y": "ya",
    "t": "tidak",
    "yes": "ya",
    "no": "tidak",
    "bersedia": "ya",
    "tidak bersedia": "tidak",
}
COMPETENCY_LEVELS = (1, 5)
POTENTIAL_RANGE = (0, 100)
SKP_VALUE_RANGE = (0, 120)
IKM_RANGE = (25, 100)
CLASS_RANGE = (1, 17)
FIRST_SKP_YEAR = 1990
PERIOD_PATTERN = r"^\d{4}(-(S[12]|Q[1-4]|(0?[1-9]|1[0-2])))?$"


@dataclass(frozen=True)
class RowRule:
    name: str
    message: str
    check: Callable[[pd.DataFrame], pd.Series]  # True where the row satisfies the rule
    columns: tuple[str, ...] = ()  # raw values shown in the quarantine message (what to look at)


@dataclass(frozen=True)
class OtherRule:
    name: str
    message: str


# Quarantine codes set outside the pandera schemas (documented with the others).
OTHER_RULES = {
    "row_field_count": OtherRule(
        "row_field_count",
        "Jumlah kolom pada baris ini tidak sama dengan jumlah kolom header (biasanya pemisah ; atau , di "
        "dalam nilai tanpa tanda kutip, atau baris terpotong).",
    ),
    "value_unmapped": OtherRule(
        "value_unmapped",
        "Nilai pada kolom ini tidak dikenal oleh peta nilai ekspor (SIASN/SIMPEG/ANJAB) yang dipakai; pesan "
        "menyebut kolom, nilai, dan peta yang perlu ditambah (docs/extract-format.md).",
    ),
    "cell_too_large": OtherRule(
        "cell_too_large",
        "Sebuah sel berisi lebih dari 32.767 karakter (batas sel Excel), biasanya dokumen yang tertempel; "
        "baris disisihkan utuh, isi sel dipotong di pesan karantina.",
    ),
    "summary_row": OtherRule(
        "summary_row",
        "Baris jumlah/total (JUMLAH, TOTAL, REKAP) di akhir ekspor: bukan data satu pegawai/jabatan.",
    ),
    "file_rejected": OtherRule(
        "file_rejected",
        "Baris ini tidak diperiksa/diterima karena filenya ditolak secara keseluruhan (lihat pesan file).",
    ),
}


# The keys of a referenced file: a set of texts, a text Series or an Arrow array (see `key_set`).
Keys = set[str] | pd.Series | paw.Array | paw.ChunkedArray


@dataclass
class Context:
    snapshot_date: dt.date
    # Keys of the referenced files (valid rows); None when that file could not be read at all.
    position_codes: Keys | None = field(default_factory=set)
    unit_codes: Keys | None = field(default_factory=set)
    nips: Keys | None = field(default_factory=set)
    # "nip|kode_jabatan" of the moves recommended to the region before this snapshot (keputusan_mutasi);
    # None = no earlier plan is known (the rule is not checked)
    recommended: Keys | None = None


def key_set(keys: Keys) -> paw.Array:
    """The distinct non-null keys as one Arrow large_string array (the value set of a membership rule).
    From a Series or Arrow array directly, without a Python object per key."""
    if isinstance(keys, pd.Series):
        keys = p.arrow(keys)
    if isinstance(keys, (paw.Array, paw.ChunkedArray)):
        distinct = pc.unique(pc.drop_null(keys))
        return (distinct.combine_chunks() if isinstance(distinct, paw.ChunkedArray) else distinct).cast(
            paw.large_string()
        )
    return paw.array(sorted(k for k in keys if k is not None), type=paw.large_string())


@dataclass
class Prepared:
    frame: pd.DataFrame  # typed contract columns + helper columns prefixed with "_"
    repairs: dict[str, int]  # repair kind -> rows repaired


def _count(mask: pd.Series) -> int:
    return int(np.asarray(mask, dtype=bool).sum())


def _dates(df: pd.DataFrame, out: pd.DataFrame, repairs: dict[str, int], *columns: str) -> None:
    bad = np.zeros(len(df), dtype=bool)
    for column in columns:
        values, serial, unparseable = p.parse_dates(df[column])
        out[column] = values
        repairs["excel_serial_date"] = repairs.get("excel_serial_date", 0) + _count(serial)
        bad |= unparseable.to_numpy()
    out["_date_unparseable"] = bad


def _numbers(df: pd.DataFrame, out: pd.DataFrame, *columns: str, integer: bool = False) -> np.ndarray:
    bad = np.zeros(len(df), dtype=bool)
    for column in columns:
        values, unparseable = p.parse_numbers(df[column])
        if integer:
            converted = p.to_int(values)
            unparseable = unparseable.to_numpy() | (values.notna().to_numpy() & converted.isna().to_numpy())
            values = converted
        out[column] = values
        bad |= np.asarray(unparseable, dtype=bool)
    return bad


def _nip(df: pd.DataFrame, out: pd.DataFrame, repairs: dict[str, int]) -> None:
    nip, separators, damaged, malformed = p.normalise_nip(df["nip"])
    out["nip"] = nip
    out["_nip_present"] = (p.as_text(df["nip"]) != "").to_numpy(dtype=bool)
    out["_nip_damaged"] = damaged
    out["_nip_malformed"] = malformed
    # the NIP as an integer (18 digits fit in int64) for the cross-checks of its parts; -1 when absent
    out["_nip_int"] = pc.fill_null(pc.cast(p.arrow(nip), paw.int64()), -1).to_numpy(zero_copy_only=False)
    repairs["nip_separators_removed"] = _count(separators)


def _text(df: pd.DataFrame, out: pd.DataFrame, *columns: str) -> None:
    for column in columns:
        out[column] = p.blank_to_null(df[column])


def _ok(values) -> np.ndarray:
    """A rule result as plain booleans (null = rule not satisfied)."""
    if isinstance(values, pd.Series):
        return values.to_numpy(dtype=bool, na_value=False)
    return np.asarray(values, dtype=bool)


def _filled(f: pd.DataFrame, columns) -> np.ndarray:
    """True where every one of `columns` has a value (column by column, no intermediate frame)."""
    ok = np.ones(len(f), dtype=bool)
    for c in columns:
        ok &= f[c].notna().to_numpy()
    return ok


def _missing(*columns: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda f: pd.Series(_filled(f, columns), index=f.index)


def _member(values: pd.Series, allowed: list, value_set: paw.Array) -> np.ndarray:
    """values.isin(allowed) as booleans: one Arrow lookup for Arrow text, pandas otherwise."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        return pc.fill_null(pc.is_in(p.arrow(values), value_set=value_set), False).to_numpy(zero_copy_only=False)
    return _ok(values.isin(allowed))


def _isin(column: str, allowed, optional: bool = False) -> Callable[[pd.DataFrame], pd.Series]:
    allowed = sorted(set(allowed))
    value_set = paw.array([a for a in allowed if isinstance(a, str)], type=paw.large_string())  # as pandas

    def check(f: pd.DataFrame) -> pd.Series:
        ok = _member(f[column], allowed, value_set)
        if optional:
            ok |= f[column].isna().to_numpy()
        return pd.Series(ok, index=f.index)

    return check


def _between(columns, low, high) -> Callable[[pd.DataFrame], pd.Series]:
    columns = [columns] if isinstance(columns, str) else list(columns)

    def check(f: pd.DataFrame) -> pd.Series:
        ok = np.ones(len(f), dtype=bool)
        for c in columns:
            ok &= f[c].isna().to_numpy() | _ok(f[c].between(low, high))
        return pd.Series(ok, index=f.index)

    return check


def _unique(*columns: str) -> Callable[[pd.DataFrame], pd.Series]:
    def check(f: pd.DataFrame) -> pd.Series:
        if len(columns) == 1:
            s = f[columns[0]]
            ok = s.isna().to_numpy() | ~s.duplicated(keep=False).to_numpy()
        else:
            ok = f[list(columns)].isna().any(axis=1).to_numpy() | ~f.duplicated(list(columns), keep=False).to_numpy()
        return pd.Series(ok, index=f.index)

    return check


def _known(column: str, values: Keys | None) -> Callable[[pd.DataFrame], pd.Series]:
    """Reference to another file's keys; `None` = that file is unusable, the reference is not checked."""
    if values is None:
        return lambda f: pd.Series(True, index=f.index)
    allowed = key_set(values)
    return lambda f: pd.Series(
        p.series(pc.is_in(p.arrow(f[column]), value_set=allowed, skip_nulls=True), f.index)
        | f[column].isna().to_numpy(),
        index=f.index,
    )


def nip_rules(ctx: Context | None, known_nip: bool) -> list[RowRule]:
    rules = [
        RowRule("nip_missing", "NIP kosong. Isi NIP 18 digit.", lambda f: f["_nip_present"], ("nip",)),
        RowRule(
            "nip_spreadsheet_damaged",
            "NIP rusak oleh spreadsheet (disimpan sebagai angka: notasi ilmiah, angka desimal, atau digit 16–18 "
            "menjadi 000). Format kolom NIP sebagai Teks sebelum mengekspor, lalu ketik ulang NIP dari SK.",
            lambda f: ~f["_nip_damaged"],
            ("nip",),
        ),
        RowRule("nip_malformed", "NIP bukan 18 digit angka.", lambda f: ~f["_nip_malformed"], ("nip",)),
    ]
    if known_nip and ctx is not None:
        rules.append(
            RowRule(
                "unknown_nip",
                "NIP tidak ada di data pegawai yang valid pada snapshot ini (pegawai tidak dikenal "
                "atau barisnya di file pegawai dikarantina).",
                _known("nip", ctx.nips),
                ("nip",),
            )
        )
    return rules


def date_rule(*columns: str) -> RowRule:
    return RowRule(
        "date_unparseable",
        "Tanggal tidak dapat dibaca atau tidak ada (mis. 30-02-2023), atau di luar 1900–2100. Gunakan format "
        "YYYY-MM-DD, DD-MM-YYYY atau DD/MM/YYYY, atau sel tanggal Excel.",
        lambda f: ~f["_date_unparseable"],
        columns,
    )


def number_rule(*columns: str) -> RowRule:
    return RowRule(
        "number_unparseable",
        "Angka tidak dapat dibaca (atau bukan bilangan bulat di kolom bilangan bulat).",
        lambda f: ~f["_number_unparseable"],
        columns,
    )


# --- pegawai -------------------------------------------------------------------------------------

PEGAWAI_DATES = ("tanggal_lahir", "tmt_cpns", "tmt_jabatan")


def prepare_pegawai(df: pd.DataFrame) -> Prepared:
    out, repairs = {}, {}  # columns collected in a dict: one DataFrame built at the end
    _nip(df, out, repairs)
    _text(df, out, "nama", "pendidikan_jurusan", "kode_jabatan")
    _dates(df, out, repairs, *PEGAWAI_DATES)
    out["jenis_kelamin"] = p.normalise_code(df["jenis_kelamin"], GENDERS)
    out["status_kepegawaian"] = p.normalise_code(df["status_kepegawaian"], STATUSES)
    out["golongan"] = p.normalise_code(df["golongan"], GOLONGAN_ALIASES)
    out["pendidikan_tingkat"] = p.normalise_code(df["pendidikan_tingkat"], EDUCATION_ALIASES)
    status = p.arrow(out["status_kepegawaian"])
    out["_asn"] = p.series(pc.is_in(status, value_set=paw.array(["PNS", "CPNS"], type=status.type)), df.index)
    out["_pppk"] = p.series(pc.equal(status, "PPPK"), df.index)
    return Prepared(pd.DataFrame(out, index=df.index), repairs)


def _asn(f: pd.DataFrame) -> np.ndarray:
    """PNS or CPNS (the statuses NIP digits 9-14, golongan I/a-IV/e and tmt_cpns apply to)."""
    return f["_asn"].to_numpy()


def _golongan_ok(f: pd.DataFrame) -> pd.Series:
    asn = _asn(f)
    pppk = f["_pppk"].to_numpy()
    gol = f["golongan"]
    ok = gol.isna().to_numpy() | (asn & _ok(gol.isin(GOLONGAN))) | (pppk & _ok(gol.isin(PPPK_GOLONGAN)))
    ok |= ~asn & ~pppk  # status itself invalid: reported by status_invalid
    return pd.Series(ok, index=f.index)


def _nip_birth_ok(f: pd.DataFrame) -> pd.Series:
    nip = f["_nip_int"].to_numpy()
    born = p.date_key(f["tanggal_lahir"])
    return pd.Series((nip < 0) | (born == -2) | (nip // 10**10 == born), index=f.index)


def _nip_gender_ok(f: pd.DataFrame) -> pd.Series:
    nip = f["_nip_int"].to_numpy()
    digit = (nip // 1000) % 10
    sex = f["jenis_kelamin"]
    ok = (nip < 0) | f["jenis_kelamin"].isna().to_numpy() | ~_ok(sex.isin(["L", "P"]))
    ok |= ((digit == 1) & _ok(sex == "L")) | ((digit == 2) & _ok(sex == "P"))
    return pd.Series(ok, index=f.index)


def _nip_cpns_ok(f: pd.DataFrame) -> pd.Series:
    nip = f["_nip_int"].to_numpy()
    started = p.date_key(f["tmt_cpns"], "ym")
    ok = (nip < 0) | (started == -2) | ~_asn(f) | ((nip // 10**4) % 10**6 == started)
    return pd.Series(ok, index=f.index)


def pegawai_rules(ctx: Context) -> list[RowRule]:
    snapshot = pd.Timestamp(ctx.snapshot_date)
    required = ("nama", "jenis_kelamin", "status_kepegawaian", "pendidikan_tingkat", "kode_jabatan")

    def required_ok(f: pd.DataFrame) -> pd.Series:
        unparseable = f["_date_unparseable"].to_numpy()
        ok = _filled(f, required)
        ok &= f["tanggal_lahir"].notna().to_numpy() | unparseable
        ok &= f["tmt_jabatan"].notna().to_numpy() | unparseable
        return pd.Series(ok, index=f.index)

    return nip_rules(ctx, known_nip=False) + [
        RowRule(
            "nip_duplicate",
            "NIP muncul lebih dari sekali dalam file (semua salinan dikarantina). Hapus baris "
            "ganda, sisakan satu baris yang benar.",
            _unique("nip"),
            ("nip", "nama"),
        ),
        RowRule(
            "required_value_missing",
            "Kolom wajib kosong (nama, tanggal_lahir, jenis_kelamin, status_kepegawaian, pendidikan_tingkat, "
            "kode_jabatan atau tmt_jabatan).",
            required_ok,
            (
                "nama",
                "tanggal_lahir",
                "jenis_kelamin",
                "status_kepegawaian",
                "pendidikan_tingkat",
                "kode_jabatan",
                "tmt_jabatan",
            ),
        ),
        date_rule(*PEGAWAI_DATES),
        RowRule(
            "gender_invalid", "jenis_kelamin harus L atau P.", _isin("jenis_kelamin", ["L", "P"]), ("jenis_kelamin",)
        ),
        RowRule(
            "status_invalid",
            "status_kepegawaian harus PNS, CPNS atau PPPK.",
            _isin("status_kepegawaian", STATUSES.values()),
            ("status_kepegawaian",),
        ),
        RowRule(
            "golongan_invalid",
            "golongan harus I/a … IV/e untuk PNS/CPNS (I … XVII untuk PPPK).",
            _golongan_ok,
            ("golongan", "status_kepegawaian"),
        ),
        RowRule(
            "golongan_missing",
            "PNS/CPNS wajib memiliki golongan.",
            lambda f: pd.Series(~_asn(f) | f["golongan"].notna().to_numpy(), index=f.index),
            ("golongan", "status_kepegawaian"),
        ),
        RowRule(
            "education_invalid",
            "pendidikan_tingkat harus salah satu dari SD, SMP, SMA, D1–D4, S1–S3.",
            _isin("pendidikan_tingkat", EDUCATION),
            ("pendidikan_tingkat",),
        ),
        RowRule(
            "nip_birth_date_mismatch",
            "tanggal_lahir tidak sama dengan digit 1–8 NIP (yyyymmdd).",
            _nip_birth_ok,
            ("nip", "tanggal_lahir"),
        ),
        RowRule(
            "nip_gender_mismatch",
            "jenis_kelamin tidak sesuai digit ke-15 NIP (1 = L, 2 = P).",
            _nip_gender_ok,
            ("nip", "jenis_kelamin"),
        ),
        RowRule(
            "tmt_cpns_missing",
            "PNS/CPNS wajib memiliki tmt_cpns.",
            lambda f: pd.Series(
                ~_asn(f) | f["tmt_cpns"].notna().to_numpy() | f["_date_unparseable"].to_numpy(), index=f.index
            ),
            ("tmt_cpns", "status_kepegawaian"),
        ),
        RowRule(
            "nip_cpns_date_mismatch",
            "Tahun-bulan tmt_cpns tidak sama dengan digit 9–14 NIP (yyyymm).",
            _nip_cpns_ok,
            ("nip", "tmt_cpns"),
        ),
        RowRule(
            "tmt_jabatan_in_future",
            f"tmt_jabatan sesudah tanggal snapshot ({ctx.snapshot_date}).",
            lambda f: pd.Series(
                f["tmt_jabatan"].isna().to_numpy() | (f["tmt_jabatan"] <= snapshot).to_numpy(), index=f.index
            ),
            ("tmt_jabatan",),
        ),
        RowRule(
            "tmt_jabatan_before_cpns",
            "tmt_jabatan sebelum tmt_cpns.",
            lambda f: pd.Series(
                (f["tmt_jabatan"].isna() | f["tmt_cpns"].isna() | (f["tmt_jabatan"] >= f["tmt_cpns"])).to_numpy(),
                index=f.index,
            ),
            ("tmt_jabatan", "tmt_cpns"),
        ),
        RowRule(
            "unknown_position",
            "kode_jabatan tidak ada di file jabatan (atau barisnya di file jabatan dikarantina).",
            _known("kode_jabatan", ctx.position_codes),
            ("kode_jabatan",),
        ),
    ]


# --- jabatan -------------------------------------------------------------------------------------

JABATAN_NUMBERS = ("kelas_jabatan", "target_teknis", "target_manajerial", "target_sosiokultural")


def prepare_jabatan(df: pd.DataFrame) -> Prepared:
    out, repairs = {}, {}
    _text(df, out, "kode_jabatan", "nama_jabatan", "kode_unit", "nama_unit", "jurusan_syarat")
    out["jenjang"] = p.series(pc.utf8_lower(p.arrow(p.blank_to_null(df["jenjang"]))), df.index)
    out["rumpun"] = p.series(pc.utf8_lower(p.arrow(p.blank_to_null(df["rumpun"]))), df.index)
    out["jenis_jabatan"] = p.normalise_code(df["jenis_jabatan"], POSITION_TYPES)
    out["pendidikan_minimal"] = p.normalise_code(df["pendidikan_minimal"], EDUCATION_ALIASES)
    out["_number_unparseable"] = _numbers(df, out, *JABATAN_NUMBERS, integer=True)
    return Prepared(pd.DataFrame(out, index=df.index), repairs)


def jabatan_rules(ctx: Context) -> list[RowRule]:
    targets = ["target_teknis", "target_manajerial", "target_sosiokultural"]
    required = ("nama_jabatan", "kode_unit", "nama_unit", "jenis_jabatan", "rumpun", "pendidikan_minimal", *targets)
    return [
        RowRule("position_code_missing", "kode_jabatan kosong.", _missing("kode_jabatan"), ("kode_jabatan",)),
        RowRule(
            "position_code_duplicate",
            "kode_jabatan muncul lebih dari sekali (semua salinan dikarantina).",
            _unique("kode_jabatan"),
            ("kode_jabatan", "nama_jabatan"),
        ),
        number_rule(*JABATAN_NUMBERS),
        RowRule(
            "required_value_missing",
            "Kolom wajib kosong (nama_jabatan, kode_unit, nama_unit, jenis_jabatan, rumpun, pendidikan_minimal, "
            "target_teknis, target_manajerial, target_sosiokultural).",
            _missing(*required),
            required,
        ),
        RowRule(
            "position_type_invalid",
            "jenis_jabatan harus JPT, administrator, pengawas, pelaksana atau fungsional.",
            _isin("jenis_jabatan", POSITION_TYPES.values()),
            ("jenis_jabatan",),
        ),
        RowRule(
            "education_invalid",
            "pendidikan_minimal harus salah satu dari SD, SMP, SMA, D1–D4, S1–S3.",
            _isin("pendidikan_minimal", EDUCATION),
            ("pendidikan_minimal",),
        ),
        RowRule(
            "competency_target_out_of_range",
            "Target kompetensi harus bilangan bulat 1–5.",
            _between(targets, *COMPETENCY_LEVELS),
            tuple(targets),
        ),
        RowRule(
            "position_class_out_of_range",
            "kelas_jabatan harus bilangan bulat 1–17.",
            _between("kelas_jabatan", *CLASS_RANGE),
            ("kelas_jabatan",),
        ),
    ]


# --- uraian_tugas --------------------------------------------------------------------------------


def prepare_uraian_tugas(df: pd.DataFrame) -> Prepared:
    out = {}
    _text(df, out, "kode_jabatan", "uraian_tugas", "satuan_hasil")
    out["_number_unparseable"] = _numbers(df, out, "volume_per_tahun", "norma_waktu_menit")
    return Prepared(pd.DataFrame(out, index=df.index), {})


def uraian_tugas_rules(ctx: Context) -> list[RowRule]:
    return [
        number_rule("volume_per_tahun", "norma_waktu_menit"),
        RowRule(
            "required_value_missing",
            "kode_jabatan, uraian_tugas, volume_per_tahun atau norma_waktu_menit kosong.",
            _missing("kode_jabatan", "uraian_tugas", "volume_per_tahun", "norma_waktu_menit"),
            ("kode_jabatan", "uraian_tugas", "volume_per_tahun", "norma_waktu_menit"),
        ),
        RowRule(
            "volume_negative",
            "volume_per_tahun harus ≥ 0.",
            lambda f: pd.Series(
                f["volume_per_tahun"].isna().to_numpy() | (f["volume_per_tahun"] >= 0).to_numpy(), index=f.index
            ),
            ("volume_per_tahun",),
        ),
        RowRule(
            "time_norm_not_positive",
            "norma_waktu_menit harus > 0 (menit per satuan hasil).",
            lambda f: pd.Series(
                f["norma_waktu_menit"].isna().to_numpy() | (f["norma_waktu_menit"] > 0).to_numpy(), index=f.index
            ),
            ("norma_waktu_menit",),
        ),
        RowRule(
            "unknown_position",
            "kode_jabatan tidak ada di file jabatan (atau barisnya di file jabatan dikarantina).",
            _known("kode_jabatan", ctx.position_codes),
            ("kode_jabatan",),
        ),
    ]


# --- optional entities ---------------------------------------------------------------------------

COMPETENCIES = ("kompetensi_teknis", "kompetensi_manajerial", "kompetensi_sosiokultural")


def prepare_asesmen_kompetensi(df: pd.DataFrame) -> Prepared:
    out, repairs = {}, {}
    _nip(df, out, repairs)
    _dates(df, out, repairs, "tanggal_asesmen")
    bad = _numbers(df, out, *COMPETENCIES, integer=True)
    out["_number_unparseable"] = bad | _numbers(df, out, "skor_potensi")
    return Prepared(pd.DataFrame(out, index=df.index), repairs)


def asesmen_kompetensi_rules(ctx: Context) -> list[RowRule]:
    return nip_rules(ctx, known_nip=True) + [
        date_rule("tanggal_asesmen"),
        number_rule(*COMPETENCIES, "skor_potensi"),
        RowRule(
            "required_value_missing",
            "tanggal_asesmen atau nilai kompetensi kosong.",
            lambda f: pd.Series(
                _filled(f, COMPETENCIES)
                & (f["tanggal_asesmen"].notna().to_numpy() | f["_date_unparseable"].to_numpy()),
                index=f.index,
            ),
            ("tanggal_asesmen", *COMPETENCIES),
        ),
        RowRule(
            "competency_level_out_of_range",
            "Level kompetensi harus bilangan bulat 1–5.",
            _between(COMPETENCIES, *COMPETENCY_LEVELS),
            COMPETENCIES,
        ),
        RowRule(
            "potential_out_of_range",
            "skor_potensi harus 0–100.",
            _between("skor_potensi", *POTENTIAL_RANGE),
            ("skor_potensi",),
        ),
        RowRule(
            "duplicate_key",
            "Asesmen ganda untuk NIP dan tanggal yang sama (semua salinan dikarantina).",
            _unique("nip", "tanggal_asesmen"),
            ("nip", "tanggal_asesmen"),
        ),
    ]


def prepare_kinerja(df: pd.DataFrame) -> Prepared:
    out, repairs = {}, {}
    _nip(df, out, repairs)
    out["_number_unparseable"] = _numbers(df, out, "tahun", integer=True) | _numbers(df, out, "nilai")
    out["predikat"] = p.normalise_code(df["predikat"], {v: v for v in PREDIKAT})
    return Prepared(pd.DataFrame(out, index=df.index), repairs)


def kinerja_rules(ctx: Context) -> list[RowRule]:
    year = ctx.snapshot_date.year
    return nip_rules(ctx, known_nip=True) + [
        number_rule("tahun", "nilai"),
        RowRule(
            "required_value_missing",
            "tahun atau predikat kosong.",
            _missing("tahun", "predikat"),
            ("tahun", "predikat"),
        ),
        RowRule(
            "year_out_of_range",
            f"tahun harus antara {FIRST_SKP_YEAR} dan {year}.",
            _between("tahun", FIRST_SKP_YEAR, year),
            ("tahun",),
        ),
        RowRule(
            "rating_invalid",
            "predikat harus Sangat Baik, Baik, Butuh Perbaikan, Kurang atau Sangat Kurang.",
            _isin("predikat", PREDIKAT),
            ("predikat",),
        ),
        RowRule("rating_value_out_of_range", "nilai harus 0–120.", _between("nilai", *SKP_VALUE_RANGE), ("nilai",)),
        RowRule(
            "duplicate_key",
            "Lebih dari satu penilaian SKP untuk NIP dan tahun yang sama (semua salinan dikarantina).",
            _unique("nip", "tahun"),
            ("nip", "tahun"),
        ),
    ]


def prepare_diklat(df: pd.DataFrame) -> Prepared:
    out, repairs = {}, {}
    _nip(df, out, repairs)
    _text(df, out, "nama_diklat")
    out["jenis_diklat"] = p.normalise_code(df["jenis_diklat"], {k: k for k in TRAINING_KINDS})
    _dates(df, out, repairs, "tanggal_selesai")
    out["_number_unparseable"] = _numbers(df, out, "jam_pelajaran")
    return Prepared(pd.DataFrame(out, index=df.index), repairs)


def diklat_rules(ctx: Context) -> list[RowRule]:
    return nip_rules(ctx, known_nip=True) + [
        date_rule("tanggal_selesai"),
        number_rule("jam_pelajaran"),
        RowRule(
            "required_value_missing",
            "jenis_diklat, nama_diklat, jam_pelajaran atau tanggal_selesai kosong.",
            lambda f: pd.Series(
                _filled(f, ("jenis_diklat", "nama_diklat", "jam_pelajaran"))
                & (f["tanggal_selesai"].notna().to_numpy() | f["_date_unparseable"].to_numpy()),
                index=f.index,
            ),
            ("jenis_diklat", "nama_diklat", "jam_pelajaran", "tanggal_selesai"),
        ),
        RowRule(
            "training_kind_invalid",
            "jenis_diklat harus kepemimpinan, fungsional, teknis atau seminar.",
            _isin("jenis_diklat", TRAINING_KINDS),
            ("jenis_diklat",),
        ),
        RowRule(
            "training_hours_not_positive",
            "jam_pelajaran harus > 0.",
            lambda f: pd.Series(
                f["jam_pelajaran"].isna().to_numpy() | (f["jam_pelajaran"] > 0).to_numpy(), index=f.index
            ),
            ("jam_pelajaran",),
        ),
    ]


def prepare_hukuman_disiplin(df: pd.DataFrame) -> Prepared:
    out, repairs = {}, {}
    _nip(df, out, repairs)
    out["tingkat"] = p.normalise_code(df["tingkat"], {k: k for k in SANCTION_LEVELS})
    _dates(df, out, repairs, "tanggal_mulai", "tanggal_selesai")
    return Prepared(pd.DataFrame(out, index=df.index), repairs)


def hukuman_disiplin_rules(ctx: Context) -> list[RowRule]:
    return nip_rules(ctx, known_nip=True) + [
        date_rule("tanggal_mulai", "tanggal_selesai"),
        RowRule(
            "required_value_missing",
            "tingkat atau tanggal_mulai kosong.",
            lambda f: pd.Series(
                f["tingkat"].notna().to_numpy()
                & (f["tanggal_mulai"].notna().to_numpy() | f["_date_unparseable"].to_numpy()),
                index=f.index,
            ),
            ("tingkat", "tanggal_mulai"),
        ),
        RowRule(
            "sanction_level_invalid",
            "tingkat harus ringan, sedang atau berat.",
            _isin("tingkat", SANCTION_LEVELS),
            ("tingkat",),
        ),
        RowRule(
            "sanction_end_before_start",
            "tanggal_selesai sebelum tanggal_mulai.",
            lambda f: pd.Series(
                (
                    f["tanggal_selesai"].isna()
                    | f["tanggal_mulai"].isna()
                    | (f["tanggal_selesai"] >= f["tanggal_mulai"])
                ).to_numpy(),
                index=f.index,
            ),
            ("tanggal_mulai", "tanggal_selesai"),
        ),
    ]


def prepare_preferensi_mutasi(df: pd.DataFrame) -> Prepared:
    out, repairs = {}, {}
    _nip(df, out, repairs)
    out["bersedia_mutasi"] = p.normalise_code(df["bersedia_mutasi"], YES_NO)
    units = pc.replace_substring_regex(pc.utf8_trim_whitespace(p.arrow(df["unit_diminati"])), r"\s*[;,]\s*", ";")
    out["unit_diminati"] = p.blank_to_null(p.series(units, df.index))
    return Prepared(pd.DataFrame(out, index=df.index), repairs)


def _units_known(units: Keys | None) -> Callable[[pd.DataFrame], pd.Series]:
    if units is None:
        return lambda f: pd.Series(True, index=f.index)
    allowed = key_set(units)

    def check(f: pd.DataFrame) -> pd.Series:
        values = pc.fill_null(p.arrow(f["unit_diminati"]), "")
        parts = pc.split_pattern(values, ";")
        flat = pc.list_flatten(parts)
        parents = pc.list_parent_indices(parts).to_numpy(zero_copy_only=False)
        unknown = pc.and_(pc.not_equal(flat, ""), pc.invert(pc.is_in(flat, value_set=allowed)))
        ok = np.ones(len(f), dtype=bool)
        ok[parents[pc.fill_null(unknown, True).to_numpy(zero_copy_only=False)]] = False
        return pd.Series(ok, index=f.index)

    return check


def preferensi_mutasi_rules(ctx: Context) -> list[RowRule]:
    return nip_rules(ctx, known_nip=True) + [
        RowRule(
            "willingness_invalid",
            "bersedia_mutasi harus ya atau tidak.",
            _isin("bersedia_mutasi", ["ya", "tidak"]),
            ("bersedia_mutasi",),
        ),
        RowRule(
            "unknown_unit",
            "unit_diminati berisi kode_unit yang tidak ada di file jabatan (pisahkan kode dengan ;).",
            _units_known(ctx.unit_codes),
            ("unit_diminati",),
        ),
        RowRule(
            "duplicate_key",
            "Preferensi ganda untuk NIP yang sama (semua salinan dikarantina).",
            _unique("nip"),
            ("nip",),
        ),
    ]


def prepare_survei_kepuasan(df: pd.DataFrame) -> Prepared:
    out = {}
    _text(df, out, "kode_unit")
    out["periode"] = p.series(pc.utf8_upper(p.arrow(p.blank_to_null(df["periode"]))), df.index)
    out["_number_unparseable"] = _numbers(df, out, "nilai_ikm")
    return Prepared(pd.DataFrame(out, index=df.index), {})


def survei_kepuasan_rules(ctx: Context) -> list[RowRule]:
    return [
        number_rule("nilai_ikm"),
        RowRule(
            "required_value_missing",
            "kode_unit, periode atau nilai_ikm kosong.",
            _missing("kode_unit", "periode", "nilai_ikm"),
            ("kode_unit", "periode", "nilai_ikm"),
        ),
        RowRule(
            "period_invalid",
            "periode harus seperti 2026, 2026-S1, 2026-Q3 atau 2026-07.",
            lambda f: pd.Series(
                f["periode"].isna().to_numpy() | _ok(f["periode"].str.match(PERIOD_PATTERN)), index=f.index
            ),
            ("periode",),
        ),
        RowRule("ikm_out_of_range", "nilai_ikm harus 25–100.", _between("nilai_ikm", *IKM_RANGE), ("nilai_ikm",)),
        RowRule(
            "unknown_unit", "kode_unit tidak ada di file jabatan.", _known("kode_unit", ctx.unit_codes), ("kode_unit",)
        ),
        RowRule(
            "duplicate_key",
            "Nilai IKM ganda untuk unit dan periode yang sama (semua salinan dikarantina).",
            _unique("kode_unit", "periode"),
            ("kode_unit", "periode"),
        ),
    ]


# --- the decision loop (issue 16) -------------------------------------------------------------------


def prepare_keputusan_mutasi(df: pd.DataFrame) -> Prepared:
    out, repairs = {}, {}
    _nip(df, out, repairs)
    _text(df, out, "kode_jabatan_tujuan", "alasan", "diputuskan_oleh")
    out["keputusan"] = p.normalise_code(df["keputusan"], DECISIONS)
    _dates(df, out, repairs, "tanggal_keputusan", "tanggal_rekomendasi")
    return Prepared(pd.DataFrame(out, index=df.index), repairs)


def _not_after_snapshot(column: str, ctx: Context) -> Callable[[pd.DataFrame], pd.Series]:
    limit = pd.Timestamp(ctx.snapshot_date)
    return lambda f: pd.Series(f[column].isna().to_numpy() | _ok(f[column] <= limit), index=f.index)


def _recommended(ctx: Context) -> Callable[[pd.DataFrame], pd.Series]:
    if ctx.recommended is None:
        return lambda f: pd.Series(True, index=f.index)
    allowed = key_set(ctx.recommended)

    def check(f: pd.DataFrame) -> pd.Series:
        nip = p.arrow(f["nip"]).cast(paw.large_string())
        code = p.arrow(f["kode_jabatan_tujuan"]).cast(paw.large_string())
        pair = pc.binary_join_element_wise(nip, code, paw.scalar("|", paw.large_string()))
        known = pc.fill_null(pc.is_in(pair, value_set=allowed), False)
        missing = f["nip"].isna().to_numpy() | f["kode_jabatan_tujuan"].isna().to_numpy()
        return pd.Series(known.to_numpy(zero_copy_only=False) | missing, index=f.index)

    return check


def keputusan_mutasi_rules(ctx: Context) -> list[RowRule]:
    return nip_rules(ctx, known_nip=True) + [
        date_rule("tanggal_keputusan", "tanggal_rekomendasi"),
        RowRule(
            "required_value_missing",
            "kode_jabatan_tujuan kosong, atau keputusan diisi tanpa tanggal_keputusan. (Baris dengan keputusan "
            "kosong berarti belum diputuskan dan diterima apa adanya.)",
            lambda f: pd.Series(
                f["kode_jabatan_tujuan"].notna().to_numpy()
                & (
                    f["keputusan"].isna().to_numpy()
                    | f["tanggal_keputusan"].notna().to_numpy()
                    | f["_date_unparseable"].to_numpy()
                ),
                index=f.index,
            ),
            ("kode_jabatan_tujuan", "keputusan", "tanggal_keputusan"),
        ),
        RowRule(
            "decision_invalid",
            "keputusan harus disetujui, ditolak atau ditunda (atau kosong: belum diputuskan).",
            _isin("keputusan", ["disetujui", "ditolak", "ditunda"], optional=True),
            ("keputusan",),
        ),
        RowRule(
            "unknown_position",
            "kode_jabatan_tujuan tidak ada di file jabatan (atau barisnya di file jabatan dikarantina).",
            _known("kode_jabatan_tujuan", ctx.position_codes),
            ("kode_jabatan_tujuan",),
        ),
        RowRule(
            "decision_date_in_future",
            "tanggal_keputusan sesudah tanggal snapshot: keputusan yang belum diambil tidak dapat dicatat.",
            _not_after_snapshot("tanggal_keputusan", ctx),
            ("tanggal_keputusan",),
        ),
        RowRule(
            "decision_not_recommended",
            "Tidak ada usulan mutasi NIP ini ke kode_jabatan_tujuan ini dalam rencana sebelumnya untuk daerah "
            "ini (periksa NIP dan kode jabatan; keputusan hanya untuk usulan dari paket rekomendasi).",
            _recommended(ctx),
            ("nip", "kode_jabatan_tujuan"),
        ),
        RowRule(
            "duplicate_key",
            "Keputusan ganda untuk NIP, jabatan tujuan dan tanggal_keputusan yang sama (semua salinan dikarantina).",
            _unique("nip", "kode_jabatan_tujuan", "tanggal_keputusan"),
            ("nip", "kode_jabatan_tujuan", "tanggal_keputusan"),
        ),
    ]


def prepare_keberatan_pegawai(df: pd.DataFrame) -> Prepared:
    out, repairs = {}, {}
    _nip(df, out, repairs)
    _text(df, out, "kode_jabatan_tujuan", "isi")
    _dates(df, out, repairs, "tanggal")
    return Prepared(pd.DataFrame(out, index=df.index), repairs)


def keberatan_pegawai_rules(ctx: Context) -> list[RowRule]:
    return nip_rules(ctx, known_nip=True) + [
        date_rule("tanggal"),
        RowRule(
            "required_value_missing",
            "kode_jabatan_tujuan, isi atau tanggal kosong.",
            lambda f: pd.Series(
                _filled(f, ("kode_jabatan_tujuan", "isi"))
                & (f["tanggal"].notna().to_numpy() | f["_date_unparseable"].to_numpy()),
                index=f.index,
            ),
            ("kode_jabatan_tujuan", "isi", "tanggal"),
        ),
        RowRule(
            "unknown_position",
            "kode_jabatan_tujuan tidak ada di file jabatan (atau barisnya di file jabatan dikarantina).",
            _known("kode_jabatan_tujuan", ctx.position_codes),
            ("kode_jabatan_tujuan",),
        ),
        RowRule(
            "objection_date_in_future",
            "tanggal keberatan sesudah tanggal snapshot.",
            _not_after_snapshot("tanggal", ctx),
            ("tanggal",),
        ),
        RowRule(
            "duplicate_key",
            "Keberatan ganda untuk NIP, jabatan tujuan dan tanggal yang sama (semua salinan dikarantina).",
            _unique("nip", "kode_jabatan_tujuan", "tanggal"),
            ("nip", "kode_jabatan_tujuan", "tanggal"),
        ),
    ]


PREPARE = {name.removeprefix("prepare_"): fn for name, fn in globals().items() if name.startswith("prepare_")}
RULES = {
    name.removesuffix("_rules"): fn for name, fn in globals().items() if name.endswith("_rules") and name != "nip_rules"
}


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


def rule_codes() -> set[str]:
    """Every quarantine rule code there is (row rules of every entity and the reader/file codes)."""
    return {rule.name for rules in all_rules().values() for rule in rules} | set(OTHER_RULES)
