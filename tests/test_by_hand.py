"""The way out of a stuck state: `python -m extract quarantine REPORT_OR_FILE` takes a report
out of the build database so the next run publishes without it, `release` lets it back in;
both hold the run lock, say what they did and do nothing twice. A failed mart gate names the
reports whose rows failed it, in the run's record and on the CLI's stderr."""
import subprocess
import sys
import time

import duckdb
import pytest

from extract import builddb, manual, pipeline, runlock
from extract.gate.marts_gate import MartGateFailed
from extract.ingest.inbox import ingest_inbox

from conftest import SEEDS, copy_build, copy_run, file_digest, run_cli

pytestmark = pytest.mark.integration  # worker processes and whole runs

VICTIM = "002_444c352ad45b9e4f.txt"
VICTIM_ID = file_digest(SEEDS / VICTIM)[:16]


def _cli(settings, *args):
    return run_cli(*args, "--inbox", str(settings.inbox), "--warehouse", str(settings.warehouse))


def _published(settings) -> set[str]:
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return {name for (name,) in con.execute("select source_file from marts.dim_report").fetchall()}


def _held(settings, victim=VICTIM):
    with builddb.session(settings.build_db, read_only=True) as con:
        return {
            "raw": con.execute("select count(*) from raw.documents where source_file = ?", [victim]).fetchone()[0],
            "staging": con.execute("select count(*) from staging.reports where source_file = ?",
                                   [victim]).fetchone()[0],
            "quarantine": con.execute("select stage, reason from audit.quarantine where source_file = ?",
                                      [victim]).fetchall(),
        }


def test_a_report_quarantined_by_hand_is_not_published_until_released(published, tmp_path):
    settings = copy_run(published, tmp_path)  # a run over the seeds, published
    assert VICTIM in _published(settings)

    done = _cli(settings, "quarantine", VICTIM)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{VICTIM} (report {VICTIM_ID}): quarantined: the next run publishes without it"
    assert _held(settings) == {"raw": 0, "staging": 0, "quarantine": [("hand", "quarantined by hand")]}
    again = _cli(settings, "quarantine", VICTIM_ID)  # by its report id this time
    assert again.returncode == 0 and again.stdout.strip().endswith("already quarantined by hand")

    assert _cli(settings, "run").returncode == 0
    assert VICTIM not in _published(settings) and len(_published(settings)) == 4
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        assert con.execute("select stage from audit.quarantine where source_file = ?", [VICTIM]).fetchall() == \
            [("hand",)]

    released = _cli(settings, "release", str(settings.inbox / VICTIM))  # by its inbox path
    assert released.returncode == 0, released.stderr
    assert released.stdout.strip() == f"{VICTIM} (report {VICTIM_ID}): released from hand: the next run reads it again"
    # Nothing left in the build database names it, but the inbox does: still nothing to release.
    assert _cli(settings, "release", VICTIM).stdout.strip().endswith("not quarantined: nothing to release")
    assert _cli(settings, "run").returncode == 0
    assert VICTIM in _published(settings) and len(_published(settings)) == 5
    assert _held(settings)["quarantine"] == []


def test_unknown_names_and_a_missing_build_database_are_said_plainly(settings):
    missing = _cli(settings, "release", VICTIM)
    assert missing.returncode == 1 and "no build database" in missing.stderr
    with builddb.session(settings.build_db) as con:
        ingest_inbox(con, settings.inbox, 20 << 20, "run-1")
    for key in ("no-such-report.txt", "0123456789abcdef", "/nowhere/at/all.txt"):
        for command in ("quarantine", "release"):
            done = _cli(settings, command, key)
            assert done.returncode == 1 and f"{key!r} names no report or file" in done.stderr, done.stderr


def test_a_file_quarantined_before_any_run_read_it_is_never_read(settings):
    with builddb.session(settings.build_db):
        pass  # the build database as a first run leaves it before it reads the inbox
    done = _cli(settings, "quarantine", str(settings.inbox / VICTIM))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{VICTIM} (report {VICTIM_ID}): quarantined: the next run does not read it"
    with builddb.session(settings.build_db) as con:
        assert ingest_inbox(con, settings.inbox, 20 << 20, "run-1") == {"files_seen": 5, "ingested": 4,
                                                                       "quarantined": 0}
    assert _held(settings) == {"raw": 0, "staging": 0, "quarantine": [("hand", "quarantined by hand")]}


def test_release_of_a_file_the_ingest_refused_has_the_next_run_read_it_again(tmp_path, settings):
    (settings.inbox / "broken.docx").write_bytes(b"not a zip at all")
    with builddb.session(settings.build_db) as con:
        ingest_inbox(con, settings.inbox, 20 << 20, "run-1")
        entries = manual.find(con, "broken.docx", settings.inbox)
        assert [e.source_file for e in entries] == ["broken.docx"]
        assert manual.release(con, entries, settings.inbox)[entries[0]].startswith("released from ingest")
        assert con.execute("select count(*) from audit.quarantine").fetchone()[0] == 0
        # Read again, not skipped as an unchanged file: refused again, by this run.
        assert ingest_inbox(con, settings.inbox, 20 << 20, "run-2")["quarantined"] == 1
        assert con.execute("select last_run_id from audit.quarantine").fetchall() == [("run-2",)]


def test_quarantine_waits_for_the_run_that_holds_the_lock(settings):
    with builddb.session(settings.build_db) as con:
        ingest_inbox(con, settings.inbox, 20 << 20, "run-1")
    with runlock.holding(settings.work_dir):
        waiting = subprocess.Popen([sys.executable, "-m", "extract", "quarantine", VICTIM, "--inbox",
                                    str(settings.inbox), "--warehouse", str(settings.warehouse)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        said = ""
        for line in waiting.stderr:  # until it says it waits on the lock, then a moment more
            said += line
            if "waiting for it to finish" in line:
                break
        time.sleep(0.5)
        assert waiting.poll() is None  # still waiting: it changed nothing under the run
        assert _held(settings)["raw"] == 1
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0 and "waiting for it to finish" in said and "quarantined" in out, said + err
    assert _held(settings)["raw"] == 0


# What the mart gate reconciles with staging (dbt's own tests and contracts catch the rest).
@pytest.mark.parametrize("table, sql", [
    ("fct_metric", "delete from marts.fct_metric where report_id = $rid"),
    ("dim_report", "delete from marts.dim_report where report_id = $rid"),
])
def test_a_failed_mart_gate_names_the_reports_that_failed_it(modelled, tmp_path, table, sql):
    settings, run_id = copy_build(modelled, tmp_path)
    with builddb.session(settings.build_db) as con:
        con.execute(sql.replace("$rid", f"'{VICTIM_ID}'"))
    with pytest.raises(MartGateFailed) as failure:
        pipeline.run_stage("gate_marts", settings, run_id)
    assert failure.value.reports == [VICTIM_ID]
    assert f"in report {VICTIM_ID} ({VICTIM})" in str(failure.value)
    with builddb.session(settings.build_db) as con:
        error = con.execute("select error from audit.pipeline_runs where run_id = ?", [run_id]).fetchone()[0]
    assert f"{VICTIM_ID} ({VICTIM})" in error

    stage = run_cli("stage", "gate_marts", "--run-id", run_id, "--inbox", str(settings.inbox),
                    "--warehouse", str(settings.warehouse))
    assert stage.returncode == 1
    assert f"{VICTIM_ID} ({VICTIM})" in stage.stderr and "python -m extract quarantine REPORT_ID" in stage.stderr
