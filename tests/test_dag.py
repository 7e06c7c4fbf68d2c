"""The DAG as Airflow sees it: imported by a real DagBag and run once with `airflow dags test`."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import SEEDS
from extract import pipeline

pytestmark = pytest.mark.integration

PROJECT = Path(__file__).resolve().parent.parent
AIRFLOW = str(Path(sys.executable).with_name("airflow"))


def _airflow_env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env.update({
        "AIRFLOW_HOME": str(tmp_path / "airflow_home"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "REPORTS_INBOX": str(tmp_path / "inbox"),
        "REPORTS_WAREHOUSE": str(tmp_path / "wh" / "reports.duckdb"),
    })
    return env


def test_dag_imports_and_wires_every_stage_in_order(monkeypatch):
    # No metadata database here for cosmos to cache `dbt ls` in: list the project afresh.
    monkeypatch.setenv("AIRFLOW__COSMOS__ENABLE_CACHE_DBT_LS", "False")
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(PROJECT / "dags"))
    assert bag.import_errors == {}
    dag = bag.dags.get("reports_pipeline")
    assert dag is not None and dag.max_active_runs == 1 and not dag.catchup
    order = list(dict.fromkeys(task.task_id.split(".")[0] for task in dag.topological_sort()))[1:]
    assert order == [name for name, _ in pipeline.STAGES]
    # cosmos renders every dbt model with its tests, each a task of the model group.
    model_tasks = {t.task_id for t in dag.tasks if t.task_id.startswith("model.")}
    assert {"model.stg_metrics.run", "model.fct_metric.run", "model.fct_metric.test"} <= model_tasks
    assert [outlet.name for outlet in dag.get_task("publish").outlets] == ["reports_warehouse"]
    assert all(t.task_id.isascii() and t.retries >= 1 for t in dag.tasks)
    # A dead site fails only the scrape task: ingest runs once start_run has succeeded.
    assert dag.get_task("ingest").upstream_task_ids == {"start_run", "scrape"}
    assert dag.get_task("ingest").trigger_rule == "all_done_min_one_success"


def test_dag_runs_through_airflow_and_publishes(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "inbox")
    env = _airflow_env(tmp_path)
    migrate = subprocess.run([AIRFLOW, "db", "migrate"], env=env, capture_output=True, text=True, timeout=600)
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    run = subprocess.run([AIRFLOW, "dags", "test", "reports_pipeline"], env=env, capture_output=True,
                         text=True, timeout=900)
    assert run.returncode == 0, (run.stdout + run.stderr)[-5000:]
    with duckdb.connect(env["REPORTS_WAREHOUSE"], read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_report").fetchone()[0] == 5
        assert con.execute("select count(*) from marts.fct_metric").fetchone()[0] > 100
        trigger, status = con.execute("select trigger, status from audit.pipeline_runs").fetchone()
    assert (trigger, status) == ("airflow", "succeeded")
