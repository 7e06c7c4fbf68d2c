"""What each page reads from the warehouse: pure functions of a DuckDB connection, no Streamlit."""
from __future__ import annotations

import duckdb
import pandas as pd

Connection = duckdb.DuckDBPyConnection


def _frame(con: Connection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


# --- Series ---------------------------------------------------------------------------------

def series_indicators(con: Connection) -> pd.DataFrame:
    """Canonical indicators that have a series figure, the most widely reported first."""
    return _frame(con, """
        select y.indicator_code, i.name_zh, i.name_en, i.unit,
               count(distinct y.org_id) as n_organizations, count(*) as n_figures
        from marts.org_year_indicator as y
        join marts.dim_indicator as i using (indicator_code)
        group by all
        order by n_organizations desc, n_figures desc, y.indicator_code""")


def series_organizations(con: Connection, indicator_code: str) -> pd.DataFrame:
    """Organisations with a figure for the indicator, with their place."""
    return _frame(con, """
        select o.org_id, o.org_name, o.org_level, o.district, o.city, o.province,
               concat_ws(' · ', o.org_name, o.district, o.city, o.province) as label
        from marts.dim_organization as o
        where o.org_id in (select org_id from marts.org_year_indicator where indicator_code = ?)
        order by o.province nulls last, o.city nulls last, o.district nulls last, o.org_name""",
                  [indicator_code])


def series_points(con: Connection, indicator_code: str, org_ids: list[str]) -> pd.DataFrame:
    """Every figure of the indicator for the organisations: one row per year and measure, with
    its qualifier and the report it was read from."""
    return _frame(con, """
        select o.org_name, y.year, y.measure, y.value, y.unit, y.qualifier, y.scope,
               y.change_pct, y.metric_id, y.report_id,
               coalesce(r.title, r.source_file) as report, m.raw_text
        from marts.org_year_indicator as y
        join marts.dim_organization as o using (org_id)
        join marts.dim_report as r using (report_id)
        join marts.fct_metric as m using (metric_id)
        where y.indicator_code = ? and list_contains(?, y.org_id)
        order by o.org_name, y.year, y.measure""", [indicator_code, org_ids])


# --- Coverage -------------------------------------------------------------------------------

def organizations_by_place(con: Connection) -> pd.DataFrame:
    """Organisations and their reports per province → city → district and level."""
    return _frame(con, """
        select coalesce(province, '(unknown)') as province, coalesce(city, '(unknown)') as city,
               coalesce(district, '(unknown)') as district, org_level,
               count(*) as n_organizations, sum(n_reports)::bigint as n_reports,
               string_agg(org_name, '、' order by org_name) as organizations
        from marts.dim_organization
        group by all
        order by all""")


def organizations_by_level(con: Connection) -> pd.DataFrame:
    return _frame(con, """
        select coalesce(org_level, '(unknown)') as org_level, count(*) as n_organizations
        from marts.dim_organization group by all order by n_organizations desc, org_level""")


def reports_per_year(con: Connection) -> pd.DataFrame:
    """Published reports per year under review ('not stated' when the report does not say)."""
    return _frame(con, """
        select coalesce(report_year::varchar, 'not stated') as report_year, doc_type,
               count(*) as n_reports
        from marts.dim_report
        group by all
        order by report_year, doc_type""")


def report_coverage(con: Connection) -> pd.DataFrame:
    """Per report: its metrics, how many name a canonical indicator, and how many headline
    figures (one per indicator and measure) it gives the series."""
    return _frame(con, """
        select r.report_id, coalesce(r.title, r.source_file) as report, r.org_name, r.report_year,
               r.n_metrics,
               (select count(*) from marts.fct_metric as m
                where m.report_id = r.report_id and m.indicator_code is not null) as n_canonical,
               (select count(*) from marts.org_year_indicator as y
                where y.report_id = r.report_id) as n_headline
        from marts.dim_report as r
        order by n_headline desc, r.report_year, report""")


# --- A number's story -----------------------------------------------------------------------

def reports(con: Connection) -> pd.DataFrame:
    return _frame(con, """
        select report_id, coalesce(title, source_file) as report, org_name, report_year, n_metrics
        from marts.dim_report
        order by report_year nulls last, report""")


def report_metrics(con: Connection, report_id: str) -> pd.DataFrame:
    return _frame(con, """
        select metric_id, metric_ordinal, raw_text, indicator, indicator_code
        from marts.fct_metric where report_id = ? order by metric_ordinal""", [report_id])


def metric_report_id(con: Connection, metric_id: str) -> str | None:
    row = con.execute("select report_id from marts.fct_metric where metric_id = ?", [metric_id]).fetchone()
    return row[0] if row else None


def metric(con: Connection, metric_id: str) -> dict | None:
    """The fct_metric row with its report's title, file and organisation."""
    frame = _frame(con, """
        select m.*, coalesce(r.title, r.source_file) as report, r.source_file, r.org_name, r.report_year
        from marts.fct_metric as m join marts.dim_report as r using (report_id)
        where m.metric_id = ?""", [metric_id])
    return None if frame.empty else frame.iloc[0].to_dict()


# --- Quality --------------------------------------------------------------------------------

def latest_runs(con: Connection, limit: int = 10) -> pd.DataFrame:
    return _frame(con, """
        select run_id, trigger, status, started_at, finished_at, files_seen, ingested, extracted,
               loaded, quarantined, metrics, error
        from audit.pipeline_runs order by started_at desc limit ?""", [limit])


def stage_runs(con: Connection, run_id: str) -> pd.DataFrame:
    return _frame(con, """
        select stage, status, started_at, finished_at,
               round(epoch(finished_at - started_at), 2) as seconds, counts::varchar as counts
        from audit.stage_runs where run_id = ? order by started_at""", [run_id])


def quarantine(con: Connection) -> pd.DataFrame:
    return _frame(con, """
        select source_file, stage, reason, array_to_string(failed_expectations, '; ') as failed_expectations,
               content_sha256, first_seen_at, last_seen_at
        from audit.quarantine order by last_seen_at desc, source_file""")


def unmatched_indicators(con: Connection) -> pd.DataFrame:
    return _frame(con, """
        select frequency_rank, indicator, n_metrics, n_reports, example_raw_text
        from marts.review_unmatched_indicators order by frequency_rank""")
