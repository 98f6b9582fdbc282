"""What each figure counts and how it stands: subject, measure, status, parent, as_of.

Works on the script-normalized text, whose offsets are the original's, and segments only the
phrases around each figure (segmenting whole documents is the slow part). Words come from a private
jieba tokenizer, so the process's global jieba (which spaCy's zh pipeline uses) is left untouched.

A document's boundaries (sentences, clauses, lines, the parts about the past and the year ahead,
labelled blocks, tables) are found once in a ``Context``; each figure then reads bounded windows
around it, in text order, so that a figure can take the subject of the one before it and lists
pair in order. Phrases are read through PDF line wraps and table cell walls (``Reading``), and
every span is mapped back to the text.

The words come from ``vocab``, the boundaries from ``context``; ``subject``, ``measure``, ``status``,
``parents`` and ``tables`` each read one thing of a figure, and ``attribute`` runs them in order.
"""
from __future__ import annotations

import itertools
from functools import cache

import regex

from ..keys import trim
from ..layout import Cell
from ..lexicon import cues, on_reload
from ..quantities import MONEY, Quantity
from ..results import Metric
from ..segmentation import segmenter
from .context import Context, Reading, _Draft, plan_start
from .measure import _read_measure
from .noun_phrase import NOUN_TAGS
from .parents import _read_parents
from .respectively import _distribute
from .spending import costs_a_project
from .status import _continues_a_level, _continues_a_year, _read_as_of, _read_status, _section_and_year, status_said_after
from .subject import MAX_SUBJECT_CHARS, _ends_with_verb, _read_subject
from .tables import _form_totals, _read_cell, _read_indicator_line, _table_totals
from .vocab import Cue, Vocabulary, vocabulary

__all__ = ["Context", "Cue", "Reading", "Vocabulary", "attribute", "plan_start", "vocabulary"]


# A deadline before a figure in its sentence: 至2026年底, 到2026年, 2026年底前.
_BY_A_YEAR = regex.compile(r"(?:(?:到|至|于)\s*(?P<year>(?:19|20)[0-9]{2})\s*年|(?P<year>(?:19|20)[0-9]{2})\s*年\s*(?:底|末)?\s*前)")


def _by_the_year(ctx: Context, d: _Draft, year: int) -> bool:
    """Whether the figure's year is named as a deadline before it, in its sentence (or just before a line break that
    a page's layout made its start: 承诺至⏎2026年底完成)."""
    start = d.sentence[0]
    while start > 0 and ctx.norm[start - 1].isspace():
        start -= 1
    start = start - 1 if start > 0 and ctx.norm[start - 1] in "到至于" else d.sentence[0]
    return any(int(m["year"]) == year for m in _BY_A_YEAR.finditer(ctx.norm, start, d.quantity.start))


def attribute(text: str, norm: str, figures: list[Quantity], *, default_status: str | None = "achieved",
              cells: dict[int, Cell] | None = None, year: int | None = None) -> list[Metric]:
    """Metrics for the figures of one document, in text order, with ids m1, m2, …

    ``default_status`` is the status of a figure no word qualifies in the review part of the text
    (``None`` where the text does not report results). ``cells`` are the table cells whose units
    ``layout.unit_cells`` read, by the start of their number; pipe tables are found here. ``year`` is
    the year the document reports on, when known (a heading on the year after it opens the plan).
    """
    cells = cells or {}
    vocab = vocabulary()
    ctx = Context(norm, vocab, year)
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
    _table_totals(norm, drafts, {i: cell for i, cell in in_cells.items() if not cell.in_form}, vocab)
    _form_totals(drafts, {i: cell for i, cell in in_cells.items() if cell.in_form})
    for d in drafts:
        # 超额完成…目标任务，其中国家级项目3项: the parts stand as their total, unless a word after one says how it
        # stands (其中3件调解成立、4件调解中).
        if d.parent is not None and status_said_after(norm, d, vocab) is None:
            d.status = drafts[d.parent].status
    _distribute(norm, drafts)
    _share_the_noun_after(norm, drafts)
    for d in drafts:
        if d.subject is not None:
            d.subject = _work_named_before(ctx, d.subject) or d.subject
    for d in drafts:
        if (d.subject is not None and d.quantity.unit_category in MONEY and _allots(norm, d.subject)
                and not _names_a_thing(norm[d.clause[0]:d.subject[0]])):
            heading = ctx.heading_before(d.sentence[0])
            if heading is not None:
                d.subject, d.subject_side = heading, "heading"  # 一、軌道建設…本期編列57億元: the heading says what for
    metrics: list[Metric] = []
    for i, d in enumerate(drafts):
        section, year = ("span", None) if costs_a_project(norm, d) else _section_and_year(ctx, d)
        if section == "span" and year is None and metrics and _continues_a_year(ctx, d, metrics[-1]):
            section, year = metrics[-1].section, metrics[-1].year  # 2012年全省生产总值26575亿元，同比增长9.6%
        elif section == "span" and year is None and metrics and _continues_a_level(ctx, d, metrics[-1]):
            section = "span_end"
        if d.status == "achieved" and year is not None and ctx.year is not None and (
                year > ctx.year + 1 or year == ctx.year + 1 and _by_the_year(ctx, d, year)):
            # 到2030年，全市公园达到1500座: what a year still to come is to see, in any part; so is what the year after the
            # one reported on is to see by a deadline (承诺至2026年底完成30万棵苗木) rather than in its first months.
            d.status = "target"
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
            confidence=confidence, section=section, year=year,
        ))
    return metrics


def _share_the_noun_after(norm: str, drafts: list[_Draft]) -> None:
    """完成1.8万户、189万平方米棚改任务, 全区96户177人建档立卡贫困人口: a figure with no phrase of its own (or only the
    verb that took it), listed or written right before one with a noun after it, counts that noun too (in another unit)
    — unless it continues a figure of its own kind before it (国中小计1,528所，共9,353班、1万9,532名学生: the classes are
    the schools')."""
    for i, (d, following) in enumerate(zip(drafts, drafts[1:])):
        if following.subject_side != "right" or following.subject is None:
            continue
        between = norm[d.quantity.end:following.quantity.start]
        if _GRADED.fullmatch(between) and d.quantity.unit == following.quantity.unit:
            # 210个国家级、369个省级改革试点: things of two grades, the noun said once, after the second.
            grade = _GRADE.match(norm, following.subject[0], following.subject[1])
            d.subject, d.subject_side = (grade.end() if grade else following.subject[0], following.subject[1]), "shared"
            continue
        if between not in {"、", ""}:
            continue
        before = drafts[i - 1].quantity.unit_category if i else None
        # 调查记录共发现79种、6,256只鸟类: a count a verb before it took is of the things named after the next.
        object_of_a_verb = (d.subject_side == "left" and d.subject is not None and between == "、"
                            and d.quantity.unit_category == following.quantity.unit_category not in MONEY
                            and _ends_with_verb(norm, (*d.subject, ""), segmenter()))
        if d.subject_side == "" or d.subject_side == "previous" and before != d.quantity.unit_category or object_of_a_verb:
            d.subject, d.subject_side = following.subject, "shared"


# A grade that sorts things counted (国家级、), the things said once after a second grade.
_GRADE = regex.compile(r"\p{Han}{1,3}?级")
_GRADED = regex.compile(rf"{_GRADE.pattern}、")


def _work_named_before(ctx: Context, subject: tuple[int, int]) -> tuple[int, int] | None:
    """继续推进棚户区改造工程。…努力完成4000户的改造任务: a subject that is only a task of a work (改造任务, 建设任务;
    cues.tsv doing and making, task) counts the work its paragraph last named with its noun, in an earlier sentence."""
    norm = ctx.norm
    said = norm[subject[0]:subject[1]]
    work = trim(said, cues().words["task"], least=1)
    if work == said or work not in _works():
        return None
    paragraph = norm.rfind("\n", 0, subject[0]) + 1
    at = norm.rfind(work, paragraph, ctx.sentence(subject[0], subject[1])[0])
    if at <= paragraph:
        return None
    # The nouns right before the work name it (棚户区改造), not a verb (进行改造).
    start = at
    for word, tag in reversed(segmenter().words(norm[ctx.clause(at, at)[0]:at])):
        if tag not in NOUN_TAGS:
            break
        start -= len(word)
    return (start, at + len(work)) if start < at else None


@cache
def _works() -> frozenset[str]:
    return frozenset({*cues().words["doing"], *cues().words["making"]})


on_reload(_works, "cues.tsv")


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


def _names_a_thing(text: str) -> bool:
    """Whether a clause's words before its verb name anything (首先为该村拨付: 该村) beside when and how much (本期编列,
    今年共安排, 本年度编列: words of time, adverbs and numerals, or a word of 本, this one)."""
    return any(tag not in _FRAMING_TAGS and not word.startswith("本") for word, tag in segmenter().words(text))


# Words that say when or how much, not what: time words, adverbs, numerals and measure words.
_FRAMING_TAGS = frozenset({"t", "d", "m", "q", "mq", "x"})


def _allots(norm: str, subject: tuple[int, int]) -> bool:
    """A subject that is only a verb of allotting money (編列, 安排, 下达; cues.tsv allotting): it names no purpose."""
    return norm[subject[0]:subject[1]].strip() in cues().words["allotting"]
