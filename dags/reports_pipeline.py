"""Reports pipeline: inbox files to the published DuckDB warehouse, once a day.

Wiring only. Each task runs one stage of `extract.pipeline`, the same functions that
`python -m extract run` calls in one process; the pipeline's run id travels between tasks by XCom.
The model stage is the dbt project rendered by astronomer-cosmos, one task per model, seed
and test, so a failing model shows (and retries) on its own.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import Asset, TriggerRule, dag, task
from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import InvocationMode, LoadMode

from extract import pipeline
from extract.settings import Settings

SETTINGS = Settings.from_env()
# What downstream DAGs (a BI refresh, an export) schedule on: updated by every publish.
PUBLISHED_WAREHOUSE = Asset(name="reports_warehouse", uri=SETTINGS.warehouse.resolve().as_uri())


def _stage_task(name: str):
    # A site that stays down fails the scrape task; the inbox path runs all the same.
    trigger_rule = TriggerRule.ALL_DONE_MIN_ONE_SUCCESS if name == "ingest" else TriggerRule.ALL_SUCCESS

    # Named pipeline_run: Airflow reserves `run_id` for its own context.
    @task(task_id=name, outlets=[PUBLISHED_WAREHOUSE] if name == "publish" else [], trigger_rule=trigger_rule)
    def run_stage(pipeline_run: str) -> None:
        if name == "extract":
            # Parsing spawns worker processes, and a spawned process first re-imports its
            # parent's main module: in a task that is the `airflow` command, which cannot start
            # inside a task. `python -m extract` is a main module workers skip.
            subprocess.run([sys.executable, "-m", "extract", "stage", name, "--run-id", pipeline_run, "-v"],
                           check=True)
        else:
            pipeline.run_stage(name, Settings.from_env(), pipeline_run)

    return run_stage


def _dbt_models() -> DbtTaskGroup:
    project_dir = SETTINGS.dbt_project_dir
    return DbtTaskGroup(
        group_id="model",
        project_config=ProjectConfig(dbt_project_path=project_dir,
                                     env_vars={"REPORTS_BUILD_DB": str(SETTINGS.build_db),
                                               "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}),
        profile_config=ProfileConfig(profile_name="reports_warehouse", target_name="build",
                                     profiles_yml_filepath=project_dir / "profiles.yml"),
        execution_config=ExecutionConfig(
            invocation_mode=InvocationMode.DBT_RUNNER,
            dbt_executable_path=shutil.which("dbt") or str(Path(sys.executable).with_name("dbt"))),
        # `dbt ls` sees sources, tests and unit tests as dbt does; cosmos caches its output.
        # A test over two models (relationships) runs once both are built, as its own task.
        render_config=RenderConfig(load_method=LoadMode.DBT_LS, should_detach_multiple_parents_tests=True),
    )


@dag(
    dag_id="reports_pipeline",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    # The build database has a single writer: one run at a time, one task at a time.
    max_active_runs=1,
    max_active_tasks=1,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=30), "retry_exponential_backoff": True},
    tags=["reports"],
    doc_md=__doc__,
)
def reports_pipeline():
    @task
    def start_run() -> str:
        return pipeline.start(Settings.from_env(), trigger="airflow")

    # Every stage gets the pipeline's run id from start_run and runs after the stage before it.
    pipeline_run = start_run()
    upstream = pipeline_run
    for name, _ in pipeline.STAGES:
        upstream = upstream >> (_dbt_models() if name == "model" else _stage_task(name)(pipeline_run))


reports_pipeline()
