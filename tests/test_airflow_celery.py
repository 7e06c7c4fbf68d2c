"""A real Airflow cluster on this machine (`bench.cluster`): PostgreSQL and Redis from Debian's
packages, the scheduler, dag-processor and api-server, and two Celery workers, each its own
process under its own hostname. The DAG is triggered through the REST API with a JWT from the
simple auth manager, as an operator or a CI job triggers it in a deployment, on an inbox of 13
reports in chunks of four: the parse tasks must run on both workers, side by side, the tasks
that write the build database one at a time, and the published marts must be those of
`python -m extract run`.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from bench.cluster import cluster

from conftest import FIXTURES, SEEDS, marts_contents

pytestmark = pytest.mark.integration

DAG_ID = "reports_pipeline"
WORKERS = ("worker-1", "worker-2")
CHUNK_REPORTS = 4
# Four chunks for two workers of one slot each: each worker takes one as soon as they are
# queued (Airflow's Celery prefetches one task at a time), and the rest as they come free.
DEVSET_REPORTS = 8
REPORTS = len(list(SEEDS.iterdir())) + DEVSET_REPORTS


def _inbox(root: Path) -> Path:
    """The five seeds and real report openings of the development set."""
    inbox = root / "inbox"
    shutil.copytree(SEEDS, inbox)
    for text in sorted((FIXTURES / "devset").glob("*.txt"))[:DEVSET_REPORTS]:
        shutil.copy(text, inbox / text.name)
    return inbox


def _overlap(a: dict, b: dict) -> bool:
    return a["start_date"] < b["end_date"] and b["start_date"] < a["end_date"]


def test_dag_runs_on_a_celery_cluster_with_parsing_spread_over_two_workers(tmp_path):
    inbox = _inbox(tmp_path)
    warehouse = tmp_path / "wh" / "reports.duckdb"
    settings = {"REPORTS_INBOX": str(inbox), "REPORTS_WAREHOUSE": str(warehouse),
                "REPORTS_CHUNK_REPORTS": str(CHUNK_REPORTS)}
    cli_warehouse = tmp_path / "cli" / "reports.duckdb"
    # One task at a time each: two workers must share the chunks between them.
    with cluster(tmp_path / "cluster", settings, workers=WORKERS, concurrency=1) as running:
        client = running.client()
        run_id = client.trigger(DAG_ID)
        # The reference run meanwhile, on the core the writer tasks leave idle, one at a time.
        cli = subprocess.Popen([sys.executable, "-m", "extract", "run", "--inbox", str(inbox), "--warehouse",
                                str(cli_warehouse)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            state = client.wait(DAG_ID, run_id, timeout=900)
        finally:
            cli_output = cli.communicate(timeout=900)[0]
        tasks = client.task_instances(DAG_ID, run_id)
        assert state == "success", {t["task_id"]: t["state"] for t in tasks if t["state"] != "success"}
        assert {t["state"] for t in tasks} == {"success"}
        assert any(event["source_run_id"] == run_id for event in client.asset_events(DAG_ID))

    # One parse task per chunk, spread over both workers, some of them at the same time.
    parses = [t for t in tasks if t["task_id"] == "extract.parse"]
    assert len(parses) == -(-REPORTS // CHUNK_REPORTS)
    assert {t["hostname"] for t in parses} == set(WORKERS)
    assert any(_overlap(a, b) for a in parses for b in parses if a["hostname"] != b["hostname"])
    # Every other task writes the build database: in the pool of one slot, never two at a time.
    writers = [t for t in tasks if t["task_id"] != "extract.parse"]
    assert {t["pool"] for t in writers} == {"reports_build_db"}
    assert not any(_overlap(a, b) for a in writers for b in writers if a is not b)

    assert cli.returncode == 0, cli_output[-3000:]
    # Parsed at other times: the one difference allowed.
    published = marts_contents(warehouse, frozenset({"extracted_at"}))
    assert published["dim_report"] and published["fct_metric"]
    assert published == marts_contents(cli_warehouse, frozenset({"extracted_at"}))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_report").fetchone()[0] == REPORTS
        assert con.execute("select count(*) from audit.pipeline_runs where trigger = 'airflow' "
                           "and status = 'succeeded'").fetchone()[0] == 1
