"""Render one report the way an analyst audits it: cleaned text with every metric marked."""
from __future__ import annotations

from pathlib import Path

from extract.document import read_report
from extract.ingest.formats import file_text
from extract.records import ParsedReport

FIELDS = ("raw_text", "value", "unit", "classifier", "qualifier", "indicator", "period_type", "scope",
          "is_masked", "section_path")


def mark_metrics(parsed: ParsedReport) -> str:
    """Wrap each metric span as ⟦span⟧#n, n being the metric's ordinal."""
    pieces, cursor = [], 0
    for metric in sorted(parsed.metrics, key=lambda m: m.char_start):
        pieces.append(parsed.cleaned_text[cursor:metric.char_start])
        pieces.append(f"⟦{parsed.cleaned_text[metric.char_start:metric.char_end]}⟧#{metric.ordinal}")
        cursor = max(cursor, metric.char_end)
    pieces.append(parsed.cleaned_text[cursor:])
    return "".join(pieces)


def render(parsed: ParsedReport) -> str:
    facts = parsed.facts
    lines = ["== report", *(f"{name}: {getattr(facts, name)}" for name in facts.__dataclass_fields__),
             "", "== sections", *(f"{s.ordinal:3} [{s.part}] {s.path}" for s in parsed.sections),
             "", "== text", mark_metrics(parsed), "", f"== metrics ({len(parsed.metrics)})"]
    for metric in parsed.metrics:
        lines.append(f"#{metric.ordinal} " + " | ".join(f"{name}={getattr(metric, name)}" for name in FIELDS))
    return "\n".join(lines)


def explain_file(path: Path) -> str:
    return render(read_report(file_text(path)))
