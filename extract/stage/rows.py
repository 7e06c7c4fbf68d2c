"""A parsed report as staging rows: plain dicts whose keys are the staging columns."""
from __future__ import annotations

from datetime import datetime

from extract.records import ParsedReport


def report_id_for(content_sha256: str) -> str:
    # Content-addressed, so the same report gets the same id on every run and machine.
    return content_sha256[:16]


def metric_id_for(report_id: str, ordinal: int) -> str:
    return f"{report_id}-m{ordinal:04d}"


def report_rows(parsed: ParsedReport, *, content_sha256: str, source_file: str,
                extractor_version: str, run_id: str, extracted_at: datetime) -> dict[str, list[dict]]:
    report_id = report_id_for(content_sha256)
    report = {
        "report_id": report_id,
        "content_sha256": content_sha256,
        "source_file": source_file,
        **vars(parsed.facts),
        "cleaned_text": parsed.cleaned_text,
        "extractor_version": extractor_version,
        "run_id": run_id,
        "extracted_at": extracted_at,
    }
    sections = [
        {"report_id": report_id, "section_ordinal": s.ordinal, "level": s.level, "heading": s.heading,
         "section_path": s.path, "part": s.part, "char_start": s.char_start, "char_end": s.char_end}
        for s in parsed.sections
    ]
    metrics = []
    for m in parsed.metrics:
        row = dict(vars(m))  # fields are scalars: asdict's deep copy would only cost time
        ordinal = row.pop("ordinal")
        metrics.append({"metric_id": metric_id_for(report_id, ordinal), "report_id": report_id,
                        "metric_ordinal": ordinal, **row})
    terms = [{"report_id": report_id, "term": term, "n": n} for term, n in parsed.terms]
    return {"reports": [report], "sections": sections, "metrics": metrics, "terms": terms}
