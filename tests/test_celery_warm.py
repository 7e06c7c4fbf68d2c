"""The Celery workers' preload (`extract.celery_warm`): every task forks from a worker that has
loaded whatever the parser loads once per process, and, the one thing it changes in Airflow,
once a task process has closed its sockets its supervisor waits on the process's exit, not out
its heartbeat interval. Checked against the installed task SDK, so an upgrade that moves what
it replaces fails here, not as a worker slower by a second a task."""
import functools
import subprocess
import sys
import time
from types import SimpleNamespace

from airflow.sdk.execution_time.supervisor import WatchedSubprocess

from extract import celery_warm


def test_the_workers_supervisors_wait_on_their_task_process():
    assert WatchedSubprocess._service_subprocess is celery_warm.service_until_exit


def test_a_task_process_whose_sockets_closed_is_seen_to_exit_when_it_exits():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.3)"])
    supervisor = SimpleNamespace(_open_sockets={}, _exit_code=None, pid=child.pid,
                                 _check_subprocess_exit=lambda raise_on_timeout, expect_signal: child.poll())
    started = time.monotonic()
    exit_code = None
    while exit_code is None and time.monotonic() - started < 30:
        exit_code = celery_warm.service_until_exit(supervisor, max_wait_time=10)
    assert exit_code == 0
    assert time.monotonic() - started < 5  # the exit, 0.3 s in; not the 10 s the supervisor allowed


def test_a_forked_task_inherits_everything_the_parser_loads_once():
    parser = [(name, module) for name, module in list(sys.modules.items())
              if name.startswith(("extract.parse.", "extract.clean."))]
    unloaded = [f"{name}.{loader.__name__}" for name, module in parser for loader in vars(module).values()
                if isinstance(loader, functools._lru_cache_wrapper) and loader.cache_info().maxsize == 1
                and not loader.cache_info().currsize]
    assert unloaded == []
    assert "trafilatura" in sys.modules  # a saved web page's first parse imports it
