"""Clean: raw report text to cleaned text plus the page metadata found in its chrome."""
from __future__ import annotations

from extract.clean.chrome import is_chrome, page_meta
from extract.clean.text import join_broken_lines, normalize_chars, strip_markdown
from extract.records import CleanedDocument


def clean_document(raw_text: str) -> CleanedDocument:
    lines = [line.strip() for line in strip_markdown(normalize_chars(raw_text)).split("\n")]
    chrome = [line for line in lines if is_chrome(line)]
    body = [line for line in lines if line and not is_chrome(line)]
    return CleanedDocument(text="\n".join(join_broken_lines(body)), meta=page_meta(chrome))
