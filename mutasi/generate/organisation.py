"""A believable regional government organisation: OPDs and their units, positions (jabatan) with planned
holder counts, and the task inventory (uraian_tugas) of every position.

The number of OPDs grows with the size of the region (15 at 600 employees, 30 at 9,000); positions are
about employees / 4; the workload of each position is drawn so that the effectiveness EJ of held posts
spreads over the grades A–E as in a real ABK (about 20/15/25/20/20 %).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mutasi.reference import Region

from . import catalog as C

MINUTES_PER_YEAR = 75_000
# Grade of effectiveness EJ (Permendagri 12/2008 bands) with the share of held posts and the EJ range
# drawn within each band (kept a little inside the band edges so rounding never crosses them).
EJ_GRADES = (
    ("A", 0.20, 1.03, 1.70),
    ("B", 0.15, 0.91, 0.99),
    ("C", 0.25, 0.71, 0.88),
    ("D", 0.20, 0.51, 0.68),
    ("E", 0.20, 0.20, 0.485),
)
VACANT_STRUCTURAL = 0.08
VACANT_NONSTRUCTURAL = 0.05

RUMPUN_FAMILIES = {
    C.ADM: ("administrasi", "pemerintahan"),
    C.KEU: ("akuntansi", "ekonomi"),
    C.KEP: ("administrasi", "hukum"),
    C.REN: ("planologi", "ekonomi"),
    C.WAS: ("akuntansi", "hukum"),
    C.HUK: ("hukum",),
    C.TI: ("informatika",),
    C.KOM: ("komunikasi",),
    C.PDD: ("pendidikan_mapel", "pendidikan_sd"),
    C.KES: ("kesmas", "kedokteran"),
    C.TEK: ("teknik_sipil", "planologi"),
    C.HUB: ("transportasi",),
    C.LH: ("lingkungan",),
    C.SOS: ("sosial",),
    C.DUK: ("administrasi", "informatika"),
    C.TIB: ("hukum", "pemerintahan"),
    C.PEM: ("pemerintahan", "administrasi"),
    C.EKO: ("ekonomi",),
    C.TAN: ("pertanian",),
    C.PAR: ("pariwisata",),
    C.PUS: ("perpustakaan",),
    C.PBJ: ("teknik_sipil", "ekonomi"),
}
LEVEL_GROUP = {
    "SD": "SMA",
    "SMP": "SMA",
    "SMA": "SMA",
    "D1": "D3",
    "D2": "D3",
    "D3": "D3",
    "D4": "S1",
    "S1": "S1",
    "S2": "S2",
    "S3": "S2",
}


@dataclass
class Organisation:
    units: pd.DataFrame  # kode_unit, nama_unit, opd, service, kind
    positions: pd.DataFrame  # the jabatan columns + planning columns (holders, edu, seniority, ...)
    tasks: pd.DataFrame  # uraian_tugas columns

    def jabatan(self) -> pd.DataFrame:
        return self.positions[list(C.COLUMNS["jabatan"])]


def opd_count(employees: int) -> int:
    if employees >= 600:
        n = 15 + 15 * math.log(employees / 600) / math.log(15)
    else:
        n = 15 * employees / 600
    return int(min(30, max(3, round(n))))


def _city(region: Region) -> str:
    name = region.region_name
    for prefix in ("Kabupaten ", "Kota "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _kecamatan_names(region: Region, n: int) -> list[str]:
    known = C.KECAMATAN_NAMES.get(region.region_code)
    if known:
        names = list(known)
    else:
        names = [f"{_city(region)} {c}" for c in C.COMPASS]
    while len(names) < n:
        names.append(f"{_city(region)} {C.COMPASS[len(names) % len(C.COMPASS)]} {len(names) // len(C.COMPASS) + 1}")
    return names[:n]


def _jurusan_syarat(families: tuple[str, ...], pend_min: str) -> str | None:
    group = LEVEL_GROUP[pend_min]
    if group == "SMA" or not families:
        return None
    names: list[str] = []
    for fam in families:
        for name, _ in C.MAJORS.get(fam, {}).get(group, ()):
            if name not in names:
                names.append(name)
    return ";".join(names[:4]) or None


class _Builder:
    def __init__(self, rng: np.random.Generator, region: Region) -> None:
        self.rng = rng
        self.region = region
        self.units: list[dict] = []
        self.posts: list[dict] = []

    def unit(self, opd_no: int, sub_no: int, name: str, opd: str, kind: str, service: bool) -> str:
        code = f"{self.region.region_code}.{opd_no:02d}.{sub_no:02d}"
        self.units.append(
            {
                "kode_unit": code,
                "nama_unit": name,
                "opd": opd,
                "opd_no": opd_no,
                "kind": kind,
                "service": service,
                "n_posts": 0,
            }
        )
        return code

    def _add(self, unit_idx: int, **post) -> None:
        u = self.units[unit_idx]
        u["n_posts"] += 1
        post.update(
            kode_unit=u["kode_unit"],
            nama_unit=u["nama_unit"],
            opd=u["opd"],
            opd_no=u["opd_no"],
            kode_jabatan=f"{u['kode_unit']}.{u['n_posts']:03d}",
            unit_idx=unit_idx,
            seq=u["n_posts"],
        )
        self.posts.append(post)

    def structural(self, unit_idx: int, name: str, jenis: str, kelas: int, rumpun: str, priority: int) -> None:
        pend = {"JPT": "S1", "administrator": "S1", "pengawas": "D3"}[jenis]
        fams = RUMPUN_FAMILIES.get(rumpun, ())
        edu = {"JPT": "s2", "administrator": "s1_s2", "pengawas": "s1"}[jenis]
        seniority = {"JPT": 0.97, "administrator": 0.9, "pengawas": 0.75}[jenis]
        self._add(
            unit_idx,
            nama_jabatan=name,
            jenis_jabatan=jenis,
            jenjang=None,
            kelas_jabatan=kelas,
            rumpun=rumpun,
            pendidikan_minimal=pend,
            families=fams,
            jurusan_syarat=_jurusan_syarat(fams, pend),
            target=C.STRUCT_TARGET[jenis],
            weight=0.0,
            edu=edu,
            pppk=False,
            seniority=seniority,
            structural=True,
            priority=priority,
        )

    def post(self, unit_idx: int, t: C.PostT) -> None:
        if t.jenis == "fungsional":
            target = C.JENJANG_TARGET[t.jenjang]
        else:
            target = C.pelaksana_target(t.kelas)
        seniority = t.seniority if t.seniority >= 0 else float(self.rng.uniform(0.1, 0.9))
        self._add(
            unit_idx,
            nama_jabatan=t.name,
            jenis_jabatan=t.jenis,
            jenjang=t.jenjang,
            kelas_jabatan=t.kelas,
            rumpun=t.rumpun,
            pendidikan_minimal=t.pend_min,
            families=t.families,
            jurusan_syarat=_jurusan_syarat(t.families, t.pend_min),
            target=target,
            weight=t.weight,
            edu=t.edu,
            pppk=t.pppk,
            seniority=seniority,
            structural=False,
            priority=0,
        )


def _largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers summing to ``total`` proportional to ``weights`` (deterministic)."""
    w = np.asarray(weights, dtype=float)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype=np.int64)
    raw = w / w.sum() * total
    base = np.floor(raw).astype(np.int64)
    rest = total - int(base.sum())
    if rest > 0:
        order = np.argsort(-(raw - base), kind="stable")
        base[order[:rest]] += 1
    return base


def _allocate_min1(total: int, weights: np.ndarray) -> np.ndarray:
    """Like _largest_remainder, but every item gets at least 1 while total allows (heaviest first)."""
    n = len(weights)
    out = np.zeros(n, dtype=np.int64)
    if n == 0 or total <= 0:
        return out
    if total < n:
        order = np.argsort(-weights, kind="stable")
        out[order[:total]] = 1
        return out
    return 1 + _largest_remainder(total - n, weights)


def build_organisation(rng: np.random.Generator, region: Region, employees: int) -> Organisation:
    employees = int(employees)
    n_opd = opd_count(employees)
    is_kota = region.region_type == "kota"
    n_kec = 0 if n_opd < 4 else max(1, round(n_opd * 0.2))
    specs = [C.OPD_BY_KEY[k] for k in C.OPD_ORDER[: n_opd - n_kec]]
    kec_names = _kecamatan_names(region, n_kec)
    opd_list: list[tuple[C.OpdSpec, str]] = [(s, s.name) for s in specs]
    for name in kec_names:
        opd_list.append((C.KECAMATAN, f"Kecamatan {name}"))
    city = _city(region)
    place_pool = list(C.PLACE_NAMES)
    rng.shuffle(place_pool)
    suffixes = (
        "",
        " Hilir",
        " Hulu",
        " Baru",
        " Dalam",
        " Jaya",
        " Indah",
        " Permai",
        " Makmur",
        " Raya",
        " Timur",
        " Barat",
        " Utara",
        " Selatan",
        " Tengah",
    )
    place_pool = [f"{p}{s}" for s in suffixes for p in place_pool]

    weights = np.array([(2.5 if (s.key == "kecamatan" and is_kota) else s.weight) for s, _ in opd_list])
    staff = _largest_remainder(employees, weights)

    b = _Builder(rng, region)
    upt_posts: list[tuple[int, C.PostT]] = []  # (unit index, template) of UPT non-structural posts
    office_units: list[tuple[int, int, list[C.PostT], float]] = []  # (opd idx, unit idx, templates, weight)
    school_no = {"SD": 0, "SMP": 0}
    place_iter = iter(place_pool + [f"{p} {k}" for k in range(2, 100) for p in place_pool])

    for oi, ((spec, opd_name), e_o) in enumerate(zip(opd_list, staff)):
        opd_no = oi + 1
        upt_share = {"sekolah": 0.88, "puskesmas": 0.65}.get(spec.upt or "", 0.0)
        if spec.key == "kecamatan" and is_kota:
            upt_share = 0.55
        office_e = e_o * (1 - upt_share)
        office = len(b.units)
        head = spec.head if spec.key != "kecamatan" else f"Camat {opd_name.removeprefix('Kecamatan ')}"
        if spec.key == "rsud":
            head = f"Direktur Rumah Sakit Umum Daerah {city}"
        b.unit(
            opd_no,
            0,
            opd_name if spec.key != "rsud" else f"Rumah Sakit Umum Daerah {city}",
            spec.key,
            "office",
            spec.service,
        )
        b.structural(office, head, spec.head_jenis, spec.head_kelas, spec.rumpun, 0)
        if spec.extra_heads:
            n_extra = int(np.clip(round(office_e / 40), 1, len(spec.extra_heads)))
            for title, jenis, kelas, rumpun in spec.extra_heads[:n_extra]:
                b.structural(office, title, jenis, kelas, rumpun, 1)
        if spec.secretary:
            b.structural(office, spec.secretary, "administrator", 11, C.ADM, 1)
            n_sub = 2 if office_e >= 25 else 1
            kasubbag = ("Kepala Sub Bagian Umum dan Kepegawaian", "Kepala Sub Bagian Perencanaan dan Keuangan")
            for title in kasubbag[:n_sub]:
                b.structural(office, title, "pengawas", 9, C.ADM if "Umum" in title else C.KEU, 3)
        n_kasi = 2 if office_e >= 120 else (1 if office_e >= 50 else 0)
        if spec.seksi_in_office:
            n_seksi = int(np.clip(round(office_e / 6), 1, len(spec.bidang)))
            for bd in spec.bidang[:n_seksi]:
                b.structural(office, bd.head, bd.head_jenis, bd.head_kelas, bd.rumpun, 2)
            office_units.append((oi, office, list(spec.posts) + list(C.OFFICE_POSTS), max(office_e, 1.0)))
        else:
            per = 10 if spec.key == "setda" else 40
            n_bid = int(np.clip(round(office_e / per), 1, len(spec.bidang)))
            office_units.append((oi, office, list(C.OFFICE_POSTS), max(office_e * 0.4, 1.0)))
            bidang = spec.bidang[:n_bid]
            for bi, bd in enumerate(bidang):
                u = len(b.units)
                b.unit(opd_no, bi + 1, f"{bd.unit} {opd_name}", spec.key, "bidang", False)
                b.structural(u, bd.head, bd.head_jenis, bd.head_kelas, bd.rumpun, 1)
                for s_title in bd.seksi[:n_kasi]:
                    b.structural(u, s_title, "pengawas", 9, bd.rumpun, 2)
                own = list(spec.posts[bi::n_bid])
                rest = [p for p in spec.posts if p not in own]
                office_units.append((oi, u, own + list(C.BIDANG_GENERIC) + rest, max(office_e * 0.6 / n_bid, 1.0)))
        # UPT units
        sub = len([u for u in b.units if u["opd_no"] == opd_no])
        if spec.upt == "sekolah":
            n_sch = max(1, round(e_o * upt_share / 20))
            for k in range(n_sch):
                level = "SMP" if (k % 4 == 3) else "SD"
                school_no[level] += 1
                u = len(b.units)
                b.unit(opd_no, sub + k, f"{level} Negeri {school_no[level]} {city}", spec.key, "sekolah", False)
                size = e_o * upt_share / n_sch
                n_p = 5 if size >= 24 else (4 if size >= 14 else 3)
                upt_posts.extend((u, t) for t in C.SCHOOL_POSTS[:n_p])
        elif spec.upt == "puskesmas":
            n_pkm = max(1, round(e_o * upt_share / 30))
            size = e_o * upt_share / n_pkm
            n_p = int(np.clip(round(size / 3), 4, len(C.PUSKESMAS_POSTS)))
            for k in range(n_pkm):
                u = len(b.units)
                place = kec_names[k] if k < len(kec_names) else next(place_iter)
                b.unit(opd_no, sub + k, f"UPTD Puskesmas {place}", spec.key, "puskesmas", True)
                b.structural(u, "Kepala UPTD Puskesmas", "pengawas", 9, C.KES, 2)
                if size >= 40:
                    b.structural(u, "Kepala Sub Bagian Tata Usaha", "pengawas", 8, C.ADM, 3)
                upt_posts.extend((u, t) for t in C.PUSKESMAS_POSTS[:n_p])
        elif spec.key == "kecamatan" and is_kota:
            n_kel = int(np.clip(round(e_o * upt_share / 12), 1, 8))
            for k in range(n_kel):
                u = len(b.units)
                b.unit(opd_no, sub + k, f"Kelurahan {next(place_iter)}", spec.key, "kelurahan", True)
                b.structural(u, "Lurah", "pengawas", 9, C.PEM, 2)
                b.structural(u, "Sekretaris Kelurahan", "pengawas", 8, C.PEM, 3)
                upt_posts.extend((u, t) for t in C.KELURAHAN_POSTS)

    # Office / bidang non-structural posts: fill up to about employees / 4 positions in total.
    n_struct = len(b.posts)
    target = max(round(employees / 4), n_struct + len(upt_posts) + len(office_units))
    budget = target - n_struct - len(upt_posts)
    unit_w = np.array([w for *_, w in office_units])
    caps = np.array([len({t.name + str(t.jenjang) for t in ts}) for _, _, ts, _ in office_units])
    counts = np.minimum(_allocate_min1(budget, unit_w), caps)
    for (_, u, templates, _), k in zip(office_units, counts):
        seen: set[str] = set()
        for t in templates:
            if len(seen) >= k:
                break
            key = f"{t.name}|{t.jenjang}"
            if key in seen:
                continue
            seen.add(key)
            b.post(u, t)
    # UPT posts are added after office posts so kode_jabatan numbering stays per unit.
    for u, t in upt_posts:
        b.post(u, t)

    pos = pd.DataFrame(b.posts)
    pos["opd_idx"] = pos["opd_no"] - 1
    pos = pos.sort_values(["unit_idx", "seq"], kind="stable").reset_index(drop=True)
    units = pd.DataFrame(b.units)

    _assign_holders(rng, pos, staff)
    _targets(pos, rng.spawn(1)[0])  # a child generator: the main stream (tasks, people) is unchanged
    tasks = _task_inventory(rng, pos)
    return Organisation(units=units, positions=pos, tasks=tasks)


def _assign_holders(rng: np.random.Generator, pos: pd.DataFrame, staff: np.ndarray) -> None:
    n = len(pos)
    structural = pos["structural"].to_numpy()
    vac_s = rng.random(n) < VACANT_STRUCTURAL
    vac_s &= pos["priority"].to_numpy() > 0  # the head of an OPD is never vacant
    holders = np.where(structural & ~vac_s, 1, 0).astype(np.int64)
    employees = int(staff.sum())
    # Too small a region for its structure: leave structural posts vacant, lowest rank first.
    excess = int(holders.sum()) - employees
    if excess > 0:
        cand = np.flatnonzero(holders > 0)
        cand = cand[np.argsort(-pos["priority"].to_numpy()[cand], kind="stable")]
        holders[cand[:excess]] = 0
    ns = np.flatnonzero(~structural)
    vac_ns = rng.random(len(ns)) < VACANT_NONSTRUCTURAL
    opd_idx = pos["opd_idx"].to_numpy()
    weight = pos["weight"].to_numpy() * rng.lognormal(0.0, 0.55, n)
    held_ns = ns[~vac_ns]
    # weight of a post = its own weight share within its OPD times the OPD's non-structural staff
    s_filled = np.bincount(opd_idx, weights=holders, minlength=len(staff))
    opd_ns_staff = np.maximum(staff - s_filled, 0.3)
    w_opd = np.bincount(opd_idx[held_ns], weights=weight[held_ns], minlength=len(staff))
    w = weight[held_ns] / np.maximum(w_opd[opd_idx[held_ns]], 1e-9) * opd_ns_staff[opd_idx[held_ns]]
    total_ns = employees - int(holders.sum())
    holders[held_ns] = _allocate_min1(total_ns, w)
    pos["holders"] = holders


# Competency targets differ by post within a job type and level (issue 15): the technical depth of a post
# depends on its function and unit (a Pengelola Keuangan of the BPKAD against one of a kelurahan), the
# sociocultural demand on how public-facing it is. Offsets of -1/0/+1 on the level's target, per post;
# the managerial target stays that of the level. docs/generator.md "Competency spread".
TECHNICAL_OFFSET_P = (0.2, 0.55, 0.25)
SOCIOCULTURAL_OFFSET_P = (0.2, 0.6, 0.2)


def _targets(pos: pd.DataFrame, rng: np.random.Generator) -> None:
    t = np.array(pos["target"].tolist(), dtype=np.int64)
    n = len(t)
    t[:, 0] += rng.choice([-1, 0, 1], size=n, p=TECHNICAL_OFFSET_P)
    t[:, 2] += rng.choice([-1, 0, 1], size=n, p=SOCIOCULTURAL_OFFSET_P)
    t = np.clip(t, 1, 5)
    sekda = (pos["jenis_jabatan"] == "JPT").to_numpy() & (pos["kelas_jabatan"] >= 15).to_numpy()
    t[sekda] = (5, 5, 4)
    pos["target_teknis"] = t[:, 0]
    pos["target_manajerial"] = t[:, 1]
    pos["target_sosiokultural"] = t[:, 2]
    pos["bup"] = [C.bup_for(j, jj) for j, jj in zip(pos["jenis_jabatan"], pos["jenjang"])]
    pos.drop(columns=["target"], inplace=True)


def _task_inventory(rng: np.random.Generator, pos: pd.DataFrame) -> pd.DataFrame:
    n = len(pos)
    holders = pos["holders"].to_numpy()
    # Effectiveness target per post; vacant posts get the workload of 0.6–2.5 people.
    probs = np.array([g[1] for g in EJ_GRADES])
    grade = rng.choice(len(EJ_GRADES), size=n, p=probs / probs.sum())
    lo = np.array([g[2] for g in EJ_GRADES])[grade]
    hi = np.array([g[3] for g in EJ_GRADES])[grade]
    ej = rng.uniform(lo, hi)
    people = np.where(holders > 0, holders * ej, rng.uniform(0.6, 2.5, n))
    workload = people * MINUTES_PER_YEAR
    pos["planned_grade"] = np.where(holders > 0, np.array([g[0] for g in EJ_GRADES])[grade], "")

    pool_key = np.where(pos["structural"].to_numpy(), pos["jenis_jabatan"].to_numpy(), pos["rumpun"].to_numpy())
    pool_key = np.array([k if k in C.TASKS else C.ADM for k in pool_key], dtype=object)
    frames = []
    for key in sorted(set(pool_key)):
        pool = C.TASKS[key]
        perm = rng.permutation(len(pool))
        idx = np.flatnonzero(pool_key == key)
        m = len(idx)
        k = np.minimum(rng.integers(3, 9, m), len(pool))
        offset = rng.integers(0, len(pool), m)
        post = np.repeat(idx, k)
        j = np.arange(k.sum()) - np.repeat(np.cumsum(k) - k, k)
        tix = perm[(np.repeat(offset, k) + j) % len(pool)]
        frames.append(pd.DataFrame({"post": post, "j": j, "tix": tix, "key": key}))
    t = pd.concat(frames, ignore_index=True).sort_values(["post", "j"], kind="stable").reset_index(drop=True)
    text = np.empty(len(t), dtype=object)
    unit = np.empty(len(t), dtype=object)
    base_norm = np.empty(len(t), dtype=float)
    for key, grp in t.groupby("key", sort=True):
        pool = C.TASKS[key]
        ix = grp.index.to_numpy()
        tix = grp["tix"].to_numpy()
        text[ix] = [pool[i][0] for i in tix]
        unit[ix] = [pool[i][1] for i in tix]
        base_norm[ix] = [pool[i][2] for i in tix]
    norm = base_norm * rng.uniform(0.8, 1.25, len(t))
    norm = np.where(norm >= 20, np.round(norm / 5) * 5, np.maximum(np.round(norm), 1))
    share = rng.gamma(2.0, 1.0, len(t))
    post = t["post"].to_numpy()
    share = share / np.bincount(post, weights=share, minlength=n)[post]
    w = workload[post]
    volume = np.maximum(np.round(share * w / norm), 1)
    # Close the gap to the planned workload on each post's task with the smallest norm.
    tmp = pd.DataFrame({"post": post, "norm": norm})
    last = tmp.groupby("post")["norm"].idxmin().to_numpy()
    minutes = volume * norm
    others = np.bincount(post, weights=minutes, minlength=n) - minutes[last]
    volume[last] = np.maximum(np.round((workload[post[last]] - others[post[last]]) / norm[last]), 1)
    return pd.DataFrame(
        {
            "kode_jabatan": pos["kode_jabatan"].to_numpy()[post],
            "uraian_tugas": text,
            "satuan_hasil": unit,
            "volume_per_tahun": volume.astype(np.int64),
            "norma_waktu_menit": norm.astype(np.int64),
        }
    )
