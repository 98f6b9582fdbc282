"""Zip archives, nested ones too, read in memory and never extracted to disk.

Guards (``Limits``), each checked on the sizes the archive declares and again while a member
is streamed out, since a declaration can lie:
- a member's uncompressed size (``max_file_size``) and its compression ratio (``max_ratio``,
  on members over 1 MiB);
- the uncompressed bytes of the whole archive tree (``max_archive_total``), and their ratio to
  the compressed bytes (``max_ratio`` again, once the tree has given 16 MiB): 2,000 members of
  1 MiB each pass every member's check, not the archive's; past either the walk of that
  archive stops with a failure;
- the members of the tree (``max_members``): the first ones by name are read, the rest reported;
- the nesting depth (``max_depth``).
A zip whose central directory is lost (a truncated download) is read from its members' local
headers: every member that is whole is salvaged, the one cut off is reported. A member whose
name is absolute or climbs out with ``..`` (zip slip) is refused, as is an encrypted one.
Names stored without the UTF-8 flag are decoded as UTF-8 when they are valid UTF-8, else as
GBK (GB18030) when that gives Chinese, else left as CP437.
"""
from __future__ import annotations

import contextlib
import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

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
    packed: int = 0  # compressed bytes of the members read
    members: int = 0
    exhausted: bool = False  # the uncompressed total ran out: every archive of the tree stops


# Under this much uncompressed data an archive tree is no bomb, whatever its compression ratio.
TREE_RATIO_FROM = 16 * MB


class _ArchiveExhausted(FormatError):
    """The archive tree has read all it may: stop walking it."""


@dataclass(frozen=True)
class Entry:
    """One file member of a zip: its repaired name, declared sizes and flags, and how to open it."""

    name: str
    size: int
    packed: int
    flags: int
    open: Callable[[], IO[bytes]]


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
        yield from _salvage(source, display, f"corrupt zip: {exc}", limits, depth, budget, handle)
        return
    with archive:
        entries = [Entry(member_name(info), info.file_size, info.compress_size, info.flag_bits,
                         functools.partial(archive.open, info))
                   for info in archive.infolist() if not info.is_dir()]
        yield from _walk_entries(entries, display, limits, depth, budget, handle)


def _walk_entries(entries: list[Entry], display: str, limits: Limits, depth: int, budget: Budget,
                  handle: Handler) -> Iterator[Item]:
    entries = sorted(entries, key=lambda entry: entry.name)
    room = max(limits.max_members - budget.members, 0)
    left_out = entries[room:]
    entries = entries[:room]
    budget.members += len(entries)
    declared = sum(entry.size for entry in entries)
    budget.declared += declared
    if budget.declared > limits.max_archive_total:
        yield ImportFailure(display, f"archive too large: it declares {declared} bytes uncompressed, "
                                     f"over the limit of {limits.max_archive_total} (zip bomb?)")
        return
    # Members refused on their own (too large, too compressed) are no work; the others may add up to a bomb.
    passing = [entry for entry in entries if _declared_problem(entry, limits) is None]
    inflated, packed = sum(entry.size for entry in passing), max(sum(entry.packed for entry in passing), 1)
    if inflated > TREE_RATIO_FROM and inflated > limits.max_ratio * packed:
        yield ImportFailure(display, f"archive compression ratio {inflated / packed:.0f}:1 declared over "
                                     f"{len(passing)} members, over the limit of {limits.max_ratio:g}:1 (zip bomb?)")
        return
    for entry in entries:
        if budget.exhausted:
            return  # a nested archive hit the total and said so
        name = entry.name
        shown = f"{display}!/{readable(name)}"
        if _junk(name):
            continue
        if unsafe(name):
            yield ImportFailure(shown, "unsafe member path (absolute or with '..'): refused, not extracted")
            continue
        try:
            if not _wanted(entry):
                continue
            data = _read_member(entry, limits, budget)
            yield from handle(data, shown, name, depth, budget)
        except _ArchiveExhausted as exc:
            yield ImportFailure(shown, str(exc))
            yield ImportFailure(display, f"walk stopped ({exc}); later members were not read")
            return
        except FormatError as exc:
            yield ImportFailure(shown, str(exc))
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as exc:
            yield ImportFailure(shown, f"corrupt member: {exc}")
        except NotImplementedError as exc:
            yield ImportFailure(shown, f"unsupported member: {exc}")
    if left_out:
        yield ImportFailure(display, f"too many members: {len(left_out)} past the limit of {limits.max_members} "
                                     f"for an archive tree were not read (from {readable(left_out[0].name)} on)")


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name, its encoding repaired when the UTF-8 flag (bit 11) is unset."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.orig_filename.encode("cp437")
    except UnicodeEncodeError:  # pragma: no cover - zipfile decoded it as cp437
        return info.filename
    return _decoded_name(raw, info.flag_bits)


def _decoded_name(raw: bytes, flags: int) -> str:
    if flags & 0x800:
        return raw.decode("utf-8", "surrogateescape")
    if raw.isascii():
        return raw.decode("ascii")
    for codec in ("utf-8", "gb18030"):
        try:
            decoded = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" or _HAN.search(decoded):
            return decoded.replace("\\", "/")
    return raw.decode("cp437")


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


def _wanted(entry: Entry) -> bool:
    """A member with a document extension, or whose first bytes show a document."""
    if _sniff.extension_kind(entry.name) is not None:
        return True
    if entry.flags & 0x1:
        return False  # cannot sniff an encrypted member; without an extension, it is no document of ours
    with entry.open() as stream:
        head = stream.read(_sniff.HEAD)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return True
    return _sniff.classify(head, entry.name, io.BytesIO()) in _sniff.SUPPORTED


def _declared_problem(entry: Entry, limits: Limits) -> str | None:
    """Why a member is refused on what it declares, before a byte of it is read."""
    if entry.flags & 0x1:
        return "encrypted member: a password is needed"
    compressed = max(entry.packed, 1)
    if entry.size > MB and entry.size > limits.max_ratio * compressed:
        return (f"compression ratio {entry.size / compressed:.0f}:1 declared, over the limit of "
                f"{limits.max_ratio:g}:1 (zip bomb?)")
    if entry.size > limits.max_file_size:
        return f"member too large: {entry.size} bytes uncompressed, over the limit of {limits.max_file_size}"
    return None


def _read_member(entry: Entry, limits: Limits, budget: Budget) -> bytes:
    problem = _declared_problem(entry, limits)
    if problem is not None:
        raise FormatError(problem)
    compressed = max(entry.packed, 1)
    budget.packed += compressed
    data = bytearray()
    with entry.open() as stream:
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
            if budget.read > TREE_RATIO_FROM and budget.read > limits.max_ratio * budget.packed:
                budget.exhausted = True
                raise _ArchiveExhausted(f"archive compression ratio over the limit of {limits.max_ratio:g}:1 "
                                        "when read (zip bomb?)")
    return bytes(data)


# --------------------------------------------------------------------------- salvage

_LOCAL = struct.Struct("<4sHHHHHIIIHH")  # a local file header, before its name and extra field


def _salvage(source: str | Path | io.BytesIO, display: str, problem: str, limits: Limits, depth: int,
             budget: Budget, handle: Handler) -> Iterator[Item]:
    """The members of a zip without a readable central directory, from their local headers; one
    failure says what was lost: the member the archive ends inside, or the rest of the archive."""
    with contextlib.ExitStack() as stack:
        stream: BinaryIO = source if isinstance(source, io.BytesIO) else stack.enter_context(open(source, "rb"))
        entries, cut, stop = _local_entries(stream)
        if not entries:
            yield ImportFailure(display, problem)
            return
        yield from _walk_entries(entries, display, limits, depth, budget, handle)
    if cut is not None:
        yield ImportFailure(f"{display}!/{readable(cut)}", f"{problem}: the archive ends inside this member "
                                                           f"(truncated); the {len(entries)} members before it "
                                                           "were read from their local headers")
    else:
        yield ImportFailure(display, f"{problem}; {len(entries)} members read from their local headers"
                                     + (f", then {stop}" if stop else ""))


def _local_entries(stream: BinaryIO) -> tuple[list[Entry], str | None, str | None]:
    """The whole members in the order the zip stores them, found by their local headers; the name of
    a member the archive ends inside; and what else stopped the scan before the central directory."""
    stream.seek(0, io.SEEK_END)
    length = stream.tell()
    entries: list[Entry] = []
    at = 0
    while True:
        stream.seek(at)
        header = stream.read(_LOCAL.size)
        if header[:4] != b"PK\x03\x04":
            if header[:4] in (b"PK\x01\x02", b"PK\x05\x06"):  # the central directory begins
                return entries, None, None
            return entries, None, f"no member header at byte {at}" if header else None
        if len(header) < _LOCAL.size:
            return entries, None, f"the archive ends inside a member header at byte {at}"
        _, _, flags, method, _, _, crc, packed, size, name_length, extra_length = _LOCAL.unpack(header)
        name = _decoded_name(stream.read(name_length), flags)
        start = at + _LOCAL.size + name_length + extra_length
        if flags & 0x8:
            return entries, None, "a member whose sizes follow its data (a streamed zip), which cannot be located"
        if start + packed > length:
            return entries, name, None
        if not name.endswith("/"):
            entries.append(Entry(name, size, packed, flags,
                                 functools.partial(_open_local, stream, start, packed, method, crc)))
        at = start + packed


def _open_local(stream: BinaryIO, start: int, packed: int, method: int, crc: int) -> IO[bytes]:
    return io.BufferedReader(_LocalMember(stream, start, packed, method, crc), _CHUNK)


class _LocalMember(io.RawIOBase):
    """A member read from its local header: inflated a piece at a time, its CRC checked at the end."""

    def __init__(self, stream: BinaryIO, start: int, packed: int, method: int, crc: int) -> None:
        super().__init__()
        if method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise NotImplementedError(f"compression method {method} in a zip without its central directory")
        self._stream, self._at, self._left, self._crc = stream, start, packed, crc
        self._inflate = zlib.decompressobj(-15) if method == zipfile.ZIP_DEFLATED else None
        self._pending = b""
        self._running = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        wanted = len(buffer)
        data = b""
        while not data and (self._left or self._pending):
            if not self._pending:
                self._stream.seek(self._at)
                self._pending = self._stream.read(min(self._left, _CHUNK))
                self._at += len(self._pending)
                self._left -= len(self._pending)
            if self._inflate is None:
                data, self._pending = self._pending[:wanted], self._pending[wanted:]
            else:
                data = self._inflate.decompress(self._pending, wanted)
                self._pending = self._inflate.unconsumed_tail
        self._running = zlib.crc32(data, self._running)
        if not data and self._running != self._crc:
            raise zipfile.BadZipFile("CRC check failed: the member is damaged")
        buffer[:len(data)] = data
        return len(data)
