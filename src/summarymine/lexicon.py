"""Loading the data files in ``lexicons/``.

Every vocabulary summarymine uses lives there as a tab-separated file with a
commented header that explains its columns, so a domain expert can edit it
without reading Python. Files are read once per process (``functools.cache``);
a malformed line fails loudly with the file, the line number and the reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

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


def read_rows(path: Path, min_fields: int, max_fields: int | None = None) -> list[Row]:
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
            raise LexiconError(f"{path.name}:{number}: expected {expected} tab-separated fields, "
                               f"found {len(fields)}: {raw!r}")
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
