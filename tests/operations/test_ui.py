"""The Dagster UI as a user sees it: webserver and daemon on a free loopback port with a temporary
DAGSTER_HOME, checked through GraphQL and in headless Chromium, then shut down cleanly.

The webserver and the daemon are started as two processes (what `dagster dev` runs, the way a server runs
them, docs/operations.md). `dagster dev` itself is not used here: under it the code location re-runs
`dbt parse` at load (DbtProject.prepare_if_dev), rewriting dbt_project/target/manifest.json while other
tests of the same `make test` read it.
"""

from __future__ import annotations

import time

import pytest

from . import opskit

pytestmark = [pytest.mark.operations, pytest.mark.browser, pytest.mark.xdist_group("ops-ui")]

STARTUP_TIMEOUT = 240.0  # two code servers load the definitions on a busy 2-core machine
REPO_SELECTOR = {"repositoryLocationName": "mutasi", "repositoryName": "__repository__"}
GROUPS = ["evaluate", "ingest", "parameters", "publish", "recommend", "transform", "validate"]
# every asset is per region, the dbt models included
PARTITIONED = {
    ("landed_extracts",),
    ("lake", "pegawai"),
    ("lake", "snapshot_status"),
    ("mutation_plan",),
    ("regency_packages",),
    ("marts", "position_workload"),
    ("marts", "regency_scorecards"),
    ("province_packages",),
}
REGIONS = ["3402", "6171"]

ASSETS_QUERY = """
query Assets($keys: [AssetKeyInput!]) {
  assetNodes(assetKeys: $keys) {
    assetKey { path } groupName description isPartitioned pools kinds
    owners { ... on TeamAssetOwner { team } ... on UserAssetOwner { email } }
    partitionDefinition { type name } partitionKeys
    assetChecksOrError { __typename ... on AssetChecks { checks { name } } }
  }
}"""
AUTOMATION_QUERY = """
query Automation($selector: RepositorySelector!) {
  schedulesOrError(repositorySelector: $selector) {
    __typename ... on Schedules { results { name cronSchedule executionTimezone scheduleState { status } } }
  }
  sensorsOrError(repositorySelector: $selector) {
    __typename ... on Sensors { results { name sensorType sensorState { status ticks(limit: 5) { status skipReason } } } }
  }
  instance { daemonHealth { allDaemonStatuses { daemonType healthy required } } }
}"""
WORKSPACE_QUERY = """
{ workspaceOrError { ... on Workspace { locationEntries { name loadStatus
    locationOrLoadError { __typename ... on PythonError { message } } } } } }"""


def _location_loaded(port: int):
    try:
        entries = opskit.graphql(port, WORKSPACE_QUERY, timeout=10)["workspaceOrError"]["locationEntries"]
    except Exception:  # noqa: BLE001 - not up yet
        return False
    if (
        entries
        and entries[0]["locationOrLoadError"]
        and entries[0]["locationOrLoadError"]["__typename"] == "PythonError"
    ):
        raise AssertionError(f"code location failed to load: {entries[0]['locationOrLoadError']['message']}")
    return (
        bool(entries)
        and entries[0]["loadStatus"] == "LOADED"
        and entries[0]["locationOrLoadError"]["__typename"] == "RepositoryLocation"
    )


@pytest.fixture(scope="module")
def dagster_ui(tmp_path_factory):
    """Webserver + daemon on an empty landing area and a fresh instance with two known regions."""
    from dagster import DagsterInstance

    root = tmp_path_factory.mktemp("ui") / "data"
    (root / "landing").mkdir(parents=True)  # empty: the landing sensor has nothing to launch
    # the instance settings `mutasi prepare` writes, plus the first-visit newsletter dialog switched off
    home = opskit.write_instance_yaml(root, "nux:\n  enabled: false\n")
    with DagsterInstance.from_config(str(home)) as instance:
        instance.add_dynamic_partitions("region", REGIONS)
    env = opskit.environment(root)
    port = opskit.free_port()
    workspace = str(opskit.REPO / "workspace.yaml")
    t0 = time.monotonic()
    webserver = opskit.start(
        [str(opskit.BIN / "dagster-webserver"), "-w", workspace, "-h", "127.0.0.1", "-p", str(port)],
        env,
        root.parent / "webserver.log",
    )
    daemon = opskit.start([str(opskit.BIN / "dagster-daemon"), "run", "-w", workspace], env, root.parent / "daemon.log")

    def stop() -> dict:
        t1 = time.monotonic()
        stopped = {"webserver": opskit.stop_group(webserver), "daemon": opskit.stop_group(daemon)}
        return {"how": stopped, "seconds": time.monotonic() - t1}

    state = {"port": port, "root": root, "stop": stop}
    try:
        opskit.wait_for(lambda: _location_loaded(port), STARTUP_TIMEOUT, "webserver with the mutasi code location", 1.0)
        state["startup_seconds"] = time.monotonic() - t0
        print(f"UI answered after {state['startup_seconds']:.1f} s")
        yield state
    finally:
        stop()  # whatever happened: nothing may outlive the module (a no-op once stopped)


def test_graphql_shows_assets_partitions_checks_schedules_and_sensors(dagster_ui):
    port = dagster_ui["port"]
    keys = [{"path": list(k)} for k in sorted(PARTITIONED)]
    nodes = {tuple(n["assetKey"]["path"]): n for n in opskit.graphql(port, ASSETS_QUERY, {"keys": keys})["assetNodes"]}
    assert set(nodes) == PARTITIONED
    for key, node in nodes.items():
        assert node["description"] and node["owners"] and node["groupName"] in GROUPS, key
        assert node["partitionDefinition"] == {"type": "DYNAMIC", "name": "region"}, key
        assert node["partitionKeys"] == REGIONS, key
    assert nodes[("marts", "position_workload")]["pools"] == ["warehouse"]  # the single-writer pool
    assert "dbt" in nodes[("marts", "position_workload")]["kinds"]

    def checks(key):
        result = nodes[key]["assetChecksOrError"]
        assert result["__typename"] == "AssetChecks", result
        return {c["name"] for c in result["checks"]}

    assert "snapshots_usable" in checks(("lake", "snapshot_status"))
    assert checks(("marts", "position_workload"))  # dbt tests as asset checks

    every = opskit.graphql(port, "{ assetNodes { assetKey { path } groupName } }")["assetNodes"]
    assert len(every) > 40 and {n["groupName"] for n in every} == set(GROUPS)

    automation = opskit.graphql(port, AUTOMATION_QUERY, {"selector": REPO_SELECTOR})
    schedules = {s["name"]: s for s in automation["schedulesOrError"]["results"]}
    assert {
        name: (s["cronSchedule"], s["executionTimezone"], s["scheduleState"]["status"]) for name, s in schedules.items()
    } == {
        "nightly_wib": ("0 1 * * *", "Asia/Jakarta", "RUNNING"),
        "nightly_wita": ("0 1 * * *", "Asia/Makassar", "RUNNING"),
        "nightly_wit": ("0 1 * * *", "Asia/Jayapura", "RUNNING"),
    }
    sensors = {s["name"]: s for s in automation["sensorsOrError"]["results"]}
    assert {name: (s["sensorType"], s["sensorState"]["status"]) for name, s in sensors.items()} == {
        "landing_sensor": ("STANDARD", "RUNNING"),
        "run_failure_alert": ("RUN_STATUS", "RUNNING"),
    }
    daemons = {d["daemonType"]: d["healthy"] for d in automation["instance"]["daemonHealth"]["allDaemonStatuses"]}
    assert daemons.get("SCHEDULER") and daemons.get("SENSOR"), daemons


def test_daemon_evaluates_the_landing_sensor_by_default(dagster_ui):
    """Running by default means ticking without anyone switching it on: the daemon's first tick of the
    landing sensor skips (empty landing area)."""
    port = dagster_ui["port"]

    def ticks():
        sensors = opskit.graphql(port, AUTOMATION_QUERY, {"selector": REPO_SELECTOR})["sensorsOrError"]["results"]
        return {s["name"]: s["sensorState"]["ticks"] for s in sensors}.get("landing_sensor")

    found = opskit.wait_for(ticks, 120, "a tick of landing_sensor by the daemon", 2.0)
    assert found[0]["status"] == "SKIPPED"
    assert "no new or re-delivered snapshot" in found[0]["skipReason"]


def test_asset_graph_page_renders_in_headless_chromium(dagster_ui, chromium_available, tmp_path):
    port = dagster_ui["port"]
    url = f"http://127.0.0.1:{port}/asset-groups"
    profile = tmp_path / "profile"
    dom = opskit.dump_dom(url, profile, budget_ms=20000)
    assert "Global asset lineage" in dom
    missing = [group for group in GROUPS if f">{group}<" not in dom]
    assert not missing, f"groups not drawn: {missing}"
    png = tmp_path / "asset-graph.png"
    image = opskit.screenshot(url, png, profile, size=(1400, 1000), budget_ms=20000)
    stats = opskit.image_stats(image)
    print(f"asset graph screenshot: {stats}, {png.stat().st_size} bytes")
    assert (stats["width"], stats["height"]) == (1400, 1000)
    opskit.assert_not_blank(stats, "asset graph page")
    opskit.keep_for_docs(png, opskit.REPO / "docs" / "img" / "dagster-asset-graph.png", 400_000)


def test_webserver_and_daemon_shut_down_cleanly(dagster_ui):
    """Last of the module: SIGTERM stops both (and their code servers) within the grace period, without
    SIGKILL, and the port is released."""
    stopped = dagster_ui["stop"]()
    print(f"UI stopped {stopped['how']} in {stopped['seconds']:.1f} s")
    assert stopped["how"] == {"webserver": "terminated", "daemon": "terminated"}, stopped
    assert _port_free(dagster_ui["port"])
    root = dagster_ui["root"]
    for name in ("webserver.log", "daemon.log"):
        assert "Traceback" not in opskit.tail(root.parent / name, 200_000), opskit.tail(root.parent / name)


def _port_free(port: int) -> bool:
    """Nobody listens any more (connections in TIME_WAIT do not count)."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False
