"""The noun phrase after a figure, which Chinese puts the thing counted in (19个地震宏观观测点):
read from jieba's words, a bracket of alternatives, a quoted name or a noun suffix taken as one word."""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import cache

import regex

from ..lexicon import cues, on_reload
from ..quantities import Quantity
from ..segmentation import Segmenter
from .context import _LAYOUT_NOISE, LAYOUT_FACTOR, Reading
from .vocab import Vocabulary

# Words that make up a noun phrase after a figure (3所市级示范学校): nouns and their kin.
# Place words (s: 境外高校, 易肇事路口) are nouns.
NOUN_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "nl", "ng", "vn", "an", "a", "j", "l", "b", "i", "eng", "g", "zg", "s"})
# Of those, the words that can head a noun phrase on their own (建设 or 重点 alone counts nothing).
HEAD_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "nl", "ng", "j", "l", "eng", "zg", "s"})
# How far after a figure its noun may reach.
RIGHT_WINDOW = 12
# How far past the window the word it ends in may run.
WORD_SLACK = 4
# A phrase after a figure that begins with a verb is its object only when it is this short.
OBJECT_CHARS = 8
@cache
def _sorted_by() -> regex.Pattern[str]:
    """What sorts the things counted, before 的: a size (178座10蒸吨及以下的燃煤小锅炉), or an attribute and its figure
    (27个总投资69.5亿元的重点项目, 5个投资超亿元的项目; cues.tsv sorting)."""
    attribute = cues().patterns["sorting"].pattern
    return regex.compile(rf"[0-9][0-9.]*[^0-9，,。；;、]{{1,4}}?及?(?:以上|以下)的"
                         rf"|(?:{attribute})(?:超过|超|达到|达|约|近)?(?:[0-9][0-9.,]*|[百千万亿]+)[^0-9，,。；;、的]{{0,4}}?(?:以上|以下)?的")


on_reload(_sorted_by, "cues.tsv")

# The longest modifier that a conjunction joins to another before the noun they share (国家和省重大科技项目).
JOINED_CHARS = 3
_JOINERS = frozenset({"、", "和", "与", "及"})
# A joiner and a hedge before the next figure (及约4万个).
_JOINED_TO_NEXT = regex.compile(r"[及和与、][^，,。；;\s]{0,2}")
_WHERE_IT_WENT = ("于", "用于")
# A number after a joiner that counts anew (8个国家级和12个省级…); not a grade (68公里二级和三级管网).
_COUNT_AHEAD = regex.compile(r"[0-9０-９零一二两三四五六七八九十百千万](?![0-9０-９零一二两三四五六七八九十百千万]*[级类])")
# The longest bracket of alternatives: （市、区、县、镇）.
ALTERNATIVES_CHARS = 16
ALTERNATIVES = regex.compile(r"[(（]\p{Han}{1,2}(?:、\p{Han}{1,2}){0,3}[)）]")
# What ends the phrase: a list, a bracket, a conjunction; a bracket of short alternatives (县（市、区）) is part of the
# word before it, and no stop.
_RIGHT_STOP = regex.compile(rf"{ALTERNATIVES.pattern}(*SKIP)(*FAIL)|[、()（）《》|\t]|和|与|及|或")
_NO_PHRASE = frozenset("，,。；;：:、！？!?\t")  # a tab is a table's cell wall: the next cell is no phrase of the figure
_QUOTES = frozenset("“”\"‘’'「」『』")
_OPENING_QUOTES = frozenset("“‘「『")
# A number of multipliers only, before the things it sorts by size (千亿级产业集群, 千万元以上重点项目).
_SIZE_CLASS = regex.compile(r"[百千万亿]+元?")


def is_number(word: str) -> bool:
    """较111年, 2020年的: digits left over from dates and years around a figure."""
    return word.replace(".", "").replace(",", "").isdigit()


def right_phrase(norm: str, q: Quantity, clause_end: int, next_start: int, seg: Segmenter, vocab: Vocabulary
                 ) -> tuple[int, int, str] | None:
    """The noun phrase a number and its measure word count (19个地震宏观观测点, 326名结对帮扶干部), read up to the
    figure after it (``next_start``) unless that figure only sorts the things counted (27个总投资69.5亿元的重点项目).

    A percentage counts no noun after it, except through 的 (80%的展演用品). The kind says how the
    phrase begins: ``noun``, ``verb`` (结对帮扶干部, or a predicate: 深入田间地头), or ``of`` (through 的).
    """
    start = q.end
    while start < clause_end and norm[start].isspace() and norm[start] != "\t":
        start += 1
    threshold = _sorted_by().match(norm, start, clause_end)
    clause_end = clause_end if threshold is not None else min(clause_end, next_start)
    if start >= clause_end or norm[start] in _NO_PHRASE:
        return None  # 1.2亿元，…; 36项、…: nothing follows the figure in its clause
    if threshold is not None:
        start = threshold.end()  # 178座10蒸吨及以下的燃煤小锅炉: the size that sorts the things counted
    kind = "noun"
    if _OF.match(norm, start) and (q.approx not in {"at_least", "at_most"} or q.approx == "at_least" and q.unit_category == "percent"):
        # 推进了7公里的县城东外环道路建设, 1.28%之风险系数, 70%以上的县 (a share of them); not 1000万元以上的项目, a
        # threshold
        start, kind = start + 1, "of"
    elif q.unit_category == "percent":
        return None
    # A bracket of alternatives, and an ordinal opening the name, leave the name its length.
    ordinal = _OPENING_ORDINAL.match(norm, start, clause_end)
    reach = RIGHT_WINDOW + WORD_SLACK + (len(ordinal.group()) if ordinal else 0)
    stop = min(clause_end, start + reach * (LAYOUT_FACTOR if _LAYOUT_NOISE.search(norm, start, start + reach) else 1))
    reading = Reading.of(norm, start, stop)
    alternatives = ALTERNATIVES.search(reading.text, 0, RIGHT_WINDOW)
    bracketed = (len(alternatives.group()) if alternatives else 0) + (len(ordinal.group()) if ordinal else 0)
    window = reading.text[:reach + bracketed]
    cut = _RIGHT_STOP.search(window)
    joined = (cut is not None and cut.start() <= JOINED_CHARS and cut.group() in _JOINERS
              and not _COUNT_AHEAD.search(norm, reading.positions[cut.end()], min(clause_end + 1, reading.positions[cut.end()] + RIGHT_WINDOW)))
    modifiers = [(0, len(ordinal.group()))] if ordinal else []
    if cut is not None and joined:
        # 588个省、市级美丽乡村, 500多个国家和省重大科技项目: a short name joined to another before one noun, no new count;
        # whatever the dictionary makes of them, two names as long and ending alike (18个国考、省考断面: 国 | 考) are
        # each one word.
        size = cut.start()
        parallel = window[cut.end():cut.end() + size]
        if parallel[-1:] == window[size - 1:size]:
            modifiers = [(0, size), (cut.end(), cut.end() + size)]
        cut = _RIGHT_STOP.search(window, cut.end())
    if cut is not None:
        window = window[:cut.start()]
    # 碳化硅单晶衬底项目竣工投产: a word that begins inside the window is read whole, not cut where the window ends.
    words = _words_from(seg.words(window), RIGHT_WINDOW + bracketed)
    ordinals = frozenset({0} if ordinal else ())
    words = _suffixed_as_one(_quoted_as_one(_alternatives_as_one(window, _modifiers_as_one(words, modifiers, ordinals))), vocab)
    names_itself = not any(t in HEAD_TAGS and w not in vocab.scope_words for w, t in words[1:])
    if window.startswith(tuple(vocab.scope_words)) and names_itself:
        # 35万吨目标任务: 目标任务 says what the figure was, not what it counts (2家全国重点实验室 names them);
        # 831件全部办复: how many of them a verb was done to, said of the noun before.
        return None if len(words) > 1 and words[1][1].startswith("v") else (start, start, "scope")
    if kind == "of" and window.startswith(vocab.status_after_words) and names_itself:
        return None  # 漏水率降至10%的目标, 500元和300元的目标: what the figure is, said after it

    taken = _relative_clause(words, vocab) if q.unit_category == "count" else []
    predicate = False  # what follows the phrase is said of it (…行动方案全面启动)
    for k, (word, tag) in enumerate(words[len(taken):], len(taken)):
        if word.isspace() or is_number(word):
            break
        if joined and word in _JOINERS and taken:
            taken.append((word, tag))
            continue
        following = words[k + 1][1] if k + 1 < len(words) else ""
        if not taken and tag == "r" and k + 1 < len(words):
            taken.append((word, tag))  # 各类燃煤小锅炉: a determiner before the noun
            continue
        if tag == "m" and _SIZE_CLASS.fullmatch(word) and k + 1 < len(words):
            taken.append((word, tag))  # 3个千亿级产业集群, 75个千万元以上重点项目: the size that sorts the things counted
            continue
        if word in vocab.manner_words or tag == "d" and taken:
            predicate = True  # 公路客运总站基本完工, 230余项改革稳步推进: a word of how a thing went begins what is said of it
            break
        if tag in NOUN_TAGS and word not in {"的", "等"}:
            taken.append((word, tag))
            continue
        # 7个现代牧场: a word the dictionary tags a time (现代, 近代) that a noun follows describes it.
        if tag == "t" and not taken and following in HEAD_TAGS and not any(c.isdigit() for c in word):
            taken.append((word, tag))
            continue
        # 20座沿海气象观测站: a word of place the dictionary tags a direction (沿海, 东部) that a noun follows describes it;
        # not one of a range or a part (以上, 之间, 其中).
        if tag == "f" and len(word) > 1 and following in NOUN_TAGS and word[0] not in "以之其":
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
        # 1.8万户的征拆和安置任务: a verb joined to another before the noun they both describe.
        joined_verb = joined and k + 1 < len(words) and words[k + 1][0] in _JOINERS
        if tag.startswith("v") and word not in vocab.linking and (joined_verb or _describes(words, k, any(t in HEAD_TAGS for _, t in taken))):
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
        beyond = norm[end:clause_end].strip()
        # 5-8万元奖励, 创造6000亿元投资及约4万个就业机会: a word alone at the end of its clause, or before the next figure
        # joined to it; 促成7.55亿元投资于生理量测装置开发: or before a preposition saying where it went.
        alone = (not beyond or clause_end == next_start and _JOINED_TO_NEXT.fullmatch(beyond) is not None
                 or beyond.startswith(_WHERE_IT_WENT))
        if (len(taken) == 1 and len(word) <= 2 and alone
                and word not in vocab.linking and word not in vocab.measure_words):
            return start, end, "lone"
    if predicate and taken and all(t == "vn" for _, t in taken):
        # 230余项改革稳步推进: a verbal noun that a word of how it went follows is what is counted.
        return start, _end_of(reading, window, taken), "noun"
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
        # …7000平方米标准化奶牛养殖、; 5万只现代化养鸡场等项目: an item of a list, or an example, ends there too.
        ends = predicate or not norm[end:clause_end].strip() or norm.startswith(("、", "等"), end)
        # 打造20个融合性服务消费新场景: verbal nouns only, ending on a noun, are a noun phrase however long;
        # 通过13案融资保证申请案: a short one that opens on a verbal noun and ends on a noun may chain two verbs (有187项进入实施
        # 阶段 is a predicate).
        nominal = verbs == 0 and taken[-1][1] in HEAD_TAGS
        short = end - start <= OBJECT_CHARS
        compound = verbs == 2 and short and taken[0][1] == "vn" and taken[-1][1] in HEAD_TAGS
        kind = "noun" if ends and (verbs <= 1 or compound) and (short or nominal) else "verb"
    return start, end, kind


# 的, or the 之 of formal writing that stands for it (7,697亿元之特别预算), not the 之 of 之一 or 之间.
_OF = regex.compile(r"的|之(?![一间后內内前上下中外多际])")
# An ordinal that opens a name (第十四届全国冬运会, 第二批示范村) describes the name: no number that ends the phrase.
_OPENING_ORDINAL = regex.compile(r"第[0-9一二三四五六七八九十百]+[届次期批轮]")


def _modifiers_as_one(words: list[tuple[str, str]], spans: list[tuple[int, int]], ordinals: frozenset[int]
                      ) -> list[tuple[str, str]]:
    """The words with those that spell each of ``spans`` of the window taken as one modifier (b), as 市级 is: an ordinal
    (第十四届, starting at one of ``ordinals``), or short names joined before one noun (国考、省考 of 国考、省考断面). A span
    that cuts a word stays as it is."""
    out = list(words)
    for start, end in sorted(spans, reverse=True):
        edges = list(itertools.accumulate((len(w) for w, _ in out), initial=0))
        first, last = (edges.index(start), edges.index(end)) if start in edges and end in edges else (0, 0)
        # A name the dictionary kept whole is read as it tagged it; one it cut (国 | 考) is put back together.
        if last - first > 1 or last - first == 1 and start in ordinals:
            merged = out[first:last]
            # A joined name keeps the noun it may end in (央企、京企来保对接: 京企 is what is counted).
            tag = merged[-1][1] if start not in ordinals and merged[-1][1] in HEAD_TAGS else "b"
            out[first:last] = [("".join(w for w, _ in merged), tag)]
    return out


def _alternatives_as_one(window: str, words: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The words with a bracket of alternatives joined to the word before it (16个县（市）政务服务)."""
    if not ALTERNATIVES.search(window):
        return list(words)
    out: list[tuple[str, str]] = []
    at = skip_to = 0
    for word, tag in words:
        bracket = ALTERNATIVES.match(window, at) if out and at >= skip_to and word in {"(", "（"} else None
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
        if out and word in vocab.noun_suffixes and tag not in NOUN_TAGS and out[-1][1][:1] in {"v", "n", "j", "i", "l"}:
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


# The longest clause before 的 that sorts the things a count counts (61个国家确认的急需建设项目).
RELATIVE_CHARS = 6


def _relative_clause(words: list[tuple[str, str]], vocab: Vocabulary) -> list[tuple[str, str]]:
    """The words of a short clause and its 的 that open the phrase after a count, when a noun follows the 的: the
    things counted are that noun's (61个国家确认的急需建设项目, 76座列入国家规划的水库), whatever the clause says of them.
    A clause without a verb is the things counted (8.5万户低收入家庭的廉租住房保障, 60座病险水库的除险加固), and so is one
    word the dictionary calls a verb (两项殊荣的城市)."""
    at = next((k for k, (word, _) in enumerate(words) if word == "的"), None)
    if at is None or at < 2 or at + 1 >= len(words) or words[at + 1][1] not in HEAD_TAGS:
        return []
    clause = words[:at]
    if (sum(len(w) for w, _ in clause) > RELATIVE_CHARS or not any(t.startswith("v") and t != "vn" for _, t in clause)
            or any(w.isspace() or t == "m" or is_number(w) or w in vocab.linking for w, t in clause)):
        return []
    return words[:at + 1]


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
