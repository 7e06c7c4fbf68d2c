"""Gate 1: validate each newly staged report; a report that fails is quarantined, the rest go on."""
from __future__ import annotations

import logging

import duckdb
import pandas as pd

from extract import audit, builddb
from extract.gate.gx_runner import Failure, Gate, GxProject

STAGE = "gate_staging"
log = logging.getLogger(__name__)

# Derived columns turn cross-row and cross-table rules into per-row facts, so every
# expectation can point at the reports that broke it.
_REPORTS_SQL = """
select r.report_id, r.source_file, r.content_sha256, r.title, r.org_name, r.org_level,
       r.report_year, r.plan_year, r.doc_type,
       length(r.cleaned_text) as n_chars,
       (select count(*) from staging.sections s where s.report_id = r.report_id) as n_sections
from staging.reports r
where r.report_id not in (select report_id from staging.report_gate)
order by r.report_id
"""

# Only the columns the suite reads: at 10,000 reports the frame holds 300,000 metrics.
_METRICS_SQL = """
select m.metric_id, m.report_id, m.char_start, m.char_end, m.unit, m.qualifier, m.period_type,
       m.is_masked, m.value, m.raw_text,
       (m.value is null) = coalesce(m.is_masked, false) as value_null_iff_masked,
       -- inf (400 nines before 亿元) or NaN is no amount a report states: failing its report
       -- here keeps it out of the marts' sums and year-on-year changes.
       coalesce(isfinite(m.value), true) as value_is_finite,
       case when m.unit = 'percent' then m.value end as percent_value,
       substring(r.cleaned_text, m.char_start + 1, m.char_end - m.char_start) = m.raw_text
           as raw_text_at_offsets
from staging.metrics m
join staging.reports r using (report_id)
where m.report_id not in (select report_id from staging.report_gate)
order by m.report_id, m.metric_ordinal
"""


def failed_expectations_by_report(failures: list[Failure], report_ids: list[str]) -> dict[str, list[str]]:
    verdicts: dict[str, list[str]] = {rid: [] for rid in report_ids}
    for failure in failures:
        for rid in (report_ids if failure.keys is None else failure.keys):
            verdicts[rid].append(failure.expectation)
    return verdicts


def gate_staging(con: duckdb.DuckDBPyConnection, gx: GxProject, run_id: str) -> dict[str, int]:
    reports = con.execute(_REPORTS_SQL).df()
    if reports.empty:
        return {"quarantined": 0}
    metrics = con.execute(_METRICS_SQL).df()
    with Gate(gx, run_id) as checks:
        failures = checks.validate("staging_reports", reports, "report_id")
        if not metrics.empty:
            failures += checks.validate("staging_metrics", metrics, "report_id")
    verdicts = {report_id: sorted(set(failed)) for report_id, failed in
                failed_expectations_by_report(failures, list(reports["report_id"])).items()}
    checked_at = audit.now()
    gate = pd.DataFrame({  # noqa: F841 - read by DuckDB's replacement scan
        "report_id": list(verdicts),
        "passed": [not failed for failed in verdicts.values()],
        "failed_expectations": list(verdicts.values()),
    })
    identity = reports.set_index("report_id")[["source_file", "content_sha256"]].to_dict("index")
    quarantined = 0
    # One transaction: a kill mid-way must not leave a report judged failed without its
    # quarantine record (judged reports are never looked at again). The verdicts go in as one
    # statement: row-by-row upserts of 10,000 reports cost gigabytes of undo buffers.
    with builddb.transaction(con):
        con.execute(
            "insert or replace into staging.report_gate "
            "(report_id, extractor_version, passed, failed_expectations, run_id, checked_at) "
            "select g.report_id, r.extractor_version, g.passed, g.failed_expectations::varchar[], ?, ? "
            "from gate g join staging.reports r using (report_id)", [run_id, checked_at])
        for report_id, failed in verdicts.items():
            if failed:
                quarantined += 1
                reason = f"{len(failed)} staging expectation(s) failed: {', '.join(failed)}"
                log.warning("gate_staging: report %s (%s) quarantined, %s", report_id,
                            identity[report_id]["source_file"], reason)
                audit.quarantine(con, run_id, stage=STAGE, failed_expectations=failed, reason=reason,
                                 **identity[report_id])
    return {"quarantined": quarantined}
