"""One error hierarchy: callers catch ``SummarymineError``; the ones a caller
would expect as ``ValueError`` are ``ValueError`` too, and ``OutputError`` is an ``OSError``."""
from __future__ import annotations

import errno
import os
from pathlib import Path


class SummarymineError(Exception):
    """Base of every error summarymine raises on purpose."""


class NumeralError(SummarymineError, ValueError):
    """A string that is not a numeral was given to ``parse_number``."""


class LexiconError(SummarymineError, ValueError):
    """A lexicon or taxonomy file is malformed; the message names file, line and reason."""


class InputError(SummarymineError, ValueError):
    """A document could not be read (missing, undecodable, unsupported)."""


class OutputError(SummarymineError, OSError):
    """A file could not be written (a missing folder, a read-only file system, no permission)."""


class MissingExtraError(SummarymineError, ImportError):
    """A feature needs a package that comes with an extra of summarymine, and it is not installed;
    the message names the extra to install (``pip install 'summarymine[import]'``)."""


class SummarymineWarning(UserWarning):
    """Something summarymine left undone, and why (a span extension another component owns)."""


def read_error(path: str | os.PathLike[str], exc: OSError | UnicodeDecodeError,
               kind: type[SummarymineError] = InputError) -> SummarymineError:
    """The error (``kind``) for a file a user named that could not be read: the system's reason, or where it is
    not UTF-8."""
    if isinstance(exc, UnicodeDecodeError):
        reason = f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"
    else:
        reason = exc.strerror or str(exc)
    return kind(f"{path}: cannot read: {reason}")


def write_error(path: str | os.PathLike[str], exc: OSError) -> OutputError:
    """The ``OutputError`` for ``path``, which could not be written, with the system's reason."""
    folder = Path(path).parent
    reason = f"no such folder: {folder}" if not folder.is_dir() else (exc.strerror or str(exc))
    return OutputError(f"{path}: cannot write: {reason}")


def check_writable(path: str | os.PathLike[str]) -> None:
    """Raise ``OutputError`` now if ``path`` cannot be written, rather than after the work that fills it."""
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"{target}: cannot write: no such folder: {folder}")
    if target.is_dir():
        raise OutputError(f"{target}: cannot write: {os.strerror(errno.EISDIR)}")
    if not os.access(target if target.exists() else folder, os.W_OK):
        # access() answers for permissions and for read-only mounts alike; statvfs tells them apart.
        code = errno.EROFS if os.statvfs(folder).f_flag & os.ST_RDONLY else errno.EACCES
        raise OutputError(f"{target}: cannot write: {os.strerror(code)}")


class StoreError(InputError):
    """A store that cannot be opened, read or written: not a summarymine store, corrupt, newer, disk full."""
