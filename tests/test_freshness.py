"""The fingerprint that lets a run with nothing new skip the rebuild and the publish."""
import shutil

import pytest

from extract import audit, builddb
from extract.publish.freshness import inputs_fingerprint, last_published_fingerprint
from extract.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration


@pytest.fixture()
def project(tmp_path):
    dbt = tmp_path / "dbt_project"
    shutil.copytree(PROJECT_ROOT / "dbt_project" / "models", dbt / "models")
    suites = tmp_path / "expectations"
    shutil.copytree(PROJECT_ROOT / "expectations" / "gx" / "expectations", suites)
    con = builddb.connect(tmp_path / "build.duckdb")
    yield con, dbt, suites
    con.close()


def test_unchanged_inputs_give_the_same_fingerprint(project):
    con, dbt, suites = project
    assert inputs_fingerprint(con, dbt, suites) == inputs_fingerprint(con, dbt, suites)


def test_dbt_output_does_not_count_but_a_model_edit_does(project):
    con, dbt, suites = project
    before = inputs_fingerprint(con, dbt, suites)
    (dbt / "target").mkdir()
    (dbt / "target" / "manifest.json").write_text("{}")
    assert inputs_fingerprint(con, dbt, suites) == before
    model = next((dbt / "models").rglob("*.sql"))
    model.write_text(model.read_text() + "\n-- edited\n")
    assert inputs_fingerprint(con, dbt, suites) != before


def test_a_suite_edit_a_gate_verdict_or_a_quarantine_changes_it(project):
    con, dbt, suites = project
    seen = {inputs_fingerprint(con, dbt, suites)}
    suite = next(suites.rglob("*.json"))
    suite.write_text(suite.read_text().replace("}", " }", 1))
    seen.add(inputs_fingerprint(con, dbt, suites))
    con.execute("insert into staging.report_gate values ('r1', 'v1', true, [], 'run', now())")
    seen.add(inputs_fingerprint(con, dbt, suites))
    con.execute("update staging.report_gate set passed = false")
    seen.add(inputs_fingerprint(con, dbt, suites))
    audit.quarantine(con, "run", source_file="bad.txt", content_sha256="00", stage="ingest", reason="empty")
    seen.add(inputs_fingerprint(con, dbt, suites))
    assert len(seen) == 5


def test_only_a_succeeded_run_records_what_was_published(project):
    con, dbt, suites = project
    assert last_published_fingerprint(con) is None
    audit.start_run(con, "r1", "test")
    audit.finish_run(con, "r1", "failed", "boom", inputs_fingerprint="f1")
    assert last_published_fingerprint(con) is None
    audit.start_run(con, "r2", "test")
    audit.finish_run(con, "r2", "succeeded", inputs_fingerprint="f2")
    assert last_published_fingerprint(con) == "f2"
