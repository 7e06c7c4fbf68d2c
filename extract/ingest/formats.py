"""The formats governments publish, read as text: plain text and saved pages (decoded with the
detected encoding), Word .docx and the text layer of PDFs.

A raw document stores its original bytes and one word that says how to read them: its text
encoding (utf-8, gb18030, utf-16 …) or its container format (docx, pdf). Ingest calls
`identify` once, so a file that cannot be read is quarantined with the reason before anything
downstream sees it; extraction calls `document_text` on the stored bytes.
"""
from __future__ import annotations

import io
from pathlib import Path

from extract.ingest.decode import UndecodableError, decode_bytes

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm"})
CONTAINERS = {".docx": "docx", ".pdf": "pdf"}
# Formats seen in the wild that have no maintained pure-Python reader: say what to do instead.
_NOT_SUPPORTED = {
    ".doc": "legacy Word .doc is not supported: save it as .docx",
    ".wps": "WPS document is not supported: save it as .docx",
    ".rtf": "RTF is not supported: save it as .docx or .txt",
}


def identify(name: str, data: bytes) -> str:
    """How to read `data` (an encoding or a container format), or UndecodableError with a
    reason a person can act on."""
    suffix = Path(name).suffix.lower()
    if suffix in _NOT_SUPPORTED:
        raise UndecodableError(_NOT_SUPPORTED[suffix])
    if suffix in CONTAINERS:
        if not data:
            raise UndecodableError("empty file")
        container = CONTAINERS[suffix]
        if not document_text(data, container).strip():
            raise UndecodableError("PDF has no text layer (a scanned image?): OCR it first"
                                   if container == "pdf" else "Word document holds no text")
        return container
    if suffix in TEXT_SUFFIXES:
        return decode_bytes(data)[1]
    raise UndecodableError(f"unsupported file type '{suffix or '(none)'}'")


def document_text(data: bytes, how: str) -> str:
    """The text of a stored document; `how` is what `identify` returned for it."""
    if how == "docx":
        return _docx_text(data)
    if how == "pdf":
        return _pdf_text(data)
    return data.decode(how)


def file_text(path: Path) -> str:
    """The text of a file on disk, read the way ingest would read it."""
    data = path.read_bytes()
    return document_text(data, identify(path.name, data))


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile, KeyError and lxml errors alike
        raise UndecodableError(f"not a readable .docx (truncated or corrupt?): {type(exc).__name__}") from exc
    lines = []
    # Paragraphs and tables in document order; a table row becomes one line of its cells.
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += [" ".join(cell.text.strip() for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _pdf_text(data: bytes) -> str:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UndecodableError("encrypted PDF: ask the publisher for an open copy")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise UndecodableError(f"not a readable PDF (truncated or corrupt?): {type(exc).__name__}") from exc
