"""One document's way through the pure stages, the one way every caller takes (the parse
workers, `explain`, `eval`, the bench, the tests): its bytes read as text, cleaned, parsed,
and made the rows of the staging tables."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from extract.clean import clean_document
from extract.ingest.formats import document_text
from extract.parse import EXTRACTOR_VERSION, parse_report
from extract.records import ParsedReport
from extract.stage.rows import report_rows

Parse = Callable[[bytes, str], ParsedReport]


def read_report(text: str) -> ParsedReport:
    """A report's text, cleaned and parsed."""
    return parse_report(clean_document(text))


def parse_document(content: bytes, encoding: str) -> ParsedReport:
    # Ingest already proved the bytes read this way (a text encoding, or docx / pdf).
    return read_report(document_text(content, encoding))


def document_rows(content: bytes, encoding: str, *, content_sha256: str, source_file: str, run_id: str,
                  extracted_at: datetime | None, parse: Parse = parse_document) -> dict[str, list[dict]]:
    """The staging rows of one document, by table; `parse` stands in for the parser in tests
    of what a misbehaving one costs."""
    return report_rows(parse(content, encoding), content_sha256=content_sha256, source_file=source_file,
                       extractor_version=EXTRACTOR_VERSION, run_id=run_id, extracted_at=extracted_at)
