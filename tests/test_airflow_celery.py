"""A real Airflow cluster on this machine: PostgreSQL (Debian's package) as the metadata
database and Celery's result backend, Redis (Debian's package) as the broker, the scheduler,
dag-processor and api-server, and two Celery workers, each its own process under its own
hostname. The DAG is triggered through the REST API with a JWT from the simple auth manager, as
an operator or a CI job triggers it in a deployment, on an inbox of 45 reports in chunks of
four: the parse tasks must run on both workers, side by side, the tasks that write the build
database one at a time, and the published marts must be those of `python -m extract run`.
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

from conftest import FIXTURES, SEEDS, marts_contents

pytestmark = pytest.mark.integration

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
REDIS_SERVER = shutil.which("redis-server")
DAG_ID = "reports_pipeline"
WORKERS = ("worker-1", "worker-2")
CHUNK_REPORTS = 4
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


@pytest.fixture
def redis_url(tmp_path):
    """A throwaway Redis server on a free port, nothing kept on disk."""
    assert REDIS_SERVER, "Redis server missing: apt-get install redis-server (.ci/run does)"
    port = _free_port()
    server = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)],
                              stdout=(tmp_path / "redis.log").open("w"), stderr=subprocess.STDOUT)
    try:
        def answers():
            with socket.socket() as sock:
                return sock.connect_ex(("127.0.0.1", port)) == 0
        _wait("the Redis server", answers, 30, [tmp_path / "redis.log"])
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _components(env: dict) -> dict[str, tuple[list[str], dict]]:
    """Each component's `airflow` arguments and environment: a Celery worker names itself."""
    components = {"api-server": (["api-server", "--host", "127.0.0.1", "--port", env["AIRFLOW__API__PORT"], "--workers", "1"], env),
                  "scheduler": (["scheduler"], env), "dag-processor": (["dag-processor"], env)}
    for worker in WORKERS:
        # One task at a time each: two workers must share the chunks between them.
        components[worker] = (["celery", "worker", "--concurrency", "1", "--celery-hostname", f"{worker}@%h",
                               "--skip-serve-logs"], {**env, "REPORTS_TEST_WORKER": worker})
    return components


@contextmanager
def _services(env: dict, logs: Path):
    """Every component, each its own process group, stopped on exit."""
    processes = []
    try:
        for name, (args, component_env) in _components(env).items():
            log = (logs / f"{name}.log").open("w")
            processes.append(subprocess.Popen([str(BIN / "airflow"), *args], env=component_env, stdout=log,
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


def _inbox(root: Path) -> Path:
    """The five seeds and forty real report openings of the development set."""
    inbox = root / "inbox"
    shutil.copytree(SEEDS, inbox)
    for text in sorted((FIXTURES / "devset").glob("*.txt"))[:40]:
        shutil.copy(text, inbox / text.name)
    return inbox


def _overlap(a: dict, b: dict) -> bool:
    return a["start_date"] < b["end_date"] and b["start_date"] < a["end_date"]


def test_dag_runs_on_a_celery_cluster_with_parsing_spread_over_two_workers(tmp_path, postgres_url, redis_url):
    inbox = _inbox(tmp_path)
    api_port = str(_free_port())
    home = tmp_path / "airflow_home"
    home.mkdir()
    passwords = home / "passwords.json"
    passwords.write_text(json.dumps({USER: PASSWORD}))
    env = dict(os.environ)
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": postgres_url,
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CELERY__BROKER_URL": redis_url,
        "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + postgres_url,
        # The project's worker configuration: each worker loads the DAG's libraries and the
        # parser once, and every task it forks inherits them.
        "AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS": "extract.celery_config.CELERY_CONFIG",
        "AIRFLOW__CORE__HOSTNAME_CALLABLE": "worker_hostname.hostname",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")])),
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
        # As the project's deployments set it (extract/airflow_ui.py, docker-compose.yml).
        "AIRFLOW__WORKERS__MIN_HEARTBEAT_INTERVAL": "1",
        # Only the run the test triggers: unpausing must not also start the daily one.
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
        "REPORTS_INBOX": str(inbox),
        "REPORTS_WAREHOUSE": str(tmp_path / "wh" / "reports.duckdb"),
        "REPORTS_CHUNK_REPORTS": str(CHUNK_REPORTS),
    })
    # The project's own setup: Airflow's metadata database and the writer pool.
    setup = subprocess.run([sys.executable, "-m", "extract.airflow_setup"], env=env, capture_output=True,
                           text=True, timeout=600)
    assert setup.returncode == 0, (setup.stdout + setup.stderr)[-3000:]
    api = f"http://127.0.0.1:{api_port}"
    with _services(env, tmp_path), httpx.Client(base_url=api, timeout=10) as client:
        logs = [tmp_path / f"{name}.log" for name in _components(env)]

        _wait("the api-server", lambda: client.get("/api/v2/monitor/health").status_code == 200, 180, logs)
        token = client.post("/auth/token", json={"username": USER, "password": PASSWORD})
        assert token.status_code in (200, 201), token.text
        client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
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

    # One parse task per chunk, spread over both workers, some of them at the same time.
    parses = [t for t in tasks if t["task_id"] == "extract.parse"]
    assert len(parses) == -(-45 // CHUNK_REPORTS)
    assert {t["hostname"] for t in parses} == set(WORKERS)
    assert any(_overlap(a, b) for a in parses for b in parses if a["hostname"] != b["hostname"])
    # Every other task writes the build database: in the pool of one slot, never two at a time.
    writers = [t for t in tasks if t["task_id"] != "extract.parse"]
    assert {t["pool"] for t in writers} == {"reports_build_db"}
    assert not any(_overlap(a, b) for a in writers for b in writers if a is not b)

    cli_warehouse = tmp_path / "cli" / "reports.duckdb"
    cli = subprocess.run([sys.executable, "-m", "extract", "run", "--inbox", str(inbox), "--warehouse",
                          str(cli_warehouse)], capture_output=True, text=True, timeout=900)
    assert cli.returncode == 0, (cli.stdout + cli.stderr)[-3000:]
    # Parsed at other times: the one difference allowed.
    published = marts_contents(Path(env["REPORTS_WAREHOUSE"]), frozenset({"extracted_at"}))
    assert published["dim_report"] and published["fct_metric"]
    assert published == marts_contents(cli_warehouse, frozenset({"extracted_at"}))
    with duckdb.connect(env["REPORTS_WAREHOUSE"], read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_report").fetchone()[0] >= 40
        assert con.execute("select count(*) from audit.pipeline_runs where trigger = 'airflow' "
                           "and status = 'succeeded'").fetchone()[0] == 1
