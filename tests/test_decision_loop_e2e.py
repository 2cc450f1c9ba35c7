"""The decision loop end to end (issue 16), over three snapshots delivered one month after another:
the plan of snapshot 1; a decision file delivered with snapshot 2 (approve, reject, postpone); the plans of
snapshots 2 and 3 honour each decision; an unknown decision is quarantined by rule."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from mutasi.config import data_paths

REGION = "6171"
AS_OF = dt.date(2026, 11, 1)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def query(paths, sql: str, *args) -> pd.DataFrame:
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        return con.execute(sql, list(args)).df()


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    from mutasi.generate import generate_extracts
    from mutasi_cli.runner import run_pipeline

    root = tmp_path_factory.mktemp("loop") / "data"
    old = {k: os.environ.get(k) for k in ("MUTASI_DATA_DIR", "DAGSTER_HOME")}
    os.environ["MUTASI_DATA_DIR"] = str(root)
    paths = data_paths(root)
    generate_extracts(
        paths.landing, [REGION], employees=300, snapshots=3, as_of=AS_OF, dirty_share=0.0, seed=11, file_format="csv"
    )
    region = paths.landing / REGION
    dates = sorted(p.name for p in region.iterdir())
    held = root.parent / "held"
    for date in dates[1:]:  # deliver one snapshot at a time
        shutil.move(region / date, held / date)

    runs = run_pipeline(paths, log=lambda _: None)
    plan1 = query(
        paths,
        "select * from marts.mutation_recommendations where region_code = ? and snapshot_date = ? order by priority_rank",
        REGION,
        dates[0],
    )
    # the regency answers three moves of the first plan whose employee is still in the same post in snapshot 2
    shutil.move(held / dates[1], region / dates[1])
    s2 = pd.read_csv(region / dates[1] / "pegawai.csv", dtype=str)
    still = set(zip(s2["nip"], s2["kode_jabatan"]))
    answered = plan1[[(n, f) in still for n, f in zip(plan1["nip"], plan1["from_position_code"])]].head(3)
    assert len(answered) == 3
    # the return path is the package itself: the officer fills the sheet "Keputusan Mutasi" of the workbook
    # received with snapshot 1 and saves the workbook as keputusan_mutasi.xlsx into the next delivery
    day = (pd.Timestamp(dates[1]) - pd.Timedelta(days=5)).to_pydatetime()
    answers = {
        (answered["nip"].iloc[0], answered["to_position_code"].iloc[0]): ("disetujui", "", "PPK"),
        (answered["nip"].iloc[1], answered["to_position_code"].iloc[1]): (
            "ditolak",
            "Dibutuhkan di unit asal",
            "Baperjakat",
        ),
        (answered["nip"].iloc[2], answered["to_position_code"].iloc[2]): ("ditunda", "Menunggu formasi", "Baperjakat"),
    }
    workbook = load_workbook(paths.outputs / REGION / dates[0] / f"paket_{REGION}_{dates[0]}.xlsx")
    sheet = workbook["Keputusan Mutasi"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header if name}
    filled = 0
    for row in range(2, sheet.max_row + 1):
        key = (sheet.cell(row, col["NIP"]).value, sheet.cell(row, col["Kode Jabatan Tujuan"]).value)
        if key in answers:
            decision, reason, who = answers[key]
            sheet.cell(row, col["Keputusan"]).value = decision
            sheet.cell(row, col["Alasan"]).value = reason or None
            sheet.cell(row, col["Tanggal Keputusan"]).value = day
            sheet.cell(row, col["Diputuskan Oleh"]).value = who
            filled += 1
    assert filled == 3
    extra = sheet.max_row + 1  # a decision on a move nobody recommended (unknown NIP): quarantined
    sheet.cell(extra, col["NIP"]).value = "199001012015011999"
    sheet.cell(extra, col["Kode Jabatan Tujuan"]).value = answered["to_position_code"].iloc[0]
    sheet.cell(extra, col["Keputusan"]).value = "disetujui"
    sheet.cell(extra, col["Tanggal Keputusan"]).value = day
    workbook.save(region / dates[1] / "keputusan_mutasi.xlsx")
    runs += run_pipeline(paths, log=lambda _: None)
    shutil.move(held / dates[2], region / dates[2])
    runs += run_pipeline(paths, log=lambda _: None)
    # every run succeeds (a failing dbt test would stop the steps after it and leave their marts stale)
    assert [(r.success, r.failed_steps) for r in runs] == [(True, [])] * 3, [r.errors for r in runs]
    yield paths, dates, answered
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def _pairs(paths, date):
    moves = query(
        paths,
        "select nip, to_position_code from marts.mutation_recommendations where region_code = ? and snapshot_date = ?",
        REGION,
        date,
    )
    return set(zip(moves["nip"], moves["to_position_code"])), set(moves["nip"])


def _not_moved(paths, date):
    return query(
        paths,
        "select * from marts.rotation_not_moved where region_code = ? and snapshot_date = ?",
        REGION,
        date,
    ).set_index("nip")


@pytest.mark.parametrize("k", [1, 2])
def test_the_next_plans_honour_each_decision(loop, k):
    paths, dates, answered = loop
    approved, rejected, postponed = answered.itertuples(index=False)
    pairs, nips = _pairs(paths, dates[k])
    not_moved = _not_moved(paths, dates[k])
    # approved and not carried out: taken as done, never moved elsewhere, explained
    assert approved.nip not in nips
    assert not_moved.loc[approved.nip, "reason_code"] == "DECISION_APPROVED"
    # rejected (12 months) and postponed (3 months; snapshot 3 is about a month later): not proposed again
    assert (rejected.nip, rejected.to_position_code) not in pairs
    assert (postponed.nip, postponed.to_position_code) not in pairs
    for move, code in ((rejected, "DECISION_REJECTED"), (postponed, "DECISION_POSTPONED")):
        if move.nip not in nips:
            assert not_moved.loc[move.nip, "reason_code"] == code


def test_decisions_are_in_force_until_their_window_ends(loop):
    paths, dates, answered = loop
    status = query(
        paths,
        "select snapshot_date, nip, decision from marts.mutation_decision_status where region_code = ? order by 1, 2",
        REGION,
    )
    # delivered with snapshot 2 only, still in force at snapshot 3
    by_date = status.groupby(status["snapshot_date"].astype(str))["decision"].apply(sorted).to_dict()
    assert dates[0] not in by_date
    assert by_date[dates[1]] == by_date[dates[2]] == ["disetujui", "ditolak", "ditunda"]


def test_the_returned_workbook_is_read_as_is(loop):
    paths, dates, _ = loop
    files = query(
        paths,
        "select entity, status, rows_read, rows_valid from audit.ingested_files "
        "where region_code = ? and snapshot_date = ? and entity = 'keputusan_mutasi'",
        REGION,
        dates[1],
    )
    plan1 = query(
        paths,
        "select count(*) n from marts.mutation_recommendations where region_code = ? and snapshot_date = ?",
        REGION,
        dates[0],
    )["n"].iloc[0]
    # every move of the plan read back (undecided rows are valid), plus the one bad row
    assert files[["status", "rows_read", "rows_valid"]].values.tolist() == [["accepted", plan1 + 1, plan1]]


def test_a_decision_on_a_move_never_recommended_is_quarantined(loop):
    paths, dates, _ = loop
    rows = query(
        paths,
        "select rule from audit.quarantined_rows where region_code = ? and entity = 'keputusan_mutasi'",
        REGION,
    )
    # the unknown NIP breaks unknown_nip first (the first rule broken names the row)
    assert rows["rule"].tolist() == ["unknown_nip"]


def test_mutation_decisions_and_the_scorecard_figures(loop):
    paths, dates, answered = loop
    decided = query(
        paths,
        "select nip, decision, decided_by, decision_status, days_to_decision, is_carried_out from marts.mutation_decisions "
        "where region_code = ? and snapshot_date = ? and decision is not null order by decision",
        REGION,
        dates[0],
    )
    days = (pd.Timestamp(dates[1]) - pd.Timedelta(days=5) - pd.Timestamp(dates[0])).days
    assert decided.values.tolist() == [
        [answered["nip"].iloc[0], "disetujui", "PPK", "disetujui", days, False],
        [answered["nip"].iloc[1], "ditolak", "Baperjakat", "ditolak", days, False],
        [answered["nip"].iloc[2], "ditunda", "Baperjakat", "ditunda", days, False],
    ]
    undecided = query(
        paths,
        "select count(*) n from marts.mutation_decisions where region_code = ? and snapshot_date = ? "
        "and decision_status = 'belum diputuskan'",
        REGION,
        dates[0],
    )["n"].iloc[0]
    recommended = query(
        paths,
        "select count(*) n from marts.mutation_recommendations where region_code = ? and snapshot_date = ?",
        REGION,
        dates[0],
    )["n"].iloc[0]
    assert undecided == recommended - 3
    card = query(
        paths,
        "select snapshot_date, moves_recommended_previous, moves_decided_previous, moves_approved_previous, "
        "moves_rejected_previous, moves_postponed_previous, moves_approved_carried_out_previous, "
        "median_days_to_decision, adoption_rate_recorded from marts.regency_scorecards where region_code = ? "
        "order by snapshot_date",
        REGION,
    )
    second = card.iloc[1]
    assert second[["moves_recommended_previous", "moves_decided_previous", "moves_approved_previous"]].tolist() == [
        recommended,
        3,
        1,
    ]
    assert second[
        ["moves_rejected_previous", "moves_postponed_previous", "moves_approved_carried_out_previous"]
    ].tolist() == [1, 1, 0]
    assert second["median_days_to_decision"] == days and second["adoption_rate_recorded"] == 0
    # the first snapshot has no previous plan; the third's previous plan (snapshot 2) got no decisions
    assert pd.isna(card.iloc[0]["moves_decided_previous"]) and card.iloc[2]["moves_decided_previous"] == 0


def test_the_province_sees_what_was_decided(loop):
    paths, dates, _ = loop
    card = query(
        paths,
        "select moves_decided_previous, moves_approved_previous, moves_rejected_previous, moves_postponed_previous "
        "from marts.province_scorecards where province_code = '61' and snapshot_date = ?",
        dates[1],
    )
    everything = query(
        paths, "select province_code, snapshot_date, moves_decided_previous from marts.province_scorecards"
    )
    assert card.values.tolist() == [[3, 1, 1, 1]], everything
    # and the regency package carries the history of decisions and the decision sheet of its own plan
    package = paths.outputs / REGION / dates[1]
    decisions = pd.read_csv(package / "csv" / "mutation_decisions.csv", dtype=str)
    assert sorted(decisions["decision"].dropna()) == ["disetujui", "ditolak", "ditunda"]
    form = pd.read_csv(package / "csv" / "decision_form.csv", dtype=str)
    assert form["keputusan"].isna().all() and (form["tanggal_rekomendasi"].str[:10] == dates[1]).all()
