"""Reports snapshot: CSV copies of the published marts, after every publish.

An example of a DAG downstream of `reports_pipeline`: it is scheduled on the asset the
pipeline's publish task updates, so it runs once per new warehouse file and never on a
half-written one. It writes `<stem>.exports/<run id>/<table>.csv` beside the warehouse
(`extract.publish.exports`); a dashboard refresh or an upload would be a task here too.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import dag, task

from extract.airflow_setup import published_warehouse
from extract.notify import failure_notifiers
from extract.publish.exports import export_csv
from extract.settings import Settings

SETTINGS = Settings.from_env()


@dag(
    dag_id="reports_snapshot",
    schedule=[published_warehouse(SETTINGS)],
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=30),
                  "execution_timeout": timedelta(seconds=SETTINGS.task_timeout),
                  "on_failure_callback": failure_notifiers(SETTINGS)},
    tags=["reports"],
    doc_md=__doc__,
)
def reports_snapshot():
    @task
    def export_marts_csv() -> str:
        return str(export_csv(Settings.from_env().warehouse))

    export_marts_csv()


reports_snapshot()
