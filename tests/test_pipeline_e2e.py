"""The CLI over the sample reports, checked through the published contract tables."""
import json
import re
import shutil

import duckdb
import pytest

from extract import pipeline
from extract.evaluate import read_reports
from extract.model.dbt_build import run_artifacts
from extract.publish.docs import data_docs, dbt_docs
from extract.scoring import predictions, score_warehouse, scorer

from conftest import GOLD, HELD_BACK, SEEDS, copy_run, file_digest, run_cli

pytestmark = pytest.mark.integration

DIM_REPORT_COLUMNS = {"report_id", "source_file", "title", "org_name", "report_year", "plan_year",
                      "published_date", "doc_type", "content_sha256"}
FCT_METRIC_COLUMNS = {"metric_id", "report_id", "raw_text", "value", "unit", "classifier", "qualifier",
                      "indicator", "period_type", "scope", "is_masked", "section_path"}


def _columns(con, table):
    schema, name = table.split(".")
    return {r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
        [schema, name]).fetchall()}


def _snapshot(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return (con.execute("select * from marts.dim_report order by report_id").fetchall(),
                con.execute("select * from marts.fct_metric order by metric_id").fetchall())


def test_contract_tables_hold_every_sample_report(published):
    with duckdb.connect(str(published.warehouse), read_only=True) as con:
        assert DIM_REPORT_COLUMNS <= _columns(con, "marts.dim_report")
        assert FCT_METRIC_COLUMNS <= _columns(con, "marts.fct_metric")
        files = {r[0] for r in con.execute("select source_file from marts.dim_report").fetchall()}
        assert files == {p.name for p in SEEDS.iterdir()}
        per_report = dict(con.execute(
            "select r.source_file, count(m.metric_id) from marts.dim_report r "
            "left join marts.fct_metric m using (report_id) group by 1").fetchall())
        assert all(n >= 10 for n in per_report.values()), per_report
        masked = con.execute("select count(*), count(value) from marts.fct_metric where is_masked").fetchone()
        assert masked[0] > 0 and masked[1] == 0
        runs = con.execute("select status, loaded, metrics from audit.pipeline_runs").fetchall()
        assert runs and runs[-1][0] == "succeeded" and runs[-1][1] == 5


@pytest.mark.smoke  # the fast tier's one run end to end
def test_published_warehouse_scores_against_gold(published):
    summary = score_warehouse(GOLD, published.warehouse)[0]
    assert summary["f1"] >= 0.85, summary
    assert summary["org_acc"] == 1.0 and summary["year_acc"] == 1.0, summary
    # Read as the scorer reads it, unordered: twin figures pair up as the parser states them
    # only when fct_metric is stored in reading order.
    parsed = scorer.score(scorer.load_gold(str(GOLD)), *predictions(read_reports(SEEDS)))[0]
    assert (summary["period_acc"], summary["indicator_acc"]) == (parsed["period_acc"], parsed["indicator_acc"])
    assert all(summary[k] == 1.0 for k in ("org_exact_acc", "plan_year_acc", "doc_type_acc")), summary


def test_docs_are_published_beside_the_warehouse(published):
    run = pipeline.summary(published, pipeline.latest_run_id(published))
    docs = published.warehouse.parent / "reports.docs"
    assert run["dbt_docs"] == docs / "dbt" / "static_index.html"
    assert run["data_docs"] == docs / "data_docs" / "index.html"
    # One self-contained page: the build's manifest (compiled SQL included) and the catalog inline.
    site = run["dbt_docs"].read_text(encoding="utf-8")
    assert '"compiled_code"' in site and "CATALOG.JSON INLINE DATA" not in site
    assert "source.reports_warehouse.staging.reports" in site and "model.reports_warehouse.fct_metric" in site
    assert run["run_id"] in run["data_docs"].read_text(encoding="utf-8")  # this run's validations
    assert docs.resolve() == docs.with_name(f".reports.docs.{run['run_id']}")
    # The model stage checked the sources, just loaded, and kept dbt's report with the run.
    with duckdb.connect(str(published.warehouse), read_only=True) as con:
        (counts,), = con.execute("select counts from audit.stage_runs where stage = 'model'").fetchall()
    assert json.loads(counts) == {"sources_warn": 0, "sources_error": 0}
    sources = json.loads((run_artifacts(published.work_dir, run["run_id"]) / "sources.json").read_text())
    assert [r["status"] for r in sources["results"]] == ["pass", "pass"]


def _docs_folder(settings):
    return (settings.warehouse.parent / "reports.docs").resolve()


def test_rerun_is_idempotent_and_adding_a_report_touches_only_it(published_but_one, tmp_path):
    settings = copy_run(published_but_one, tmp_path)  # a run over the seeds but HELD_BACK, published
    args = ["run", "--inbox", str(settings.inbox), "--warehouse", str(settings.warehouse)]
    first = _snapshot(settings.warehouse)
    published, docs = file_digest(settings.warehouse), _docs_folder(settings)

    again = run_cli(*args)
    assert again.returncode == 0, again.stderr
    assert "new documents 0" in again.stdout and re.search(r"^run \S+: succeeded", again.stdout, re.M)
    # Nothing new: nothing is rebuilt or republished, readers keep the very same file and docs.
    assert file_digest(settings.warehouse) == published
    assert _snapshot(settings.warehouse) == first
    assert _docs_folder(settings) == docs and dbt_docs(settings.warehouse) and data_docs(settings.warehouse)

    shutil.copy2(SEEDS / HELD_BACK, settings.inbox / HELD_BACK)
    assert run_cli(*args).returncode == 0
    assert _docs_folder(settings) != docs and not docs.exists()  # the new publish's docs, whole
    reports, metrics = _snapshot(settings.warehouse)
    assert len(reports) == len(first[0]) + 1
    new_id = {r[0] for r in reports} - {r[0] for r in first[0]}
    assert set(first[1]) == {m for m in metrics if m[1] not in new_id}


def test_bad_files_are_quarantined_and_the_run_goes_on(settings):
    (settings.inbox / "empty.txt").write_bytes(b"")
    (settings.inbox / "scan.pdf").write_bytes(b"%PDF-1.4 \x00\x01")
    done = run_cli("run", "--inbox", str(settings.inbox), "--warehouse", str(settings.warehouse))
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_report").fetchone()[0] == 5
        rows = dict(con.execute("select source_file, reason from audit.quarantine").fetchall())
    assert set(rows) == {"empty.txt", "scan.pdf"}
    assert "empty" in rows["empty.txt"] and "not a readable PDF" in rows["scan.pdf"]


def test_failed_run_leaves_the_published_warehouse_untouched(published, tmp_path):
    settings = copy_run(published, tmp_path)  # a run over the seeds, published
    args = ["--warehouse", str(settings.warehouse)]
    before = file_digest(settings.warehouse)
    failed = run_cli("run", "--inbox", str(tmp_path / "no-such-inbox"), *args)
    assert failed.returncode == 1
    assert "left as it was" in failed.stderr and "inbox folder" in failed.stderr
    assert file_digest(settings.warehouse) == before
    assert not [p for p in settings.warehouse.parent.iterdir() if p.name.endswith(".tmp")]
    status = run_cli("status", *args)
    assert status.returncode == 1 and "failed" in status.stdout


def test_explain_marks_every_metric():
    done = run_cli("explain", str(SEEDS / "002_444c352ad45b9e4f.txt"))
    assert done.returncode == 0, done.stderr
    assert "⟦1548万元⟧#" in done.stdout and "org_name: 清水河街道" in done.stdout


def test_a_saved_web_page_reaches_the_marts(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEEDS.parent / "pages" / "003_431919a2a8b41946.html", inbox)
    warehouse = tmp_path / "wh" / "reports.duckdb"
    done = run_cli("run", "--inbox", str(inbox), "--warehouse", str(warehouse))
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(warehouse), read_only=True) as con:
        row = con.execute("select source_file, org_name, published_date::varchar, n_metrics "
                          "from marts.dim_report").fetchall()
    assert row == [("003_431919a2a8b41946.html", "百花洲街道", "2022-02-08", 53)]


def test_a_changed_file_is_a_new_revision_and_the_marts_show_the_latest(published, tmp_path):
    settings = copy_run(published, tmp_path)  # a run over the seeds, published
    args = ["run", "--inbox", str(settings.inbox), "--warehouse", str(settings.warehouse)]
    report = settings.inbox / "002_444c352ad45b9e4f.txt"
    old_sha = file_digest(report)
    report.write_text(report.read_text(encoding="utf-8") + "\n另外,全年新建口袋公园9个。\n", encoding="utf-8")
    assert run_cli(*args).returncode == 0
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        rows = con.execute("select content_sha256, n_metrics from marts.dim_report where source_file = ?",
                           [report.name]).fetchall()
        assert con.execute("select count(*) from marts.dim_report").fetchone()[0] == 5
    assert [sha for sha, _ in rows] == [file_digest(report)] and old_sha != file_digest(report)
    with duckdb.connect(str(settings.build_db)) as con:
        revisions = con.execute("select count(*) from raw.documents where source_uri = ?", [str(report)]).fetchone()
    assert revisions == (2,)
