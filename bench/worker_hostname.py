"""The hostname Airflow records with each task instance (`[core] hostname_callable`): the
Celery workers of `bench.cluster` run on one machine, and name themselves apart."""
import os
import socket


def hostname() -> str:
    return os.environ.get("REPORTS_TEST_WORKER") or socket.getfqdn()
