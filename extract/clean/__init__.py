"""Clean: raw report text to cleaned text plus the page metadata found in its chrome."""
from __future__ import annotations

from dataclasses import replace

from extract.clean.chrome import is_chrome, is_uploaded_copy, page_meta
from extract.clean.html import html_document, is_html
from extract.clean.text import (
    close_number_gaps,
    join_broken_lines,
    normalize_chars,
    strip_editors_notes,
    strip_html_residue,
    strip_markdown,
    strip_pinyin_ruby,
    to_simplified,
    written_as,
)
from extract.records import CleanedDocument, DocumentMeta

# Empty cells a table-to-text converter leaves around a line ("标题 | ||||").
_TABLE_EDGES = " \t|"


def clean_document(raw_text: str) -> CleanedDocument:
    page = DocumentMeta()
    if is_html(raw_text):
        raw_text, page = html_document(raw_text)
    chrome, body = [], []
    written = normalize_chars(strip_html_residue(raw_text))
    simplified = to_simplified(written)
    for line in strip_markdown(strip_pinyin_ruby(simplified)).split("\n"):
        if is_chrome(line):
            chrome.append(line)
        elif line := line.strip(_TABLE_EDGES):
            body.append(line)
    # Fields the page declares win over what leftover chrome lines in the text say.
    meta = replace(page_meta(chrome), **{k: v for k, v in vars(page).items() if v is not None})
    if is_uploaded_copy(simplified):
        meta = replace(meta, published_date=None)  # the upload's date, a repost's, not the document's
    # Neither gap pattern crosses a line break: one pass over the whole text does every line.
    text = strip_editors_notes(close_number_gaps("\n".join(join_broken_lines(body))))
    return CleanedDocument(text=text, meta=meta, written_as=written_as(written, simplified))
