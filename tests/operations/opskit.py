"""Helpers of the operations tests (docs/operations.md): processes in their own process group with bounded
waits, a free loopback port, headless Chromium, a small PNG decoder (no Pillow), GraphQL, demo data and the
Dagster event log.

Everything here is bounded in time: every wait has a deadline, every process is started in its own
session so that it and all its children can be stopped together (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html as html_lib
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
AS_OF = dt.date(2026, 11, 1)

# Headless Chromium as root, offline, with nothing running in the background.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
]
LOCK_ERROR = "Could not set lock on file"


# ---------------------------------------------------------------------------------------------- waiting


def wait_for(predicate: Callable[[], Any], timeout: float, what: str, interval: float = 0.5) -> Any:
    """Poll until predicate() is truthy (and return it); TimeoutError naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not after {timeout:.0f} s")
        time.sleep(interval)


# -------------------------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], env: dict[str, str], log: Path, cwd: Path = REPO) -> subprocess.Popen:
    """Start `cmd` as the leader of a new session (its own process group), output to `log`.

    SIGINT is reset to its default first: a shell that runs the tests in the background ignores SIGINT,
    children inherit that, and Dagster maps SIGTERM onto the SIGINT handler, so `dagster dev` would then
    ignore SIGTERM as well and never shut down cleanly.
    """
    reset = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-c", reset, *cmd],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def group_members(pgid: int) -> list[int]:
    """Live processes of a process group (from /proc; zombies excluded)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def stop_group(proc: subprocess.Popen, grace: float = 30.0) -> str:
    """SIGTERM to the whole group, wait up to `grace` s for every member, then SIGKILL what is left.
    Returns "exited" (already gone), "terminated" (clean) or "killed"."""
    pgid = proc.pid
    if proc.poll() is not None and not group_members(pgid):
        return "exited"
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        proc.poll()
        if proc.returncode is not None and not group_members(pgid):
            return "terminated"
        time.sleep(0.2)
    kill_group(proc)
    return "killed"


def kill_group(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """SIGKILL the whole group (a hard crash: no handler runs, nothing is cleaned up) and reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL cannot be ignored
        pass
    wait_for(lambda: not group_members(proc.pid), timeout, f"process group {proc.pid} gone", 0.1)


def run_bounded(
    cmd: list[str], timeout: float, env: dict[str, str] | None = None, cwd: Path = REPO
) -> subprocess.CompletedProcess:
    """subprocess.run with a deadline that kills the whole process group (Chromium forks helpers)."""
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        out, err = proc.communicate()
        raise TimeoutError(
            f"{cmd[0]} did not finish in {timeout:.0f} s: {err.decode(errors='replace')[-2000:]}"
        ) from None
    finally:
        try:  # renderer or zygote processes left behind by a browser that exited
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def tail(path: Path, chars: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


# --------------------------------------------------------------------------------------------- chromium


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium(url: str, args: list[str], profile: Path, timeout: float = 90.0) -> subprocess.CompletedProcess:
    """One headless Chromium invocation with a fresh profile; the whole process group dies after it."""
    browser = chromium_path()
    assert browser, "Debian's chromium is not installed (.ci/run installs it)"
    shutil.rmtree(profile, ignore_errors=True)
    profile.mkdir(parents=True)
    env = {**os.environ, "HOME": str(profile)}
    result = run_bounded([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, url], timeout, env=env)
    return result


def screenshot(
    url: str,
    out: Path,
    profile: Path,
    size: tuple[int, int] = (1400, 1000),
    budget_ms: int | None = None,
    offline: bool = False,
) -> np.ndarray:
    """Screenshot of the viewport; returns the decoded pixels (height, width, channels)."""
    out.unlink(missing_ok=True)
    args = [f"--window-size={size[0]},{size[1]}", f"--screenshot={out}"]
    if budget_ms:
        args.append(f"--virtual-time-budget={budget_ms}")
    if offline:
        args.append("--host-resolver-rules=MAP * ~NOTFOUND")
    result = chromium(url, args, profile)
    assert out.exists(), f"no screenshot of {url}: {result.stderr.decode(errors='replace')[-2000:]}"
    return decode_png(out.read_bytes())


def dump_dom(url: str, profile: Path, budget_ms: int | None = None, offline: bool = False) -> str:
    args = ["--dump-dom"]
    if budget_ms:
        args.append(f"--virtual-time-budget={budget_ms}")
    if offline:
        args.append("--host-resolver-rules=MAP * ~NOTFOUND")
    result = chromium(url, args, profile)
    return result.stdout.decode("utf-8", errors="replace")


# A page seen at an exact viewport. Headless Chromium will not make its window narrower than 500 px, and its
# window size includes the browser's own frame; a frame of the exact size inside a larger window is the
# viewport a phone (390 × 844) or a laptop (1366 × 768) gives the page. --allow-file-access-from-files lets
# the outer page read the framed file page's layout.
_LAYOUT_PROBE = """<!doctype html><html><body style="margin:0;background:#fff">
<iframe id="f" src="{url}" style="display:block;width:{w}px;height:{h}px;border:0"></iframe>
<script>
document.getElementById('f').addEventListener('load', () => {{
  const win = document.getElementById('f').contentWindow, doc = win.document;
  const box = (id) => {{ const e = doc.getElementById(id); if (!e) return null;
    const r = e.getBoundingClientRect(); return {{top: r.top, bottom: r.bottom, left: r.left, right: r.right}}; }};
  const wide = [...doc.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > win.innerWidth + 1 && !e.closest('.table-wrap'))
    .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''));
  const ids = [...doc.querySelectorAll('[id]')].map((e) => e.id);
  document.body.setAttribute('data-layout', JSON.stringify({{
    width: win.innerWidth, height: win.innerHeight, scroll_width: doc.documentElement.scrollWidth,
    boxes: Object.fromEntries(ids.map((id) => [id, box(id)])), too_wide: wide.slice(0, 20)}}));
}});
</script></body></html>"""


def layout(page: Path, size: tuple[int, int], profile: Path) -> dict:
    """Where the page's elements (by id) sit in a viewport of ``size``, and what sticks out to the right."""
    probe = profile.parent / f"layout-{size[0]}x{size[1]}.html"
    probe.write_text(_LAYOUT_PROBE.format(url=page.as_uri(), w=size[0], h=size[1]), encoding="utf-8")
    window = f"--window-size={max(size[0], 500) + 20},{size[1] + 200}"
    result = chromium(
        probe.as_uri(),
        ["--dump-dom", "--allow-file-access-from-files", window, "--host-resolver-rules=MAP * ~NOTFOUND"],
        profile,
    )
    dom = result.stdout.decode("utf-8", errors="replace")
    found = re.search(r'data-layout="([^"]*)"', dom)
    assert found, f"no layout measured for {page}: {result.stderr.decode(errors='replace')[-2000:]}"
    return json.loads(html_lib.unescape(found.group(1)))


def viewport_screenshot(page: Path, size: tuple[int, int], out: Path, profile: Path) -> np.ndarray:
    """The first screen of ``page`` at exactly ``size`` (cropped from a framed screenshot), saved to ``out``."""
    frame = profile.parent / f"frame-{size[0]}x{size[1]}.html"
    frame.write_text(
        '<!doctype html><html><body style="margin:0;background:#fff">'
        f'<iframe src="{page.as_uri()}" style="display:block;width:{size[0]}px;height:{size[1]}px;border:0">'
        "</iframe></body></html>",
        encoding="utf-8",
    )
    raw = out.with_name(out.stem + ".full.png")
    image = screenshot(frame.as_uri(), raw, profile, size=(max(size[0], 500), size[1]), offline=True)
    cropped = np.ascontiguousarray(image[: size[1], : size[0]])
    out.write_bytes(encode_png(cropped))
    raw.unlink(missing_ok=True)
    return cropped


# -------------------------------------------------------------------------------------------------- PNG


def decode_png(data: bytes) -> np.ndarray:
    """8-bit non-interlaced PNG (grey, RGB, grey+alpha, RGBA: what Chromium writes) → uint8 array (h, w, c).

    Chunks and zlib from the standard library; the five scanline filters of the PNG spec (Sub and Up
    vectorised, Average and Paeth per byte)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    assert header, "PNG without IHDR"
    width, height, depth, colour_type, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour_type in (0, 2, 4, 6), f"unsupported PNG {header}"
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    assert len(raw) == height * (stride + 1), "truncated PNG data"
    image = np.zeros((height, stride), dtype=np.uint8)
    prior = np.zeros(stride, dtype=np.int64)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = np.frombuffer(raw, dtype=np.uint8, count=stride, offset=start + 1).astype(np.int64)
        if kind == 0:
            current = line
        elif kind == 1:  # Sub: running sum per channel
            current = np.cumsum(line.reshape(-1, bpp), axis=0).reshape(-1) & 255
        elif kind == 2:  # Up
            current = (line + prior) & 255
        elif kind in (3, 4):
            f, p, c = line.tolist(), prior.tolist(), [0] * stride
            for i in range(stride):
                a = c[i - bpp] if i >= bpp else 0
                if kind == 3:  # Average
                    c[i] = (f[i] + ((a + p[i]) >> 1)) & 255
                    continue
                b, d = p[i], (p[i - bpp] if i >= bpp else 0)  # Paeth
                pa, pb, pc = abs(b - d), abs(a - d), abs(a + b - 2 * d)
                c[i] = (f[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else d)) & 255
            current = np.array(c, dtype=np.int64)
        else:
            raise AssertionError(f"bad PNG filter {kind} in row {y}")
        image[y] = current
        prior = current
    return image.reshape(height, width, bpp)


def encode_png(image: np.ndarray) -> bytes:
    """uint8 (h, w, 1–4 channels) → PNG bytes (no filter; zlib level 9)."""
    height, width, channels = image.shape
    colour_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    rows = np.concatenate([np.zeros((height, 1), dtype=np.uint8), image.reshape(height, width * channels)], axis=1)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), 9))
        + chunk(b"IEND", b"")
    )


def image_stats(image: np.ndarray) -> dict[str, float]:
    """What tells a rendered page from a blank one: distinct colours, share of the most frequent colour,
    share of non-white pixels, share of saturated (chart-coloured) pixels."""
    rgb = image[..., :3] if image.shape[2] >= 3 else np.repeat(image[..., :1], 3, axis=2)
    flat = rgb.reshape(-1, 3).astype(np.int64)
    packed = flat[:, 0] * 65536 + flat[:, 1] * 256 + flat[:, 2]
    values, counts = np.unique(packed, return_counts=True)
    return {
        "width": int(image.shape[1]),
        "height": int(image.shape[0]),
        "colours": int(len(values)),
        "dominant_share": float(counts.max() / counts.sum()),
        "non_white_share": float((flat.min(axis=1) < 235).mean()),
        "saturated_share": float(((flat.max(axis=1) - flat.min(axis=1)) > 80).mean()),
    }


def assert_not_blank(stats: dict[str, float], what: str, min_colours: int = 64) -> None:
    assert stats["colours"] >= min_colours, f"{what}: only {stats['colours']} colours, looks blank: {stats}"
    assert stats["dominant_share"] < 0.97, f"{what}: one colour covers the page: {stats}"
    assert stats["non_white_share"] > 0.01, f"{what}: (nearly) all white: {stats}"


def keep_for_docs(png: Path, target: Path, max_bytes: int) -> bool:
    """Copy a screenshot to docs/img when missing or when MUTASI_UPDATE_SCREENSHOTS=1 (never otherwise:
    a test run must not dirty the working tree)."""
    size = png.stat().st_size
    assert size < max_bytes, f"{png.name} is {size} bytes, over the {max_bytes} limit for docs"
    if target.exists() and not os.environ.get("MUTASI_UPDATE_SCREENSHOTS"):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(png, tmp)
    os.replace(tmp, target)
    return True


# ---------------------------------------------------------------------------------------------- GraphQL


def http_get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
        return response.status, response.read()


def graphql(port: int, query: str, variables: dict | None = None, timeout: float = 60.0) -> dict:
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback only
        payload = json.loads(response.read())
    assert not payload.get("errors"), payload["errors"]
    return payload["data"]


# ----------------------------------------------------------------------------------------- data, Dagster


def environment(root: Path) -> dict[str, str]:
    """Environment of a subprocess working on data directory `root` with its own Dagster instance."""
    return {
        **os.environ,
        "MUTASI_DATA_DIR": str(root),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONUNBUFFERED": "1",
        "PYTHONWARNINGS": "ignore",
    }


def write_instance_yaml(root: Path, extra: str = "") -> Path:
    """The dagster.yaml `mutasi prepare` writes (orchestration.instance.instance_yaml), plus `extra` unless its
    top-level key is already set there."""
    from orchestration.instance import instance_yaml

    home = root / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    key = extra.split(":", 1)[0].strip()
    base = instance_yaml(home)
    text = base if key and f"\n{key}:" in f"\n{base}" else base + extra
    (home / "dagster.yaml").write_text(text, encoding="utf-8")
    return home


def generate(root: Path, snapshots: dict[str, int], employees: int = 60, seed: int = 11) -> None:
    """Small demo extracts (CSV, no damage) for each region with its number of monthly snapshots."""
    from mutasi.generate import generate_extracts

    for region, count in snapshots.items():
        generate_extracts(
            root / "landing",
            [region],
            employees=employees,
            snapshots=count,
            as_of=AS_OF,
            dirty_share=0.0,
            seed=seed,
            file_format="csv",
        )


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file under root, by relative path; dot-named entries (temp dirs) left out."""
    digest = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        digest[str(rel)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest


def packages(outputs: Path) -> list[Path]:
    """Published regency packages outputs/<region>/<date>/ (not the province ones, public or restricted under
    outputs/terbatas/, not temp dirs)."""
    return sorted(
        p
        for p in outputs.glob("*/*")
        if p.is_dir() and not p.name.startswith(".") and p.parent.name not in ("province", "terbatas")
    )


def leftovers(outputs: Path) -> list[Path]:
    """Temp or old directories of the atomic publication (`.D.tmp-…`, `.D.old-…`)."""
    return sorted(p for p in outputs.rglob(".*") if ".tmp-" in p.name or ".old-" in p.name)


def event_texts(instance, run_id: str) -> list[str]:
    """Every message and error text of a run's event log (to search for lock errors, retries…)."""
    texts = []
    for record in instance.all_logs(run_id):
        texts.append(record.user_message or "")
        event = record.dagster_event
        if event is None:
            continue
        texts.append(event.message or "")
        error = getattr(event.event_specific_data, "error", None)
        while error is not None:
            texts.append(error.message or "")
            texts.append("".join(error.stack or []))
            error = error.cause
    return texts


def step_events(instance, run_id: str, kind: str) -> list:
    """Events of one DagsterEventType value (e.g. "STEP_START") of a run, oldest first."""
    return [
        r.dagster_event
        for r in instance.all_logs(run_id)
        if r.dagster_event is not None and r.dagster_event.event_type_value == kind
    ]
