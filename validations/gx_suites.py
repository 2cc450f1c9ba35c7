"""Great Expectations suites at dataset level, per region snapshot.

Blocking expectations (severity `critical`) make a snapshot unusable: nothing to compute on, broken keys,
broken references. Drift expectations (severity `warning`) compare with the region's previous accepted
snapshot (row count, share of PNS, age) using thresholds from the parameter table. Results are kept as
JSON and as an HTML report that opens offline (lake/quality/...).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

from mutasi import params  # noqa: E402
from validations.parsing import arrow  # noqa: E402

logging.getLogger("great_expectations").setLevel(logging.WARNING)


@dataclass
class SuiteOutcome:
    success: bool  # every critical expectation met
    warnings: list[str]  # failed warning-level expectations, described
    failures: list[str]  # failed critical expectations, described
    result: dict  # the GX validation result as JSON


_CONTEXT = None  # one ephemeral GX context per process (a worker validates many snapshots)


def _context():
    """The process's GX context, built on first use (a new one per snapshot cost only ~2 ms, but
    nothing in it belongs to a snapshot). Each suite run adds its own datasource and deletes it
    afterwards: a datasource's execution engine keeps the batches it was given, which would otherwise
    stay in memory region after region."""
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = _new_context()
    return _CONTEXT


def _new_context():
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    try:
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context.variables.progress_bars = ProgressBarsConfig(globally=False)
    except Exception:  # progress bars are cosmetic
        pass
    # An ephemeral context keeps its configuration in memory only, yet GX serialises the whole project
    # config to YAML (into an in-memory store nothing here reads back) after every datasource, asset and
    # batch-definition change: 11 times per snapshot, ~20 % of the suite's time. This private, throw-away
    # context skips that copy; datasources, assets and results are unaffected.
    from great_expectations.data_context import EphemeralDataContext

    if type(context) is EphemeralDataContext:
        context._save_project_config = lambda: None
    # GX fingerprints every pandas batch (an md5 over `hash_pandas_object` of every cell, twice per table:
    # once for the batch, once for the validator's copy of it) into the batch markers, which only the suite
    # result's `meta` carries and `run_suite` does not keep. Its own size threshold (1 GB) turns it off;
    # here for all sizes, in this process (GX is used only here): 0.20 -> 0.17 s CPU per snapshot of
    # province 32 (min of 12 suites, 2026-12-05).
    from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0
    return context


def _features(pegawai: pd.DataFrame, snapshot_date: str) -> pd.DataFrame:
    snap = pd.Timestamp(snapshot_date)
    birth = pegawai["tanggal_lahir"]
    if not pd.api.types.is_datetime64_dtype(birth.dtype):  # the previous snapshot, read back: dates
        # (the validated frame is datetime64 already: to_datetime would only sample it for its format
        # cache, turning its values into Timestamps: ~0.03 s per snapshot)
        birth = pd.to_datetime(birth)
    return pd.DataFrame(
        {
            "is_pns": (pegawai["status_kepegawaian"] == "PNS").to_numpy(dtype=float, na_value=0.0),
            "age_years": ((snap - birth).dt.days / 365.25).to_numpy(dtype=float),
        }
    )


AGE_QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)


def _param(name: str, fallback: str) -> float:
    """A parameter, or the parameter it refines when the table does not have it yet."""
    try:
        return params.number(name)
    except KeyError:
        return params.number(fallback)


def _text_keys(values: pd.Series) -> pa.Array | None:
    """The Arrow strings behind a key column (the typed clean tables), or None for any other dtype."""
    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        return arrow(values)
    if isinstance(dtype, pd.ArrowDtype) and (
        pa.types.is_string(dtype.pyarrow_dtype) or pa.types.is_large_string(dtype.pyarrow_dtype)
    ):
        return arrow(values)
    return None


def _membership(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """For each value: is it one of `keys` (missing values never are)? Same result as
    `values.isin(set(keys.dropna()))`, computed in one Arrow hash lookup for text keys."""
    a, b = _text_keys(values), _text_keys(keys)
    if a is not None and b is not None:
        value_set = pc.unique(pc.drop_null(b)).cast(a.type)
        return pc.fill_null(pc.is_in(a, value_set=value_set), False).to_numpy(zero_copy_only=False)
    return values.isin(pd.unique(keys.dropna())).to_numpy(dtype=bool, na_value=False)


def _references(clean: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per reference between tables (referential integrity): which table refers (`reference`,
    categorical) and whether the key is known (`known`).

    GX value-set expectations with thousands of codes or NIPs are slow to configure; the membership is
    computed here once per referenced key set (Arrow hash lookups, no per-value Python objects) and GX
    asserts that every reference is known (and reports how many are not)."""
    jabatan, pegawai = clean["jabatan"], clean["pegawai"]
    parts = [
        ("pegawai.kode_jabatan", pegawai["kode_jabatan"], jabatan["kode_jabatan"]),
        ("uraian_tugas.kode_jabatan", clean["uraian_tugas"]["kode_jabatan"], jabatan["kode_jabatan"]),
    ]
    for entity in (
        "asesmen_kompetensi",
        "kinerja",
        "diklat",
        "hukuman_disiplin",
        "preferensi_mutasi",
        "keputusan_mutasi",
        "keberatan_pegawai",
    ):
        if entity in clean and len(clean[entity]):
            parts.append((f"{entity}.nip", clean[entity]["nip"], pegawai["nip"]))
    if "survei_kepuasan" in clean and len(clean["survei_kepuasan"]):
        parts.append(("survei_kepuasan.kode_unit", clean["survei_kepuasan"]["kode_unit"], jabatan["kode_unit"]))
    parts = [(name, values, keys) for name, values, keys in parts if len(values)]
    names = [name for name, _, _ in parts]
    known = (
        np.concatenate([_membership(values, keys) for _, values, keys in parts]) if parts else np.zeros(0, dtype=bool)
    )
    codes = np.repeat(np.arange(len(parts), dtype=np.int32), [len(values) for _, values, _ in parts])
    return pd.DataFrame({"reference": pd.Categorical.from_codes(codes, categories=names), "known": known})


def _unknown_references(refs: pd.DataFrame) -> dict[str, int]:
    """Unknown references per referring column, most first (as `value_counts` orders them)."""
    unknown = refs.loc[~refs["known"].to_numpy(), "reference"]
    if not len(unknown):
        return {}
    return {k: int(v) for k, v in unknown.astype(object).value_counts().items()}


def build_expectations(
    clean: dict[str, pd.DataFrame],
    previous: dict[str, pd.DataFrame] | None,
    snapshot_date: str,
    previous_date: str | None,
):
    """(table name, frame, expectation) triples: what is checked, on which table.

    critical (blocking): row counts, completeness of key columns, uniqueness of keys, value sets and
    ranges, referential integrity. warning: completeness of names, drift against the previous snapshot
    (row count, share of PNS, mean age and age quantiles)."""
    import great_expectations as gx

    E = gx.expectations
    crit, warn = {"severity": "critical"}, {"severity": "warning"}
    peg, jab, tugas = clean["pegawai"], clean["jabatan"], clean["uraian_tugas"]
    features = _features(peg, snapshot_date)
    refs = _references(clean)
    items = [
        ("pegawai", peg, E.ExpectTableRowCountToBeBetween(min_value=1, **crit)),
        ("jabatan", jab, E.ExpectTableRowCountToBeBetween(min_value=1, **crit)),
        ("uraian_tugas", tugas, E.ExpectTableRowCountToBeBetween(min_value=1, **crit)),
        # completeness
        *[
            ("pegawai", peg, E.ExpectColumnValuesToNotBeNull(column=c, **crit))
            for c in ("nip", "tanggal_lahir", "jenis_kelamin", "status_kepegawaian", "kode_jabatan", "tmt_jabatan")
        ],
        ("pegawai", peg, E.ExpectColumnValuesToNotBeNull(column="nama", mostly=0.99, **warn)),
        # uniqueness
        ("pegawai", peg, E.ExpectColumnValuesToBeUnique(column="nip", **crit)),
        ("jabatan", jab, E.ExpectColumnValuesToBeUnique(column="kode_jabatan", **crit)),
        # value sets and ranges
        ("pegawai", peg, E.ExpectColumnValueLengthsToEqual(column="nip", value=18, **crit)),
        (
            "pegawai",
            peg,
            E.ExpectColumnValuesToBeInSet(column="status_kepegawaian", value_set=["PNS", "CPNS", "PPPK"], **crit),
        ),
        ("pegawai", peg, E.ExpectColumnValuesToBeInSet(column="jenis_kelamin", value_set=["L", "P"], **crit)),
        (
            "pegawai",
            peg,
            E.ExpectColumnValuesToBeInSet(
                column="pendidikan_tingkat",
                value_set=["SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"],
                **crit,
            ),
        ),
        *[
            ("jabatan", jab, E.ExpectColumnValuesToBeBetween(column=c, min_value=1, max_value=5, **crit))
            for c in ("target_teknis", "target_manajerial", "target_sosiokultural")
        ],
        ("jabatan", jab, E.ExpectColumnValuesToBeBetween(column="kelas_jabatan", min_value=1, max_value=17, **crit)),
        (
            "jabatan",
            jab,
            E.ExpectColumnValuesToBeInSet(
                column="jenis_jabatan",
                value_set=["JPT", "administrator", "pengawas", "pelaksana", "fungsional"],
                **crit,
            ),
        ),
        (
            "uraian_tugas",
            tugas,
            E.ExpectColumnValuesToBeBetween(column="norma_waktu_menit", min_value=0, strict_min=True, **crit),
        ),
        ("uraian_tugas", tugas, E.ExpectColumnValuesToBeBetween(column="volume_per_tahun", min_value=0, **crit)),
        # referential integrity
        (
            "references",
            refs,
            E.ExpectColumnValuesToBeInSet(
                column="known",
                value_set=[True],
                **crit,
                meta={"references": sorted(set(refs["reference"].unique())), "unknown": _unknown_references(refs)},
            ),
        ),
    ]
    if previous is not None and len(previous.get("pegawai", [])):
        prev_peg = previous["pegawai"]
        prev_features = _features(prev_peg, previous_date)
        share = params.number("drift_max_row_count_change")
        n = len(prev_peg)
        pns_points = params.number("drift_max_pns_share_change")
        age_years = params.number("drift_max_mean_age_change_years")
        quantile_years = _param("drift_max_age_quantile_change_years", "drift_max_mean_age_change_years")
        pns, age = prev_features["is_pns"].mean(), prev_features["age_years"].mean()
        previous_quantiles = prev_features["age_years"].quantile(list(AGE_QUANTILES)).to_list()
        items += [
            (
                "pegawai",
                peg,
                E.ExpectTableRowCountToBeBetween(
                    min_value=int(n * (1 - share)),
                    max_value=int(n * (1 + share)) + 1,
                    **warn,
                    meta={"drift": f"row count vs {previous_date} ({n}) ±{share:.0%}"},
                ),
            ),
            (
                "pegawai_features",
                features,
                E.ExpectColumnMeanToBeBetween(
                    column="is_pns",
                    min_value=pns - pns_points,
                    max_value=pns + pns_points,
                    **warn,
                    meta={"drift": f"share of PNS vs {previous_date} ({pns:.3f}) ±{pns_points}"},
                ),
            ),
            (
                "pegawai_features",
                features,
                E.ExpectColumnMeanToBeBetween(
                    column="age_years",
                    min_value=age - age_years,
                    max_value=age + age_years,
                    **warn,
                    meta={"drift": f"mean age vs {previous_date} ({age:.2f}) ±{age_years} years"},
                ),
            ),
            # Age distribution: each decile/quartile of age may move at most `quantile_years`.
            (
                "pegawai_features",
                features,
                E.ExpectColumnQuantileValuesToBeBetween(
                    column="age_years",
                    quantile_ranges={
                        "quantiles": list(AGE_QUANTILES),
                        "value_ranges": [[q - quantile_years, q + quantile_years] for q in previous_quantiles],
                    },
                    allow_relative_error="linear",
                    **warn,  # pandas linear interpolation, as for the previous
                    meta={
                        "drift": f"age quantiles {list(AGE_QUANTILES)} vs {previous_date} "
                        f"({', '.join(f'{q:.1f}' for q in previous_quantiles)}) ±{quantile_years} years"
                    },
                ),
            ),
        ]
    return items


def describe(result: dict) -> str:
    config = result["expectation_config"]
    kwargs = {k: v for k, v in config["kwargs"].items() if k not in ("batch_id", "value_set")}
    observed = result.get("result", {})
    detail = observed.get("observed_value", observed.get("unexpected_count"))
    return f"{config['type']} {kwargs} → {detail}"


def run_suite(
    clean: dict[str, pd.DataFrame],
    previous: dict[str, pd.DataFrame] | None,
    region_code: str,
    snapshot_date: str,
    previous_date: str | None = None,
) -> SuiteOutcome:
    import great_expectations as gx

    results = []
    by_table: dict[str, list] = {}
    frames: dict[str, pd.DataFrame] = {}
    for table, frame, expectation in build_expectations(clean, previous, snapshot_date, previous_date):
        by_table.setdefault(table, []).append(expectation)
        frames[table] = frame
    context = _context()
    name = f"region_{region_code}"  # batch ids "region_<code>-<table>", as the results report them
    source = context.data_sources.add_pandas(name)
    try:
        for table, expectations in by_table.items():
            suite = gx.ExpectationSuite(name=f"{region_code}_{snapshot_date}_{table}", expectations=expectations)
            batch = (
                source.add_dataframe_asset(table)
                .add_batch_definition_whole_dataframe("whole")
                .get_batch(batch_parameters={"dataframe": frames[table]})
            )
            outcome = batch.validate(suite, result_format="SUMMARY").to_json_dict()
            for r in outcome["results"]:
                r["table"] = table
            results.extend(outcome["results"])
    finally:
        context.data_sources.delete(name)
    failures = [describe(r) for r in results if not r["success"] and r["expectation_config"]["severity"] == "critical"]
    warnings = [describe(r) for r in results if not r["success"] and r["expectation_config"]["severity"] != "critical"]
    return SuiteOutcome(
        success=not failures,
        warnings=warnings,
        failures=failures,
        result={
            "region_code": region_code,
            "snapshot_date": snapshot_date,
            "previous_snapshot": previous_date,
            "success": not failures,
            "evaluated": len(results),
            "validated_at": dt.datetime.now(dt.UTC).isoformat(),
            "results": results,
        },
    )


def _observed(r: dict) -> str:
    result = r.get("result", {}) or {}
    if "observed_value" in result:
        return json.dumps(result["observed_value"], default=str)[:200]
    if "unexpected_count" in result:
        percent = result.get("unexpected_percent")
        return f"{result['unexpected_count']} tidak sesuai" + (f" ({percent:.2f}%)" if percent is not None else "")
    return ""


def render_html(result: dict) -> str:
    """A plain, self-contained report (no scripts, styles inline, no network) a BKPSDM officer can open."""
    rows = []
    for r in result["results"]:
        config = r["expectation_config"]
        ok = r["success"]
        severity = config.get("severity", "critical")
        badge = "LULUS" if ok else ("GAGAL" if severity == "critical" else "PERINGATAN")
        colour = "#1b7f3b" if ok else ("#b3261e" if severity == "critical" else "#a86400")
        kwargs = {k: v for k, v in config["kwargs"].items() if k != "batch_id"}
        meta = config.get("meta") or {}
        note = meta.get("drift") or (json.dumps(meta, default=str, ensure_ascii=False) if meta else "")
        rows.append(
            f"<tr><td>{html.escape(r['table'])}</td><td>{html.escape(config['type'])}</td>"
            f"<td>{html.escape(json.dumps(kwargs, default=str)[:300])}</td>"
            f"<td>{html.escape(severity)}</td><td style='color:{colour};font-weight:bold'>{badge}</td>"
            f"<td>{html.escape(_observed(r))}</td><td>{html.escape(str(note)[:400])}</td></tr>"
        )
    status = "LULUS" if result["success"] else "DITOLAK"
    failed = sum(1 for r in result["results"] if not r["success"])
    return (
        "<!doctype html><html lang='id'><head><meta charset='utf-8'>"
        f"<title>Validasi {html.escape(str(result['region_code']))} {html.escape(str(result['snapshot_date']))}</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px;text-align:left;vertical-align:top}</style>"
        "</head><body>"
        f"<h1>Laporan validasi data — wilayah {html.escape(str(result['region_code']))}, snapshot "
        f"{html.escape(str(result['snapshot_date']))}</h1>"
        f"<p>Status: <b>{status}</b>. Pembanding (drift): {html.escape(str(result['previous_snapshot'] or 'tidak ada'))}. "
        f"Jumlah pemeriksaan: {result['evaluated']}, tidak lulus: {failed}. GAGAL (tingkat <i>critical</i>) "
        "membuat snapshot ditolak; PERINGATAN (tingkat <i>warning</i>, drift) hanya dilaporkan.</p>"
        "<table><tr><th>Tabel</th><th>Pemeriksaan</th><th>Parameter</th><th>Tingkat</th><th>Hasil</th>"
        "<th>Nilai teramati</th><th>Keterangan</th></tr>" + "".join(rows) + "</table></body></html>"
    )


def store(outcome: SuiteOutcome, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    json_path, html_path = folder / "gx_validation.json", folder / "gx_validation.html"
    json_path.write_text(json.dumps(outcome.result, indent=1, default=str), encoding="utf-8")
    html_path.write_text(render_html(outcome.result), encoding="utf-8")
    return json_path, html_path
