"""One writer or many readers of warehouse.duckdb, across processes: a file lock next to it.

DuckDB lets one process open the warehouse read-write, or any number of processes open it read-only, never
both at once: a reader arriving while dbt writes gets "IO Error: Could not set lock on file", and dbt fails
the same way while any reader has the file open. The Dagster pool `warehouse` orders the dbt steps of the
runs of one instance, not the readers; this lock makes readers and the writer wait for each other instead
of failing. Writers go first: once a writer waits, new readers queue behind it. The kernel releases the
locks of a process that dies, SIGKILL included, so a crash never leaves the warehouse locked.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

DEFAULT_TIMEOUT = 6 * 3600.0  # a dbt build over every region can take long; readers wait for it
WAIT_NOTICE_SECONDS = 5.0


def _flock(fd: int, mode: int, deadline: float, what: str, log: Callable[[str], None] | None) -> None:
    start, delay, told = time.monotonic(), 0.02, False
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            now = time.monotonic()
            if now > deadline:
                raise TimeoutError(f"{what}: still busy after {now - start:.0f} s") from None
            if log and not told and now - start > WAIT_NOTICE_SECONDS:
                log(f"waiting for {what}")
                told = True
            time.sleep(delay)
            delay = min(delay * 1.5, 0.5)


@contextmanager
def warehouse_lock(
    warehouse: Path, *, exclusive: bool, timeout: float = DEFAULT_TIMEOUT, log: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the warehouse for writing (exclusive: dbt) or reading (shared) for the duration of the block."""
    warehouse = Path(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    kind = "write" if exclusive else "read"
    gate = os.open(warehouse.with_name(warehouse.name + ".gate"), os.O_RDWR | os.O_CREAT, 0o664)
    main = os.open(warehouse.with_name(warehouse.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o664)
    try:
        # the gate: a waiting writer holds it, so that readers arriving after it wait (no starvation)
        _flock(gate, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH, deadline, f"the warehouse ({kind}, queue)", log)
        try:
            _flock(main, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH, deadline, f"the warehouse ({kind})", log)
        finally:
            fcntl.flock(gate, fcntl.LOCK_UN)
        yield
    finally:
        os.close(main)  # closing releases the lock
        os.close(gate)


@contextmanager
def read_only(warehouse: Path, **kwargs):
    """A read-only DuckDB connection to the warehouse, under the shared lock."""
    import duckdb

    with warehouse_lock(warehouse, exclusive=False, **kwargs):
        connection = duckdb.connect(str(warehouse), read_only=True)
        try:
            yield connection
        finally:
            connection.close()
