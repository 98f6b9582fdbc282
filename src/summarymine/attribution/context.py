"""A document's boundaries, found once for all its figures (sentences, clauses, lines, the parts about
the past and the year ahead, labelled blocks, target lists, tables), and ``Reading``, text read through
layout: each figure's questions become bisections and bounded windows, so attribution stays linear."""
from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from ..layout import Tables
from ..lexicon import cues, on_reload
from ..quantities import Quantity
from .vocab import Vocabulary, vocabulary

SENTENCE_END = "。！？；;!?\n"
# A clause this short can open a breakdown (分季节看，; 循环利用量依来源部门区分，).
OPENER_CHARS = 24
# A line this long that ends without punctuation was wrapped, not ended (PDF text, 30–45 characters a line).
WRAPPED_LINE = 28
CLAUSE_END = SENTENCE_END + "，,：:"
_LINE_ENDS = frozenset(SENTENCE_END + "：:")
# A line and the line breaks after it (a blank line too: some converters write one between wrapped lines).
_LINE = regex.compile(r"^([^\n]+)(\n+)", regex.MULTILINE)
# Text wrapped at its own width (22 characters a line): lines that short ending without punctuation are wrapped
# when at least this share of the long lines (LAID_OUT characters or more) are as long, give or take WIDTH_SLACK.
LAID_OUT = 12
WIDTH_SHARE = 0.3
WIDTH_SLACK = 3
LONGER_SHARE = 0.1
WIDTH_LINES = 20  # a page's width shows in many lines, not in a few short ones
# Lines no longer than this are a page's width, not paragraphs written a line each; a text is wrapped when at least
# this share of its long lines are so, and as large a share of its line breaks have a blank line after them.
PAGE_WIDTH = 50
WRAPPED_SHARE = 0.6
_CLAUSE_END = regex.compile(f"[{regex.escape(CLAUSE_END)}]")
_HARD_ENDS = frozenset("。！？!?\n")
# How far back an opening bracket or title mark still encloses a word.
ENCLOSED_REACH = 40
# A window that skips layout may be at most this many times longer than the text it holds.
LAYOUT_FACTOR = 8
# A heading line: a list marker of the first levels, a chapter, or a numbered section (3.1.2).
_HEADING = regex.compile(
    r"^[ \t|]*(?:[一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾]+[、.]|第[一二三四五六七八九十0-9]+[章节篇]|[0-9]{1,2}(?:\.[0-9]{1,2}){2,}[ \t])",
    regex.MULTILINE)


class Context:
    """One document's sentence, clause, paragraph and section boundaries, found once for all its figures.

    Every question a figure asks of its surroundings is a bisection into these lists or a read of a
    window of bounded length, so attribution stays linear in the length of the text.
    """

    def __init__(self, norm: str, vocab: Vocabulary, year: int | None = None) -> None:
        self.norm = norm
        self.line_starts = [0] + [m.end() for m in regex.finditer("\n", norm)]
        wrapped = self._wrapped_lines()
        bracketed = _bracketed_semicolons(norm)
        self.clause_ends = [at for at in _starts(_CLAUSE_END, norm) if at not in wrapped]
        self.sentence_ends = [at for at in self.clause_ends if norm[at] in SENTENCE_END and at not in bracketed]
        self.hard_ends = [at for at in self.clause_ends if norm[at] in _HARD_ENDS]
        self.year = year
        self.parts = _parts(norm, vocab, year)
        self._part_starts = [at for at, _, _ in self.parts]
        # Not the years of a plan's name (《保定市国土空间总体规划（2021—2035年）》): they frame no figure.
        self.span_words = [m.start() for m in cues().patterns["span"].finditer(norm) if not _enclosed(norm, m.start())]
        self.blocks = _blocks(norm, vocab)
        self.target_lists = _target_lists(norm, vocab, self)
        self.tables = Tables(norm)
        self.openers = self._openers(vocab.part_opener, vocab.part_opener_ends) if vocab.part_opener else []

    def _openers(self, opener: regex.Pattern[str], ends: frozenset[str] | None) -> list[tuple[int, int]]:
        """Short clauses ending in a comma or colon that open a breakdown, as (opener start, clause end + 1)."""
        found = []
        start = 0
        for end in self.clause_ends:
            if end - start <= OPENER_CHARS and self.norm[end] in "，,：:" and (ends is None or self.norm[end - 1:end] in ends):
                m = opener.fullmatch(self.norm, start, end)
                if m is not None:
                    found.append((m.start("opener"), end + 1))
            start = end + 1
        return found

    def _wrapped_lines(self) -> frozenset[int]:
        """Line breaks inside a sentence: text laid out from a PDF wraps long lines anywhere, at 30–45
        characters, or at the width of its own page (most of its lines as long), with a blank line between."""
        lines = [(m.group(1).strip(), m.start(2), m.end(2)) for m in _LINE.finditer(self.norm)]
        widths = Counter(len(line) for line, _, _ in lines if len(line) >= LAID_OUT)
        shortest = WRAPPED_LINE
        if widths:
            width = widths.most_common(1)[0][0]
            near = sum(n for w, n in widths.items() if abs(w - width) <= WIDTH_SLACK)
            longer = sum(n for w, n in widths.items() if w > width + WIDTH_SLACK)
            # Paragraphs written a line each are longer than their headings: no width holds the text.
            if near >= max(WIDTH_LINES, WIDTH_SHARE * sum(widths.values())) and longer <= LONGER_SHARE * sum(widths.values()):
                shortest = min(shortest, width - WIDTH_SLACK)
        # A text whose lines are wrapped (most of them no longer than a page is wide) with a blank line after each:
        # a long line's blank line is no paragraph's end either (國際人⏎⏎才延攬人數 317 人).
        laid_out = sum(widths.values())
        spaced = (laid_out >= WIDTH_LINES and sum(n for w, n in widths.items() if w <= PAGE_WIDTH) >= WRAPPED_SHARE * laid_out
                  and sum(end - breaks == 2 for _, breaks, end in lines) >= WRAPPED_SHARE * len(lines))
        wrapped: set[int] = set()
        for line, breaks, end in lines:
            if len(line) < shortest or line[-1] in _LINE_ENDS:
                continue
            if (shortest < WRAPPED_LINE or spaced and len(line) >= WRAPPED_LINE) and end - breaks <= 2:
                wrapped.update(range(breaks, end))  # 預計 2028 年可新增半導體產⏎⏎值 2.66 兆元
            elif len(line) >= WRAPPED_LINE:
                wrapped.add(breaks)
        return frozenset(wrapped)

    def line_start(self, at: int) -> int:
        return self.line_starts[bisect.bisect_right(self.line_starts, at) - 1]

    def heading_before(self, at: int) -> tuple[int, int] | None:
        """The title of the numbered heading whose part ``at`` opens (一、軌道建設, （三）綠能建設): the heading line
        right before its paragraph, blank lines, page numbers and short lines aside, within HEADING_REACH."""
        i = bisect.bisect_right(self.line_starts, at) - 1
        seen = 0
        while i > 0 and seen < HEADING_REACH:
            i -= 1
            start = self.line_starts[i]
            line = self.norm[start:self.line_starts[i + 1] - 1]
            seen += len(line)
            heading = _NUMBERED_HEADING.fullmatch(line)
            if heading is not None:
                return start + heading.start("title"), start + heading.end("title")
            if any(p in line for p in "。；;"):
                return None  # a paragraph of its own stands between
        return None

    def line_end(self, at: int) -> int:
        i = bisect.bisect_right(self.line_starts, at)
        return self.line_starts[i] - 1 if i < len(self.line_starts) else len(self.norm)

    def _around(self, ends: list[int], start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_left(ends, start)
        left = ends[i - 1] + 1 if i > 0 else 0
        j = bisect.bisect_left(ends, end)
        right = ends[j] if j < len(ends) else len(self.norm)
        return left, right

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        left, right = self._around(self.sentence_ends, start, end)
        while left < right and self.norm[left].isspace():
            left += 1
        return left, right

    def clause(self, start: int, end: int) -> tuple[int, int]:
        return self._around(self.clause_ends, start, end)

    def full_sentence(self, start: int) -> tuple[int, int]:
        """The sentence up to its full stop, over semicolons (for 其中 that opens a sentence)."""
        return self._around(self.hard_ends, start, start)

    def sentence_before(self, at: int) -> int:
        """Where the full sentence before the one ``at`` opens starts, over the blank lines between
        (…預估達成率 93.63%；⏎⏎其中，一般公共建設計畫…: the layout's blank line is no sentence)."""
        start = at
        while start:
            start = self.full_sentence(start - 1)[0]
            if self.norm[start:at].strip():
                break
        return start

    def section(self, at: int) -> str:
        """``plan`` after the heading of the year ahead, ``span`` after a heading on several years, else ``review``.

        A paragraph there that opens on an earlier year (2023年，全县地区生产总值完成186.4亿元) looks back.
        """
        i = bisect.bisect_left(self._part_starts, at) - 1
        kind = self.parts[i][1] if i >= 0 else "review"
        if kind.startswith("span"):
            return "span"
        if kind == "review" or last_year_opening().match(self.norm, self.full_sentence(at)[0]):
            return "review"  # 去年年底通过托管、共建方式，…由14平方公里扩大到130平方公里: the year before, in the plan
        plan_year = self.parts[i][2]
        if plan_year is not None:
            opening = retrospect_pattern().match(self.norm, self.line_start(at))
            if opening is not None and (opening["year"] is None or int(opening["year"]) < plan_year):
                return "review"
        return "plan"

    def plan_end(self, at: int) -> int | None:
        """The last year of the five-year plan whose heading opens the part ``at`` stands in (二、“十二五”时期…: 2015)."""
        i = bisect.bisect_left(self._part_starts, at) - 1
        return self.parts[i][2] if i >= 0 and self.parts[i][1] == "span_ahead" else None

    def span_began(self, at: int) -> int | None:
        """The year before the first of the five a look back the part ``at`` stands in covers (一、“十一五”时期…取得重大成就:
        2005), from its heading's plan or the year reported on: where the changes it states started."""
        i = bisect.bisect_left(self._part_starts, at) - 1
        if i < 0 or self.parts[i][1] != "span_back":
            return None
        last = self.parts[i][2] or self.year
        return last - 5 if last is not None else None

    def looks_ahead(self, at: int) -> bool:
        """In a part about the year or the years ahead (a paragraph opening on an earlier year aside)."""
        i = bisect.bisect_left(self._part_starts, at) - 1
        return self.section(at) == "plan" or (i >= 0 and self.parts[i][1] == "span_ahead")

    def span_word(self, at: int) -> int | None:
        """Where a word like 年均 or 五年来 stands earlier in the figure's paragraph, if one does."""
        i = bisect.bisect_left(self.span_words, at)
        return self.span_words[i - 1] if i > 0 and self.span_words[i - 1] >= self.line_start(at) else None

    def block_status(self, at: int) -> str | None:
        """``target`` or ``achieved`` inside a block a label opens (年度目标, 关键成果)."""
        i = bisect.bisect_right(self.blocks, (at, "~")) - 1
        return self.blocks[i][1] if i >= 0 and self.blocks[i][1] else None

    def in_target_list(self, at: int) -> bool:
        i = bisect.bisect_right(self.target_lists, (at, at)) - 1
        return i >= 0 and self.target_lists[i][0] <= at < self.target_lists[i][1]


def aside(norm: str, floor: int, at: int, end: int) -> bool:
    """Whether ``at`` stands in a bracket opened after ``floor`` and closed before ``end``: an aside, which says
    nothing of what follows it."""
    return norm.rfind("(", floor, at) > norm.rfind(")", floor, at) and norm.find(")", at, end) != -1


def _enclosed(norm: str, at: int) -> bool:
    """Whether ``at`` stands inside brackets or title marks opened within a short reach before it."""
    before = norm[max(0, at - ENCLOSED_REACH):at]
    return max(before.rfind("("), before.rfind("《")) > max(before.rfind(")"), before.rfind("》"))


def _starts(pattern: regex.Pattern[str], norm: str) -> list[int]:
    return [m.start() for m in pattern.finditer(norm)]


def _bracketed_semicolons(norm: str) -> frozenset[int]:
    """Semicolons inside brackets, which end no sentence: 8.74万吨（养殖产量7.92万吨；占90.6%），增长4.4%."""
    inside = set()
    depth = 0
    for m in _BRACKETS.finditer(norm):
        ch = m.group()
        if ch == "(":
            depth = min(depth + 1, 8)
        elif ch == ")" or ch == "\n":
            depth = max(depth - 1, 0) if ch == ")" else 0
        elif depth:
            inside.add(m.start())
    return frozenset(inside)


_BRACKETS = regex.compile(r"[()；;\n]")


def _blocks(norm: str, vocab: Vocabulary) -> list[tuple[int, str]]:
    """Where labelled blocks begin, with their status, and where headings end them (status "")."""
    labels = dict.fromkeys(vocab.sections["target_block"], "target")
    labels.update(dict.fromkeys(vocab.sections["result_block"], "achieved"))
    if not labels:
        return []
    label = regex.compile(
        r"^[ \t|]*(?:[(（][一二三四五六七八九十0-9]+[)）]|[0-9]+[.、])?[ \t]*(?P<label>"
        + "|".join(regex.escape(w) for w in sorted(labels, key=len, reverse=True)) + ")",
        regex.MULTILINE)
    found = [(m.start(), labels[m["label"]]) for m in label.finditer(norm)]
    if not found:
        return []
    found += [(m.start(), "") for m in _HEADING.finditer(norm)]
    return sorted(found)


def _target_lists(norm: str, vocab: Vocabulary, ctx: Context) -> list[tuple[int, int]]:
    """Paragraphs that declare the year's targets (主要预期目标是：…), as (start, end) spans.

    When the declaration ends its line (主要预期目标：), the list is in the lines that follow, up to a
    blank line or a heading.
    """
    words = vocab.sections["target_list"]
    if not words:
        return []
    # 主要预期目标是：, 主要预期目标确定为：
    opener = regex.compile("(?:" + "|".join(regex.escape(w) for w in words) + ")(?:确定|设定|定)?(?:是|为|[:：])")
    spans = []
    for m in opener.finditer(norm):
        end = ctx.line_end(m.end())
        if not norm[m.end():end].strip():
            while end < len(norm):
                following = ctx.line_end(end + 1)
                line = norm[end + 1:following]
                if not line.strip() or _HEADING.match(line):
                    break
                end = following
        spans.append((m.start(), end))
    return spans


@dataclass
class _Draft:
    quantity: Quantity
    sentence: tuple[int, int]
    clause: tuple[int, int]
    left_start: int
    next_start: int = 0
    subject: tuple[int, int] | None = None
    subject_side: str = ""
    measure: str = "amount"
    measure_at: int | None = None
    status: str | None = None
    parent: int | None = None
    as_of: str | None = None


def plan_start(norm: str, vocab: Vocabulary | None = None, year: int | None = None) -> int:
    """Where the part about the year (or years) ahead begins; past the end when the text has none. ``year`` is
    the year the document reports on, when known."""
    plans = [at for at, kind, _ in _parts(norm, vocab or vocabulary(), year) if kind in ("plan", "span_ahead")]
    return plans[0] if plans else len(norm) + 1


def _parts(norm: str, vocab: Vocabulary, year: int | None = None) -> list[tuple[int, str, int | None]]:
    """Where the parts about the year ahead begin, with the year their heading names, and where a
    heading that looks back (二、过去一年工作回顾, or a report's title repeated) returns to a review.
    ``year`` is the year the document reports on, when known."""
    parts: list[tuple[int, str, int | None]] = []
    for m in vocab.plan_heading.finditer(norm):
        if not any(word in m.group() for word in vocab.sections["review"]):
            named = _HEADING_YEAR.search(m.group())
            parts.append((m.start(), "plan", int(named["year"]) if named else None))
    # 今年政府工作的总体要求是：… opening a sentence: a report that gives its plan without a heading (or only its plan).
    parts += [(m.start(), "plan", None) for m in _PLAN_PARAGRAPH.finditer(norm)]
    dated = [(m.start(), int(m["year"]), m.group()) for m in _DATED_HEADING.finditer(norm)]
    parts += [(at, "plan", named) for at, named, _ in dated[1:] if named > dated[0][1]]
    # 三、2001年的工作 in the report on 2000 (after 一、“九五”回顾): a heading on the year after the one reported on.
    parts += [(at, "plan", named) for at, named, heading in dated if year is not None and named == year + 1
              and (at, "plan", named) not in parts and not any(word in heading for word in vocab.sections["review"])]
    headings = list(vocab.span_heading.finditer(norm))
    spans = {m.start(): any(word in m.group() for word in vocab.sections["review"]) for m in headings}
    # A heading on the years ahead is often a plan heading too (主要目标任务, or its last line when a layout
    # broke it): the years win.
    parts = [part for part in parts if not any(m.start() <= part[0] < m.end() for m in headings)]
    # A part on the years ahead carries the last year of the five-year plan its heading names (“十二五”: 2015).
    parts += [(m.start(), "span_back" if spans[m.start()] else "span_ahead", plan_end_year(m.group())) for m in headings]
    for at, back in spans.items():
        # 一、过去五年工作回顾 … 刚刚过去的2022年，…: the five years, then the year just ended (before the next part).
        until = min((start for start, _, _ in parts if start > at), default=len(norm))
        returns = vocab.year_review.search(norm, at + 1, until) if back else None
        if returns is not None:
            parts.append((returns.start(), "review", None))
    if parts:
        parts += [(m.start(), "review", None) for m in vocab.review_heading.finditer(norm, parts[0][0] + 1)]
    parts.sort()
    return parts


# The name of a five-year plan (九五, 十二五): the Nth plan ends in 1955 + 5N (十一五: 2006–2010).
FIVE_YEAR_PLAN = regex.compile(r"(?P<n>[八九]|十[一二三四五六七八九]?)五")
_PLAN_NUMBERS = {"八": 8, "九": 9, "十": 10, **{f"十{c}": 10 + k for k, c in enumerate("一二三四五六七八九", 1)}}


def plan_end_year(text: str) -> int | None:
    """The last year of the five-year plan ``text`` names (十二五 → 2015), if it names one."""
    plan = FIVE_YEAR_PLAN.search(text)
    return 1955 + 5 * _PLAN_NUMBERS[plan["n"]] if plan else None


# How far back a figure's paragraph looks for the heading of its part.
HEADING_REACH = 200
_NUMBERED_HEADING = regex.compile(
    r"[ \t]*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]、?|[0-9]{1,2}[、.．])[ \t]*"
    r"(?P<title>[^\s\p{P}][^\s。，,；;：:]{1,23})[ \t]*")
_HEADING_YEAR = regex.compile(r"(?P<year>(?:19|20)[0-9]{2})年")
# A sentence that opens on 今年 and its targets, a layout's line breaks and all (今年国民⏎⏎经济和社会发⏎⏎展的主要预期目标是：).
_PLAN_PARAGRAPH = regex.compile(r"(?:^|(?<=[。！？!?]))[ \t　]*今年[^。，,：:]{0,16}?(?:总体要求|预期目标)(?:是|为)?[：:，,]", regex.MULTILINE)
# 一、2022年工作回顾 … 二、2023年主要工作: numbered headings that name a year; or, unnumbered, a line of words
# that opens on the year (2022年政府工作回顾 … 2023年主要工作), not a date (2003年01月13日) nor a row of years.
_DATED_HEADING = regex.compile(
    r"^(?=[^\n]{0,40}$)[ \t]*(?:[一二三四五六七八九十]+[、.][^。\n]{0,12}?(?P<year>(?:19|20)[0-9]{2})年[^。\n]{0,20}"
    r"|(?P<year>(?:19|20)[0-9]{2})年(?![0-9０-９一二三四五六七八九十]{1,2}月)\p{Han}{2,16})$",
    regex.MULTILINE)
# A paragraph that opens on a year, or on 去年/过去一年, reports on that year.
@cache
def retrospect_pattern() -> regex.Pattern[str]:
    """A paragraph opening on an earlier year or on 去年 (cues.tsv last_year) looks back."""
    return regex.compile(rf"[ \t]*(?:(?P<year>(?:19|20)[0-9]{{2}})年(?:以来|全年)?|{cues().patterns['last_year'].pattern})[，,]")


on_reload(retrospect_pattern, "cues.tsv")


@cache
def last_year_opening() -> regex.Pattern[str]:
    """A sentence opening on 去年 (cues.tsv last_year), not on 去年以来, is about the year before."""
    return regex.compile(rf"\s*(?:{cues().patterns['last_year'].pattern})(?:年底|年末|底|末|全年)?(?!以来|来)")


on_reload(last_year_opening, "cues.tsv")


@dataclass(frozen=True)
class Reading:
    """A stretch of the text as a reader reads it: without the cell walls, padding and line wraps
    that PDF and table layouts put inside a phrase (「廢棄物回 |\n| 收量」 reads 废弃物回收量).

    ``positions[i]`` is the offset in the text of the reading's ``i``-th character.
    """

    text: str
    positions: Sequence[int]

    @classmethod
    def of(cls, norm: str, start: int, end: int) -> Reading:
        if not _LAYOUT_NOISE.search(norm, start, end):
            return cls(norm[start:end], range(start, end + 1))
        kept = [i for i in range(start, end) if not _is_layout(norm, i)]
        return cls("".join(norm[i] for i in kept), kept + [end])


# Cell walls, table rules, line breaks and the spaces around them: layout, not text.
_LAYOUT_NOISE = regex.compile(r"[|\n]|[ \t]{2}|-{3}")
_LAYOUT_CHARS = frozenset("|\n\t -")


def _is_layout(norm: str, i: int) -> bool:
    ch = norm[i]
    if ch == "-":
        return norm.startswith("---", max(i - 2, 0)) or norm.startswith("--", i)
    return ch in _LAYOUT_CHARS


def _reach_back(norm: str, floor: int, end: int, chars: int) -> int:
    """Where a window must start to hold ``chars`` characters of text before ``end``, layout aside."""
    plain = max(floor, end - chars)
    if not _LAYOUT_NOISE.search(norm, plain, end):
        return plain
    at, seen = end, 0
    limit = max(floor, end - chars * LAYOUT_FACTOR)
    while at > limit and seen < chars:
        at -= 1
        if not _is_layout(norm, at):
            seen += 1
    return at
