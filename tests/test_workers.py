"""The processes a run starts besides itself: the dbt worker builds on request, reports a
failed build and exits when there is nothing to build; no worker outlives its run."""
import subprocess
import sys
import time

import psutil
import pytest

from extract.model.dbt_build import ModelBuildFailed
from extract.model.dbt_worker import PrewarmedDbt
from extract.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration

PROJECT = PROJECT_ROOT / "dbt_project"


def test_a_failed_build_is_reported(tmp_path):
    # An empty build database has none of the staging tables the models read.
    worker = PrewarmedDbt(PROJECT, tmp_path / "build.duckdb", tmp_path)
    with pytest.raises(ModelBuildFailed, match="dbt build failed"):
        worker.build("20260101T000000-failed")


def test_nothing_to_build_ends_the_worker(tmp_path):
    worker = PrewarmedDbt(PROJECT, tmp_path / "build.duckdb", tmp_path)
    worker.close()
    assert worker._process.returncode == 0
    assert not (tmp_path / "build.duckdb").exists()  # it never opened the database


def test_a_worker_dies_with_the_run_that_started_it():
    # The parse workers and the dbt worker call die_with first; a worker that outlived a
    # killed run would write into the next run's batch or hold the build database.
    run = subprocess.Popen([sys.executable, "-c", (
        "import os, subprocess, sys\n"
        "worker = subprocess.Popen([sys.executable, '-c', 'import sys, time; from extract.lifetime import die_with; '\n"
        "                           f'die_with({os.getpid()}); print(flush=True); time.sleep(600)'],\n"
        "                          stdout=subprocess.PIPE, text=True)\n"
        "worker.stdout.readline()\n"
        "print(worker.pid, flush=True)\n"
        "sys.stdin.readline()\n")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    worker = psutil.Process(int(run.stdout.readline()))
    run.kill()  # as SIGKILL does to a pipeline run
    run.wait()
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(worker)


def _alive(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
