"""Gate 2: the marts must agree with what passed gate 1, or nothing is published."""
from __future__ import annotations

import duckdb

from extract.gate.gx_runner import Gate, GxProject

# What dbt cannot say of its own output: that the marts hold exactly the reports staging says
# should be published, each with all of its metrics. The expected set is worked out here from
# raw and staging (every passed report that is the latest passed revision of its source, inbox
# path or URL), not from dbt's models; keys, nulls and code lists are dbt's tests and the
# published marts' enforced contracts (dbt_project/models/marts/_marts.yml).
# (checkpoint, suite and asset name, key column, query): one row per report expected or found
# in the marts, only the columns the suite reads (fct_metric holds 300,000 rows at 10,000 reports).
_CHECKS = (
    ("marts_reconciliation", "report_id", """
        with passed as (
            select g.report_id, d.source_uri, d.ingested_at, d.content_sha256
            from staging.report_gate g
            join staging.reports r using (report_id)
            join raw.documents d on d.content_sha256 = r.content_sha256
            where g.passed
        ),
        expected as (
            select p.report_id
            from passed p
            where not exists (select 1 from passed newer
                              where newer.source_uri = p.source_uri
                                and (newer.ingested_at > p.ingested_at
                                     or (newer.ingested_at = p.ingested_at
                                         and newer.content_sha256 < p.content_sha256)))
        ),
        mart_metrics as (
            select report_id, count(*) as n from marts.fct_metric group by report_id
        ),
        staging_metrics as (
            select report_id, count(*) as n from staging.metrics group by report_id
        ),
        reports as (
            select report_id from expected
            union select report_id from marts.dim_report
            union select report_id from mart_metrics
        )
        select r.report_id,
               r.report_id in (select report_id from expected) as latest_passed,
               r.report_id in (select report_id from marts.dim_report) as in_dim_report,
               coalesce(s.n, 0) as staging_metrics,
               coalesce(m.n, 0) as mart_metrics
        from reports r
        left join staging_metrics s using (report_id)
        left join mart_metrics m using (report_id)
        order by r.report_id
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
