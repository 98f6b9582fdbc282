"""What a figure counts: the noun phrase after it, the phrase before it, or what the figure before it
counts, chosen in the order Chinese syntax gives them."""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import cues, on_reload
from ..quantities import MONEY, Quantity
from ..segmentation import Segmenter, segmenter
from .context import Reading, _Draft, _reach_back
from .noun_phrase import ALTERNATIVES, ALTERNATIVES_CHARS, HEAD_TAGS, is_number, right_phrase
from .spending import listed_project, spends, spent_on
from .status import as_of_pattern, starts_a_change
from .vocab import Vocabulary

MAX_SUBJECT_CHARS = 24
# How far before a figure the 均 or 分别 that gives it to each name of a list may stand (均增长8%, 分别达到).
FOR_EACH_REACH = 8
_FOR_EACH = regex.compile(r"(?:(?<![平人户亩年日月])均|分别)[^，,。；;、]{0,6}\Z")  # not the 均 of 平均油价
_GROWN_TO = regex.compile(r"[到至]\s*$")
# A word of when or of a rate's frame, after 从 or 由 (上年, 疫情前, 每人每年, 人均); 由公务预算 names a source.
_WHEN_CHARS = frozenset("年前末初每均")
# 由4万元调高为5万元: a verb of change and the word of the level it reached, all there is between the two figures.
_LEVEL_REACHED = regex.compile(r"\s*\p{Han}{1,4}?[为到至]\s*")
# What follows the digits of a date or a year in the words before a figure (113 年度, 12 月底).
_DATE_WORD = regex.compile(r"(?:学年|学期|年|月|季|日)(?:度|份|底|末|初)?")
_SINCE_WHEN = regex.compile(r"(?:(?<![服自随])从(?![事业])|(?<![自理缘经])由(?![于此]))[^0-9，,。；;、从由到至]{1,6}\Z")
_CLAUSE_MARKS = "，,；;：:"
_BARE = " \t\n，,、；;：:()（）"
# What an item of a table of rules ends with before the bracket of its score, and what ends the item before it.
_ITEM_TRAIL = frozenset("。.；; \t")
_ITEM_ENDS = "。；;\n\t）)"
_ITEM_NUMBER = regex.compile(r"(?<![0-9.])[0-9]{1,2}[.．、](?![0-9])")
# The longest item a score in brackets is looked back for.
ITEM_CHARS = 40
# Tags the dictionary gives set phrases (全面完成 l, 努力完成 nr), whatever they do in the sentence.
IDIOM_TAGS = frozenset({"l", "i", "nr"})
# Tags that never end a subject: adverbs, particles, prepositions, conjunctions, numerals, classifiers.
TRAILING_TAGS = frozenset({"d", "u", "ul", "uj", "uz", "ug", "uv", "ud", "p", "c", "m", "mq", "y", "e", "t", "f"})
# A direction word (f) is not dropped at the start: jieba tags 初中 and 中(省直) so.
LEADING_TAGS = frozenset({"c", "p", "r", "t", "u", "ul", "uj", "m", "q"})


def _alternatives_around(norm: str, floor: int, at: int) -> int:
    """Where the bracket of alternatives (县（市、区）) that ``at`` stands in opens, after ``floor``; else -1."""
    opened = max(norm.rfind("(", floor, at), norm.rfind("（", floor, at))
    bracket = ALTERNATIVES.match(norm, opened, opened + ALTERNATIVES_CHARS) if opened != -1 else None
    return opened if bracket is not None and bracket.end() > at else -1


def _read_subject(norm: str, d: _Draft, previous: _Draft | None, vocab: Vocabulary) -> None:
    q = d.quantity
    item = _item_scored(norm, q)
    if item is not None:
        d.subject, d.subject_side = item, "item"
        return
    seg = segmenter()
    # A list item (、) is its own phrase: 省级3项、农业攻关项目1项, 示范村、示范社区、3所示范学校.
    floor = d.left_start
    if previous is not None and previous.subject_side == "right" and previous.subject is not None and previous.subject[1] <= q.start:
        # 1286名驻村干部和412个驻村工作队; not a phrase this figure stands inside (100家年产值10亿元以上的…集群).
        floor = max(floor, previous.subject[1])
    # 养老金、失业保险金32亿元: names joined before one figure are what it counts together.
    comma = norm.rfind("、", floor, q.start) if floor > d.clause[0] else -1
    while comma != -1 and (alternatives := _alternatives_around(norm, floor, comma)) != -1:
        comma = norm.rfind("、", floor, alternatives)  # 财政收入超3亿元的县（市、区）由7个: that 、 lists no names
    # A subject is a phrase, not a paragraph: a clause without punctuation is read only near the figure; names
    # listed for a figure each (城镇常住居民人均可支配收入、农村常住居民人均可支配收入均增长8%) are a longer phrase.
    reach = MAX_SUBJECT_CHARS * 2 if _FOR_EACH.search(norm[max(floor, q.start - FOR_EACH_REACH):q.start]) else MAX_SUBJECT_CHARS
    listed_from = comma + 1 if comma != -1 else floor
    left_from = _reach_back(norm, listed_from, q.start, reach)
    left_to = q.start
    if q.hedge and norm[left_from:left_to].rstrip().endswith(q.hedge):
        left_to = left_from + len(norm[left_from:left_to].rstrip()) - len(q.hedge)  # 亩均投资不低于1500元, 低于 4.5%; 投资金额(含…)约6,196亿元
    elif (q.hedge and not q.text.endswith(q.hedge) and (hedged := norm.rfind(q.hedge, left_from, left_to)) > left_from
          and norm[left_from:left_to].rstrip().endswith("的")):
        # 特困人员基本生活保障标准不低于当地最低生活保障标准的1.6倍: the level compared with is no part of what is counted.
        left_from, left_to = _reach_back(norm, listed_from, hedged, MAX_SUBJECT_CHARS), hedged
    # 生产总值完成2650.6亿元（不含定州，下同）、增长9%: a window that begins inside a bracket begins after it; one
    # that the bracket ends (股权融资（包括公开增发、定向增发…）3629亿元) is the phrase before the bracket.
    closed = max(norm.rfind(")", left_from, left_to), norm.rfind("）", left_from, left_to))
    if closed != -1:
        # Bounded: a clause without punctuation full of closing brackets would be read again at every figure.
        reach = max(d.clause[0], left_from - MAX_SUBJECT_CHARS * 2)
        opened = max(norm.rfind("(", reach, closed), norm.rfind("（", reach, closed))
        named_before = opened != -1 and norm[max(d.clause[0], opened - 2):opened].strip(_BARE)
        if named_before and not norm[closed + 1:left_to].strip():
            left_from, left_to = _reach_back(norm, listed_from, opened, MAX_SUBJECT_CHARS), opened
        elif opened < left_from:
            left_from = closed + 1
    since = _SINCE_WHEN.search(norm, left_from, left_to)
    if since is not None and since.start() > left_from and (since.group().endswith("的") or any(c in since.group() for c in _WHEN_CHARS)):
        left_to = since.start()  # 就医人次从疫情前的0.2万, 由每人每年: when the count started from is no part of what it counts
    left = _left_phrase_around_as_of(norm, left_from, left_to, vocab)
    if (left is not None and q.unit_category == "percentage_point"
            and cues().patterns["contribution"].fullmatch(norm, left[0], left[1])):
        left = left[0], left[1], "scope"  # 拉动GDP增长0.1个百分点: what the part named before pulled
    elif (left is not None and left[2] == "verb" and d.measure == "growth" and norm[left[0] - 1:left[0]] == "、"
          and len(seg.words(norm[left[0]:left[1]])) == 1 and not cues().patterns["comparable"].search(norm, left[0], q.start)):
        left = left[0], left[1], "noun"  # 衣着下降9.4%、居住下降0.4%; 出口增长5%、进口下降3%: an item of a list of changes
    if left is not None and _PHASE.fullmatch(norm, left[0], left[1]):
        left = None  # 二期20个安置区5月开始交付: a phase orders the things counted after it, it counts nothing
    # 完成年度目标任务的114.2%: the task is what the rate is of; 承接省重点改革任务172项: the tasks are what is counted.
    if (left is not None and (d.measure == "completion" or q.unit_category == "count" and left[2] == "noun")
            and (task := _TASK_TAIL.fullmatch(norm, left[1], left_to))):
        left = left[0], task.end("task"), left[2]
    right = right_phrase(norm, q, d.clause[1], d.next_start, seg, vocab)
    if right is not None and right[2] == "of" and q.approx == "at_least" and left is not None:
        right = None  # 收运处置体系覆盖95%以上的自然村: the share of the groups reached is said of what reached them
    if right is not None and norm[left_from:left_to].rstrip().endswith("、"):
        left = None  # 实施建设办养殖园区、5万只现代化养鸡场: a list mark right before the figure ends the item before it
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
    # 安全应急装备等4个共建产业集群入选…: what the examples before 等 are examples of, a predicate after it.
    kind_of_examples = (right is not None and left is not None and left[2] == "enumeration"
                        and norm[right[1]:d.clause[1]].strip() != "" and _ends_on_a_noun(norm, right, seg))
    # 基层医疗卫生机构和74%的村卫生室: a name joined to the figure's own is its sibling, not what the figure counts.
    sibling = left is not None and norm[left[1]:q.start].strip() in _JOINING_WORDS
    if right is not None and not relative and not sibling and (right[2] == "verb" and left is not None and left[2] != "scope"
                                               and not kind_of_examples
                                               and not (q.unit_category not in MONEY and _verbs_only(norm, left, seg, vocab))
                                               or right[2] == "of" and own_left and not _verb_of_a_count(norm, left, right, seg)
                                               and not (spends(norm, left, seg, vocab) and right[1] - right[0] > 1)
                                               and not _names_a_task(norm, right)
                                               or right[2] == "lone" and own_left and not _ends_with_verb(norm, left, seg)):
        # 组织农技人员260人次深入田间; 收运体系覆盖95%以上的自然村; 获得专项资金17万元支援: the phrase
        # before wins (but 一次性给予5-8万元奖励: a verb that gives the amount gives the noun after it).
        right = None
    # 新建2860个5G基站，累计建成1.12万个: a verb alone, counting in the same unit, did it to the same thing.
    # 在建项目346项、投产257项: not an item of a list, which its verb names.
    # 提出申请3案及取得认证2案: not a second work joined to the first, which its verb names.
    same_count = (previous is not None and left is not None and left[2] == "verb" and previous.subject is not None
                  and norm[left[0] - 1:left[0]] not in _JOINING_WORDS | {"、"}
                  and previous.quantity.unit == q.unit and d.measure == previous.measure
                  and _has_noun(norm, previous.subject, seg))
    # 实际使用外资8263亿元，下降27.1%，折1162亿美元: the figure before in another currency.
    converted = left is not None and norm[left[0]:left[1]] in cues().words["conversion"]
    # 丧葬补助费由4万元调高为5万元: the level a change from the figure before reaches is of the same thing.
    changed_to = (previous is not None and starts_a_change(norm, previous) is not None
                  and _LEVEL_REACHED.fullmatch(norm, previous.quantity.end, q.start) is not None)
    # 投资3.5亿元，实施了次干道路…工程: money spent with no purpose before it paid for what the clause after did.
    spent = spent_on(norm, d, left, seg, vocab) if right is None else None
    period = _own_period(norm, left_from, left_to, carried)
    if spent is not None:
        d.subject, d.subject_side = spent, "clause"
    elif period is not None:
        d.subject, d.subject_side = period, "left"
    elif carried is not None and (adjacent and right is None or share_of_previous or converted or changed_to
                                or left is not None and left[2] == "verb" and d.measure in {"growth", "share"}
                                and not _names_an_activity(norm, left, carried, seg)):
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
    elif left is None and (done := _what_they_did(norm, d, seg, vocab, framed=carried is None)) is not None:
        d.subject, d.subject_side = done, "right"
    elif carried is not None and left is None and (paid := _what_a_listed_sum_paid(norm, d, previous, vocab)) is not None:
        d.subject, d.subject_side = paid, "left"
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


def _ends_on_a_noun(norm: str, phrase: tuple[int, int, str], seg: Segmenter) -> bool:
    """A phrase whose last word is a noun of two characters or more (共建产业集群, not 涉雄 or 工作受到…表彰)."""
    words = _words_of(norm, phrase[0], phrase[1], seg)
    return bool(words) and words[-1][1] in HEAD_TAGS and len(words[-1][0]) > 1


def _words_of(norm: str, start: int, end: int, seg: Segmenter) -> tuple[tuple[str, str], ...]:
    """The words of ``norm[start:end]`` as a reader reads them, the layout's wraps aside."""
    return tuple(seg.words(Reading.of(norm, start, end).text))


_PHASE = regex.compile(r"(?:[一二三四五六七八九十]|[0-9]{1,2})期")


# The longest predicate that says what the people a clause opens on did (，342.5万人次得到补偿).
PREDICATE_CHARS = 8
_PREDICATE = regex.compile(rf"\p{{Han}}{{2,{PREDICATE_CHARS}}}")


def _what_they_did(norm: str, d: _Draft, seg: Segmenter, vocab: Vocabulary, *, framed: bool = False
                   ) -> tuple[int, int] | None:
    """，342.5万人次得到补偿; ，110万人实现了稳定脱贫; 其中22家已挂牌、1家通过审查: people, households or things a
    clause or list item opens on (after a scope word such as 其中 at most), counted by what they did, the verb and its
    object to the item's end; not what the figure before counts. ``framed``: all the words before the figure frame it
    (113 年度計 1 萬 1,656 人完成民防基礎訓練), and there is no figure before it in its sentence."""
    q = d.quantity
    if q.unit_category not in {"person", "count"} and q.unit != "户":
        return None
    opened = max(d.clause[0], norm.rfind("、", d.clause[0], q.start) + 1)
    before = norm[opened:q.start].strip()
    if not framed and (q.start - opened > PREDICATE_CHARS or before and before not in vocab.scope_words
                       and before not in vocab.leading_adverbs):
        return None
    listed = norm.find("、", q.end, d.clause[1])
    end = listed if listed != -1 else d.clause[1]
    said = _PREDICATE.fullmatch(norm, q.end, end)
    if said is None:
        return None
    verb = next((tag for _, tag in seg.words(said.group()) if tag != "d"), "")  # 4万户已脱贫
    # 1案设计中: a verbal noun is what they are doing when 中 follows it.
    return (q.end, end) if verb.startswith("v") and (verb != "vn" or said.group().endswith("中")) else None


def _verbs_only(norm: str, phrase: tuple[int, int, str], seg: Segmenter, vocab: Vocabulary) -> bool:
    """計協助, 协助: a phrase of verbs, adverbs and linking words alone names nothing a count counts; what the things
    counted did, after the figure, says more of them (計協助 2,618 家申請導入雲端). Money a verb alone pays (撥付2萬元
    解決村民出行難問題) is named by that verb."""
    words = _words_of(norm, phrase[0], phrase[1], seg)
    return bool(words) and all(tag in {"v", "d", "p", "c"} or word in vocab.linking for word, tag in words)


def _names_an_activity(norm: str, left: tuple[int, int, str], carried: tuple[int, int], seg: Segmenter) -> bool:
    """出口增长5% after 进出口总额100亿元, 消费拉动3.7个百分点 after 投资拉动4.6个百分点: a verbal noun before the verb of
    change names an activity of its own, unless the figure before names it too (投资增长 after 固定资产投资)."""
    words = [w for w, _ in seg.words(norm[carried[0]:carried[1]])]
    return any(tag == "vn" and len(word) > 1 and word not in words for word, tag in seg.words(norm[left[0]:left[1]]))


def _only_adds(said: str, vocab: Vocabulary) -> bool:
    """确保新增, 新增: a word of adding alone, or after words of status (实施“规模以上服务业企业倍增计划”，新增78家)."""
    added = cues().patterns["added"].search(said)
    return added is not None and added.end() == len(said) and all(
        w in vocab.status_cues for w, _ in segmenter().words(said[:added.start()]))


def _grown_from(norm: str, d: _Draft, left: tuple[int, int, str], carried: tuple[int, int] | None,
                vocab: Vocabulary) -> tuple[int, int] | None:
    """The noun phrase of the clause before, for a count a verb alone says something grew to (发展到1.8万家)."""
    q = d.quantity
    if left[2] != "verb" or carried is not None or q.unit_category in MONEY:
        return None
    if not _GROWN_TO.search(norm, left[0], q.start) and not _only_adds(norm[left[0]:left[1]], vocab):
        return None
    return _clause_before(norm, d, vocab)


def _what_a_listed_sum_paid(norm: str, d: _Draft, previous: _Draft | None, vocab: Vocabulary) -> tuple[int, int] | None:
    """計補助 72 個鄉(鎮、市、區)、2 億 9,310 萬元: a sum of money listed right after a count of things is no such thing;
    the verb before the count says what the money was (補助)."""
    if (previous is None or previous.subject_side != "right" or previous.subject is None
            or (d.quantity.unit_category == "currency") == (previous.quantity.unit_category == "currency")
            or norm[previous.subject[1]:d.quantity.start].strip() not in _LIST_MARKS):
        return None
    before = _left_phrase_around_as_of(norm, previous.left_start, previous.quantity.start, vocab)
    return (before[0], before[1]) if before is not None and before[2] in {"verb", "noun"} else None


_LIST_MARKS = frozenset({"、", "，", ","})


def _clause_before(norm: str, d: _Draft, vocab: Vocabulary) -> tuple[int, int] | None:
    """The noun phrase that ends the clause before the figure's, in its sentence."""
    if d.clause[0] <= d.sentence[0]:
        return None
    # A rule that scores (…，确保垃圾清扫入桶，装运及时，得1分) is about its whole sentence; a figure, its clause's.
    end = d.clause[0] - 1
    opened = d.sentence[0] if d.quantity.unit_category == "score" else _clause_start(norm, d.sentence[0], end)
    if opened > d.sentence[0] and as_of_pattern().fullmatch(norm[opened:end].strip()):
        # 關注化學物質運作業者，截至 113 年 12 月底止，已完成 1,237 家次: a cut-off names nothing; the clause before it does.
        end = opened - 1
        opened = _clause_start(norm, d.sentence[0], end)
    before = _left_phrase(Reading.of(norm, _reach_back(norm, opened, end, MAX_SUBJECT_CHARS), end), vocab)
    return (before[0], before[1]) if before is not None and before[2] == "noun" else None


def _clause_start(norm: str, floor: int, end: int) -> int:
    return max(floor, *(norm.rfind(mark, floor, end) + 1 for mark in _CLAUSE_MARKS))


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


def _verb_of_a_count(norm: str, left: tuple[int, int, str] | None, right: tuple[int, int, str], seg: Segmenter) -> bool:
    """努力完成4000户的改造任务, 关停了400多家污染企业, 投资1.27亿元的公路客运总站: a verb before a figure names no
    thing, the phrase after 的 does (what was done, or what the money was spent on; 与省农发行签订60亿元的合作协议) — a
    phrase of more than the one character a name the dictionary does not know is cut to (投资4500万元的伊敏河…). A
    phrase with 了 after it is a verb whatever the dictionary tags it (规划建设了28平方公里的现代产业园区)."""
    return (left is not None and (left[2] == "verb" or norm.startswith("了", left[1]) or _ends_with_verb(norm, left, seg))
            and right[1] - right[0] > 1)


def _names_a_task(norm: str, right: tuple[int, int, str]) -> bool:
    """建设街道辖区、工人新村1.8万户的征拆和安置任务: a work and its task after 的 (cues.tsv task) say what the count is of,
    the places before it only where."""
    said = norm[right[0]:right[1]]
    task = next((w for w in cues().words["task"] if said.endswith(w)), None)
    return task is not None and len(said) > len(task) + 1


def _has_noun(norm: str, phrase: tuple[int, int], seg: Segmenter) -> bool:
    """征集项目 names a thing; 出口 and 扶持创业 name an activity, which a verb after them does not continue."""
    return any(t in HEAD_TAGS for _, t in _words_of(norm, phrase[0], phrase[1], seg))


def _ends_with_verb(norm: str, phrase: tuple[int, int, str] | None, seg: Segmenter) -> bool:
    if phrase is None:
        return False
    words = [w for w in seg.words(norm[phrase[0]:phrase[1]]) if not w[0].isspace()]
    # 本院已核定: a word after an adverb is a verb, however the dictionary tags it.
    return bool(words) and (words[-1][1].startswith("v") or len(words) > 1 and words[-2][1] == "d")


# ，占90.6%; ，约占地区生产总值的7%; 、占一般公共预算支出的80.2%: a share that names only its whole.
@cache
def opens_with_share() -> regex.Pattern[str]:
    """约占…: a clause opening on 占 (and a hedge, cues.tsv share_hedge) is the share of the figure before."""
    return regex.compile(rf"[\s，,；;(、]*(?:{cues().patterns['share_hedge'].pattern})?占")


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
    # 赤字率拟按2.6%, 城镇低保标准达到每人每月316元: a word of status says how the figure stands, not what it counts
    # (总投资 and 计划, nouns, may name it, and 占地 an attribute).
    while spans and not ratio and (_trails(spans[-1][2], spans[-1][3], vocab) or spans[-1][2] in vocab.scope_words
                                   or spans[-1][2] in vocab.measure_words or cues().patterns["span"].fullmatch(spans[-1][2])
                                   or _says_status(spans[-1][2], spans[-1][3], vocab)):
        spans.pop()
    baseline = after_number = False
    # 113 年度計: the rest of a date after its digits goes with them.
    while spans and not _names_by_numerals(spans) and (
            after_number and _DATE_WORD.fullmatch(spans[0][2]) is not None
            or spans[0][3] in LEADING_TAGS and not _split_word(spans) and (spans[0][3] != "r" or len(spans) > 1 or len(spans[0][2]) < 2)
                     and not (spans[0][2] in vocab.rest_words and len(spans) > 1)  # 其他用品和服务: the rest of a breakdown
                     or spans[0][2] in vocab.scope_words
                     or is_number(spans[0][2]) or spans[0][2] in "、，,()（）"
                     or (spans[0][3] == "d" and (len(spans[0][2]) > 1 or spans[0][2] in vocab.leading_adverbs))):
        # 较111年度, 比“九五”: a one-character word of comparison (cues.tsv baseline) has its baseline after it.
        dated = after_number and _DATE_WORD.fullmatch(spans[0][2]) is not None
        baseline = (len(spans[0][2]) == 1 and spans[0][2] in cues().words["baseline"]
                    or baseline and (is_number(spans[0][2]) or dated))
        after_number = is_number(spans[0][2])
        spans.pop(0)
    if not spans:
        return None
    if baseline:
        return spans[0][0], spans[-1][1], "scope"  # 较111年度提高1.7个百分点, 较原预估增加12%: what it is compared with
    # 按可比口径增长13%: a frame the segmenter cut into words (可比 | 口径) is one still; so is a comparison with a
    # wider body (高于全国平均水平5.1个百分点: the gap of the indicator before it; cues.tsv comparison).
    # So is a word that frames the figure as an average (…增加到287.9亿元，年均增长12.1%; 工资标准逐年提高，平均达到2000元).
    said = "".join(s[2] for s in spans)
    if said in vocab.rest_words:
        return spans[0][0], spans[-1][1], "noun"  # 鲸豚97件、其他79件: the rest of the breakdown
    # 其中2003年以来年均增长26.2%: a direction word of time left alone (以来, 期间) frames the figure.
    if (all(s[2] in vocab.scope_words or s[3] == "r" for s in spans) or said in vocab.scope_words
            or all(s[3] == "f" for s in spans)
            or any(cues().patterns[role].fullmatch(said) for role in ("span", "average"))
            or any(_covered_by(reading, spans[0][0], spans[-1][1], role) for role in ("comparison", "compared_with"))):
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


def _says_status(word: str, tag: str, vocab: Vocabulary) -> bool:
    cue = vocab.status_cues.get(word)
    return cue is not None and cue.value != "none" and tag not in HEAD_TAGS


_CHINESE_NUMERALS = frozenset("一二三四五六七八九十两")


def _names_by_numerals(spans: list[tuple[int, int, str, str]]) -> bool:
    """一二 of 一二三产增加值: Chinese numerals written onto the noun after them, no measure word between, are part of its
    name (一二三产, 两新, 三农), not a count before it."""
    return (len(spans) > 1 and set(spans[0][2]) <= _CHINESE_NUMERALS and spans[0][1] == spans[1][0]
            and spans[1][3] in HEAD_TAGS)


# A period of a year that names an item of a breakdown by periods (一季度…增长5.3%，二季度增长4.7%; 上半年…，下半年…),
# with no more than a verb of change after it.
_PERIOD = regex.compile(r"\s*(?:前?[一二三四1-4]季度|[上下]半年|[0-9一二三四五六七八九十]{1,3}(?:[-—至][0-9一二三四五六七八九十]{1,3})?月份?)")
PERIOD_TAIL_CHARS = 4


def _own_period(norm: str, left_from: int, left_to: int, carried: tuple[int, int] | None) -> tuple[int, int] | None:
    """二季度 in 二季度增长4.7%, when the subject the figure would carry on opens with another period (一季度国内生产总值):
    the period is what tells this item from the one before, and all the figure names of its own."""
    if carried is None:
        return None
    own = _PERIOD.match(norm, left_from, left_to)
    before = _PERIOD.match(norm, *carried)
    if own is None or before is None or own.group().strip() == before.group().strip():
        return None
    if left_to - own.end() > PERIOD_TAIL_CHARS:
        return None
    return own.end() - len(own.group().lstrip()), own.end()


# What joins two names into one phrase before a figure (基层医疗卫生机构和74%的村卫生室).
_JOINING_WORDS = frozenset({"和", "及", "与", "以及"})
# The word of a task a completion rate is of, which the phrase before the rate drops as a scope word.
_TASK_TAIL = regex.compile(r"\s*(?P<task>目标任务|任务)的?\s*")


def _covered_by(reading: Reading, first: int, last: int, role: str) -> bool:
    """Whether all the phrase before a figure, from its first word kept to its last (``first``, ``last``: positions in
    the text), is a cue of ``role``: one that compares the figure with a wider body (比去年预算低, 高于全省平均增速,
    比同期比重提高: cues.tsv comparison) or names its baseline (相较于基期, 与上年相比: compared_with)."""
    pattern = cues().patterns[role]
    found = pattern.search(reading.text)
    while found is not None and not (reading.positions[found.start()] <= first < last <= reading.positions[found.end() - 1] + 1):
        found = pattern.search(reading.text, found.start() + 1)
    return found is not None


def _ends_in_a_verb(word: str, tag: str, vocab: Vocabulary) -> bool:
    """全面完成, 努力完成, 基本建成: a set phrase the dictionary tags as an idiom or a name that is an adverb and
    a verb of linking or doing (phrase_words.tsv link, cues.tsv doing)."""
    return tag in IDIOM_TAGS and len(word) == 4 and (word[2:] in vocab.linking or word[2:] in cues().words["doing"])


def _trails(word: str, tag: str, vocab: Vocabulary) -> bool:
    """Words that end no subject: particles, adverbs, linking verbs, an opening bracket, numbers (and the point the
    segmenter cuts from their digits: 下降至101.10), time and place suffixes."""
    if tag == "f":
        return len(word) == 1  # 年底前, 三年内; but 初中 and 以上 are words of their own
    return (tag in TRAILING_TAGS or word in vocab.linking or word in {"已", "了", "等", "等等", "的", ".", "(", "（"}
            or is_number(word))


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
