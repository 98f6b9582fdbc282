"""Whether a target and an outcome of one key count one thing: both a year's addition or both a total, and
subjects that say the same besides the key's own words (重点工业项目 and 重点商贸流通项目 are two lists of projects;
全市地区生产总值 and 地区生产总值 are one GDP). Each reading of a figure is kept in the audit's context (``read``):
a body of hundreds of reports has thousands of targets to line up."""
from __future__ import annotations

from collections.abc import Callable
from functools import cache

import regex

from ..attribution.context import CLAUSE_END
from ..attribution.vocab import vocabulary
from ..keys import indicator_phrase, trim
from ..lexicon import cues, longest_first, on_reload
from ..normalize import normalize
from ..quantities import MONEY
from .context import Context, Fig

# A key that no taxonomy entry names lines figures up only when its phrase is at least this long:
# 旅游收入, 仓储库, 建成平安小区 name an indicator or a thing built; 投资, 企业, 供水 do not.
KEY_CHARS = 3
# A phrase this long is specific enough for one key to be read as a longer one's end (建成蔬菜大棚 and
# 奋斗镇、建设办建成蔬菜大棚), and a taxonomy entry with none so long is a kind of thing (项目), not an indicator.
SPECIFIC_PHRASE = 4
# How far before a subject a word of adding is looked for: 新增 | 国家级高新技术企业.
ADDED_REACH = 4
# How far back in its clause a word of a total to date (…，总数突破7000家) or of scope (全年) is looked for.
CLAUSE_REACH = 16
# What joins indicators named together (城镇居民人均可支配收入和农民人均纯收入), and what says a figure is each one's.
JOINER = regex.compile(r"[和、及与]|以及")
_EACH = regex.compile(r"[^，,。；;]{0,6}?(?:[均都]|分别)")
_CLAUSE_BREAK = regex.compile(f"[{regex.escape(CLAUSE_END)}]")
_VERB_JOINERS = ("和", "及", "与")


def for_each(f: Fig) -> bool:
    """A subject with 均, 都 or 分别 between it and the figure: the figure is each of its parts'."""
    m = f.m
    return m.subject_end is not None and _EACH.match(f.doc.text, m.subject_end, m.quantity.start) is not None


@cache
def _framing_verbs() -> tuple[str, ...]:
    # With the words of the task or of whom it counts: 易地搬迁脱贫任务 and 易地扶贫搬迁人口 say no more than their key.
    return longest_first({*cues().words["doing"], *cues().words["added"], *cues().words["task"]})


@cache
def _work_verbs() -> tuple[str, ...]:
    # With the joiners between them: 新建和改造提升高标准农田 is 高标准农田, built or upgraded.
    return longest_first({*_framing_verbs(), *cues().words["making"], *_VERB_JOINERS})


@cache
def _doing_verbs() -> tuple[str, ...]:
    return longest_first({*cues().words["doing"], *cues().words["making"]})


@cache
def _kind_words() -> tuple[str, ...]:
    return longest_first(cues().words["kind"])


on_reload(_framing_verbs, "cues.tsv")
on_reload(_work_verbs, "cues.tsv")
on_reload(_kind_words, "cues.tsv")
on_reload(_doing_verbs, "cues.tsv")


def core_phrase(key: str) -> str:
    """A derived key without the verbs of doing, adding or making at either end of its phrase (its measure kept):
    公共厕所新建改造 and 新建改造公共厕所 are 公共厕所; and without words of what sort a thing is where a phrase that
    names a thing remains (新建新型垃圾转运站 and 现代化的垃圾转运站 are 垃圾转运站; 现代化牧场 stays, as 牧场
    alone is too short a key to line up)."""
    phrase, slash, measure = key.partition("/")
    return trim(trim(phrase, _work_verbs()), _kind_words(), least=KEY_CHARS) + slash + measure


def same_thing(ctx: Context, target: Fig, actual: Fig) -> bool:
    """Whether two figures of one key count one thing: both what was added in the year or both a total
    (新增…1800家 is no …突破7000家), and what their subjects say besides the key's own words agrees.
    重点工业项目 and 重点商贸流通项目 are both a project count, but not the same projects; 全市地区生产总值
    and 地区生产总值 are one GDP; a key as general as 项目 pairs only subjects that say the same besides it, and an
    entry of many kinds (taxonomy ``generic``) only subjects that name the same kind."""
    counts = {read(ctx, _counts, target), read(ctx, _counts, actual)}
    if counts == {"added", "total"} and not _adding_indicator(ctx, target):
        return False
    if (entry := ctx.entry(target.m.metric)) is not None and entry.generic:
        # 供水管网 and 供热 are both pipelines laid, but not the same pipes: the kinds the subjects name must agree,
        # and a word of the entry that its longer phrases qualify (道路, 管网) names no kind but its own.
        mine, theirs = read(ctx, _kind, target), read(ctx, _kind, actual)
        if mine == theirs or not mine or not theirs:
            return bool(mine) and mine == theirs
        unqualified = _unqualified(entry.phrases)
        return mine not in unqualified and theirs not in unqualified and (mine in theirs or theirs in mine)
    mine, theirs = read(ctx, residue_of, target), read(ctx, residue_of, actual)
    if not mine and not theirs:
        # 安排重点项目599项，总投资5942亿元 and 京津合作项目707项，总投资6833亿元: two sums of two lists of projects.
        owners = read(ctx, _owner, target), read(ctx, _owner, actual)
        return not all(owners) or owners[0] in owners[1] or owners[1] in owners[0]
    if not mine or not theirs:
        return mine == theirs or not _general(ctx, target)
    if mine == theirs:
        return True
    # 村屯绿化 is one of the places 公路、村屯、矿区绿化 sums: a list's total is no figure of one of its items.
    longer = target if len(mine) > len(theirs) else actual
    return (mine in theirs or theirs in mine) and "、" not in normalize(longer.m.subject or "")


@cache
def _unqualified(phrases: tuple[str, ...]) -> frozenset[str]:
    """The words of an entry that its longer phrases qualify (道路 of 城市道路), or its one word: they name no kind."""
    return frozenset(p for p in phrases if len(phrases) == 1 or any(p in q and p != q for q in phrases))


def read(ctx: Context, reading: Callable[[Context, Fig], str], f: Fig) -> str:
    """``reading(ctx, f)``, made once per figure and audit (the context keeps it)."""
    key = (reading.__name__, id(f))
    if key not in ctx.readings:
        ctx.readings[key] = reading(ctx, f)
    return str(ctx.readings[key])


def _added(f: Fig) -> bool:
    """A word of adding (新增, 新建) just before or in the figure's subject."""
    m = f.m
    if m.subject_start is None or m.subject_end is None:
        return False
    before = f.doc.text[max(m.sentence_start, m.subject_start - ADDED_REACH):m.subject_end]
    return cues().patterns["added"].search(normalize(before)) is not None


def _counts(_ctx: Context, f: Fig) -> str:
    """``total`` for a total to date (…，总数突破7000家: a word of it in the figure's clause, before it), ``added``
    for what the year added (新增…1800家), else ``either``: a work plan may leave the 新建 out (建设农村公路31.2公里)."""
    m = f.m
    clause = f.doc.text[max(m.sentence_start, m.quantity.start - CLAUSE_REACH):m.quantity.start]
    clause = _CLAUSE_BREAK.split(clause)[-1]
    if cues().patterns["stock"].search(normalize(clause)):
        return "total"
    # A work named by what is done to a thing (新民居示范村建设, 既有建筑节能改造) is the year's, whatever a total
    # says of it since; 培育…企业1.8万家 may well be a total.
    return "added" if _added(f) or normalize(m.subject or "").endswith(_doing_verbs()) else "either"


def _adding_indicator(ctx: Context, f: Fig) -> bool:
    """An indicator that is itself an addition (城镇新增就业): its texts may write the 新增 or leave it out."""
    entry = ctx.entry(f.m.metric)
    return entry is not None and any(cues().patterns["added"].search(phrase) for phrase in entry.phrases)


def _general(ctx: Context, f: Fig) -> bool:
    """A key that names a kind of thing rather than an indicator: no taxonomy phrase of it is specific."""
    entry = ctx.entry(f.m.metric)
    return entry is not None and max(map(len, entry.phrases), default=0) < SPECIFIC_PHRASE


def residue_of(ctx: Context, f: Fig) -> str:
    """The subject's indicator phrase without the longest phrase of its metric (or without the key itself); of a
    subject that names several indicators with a figure for each (城镇居民人均可支配收入和农民人均纯收入均增长8.5%), the
    part that names the metric."""
    m = f.m
    phrase = indicator_phrase(m.subject) if m.subject else None
    if not phrase:
        return ""
    entry = ctx.entry(m.metric)
    words = sorted(entry.phrases if entry else (m.key or "",), key=len, reverse=True)
    parts = JOINER.split(phrase) if for_each(f) else [phrase]
    for word in words:
        part = next((p for p in parts if word and word in p), None)
        if part is not None:
            return _bare(part.replace(word, "", 1))
    return _bare(phrase) if entry else ""


def _kind(_ctx: Context, f: Fig) -> str:
    """What kind of thing of a generic entry the figure's subject names, without what frames it or says of
    what sort it is (完成雨水管网改造 is 雨水管网)."""
    return core_phrase(_bare(f.m.subject or ""))


def _owner(_ctx: Context, f: Fig) -> str:
    """What a sum of money that names nothing but its metric is the sum of: the things the count just before
    it in its sentence counts (安排市以上重点项目599项，总投资5942亿元); empty when no count stands there."""
    m = f.m
    if m.quantity.unit_category not in MONEY:
        return ""
    before = [o for o in f.doc.metrics if o.sentence_start == m.sentence_start and o.quantity.end <= m.quantity.start]
    count = before[-1] if before else None
    if count is None or count.quantity.unit_category != "count" or not count.subject:
        return ""
    return _bare(count.subject)


def scope_of(_ctx: Context, f: Fig) -> str:
    """The words of scope (scope_words.txt: 全年, 全区, 全市…) in the figure's clause before it, a space between."""
    m = f.m
    clause = normalize(_CLAUSE_BREAK.split(f.doc.text[max(m.sentence_start, m.quantity.start - CLAUSE_REACH):m.quantity.start])[-1])
    return " ".join(sorted(w for w in vocabulary().scope_words if w in clause))


def _bare(residue: str) -> str:
    """What a residue says without what frames it: time and scope words (北京大兴国际机场临空经济区年内) and verbs of
    doing or adding at its ends (新增 and 净增 say nothing of which enterprises)."""
    return trim((indicator_phrase(residue) or "") if residue else "", _framing_verbs(), least=0)
