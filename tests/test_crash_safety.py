"""A run killed with SIGKILL in the middle of a stage, then run again.

The kill comes from outside, as an OOM killer or a lost worker would deliver it: the test
reads the CLI's own stage log and kills the process when the stage has begun. Publishing
takes a tenth of a second, too short to hit by timing (on one CI machine the run had
published and exited before a kill 0.15 s into the stage), so for the points around the
snapshot (half written, written whole, swapped in) the run is held there and killed while
it waits. Whatever point the kill lands on, the published file must still open and hold
the last good publish (or, past the swap, the new one), and the next run must end with the
same marts as a clean run.
"""
import os
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import psutil
import pytest

from conftest import SEEDS, file_digest, run_cli

pytestmark = pytest.mark.integration

HELD_BACK = "004_4039d9b6a9b4d1ef.txt"
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
def clean_marts(tmp_path_factory):
    root = tmp_path_factory.mktemp("clean")
    shutil.copytree(SEEDS, root / "inbox")
    done = run_cli("run", "--inbox", str(root / "inbox"), "--warehouse", str(root / "reports.duckdb"))
    assert done.returncode == 0, done.stderr
    return marts(root / "reports.duckdb")


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


def _kill_during(stage: str | None, delay: float, args: list[str], hold: str | None) -> int:
    """Start a run, SIGKILL it `delay` seconds after `stage` logs its start, or, with `hold`,
    once the run is held at that point; the exit code, once its workers are gone too."""
    command = ["-c", HELD_RUN, hold] if hold else ["-m", "extract"]
    process = subprocess.Popen([sys.executable, *command, "run", "-v", *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    marker = f"held at {hold}" if hold else f"stage {stage}: start"
    for line in process.stderr:
        if marker in line:
            time.sleep(delay)
            workers = psutil.Process(process.pid).children(recursive=True)
            os.kill(process.pid, signal.SIGKILL)
            # They die with the run, but a signal's delivery is asynchronous: a dbt worker
            # still closing the build database would fail the re-run on its lock.
            psutil.wait_procs(workers, timeout=30)
            break
    process.stderr.close()
    return process.wait(timeout=600)


@pytest.mark.parametrize("stage, delay, hold", [
    ("extract", 0.5, None),             # parsing the new report
    ("stage", 0.0, None),               # inside the staging load's transaction
    ("model", 1.0, None),               # dbt building the marts
    (None, 0.0, "copy_schemas:after"),  # the snapshot holds the marts, not yet the audit trail
    (None, 0.0, "swap_in:before"),      # the snapshot written whole, not yet renamed
    (None, 0.0, "swap_in:after"),       # renamed, not yet recorded in the build database
])
def test_sigkill_during_a_stage_then_a_rerun_equals_a_clean_run(stage, delay, hold, tmp_path, clean_marts):
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    shutil.move(inbox / HELD_BACK, tmp_path / HELD_BACK)
    warehouse = tmp_path / "wh" / "reports.duckdb"
    args = ["--inbox", str(inbox), "--warehouse", str(warehouse)]
    assert run_cli("run", *args).returncode == 0
    last_good, last_good_digest = marts(warehouse), file_digest(warehouse)

    shutil.move(tmp_path / HELD_BACK, inbox / HELD_BACK)  # the killed run has real work to do
    assert _kill_during(stage, delay, args, hold) == -signal.SIGKILL

    # Readers still get a whole warehouse: the last publish, or, killed after the rename, the new one.
    if hold == "swap_in:after":
        assert marts(warehouse) == clean_marts
    else:
        assert file_digest(warehouse) == last_good_digest and marts(warehouse) == last_good

    rerun = run_cli("run", *args)
    assert rerun.returncode == 0, rerun.stderr
    assert marts(warehouse) == clean_marts
    assert not list(warehouse.parent.glob("*.tmp"))  # no half-written snapshot left behind
    with duckdb.connect(str(warehouse), read_only=True) as con:
        statuses = [r[0] for r in con.execute("select status from audit.pipeline_runs order by started_at").fetchall()]
    assert statuses == ["succeeded", "abandoned", "succeeded"]
