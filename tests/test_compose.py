"""docker-compose.yml cannot be started here (no Docker engine); its structure is checked instead."""
import re
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
AIRFLOW_SERVICES = ("airflow-init", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
                    "airflow-triggerer", "airflow-worker")
COMPOSE = yaml.safe_load((PROJECT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]


def test_official_airflow3_components_on_postgres():
    assert set(AIRFLOW_SERVICES) | {"postgres", "redis"} == set(SERVICES)
    assert SERVICES["airflow-apiserver"]["command"] == "api-server"
    assert SERVICES["airflow-dag-processor"]["command"] == "dag-processor"
    assert "pg_isready" in SERVICES["postgres"]["healthcheck"]["test"]
    for name in AIRFLOW_SERVICES:
        env = SERVICES[name]["environment"]
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://")
        assert SERVICES[name]["build"] == "." and SERVICES[name]["image"].startswith("reports-warehouse-airflow")
        assert SERVICES[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
        if name != "airflow-init":
            assert SERVICES[name]["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully"


def test_local_executor_by_default_and_celery_only_in_its_profile():
    env = SERVICES["airflow-scheduler"]["environment"]
    assert re.fullmatch(r"\$\{AIRFLOW_EXECUTOR:-LocalExecutor\}", env["AIRFLOW__CORE__EXECUTOR"])
    for name in ("redis", "airflow-worker"):
        assert SERVICES[name]["profiles"] == ["celery"]
    for name in set(SERVICES) - {"redis", "airflow-worker"}:
        assert "profiles" not in SERVICES[name]


def test_project_dags_and_data_volumes_are_mounted():
    env = SERVICES["airflow-scheduler"]["environment"]
    mounts = {m.split(":")[1]: m.split(":")[0] for m in SERVICES["airflow-scheduler"]["volumes"]}
    assert mounts["/opt/airflow/project"] == "./"
    dags = Path(env["AIRFLOW__CORE__DAGS_FOLDER"]).relative_to("/opt/airflow/project")
    assert (PROJECT / dags / "reports_pipeline.py").exists()
    assert mounts["/data/inbox"] == "reports-inbox" and mounts["/data/warehouse"] == "reports-warehouse"
    assert env["REPORTS_INBOX"] == "/data/inbox"
    assert env["REPORTS_WAREHOUSE"].startswith("/data/warehouse/")
    assert {"postgres-db", "reports-inbox", "reports-warehouse"} <= set(COMPOSE["volumes"])


def test_image_matches_the_pinned_airflow_and_installs_with_constraints():
    dockerfile = (PROJECT / "Dockerfile").read_text(encoding="utf-8")
    pinned = re.search(r"^apache-airflow==(\S+)$", (PROJECT / "requirements.txt").read_text(), re.M).group(1)
    assert re.search(rf"^FROM apache/airflow:{re.escape(pinned)}-python3\.11$", dockerfile, re.M)
    assert "-r requirements.txt -c constraints.txt" in dockerfile
