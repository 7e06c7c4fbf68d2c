"""`python -m extract.airflow_ui [--port N] [--home DIR]`: Airflow's UI with the project's DAG on this
machine (`make airflow`). SQLite metadata in DIR, the api-server on 127.0.0.1 only, the login
printed, each component's output in DIR/logs; Ctrl-C (or SIGTERM) stops every process it started.

Not `airflow standalone`: its scheduler and triggerer serve task logs on every interface at fixed
ports (8793, 8794), which another checkout or a test on the same machine may already hold, and
its components' output would fill the terminal.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import suppress
from pathlib import Path

from extract.airflow_setup import AIRFLOW, setup
from extract.settings import PROJECT_ROOT, Settings

USER = "admin"
# The scheduler runs the tasks (LocalExecutor, which Airflow 3 runs on SQLite), the dag-processor
# parses the DAG file, the api-server serves the UI and the REST API. The api-server reads task logs
# from the files under DIR/logs, so nothing needs to serve them; and no triggerer, as no task defers.
COMPONENTS = {"api-server": ["api-server"], "scheduler": ["scheduler", "--skip-serve-logs"],
              "dag-processor": ["dag-processor"]}
START_SECONDS = 300
STOP_SECONDS = 30
# A proxy set in the environment must not stand between this process and the local api-server.
LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def password_file(home: Path) -> Path:
    """Where the simple auth manager keeps the password it generated for USER on the first start."""
    return home / "simple_auth_manager_passwords.json.generated"


def airflow_env(home: Path, port: int) -> dict[str, str]:
    # Every component signs or checks the tokens of the UI and of the tasks with one secret; an
    # airflow.cfg older than Airflow 3 has none, and each process would then draw its own. A new one
    # at each start: a restart only asks the browser to log in again.
    secret = secrets.token_urlsafe(32)
    return {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        # The executor forks as many workers as this allows when it starts, 32 by default: one per
        # core for the parse tasks, while the tasks that write the build database take turns in
        # their pool.
        "AIRFLOW__CORE__PARALLELISM": str(os.cpu_count() or 1),
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        # Tasks report to the execution API under the base URL, not the default port 8080.
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        "AIRFLOW__API_AUTH__JWT_SECRET": secret,
        "AIRFLOW__API__SECRET_KEY": secret,
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{USER}:admin",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(password_file(home)),
        # Runs start when someone triggers one: unpausing the DAG to trigger it must not also
        # start the daily run.
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
        # The first parse lists the dbt project (`dbt ls`, cached by cosmos after), which outlasts
        # Airflow's 30 s on a busy two-core machine.
        "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "180",
        "AIRFLOW__DAG_PROCESSOR__DAG_FILE_PROCESSOR_TIMEOUT": "240",
        # A task's supervisor may see that its task has ended only at its next wake-up, up to
        # this many seconds later: 5 by default, longer than most tasks of this DAG take.
        "AIRFLOW__WORKERS__MIN_HEARTBEAT_INTERVAL": "1",
        # An idle scheduler looks for tasks to queue every second by default: a run of this
        # DAG's forty short tasks one after another waited half a second before each (25 s of
        # the 131 s of a run on the Celery cluster of the tests).
        "AIRFLOW__SCHEDULER__SCHEDULER_IDLE_SLEEP_TIME": "0.2",
    }


def port_taken(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def launch(name: str, args: list[str], env: dict[str, str], logs: Path) -> subprocess.Popen:
    logs.mkdir(parents=True, exist_ok=True)
    with (logs / f"{name}.log").open("w") as log:
        # A session of its own: Ctrl-C reaches this process alone, which stops the component and
        # everything it started (stop).
        return subprocess.Popen([AIRFLOW, *args], env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)


def check_running(processes: dict[str, subprocess.Popen], logs: Path) -> None:
    for name, process in processes.items():
        if process.poll() is not None:
            raise SystemExit(f"the {name} stopped (exit {process.returncode}): see {logs / f'{name}.log'}")


def wait_until_serving(url: str, processes: dict[str, subprocess.Popen], logs: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        check_running(processes, logs)
        with suppress(OSError):
            with LOCAL.open(f"{url}/api/v2/monitor/health", timeout=5):
                return
        time.sleep(1)
    raise SystemExit(f"no answer from the api-server in {START_SECONDS} s: see {logs / 'api-server.log'}")


def banner(url: str, home: Path) -> str:
    # Airflow writes the file as the umask allows; like airflow.cfg, it is for its owner only.
    password_file(home).chmod(0o600)
    password = json.loads(password_file(home).read_text())[USER]
    settings = Settings.from_env()
    return "\n".join([
        f"Airflow UI: {url}",
        f"  login: user {USER}, password {password}   (kept in {password_file(home)})",
        f"  DAG reports_pipeline reads {settings.inbox} and publishes {settings.warehouse};",
        "  it runs when triggered (its daily schedule is off here) and is listed once parsed (a minute at first)",
        f"  logs: {home / 'logs'} (api-server.log, scheduler.log, dag-processor.log; task logs in the UI)",
        "Ctrl-C stops it.",
    ])


def stop(processes: dict[str, subprocess.Popen]) -> None:
    # A second Ctrl-C must not leave the components half stopped: the wait below is bounded.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    print("stopping Airflow ...", flush=True)
    for process in processes.values():
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes.values():
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
    # A task runs in a process group of its own, but in its component's session: what is left of
    # the sessions (a task the scheduler did not stop in time, its workers) goes too.
    sessions = {process.pid for process in processes.values()}
    for pid in (int(name) for name in os.listdir("/proc") if name.isdigit()):
        with suppress(OSError):
            if os.getsid(pid) in sessions:
                os.kill(pid, signal.SIGKILL)
    print("stopped.", flush=True)


def serve(env: dict[str, str], url: str, home: Path) -> None:
    """Start the components, print the login once the UI answers, and run until Ctrl-C or until
    one of them stops."""
    logs, processes = home / "logs", {}
    try:
        for name, args in COMPONENTS.items():
            processes[name] = launch(name, args, env, logs)
        wait_until_serving(url, processes, logs)
        print(banner(url, home), flush=True)
        while True:
            check_running(processes, logs)
            time.sleep(1)
    finally:
        stop(processes)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m extract.airflow_ui", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--home", type=Path, default=PROJECT_ROOT / ".airflow", help="AIRFLOW_HOME")
    args = parser.parse_args(argv)
    home, url = args.home.resolve(), f"http://127.0.0.1:{args.port}"
    if port_taken(args.port):
        raise SystemExit(f"port {args.port} is taken: choose another (make airflow AIRFLOW_PORT=8081)")
    # `kill` stops it as Ctrl-C does, and so does SIGINT when a shell started it in the background.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.default_int_handler)
    env = airflow_env(home, args.port)
    print(f"starting Airflow in {home} ...", flush=True)
    try:
        setup(env)
        serve(env, url, home)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
