"""A number's story: the published report rebuilt as the parser's record, audited by extract.explain.

The warehouse keeps everything `python -m extract explain` prints (the cleaned text, the
report's facts, its sections, every metric with its offsets), so the dashboard rebuilds the
ParsedReport from it and lets explain mark and render it: the page and the command show the
same audit, and the source file need not still be in the inbox.
"""
from __future__ import annotations

import dataclasses
import html
import re

from dashboard.queries import Connection
from extract.explain import FIELDS, mark_metrics, render
from extract.grammar import STATEMENT_END, after_last
from extract.records import Metric, ParsedReport, ReportFacts, Section

# explain's mark: ⟦span⟧#ordinal
_MARK = re.compile(r"⟦(.*?)⟧#(\d+)", re.S)


def _record(cls, row: dict, renamed: dict[str, str] | None = None):
    names = {field.name: (renamed or {}).get(field.name, field.name) for field in dataclasses.fields(cls)}
    return cls(**{field: row[column] for field, column in names.items() if column in row})


def _rows(con: Connection, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    columns = [description[0] for description in cursor.description]
    return [dict(zip(columns, values)) for values in cursor.fetchall()]


def parsed_report(con: Connection, report_id: str) -> ParsedReport:
    """The report as the parser returned it, from marts.dim_report, report_text, dim_section
    and fct_metric."""
    (report,) = _rows(con, """
        select r.*, t.cleaned_text from marts.dim_report as r join marts.report_text as t using (report_id)
        where report_id = ?""", [report_id])
    sections = _rows(con, "select * from marts.dim_section where report_id = ? order by section_ordinal",
                     [report_id])
    metrics = _rows(con, "select * from marts.fct_metric where report_id = ? order by metric_ordinal",
                    [report_id])
    return ParsedReport(
        cleaned_text=report["cleaned_text"],
        facts=_record(ReportFacts, report),
        sections=tuple(_record(Section, row, {"ordinal": "section_ordinal", "level": "section_level",
                                              "path": "section_path", "part": "section_part"})
                       for row in sections),
        metrics=tuple(_record(Metric, row, {"ordinal": "metric_ordinal"}) for row in metrics))


def audit(parsed: ParsedReport) -> str:
    """The whole report as `python -m extract explain` prints it."""
    return render(parsed)


def fields(metric: Metric) -> dict[str, object]:
    """The fields explain lists for each metric, in its order."""
    return {name: getattr(metric, name) for name in FIELDS}


def sentence(parsed: ParsedReport, metric: Metric) -> str:
    """The statement the metric was read from, marked the way explain marks it (⟦span⟧#n)."""
    marked = mark_metrics(dataclasses.replace(parsed, metrics=(metric,)))
    mark = _MARK.search(marked)
    start = after_last(STATEMENT_END, marked[:mark.start()])
    end = STATEMENT_END.search(marked, mark.end())
    return marked[start:end.end() if end else len(marked)].strip()


def highlighted(marked_sentence: str) -> str:
    """HTML of a marked sentence: the number in <mark>, its ordinal after it."""
    return _MARK.sub(lambda m: f"<mark>{m.group(1)}</mark><sup>#{m.group(2)}</sup>",
                     html.escape(marked_sentence))
