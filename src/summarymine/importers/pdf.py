"""PDF text layers through pypdf (pure Python).

pypdf and pdfplumber (pdfminer) gave the same text on CJK test files (a CID-keyed STSong-Light
PDF: every paragraph found by both); pypdf was about twice as fast and pulls in nothing else.

A page without text gets a warning; a PDF without any text is a failure (it needs OCR).
Lines that a page wrapped in the middle of a sentence are joined again (see ``_unwrap``), so
a figure and its unit broken over two lines read as one sentence.
"""
from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

import regex

from ..extras import needs
from ._base import Extracted, FormatError

# A line that ends in one of these (perhaps before closing quotes or brackets) ends its paragraph,
# however long it is.
_ENDS = regex.compile(r"[。！？…!?：:][」』”’）)】\]]*$")
_WORDY = regex.compile(r"[A-Za-z0-9]")
# A space beside a Chinese character or between two numbers: a table's column gap, not a word space.
_GAP = regex.compile(r"(?<=\p{Han}) | (?=\p{Han})|(?<=\d) (?=\d)")


def read(data: bytes, *, name: str = "") -> Extracted:  # noqa: ARG001
    with needs("import", "reading PDF"):
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    warnings: list[str] = []
    with _collect_pypdf_warnings(warnings):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    if not reader.decrypt(""):
                        raise FormatError("encrypted PDF: a password is needed")
                except (DependencyError, NotImplementedError) as exc:
                    raise FormatError(f"encrypted PDF: cannot decrypt ({exc})") from None
            pages = []
            for number, page in enumerate(reader.pages, start=1):
                try:
                    text = page.extract_text() or ""
                except Exception as exc:  # noqa: BLE001 - a broken content stream spoils one page, not the file
                    warnings.append(f"page {number}: text could not be read ({type(exc).__name__}: {exc})")
                    text = ""
                else:
                    if not text.strip():
                        warnings.append(f"page {number} has no text layer (scanned?)")
                pages.append(text)
        except FormatError:
            raise
        except FileNotDecryptedError:
            raise FormatError("encrypted PDF: a password is needed") from None
        except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
            raise FormatError(f"corrupt PDF: {type(exc).__name__}: {exc}") from None
    if not pages:
        raise FormatError("corrupt PDF: it has no pages")
    if not any(page.strip() for page in pages):
        raise FormatError("no text layer: OCR it first")
    return Extracted(text=_unwrap(pages), warnings=warnings)


def _unwrap(pages: list[str]) -> str:
    """The pages' lines, joining a line to the next when the page wrapped it mid-sentence.

    A line is taken as wrapped when it is nearly as wide as the widest line of its page (at
    least 90 %; on a page of under five lines, of the usual page), does not end a sentence,
    and has fewer than three gaps (a space beside a Chinese character or between numbers:
    table rows have their cells spaced out). Across CJK the join adds nothing; between two
    Latin letters or digits it adds a space.
    """
    lines: list[tuple[str, bool]] = []  # (line, wrapped)
    split = [[(line, _width(line)) for line in map(str.rstrip, page.splitlines())] for page in pages]
    # A page of a few lines (a last page) does not show the text width: take the usual pages' one.
    full = sorted(max(width for _, width in page) for page in split if sum(bool(line) for line, _ in page) >= 5)
    usual = full[len(full) // 2] if full else 0
    for page_lines in split:
        widest = max((width for _, width in page_lines), default=0)
        if sum(bool(line) for line, _ in page_lines) < 5:
            widest = max(widest, usual)
        for line, width in page_lines:
            wrapped = (bool(line) and widest >= 20 and width >= 0.9 * widest
                       and not _ENDS.search(line) and len(_GAP.findall(line)) < 3)
            lines.append((line, wrapped))
    # Pieces and the separators between them, joined once: adding each line to its paragraph's
    # string would copy the paragraph for every line (quadratic over a text without sentence ends).
    out: list[str] = []
    joining = False
    for line, wrapped in lines:
        if joining and line:
            piece = line.lstrip()
            out.append(" " if _WORDY.match(out[-1][-1]) and _WORDY.match(line[0]) else "")
            out.append(piece)
        elif out:
            out += ["\n", line]
        else:
            out.append(line)
        joining = wrapped
    return "".join(out)


def _width(line: str) -> int:
    # Ambiguous-width characters (“”、…) are full width in CJK text.
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line)


class _Collect(logging.Handler):
    def __init__(self, warnings: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.warnings = warnings

    def emit(self, record: logging.LogRecord) -> None:
        message = f"pypdf: {record.getMessage()}"
        if message not in self.warnings and len(self.warnings) < 50:
            self.warnings.append(message)


@contextmanager
def _collect_pypdf_warnings(warnings: list[str]) -> Iterator[None]:
    """pypdf logs what it repaired; those notes belong to the document, not to stderr."""
    logger = logging.getLogger("pypdf")
    handler = _Collect(warnings)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
