"""Clean: raw report text to cleaned text plus the page metadata found in its chrome."""
from __future__ import annotations

from dataclasses import replace

from extract.clean.chrome import is_chrome, page_meta
from extract.clean.html import html_document, is_html
from extract.clean.text import join_broken_lines, normalize_chars, strip_markdown
from extract.records import CleanedDocument, DocumentMeta


def clean_document(raw_text: str) -> CleanedDocument:
    page = DocumentMeta()
    if is_html(raw_text):
        raw_text, page = html_document(raw_text)
    lines = [line.strip() for line in strip_markdown(normalize_chars(raw_text)).split("\n")]
    chrome = [line for line in lines if is_chrome(line)]
    body = [line for line in lines if line and not is_chrome(line)]
    found = page_meta(chrome)
    # Fields the page declares win over what leftover chrome lines in the text say.
    meta = replace(found, **{k: v for k, v in vars(page).items() if v is not None})
    return CleanedDocument(text="\n".join(join_broken_lines(body)), meta=meta)
