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

import pandas as pd

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

from mutasi import params  # noqa: E402

logging.getLogger("great_expectations").setLevel(logging.WARNING)


@dataclass
class SuiteOutcome:
    success: bool            # every critical expectation met
    warnings: list[str]      # failed warning-level expectations, described
    failures: list[str]      # failed critical expectations, described
    result: dict             # the GX validation result as JSON


def _context():
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    try:
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context.variables.progress_bars = ProgressBarsConfig(globally=False)
    except Exception:  # progress bars are cosmetic
        pass
    return context


def _features(pegawai: pd.DataFrame, snapshot_date: str) -> pd.DataFrame:
    snap = pd.Timestamp(snapshot_date)
    birth = pd.to_datetime(pegawai["tanggal_lahir"])
    return pd.DataFrame({
        "is_pns": (pegawai["status_kepegawaian"] == "PNS").astype(float),
        "age_years": (snap - birth).dt.days / 365.25,
    })


def build_expectations(clean: dict[str, pd.DataFrame], previous: dict[str, pd.DataFrame] | None,
                       snapshot_date: str, previous_date: str | None):
    """(table name, frame, expectation) triples: what is checked, on which table."""
    import great_expectations as gx

    E = gx.expectations
    crit, warn = {"severity": "critical"}, {"severity": "warning"}
    peg, jab, tugas = clean["pegawai"], clean["jabatan"], clean["uraian_tugas"]
    position_codes = sorted(set(jab["kode_jabatan"].dropna()))
    features = _features(peg, snapshot_date)
    items = [
        ("pegawai", peg, E.ExpectTableRowCountToBeBetween(min_value=1, **crit)),
        ("jabatan", jab, E.ExpectTableRowCountToBeBetween(min_value=1, **crit)),
        ("uraian_tugas", tugas, E.ExpectTableRowCountToBeBetween(min_value=1, **crit)),
        ("pegawai", peg, E.ExpectColumnValuesToNotBeNull(column="nip", **crit)),
        ("pegawai", peg, E.ExpectColumnValuesToBeUnique(column="nip", **crit)),
        ("pegawai", peg, E.ExpectColumnValueLengthsToEqual(column="nip", value=18, **crit)),
        ("pegawai", peg, E.ExpectColumnValuesToBeInSet(column="kode_jabatan", value_set=position_codes, **crit)),
        ("pegawai", peg, E.ExpectColumnValuesToBeInSet(column="status_kepegawaian",
                                                         value_set=["PNS", "CPNS", "PPPK"], **crit)),
        ("pegawai", peg, E.ExpectColumnValuesToBeInSet(column="jenis_kelamin", value_set=["L", "P"], **crit)),
        ("pegawai", peg, E.ExpectColumnValuesToNotBeNull(column="nama", mostly=0.99, **warn)),
        ("jabatan", jab, E.ExpectColumnValuesToBeUnique(column="kode_jabatan", **crit)),
        ("jabatan", jab, E.ExpectColumnValuesToBeBetween(column="target_teknis", min_value=1, max_value=5, **crit)),
        ("jabatan", jab, E.ExpectColumnValuesToBeInSet(
            column="jenis_jabatan", value_set=["JPT", "administrator", "pengawas", "pelaksana", "fungsional"], **crit)),
        ("uraian_tugas", tugas, E.ExpectColumnValuesToBeInSet(column="kode_jabatan", value_set=position_codes, **crit)),
        ("uraian_tugas", tugas, E.ExpectColumnValuesToBeBetween(column="norma_waktu_menit", min_value=0,
                                                                  strict_min=True, **crit)),
    ]
    if previous is not None and len(previous.get("pegawai", [])):
        prev_peg = previous["pegawai"]
        prev_features = _features(prev_peg, previous_date)
        share = params.number("drift_max_row_count_change")
        n = len(prev_peg)
        pns_points = params.number("drift_max_pns_share_change")
        age_years = params.number("drift_max_mean_age_change_years")
        pns, age = prev_features["is_pns"].mean(), prev_features["age_years"].mean()
        items += [
            ("pegawai", peg, E.ExpectTableRowCountToBeBetween(
                min_value=int(n * (1 - share)), max_value=int(n * (1 + share)) + 1, **warn,
                meta={"drift": f"row count vs {previous_date} ({n}) ±{share:.0%}"})),
            ("pegawai_features", features, E.ExpectColumnMeanToBeBetween(
                column="is_pns", min_value=pns - pns_points, max_value=pns + pns_points, **warn,
                meta={"drift": f"share of PNS vs {previous_date} ({pns:.3f}) ±{pns_points}"})),
            ("pegawai_features", features, E.ExpectColumnMeanToBeBetween(
                column="age_years", min_value=age - age_years, max_value=age + age_years, **warn,
                meta={"drift": f"mean age vs {previous_date} ({age:.2f}) ±{age_years} years"})),
        ]
    return items


def describe(result: dict) -> str:
    config = result["expectation_config"]
    kwargs = {k: v for k, v in config["kwargs"].items() if k not in ("batch_id", "value_set")}
    observed = result.get("result", {})
    detail = observed.get("observed_value", observed.get("unexpected_count"))
    return f"{config['type']} {kwargs} → {detail}"


def run_suite(clean: dict[str, pd.DataFrame], previous: dict[str, pd.DataFrame] | None, region_code: str,
              snapshot_date: str, previous_date: str | None = None) -> SuiteOutcome:
    import great_expectations as gx

    context = _context()
    source = context.data_sources.add_pandas(f"region_{region_code}")
    results = []
    by_table: dict[str, list] = {}
    frames: dict[str, pd.DataFrame] = {}
    for table, frame, expectation in build_expectations(clean, previous, snapshot_date, previous_date):
        by_table.setdefault(table, []).append(expectation)
        frames[table] = frame
    for table, expectations in by_table.items():
        suite = gx.ExpectationSuite(name=f"{region_code}_{snapshot_date}_{table}", expectations=expectations)
        batch = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("whole").get_batch(
            batch_parameters={"dataframe": frames[table]})
        outcome = batch.validate(suite, result_format="SUMMARY").to_json_dict()
        for r in outcome["results"]:
            r["table"] = table
        results.extend(outcome["results"])
    failures = [describe(r) for r in results if not r["success"] and r["expectation_config"]["severity"] == "critical"]
    warnings = [describe(r) for r in results if not r["success"] and r["expectation_config"]["severity"] != "critical"]
    return SuiteOutcome(
        success=not failures, warnings=warnings, failures=failures,
        result={"region_code": region_code, "snapshot_date": snapshot_date, "previous_snapshot": previous_date,
                "success": not failures, "evaluated": len(results),
                "validated_at": dt.datetime.now(dt.timezone.utc).isoformat(), "results": results},
    )


def render_html(result: dict) -> str:
    """A plain, self-contained report (no scripts, no network) a BKPSDM officer can open."""
    rows = []
    for r in result["results"]:
        config = r["expectation_config"]
        ok = r["success"]
        severity = config["severity"]
        badge = "LULUS" if ok else ("GAGAL" if severity == "critical" else "PERINGATAN")
        colour = "#1b7f3b" if ok else ("#b3261e" if severity == "critical" else "#a86400")
        rows.append(
            f"<tr><td>{html.escape(r['table'])}</td><td>{html.escape(config['type'])}</td>"
            f"<td>{html.escape(json.dumps({k: v for k, v in config['kwargs'].items() if k != 'batch_id'}, default=str)[:300])}</td>"
            f"<td>{html.escape(severity)}</td><td style='color:{colour};font-weight:bold'>{badge}</td>"
            f"<td>{html.escape(json.dumps(r.get('result', {}).get('observed_value', r.get('result', {}).get('unexpected_count')), default=str)[:200])}</td></tr>"
        )
    status = "LULUS" if result["success"] else "DITOLAK"
    return (
        "<!doctype html><html lang='id'><head><meta charset='utf-8'>"
        f"<title>Validasi {result['region_code']} {result['snapshot_date']}</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px;text-align:left}</style></head><body>"
        f"<h1>Laporan validasi data — wilayah {result['region_code']}, snapshot {result['snapshot_date']}</h1>"
        f"<p>Status: <b>{status}</b>. Pembanding (drift): {result['previous_snapshot'] or 'tidak ada'}. "
        f"Jumlah pemeriksaan: {result['evaluated']}.</p>"
        "<table><tr><th>Tabel</th><th>Pemeriksaan</th><th>Parameter</th><th>Tingkat</th><th>Hasil</th>"
        "<th>Nilai teramati</th></tr>" + "".join(rows) + "</table></body></html>"
    )


def store(outcome: SuiteOutcome, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    json_path, html_path = folder / "gx_validation.json", folder / "gx_validation.html"
    json_path.write_text(json.dumps(outcome.result, indent=1, default=str), encoding="utf-8")
    html_path.write_text(render_html(outcome.result), encoding="utf-8")
    return json_path, html_path
