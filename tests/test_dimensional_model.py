"""The analyst-facing model: dimensions, canonical indicators and year-on-year change, built by
the real dbt project and read from the published warehouse."""
import csv
import shutil

import duckdb
import opencc
import pytest

from extract import builddb
from extract.model.dbt_build import dbt_command
from extract.settings import PROJECT_ROOT

from conftest import copy_build, run_cli

pytestmark = pytest.mark.integration

SEEDS = PROJECT_ROOT / "dbt_project" / "seeds"


def _seed(name: str) -> list[dict]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _report(year: int, revenue_wan: int, petitions: int) -> str:
    return (f"城东街道{year}年工作总结\n一、{year}年工作总结\n"
            f"全年完成一般公共预算收入{revenue_wan}万元,同比增长5%。受理信访件{petitions}件。\n")


def test_canonical_indicator_seed_covers_the_headlines_and_declares_their_units():
    indicators = {row["indicator_code"]: row for row in _seed("canonical_indicators")}
    phrasings = {row["phrase"]: row["indicator_code"] for row in _seed("indicator_phrases")}
    units = {row["unit"] for row in _seed("units")}
    assert len(indicators) >= 150 and set(phrasings.values()) <= set(indicators)
    assert {row["unit"] for row in indicators.values()} <= units
    assert {phrasings[p] for p in ("一般公共预算收入", "地方财政一般预算收入", "地方一般公共预算收入")} == \
        {"general_public_budget_revenue"}
    # Different measures of the same money are different codes, each in yuan.
    family = {phrasings[p] for p in ("财政总收入", "镇级财政收入", "一般公共预算收入", "地區生產總值")}
    assert len(family) == 4 and phrasings["一般公共预算总收入"] == phrasings["财政总收入"]
    assert phrasings["城镇居民可支配收入"] == phrasings["城镇居民人均可支配收入"]  # 人均 is understood
    assert phrasings["两税"] == phrasings["税收"]  # 广东's towns: 两税入库, VAT and income tax collected and all(indicators[code]["unit"] == "CNY" for code in family)


def test_every_phrasing_has_its_traditional_twin():
    """Indicators keep the script their report wrote them in, so a phrasing in simplified
    characters finds nothing in a traditional report without its twin."""
    to_simplified, to_traditional = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    phrasings = {row["phrase"] for row in _seed("indicator_phrases")}
    twins = {to_simplified.convert(phrase) for phrase in phrasings if to_simplified.convert(phrase) != phrase}
    lacking = sorted(phrase for phrase in phrasings
                     if to_traditional.convert(phrase) != phrase == to_simplified.convert(phrase) and phrase not in twins)
    assert lacking == []


def test_year_on_year_change_per_organisation_and_canonical_indicator(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "2022.txt").write_text(_report(2022, 3000, 40), encoding="utf-8")
    (inbox / "2023.txt").write_text(_report(2023, 3300, 30), encoding="utf-8")
    warehouse = tmp_path / "wh" / "reports.duckdb"
    done = run_cli("run", "--inbox", str(inbox), "--warehouse", str(warehouse))
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(warehouse), read_only=True) as con:
        orgs = con.execute("select org_name, org_level, n_reports from marts.dim_organization").fetchall()
        revenue = con.execute(
            "select year, value, previous_value, change, change_pct from marts.org_year_indicator "
            "where indicator_code = 'general_public_budget_revenue' and measure = 'level' order by year").fetchall()
        growth = con.execute(
            "select year, value, unit, previous_value from marts.org_year_indicator "
            "where indicator_code = 'general_public_budget_revenue' and measure = 'change' order by year").fetchall()
        petitions = con.execute(
            "select year, value, change from marts.org_year_indicator "
            "where indicator_code = 'petitions_handled' and measure = 'level' order by year").fetchall()
        codes = con.execute("select count(*) from marts.fct_metric f left join marts.dim_indicator i "
                            "using (indicator_code) where f.indicator_code is not null and i.name_zh is null").fetchone()
        units = {r[0] for r in con.execute("select unit from marts.dim_unit").fetchall()}
    assert orgs == [("城东街道", "街道", 2)]
    assert revenue == [(2022, 30_000_000.0, None, None, None), (2023, 33_000_000.0, 30_000_000.0, 3_000_000.0, 10.0)]
    assert growth == [(2022, 5.0, "percent", None), (2023, 5.0, "percent", None)]  # a rate is no level
    assert petitions == [(2022, 40.0, None), (2023, 30.0, -10.0)]
    assert codes == (0,) and {"CNY", "percent", "count"} <= units


def test_one_organisation_written_three_ways_is_one_series_with_signed_growth_rates(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    reports = {  # its city and district, its government, and in traditional characters
        "2021.txt": "珠海市斗门区2021年工作总结\n一、2021年工作回顾\n全区一般公共预算收入30亿元,同比增长8.5%。\n",
        "2022.txt": "斗门区人民政府2022年工作总结\n一、2022年工作回顾\n全区一般公共预算收入28.5亿元,同比下降5%。"
                    "1-6月,一般公共预算收入12亿元。\n",
        "2023.txt": "斗門區2023年工作總結\n一、2023年工作回顧\n全區一般公共預算收入31.35億元,同比增長10%。\n",
    }
    for name, text in reports.items():
        (inbox / name).write_text(text, encoding="utf-8")
    warehouse = tmp_path / "wh" / "reports.duckdb"
    done = run_cli("run", "--inbox", str(inbox), "--warehouse", str(warehouse))
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(warehouse), read_only=True) as con:
        orgs = con.execute("select org_id, org_name, district, city, division_code, n_reports "
                           "from marts.dim_organization").fetchall()
        report_orgs = con.execute("select distinct org_id from marts.dim_report").fetchall()
        series = con.execute(
            "select year, measure, value, unit from marts.org_year_indicator "
            "where indicator_code = 'general_public_budget_revenue' order by measure, year").fetchall()
    assert [row[1:] for row in orgs] == [("斗门区", "斗门区", "珠海市", "440403", 3)]
    assert report_orgs == [(orgs[0][0],)]
    # The half-year figure of 2022 is not that year's value; the fall is signed.
    assert series == [(2021, "change", 8.5, "percent"), (2022, "change", -5.0, "percent"),
                      (2023, "change", 10.0, "percent"), (2021, "level", 3.0e9, "CNY"),
                      (2022, "level", 2.85e9, "CNY"), (2023, "level", 3.135e9, "CNY")]


def test_unmatched_phrasings_are_listed_for_curators(published):
    with duckdb.connect(str(published.warehouse), read_only=True) as con:
        unmatched = con.execute("select indicator, n_metrics from marts.review_unmatched_indicators "
                                "order by frequency_rank").fetchall()
        matched = con.execute("select count(*) from marts.fct_metric where indicator_code is not null").fetchone()[0]
        total = con.execute("select count(*) from marts.fct_metric where indicator is not null").fetchone()[0]
    assert matched > 0 and matched + sum(n for _, n in unmatched) == total
    counts = [n for _, n in unmatched]
    assert counts == sorted(counts, reverse=True)


def test_dbt_unit_tests_pass(modelled, tmp_path):
    # Loads leave the unit tests out (they test SQL, not data); here they run, all of them.
    settings, _ = copy_build(modelled, tmp_path)
    result = dbt_command(["test", "--select", "test_type:unit"], settings.dbt_project_dir, settings.build_db,
                         settings.work_dir)
    assert result.exception is None and result.success
    # The project's on-run-end hook (drop_retired_models) reports as an operation: no test.
    ran = {r.node.resource_type for r in result.result} - {"operation"}
    assert len(result.result) >= 2 and ran == {"unit_test"}


def _rows(build_db, schema: str, tables: tuple[str, ...], columns: str = "*") -> dict[str, list[tuple]]:
    # Read-write like dbt: DuckDB refuses a second in-process connection in another mode.
    with builddb.session(build_db) as con:
        return {table: con.execute(f"select {columns} from {schema}.{table} order by all").fetchall()
                for table in tables}


def _matched(build_db) -> dict[str, list[tuple]]:
    return _rows(build_db, "intermediate", ("int_section_topics", "int_metric_indicator_codes"),
                 "* exclude (extracted_at)")


def test_incremental_matching_equals_a_full_rebuild(modelled, tmp_path):
    settings, _ = copy_build(modelled, tmp_path)
    full = _matched(settings.build_db)
    reports = sorted({row[0] for row in full["int_section_topics"]})
    assert len(reports) >= 2
    with builddb.session(settings.build_db) as con:
        # One report never matched, another matched for an older extraction of it.
        for table in ("int_section_topics", "int_metric_indicator_codes"):
            con.execute(f"delete from intermediate.{table} where report_id = ?", [reports[0]])
            con.execute(f"update intermediate.{table} set extracted_at = extracted_at - interval 1 day, "
                        f"{'topic_code' if table == 'int_section_topics' else 'indicator_code'} = null "
                        "where report_id = ?", [reports[1]])
    _build(settings, "int_section_topics", "int_metric_indicator_codes")
    assert _matched(settings.build_db) == full


def _build(settings, *models: str, project_dir=None):
    result = dbt_command(["build", "--select", *models, "--exclude-resource-type", "unit_test"],
                         project_dir or settings.dbt_project_dir, settings.build_db, settings.work_dir)
    assert result.exception is None and result.success


def _marts(build_db) -> dict[str, list[tuple]]:
    return _rows(build_db, "marts", ("fct_metric", "report_text"))


def test_incremental_marts_equal_a_full_rebuild(modelled, tmp_path):
    settings, _ = copy_build(modelled, tmp_path)
    full = _marts(settings.build_db)
    reports = sorted({row[0] for row in full["report_text"]})
    with builddb.session(settings.build_db) as con:
        coded = con.execute("select min(report_id) from marts.fct_metric where indicator_code is not null "
                            "and report_id not in (?, ?, ?)", reports[:3]).fetchone()[0]
        for table, column in (("fct_metric", "raw_text"), ("report_text", "cleaned_text")):
            # A report not built yet, one built from an older extraction of it, and rows of a
            # report no longer published (a superseded revision).
            con.execute(f"delete from marts.{table} where report_id = ?", [reports[0]])
            con.execute(f"update marts.{table} set extracted_at = extracted_at - interval 1 day, {column} = 'stale' "
                        "where report_id = ?", [reports[1]])
            # Its own ids, as another revision's: fct_metric's contract keeps metric_id unique.
            ids = ", 'superseded-' || metric_id as metric_id" if table == "fct_metric" else ""
            con.execute(f"insert into marts.{table} select * replace ('superseded' as report_id{ids}) "
                        f"from marts.{table} where report_id = ?", [reports[2]])
        # The phrasings seed changed since the report's metrics were written.
        con.execute("update marts.fct_metric set indicator_code = null where report_id = ?", [coded])
    _build(settings, "fct_metric", "report_text")
    assert _marts(settings.build_db) == full


def test_marts_built_before_incremental_loads_are_rebuilt_whole(modelled, tmp_path):
    settings, _ = copy_build(modelled, tmp_path)
    full = _marts(settings.build_db)
    with builddb.session(settings.build_db) as con:
        for table in ("fct_metric", "report_text"):
            for column in ("extracted_at", "model_version"):
                con.execute(f"alter table marts.{table} drop column {column}")
            ids = ", metric_id = 'stale-' || metric_id" if table == "fct_metric" else ""
            con.execute(f"update marts.{table} set report_id = 'stale'{ids}")
    _build(settings, "fct_metric", "report_text")
    assert _marts(settings.build_db) == full


def test_an_edit_of_upstream_sql_rewrites_every_row(modelled, tmp_path):
    settings, _ = copy_build(modelled, tmp_path)
    project = tmp_path / "dbt_project"
    shutil.copytree(settings.dbt_project_dir, project, ignore=shutil.ignore_patterns("target", "logs"))
    staging = project / "models" / "staging" / "stg_metrics.sql"
    staging.write_text(staging.read_text(encoding="utf-8").replace("    context,\n", "    'edited' as context,\n"),
                       encoding="utf-8")
    _build(settings, "+fct_metric", project_dir=project)
    with builddb.session(settings.build_db) as con:
        assert con.execute("select distinct context from marts.fct_metric").fetchall() == [("edited",)]
