"""The DAG as Airflow sees it: imported by a real DagBag and run with `airflow dags test`, once
with reports to build and once with nothing new."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from extract import pipeline
from extract.airflow_setup import WRITER_POOL
from extract.settings import Settings

from conftest import SEEDS, file_digest

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
    # No metadata database here for cosmos to cache `dbt ls` in: list the project afresh. cosmos
    # reads its configuration once, when its settings are first imported, which an earlier test
    # of this worker may have done: the setting itself, not the environment.
    from airflow.dag_processing.dagbag import DagBag
    from cosmos import settings as cosmos_settings

    monkeypatch.setattr(cosmos_settings, "enable_cache_dbt_ls", False)

    bag = DagBag(dag_folder=str(PROJECT / "dags"))
    assert bag.import_errors == {}
    dag = bag.dags.get("reports_pipeline")
    assert dag is not None and dag.max_active_runs == 1 and not dag.catchup
    order = list(dict.fromkeys(task.task_id.split(".")[0] for task in dag.topological_sort()))[1:]
    assert order == list(pipeline.STAGE_STEPS)
    # cosmos renders every dbt model and seed as a task of the model group, and every data test
    # (not the unit tests) as one task once they are all built, between the check whether
    # anything is new and the task that records the stage.
    model_tasks = {t.task_id for t in dag.tasks if t.task_id.startswith("model.")}
    assert {"model.units_seed", "model.stg_metrics_run", "model.fct_metric_run", "model.dbt_project_test"} <= model_tasks
    tests = dag.get_task("model.dbt_project_test")
    assert tests.downstream_task_ids == {"model.record"} and tests.exclude == "resource_type:unit_test"
    assert tests.get_flat_relative_ids(upstream=True) >= model_tasks - {"model.dbt_project_test", "model.record"}
    assert not any(task_id.endswith((".run", ".test")) for task_id in model_tasks)
    assert dag.get_task("model.anything_new").upstream_task_ids == {"gate_staging"}
    assert dag.get_task("gate_marts").upstream_task_ids == {"start_run", "model.record"}
    assert dag.get_task("model.record").trigger_rule == "none_failed"
    assert [outlet.name for outlet in dag.get_task("publish").outlets] == ["reports_warehouse"]
    assert all(t.task_id.isascii() and t.retries >= 1 for t in dag.tasks)
    # A dead site fails only the scrape task: ingest runs once start_run has succeeded.
    assert dag.get_task("ingest").upstream_task_ids == {"start_run", "scrape"}
    assert dag.get_task("ingest").trigger_rule == "all_done_min_one_success"
    # The extract stage: chunks planned, a mapped parse task per chunk on any worker, outside the
    # writer pool, and the collect once they are all done, failed or not (it fails the stage
    # for a chunk left unparsed, on the writer's host).
    parse = dag.get_task("extract.parse")
    assert parse.upstream_task_ids == {"start_run", "extract.plan"} and parse.pool == "default_pool"
    assert dag.get_task("extract.collect").upstream_task_ids == {"start_run", "extract.parse"}
    assert dag.get_task("extract.collect").trigger_rule == "all_done"
    assert {t.pool for t in dag.tasks if t is not parse} == {WRITER_POOL}
    assert dag.max_active_tasks > 1  # the parse tasks side by side; the pool keeps one writer
    assert all(t.execution_timeout for t in dag.tasks)
    # Downstream of every publish: the snapshot DAG waits on the asset the publish task updates.
    snapshot = bag.dags["reports_snapshot"]
    assert list(snapshot.timetable.asset_condition.objects) == dag.get_task("publish").outlets


def _airflow(env: dict, *args: str) -> str:
    done = subprocess.run([AIRFLOW, *args], env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, (done.stdout + done.stderr)[-5000:]
    return done.stdout


def _airflow_json(env: dict, *args: str):
    # The CLI prints its warnings to stdout too; the JSON is the last line.
    return json.loads(_airflow(env, *args, "-o", "json").splitlines()[-1])


def _task_states_of_latest_run(env: dict) -> dict[str, str]:
    runs = _airflow_json(env, "dags", "list-runs", "reports_pipeline")
    latest = max(runs, key=lambda run: run["start_date"])["run_id"]
    return {row["task_id"]: row["state"]
            for row in _airflow_json(env, "tasks", "states-for-dag-run", "reports_pipeline", latest)}


def _stage_runs(env: dict) -> list[tuple]:
    build_db = Settings.from_env(warehouse=env["REPORTS_WAREHOUSE"]).build_db
    with duckdb.connect(str(build_db), read_only=True) as con:
        return con.execute("select p.status, s.stage, s.status from audit.pipeline_runs p "
                           "left join audit.stage_runs s using (run_id) order by p.started_at, s.started_at").fetchall()


def _dag_run(env: dict, *options: str) -> list[str]:
    """`make run`'s command: the DAG once through `airflow dags test`; its screen, line by line."""
    done = subprocess.run([sys.executable, "-m", "extract", "dag", *options], env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, (done.stdout + done.stderr)[-5000:]
    return done.stdout.splitlines()


def test_dag_runs_through_airflow_and_publishes(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "inbox")
    env = _airflow_env(tmp_path)
    _airflow(env, "db", "migrate")
    screen = _dag_run(env)
    # Quiet: a line per stage, in order, then the summary and where the full log is.
    assert len(screen) < 60
    stage_lines = [line.split() for line in screen if line.startswith("  ") and line.split()[0] in pipeline.STAGE_STEPS]
    assert [(words[0], words[1]) for words in stage_lines] == [(name, "done") for name in pipeline.STAGE_STEPS]
    assert "files seen 5, ingested 5" in next(line for line in screen if line.split()[:1] == ["ingest"])
    assert "sources warn 0, sources error 0" in next(line for line in screen if line.split()[:1] == ["model"])
    docs = next(line for line in screen if "dbt docs" in line).rsplit(": ", 1)[1]
    assert Path(docs).is_file()
    assert screen[-1].startswith("the full Airflow, dbt and GX log: ")
    log = Path(screen[-1].rsplit(": ", 1)[1])
    assert "[DAG TEST] starting task_id=model.dbt_project_test" in log.read_text(encoding="utf-8")
    assert not any("[DAG TEST]" in line for line in screen)
    with duckdb.connect(env["REPORTS_WAREHOUSE"], read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_report").fetchone()[0] == 5
        assert con.execute("select count(*) from marts.fct_metric").fetchone()[0] > 100
        trigger, status = con.execute("select trigger, status from audit.pipeline_runs").fetchone()
    assert (trigger, status) == ("airflow", "succeeded")
    published = file_digest(Path(env["REPORTS_WAREHOUSE"]))

    # Nothing new: as in the CLI, dbt builds nothing, the model stage still has its row, and
    # readers keep the very same file. -v brings the full log back to the screen.
    screen = _dag_run(env, "-v")
    assert any("[DAG TEST] starting task_id=publish" in line for line in screen)
    states = _task_states_of_latest_run(env)
    check_and_record = {"model.anything_new", "model.record"}
    assert {states[task_id] for task_id in check_and_record | {"gate_marts", "publish"}} == {"success"}
    assert {state for task_id, state in states.items()
            if task_id.startswith("model.") and task_id not in check_and_record} == {"skipped"}
    stage_rows = [("succeeded", name, "succeeded") for name in pipeline.STAGE_STEPS]
    assert _stage_runs(env) == stage_rows * 2
    assert file_digest(Path(env["REPORTS_WAREHOUSE"])) == published
