"""The documentation published beside the warehouse (dbt's static site, the GX Data Docs) and
the sources' freshness the model stage checks after each build."""
import json
import logging
import os

import duckdb
import pytest

from extract import audit, builddb, pipeline
from extract.model.dbt_build import DOCS_SITE, SOURCES_JSON, run_artifacts
from extract.publish.docs import data_docs, dbt_docs, publish_docs

from conftest import copy_build


def _sites(root, run_id):
    """A run's two sites as the pipeline leaves them in the work dir."""
    dbt = root / run_id / DOCS_SITE
    dbt.parent.mkdir(parents=True)
    dbt.write_text(f"dbt site of {run_id}")
    gx = root / run_id / "local_site"
    (gx / "validations").mkdir(parents=True)
    (gx / "index.html").write_text(f"GX index of {run_id}")
    (gx / "validations" / "page.html").write_text(run_id)
    return dbt, gx


def test_a_publish_replaces_the_docs_folder_whole(tmp_path):
    warehouse = tmp_path / "wh" / "reports.duckdb"
    warehouse.parent.mkdir()
    publish_docs(warehouse, "r1", *_sites(tmp_path, "r1"))
    assert dbt_docs(warehouse).read_text() == "dbt site of r1"
    assert data_docs(warehouse).read_text() == "GX index of r1"
    # Relative, so the published folder can be copied or moved whole.
    assert os.readlink(warehouse.parent / "reports.docs") == ".reports.docs.r1"

    killed = warehouse.parent / ".reports.docs.r2"  # a publish killed while it copied
    killed.mkdir()
    dbt_site, gx_site = _sites(tmp_path, "r3")
    dbt_site.unlink()  # this run's dbt site is missing: left out, not kept from r1
    publish_docs(warehouse, "r3", dbt_site, gx_site)
    assert dbt_docs(warehouse) is None
    assert (data_docs(warehouse).parent / "validations" / "page.html").read_text() == "r3"
    assert sorted(p.name for p in warehouse.parent.iterdir()) == [".reports.docs.r3", "reports.docs"]


@pytest.mark.integration
def test_a_stale_source_is_logged_and_counted_but_not_fatal(modelled, tmp_path, caplog):
    settings, run_id = copy_build(modelled, tmp_path)
    # A model stage on a build database whose last load is days old: staging.reports past
    # error_after (7 days), staging.report_gate past warn_after (1 day) only.
    with duckdb.connect(str(settings.build_db)) as con:
        con.execute("update staging.reports set extracted_at = extracted_at - interval 8 day")
        con.execute("update staging.report_gate set checked_at = checked_at - interval 2 day")
    # As the DAG records its model stage once its dbt tasks built the marts: the freshness
    # check and the docs site are this call's, on real dbt.
    with caplog.at_level(logging.WARNING, logger="extract"):
        pipeline.finish_stage(settings, run_id, "model", audit.now(), pipeline.document_model)

    artifacts = run_artifacts(settings.work_dir, run_id)
    statuses = {r["unique_id"]: r["status"] for r in json.loads((artifacts / SOURCES_JSON).read_text())["results"]}
    assert statuses == {"source.reports_warehouse.staging.reports": "error",
                        "source.reports_warehouse.staging.report_gate": "warn"}
    logged = {(r.levelname, r.getMessage().split(":")[0]) for r in caplog.records}
    assert {("ERROR", "source staging.reports is stale (error)"),
            ("WARNING", "source staging.report_gate is stale (warn)")} <= logged
    # Read-write, as dbt-duckdb in this process still holds the build database (pipeline.summary).
    with builddb.session(settings.build_db) as con:
        stage = con.execute("select status, counts from audit.stage_runs where run_id = ? and stage = 'model'",
                            [run_id]).fetchone()
        run_status = con.execute("select status from audit.pipeline_runs where run_id = ?", [run_id]).fetchone()
    assert (stage[0], json.loads(stage[1])) == ("succeeded", {"sources_warn": 1, "sources_error": 1})
    assert run_status == ("running",)  # not failed: the gate and the publish go on
    assert "model.reports_warehouse.fct_metric" in (artifacts / DOCS_SITE).read_text()
