"""Tables of standard forms (lexicons/forms.tsv): where a converter leaves a form's cells one a line, in an order of
its own, with no unit by their numbers, the form says what each cell is.

A PDF of a 政府信息公开工作年度报告 gives its table of requests as the labels of a page's rows, then 91 numbers, a
column at a time; the form knows the rows and columns, so the 13 rows of that page and the 7 columns place every
number, and a total the numbers add up to says whether they came a column or a row at a time. Each number becomes a
``layout.Cell``: its unit, its row's label as found in the text (its subject), its column, and the total it is part of.

Works on the normalized text; every span is an offset of the original.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import regex

from .errors import LexiconError
from .layout import Cell, Table, _is_number, _split
from .lexicon import bundled, choice, on_reload

ORDERS = frozenset({"columns", "rows"})


@dataclass(frozen=True)
class Total:
    """A row (or column) that is the sum of the rows (columns) from ``first`` to ``last``, by index."""

    across: str  # "row" or "column"
    total: int
    first: int
    last: int


@dataclass(frozen=True)
class FormTable:
    heading: regex.Pattern[str]
    unit: str
    order: str
    rows: tuple[regex.Pattern[str], ...]
    columns: tuple[str, ...]
    totals: tuple[Total, ...]


@cache
def form_tables() -> tuple[FormTable, ...]:
    tables = []
    for row in bundled("forms.tsv", 6):
        heading, unit, _, rows, columns, totals = row.fields
        try:
            patterns = [regex.compile(heading), *(regex.compile(r) for r in rows.split("|"))]
        except regex.error as exc:
            raise LexiconError(f"{row.where()}: bad regular expression: {exc}") from exc
        row_names, column_names = rows.split("|"), tuple(columns.split("|"))
        parsed = []
        for spec in ([] if totals == "-" else totals.split(";")):
            found = regex.fullmatch(r"(row|column):(.+)=(.+)\.\.(.+)", spec)
            names = row_names if found and found[1] == "row" else list(column_names)
            if found is None or not {found[2], found[3], found[4]} <= set(names):
                raise LexiconError(f"{row.where()}: {spec!r} is no total of rows or columns of this table "
                                   "(row:TOTAL=FIRST..LAST, each named as in its list)")
            parsed.append(Total(found[1], names.index(found[2]), names.index(found[3]), names.index(found[4])))
        tables.append(FormTable(patterns[0], unit, choice(row, 2, ORDERS), tuple(patterns[1:]), column_names, tuple(parsed)))
    return tuple(tables)


on_reload(form_tables, "forms.tsv")

# A page number between a table's cells (- 3 -, 第3页) is no cell and parts no run of cells.
_PAGE_NUMBER = regex.compile(r"\s*(?:-\s*[0-9]+\s*-|第\s*[0-9]+\s*页(?:\s*共\s*[0-9]+\s*页)?)\s*")
# A numbering before a row's label (（四）, 1., 一、) is not what the row counts.
_NUMBERING = regex.compile(r"^(?:[(（][一二三四五六七八九十]+[)）]|[0-9]+[.．、]|[一二三四五六七八九十]+、)+")


def form_cells(norm: str) -> dict[int, Cell]:
    """The cells of every form table in ``norm``, by the start of their number."""
    tables = form_tables()
    if not any(t.heading.search(norm) for t in tables):
        return {}
    lines = [(m.start(), m.group()) for m in regex.finditer(r"[^\n]+", norm) if m.group().strip()]
    found: dict[int, Cell] = {}
    # A heading is a line of its own: a sentence citing 第二十条第（一）项 opens no table (punctuation as normalized).
    opened = [(n, t) for n, (_, text) in enumerate(lines) for t in tables
              if t.heading.search(text) and not any(mark in text for mark in "。,;")]
    for k, (n, table) in enumerate(opened):
        end = opened[k + 1][0] if k + 1 < len(opened) else len(lines)
        prose = next((m for m in range(n + 1, end) if "。" in lines[m][1]), end)
        _read_table(norm, table, lines[n + 1:prose], found)
    return found


def _read_table(norm: str, table: FormTable, lines: list[tuple[int, str]], found: dict[int, Cell]) -> None:
    labels = _labels(table, lines)
    runs: list[list[tuple[int, int]]] = [[]]
    for at, text in lines:
        if _PAGE_NUMBER.fullmatch(text):
            continue
        for cell in _split(at, text):
            if _is_number(norm, cell):
                runs[-1].append(cell)
            elif runs[-1]:
                runs.append([])
    width = len(table.columns)
    placed: dict[tuple[int, int], tuple[int, int]] = {}
    first_row = 0
    for run in runs:
        height, left = divmod(len(run), width)
        if not run or left or first_row + height > len(table.rows):
            break  # the run is not whole rows of this table: where its cells stand is not known
        values = [Decimal(norm[slice(*cell)].replace(",", "").rstrip("%‰")) for cell in run]
        grid = _grid(table, values, height, first_row)
        for i, cell in enumerate(run):
            row, place = (i % height, i // height) if grid.by_columns else (i // width, i % width)
            placed[first_row + row, grid.columns[place]] = cell
        first_row += height
    table_of = Table((), table.columns)
    for (row, column), cell in placed.items():
        found[cell[0]] = Cell(table_of, row, column, labels[row], table.columns[column], table.unit,
                              in_form=True, total=_total_of(table, placed, row, column))
    # Numbers whose place is not known still have the table's unit.
    for run in runs:
        for cell in run:
            if cell[0] not in found:
                found[cell[0]] = Cell(table_of, 0, 0, None, "", table.unit, in_form=True)


def _labels(table: FormTable, lines: list[tuple[int, str]]) -> list[tuple[int, int] | None]:
    """The span of each row's label in the text, each looked for after the one before it (the column headers above
    the rows may repeat a row's word: 总计)."""
    spans: list[tuple[int, int] | None] = []
    line = 0
    for pattern in table.rows:
        for n in range(line, len(lines)):
            at, text = lines[n]
            hit = pattern.search(text)
            if hit is None:
                continue
            start = text.rfind(" ", 0, hit.start()) + 1
            end = text.find(" ", hit.end())
            word = text[start:end if end != -1 else len(text)]
            numbering = _NUMBERING.match(word)
            skipped = numbering.end() if numbering else 0
            spans.append((at + start + skipped, at + start + len(word)))
            line = n + 1
            break
        else:
            spans.append(None)
    return spans


def _grid(table: FormTable, values: list[Decimal], height: int, first_row: int) -> _Grid:
    """How ``values`` lie: the order whose totals within these rows add up, when only one does, else the form's usual
    order; where neither adds up, a total column a converter moved next to its neighbour (page 1 of a form: 自然人 … 法律
    服务机构, 总计, 其他) is put back, the nearest column that adds up taken for it."""
    width = len(table.columns)
    same = tuple(range(width))
    grids = {order: _Grid(values, height, width, order == "columns", same) for order in ("columns", "rows")}
    adds_up = {order: _adds_up(table, grid, first_row) for order, grid in grids.items()}
    if adds_up["columns"] != adds_up["rows"]:
        return grids["columns" if adds_up["columns"] else "rows"]
    usual = grids[table.order]
    if adds_up[table.order]:
        return usual
    for total in (t for t in table.totals if t.across == "column"):
        for moved in sorted((c for c in range(width) if c != total.total), key=lambda c: abs(c - total.total)):
            places = list(same)
            places[moved], places[total.total] = total.total, moved
            for order in (table.order, "rows" if table.order == "columns" else "columns"):
                grid = _Grid(values, height, width, order == "columns", tuple(places))
                if _adds_up(table, grid, first_row):
                    return grid
    return usual


@dataclass(frozen=True)
class _Grid:
    """The numbers of a run of whole rows, read in one order; ``columns`` is the column at each place."""

    values: list[Decimal]
    height: int
    width: int
    by_columns: bool
    columns: tuple[int, ...]

    def at(self, row: int, column: int) -> Decimal:
        place = self.columns.index(column)
        return self.values[place * self.height + row] if self.by_columns else self.values[row * self.width + place]

    def sum(self, cells: list[tuple[int, int]]) -> Decimal:
        return sum((self.at(r, c) for r, c in cells), Decimal(0))


def _adds_up(table: FormTable, grid: _Grid, first_row: int) -> bool:
    """Every total of the table that lies within the grid's rows is the sum of its parts (and there is one)."""
    checks = []
    for total in table.totals:
        if total.across == "column":
            parts = range(total.first, total.last + 1)
            checks += [grid.at(r, total.total) == grid.sum([(r, c) for c in parts]) for r in range(grid.height)]
        elif first_row <= total.first and total.total < first_row + grid.height:
            parts = range(total.first - first_row, total.last - first_row + 1)
            checks += [grid.at(total.total - first_row, c) == grid.sum([(r, c) for r in parts]) for c in range(grid.width)]
    return bool(checks) and all(checks)


def _total_of(table: FormTable, placed: dict[tuple[int, int], tuple[int, int]], row: int, column: int) -> int | None:
    """The start of the number this cell is a part of, by the table's first total."""
    if not table.totals:
        return None
    total = table.totals[0]
    if total.across == "row" and total.first <= row <= total.last:
        cell = placed.get((total.total, column))
    elif total.across == "column" and total.first <= column <= total.last:
        cell = placed.get((row, total.total))
    else:
        return None
    return cell[0] if cell else None
