"""Employees of one region and their histories, evolving from snapshot to snapshot.

The population is drawn with exact BKN marginals (sex, age band, education, service-year band) and then
placed into the positions' holder slots by sorting both on (education, seniority), so education fits the
post, seniors sit in senior posts and the marginals stay exact. Histories (assessments, SKP, training,
sanctions, preferences, satisfaction surveys) are drawn once over the whole time range and each snapshot
shows what happened up to its date, so later snapshots naturally contain additions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mutasi.reference import Region

from . import catalog as C
from .dates import (
    NAT,
    add_months,
    age_years,
    d64,
    first_of_month,
    years_between,
    ymd,
    yyyymm,
    yyyymmdd,
)
from .organisation import LEVEL_GROUP, MINUTES_PER_YEAR, Organisation

# Calibration (domain.md, BKN 2023). Bands are [lo, hi) in years.
FEMALE_SHARE = 0.54
SERVICE_BANDS = ((0, 11, 0.32), (11, 21, 0.52), (21, 31, 0.15), (31, 36, 0.01))
AGE_BANDS = ((22, 31, 0.09), (31, 41, 0.24), (41, 51, 0.33), (51, 57.99, 0.34))
AGE_SERVICE_RHO = 0.8
MIN_AGE_AT_CPNS, MAX_AGE_AT_CPNS = 18, 46
PPPK_SHARE = 0.07
# Competency spread (issue 15, docs/generator.md "Competency spread"): a lifelong per-person bias per
# competency (sd 0.45) plus assessment noise (sd 0.35) replace the former noise alone (sd 0.55), so the
# total spread around the post's target stays about the same (0.45^2 + 0.35^2 = 0.33 vs 0.30) while part
# of it now belongs to the person: some posts fit them better than others.
BIAS_COLUMNS = ("bias_teknis", "bias_manajerial", "bias_sosiokultural")
COMPETENCY_BIAS_SD = 0.45
ASSESSMENT_NOISE_SD = 0.35
# Years in the current position: (share, lo, hi).
YEARS_IN_POST = ((0.25, 0.05, 2.0), (0.47, 2.0, 5.0), (0.28, 5.0, 12.0))
# SKP rating thresholds on a N(0, ~1) score: ~10 % Sangat Baik, ~84 % Baik, the rest lower.
PREDIKAT = ("Sangat Kurang", "Kurang", "Butuh Perbaikan", "Baik", "Sangat Baik")
PREDIKAT_CUTS = (-2.72, -2.15, -1.58, 1.27)
NILAI_RANGE = {
    "Sangat Baik": (90.5, 110.0),
    "Baik": (76.0, 90.4),
    "Butuh Perbaikan": (61.0, 75.9),
    "Kurang": (51.0, 60.9),
    "Sangat Kurang": (30.0, 50.9),
}
# Monthly flows.
HIRE_RATE = 0.003
MUTATION_RATE = 0.004
EXIT_RATE = 0.0004

PREFIX_DEGREES = ("dr.", "drg.", "drh.")


@dataclass
class Population:
    emp: pd.DataFrame
    asesmen: pd.DataFrame
    kinerja: pd.DataFrame
    diklat: pd.DataFrame
    hukuman: pd.DataFrame
    preferensi: pd.DataFrame
    survei: pd.DataFrame
    s_first: dt.date
    s_last: dt.date
    nilai_mode: bool
    events: list[dict] = field(default_factory=list)
    taken: dict[int, int] = field(default_factory=dict)  # highest NIP sequence used per 15-digit prefix


# ------------------------------------------------------------------------------------------------
# helpers


def _ranks(x: np.ndarray, rng: np.random.Generator | None = None) -> np.ndarray:
    """Rank quantiles in (0, 1): exact marginals; stratified jitter when ``rng`` is given."""
    r = np.empty(len(x), dtype=np.float64)
    r[np.argsort(x, kind="stable")] = np.arange(len(x))
    jitter = rng.random(len(x)) if rng is not None else 0.5
    return (r + jitter) / max(len(x), 1)


def _band_quantile(u: np.ndarray, bands) -> np.ndarray:
    knots_u = np.concatenate([[0.0], np.cumsum([b[2] for b in bands])])
    knots_u = knots_u / knots_u[-1]
    knots_v = [bands[0][0]] + [b[1] for b in bands]
    return np.interp(u, knots_u, knots_v)


def _sample_mix(rng: np.random.Generator, keys: np.ndarray) -> np.ndarray:
    """One education level per element from the holder mix named by each element's key."""
    out = np.empty(len(keys), dtype=object)
    for k in np.unique(keys):
        idx = np.flatnonzero(keys == k)
        mix = C.EDU_MIX[k]
        levels = np.array(list(mix), dtype=object)
        p = np.array(list(mix.values()))
        out[idx] = levels[rng.choice(len(levels), size=len(idx), p=p / p.sum())]
    return out


def _slot_education(rng: np.random.Generator, mix_keys: np.ndarray) -> np.ndarray:
    """Education level per slot: each post's holder mix, reweighted (iterative proportional fitting) and
    rounded so that the counts per level equal the BKN shares exactly wherever the mixes allow it."""
    n = len(mix_keys)
    levels = C.EDUCATION_LEVELS
    keys, inv = np.unique(mix_keys.astype(str), return_inverse=True)
    M = np.array([[C.EDU_MIX[k].get(e, 0.0) for e in levels] for k in keys])
    n_k = np.bincount(inv, minlength=len(keys)).astype(float)
    share = np.array([C.EDUCATION_SHARE[e] for e in levels])
    target = _largest_int(share * n, n)
    c = np.ones(len(levels))
    for _ in range(200):
        q = M * c
        q /= np.maximum(q.sum(1, keepdims=True), 1e-12)
        col = (n_k[:, None] * q).sum(0)
        c = np.where(col > 0, c * np.where(col > 0, target / np.maximum(col, 1e-12), 1.0), c)
    q = M * c
    q /= np.maximum(q.sum(1, keepdims=True), 1e-12)
    counts = np.array([_largest_int(n_k[i] * q[i], int(n_k[i])) for i in range(len(keys))])
    # repair the column sums by moving single slots between levels a mix allows
    for _ in range(10 * n + 10):
        diff = counts.sum(0) - target
        over, under = np.flatnonzero(diff > 0), np.flatnonzero(diff < 0)
        if not len(over) or not len(under):
            break
        moved = False
        for e_over in over:
            for e_under in under:
                rows = np.flatnonzero((counts[:, e_over] > 0) & (M[:, e_under] > 0))
                if len(rows):
                    counts[rows[0], e_over] -= 1
                    counts[rows[0], e_under] += 1
                    moved = True
                    break
            if moved:
                break
        if not moved:
            break
    out = np.empty(n, dtype=object)
    lv = np.array(levels, dtype=object)
    for i in range(len(keys)):
        idx = np.flatnonzero(inv == i)
        vals = np.repeat(lv, counts[i])
        rng.shuffle(vals)
        out[idx] = vals
    return out


def _largest_int(raw: np.ndarray, total: int) -> np.ndarray:
    raw = np.asarray(raw, dtype=float)
    base = np.floor(raw).astype(np.int64)
    rest = int(total - base.sum())
    if rest > 0:
        base[np.argsort(-(raw - base), kind="stable")[:rest]] += 1
    return base


def _female_prob(pos: pd.DataFrame) -> np.ndarray:
    name = pos["nama_jabatan"].str
    p = np.full(len(pos), 0.5)
    rumpun = pos["rumpun"].to_numpy()
    p[rumpun == C.KES] = 0.72
    p[rumpun == C.PDD] = 0.64
    p[np.isin(rumpun, [C.TEK, C.HUB, C.TIB])] = 0.22
    p[name.contains("Bidan").to_numpy()] = 0.995
    p[name.contains("Perawat").to_numpy()] = 0.7
    p[name.contains("Guru").to_numpy()] = 0.66
    male_jobs = "Pengemudi|Penjaga|Pemadam|Operator Alat|Teknisi|Juru Ukur|Pengatur Lalu|Petugas"
    p[name.contains(male_jobs).to_numpy()] = 0.08
    jenis = pos["jenis_jabatan"].to_numpy()
    p[jenis == "JPT"] = 0.22
    p[jenis == "administrator"] = 0.36
    p[jenis == "pengawas"] = 0.46
    return p


def _pick_female(rng: np.random.Generator, p: np.ndarray, share: float | None) -> np.ndarray:
    """Gender 1 (L) / 2 (P): exactly round(share*n) women when share is given (Gumbel top-k)."""
    n = len(p)
    logit = np.log(p) - np.log1p(-p)
    if share is None:
        return np.where(rng.random(n) < p, 2, 1).astype(np.int64)
    key = logit + rng.logistic(size=n)
    k = int(round(share * n))
    g = np.ones(n, dtype=np.int64)
    g[np.argsort(-key, kind="stable")[:k]] = 2
    return g


# ------------------------------------------------------------------------------------------------
# majors, degrees and names

_MAJOR_GROUPS = ("S1", "D3", "S2")


def _assign_majors(
    rng: np.random.Generator, edu: np.ndarray, post_families: list[tuple[str, ...]], post_idx: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Major, degree prefix and degree suffix per person."""
    n = len(edu)
    group = np.array([LEVEL_GROUP[e] for e in edu], dtype=object) if n else np.empty(0, dtype=object)
    # family: one of the post's families (85 %) or a generic one
    fam_count = np.array([len(f) for f in post_families])
    flat = [f for fams in post_families for f in fams]
    offs = np.concatenate([[0], np.cumsum(fam_count)])[:-1]
    cnt = fam_count[post_idx]
    pick = offs[post_idx] + np.floor(rng.random(n) * np.maximum(cnt, 1)).astype(np.int64)
    flat_arr = np.array(flat + ["administrasi"], dtype=object)
    family = np.where(cnt > 0, flat_arr[np.minimum(pick, len(flat))], None)
    generic = np.array(C.GENERIC_FAMILIES, dtype=object)[rng.integers(0, len(C.GENERIC_FAMILIES), n)]
    family = np.where((family == None) | (rng.random(n) < 0.15), generic, family)  # noqa: E711
    major = np.full(n, None, dtype=object)
    prefix = np.full(n, "", dtype=object)
    suffix = np.full(n, "", dtype=object)
    u = rng.random(n)
    sma = edu == "SMA"
    major[sma] = np.array(C.SMA_MAJORS, dtype=object)[rng.integers(0, len(C.SMA_MAJORS), sma.sum())]
    for fam in np.unique(family.astype(str)):
        fmask = family == fam
        entries = C.MAJORS.get(fam, {})
        for grp in _MAJOR_GROUPS:
            m = fmask & (group == grp)
            if not m.any():
                continue
            opts = entries.get(grp) or C.MAJORS["administrasi"][grp]
            k = np.minimum((u[m] * len(opts)).astype(int), len(opts) - 1)
            major[m] = [opts[i][0] for i in k]
            gel = [opts[i][1] for i in k]
            if grp == "S2":
                s1 = (entries.get("S1") or C.MAJORS["administrasi"]["S1"])[0][1]
                if s1 in PREFIX_DEGREES:
                    prefix[m] = s1 + " "
                    suffix[m] = [", " + g for g in gel]
                else:
                    suffix[m] = [f", {s1}, {g}" for g in gel]
            elif grp == "S1":
                prefix[m] = [g + " " if g in PREFIX_DEGREES else "" for g in gel]
                suffix[m] = ["" if g in PREFIX_DEGREES else ", " + g for g in gel]
            else:
                suffix[m] = [", " + g for g in gel]
    s3 = edu == "S3"
    prefix[s3] = "Dr. " + prefix[s3]
    major[s3] = ["Doktor " + (m[len("Magister ") :] if m.startswith("Magister ") else m) for m in major[s3]]
    return major, prefix, suffix


def _names(
    rng: np.random.Generator,
    region: Region,
    gender: np.ndarray,
    age: np.ndarray,
    prefix: np.ndarray,
    suffix: np.ndarray,
) -> np.ndarray:
    n = len(gender)
    area = C.AREA_NAMES[C.PROVINCE_AREA.get(region.province_code, "jawa")]
    female = gender == 2

    def pick(pool_a, pool_b, share_a):
        a = np.array(pool_a, dtype=object)[rng.integers(0, len(pool_a), n)]
        b = np.array(pool_b, dtype=object)[rng.integers(0, len(pool_b), n)]
        return np.where(rng.random(n) < share_a, a, b)

    first = np.where(female, pick(area["female"], C.COMMON_FEMALE, 0.4), pick(area["male"], C.COMMON_MALE, 0.4))
    second = np.where(female, pick(C.COMMON_FEMALE, C.COMMON_FEMALE, 1.0), pick(C.COMMON_MALE, C.COMMON_MALE, 1.0))
    first = np.where((rng.random(n) < 0.25) & (second != first), first + " " + second, first)
    surnames = tuple(s for s in area["surname"] if s)
    common_last = np.where(
        female, pick(C.COMMON_LAST_FEMALE, C.COMMON_LAST_FEMALE, 1.0), pick(C.COMMON_LAST_MALE, C.COMMON_LAST_MALE, 1.0)
    )
    if surnames:
        area_last = pick(surnames, surnames, 1.0)
        share_area = 0.85 if len(surnames) >= 8 else 0.35
        last = np.where(rng.random(n) < share_area, area_last, common_last)
    else:
        last = common_last
    has_last = rng.random(n) < 0.8
    full = first + np.where(has_last, " " + last, "")
    haji = (age >= 45) & (rng.random(n) < 0.05) & (prefix == "")
    full = np.where(haji, np.where(female, "Hj. ", "H. "), "") + full
    return prefix + full + suffix


# ------------------------------------------------------------------------------------------------
# initial population


def _golongan(
    edu: np.ndarray, service: np.ndarray, delay: np.ndarray, jenis: np.ndarray, jenjang: np.ndarray
) -> np.ndarray:
    start = np.array([C.GOL_START[e] for e in edu], dtype=np.int64)
    cap = np.array([C.GOL_CAP[e] for e in edu], dtype=np.int64)
    gol = np.minimum(start + np.floor(np.maximum(service - delay, 0) / 4).astype(np.int64), np.maximum(cap, start))
    key = np.where(jenis == "fungsional", jenjang, jenis)
    for k, (lo, hi) in C.GOL_RANGE.items():
        m = key == k
        gol[m] = np.clip(gol[m], lo, hi)
    return gol


def nip_sequence_salt(region_code: str) -> int:
    return int.from_bytes(hashlib.sha256(f"nip-seq:{region_code}".encode()).digest()[:4], "big")


def _nip(birth: np.ndarray, start: np.ndarray, gender: np.ndarray, taken: dict[int, int], salt: int) -> np.ndarray:
    """NIP = birth yyyymmdd + start yyyymm + gender + 3-digit sequence, unique within the region.

    Real sequence numbers are national counters per (birth date, CPNS month, gender). Here the first
    sequence of a prefix is a hash of the prefix and the region (1–900), so NIPs also stay unique across
    regions in practice; further people with the same prefix count up from it, as do later hires."""
    prefix = (yyyymmdd(birth) * 1_000_000 + yyyymm(start)) * 10 + gender
    mixed = (prefix.astype(np.uint64) * np.uint64(2654435761) + np.uint64(salt)) % np.uint64(2**31 - 1)
    base = 1 + (mixed % np.uint64(900)).astype(np.int64)
    seq = pd.DataFrame({"p": prefix}).groupby("p").cumcount().to_numpy() + base
    if taken:
        used = np.fromiter((taken.get(int(p), 0) for p in prefix), dtype=np.int64, count=len(prefix))
        seq = np.where(used > 0, seq - base + used + 1, seq)
    top = pd.Series(seq).groupby(prefix).max()
    if taken:
        for p, s in top.items():
            taken[int(p)] = max(taken.get(int(p), 0), int(s))
    else:
        taken.update(zip(top.index.tolist(), top.tolist()))
    return prefix * 1000 + seq


def _new_people(
    rng: np.random.Generator,
    region: Region,
    org: Organisation,
    post_idx: np.ndarray,
    edu: np.ndarray,
    age: np.ndarray,
    start: np.ndarray,
    pppk: np.ndarray,
    gender: np.ndarray,
    at: dt.date | np.ndarray,
    eid0: int,
    taken: dict[int, int],
) -> pd.DataFrame:
    """New employees; ``age`` is their age on ``at`` (a date, or one date per person)."""
    pos = org.positions
    n = len(post_idx)
    at64 = d64(at) if isinstance(at, dt.date) else np.asarray(at, dtype="datetime64[D]")
    birth = at64 - np.round(age * 365.25).astype("timedelta64[D]")
    nip = _nip(birth, start, gender, taken, nip_sequence_salt(region.region_code))
    fams = pos["families"].tolist()
    major, prefix, suffix = _assign_majors(rng, edu, fams, post_idx)
    nama = _names(rng, region, gender, age, prefix, suffix)
    return pd.DataFrame(
        {
            "eid": np.arange(eid0, eid0 + n, dtype=np.int64),
            "nip": nip.astype(np.int64),
            "nama": nama,
            "birth": birth,
            "gender": gender,
            "pppk": pppk,
            "start": start,
            "edu": edu,
            "jurusan": major,
            "delay": rng.uniform(0.0, 1.5, n),
            "post": post_idx.astype(np.int64),
            "tmt_jabatan": start.copy(),
            "ability": rng.standard_normal(n),
            # a person's own strengths and weaknesses per competency (teknis, manajerial, sosiokultural),
            # kept for life: what makes one post fit them better than another. Drawn from a spawned child
            # generator, so the main stream (and every other column) is unchanged. docs/generator.md.
            **dict(zip(BIAS_COLUMNS, rng.spawn(1)[0].normal(0.0, COMPETENCY_BIAS_SD, (n, 3)).T)),
            "hired": NAT,
            "exit": NAT,
        }
    )


def initial_population(
    rng: np.random.Generator,
    region: Region,
    org: Organisation,
    s_first: dt.date,
    s_last: dt.date,
    history_rng: np.random.Generator,
) -> Population:
    pos = org.positions
    slot_post = np.repeat(np.arange(len(pos)), pos["holders"].to_numpy())
    n = len(slot_post)
    s0 = d64(s_first)

    z1 = rng.standard_normal(n)
    z2 = AGE_SERVICE_RHO * z1 + np.sqrt(1 - AGE_SERVICE_RHO**2) * rng.standard_normal(n)
    u1, u2 = _ranks(z1, rng), _ranks(z2, rng)
    service = _band_quantile(u1, SERVICE_BANDS)
    age = _band_quantile(u2, AGE_BANDS)
    young = age - service < MIN_AGE_AT_CPNS
    service[young] = np.maximum(age[young] - MIN_AGE_AT_CPNS - rng.uniform(0, 3, young.sum()), 0.0)
    old = age - service > MAX_AGE_AT_CPNS
    service[old] = age[old] - MAX_AGE_AT_CPNS + rng.uniform(0, 2, old.sum())

    # Education per slot from the post's holder mix, reweighted so the region matches the BKN shares.
    slot_edu = _slot_education(rng, pos["edu"].to_numpy()[slot_post])
    # Seniors to senior posts: slots sorted by seniority, people by years of service.
    sen = pos["seniority"].to_numpy()[slot_post] + rng.normal(0, 0.12, n)
    slot_of = np.empty(n, dtype=np.int64)
    slot_of[np.argsort(service + rng.uniform(0, 1e-6, n), kind="stable")] = np.argsort(sen, kind="stable")
    post = slot_post[slot_of]
    edu = slot_edu[slot_of]

    # Senior posts with a retirement age of 60/65 may hold people past 58.
    bup = pos["bup"].to_numpy()[post]
    late = (bup > 58) & (age >= 55) & (rng.random(n) < 0.35)
    age[late] = np.minimum(age[late] + rng.uniform(0, 2.5, late.sum()), bup[late] - 0.05)

    gender = _pick_female(rng, _female_prob(pos)[post], FEMALE_SHARE)
    start = first_of_month(s0 - np.round(service * 365.25).astype("timedelta64[D]"))
    # PPPK: appointed since 2019 in posts that recruit them (teachers, health workers, pelaksana).
    eligible = pos["pppk"].to_numpy()[post]
    k = min(int(round(PPPK_SHARE * n)), int(eligible.sum()))
    key = np.where(eligible, rng.random(n), -1.0)
    pppk = np.zeros(n, dtype=bool)
    pppk[np.argsort(-key, kind="stable")[:k]] = True
    lo = max(d64(dt.date(2019, 2, 1)), s0 - np.timedelta64(7 * 365, "D"))
    span = max(int((s0 - np.timedelta64(30, "D") - lo).astype(int)), 1)
    appoint = first_of_month(lo + rng.integers(0, span, n).astype("timedelta64[D]"))
    birth_est = s0 - np.round(age * 365.25).astype("timedelta64[D]")
    appoint = np.maximum(appoint, first_of_month(birth_est + np.timedelta64(20 * 366 + 31, "D")))
    start = np.where(pppk, np.minimum(appoint, first_of_month(np.full(n, s0))), start)

    taken: dict[int, int] = {}
    emp = _new_people(rng, region, org, post, edu, age, start, pppk, gender, s_first, 0, taken)
    # Years in the current post.
    comp = rng.choice(len(YEARS_IN_POST), size=n, p=[c[0] for c in YEARS_IN_POST])
    lo_y = np.array([c[1] for c in YEARS_IN_POST])[comp]
    hi_y = np.array([c[2] for c in YEARS_IN_POST])[comp]
    yip = rng.uniform(lo_y, hi_y)
    tmt = s0 - np.round(yip * 365.25).astype("timedelta64[D]")
    start = _D(emp["start"])
    cpns = (~pppk) & (start > s0 - np.timedelta64(365, "D"))
    tmt = np.where(cpns | (tmt < start), start, tmt)
    emp["tmt_jabatan"] = np.minimum(tmt, s0)

    nilai_mode = bool(history_rng.random() < 0.6)
    pop = Population(
        emp=emp,
        asesmen=None,
        kinerja=None,
        diklat=None,
        hukuman=None,
        preferensi=None,
        survei=None,
        s_first=s_first,
        s_last=s_last,
        nilai_mode=nilai_mode,
        taken=taken,
    )
    h = _histories(history_rng, org, emp, s_first, s_last, initial=True, nilai_mode=nilai_mode)
    pop.asesmen, pop.kinerja, pop.diklat, pop.hukuman, pop.preferensi = h
    pop.survei = _surveys(history_rng, org, s_first, s_last)
    return pop


# ------------------------------------------------------------------------------------------------
# histories


def _D(a) -> np.ndarray:
    return np.asarray(a, dtype="datetime64[D]")


def _uniform_dates(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    lo, hi = _D(lo), _D(hi)
    span = np.maximum((hi - lo).astype(np.int64), 0)
    return lo + np.floor(rng.random(len(lo)) * (span + 1)).astype("timedelta64[D]")


def _histories(
    rng: np.random.Generator,
    org: Organisation,
    emp: pd.DataFrame,
    s_first: dt.date,
    s_last: dt.date,
    initial: bool,
    nilai_mode: bool,
):
    pos = org.positions
    n = len(emp)
    sL = d64(s_last)
    start = _D(emp["start"])
    post = emp["post"].to_numpy()
    ability = emp["ability"].to_numpy()
    eid = emp["eid"].to_numpy()
    jenis = pos["jenis_jabatan"].to_numpy()[post]
    rumpun = pos["rumpun"].to_numpy()[post]
    if initial:
        w_lo = np.maximum(start, d64(add_months(s_first, -72)))
    else:
        w_lo = start.copy()
    years = np.maximum((sL - w_lo).astype(np.float64) / 365.25, 0.0)

    # --- competency assessments
    if initial:
        has = rng.random(n) < 0.85
        lo = np.maximum(start + np.timedelta64(180, "D"), d64(add_months(s_first, -36)))
    else:
        has = rng.random(n) < 0.05
        lo = start + np.timedelta64(30, "D")
    has &= lo <= sL
    idx = np.flatnonzero(has)
    second = idx[rng.random(len(idx)) < (0.2 if initial else 0.0)]
    a_idx = np.concatenate([idx, second])
    a_date = _uniform_dates(rng, lo[a_idx], np.full(len(a_idx), sL))
    if len(second):
        older_lo = np.maximum(start[second] + np.timedelta64(180, "D"), d64(add_months(s_first, -72)))
        older_hi = a_date[: len(idx)][np.searchsorted(idx, second)] - np.timedelta64(365, "D")
        ok = older_hi >= older_lo
        a_date[len(idx) :] = np.where(ok, _uniform_dates(rng, older_lo, np.maximum(older_hi, older_lo)), NAT)
    keep = ~np.isnat(a_date)
    a_idx, a_date = a_idx[keep], a_date[keep]
    m = len(a_idx)
    tgt = pos[["target_teknis", "target_manajerial", "target_sosiokultural"]].to_numpy()[post[a_idx]]
    shock = rng.choice([-2, 0, 2], size=(m, 1), p=[0.06, 0.86, 0.08])
    bias = emp[list(BIAS_COLUMNS)].to_numpy(float)[a_idx]
    lv = np.rint(tgt + 0.55 * ability[a_idx, None] + bias + rng.normal(0, ASSESSMENT_NOISE_SD, (m, 3)) + shock)
    lv = np.clip(lv, 1, 5).astype(np.int64)
    skor = np.round(np.clip(62 + 11 * ability[a_idx] + rng.normal(0, 8, m), 0, 100), 1)
    skor[rng.random(m) < 0.1] = np.nan
    asesmen = pd.DataFrame(
        {
            "eid": eid[a_idx],
            "tanggal_asesmen": a_date,
            "kompetensi_teknis": lv[:, 0],
            "kompetensi_manajerial": lv[:, 1],
            "kompetensi_sosiokultural": lv[:, 2],
            "skor_potensi": skor,
        }
    )

    # --- SKP per calendar year
    sy, sm, _ = ymd(start)
    first_year = sy + (sm > 6)
    y_lo = np.maximum(first_year, s_first.year - 3)
    y_hi = s_last.year - 1
    cnt = np.maximum(y_hi - y_lo + 1, 0)
    k_idx = np.repeat(np.arange(n), cnt)
    tahun = (np.repeat(y_lo, cnt) + np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt)).astype(np.int64)
    score = 0.7 * ability[k_idx] + 0.7 * rng.standard_normal(len(k_idx))
    pred = np.array(PREDIKAT, dtype=object)[np.searchsorted(PREDIKAT_CUTS, score)]
    nilai = np.full(len(k_idx), np.nan)
    if nilai_mode:
        for p, (a, b) in NILAI_RANGE.items():
            mm = pred == p
            nilai[mm] = np.round(rng.uniform(a, b, mm.sum()), 2)
        nilai[rng.random(len(k_idx)) < 0.05] = np.nan
    entered = (tahun + 1 - 1970).astype("datetime64[Y]").astype("datetime64[D]") + np.floor(
        rng.exponential(8.0, len(k_idx))
    ).astype("timedelta64[D]")
    kinerja = pd.DataFrame({"eid": eid[k_idx], "tahun": tahun, "predikat": pred, "nilai": nilai, "entered": entered})

    # --- training
    rate = 0.85
    cnt = rng.poisson(rate * years)
    d_idx = np.repeat(np.arange(n), cnt)
    d_date = _uniform_dates(rng, w_lo[d_idx], np.full(len(d_idx), sL))
    is_jf = jenis[d_idx] == "fungsional"
    u = rng.random(len(d_idx))
    kind = np.where(
        is_jf,
        np.where(u < 0.2, "fungsional", np.where(u < 0.7, "teknis", "seminar")),
        np.where(u < 0.6, "teknis", "seminar"),
    ).astype(object)
    nama = np.empty(len(d_idx), dtype=object)
    jam = np.zeros(len(d_idx), dtype=np.int64)
    r_d = rumpun[d_idx]
    for rp in np.unique(r_d):
        mm = (kind == "teknis") & (r_d == rp)
        pool = C.TECHNICAL_COURSES.get(rp, C.TECHNICAL_COURSES[C.ADM])
        nama[mm] = np.array(pool, dtype=object)[rng.integers(0, len(pool), mm.sum())]
    mm = kind == "teknis"
    jam[mm] = rng.choice([8, 16, 24, 30, 32, 40, 48, 60, 80], size=mm.sum())
    mm = kind == "seminar"
    nama[mm] = np.array(C.SEMINARS, dtype=object)[rng.integers(0, len(C.SEMINARS), mm.sum())]
    jam[mm] = rng.choice([2, 3, 4, 6, 8], size=mm.sum())
    mm = kind == "fungsional"
    fam_name = pos["nama_jabatan"].to_numpy()[post[d_idx[mm]]]
    jenjang = pos["jenjang"].to_numpy()[post[d_idx[mm]]]
    nama[mm] = [
        "Pelatihan Fungsional " + (f[: -len(j) - 1] if j and f.lower().endswith(j) else f)
        for f, j in zip(fam_name, jenjang)
    ]
    jam[mm] = rng.choice([40, 60, 80, 100, 120], size=mm.sum())
    # leadership training of structural post holders
    st = np.flatnonzero(np.isin(jenis, ["JPT", "administrator", "pengawas"]) & (rng.random(n) < 0.85))
    tmt = _D(emp["tmt_jabatan"])[st]
    l_lo = np.maximum(start[st], tmt - np.timedelta64(3 * 365, "D"))
    l_hi = np.minimum(tmt + np.timedelta64(365, "D"), sL)
    l_date = _uniform_dates(rng, l_lo, np.maximum(l_hi, l_lo))
    l_name = np.array([C.LEADERSHIP_COURSE[j][0] for j in jenis[st]], dtype=object)
    l_jam = np.array([C.LEADERSHIP_COURSE[j][1] for j in jenis[st]], dtype=np.int64)
    diklat = pd.DataFrame(
        {
            "eid": np.concatenate([eid[d_idx], eid[st]]),
            "jenis_diklat": np.concatenate([kind, np.full(len(st), "kepemimpinan", dtype=object)]),
            "nama_diklat": np.concatenate([nama, l_name]),
            "jam_pelajaran": np.concatenate([jam, l_jam]),
            "tanggal_selesai": np.concatenate([d_date, l_date]),
        }
    )

    # --- disciplinary sanctions (~1.5 % of employees over four years)
    if initial:
        lo = d64(add_months(s_first, -48))
        p = 0.016 * (1 + max((sL - d64(s_first)).astype(int), 0) / (4 * 365.25))
        h_idx = np.flatnonzero(rng.random(n) < p)
        h_lo = np.maximum(start[h_idx] + np.timedelta64(365, "D"), lo)
    else:
        h_idx = np.zeros(0, dtype=np.int64)
        h_lo = np.zeros(0, dtype="datetime64[D]")
    ok = h_lo <= sL
    h_idx, h_lo = h_idx[ok], h_lo[ok]
    mulai = _uniform_dates(rng, h_lo, np.full(len(h_idx), sL))
    tingkat = np.array(["ringan", "sedang", "berat"], dtype=object)[rng.choice(3, size=len(h_idx), p=[0.7, 0.2, 0.1])]
    months = np.where(tingkat == "sedang", rng.choice([6, 9, 12], size=len(h_idx)), 12)
    selesai = mulai + np.round(months * 30.44).astype("timedelta64[D]")
    selesai = np.where((tingkat == "ringan") & (rng.random(len(h_idx)) < 0.8), NAT, selesai)
    selesai = np.where(tingkat == "ringan", np.where(np.isnat(selesai), NAT, mulai), selesai)
    hukuman = pd.DataFrame({"eid": eid[h_idx], "tingkat": tingkat, "tanggal_mulai": mulai, "tanggal_selesai": selesai})

    # --- mutation preferences
    answered = rng.random(n) < (0.6 if initial else 0.3)
    p_idx = np.flatnonzero(answered)
    bersedia = np.where(rng.random(len(p_idx)) < 0.55, "ya", "tidak").astype(object)
    units = _preferred_units(rng, org, post[p_idx], bersedia)
    preferensi = pd.DataFrame({"eid": eid[p_idx], "bersedia_mutasi": bersedia, "unit_diminati": units})
    return asesmen, kinerja, diklat, hukuman, preferensi


def _preferred_units(rng: np.random.Generator, org: Organisation, post: np.ndarray, bersedia: np.ndarray) -> np.ndarray:
    pos = org.positions
    out = np.full(len(post), None, dtype=object)
    want = (bersedia == "ya") & (rng.random(len(post)) < 0.75)
    rumpun = pos["rumpun"].to_numpy()
    by_rumpun = {r: np.unique(pos.loc[pos["rumpun"] == r, "kode_unit"].to_numpy()) for r in np.unique(rumpun)}
    own = pos["kode_unit"].to_numpy()[post]
    k = rng.integers(1, 4, len(post))
    for r in np.unique(rumpun[post[want]]):
        idx = np.flatnonzero(want & (rumpun[post] == r))
        cand = by_rumpun[r]
        picks = cand[rng.integers(0, len(cand), (len(idx), 3))]
        for i, row in zip(idx, picks):
            chosen = [c for c in dict.fromkeys(row[: k[i]]) if c != own[i]]
            out[i] = ";".join(chosen) if chosen else None
    return out


def _surveys(rng: np.random.Generator, org: Organisation, s_first: dt.date, s_last: dt.date) -> pd.DataFrame:
    units = org.units[org.units["service"]]
    periods = []
    y, half = s_first.year - 2, 1
    while (y, half) <= (s_last.year, 2):
        end = dt.date(y, 6, 30) if half == 1 else dt.date(y, 12, 31)
        periods.append((f"{y}-S{half}", end))
        y, half = (y, 2) if half == 1 else (y + 1, 1)
    base = np.clip(rng.normal(81, 5, len(units)), 64, 93)
    trend = rng.normal(0.3, 0.6, len(units))
    rows = []
    for i, (periode, end) in enumerate(periods):
        val = np.clip(base + trend * i + rng.normal(0, 1.8, len(units)), 60, 95)
        rows.append(
            pd.DataFrame(
                {
                    "kode_unit": units["kode_unit"].to_numpy(),
                    "periode": periode,
                    "end": d64(end),
                    "nilai_ikm": np.round(val, 2),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


# ------------------------------------------------------------------------------------------------
# evolution between snapshots


def _current_ej(org: Organisation, post: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pos = org.positions
    holders = np.bincount(post, minlength=len(pos)).astype(float)
    wl = org.tasks.assign(m=org.tasks["volume_per_tahun"] * org.tasks["norma_waktu_menit"])
    workload = wl.groupby("kode_jabatan", sort=False)["m"].sum().reindex(pos["kode_jabatan"]).fillna(0).to_numpy()
    return holders, workload


def evolve(
    rng: np.random.Generator,
    pop: Population,
    org: Organisation,
    region: Region,
    prev: dt.date,
    new: dt.date,
    history_rng: np.random.Generator,
) -> dict:
    pos = org.positions
    emp = pop.emp
    active = np.isnat(emp["exit"].to_numpy())
    nd, pd_ = d64(new), d64(prev)
    post = emp["post"].to_numpy().copy()
    bup = pos["bup"].to_numpy()[post]
    age = age_years(emp["birth"].to_numpy(), new)
    retire = active & (age >= bup)
    leave = active & ~retire & (rng.random(len(emp)) < EXIT_RATE)
    exit_col = _D(emp["exit"]).copy()
    gap = max(int((nd - pd_).astype(int)), 1)
    exit_col[retire | leave] = pd_ + rng.integers(1, gap + 1, (retire | leave).sum()).astype("timedelta64[D]")
    emp["exit"] = exit_col
    active &= ~(retire | leave)
    n_active = int(active.sum())

    # --- mutations: PNS, ≥ 2 years in post, from surplus posts to busy ones of the same kind.
    holders, workload = _current_ej(org, post[active])
    ej = np.where(holders > 0, workload / np.maximum(holders, 1) / MINUTES_PER_YEAR, np.inf)
    structural = pos["structural"].to_numpy()
    yip = years_between(emp["tmt_jabatan"].to_numpy(), new)
    start = _D(emp["start"])
    pns = ~emp["pppk"].to_numpy() & (start <= nd - np.timedelta64(365, "D"))
    elig = active & pns & (yip >= 2) & ~structural[post] & (age < bup - 1) & (holders[post] >= 2)
    n_mut = max(1, int(round(MUTATION_RATE * n_active)))
    cand = np.flatnonzero(elig)
    moved: list[tuple[int, str, str]] = []
    if len(cand):
        w = 1.0 / np.maximum(ej[post[cand]], 0.2) ** 2
        chosen = rng.choice(cand, size=min(n_mut, len(cand)), replace=False, p=w / w.sum())
        kind_key = np.where(
            pos["jenis_jabatan"].to_numpy() == "fungsional",
            pos["nama_jabatan"].to_numpy(),
            pos["jenis_jabatan"].to_numpy() + "|" + pos["rumpun"].to_numpy(),
        )
        pend_rank = np.array([C.EDU_RANK[p] for p in pos["pendidikan_minimal"]])
        edu_rank = np.array([C.EDU_RANK[e] for e in emp["edu"].to_numpy()])
        tmt = _D(emp["tmt_jabatan"]).copy()
        for i in chosen:
            src = post[i]
            targets = np.flatnonzero(
                (kind_key == kind_key[src]) & (np.arange(len(pos)) != src) & (pend_rank <= edu_rank[i])
            )
            if not len(targets):
                continue
            cur = np.where(
                holders[targets] > 0, workload[targets] / np.maximum(holders[targets], 1) / MINUTES_PER_YEAR, 3.0
            )
            tw = np.maximum(cur - 0.8, 0.05)
            dst = int(rng.choice(targets, p=tw / tw.sum()))
            holders[src] -= 1
            holders[dst] += 1
            post[i] = dst
            tmt[i] = pd_ + np.timedelta64(int(rng.integers(1, gap + 1)), "D")
            moved.append((int(emp["nip"].iat[i]), pos["kode_jabatan"].iat[src], pos["kode_jabatan"].iat[dst]))
        emp["post"] = post
        emp["tmt_jabatan"] = tmt

    # --- hires: new CPNS / PPPK in entry-level posts with the highest need.
    n_hire = max(1, int(round(HIRE_RATE * n_active)))
    entry = ~structural & np.isin(pos["jenjang"].to_numpy().astype(str), ["None", "terampil", "ahli pertama"])
    need = np.where(holders > 0, workload / np.maximum(holders, 1) / MINUTES_PER_YEAR, 2.0)
    tw = np.where(entry, np.maximum(need - 0.9, 0.0) + 1e-3, 0.0)
    h_post = rng.choice(len(pos), size=n_hire, p=tw / tw.sum())
    edu = _sample_mix(rng, pos["edu"].to_numpy()[h_post])
    edu = np.where(np.isin(edu, ["S2", "S3"]), "S1", edu).astype(object)
    first_job_age = {"SD": 21, "SMP": 21, "SMA": 21, "D1": 22, "D2": 22, "D3": 23, "D4": 24, "S1": 24}
    age_at = np.array([first_job_age[e] for e in edu])
    age = age_at + rng.uniform(0, 9, n_hire)
    months = []
    m = dt.date(prev.year, prev.month, 1)
    while True:
        m = add_months(m, 1)
        if m > new:
            break
        months.append(m)
    months = months or [dt.date(new.year, new.month, 1)]
    start_h = np.array([d64(months[i]) for i in rng.integers(0, len(months), n_hire)], dtype="datetime64[D]")
    pppk_h = pos["pppk"].to_numpy()[h_post] & (rng.random(n_hire) < 0.35)
    gender = _pick_female(rng, _female_prob(pos)[h_post], None)
    eid0 = int(emp["eid"].max()) + 1 if len(emp) else 0
    hires = _new_people(rng, region, org, h_post, edu, age, start_h, pppk_h, gender, start_h, eid0, pop.taken)
    hires["hired"] = start_h
    hires["tmt_jabatan"] = start_h
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        pop.emp = pd.concat([emp, hires], ignore_index=True)
    h = _histories(history_rng, org, hires, prev, pop.s_last, initial=False, nilai_mode=pop.nilai_mode)
    pop.asesmen = pd.concat([pop.asesmen, h[0]], ignore_index=True)
    pop.kinerja = pd.concat([pop.kinerja, h[1]], ignore_index=True)
    pop.diklat = pd.concat([pop.diklat, h[2]], ignore_index=True)
    pop.hukuman = pd.concat([pop.hukuman, h[3]], ignore_index=True)
    pop.preferensi = pd.concat([pop.preferensi, h[4]], ignore_index=True)
    event = {
        "snapshot": new.isoformat(),
        "retired": int(retire.sum()),
        "exited": int(leave.sum()),
        "hired": int(n_hire),
        "mutated": len(moved),
        "mutations": moved,
    }
    pop.events.append(event)
    return event


# ------------------------------------------------------------------------------------------------
# snapshot tables (logical values: datetime64 dates, numbers, str / None)


def snapshot_tables(pop: Population, org: Organisation, snap: dt.date) -> dict[str, pd.DataFrame]:
    pos = org.positions
    sd = d64(snap)
    emp = pop.emp
    exit_ = _D(emp["exit"])
    start = _D(emp["start"])
    act = (np.isnat(exit_) | (exit_ > sd)) & (start <= sd)
    e = emp[act]
    post = e["post"].to_numpy()
    # pegawai rows are listed by position order, then NIP
    order = np.lexsort((e["nip"].to_numpy(), post))
    e = e.iloc[order]
    post = post[order]
    start = _D(e["start"])
    pppk = e["pppk"].to_numpy()
    service = years_between(start, snap)
    cpns = ~pppk & (service < 1.0)
    status = np.where(pppk, "PPPK", np.where(cpns, "CPNS", "PNS")).astype(object)
    gol = _golongan(
        e["edu"].to_numpy(),
        service,
        e["delay"].to_numpy(),
        pos["jenis_jabatan"].to_numpy()[post],
        pos["jenjang"].to_numpy()[post],
    )
    golongan = np.where(pppk, None, np.array(C.GOLONGAN, dtype=object)[gol])
    nip_str = np.char.zfill(e["nip"].to_numpy().astype(str), 18).astype(object)
    pegawai = pd.DataFrame(
        {
            "nip": nip_str,
            "nama": e["nama"].to_numpy(),
            "tanggal_lahir": e["birth"].to_numpy(),
            "jenis_kelamin": np.where(e["gender"].to_numpy() == 2, "P", "L").astype(object),
            "status_kepegawaian": status,
            "golongan": golongan,
            "tmt_cpns": np.where(pppk, NAT, start),
            "pendidikan_tingkat": e["edu"].to_numpy(),
            "pendidikan_jurusan": e["jurusan"].to_numpy(),
            "kode_jabatan": pos["kode_jabatan"].to_numpy()[post],
            "tmt_jabatan": e["tmt_jabatan"].to_numpy(),
        }
    )
    nip_of = pd.Series(nip_str, index=e["eid"].to_numpy())

    def attach(df: pd.DataFrame, date_col: str | None) -> pd.DataFrame:
        m = df["eid"].isin(nip_of.index).to_numpy()
        if date_col:
            m &= df[date_col].to_numpy() <= sd
        out = df[m]
        out.insert(0, "nip", nip_of.reindex(out["eid"]).to_numpy())
        return out.drop(columns=["eid"])

    asesmen = attach(pop.asesmen, "tanggal_asesmen").sort_values(["nip", "tanggal_asesmen"], kind="stable")
    k = pop.kinerja
    k = k[(k["tahun"] >= snap.year - 3) & (k["tahun"] <= snap.year - 1) & (k["entered"].to_numpy() <= sd)]
    kinerja = attach(k.drop(columns=["entered"]), None).sort_values(["nip", "tahun"], kind="stable")
    diklat = attach(pop.diklat, "tanggal_selesai").sort_values(["nip", "tanggal_selesai"], kind="stable")
    hukuman = attach(pop.hukuman, "tanggal_mulai").sort_values(["nip", "tanggal_mulai"], kind="stable")
    preferensi = attach(pop.preferensi, None).sort_values("nip", kind="stable")
    s = pop.survei
    survei = s[s["end"].to_numpy() < sd].drop(columns=["end"])
    tables = {
        "pegawai": pegawai,
        "jabatan": org.jabatan(),
        "uraian_tugas": org.tasks,
        "asesmen_kompetensi": asesmen,
        "kinerja": kinerja,
        "diklat": diklat,
        "hukuman_disiplin": hukuman,
        "preferensi_mutasi": preferensi,
        "survei_kepuasan": survei,
    }
    return {k: v.reset_index(drop=True)[list(C.COLUMNS[k])] for k, v in tables.items()}
