"""Word .docx: the body's paragraphs and tables in document order, read as a stream.

A table is its rows, one a line, cells joined by tabs; a cell's own paragraphs are joined by
newlines. Content controls (w:sdt) are read through; deleted revisions, field codes and the
fallback copy of a text box (mc:Fallback) are not. Headers, footers and notes are left out.

The main part is parsed with lxml's ``iterparse`` and every element is dropped once its text is
taken, so memory follows the text, not the XML: a 5 MB package can hold 200 MB of XML, which as
a tree takes gigabytes. A package is a zip, and its parts are held to the limits of zip members.
"""
from __future__ import annotations

import io
import zipfile
from typing import IO, Any

from ..extras import needs
from ._base import DEFAULT_LIMITS, MB, Extracted, FormatError, Limits

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = {_W + "del", _W + "instrText", _W + "delText", _W + "pPr", _W + "rPr", _W + "txbxContent",
         _MC + "Fallback", _W + "moveFrom"}
_CHARS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins", _W + "moveTo"}
_RELS = "_rels/.rels"
_MAIN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def read(data: bytes, *, name: str = "", limits: Limits = DEFAULT_LIMITS) -> Extracted:  # noqa: ARG001
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FormatError(f"corrupt .docx: not a readable zip package ({exc})") from None
    with package, needs("import", "reading .docx"):
        part = _main_part(package, limits)
        with _open_part(package, part, limits) as stream:
            text = _text(stream, limits)
    if not text.strip():
        raise FormatError("no text in the document")
    return Extracted(text=text)


def _main_part(package: zipfile.ZipFile, limits: Limits) -> zipfile.ZipInfo:
    """The main document part, as the package's relationships name it."""
    names = set(package.namelist())
    target = "word/document.xml"
    if _RELS in names:
        from lxml import etree

        try:
            with _open_part(package, package.getinfo(_RELS), limits) as stream:
                rels = etree.parse(stream, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:
            raise FormatError(f"corrupt .docx: {_RELS}: {exc}") from None
        for rel in rels.getroot():
            if rel.get("Type") == _MAIN and rel.get("Target"):
                target = str(rel.get("Target")).lstrip("/")
                break
    if target not in names:
        raise FormatError(f"corrupt .docx: no main document part ({target})")
    return package.getinfo(target)


def _open_part(package: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> IO[bytes]:
    """A part open for reading, held to the limits of a zip member on what it declares and what it gives."""
    packed = max(info.compress_size, 1)
    if info.flag_bits & 0x1:
        raise FormatError(f"encrypted .docx: part {info.filename} needs a password")
    if info.file_size > MB and info.file_size > limits.max_ratio * packed:
        raise FormatError(f"suspicious .docx: part {info.filename} has compression ratio "
                          f"{info.file_size / packed:.0f}:1, over the limit of {limits.max_ratio:g}:1 (zip bomb?)")
    if info.file_size > limits.max_file_size:
        raise FormatError(f".docx too large: part {info.filename} is {info.file_size} bytes uncompressed, "
                          f"over the limit of {limits.max_file_size}")
    limit = min(limits.max_file_size, max(MB, int(limits.max_ratio * packed)))
    return io.BufferedReader(_Bounded(package.open(info), info.filename, limit))


class _Bounded(io.RawIOBase):
    """A part's stream that stops with ``FormatError`` past ``limit`` bytes (a declared size can lie)."""

    def __init__(self, stream: IO[bytes], name: str, limit: int) -> None:
        super().__init__()
        self._stream, self._name, self._limit, self._read = stream, name, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        self._read += len(data)
        if self._read > self._limit:
            raise FormatError(f"suspicious .docx: part {self._name} gives more than {self._limit} bytes "
                              "when read (its declared size was false)")
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


def _text(stream: IO[bytes], limits: Limits) -> str:
    """The body's blocks, joined by newlines; each element is reduced to its text as it ends.

    A frame per open element says what its text adds to: ``block`` (the body, a content control
    among blocks), ``cell``, ``table``, ``row``, ``para`` (everything inside a paragraph), or
    ``skip``. Wrappers share their container's list, so they are read through.
    """
    from lxml import etree

    out: list[str] = []
    stack: list[tuple[str, list[str]]] = [("skip", [])]
    chars = 0
    try:
        for event, element in etree.iterparse(stream, events=("start", "end"), resolve_entities=False,
                                              no_network=True, huge_tree=False, remove_comments=True,
                                              remove_pis=True):
            tag = element.tag
            if event == "start":
                stack.append(_frame(tag, *stack[-1], out))
                continue
            own, collected = stack.pop()
            mode, items = stack[-1]
            if own == "para" and mode != "para":  # a paragraph ends: a block of its container
                items.append("".join(collected))
            elif own == "table" and mode != "table":
                items.append("\n".join(collected))
            elif own == "row" and mode != "row":
                items.append("\t".join(collected))
            elif own == "cell":
                items.append("\n".join(collected))
            elif own == "para" and tag == _W + "t":
                collected.append(element.text or "")
                chars += len(element.text or "")
                if chars > limits.max_file_size:
                    raise FormatError(f".docx text too long: over {limits.max_file_size} characters")
            elif own == "para" and tag in _CHARS:
                collected.append(_CHARS[tag])
            # Done with it: drop it and the siblings before it, so the tree never grows.
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"corrupt .docx: XMLSyntaxError: {exc}") from None
    return "\n".join(out)


def _frame(tag: str, mode: str, items: list[str], out: list[str]) -> tuple[str, list[str]]:
    """The frame of an element that starts inside a frame of ``mode`` whose list is ``items``."""
    if mode == "skip":
        return ("block", out) if tag == _W + "body" else ("skip", items)
    if mode == "para":
        return ("skip", items) if tag in _SKIP else ("para", items)
    if tag in _WRAPPERS and mode in ("block", "cell", "table", "row"):
        return ("block" if mode == "cell" else mode), items
    if mode in ("block", "cell"):
        if tag == _W + "p":
            return "para", []
        if tag == _W + "tbl":
            return "table", []
    elif mode == "table" and tag == _W + "tr":
        return "row", []
    elif mode == "row" and tag == _W + "tc":
        return "cell", []
    return "skip", items
