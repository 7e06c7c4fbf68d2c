"""Saved web pages: main text by trafilatura, page metadata from its <meta> and header table."""
from __future__ import annotations

import re
from datetime import date

from extract.clean.chrome import page_meta
from extract.records import DocumentMeta

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p)\b", re.I | re.S)


def is_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000]))


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def html_document(raw: str) -> tuple[str, DocumentMeta]:
    """(main text, metadata). Government pages put 发布机构 and 发布日期 in a header table
    that trafilatura rightly drops as boilerplate, so those fields are read from the whole page."""
    import lxml.html
    import trafilatura

    # One pass gives text and metadata. The date comes only from the page's markup: the
    # extensive search would turn a year in the text into a made-up "2022-01-01", and costs
    # twice the text extraction itself.
    found = trafilatura.bare_extraction(raw, include_tables=True, include_comments=False, favor_recall=True,
                                        deduplicate=False, with_metadata=True,
                                        date_extraction_params={"original_date": True, "extensive_search": False})
    # One line per text node, so table cells (发布机构 | 生成日期) do not run together.
    nodes = (node.strip() for node in lxml.html.fromstring(raw).itertext())
    header = page_meta([node for node in nodes if node])
    return (found.text if found else None) or "", DocumentMeta(
        title=(found.title.strip() if found and found.title else None),
        published_date=header.published_date or _iso_date(found.date if found else None),
        publisher=header.publisher,
        index_number=header.index_number,
    )
