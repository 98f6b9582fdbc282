"""File and member names as summarymine shows and stores them.

A name on disk is bytes: Python hands over the ones that are not UTF-8 (a GBK name from an
archive unzipped on Linux) as lone surrogates, which neither SQLite, nor a UTF-8 file, nor a
terminal accepts; and a name may hold a newline, a control character or a right-to-left
override. ``readable`` writes each such character as an escape, so the name stays one line of
valid text that keeps every byte: ``\\xNN`` for a byte that is not UTF-8 (or an ASCII control
character), ``\\n``, ``\\t``, ``\\r``, and ``\\uNNNN`` for the other invisible characters. Its
output needs no escaping, so it may be applied at every boundary, more than once; the price is
that a name that itself spells an escape (a backslash, then ``x41``) looks like the escaped one.
"""
from __future__ import annotations

import unicodedata

# Controls, lone surrogates (undecodable bytes), format characters (zero-width, bidi) and line separators.
_HIDDEN = frozenset({"Cc", "Cs", "Cf", "Zl", "Zp"})
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def readable(name: str) -> str:
    """``name`` with its undecodable bytes and invisible characters escaped; unchanged when it has none."""
    if name.isprintable():
        return name
    return "".join(_escape(ch) if unicodedata.category(ch) in _HIDDEN else ch for ch in name)


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's escape of the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"
