"""The types every importer shares; ``summarymine.importers`` re-exports the public ones."""
from __future__ import annotations

from dataclasses import dataclass, field

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds on what one walk may read; a file or member past one becomes an ``ImportFailure``.

    ``max_file_size``: bytes of one document (a file on disk, or one archive member once
    uncompressed). ``max_archive_total``: uncompressed bytes read out of one archive, its
    nested archives included. ``max_ratio``: uncompressed/compressed size of one member
    (checked on members over 1 MiB: a small file cannot be a bomb). ``max_depth``: archives
    inside archives (the outermost zip is level 1). ``max_members``: members of one archive tree.
    """

    max_file_size: int = 50 * MB
    max_archive_total: int = 2 * 1024 * MB
    max_ratio: float = 100
    max_depth: int = 5
    max_members: int = 100_000

    def __post_init__(self) -> None:
        for name in ("max_file_size", "max_archive_total", "max_ratio", "max_depth", "max_members"):
            if not getattr(self, name) > 0:
                raise ValueError(f"Limits.{name} must be positive, not {getattr(self, name)!r}")


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class ImportedDocument:
    """One document's text.

    ``path`` is the file, or for an archive member ``archive.zip!/dir/file.docx`` (nested
    archives chained with ``!/``); ``format`` is "text", "docx", "pdf", "html" or "doc";
    ``encoding`` the encoding read (text and html only); ``warnings`` what was read only in part.
    """

    path: str
    text: str
    format: str
    encoding: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportFailure:
    """A file or archive member that could not be read, and why (``reason`` has no path in it)."""

    path: str
    reason: str


class FormatError(Exception):
    """Raised by a format reader: its message is the failure's reason."""


@dataclass
class Extracted:
    """What a format reader returns."""

    text: str
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
