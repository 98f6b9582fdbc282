"""Whether a figure is an amount, a growth, a share or a completion rate, and the sign a word of
decrease gives it (下降2.3% is -2.3%)."""
from __future__ import annotations

from dataclasses import replace
from functools import cache

import regex

from ..lexicon import cues, on_reload
from ..quantities import Quantity
from ..segmentation import segmenter
from .context import CLAUSE_END, Reading, _Draft, _reach_back
from .noun_phrase import right_phrase
from .vocab import Cue, Vocabulary, vocabulary

# How far before a figure a word that makes it a change, a share or a completion rate may stand.
MEASURE_REACH = 12
# How far before a percentage the words that make it a part of a whole may stand.
SHARE_REACH = 24
# The units a part of a whole is given in: percentages, 成 and ‰ among them.
SHARE_CATEGORIES = frozenset({"percent"})


def _read_measure(norm: str, d: _Draft, vocab: Vocabulary, previous: _Draft | None) -> None:
    q = d.quantity
    # Read as a reader reads it: the line wraps and cell walls of a PDF's text (約占⏎無機再生資源總產生量 66%) part no cue
    # from its figure.
    reading = Reading.of(norm, _reach_back(norm, d.clause[0], q.start, MEASURE_REACH), q.start)
    window = reading.text
    if q.hedge and window.rstrip().endswith(q.hedge):
        # 至少1篇 is no decrease; text laid out from a PDF puts spaces around numbers (低于 4.5%).
        window = window.rstrip()[:-len(q.hedge)]
    gap = next((sign for pattern, sign in _comparisons() if pattern.search(window.rstrip())), None)
    if gap is not None:
        # 低于调控目标0.8个百分点, 高于全国平均水平5.1个百分点: a gap from a wider body or a target, signed.
        d.measure = "growth"
        if gap == "-" and q.value is not None and q.value > 0:
            d.quantity = _negated(q)
        return
    # The cue nearest the figure governs it (提升（同期为下降31.9% is a decrease), the longer of two ending alike.
    for cue in sorted(_cues_in(window, vocab), key=lambda c: (-(window.rfind(c.word) + len(c.word)), -len(c.word))):
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
        if cue.value == "share" and q.unit_category not in SHARE_CATEGORIES:
            continue  # 不合格比率达1.15倍: a multiple, no part of a whole
        if cue.value == "growth" and _OBJECT_TO_A_LEVEL.fullmatch(between.rstrip()) and not vocab.status_pattern.search(between):
            return  # 提高产检补助为14次, 提高基础养老金标准至每月180元: the level its object was raised to
        if cue.value == "growth" and _counts_a_noun(norm, d, window[:at], vocab):
            return  # 改造提升58条背街小巷, 压减3家企业: the verb acts on things counted, it changes no level
        if cue.value == "growth" and window[:at].endswith(cues().words["making"]):
            return  # 新建和改造提升高标准农田332万亩: the second half of one verb of making, no change of a level
        d.measure, d.measure_at = cue.value, reading.positions[at]
        if cue.extra == "-" and q.value is not None and q.value > 0:
            d.quantity = _negated(q)
        return
    if q.unit == "%" and q.value is not None and q.value > 0 and _cut_by_a_share().fullmatch(norm, d.clause[0], q.start):
        # 压减政府性基金项目30%, 削减中央政府层面设立的涉企收费项目60%以上: the object cut by a share of itself.
        d.measure, d.quantity = "growth", _negated(q)
    elif previous is not None and previous.measure == "share" and _FROM_TO.fullmatch(norm, previous.quantity.end, q.start):
        d.measure = "share"  # 工业投资占固定资产投资比重从17.9%提升到35.5%: the level the share grew to
    elif previous is not None and previous.measure != "amount" and _LIST_JOINER.fullmatch(norm, previous.quantity.end, q.start):
        # 分别同比增长29.2%、16.5%、16%和33%: a list of figures is read as its first one is.
        d.measure, d.measure_at = previous.measure, previous.measure_at
        if previous.quantity.value is not None and previous.quantity.value < 0 < (q.value or 0):
            d.quantity = _negated(q)
    elif previous is not None and previous.measure == "growth" and _changes_a_listed_level(norm, previous, q):
        # 减少企业税负3500亿元左右、涉企收费约2000亿元; 增加水稻种植面积26万亩、蔬菜瓜果16万亩
        d.measure = "growth"
        if (previous.quantity.value or 0) < 0:
            d.quantity = _negated(q)
    elif (previous is not None and previous.sentence == d.sentence and previous.quantity.unit == q.unit
          and norm.startswith("的", q.end) and norm.startswith(vocabulary().status_after_words, q.end + 1)):
        d.measure = previous.measure  # M2增长11.3%，低于13%左右的预期目标: the target of the figure before
    elif q.unit in {"百分点", "倍"}:  # 提高2个百分点; 是2010年的2.6倍: a change on a baseline
        d.measure = "growth"
    elif q.unit_category == "percent" and _is_share(norm, d):
        d.measure = "share"


def _changes_a_listed_level(norm: str, previous: _Draft, q: Quantity) -> bool:
    """A level listed after one a verb of change changed, in the same unit, is changed too, the same way: an amount
    of things (压减炼钢产能1230万吨、煤炭1000万吨; 、蔬菜瓜果16万亩), or a level the verb lowered (、涉企收费约; cues.tsv
    level_noun); a percentage listed so has a verb of its own."""
    between = norm[previous.quantity.end:q.start]
    if q.hedge and between.rstrip().endswith(q.hedge):
        between = between.rstrip()[:-len(q.hedge)]
    value = previous.quantity.value
    # Cuts listed in other units (压减钢铁产能1400万吨、平板玻璃660万重量箱), not gains (增加产值2054亿元、创造就业1万人).
    cut = value is not None and value < 0 and {previous.quantity.unit_category, q.unit_category}.isdisjoint(_RATES)
    if value is None or not 0 < (q.value or 0) or (previous.quantity.unit != q.unit and not cut) or _LISTED_OBJECT.fullmatch(between) is None:
        return False
    if value < 0 and between.rstrip().endswith(cues().words["level_noun"]):
        return True
    # 净增38家、总数达到312家: a level the list reaches is no change.
    return q.unit_category not in _RATES and not any(w in between for w in vocabulary().linking if len(w) > 1)


_LISTED_OBJECT = regex.compile(r"\s*[、和及与]\s*\p{Han}{2,8}\s*")
_RATES = frozenset({"percent", "percentage_point", None})


def _counts_a_noun(norm: str, d: _Draft, before_cue: str, vocab: Vocabulary) -> bool:
    """A figure with a noun after its measure word, and no baseline (比上年, 同比) before the verb."""
    if d.quantity.unit_category in {"percent", None} or cues().patterns["baseline"].search(before_cue):
        return False
    right = right_phrase(norm, d.quantity, d.clause[1], d.next_start, segmenter(), vocab)
    return right is not None and right[2] == "noun"


@cache
def _cut_by_a_share() -> regex.Pattern[str]:
    """A verb of decrease that opens its clause and the object it acts on, ending where a percentage starts
    (a share of a thing is no amount of it: 压减政府性基金项目30% cut the funds by 30%)."""
    verbs = "|".join(regex.escape(c.word) for c in vocabulary().measures if c.extra == "-" and c.value == "growth" and len(c.word) > 1)
    return regex.compile(rf"\s*(?:{verbs})(?!到|至|为)[\p{{Han}}“”\"]{{2,18}}")


on_reload(_cut_by_a_share, "measures.tsv")


@cache
def _comparisons() -> tuple[tuple[regex.Pattern[str], str], ...]:
    """Each comparison of cues.tsv as a pattern ending where a figure starts, with the sign of its gap."""
    return tuple((regex.compile(f"(?:{pattern})$"), sign) for pattern, sign in cues().values["comparison"].items())


on_reload(_comparisons, "cues.tsv")


def _cues_in(window: str, vocab: Vocabulary) -> list[Cue]:
    """The measure cues that may occur in a window, longest first: those with a first character in it."""
    found = [entry for ch in set(window) for entry in vocab.measure_index.get(ch, ())]
    return [cue for _, cue in sorted(found)]


# 占全部财政支出的79.3%, 占地区生产总值比重为44.3%: 占 governs a share across the whole it names.
@cache
def share_of_pattern() -> regex.Pattern[str]:
    """占全部财政支出的79.3%, 占地区生产总值比重为44.3%: 占 governs a share across the whole it names
    (its nouns, cues.tsv share_noun); so does 相当于 (相当于建国以来建设总里程的50%)."""
    nouns = cues().patterns["share_noun"].pattern
    return regex.compile(rf"(?:占(?!地(?!区)|用|有)|相当于)[^0-9，,。；;:：]{{1,20}}?(?:的)?(?:{nouns})?(?:为|是|达到|达)?$")


on_reload(share_of_pattern, "cues.tsv")


def _is_share(norm: str, d: _Draft) -> bool:
    """The ways a percentage is written as a part of a whole without the words 占 or 比重 next to it.

    占全部财政支出的79.3%; 制造业(68%); （710万吨；40%）; 80%的展演用品.
    """
    q = d.quantity
    # Its sentence, line wraps aside (（約占流入的⏎82%）).
    before = Reading.of(norm, _reach_back(norm, d.sentence[0], q.start, SHARE_REACH), q.start).text
    if share_of_pattern().search(before[before.rfind("，") + 1:]):
        return True
    opening = _COMMA.split(norm[d.sentence[0]:q.start], maxsplit=1)
    if len(opening) > 1 and cues().patterns["share_opener"].fullmatch(opening[0].strip()):
        return True  # 以能源占比来看，燃煤39.3%、燃气42.4%
    opened = max(before.rfind("("), before.rfind("（"))
    closes = norm[q.end:q.end + 1] in {")", "）"}
    if closes and opened != -1 and ")" not in before[opened:] and "）" not in before[opened:]:
        return not cues().patterns["not_share"].search(before[opened:])
    # 80%的展演用品 is a part of them; 13%左右的预期目标 is what the target was (status.tsv, after the figure).
    if (norm.startswith("的", q.end) and q.end + 1 < len(norm) and norm[q.end + 1] not in CLAUSE_END
            and not norm.startswith(vocabulary().status_after_words, q.end + 1)):
        return True
    # 60%公办中小学校纳入集团化管理: a percentage written onto the noun of the things it is a part of.
    first = segmenter().words(norm[q.end:q.end + GROUP_CHARS])[:1]
    # 按5%税率, 15%所得税优惠: a rate, no group.
    return bool(first) and first[0][1] in GROUP_TAGS and not first[0][0].endswith(("率", "税"))


_COMMA = regex.compile(r"[，,]")
# How much of the text after a percentage is read for the noun of a group it is a part of, and the tags of such nouns.
GROUP_CHARS = 6
GROUP_TAGS = frozenset({"n", "b", "nz", "j"})
# 提高产检补助为: a verb's object, then the word that names the level it went to (not 达到, nor 分别为 or 均为; 成长率上调至 is a rate).
_OBJECT_TO_A_LEVEL = regex.compile(r"(?!分别|均|都|率)\p{Han}{2,6}(?<![达均别都])[为到至]")
_FROM_TO = regex.compile(r"\s*(?:提升|提高|增长|增加|上升|扩大|下降|降低|减少|回落)?(?:到|至)\s*")
_LIST_JOINER = regex.compile(r"\s*(?:[、和与及]|以及)\s*")
_LISTED_FIGURES = regex.compile(r"(?:了|分别)?(?:[0-9.,]+(?:%|‰|个百分点|百分点)?[和、与及])+")
_FLIP = {"more_than": "less_than", "less_than": "more_than", "at_least": "at_most", "at_most": "at_least"}


def _negated(q: Quantity) -> Quantity:
    value = -q.value if q.value is not None else None
    value_max = None
    if q.value_max is not None and value is not None:
        value, value_max = -q.value_max, value
    return replace(q, value=value, value_max=value_max, approx=_FLIP.get(q.approx, q.approx))
