"""Reading source documents: bytes in, text out, or a clear reason why not."""

import codecs
import hashlib
import unicodedata

# Share of control characters above which a file is taken for binary.
_BINARY_RATIO = 0.05
# Control characters a few of which a text may carry (terminal escapes, bells): dropped, so
# that no stored text breaks an XML feed or a terminal. Tabs and line breaks stay;
# Vertical tabs and form feeds become line breaks.
_DROPPED_CONTROLS = {
    **dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]),
    0x0B: "\n",
    0x0C: "\n",
}


class UnreadableDocument(Exception):
    """The document cannot be read as text; the message says why."""


def decode_document(data: bytes, *, max_bytes: int) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or cp1252 text.

    Raises UnreadableDocument for empty, oversized, binary or undecodable input.
    """
    if not data.strip():
        raise UnreadableDocument("the file is empty")
    if len(data) > max_bytes:
        raise UnreadableDocument(f"the file is {len(data):,} bytes, over the {max_bytes:,} limit")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UnreadableDocument(f"invalid UTF-16 text ({error.reason})") from None
    else:
        if b"\x00" in data:
            raise UnreadableDocument("binary data (NUL bytes), not a text document")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise UnreadableDocument(
                    "not decodable as UTF-8, UTF-16 (with BOM) or cp1252"
                ) from None
    if _looks_binary(text):
        raise UnreadableDocument("binary data (control characters), not a text document")
    return text.translate(_DROPPED_CONTROLS)


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v"
    )
    return controls > len(sample) * _BINARY_RATIO


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
