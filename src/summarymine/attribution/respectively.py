"""The subjects 分别 hands out to the figures after it (利润总额、营业收入分别增长15.8%和14.4%), in order."""
from __future__ import annotations

import regex

from ..segmentation import segmenter
from .context import Reading, _Draft
from .subject import MAX_SUBJECT_CHARS, _left_phrase
from .vocab import vocabulary

# A clause that has no more than this before its 分别 (月人均分别提高…) names none of the figures after it.
OWN_NAME_CHARS = 3
_TO = regex.compile(r"[到至]")
_LIST_SPLIT = regex.compile(r"[和与及、,，]|以及")
_ITEM_SPLIT = regex.compile(r"[、,，]")
_JOINERS = frozenset({"和", "、", "与", "及"})


def _distribute(norm: str, drafts: list[_Draft]) -> None:
    """分别增长15.8%和14.4%: the subjects listed before 分别 go to the figures after it, in order.

    When the clause names fewer subjects than it has figures (利润总额18.3亿元、营业收入326.5亿元，
    分别增长15.8%和14.4%), the figures take the subjects of as many levels just before them.
    """
    i = 0
    while i < len(drafts):
        d = drafts[i]
        marker = norm.rfind("分别", max(d.clause[0], d.quantity.start - MAX_SUBJECT_CHARS), d.quantity.start)
        # A clause that opens on a change with no 分别 may be a list of changes that names nothing (_unnamed_changes).
        opens_on_a_change = marker == -1 and d.measure == "growth" and (not i or drafts[i - 1].clause != d.clause)
        if not opens_on_a_change and (marker == -1 or (i and drafts[i - 1].quantity.start >= marker)):
            i += 1
            continue
        end = i
        while end < len(drafts) and drafts[end].clause == d.clause:
            end += 1
        group = range(i, end)
        if marker == -1:
            if _unnamed_changes(norm, drafts, group):
                # 城镇居民人均可支配收入17175元，农村居民人均纯收入5153元，实际增长9.8%和8.5%: 分别 left unsaid.
                _levels_named(drafts, group)
            i = end
            continue
        names = _listed_names(norm, d.clause[0], marker, len(group))
        if len(names) < len(group) and len(norm[d.clause[0]:marker].strip()) <= OWN_NAME_CHARS:
            # 基本养老金、低保标准…和环卫工人工资再次提高，月人均分别提高221元、90元…: the clause before lists them.
            names = _names_before(norm, d, len(group)) or names
        numbered = _numbered_items(norm, names)
        own = _left_phrase(Reading.of(norm, d.clause[0], marker), vocabulary()) if len(names) == 1 else None
        dated = _dated_name(norm, names)
        if dated is not None:
            # 2023年、2024年可转债实际转股金额分别为832亿元、1694亿元: the years say when, the noun after them what.
            for k in group:
                drafts[k].subject, drafts[k].subject_side = dated, "distributed"
        elif numbered is not None:
            # 第一、二、三产业增加值分别增长3.5%、6.0%和5.2%: one name of numbered items for every figure.
            for k in group:
                drafts[k].subject, drafts[k].subject_side = numbered, "distributed"
        elif own is not None and own[2] != "scope" and len(group) >= 2:
            # 城乡居民人均可支配收入分别达到2.78万元和1.84万元: one name for every figure.
            for k in group:
                drafts[k].subject, drafts[k].subject_side = (own[0], own[1]), "distributed"
        elif len(names) >= 2 and len(names) >= len(group):
            for k, span in zip(group, names[-len(group):]):
                drafts[k].subject, drafts[k].subject_side = span, "distributed"
        elif len(names) >= 2 and len(group) == 2 * len(names) and _TO.search(
                norm, drafts[i + len(names) - 1].quantity.end, drafts[i + len(names)].quantity.start):
            # 跨国公司地区总部、外资研发中心分别从771家、481家增加到1076家、636家: each name twice, from and to.
            for n, k in enumerate(group):
                drafts[k].subject, drafts[k].subject_side = names[n % len(names)], "distributed"
        else:
            _levels_named(drafts, group)
        i = end


_TIME = regex.compile(r"(?:[0-9]{2,4}|[一二三四五六七八九〇零]{4})年度?|[一二三四1-4]季度|[上下]半年|[0-9]{1,2}月份?")


def _dated_name(norm: str, names: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The one name after a list of times (2023年、2024年可转债实际转股金额): what each figure of the list counts."""
    if len(names) < 2 or not all(_TIME.fullmatch(norm, a, b) for a, b in names[:-1]):
        return None
    last = _TIME.match(norm, names[-1][0], names[-1][1])
    return (last.end(), names[-1][1]) if last is not None and last.end() < names[-1][1] else None


_NUMERAL_ITEM = regex.compile(r"第?[一二三四五六七八九十](?=$|[^一二三四五六七八九十])")
_NUMERAL_ENDING = regex.compile(r"(?<![一二三四五六七八九十])第?[一二三四五六七八九十]$")


def _numbered_items(norm: str, names: list[tuple[int, int]]) -> tuple[int, int] | None:
    """第一、二、三产业增加值: names that are numerals alone, then one numeral with the name they share after it, are one
    name of numbered items (pipeline.numbered_names reads each item)."""
    texts = [norm[start:end] for start, end in names]
    if len(texts) < 2 or not all(_NUMERAL_ITEM.fullmatch(t.strip()) for t in texts[1:-1]):
        return None
    # The first may begin with words of the clause (全市实现第一、二、三产业增加值分别为…): its numeral ends it.
    first = _NUMERAL_ENDING.search(texts[0].rstrip())
    last = _NUMERAL_ITEM.match(texts[-1].lstrip())
    if first is None or last is None or last.end() == len(texts[-1].strip()):
        return None
    return names[0][0] + first.start(), names[-1][1]


def _levels_named(drafts: list[_Draft], group: range) -> None:
    """Figures of a list that name nothing take the subjects of as many levels of their sentence just before them."""
    i = group.start
    if len(group) < 2 or i < len(group):
        return
    levels = drafts[i - len(group):i]
    subjects = [lv.subject for lv in levels]
    if (all(lv.sentence == drafts[i].sentence and lv.measure == "amount" for lv in levels)
            and None not in subjects and len(set(subjects)) == len(subjects)):
        for k, subject in zip(group, subjects):
            drafts[k].subject, drafts[k].subject_side = subject, "distributed"


def _unnamed_changes(norm: str, drafts: list[_Draft], group: range) -> bool:
    """A clause of nothing but a list of changes (实际增长9.8%和8.5%): the figures joined by 和 or 、 alone, and
    before them no phrase of their own that names a thing."""
    figures = [drafts[k] for k in group]
    if len(figures) < 2 or any(f.measure != "growth" for f in figures):
        return False
    if any(norm[a.quantity.end:b.quantity.start].strip() not in _JOINERS for a, b in zip(figures, figures[1:])):
        return False
    own = _left_phrase(Reading.of(norm, figures[0].clause[0], figures[0].quantity.start), vocabulary())
    return own is None or own[2] in {"verb", "scope"}


def _names_before(norm: str, d: _Draft, wanted: int) -> list[tuple[int, int]]:
    """The names the clause before a figure's own lists, one for each of ``wanted`` figures, when it holds no figure."""
    end = d.clause[0] - 1
    if end <= d.sentence[0]:
        return []
    start = max(d.sentence[0], *(norm.rfind(mark, d.sentence[0], end) + 1 for mark in "，,；;"))
    if any(ch.isdigit() for ch in norm[start:end]):
        return []
    names = _listed_names(norm, start, end, wanted)
    if len(names) != wanted:
        return []
    # The last name runs on into what is said of them all (环卫工人工资再次提高): that is no part of it.
    first, last = names[-1]
    words = list(segmenter().words(norm[first:last]))
    while len(words) > 1 and words[-1][1][:1] in {"v", "d"}:
        last -= len(words.pop()[0])
    return [*names[:-1], (first, last)]


def _listed_names(norm: str, start: int, end: int, wanted: int) -> list[tuple[int, int]]:
    """The names listed before 分别, split at 、 and at 和, 与 and 及 (小麦、玉米和大豆产量分别…); when that gives
    more or fewer names than figures, at 、 alone if that gives one name for each (汽车及零部件 is one industry of
    five) and no name holds a figure."""
    items = _LIST_SPLIT.split(norm[start:end])
    if len([p for p in items if p.strip()]) != wanted:
        listed = [p for p in _ITEM_SPLIT.split(norm[start:end]) if p.strip()]
        if len(listed) == wanted and not any(ch.isdigit() for p in listed for ch in p):
            items = listed
    names = []
    at = start
    for part in items:
        stripped = part.strip()
        if stripped:
            offset = norm.find(stripped, at)
            names.append((offset, offset + len(stripped)))
            at = offset + len(stripped)
    return names
