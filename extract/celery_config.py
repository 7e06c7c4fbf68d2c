"""The Celery configuration of a deployment's workers (`[celery] celery_config_options =
extract.celery_config.CELERY_CONFIG`): Airflow's own, plus one module each worker imports once
when it starts, `extract.celery_warm`.

Airflow runs each task in a process forked from the worker, which then imports the DAG file
and everything it needs, and a parse task loads the parser's dictionaries: seconds per task,
more than a chunk of reports takes to parse. A worker that holds them already hands them to
every task it forks.
"""
from airflow.providers.celery.executors.default_celery import DEFAULT_CELERY_CONFIG

CELERY_CONFIG = {**DEFAULT_CELERY_CONFIG, "imports": ("extract.celery_warm",)}
