"""Bytes to text: byte-order marks first, then strict UTF-8, then detection."""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# utf-32 before utf-16: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Reports are prose: more than a trace of control characters means we decoded garbage.
_MAX_CONTROL_SHARE = 0.01


class UndecodableError(ValueError):
    """The bytes are not a text document we can read."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise UndecodableError with a reason a person can act on."""
    if not data.strip():
        raise UndecodableError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise UndecodableError(f"invalid {encoding} after its byte-order mark: {exc.reason}") from exc
    if b"\x00" in data:
        raise UndecodableError("binary content (NUL bytes) without a UTF-16/32 byte-order mark")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise UndecodableError("no text encoding fits the bytes")
    return _checked(str(best), best.encoding)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    if text and controls / len(text) > _MAX_CONTROL_SHARE:
        raise UndecodableError(f"decoded as {encoding} but {controls} control characters remain: binary file?")
    if not text.strip():
        raise UndecodableError("no text after decoding")
    return text, encoding
