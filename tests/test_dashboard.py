"""The dashboard's pages run by Streamlit's AppTest on the seeds' published warehouse."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from extract.explain import explain_file
from extract.publish.docs import data_docs, dbt_docs

from conftest import SEEDS

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"


@pytest.fixture(scope="module")
def warehouse(published) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REPORTS_WAREHOUSE", str(published.warehouse))
        yield published.warehouse


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def run(page: str | None = None, **query_params: str) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params.update(query_params)
    app.run()
    if page:
        app.switch_page(f"views/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def charts(app: AppTest) -> list:
    return list(app.get("vega_lite_chart"))


def chart_rows(chart) -> list[dict]:
    """The rows a Vega-Lite chart was given (Streamlit ships them as Arrow IPC)."""
    (dataset,) = chart.proto.datasets
    return pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()


def test_series_plots_the_most_reported_indicator_for_its_organisations(warehouse):
    (indicator, expected), = query(warehouse, """
        select indicator_code, list(distinct o.org_name order by o.org_name)
        from marts.org_year_indicator join marts.dim_organization as o using (org_id)
        group by 1 order by count(distinct org_id) desc, count(*) desc, 1 limit 1""")
    app = run()

    assert app.title[0].value == "Series"
    assert app.selectbox(key="indicator").value == indicator
    (levels,) = charts(app)
    assert '"line"' in levels.proto.spec
    assert sorted({row["org_name"] for row in chart_rows(levels)}) == expected
    points = app.dataframe[0].value
    assert set(points.org_name) == set(expected)
    assert {"qualifier", "report", "story"} <= set(points.columns)
    assert all(link.startswith("/story?metric=") for link in points.story)


def test_series_draws_signed_growth_rates_as_bars(warehouse):
    (indicator, org_name, value), = query(warehouse, """
        select indicator_code, o.org_name, value
        from marts.org_year_indicator join marts.dim_organization as o using (org_id)
        where measure = 'change' order by indicator_code, org_name limit 1""")
    app = run()
    app.selectbox(key="indicator").set_value(indicator).run()

    bars = [chart for chart in charts(app) if '"bar"' in chart.proto.spec]
    assert len(bars) == 1
    assert (org_name, value) in {(row["org_name"], row["value"]) for row in chart_rows(bars[0])}


def test_series_compares_the_organisations_of_one_district(warehouse):
    (indicator, district, expected), = query(warehouse, """
        select indicator_code, o.district, list(distinct o.org_id order by o.org_id)
        from marts.org_year_indicator join marts.dim_organization as o using (org_id)
        where o.district is not null group by all order by count(*) desc, 1, 2 limit 1""")
    app = run()
    app.selectbox(key="indicator").set_value(indicator).run()
    app.selectbox(key="district").set_value(district).run()

    organizations = app.multiselect[0]
    assert sorted(organizations.options) == sorted(organizations.format_func(org) for org in expected)
    assert sorted(organizations.value) == expected
    assert charts(app)


def test_coverage_counts_organisations_reports_and_headline_figures(warehouse):
    (organizations, reports, headline), = query(warehouse, """
        select (select count(*) from marts.dim_organization), (select count(*) from marts.dim_report),
               (select count(*) from marts.org_year_indicator)""")
    names = {name for (name,) in query(warehouse, "select org_name from marts.dim_organization")}
    app = run("coverage")

    assert [metric.value for metric in app.metric] == [str(organizations), str(reports), str(headline)]
    assert len(charts(app)) == 3
    places, per_report = (frame.value for frame in app.dataframe)
    assert {"province", "city", "district", "org_level"} <= set(places.columns)
    assert set("、".join(places.organizations).split("、")) == names
    assert len(per_report) == reports and per_report.n_headline.sum() == headline


def test_a_numbers_story_highlights_the_number_in_its_sentence(warehouse):
    metric_id, raw_text, section_path, source_file = query(warehouse, """
        select metric_id, raw_text, section_path, source_file
        from marts.fct_metric join marts.dim_report using (report_id)
        where indicator_code is not null and section_path is not null
        order by metric_id limit 1""")[0]
    app = run("number_story", metric=metric_id)

    assert app.selectbox[1].value == metric_id
    assert any(f"<mark>{raw_text}</mark>" in block.value for block in app.markdown)
    assert any(section_path in block.value for block in app.markdown)
    fields = app.table[0].value
    assert dict(zip(fields.field, fields.value))["raw_text"] == raw_text
    # The page's audit, rebuilt from the warehouse, is what the command prints for the file.
    assert app.code[0].value == explain_file(SEEDS / source_file)


def test_a_numbers_story_follows_the_chosen_report(warehouse):
    report_id, first_metric = query(warehouse, """
        select report_id, min(metric_id) from marts.fct_metric group by 1 order by 1 desc limit 1""")[0]
    app = run("number_story")
    app.selectbox[0].set_value(report_id).run()

    assert app.selectbox[1].value == first_metric
    assert app.query_params["metric"] == first_metric


def test_quality_shows_the_latest_run_quarantine_unmatched_and_docs(warehouse, published):
    (run_id,), = query(warehouse, "select run_id from audit.pipeline_runs order by started_at desc limit 1")
    (stages,), = query(warehouse, "select count(*) from audit.stage_runs where run_id = ?", [run_id])
    (unmatched,), = query(warehouse, "select count(*) from marts.review_unmatched_indicators")
    app = run("quality")

    text = "\n".join(block.value for block in app.markdown)
    assert run_id in text
    runs, stage_runs, unmatched_list = (frame.value for frame in app.dataframe)
    assert runs.run_id.iloc[0] == run_id and len(stage_runs) == stages
    assert len(unmatched_list) == unmatched
    assert app.success[0].value == "No file is quarantined."
    # The copies beside the published warehouse, which whoever has the published folder has too.
    assert f"**GX Data Docs**: [{data_docs(published.warehouse)}]" in text
    assert f"**dbt docs**: [{dbt_docs(published.warehouse)}]" in text


def test_every_rerun_reads_the_latest_publish_and_holds_no_lock(published, tmp_path, monkeypatch):
    copy = tmp_path / "reports.duckdb"
    shutil.copy(published.warehouse, copy)
    monkeypatch.setenv("REPORTS_WAREHOUSE", str(copy))
    app = run("coverage")
    reports = int(app.metric[1].value)

    # A read-write connection of this process would fail while the app held one open.
    with duckdb.connect(str(copy)) as con:
        con.execute("delete from marts.dim_report where report_id = (select min(report_id) from marts.dim_report)")
    app.run()
    assert int(app.metric[1].value) == reports - 1


def test_without_a_warehouse_the_app_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTS_WAREHOUSE", str(tmp_path / "missing.duckdb"))
    app = AppTest.from_file(str(APP), default_timeout=60).run()

    assert not app.exception
    assert "make run" in app.error[0].value


def test_the_dbt_exposure_names_every_mart_the_dashboard_reads():
    dashboard = APP.parent
    read = {table for source in [*dashboard.glob("*.py"), *dashboard.glob("views/*.py")]
            for table in re.findall(r"\bmarts\.(\w+)", source.read_text())}
    exposure, = yaml.safe_load((ROOT / "dbt_project" / "models" / "marts" / "exposures.yml").read_text())["exposures"]
    assert exposure["type"] == "dashboard"
    assert {re.fullmatch(r"ref\('(\w+)'\)", ref).group(1) for ref in exposure["depends_on"]} == read
