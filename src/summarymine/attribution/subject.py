"""What a figure counts: the noun phrase after it, the phrase before it, or what the figure before it
counts, chosen in the order Chinese syntax gives them."""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import regex

from ..lexicon import cues, on_reload
from ..quantities import MONEY, Quantity
from ..segmentation import Segmenter, segmenter
from .context import _LAYOUT_NOISE, LAYOUT_FACTOR, Reading, _Draft, _reach_back
from .spending import listed_project, spends, spent_on
from .status import as_of_pattern
from .vocab import Vocabulary

MAX_SUBJECT_CHARS = 24
# Words that make up a noun phrase after a figure (3所市级示范学校): nouns and their kin.
NOUN_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "nl", "ng", "vn", "an", "a", "j", "l", "b", "i", "eng", "g", "zg"})
# Of those, the words that can head a noun phrase on their own (建设 or 重点 alone counts nothing).
HEAD_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "nl", "ng", "j", "l", "eng", "zg"})
# How far after a figure its noun may reach, and what ends it (a list, a bracket, a conjunction).
RIGHT_WINDOW = 12
# How far past the window the word it ends in may run.
WORD_SLACK = 4
# A phrase after a figure that begins with a verb is its object only when it is this short.
OBJECT_CHARS = 8
# How far before a figure the 均 or 分别 that gives it to each name of a list may stand (均增长8%, 分别达到).
FOR_EACH_REACH = 8
_FOR_EACH = regex.compile(r"(?:(?<![平人户亩年日月])均|分别)[^，,。；;、]{0,6}\Z")  # not the 均 of 平均油价
_GROWN_TO = regex.compile(r"[到至]\s*$")
_THRESHOLD = regex.compile(r"[0-9][0-9.]*[^0-9，,。；;、]{1,4}?及?(?:以上|以下)的")
# A bracket of short alternatives (县（市、区）) is part of the word before it, and no stop.
_RIGHT_STOP = regex.compile(r"[(（]\p{Han}{1,2}(?:、\p{Han}{1,2}){0,3}[)）](*SKIP)(*FAIL)|[、()（）《》|\t]|和|与|及|或")
# The longest modifier that a conjunction joins to another before the noun they share (国家和省重大科技项目).
JOINED_CHARS = 3
_JOINERS = frozenset({"、", "和", "与", "及"})
_COUNT_AHEAD = regex.compile(r"[0-9０-９零一二两三四五六七八九十百千万]")
_ALTERNATIVES = regex.compile(r"[(（]\p{Han}{1,2}(?:、\p{Han}{1,2}){0,3}[)）]")
_NO_PHRASE = frozenset("，,。；;：:、！？!?\t")  # a tab is a table's cell wall: the next cell is no phrase of the figure
_BARE = " \t\n，,、；;：:()（）"
# What an item of a table of rules ends with before the bracket of its score, and what ends the item before it.
_ITEM_TRAIL = frozenset("。.；; \t")
_ITEM_ENDS = "。；;\n\t）)"
_ITEM_NUMBER = regex.compile(r"(?<![0-9.])[0-9]{1,2}[.．、](?![0-9])")
# The longest item a score in brackets is looked back for.
ITEM_CHARS = 40
_QUOTES = frozenset("“”\"‘’'「」『』")
_OPENING_QUOTES = frozenset("“‘「『")
# Tags the dictionary gives set phrases (全面完成 l, 努力完成 nr), whatever they do in the sentence.
IDIOM_TAGS = frozenset({"l", "i", "nr"})
# Tags that never end a subject: adverbs, particles, prepositions, conjunctions, numerals, classifiers.
TRAILING_TAGS = frozenset({"d", "u", "ul", "uj", "uz", "ug", "uv", "ud", "p", "c", "m", "mq", "y", "e", "t", "f"})
# A direction word (f) is not dropped at the start: jieba tags 初中 and 中(省直) so.
LEADING_TAGS = frozenset({"c", "p", "r", "t", "u", "ul", "uj", "m", "q"})


def _read_subject(norm: str, d: _Draft, previous: _Draft | None, vocab: Vocabulary) -> None:
    q = d.quantity
    item = _item_scored(norm, q)
    if item is not None:
        d.subject, d.subject_side = item, "item"
        return
    seg = segmenter()
    # A list item (、) is its own phrase: 省级3项、农业攻关项目1项, 示范村、示范社区、3所示范学校.
    floor = d.left_start
    if previous is not None and previous.subject_side == "right" and previous.subject is not None:
        floor = max(floor, min(previous.subject[1], q.start))  # 1286名驻村干部和412个驻村工作队
    # 养老金、失业保险金32亿元: names joined before one figure are what it counts together.
    comma = norm.rfind("、", floor, q.start) if floor > d.clause[0] else -1
    # A subject is a phrase, not a paragraph: a clause without punctuation is read only near the figure; names
    # listed for a figure each (城镇常住居民人均可支配收入、农村常住居民人均可支配收入均增长8%) are a longer phrase.
    reach = MAX_SUBJECT_CHARS * 2 if _FOR_EACH.search(norm[max(floor, q.start - FOR_EACH_REACH):q.start]) else MAX_SUBJECT_CHARS
    left_from = _reach_back(norm, comma + 1 if comma != -1 else floor, q.start, reach)
    left_to = q.start
    # 生产总值完成2650.6亿元（不含定州，下同）、增长9%: a window that begins inside a bracket begins after it; one
    # that the bracket ends (股权融资（包括公开增发、定向增发…）3629亿元) is the phrase before the bracket.
    closed = max(norm.rfind(")", left_from, left_to), norm.rfind("）", left_from, left_to))
    if closed != -1 and "(" not in norm[left_from:closed] and "（" not in norm[left_from:closed]:
        # Bounded: a clause without punctuation full of closing brackets would be read again at every figure.
        reach = max(d.clause[0], left_from - MAX_SUBJECT_CHARS * 2)
        opened = max(norm.rfind("(", reach, left_from), norm.rfind("（", reach, left_from))
        if opened != -1 and not norm[closed + 1:left_to].strip():
            left_from, left_to = _reach_back(norm, d.clause[0], opened, MAX_SUBJECT_CHARS), opened
        else:
            left_from = closed + 1
    if q.hedge and norm[left_from:left_to].rstrip().endswith(q.hedge):
        left_to = left_from + len(norm[left_from:left_to].rstrip()) - len(q.hedge)  # 亩均投资不低于1500元, 低于 4.5%
    left = _left_phrase_around_as_of(norm, left_from, left_to, vocab)
    if (left is not None and q.unit_category == "percentage_point"
            and cues().patterns["contribution"].fullmatch(norm, left[0], left[1])):
        left = left[0], left[1], "scope"  # 拉动GDP增长0.1个百分点: what the part named before pulled
    elif (left is not None and left[2] == "verb" and d.measure == "growth" and norm[left[0] - 1:left[0]] == "、"
          and len(seg.words(norm[left[0]:left[1]])) == 1 and not cues().patterns["comparable"].search(norm, left[0], q.start)):
        left = left[0], left[1], "noun"  # 衣着下降9.4%、居住下降0.4%; 出口增长5%、进口下降3%: an item of a list of changes
    right = _right_phrase(norm, q, min(d.clause[1], d.next_start), seg, vocab)
    if norm.startswith("的", q.end) and spends(norm, left, seg, vocab):
        right = listed_project(norm, q.end + 1) or right
    carried = previous.subject if previous is not None and previous.sentence == d.sentence else None
    adjacent = previous is not None and not norm[previous.quantity.end:q.start].strip()
    # 占规模以上工业总产值的比重为21.3%: a share after a level is the share of that level's subject.
    share_of_previous = d.measure == "share" and opens_with_share().match(norm, d.left_start, q.start) is not None
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
                                               or right[2] == "of" and own_left and not _verb_of_a_count(left, right)
                                               and not (spends(norm, left, seg, vocab) and right[1] - right[0] > 1)
                                               or right[2] == "lone" and own_left and not _ends_with_verb(norm, left, seg)):
        # 组织农技人员260人次深入田间; 收运体系覆盖95%以上的自然村; 获得专项资金17万元支援: the phrase
        # before wins (but 一次性给予5-8万元奖励: a verb that gives the amount gives the noun after it).
        right = None
    # 新建2860个5G基站，累计建成1.12万个: a verb alone, counting in the same unit, did it to the same thing.
    # 在建项目346项、投产257项: not an item of a list, which its verb names.
    same_count = (previous is not None and left is not None and left[2] == "verb" and previous.subject is not None
                  and norm[left[0] - 1:left[0]] != "、"
                  and previous.quantity.unit == q.unit and d.measure == previous.measure
                  and _has_noun(norm, previous.subject, seg))
    # 实际使用外资8263亿元，下降27.1%，折1162亿美元: the figure before in another currency.
    converted = left is not None and norm[left[0]:left[1]] in cues().words["conversion"]
    # 投资3.5亿元，实施了次干道路…工程: money spent with no purpose before it paid for what the clause after did.
    spent = spent_on(norm, d, left, seg, vocab) if right is None else None
    if spent is not None:
        d.subject, d.subject_side = spent, "clause"
    elif carried is not None and (adjacent and right is None or share_of_previous or converted
                                or left is not None and left[2] == "verb" and d.measure in {"growth", "share"}):
        d.subject, d.subject_side = carried, "previous"
    elif right is not None:
        d.subject, d.subject_side = (right[0], right[1]), "right"
    elif carried is not None and same_count:
        d.subject, d.subject_side = carried, "previous"
    elif left is not None and own_left and (grown_from := _grown_from(norm, d, left, carried, vocab)) is not None:
        # 鼓励和支持农民专业合作组织发展，全省力争发展到1.8万家: a verb of growing alone says what became of the thing
        # the clause before names.
        d.subject, d.subject_side = grown_from, "clause"
    elif left is not None and own_left:
        d.subject, d.subject_side = (left[0], left[1]), "left"
    elif carried is not None:
        d.subject, d.subject_side = carried, "previous"
    elif (left is None or left[2] == "scope") and d.clause[0] > d.sentence[0]:
        # 海洋教育示范据点，计35处; 废弃物占大宗，数量为532.4万公吨: the clause before names it.
        named = _clause_before(norm, d, vocab)
        if named is not None:
            d.subject, d.subject_side = named, "clause"
        elif left is not None:
            d.subject, d.subject_side = (left[0], left[1]), "left"
    elif left is not None:
        d.subject, d.subject_side = (left[0], left[1]), "left"


def _grown_from(norm: str, d: _Draft, left: tuple[int, int, str], carried: tuple[int, int] | None,
                vocab: Vocabulary) -> tuple[int, int] | None:
    """The noun phrase of the clause before, for a count a verb alone says something grew to (发展到1.8万家)."""
    q = d.quantity
    if left[2] != "verb" or carried is not None or q.unit_category in MONEY or not _GROWN_TO.search(norm, left[0], q.start):
        return None
    return _clause_before(norm, d, vocab)


def _clause_before(norm: str, d: _Draft, vocab: Vocabulary) -> tuple[int, int] | None:
    """The noun phrase that ends the clause before the figure's, in its sentence."""
    if d.clause[0] <= d.sentence[0]:
        return None
    before = _left_phrase(Reading.of(norm, _reach_back(norm, d.sentence[0], d.clause[0] - 1, MAX_SUBJECT_CHARS),
                                     d.clause[0] - 1), vocab)
    return (before[0], before[1]) if before is not None and before[2] == "noun" else None


def _item_scored(norm: str, q: Quantity) -> tuple[int, int] | None:
    """2.向上争取奖补资金用于水土流失治理相关工作。（15分）: a score opening a bracket after an item of a table of
    rules is what the item is worth; the item, from its number or the sentence before, is what it scores."""
    if q.unit_category != "score" or q.start == 0 or norm[q.start - 1] not in "(（":
        return None
    end = q.start - 1
    while end > 0 and norm[end - 1] in _ITEM_TRAIL:
        end -= 1
    start = max(end - ITEM_CHARS, 0)
    start = max([start, *(norm.rfind(mark, start, end) + 1 for mark in _ITEM_ENDS)])
    numbers = [m.end() for m in _ITEM_NUMBER.finditer(norm, start, end)]
    if numbers:
        start = numbers[-1]
    while start < end and norm[start] in _BARE:
        start += 1
    return (start, end) if end - start >= 2 else None


def _verb_of_a_count(left: tuple[int, int, str] | None, right: tuple[int, int, str]) -> bool:
    """努力完成4000户的改造任务, 关停了400多家污染企业, 投资1.27亿元的公路客运总站: a verb alone before a figure
    names no thing, the phrase after 的 does (what was done, or what the money was spent on) — a phrase of more
    than the one character a name the dictionary does not know is cut to (投资4500万元的伊敏河…)."""
    return left is not None and left[2] == "verb" and right[1] - right[0] > 1


def _has_noun(norm: str, phrase: tuple[int, int], seg: Segmenter) -> bool:
    """征集项目 names a thing; 出口 and 扶持创业 name an activity, which a verb after them does not continue."""
    return any(t in HEAD_TAGS for _, t in seg.words(Reading.of(norm, phrase[0], phrase[1]).text))


def _ends_with_verb(norm: str, phrase: tuple[int, int, str] | None, seg: Segmenter) -> bool:
    if phrase is None:
        return False
    words = [w for w in seg.words(norm[phrase[0]:phrase[1]]) if not w[0].isspace()]
    # 本院已核定: a word after an adverb is a verb, however the dictionary tags it.
    return bool(words) and (words[-1][1].startswith("v") or len(words) > 1 and words[-2][1] == "d")


# ，占90.6%; ，约占地区生产总值的7%: a share that names only its whole.
@cache
def opens_with_share() -> regex.Pattern[str]:
    """约占…: a clause opening on 占 (and a hedge, cues.tsv share_hedge) is the share of the figure before."""
    return regex.compile(rf"[\s，,；;(]*(?:{cues().patterns['share_hedge'].pattern})?占")


on_reload(opens_with_share, "cues.tsv")


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
    # 增量存贷比95.2%: a 比 touching the figure ends a ratio's name; a preposition 比 has its baseline after it.
    # 钢材板带比达到50%以上: so does one a linking verb alone parts from the figure.
    touching = spans[-1][1] == reading.positions[len(reading.text)]
    ratio = touching and (spans[-1][2] == "比" or len(spans) > 1 and spans[-2][2] == "比" and spans[-1][2] in vocab.linking)
    if ratio and spans[-1][2] != "比":
        spans.pop()
    # 全部财政收入年均增长20%: a word that frames the figure as over several years is no part of what it counts.
    while spans and not ratio and (_trails(spans[-1][2], spans[-1][3], vocab) or spans[-1][2] in vocab.scope_words
                                   or spans[-1][2] in vocab.measure_words or cues().patterns["span"].fullmatch(spans[-1][2])):
        spans.pop()
    while spans and (spans[0][3] in LEADING_TAGS and not _split_word(spans) and (spans[0][3] != "r" or len(spans) > 1 or len(spans[0][2]) < 2)
                     or spans[0][2] in vocab.scope_words
                     or _is_number(spans[0][2]) or spans[0][2] in "、，,()（）"
                     or (spans[0][3] == "d" and (len(spans[0][2]) > 1 or spans[0][2] in vocab.leading_adverbs))):
        spans.pop(0)
    if not spans:
        return None
    # 按可比口径增长13%: a frame the segmenter cut into words (可比 | 口径) is one still; so is a comparison with a
    # wider body (高于全国平均水平5.1个百分点: the gap of the indicator before it; cues.tsv comparison).
    # So is a word that frames the figure as an average (…增加到287.9亿元，年均增长12.1%; 工资标准逐年提高，平均达到2000元).
    said = "".join(s[2] for s in spans)
    if (all(s[2] in vocab.scope_words or s[3] == "r" for s in spans) or said in vocab.scope_words
            or any(cues().patterns[role].fullmatch(said) for role in ("span", "average"))
            or _compares(reading, spans[0][0], spans[-1][1])):
        return spans[0][0], spans[-1][1], "scope"
    if ends_with_enumeration:
        return spans[0][0], spans[-1][1], "enumeration"
    last_tag = spans[-1][3]
    heads = spans
    if _ends_in_a_verb(spans[-1][2], last_tag, vocab):
        last_tag, heads = "v", spans[:-1]
    # 辅导三户企业: a lone verb before the figure governs the noun after it.
    verbal = last_tag.startswith("v") and (last_tag != "vn" or len(spans) == 1) and not any(
        s[3] in HEAD_TAGS for s in heads)
    kind = "verb" if verbal else "noun"
    return spans[0][0], spans[-1][1], kind


def _compares(reading: Reading, first: int, last: int) -> bool:
    """Whether all the phrase before a figure, from its first word kept to its last (``first``, ``last``: positions in
    the text), compares it with a baseline (比去年预算低, 高于全省平均增速, 比同期比重提高): cues.tsv comparison."""
    pattern = cues().patterns["comparison"]
    found = pattern.search(reading.text)
    while found is not None and not (reading.positions[found.start()] <= first < last <= reading.positions[found.end() - 1] + 1):
        found = pattern.search(reading.text, found.start() + 1)
    return found is not None


def _ends_in_a_verb(word: str, tag: str, vocab: Vocabulary) -> bool:
    """全面完成, 努力完成, 基本建成: a set phrase the dictionary tags as an idiom or a name that is an adverb and
    a verb of linking or doing (phrase_words.tsv link, cues.tsv doing)."""
    return tag in IDIOM_TAGS and len(word) == 4 and (word[2:] in vocab.linking or word[2:] in cues().words["doing"])


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
    for m in as_of_pattern().finditer(norm, start, end):
        cut = m
    if cut is None:
        return _left_phrase(Reading.of(norm, start, end), vocab)
    before = _left_phrase(Reading.of(norm, start, cut.start()), vocab) if cut.start() > start else None
    if before is not None and before[2] == "noun":
        return before
    after = _left_phrase(Reading.of(norm, cut.end(), end), vocab) if cut.end() < end else None
    return after or before


def _right_phrase(norm: str, q: Quantity, clause_end: int, seg: Segmenter, vocab: Vocabulary
                  ) -> tuple[int, int, str] | None:
    """The noun phrase a number and its measure word count (19个地震宏观观测点, 326名结对帮扶干部).

    A percentage counts no noun after it, except through 的 (80%的展演用品). The kind says how the
    phrase begins: ``noun``, ``verb`` (结对帮扶干部, or a predicate: 深入田间地头), or ``of`` (through 的).
    """
    start = q.end
    while start < clause_end and norm[start].isspace() and norm[start] != "\t":
        start += 1
    if start >= clause_end or norm[start] in _NO_PHRASE:
        return None  # 1.2亿元，…; 36项、…: nothing follows the figure in its clause
    threshold = _THRESHOLD.match(norm, start, clause_end)
    if threshold is not None:
        start = threshold.end()  # 178座10蒸吨及以下的燃煤小锅炉: the size that sorts the things counted
    kind = "noun"
    if norm.startswith("的", start) and q.approx not in {"at_least", "at_most"}:
        start, kind = start + 1, "of"  # 推进了7公里的县城东外环道路建设; not 1000万元以上的项目, a threshold
    elif q.unit_category == "percent":
        return None
    reach = RIGHT_WINDOW + WORD_SLACK
    stop = min(clause_end, start + reach * (LAYOUT_FACTOR if _LAYOUT_NOISE.search(norm, start, start + reach) else 1))
    reading = Reading.of(norm, start, stop)
    alternatives = _ALTERNATIVES.search(reading.text, 0, RIGHT_WINDOW)
    bracketed = len(alternatives.group()) if alternatives else 0
    window = reading.text[:reach + bracketed]
    cut = _RIGHT_STOP.search(window)
    joined = (cut is not None and cut.start() <= JOINED_CHARS and cut.group() in _JOINERS
              and not _COUNT_AHEAD.search(norm, reading.positions[cut.end()], min(clause_end + 1, reading.positions[cut.end()] + RIGHT_WINDOW)))
    if cut is not None and joined:
        # 588个省、市级美丽乡村, 500多个国家和省重大科技项目: a short name joined to another before one noun, no new count.
        cut = _RIGHT_STOP.search(window, cut.end())
    if cut is not None:
        window = window[:cut.start()]
    # 碳化硅单晶衬底项目竣工投产: a word that begins inside the window is read whole, not cut where the window ends.
    words = _words_from(seg.words(window), RIGHT_WINDOW + bracketed)
    words = _suffixed_as_one(_quoted_as_one(_alternatives_as_one(window, words)), vocab)
    names_itself = not any(t in HEAD_TAGS and w not in vocab.scope_words for w, t in words[1:])
    if window.startswith(tuple(vocab.scope_words)) and names_itself:
        # 35万吨目标任务: 目标任务 says what the figure was, not what it counts (2家全国重点实验室 names them)
        return start, start, "scope"
    if kind == "of" and window.startswith(vocab.status_after_words) and names_itself:
        return None  # 漏水率降至10%的目标, 500元和300元的目标: what the figure is, said after it

    taken: list[tuple[str, str]] = []
    predicate = False  # what follows the phrase is said of it (…行动方案全面启动)
    for k, (word, tag) in enumerate(words):
        if word.isspace() or _is_number(word):
            break
        if joined and word in _JOINERS and taken:
            taken.append((word, tag))
            continue
        following = words[k + 1][1] if k + 1 < len(words) else ""
        if not taken and tag == "r" and k + 1 < len(words):
            taken.append((word, tag))  # 各类燃煤小锅炉: a determiner before the noun
            continue
        if word in vocab.manner_words:
            predicate = True  # 公路客运总站基本完工: a word of how a thing went begins what is said of it
            break
        if tag in NOUN_TAGS and word not in {"的", "等"}:
            taken.append((word, tag))
            continue
        # 7个现代牧场: a word the dictionary tags a time (现代, 近代) that a noun follows describes it.
        if tag == "t" and not taken and following in HEAD_TAGS and not any(c.isdigit() for c in word):
            taken.append((word, tag))
            continue
        # 4座现代化的垃圾中转站: a modifier and 的 before the noun it describes.
        if word == "的" and taken and following in HEAD_TAGS and not any(t in HEAD_TAGS for _, t in taken):
            taken.append((word, tag))
            continue
        # 4A级景区: a grade written with a letter; 60种投资类名牌产品: a kind (类) between words of the phrase.
        # 13公里双线燃气管道, 背街巷道: a measure word the dictionary cut from the noun before it (管道, 巷道).
        if tag == "q" and taken and (taken[-1][1] == "eng" or following in HEAD_TAGS
                                     or len(word) == 1 and taken[-1][1] in HEAD_TAGS):
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
        # 5-8万元奖励: so is a lone verb there, named by the amount before it; not a linking verb
        # (89.4%的公园实现24小时开放: 实现 links the 公园 to what is said of them).
        rest = words[k:]
        event = all(t.startswith("v") or t in NOUN_TAGS for _, t in rest) and not any(w in vocab.linking for w, _ in rest)
        if event and sum(len(w) for w, _ in rest) <= 4 and (taken or len(rest) == 1):
            taken.extend(rest)
        break
    while taken and taken[-1][0] in _JOINERS:
        taken.pop()  # 两条腿、: a joiner with nothing after it in the phrase
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
    if kind == "noun" and taken[0][1].startswith("v") and not any(word == "的" for word, _ in taken):
        # 组成1186个签约服务团队: a phrase that ends the clause is the object, whatever it begins with
        # (one that describes its noun through 的 is a noun phrase: 4座现代化的垃圾中转站), unless it chains verbs
        # (深入田间地头指导生产自救 is what the 260人次 did).
        verbs = sum(t == "v" for _, t in taken)
        ends = predicate or not norm[end:clause_end].strip() or norm.startswith("、", end)  # …7000平方米标准化奶牛养殖、
        kind = "noun" if ends and verbs <= 1 and end - start <= OBJECT_CHARS else "verb"
    return start, end, kind


def _alternatives_as_one(window: str, words: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The words with a bracket of alternatives joined to the word before it (16个县（市）政务服务)."""
    if not _ALTERNATIVES.search(window):
        return list(words)
    out: list[tuple[str, str]] = []
    at = skip_to = 0
    for word, tag in words:
        bracket = _ALTERNATIVES.match(window, at) if out and at >= skip_to and word in {"(", "（"} else None
        if bracket is not None:
            out[-1], skip_to = (out[-1][0] + bracket.group(), out[-1][1]), bracket.end()
        elif at >= skip_to:
            out.append((word, tag))
        at += len(word)
    return out


def _suffixed_as_one(words: list[tuple[str, str]], vocab: Vocabulary) -> list[tuple[str, str]]:
    """The words with a noun suffix the dictionary tagged otherwise joined to the word before it (约5,500家守护站)."""
    out: list[tuple[str, str]] = []
    for word, tag in words:
        if out and word in vocab.noun_suffixes and tag not in NOUN_TAGS and out[-1][1][:1] in {"v", "n"}:
            out[-1] = (out[-1][0] + word, "n")
        else:
            out.append((word, tag))
    return out


def _quoted_as_one(words: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The words without quotes, those a pair of quotes holds as one name (15个“沪派江南”风貌保护传承试点)."""
    out: list[tuple[str, str]] = []
    quoted: list[tuple[str, str]] | None = None
    for word, tag in words:
        if word in _OPENING_QUOTES and quoted is None:
            quoted = []
        elif word in _QUOTES and quoted is not None:
            if quoted:
                out.append(("".join(w for w, _ in quoted), "nz"))
            quoted = None
        elif quoted is not None:
            quoted.append((word, tag))
        elif word not in _QUOTES:
            out.append((word, tag))
    out.extend(quoted or ())  # a quote left open: its words stand as they are
    return out


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
    if following[0] == "vn" and following[1:2] and following[1] in HEAD_TAGS:
        following = following[1:]  # 跨境资金集中运营中心: two verbs before the noun they describe
    if following[0] not in HEAD_TAGS:
        return False
    return len(following) == 1 or following[1] not in NOUN_TAGS


def _words_from(words: Sequence[tuple[str, str]], chars: int) -> list[tuple[str, str]]:
    """The words that begin in the first ``chars`` characters."""
    kept: list[tuple[str, str]] = []
    at = 0
    for word in words:
        if at >= chars:
            break
        kept.append(word)
        at += len(word[0])
    return kept


def _end_of(reading: Reading, window: str, taken: list[tuple[str, str]]) -> int:
    """Where the taken words end in the text (the window skips quotes the words leave out)."""
    at = 0
    for word, _ in taken:
        at = window.index(word, at) + len(word)
    return reading.positions[at - 1] + 1 if at else reading.positions[0]
