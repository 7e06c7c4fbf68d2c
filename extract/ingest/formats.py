"""The formats governments publish, read as text: plain text and saved pages (decoded with the
detected encoding), Word .docx and the text layer of PDFs; through LibreOffice, legacy Word
.doc, Kingsoft WPS .wps, .rtf and .odt; spreadsheets of indicators (.xlsx, and .xls, .et, .ods
through LibreOffice) as sentences; scanned PDFs and page images through Tesseract's OCR.

A raw document stores its original bytes and one word that says how to read them: its text
encoding (utf-8, gb18030, utf-16 …) or its container format (docx, pdf, doc, wps, rtf, odt,
xlsx, xls, et, ods, ocr-pdf, ocr-image). Ingest calls `identify` once, so a file that cannot
be read is quarantined with the reason before anything downstream sees it; extraction calls
`document_text` on the stored bytes. `read_as` says what kind of reading that was (`text`,
`converted`, `table` or `ocr`), which raw.documents and the metrics carry up to the marts.

The bytes are written by strangers: whatever a reader raises on them (python-docx's
ValueError on a malformed table, pypdf's LimitReachedError on a decompression bomb, a
RecursionError on nested arrays) becomes an UndecodableError that names it. Outside programs
(LibreOffice, Tesseract, pdftoppm) run sandboxed with time limits (`extract.ingest.sandbox`);
when one is not installed, its formats are quarantined with the Debian package to install.
Their text is kept in a cache keyed by the file's SHA-256 (`$REPORTS_CACHE_DIR/converted`), so
the extract stage, `explain` and `make eval` do not convert or OCR a file ingest already read.
"""
from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from extract import settings
from extract.ingest.decode import UndecodableError, decode_bytes

# Saved pages keep the suffix of the server that made them: .shtml, .jhtml, .jsp and .aspx
# pages are HTML like any other.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".shtml", ".jhtml", ".jsp", ".aspx"})
# Binary formats by suffix (the crawler fetches attachments with these suffixes too).
CONTAINERS = {
    ".docx": "docx", ".pdf": "pdf",
    ".doc": "doc", ".wps": "wps", ".rtf": "rtf", ".odt": "odt",
    ".xlsx": "xlsx", ".xls": "xls", ".et": "et", ".ods": "ods",
    ".png": "ocr-image", ".jpg": "ocr-image", ".jpeg": "ocr-image", ".tif": "ocr-image", ".tiff": "ocr-image",
    ".bmp": "ocr-image",
}
# Converted by LibreOffice to .docx (documents) or .xlsx (spreadsheets).
WRITER_CONTAINERS = frozenset({"doc", "wps", "rtf", "odt"})
CALC_CONTAINERS = frozenset({"xls", "et", "ods"})
TABLE_CONTAINERS = CALC_CONTAINERS | {"xlsx"}
OCR_CONTAINERS = frozenset({"ocr-pdf", "ocr-image"})
READ_AS = ("text", "converted", "table", "ocr")
# Bump when a conversion's output changes, so cached texts of the old one are not used.
CONVERTER_VERSION = "1"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_CONTAINERS = frozenset({"doc", "wps", "xls", "et"})
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
    if suffix in CONTAINERS:
        if not data:
            raise UndecodableError("empty file")
        container = _sniffed(CONTAINERS[suffix], data)
        if container in _OLE_CONTAINERS and data.startswith(_OLE[:4]) and len(data) < 512:
            raise UndecodableError(f"truncated {_office().NAMES[container]}: {len(data)} bytes, shorter than "
                                   "the 512-byte header of its OLE container")
        text = document_text(data, container)
        if container == "pdf" and not text.strip():  # a scan: pages without a text layer
            container = "ocr-pdf"
            text = document_text(data, container)
        if not text.strip():
            raise UndecodableError("Word document holds no text" if container == "docx"
                                   else f"the {container} file holds no text")
        return container
    if suffix in TEXT_SUFFIXES:
        return decode_bytes(data)[1]
    raise UndecodableError(f"unsupported file type '{suffix or '(none)'}'")


def read_as(how: str) -> str:
    """What kind of reading `how` (what `identify` returned) is: `text` (the file's own text,
    decoded or from a .docx or a PDF text layer), `converted` (by LibreOffice from a legacy
    format), `table` (a spreadsheet's rows written as sentences) or `ocr`."""
    if how in OCR_CONTAINERS:
        return "ocr"
    if how in TABLE_CONTAINERS:
        return "table"
    if how in WRITER_CONTAINERS:
        return "converted"
    return "text"


def document_text(data: bytes, how: str) -> str:
    """The text of a stored document; `how` is what `identify` returned for it."""
    if how == "docx":
        return _docx_text(data)
    if how == "pdf":
        return _pdf_text(data)
    if how in WRITER_CONTAINERS:
        return _cached(data, how, lambda: _docx_text(_office().convert(data, how, "docx")))
    if how == "xlsx":
        return _cached(data, how, lambda: _xlsx_text(data))
    if how in CALC_CONTAINERS:
        return _cached(data, how, lambda: _xlsx_text(_office().convert(data, how, "xlsx")))
    if how == "ocr-pdf":
        return _cached(data, how, lambda: _ocr().pdf_text(data, _pdf_page_count(data)))
    if how == "ocr-image":
        return _cached(data, how, lambda: _ocr().image_text(data))
    return data.decode(how)


def file_text(path: Path) -> str:
    """The text of a file on disk, read the way ingest would read it."""
    data = path.read_bytes()
    return document_text(data, identify(path.name, data))


def _sniffed(container: str, data: bytes) -> str:
    """The container the bytes are, where their suffix says otherwise: sites publish .docx
    saved under .doc (and the reverse), RTF under .doc, .xlsx under .xls."""
    zipped, ole = data.startswith(b"PK\x03\x04"), data.startswith(_OLE)
    if container in ("doc", "wps", "docx"):
        if zipped:
            return "docx"
        if ole and container == "docx":
            return "doc"
        if data.lstrip()[:5] == b"{\\rtf":
            return "rtf"
    if container in ("xls", "et", "xlsx"):
        if zipped:
            return "xlsx"
        if ole and container == "xlsx":
            return "xls"
    return container


def _cached(data: bytes, how: str, produce: Callable[[], str]) -> str:
    """The text a costly reading (LibreOffice, OCR) gave for these bytes before, or a new one,
    kept for the next reader. A failure is never kept: the next run tries again."""
    folder = settings.cache_dir() / "converted"
    path = folder / f"{hashlib.sha256(data).hexdigest()}.{how}.v{CONVERTER_VERSION}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    text = produce()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass  # a read-only cache costs time, not correctness
    return text


def _office():
    from extract.ingest import office
    return office


def _ocr():
    from extract.ingest import ocr
    return ocr


def _xlsx_text(data: bytes) -> str:
    from extract.ingest import tables

    _check_unpacked_size(data, "spreadsheet", ".xlsx")
    return tables.workbook_text(data)


def _docx_text(data: bytes) -> str:
    _check_unpacked_size(data)
    try:
        return _docx_lines(data)
    except Exception as exc:  # python-docx raises zipfile, KeyError, lxml and ValueError errors alike
        raise UndecodableError(f"not a readable .docx (truncated or corrupt?): {describe(exc)}") from exc


def _check_unpacked_size(data: bytes, kind: str = "Word document", suffix: str = ".docx") -> None:
    """Refuse a .docx (or .xlsx) whose parts unpack to more than the cap, before any part is
    unpacked. The sizes the zip declares are a real bound: zipfile stops reading a member there."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except Exception as exc:
        raise UndecodableError(f"not a readable {suffix} (truncated or corrupt?): {describe(exc)}") from exc
    if unpacked > DOCX_MAX_UNPACKED_BYTES:
        raise UndecodableError(f"{kind} unpacks to {unpacked} bytes, over the "
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


def _pdf_page_count(data: bytes) -> int:
    import pypdf

    try:
        return len(pypdf.PdfReader(io.BytesIO(data)).pages)
    except Exception as exc:
        raise UndecodableError(f"not a readable PDF (truncated or corrupt?): {describe(exc)}") from exc


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
