"""A real Airflow cluster on this machine, for the cluster test and the benchmark: PostgreSQL
(Debian's package) as the metadata database and Celery's result backend, Redis (Debian's
package) as the broker, the scheduler, dag-processor and api-server, and N Celery workers, each
its own process under its own hostname, set up as a deployment of the project is
(`python -m extract.airflow_setup`, the workers' `extract.celery_config`). Every server listens
on 127.0.0.1 only; everything is stopped and its files removed on exit, also after a failure.

    with cluster(root, {"REPORTS_INBOX": ...}, workers=("worker-1", "worker-2")) as running:
        client = running.client()
        run_id = client.trigger(DAG_ID)
        state = client.wait(DAG_ID, run_id)
        tasks = client.task_instances(DAG_ID, run_id)
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
REDIS_SERVER = shutil.which("redis-server")
USER, PASSWORD = "bench", "bench-password"
# Signs the task tokens every component checks; the cluster lives on 127.0.0.1 for minutes.
SECRET = "reports-cluster-secret"


class ClusterError(RuntimeError):
    """A component did not come up, or a run did not finish in time (with the logs' ends)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tails(logs: Sequence[Path]) -> str:
    return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in logs if log.exists())


def wait_for(what: str, check: Callable[[], object], timeout: float, logs: Sequence[Path] = (),
              every: float = 1.0):
    """`check()`'s first true answer, asked every `every` seconds for `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
        except httpx.TransportError:
            result = None  # the api-server is starting, or busy serving the tasks: ask again
        if result:
            return result
        time.sleep(every)
    raise ClusterError(f"timed out waiting for {what}\n{_tails(logs)}")


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root, developers usually not.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on a free port; its URL for SQLAlchemy."""
    if not PG_BINS:
        raise ClusterError("PostgreSQL server binaries missing: apt-get install postgresql (.ci/run does)")
    pg_bin = PG_BINS[-1]
    # Under /tmp, not the caller's folder, which the postgres user may not be able to enter.
    root = Path(tempfile.mkdtemp(prefix="reports-pg-"))
    try:
        if os.geteuid() == 0:
            shutil.chown(root, "postgres", "postgres")
        data, port = root / "data", free_port()
        subprocess.run(_as_postgres([str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                     "-E", "UTF8"]), check=True, capture_output=True)
        subprocess.run(_as_postgres([str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w",
                                     "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1", "start"]),
                       check=True, capture_output=True)
        try:
            subprocess.run(_as_postgres([str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U",
                                         "postgres", "airflow"]), check=True, capture_output=True)
            yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/airflow"
        finally:
            stopped = subprocess.run(_as_postgres([str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                                     capture_output=True)
            if stopped.returncode:
                subprocess.run(_as_postgres([str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                               capture_output=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)  # the folder mkdtemp made above, nothing else


@contextmanager
def redis(logs: Path) -> Iterator[str]:
    """A throwaway Redis server on a free port, nothing kept on disk."""
    if not REDIS_SERVER:
        raise ClusterError("Redis server missing: apt-get install redis-server (.ci/run does)")
    port, log = free_port(), logs / "redis.log"
    with log.open("w") as out:
        server = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                   "--appendonly", "no", "--dir", str(logs)], stdout=out, stderr=subprocess.STDOUT)
    try:
        def answers() -> bool:
            with socket.socket() as sock:
                return sock.connect_ex(("127.0.0.1", port)) == 0

        wait_for("the Redis server", answers, 30, [log], every=0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def airflow_env(home: Path, postgres_url: str, redis_url: str, api_port: int, passwords: Path) -> dict[str, str]:
    """What every component of the cluster shares: the metadata database, the broker, the
    api-server the workers report to, the login and the project's deployment settings."""
    return {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": postgres_url,
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CELERY__BROKER_URL": redis_url,
        "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + postgres_url,
        # The project's worker configuration: each worker loads the DAG's libraries and the
        # parser once, and every task it forks inherits them.
        "AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS": "extract.celery_config.CELERY_CONFIG",
        "AIRFLOW__CORE__HOSTNAME_CALLABLE": "bench.worker_hostname.hostname",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")])),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{USER}:admin",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords),
        # Every component signs and checks task tokens with the same secret.
        "AIRFLOW__API_AUTH__JWT_SECRET": SECRET,
        "AIRFLOW__API__SECRET_KEY": SECRET,
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(api_port),
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
        # As the project's deployments set them (extract/airflow_ui.py, docker-compose.yml): a
        # supervisor otherwise reports a task's end up to 5 s late, an idle scheduler queues
        # the next task up to 1 s after.
        "AIRFLOW__WORKERS__MIN_HEARTBEAT_INTERVAL": "1",
        "AIRFLOW__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME": "0.2",
        # Only the runs a caller triggers: unpausing must not also start the daily one.
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
    }


def _components(env: dict[str, str], workers: Sequence[str], concurrency: int) -> dict[str, tuple[list[str], dict]]:
    """Each component's `airflow` arguments and environment: a Celery worker names itself."""
    components = {"api-server": (["api-server", "--host", "127.0.0.1", "--port", env["AIRFLOW__API__PORT"],
                                  "--workers", "1"], env),
                  "scheduler": (["scheduler"], env), "dag-processor": (["dag-processor"], env)}
    for worker in workers:
        components[worker] = (["celery", "worker", "--concurrency", str(concurrency), "--celery-hostname",
                               f"{worker}@%h", "--skip-serve-logs"], {**env, "REPORTS_TEST_WORKER": worker})
    return components


@contextmanager
def _processes(components: dict[str, tuple[list[str], dict]], logs: Path) -> Iterator[dict[str, subprocess.Popen]]:
    """Every component, each its own process group (its task processes with it), stopped on exit."""
    started: dict[str, subprocess.Popen] = {}
    try:
        for name, (args, env) in components.items():
            with (logs / f"{name}.log").open("w") as log:
                started[name] = subprocess.Popen([str(BIN / "airflow"), *args], env=env, stdout=log,
                                                 stderr=subprocess.STDOUT, start_new_session=True)
        yield started
    finally:
        processes = list(started.values())
        for process in processes:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            # A task process or a Celery pool child that outlived its parent.
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)


@dataclass
class Client:
    """The REST API as an operator or a CI job uses it: a JWT from the simple auth manager."""

    http: httpx.Client
    logs: Sequence[Path] = field(default_factory=list)

    def login(self, user: str = USER, password: str = PASSWORD) -> None:
        token = self.http.post("/auth/token", json={"username": user, "password": password})
        if token.status_code not in (200, 201):
            raise ClusterError(f"login failed: {token.status_code} {token.text}")
        self.http.headers["Authorization"] = f"Bearer {token.json()['access_token']}"

    def _ok(self, response: httpx.Response) -> dict:
        if response.status_code != 200:
            raise ClusterError(f"{response.request.method} {response.request.url}: {response.status_code} "
                               f"{response.text}")
        return response.json()

    def trigger(self, dag_id: str, timeout: float = 180) -> str:
        """A run of the DAG once the dag-processor has registered it; the DAG unpaused."""
        wait_for(f"the dag-processor to register {dag_id}",
                 lambda: self.http.get(f"/api/v2/dags/{dag_id}").status_code == 200, timeout, self.logs)
        run_id = self._ok(self.http.post(f"/api/v2/dags/{dag_id}/dagRuns", json={"logical_date": None}))["dag_run_id"]
        self._ok(self.http.patch(f"/api/v2/dags/{dag_id}", json={"is_paused": False}))
        return run_id

    def state(self, dag_id: str, run_id: str) -> str:
        return self._ok(self.http.get(f"/api/v2/dags/{dag_id}/dagRuns/{run_id}"))["state"]

    def task_instances(self, dag_id: str, run_id: str) -> list[dict]:
        """Every task instance of the run, page by page: the api-server returns at most
        `[api] maximum_page_limit` (100) whatever limit is asked."""
        tasks: list[dict] = []
        while True:
            page = self._ok(self.http.get(f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances",
                                          params={"limit": 100, "offset": len(tasks)}))
            tasks += page["task_instances"]
            if not page["task_instances"] or len(tasks) >= page["total_entries"]:
                return tasks

    def wait(self, dag_id: str, run_id: str, timeout: float = 900, until_task: str | None = None,
             every_poll: Callable[[], None] = lambda: None) -> str:
        """The run's final state; or, with `until_task`, "success" as soon as every instance of
        that task succeeded (the run goes on), "failed" when the run failed before.
        `every_poll` is called before each look (a benchmark's sampler)."""
        def finished() -> str | None:
            every_poll()
            state = self.state(dag_id, run_id)
            if state in ("success", "failed"):
                return state
            if until_task:
                tasks = [t for t in self.task_instances(dag_id, run_id) if t["task_id"] == until_task]
                if tasks and all(t["state"] == "success" for t in tasks):
                    return "success"
            return None

        return wait_for(f"the run {run_id}", finished, timeout, self.logs)

    def asset_events(self, dag_id: str) -> list[dict]:
        return self._ok(self.http.get("/api/v2/assets/events", params={"source_dag_id": dag_id}))["asset_events"]


@dataclass
class Cluster:
    env: dict[str, str]
    api: str
    logs: list[Path]
    processes: dict[str, subprocess.Popen]  # by component: api-server, scheduler, ..., each worker
    _stack: ExitStack

    def client(self) -> Client:
        """A client of the api-server, logged in."""
        client = Client(self._stack.enter_context(httpx.Client(base_url=self.api, timeout=30)), self.logs)
        client.login()
        return client


@contextmanager
def cluster(root: Path, env: dict[str, str] | None = None, workers: Sequence[str] = ("worker-1", "worker-2"),
            concurrency: int = 1, timeout: float = 180) -> Iterator[Cluster]:
    """The cluster with `workers` Celery workers of `concurrency` task slots each, its Airflow
    home and logs in `root` (an existing folder of the caller's); `env` is added to every
    component's environment last (the project's REPORTS_* settings, or an Airflow setting to
    try instead of the project's). Yields once the api-server answers."""
    logs = root / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    home = root / "airflow_home"
    home.mkdir(exist_ok=True)
    passwords = home / "passwords.json"
    passwords.write_text(json.dumps({USER: PASSWORD}))
    with ExitStack() as stack:
        # Both servers start at once: initdb takes seconds Redis need not wait for.
        with ThreadPoolExecutor(2) as pool:
            pg, rd = pool.submit(stack.enter_context, postgres()), pool.submit(stack.enter_context, redis(logs))
            postgres_url, redis_url = pg.result(), rd.result()
        api_port = free_port()
        cluster_env = {**os.environ, **airflow_env(home, postgres_url, redis_url, api_port, passwords),
                       **(env or {})}
        # The project's own setup: Airflow's metadata database and the writer pool.
        setup = subprocess.run([sys.executable, "-m", "extract.airflow_setup"], env=cluster_env, cwd=root,
                               capture_output=True, text=True, timeout=600)
        if setup.returncode:
            raise ClusterError(f"python -m extract.airflow_setup failed:\n{(setup.stdout + setup.stderr)[-3000:]}")
        components = _components(cluster_env, workers, concurrency)
        processes = stack.enter_context(_processes(components, logs))
        component_logs = [logs / f"{name}.log" for name in components]
        api = f"http://127.0.0.1:{api_port}"
        with httpx.Client(base_url=api, timeout=10) as probe:
            wait_for("the api-server", lambda: probe.get("/api/v2/monitor/health").status_code == 200, timeout,
                     component_logs)
        yield Cluster(cluster_env, api, component_logs, processes, stack)
