"""Word .docx through python-docx: the body's paragraphs and tables in document order.

A table is its rows, one a line, cells joined by tabs; a cell's own paragraphs are joined by
newlines. Content controls (w:sdt) are read through; deleted revisions, field codes and the
fallback copy of a text box (mc:Fallback) are not. Headers, footers and notes are left out.
"""
from __future__ import annotations

import gc
import io
import zipfile

from ._base import DEFAULT_LIMITS, MB, Extracted, FormatError, Limits

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = {_W + "del", _W + "instrText", _W + "delText", _W + "pPr", _W + "rPr", _W + "txbxContent",
         _MC + "Fallback", _W + "moveFrom"}
_CHARS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins", _W + "moveTo"}


def read(data: bytes, *, name: str = "", limits: Limits = DEFAULT_LIMITS) -> Extracted:  # noqa: ARG001
    _check_package(data, limits)
    try:
        import docx  # python-docx (absolute import: not this module)

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors... on a bad package
        raise FormatError(f"corrupt .docx: {_describe(exc)}") from None
    text = "\n".join(_blocks(body))
    del document, body
    # python-docx objects form reference cycles that keep whole lxml trees alive until a full
    # collection: over an archive of thousands that is memory growing without bound.
    gc.collect(0)
    if not text.strip():
        raise FormatError("no text in the document")
    return Extracted(text=text)


def _check_package(data: bytes, limits: Limits) -> None:
    """A .docx is a zip: refuse one whose parts would inflate past the limits before python-docx reads them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FormatError(f"corrupt .docx: not a readable zip package ({exc})") from None
    total = sum(info.file_size for info in infos)
    if total > limits.max_archive_total:
        raise FormatError(f"corrupt .docx: its parts declare {total} bytes uncompressed, "
                          f"over the limit of {limits.max_archive_total}")
    for info in infos:
        if info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise FormatError(f"suspicious .docx: part {info.filename} has compression ratio "
                              f"{info.file_size / max(info.compress_size, 1):.0f}:1, over the limit of "
                              f"{limits.max_ratio:g}:1 (zip bomb?)")


def _blocks(container) -> list[str]:
    """Texts of the paragraphs and tables directly in ``container`` (body, cell, content control)."""
    out: list[str] = []
    for child in container:
        tag = child.tag
        if tag == _W + "p":
            out.append(_paragraph(child))
        elif tag == _W + "tbl":
            out.append(_table(child))
        elif tag in _WRAPPERS:
            out.extend(_blocks(child))
    return out


def _paragraph(p) -> str:
    parts: list[str] = []

    def visit(element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag in _CHARS:
                parts.append(_CHARS[tag])
            else:
                visit(child)

    visit(p)
    return "".join(parts)


def _table(tbl) -> str:
    rows = []
    for tr in _children(tbl, _W + "tr"):
        cells = ["\n".join(_blocks(tc)) for tc in _children(tr, _W + "tc")]
        rows.append("\t".join(cells))
    return "\n".join(rows)


def _children(element, tag: str):
    """``tag`` children of ``element``, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _describe(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
