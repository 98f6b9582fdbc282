"""Loading the data files in ``lexicons/``.

Every vocabulary summarymine uses lives there as a tab-separated file with a
commented header that explains its columns, so a domain expert can edit it
without reading Python. Files are read once per process (``functools.cache``);
a malformed line fails loudly with the file, the line number and the reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .errors import LexiconError


@dataclass(frozen=True)
class Row:
    """One data line of a lexicon file, with where it came from for error messages."""

    file: str
    line: int
    fields: tuple[str, ...]

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def lexicon_path(name: str) -> Path:
    return Path(str(resources.files("summarymine") / "lexicons" / name))


def read_rows(path: Path, min_fields: int, max_fields: int | None = None) -> list[Row]:
    """Data lines of a TSV file: comments (#) and blank lines skipped, fields stripped."""
    max_fields = max_fields or min_fields
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read: {exc}") from exc
    rows = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = tuple(f.strip() for f in raw.split("\t"))
        while len(fields) > min_fields and fields[-1] == "":
            fields = fields[:-1]
        if not (min_fields <= len(fields) <= max_fields):
            expected = str(min_fields) if min_fields == max_fields else f"{min_fields} to {max_fields}"
            raise LexiconError(f"{path.name}:{number}: expected {expected} tab-separated fields, found {len(fields)}: {raw!r}")
        if not fields[0]:
            raise LexiconError(f"{path.name}:{number}: the first field is empty")
        rows.append(Row(path.name, number, fields))
    return rows


@cache
def bundled(name: str, min_fields: int, max_fields: int | None = None) -> tuple[Row, ...]:
    """Rows of a lexicon shipped inside the package, read once per process."""
    return tuple(read_rows(lexicon_path(name), min_fields, max_fields))


def choice(row: Row, index: int, allowed: set[str] | frozenset[str]) -> str:
    value = row.fields[index]
    if value not in allowed:
        raise LexiconError(f"{row.where()}: {value!r} is not one of {sorted(allowed)}")
    return value
