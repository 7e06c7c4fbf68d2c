"""Parse: cleaned report text to report facts, sections and metrics. Pure: no I/O."""
from __future__ import annotations

import re

from extract.parse.facts import report_facts
from extract.parse.indicator import indicator_for, respective_indicators, tidy
from extract.parse.measure import measure_of, words_before
from extract.parse.metrics import candidate_spans
from extract.parse.period import period_of, scope_of, sentence_before, statement_before
from extract.parse.sections import find_sections, section_finder
from extract.parse.segment import Segmented
from extract.parse.terms import term_counts
from extract.parse.title import title_line
from extract.records import CleanedDocument, Metric, ParsedReport

# Bump whenever the output for the same input changes: the pipeline re-extracts on a new version.
EXTRACTOR_VERSION = "2026.12.08-65"
_CONTEXT_CHARS = 30
_HAN = re.compile(r"[\u4e00-\u9fff]")


def parse_report(doc: CleanedDocument) -> ParsedReport:
    text = doc.text
    segmented = Segmented.of(text)  # once per report: every step below reads these words
    title_at = title_line(text)
    title = title_at[1] if title_at else None
    sections = find_sections(text, title_at)
    section_at = section_finder(sections)
    spans = candidate_spans(text, segmented)
    indicators = []
    previous_end, previous_indicator, previous_measure = 0, None, None
    for span, following in zip(spans, [*spans[1:], None]):
        # 16 处 5095.94 平米, 6支231人的…: a metric right after this one is not its object.
        adjacent = following and not text[span.end:following.start].strip()
        previous_indicator = indicator_for(segmented, span.start, span.end, span.unit, previous_end,
                                           previous_indicator, right_from=following.end if adjacent else None,
                                           same_measure=previous_measure == (span.unit, span.classifier))
        indicators.append(previous_indicator)
        # 引入1000万元以上项目7个: a threshold before a noun is part of the next figure's words.
        threshold = text.startswith("以上", span.end - 2) and _HAN.match(text, span.end)
        previous_end = previous_end if threshold else span.end
        previous_measure = (span.unit, span.classifier)
    indicators = [tidy(indicator) for indicator in
                  respective_indicators(text, [(span.start, span.end) for span in spans], indicators)]
    metrics = []
    for ordinal, (span, indicator) in enumerate(zip(spans, indicators), 1):
        section = section_at(span.start)
        sentence = sentence_before(text, span.start)
        measure, direction = measure_of(words_before(text, span.start), span.unit, text[span.start:span.end])
        if measure == "ratio" and indicator:
            # GDP增速逐季攀升,上半年3.2%: a rate its clause does not name is what its indicator says.
            measure, direction = measure_of(indicator, span.unit, text[span.start:span.end])
        metrics.append(Metric(
            ordinal=ordinal,
            raw_text=text[span.start:span.end],
            value=span.value,
            unit=span.unit,
            classifier=span.classifier,
            qualifier=span.qualifier,
            indicator=_as_written(indicator, doc.written_as),
            period_type=period_of(text, span.start, span.unit, section.part if section else None, sentence),
            scope=scope_of(statement_before(text, span.start)),
            is_masked=span.masked,
            section_path=section.path if section else None,
            char_start=span.start,
            char_end=span.end,
            context=text[max(0, span.start - _CONTEXT_CHARS):span.end + _CONTEXT_CHARS],
            measure=measure,
            direction=direction,
        ))
    facts = report_facts(text, title or doc.meta.title, sections, doc.meta, segmented)
    return ParsedReport(cleaned_text=text, facts=facts, sections=sections, metrics=tuple(metrics),
                        terms=term_counts(segmented))


def _as_written(phrase: str | None, written_as: dict[str, str]) -> str | None:
    """An indicator in the script of its report: it is the phrase the report used (the contract),
    and the phrasebook knows both scripts. Every rule above reads the simplified text."""
    return "".join(written_as.get(char, char) for char in phrase) if phrase and written_as else phrase
