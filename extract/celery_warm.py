"""Imported once by each Celery worker when it starts (`extract.celery_config`), never by the
scheduler or a task: what every task of the DAG loads (Airflow's task SDK, cosmos and dbt,
the pipeline) and the parser, warm; and the supervisor's wait for a task's exit."""
import os
import select

import cosmos  # noqa: F401
import dbt.cli.main  # noqa: F401
from airflow.sdk.execution_time.supervisor import WatchedSubprocess

from extract import chunkstore, pipeline  # noqa: F401
from extract.extraction import warm_up

warm_up()

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
