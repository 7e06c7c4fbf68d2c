"""Reports pipeline: inbox files to the published DuckDB warehouse, once a day.

Wiring only: one task (or task group) per stage of `extract.pipeline.STAGES`, built from the
stage's description; each runs the same functions that `python -m extract run` calls in one
process, and the pipeline's run id travels between tasks by XCom. The model stage is the dbt
project rendered by astronomer-cosmos, one `dbt build` task per model and seed (the model and
its tests, as the CLI's `dbt build` runs them), so a failing model shows (and retries) on its
own; it runs only when there is something new to build, and records its stage row as the CLI
does.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import Asset, TriggerRule, dag, get_current_context, task
from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import InvocationMode, LoadMode, TestBehavior

from extract import audit, pipeline
from extract.model.dbt_build import dbt_env
from extract.pipeline import Runs, Stage
from extract.settings import Settings

SETTINGS = Settings.from_env()
# What downstream DAGs (a BI refresh, an export) schedule on: updated by every publish.
PUBLISHED_WAREHOUSE = Asset(name="reports_warehouse", uri=SETTINGS.warehouse.resolve().as_uri())


def _task_args(stage: Stage) -> dict:
    return {
        "trigger_rule": TriggerRule.ALL_DONE_MIN_ONE_SUCCESS if stage.despite_failed_previous
        else TriggerRule.ALL_SUCCESS,
        "outlets": [PUBLISHED_WAREHOUSE] if stage.publishes else [],
    }


def _in_task(name: str, pipeline_run: str) -> None:
    pipeline.run_stage(name, Settings.from_env(), pipeline_run)


def _own_process(name: str, pipeline_run: str) -> None:
    subprocess.run([sys.executable, "-m", "extract", "stage", name, "--run-id", pipeline_run, "-v"], check=True)


def _stage_task(run):
    def build(stage: Stage, pipeline_run):
        # Named pipeline_run: Airflow reserves `run_id` for its own context.
        @task(task_id=stage.name, **_task_args(stage))
        def run_stage(pipeline_run: str) -> None:
            run(stage.name, pipeline_run)

        return run_stage(pipeline_run)

    return build


def _dbt_project(stage: Stage, pipeline_run) -> DbtTaskGroup:
    check = "anything_new"  # the stage's first task: its start is the stage's

    def started_at(ti) -> datetime:
        return datetime.fromisoformat(ti.xcom_pull(task_ids=f"{stage.name}.{check}", key="started_at"))

    def failed(context) -> None:
        # Any task of the stage that failed for good fails the stage and the run, as a failed
        # `run_stage` does.
        ti = context["ti"]
        pipeline.finish_stage(Settings.from_env(), ti.xcom_pull(task_ids="start_run"), stage.name, started_at(ti),
                              error=f"{ti.task_id}: {context.get('exception')}")

    project_dir = SETTINGS.dbt_project_dir
    group = DbtTaskGroup(
        group_id=stage.name,
        project_config=ProjectConfig(dbt_project_path=project_dir, env_vars=dbt_env(SETTINGS.build_db)),
        profile_config=ProfileConfig(profile_name="reports_warehouse", target_name="build",
                                     profiles_yml_filepath=project_dir / "profiles.yml"),
        execution_config=ExecutionConfig(
            invocation_mode=InvocationMode.DBT_RUNNER,
            dbt_executable_path=shutil.which("dbt") or str(Path(sys.executable).with_name("dbt"))),
        # `dbt ls` sees sources, tests and unit tests as dbt does; cosmos caches its output.
        # A model's tests run in its own task, as `dbt build` runs them, which also halves the
        # tasks each paying for a process; a test over two models (relationships) runs once both
        # are built, as its own task.
        render_config=RenderConfig(load_method=LoadMode.DBT_LS, test_behavior=TestBehavior.BUILD,
                                   should_detach_multiple_parents_tests=True),
        default_args={"on_failure_callback": failed},
    )
    dbt_first, dbt_last = group.roots, group.leaves

    with group:
        # False skips the first dbt tasks, and theirs skip the rest; the stage's row is still
        # recorded, and the gate and publish run to find, as in the CLI, that nothing is new.
        @task.short_circuit(task_id=check, ignore_downstream_trigger_rules=False,
                            **_task_args(stage))
        def anything_new() -> bool:
            get_current_context()["ti"].xcom_push(key="started_at", value=audit.now().isoformat())
            return pipeline.anything_new(Settings.from_env())

        # Once every dbt task has succeeded, or been skipped because there was nothing to build.
        @task(task_id="record", trigger_rule=TriggerRule.NONE_FAILED)
        def record(pipeline_run: str) -> None:
            pipeline.finish_stage(Settings.from_env(), pipeline_run, stage.name,
                                  started_at(get_current_context()["ti"]))

        anything_new() >> dbt_first
        dbt_last >> record(pipeline_run)
    return group


TASKS = {Runs.IN_TASK: _stage_task(_in_task), Runs.OWN_PROCESS: _stage_task(_own_process),
         Runs.DBT_PROJECT: _dbt_project}


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
    for stage in pipeline.STAGES:
        upstream = upstream >> TASKS[stage.runs](stage, pipeline_run)


reports_pipeline()
