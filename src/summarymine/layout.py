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

from .lexicon import cues

# A rule row under a header: |---|:---:|
_RULE = regex.compile(r"^[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$")
CJK = regex.compile(r"\p{Han}")
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
    # The table this one goes on from after a page break: their columns are one.
    continues: Table | None = None

    @property
    def first(self) -> Table:
        table = self
        while table.continues is not None:
            table = table.continues
        return table

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
    # The unit the table names for a bare number in this cell (单位：万元, （万吨）), as written.
    unit: str | None = None
    # The level of the numbering its row opens with (一、 1, （一） 2, 1 or 1. 3), None when it opens with none.
    rank: int | None = None
    # A cell of a standard form's table (forms.tsv): the form, not the shape of the text, says what it is a part of,
    # by the start of that total's number.
    in_form: bool = False
    total: int | None = None


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
        if end > cell_end or len(CJK.findall(self.norm, cell_start, start)) + len(CJK.findall(self.norm, end, cell_end)) > 1:
            return None  # words share the cell: prose poured into a table
        header = table.header[column] if column < len(table.header) else ""
        return Cell(table, index, column, self._label(table, index), header)

    def _label(self, table: Table, index: int) -> tuple[int, int] | None:
        """The first cell of the row when it names something (合計, 淨灘參與人次)."""
        start, end = table.rows[index].cells[0]
        text = self.norm[start:end]
        if not CJK.search(text) or len(text) > MAX_LABEL:
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
        return Table(tuple(rows), before.header, before)
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


# ---------------------------------------------------------------- units that tables give their numbers

# 单位：万元 (above a table or in its caption), and （万吨） or (±%) in a header or a row label.
_UNIT_LINE = regex.compile(r"单位\s*[：:]\s*(?P<unit>[^\s，,。；;、|*（()）]{1,10})")
_BRACKET_UNIT = regex.compile(r"[（(](?:单位\s*[：:])?\s*(?P<unit>[^（）()\s，,。；;]{1,8}?)\s*[）)]")
_NUMBER_CELL = regex.compile(r"[-+]?[0-9][0-9,]*(?:\.[0-9]+)?[%‰]?")
_SPACE_WALL = regex.compile(r"[ \t\u3000]{2,}")
# A line longer than this, or with a sentence's punctuation, is prose: the table has ended.
MAX_TABLE_LINE = 120
MAX_TAB_ROW = 400
# A cell that only numbers a row (一、, 1., （二）) labels nothing.
_ORDINAL = regex.compile(r"[(（]?[一二三四五六七八九十0-9]{1,3}[)）、.．]?")
MAX_ONE_CELL_LINE = 24


def unit_cells(norm: str) -> dict[int, Cell]:
    """The numbers that stand alone in the cells of tables whose caption, column header or row label names a unit.

    Maps the start of each such number to its cell, whose ``unit`` (if its column has one) is as written (万元, 万吨, ±%), for
    the quantities stage to read it in (a table under 单位：亿元 holds 4000.5, not a bare number) and
    attribution to read its row's label and its column's header. Tables are found as pipe rows,
    columns parted by runs of spaces or by tabs (a spreadsheet's rows, whose header may name the unit by a word:
    各项分值), or one cell a line (as PDF converters leave them).
    """
    found: dict[int, Cell] = {}
    if "单位" not in norm and "（" not in norm and "(" not in norm and "\t" not in norm and "|" not in norm:
        return found
    lines = [(m.start(), m.group()) for m in regex.finditer(r"[^\n]+", norm) if m.group().strip()]
    i = 0
    while i < len(lines):
        declared = _UNIT_LINE.search(lines[i][1])
        if declared is None and not _bracket_header(lines[i][1]) and not _named_header(lines[i][1]):
            i += 1
            continue
        first = i
        while first > 0 and i - first < HEADER_LINES and _table_line(lines[first - 1][1]):
            first -= 1  # the header lines above a unit in brackets
        end = i + 1
        while end < len(lines) and _table_line(lines[end][1]):
            end += 1
        block = lines[first:end]
        rows = [_split(at, text) for at, text in block]
        numbered = [cells for cells in rows if any(_is_number(norm, c) for c in cells)]
        if numbered and all(len(cells) == 1 for cells in numbered):
            _one_cell_a_line(norm, [_whole(at, text) for at, text in block], declared, found)
        else:
            _rows_of_cells(norm, rows, ["\t" in text for _, text in block], declared["unit"] if declared else None, found)
        i = end
    return found


def _whole(at: int, line: str) -> tuple[int, int]:
    stripped = line.strip()
    start = at + line.find(stripped[0])
    return start, start + len(stripped)


# How many lines above a unit in brackets may belong to the same table's header.
HEADER_LINES = 4


def _bracket_header(text: str) -> bool:
    """A short line, or a row of cells, with a unit in brackets: 产量（万吨）, | 金额（万元） |."""
    return bool(_BRACKET_UNIT.search(text)) and (len(text.strip()) <= MAX_ONE_CELL_LINE or "|" in text or bool(_SPACE_WALL.search(text.strip())))


def _named_header(text: str) -> bool:
    """A row of cells parted by tabs or walls whose header names its cells' unit (序号	考核项目	各项分值 …: 分), or a row of
    cells parted by tabs, walls or runs of spaces with a column of units (产品名称  单位  绝对数  比上年增长%)."""
    cells = [cell.strip() for cell in regex.split(r"[\t|]|[ \u3000]{2,}", text.strip())]
    if any(cell in cues().words["unit_header"] for cell in cells) and len(cells) >= 3:
        return True
    return ("\t" in text or "|" in text) and any(_named_unit(cell) for cell in regex.split(r"[\t|]", text))


def _named_unit(header: str) -> str | None:
    """The unit a column header names by a word of its own (各项分值 → 分; cues.tsv unit_column)."""
    found = cues().patterns["unit_column"].search(header)
    return cues().values["unit_column"].get(found.group()) if found else None


def _table_line(text: str) -> bool:
    stripped = text.strip()
    if "\t" in stripped:
        return len(stripped) <= MAX_TAB_ROW  # a spreadsheet's row, its cells parted by tabs, prose in them or not
    if len(stripped) > MAX_TABLE_LINE:
        return False
    if "|" in stripped or _SPACE_WALL.search(stripped):
        return True
    return len(stripped) <= MAX_ONE_CELL_LINE and not any(p in stripped for p in "。，；")


def _split(at: int, line: str) -> list[tuple[int, int]]:
    """The spans of a line's cells: between pipe walls, between tabs (an empty cell kept, so that columns stay in
    place), or between runs of spaces."""
    if "|" in line:
        return list(_cells(at, line if line.rstrip().endswith("|") else line + "|"))
    if "\t" in line:
        cells, start = [], 0
        for part in line.rstrip("\n").split("\t"):
            lead = len(part) - len(part.lstrip())
            cells.append((at + start + lead, at + start + len(part.rstrip())))
            start += len(part) + 1
        return cells
    cells = []
    start = 0
    for wall in _SPACE_WALL.finditer(line):
        if wall.start() > start:
            cells.append((at + start, at + wall.start()))
        start = wall.end()
    if len(line.rstrip()) > start:
        cells.append((at + start, at + len(line.rstrip())))
    return cells


def _is_number(norm: str, cell: tuple[int, int]) -> bool:
    return _NUMBER_CELL.fullmatch(norm, *cell) is not None


def _unit_of(header: str) -> str | None:
    bracket = _BRACKET_UNIT.search(header)
    return bracket["unit"] if bracket else None


def _column_unit(header: str, table_unit: str | None) -> str | None:
    own = _unit_of(header) or _named_unit(header) or ("%" if header.rstrip().endswith(("%", "％")) else None)
    if own is not None:
        return own
    return None if _rate_header().search(header) else table_unit


def _rows_of_cells(norm: str, rows: list[list[tuple[int, int]]], tabbed: list[bool], table_unit: str | None,
                   found: dict[int, Cell]) -> None:
    header: list[str] | None = None
    unit_column: int | None = None
    seen_numbers = False
    table = Table((), ())
    for index, cells in enumerate(rows):
        texts = [norm[slice(*c)] for c in cells]
        if all(set(t) <= set("-: ") for t in texts):
            continue  # |---|---|
        numbers = [c for c in cells if _is_number(norm, c)]
        if not numbers:
            if not seen_numbers and len(cells) > 1:
                header = texts  # the last row of words before the first of numbers (a title row may stand above it)
                table = Table((), tuple(texts))
                unit_column = next((n for n, h in enumerate(texts) if h.strip() in cues().words["unit_header"]), None)
            continue
        seen_numbers = True
        label = _row_label(norm, cells, texts)
        rank = _rank(texts[0]) if texts else None
        label_unit = _unit_of(texts[0]) if label else None
        # A spreadsheet's row with more or fewer cells than its header lost or gained cells merged across rows on its
        # left (15⇥持续推进…⇥1.继续推进…⇥ under 序号⇥考核项目⇥各项分值⇥考核内容⇥评分标准⇥说明): its cells stand from the right.
        shift = len(header) - len(cells) if header is not None and tabbed[index] else 0
        if shift and 0 < 1 - shift < len(cells) and CJK.search(texts[1 - shift]):
            label = cells[1 - shift]  # 1⇥重点考核部门⇥县委农工部⇥60: the label is the cell under the header's label
        for at, cell in enumerate(cells):
            column = at + shift
            if column <= 0 or not _is_number(norm, cell):
                continue  # the first column holds the rows' labels (and page numbers between rows)
            title = header[column] if header is not None and column < len(header) else ""
            unit = _column_unit(title, table_unit)
            if label_unit is not None and not _rate_header().search(title):
                unit = label_unit
            elif unit_column is not None and len(cells) == len(header or ()) and not title.rstrip().endswith(("%", "％")):
                unit = texts[unit_column].strip() or unit  # 粮食  万吨  186.32  1.8: the row's unit in the 单位 column
            found[cell[0]] = Cell(table, index, column, label, title, unit, rank)


def _rank(text: str) -> int | None:
    """The level of a row's numbering: 一、 opens a part, （一） a section of it, 1 or 1. an item."""
    numbering = _ORDINAL.fullmatch(text.strip())
    if numbering is None:
        return None
    written = numbering.group()
    return 2 if written[0] in "(（" else 3 if written[0].isdigit() else 1


def _row_label(norm: str, cells: list[tuple[int, int]], texts: list[str]) -> tuple[int, int] | None:
    """The label of a row: its first cell with words before its first value, a cell that only numbers the row
    (一、, 1) passed over (一、 | 巩固成果，提升河长制工作实效 | 31)."""
    first_value = next((i for i, c in enumerate(cells) if i and _is_number(norm, c)), len(cells))
    return next((cells[i] for i in range(first_value) if CJK.search(texts[i]) and not _ORDINAL.fullmatch(texts[i].strip())), None)


def _one_cell_a_line(norm: str, cells: list[tuple[int, int]], declared: regex.Match[str] | None,
                     found: dict[int, Cell]) -> None:
    """指标 / 指标值 / 同比增长（±%） over 地区生产总值 / 4000.5 / 10.0 / 第一产业 / 153.6 / 11.0 …

    The header is the lines after the table's title up to the first that names a rate (the last
    column), or else the last that names a unit, before the first number (under a 单位 line, the
    line before the first row's label). A row is a label, then its cells in the header's order: a 单位 column
    gives the row its unit (原油 / 万吨 / 4000.0 / 持平); a label with no numbers names a group
    (期末畜禽存栏), and a row's unit in brackets (大牲畜（万头）) holds for the rows under it.
    """
    table_unit = declared["unit"] if declared else None
    texts = [norm[slice(*c)] for c in cells]
    numbered = [n for n, c in enumerate(cells) if _is_number(norm, c)]
    if not numbered:
        return
    if declared is not None and _labels_then_values(norm, cells, texts, numbered, table_unit, found):
        return
    named = [n for n in range(numbered[0]) if _BRACKET_UNIT.search(texts[n]) or _rate_header().search(texts[n])]
    rates = [n for n in named if _rate_header().search(texts[n])]
    if not named and declared is None:
        return
    # A change or a share is the last column (同比增长（±%））; a unit in brackets after it is a row's.
    # Under a 单位 line that names none, the header ends before the first row's label.
    last = rates[0] if rates else named[-1] if named else numbered[0] - 2
    top = last
    while top > 0 and not _TITLE.search(texts[top - 1]) and not _UNIT_LINE.search(texts[top - 1]):
        top -= 1
    headers = [regex.sub(r"\s+", "", t) for t in texts[top:last + 1]]
    if len(headers) < 2:
        return
    unit_column = next((n for n, h in enumerate(headers) if h in cues().words["unit_header"]), None)
    units = [_column_unit(h, table_unit) for h in headers]
    table = Table((), tuple(headers))
    column, numbers, row_unit, carried, label = len(headers), 0, None, None, None
    for n in range(last + 1, len(cells)):
        number = _is_number(norm, cells[n])
        if not number and (column >= len(headers) or numbers == 0 and column != unit_column):
            # A new row: its label, and the unit it names or the unit of the rows it follows.
            own = _unit_of(texts[n])
            row_unit = own if own is not None else carried if numbers else None
            carried = row_unit
            column, numbers, label = 1, 0, cells[n]
            continue
        if column >= len(headers):
            return  # more cells than columns: the table's shape is not what the header says
        if column == unit_column and not number:
            row_unit = texts[n]
        elif number:
            unit = units[column]
            if row_unit is not None and not _rate_header().search(headers[column]):
                unit = row_unit
            found[cells[n][0]] = Cell(table, n, column, label, headers[column], unit)
            numbers += 1
        column += 1


def _labels_then_values(norm: str, cells: list[tuple[int, int]], texts: list[str], numbered: list[int],
                        table_unit: str | None, found: dict[int, Cell]) -> bool:
    """单位：新臺幣億元 / 項目 / 預算數 / 一、收入合計 / （一）歲入 … / 703 / 0 …: a table of one column of values that a
    converter wrote a column at a time, every label, then every value (and perhaps a page number). The lines after
    the 单位 line and before the first value are one or two header lines, then the labels, as many as the values."""
    unit_line = max((n for n in range(numbered[0]) if _UNIT_LINE.search(texts[n])), default=-1)
    before = list(range(unit_line + 1, numbered[0]))
    run = list(itertools.takewhile(lambda n: _is_number(norm, cells[n]), range(numbered[0], len(cells))))
    if run[-1] != len(cells) - 1 or any(_is_number(norm, cells[n]) for n in before):
        return False
    for header_lines in (2, 1):
        labels = before[header_lines:]
        if len(labels) >= 2 and len(run) in (len(labels), len(labels) + 1):
            header = regex.sub(r"\s+", "", texts[before[header_lines - 1]])
            table = Table((), tuple(regex.sub(r"\s+", "", texts[n]) for n in before[:header_lines]))
            unit = _column_unit(header, table_unit)
            for label, value in zip(labels, run):
                found[cells[value][0]] = Cell(table, value, header_lines - 1, cells[label], header, unit)
            return True
    return False


# A table's title above its header (2012年主要农产品产量, 表3 …).
_TITLE = regex.compile(r"(?:19|20)[0-9]{2}\s*年|^表\s*[0-9一二三四五六七八九十]")


def _rate_header() -> regex.Pattern[str]:
    """A column header naming a rate or a change (执行率, 同比增长): it takes no table unit (cues.tsv)."""
    pattern: regex.Pattern[str] = cues().patterns["rate_header"]
    return pattern
