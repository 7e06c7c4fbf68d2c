"""Real GX suites against real staging and mart tables, broken on purpose."""
import json
import os
import shutil
import uuid
from dataclasses import replace

import duckdb
import pytest

from extract import builddb, pipeline
from extract.gate.marts_gate import MartGateFailed

from conftest import copy_build, copy_run, file_digest, run_until

pytestmark = pytest.mark.integration


def _report_ids(con):
    return dict(con.execute("select source_file, report_id from staging.reports").fetchall())


def _first_metric(where="true"):
    return f"(select min(metric_id) from staging.metrics where report_id = $rid and {where})"


PERCENT = "unit = 'percent'"

# Each case breaks one rule of the staging suites in one report, as a bad extraction would.
BREAKAGES = {
    "org_blank": ("update staging.reports set org_name = '  ' where report_id = $rid",
                  "expect_column_values_to_match_regex(org_name)"),
    "year": ("update staging.reports set report_year = 20021 where report_id = $rid",
             "expect_column_values_to_be_between(report_year)"),
    "plan_before_report": ("update staging.reports set plan_year = report_year - 1 where report_id = $rid",
                           "expect_column_pair_values_a_to_be_greater_than_b(plan_year,report_year)"),
    "unit": (f"update staging.metrics set unit = 'furlong' where metric_id = {_first_metric()}",
             "expect_column_values_to_be_in_set(unit)"),
    "unit_missing": (f"update staging.metrics set unit = null where metric_id = {_first_metric()}",
                     "expect_column_values_to_not_be_null(unit)"),
    "masked_with_value": (f"update staging.metrics set value = 1 where metric_id = {_first_metric('is_masked')}",
                          "expect_column_values_to_be_in_set(value_null_iff_masked)"),
    "value_lost": (f"update staging.metrics set value = null where metric_id = {_first_metric('not is_masked')}",
                   "expect_column_values_to_be_in_set(value_null_iff_masked)"),
    "negative": (f"update staging.metrics set value = -5 where metric_id = {_first_metric('not is_masked')}",
                 "expect_column_values_to_be_between(value)"),
    "percent": (f"update staging.metrics set value = 1e7 where metric_id = {_first_metric(PERCENT)}",
                "expect_column_values_to_be_between(percent_value)"),
    "raw_text_empty": (f"update staging.metrics set raw_text = '' where metric_id = {_first_metric()}",
                       "expect_column_value_lengths_to_be_between(raw_text)"),
    "offsets": (f"update staging.metrics set char_start = char_start + 1 where metric_id = {_first_metric()}",
                "expect_column_values_to_be_in_set(raw_text_at_offsets)"),
    "duplicate_span": ("insert into staging.metrics select * replace (metric_id || 'x' as metric_id) "
                       f"from staging.metrics where metric_id = {_first_metric()}",
                       "expect_compound_columns_to_be_unique(report_id,char_start,char_end)"),
    "duplicate_row": (f"insert into staging.metrics select * from staging.metrics where metric_id = {_first_metric()}",
                      "expect_column_values_to_be_unique(metric_id)"),
    "no_sections": ("delete from staging.sections where report_id = $rid",
                    "expect_column_values_to_be_between(n_sections)"),
}
# Only the masked template has masked metrics and 002 has no percentages; every other
# rule is broken in 002.
VICTIMS = {"masked_with_value": "001_3435210884f214c4.txt", "percent": "000_6349d843e22b4367.txt"}
PLAIN_VICTIM = "002_444c352ad45b9e4f.txt"


def _break(settings, case):
    victim_file = VICTIMS.get(case, PLAIN_VICTIM)
    with builddb.session(settings.build_db) as con:
        victim = _report_ids(con)[victim_file]
        con.execute(BREAKAGES[case][0], {"rid": victim})
    return victim_file, victim


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_each_staging_expectation_quarantines_only_the_broken_report(staged, tmp_path, case):
    settings, run_id = copy_build(staged, tmp_path)
    victim_file, victim = _break(settings, case)
    counts = pipeline.run_stage("gate_staging", settings, run_id)
    assert counts == {"quarantined": 1}
    with builddb.session(settings.build_db) as con:
        verdicts = dict(con.execute("select report_id, passed from staging.report_gate").fetchall())
        failed = con.execute("select failed_expectations from audit.quarantine "
                             "where stage = 'gate_staging' and source_file = ?", [victim_file]).fetchone()
    assert verdicts.pop(victim) is False
    assert len(verdicts) == 4 and all(verdicts.values())
    assert BREAKAGES[case][1] in failed[0]


def test_a_quarantined_report_stays_out_of_the_published_marts(staged, tmp_path):
    settings, run_id = copy_build(staged, tmp_path)
    victim_file, victim = _break(settings, "offsets")
    for name in ("gate_staging", "model", "gate_marts", "publish"):
        pipeline.run_stage(name, settings, run_id)
    with duckdb.connect(str(settings.warehouse), read_only=True) as pub:
        files = {r[0] for r in pub.execute("select source_file from marts.dim_report").fetchall()}
        orphans = pub.execute("select count(*) from marts.fct_metric where report_id = ?", [victim]).fetchone()
        quarantined = pub.execute("select source_file, stage from audit.quarantine").fetchall()
    assert victim_file not in files and len(files) == 4
    assert orphans[0] == 0
    assert quarantined == [(victim_file, "gate_staging")]


# The mart gate reconciles the marts with staging; keys and nulls are the marts' enforced
# contracts (a duplicate metric_id or report_id cannot even be inserted) and dbt's tests.
MART_BREAKAGES = {
    "missing_fact": ("delete from marts.fct_metric where metric_id = $mid",
                     "marts_reconciliation: expect_column_pair_values_to_be_equal(staging_metrics,mart_metrics)"),
    "extra_fact": ("insert into marts.fct_metric select * replace (metric_id || 'x' as metric_id) "
                   "from marts.fct_metric where metric_id = $mid",
                   "marts_reconciliation: expect_column_pair_values_to_be_equal(staging_metrics,mart_metrics)"),
    "orphan_fact": ("update marts.fct_metric set report_id = 'no-such-report' where metric_id = $mid",
                    "marts_reconciliation: expect_column_values_to_be_in_set(in_dim_report)"),
    "missing_report": ("delete from marts.dim_report where report_id = $rid",
                       "marts_reconciliation: expect_column_values_to_be_in_set(in_dim_report)"),
    "unvetted_report": ("update staging.report_gate set passed = false where report_id = $rid",
                        "marts_reconciliation: expect_column_values_to_be_in_set(latest_passed)"),
}


@pytest.mark.parametrize("case", sorted(MART_BREAKAGES))
def test_each_mart_expectation_stops_the_run(modelled, tmp_path, case):
    settings, run_id = copy_build(modelled, tmp_path)
    sql, expectation = MART_BREAKAGES[case]
    with builddb.session(settings.build_db) as con:
        rid, mid = con.execute("select report_id, min(metric_id) from marts.fct_metric "
                               "group by 1 order by 1 limit 1").fetchone()
        con.execute(sql, {k: v for k, v in {"rid": rid, "mid": mid}.items() if f"${k}" in sql})
    with pytest.raises(MartGateFailed) as failure:
        pipeline.run_stage("gate_marts", settings, run_id)
    assert any(f.startswith(expectation) for f in failure.value.failed), failure.value.failed


@pytest.mark.parametrize("sql", [
    "insert into marts.fct_metric select * from marts.fct_metric where metric_id = $mid",
    "insert into marts.dim_report select * from marts.dim_report where report_id = $rid",
    "update marts.dim_organization set org_name = null",
])
def test_the_contracted_marts_refuse_duplicate_keys_and_nulls(modelled, tmp_path, sql):
    # What the mart gate's own suites checked before the contracts: now the build database refuses it.
    settings, _ = copy_build(modelled, tmp_path)
    with builddb.session(settings.build_db) as con:
        rid, mid = con.execute("select report_id, min(metric_id) from marts.fct_metric "
                               "group by 1 order by 1 limit 1").fetchone()
        with pytest.raises(duckdb.ConstraintException):
            con.execute(sql, {k: v for k, v in {"rid": rid, "mid": mid}.items() if f"${k}" in sql})


def test_mart_gate_failure_blocks_publish_and_keeps_the_last_warehouse(published, tmp_path):
    settings = copy_run(published, tmp_path)  # a run over the seeds, published
    before = file_digest(settings.warehouse)
    (settings.inbox / "extra.txt").write_text("清水河街道2022年工作总结\n一、工作总结\n新建公园3个。\n", encoding="utf-8")
    run_id = run_until(settings, "gate_marts")
    with builddb.session(settings.build_db) as con:
        con.execute("delete from marts.fct_metric where metric_id = (select min(metric_id) from marts.fct_metric)")
    with pytest.raises(MartGateFailed) as failure:
        pipeline.run_stage("gate_marts", settings, run_id)
    assert any("expect_column_pair_values_to_be_equal(staging_metrics,mart_metrics)" in f
               for f in failure.value.failed)
    assert file_digest(settings.warehouse) == before
    # Read-write like every pipeline stage: dbt still holds the build database in this process.
    with builddb.session(settings.build_db) as con:
        status, error = con.execute("select status, error from audit.pipeline_runs where run_id = ?",
                                    [run_id]).fetchone()
    assert status == "failed" and "gate_marts" in error


def test_a_whole_run_whose_mart_gate_fails_publishes_nothing_and_leaves_no_snapshot(settings, tmp_path):
    # A whole run copies the marts into its snapshot while the gate validates them: a suite
    # that no warehouse can pass shows that the started snapshot goes when the gate fails.
    strict = tmp_path / "strict-expectations"
    shutil.copytree(settings.gx_project_dir, strict)
    suite = strict / "gx" / "expectations" / "marts_reconciliation.json"
    spec = json.loads(suite.read_text(encoding="utf-8"))
    spec["expectations"].append({"id": str(uuid.uuid4()), "kwargs": {"value": 0}, "meta": {},
                                 "severity": "critical", "type": "expect_table_row_count_to_equal"})
    suite.write_text(json.dumps(spec, ensure_ascii=False, indent=2), encoding="utf-8")
    with pytest.raises(MartGateFailed):
        pipeline.run_all(replace(settings, gx_project_dir=strict))
    assert not settings.warehouse.exists()
    assert not list(settings.warehouse.parent.glob("*.tmp"))


def _accepted_values(models_yml, model):
    import yaml

    spec = next(m for m in yaml.safe_load(models_yml.read_text(encoding="utf-8"))["models"] if m["name"] == model)
    return {column["name"]: tuple(test["accepted_values"]["arguments"]["values"])
            for column in spec["columns"] for test in column.get("data_tests", [])
            if isinstance(test, dict) and "accepted_values" in test}


def test_code_lists_agree_across_records_gx_suites_and_dbt_tests(tmp_path):
    import great_expectations as gx

    from extract import records
    from extract.gate.gx_runner import RESULTS_DIR_VARIABLE

    settings = pipeline.Settings.from_env()
    # The config names the results folder through a variable, whichever test ran before this one.
    context = gx.get_context(mode="file", project_root_dir=str(settings.gx_project_dir),
                             runtime_environment={RESULTS_DIR_VARIABLE: str(tmp_path)})
    in_set = {(suite, e.column): tuple(e.value_set)
              for suite in ("staging_metrics", "staging_reports")
              for e in context.suites.get(suite).expectations
              if e.expectation_type == "expect_column_values_to_be_in_set"}
    assert in_set[("staging_metrics", "unit")] == records.UNITS
    assert in_set[("staging_metrics", "qualifier")] == records.QUALIFIERS
    assert in_set[("staging_metrics", "period_type")] == records.PERIOD_TYPES
    assert in_set[("staging_reports", "doc_type")] == records.DOC_TYPES
    assert in_set[("staging_reports", "org_level")] == records.ORG_LEVELS
    marts_yml = settings.dbt_project_dir / "models" / "marts" / "_marts.yml"
    fct = _accepted_values(marts_yml, "fct_metric")
    assert (fct["unit"], fct["qualifier"], fct["period_type"]) == \
        (records.UNITS, records.QUALIFIERS, records.PERIOD_TYPES)
    assert _accepted_values(marts_yml, "dim_report")["doc_type"] == records.DOC_TYPES
    assert _accepted_values(marts_yml, "dim_section")["section_part"] == records.SECTION_PARTS


def test_only_the_latest_validation_runs_are_kept(tmp_path):
    from extract.gate.gx_runner import prune_results

    for number in range(5):
        run = tmp_path / "validations" / "staging_metrics" / f"run{number}"
        page = tmp_path / "data_docs" / "local_site" / "validations" / "staging_metrics" / f"run{number}"
        for folder in (run, page):
            folder.mkdir(parents=True)
        os.utime(run, (number, number))
    prune_results(tmp_path, keep_runs=2)
    kept = sorted(p.name for p in (tmp_path / "validations" / "staging_metrics").iterdir())
    pages = sorted(p.name for p in (tmp_path / "data_docs" / "local_site" / "validations" / "staging_metrics").iterdir())
    assert kept == pages == ["run3", "run4"]
