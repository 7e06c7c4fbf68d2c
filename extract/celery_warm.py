"""Imported once by each Celery worker when it starts (`extract.celery_config`), never by the
scheduler or a task: what every task of the DAG loads (Airflow's task SDK, cosmos and dbt,
the pipeline) and the parser, warm."""
import cosmos  # noqa: F401
import dbt.cli.main  # noqa: F401

from extract import chunkstore, pipeline  # noqa: F401
from extract.extraction import warm_up

warm_up()
