"""Zip archives, nested ones too, read in memory and never extracted to disk.

Guards (``Limits``), each checked on the sizes the archive declares and again while a member
is streamed out, since a declaration can lie:
- a member's uncompressed size (``max_file_size``) and its compression ratio (``max_ratio``,
  on members over 1 MiB);
- the uncompressed bytes of the whole archive tree (``max_archive_total``): past it the walk
  of that archive stops with a failure;
- the members of the tree (``max_members``) and the nesting depth (``max_depth``).
A member whose name is absolute or climbs out with ``..`` (zip slip) is refused, as is an
encrypted one. Names stored without the UTF-8 flag are decoded as UTF-8 when they are valid
UTF-8, else as GBK (GB18030) when that gives Chinese, else left as CP437.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import regex

from ..names import readable
from . import _sniff
from ._base import MB, FormatError, ImportedDocument, ImportFailure, Limits

Item = ImportedDocument | ImportFailure
Handler = Callable[[bytes, str, str, int, "Budget"], Iterator[Item]]
_HAN = regex.compile(r"\p{Han}")
_CHUNK = 1024 * 1024


@dataclass
class Budget:
    """What one archive tree has used so far (shared by the nested archives)."""

    declared: int = 0
    read: int = 0
    members: int = 0
    exhausted: bool = False  # the uncompressed total ran out: every archive of the tree stops


class _ArchiveExhausted(FormatError):
    """The archive tree has read all it may: stop walking it."""


def walk(source: str | Path | io.BytesIO, display: str, *, limits: Limits, depth: int, budget: Budget,
         handle: Handler) -> Iterator[Item]:
    """Every document in the zip ``source`` (shown as ``display``), at nesting ``depth`` (1 = outermost).

    ``handle(data, member_display, member_name, depth, budget)`` turns one member's bytes into items.
    """
    if depth > limits.max_depth:
        yield ImportFailure(display, f"archive nested too deep: more than {limits.max_depth} levels of zip in zip")
        return
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        yield ImportFailure(display, f"corrupt zip: {exc}")
        return
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        budget.members += len(infos)
        if budget.members > limits.max_members:
            yield ImportFailure(display, f"too many members: {budget.members} in the archive tree, "
                                         f"over the limit of {limits.max_members}")
            return
        declared = sum(info.file_size for info in infos)
        budget.declared += declared
        if budget.declared > limits.max_archive_total:
            yield ImportFailure(display, f"archive too large: it declares {declared} bytes uncompressed, "
                                         f"over the limit of {limits.max_archive_total} (zip bomb?)")
            return
        members = sorted(((member_name(info), info) for info in infos), key=lambda pair: pair[0])
        for name, info in members:
            if budget.exhausted:
                return  # a nested archive hit the total and said so
            shown = f"{display}!/{readable(name)}"
            if _junk(name):
                continue
            if unsafe(name):
                yield ImportFailure(shown, "unsafe member path (absolute or with '..'): refused, not extracted")
                continue
            try:
                if not _wanted(archive, info, name):
                    continue
                data = _read_member(archive, info, limits, budget)
                yield from handle(data, shown, name, depth, budget)
            except _ArchiveExhausted as exc:
                yield ImportFailure(shown, str(exc))
                yield ImportFailure(display, "walk stopped: the archive's uncompressed size reached the limit "
                                             f"of {limits.max_archive_total} bytes; later members were not read")
                return
            except FormatError as exc:
                yield ImportFailure(shown, str(exc))
            except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
                yield ImportFailure(shown, f"corrupt member: {exc}")
            except NotImplementedError as exc:
                yield ImportFailure(shown, f"unsupported member: {exc}")


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name, its encoding repaired when the UTF-8 flag (bit 11) is unset."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = info.orig_filename.encode("cp437")
    except UnicodeEncodeError:  # pragma: no cover - zipfile decoded it as cp437
        return name
    if raw.isascii():
        return name
    for codec in ("utf-8", "gb18030"):
        try:
            decoded = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" or _HAN.search(decoded):
            return decoded.replace("\\", "/")
    return name


def unsafe(name: str) -> bool:
    """Absolute paths, drive letters and ``..`` components: a member that would land outside."""
    posix = name.replace("\\", "/")
    if posix.startswith("/") or regex.match(r"[A-Za-z]:", posix) or "\x00" in posix:
        return True
    return ".." in posix.split("/")


def _junk(name: str) -> bool:
    """macOS resource forks and hidden files that archivers add."""
    parts = PurePosixPath(name).parts
    return "__MACOSX" in parts or any(part.startswith(".") and part not in (".", "..") for part in parts)


def _wanted(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bool:
    """A member with a document extension, or whose first bytes show a document."""
    if _sniff.extension_kind(name) is not None:
        return True
    if info.flag_bits & 0x1:
        return False  # cannot sniff an encrypted member; without an extension, it is no document of ours
    with archive.open(info) as stream:
        head = stream.read(_sniff.HEAD)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return True
    return _sniff.classify(head, name, io.BytesIO()) in _sniff.SUPPORTED


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, budget: Budget) -> bytes:
    if info.flag_bits & 0x1:
        raise FormatError("encrypted member: a password is needed")
    compressed = max(info.compress_size, 1)
    if info.file_size > MB and info.file_size > limits.max_ratio * compressed:
        raise FormatError(f"compression ratio {info.file_size / compressed:.0f}:1 declared, over the limit of "
                          f"{limits.max_ratio:g}:1 (zip bomb?)")
    if info.file_size > limits.max_file_size:
        raise FormatError(f"member too large: {info.file_size} bytes uncompressed, "
                          f"over the limit of {limits.max_file_size}")
    data = bytearray()
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            data += chunk
            budget.read += len(chunk)
            if len(data) > limits.max_file_size:
                raise FormatError(f"member too large: over {limits.max_file_size} bytes when read "
                                  "(its declared size was false)")
            if len(data) > MB and len(data) > limits.max_ratio * compressed:
                raise FormatError(f"compression ratio over the limit of {limits.max_ratio:g}:1 when read "
                                  "(zip bomb?)")
            if budget.read > limits.max_archive_total:
                budget.exhausted = True
                raise _ArchiveExhausted(f"archive uncompressed size over the limit of {limits.max_archive_total} "
                                        "bytes when read (zip bomb?)")
    return bytes(data)
