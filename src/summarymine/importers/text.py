"""Plain text in any common encoding.

Order of trust: a byte-order mark; strict UTF-8; then charset-normalizer's verdict, with
the GB family read as GB18030 (the superset of GB2312 and GBK) and the Big5 family as Big5
when the bytes allow it (else CP950, then Big5-HKSCS). NUL bytes mean binary data, unless
the whole file reads as UTF-16 text without a BOM.
"""
from __future__ import annotations

import codecs

import regex

from ..extras import needs
from ._base import Extracted, FormatError

_BOMS = (  # UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB = ("gb2312", "gbk", "gb18030", "hz")
_BIG5 = ("big5", "cp950", "big5hkscs")
# Characters that are not text: C0/C1 controls other than whitespace and ESC, and U+FFFD.
_NOT_TEXT = regex.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f\ufffd]")
# What a Chinese or English document is made of (for UTF-16 without a BOM, where any bytes decode).
_TEXTY = regex.compile(r"[\t\n\r\f\x20-\x7e\xa0-\xff\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff"
                       r"\uf900-\ufaff\uff00-\uffef]")
_CONTROL_BYTES = bytes(range(0x09)) + bytes(range(0x0E, 0x20)) + b"\x7f"
BINARY = "binary data, not text"


def read(data: bytes, *, name: str = "") -> Extracted:  # noqa: ARG001 - one signature for every reader
    text, encoding = decode(data)
    return Extracted(text=text, encoding=encoding)


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read in; ``FormatError`` says why not."""
    if not data:
        raise FormatError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            codec = "utf-8" if encoding == "utf-8-sig" else encoding
            try:
                return data[len(bom):].decode(codec), encoding
            except UnicodeDecodeError as exc:
                raise FormatError(f"undecodable {encoding} text (it has a byte-order mark): "
                                  f"invalid bytes at offset {exc.start + len(bom)}") from None
    if b"\x00" in data:
        found = _utf16_without_bom(data)
        if found:
            return found
        raise FormatError(BINARY)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _is_text(text):
            raise FormatError(BINARY)
        return text, "utf-8"
    found = _detected(data)
    if found:
        return found
    if sum(data.count(b) for b in _CONTROL_BYTES) > 0.05 * len(data):
        raise FormatError(BINARY)
    guess, offset = _best_guess(data)
    raise FormatError(f"undecodable text: best guess {guess}, invalid byte "
                      f"0x{data[offset]:02x} at offset {offset}")


def decode_as(data: bytes, encoding: str) -> tuple[str, str] | None:
    """``data`` read strictly as ``encoding`` (or its superset: GB18030 for the GB family,
    CP950 and Big5-HKSCS for Big5), with the codec that worked; ``None`` if none does."""
    for codec in _codecs_for(encoding):
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _detected(data: bytes) -> tuple[str, str] | None:
    with needs("import", "reading text that is not UTF-8"):
        from charset_normalizer import from_bytes

    binary = False
    for match in from_bytes(data):
        if _canonical(match.encoding).startswith(("utf-16", "utf-32")):
            continue  # without a BOM or a NUL byte, a UTF-16 verdict is noise
        found = decode_as(data, match.encoding)
        if found is None:
            continue
        if _is_text(found[0]):
            return found
        binary = True
    if binary:
        raise FormatError(BINARY)
    return None


def _codecs_for(encoding: str) -> list[str]:
    name = _canonical(encoding)
    if name in _GB and name != "hz":
        return ["gb18030"]
    if name in _BIG5:
        return ["big5", "cp950", "big5hkscs"]
    return [name]


def _canonical(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()


def _is_text(text: str) -> bool:
    return len(_NOT_TEXT.findall(text)) <= 0.05 * len(text)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _NOT_TEXT.search(text) and len(_TEXTY.findall(text)) >= 0.95 * len(text):
            return text, codec
    return None


def _best_guess(data: bytes) -> tuple[str, int]:
    """The candidate encoding with the fewest invalid sequences, and where its first one is."""
    best = min(("utf-8", "gb18030", "big5"),
               key=lambda codec: data.decode(codec, errors="replace").count("\ufffd"))
    try:
        data.decode(best)
    except UnicodeDecodeError as exc:
        return best, exc.start
    return best, 0  # pragma: no cover - the detector would have taken it
