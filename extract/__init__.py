"""Chinese local-government work reports to a DuckDB warehouse: ingest, clean, parse, stage,
gate, model and publish. `extract.pipeline` holds the stage order; `python -m extract run`
and the Airflow DAG in dags/ both call it."""
