# Image for every Airflow component of docker-compose.yml: the official Airflow image plus
# this project's pinned stack, so the DAG imports `extract` exactly as on a developer machine.
FROM apache/airflow:3.3.2-python3.11

USER airflow
WORKDIR /opt/airflow/project
COPY --chown=airflow:root requirements.txt constraints.txt ./
RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt

COPY --chown=airflow:root . .
RUN pip install --no-cache-dir --no-deps -e .
