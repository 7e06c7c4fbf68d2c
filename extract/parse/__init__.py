"""Parse: cleaned report text to report facts, sections and metrics. Pure: no I/O."""
from __future__ import annotations

from extract.parse.facts import find_title, report_facts
from extract.parse.indicator import indicator_for
from extract.parse.metrics import candidate_spans
from extract.parse.period import period_of, scope_of
from extract.parse.sections import find_sections, section_at
from extract.records import CleanedDocument, Metric, ParsedReport

# Bump whenever the output for the same input changes: the pipeline re-extracts on a new version.
EXTRACTOR_VERSION = "2026.11.24-12"
_CONTEXT_CHARS = 30
_THING_UNITS = ("count", "person", "person_time", "household")


def parse_report(doc: CleanedDocument) -> ParsedReport:
    text = doc.text
    title = find_title(text) or doc.meta.title
    sections = find_sections(text, skip_first_line=find_title(text) is not None)
    metrics = []
    previous_end, previous_indicator = 0, None
    for ordinal, span in enumerate(candidate_spans(text), 1):
        section = section_at(sections, span.start)
        # "总户数5375户12419人": a number right after another one shares its indicator.
        indicator = indicator_for(text, span.start, span.end, previous_end, span.unit in _THING_UNITS,
                                  previous_indicator) or (
            previous_indicator if text[previous_end:span.start].strip() == "" else None)
        metrics.append(Metric(
            ordinal=ordinal,
            raw_text=text[span.start:span.end],
            value=span.value,
            unit=span.unit,
            classifier=span.classifier,
            qualifier=span.qualifier,
            indicator=indicator,
            period_type=period_of(text, span.start, span.unit, section.part if section else None),
            scope=scope_of(text, span.start),
            is_masked=span.masked,
            section_path=section.path if section else None,
            char_start=span.start,
            char_end=span.end,
            context=text[max(0, span.start - _CONTEXT_CHARS):span.end + _CONTEXT_CHARS],
        ))
        previous_end, previous_indicator = span.end, indicator
    facts = report_facts(text, title, sections, doc.meta)
    return ParsedReport(cleaned_text=text, facts=facts, sections=sections, metrics=tuple(metrics))
