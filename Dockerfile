# syntax=docker/dockerfile:1
# Image for every Airflow service in docker-compose.yml: the official Airflow image (which
# already ships psycopg2, the Postgres, Celery and FAB providers and the entrypoint that
# migrates the database) plus this project's pinned stack, so the DAG imports `extract` in
# the api-server, scheduler, dag-processor, triggerer and workers exactly as on a dev machine.
# The tag must match the apache-airflow pin in requirements.txt (tests/test_compose.py checks).
FROM apache/airflow:3.3.2-python3.11

# The formats the inbox reads beyond text, .docx and PDF: legacy Word/WPS/Excel through headless
# LibreOffice, scans and page images through Tesseract's simplified-Chinese model, PDF pages
# rendered by poppler (extract/ingest/sandbox.py names the packages). Without them those files
# are quarantined with the package to install.
USER root
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libreoffice-writer-nogui libreoffice-calc-nogui tesseract-ocr tesseract-ocr-chi-sim poppler-utils \
 && rm -rf /var/lib/apt/lists/*

# pip must run as the image's airflow user, never as root (official image docs).
USER airflow
WORKDIR /opt/airflow/project

# Dependencies in their own layer, rebuilt only when the pins change. requirements.txt pins
# apache-airflow to the image's version, so pip cannot replace the Airflow the image was built with.
COPY --chown=airflow:0 requirements.txt constraints.txt ./
RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt

# The project itself, installed editable: `extract` resolves to /opt/airflow/project/extract,
# which is also where docker-compose.yml mounts the checkout.
COPY --chown=airflow:0 . .
RUN pip install --no-cache-dir --no-deps -e . \
 && python -c "import extract.pipeline" \
 && mkdir -p /opt/airflow/data/inbox /opt/airflow/data/warehouse /opt/airflow/data/cache \
             /opt/airflow/project/expectations/gx/uncommitted \
 && chmod -R g+rwX /opt/airflow/data /opt/airflow/project/expectations/gx/uncommitted

# Back to the base image's working directory (AIRFLOW_HOME) for the entrypoint.
WORKDIR /opt/airflow
