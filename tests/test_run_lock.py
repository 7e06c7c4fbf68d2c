"""One run at a time: two runs started together on one build database both succeed, one
after the other, and the second says whose run it waited for; a run cleans up the snapshots
a killed publish left behind."""
import subprocess
import sys

import duckdb
import pytest

from extract import runlock

pytestmark = pytest.mark.integration


def _run(settings) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "extract", "run", "--inbox", str(settings.inbox),
                             "--warehouse", str(settings.warehouse)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_runs_started_together_run_one_after_the_other(settings):
    first, second = _run(settings), _run(settings)
    outcomes = [(run.wait(timeout=600), *run.communicate()) for run in (first, second)]
    assert [code for code, _, _ in outcomes] == [0, 0], [err[-2000:] for _, _, err in outcomes]
    assert sum("waiting for it to finish" in err for _, _, err in outcomes) == 1
    with duckdb.connect(str(settings.build_db), read_only=True) as con:  # the second published nothing new
        runs = con.execute("select status, started_at, finished_at from audit.pipeline_runs order by started_at").fetchall()
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        reports = con.execute("select count(*) from marts.dim_report").fetchone()[0]
    assert [status for status, *_ in runs] == ["succeeded", "succeeded"]
    # The second began writing only after the first was done.
    assert runs[1][1] >= runs[0][2]
    assert reports == 5


def test_a_run_removes_the_snapshots_a_killed_publish_left(settings):
    settings.warehouse.parent.mkdir(parents=True)
    stale = [settings.warehouse.with_name(f".{settings.warehouse.name}.r-killed.tmp"),
             settings.warehouse.with_name(f".{settings.warehouse.name}.r-killed.tmp.wal")]
    for path in stale:
        path.write_bytes(b"half a snapshot")
    done = _run(settings)
    assert done.wait(timeout=600) == 0, done.communicate()[1][-2000:]
    assert not any(path.exists() for path in stale)
    assert (settings.work_dir / runlock.LOCK_NAME).exists()
