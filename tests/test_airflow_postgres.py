"""Production-shaped Airflow: a real PostgreSQL server (Debian's package) as the metadata
database, the scheduler, dag-processor and api-server as separate processes, LocalExecutor,
and the DAG triggered through the REST API with a JWT from the simple auth manager, the
way an operator or a CI job triggers it in a deployment.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
import httpx
import pytest

from conftest import SEEDS

pytestmark = pytest.mark.integration

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
DAG_ID = "reports_pipeline"
USER, PASSWORD = "ci", "ci-password"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root, developers usually not.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _wait(what: str, check, timeout: float, logs: list[Path] = ()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
        except httpx.TransportError:
            result = None  # the api-server is starting, or busy serving the tasks: ask again
        if result:
            return result
        time.sleep(1)
    tails = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in logs if log.exists())
    pytest.fail(f"timed out waiting for {what}\n{tails}")


@pytest.fixture
def postgres_url():
    """A throwaway PostgreSQL cluster on a free port; its URL for SQLAlchemy."""
    assert PG_BINS, "PostgreSQL server binaries missing: apt-get install postgresql (.ci/run does)"
    pg_bin = PG_BINS[-1]
    # Outside pytest's private tmp dir, which the postgres user cannot enter.
    root = Path(tempfile.mkdtemp(prefix="reports-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", _free_port()
    subprocess.run(_as_postgres([str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                 "-E", "UTF8"]), check=True, capture_output=True)
    subprocess.run(_as_postgres([str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w",
                                 "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1", "start"]),
                   check=True, capture_output=True)
    try:
        subprocess.run(_as_postgres([str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                                     "airflow"]), check=True, capture_output=True)
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/airflow"
    finally:
        subprocess.run(_as_postgres([str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def _services(env: dict, logs: Path):
    """Scheduler, dag-processor and api-server, each its own process group, stopped on exit."""
    processes = []
    try:
        for name, args in (("api-server", ["api-server", "--port", env["AIRFLOW__API__PORT"], "--workers", "1"]),
                           ("scheduler", ["scheduler"]), ("dag-processor", ["dag-processor"])):
            log = (logs / f"{name}.log").open("w")
            processes.append(subprocess.Popen([str(BIN / "airflow"), *args], env=env, stdout=log,
                                              stderr=subprocess.STDOUT, start_new_session=True))
        yield
    finally:
        for process in processes:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def test_dag_triggered_through_the_rest_api_runs_on_postgres(tmp_path, postgres_url):
    shutil.copytree(SEEDS, tmp_path / "inbox")
    api_port = str(_free_port())
    home = tmp_path / "airflow_home"
    home.mkdir()
    passwords = home / "passwords.json"
    passwords.write_text(json.dumps({USER: PASSWORD}))
    env = dict(os.environ)
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": postgres_url,
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{USER}:admin",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords),
        # Every component signs and checks task tokens with the same secret.
        "AIRFLOW__API_AUTH__JWT_SECRET": "integration-test-secret",
        "AIRFLOW__API__SECRET_KEY": "integration-test-secret",
        "AIRFLOW__API__PORT": api_port,
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
        # Only the run the test triggers: unpausing must not also start the daily one.
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
        "REPORTS_INBOX": str(tmp_path / "inbox"),
        "REPORTS_WAREHOUSE": str(tmp_path / "wh" / "reports.duckdb"),
        # Chunks of two: the extract task parses the five seeds in worker processes, as it
        # parses a real backlog.
        "REPORTS_CHUNK_REPORTS": "2",
        "REPORTS_WORKERS": "2",
    })
    migrate = subprocess.run([str(BIN / "airflow"), "db", "migrate"], env=env, capture_output=True, text=True,
                             timeout=600)
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    api = f"http://127.0.0.1:{api_port}"
    with _services(env, tmp_path), httpx.Client(base_url=api, timeout=10) as client:
        logs = [tmp_path / f"{name}.log" for name in ("api-server", "scheduler", "dag-processor")]

        _wait("the api-server", lambda: client.get("/api/v2/monitor/health").status_code == 200, 180, logs)
        token = client.post("/auth/token", json={"username": USER, "password": PASSWORD})
        assert token.status_code in (200, 201), token.text
        client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        assert client.get("/api/v2/dags").status_code == 200
        _wait("the dag-processor to register the DAG",
              lambda: client.get(f"/api/v2/dags/{DAG_ID}").status_code == 200, 180, logs)

        run = client.post(f"/api/v2/dags/{DAG_ID}/dagRuns", json={"logical_date": None})
        assert run.status_code == 200, run.text
        run_id = run.json()["dag_run_id"]
        unpause = client.patch(f"/api/v2/dags/{DAG_ID}", json={"is_paused": False})
        assert unpause.status_code == 200, unpause.text

        def finished():
            state = client.get(f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}").json()["state"]
            return state if state in ("success", "failed") else None

        state = _wait("the DAG run", finished, 900, logs)
        tasks = client.get(f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances",
                           params={"limit": 1000}).json()["task_instances"]
        assert state == "success", {t["task_id"]: t["state"] for t in tasks if t["state"] != "success"}
        assert {t["state"] for t in tasks} == {"success"}
        events = client.get("/api/v2/assets/events", params={"source_dag_id": DAG_ID}).json()["asset_events"]
        assert any(event["source_run_id"] == run_id for event in events)

    with duckdb.connect(env["REPORTS_WAREHOUSE"], read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_report").fetchone()[0] == 5
        assert con.execute("select count(*) from audit.pipeline_runs where trigger = 'airflow' "
                           "and status = 'succeeded'").fetchone()[0] >= 1
