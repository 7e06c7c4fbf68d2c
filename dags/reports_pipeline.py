"""Reports pipeline: inbox files to the published DuckDB warehouse, once a day.

Wiring only: one task (or task group) per stage of `extract.pipeline.STAGES`, built from the
stage's description; each runs the same functions that `python -m extract run` calls in one
process, and the pipeline's run id travels between tasks by XCom.

The extract stage is spread over the deployment's workers: a task writes the pending
documents to the chunk store in chunks, one mapped task per chunk parses it on whichever
worker is free, and a task brings the rows to the build database (`extract.chunkstore`). The
model stage is the dbt project rendered by astronomer-cosmos, one `dbt build` task per model
and seed (the model and its tests, as the CLI's `dbt build` runs them), so a failing model
shows (and retries) on its own; it runs only when there is something new to build. Both record
their stage row as the CLI does. Every task that opens the build database runs in the writer
pool of one slot; the parse tasks run side by side outside it.
"""
from __future__ import annotations

import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

from airflow.sdk import TaskGroup, TriggerRule, dag, get_current_context, task
from airflow.sdk.exceptions import AirflowSkipException
from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import InvocationMode, LoadMode, TestBehavior

from extract import audit, chunkstore, pipeline
from extract.airflow_setup import WRITER_POOL, published_warehouse
from extract.model.dbt_build import dbt_env
from extract.notify import failure_notifiers
from extract.pipeline import Runs, Stage
from extract.settings import Settings

SETTINGS = Settings.from_env()
PUBLISHED_WAREHOUSE = published_warehouse(SETTINGS)
NOTIFIERS = failure_notifiers(SETTINGS)


def _task_args(stage: Stage) -> dict:
    return {
        "trigger_rule": TriggerRule.ALL_DONE_MIN_ONE_SUCCESS if stage.despite_failed_previous
        else TriggerRule.ALL_SUCCESS,
        "outlets": [PUBLISHED_WAREHOUSE] if stage.publishes else [],
    }


def _stage_task(stage: Stage, pipeline_run):
    # Named pipeline_run: Airflow reserves `run_id` for its own context.
    @task(task_id=stage.name, **_task_args(stage))
    def run_stage(pipeline_run: str) -> None:
        pipeline.run_stage(stage.name, Settings.from_env(), pipeline_run)

    return run_stage(pipeline_run)


class _StageOfTasks:
    """A stage that runs as several tasks: its first task notes when the stage started, its
    last records the stage's row, and any task of it that fails for good fails the stage and
    the run, as a failed `run_stage` does."""

    def __init__(self, stage: Stage, first: str):
        self.stage, self.first = stage, first

    def started(self) -> None:
        get_current_context()["ti"].xcom_push(key="started_at", value=audit.now().isoformat())

    def started_at(self, ti) -> datetime:
        return datetime.fromisoformat(ti.xcom_pull(task_ids=f"{self.stage.name}.{self.first}", key="started_at"))

    def failed(self, context) -> None:
        ti = context["ti"]
        pipeline.fail_stage(Settings.from_env(), ti.xcom_pull(task_ids="start_run"), self.stage.name,
                            self.started_at(ti), f"{ti.task_id}: {context.get('exception')}")

    def finish(self, pipeline_run: str, last_step) -> None:
        pipeline.finish_stage(Settings.from_env(), pipeline_run, self.stage.name,
                              self.started_at(get_current_context()["ti"]), last_step)

    def callbacks(self) -> dict:
        return {"on_failure_callback": [self.failed, *NOTIFIERS]}


def _chunks(stage: Stage, pipeline_run) -> TaskGroup:
    tasks = _StageOfTasks(stage, "plan")
    with TaskGroup(group_id=stage.name, default_args=tasks.callbacks()) as group:
        @task(task_id="plan", **_task_args(stage))
        def plan(pipeline_run: str) -> list[str]:
            tasks.started()
            return chunkstore.plan(Settings.from_env(), pipeline_run)

        # Any worker, side by side: a parse opens no database, and so records no failure of its
        # own (its host may not hold the build database): the collect does. Its chunk names it
        # in the UI; no chunk at all (nothing pending) skips it.
        @task(task_id="parse", pool="default_pool", map_index_template="{{ chunk }}",
              on_failure_callback=NOTIFIERS)
        def parse(pipeline_run: str, chunk: str) -> dict[str, int]:
            get_current_context()["chunk"] = chunk.rsplit("/", 1)[-1]
            return chunkstore.parse(Settings.from_env(), pipeline_run, chunk)

        # Once every parse task is done, also one that failed: a chunk left unparsed fails the
        # stage here, where it is recorded. A plan that failed has recorded that itself.
        @task(task_id="collect", trigger_rule=TriggerRule.ALL_DONE)
        def collect(pipeline_run: str) -> None:
            if get_current_context()["ti"].xcom_pull(task_ids=f"{stage.name}.plan") is None:
                raise AirflowSkipException("no chunks were planned")
            tasks.finish(pipeline_run, chunkstore.collect)

        chunks = plan(pipeline_run)
        parse.partial(pipeline_run=pipeline_run).expand(chunk=chunks) >> collect(pipeline_run)
    return group


def _dbt_project(stage: Stage, pipeline_run) -> DbtTaskGroup:
    tasks = _StageOfTasks(stage, "anything_new")
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
        # Every data test runs in one task once every model is built: the tasks run one at a
        # time (one writer), each paying a second or more to start, and a test per model's task
        # plus one per test over two models (relationships) made half again as many tasks. A
        # failing test still fails the stage before the marts are gated or published. dbt's
        # unit tests check the SQL, not the load: `make test` runs them, as for the CLI.
        render_config=RenderConfig(load_method=LoadMode.DBT_LS, test_behavior=TestBehavior.AFTER_ALL,
                                   exclude=["resource_type:unit_test"]),
        default_args=tasks.callbacks(),
    )
    dbt_first, dbt_last = group.roots, group.leaves

    with group:
        # False skips the first dbt tasks, and theirs skip the rest; the stage's row is still
        # recorded, and the gate and publish run to find, as in the CLI, that nothing is new.
        @task.short_circuit(task_id=tasks.first, ignore_downstream_trigger_rules=False, **_task_args(stage))
        def anything_new() -> bool:
            tasks.started()
            return pipeline.anything_new(Settings.from_env())

        # Once every dbt task has succeeded, or been skipped because there was nothing to build.
        @task(task_id="record", trigger_rule=TriggerRule.NONE_FAILED)
        def record(pipeline_run: str) -> None:
            tasks.finish(pipeline_run, pipeline.document_model)

        anything_new() >> dbt_first
        dbt_last >> record(pipeline_run)
    return group


TASKS = {Runs.IN_TASK: _stage_task, Runs.CHUNKS: _chunks, Runs.DBT_PROJECT: _dbt_project}


@dag(
    dag_id="reports_pipeline",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    # The build database has a single writer: one run at a time, and in a run one task at a
    # time in the writer pool, which every task but the parse tasks runs in.
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=30), "retry_exponential_backoff": True,
                  "pool": WRITER_POOL, "execution_timeout": timedelta(seconds=SETTINGS.task_timeout),
                  "on_failure_callback": NOTIFIERS},
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
