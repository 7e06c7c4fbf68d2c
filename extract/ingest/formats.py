"""The formats governments publish, read as text: plain text and saved pages (decoded with the
detected encoding), Word .docx and the text layer of PDFs.

A raw document stores its original bytes and one word that says how to read them: its text
encoding (utf-8, gb18030, utf-16 …) or its container format (docx, pdf). Ingest calls
`identify` once, so a file that cannot be read is quarantined with the reason before anything
downstream sees it; extraction calls `document_text` on the stored bytes.

The bytes are written by strangers: whatever a reader raises on them (python-docx's
ValueError on a malformed table, pypdf's LimitReachedError on a decompression bomb, a
RecursionError on nested arrays) becomes an UndecodableError that names it.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from extract.ingest.decode import UndecodableError, decode_bytes

# Saved pages keep the suffix of the server that made them: .shtml, .jhtml, .jsp and .aspx
# pages are HTML like any other.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".shtml", ".jhtml", ".jsp", ".aspx"})
CONTAINERS = {".docx": "docx", ".pdf": "pdf"}
# Formats seen in the wild that have no maintained pure-Python reader: say what to do instead.
_NOT_SUPPORTED = {
    ".doc": "legacy Word .doc is not supported: save it as .docx",
    ".wps": "WPS document is not supported: save it as .docx",
    ".rtf": "RTF is not supported: save it as .docx or .txt",
}
# python-docx holds every part of the package in memory and parses its XML at about five
# times its size: a few megabytes of zip bomb must not cost gigabytes. Photos barely
# compress, so a real report stays far below this whatever the file-size cap admits.
DOCX_MAX_UNPACKED_BYTES = 64 * 1024 * 1024
# A reason is read by people in audit.quarantine: an exception's message can be a whole page.
_MAX_MESSAGE_CHARS = 300


def describe(exc: BaseException) -> str:
    """An exception as a person reads it: its type and the start of its message."""
    message = str(exc)
    if len(message) > _MAX_MESSAGE_CHARS:
        message = message[:_MAX_MESSAGE_CHARS] + "…"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


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
    _check_unpacked_size(data)
    try:
        return _docx_lines(data)
    except Exception as exc:  # python-docx raises zipfile, KeyError, lxml and ValueError errors alike
        raise UndecodableError(f"not a readable .docx (truncated or corrupt?): {describe(exc)}") from exc


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a .docx whose parts unpack to more than the cap, before any part is unpacked.
    The sizes the zip declares are a real bound: zipfile stops reading a member there."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except Exception as exc:
        raise UndecodableError(f"not a readable .docx (truncated or corrupt?): {describe(exc)}") from exc
    if unpacked > DOCX_MAX_UNPACKED_BYTES:
        raise UndecodableError(f"Word document unpacks to {unpacked} bytes, over the "
                               f"{DOCX_MAX_UNPACKED_BYTES}-byte cap (a zip bomb?)")


def _docx_lines(data: bytes) -> str:
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
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

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        text = None if encrypted else "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:  # pypdf's own limits (LimitReachedError), RecursionError, and parse errors
        raise UndecodableError(f"not a readable PDF (truncated or corrupt?): {describe(exc)}") from exc
    if encrypted:
        raise UndecodableError("encrypted PDF: ask the publisher for an open copy")
    return text
