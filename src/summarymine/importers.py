"""Reading documents from files.

Plain text in UTF-8 (with or without BOM) or UTF-16 with a BOM; other
encodings and formats are reported as such, never guessed silently.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from .errors import InputError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def read_text(path: str | Path) -> str:
    """The text of a plain-text document; ``InputError`` says why when it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: binary data, not a text document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None
