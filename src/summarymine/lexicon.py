"""Loading the data files in ``lexicons/``.

Every vocabulary summarymine uses lives there as a tab-separated file with a
commented header that explains its columns, so a domain expert can edit it
without reading Python. Files are read once per process (``functools.cache``);
a malformed line fails loudly with the file, the line number and the reason.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from .errors import LexiconError, SummarymineError

# A comment is # and a space, or # alone on its line; # and a tab is data (the # that marks a table
# row as a part, in parts.tsv).
_COMMENT = re.compile(r"\s*#(?: |$)")
# Deeper than any taxonomy or targets file needs, shallow enough for Python's recursion.
MAX_YAML_DEPTH = 64


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


def read_rows(path: Path, min_fields: int, max_fields: int | None = None, *, label: str | None = None) -> list[Row]:
    """Data lines of a TSV file: comments (#) and blank lines skipped, fields stripped."""
    max_fields = max_fields or min_fields
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read: {exc}") from exc
    rows = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or _COMMENT.match(raw):
            continue
        fields = tuple(f.strip() for f in raw.split("\t"))
        while len(fields) > min_fields and fields[-1] == "":
            fields = fields[:-1]
        if not (min_fields <= len(fields) <= max_fields):
            expected = str(min_fields) if min_fields == max_fields else f"{min_fields} to {max_fields}"
            raise LexiconError(f"{label or path.name}:{number}: expected {expected} tab-separated fields, "
                               f"found {len(fields)}: {raw!r}")
        if not fields[0]:
            raise LexiconError(f"{label or path.name}:{number}: the first field is empty")
        rows.append(Row(label or path.name, number, fields))
    return rows


def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    """``words`` longest first, then in order: where two start at one place the longer is the word, and the order is
    the same in every process, whatever the hash seed."""
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def alternation(words: Iterable[str]) -> str:
    """A regular expression of ``words`` as written, longest first, or one that never matches."""
    return "|".join(re.escape(w) for w in longest_first(words)) or "(?!)"


@cache
def bundled(name: str, min_fields: int, max_fields: int | None = None) -> tuple[Row, ...]:
    """Rows of a lexicon shipped inside the package, with the rows of the user's folders (``Lexicons.load``),
    read once per process: a user row replaces the bundled rows of the same first field, others are added."""
    rows = read_rows(lexicon_path(name), min_fields, max_fields)
    for folder in _USER_FOLDERS:
        if (folder / name).is_file():
            own = read_rows(folder / name, min_fields, max_fields, label=str(folder / name))
            replaced = {row.fields[0] for row in own}
            rows = [row for row in rows if row.fields[0] not in replaced] + own
    return tuple(rows)


class Reloadable(Protocol):
    """What is built from the lexicons once per process: a ``functools.cache`` of no arguments."""

    def __call__(self) -> object: ...

    def cache_clear(self) -> None: ...


# A user's lexicon folders, in the order loaded (a later folder's rows win), and what is built from the
# lexicons, rebuilt when a folder is loaded.
_USER_FOLDERS: list[Path] = []
_RELOADS: list[tuple[Reloadable, frozenset[str]]] = []


def on_reload(loader: Reloadable, *files: str) -> None:
    """Register a stage's loader (``grammar``, ``vocabulary`` …) to be rebuilt after ``Lexicons.load``
    changes one of the lexicon ``files`` it reads (any, when none are named)."""
    _RELOADS.append((loader, frozenset(files)))


class Lexicons:
    """The user's own vocabulary, in the manner of pint's ``load_definitions``.

    A folder holds files named as the bundled ones (units.tsv, status.tsv, nonfigures.tsv …) in the same
    columns; each extends its bundled file, and a row whose first field is the bundled row's replaces it.
    Loading checks every row at once (``LexiconError`` with file:line:reason) and keeps nothing from a
    folder that fails.
    """

    @staticmethod
    def load(folder: str | Path) -> None:
        path = Path(folder)
        if not path.is_dir():
            raise LexiconError(f"{path}: no such folder of lexicons")
        known = {entry.name for entry in resources.files("summarymine").joinpath("lexicons").iterdir()}
        for file in sorted(path.iterdir()):
            if file.name == "taxonomy.yaml":
                raise LexiconError(f"{file}: a taxonomy is given with --taxonomy (Taxonomy.load), not in a lexicon folder")
            if file.is_file() and file.name not in known and not file.name.startswith("."):
                raise LexiconError(f"{file}: not a lexicon summarymine reads; the files are {', '.join(sorted(known))}")
        files = {file.name for file in path.iterdir()}
        _USER_FOLDERS.append(path)
        try:
            _rebuild(files)
        except Exception:
            _USER_FOLDERS.remove(path)
            _rebuild(files)
            raise

    @staticmethod
    def reset() -> None:
        """Back to the bundled lexicons alone."""
        files = {file.name for folder in _USER_FOLDERS for file in folder.iterdir()}
        _USER_FOLDERS.clear()
        _rebuild(files)

    @staticmethod
    def folders() -> tuple[Path, ...]:
        return tuple(_USER_FOLDERS)


def _rebuild(files: set[str]) -> None:
    bundled.cache_clear()
    stale = [loader for loader, reads in _RELOADS if not reads or reads & files]
    for loader in stale:
        loader.cache_clear()
    # Each stage reads its files now, so that a bad row is reported when the folder is loaded.
    for loader in stale:
        loader()


CUE_ROLES = frozenset({
    "average", "span", "baseline", "not_share", "rate_header", "unit_header", "unit_column", "financial_digit", "counted",
    "unit_kind", "growth_rate", "comparable", "claim", "not_claim", "target_word", "outcome_word", "as_of", "as_of_end", "as_of_now",
    "last_year", "cheng_word", "range_sep", "share_noun", "share_hedge", "added", "stock", "doing", "making", "kind", "allotting",
    "level_reached", "comparison", "contribution", "share_opener", "deduction", "task", "conversion", "spending", "progress",
    "frame", "level_noun", "sorting", "compared_with", "years_length",
})


@dataclass(frozen=True)
class Cues:
    """The rows of ``cues.tsv`` by role: as one pattern (an alternation, longest first), as words, and
    as word → value."""

    patterns: dict[str, Any]
    words: dict[str, tuple[str, ...]]
    values: dict[str, dict[str, str]]


@cache
def cues() -> Cues:
    import regex

    words: dict[str, list[str]] = {role: [] for role in CUE_ROLES}
    values: dict[str, dict[str, str]] = {role: {} for role in CUE_ROLES}
    for row in bundled("cues.tsv", 2, 3):
        role = choice(row, 1, CUE_ROLES)
        try:
            regex.compile(row.fields[0])
        except regex.error as exc:
            raise LexiconError(f"{row.where()}: bad regular expression {row.fields[0]!r}: {exc}") from exc
        words[role].append(row.fields[0])
        if len(row.fields) > 2:
            values[role][row.fields[0]] = row.fields[2]
    # Longest first: where two words start at one place (截止, 截止到), the longer is the word.
    patterns = {role: regex.compile("|".join(f"(?:{w})" for w in sorted(found, key=len, reverse=True)) or "(?!)")
                for role, found in words.items()}
    return Cues(patterns, {role: tuple(found) for role, found in words.items()}, values)


on_reload(cues)


def choice(row: Row, index: int, allowed: set[str] | frozenset[str]) -> str:
    value = row.fields[index]
    if value not in allowed:
        raise LexiconError(f"{row.where()}: {value!r} is not one of {sorted(allowed)}")
    return value


def read_yaml(text: str, name: str, error: type[SummarymineError]) -> tuple[Any, Any]:
    """The root node (for line numbers) and the data of a YAML file a user hands over.

    Aliases are refused: a few of them stand for billions of nodes (billion laughs), and these
    files have no use for them. Nesting is bounded. Every problem is one ``error`` naming the line.
    """
    import yaml

    # One parse gives both the nodes and the data; libyaml's loader when present.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _check_tree(root, name, error)
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        raise error(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    except RecursionError:
        raise error(f"{name}: not valid YAML here: nested more than {MAX_YAML_DEPTH} levels deep") from None
    finally:
        loader.dispose()
    return root, data


def _check_tree(root: Any, name: str, error: type[SummarymineError]) -> None:
    """Refuse a node met twice (an alias, or a cycle) and nesting past ``MAX_YAML_DEPTH``, without recursing."""
    import yaml

    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise error(f"{name}:{line}: an alias (*name) repeats the node anchored here; aliases are not allowed")
        seen.add(id(node))
        if depth > MAX_YAML_DEPTH:
            raise error(f"{name}:{line}: nested more than {MAX_YAML_DEPTH} levels deep")
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((part, depth + 1) for pair in node.value for part in pair)


def cached_build(source: Path, kind: str, build: Callable[[], Any]) -> Any:
    """What ``build`` makes of the file ``source``, kept in the temp folder (``marshal``: plain data only) under a
    name of the file's path, size and time and of ``kind``, so that each process after the first reads it back
    instead of parsing the file again. A cache that cannot be read or written costs a parse, nothing else."""
    stat = source.stat()
    stamp = f"{kind}:{source.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    cache_file = Path(tempfile.gettempdir()) / f"summarymine-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}.cache"
    try:
        # Read whole first: marshal reading from the file object takes twice as long.
        return marshal.loads(cache_file.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    built = build()
    try:
        # Written whole or not at all: a run killed while writing leaves no half a cache behind.
        fd, tmp = tempfile.mkstemp(dir=cache_file.parent, prefix=cache_file.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            marshal.dump(built, f)
        os.replace(tmp, cache_file)
    except (OSError, ValueError):
        pass
    return built
