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
    def __init__(self, failed: list[str]):
        self.failed = failed
        super().__init__("mart gate failed, nothing published: " + "; ".join(failed))


def gate_marts(con: duckdb.DuckDBPyConnection, gx: GxProject, run_id: str) -> dict[str, int]:
    failed = []
    with Gate(gx, run_id) as checks:
        for name, key, sql in _CHECKS:
            for failure in checks.validate(name, con.execute(sql).df(), key):
                shown = "" if failure.keys is None else f" [{', '.join(sorted(failure.keys)[:5])}]"
                failed.append(f"{name}: {failure.expectation}{shown}")
    if failed:
        raise MartGateFailed(failed)
    return {}
