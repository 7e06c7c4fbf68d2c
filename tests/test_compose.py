"""Structure of the production deployment: docker-compose.yml, Dockerfile and .dockerignore.

The development machines have no Docker engine, so the stack is never started here. These
tests parse the files and check what would otherwise only fail at `docker compose up`: the
Airflow 3 components and their start order, the metadata database, the executor switch, the
mounts the pipeline's REPORTS_* settings point into, and an image built on the Airflow that
requirements.txt pins. If a compose CLI is installed, it also validates the file.
"""
from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml
from packaging.specifiers import SpecifierSet

PROJECT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = PROJECT / "docker-compose.yml"
COMPOSE_TEXT = COMPOSE_FILE.read_text(encoding="utf-8")
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SERVICES = COMPOSE["services"]
COMMON = COMPOSE["x-airflow-common"]
COMMON_ENV = COMMON["environment"]
DOCKERFILE = (PROJECT / "Dockerfile").read_text(encoding="utf-8")

PROJECT_MOUNT = "/opt/airflow/project"
CORE_AIRFLOW = ("airflow-init", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
                "airflow-triggerer")
CELERY_ONLY = ("redis", "airflow-worker")
# Everything that runs the project's image (flower is optional).
AIRFLOW_SERVICES = CORE_AIRFLOW + ("airflow-worker",) + (("flower",) if "flower" in SERVICES else ())
LONG_RUNNING = tuple(name for name in AIRFLOW_SERVICES if name != "airflow-init")
SECRET_VARS = ("AIRFLOW__CORE__FERNET_KEY", "AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW__API__SECRET_KEY")
# What an operator's .env provides; the compose file refuses to start without it.
OPERATOR_ENV = {
    "AIRFLOW_UID": "1000",
    "AIRFLOW_FERNET_KEY": "ZmRnZmRnZmRnZmRnZmRnZmRnZmRnZmRnZmRnZmRnZmQ=",
    "AIRFLOW_JWT_SECRET": "jwt-secret-for-tests",
    "AIRFLOW_API_SECRET_KEY": "api-secret-for-tests",
    "AIRFLOW_ADMIN_PASSWORD": "admin-password-for-tests",
}


class MissingVariable(LookupError):
    pass


_VARIABLE = re.compile(r"\$(?:(\$)|\{(\w+)(?:(:?[-?])([^}]*))?\}|(\w+))")


def interpolate(value, env: dict[str, str]) -> str:
    """Compose's variable substitution: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
    ${VAR:?error}, ${VAR?error} and $$ for a literal dollar."""
    def substitute(match: re.Match) -> str:
        if match.group(1):
            return "$"
        name = match.group(2) or match.group(5)
        op, arg = match.group(3), match.group(4)
        current = env.get(name)
        if op == ":-":
            return current if current else arg
        if op == "-":
            return arg if current is None else current
        if op in (":?", "?") and (current is None or (op == ":?" and current == "")):
            raise MissingVariable(f"{name}: {arg}")
        return current or ""

    return _VARIABLE.sub(substitute, str(value))


def env_of(service: str, env: dict[str, str] | None = None) -> dict[str, str]:
    operator_env = OPERATOR_ENV if env is None else env
    return {key: interpolate(value, operator_env) for key, value in SERVICES[service]["environment"].items()}


def mounts_of(service: str) -> dict[str, str]:
    """Short-syntax mounts as {container path: source}."""
    mounts = {}
    for entry in SERVICES[service]["volumes"]:
        source, target, *_mode = entry.split(":")
        mounts[target] = source
    return mounts


def is_named_volume(source: str) -> bool:
    return not source.startswith((".", "/", "~", "$"))


def volume_holding(service: str, path: str) -> str:
    """The mount source whose target is the deepest directory containing `path`."""
    path = PurePosixPath(path)
    targets = [t for t in mounts_of(service) if path == PurePosixPath(t) or PurePosixPath(t) in path.parents]
    assert targets, f"{path} is on no volume of {service}"
    return mounts_of(service)[max(targets, key=len)]


def pinned(requirements: Path, package: str) -> str:
    match = re.search(rf"^{re.escape(package)}==(\S+)\s*$", requirements.read_text(encoding="utf-8"), re.M | re.I)
    assert match, f"{package} is not pinned with == in {requirements.name}"
    return match.group(1)


# --- docker-compose.yml -------------------------------------------------------------------

def test_header_says_it_is_not_started_here_and_how_to_run_it():
    header = "\n".join(line for line in COMPOSE_TEXT.splitlines()[:40] if line.startswith("#"))
    assert "no Docker engine" in header
    assert "tests/test_compose.py" in header
    assert "docker compose up -d" in header
    assert "docker compose --profile celery up -d" in header


def test_airflow3_services_exist():
    assert set(CORE_AIRFLOW) | set(CELERY_ONLY) | {"postgres"} <= set(SERVICES)
    # Airflow 3 has no webserver: the api-server serves the UI, REST and execution APIs.
    assert not any("webserver" in name for name in SERVICES)
    assert SERVICES["airflow-apiserver"]["command"] == "api-server"
    assert SERVICES["airflow-scheduler"]["command"] == "scheduler"
    assert SERVICES["airflow-dag-processor"]["command"] == "dag-processor"
    assert SERVICES["airflow-triggerer"]["command"] == "triggerer"
    assert SERVICES["airflow-worker"]["command"] == "celery worker"
    assert "8080:8080" in SERVICES["airflow-apiserver"]["ports"]


def test_every_airflow_service_is_built_from_the_shared_anchor():
    assert COMMON["build"]["context"] == "."
    assert (PROJECT / COMMON["build"].get("dockerfile", "Dockerfile")).is_file()
    for name in AIRFLOW_SERVICES:
        service = SERVICES[name]
        # Merged from `<<: *airflow-common`, not copied by hand.
        assert re.search(rf"^  {re.escape(name)}:\n    <<: \*airflow-common\n", COMPOSE_TEXT, re.M), name
        assert service["build"] == COMMON["build"], name
        assert service["image"] == COMMON["image"], name
        assert service["volumes"] == COMMON["volumes"], name
        # Services may add variables (the init's _AIRFLOW_*), never drop or change shared ones.
        assert service["environment"].items() >= COMMON_ENV.items(), name


def test_metadata_database_is_postgres_not_sqlite():
    for name in AIRFLOW_SERVICES:
        url = urlsplit(env_of(name)["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"])
        assert url.scheme == "postgresql+psycopg2", name
        assert url.hostname == "postgres" and url.path == "/airflow", name
    assert "sqlite" not in COMPOSE_TEXT.lower()
    postgres = SERVICES["postgres"]
    assert postgres["image"].startswith("postgres:")
    assert postgres["environment"]["POSTGRES_DB"] == "airflow"


def test_postgres_is_healthy_before_airflow_and_init_completes_first():
    assert "pg_isready" in SERVICES["postgres"]["healthcheck"]["test"]
    for name in AIRFLOW_SERVICES:
        depends_on = SERVICES[name]["depends_on"]
        assert depends_on["postgres"]["condition"] == "service_healthy", name
        if name != "airflow-init":
            assert depends_on["airflow-init"]["condition"] == "service_completed_successfully", name


def test_init_migrates_the_database_and_creates_the_admin():
    init = SERVICES["airflow-init"]
    env = env_of("airflow-init")
    assert env["_AIRFLOW_DB_MIGRATE"] == "true"
    assert env["_AIRFLOW_WWW_USER_CREATE"] == "true"
    assert env["_AIRFLOW_WWW_USER_USERNAME"] and env["_AIRFLOW_WWW_USER_PASSWORD"]
    # Runs as root to hand the named volumes to AIRFLOW_UID, then the image's entrypoint.
    assert init["user"] == "0:0"
    script = "\n".join(init["command"])
    # Then the project's own setup (extract/airflow_setup.py): the writer pool the DAG needs.
    assert "/entrypoint python -m extract.airflow_setup" in script
    for path in ("/opt/airflow/data", "/opt/airflow/logs"):
        assert path in script


def test_long_running_services_are_health_checked_and_restarted():
    for name in ("postgres",) + LONG_RUNNING + ("redis",):
        assert SERVICES[name]["healthcheck"]["test"], name
        assert SERVICES[name]["restart"] == "always", name
    assert SERVICES["airflow-init"].get("restart", "no") == "no"


def test_tasks_reach_the_execution_api_of_the_apiserver():
    url = urlsplit(env_of("airflow-scheduler")["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"])
    assert (url.hostname, url.port, url.path) == ("airflow-apiserver", 8080, "/execution/")


def test_local_executor_by_default_celery_on_request():
    executor = COMMON_ENV["AIRFLOW__CORE__EXECUTOR"]
    assert interpolate(executor, {}) == "LocalExecutor"
    assert interpolate(executor, {"AIRFLOW_EXECUTOR": "CeleryExecutor"}) == "CeleryExecutor"
    env = env_of("airflow-worker")
    broker = urlsplit(env["AIRFLOW__CELERY__BROKER_URL"])
    assert broker.scheme == "redis" and broker.hostname == "redis"
    backend = urlsplit(env["AIRFLOW__CELERY__RESULT_BACKEND"])
    assert backend.scheme == "db+postgresql" and backend.hostname == "postgres"
    assert SERVICES["airflow-worker"]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_redis_and_worker_only_in_the_celery_profile():
    for name in CELERY_ONLY:
        assert SERVICES[name]["profiles"] == ["celery"], name
    default = {name for name, service in SERVICES.items() if not service.get("profiles")}
    assert default == set(CORE_AIRFLOW) | {"postgres"}
    # `docker compose up -d` without profiles must not depend on a service it does not start.
    for name in default:
        assert set(SERVICES[name].get("depends_on", {})) <= default, name


def test_dags_folder_is_inside_the_mounted_project():
    mounts = mounts_of("airflow-scheduler")
    assert mounts[PROJECT_MOUNT] in (".", "./")
    dags_folder = PurePosixPath(COMMON_ENV["AIRFLOW__CORE__DAGS_FOLDER"])
    relative = dags_folder.relative_to(PROJECT_MOUNT)
    dag_file = PROJECT / relative / "reports_pipeline.py"
    assert dag_file.is_file(), f"{dag_file} is missing"
    assert re.search(r"""dag_id\s*=\s*["']reports_pipeline["']""", dag_file.read_text(encoding="utf-8"))


def test_named_volumes_are_declared():
    declared = set(COMPOSE["volumes"])
    assert {"postgres-db", "reports-inbox", "reports-warehouse"} <= declared
    assert dict(mount.split(":")[::-1] for mount in SERVICES["postgres"]["volumes"])[
        "/var/lib/postgresql/data"] == "postgres-db"
    for name, service in SERVICES.items():
        for entry in service.get("volumes", []):
            source = entry.split(":")[0]
            if is_named_volume(source):
                assert source in declared, f"{name} mounts undeclared volume {source}"


def test_reports_settings_point_into_their_volumes():
    for name in AIRFLOW_SERVICES:
        env = env_of(name)
        for var in ("REPORTS_INBOX", "REPORTS_WAREHOUSE", "REPORTS_WORK_DIR", "REPORTS_CACHE_DIR"):
            assert PurePosixPath(env[var]).is_absolute(), (name, var)
        assert volume_holding(name, env["REPORTS_INBOX"]) == "reports-inbox"
        # Publishing renames a snapshot beside the warehouse file and the build lives in the
        # work dir: both on the warehouse volume, none of it inside the checkout.
        assert volume_holding(name, env["REPORTS_WAREHOUSE"]) == "reports-warehouse"
        assert volume_holding(name, env["REPORTS_WORK_DIR"]) == "reports-warehouse"
        assert is_named_volume(volume_holding(name, env["REPORTS_CACHE_DIR"]))


def test_secrets_come_from_the_operator_and_examples_are_off():
    for var in SECRET_VARS:
        with pytest.raises(MissingVariable):
            interpolate(COMMON_ENV[var], {})
        assert interpolate(COMMON_ENV[var], OPERATOR_ENV)
    with pytest.raises(MissingVariable):
        interpolate(SERVICES["airflow-init"]["environment"]["_AIRFLOW_WWW_USER_PASSWORD"], {})
    assert COMMON_ENV["AIRFLOW__CORE__LOAD_EXAMPLES"].lower() == "false"


def test_limits_fit_a_two_core_host():
    env = env_of("airflow-scheduler")
    parallelism = int(env["AIRFLOW__CORE__PARALLELISM"])
    assert 1 <= parallelism <= 4
    assert 1 <= int(env["AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG"]) <= parallelism
    assert 1 <= int(env["AIRFLOW__CELERY__WORKER_CONCURRENCY"]) <= 4
    assert 1 <= int(env["AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES"]) <= 2
    assert 1 <= int(env["AIRFLOW__API__WORKERS"]) <= 2
    assert 30 <= int(env["AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL"]) <= 600


def _compose_cli() -> list[str] | None:
    docker = shutil.which("docker")
    if docker:
        try:
            if subprocess.run([docker, "compose", "version"], capture_output=True, timeout=30).returncode == 0:
                return [docker, "compose"]
        except (OSError, subprocess.TimeoutExpired):
            pass
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


@pytest.mark.parametrize("profiles", [[], ["celery", "flower"]], ids=["default", "celery"])
def test_compose_cli_accepts_the_file(profiles):
    """Optional: `docker compose config` parses and validates without a Docker engine."""
    cli = _compose_cli()
    if cli is None:
        pytest.skip("no docker compose / docker-compose CLI installed")
    args = [arg for profile in profiles for arg in ("--profile", profile)]
    env = {**os.environ, **OPERATOR_ENV, "AIRFLOW_EXECUTOR": "CeleryExecutor" if profiles else "LocalExecutor"}
    result = subprocess.run([*cli, "-f", str(COMPOSE_FILE), "--project-directory", str(PROJECT), *args,
                             "config", "-q"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr


# --- Dockerfile and .dockerignore ---------------------------------------------------------

def _instructions() -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1].strip())
            for line in (raw.strip() for raw in joined.splitlines())
            if line and not line.startswith("#")]


def test_image_is_the_official_airflow_pinned_in_requirements():
    froms = [arg for op, arg in _instructions() if op == "FROM"]
    assert len(froms) == 1
    match = re.fullmatch(r"apache/airflow:(?P<airflow>[\w.]+)-python(?P<python>\d+\.\d+)", froms[0])
    assert match, froms[0]
    airflow = pinned(PROJECT / "requirements.txt", "apache-airflow")
    assert match["airflow"] == airflow
    assert pinned(PROJECT / "constraints.txt", "apache-airflow") == airflow
    requires_python = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "requires-python"]
    assert SpecifierSet(requires_python).contains(f"{match['python']}.0")


def test_image_installs_pins_with_constraints_then_the_project():
    steps = _instructions()
    ops = [f"{op} {arg}" for op, arg in steps]

    def index(pattern: str) -> int:
        found = [i for i, step in enumerate(ops) if re.search(pattern, step)]
        assert found, f"no step matches {pattern!r}"
        return found[0]

    copy_pins = index(r"^COPY .*requirements\.txt.*constraints\.txt")
    install_pins = index(r"^RUN pip install --no-cache-dir -r requirements\.txt -c constraints\.txt")
    copy_project = index(r"^COPY (--chown=\S+ )?\. \.$")
    install_project = index(r"^RUN pip install .*--no-deps -e \.")
    assert copy_pins < install_pins < copy_project < install_project
    # pip runs as the airflow user, and the image is left running as it.
    users = [(i, arg) for i, (op, arg) in enumerate(steps) if op == "USER"]
    assert users and users[-1][1] == "airflow" and users[-1][0] < install_pins
    assert any(op == "WORKDIR" and arg == PROJECT_MOUNT for op, arg in steps[:install_project])


def test_image_installs_the_programs_the_formats_need():
    from extract.ingest.sandbox import PACKAGES

    installs = " ".join(arg for op, arg in _instructions() if op == "RUN" and "apt-get install" in arg)
    for package in " ".join(PACKAGES.values()).split():
        assert re.search(rf"(?<![\w-]){re.escape(package)}(?![\w-])", installs), package


def test_dockerignore_keeps_local_state_out_and_the_project_in():
    patterns = [line.strip() for line in (PROJECT / ".dockerignore").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]

    def ignored(path: str) -> bool:
        parts = PurePosixPath(path).parts
        prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
        return any(fnmatch.fnmatchcase(prefix, pattern.removeprefix("**/"))
                   or fnmatch.fnmatchcase(prefix, pattern)
                   or (pattern.startswith("**/") and fnmatch.fnmatchcase(PurePosixPath(prefix).name,
                                                                         pattern.removeprefix("**/")))
                   for prefix in prefixes for pattern in patterns)

    for path in (".git", ".env", ".venv", "warehouse/reports.duckdb", ".airflow/airflow.db",
                 "extract/__pycache__/x.pyc"):
        assert ignored(path), path
    for path in ("requirements.txt", "constraints.txt", "pyproject.toml", "dags/reports_pipeline.py",
                 "extract/__init__.py", "dbt_project/dbt_project.yml", "dbt_project/profiles.yml",
                 "expectations/gx/great_expectations.yml"):
        assert not ignored(path), path
