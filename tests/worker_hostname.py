"""The hostname Airflow records with each task instance (`[core] hostname_callable`): the
cluster test's two Celery workers run on one machine, and name themselves apart."""
import os
import socket


def hostname() -> str:
    return os.environ.get("REPORTS_TEST_WORKER") or socket.getfqdn()
