"""What each figure counts and how it stands: subject, measure, status, parent, as_of.

Works on the script-normalized text, whose offsets are the original's, and segments only the
phrases around each figure (segmenting whole documents is the slow part). Words come from a private
jieba tokenizer, so the process's global jieba (which spaCy's zh pipeline uses) is left untouched.

A document's boundaries (sentences, clauses, lines, the parts about the past and the year ahead,
labelled blocks, tables) are found once in a ``Context``; each figure then reads bounded windows
around it, in text order, so that a figure can take the subject of the one before it and lists
pair in order. Phrases are read through PDF line wraps and table cell walls (``Reading``), and
every span is mapped back to the text.
"""
from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

import regex

from .layout import Cell, Tables
from .lexicon import bundled, choice, on_reload
from .quantities import Quantity, grammar
from .results import Metric
from .segmentation import Segmenter, segmenter

STATUSES = frozenset({"achieved", "in_progress", "planned", "target", "expected", "requirement", "none", "done"})
MEASURES = frozenset({"amount", "growth", "share", "completion"})
MODAL_STATUSES = frozenset({"target", "expected", "planned", "requirement"})
PART_ROLES = frozenset({"opener", "total", "row"})
SECTION_ROLES = frozenset({"plan", "review", "review_heading", "target_list", "target_block", "result_block", "indicator"})

SENTENCE_END = "。！？；;!?\n"
MAX_SUBJECT_CHARS = 24
# A clause this short can open a breakdown (分季节看，; 循环利用量依来源部门区分，).
OPENER_CHARS = 24
# A breakdown opener (分季节看，) looks this many sentences back for its total.
BREAKDOWN_SENTENCES = 2
# Parts after 共计 add up to their total, give or take the rounding of each part.
TOTAL_SLACK = Decimal("1.01")
# A total's parts follow it closely: a 其中 looks back over at most this many figures for its total.
MAX_PARTS = 40
# How far before a figure its status words are looked for: a sentence, not a run-on paragraph.
STATUS_REACH = 160
# A cue with reach ``adjacent`` stands at most this far before its figure (总投资5.3亿元, 总投资约5.3亿元).
ADJACENT_REACH = 3
# No heading is longer than this.
HEADING_CHARS = 50
# A line this long that ends without punctuation was wrapped, not ended (PDF text, 30–45 characters a line).
WRAPPED_LINE = 28
CLAUSE_END = SENTENCE_END + "，,：:"
_LINE_ENDS = frozenset(SENTENCE_END + "：:")
_LONG_LINE = regex.compile(rf"^([^\n]{{{WRAPPED_LINE},}})\n", regex.MULTILINE)
_CLAUSE_END = regex.compile(f"[{regex.escape(CLAUSE_END)}]")
_HARD_ENDS = frozenset("。！？!?\n")
# Words that make up a noun phrase after a figure (3所市级示范学校): nouns and their kin.
NOUN_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "nl", "ng", "vn", "an", "a", "j", "l", "b", "i", "eng", "g", "zg"})
# Of those, the words that can head a noun phrase on their own (建设 or 重点 alone counts nothing).
HEAD_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "nl", "ng", "j", "l", "eng", "zg"})
# A window that skips layout may be at most this many times longer than the text it holds.
LAYOUT_FACTOR = 8
# How far after a figure its noun may reach, and what ends it (a list, a bracket, a conjunction).
RIGHT_WINDOW = 12
# A phrase after a figure that begins with a verb is its object only when it is this short.
OBJECT_CHARS = 8
_RIGHT_STOP = regex.compile(r"[、()（）《》|]|和|与|及|或")
_NO_PHRASE = frozenset("，,。；;：:、！？!?")
_BARE = " \t\n，,、；;：:()（）"
_QUOTES = frozenset("“”\"‘’'「」『』")
# Tags that never end a subject: adverbs, particles, prepositions, conjunctions, numerals, classifiers.
TRAILING_TAGS = frozenset({"d", "u", "ul", "uj", "uz", "ug", "uv", "ud", "p", "c", "m", "mq", "y", "e", "t", "f"})
# A direction word (f) is not dropped at the start: jieba tags 初中 and 中(省直) so.
LEADING_TAGS = frozenset({"c", "p", "r", "t", "u", "ul", "uj", "m", "q"})
# 年均增长7.1%, 五年来…: a figure about several years belongs to none of them.
_SPAN_WORDS = regex.compile(r"年均|五年来|过去五年|五年间|五年[共累]|十[一二三四五]五[”\"]?(?:期间|时期|以来)")
# 国内生产总值从54万亿元增加到82.7万亿元: the first is where a change started, not a level of the year.
_BASELINE = regex.compile(r"(?:从|由)$")
# 由2010年的162.4亿元增加到2015年的287.9亿元: a year written right before a figure is its year.
_YEAR_BEFORE = regex.compile(r"(?P<year>(?:19|20)[0-9]{2})年(?:底|末|全年)?(?:的|为|是|达到|达)?$")
_AS_OF = regex.compile(r"(?:截止|截至|到)(?P<date>目前|[^，,。；;]{1,12}?(?:底|末|止|为止|前))")
# A heading line: a list marker of the first levels, a chapter, or a numbered section (3.1.2).
_HEADING = regex.compile(
    r"^[ \t|]*(?:[一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾]+[、.]|第[一二三四五六七八九十0-9]+[章节篇]|[0-9]{1,2}(?:\.[0-9]{1,2}){2,}[ \t])",
    regex.MULTILINE)


@dataclass(frozen=True)
class Cue:
    word: str
    value: str
    extra: str
    not_before: str = ""
    not_after: str = ""
    reach: str = "sentence"
    needs_floor: bool = False


@dataclass(frozen=True)
class Vocabulary:
    status_before: tuple[Cue, ...]
    status_after: tuple[Cue, ...]
    measures: tuple[Cue, ...]
    scope_words: frozenset[str]
    org_suffixes: tuple[str, ...]
    sections: dict[str, tuple[str, ...]]
    status_pattern: regex.Pattern[str]
    status_cues: dict[str, Cue]
    plan_heading: regex.Pattern[str]
    review_heading: regex.Pattern[str]
    floor_pattern: regex.Pattern[str]
    measure_words: frozenset[str]
    measure_index: dict[str, tuple[tuple[int, Cue], ...]]
    linking: frozenset[str]
    leading_adverbs: frozenset[str]
    part_opener: regex.Pattern[str] | None
    block_labels: frozenset[str]
    total_words: tuple[str, ...]
    row_part_marks: tuple[str, ...]


@cache
def vocabulary() -> Vocabulary:
    before: list[Cue] = []
    after: list[Cue] = []
    for row in bundled("status.tsv", 3, 7):
        status = choice(row, 1, STATUSES)
        where = choice(row, 2, {"before", "after"})
        reach, not_after, not_before, needs = (row.fields[3:] + ("",) * 4)[:4]
        cue = Cue(row.fields[0], status, where, not_before=not_before, not_after=not_after,
                  reach=choice(row, 3, {"sentence", "clause", "adjacent"}) if reach else "sentence",
                  needs_floor=choice(row, 6, {"floor"}) == "floor" if needs else False)
        (before if where == "before" else after).append(cue)
    measures = []
    for row in bundled("measures.tsv", 3, 4):
        not_before = row.fields[3] if len(row.fields) > 3 else ""
        measures.append(Cue(row.fields[0], choice(row, 1, MEASURES), choice(row, 2, {"+", "-"}), not_before))
    measures.sort(key=lambda c: len(c.word), reverse=True)
    sections: dict[str, list[str]] = {role: [] for role in SECTION_ROLES}
    for row in bundled("sections.tsv", 2):
        sections[choice(row, 1, SECTION_ROLES)].append(row.fields[0])
    words = sorted({c.word for c in before}, key=len, reverse=True)
    phrase_words = bundled("phrase_words.tsv", 2)
    for row in phrase_words:
        choice(row, 1, {"link", "adverb"})
    return Vocabulary(
        status_before=tuple(before), status_after=tuple(after), measures=tuple(measures),
        scope_words=frozenset(r.fields[0] for r in bundled("scope_words.txt", 1)),
        org_suffixes=tuple(r.fields[0] for r in bundled("org_suffixes.txt", 1)),
        sections={role: tuple(words) for role, words in sections.items()},
        block_labels=frozenset([*sections["target_block"], *sections["result_block"],
                                *(r.fields[0] for r in bundled("measures.tsv", 3, 4) if r.fields[1] == "completion")]),
        # Overlapping: 计划完成 and 完成 both end at the figure; the longer must be seen too.
        status_pattern=regex.compile("|".join(regex.escape(w) for w in words)),
        status_cues={c.word: c for c in before},
        plan_heading=_plan_heading(sections["plan"]),
        review_heading=_plan_heading(sections["review_heading"]),
        measure_words=frozenset(c.word for c in measures if c.value == "growth"),
        measure_index=_by_first_character(measures),
        linking=frozenset(r.fields[0] for r in phrase_words if r.fields[1] == "link"),
        leading_adverbs=frozenset(r.fields[0] for r in phrase_words if r.fields[1] == "adverb"),
        part_opener=_part_opener([r.fields[0] for r in bundled("parts.tsv", 2) if choice(r, 1, PART_ROLES) == "opener"]),
        total_words=tuple(r.fields[0] for r in bundled("parts.tsv", 2) if r.fields[1] == "total"),
        row_part_marks=tuple(r.fields[0] for r in bundled("parts.tsv", 2) if r.fields[1] == "row"),
        floor_pattern=regex.compile("|".join(
            regex.escape(h.word) for h in grammar().hedges if h.position == "before" and h.approx in {"at_least", "at_most"})),
    )


on_reload(vocabulary)


def _by_first_character(cues: list[Cue]) -> dict[str, tuple[tuple[int, Cue], ...]]:
    """Cues by their first character, each with its rank in the longest-first order."""
    index: dict[str, list[tuple[int, Cue]]] = {}
    for rank, cue in enumerate(cues):
        index.setdefault(cue.word[0], []).append((rank, cue))
    return {ch: tuple(entries) for ch, entries in index.items()}


def _part_opener(patterns: list[str]) -> regex.Pattern[str] | None:
    """A clause that opens a breakdown (分季节看，; 按经营地分，; 民生支出中，), from parts.tsv's patterns."""
    if not patterns:
        return None
    gap = ".{1,10}?"
    alternatives = "|".join(gap.join(regex.escape(piece) for piece in p.split("…")) for p in patterns)
    return regex.compile(rf"[ \t]*.{{0,12}}?(?P<opener>{alternatives})")


def _plan_heading(words: list[str]) -> regex.Pattern[str]:
    """A heading line with one of the words: 二、2015年工作安排, 下一步工作打算, 一、过去一年工作回顾."""
    alternatives = "|".join(regex.escape(w) for w in words)
    return regex.compile(
        # A heading is a short line: the look-ahead passes over paragraphs at once.
        rf"^(?=[^\n]{{0,{HEADING_CHARS}}}$)[ \t]*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）])?[^。\n]{{0,24}}?"
        rf"(?:{alternatives})[^。\n]{{0,16}}$",
        regex.MULTILINE,
    )


class Context:
    """One document's sentence, clause, paragraph and section boundaries, found once for all its figures.

    Every question a figure asks of its surroundings is a bisection into these lists or a read of a
    window of bounded length, so attribution stays linear in the length of the text.
    """

    def __init__(self, norm: str, vocab: Vocabulary) -> None:
        self.norm = norm
        self.line_starts = [0] + [m.end() for m in regex.finditer("\n", norm)]
        wrapped = self._wrapped_lines()
        bracketed = _bracketed_semicolons(norm)
        self.clause_ends = [at for at in _starts(_CLAUSE_END, norm) if at not in wrapped]
        self.sentence_ends = [at for at in self.clause_ends if norm[at] in SENTENCE_END and at not in bracketed]
        self.hard_ends = [at for at in self.clause_ends if norm[at] in _HARD_ENDS]
        self.parts = _parts(norm, vocab)
        self._part_starts = [at for at, _, _ in self.parts]
        self.span_words = [m.start() for m in _SPAN_WORDS.finditer(norm)]
        self.blocks = _blocks(norm, vocab)
        self.target_lists = _target_lists(norm, vocab, self)
        self.tables = Tables(norm)
        self.openers = self._openers(vocab.part_opener) if vocab.part_opener else []

    def _openers(self, opener: regex.Pattern[str]) -> list[tuple[int, int]]:
        """Short clauses ending in a comma or colon that open a breakdown, as (opener start, clause end + 1)."""
        found = []
        start = 0
        for end in self.clause_ends:
            if end - start <= OPENER_CHARS and self.norm[end] in "，,：:":
                m = opener.fullmatch(self.norm, start, end)
                if m is not None:
                    found.append((m.start("opener"), end + 1))
            start = end + 1
        return found

    def _wrapped_lines(self) -> frozenset[int]:
        """Line breaks inside a sentence: text laid out from a PDF wraps long lines anywhere."""
        wrapped = set()
        for m in _LONG_LINE.finditer(self.norm):
            line = m.group(1).strip()
            if len(line) >= WRAPPED_LINE and line[-1] not in _LINE_ENDS:
                wrapped.add(m.end() - 1)
        return frozenset(wrapped)

    def line_start(self, at: int) -> int:
        return self.line_starts[bisect.bisect_right(self.line_starts, at) - 1]

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

    def section(self, at: int) -> str:
        """``plan`` after the heading of the year ahead, else ``review``.

        A paragraph there that opens on an earlier year (2023年，全县地区生产总值完成186.4亿元) looks back.
        """
        i = bisect.bisect_left(self._part_starts, at) - 1
        if i < 0 or self.parts[i][1] == "review":
            return "review"
        plan_year = self.parts[i][2]
        if plan_year is not None:
            opening = _RETROSPECT.match(self.norm, self.line_start(at))
            if opening is not None and (opening["year"] is None or int(opening["year"]) < plan_year):
                return "review"
        return "plan"

    def spans_years(self, at: int) -> bool:
        """A word like 年均 or 五年来 earlier in the figure's paragraph."""
        i = bisect.bisect_left(self.span_words, at)
        return i > 0 and self.span_words[i - 1] >= self.line_start(at)

    def block_status(self, at: int) -> str | None:
        """``target`` or ``achieved`` inside a block a label opens (年度目标, 关键成果)."""
        i = bisect.bisect_right(self.blocks, (at, "~")) - 1
        return self.blocks[i][1] if i >= 0 and self.blocks[i][1] else None

    def in_target_list(self, at: int) -> bool:
        i = bisect.bisect_right(self.target_lists, (at, at)) - 1
        return i >= 0 and self.target_lists[i][0] <= at < self.target_lists[i][1]


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
    opener = regex.compile("(?:" + "|".join(regex.escape(w) for w in words) + ")(?:是|为|[:：])")
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


def attribute(text: str, norm: str, figures: list[Quantity], *, default_status: str | None = "achieved",
              cells: dict[int, Cell] | None = None) -> list[Metric]:
    """Metrics for the figures of one document, in text order, with ids m1, m2, …

    ``default_status`` is the status of a figure no word qualifies in the review part of the text
    (``None`` where the text does not report results). ``cells`` are the table cells whose units
    ``layout.unit_cells`` read, by the start of their number; pipe tables are found here.
    """
    cells = cells or {}
    vocab = vocabulary()
    ctx = Context(norm, vocab)
    drafts: list[_Draft] = []
    previous_end = 0
    for q in figures:
        sentence = ctx.sentence(q.start, q.end)
        clause = ctx.clause(q.start, q.end)
        left_start = max(clause[0], q.start - MAX_SUBJECT_CHARS * 2, previous_end if previous_end <= q.start else 0)
        drafts.append(_Draft(q, sentence, clause, left_start))
        previous_end = q.end
    for d, following in itertools.pairwise(drafts):
        d.next_start = following.quantity.start
    if drafts:
        drafts[-1].next_start = len(norm)
    in_cells: dict[int, Cell] = {}
    for i, d in enumerate(drafts):
        _read_measure(norm, d, vocab, drafts[i - 1] if i else None)
        _read_subject(norm, d, _previous_outside_brackets(norm, drafts, i), vocab)
        d.status = _read_status(ctx, d, vocab, default_status)
        d.as_of = _read_as_of(norm, d)
        q = d.quantity
        cell = ctx.tables.cell(q.start, q.end) or cells.get(q.start) or cells.get(q.start - 1)
        if cell is not None:
            in_cells[i] = cell
            _read_cell(d, cell, vocab)
        else:
            _read_indicator_line(norm, d, vocab)
    _read_parents(ctx, drafts, vocab)
    _table_totals(norm, drafts, in_cells, vocab)
    for d in drafts:
        if d.parent is not None:
            d.status = drafts[d.parent].status  # 超额完成…目标任务，其中国家级项目3项: the parts stand as their total
    _distribute(norm, drafts)
    metrics = []
    for i, d in enumerate(drafts):
        subject = d.subject
        confidence = 0.9 if subject else 0.6
        if d.subject_side == "right":
            confidence -= 0.1
        metrics.append(Metric(
            id=f"m{i + 1}", quantity=d.quantity, measure=d.measure,
            subject=text[subject[0]:subject[1]] if subject else None,
            subject_start=subject[0] if subject else None, subject_end=subject[1] if subject else None,
            status=None if d.status == "none" else d.status,
            parent=f"m{d.parent + 1}" if d.parent is not None else None,
            as_of=d.as_of, sentence_start=d.sentence[0], sentence_end=d.sentence[1],
            confidence=confidence, section=_section(ctx, d), year=_year_before(norm, d),
        ))
    return metrics


def _previous_outside_brackets(norm: str, drafts: list[_Draft], i: int) -> _Draft | None:
    """The figure before this one, passing over a bracket closed between them: in 水产品产量8.74万吨
    （养殖产量7.92万吨；占90.6%），增长4.4%, the growth continues the 8.74万吨, not the share."""
    j = i - 1
    while j >= 0:
        before = drafts[j].quantity
        closed = norm.find(")", before.end, drafts[i].quantity.start)
        opened = norm.rfind("(", max(drafts[j].sentence[0], before.start - MAX_SUBJECT_CHARS), before.start)
        if closed == -1 or opened == -1 or norm.find(")", opened, before.start) != -1:
            return drafts[j]
        while j >= 0 and drafts[j].quantity.start > opened:
            j -= 1
    return None


# ---------------------------------------------------------------- tables


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
        _rows_that_add_up(drafts, rows)


# How far the parts of a table total may miss it: the rounding of each part's last written digit.
SUM_TOLERANCE = Decimal("0.002")


def _rows_that_add_up(drafts: list[_Draft], rows: list[int]) -> None:
    """地区生产总值 4000.5 over 第一产业 153.6, 第二产业 3235.9 (工业 3157.4, 建筑业 78.5), 第三产业 611.0:
    a row is the total of the rows right under it when they add up to it, each part taken with
    its own parts (a sum nested in a sum), so a statistical table's levels come out without indents.
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
            children.append(child)
            added += part.quantity.value or 0
            child = subtree_end(child)
        if len(children) >= 2 and abs(added - value) <= value * SUM_TOLERANCE:
            for c in children:
                drafts[rows[c]].parent = rows[at]
            ends[at] = child
        return ends[at]

    at = 0
    while at < len(rows):
        at = subtree_end(at)


# ---------------------------------------------------------------- measure and sign


def _read_measure(norm: str, d: _Draft, vocab: Vocabulary, previous: _Draft | None) -> None:
    q = d.quantity
    window = norm[max(d.clause[0], q.start - 12):q.start]
    if q.hedge and window.endswith(q.hedge):
        window = window[:-len(q.hedge)]  # 至少1篇 is no decrease
    for cue in _cues_in(window, vocab):
        at = window.rfind(cue.word)
        if at == -1:
            continue
        between = window[at + len(cue.word):]
        # 增长15%, 比上年增长15%, 增长了15%: the cue must govern this figure, not an earlier one;
        # a one-character cue only when it touches the figure (新增产值1亿元 is no growth).
        if _LISTED_FIGURES.fullmatch(between):
            pass  # 分别下降2.3%和3.1%: the cue governs every figure of the list
        elif len(between) > 6 or any(ch.isdigit() for ch in between) or (len(cue.word) == 1 and between):
            continue
        if cue.not_before and between[:1] and between[0] in cue.not_before:
            continue
        if cue.value == "growth" and _counts_a_noun(norm, d, window[:at], vocab):
            return  # 改造提升58条背街小巷, 压减3家企业: the verb acts on things counted, it changes no level
        if cue.extra == "-" and _acts_on_an_object(between, q):
            return  # 压减粗钢产能1401万吨: how much the verb took away from its object, an amount
        d.measure, d.measure_at = cue.value, q.start - len(window) + at
        if cue.extra == "-" and q.value is not None and q.value > 0:
            d.quantity = _negated(q)
        return
    if previous is not None and previous.measure != "amount" and _LIST_JOINER.fullmatch(norm, previous.quantity.end, q.start):
        # 分别同比增长29.2%、16.5%、16%和33%: a list of figures is read as its first one is.
        d.measure, d.measure_at = previous.measure, previous.measure_at
        if previous.quantity.value is not None and previous.quantity.value < 0 < (q.value or 0):
            d.quantity = _negated(q)
    elif q.unit == "百分点":
        d.measure = "growth"
    elif q.unit_category == "percent" and _is_share(norm, d):
        d.measure = "share"


def _counts_a_noun(norm: str, d: _Draft, before_cue: str, vocab: Vocabulary) -> bool:
    """A figure with a noun after its measure word, and no baseline (比上年, 同比) before the verb."""
    if d.quantity.unit_category in {"percent", None} or _BASELINE_WORD.search(before_cue):
        return False
    right = _right_phrase(norm, d.quantity, min(d.clause[1], d.next_start), segmenter(), vocab)
    return right is not None and right[2] == "noun"


def _acts_on_an_object(between: str, q: Quantity) -> bool:
    """压减粗钢产能1401万吨, 减少贫困人口1.2万人: a decrease verb, its object, then an amount in the object's
    unit; not 比上年减少0.04万人 (no object) nor 下降了2个百分点 or a share (a change of a rate)."""
    return (q.unit_category not in {"percent", "percentage_point", None} and len(between) >= 2
            and _OBJECT.fullmatch(between) is not None)


_OBJECT = regex.compile(r"\p{Han}{2,6}")
_BASELINE_WORD = regex.compile(r"比|较|同比|环比|上年|去年")


def _cues_in(window: str, vocab: Vocabulary) -> list[Cue]:
    """The measure cues that may occur in a window, longest first: those with a first character in it."""
    found = [entry for ch in set(window) for entry in vocab.measure_index.get(ch, ())]
    return [cue for _, cue in sorted(found)]


# 占全部财政支出的79.3%, 占地区生产总值比重为44.3%: 占 governs a share across the whole it names.
_SHARE_OF = regex.compile(r"占(?!地(?!区)|用|有)[^0-9，,。；;:：]{1,20}?(?:的)?(?:比重|比例|份额)?(?:为|是|达到|达)?$")
# 增长8.5%（上年为7.2%）: a bracket that compares with a baseline holds no share.
_NOT_A_SHARE = regex.compile(r"增|降|减|上年|同比|去年|提高|目标")


def _is_share(norm: str, d: _Draft) -> bool:
    """The ways a percentage is written as a part of a whole without the words 占 or 比重 next to it.

    占全部财政支出的79.3%; 制造业(68%); （710万吨；40%）; 80%的展演用品.
    """
    q = d.quantity
    before = norm[max(q.start - 24, 0):q.start]
    before = before[max(before.rfind(ch) for ch in "。！？!?\n") + 1:]
    if _SHARE_OF.search(before[before.rfind("，") + 1:]):
        return True
    opened = max(before.rfind("("), before.rfind("（"))
    closes = norm[q.end:q.end + 1] in {")", "）"}
    if closes and opened != -1 and ")" not in before[opened:] and "）" not in before[opened:]:
        return not _NOT_A_SHARE.search(before[opened:])
    return norm.startswith("的", q.end) and q.end + 1 < len(norm) and norm[q.end + 1] not in CLAUSE_END


_LIST_JOINER = regex.compile(r"\s*(?:[、和与及]|以及)\s*")
_LISTED_FIGURES = regex.compile(r"(?:了|分别)?(?:[0-9.,]+(?:%|‰|个百分点|百分点)?[和、与及])+")
_FLIP = {"more_than": "less_than", "less_than": "more_than", "at_least": "at_most", "at_most": "at_least"}


def _negated(q: Quantity) -> Quantity:
    value = -q.value if q.value is not None else None
    value_max = None
    if q.value_max is not None and value is not None:
        value, value_max = -q.value_max, value
    return replace(q, value=value, value_max=value_max, approx=_FLIP.get(q.approx, q.approx))


# ---------------------------------------------------------------- subject


def _read_subject(norm: str, d: _Draft, previous: _Draft | None, vocab: Vocabulary) -> None:
    q = d.quantity
    seg = segmenter()
    # A list item (、) is its own phrase: 省级3项、农业攻关项目1项, 示范村、示范社区、3所示范学校.
    floor = d.left_start
    if previous is not None and previous.subject_side == "right" and previous.subject is not None:
        floor = max(floor, min(previous.subject[1], q.start))  # 1286名驻村干部和412个驻村工作队
    # 养老金、失业保险金32亿元: names joined before one figure are what it counts together.
    comma = norm.rfind("、", floor, q.start) if floor > d.clause[0] else -1
    # A subject is a phrase, not a paragraph: a clause without punctuation is read only near the figure.
    left_from = _reach_back(norm, comma + 1 if comma != -1 else floor, q.start, MAX_SUBJECT_CHARS)
    left_to = q.start
    if q.hedge and norm.endswith(q.hedge, left_from, left_to):
        left_to -= len(q.hedge)  # 亩均投资不低于1500元
    left = _left_phrase_around_as_of(norm, left_from, left_to, vocab)
    right = _right_phrase(norm, q, min(d.clause[1], d.next_start), seg, vocab)
    carried = previous.subject if previous is not None and previous.sentence == d.sentence else None
    adjacent = previous is not None and not norm[previous.quantity.end:q.start].strip()
    # 占规模以上工业总产值的比重为21.3%: a share after a level is the share of that level's subject.
    share_of_previous = d.measure == "share" and _OPENS_WITH_SHARE.match(norm, d.left_start, q.start) is not None
    # What a figure counts, in the order Chinese syntax gives it:
    # 426户1035人, 260平方米(60个): figures side by side count the same thing;
    # 完成市区71条小街巷, 新增3万张养老床位: a noun right after number and measure word is what is counted;
    # 固定资产投资增长9%, 进口24.2亿美元: otherwise the phrase before the figure;
    # 产值12.6亿元，同比增长18.5%: a figure with no phrase of its own continues the one before it.
    # 超额完成年初确定的35万吨目标任务: a target quoted for the figure before counts what it counts.
    quoted = right is not None and right[2] == "scope"
    if quoted:
        right = None
    own_left = left is not None and left[2] in {"noun", "enumeration", "verb"} and not quoted
    relative = norm[left_from:left_to].rstrip().endswith("的")  # 去年实现稳定就业的2.1万名脱贫劳动力
    if right is not None and not relative and (right[2] == "verb" and left is not None and left[2] != "scope"
                                               or right[2] == "of" and own_left
                                               or right[2] == "lone" and own_left and not _ends_with_verb(norm, left, seg)):
        # 组织农技人员260人次深入田间; 收运体系覆盖95%以上的自然村; 获得专项资金17万元支援: the phrase
        # before wins (but 一次性给予5-8万元奖励: a verb that gives the amount gives the noun after it).
        right = None
    # 新建2860个5G基站，累计建成1.12万个: a verb alone, counting in the same unit, did it to the same thing.
    same_count = (previous is not None and left is not None and left[2] == "verb" and previous.subject is not None
                  and previous.quantity.unit == q.unit and d.measure == previous.measure
                  and _has_noun(norm, previous.subject, seg))
    if carried is not None and (adjacent and right is None or share_of_previous
                                or left is not None and left[2] == "verb" and d.measure in {"growth", "share"}):
        d.subject, d.subject_side = carried, "previous"
    elif right is not None:
        d.subject, d.subject_side = (right[0], right[1]), "right"
    elif carried is not None and same_count:
        d.subject, d.subject_side = carried, "previous"
    elif left is not None and own_left:
        d.subject, d.subject_side = (left[0], left[1]), "left"
    elif carried is not None:
        d.subject, d.subject_side = carried, "previous"
    elif (left is None or left[2] == "scope") and d.clause[0] > d.sentence[0]:
        # 海洋教育示范据点，计35处; 废弃物占大宗，数量为532.4万公吨: the clause before names it.
        before = _left_phrase(Reading.of(norm, _reach_back(norm, d.sentence[0], d.clause[0] - 1, MAX_SUBJECT_CHARS),
                                         d.clause[0] - 1), vocab)
        if before is not None and before[2] == "noun":
            d.subject, d.subject_side = (before[0], before[1]), "clause"
        elif left is not None:
            d.subject, d.subject_side = (left[0], left[1]), "left"
    elif left is not None:
        d.subject, d.subject_side = (left[0], left[1]), "left"


def _has_noun(norm: str, phrase: tuple[int, int], seg: Segmenter) -> bool:
    """征集项目 names a thing; 出口 and 扶持创业 name an activity, which a verb after them does not continue."""
    return any(t in HEAD_TAGS for _, t in seg.words(Reading.of(norm, phrase[0], phrase[1]).text))


def _ends_with_verb(norm: str, phrase: tuple[int, int, str] | None, seg: Segmenter) -> bool:
    if phrase is None:
        return False
    words = seg.words(norm[phrase[0]:phrase[1]])
    return bool(words) and words[-1][1].startswith("v")


# ，占90.6%; ，约占地区生产总值的7%: a share that names only its whole.
_OPENS_WITH_SHARE = regex.compile(r"[\s，,；;(]*(?:约|近|约为)?占")


def _left_phrase(reading: Reading, vocab: Vocabulary) -> tuple[int, int, str] | None:
    """The phrase before a figure, without its sentence-subject and linking words, and what it ends with."""
    bare = reading.text.strip(_BARE)
    if not bare or bare in vocab.linking or bare in vocab.measure_words or bare in vocab.scope_words:
        return None  # ，增长8%; 、下降: nothing to segment
    spans = []
    at = 0
    for word, tag in segmenter().words(reading.text):
        if not word.isspace():  # text laid out from PDFs has spaces around numbers
            spans.append((reading.positions[at], reading.positions[at + len(word) - 1] + 1, word, tag))
        at += len(word)
    if not spans:
        return None
    ends_with_enumeration = spans[-1][2] in {"等", "等等"}
    while spans and (_trails(spans[-1][2], spans[-1][3], vocab) or spans[-1][2] in vocab.scope_words
                     or spans[-1][2] in vocab.measure_words):
        spans.pop()
    while spans and (spans[0][3] in LEADING_TAGS and not _split_word(spans) and (spans[0][3] != "r" or len(spans) > 1 or len(spans[0][2]) < 2)
                     or spans[0][2] in vocab.scope_words
                     or _is_number(spans[0][2]) or spans[0][2] in "、，,()（）"
                     or (spans[0][3] == "d" and (len(spans[0][2]) > 1 or spans[0][2] in vocab.leading_adverbs))):
        spans.pop(0)
    if not spans:
        return None
    if all(s[2] in vocab.scope_words or s[3] == "r" for s in spans):
        return spans[0][0], spans[-1][1], "scope"
    if ends_with_enumeration:
        return spans[0][0], spans[-1][1], "enumeration"
    last_tag = spans[-1][3]
    # 辅导三户企业: a lone verb before the figure governs the noun after it.
    verbal = last_tag.startswith("v") and (last_tag != "vn" or len(spans) == 1) and not any(
        s[3] in HEAD_TAGS for s in spans)
    kind = "verb" if verbal else "noun"
    return spans[0][0], spans[-1][1], kind


def _trails(word: str, tag: str, vocab: Vocabulary) -> bool:
    """Words that end no subject: particles, adverbs, linking verbs, numbers, time and place suffixes."""
    if tag == "f":
        return len(word) == 1  # 年底前, 三年内; but 初中 and 以上 are words of their own
    return (tag in TRAILING_TAGS or word in vocab.linking or word in {"已", "了", "等", "等等", "的"}
            or _is_number(word))


def _is_number(word: str) -> bool:
    """较111年, 2020年的: digits left over from dates and years around a figure."""
    return word.replace(".", "").replace(",", "").isdigit()


def _split_word(spans: list[tuple[int, int, str, str]]) -> bool:
    """在园幼儿 segmented 在/园/幼儿: a one-character word before another one is a word jieba split."""
    return (len(spans) > 1 and spans[0][3] == "p" and len(spans[0][2]) == 1 and len(spans[1][2]) == 1
            and spans[1][3] not in LEADING_TAGS)


def _left_phrase_around_as_of(norm: str, start: int, end: int, vocab: Vocabulary) -> tuple[int, int, str] | None:
    """The left phrase, read around a cut-off (专利申报数截止10月底已达541件; 截至12月上旬已完成投资9500万元)."""
    cut = None
    for m in _AS_OF.finditer(norm, start, end):
        cut = m
    if cut is None:
        return _left_phrase(Reading.of(norm, start, end), vocab)
    before = _left_phrase(Reading.of(norm, start, cut.start()), vocab) if cut.start() > start else None
    if before is not None and before[2] == "noun":
        return before
    after = _left_phrase(Reading.of(norm, cut.end(), end), vocab) if cut.end() < end else None
    return after or before


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


def _right_phrase(norm: str, q: Quantity, clause_end: int, seg: Segmenter, vocab: Vocabulary
                  ) -> tuple[int, int, str] | None:
    """The noun phrase a number and its measure word count (19个地震宏观观测点, 326名结对帮扶干部).

    A percentage counts no noun after it, except through 的 (80%的展演用品). The kind says how the
    phrase begins: ``noun``, ``verb`` (结对帮扶干部, or a predicate: 深入田间地头), or ``of`` (through 的).
    """
    start = q.end
    while start < clause_end and norm[start].isspace():
        start += 1
    if start >= clause_end or norm[start] in _NO_PHRASE:
        return None  # 1.2亿元，…; 36项、…: nothing follows the figure in its clause
    kind = "noun"
    if norm.startswith("的", start) and q.approx not in {"at_least", "at_most"}:
        start, kind = start + 1, "of"  # 推进了7公里的县城东外环道路建设; not 1000万元以上的项目, a threshold
    elif q.unit_category == "percent":
        return None
    stop = min(clause_end, start + RIGHT_WINDOW * (LAYOUT_FACTOR if _LAYOUT_NOISE.search(norm, start, start + RIGHT_WINDOW) else 1))
    reading = Reading.of(norm, start, stop)
    window = reading.text[:RIGHT_WINDOW]
    cut = _RIGHT_STOP.search(window)
    if cut is not None:
        window = window[:cut.start()]
    if window.startswith(tuple(vocab.scope_words)):
        return start, start, "scope"  # 35万吨目标任务: 目标任务 says what the figure was, not what it counts
    words = [(w, t) for w, t in seg.words(window) if w not in _QUOTES]
    taken: list[tuple[str, str]] = []
    for k, (word, tag) in enumerate(words):
        if word.isspace() or _is_number(word):
            break
        following = words[k + 1][1] if k + 1 < len(words) else ""
        if tag in NOUN_TAGS and word not in {"的", "等"}:
            taken.append((word, tag))
            continue
        # 4A级景区: a grade written with a letter.
        if tag == "q" and taken and taken[-1][1] == "eng":
            taken.append((word, tag))
            continue
        # 市级以上农业产业化龙头企业: a threshold inside the phrase.
        if word in {"以上", "以下"} and taken and following in NOUN_TAGS:
            taken.append((word, tag))
            continue
        # 结对帮扶干部, 乡村振兴示范区: a verb before a noun describes it; a verb that ends the run,
        # or stands after an adverb, is the predicate (重点村全力推进, 工作队扎根基层).
        if tag.startswith("v") and word not in vocab.linking and _describes(words, k, any(t in HEAD_TAGS for _, t in taken)):
            taken.append((word, tag))
            continue
        # 易地扶贫搬迁, 僵尸企业出清: an event named to the end of its clause is one phrase;
        # 5-8万元奖励: so is a lone verb there, named by the amount before it.
        rest = words[k:]
        if all(t.startswith("v") or t in NOUN_TAGS for _, t in rest) and sum(len(w) for w, _ in rest) <= 4 and (
                taken or len(rest) == 1):
            taken.extend(rest)
        break
    end = _end_of(reading, window, taken)
    if taken and not any(t in HEAD_TAGS for _, t in taken):
        word = taken[0][0]
        if (len(taken) == 1 and len(word) <= 2 and not norm[end:clause_end].strip()
                and word not in vocab.linking and word not in vocab.measure_words):
            return start, end, "lone"
    while taken and taken[-1][1].startswith("v") and not any(t in HEAD_TAGS for _, t in taken[:-1]):
        taken.pop()
    if not any(t in HEAD_TAGS for _, t in taken):
        return None
    end = _end_of(reading, window, taken)
    if kind == "noun" and taken[0][1].startswith("v"):
        # 组成1186个签约服务团队: a phrase that ends the clause is the object, whatever it begins with,
        # unless it chains verbs (深入田间地头指导生产自救 is what the 260人次 did).
        verbs = sum(t == "v" for _, t in taken)
        kind = "noun" if not norm[end:clause_end].strip() and verbs == 1 and end - start <= OBJECT_CHARS else "verb"
    return start, end, kind


def _describes(words: list[tuple[str, str]], k: int, after_noun: bool) -> bool:
    """Whether the verb ``words[k]`` describes the noun after it rather than taking it as object.

    Before any noun, verbs lead to their head (结对帮扶干部); after a noun, only a verb before the one
    noun that ends the phrase (乡村振兴示范区), not one with a phrase of its own after it
    (企业发放失业保险稳岗返还资金).
    """
    following = [t for _, t in words[k + 1:k + 4]]
    if not following:
        return False
    if not after_noun:
        return following[0] in HEAD_TAGS or following[0].startswith("v")
    if following[0] not in HEAD_TAGS:
        return False
    return len(following) == 1 or following[1] not in NOUN_TAGS


def _end_of(reading: Reading, window: str, taken: list[tuple[str, str]]) -> int:
    """Where the taken words end in the text (the window skips quotes the words leave out)."""
    at = 0
    for word, _ in taken:
        at = window.index(word, at) + len(word)
    return reading.positions[at - 1] + 1 if at else reading.positions[0]


# ---------------------------------------------------------------- status and as_of


def _read_status(ctx: Context, d: _Draft, vocab: Vocabulary, default: str | None) -> str | None:
    norm, q = ctx.norm, d.quantity
    after = norm[q.end:min(d.clause[1], q.end + STATUS_REACH)]
    for cue in vocab.status_after:
        # 35万吨目标任务, 55%的要求: the word names the figure itself, right after it.
        if after.startswith((cue.word, "的" + cue.word)) or (cue.value == "none" and cue.word in after):
            return cue.value
    section = ctx.section(q.start)
    fallback = ctx.block_status(q.start) or (
        "target" if section == "plan" or ctx.in_target_list(q.start) else default)
    # 完成年度目标任务的117%: the 目标 there is the baseline of the rate, not a target.
    cut = d.measure_at if d.measure == "completion" and d.measure_at is not None else q.start
    start = max(d.sentence[0], cut - STATUS_REACH)
    best = _nearest_cue(norm, start, cut, d, vocab)
    if best is None:
        return fallback
    cue, at = best
    if cue.value in {"achieved", "done"}:
        # 力争完成税收1.45亿元: a verb of doing under a word of intent is still intent.
        intent = _nearest_cue(norm, max(d.clause[0], start), at, d, vocab, MODAL_STATUSES)
        if intent is not None:
            return intent[0].value
        if cue.value == "done":
            if section == "review" and fallback == default:
                return "achieved"
            # 去年实现稳定就业的2.1万名: in the plan a verb of doing says nothing, a word before it may.
            earlier = _nearest_cue(norm, max(d.clause[0], start), at, d, vocab, frozenset({"achieved"}))
            return earlier[0].value if earlier is not None else fallback
    return cue.value


def _nearest_cue(norm: str, start: int, end: int, d: _Draft, vocab: Vocabulary,
                 statuses: frozenset[str] | None = None) -> tuple[Cue, int] | None:
    """The status word ending nearest ``end``; of two ending together the longer (计划完成 over 完成)."""
    cues = vocab.status_cues
    best: tuple[Cue, int] | None = None
    best_end = -1
    for m in vocab.status_pattern.finditer(norm, start, end, overlapped=True):
        cue = cues[m.group()]
        if statuses is not None and cue.value not in statuses:
            continue
        if cue.not_after and m.start() > 0 and norm[m.start() - 1] in cue.not_after:
            continue
        if cue.not_before and norm[m.end():m.end() + 1] and norm[m.end()] in cue.not_before:
            continue
        if cue.reach == "adjacent" and end - m.end() > ADJACENT_REACH or cue.reach == "clause" and m.start() < d.clause[0]:
            continue
        # 每个城市社区至少配备2名社工: a rule for each unit sets a floor or a ceiling in its own clause.
        if cue.needs_floor and (m.start() < d.clause[0] or not vocab.floor_pattern.search(norm, m.end(), d.quantity.end)):
            continue
        if m.end() > best_end or (m.end() == best_end and best is not None and len(cue.word) > len(best[0].word)):
            best, best_end = (cue, m.start()), m.end()
    return best


def _section(ctx: Context, d: _Draft) -> str:
    """``plan`` (the year ahead), ``review`` (the year reported on), or ``span`` (several years, or a baseline)."""
    start = d.quantity.start
    if ctx.spans_years(start) or _BASELINE.search(ctx.norm, max(d.clause[0], start - 2), start):
        return "span"
    return ctx.section(start)


def _year_before(norm: str, d: _Draft) -> int | None:
    m = _YEAR_BEFORE.search(norm, max(d.clause[0], d.quantity.start - 10), d.quantity.start)
    return int(m["year"]) if m else None


def plan_start(norm: str, vocab: Vocabulary | None = None) -> int:
    """Where the part about the year ahead begins; past the end when the text has none."""
    plans = [at for at, kind, _ in _parts(norm, vocab or vocabulary()) if kind == "plan"]
    return plans[0] if plans else len(norm) + 1


def _parts(norm: str, vocab: Vocabulary) -> list[tuple[int, str, int | None]]:
    """Where the parts about the year ahead begin, with the year their heading names, and where a
    heading that looks back (二、过去一年工作回顾, or a report's title repeated) returns to a review."""
    parts: list[tuple[int, str, int | None]] = []
    for m in vocab.plan_heading.finditer(norm):
        if not any(word in m.group() for word in vocab.sections["review"]):
            year = _HEADING_YEAR.search(m.group())
            parts.append((m.start(), "plan", int(year["year"]) if year else None))
    dated = [(m.start(), int(m["year"])) for m in _DATED_HEADING.finditer(norm)]
    parts += [(at, "plan", year) for at, year in dated[1:] if year > dated[0][1]]
    if parts:
        parts += [(m.start(), "review", None) for m in vocab.review_heading.finditer(norm, parts[0][0] + 1)]
    parts.sort()
    return parts


_HEADING_YEAR = regex.compile(r"(?P<year>(?:19|20)[0-9]{2})年")
# 一、2022年工作回顾 … 二、2023年主要工作: numbered headings that name a year.
_DATED_HEADING = regex.compile(
    r"^(?=[^\n]{0,40}$)[ \t]*[一二三四五六七八九十]+[、.][^。\n]{0,12}?(?P<year>(?:19|20)[0-9]{2})年[^。\n]{0,20}$",
    regex.MULTILINE)
# A paragraph that opens on a year, or on 去年/过去一年, reports on that year.
_RETROSPECT = regex.compile(r"[ \t]*(?:(?P<year>(?:19|20)[0-9]{2})年(?:以来|全年)?|去年|过去一年|上一年)[，,]")


def _read_as_of(norm: str, d: _Draft) -> str | None:
    before = norm[max(d.sentence[0], d.quantity.start - STATUS_REACH):d.quantity.start]
    found = None
    for m in _AS_OF.finditer(before):
        found = m
    if found is None or found["date"] == "目前":
        return None
    return str(found["date"])


# ---------------------------------------------------------------- 其中 and 分别


def _read_parents(ctx: Context, drafts: list[_Draft], vocab: Vocabulary) -> None:
    """Parts point to their total: 36项，其中省级3项、农业1项、市级32项; 中小学58所（高中3所、初中12所）.

    Only levels have parts (其中…增长7.1% is no part of a growth rate). A 其中 inside a sentence
    reaches to its semicolon; one that opens a sentence (。其中，第一产业…；第二产业…) reaches over
    semicolons to the full stop, and back into the sentence before it for the total.
    """
    norm = ctx.norm
    for i, d in enumerate(drafts):
        q = d.quantity
        if d.measure != "amount" or q.value is None:
            continue
        bracketed = _bracketed_total(norm, drafts, i)
        if bracketed is not None:
            d.parent = bracketed
            continue
        stop = ctx.full_sentence(q.start)[0]
        marker = norm.rfind("其中", max(stop, q.start - STATUS_REACH), q.start)
        if marker == -1:
            continue
        opens = not norm[stop:marker].strip(" ，,")
        if not opens and any(ch in norm[marker:q.start] for ch in "；;"):
            continue
        reach = ctx.full_sentence(stop - 1)[0] if opens and stop else stop
        for j in range(i - 1, max(i - MAX_PARTS, -1), -1):
            total = drafts[j]
            t = total.quantity
            if t.end > marker:
                continue
            if t.start < reach:
                break
            if total.measure == "amount" and _same_kind(t.unit, q.unit) and t.value is not None and abs(q.value) <= abs(t.value):
                d.parent = j
                break
    _breakdowns(ctx, drafts)
    _totals(ctx, drafts, vocab)


def _breakdowns(ctx: Context, drafts: list[_Draft]) -> None:
    """分季节看，夏粮82.15万吨…；秋粮104.17万吨…: levels after an opener are parts of the total before it."""
    norm = ctx.norm
    starts = [d.quantity.start for d in drafts]
    for opened, opener_end in ctx.openers:
        first = bisect.bisect_left(starts, opener_end)
        part = next((k for k in range(first, min(first + 4, len(drafts))) if drafts[k].measure == "amount"), None)
        if part is None:
            continue
        chain = _totals_before(ctx, drafts, drafts[part], first - 1, opened)
        if not chain:
            continue
        body = norm[opened:opener_end - 1].rstrip()
        if body.endswith("中"):
            # 民生支出中，…: the total the phrase names; 18个国考、省考断面中，…: the one in it;
            # 在推进过程中，… opens no breakdown.
            named = [j for j in chain if drafts[j].quantity.start >= opened or _names(norm, drafts[j], body[:-1].lstrip("在"))]
            if not named:
                continue
            total = named[0]
        else:
            total = chain[-1]
        end = ctx.full_sentence(opener_end)[1]
        for k in range(first, len(drafts)):
            d = drafts[k]
            if d.quantity.start >= end:
                break
            if d.parent is None and d.status != "requirement" and _fits_in(drafts[total], d) and not _averages(norm, drafts[total], d):
                d.parent = total


def _totals_before(ctx: Context, drafts: list[_Draft], part: _Draft, i: int, at: int) -> list[int]:
    """The level an opener at ``at`` breaks down — the last before it that can hold ``part`` — and the
    totals that level is a part of, nearest first."""
    reach = ctx.full_sentence(at)[0]
    for _ in range(BREAKDOWN_SENTENCES):
        reach = ctx.full_sentence(reach - 1)[0] if reach else 0
    for j in range(i, max(i - MAX_PARTS, -1), -1):
        d = drafts[j]
        if d.quantity.start < reach:
            return []
        if _fits_in(d, part):
            chain = [j]
            parent = drafts[j].parent
            while parent is not None:
                chain.append(parent)
                parent = drafts[parent].parent
            return chain
    return []


def _names(norm: str, total: _Draft, phrase: str) -> bool:
    """Whether the phrase before 中 names what the total counts (民生支出中 of 民生支出25.4亿元)."""
    if total.subject is None or len(phrase) < 2:
        return False
    subject = norm[total.subject[0]:total.subject[1]]
    return phrase in subject or subject in phrase or phrase[-4:] in subject


def _fits_in(total: _Draft, part: _Draft) -> bool:
    t, q = total.quantity, part.quantity
    return (part.measure == "amount" and q.value is not None and t.value is not None and q.unit_category != "percent"
            and _same_kind(t.unit, q.unit) and abs(q.value) <= abs(t.value))


def _averages(norm: str, *drafts: _Draft) -> bool:
    """人均可支配收入 by residence is no part of the average of all: averages do not add up."""
    return any(d.subject is not None and _AVERAGE.search(norm, d.subject[0], d.subject[1]) for d in drafts)


_AVERAGE = regex.compile(r"人均|平均|户均|亩均|均价")


def _totals(ctx: Context, drafts: list[_Draft], vocab: Vocabulary) -> None:
    """清运量共计98.6万吨，焚烧处理约72.4万吨，卫生填埋18.3万吨: parts that add up to no more than their total."""
    norm = ctx.norm
    for i, d in enumerate(drafts):
        window = norm[max(d.clause[0], d.quantity.start - 4):d.quantity.start]
        if d.measure != "amount" or d.quantity.value is None or not window.endswith(vocab.total_words):
            continue
        end = ctx.full_sentence(d.quantity.start)[1]
        parts, running = [], Decimal(0)
        for k in range(i + 1, min(i + MAX_PARTS, len(drafts))):
            part = drafts[k]
            if part.quantity.start >= end:
                break
            if part.measure != "amount":
                continue
            if not _fits_in(d, part) or part.parent is not None:
                break
            running += abs(part.quantity.value or Decimal(0))
            parts.append(part)
        if len(parts) >= 2 and running <= abs(d.quantity.value) * TOTAL_SLACK:
            for part in parts:
                part.parent = i


def _bracketed_total(norm: str, drafts: list[_Draft], i: int) -> int | None:
    """The figure right before the bracket a figure stands in, when both count the same thing."""
    q = drafts[i].quantity
    opened = norm.rfind("(", max(drafts[i].sentence[0], q.start - STATUS_REACH), q.start)
    if opened == -1 or norm.find(")", opened, q.start) != -1:
        return None
    for j in range(i - 1, -1, -1):
        t = drafts[j].quantity
        if t.end <= opened:
            if (not norm[t.end:opened].strip() and t.unit == q.unit and t.value is not None
                    and q.value is not None and q.value <= t.value):
                return j
            return None
    return None


# Counts of people in one breakdown are written both ways: 培训8600人次，其中企业职工3200人.
_UNIT_KINDS = {"人次": "人", "名": "人"}
_COUNTED = frozenset({"家", "所", "个", "处", "座", "项", "户", "条", "家次"})


def _same_kind(a: str | None, b: str | None) -> bool:
    """Units a total and its parts share; 个 is every thing's measure word (单位287个，其中企业164家)."""
    a, b = _UNIT_KINDS.get(a or "", a), _UNIT_KINDS.get(b or "", b)
    return a == b or a == "个" and b in _COUNTED


_LIST_SPLIT = regex.compile(r"[和与及、,，]|以及")


def _distribute(norm: str, drafts: list[_Draft]) -> None:
    """分别增长15.8%和14.4%: the subjects listed before 分别 go to the figures after it, in order.

    When the clause names fewer subjects than it has figures (利润总额18.3亿元、营业收入326.5亿元，
    分别增长15.8%和14.4%), the figures take the subjects of as many levels just before them.
    """
    i = 0
    while i < len(drafts):
        d = drafts[i]
        marker = norm.rfind("分别", max(d.clause[0], d.quantity.start - MAX_SUBJECT_CHARS), d.quantity.start)
        if marker == -1 or (i and drafts[i - 1].quantity.start >= marker):
            i += 1
            continue
        end = i
        while end < len(drafts) and drafts[end].clause == d.clause:
            end += 1
        group = range(i, end)
        names = _listed_names(norm, d.clause[0], marker)
        own = _left_phrase(Reading.of(norm, d.clause[0], marker), vocabulary()) if len(names) == 1 else None
        if own is not None and own[2] != "scope" and len(group) >= 2:
            # 城乡居民人均可支配收入分别达到2.78万元和1.84万元: one name for every figure.
            for k in group:
                drafts[k].subject, drafts[k].subject_side = (own[0], own[1]), "distributed"
        elif len(names) >= 2 and len(names) >= len(group):
            for k, span in zip(group, names[-len(group):]):
                drafts[k].subject, drafts[k].subject_side = span, "distributed"
        elif len(group) >= 2 and i >= len(group):
            levels = drafts[i - len(group):i]
            subjects = [lv.subject for lv in levels]
            if (all(lv.sentence == d.sentence and lv.measure == "amount" for lv in levels)
                    and None not in subjects and len(set(subjects)) == len(subjects)):
                for k, subject in zip(group, subjects):
                    drafts[k].subject, drafts[k].subject_side = subject, "distributed"
        i = end


def _listed_names(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    names = []
    at = start
    for part in _LIST_SPLIT.split(norm[start:end]):
        stripped = part.strip()
        if stripped:
            offset = norm.find(stripped, at)
            names.append((offset, offset + len(stripped)))
            at = offset + len(stripped)
    return names
