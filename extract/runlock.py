"""One run at a time: the build database has one writer, and a second run started while
the first is between stages (a `python -m extract run` beside the scheduled DAG) would take
its lock and fail the first in dbt.

Every stage holds an exclusive `flock` on `<work dir>/run.lock` while it runs, and a whole
run (`run_all`) holds it from start to publish. A run that finds it held says whose it is
(the holder writes its pid into the file) and waits: the DAG's next stage resumes once the
other run is done, since every stage can be re-run on what the last one left. The kernel
drops the lock with the process, so a killed run never leaves it held.
"""
from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)
LOCK_NAME = "run.lock"
_held: set[Path] = set()  # locks this process holds: run_all's stages take it again


@contextmanager
def holding(work_dir: Path) -> Iterator[None]:
    path = (work_dir / LOCK_NAME).resolve()
    if path in _held:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            log.warning("another run (pid %s) is writing the build database in %s: waiting for it to finish",
                        handle.read().strip() or "unknown", work_dir)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        _held.add(path)
        try:
            yield
        finally:
            _held.discard(path)
