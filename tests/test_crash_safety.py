"""A run killed with SIGKILL in the middle of a stage, then run again.

The kill comes from outside, as an OOM killer or a lost worker would deliver it: the test
reads the CLI's own stage log and kills the process once the stage has begun and, for the
long ones, is at work (parse workers running, dbt holding the build database). Publishing
takes a tenth of a second, too short to hit by timing (on one CI machine the run had
published and exited before a kill 0.15 s into the stage), so for the points around the
snapshot (half written, written whole, swapped in) the run is held there and killed while
it waits. The killed run's audit trail then shows every stage before the killed one done and
that one not. Whatever point the kill lands on, the published file must still open and hold
the last good publish (or, past the swap, the new one), and the next run must end with the
same marts as a clean run.
"""
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import duckdb
import psutil
import pytest

from extract import pipeline
from extract.publish.docs import data_docs, dbt_docs

from conftest import HELD_BACK, SEEDS, copy_run, file_digest, run_cli

pytestmark = pytest.mark.integration

MART_QUERIES = {
    # extracted_at says when a report was parsed, which differs between two clean runs too.
    "dim_report": "select * exclude (extracted_at) from marts.dim_report order by report_id",
    "fct_metric": "select * exclude (extracted_at) from marts.fct_metric order by metric_id",
    "dim_section": "select * from marts.dim_section order by section_id",
    "report_text": "select * exclude (extracted_at) from marts.report_text order by report_id",
}


def marts(path) -> dict:
    with duckdb.connect(str(path), read_only=True) as con:
        return {name: con.execute(query).fetchall() for name, query in MART_QUERIES.items()}


@pytest.fixture(scope="module")
def clean_marts(published):
    """The marts of a clean run over all the seeds (the session's shared one)."""
    return marts(published.warehouse)


# Runs the CLI with one function of extract.pipeline held before or after its call, so that
# a kill lands exactly there; argv[1] names it as "function:before" or "function:after".
HELD_RUN = """
import functools, runpy, sys, time
import extract.pipeline as pipeline
point = sys.argv.pop(1)
name, when = point.split(":")
real = getattr(pipeline, name)

@functools.wraps(real)
def held(*args, **kwargs):
    if when == "after":
        real(*args, **kwargs)
    print(f"held at {point}", file=sys.stderr, flush=True)
    time.sleep(600)

setattr(pipeline, name, held)
runpy.run_module("extract", run_name="__main__")
"""


def _parsing(process: psutil.Process, build_db: Path) -> bool:
    # Parse workers are spawned by multiprocessing; the dbt worker is a module of its own.
    return "spawn_main" in " ".join(process.cmdline())


def _building(process: psutil.Process, build_db: Path) -> bool:
    # The dbt worker opens the build database only to build.
    return any(Path(file.path) == build_db for file in process.open_files())


def _kill_during(stage: str, hold: str | None, busy, args: list[str], build_db: Path) -> int:
    """Start a run, SIGKILL it once `stage` has logged its start (and, with `hold`, the run is
    held at that point; with `busy`, a process of the run is at the stage's work); the exit
    code, once its workers are gone too."""
    command = ["-c", HELD_RUN, hold] if hold else ["-m", "extract"]
    process = subprocess.Popen([sys.executable, *command, "run", "-v", *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    run = psutil.Process(process.pid)
    awaited = {f"stage {stage}: start", *([f"held at {hold}"] if hold else [])}
    for line in process.stderr:
        awaited = {marker for marker in awaited if marker not in line}
        if not awaited:
            break

    def at_work() -> bool:
        for child in run.children(recursive=True):
            with suppress(psutil.Error):  # a child that ended meanwhile
                if busy(child, build_db):
                    return True
        return False

    while busy and process.poll() is None and not at_work():
        time.sleep(0.02)
    workers = run.children(recursive=True)
    os.kill(process.pid, signal.SIGKILL)
    # They die with the run, but a signal's delivery is asynchronous: a dbt worker
    # still closing the build database would fail the re-run on its lock.
    psutil.wait_procs(workers, timeout=30)
    process.stderr.close()
    return process.wait(timeout=600)


def _stages_done_by_last_run(build_db: Path) -> list[str]:
    with duckdb.connect(str(build_db), read_only=True) as con:
        return [row[0] for row in con.execute(
            "select stage from audit.stage_runs where run_id = "
            "(select run_id from audit.pipeline_runs order by started_at desc limit 1) order by started_at").fetchall()]


@pytest.mark.parametrize("stage, hold, busy", [
    ("extract", None, _parsing),              # parsing the new report
    ("stage", None, None),                    # inside the staging load's transaction
    ("model", None, _building),               # dbt building the marts
    ("publish", "copy_schemas:after", None),  # the snapshot holds the marts, not yet the audit trail
    ("publish", "swap_in:before", None),      # the snapshot written whole, not yet renamed
    ("publish", "swap_in:after", None),       # renamed, not yet recorded in the build database
])
def test_sigkill_during_a_stage_then_a_rerun_equals_a_clean_run(stage, hold, busy, tmp_path, clean_marts,
                                                                 published_but_one):
    settings = copy_run(published_but_one, tmp_path)  # a run over all seeds but HELD_BACK, published
    inbox, warehouse, build_db = settings.inbox, settings.warehouse, settings.build_db
    args = ["--inbox", str(inbox), "--warehouse", str(warehouse)]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select status from audit.pipeline_runs").fetchall() == [("succeeded",)]
    last_good_marts, last_good_digest = marts(warehouse), file_digest(warehouse)
    assert last_good_marts != clean_marts

    shutil.copy2(SEEDS / HELD_BACK, inbox / HELD_BACK)  # the killed run has real work to do
    assert _kill_during(stage, hold, busy, args, build_db) == -signal.SIGKILL
    stages = list(pipeline.STAGE_STEPS)
    assert _stages_done_by_last_run(build_db) == stages[:stages.index(stage)]

    # Readers still get a whole warehouse: the last publish, or, killed after the rename, the new one.
    if hold == "swap_in:after":
        assert marts(warehouse) == clean_marts
    else:
        assert file_digest(warehouse) == last_good_digest and marts(warehouse) == last_good_marts

    rerun = run_cli("run", *args)
    assert rerun.returncode == 0, rerun.stderr
    assert marts(warehouse) == clean_marts
    assert not list(warehouse.parent.glob("*.tmp"))  # no half-written snapshot left behind
    # The re-run's docs beside it, and nothing of a docs folder the killed run may have begun.
    assert dbt_docs(warehouse) and data_docs(warehouse)
    assert list(warehouse.parent.glob(".reports.docs.*")) == [(warehouse.parent / "reports.docs").resolve()]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        statuses = [r[0] for r in con.execute("select status from audit.pipeline_runs order by started_at").fetchall()]
    assert statuses == ["succeeded", "abandoned", "succeeded"]
