"""What `mutasi run` and `mutasi demo` show (issue 18): a live progress display while the pipeline runs, then
a short result table and the paths to open.

Everything else a run prints (Dagster's events, dbt's log, warnings of the libraries, the output of worker
processes and of Dagster's compute-log capture) goes to the instance, as always, and to a log file under the
data directory (``logs/run-<UTC time>.log``): standard output and error are redirected at the file-descriptor
level for the duration of the run, so child processes follow. ``--verbose`` leaves them on the console.

Progress is read from the instance: a thread polls the run's step events (the run id is chosen before the
run starts). On a terminal the display is a rich progress bar (stage, steps done/total, elapsed, ETA);
elsewhere (CI, a pipe, a test) one plain line per finished step.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

#: what each step of the pipeline job does, in the words the progress line uses
STEP_LABELS = {
    "landed_extracts": "ingest",
    "validated_extracts": "validate",
    "dbt_core": "dbt (indices)",
    "mutation_plan": "recommend",
    "interregency_plan": "province plan",
    "dbt_evaluation": "dbt (evaluation)",
    "regency_packages": "publish regencies",
    "province_packages": "publish provinces",
}
POLL_SECONDS = 0.5


def log_path(root: Path) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = Path(root) / "logs" / f"run-{stamp}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def output_to(path: Path) -> Iterator[TextIO]:
    """File descriptors 1 and 2 (this process and its children) write to ``path``; yields a text stream on
    the original standard output for what the user should see."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved_out, saved_err = os.dup(1), os.dup(2)
    console = os.fdopen(os.dup(saved_out), "w", buffering=1, encoding="utf-8", errors="replace")
    python_out, python_err = sys.stdout, sys.stderr
    with open(path, "ab") as log, open(path, "a", encoding="utf-8", errors="replace", buffering=1) as text:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        # and the Python-level streams, in case they are not the file descriptors (a test's capture, an IDE)
        sys.stdout = sys.stderr = text
        try:
            yield console
        finally:
            try:
                text.flush()
            finally:
                sys.stdout, sys.stderr = python_out, python_err
                os.dup2(saved_out, 1)
                os.dup2(saved_err, 2)
                os.close(saved_out)
                os.close(saved_err)
                console.close()


class RunProgress:
    """The progress of the pipeline's runs: ``run_started`` / ``run_finished`` are called by run_pipeline
    around each run; a thread follows the run's step events in the instance."""

    def __init__(self, stream: TextIO, steps: int = len(STEP_LABELS), live: bool | None = None):
        self.live = stream.isatty() if live is None else live
        self.console = Console(file=stream, width=None if self.live else 120)  # no wrapping in a log or a pipe
        self.steps = steps
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._progress: Progress | None = None
        self._task = None
        self._started = time.perf_counter()

    # ------------------------------------------------------------------ called by run_pipeline
    def run_started(self, instance, run_id: str, start: str, end: str, regions: int) -> None:
        title = f"regions {start}..{end} ({regions})"
        if self.live:
            self._progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("steps ·"),
                TimeElapsedColumn(),
                TextColumn("· ETA"),
                TimeRemainingColumn(),
                console=self.console,
                transient=False,
            )
            self._progress.start()
            self._task = self._progress.add_task(f"{title}: starting", total=self.steps)
        else:
            self.console.print(f"run {run_id[:8]} over {title}")
        self._stop.clear()
        self._thread = threading.Thread(target=self._follow, args=(instance, run_id, title), daemon=True)
        self._thread.start()

    def run_finished(self, outcome) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    # ------------------------------------------------------------------ the thread
    def _follow(self, instance, run_id: str, title: str) -> None:
        from dagster import DagsterEventType

        kinds = {DagsterEventType.STEP_START, DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE}
        seen, started, done = 0, {}, 0
        while True:
            stopping = self._stop.is_set()
            try:
                records = instance.all_logs(run_id, of_type=kinds)
            except Exception:  # the run is not stored yet, or the storage is busy: try again
                records = []
            for record in records[seen:]:
                event = record.dagster_event
                step = event.step_key or ""
                label = STEP_LABELS.get(step, step)
                if event.event_type == DagsterEventType.STEP_START:
                    started[step] = record.timestamp
                    if self._progress is not None:
                        self._progress.update(self._task, description=f"{title}: {label}")
                    continue
                done += 1
                seconds = record.timestamp - started.get(step, record.timestamp)
                failed = event.event_type == DagsterEventType.STEP_FAILURE
                if self._progress is not None:
                    self._progress.update(self._task, completed=done)
                    if failed:
                        self._progress.console.print(f"[red]✗ {label} failed after {seconds:.1f} s")
                else:
                    mark = "FAILED" if failed else "done"
                    self.console.print(
                        f"  [{time.perf_counter() - self._started:6.1f} s] {label:<18} {mark} ({seconds:.1f} s)"
                    )
            seen = len(records) if records else seen
            if stopping:
                return
            self._stop.wait(POLL_SECONDS)
