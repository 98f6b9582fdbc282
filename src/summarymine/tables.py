"""Tables for people, as the commands print them (a document's figures, ``--explain``, and the
rows of every other command).

Columns under a header, each as wide as its widest cell, counting a Chinese character two
columns wide as a terminal shows it; numbers exact, with thousands separators, right-aligned;
long text cut with an ellipsis or wrapped onto lines of its own column (the json, csv and xlsx
outputs keep it whole, on one line).
"""
from __future__ import annotations

import math
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import pandas as pd

    from .results import Document

ELLIPSIS = "…"


def number(value: object) -> str:
    """An exact number with thousands separators and no exponent: 182453762 → ``182,453,762``, 6.3 → ``6.3``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        value = Decimal(repr(value))  # the shortest text that reads back as this float: what was written
    # 186.52亿 is Decimal("18652000000.00"): the same number, shown without the zeros of its scaling.
    return format(value.normalize() if value.is_finite() else value, ",f")


def width(text: str) -> int:
    """Columns a terminal gives ``text``: two for wide and full-width characters, none for combining marks."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def cut(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` columns, ending in an ellipsis when it was longer."""
    if width(text) <= limit:
        return text
    kept, used = [], 0
    for char in text:
        used += width(char)
        if used > limit - 1:
            break
        kept.append(char)
    return "".join(kept) + ELLIPSIS


def wrap(text: str, limit: int) -> list[str]:
    """``text`` in lines of at most ``limit`` columns: not inside a run of Latin letters, digits and
    signs (a word, a number, a file name) where the line has a space after its first third, and
    after a Chinese comma where one is near the end of the line."""
    lines: list[str] = []
    while width(text) > limit:
        end, used = 0, 0
        while used + width(text[end]) <= limit:
            used += width(text[end])
            end += 1
        if _word(text[end - 1]) and _word(text[end]):
            breaks = [i + 1 for i in range(end // 3, end) if text[i] in " ，、；"]
        else:
            breaks = [i + 1 for i in range(end * 2 // 3, end) if text[i] in "，、；"]
        end = breaks[-1] if breaks else end
        lines.append(text[:end].rstrip())
        text = text[end:].lstrip()
    return [*lines, text]


def _word(char: str) -> bool:
    return char.isascii() and char.isprintable() and not char.isspace()


def render(columns: Sequence[str], rows: Iterable[Sequence[object]], *, numbers: Collection[str] = (),
           limits: Mapping[str, int] | None = None, wraps: Mapping[str, int] | None = None) -> str:
    """``rows`` under the header ``columns``, aligned.

    Cells of the columns in ``numbers`` are exact numbers (see ``number``; text there, such as a
    range, is kept) aligned right; a column in ``limits`` is cut to that many columns, one in
    ``wraps`` wrapped to that many, its further lines under it with the other cells empty. ``None``
    is an empty cell, and a line break in a cell a space.
    """
    limits, wraps = limits or {}, wraps or {}
    lines_of_rows = []
    for row in rows:
        cells = [_cell(value, column in numbers, limits.get(column)) for column, value in zip(columns, row)]
        parts = [wrap(text, wraps[column]) if column in wraps else [text] for column, text in zip(columns, cells)]
        lines_of_rows += [[p[k] if k < len(p) else "" for p in parts] for k in range(max(map(len, parts)))]
    widths = [max([width(name), *(width(line[i]) for line in lines_of_rows)]) for i, name in enumerate(columns)]
    out = []
    for line in [list(columns), *lines_of_rows]:
        padded = [_pad(text, widths[i], right=columns[i] in numbers) for i, text in enumerate(line)]
        out.append("  ".join(padded).rstrip())
    return "\n".join(out) + "\n"


def _cell(value: object, is_number: bool, limit: int | None) -> str:
    text = number(value) if is_number else ("" if value is None else str(value))
    text = " ".join(text.split())
    return cut(text, limit) if limit else text


def _pad(text: str, columns: int, *, right: bool) -> str:
    space = " " * (columns - width(text))
    return space + text if right else text + space


def value_range(value: object, value_max: object) -> object:
    """A figure's value, or its range as ``low~high`` when it has an upper bound."""
    return value if value_max is None else f"{number(value)}~{number(value_max)}"


def document_table(doc: Document) -> str:
    """``summarymine extract --format table``: a line about the document, then a row per figure."""
    info = doc.info
    head = (f"# {info.source}  {info.title or ''}  org={info.org} year={info.year} kind={info.kind} "
            f"script={info.script}\n")
    columns = ["id", "start", "text", "value", "unit", "approx", "measure", "status", "parent", "subject", "metric"]
    rows = [[m.id, m.quantity.start, m.quantity.text, value_range(m.quantity.value, m.quantity.value_max),
             m.quantity.unit, m.quantity.approx, m.measure, m.status, m.parent, m.subject, m.metric]
            for m in doc.metrics]
    return head + render(columns, rows, numbers={"value"}, limits={"text": 20, "subject": 24})


def explanation(doc: Document) -> str:
    """``--explain``: why each figure got its metric, and every candidate set aside with its reason."""
    lines = [f"# taxonomy in {doc.info.source}"]
    for m in doc.metrics:
        lines.append(f"  {m.id}\t{m.quantity.text}\t{m.metric or '-'}\t{m.metric_reason}")
    lines.append(f"# rejected in {doc.info.source}: {len(doc.rejected)}")
    for q in doc.rejected:
        lines.append(f"  {q.start}\t{q.text}\t{q.kind}\t{q.reason}")
    return "\n".join(lines) + "\n"


COMPARE_TABLE = ["org", "key", "metric_label", "period", "kind", "value", "unit", "approx", "change", "growth_pct",
                 "source"]


class Written(NamedTuple):
    """A document as ``summarymine extract`` writes it, with what its filters (--org, --year) read."""

    org: str | None
    year: int | None
    text: str
    explanation: str


def written(doc: Document, *, form: str, explain: bool) -> Written:
    """``doc`` in the output ``form`` (json, jsonl or table), and its ``--explain`` text when asked for."""
    if form == "json":
        text = doc.to_json(indent=2) + "\n"
    elif form == "jsonl":
        text = doc.to_json() + "\n"
    else:
        text = document_table(doc)
    return Written(doc.info.org, doc.info.year, text, explanation(doc) if explain else "")


def comparison_table(table: pd.DataFrame, *, wide: bool) -> str:
    """A comparison as the compare command prints it: long, or wide with a column a year."""
    limits = {"org": 16, "key": 24, "metric_label": 16, "source": 32}
    if wide:
        frame = table.reset_index()
        columns = [str(c) for c in frame.columns]
        periods = set(columns[len(table.index.names):])
        return render(columns, cells(frame, list(frame.columns)), numbers=periods, limits=limits)
    return render(COMPARE_TABLE, cells(table, COMPARE_TABLE), numbers={"value", "change", "growth_pct"},
                  limits=limits)


def cells(frame: pd.DataFrame, columns: Sequence[Any]) -> list[list[object]]:
    """The values of ``columns`` of ``frame``, row by row, None for missing."""
    part = frame[list(columns)].astype(object)
    return [list(row) for row in part.where(part.notna(), None).itertuples(index=False)]
