"""Figures in tables and under indicator lines: a cell's row label and column header say what it counts
and how it stands, and the rows under a total, or adding up to one, are its parts."""
from __future__ import annotations

from decimal import Decimal

import regex

from ..layout import Cell
from ..lexicon import cues
from .context import _Draft
from .parents import _fits_in
from .subject import MAX_SUBJECT_CHARS
from .vocab import Vocabulary


def _read_cell(d: _Draft, cell: Cell, vocab: Vocabulary) -> None:
    """A figure alone in a table cell counts its row's label, in the sense of its column's header.

    | 绩效指标 | 年度目标值 | 实际值 | 达成率 |: the first figure of a row is a target, the next a result,
    the last a completion rate.
    """
    if cell.label is not None:
        d.subject, d.subject_side = cell.label, "table"
    header = cell.header
    for cue in vocab.measures:
        if cue.word in header and cue.value != "amount":
            d.measure = cue.value
            break
    if any(word in header for word in vocab.sections["target_block"]):
        d.status = "target"
    elif any(word in header for word in vocab.sections["result_block"]):
        d.status = "achieved"


# How many lines above a 目标值：/实际值： line its 衡量指标： line may stand.
INDICATOR_LINES = 4


def _read_indicator_line(norm: str, d: _Draft, vocab: Vocabulary) -> None:
    """衡量指标：主要水库有效蓄水量 ⏎ 目标值：5,200万立方米 ⏎ 实际值：5,468万立方米: a figure after a block
    label on its line counts what the indicator line above names."""
    line_start = norm.rfind("\n", 0, d.quantity.start) + 1
    label = _LINE_LABEL.match(norm, line_start, d.quantity.start)
    if label is None or label["label"] not in vocab.block_labels:
        return
    at = line_start - 1
    for _ in range(INDICATOR_LINES):
        if at <= 0:
            return
        start = norm.rfind("\n", 0, at) + 1
        named = _LINE_LABEL.match(norm, start, at)
        if named and named["label"] in vocab.sections["indicator"]:
            phrase_start = named.end()
            phrase_end = min(at, phrase_start + MAX_SUBJECT_CHARS * 2)
            if phrase_end > phrase_start:
                d.subject, d.subject_side = (phrase_start, phrase_end), "table"
            return
        at = start - 1


_LINE_LABEL = regex.compile(r"[ \t]*(?:[0-9一二三四五六七八九十]+[、.．]\s*)?(?P<label>[^\s：:，。]{2,8})\s*[：:]\s*")


def _table_totals(norm: str, drafts: list[_Draft], cells: dict[int, Cell], vocab: Vocabulary) -> None:
    """| 合计 | 1,238 公里 | over | 北区 | 286 公里 |: the rows under a total row are its parts, column by column;
    a row marked as a part (#水稻, 其中：非农业) is a part of the nearest unmarked row above it."""
    totals: dict[tuple[int, int], int] = {}
    above: dict[tuple[int, int], int] = {}
    for i, cell in sorted(cells.items()):
        key = (id(cell.table.first), cell.column)
        label = norm[slice(*cell.label)] if cell.label else ""
        d = drafts[i]
        if label.startswith(vocab.row_part_marks):
            if key in above and d.parent is None and _fits_in(drafts[above[key]], d):
                d.parent = above[key]
            continue
        above[key] = i
        if label.startswith(vocab.total_words) or label in vocab.total_words:
            totals[key] = i
        elif key in totals and d.parent is None and _fits_in(drafts[totals[key]], d):
            d.parent = totals[key]
    columns: dict[tuple[int, int], list[int]] = {}
    for i, cell in sorted(cells.items()):
        columns.setdefault((id(cell.table.first), cell.column), []).append(i)
    for rows in columns.values():
        _rows_that_add_up(drafts, rows, [cells[i].rank for i in rows])
    _within_rows(norm, drafts, cells)


def _form_totals(drafts: list[_Draft], cells: dict[int, Cell]) -> None:
    """A standard form's cell is a part of the total the form names (forms.tsv), and of nothing its numbers happen to
    add up to (0 ⏎ 0 ⏎ 1 under 1 is no sum)."""
    by_start = {d.quantity.start: i for i, d in enumerate(drafts)}
    for i, cell in cells.items():
        drafts[i].parent = by_start.get(cell.total) if cell.total is not None else None


def _within_rows(norm: str, drafts: list[_Draft], cells: dict[int, Cell]) -> None:
    """5 | 全面推进河长制信息平台建设 | 11 | 1.…得2分。2.…得6分。3.…得3分。: figures written in a row's prose, after
    its value and in its unit, that add up to that value are its parts."""
    for i in sorted(cells):
        total = drafts[i]
        value = total.quantity.value
        if total.measure != "amount" or value is None or value <= 0:
            continue
        line_end = norm.find("\n", total.quantity.end)
        line_end = len(norm) if line_end == -1 else line_end
        parts = []
        for k in range(i + 1, len(drafts)):  # figures are in text order: the row's end ends the search
            q = drafts[k].quantity
            if q.start >= line_end:
                break
            # Figures in other units (至少3次) say something else of the row; a deduction (少一次扣1分) is no part.
            if q.unit == total.quantity.unit and not norm.endswith(cues().words["deduction"], 0, q.start):
                parts.append(k)
        if len(parts) < 2 or any(k in cells or drafts[k].parent is not None or not _fits_in(total, drafts[k]) for k in parts):
            continue
        added = sum((drafts[k].quantity.value or Decimal(0) for k in parts), Decimal(0))
        if abs(added - value) <= value * SUM_TOLERANCE:
            for k in parts:
                drafts[k].parent = i


# How far the parts of a table total may miss it: the rounding of each part's last written digit.
SUM_TOLERANCE = Decimal("0.002")


def _rows_that_add_up(drafts: list[_Draft], rows: list[int], ranks: list[int | None]) -> None:
    """地区生产总值 4000.5 over 第一产业 153.6, 第二产业 3235.9 (工业 3157.4, 建筑业 78.5), 第三产业 611.0:
    a row is the total of the rows right under it when they add up to it, each part taken with
    its own parts (a sum nested in a sum), so a statistical table's levels come out without indents.
    Rows numbered alike (1 4分, 2 2分, 3 2分) are siblings, whatever they add up to: a part is numbered at a
    lower level than its total (一、 31分 over 1 5分 …), or its total is not numbered.
    """
    ends: dict[int, int] = {}

    def subtree_end(at: int) -> int:
        """The row after ``at`` and the parts it totals."""
        if at in ends:
            return ends[at]
        ends[at] = at + 1
        total = drafts[rows[at]]
        value = total.quantity.value
        if total.measure != "amount" or value is None or value <= 0:
            return at + 1
        added, child, children = Decimal(0), at + 1, []
        while child < len(rows) and added < value * (1 - SUM_TOLERANCE):
            part = drafts[rows[child]]
            if part.parent is not None and part.parent != rows[at] or not _fits_in(total, part):
                break
            mine, theirs = ranks[at], ranks[child]
            if mine is not None and theirs is not None and theirs <= mine:
                break
            children.append(child)
            added += part.quantity.value or 0
            child = subtree_end(child)
        # One part equal to its total is a part only where the numbering says so (二、 2分 over 7 … 2分).
        numbered_under = bool(children) and ranks[at] is not None and ranks[children[0]] is not None
        if (len(children) >= 2 or numbered_under) and abs(added - value) <= value * SUM_TOLERANCE:
            for c in children:
                drafts[rows[c]].parent = rows[at]
            ends[at] = child
        return ends[at]

    at = 0
    while at < len(rows):
        at = subtree_end(at)
