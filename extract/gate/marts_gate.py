"""Gate 2: the marts must agree with what passed gate 1, or nothing is published."""
from __future__ import annotations

import duckdb

from extract.gate.gx_runner import Gate, GxProject

_CHECKS = (
    # (checkpoint, suite and asset name, key column, query). Each query selects only the
    # columns its suite reads: fct_metric holds 300,000 rows at 10,000 reports.
    # Expected in the marts: every passed report that is the latest passed revision of its
    # source (inbox path or URL), worked out here from raw and staging, not from dbt's models.
    ("marts_reconciliation", "report_id", """
        with passed as (
            select g.report_id, d.source_uri, d.ingested_at, d.content_sha256
            from staging.report_gate g
            join staging.reports r using (report_id)
            join raw.documents d on d.content_sha256 = r.content_sha256
            where g.passed
        )
        select p.report_id,
               (select count(*) from staging.metrics m where m.report_id = p.report_id) as staging_metrics,
               (select count(*) from marts.fct_metric f where f.report_id = p.report_id) as mart_metrics,
               exists (select 1 from marts.dim_report d where d.report_id = p.report_id) as in_dim_report
        from passed p
        where not exists (select 1 from passed newer
                          where newer.source_uri = p.source_uri
                            and (newer.ingested_at > p.ingested_at
                                 or (newer.ingested_at = p.ingested_at and newer.content_sha256 < p.content_sha256)))
    """),
    ("marts_dim_report", "report_id", """
        select d.report_id, d.source_file, d.content_sha256,
               coalesce((select g.passed from staging.report_gate g where g.report_id = d.report_id), false)
                   as passed_gate
        from marts.dim_report d
    """),
    ("marts_fct_metric", "metric_id", """
        select f.metric_id, f.report_id, f.unit,
               exists (select 1 from marts.dim_report d where d.report_id = f.report_id) as has_report
        from marts.fct_metric f
    """),
)


class MartGateFailed(RuntimeError):
    """`failed`: each failed expectation and the reports whose rows broke it; `reports`: those
    reports' ids, for the operator who takes one out (`python -m extract quarantine`)."""

    def __init__(self, failed: list[str], reports: list[str]):
        self.failed, self.reports = failed, reports
        super().__init__("mart gate failed, nothing published: " + "; ".join(failed))


SHOWN = 5  # reports named per failed expectation


def gate_marts(con: duckdb.DuckDBPyConnection, gx: GxProject, run_id: str) -> dict[str, int]:
    failed, blamed = [], {}
    with Gate(gx, run_id) as checks:
        for name, key, sql in _CHECKS:
            frame = con.execute(sql).df()
            for failure in checks.validate(name, frame, key):
                if failure.keys is None:
                    failed.append(f"{name}: {failure.expectation} (the table as a whole)")
                    continue
                # Every check's rows carry their report: a failure names reports, not metric ids.
                reports = sorted(set(frame.loc[frame[key].astype(str).isin(failure.keys), "report_id"].dropna()))
                blamed.update(dict.fromkeys(reports))
                failed.append(f"{name}: {failure.expectation} in {_named(con, reports)}")
    if failed:
        raise MartGateFailed(failed, list(blamed))
    return {}


def _named(con: duckdb.DuckDBPyConnection, reports: list[str]) -> str:
    files = dict(con.execute("select report_id, any_value(source_file) from staging.reports "
                             "where report_id in (select unnest(?::varchar[])) group by 1", [reports[:SHOWN]])
                 .fetchall())
    named = [f"{rid} ({files[rid]})" if rid in files else rid for rid in reports[:SHOWN]]
    more = f" and {len(reports) - SHOWN} more" if len(reports) > SHOWN else ""
    return ("report " if len(reports) == 1 else "reports ") + ", ".join(named) + more
