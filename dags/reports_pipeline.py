"""Reports pipeline: inbox files to the published DuckDB warehouse, once a day.

Wiring only. Each task runs one stage of `extract.pipeline`, the same functions that
`python -m extract run` calls in one process; the pipeline's run id travels between tasks by XCom.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import Asset, dag, task

from extract import pipeline
from extract.settings import Settings

# What downstream DAGs (a BI refresh, an export) schedule on: updated by every publish.
PUBLISHED_WAREHOUSE = Asset(name="reports_warehouse", uri=Settings.from_env().warehouse.resolve().as_uri())


def _stage_task(name: str):
    # Named pipeline_run: Airflow reserves `run_id` for its own context.
    @task(task_id=name, outlets=[PUBLISHED_WAREHOUSE] if name == "publish" else [])
    def run_stage(pipeline_run: str) -> str:
        pipeline.run_stage(name, Settings.from_env(), pipeline_run)
        return pipeline_run

    return run_stage


@dag(
    dag_id="reports_pipeline",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    # The build database has a single writer; two runs at once would fight over it.
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=30), "retry_exponential_backoff": True},
    tags=["reports"],
    doc_md=__doc__,
)
def reports_pipeline():
    @task
    def start_run() -> str:
        return pipeline.start(Settings.from_env(), trigger="airflow")

    pipeline_run = start_run()
    for name, _ in pipeline.STAGES:
        pipeline_run = _stage_task(name)(pipeline_run)


reports_pipeline()
