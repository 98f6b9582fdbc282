"""Whether a numeric expression is a figure the document reports, or why not (a name, a date, a year,
a list marker …): the reason is kept, so that nothing is dropped without a trace."""
from __future__ import annotations

import bisect
import math

import regex

from ..lexicon import cues
from ..segmentation import segmenter
from .patterns import _CLAUSE_END, MONEY, Grammar
from .quantity import _Reading

# 一 before these measure words and a noun is an article (一批观测点, 一位专家); before a measure
# (近一吨冰毒, 一公里) it is one of them.
ARTICLE_CATEGORIES = frozenset({"count", "person", "other", "duration"})
MAX_NAME_CHARS = 24
# How far a place name that begins with a numeral may reach (六盘水, 五指山).
PLACE_CHARS = 6
_WEB_ADDRESS = regex.compile(r"(?:https?://|www\.)[^\s，。；、“”（）()<>]+")
_OPENERS = {"“": "”", "「": "」", "『": "』", "《": "》", "〈": "〉", '"': '"'}
_MARKS = regex.compile("[" + regex.escape("".join(_OPENERS) + "".join(_OPENERS.values())) + "\n]")


def quoted_spans(norm: str) -> list[tuple[int, int]]:
    """Spans inside quotation and title marks, found in one pass over the marks (no nesting needed)."""
    spans = []
    closer = None
    opened = 0
    for m in _MARKS.finditer(norm):
        i, ch = m.start(), m.group()
        if closer is not None and (ch == "\n" or i - opened > 200):
            closer = None  # an unbalanced mark must not swallow the rest of the document
        if closer is None:
            if ch in _OPENERS:
                closer, opened = _OPENERS[ch], i
        elif ch == closer:
            spans.append((opened, i + 1))
            closer = None
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_right(spans, (start, math.inf)) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def _name_spans(norm: str, g: Grammar) -> list[tuple[int, int, str]]:
    spans = []
    for found in g.name_start.finditer(norm, overlapped=True):
        start = found.start()
        for name, kind in g.names_by_first[norm[start]]:
            if norm.startswith(name, start):
                spans.append((start, start + len(name), kind))
    spans.sort()
    return spans


def _covered(spans: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    """The kind of the sorted, possibly overlapping, short span that holds [start, end), if one does."""
    i = bisect.bisect_right(spans, (start, math.inf)) - 1
    while i >= 0 and spans[i][0] >= start - MAX_NAME_CHARS:
        if spans[i][0] <= start and end <= spans[i][1]:
            return spans[i][2]
        i -= 1
    return None


_FRACTION_OF_YEARS = regex.compile(r"[0-9]{1,2}\.[0-9]{1,2}")
# How far before a number of years the word naming it a length may stand (受教育年限达到).
YEARS_LENGTH_REACH = 8


def _classify(norm: str, r: _Reading, g: Grammar, quotes: list[tuple[int, int]], names: list[tuple[int, int, str]]) -> None:
    kind, reason = _nonfigure(norm, r, g, quotes, names)
    if kind:
        r.kind, r.reason = kind, reason


def _nonfigure(norm: str, r: _Reading, g: Grammar,
               quotes: list[tuple[int, int]], names: list[tuple[int, int, str]]) -> tuple[str | None, str | None]:
    unit = r.unit
    category = unit.category if unit else None
    after_text = norm[r.end:r.end + 12]
    before_text = norm[max(0, r.start - 12):r.start]
    if _inside(quotes, r.start, r.end):
        return "name", "inside quotation or title marks, or a web address: a slogan or a name"
    listed = _covered(names, r.start, r.number_end)
    if listed:
        return listed, f"{listed}: part of a word listed in nonfigures.tsv"
    if unit is not None and not any(c.isdigit() for c in r.number_text):
        word, tag = segmenter().words(norm[r.start:r.start + PLACE_CHARS])[0]
        if tag == "ns" and len(word) > r.end - r.start:
            return "name", f"the start of the place name {word!r}"  # 六盘水: no 6 盘
    rules = [*g.unit_rules.get(unit.surface, ()), *g.unit_rules.get(unit.unit, ())] if unit else []
    if g.general_screen["before"].search(before_text) or g.general_screen["after"].search(after_text):
        rules.extend(g.general_rules)
    for rule in rules:
        not_a_span = category != "duration" or (unit is not None and unit.surface in {"月", "日"})
        if not rule.applies_to(unit) or (rule.kind == "period" and not_a_span) or (rule.kind == "vague" and any(c.isdigit() for c in r.number_text)):
            continue
        hit = rule.pattern.search(before_text if rule.how == "before" else after_text)
        if hit:
            return rule.kind, f"{rule.kind}: matches {rule.pattern.pattern!r} {rule.how} it"
    at_line_start = r.start == 0 or norm[r.start - 1] in "\n(（ \t"
    if at_line_start and norm[r.number_end:r.number_end + 1] in {"、", ".", ")", "）"} and unit is None:
        return "list_marker", "a list marker"
    if norm[r.number_end:r.number_end + 1] == "是" and unit is None:
        return "list_marker", "a list marker (一是, 二是)"
    if unit is None:
        if r.number_end < len(norm) and norm[r.number_end] in "年":
            return "year", "a year"
        return "bare", "a number without a unit counts nothing"
    value = r.value
    digits_only = r.number_text.isdigit() or all(c in "〇零一二三四五六七八九" for c in r.number_text)
    if unit.unit == "年":
        if digits_only and len(r.number_text) == 4:
            return "year", "a year"
        if value is not None and 40 <= value <= 150 and r.number_text.isdigit() and len(r.number_text) <= 3:
            return "year", "a year of the Republic of China calendar"
        # 平均受教育年限9.6年: a fraction of years is a length measured, no span that frames the report (but 1.114 年 is a
        # list marker before a year of the Republic of China calendar).
        # 平均受教育年限达11年: nor is a whole number of years a length named as such (cues.tsv years_length).
        named = cues().patterns["years_length"].search(norm, max(0, r.start - YEARS_LENGTH_REACH), r.start)
        if named is None and (value is None or value == value.to_integral_value() or not _FRACTION_OF_YEARS.fullmatch(r.number_text)):
            return "period", "a span of years frames the report; it is not a figure of it"
    if unit.unit in {"月", "日"} and not unit.surface.startswith("个"):
        limit = 12 if unit.unit == "月" else 31
        if value is not None and value == value.to_integral_value() and 1 <= value <= limit:
            return "date", "a date"
    if r.number_text == "二" and category in {"count", "currency"} and unit.surface != "个" and r.approx != "range":
        return "ordinal", "二 before a measure word names an order or a kind (二期, 二次创业, 二元); two of a thing is 两"
    if len(r.number_text) == 1 and r.number_text in cues().words["financial_digit"] and category not in MONEY:
        return "name", "a 大写 numeral alone writes money; before another measure word it is part of a word (登陆部队, 拾起)"
    if r.number_text in {"零", "〇"}:
        return "qualifier", "零 alone before a measure word is part of a word (零部件, 零组件), not the figure 0"
    if r.number_text == "一" and category in ARTICLE_CATEGORIES and r.approx != "range" and after_text[:1] not in _CLAUSE_END:
        return "article", "一 before a measure word and its noun is an article (一批观测点, 一次性), not a count"
    prev = norm[r.start - 1:r.start] if r.start else ""
    if prev and (prev.isascii() and prev.isalpha() or prev in "#№"):
        return "code", "a code (letters before the number)"
    return None, None
