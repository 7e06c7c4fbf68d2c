"""Imported once by each Celery worker when it starts (`extract.celery_config`), never by the
scheduler or a task: what every task of the DAG loads (Airflow's task SDK, cosmos, dbt and
GX, the pipeline), the parser and dbt, warm; and the supervisor's wait for a task's exit."""
import functools
import inspect
import logging
import os
import select
import sys
import tempfile
from pathlib import Path

import cosmos  # noqa: F401
import dbt.cli.main  # noqa: F401
import great_expectations  # noqa: F401  (2 s of each gate task)
from airflow.sdk.execution_time.supervisor import WatchedSubprocess

from extract import chunkstore, pipeline  # noqa: F401
from extract.document import document_rows
from extract.extraction import warm_up
from extract.model import dbt_build
from extract.settings import Settings

log = logging.getLogger(__name__)


def _load_once_loaders() -> None:
    """Call every loader of the parser that loads once per process (a `lru_cache(maxsize=1)`
    function of no argument: the place indexes, the numeral converter, the dictionaries); not
    the readers of other formats (LibreOffice, OCR), which start what most runs never need."""
    parser = [module for name, module in sys.modules.items() if name.startswith(("extract.parse.", "extract.clean."))]
    for module in parser:
        for loader in vars(module).values():
            if (isinstance(loader, functools._lru_cache_wrapper) and loader.cache_info().maxsize == 1
                    and not any(p.default is p.empty for p in inspect.signature(loader).parameters.values())):
                loader()


# Each parse task's worker is a fresh fork of this process and keeps nothing it loads, so what
# `warm_up`'s small report leaves unloaded was loaded again for every chunk: trafilatura at the
# first saved web page, the place indexes at the first report naming a district, cn2an at the
# first number in words: 0.6 to 1 CPU s of a chunk of 200 reports (docs/scaling.md).
warm_up()
_PAGE = ("<html><head><title>电白区长坪镇2022年工作总结</title></head><body><div id=\"content\">"
         "<p>电白区长坪镇2022年工作总结</p><p>一、工作总结</p>"
         "<p>全年完成一般公共预算收入1548万元，同比增长3.5%。</p></div></body></html>")
for content, encoding in ((_PAGE.encode(), "utf-8"), ("清水河街道2021年工作总结\n".encode("gb18030"), "gb18030")):
    document_rows(content, encoding, content_sha256="", source_file="", run_id="", extracted_at=None)
_load_once_loaders()


def _warm_dbt() -> None:
    """Read the dbt project twice, as a whole and then from dbt's partial-parse file, in a
    folder of its own: the first invocation of dbt in a process registers the adapter and
    generates the code that reads its artifacts, 1.2 of a model task's 3.2 s of dbt
    (each task is a fresh fork of this process and would pay it again). Reading opens no
    database. Without dbt's static parser: its native library keeps threads that a fork does
    not copy, and a task reading the whole project again (the stage's record) waited on them
    for good; without a log file, which every fork would hold open after the folder is gone.
    A worker whose warm-up failed still works, cold: it says why."""
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as work:
        for _ in range(2):
            parsed = dbt_build.dbt_command(["parse", "--no-static-parser", "--log-level-file", "none"],
                                           settings.dbt_project_dir, settings.build_db, Path(work))
            if failure := dbt_build.failure_of(parsed, Path(work), "dbt parse"):
                log.warning("dbt stays cold in this worker: %s", failure)
                return


_warm_dbt()

_service_subprocess = WatchedSubprocess._service_subprocess


def service_until_exit(self, max_wait_time: float, raise_on_timeout: bool = False,
                       expect_signal: int | None = None):
    """Airflow's supervisor (task SDK 1.3) services its task process by waiting on the process's
    sockets and, after each wait, looking whether it has exited. The kernel closes the sockets
    as the process exits, a moment before it reports the exit: a supervisor that reads the last
    one in that moment finds the process still there, then waits on no socket at all for
    `[workers] min_heartbeat_interval` (1 s) however soon the exit comes, and only then starts
    the worker's next task. That happened after about half the parse tasks of a run (strace:
    the supervisor in `epoll_wait` on an empty set for 1,000 ms after the last socket's EOF,
    the child's SIGCHLD 0.1 ms later). Once every socket is closed, this waits on the process
    itself (a pidfd, readable when it exits), up to the same time."""
    if self._open_sockets or self._exit_code is not None:
        return _service_subprocess(self, max_wait_time, raise_on_timeout, expect_signal)
    try:
        pidfd = os.pidfd_open(self.pid)
    except (AttributeError, OSError):  # not Linux 5.3 or later: the wait as Airflow has it
        return _service_subprocess(self, max_wait_time, raise_on_timeout, expect_signal)
    try:
        select.select([pidfd], [], [], max(0.01, max_wait_time))
    finally:
        os.close(pidfd)
    return self._check_subprocess_exit(raise_on_timeout=raise_on_timeout, expect_signal=expect_signal)


WatchedSubprocess._service_subprocess = service_until_exit
