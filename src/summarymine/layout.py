"""Tables laid out as text in documents: rows of cells between ``|`` walls, as PDF and Markdown converters write them.

A figure that stands alone in a cell counts what its row's label names, in the unit and the sense
its column's header gives (``| 淨灘參與人次 | 18萬人次 | 21.4萬人次 | 118.9% |`` under ``| 指標 |
目標值 | 實際值 | 達成率 |``). Prose that a converter poured into cells is no table: its figures share
their cells with words, and are read as prose.

Works on the normalized text; every span is an offset of the original.
"""
from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

import regex

# A rule row under a header: |---|:---:|
_RULE = regex.compile(r"^[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$")
_CJK = regex.compile(r"\p{Han}")
# A table continued after a page break keeps its header when it comes back within this many lines.
PAGE_BREAK_LINES = 8


@dataclass(frozen=True)
class Row:
    line: int
    cells: tuple[tuple[int, int], ...]  # spans of the cells' text, walls and padding excluded


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    header: tuple[str, ...]

    def column(self, row: Row, at: int) -> int | None:
        for i, (start, end) in enumerate(row.cells):
            if start <= at < end:
                return i
        return None


@dataclass(frozen=True)
class Cell:
    """Where a figure stands in a table: its row's label and its column's header."""

    table: Table
    row: int
    column: int
    label: tuple[int, int] | None
    header: str


class Tables:
    """The pipe tables of one text, found once; ``cell(start, end)`` asks where a figure stands."""

    def __init__(self, norm: str) -> None:
        self.norm = norm
        self.tables = _find_tables(norm) if "|" in norm else []
        self._rows = sorted((row.line, t, i) for t in self.tables for i, row in enumerate(t.rows))
        self._lines = [line for line, _, _ in self._rows]

    def cell(self, start: int, end: int) -> Cell | None:
        """The cell a figure fills on its own (with its unit and hedge), or ``None``."""
        i = bisect.bisect_right(self._lines, start) - 1
        if i < 0:
            return None
        _, table, index = self._rows[i]
        row = table.rows[index]
        column = table.column(row, start)
        if column is None or column == 0:
            return None
        cell_start, cell_end = row.cells[column]
        if end > cell_end or len(_CJK.findall(self.norm, cell_start, start)) + len(_CJK.findall(self.norm, end, cell_end)) > 1:
            return None  # words share the cell: prose poured into a table
        header = table.header[column] if column < len(table.header) else ""
        return Cell(table, index, column, self._label(table, index), header)

    def _label(self, table: Table, index: int) -> tuple[int, int] | None:
        """The first cell of the row when it names something (合計, 淨灘參與人次)."""
        start, end = table.rows[index].cells[0]
        text = self.norm[start:end]
        if not _CJK.search(text) or len(text) > MAX_LABEL:
            return None
        return start, end


MAX_LABEL = 24


def _find_tables(norm: str) -> list[Table]:
    tables: list[Table] = []
    block: list[tuple[int, str]] = []
    block_line = ended_line = -PAGE_BREAK_LINES - 1
    at = 0
    for number, line in enumerate(norm.splitlines(keepends=True)):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|"):
            if not block:
                block_line = number
            block.append((at, line))
        elif block:
            tables.append(_table(norm, block, _continued(tables, block_line, ended_line)))
            block, ended_line = [], number
        at += len(line)
    if block:
        tables.append(_table(norm, block, _continued(tables, block_line, ended_line)))
    return tables


def _continued(tables: list[Table], block_line: int, ended_line: int) -> Table | None:
    return tables[-1] if tables and block_line - ended_line <= PAGE_BREAK_LINES else None


def _table(norm: str, block: list[tuple[int, str]], before: Table | None) -> Table:
    rows: list[Row] = []
    header_rows: list[Row] = []
    for at, line in block:
        if _RULE.match(line):
            header_rows, rows = rows, []
            continue
        rows.append(Row(at, _cells(at, line)))
    if header_rows:
        width = max(len(r.cells) for r in header_rows)
        header = tuple("".join(norm[slice(*r.cells[i])] for r in header_rows if i < len(r.cells)) for i in range(width))
        return Table(tuple(rows), header)
    # A table cut by a page break goes on under the header it had before the break.
    if before is not None and rows and len(rows[0].cells) == len(before.header):
        return Table(tuple(rows), before.header)
    return Table(tuple(rows), ())


def _cells(at: int, line: str) -> tuple[tuple[int, int], ...]:
    walls = [i for i, ch in enumerate(line) if ch == "|"]
    cells = []
    for left, right in itertools.pairwise(walls):
        start, end = left + 1, right
        while start < end and line[start].isspace():
            start += 1
        while end > start and line[end - 1].isspace():
            end -= 1
        cells.append((at + start, at + end))
    return tuple(cells)
