"""Static vocabulary of the synthetic extracts: organisation templates, job titles, job families,
majors and degrees, tasks, training courses and names.

Everything here is plain data (tuples and dicts); the builders in ``organisation.py`` and ``people.py``
sample from it. All text is encodable in Windows-1252, because some regions write their CSV in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from validations.contract import ENTITY_COLUMNS

# --------------------------------------------------------------------------------------------------
# Job families (rumpun)
ADM = "administrasi"
KEU = "keuangan"
KEP = "kepegawaian"
REN = "perencanaan"
WAS = "pengawasan"
HUK = "hukum"
TI = "teknologi informasi"
KOM = "komunikasi"
PDD = "pendidikan"
KES = "kesehatan"
TEK = "teknik"
HUB = "perhubungan"
LH = "lingkungan hidup"
SOS = "sosial"
DUK = "kependudukan"
TIB = "ketertiban"
PEM = "pemerintahan"
EKO = "ekonomi"
TAN = "pertanian"
PAR = "pariwisata"
PUS = "perpustakaan"
PBJ = "pengadaan"

EDUCATION_LEVELS = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
EDU_RANK = {e: i for i, e in enumerate(EDUCATION_LEVELS)}

# Share of each education level among ASN (BKN end of 2023, D-IV split out of the bachelor figure).
EDUCATION_SHARE = {
    "SD": 0.004,
    "SMP": 0.008,
    "SMA": 0.14,
    "D1": 0.006,
    "D2": 0.01,
    "D3": 0.112,
    "D4": 0.04,
    "S1": 0.55,
    "S2": 0.12,
    "S3": 0.01,
}

# Holder-education mixes of posts ("who actually sits in such a post"), used to match people to posts.
EDU_MIX: dict[str, dict[str, float]] = {
    "sd": {"SD": 0.45, "SMP": 0.35, "SMA": 0.2},
    "smp": {"SD": 0.1, "SMP": 0.35, "SMA": 0.55},
    "sma": {"SMA": 0.8, "D3": 0.08, "S1": 0.12},
    "sma_s1": {"SMA": 0.5, "D1": 0.04, "D2": 0.05, "D3": 0.14, "S1": 0.27},
    "d3": {"SMA": 0.06, "D3": 0.66, "D4": 0.06, "S1": 0.22},
    "d3_s1": {"D3": 0.4, "D4": 0.1, "S1": 0.5},
    "s1": {"D4": 0.06, "S1": 0.86, "S2": 0.08},
    "s1_s2": {"S1": 0.6, "S2": 0.37, "S3": 0.03},
    "s2": {"S1": 0.25, "S2": 0.68, "S3": 0.07},
}

GOLONGAN = (
    "I/a",
    "I/b",
    "I/c",
    "I/d",
    "II/a",
    "II/b",
    "II/c",
    "II/d",
    "III/a",
    "III/b",
    "III/c",
    "III/d",
    "IV/a",
    "IV/b",
    "IV/c",
    "IV/d",
    "IV/e",
)
# Starting grade on CPNS appointment and ceiling of regular promotions, by education (PP 99/2000).
GOL_START = {"SD": 0, "SMP": 2, "SMA": 4, "D1": 4, "D2": 5, "D3": 6, "D4": 8, "S1": 8, "S2": 9, "S3": 10}
GOL_CAP = {"SD": 4, "SMP": 6, "SMA": 9, "D1": 9, "D2": 9, "D3": 10, "D4": 11, "S1": 11, "S2": 12, "S3": 13}
# Grade range (index into GOLONGAN) of a jenjang / structural level.
GOL_RANGE = {
    "terampil": (6, 7),
    "mahir": (8, 9),
    "penyelia": (10, 11),
    "ahli pertama": (8, 9),
    "ahli muda": (10, 11),
    "ahli madya": (12, 14),
    "ahli utama": (15, 16),
    "JPT": (12, 16),
    "administrator": (11, 13),
    "pengawas": (9, 11),
}


# Retirement age (BUP, PP 11/2017 Pasal 239).
def bup_for(jenis: str, jenjang: str | None) -> int:
    if jenis == "JPT" or jenjang == "ahli madya":
        return 60
    if jenjang == "ahli utama":
        return 65
    return 58


JENJANG_KELAS = {
    "terampil": 6,
    "mahir": 7,
    "penyelia": 8,
    "ahli pertama": 8,
    "ahli muda": 9,
    "ahli madya": 11,
    "ahli utama": 13,
}
# Competency targets (teknis, manajerial, sosiokultural), rising with level.
JENJANG_TARGET = {
    "terampil": (2, 1, 1),
    "mahir": (2, 1, 2),
    "penyelia": (3, 2, 2),
    "ahli pertama": (3, 1, 2),
    "ahli muda": (3, 2, 2),
    "ahli madya": (4, 3, 3),
    "ahli utama": (5, 4, 4),
}
STRUCT_TARGET = {"JPT": (4, 4, 4), "administrator": (4, 3, 3), "pengawas": (3, 2, 2)}
JENJANG_SENIORITY = {
    "terampil": 0.3,
    "mahir": 0.55,
    "penyelia": 0.8,
    "ahli pertama": 0.25,
    "ahli muda": 0.6,
    "ahli madya": 0.85,
    "ahli utama": 0.97,
}
JENJANG_EDU = {
    "terampil": "d3",
    "mahir": "d3",
    "penyelia": "d3_s1",
    "ahli pertama": "s1",
    "ahli muda": "s1",
    "ahli madya": "s1_s2",
    "ahli utama": "s2",
}


def pelaksana_target(kelas: int) -> tuple[int, int, int]:
    if kelas <= 4:
        return (1, 1, 1)
    if kelas <= 6:
        return (2, 1, 1)
    return (2, 1, 2)


# --------------------------------------------------------------------------------------------------
# Majors (pendidikan_jurusan) and degrees, by family and level group.
# level group: "S1" (also D4), "D3" (also D1/D2), "S2" (also S3), "SMA".
MAJORS: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    "pendidikan_sd": {
        "S1": (("Pendidikan Guru Sekolah Dasar", "S.Pd."),),
        "D3": (("Pendidikan Guru Sekolah Dasar", "A.Ma.Pd."),),
        "S2": (("Magister Pendidikan Dasar", "M.Pd."),),
    },
    "pendidikan_mapel": {
        "S1": (
            ("Pendidikan Matematika", "S.Pd."),
            ("Pendidikan Bahasa Indonesia", "S.Pd."),
            ("Pendidikan Bahasa Inggris", "S.Pd."),
            ("Pendidikan Agama Islam", "S.Pd.I."),
            ("Pendidikan Biologi", "S.Pd."),
            ("Pendidikan IPS", "S.Pd."),
            ("Pendidikan Jasmani", "S.Pd."),
            ("Pendidikan Pancasila dan Kewarganegaraan", "S.Pd."),
        ),
        "S2": (("Magister Pendidikan", "M.Pd."), ("Manajemen Pendidikan", "M.Pd.")),
    },
    "ekonomi": {
        "S1": (("Manajemen", "S.E."), ("Ekonomi Pembangunan", "S.E.")),
        "D3": (("Manajemen Perkantoran", "A.Md."),),
        "S2": (("Magister Manajemen", "M.M."),),
    },
    "akuntansi": {
        "S1": (("Akuntansi", "S.Ak."), ("Akuntansi Sektor Publik", "S.E.")),
        "D3": (("Akuntansi", "A.Md.Ak."), ("Keuangan dan Perbankan", "A.Md.")),
        "S2": (("Magister Akuntansi", "M.Ak."),),
    },
    "hukum": {"S1": (("Ilmu Hukum", "S.H."),), "S2": (("Magister Ilmu Hukum", "M.H."),)},
    "administrasi": {
        "S1": (("Ilmu Administrasi Negara", "S.AP."), ("Administrasi Publik", "S.Sos.")),
        "D3": (("Administrasi Perkantoran", "A.Md."), ("Sekretari", "A.Md.")),
        "S2": (("Magister Administrasi Publik", "M.AP."), ("Magister Ilmu Administrasi", "M.Si.")),
    },
    "pemerintahan": {
        "S1": (("Ilmu Pemerintahan", "S.IP."), ("Manajemen Pemerintahan", "S.STP.")),
        "S2": (("Magister Ilmu Pemerintahan", "M.Si."),),
    },
    "sosial": {
        "S1": (("Kesejahteraan Sosial", "S.Sos."), ("Sosiologi", "S.Sos."), ("Psikologi", "S.Psi.")),
        "D3": (("Pekerjaan Sosial", "A.Md."),),
        "S2": (("Magister Kesejahteraan Sosial", "M.Si."),),
    },
    "teknik_sipil": {
        "S1": (("Teknik Sipil", "S.T."), ("Arsitektur", "S.T.")),
        "D3": (("Teknik Sipil", "A.Md.T."),),
        "S2": (("Magister Teknik Sipil", "M.T."),),
    },
    "planologi": {
        "S1": (("Perencanaan Wilayah dan Kota", "S.T."), ("Statistika", "S.Stat.")),
        "S2": (("Magister Perencanaan Wilayah", "M.T."), ("Magister Ekonomi Pembangunan", "M.E.")),
    },
    "informatika": {
        "S1": (("Teknik Informatika", "S.Kom."), ("Sistem Informasi", "S.Kom.")),
        "D3": (("Manajemen Informatika", "A.Md.Kom."), ("Teknik Komputer", "A.Md.Kom.")),
        "S2": (("Magister Ilmu Komputer", "M.Kom."),),
    },
    "komunikasi": {
        "S1": (("Ilmu Komunikasi", "S.I.Kom."),),
        "D3": (("Hubungan Masyarakat", "A.Md."),),
        "S2": (("Magister Ilmu Komunikasi", "M.I.Kom."),),
    },
    "kedokteran": {
        "S1": (("Pendidikan Dokter", "dr."),),
        "S2": (("Magister Kesehatan", "M.Kes."), ("Spesialis Penyakit Dalam", "Sp.PD.")),
    },
    "kedokteran_gigi": {"S1": (("Pendidikan Dokter Gigi", "drg."),), "S2": (("Magister Kesehatan", "M.Kes."),)},
    "keperawatan": {
        "S1": (("Ilmu Keperawatan (Ners)", "S.Kep., Ns."),),
        "D3": (("Keperawatan", "A.Md.Kep."),),
        "S2": (("Magister Keperawatan", "M.Kep."),),
    },
    "kebidanan": {
        "S1": (("Kebidanan", "S.Tr.Keb."),),
        "D3": (("Kebidanan", "A.Md.Keb."),),
        "S2": (("Magister Kebidanan", "M.Keb."),),
    },
    "farmasi": {
        "S1": (("Farmasi (Apoteker)", "S.Farm., Apt."),),
        "D3": (("Farmasi", "A.Md.Farm."),),
        "S2": (("Magister Farmasi", "M.Farm."),),
    },
    "kesmas": {
        "S1": (("Kesehatan Masyarakat", "S.K.M."), ("Gizi", "S.Gz.")),
        "D3": (
            ("Gizi", "A.Md.Gz."),
            ("Kesehatan Lingkungan", "A.Md.KL."),
            ("Rekam Medis dan Informasi Kesehatan", "A.Md.RMIK."),
            ("Analis Kesehatan", "A.Md.AK."),
            ("Radiodiagnostik", "A.Md.Rad."),
        ),
        "S2": (("Magister Kesehatan Masyarakat", "M.K.M."),),
    },
    "pertanian": {
        "S1": (("Agroteknologi", "S.P."), ("Agribisnis", "S.P."), ("Kedokteran Hewan", "drh."), ("Perikanan", "S.Pi.")),
        "D3": (("Budidaya Tanaman", "A.Md.P."), ("Kesehatan Hewan", "A.Md.Pt.")),
        "S2": (("Magister Agribisnis", "M.P."),),
    },
    "lingkungan": {
        "S1": (("Teknik Lingkungan", "S.T."), ("Ilmu Lingkungan", "S.Si.")),
        "D3": (("Kesehatan Lingkungan", "A.Md.KL."),),
        "S2": (("Magister Ilmu Lingkungan", "M.Si."),),
    },
    "perpustakaan": {
        "S1": (("Ilmu Perpustakaan", "S.IP."), ("Kearsipan", "S.Tr.Ars.")),
        "D3": (("Perpustakaan", "A.Md."), ("Kearsipan", "A.Md.")),
        "S2": (("Magister Ilmu Perpustakaan", "M.IP."),),
    },
    "transportasi": {
        "S1": (("Transportasi", "S.Tr."), ("Teknik Sipil", "S.T.")),
        "D3": (("Lalu Lintas Angkutan Jalan", "A.Md.LLAJ."), ("Teknik Otomotif", "A.Md.T.")),
        "S2": (("Magister Sistem dan Teknik Transportasi", "M.T."),),
    },
    "pariwisata": {
        "S1": (("Pariwisata", "S.Par."), ("Sejarah", "S.Hum.")),
        "D3": (("Perhotelan", "A.Md.Par."),),
        "S2": (("Magister Pariwisata", "M.Par."),),
    },
}
SMA_MAJORS = (
    "IPA",
    "IPS",
    "SMK Administrasi Perkantoran",
    "SMK Akuntansi",
    "SMK Teknik Komputer dan Jaringan",
    "Bahasa",
    "SMK Keperawatan",
)
GENERIC_FAMILIES = (
    "administrasi",
    "ekonomi",
    "akuntansi",
    "hukum",
    "pemerintahan",
    "sosial",
    "informatika",
    "komunikasi",
)


# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PostT:
    """A non-structural post template (pelaksana or fungsional)."""

    name: str
    jenis: str  # "pelaksana" | "fungsional"
    jenjang: str | None
    kelas: int
    rumpun: str
    pend_min: str
    families: tuple[str, ...]
    weight: float = 1.0
    edu: str = "sma_s1"
    pppk: bool = False
    seniority: float = 0.5


def pel(
    name: str,
    kelas: int,
    rumpun: str,
    pend: str,
    fam: tuple[str, ...],
    weight: float = 1.0,
    edu: str | None = None,
    pppk: bool = True,
) -> PostT:
    if edu is None:
        edu = {"SD": "sd", "SMP": "smp", "SMA": "sma_s1", "D3": "d3", "S1": "s1"}[pend]
    return PostT(name, "pelaksana", None, kelas, rumpun, pend, fam, weight, edu, pppk, -1.0)


def jf(
    family: str,
    jenjang: str,
    rumpun: str,
    fam: tuple[str, ...],
    weight: float = 1.0,
    pppk: bool = False,
    pend: str | None = None,
    edu: str | None = None,
) -> PostT:
    if pend is None:
        pend = "D3" if jenjang in ("terampil", "mahir", "penyelia") else "S1"
    return PostT(
        f"{family} {jenjang.title()}",
        "fungsional",
        jenjang,
        JENJANG_KELAS[jenjang],
        rumpun,
        pend,
        fam,
        weight,
        edu or JENJANG_EDU[jenjang],
        pppk,
        JENJANG_SENIORITY[jenjang],
    )


def jfs(
    family: str,
    jenjangs: tuple[str, ...],
    rumpun: str,
    fam: tuple[str, ...],
    weight: float = 1.0,
    pppk: bool = False,
    pend: str | None = None,
    edu: str | None = None,
) -> tuple[PostT, ...]:
    return tuple(jf(family, j, rumpun, fam, weight, pppk, pend, edu) for j in jenjangs)


AP, AM, AMD, AU = "ahli pertama", "ahli muda", "ahli madya", "ahli utama"
TR, MH, PY = "terampil", "mahir", "penyelia"

# Posts of the office (sekretariat) of every OPD, in priority order.
OFFICE_POSTS: tuple[PostT, ...] = (
    pel("Pengadministrasi Umum", 5, ADM, "SMA", ("administrasi",), 3.0),
    pel("Pengelola Keuangan", 7, KEU, "D3", ("akuntansi", "ekonomi"), 2.0),
    pel("Pengemudi", 3, ADM, "SMP", (), 1.0, edu="smp"),
    pel("Pengolah Data", 7, ADM, "D3", ("informatika", "administrasi"), 1.5),
    pel("Pramu Bakti", 1, ADM, "SD", (), 0.8, edu="sd"),
    pel("Bendahara", 7, KEU, "D3", ("akuntansi", "ekonomi"), 1.0, pppk=False),
    pel("Pengelola Kepegawaian", 7, KEP, "D3", ("administrasi", "hukum"), 1.0),
    jf("Perencana", AP, REN, ("planologi", "ekonomi"), 0.6),
    jf("Arsiparis", TR, ADM, ("perpustakaan", "administrasi"), 0.6),
    pel("Pengelola Barang Milik Daerah", 6, KEU, "D3", ("akuntansi", "ekonomi"), 0.8),
    jf("Pranata Komputer", AP, TI, ("informatika",), 0.5),
    jf("Analis Kebijakan", AM, ADM, ("administrasi", "pemerintahan"), 0.5),
    jf("Analis Sumber Daya Manusia Aparatur", AP, KEP, ("administrasi", "hukum"), 0.5),
    pel("Penyusun Program Anggaran dan Pelaporan", 7, REN, "S1", ("ekonomi", "planologi"), 0.6),
    jf("Pengelola Pengadaan Barang/Jasa", AP, PBJ, ("teknik_sipil", "ekonomi"), 0.3),
    pel("Pengadministrasi Perkantoran", 5, ADM, "SMA", ("administrasi",), 1.0),
    jf("Analis Kebijakan", AP, ADM, ("administrasi", "pemerintahan"), 0.4),
    jf("Arsiparis", AP, ADM, ("perpustakaan",), 0.3),
    jf("Pranata Komputer", TR, TI, ("informatika",), 0.4),
    jf("Perencana", AM, REN, ("planologi", "ekonomi"), 0.4),
)
# Generic posts placed in each bidang besides the OPD's specialist posts.
BIDANG_GENERIC: tuple[PostT, ...] = (
    pel("Pengadministrasi Umum", 5, ADM, "SMA", ("administrasi",), 1.0),
    pel("Pengolah Data", 7, ADM, "D3", ("informatika", "administrasi"), 0.8),
    jf("Analis Kebijakan", AP, ADM, ("administrasi", "pemerintahan"), 0.4),
)


@dataclass(frozen=True)
class Bidang:
    unit: str  # unit name, e.g. "Bidang Pelayanan Kesehatan"
    head: str  # head title, e.g. "Kepala Bidang Pelayanan Kesehatan"
    rumpun: str
    seksi: tuple[str, ...] = ()  # heads of sections, e.g. "Kepala Seksi Pelayanan Kesehatan Primer"
    head_jenis: str = "administrator"
    head_kelas: int = 11


def bid(topic: str, rumpun: str, *seksi: str, kind: str = "Bidang") -> Bidang:
    if kind == "Bagian":
        return Bidang(
            f"Bagian {topic}", f"Kepala Bagian {topic}", rumpun, tuple(f"Kepala Sub Bagian {s}" for s in seksi)
        )
    return Bidang(f"Bidang {topic}", f"Kepala Bidang {topic}", rumpun, tuple(f"Kepala Seksi {s}" for s in seksi))


@dataclass(frozen=True)
class OpdSpec:
    key: str
    name: str
    head: str
    rumpun: str
    weight: float
    bidang: tuple[Bidang, ...]
    posts: tuple[PostT, ...]
    head_jenis: str = "JPT"
    head_kelas: int = 14
    secretary: str | None = "Sekretaris"
    extra_heads: tuple[tuple[str, str, int, str], ...] = ()
    upt: str | None = None  # "sekolah" | "puskesmas" | "kelurahan"
    service: bool = False  # public service unit (survei kepuasan)
    seksi_in_office: bool = False  # kecamatan: sections are posts of the office unit


GURU_FAMS = ("pendidikan_sd", "pendidikan_mapel")
NAKES_PERAWAT = ("keperawatan",)

OPDS: tuple[OpdSpec, ...] = (
    OpdSpec(
        "setda",
        "Sekretariat Daerah",
        "Sekretaris Daerah",
        PEM,
        4.0,
        (
            bid("Pemerintahan", PEM, "Administrasi Pemerintahan", "Otonomi Daerah", kind="Bagian"),
            bid("Hukum", HUK, "Perundang-undangan", "Bantuan Hukum", kind="Bagian"),
            bid("Organisasi", ADM, "Kelembagaan dan Analisis Jabatan", "Reformasi Birokrasi", kind="Bagian"),
            bid("Umum", ADM, "Tata Usaha Pimpinan", "Rumah Tangga", kind="Bagian"),
            bid("Perekonomian dan Sumber Daya Alam", EKO, "Perekonomian", "Sumber Daya Alam", kind="Bagian"),
            bid("Pengadaan Barang dan Jasa", PBJ, "Pengelolaan Pengadaan", "Pembinaan dan Advokasi", kind="Bagian"),
            bid("Protokol dan Komunikasi Pimpinan", KOM, "Protokol", "Dokumentasi Pimpinan", kind="Bagian"),
            bid("Kesejahteraan Rakyat", SOS, "Bina Mental Spiritual", "Kesejahteraan Sosial", kind="Bagian"),
            bid("Administrasi Pembangunan", REN, "Pengendalian Program", "Evaluasi Pembangunan", kind="Bagian"),
        ),
        (
            *jfs("Perancang Peraturan Perundang-undangan", (AP, AM), HUK, ("hukum",), 0.8),
            *jfs("Analis Hukum", (AP, AM), HUK, ("hukum",), 0.8),
            *jfs("Pengelola Pengadaan Barang/Jasa", (AP, AM), PBJ, ("teknik_sipil", "ekonomi"), 0.8),
            *jfs("Pranata Hubungan Masyarakat", (AP, AM), KOM, ("komunikasi",), 0.6),
            *jfs("Analis Kebijakan", (AP, AM, AMD), ADM, ("administrasi", "pemerintahan"), 0.8),
            pel("Pengadministrasi Pemerintahan", 5, PEM, "SMA", ("pemerintahan",), 1.0),
            pel("Penyusun Bahan Bantuan Hukum", 7, HUK, "S1", ("hukum",), 0.6),
            pel("Pengelola Protokol", 6, KOM, "D3", ("komunikasi",), 0.6),
        ),
        head_kelas=15,
        secretary=None,
        extra_heads=(
            ("Asisten Pemerintahan dan Kesejahteraan Rakyat", "JPT", 14, PEM),
            ("Asisten Perekonomian dan Pembangunan", "JPT", 14, EKO),
            ("Asisten Administrasi Umum", "JPT", 14, ADM),
        ),
    ),
    OpdSpec(
        "disdik",
        "Dinas Pendidikan dan Kebudayaan",
        "Kepala Dinas Pendidikan dan Kebudayaan",
        PDD,
        38.0,
        (
            bid("Pembinaan Sekolah Dasar", PDD, "Kurikulum SD", "Sarana dan Prasarana SD"),
            bid("Pembinaan Sekolah Menengah Pertama", PDD, "Kurikulum SMP", "Peserta Didik SMP"),
            bid("Pendidikan Anak Usia Dini dan Nonformal", PDD, "Kelembagaan PAUD"),
            bid("Guru dan Tenaga Kependidikan", KEP, "Pendidik", "Tenaga Kependidikan"),
            bid("Kebudayaan", PAR, "Cagar Budaya", "Kesenian"),
        ),
        (
            *jfs("Pengawas Sekolah", (AM, AMD), PDD, GURU_FAMS, 1.2),
            *jfs("Penilik", (AP, AM), PDD, GURU_FAMS, 0.6),
            jf("Pamong Budaya", AP, PAR, ("pariwisata",), 0.4),
            pel("Pengelola Data Pendidikan", 7, PDD, "D3", ("informatika", "administrasi"), 1.0),
            pel("Pengadministrasi Sarana dan Prasarana", 5, PDD, "SMA", ("administrasi",), 0.8),
            pel("Analis Tenaga Kependidikan", 7, KEP, "S1", ("administrasi",), 0.6),
        ),
        upt="sekolah",
    ),
    OpdSpec(
        "dinkes",
        "Dinas Kesehatan",
        "Kepala Dinas Kesehatan",
        KES,
        9.0,
        (
            bid("Kesehatan Masyarakat", KES, "Kesehatan Keluarga dan Gizi", "Promosi Kesehatan"),
            bid("Pencegahan dan Pengendalian Penyakit", KES, "Surveilans dan Imunisasi", "Penyakit Tidak Menular"),
            bid(
                "Pelayanan dan Sumber Daya Kesehatan",
                KES,
                "Pelayanan Kesehatan Primer",
                "Kefarmasian dan Alat Kesehatan",
            ),
        ),
        (
            *jfs("Epidemiolog Kesehatan", (AP, AM), KES, ("kesmas",), 0.6),
            *jfs("Penyuluh Kesehatan Masyarakat", (AP, AM), KES, ("kesmas",), 0.6),
            *jfs("Administrator Kesehatan", (AP, AM), KES, ("kesmas",), 0.8),
            jf("Sanitarian", AP, KES, ("kesmas", "lingkungan"), 0.5),
            jf("Apoteker", AM, KES, ("farmasi",), 0.4),
            jf("Nutrisionis", AP, KES, ("kesmas",), 0.4),
            pel("Pengelola Data Kesehatan", 7, KES, "D3", ("kesmas", "informatika"), 0.8),
        ),
        upt="puskesmas",
    ),
    OpdSpec(
        "bkpsdm",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        KEP,
        1.0,
        (
            bid("Mutasi dan Promosi", KEP, "Mutasi", "Promosi dan Kepangkatan"),
            bid("Pengembangan Kompetensi Aparatur", KEP, "Diklat Struktural", "Diklat Teknis dan Fungsional"),
            bid(
                "Pengadaan, Pemberhentian dan Informasi",
                KEP,
                "Pengadaan dan Pemberhentian",
                "Sistem Informasi Kepegawaian",
            ),
            bid("Penilaian Kinerja dan Penghargaan", KEP, "Penilaian Kinerja"),
        ),
        (
            *jfs("Analis Sumber Daya Manusia Aparatur", (AP, AM, AMD), KEP, ("administrasi", "hukum", "sosial"), 1.5),
            *jfs("Asesor Sumber Daya Manusia Aparatur", (AP, AM), KEP, ("sosial", "administrasi"), 0.6),
            *jfs("Widyaiswara", (AM,), KEP, ("administrasi",), 0.3),
            jf("Pranata Komputer", AP, TI, ("informatika",), 0.5),
            pel("Pengadministrasi Kepegawaian", 5, KEP, "SMA", ("administrasi",), 1.2),
            pel("Analis Kepegawaian", 7, KEP, "S1", ("administrasi", "hukum"), 1.0),
        ),
    ),
    OpdSpec(
        "bpkad",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "Kepala Badan Pengelolaan Keuangan dan Aset Daerah",
        KEU,
        1.5,
        (
            bid("Anggaran", KEU, "Penyusunan Anggaran", "Pengendalian Anggaran"),
            bid("Perbendaharaan", KEU, "Belanja", "Kas Daerah"),
            bid("Akuntansi dan Pelaporan", KEU, "Akuntansi", "Pelaporan Keuangan"),
            bid("Pengelolaan Aset Daerah", KEU, "Penatausahaan Aset", "Pemanfaatan Aset"),
        ),
        (
            *jfs("Analis Keuangan Pusat dan Daerah", (AP, AM, AMD), KEU, ("akuntansi", "ekonomi"), 1.2),
            *jfs("Analis Anggaran", (AP, AM), KEU, ("akuntansi", "ekonomi"), 0.8),
            pel("Penyusun Laporan Keuangan", 7, KEU, "S1", ("akuntansi",), 1.2),
            pel("Verifikator Keuangan", 7, KEU, "S1", ("akuntansi", "ekonomi"), 1.2),
            pel("Pengelola Barang Milik Daerah", 6, KEU, "D3", ("akuntansi", "ekonomi"), 1.0),
            pel("Pengelola Kas Daerah", 7, KEU, "D3", ("akuntansi",), 0.6),
        ),
    ),
    OpdSpec(
        "inspektorat",
        "Inspektorat Daerah",
        "Inspektur",
        WAS,
        1.2,
        (
            Bidang("Inspektorat Pembantu Wilayah I", "Inspektur Pembantu Wilayah I", WAS),
            Bidang("Inspektorat Pembantu Wilayah II", "Inspektur Pembantu Wilayah II", WAS),
            Bidang("Inspektorat Pembantu Wilayah III", "Inspektur Pembantu Wilayah III", WAS),
            Bidang("Inspektorat Pembantu Khusus", "Inspektur Pembantu Khusus", WAS),
        ),
        (
            *jfs("Auditor", (AP, AM, AMD), WAS, ("akuntansi", "ekonomi", "hukum"), 1.5),
            *jfs(
                "Pengawas Penyelenggaraan Urusan Pemerintahan Daerah",
                (AP, AM, AMD),
                WAS,
                ("pemerintahan", "administrasi", "hukum"),
                1.5,
            ),
            pel("Pengolah Data Pengawasan", 7, WAS, "D3", ("akuntansi", "informatika"), 0.6),
        ),
    ),
    OpdSpec(
        "bappeda",
        "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
        "Kepala Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
        REN,
        1.0,
        (
            bid("Perencanaan Pemerintahan dan Pembangunan Manusia", REN, "Pemerintahan", "Pembangunan Manusia"),
            bid("Perencanaan Perekonomian dan Sumber Daya Alam", REN, "Perekonomian"),
            bid("Perencanaan Infrastruktur dan Kewilayahan", REN, "Infrastruktur"),
            bid("Riset dan Inovasi Daerah", REN, "Riset", "Inovasi"),
        ),
        (
            *jfs("Perencana", (AP, AM, AMD), REN, ("planologi", "ekonomi"), 1.8),
            *jfs("Statistisi", (AP,), REN, ("planologi", "informatika"), 0.5),
            pel("Analis Perencanaan", 7, REN, "S1", ("planologi", "ekonomi"), 1.0),
            pel("Pengolah Data Perencanaan", 7, REN, "D3", ("informatika", "ekonomi"), 0.6),
        ),
    ),
    OpdSpec(
        "rsud",
        "Rumah Sakit Umum Daerah",
        "Direktur Rumah Sakit Umum Daerah",
        KES,
        7.0,
        (
            bid("Pelayanan Medik", KES, "Pelayanan Medik", "Penunjang Medik"),
            bid("Keperawatan", KES, "Asuhan Keperawatan", "Mutu Keperawatan"),
            bid("Penunjang dan Sarana", KES, "Sarana dan Prasarana", "Rekam Medik"),
        ),
        (
            *jfs("Perawat", (TR, MH, PY), KES, NAKES_PERAWAT, 4.0, pppk=True),
            *jfs("Perawat", (AP, AM), KES, NAKES_PERAWAT, 2.0, pppk=True),
            *jfs("Dokter", (AP, AM, AMD), KES, ("kedokteran",), 1.2),
            jf("Dokter Gigi", AM, KES, ("kedokteran_gigi",), 0.3),
            *jfs("Bidan", (TR, MH), KES, ("kebidanan",), 1.0, pppk=True),
            jf("Apoteker", AP, KES, ("farmasi",), 0.5),
            jf("Asisten Apoteker", TR, KES, ("farmasi",), 0.6, pppk=True),
            jf("Pranata Laboratorium Kesehatan", TR, KES, ("kesmas",), 0.6, pppk=True),
            jf("Radiografer", TR, KES, ("kesmas",), 0.4),
            jf("Nutrisionis", TR, KES, ("kesmas",), 0.4),
            jf("Perekam Medis", TR, KES, ("kesmas",), 0.6),
            jf("Fisioterapis", TR, KES, ("kesmas",), 0.3),
            pel("Pengadministrasi Umum", 5, ADM, "SMA", ("administrasi",), 1.0),
            pel("Pengelola Keuangan", 7, KEU, "D3", ("akuntansi",), 0.8),
        ),
        secretary="Kepala Bagian Tata Usaha",
        service=True,
    ),
    OpdSpec(
        "disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        DUK,
        1.2,
        (
            bid("Pelayanan Pendaftaran Penduduk", DUK, "Identitas Penduduk", "Pindah Datang"),
            bid("Pelayanan Pencatatan Sipil", DUK, "Kelahiran dan Kematian", "Perkawinan dan Perceraian"),
            bid(
                "Pengelolaan Informasi Administrasi Kependudukan",
                DUK,
                "Sistem Informasi",
                "Pengolahan dan Penyajian Data",
            ),
        ),
        (
            *jfs("Administrator Database Kependudukan", (AP, AM), DUK, ("informatika",), 1.0),
            pel("Pengolah Data Kependudukan", 7, DUK, "D3", ("informatika", "administrasi"), 2.0),
            pel("Pengadministrasi Registrasi Kependudukan", 5, DUK, "SMA", ("administrasi",), 2.0),
            pel("Verifikator Data Kependudukan", 6, DUK, "D3", ("administrasi",), 1.0),
        ),
        service=True,
    ),
    OpdSpec(
        "dinsos",
        "Dinas Sosial",
        "Kepala Dinas Sosial",
        SOS,
        1.0,
        (
            bid("Rehabilitasi Sosial", SOS, "Rehabilitasi Penyandang Disabilitas"),
            bid("Perlindungan dan Jaminan Sosial", SOS, "Jaminan Sosial Keluarga"),
            bid("Pemberdayaan Sosial dan Penanganan Fakir Miskin", SOS, "Penanganan Fakir Miskin"),
        ),
        (
            *jfs("Pekerja Sosial", (TR, AP, AM), SOS, ("sosial",), 1.5),
            jf("Penyuluh Sosial", AP, SOS, ("sosial",), 0.6),
            pel("Pengelola Data Kesejahteraan Sosial", 7, SOS, "D3", ("sosial", "informatika"), 1.0),
            pel("Pendamping Rehabilitasi Sosial", 6, SOS, "SMA", ("sosial",), 0.8),
        ),
        service=True,
    ),
    OpdSpec(
        "pupr",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Kepala Dinas Pekerjaan Umum dan Penataan Ruang",
        TEK,
        2.0,
        (
            bid("Bina Marga", TEK, "Pembangunan Jalan", "Pemeliharaan Jalan dan Jembatan"),
            bid("Sumber Daya Air", TEK, "Irigasi", "Drainase"),
            bid("Cipta Karya", TEK, "Bangunan Gedung", "Air Minum dan Sanitasi"),
            bid("Penataan Ruang", TEK, "Perencanaan Tata Ruang", "Pengendalian Pemanfaatan Ruang"),
            bid("Bina Konstruksi", TEK, "Pembinaan Jasa Konstruksi"),
        ),
        (
            *jfs("Teknik Jalan dan Jembatan", (TR, AP, AM), TEK, ("teknik_sipil",), 1.2),
            *jfs("Teknik Pengairan", (AP, AM), TEK, ("teknik_sipil",), 0.8),
            *jfs("Penata Ruang", (AP, AM), TEK, ("planologi", "teknik_sipil"), 0.6),
            jf("Teknik Tata Bangunan dan Perumahan", AP, TEK, ("teknik_sipil",), 0.6),
            pel("Pengawas Bangunan", 7, TEK, "D3", ("teknik_sipil",), 1.0),
            pel("Teknisi Jalan dan Jembatan", 6, TEK, "SMA", ("teknik_sipil",), 1.2),
            pel("Juru Ukur", 5, TEK, "SMA", ("teknik_sipil",), 0.6),
            pel("Operator Alat Berat", 4, TEK, "SMP", (), 0.6, edu="smp"),
        ),
    ),
    OpdSpec(
        "dishub",
        "Dinas Perhubungan",
        "Kepala Dinas Perhubungan",
        HUB,
        1.3,
        (
            bid("Lalu Lintas", HUB, "Manajemen dan Rekayasa Lalu Lintas", "Pengendalian Operasional"),
            bid("Angkutan", HUB, "Angkutan Orang", "Terminal"),
            bid("Sarana dan Prasarana", HUB, "Perparkiran", "Pengujian Kendaraan"),
        ),
        (
            *jfs("Penguji Kendaraan Bermotor", (TR, MH, AP), HUB, ("transportasi",), 1.0),
            jf("Analis Transportasi", AP, HUB, ("transportasi",), 0.4, pend="S1"),
            pel("Pengatur Lalu Lintas", 5, HUB, "SMA", ("transportasi",), 2.0),
            pel("Pengelola Perparkiran", 5, HUB, "SMA", (), 1.2),
            pel("Petugas Terminal", 4, HUB, "SMA", (), 0.8),
        ),
        service=True,
    ),
    OpdSpec(
        "dlh",
        "Dinas Lingkungan Hidup",
        "Kepala Dinas Lingkungan Hidup",
        LH,
        1.5,
        (
            bid("Pengelolaan Sampah dan Limbah B3", LH, "Pengurangan Sampah", "Penanganan Sampah"),
            bid("Penataan dan Peningkatan Kapasitas Lingkungan Hidup", LH, "Kajian Dampak Lingkungan"),
            bid("Pengendalian Pencemaran dan Kerusakan Lingkungan", LH, "Pemantauan Kualitas Lingkungan"),
            bid("Pertamanan dan Ruang Terbuka Hijau", LH, "Pertamanan"),
        ),
        (
            *jfs("Pengendali Dampak Lingkungan", (AP, AM), LH, ("lingkungan",), 1.0),
            jf("Pengawas Lingkungan Hidup", AP, LH, ("lingkungan",), 0.6),
            pel("Pengawas Kebersihan", 5, LH, "SMA", ("lingkungan",), 1.5),
            pel("Pengelola Persampahan", 5, LH, "SMA", (), 1.5),
            pel("Petugas Pertamanan", 3, LH, "SMP", (), 1.0, edu="smp"),
        ),
    ),
    OpdSpec(
        "satpolpp",
        "Satuan Polisi Pamong Praja dan Pemadam Kebakaran",
        "Kepala Satuan Polisi Pamong Praja dan Pemadam Kebakaran",
        TIB,
        1.5,
        (
            bid("Penegakan Peraturan Daerah", TIB, "Penyelidikan dan Penyidikan"),
            bid("Ketertiban Umum dan Ketenteraman Masyarakat", TIB, "Operasi dan Pengendalian"),
            bid("Pemadam Kebakaran dan Penyelamatan", TIB, "Pencegahan Kebakaran", "Operasi Pemadaman"),
        ),
        (
            *jfs("Polisi Pamong Praja", (TR, MH, PY), TIB, (), 2.5, pend="SMA", edu="sma"),
            jf("Polisi Pamong Praja", AP, TIB, ("hukum", "pemerintahan"), 0.6),
            *jfs("Analis Kebakaran", (TR, MH), TIB, (), 1.2, pend="SMA", edu="sma"),
            pel("Pengelola Ketenteraman dan Ketertiban Umum", 6, TIB, "SMA", (), 1.5),
            pel("Petugas Pemadam Kebakaran", 5, TIB, "SMA", (), 1.5),
        ),
    ),
    OpdSpec(
        "bapenda",
        "Badan Pendapatan Daerah",
        "Kepala Badan Pendapatan Daerah",
        KEU,
        1.2,
        (
            bid("Pajak Daerah", KEU, "Pendataan dan Penetapan", "Penagihan"),
            bid("Retribusi dan Pendapatan Lain", KEU, "Retribusi"),
            bid("Pengembangan dan Pengendalian Pendapatan", KEU, "Pengendalian"),
        ),
        (
            pel("Pemeriksa Pajak Daerah", 7, KEU, "S1", ("akuntansi", "ekonomi"), 1.2),
            pel("Penagih Pajak Daerah", 6, KEU, "SMA", ("ekonomi",), 1.5),
            pel("Pengelola Pajak dan Retribusi Daerah", 6, KEU, "D3", ("akuntansi", "ekonomi"), 1.5),
            jf("Analis Keuangan Pusat dan Daerah", AP, KEU, ("akuntansi", "ekonomi"), 0.6),
        ),
        service=True,
    ),
    OpdSpec(
        "dpmptsp",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        EKO,
        0.8,
        (
            bid("Pelayanan Perizinan", EKO, "Perizinan Usaha", "Perizinan Non Usaha"),
            bid("Penanaman Modal", EKO, "Promosi Penanaman Modal"),
        ),
        (
            *jfs("Penata Perizinan", (AP, AM), EKO, ("administrasi", "hukum"), 1.0),
            jf("Analis Penanaman Modal", AP, EKO, ("ekonomi",), 0.5),
            pel("Pengadministrasi Perizinan", 5, EKO, "SMA", ("administrasi",), 1.5),
            pel("Verifikator Perizinan", 7, EKO, "S1", ("hukum", "administrasi"), 1.0),
        ),
        service=True,
    ),
    OpdSpec(
        "diskominfo",
        "Dinas Komunikasi, Informatika dan Statistik",
        "Kepala Dinas Komunikasi, Informatika dan Statistik",
        TI,
        0.8,
        (
            bid("Aplikasi Informatika", TI, "Pengembangan Aplikasi", "Infrastruktur dan Keamanan Informasi"),
            bid("Informasi dan Komunikasi Publik", KOM, "Pengelolaan Informasi Publik"),
            bid("Statistik dan Persandian", TI, "Statistik Sektoral"),
        ),
        (
            *jfs("Pranata Komputer", (TR, AP, AM), TI, ("informatika",), 1.5),
            *jfs("Pranata Hubungan Masyarakat", (AP, AM), KOM, ("komunikasi",), 0.8),
            jf("Statistisi", AP, REN, ("planologi", "informatika"), 0.5),
            jf("Sandiman", AP, TI, ("informatika",), 0.4),
            pel("Pengelola Sistem dan Jaringan", 7, TI, "D3", ("informatika",), 1.0),
            pel("Pengelola Media Informasi", 6, KOM, "D3", ("komunikasi",), 0.8),
        ),
    ),
    OpdSpec(
        "pertanian",
        "Dinas Pertanian dan Ketahanan Pangan",
        "Kepala Dinas Pertanian dan Ketahanan Pangan",
        TAN,
        2.5,
        (
            bid("Tanaman Pangan dan Hortikultura", TAN, "Produksi Tanaman Pangan", "Hortikultura"),
            bid("Peternakan dan Kesehatan Hewan", TAN, "Kesehatan Hewan"),
            bid("Penyuluhan", TAN, "Kelembagaan Penyuluhan"),
            bid("Ketahanan Pangan", TAN, "Distribusi dan Cadangan Pangan"),
        ),
        (
            *jfs("Penyuluh Pertanian", (TR, MH, AP, AM), TAN, ("pertanian",), 3.0, pppk=True),
            jf("Pengendali Organisme Pengganggu Tumbuhan", TR, TAN, ("pertanian",), 0.6),
            jf("Medik Veteriner", AP, TAN, ("pertanian",), 0.4),
            jf("Paramedik Veteriner", TR, TAN, ("pertanian",), 0.5),
            jf("Analis Ketahanan Pangan", AP, TAN, ("pertanian",), 0.5),
            pel("Pengelola Data Pertanian", 6, TAN, "D3", ("pertanian",), 0.8),
        ),
    ),
    OpdSpec(
        "perkim",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman",
        "Kepala Dinas Perumahan Rakyat dan Kawasan Permukiman",
        TEK,
        0.8,
        (
            bid("Perumahan", TEK, "Penyediaan Perumahan"),
            bid("Kawasan Permukiman", TEK, "Peningkatan Kualitas Permukiman"),
            bid("Pertanahan", TEK, "Pengadaan Tanah"),
        ),
        (
            jf("Teknik Tata Bangunan dan Perumahan", AP, TEK, ("teknik_sipil",), 1.0),
            jf("Penata Kelola Sistem dan Teknologi Informasi", AP, TI, ("informatika",), 0.3),
            pel("Pengawas Bangunan", 7, TEK, "D3", ("teknik_sipil",), 1.0),
            pel("Pengelola Data Permukiman", 6, TEK, "D3", ("teknik_sipil", "planologi"), 0.8),
        ),
    ),
    OpdSpec(
        "dp3akb",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana",
        "Kepala Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana",
        SOS,
        1.2,
        (
            bid("Pemberdayaan Perempuan dan Perlindungan Anak", SOS, "Perlindungan Anak"),
            bid("Pengendalian Penduduk dan Keluarga Berencana", DUK, "Pengendalian Penduduk", "Keluarga Berencana"),
        ),
        (
            *jfs("Penyuluh Keluarga Berencana", (TR, AP, AM), DUK, ("kesmas", "sosial"), 2.0, pppk=True),
            jf("Pekerja Sosial", AP, SOS, ("sosial",), 0.5),
            pel("Pendamping Perlindungan Perempuan dan Anak", 6, SOS, "D3", ("sosial", "hukum"), 0.8),
        ),
    ),
    OpdSpec(
        "koperasi",
        "Dinas Koperasi, Usaha Kecil dan Menengah, Perdagangan dan Perindustrian",
        "Kepala Dinas Koperasi, Usaha Kecil dan Menengah, Perdagangan dan Perindustrian",
        EKO,
        1.0,
        (
            bid("Koperasi dan Usaha Mikro", EKO, "Pengawasan Koperasi"),
            bid("Perdagangan", EKO, "Sarana Perdagangan", "Metrologi Legal"),
            bid("Perindustrian", EKO, "Industri Kecil dan Menengah"),
        ),
        (
            jf("Pengawas Koperasi", AP, EKO, ("ekonomi",), 0.8),
            *jfs("Penera", (TR, AP), EKO, ("teknik_sipil", "ekonomi"), 0.6),
            jf("Pengawas Perdagangan", AP, EKO, ("ekonomi",), 0.5),
            pel("Pengelola Pasar", 5, EKO, "SMA", ("ekonomi",), 1.5),
            pel("Penyuluh Usaha Mikro", 6, EKO, "D3", ("ekonomi",), 0.8),
        ),
    ),
    OpdSpec(
        "disnaker",
        "Dinas Tenaga Kerja",
        "Kepala Dinas Tenaga Kerja",
        EKO,
        0.6,
        (
            bid("Penempatan dan Pelatihan Kerja", EKO, "Penempatan Tenaga Kerja"),
            bid("Hubungan Industrial", EKO, "Persyaratan Kerja"),
        ),
        (
            *jfs("Mediator Hubungan Industrial", (AP, AM), EKO, ("hukum",), 0.8),
            jf("Pengantar Kerja", AP, EKO, ("sosial", "ekonomi"), 0.6),
            jf("Instruktur", TR, EKO, ("teknik_sipil", "informatika"), 0.6),
            pel("Pengadministrasi Ketenagakerjaan", 5, EKO, "SMA", ("administrasi",), 1.0),
        ),
        service=True,
    ),
    OpdSpec(
        "disparpora",
        "Dinas Pariwisata, Pemuda dan Olahraga",
        "Kepala Dinas Pariwisata, Pemuda dan Olahraga",
        PAR,
        0.8,
        (
            bid("Destinasi dan Industri Pariwisata", PAR, "Destinasi Wisata"),
            bid("Pemasaran Pariwisata", PAR, "Promosi"),
            bid("Kepemudaan dan Olahraga", PAR, "Olahraga"),
        ),
        (
            jf("Adyatama Kepariwisataan dan Ekonomi Kreatif", AP, PAR, ("pariwisata",), 0.8),
            jf("Pamong Budaya", AP, PAR, ("pariwisata",), 0.5),
            pel("Pengelola Objek Wisata", 5, PAR, "SMA", ("pariwisata",), 1.5),
            pel("Pengelola Sarana Olahraga", 5, PAR, "SMA", (), 1.0),
        ),
    ),
    OpdSpec(
        "perpustakaan",
        "Dinas Perpustakaan dan Kearsipan",
        "Kepala Dinas Perpustakaan dan Kearsipan",
        PUS,
        0.7,
        (
            bid("Perpustakaan", PUS, "Layanan Perpustakaan"),
            bid("Kearsipan", PUS, "Pengelolaan Arsip"),
        ),
        (
            *jfs("Pustakawan", (TR, AP, AM), PUS, ("perpustakaan",), 1.2),
            *jfs("Arsiparis", (TR, AP, AM), PUS, ("perpustakaan",), 1.2),
            pel("Pengelola Layanan Perpustakaan", 5, PUS, "SMA", ("perpustakaan",), 1.0),
            pel("Pengelola Arsip", 6, PUS, "D3", ("perpustakaan", "administrasi"), 0.8),
        ),
        service=True,
    ),
    OpdSpec(
        "bpbd",
        "Badan Penanggulangan Bencana Daerah",
        "Kepala Pelaksana Badan Penanggulangan Bencana Daerah",
        TIB,
        0.6,
        (
            bid("Pencegahan dan Kesiapsiagaan", TIB, "Kesiapsiagaan"),
            bid("Kedaruratan dan Logistik", TIB, "Logistik"),
            bid("Rehabilitasi dan Rekonstruksi", TIB, "Rekonstruksi"),
        ),
        (
            *jfs("Analis Bencana", (AP, AM), TIB, ("lingkungan", "teknik_sipil"), 0.8),
            pel("Petugas Penanggulangan Bencana", 5, TIB, "SMA", (), 1.5),
            pel("Pengelola Logistik", 6, TIB, "D3", ("administrasi",), 0.8),
        ),
    ),
    OpdSpec(
        "kesbangpol",
        "Badan Kesatuan Bangsa dan Politik",
        "Kepala Badan Kesatuan Bangsa dan Politik",
        PEM,
        0.5,
        (
            bid("Ideologi, Wawasan Kebangsaan dan Karakter Bangsa", PEM, "Wawasan Kebangsaan"),
            bid("Politik Dalam Negeri dan Organisasi Kemasyarakatan", PEM, "Organisasi Kemasyarakatan"),
        ),
        (
            *jfs("Analis Kebijakan", (AP, AM), ADM, ("pemerintahan", "sosial"), 0.8),
            pel("Analis Sosial Politik", 7, PEM, "S1", ("pemerintahan", "sosial"), 1.0),
            pel("Pengadministrasi Pemerintahan", 5, PEM, "SMA", ("pemerintahan",), 0.8),
        ),
    ),
    OpdSpec(
        "perikanan",
        "Dinas Perikanan",
        "Kepala Dinas Perikanan",
        TAN,
        0.8,
        (
            bid("Perikanan Budidaya", TAN, "Produksi Budidaya"),
            bid("Perikanan Tangkap", TAN, "Sarana Perikanan Tangkap"),
        ),
        (
            *jfs("Penyuluh Perikanan", (TR, AP), TAN, ("pertanian",), 1.5, pppk=True),
            jf("Pengawas Perikanan", AP, TAN, ("pertanian",), 0.6),
            pel("Pengelola Produksi Perikanan", 6, TAN, "D3", ("pertanian",), 0.8),
        ),
    ),
    OpdSpec(
        "setwan",
        "Sekretariat DPRD",
        "Sekretaris DPRD",
        ADM,
        1.2,
        (
            bid("Umum dan Keuangan", ADM, "Rumah Tangga", "Keuangan", kind="Bagian"),
            bid("Persidangan dan Perundang-undangan", HUK, "Persidangan dan Risalah", kind="Bagian"),
            bid("Fasilitasi Penganggaran dan Pengawasan", REN, "Fasilitasi Penganggaran", kind="Bagian"),
        ),
        (
            *jfs("Analis Kebijakan", (AP, AM), ADM, ("administrasi", "pemerintahan"), 0.8),
            jf("Perancang Peraturan Perundang-undangan", AP, HUK, ("hukum",), 0.6),
            jf("Pranata Hubungan Masyarakat", AP, KOM, ("komunikasi",), 0.4),
            pel("Penyusun Risalah Rapat", 7, HUK, "S1", ("hukum", "administrasi"), 1.0),
            pel("Pengadministrasi Persidangan", 5, ADM, "SMA", ("administrasi",), 1.2),
        ),
        secretary=None,
    ),
)

# Priority order in which optional OPDs are added as regions grow (after the core ones).
OPD_ORDER = (
    "setda",
    "disdik",
    "dinkes",
    "bkpsdm",
    "bpkad",
    "inspektorat",
    "bappeda",
    "setwan",
    "disdukcapil",
    "pupr",
    "dinsos",
    "satpolpp",
    "dishub",
    "dlh",
    "rsud",
    "bapenda",
    "dpmptsp",
    "diskominfo",
    "pertanian",
    "perkim",
    "dp3akb",
    "koperasi",
    "disnaker",
    "perpustakaan",
    "disparpora",
    "bpbd",
    "kesbangpol",
    "perikanan",
)
OPD_BY_KEY = {o.key: o for o in OPDS}

KECAMATAN = OpdSpec(
    "kecamatan",
    "Kecamatan",
    "Camat",
    PEM,
    1.5,
    (
        Bidang("", "Kepala Seksi Pemerintahan", PEM, head_jenis="pengawas", head_kelas=9),
        Bidang("", "Kepala Seksi Ketenteraman dan Ketertiban Umum", TIB, head_jenis="pengawas", head_kelas=9),
        Bidang("", "Kepala Seksi Pemberdayaan Masyarakat", SOS, head_jenis="pengawas", head_kelas=9),
        Bidang("", "Kepala Seksi Pelayanan Umum", PEM, head_jenis="pengawas", head_kelas=9),
    ),
    (
        pel("Pengadministrasi Pemerintahan", 5, PEM, "SMA", ("pemerintahan",), 1.5),
        pel("Pengelola Pelayanan Administrasi Terpadu", 6, PEM, "D3", ("administrasi", "pemerintahan"), 1.5),
        pel("Pengelola Ketenteraman dan Ketertiban Umum", 6, TIB, "SMA", (), 0.8),
        pel("Pengadministrasi Kependudukan", 5, DUK, "SMA", ("administrasi",), 1.0),
        jf("Analis Kebijakan", AP, ADM, ("pemerintahan", "administrasi"), 0.4),
    ),
    head_jenis="administrator",
    head_kelas=12,
    secretary="Sekretaris Kecamatan",
    service=True,
    seksi_in_office=True,
)

# Posts of UPT units, in priority order (the first ones are always created).
SCHOOL_POSTS: tuple[PostT, ...] = (
    jf("Guru", AM, PDD, GURU_FAMS, 6.0, pppk=True),
    jf("Guru", AP, PDD, GURU_FAMS, 5.0, pppk=True),
    pel("Pengadministrasi Sekolah", 5, ADM, "SMA", ("administrasi",), 1.2),
    jf("Guru", AMD, PDD, GURU_FAMS, 3.5),
    pel("Penjaga Sekolah", 1, ADM, "SD", (), 0.6, edu="sd"),
)
PUSKESMAS_POSTS: tuple[PostT, ...] = (
    jf("Perawat", TR, KES, NAKES_PERAWAT, 3.0, pppk=True),
    jf("Bidan", TR, KES, ("kebidanan",), 3.0, pppk=True),
    jf("Dokter", AP, KES, ("kedokteran",), 1.2),
    pel("Pengadministrasi Umum", 5, ADM, "SMA", ("administrasi",), 1.2),
    jf("Perawat", AP, KES, NAKES_PERAWAT, 1.5, pppk=True),
    jf("Bidan", MH, KES, ("kebidanan",), 1.5),
    jf("Perawat", MH, KES, NAKES_PERAWAT, 1.5),
    jf("Asisten Apoteker", TR, KES, ("farmasi",), 0.8, pppk=True),
    jf("Pranata Laboratorium Kesehatan", TR, KES, ("kesmas",), 0.8, pppk=True),
    jf("Sanitarian", TR, KES, ("kesmas", "lingkungan"), 0.7),
    jf("Nutrisionis", TR, KES, ("kesmas",), 0.7),
    pel("Pengelola Keuangan", 7, KEU, "D3", ("akuntansi",), 0.8),
    jf("Dokter Gigi", AP, KES, ("kedokteran_gigi",), 0.5),
    jf("Perekam Medis", TR, KES, ("kesmas",), 0.6),
    jf("Penyuluh Kesehatan Masyarakat", AP, KES, ("kesmas",), 0.6),
    jf("Dokter", AM, KES, ("kedokteran",), 0.6),
    jf("Apoteker", AP, KES, ("farmasi",), 0.5),
)
KELURAHAN_POSTS: tuple[PostT, ...] = (
    pel("Pengadministrasi Pemerintahan", 5, PEM, "SMA", ("pemerintahan",), 1.5),
    pel("Pengelola Pelayanan Kelurahan", 6, PEM, "D3", ("administrasi", "pemerintahan"), 1.0),
)

# --------------------------------------------------------------------------------------------------
# Place names for kecamatan, kelurahan and puskesmas.
KECAMATAN_NAMES = {
    "6171": (
        "Pontianak Kota",
        "Pontianak Barat",
        "Pontianak Selatan",
        "Pontianak Tenggara",
        "Pontianak Timur",
        "Pontianak Utara",
    ),
    "5271": ("Ampenan", "Cakranegara", "Mataram", "Sandubaya", "Sekarbela", "Selaparang"),
    "1277": (
        "Padangsidimpuan Utara",
        "Padangsidimpuan Selatan",
        "Padangsidimpuan Batunadua",
        "Padangsidimpuan Hutaimbaru",
        "Padangsidimpuan Tenggara",
        "Padangsidimpuan Angkola Julu",
    ),
    "1373": ("Barangin", "Lembah Segar", "Silungkang", "Talawi"),
    "3402": (
        "Bantul",
        "Banguntapan",
        "Sewon",
        "Kasihan",
        "Pajangan",
        "Pandak",
        "Bambanglipuro",
        "Imogiri",
        "Jetis",
        "Pleret",
        "Piyungan",
        "Dlingo",
        "Pundong",
        "Kretek",
        "Sanden",
        "Srandakan",
        "Sedayu",
    ),
}
COMPASS = ("Kota", "Utara", "Selatan", "Timur", "Barat", "Tengah", "Tenggara", "Barat Daya", "Timur Laut")
PLACE_NAMES = (
    "Sukamaju",
    "Sukajaya",
    "Mekarsari",
    "Sidomulyo",
    "Karanganyar",
    "Tanjung Harapan",
    "Suka Damai",
    "Margodadi",
    "Sumber Rejo",
    "Kota Baru",
    "Pasar Baru",
    "Air Itam",
    "Kampung Baru",
    "Sungai Raya",
    "Tanjung Hulu",
    "Bukit Indah",
    "Harapan Jaya",
    "Sido Makmur",
    "Sungai Bangkong",
    "Parit Tokaya",
    "Bangka Belitung Laut",
    "Benua Melayu",
    "Dasan Agung",
    "Cilinaya",
    "Pagesangan",
    "Karang Pule",
    "Wirobrajan",
    "Trirenggo",
    "Panggungharjo",
    "Timbangan",
    "Sadabuan",
    "Wek",
    "Aek Tampang",
    "Kubang Sirakuk",
    "Saringan",
    "Durian II",
    "Muaro Kalaban",
    "Lubuk Baru",
    "Sinar Harapan",
    "Tanah Merah",
    "Rawa Indah",
    "Jaya Mukti",
    "Bina Karya",
    "Sumber Agung",
)

# --------------------------------------------------------------------------------------------------
# Tasks (uraian_tugas): (task, output unit, typical minutes per unit).
Task = tuple[str, str, int]
TASKS: dict[str, tuple[Task, ...]] = {
    "JPT": (
        ("Merumuskan kebijakan teknis perangkat daerah", "dokumen", 2400),
        ("Memimpin rapat koordinasi pimpinan", "kegiatan", 180),
        ("Menandatangani dan mendisposisi naskah dinas", "naskah", 10),
        ("Menyusun rencana strategis perangkat daerah", "dokumen", 4800),
        ("Mengevaluasi capaian kinerja perangkat daerah", "laporan", 960),
        ("Melaksanakan pembinaan pegawai", "kegiatan", 240),
        ("Mewakili pimpinan daerah dalam acara resmi", "kegiatan", 240),
        ("Menyampaikan laporan kepada Kepala Daerah", "laporan", 480),
    ),
    "administrator": (
        ("Menyusun rencana kerja bidang", "dokumen", 960),
        ("Mengoordinasikan pelaksanaan program bidang", "kegiatan", 240),
        ("Memeriksa dan memaraf konsep naskah dinas", "naskah", 20),
        ("Memimpin rapat teknis bidang", "kegiatan", 120),
        ("Menyusun laporan kinerja bidang", "laporan", 720),
        ("Melakukan monitoring dan evaluasi kegiatan", "laporan", 480),
        ("Membina dan menilai kinerja bawahan", "pegawai", 120),
    ),
    "pengawas": (
        ("Menyusun rencana kegiatan seksi/subbagian", "dokumen", 480),
        ("Membagi tugas dan memberi petunjuk kepada bawahan", "kegiatan", 60),
        ("Memeriksa hasil kerja bawahan", "berkas", 30),
        ("Menyiapkan bahan kebijakan teknis", "dokumen", 360),
        ("Menyusun laporan pelaksanaan kegiatan", "laporan", 240),
        ("Melakukan verifikasi dokumen kegiatan", "berkas", 45),
        ("Menilai kinerja bawahan", "pegawai", 90),
    ),
    ADM: (
        ("Mengagendakan surat masuk dan keluar", "surat", 8),
        ("Menyusun konsep surat dinas", "konsep", 30),
        ("Mengarsipkan dokumen dan naskah dinas", "berkas", 10),
        ("Menyiapkan bahan rapat", "kegiatan", 90),
        ("Melayani tamu dan menerima pengaduan", "orang", 15),
        ("Menginput data ke aplikasi", "data", 5),
        ("Menyusun notula rapat", "notula", 60),
        ("Menggandakan dan mendistribusikan dokumen", "berkas", 6),
        ("Menyusun laporan administrasi bulanan", "laporan", 240),
    ),
    KEU: (
        ("Memverifikasi surat pertanggungjawaban (SPJ)", "berkas", 30),
        ("Membuat SPP dan SPM", "dokumen", 45),
        ("Mencatat transaksi dalam buku kas umum", "transaksi", 5),
        ("Menyusun laporan keuangan bulanan", "laporan", 480),
        ("Melakukan rekonsiliasi bank", "laporan", 240),
        ("Memungut dan menyetorkan pajak", "transaksi", 15),
        ("Menginventarisasi barang milik daerah", "barang", 10),
        ("Menyusun laporan realisasi anggaran", "laporan", 360),
    ),
    KEP: (
        ("Memproses usulan kenaikan pangkat", "berkas", 60),
        ("Memproses usulan mutasi pegawai", "berkas", 90),
        ("Memutakhirkan data pegawai pada SIMPEG", "data", 10),
        ("Menyusun analisis jabatan dan beban kerja", "dokumen", 960),
        ("Memproses cuti pegawai", "berkas", 20),
        ("Menyelenggarakan seleksi dan uji kompetensi", "kegiatan", 1440),
        ("Menyusun rencana pengembangan kompetensi", "dokumen", 720),
        ("Memproses usulan pensiun", "berkas", 90),
    ),
    REN: (
        ("Menyusun rencana kerja perangkat daerah", "dokumen", 1440),
        ("Mengolah data indikator kinerja", "data", 20),
        ("Menyusun laporan evaluasi pembangunan", "laporan", 960),
        ("Memfasilitasi musyawarah perencanaan pembangunan", "kegiatan", 480),
        ("Menyusun kajian perencanaan", "dokumen", 2400),
        ("Memverifikasi usulan program dan kegiatan", "usulan", 60),
        ("Menyusun bahan paparan perencanaan", "dokumen", 240),
    ),
    WAS: (
        ("Melaksanakan audit kinerja", "laporan hasil audit", 4800),
        ("Melakukan reviu laporan keuangan", "laporan", 2400),
        ("Menyusun kertas kerja pemeriksaan", "dokumen", 480),
        ("Menangani pengaduan masyarakat", "kasus", 960),
        ("Memantau tindak lanjut hasil pemeriksaan", "rekomendasi", 60),
        ("Melaksanakan evaluasi SAKIP", "laporan", 1440),
        ("Melakukan probity audit pengadaan", "paket", 720),
    ),
    HUK: (
        ("Menyusun rancangan peraturan daerah", "rancangan", 4800),
        ("Mengharmonisasi rancangan peraturan kepala daerah", "rancangan", 960),
        ("Memberikan pertimbangan hukum", "telaahan", 240),
        ("Mendampingi perkara di pengadilan", "perkara", 1440),
        ("Mendokumentasikan produk hukum daerah", "dokumen", 30),
        ("Menyusun risalah rapat", "risalah", 180),
    ),
    TI: (
        ("Mengembangkan aplikasi layanan", "modul", 2400),
        ("Memelihara jaringan dan server", "kegiatan", 120),
        ("Menangani gangguan perangkat TIK", "laporan", 45),
        ("Mengelola basis data", "kegiatan", 60),
        ("Menyusun data statistik sektoral", "tabel", 120),
        ("Melakukan uji keamanan sistem informasi", "laporan", 480),
    ),
    KOM: (
        ("Menyusun siaran pers", "naskah", 90),
        ("Mendokumentasikan kegiatan pimpinan", "kegiatan", 120),
        ("Mengelola konten media sosial resmi", "konten", 45),
        ("Melayani permohonan informasi publik", "permohonan", 60),
        ("Menyiapkan protokol acara resmi", "kegiatan", 240),
    ),
    PDD: (
        ("Melaksanakan pembelajaran tatap muka", "jam pelajaran", 40),
        ("Menyusun rencana pelaksanaan pembelajaran", "dokumen", 120),
        ("Menilai hasil belajar peserta didik", "lembar", 10),
        ("Melaksanakan bimbingan dan konseling", "siswa", 30),
        ("Menyusun dan memeriksa soal ujian", "paket", 240),
        ("Melaksanakan supervisi akademik", "sekolah", 480),
        ("Memutakhirkan data pokok pendidikan", "data", 10),
        ("Membina kegiatan ekstrakurikuler", "kegiatan", 90),
    ),
    KES: (
        ("Melakukan pengkajian keperawatan", "pasien", 30),
        ("Memberikan pelayanan pemeriksaan pasien", "pasien", 15),
        ("Melaksanakan imunisasi", "orang", 10),
        ("Melakukan pemeriksaan kehamilan", "ibu hamil", 30),
        ("Melakukan pemeriksaan laboratorium", "sampel", 20),
        ("Menyiapkan dan menyerahkan obat", "resep", 8),
        ("Melaksanakan penyuluhan kesehatan", "kegiatan", 120),
        ("Mengelola rekam medis pasien", "berkas", 6),
        ("Melakukan surveilans penyakit", "laporan", 240),
        ("Melakukan kunjungan rumah", "keluarga", 60),
    ),
    TEK: (
        ("Menyusun rencana teknis dan gambar kerja", "dokumen", 1440),
        ("Mengawasi pelaksanaan pekerjaan konstruksi", "paket", 960),
        ("Melakukan pengukuran lapangan (m\u00b2)", "lokasi", 240),
        ("Menghitung rencana anggaran biaya", "dokumen", 480),
        ("Memeriksa dokumen persetujuan bangunan gedung", "berkas", 120),
        ("Melaksanakan pemeliharaan rutin jalan", "ruas", 480),
        ("Menginventarisasi kondisi jalan dan jembatan", "ruas", 120),
    ),
    HUB: (
        ("Mengatur arus lalu lintas", "jam", 60),
        ("Melaksanakan uji berkala kendaraan bermotor", "kendaraan", 30),
        ("Mengelola retribusi parkir", "transaksi", 5),
        ("Menyusun kajian manajemen lalu lintas", "dokumen", 1440),
        ("Mengawasi operasional terminal", "shift", 480),
        ("Memasang dan memelihara rambu", "unit", 90),
    ),
    LH: (
        ("Mengawasi pengangkutan sampah", "rute", 120),
        ("Memeriksa dokumen lingkungan (UKL-UPL)", "dokumen", 480),
        ("Mengambil sampel kualitas air dan udara", "sampel", 60),
        ("Memelihara taman kota", "lokasi", 240),
        ("Menangani pengaduan pencemaran", "kasus", 480),
        ("Menyusun laporan status lingkungan hidup", "laporan", 2400),
    ),
    SOS: (
        ("Melakukan asesmen penyandang masalah sosial", "orang", 90),
        ("Memverifikasi data terpadu kesejahteraan sosial", "keluarga", 15),
        ("Menyalurkan bantuan sosial", "paket", 20),
        ("Mendampingi korban kekerasan", "kasus", 480),
        ("Melaksanakan rehabilitasi sosial", "orang", 240),
        ("Menyusun laporan penanganan fakir miskin", "laporan", 480),
    ),
    DUK: (
        ("Melayani perekaman KTP elektronik", "orang", 10),
        ("Menerbitkan kartu keluarga", "dokumen", 15),
        ("Menerbitkan akta kelahiran", "akta", 20),
        ("Memproses surat pindah datang", "berkas", 20),
        ("Memverifikasi data kependudukan", "data", 5),
        ("Melaksanakan konsolidasi data kependudukan", "laporan", 960),
        ("Memberikan penyuluhan keluarga berencana", "kegiatan", 120),
    ),
    TIB: (
        ("Melaksanakan patroli ketertiban umum", "kegiatan", 240),
        ("Menegakkan peraturan daerah", "kasus", 480),
        ("Melaksanakan pengamanan kegiatan", "kegiatan", 360),
        ("Menangani kejadian kebakaran", "kejadian", 240),
        ("Melaksanakan sosialisasi pencegahan kebakaran", "kegiatan", 180),
        ("Melaksanakan piket siaga", "shift", 480),
    ),
    PEM: (
        ("Melayani administrasi kependudukan di kecamatan", "berkas", 15),
        ("Memfasilitasi penyelenggaraan pemerintahan desa/kelurahan", "kegiatan", 240),
        ("Menyusun laporan penyelenggaraan pemerintahan", "laporan", 960),
        ("Menerbitkan surat keterangan", "surat", 15),
        ("Mengoordinasikan kegiatan lintas sektor", "kegiatan", 180),
        ("Menyusun telaahan staf", "telaahan", 180),
    ),
    EKO: (
        ("Memproses permohonan perizinan berusaha", "berkas", 60),
        ("Melakukan pengawasan koperasi", "koperasi", 480),
        ("Melaksanakan tera dan tera ulang (\u2013 UTTP)", "alat", 20),
        ("Memantau harga bahan pokok", "laporan", 120),
        ("Melaksanakan mediasi perselisihan hubungan industrial", "kasus", 960),
        ("Membina pelaku usaha mikro", "pelaku usaha", 120),
    ),
    TAN: (
        ("Melaksanakan penyuluhan pertanian", "kegiatan", 240),
        ("Membina kelompok tani", "kelompok", 180),
        ("Mengamati organisme pengganggu tumbuhan", "laporan", 240),
        ("Melakukan vaksinasi ternak", "ekor", 10),
        ("Menyusun data produksi pertanian", "laporan", 480),
        ("Melaksanakan penyuluhan perikanan", "kegiatan", 240),
    ),
    PAR: (
        ("Mengelola objek wisata daerah", "hari", 240),
        ("Menyelenggarakan promosi pariwisata", "kegiatan", 960),
        ("Membina sanggar seni dan budaya", "sanggar", 240),
        ("Mendata cagar budaya", "objek", 180),
        ("Menyelenggarakan kegiatan kepemudaan dan olahraga", "kegiatan", 960),
    ),
    PUS: (
        ("Melayani peminjaman buku", "transaksi", 5),
        ("Mengolah bahan pustaka", "judul", 30),
        ("Menata arsip inaktif", "boks", 60),
        ("Memberikan layanan referensi", "orang", 20),
        ("Menyelenggarakan pembinaan kearsipan", "kegiatan", 480),
        ("Menyusun daftar arsip", "daftar", 120),
    ),
    PBJ: (
        ("Melaksanakan pemilihan penyedia barang/jasa", "paket", 1440),
        ("Menyusun dokumen pemilihan", "dokumen", 480),
        ("Melakukan evaluasi penawaran", "penawaran", 240),
        ("Mengelola katalog elektronik", "produk", 30),
        ("Memberikan pendampingan pengadaan", "kegiatan", 240),
    ),
}

# --------------------------------------------------------------------------------------------------
# Training (diklat)
LEADERSHIP_COURSE = {
    "JPT": ("Pelatihan Kepemimpinan Nasional Tingkat II", 280),
    "administrator": ("Pelatihan Kepemimpinan Administrator", 240),
    "pengawas": ("Pelatihan Kepemimpinan Pengawas", 180),
}
TECHNICAL_COURSES: dict[str, tuple[str, ...]] = {
    ADM: (
        "Bimtek Tata Naskah Dinas",
        "Pelatihan Pengelolaan Arsip Dinamis",
        "Pelatihan Pelayanan Prima",
        "Bimtek Aplikasi SRIKANDI",
    ),
    KEU: (
        "Bimtek Penatausahaan Keuangan Daerah",
        "Pelatihan Akuntansi Berbasis Akrual",
        "Bimtek SIPD Penatausahaan",
        "Pelatihan Perpajakan Bendahara",
    ),
    KEP: (
        "Bimtek Analisis Jabatan dan ABK",
        "Pelatihan Manajemen Talenta ASN",
        "Bimtek SIASN",
        "Pelatihan Asesor Kompetensi",
    ),
    REN: ("Bimtek Penyusunan Renja dan Renstra", "Pelatihan Perencanaan Berbasis Kinerja", "Bimtek SAKIP"),
    WAS: ("Pelatihan Audit Kinerja", "Pelatihan Audit Investigatif", "Bimtek Reviu Laporan Keuangan"),
    HUK: ("Pelatihan Legal Drafting", "Bimtek Harmonisasi Produk Hukum Daerah"),
    TI: ("Pelatihan Keamanan Siber", "Pelatihan Pengembangan Aplikasi Web", "Bimtek Satu Data Indonesia"),
    KOM: ("Pelatihan Kehumasan Pemerintah", "Pelatihan Fotografi dan Videografi"),
    PDD: (
        "Pelatihan Implementasi Kurikulum Merdeka",
        "Bimtek Asesmen Pembelajaran",
        "Pelatihan Guru Penggerak",
        "Pelatihan Pembelajaran Berdiferensiasi",
    ),
    KES: (
        "Pelatihan Basic Life Support",
        "Pelatihan Pencegahan dan Pengendalian Infeksi",
        "Pelatihan Tata Laksana Gizi Buruk",
        "Pelatihan Asuhan Persalinan Normal",
        "Pelatihan Penanggulangan Gawat Darurat",
    ),
    TEK: (
        "Bimtek Manajemen Konstruksi",
        "Pelatihan Perencanaan Jalan dan Jembatan",
        "Bimtek Persetujuan Bangunan Gedung",
    ),
    HUB: ("Diklat Manajemen Lalu Lintas", "Pelatihan Pengujian Kendaraan Bermotor"),
    LH: ("Bimtek Pengelolaan Sampah", "Pelatihan AMDAL", "Bimtek Pengawasan Lingkungan"),
    SOS: ("Bimtek Data Terpadu Kesejahteraan Sosial", "Pelatihan Pendampingan Sosial"),
    DUK: ("Bimtek SIAK Terpusat", "Pelatihan Pelayanan Adminduk", "Bimtek Identitas Kependudukan Digital"),
    TIB: ("Diklat Penyidik Pegawai Negeri Sipil", "Pelatihan Pemadam Kebakaran Tingkat I", "Bimtek Penegakan Perda"),
    PEM: ("Bimtek Penyelenggaraan Pemerintahan Kecamatan", "Pelatihan Pelayanan Administrasi Terpadu Kecamatan"),
    EKO: ("Bimtek Online Single Submission", "Pelatihan Pengawasan Koperasi", "Pelatihan Metrologi Legal"),
    TAN: ("Pelatihan Penyuluh Pertanian", "Bimtek Budidaya Padi", "Pelatihan Kesehatan Hewan"),
    PAR: ("Pelatihan Pemandu Wisata", "Bimtek Pengelolaan Destinasi"),
    PUS: ("Pelatihan Pengolahan Bahan Pustaka", "Bimtek Pengelolaan Arsip Statis"),
    PBJ: ("Pelatihan Pengadaan Barang/Jasa Tingkat Dasar", "Bimtek E-Katalog"),
}
SEMINARS = (
    "Seminar Reformasi Birokrasi",
    "Workshop Penyusunan SKP",
    "Webinar Keamanan Informasi",
    "Sosialisasi Manajemen Risiko",
    "Seminar Pelayanan Publik",
    "Workshop Zona Integritas",
    "Webinar Literasi Digital",
    "Sosialisasi Kode Etik ASN",
    "Seminar Kesehatan Mental di Tempat Kerja",
    "Workshop Inovasi Pelayanan Publik",
)

# --------------------------------------------------------------------------------------------------
# Names. Pools by cultural area; each region mixes its own pool with the common one.
COMMON_MALE = (
    "Ahmad",
    "Muhammad",
    "Budi",
    "Agus",
    "Eko",
    "Dedi",
    "Hendra",
    "Rudi",
    "Joko",
    "Bambang",
    "Andi",
    "Rizky",
    "Fajar",
    "Yudi",
    "Arif",
    "Hadi",
    "Imam",
    "Wahyu",
    "Dwi",
    "Teguh",
    "Heru",
    "Bayu",
    "Taufik",
    "Irwan",
    "Rahmat",
    "Fauzan",
    "Hasan",
    "Iwan",
    "Ilham",
    "Yusuf",
    "Aditya",
    "Dimas",
    "Reza",
    "Ridwan",
    "Suryadi",
    "Doni",
    "Anton",
    "Hari",
    "Fikri",
    "Gilang",
    "Hendro",
    "Indra",
    "Jefri",
    "Kurnia",
    "Lukman",
    "Mulyadi",
    "Nanda",
    "Oki",
    "Putra",
    "Rahmad",
    "Samsul",
    "Tono",
    "Umar",
    "Viktor",
    "Wawan",
    "Yoga",
    "Zainal",
    "Bagus",
    "Catur",
    "Dodi",
    "Erik",
    "Galih",
    "Hamdan",
)
COMMON_FEMALE = (
    "Siti",
    "Sri",
    "Dewi",
    "Rina",
    "Nur",
    "Ani",
    "Yuni",
    "Lina",
    "Fitri",
    "Indah",
    "Ratna",
    "Wulan",
    "Ayu",
    "Dian",
    "Maya",
    "Novi",
    "Eka",
    "Endang",
    "Tri",
    "Nurul",
    "Putri",
    "Rini",
    "Kartika",
    "Intan",
    "Dina",
    "Mega",
    "Yanti",
    "Lestari",
    "Rahma",
    "Desi",
    "Evi",
    "Fatimah",
    "Aisyah",
    "Vivi",
    "Winda",
    "Nining",
    "Tuti",
    "Ika",
    "Anisa",
    "Bunga",
    "Citra",
    "Dinda",
    "Elsa",
    "Farida",
    "Gita",
    "Hesti",
    "Irma",
    "Juwita",
    "Kiki",
    "Laila",
    "Melati",
    "Nadia",
    "Oktavia",
    "Puspa",
    "Rosa",
    "Sinta",
    "Tika",
    "Ulfa",
    "Vera",
    "Wati",
    "Yulia",
    "Zahra",
    "Astuti",
    "Mira",
)
COMMON_LAST_MALE = (
    "Santoso",
    "Wibowo",
    "Saputra",
    "Pratama",
    "Hidayat",
    "Kurniawan",
    "Setiawan",
    "Susanto",
    "Nugroho",
    "Purnomo",
    "Wijaya",
    "Hakim",
    "Firmansyah",
    "Ramadhan",
    "Permana",
    "Gunawan",
    "Syahputra",
    "Prasetyo",
    "Hermawan",
    "Rahman",
)
COMMON_LAST_FEMALE = (
    "Lestari",
    "Rahayu",
    "Wulandari",
    "Handayani",
    "Susanti",
    "Purwanti",
    "Safitri",
    "Puspitasari",
    "Anggraini",
    "Kusumawati",
    "Maharani",
    "Novitasari",
    "Yuliana",
    "Permatasari",
    "Oktaviani",
    "Sari",
    "Rahmawati",
    "Utami",
)
AREA_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "batak": {
        "male": (
            "Parlindungan",
            "Ridwan",
            "Syahrial",
            "Mangaraja",
            "Ali Imran",
            "Torang",
            "Rahmat",
            "Zulkifli",
            "Amir",
        ),
        "female": ("Nurhayati", "Rosmawati", "Masdalena", "Nurhalimah", "Erna", "Romaito", "Dahlia", "Nur Aisyah"),
        "surname": (
            "Harahap",
            "Siregar",
            "Nasution",
            "Lubis",
            "Hasibuan",
            "Pohan",
            "Daulay",
            "Rangkuti",
            "Ritonga",
            "Pulungan",
            "Dalimunthe",
            "Batubara",
            "Tanjung",
            "Hutasuhut",
        ),
    },
    "minang": {
        "male": (
            "Afrizal",
            "Zulkarnain",
            "Syafrizal",
            "Erwin",
            "Nofriadi",
            "Asrul",
            "Zulfahmi",
            "Hendri",
            "Yulizar",
            "Defrizal",
            "Masrizal",
        ),
        "female": (
            "Yulianis",
            "Yusnita",
            "Desmawati",
            "Rosmaniar",
            "Yenni",
            "Elfi",
            "Nofiarti",
            "Yasmaini",
            "Marlina",
            "Rahmi",
        ),
        "surname": ("", "", ""),
    },
    "sasak": {
        "male": (
            "Lalu Muhammad",
            "Lalu Ahmad",
            "Zaenal",
            "Hairul",
            "Suhaimi",
            "Sahnan",
            "Mahsun",
            "Lalu Satria",
            "Sapturi",
            "Mujiburrahman",
        ),
        "female": (
            "Baiq Nurul",
            "Baiq Ratna",
            "Rohani",
            "Nurhayati",
            "Sumiati",
            "Rabiatun",
            "Aminah",
            "Baiq Yuliana",
            "Hizmi",
        ),
        "surname": ("", "Hamdi", "Azhar", "Fathurrahman", "Rahmatullah"),
    },
    "melayu_kalbar": {
        "male": (
            "Syarif Hamid",
            "Uray",
            "Gusti Rusdi",
            "Abang Iskandar",
            "Yohanes",
            "Paulus",
            "Suhardi",
            "Hendrikus",
            "Rusdi",
            "Ferry",
        ),
        "female": (
            "Sharifah",
            "Utin Nurhayati",
            "Maria",
            "Yosefina",
            "Agustina",
            "Dayang Nurlela",
            "Lily",
            "Herlina",
            "Wiwik",
        ),
        "surname": ("Alkadrie", "Tan", "Lim", "Abdullah", "Kurniadi", "Usman", "Saleh"),
    },
    "jawa": {
        "male": (
            "Sutrisno",
            "Suparman",
            "Sugeng",
            "Suharyanto",
            "Hartono",
            "Purwanto",
            "Widodo",
            "Budiyanto",
            "Rahmadi",
            "Sukardi",
            "Wahyudi",
            "Sumaryono",
        ),
        "female": (
            "Sri Sumarni",
            "Wahyuningsih",
            "Tri Handayani",
            "Sulistyowati",
            "Ngatini",
            "Sumiyati",
            "Endang Sri",
            "Rini Astuti",
            "Murni",
            "Sukesi",
        ),
        "surname": ("Setyawan", "Haryanto", "Suprapto", "Wibisono", "Nugraha", "Hadiningrat", "Kusuma"),
    },
    "sunda": {
        "male": ("Asep", "Ujang", "Dadang", "Cecep", "Endang", "Dede", "Yayat", "Ade", "Jajang", "Nanang", "Agus"),
        "female": ("Euis", "Neneng", "Imas", "Cucu", "Enok", "Nenden", "Rina", "Lilis", "Yeni", "Tati"),
        "surname": ("Sudrajat", "Hidayat", "Suryana", "Kurnia", "Permana", "Rusmana", "Sopian"),
    },
    "bugis": {
        "male": (
            "Andi Muhammad",
            "Andi Baso",
            "Muhammad Arsyad",
            "Syamsul",
            "Baharuddin",
            "Jufri",
            "Arifuddin",
            "Nasrullah",
        ),
        "female": ("Andi Nurhaeda", "Hasnah", "Rosmiati", "Nurlina", "Jumriati", "Sitti Aminah", "Hasmawati"),
        "surname": ("Rauf", "Latif", "Mappa", "Syam", "Ali", "Saleh"),
    },
    "timur": {
        "male": ("Yohanes", "Fransiskus", "Yakobus", "Markus", "Petrus", "Simon", "Daniel", "Elias", "Agustinus"),
        "female": ("Maria", "Theresia", "Yohana", "Elisabeth", "Magdalena", "Agustina", "Margaretha", "Ester"),
        "surname": ("Manafe", "Pello", "Wenda", "Rumbiak", "Tefa", "Kambu", "Latuheru", "Sinaga", "Wanggai"),
    },
}
PROVINCE_AREA = {
    "11": "melayu_kalbar",
    "12": "batak",
    "13": "minang",
    "14": "melayu_kalbar",
    "15": "minang",
    "16": "jawa",
    "17": "minang",
    "18": "jawa",
    "19": "melayu_kalbar",
    "21": "melayu_kalbar",
    "31": "jawa",
    "32": "sunda",
    "33": "jawa",
    "34": "jawa",
    "35": "jawa",
    "36": "sunda",
    "51": "jawa",
    "52": "sasak",
    "53": "timur",
    "61": "melayu_kalbar",
    "62": "melayu_kalbar",
    "63": "melayu_kalbar",
    "64": "bugis",
    "65": "bugis",
    "71": "timur",
    "72": "bugis",
    "73": "bugis",
    "74": "bugis",
    "75": "bugis",
    "76": "bugis",
    "81": "timur",
    "82": "timur",
    "91": "timur",
    "92": "timur",
    "93": "timur",
    "94": "timur",
    "95": "timur",
    "96": "timur",
    "97": "timur",
}

# --------------------------------------------------------------------------------------------------
# Titles written above the header row in XLSX files.
ENTITY_TITLES = {
    "pegawai": "DATA PEGAWAI",
    "jabatan": "DAFTAR JABATAN",
    "uraian_tugas": "URAIAN TUGAS DAN BEBAN KERJA JABATAN",
    "asesmen_kompetensi": "HASIL ASESMEN KOMPETENSI PEGAWAI",
    "kinerja": "REKAPITULASI PENILAIAN KINERJA (SKP)",
    "diklat": "RIWAYAT PENDIDIKAN DAN PELATIHAN",
    "hukuman_disiplin": "DATA HUKUMAN DISIPLIN",
    "preferensi_mutasi": "PREFERENSI MUTASI PEGAWAI",
    "survei_kepuasan": "HASIL SURVEI KEPUASAN MASYARAKAT",
}

# the extract contract's columns, in contract order (SPEC §4): what the generator writes
COLUMNS = ENTITY_COLUMNS
DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "pegawai": ("tanggal_lahir", "tmt_cpns", "tmt_jabatan"),
    "asesmen_kompetensi": ("tanggal_asesmen",),
    "diklat": ("tanggal_selesai",),
    "hukuman_disiplin": ("tanggal_mulai", "tanggal_selesai"),
}
