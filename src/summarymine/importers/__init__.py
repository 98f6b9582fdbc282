"""Reading documents: plain text, Word (.docx, and .doc through a converter), PDF, HTML, zip archives.

``iter_documents(paths)`` walks files, folders and zip archives (nested too) and yields one
``ImportedDocument`` or ``ImportFailure`` per document file, in a fixed order (names sorted),
so one bad file never stops a batch. ``read_document(path)`` reads one file and raises
``InputError``; ``read_text(path)`` is its text, and ``read_bytes(data)`` reads bytes (standard input).

A file's kind comes from its first bytes (``%PDF-``, a zip holding ``word/document.xml``, an
OLE2 header, ``<!doctype html``/``<html``) and only then from its extension: a PDF named
.txt is read as a PDF. In a folder or an archive, files that are neither documents by
content nor by extension (images, hidden files, ``__MACOSX``) are passed over silently;
a path given explicitly is always read, as text when nothing else fits.
"""
from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, MissingExtraError
from ..names import readable
from . import _sniff, archive, doc, docx, html, pdf, text
from ._base import DEFAULT_LIMITS, Extracted, FormatError, ImportedDocument, ImportFailure, Limits

__all__ = ["DEFAULT_LIMITS", "ImportFailure", "ImportedDocument", "Limits", "READERS", "iter_documents",
           "read_bytes", "read_document", "read_text"]

# The registry: a kind (from ``_sniff.classify``) → its reader, ``reader(data, name=...) -> Extracted``.
READERS = {
    "text": text.read,
    "html": html.read,
    "docx": docx.read,
    "pdf": pdf.read,
    "doc": doc.read,
}

Item = ImportedDocument | ImportFailure


def iter_documents(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
                   limits: Limits = DEFAULT_LIMITS) -> Iterator[Item]:
    """Each document under ``paths`` (files, folders walked recursively, zip archives), read or failed."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk_dir(path, limits, {os.path.realpath(path)})
        elif path.exists():
            yield from _from_file(path, limits, explicit=True)
        else:
            yield ImportFailure(readable(str(path)), "no such file or directory")


def read_document(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> ImportedDocument:
    """One document; ``InputError`` (with the path and the reason) when it cannot be read.

    A zip archive is accepted when it holds exactly one document.
    """
    path = Path(path)
    shown = readable(str(path))
    if path.is_dir():
        raise InputError(f"{shown}: is a directory (read folders with iter_documents)")
    if not path.exists():
        raise InputError(f"{shown}: no such file or directory")
    items = list(_from_file(path, limits, explicit=True))
    if len(items) == 1:
        item = items[0]
        if isinstance(item, ImportFailure):
            raise InputError(f"{item.path}: {item.reason}")
        return item
    if not items:
        raise InputError(f"{shown}: no document in the archive")
    documents = sum(isinstance(item, ImportedDocument) for item in items)
    raise InputError(f"{shown}: an archive of {documents} documents and {len(items) - documents} failures; "
                     "read it with iter_documents")


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of one document; ``InputError`` says why when it cannot be read."""
    return read_document(path).text


def read_bytes(data: bytes, *, name: str = "-", limits: Limits = DEFAULT_LIMITS) -> ImportedDocument:
    """One document given as bytes (standard input), read as ``read_document`` reads a file; ``name`` names it."""
    if len(data) > limits.max_file_size:
        raise InputError(f"{name}: file too large: {len(data)} bytes, over the limit of {limits.max_file_size}")
    kind = _sniff.classify(data[:_sniff.HEAD], name, io.BytesIO(data))
    if kind == "zip":
        raise InputError(f"{name}: a zip archive; give it as a file (summarymine import reads archives)")
    item = _convert(kind, data, name, name, limits)
    if isinstance(item, ImportFailure):
        raise InputError(f"{item.path}: {item.reason}")
    return item


# --------------------------------------------------------------------------- walking


def _walk_dir(folder: Path, limits: Limits, seen: set[str]) -> Iterator[Item]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield ImportFailure(readable(str(folder)), f"cannot list the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name == "__MACOSX":
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError:
            continue
        if is_dir:
            real = os.path.realpath(path)
            if real not in seen:  # a symlink loop is walked once
                yield from _walk_dir(path, limits, seen | {real})
        elif is_file:
            yield from _from_file(path, limits, explicit=False)


def _from_file(path: Path, limits: Limits, *, explicit: bool) -> Iterator[Item]:
    shown = readable(str(path))
    try:
        with _open_regular(path) as stream:
            size = os.fstat(stream.fileno()).st_size
            head = stream.read(_sniff.HEAD)
            kind = _sniff.classify(head, path.name, path)
            wanted = explicit or _sniff.wanted(kind, path.name)
            data = b""
            if wanted and kind != "zip" and size <= limits.max_file_size:
                # No more than the limit, whatever the size said: a file may grow while it is read.
                data = head + stream.read(limits.max_file_size + 1 - len(head))
    except FormatError as exc:
        yield ImportFailure(shown, str(exc))
        return
    except OSError as exc:
        yield ImportFailure(shown, f"cannot read: {exc.strerror or exc}")
        return
    if not wanted:
        return
    if kind == "zip":
        yield from archive.walk(path, shown, limits=limits, depth=1, budget=archive.Budget(),
                                handle=_member_handler(limits))
        return
    if max(size, len(data)) > limits.max_file_size:
        yield ImportFailure(shown, f"file too large: {max(size, len(data))} bytes, over the limit of "
                                   f"{limits.max_file_size}")
        return
    yield _convert(kind, data, shown, path.name, limits)


_SPECIAL = ((stat.S_ISFIFO, "a named pipe (fifo)"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def _open_regular(path: Path) -> BinaryIO:
    """``path`` open for reading when it is a regular file. A fifo would block the import and
    /dev/zero never end: they are refused, having been opened without blocking."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = next((name for test, name in _SPECIAL if test(mode)), "not a regular file")
            raise FormatError(f"{what}, not a regular file: not read")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _member_handler(limits: Limits) -> archive.Handler:
    def handle(data: bytes, shown: str, name: str, depth: int, budget: archive.Budget) -> Iterator[Item]:
        kind = _sniff.classify(data[:_sniff.HEAD], name, io.BytesIO(data))
        if not _sniff.wanted(kind, name):
            return
        if kind == "zip":
            yield from archive.walk(io.BytesIO(data), shown, limits=limits, depth=depth + 1, budget=budget,
                                    handle=handle)
            return
        yield _convert(kind, data, shown, name, limits)

    return handle


def _convert(kind: str, data: bytes, shown: str, name: str, limits: Limits) -> Item:
    if kind in _sniff.UNSUPPORTED:
        return ImportFailure(shown, _sniff.UNSUPPORTED[kind])
    fmt = kind if kind in READERS else "text"
    try:
        if fmt == "docx":
            extracted: Extracted = docx.read(data, name=name, limits=limits)
        else:
            extracted = READERS[fmt](data, name=name)
    except FormatError as exc:
        return ImportFailure(shown, str(exc))
    except MissingExtraError:
        raise  # every file of the kind would fail: the walk stops and says what to install
    except Exception as exc:  # noqa: BLE001 - one bad file must not end the walk
        return ImportFailure(shown, f"cannot read it as {fmt}: {type(exc).__name__}: {exc}")
    if len(extracted.text) > limits.max_file_size:  # a few compressed bytes can hold much text (PDF)
        return ImportFailure(shown, f"text too long: {len(extracted.text)} characters, over the limit of "
                                    f"{limits.max_file_size}")
    return ImportedDocument(path=shown, text=extracted.text, format=fmt, encoding=extracted.encoding,
                            warnings=tuple(extracted.warnings))
