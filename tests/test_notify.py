"""Who hears of a failure: a task that fails for good in a real Airflow run (`dag.test()` on
SQLite) posts its failure to a webhook (a real HTTP server here) and mails it through the SMTP
provider (a real SMTP server), as `REPORTS_NOTIFY_WEBHOOK` and `REPORTS_NOTIFY_EMAIL` ask;
with neither set, nobody is told."""
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench.cluster import free_port
from extract.notify import failure_notifiers
from extract.settings import Settings

pytestmark = pytest.mark.integration

AIRFLOW = str(Path(sys.executable).with_name("airflow"))
FAILING_DAG = textwrap.dedent('''
    from datetime import datetime

    from airflow.sdk import dag, task

    from extract.notify import failure_notifiers
    from extract.settings import Settings


    @dag(dag_id="notify_check", schedule=None, start_date=datetime(2026, 1, 1),
         default_args={"retries": 0, "on_failure_callback": failure_notifiers(Settings.from_env())})
    def notify_check():
        @task
        def unreadable():
            raise RuntimeError("the report could not be read")

        unreadable()


    notify_check()
''')


def test_nobody_is_told_unless_the_environment_says_who(settings):
    assert failure_notifiers(settings) == []


def test_a_failed_task_posts_to_the_webhook_and_mails_the_address(tmp_path):
    posts = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):
            posts.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    smtp_port = free_port()
    # Python 3.11's own SMTP server prints every message it receives.
    mail = subprocess.Popen([sys.executable, "-W", "ignore", "-m", "smtpd", "-n", "-c", "DebuggingServer",
                             f"127.0.0.1:{smtp_port}"], stdout=(tmp_path / "mail.log").open("w"),
                            stderr=subprocess.STDOUT)
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path / "airflow_home"),
           "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "AIRFLOW__CORE__DAGS_FOLDER": str(tmp_path / "dags"),
           "REPORTS_NOTIFY_WEBHOOK": f"http://127.0.0.1:{server.server_port}/hook",
           "REPORTS_NOTIFY_EMAIL": "desk@example.org",
           "AIRFLOW_CONN_SMTP_DEFAULT": json.dumps({
               "conn_type": "smtp", "host": "127.0.0.1", "port": smtp_port,
               "extra": {"disable_tls": True, "disable_ssl": True, "from_email": "pipeline@example.org"}})}
    try:
        assert Settings.from_env().notify_webhook is None
        migrate = subprocess.run([AIRFLOW, "db", "migrate"], env=env, capture_output=True, text=True, timeout=600)
        assert migrate.returncode == 0, migrate.stderr[-3000:]
        (tmp_path / "dags").mkdir()
        (tmp_path / "dags" / "notify_check.py").write_text(FAILING_DAG)
        run = subprocess.run([AIRFLOW, "dags", "test", "notify_check"], env=env, capture_output=True, text=True,
                             timeout=600)
        assert "the report could not be read" in run.stdout + run.stderr
        deadline = time.monotonic() + 30
        while "desk@example.org" not in (tmp_path / "mail.log").read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        server.shutdown()
        mail.terminate()
        mail.wait(timeout=30)
    (post,) = posts
    assert (post["dag_id"], post["task_id"]) == ("notify_check", "unreadable")
    assert "the report could not be read" in post["exception"] and "unreadable" in post["text"]
    sent = (tmp_path / "mail.log").read_text()
    assert "desk@example.org" in sent and "task unreadable failed" in sent
