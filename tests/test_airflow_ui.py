"""`make airflow`'s server (`python -m extract.airflow_ui`) on a free port with an Airflow home of its
own: it prints a login that the REST API accepts, serves the project's DAG without import errors,
and SIGINT stops every process it started. No DAG run: test_airflow_postgres triggers one through
the same REST API."""
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bench.cluster import free_port

pytestmark = pytest.mark.integration

PROJECT = Path(__file__).resolve().parent.parent
DAG_ID = "reports_pipeline"


def _wait(what: str, check, timeout: float, server: subprocess.Popen, output: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server stopped (exit {server.returncode}) waiting for {what}\n{output.read_text()}")
        try:
            if result := check():
                return result
        except httpx.TransportError:
            pass  # the api-server is starting
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}\n{output.read_text()}")


def _processes_of(home: Path) -> list[str]:
    """Command lines of the processes whose AIRFLOW_HOME is `home`."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if f"AIRFLOW_HOME={home}".encode() in (proc / "environ").read_bytes().split(b"\0"):
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue  # not a process, gone, or not ours
    return found


def test_the_printed_login_sees_the_dag_and_sigint_stops_everything(tmp_path):
    home, port, output = tmp_path / "airflow_home", free_port(), tmp_path / "output.txt"
    env = dict(os.environ, REPORTS_INBOX=str(tmp_path / "inbox"), REPORTS_WAREHOUSE=str(tmp_path / "wh.duckdb"))
    with output.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "extract.airflow_ui", "--port", str(port), "--home", str(home)],
                                  cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        login = _wait("the login", lambda: re.search(r"user (\S+), password (\S+)", output.read_text()), 240, server,
                      output)
        printed = output.read_text()
        assert f"http://127.0.0.1:{port}" in printed and "Ctrl-C stops it" in printed
        assert str(home / "logs") in printed and str(tmp_path / "inbox") in printed
        user, password = login.groups()
        assert json.loads((home / "simple_auth_manager_passwords.json.generated").read_text()) == {user: password}
        # The components' own output goes to the log files, not to the terminal.
        assert "uvicorn" not in printed.lower() and (home / "logs" / "scheduler.log").stat().st_size > 0

        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10, trust_env=False) as client:
            assert client.get("/").status_code == 200
            token = client.post("/auth/token", json={"username": user, "password": password})
            assert token.status_code in (200, 201), token.text
            assert client.post("/auth/token", json={"username": user, "password": "wrong"}).status_code == 401
            client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"

            def registered() -> bool:
                errors = client.get("/api/v2/importErrors").json()
                assert errors["total_entries"] == 0, errors["import_errors"]
                return client.get(f"/api/v2/dags/{DAG_ID}").status_code == 200

            _wait("the dag-processor to register the DAG", registered, 180, server, home / "logs" / "dag-processor.log")
            assert DAG_ID in [dag["dag_id"] for dag in client.get("/api/v2/dags").json()["dags"]]
            assert client.get("/api/v2/importErrors").json()["total_entries"] == 0

        assert _processes_of(home)
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=60) == 0
        assert output.read_text().rstrip().endswith("stopped.")
        assert _processes_of(home) == []
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
