"""What each figure counts and how it stands: subject, measure, status, parent, as_of.

Works on the script-normalized text, whose offsets are the original's, and
segments only the clause around each figure (segmenting whole documents is
the slow part). Words come from a private jieba tokenizer, so the process's
global jieba (which spaCy's zh pipeline uses) is left untouched.
"""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

import regex

from .lexicon import bundled, choice
from .quantities import Quantity
from .results import Metric

STATUSES = frozenset({"achieved", "in_progress", "planned", "target", "expected", "requirement", "none"})
MEASURES = frozenset({"growth", "share", "completion"})
MODAL_STATUSES = frozenset({"target", "expected", "planned", "requirement"})

SENTENCE_END = "。！？；;!?\n"
MAX_SUBJECT_CHARS = 24
# A line this long that ends without punctuation was wrapped, not ended (PDF text, 30–45 characters a line).
WRAPPED_LINE = 28
_SENTENCE_END = regex.compile(f"[{regex.escape(SENTENCE_END)}]")
CLAUSE_END = SENTENCE_END + "，,：:"
_CLAUSE_END = regex.compile(f"[{regex.escape(CLAUSE_END)}]")
# Words that make up a noun phrase after a figure (3所市级示范学校): nouns and their kin.
NOUN_TAGS = frozenset({"n", "nr", "ns", "nt", "nz", "nl", "ng", "vn", "an", "a", "j", "l", "b", "i", "eng", "g", "zg"})
# Tags that never end a subject: adverbs, particles, prepositions, conjunctions, numerals, classifiers.
TRAILING_TAGS = frozenset({"d", "u", "ul", "uj", "uz", "ug", "uv", "ud", "p", "c", "m", "mq", "y", "e", "t"})
LEADING_TAGS = frozenset({"c", "p", "r", "t", "u", "ul", "uj", "m", "q", "f"})
# One-character adverbs are dropped at the start of a subject only when they are these (共组织…);
# others begin a noun (特岗教师).
LEADING_ADVERBS = frozenset({"共", "已", "又", "还", "也", "都", "均", "再", "仍", "另", "新", "累", "先", "总"})
# Verbs that link a subject to its figure (产值达到1亿元); they end no subject.
LINKING_VERBS = frozenset({
    "达到", "达", "为", "是", "有", "共有", "完成", "超过", "突破", "共计", "累计", "合计", "总计", "计",
    "实现", "到", "至", "逾", "近", "约", "已达", "可达", "达成", "保持", "稳定", "控制", "增长", "增加",
    "提高", "下降", "减少", "降低", "占", "上升", "增", "降", "提升", "获得", "可", "能", "可以",
    "仍有", "还有", "拥有", "惠及", "达到了", "完成了", "有望", "预计", "力争", "确保", "争取达到", "可望",
})
# A heading that opens the part of a report about the year ahead (二、2015年工作安排, 下一步工作打算).
_PLAN_HEADING = regex.compile(
    r"^[ \t]*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）])?[^。\n]{0,24}?"
    r"(?:工作安排|工作打算|工作计划|工作思路|主要任务|下一步|重点工作|工作重点|总体要求|预期目标|总体部署|工作部署|重点任务|政策取向)"
    r"[^。\n]{0,16}$",
    regex.MULTILINE,
)
# 主要预期目标是：… declares the year's targets (主要目标任务全面完成 reports on them).
_PARAGRAPH_TARGET = regex.compile(r"(?:预期目标|主要目标)(?:是|为|[:：])")
# 年均增长7.1%, 五年来…: a figure about several years belongs to none of them.
_SPAN_WORDS = regex.compile(r"年均|五年来|过去五年|五年间|五年[共累]|十[一二三四五]五[”\"]?(?:期间|时期|以来)")
# 国内生产总值从54万亿元增加到82.7万亿元: the first is where a change started, not a level of the year.
_BASELINE = regex.compile(r"(?:从|由)$")
# 由2010年的162.4亿元增加到2015年的287.9亿元: a year written right before a figure is its year.
_YEAR_BEFORE = regex.compile(r"(?P<year>(?:19|20)[0-9]{2})年(?:底|末|全年)?(?:的|为|是|达到|达)?$")
_AS_OF = regex.compile(r"(?:截止|截至|到)(?P<date>目前|[^，,。；;]{1,12}?(?:底|末|止|为止|前))")


@dataclass(frozen=True)
class Cue:
    word: str
    value: str
    extra: str
    not_before: str = ""


@dataclass(frozen=True)
class Vocabulary:
    status_before: tuple[Cue, ...]
    status_after: tuple[Cue, ...]
    measures: tuple[Cue, ...]
    scope_words: frozenset[str]
    org_suffixes: tuple[str, ...]


@cache
def vocabulary() -> Vocabulary:
    before, after = [], []
    for row in bundled("status.tsv", 3):
        status = choice(row, 1, STATUSES)
        where = choice(row, 2, {"before", "after"})
        (before if where == "before" else after).append(Cue(row.fields[0], status, where))
    measures = []
    for row in bundled("measures.tsv", 3, 4):
        not_before = row.fields[3] if len(row.fields) > 3 else ""
        measures.append(Cue(row.fields[0], choice(row, 1, MEASURES), choice(row, 2, {"+", "-"}), not_before))
    measures.sort(key=lambda c: len(c.word), reverse=True)
    return Vocabulary(
        status_before=tuple(before), status_after=tuple(after), measures=tuple(measures),
        scope_words=frozenset(r.fields[0] for r in bundled("scope_words.txt", 1)),
        org_suffixes=tuple(r.fields[0] for r in bundled("org_suffixes.txt", 1)),
    )


class Segmenter:
    """A private jieba tokenizer with part-of-speech tags and the project's own words."""

    def __init__(self) -> None:
        import jieba
        import jieba.posseg

        class SharedTags(jieba.posseg.POSTokenizer):
            # Importing jieba.posseg already read the default dictionary's tags; reading them
            # again for a tokenizer on the same dictionary costs a third of a second at start-up.
            def load_word_tag(self, f) -> None:  # noqa: ANN001 - jieba passes an open file
                f.close()
                self.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)

        tokenizer = jieba.Tokenizer()
        for row in bundled("words.txt", 1):
            word, *rest = row.fields[0].split()
            tokenizer.add_word(word, int(rest[0]) if rest else None, rest[1] if len(rest) > 1 else None)
        self._pos = SharedTags(tokenizer)
        # The phrases around figures repeat (比上年增长, 同比下降, 其中): segment each once.
        self.words = functools.lru_cache(maxsize=4096)(self._words)

    def _words(self, text: str) -> tuple[tuple[str, str], ...]:
        return tuple((w.word, w.flag) for w in self._pos.cut(text, HMM=False))


@cache
def segmenter() -> Segmenter:
    return Segmenter()


class Sentences:
    """Sentence and clause boundaries of a text, for bisecting."""

    def __init__(self, norm: str) -> None:
        self.norm = norm
        self.sentence_ends = [m.start() for m in _SENTENCE_END.finditer(norm) if not self._wrapped(m.start())]
        self.clause_ends = [m.start() for m in _CLAUSE_END.finditer(norm) if not self._wrapped(m.start())]

    def _wrapped(self, at: int) -> bool:
        """A line break inside a sentence: text laid out from a PDF wraps long lines anywhere."""
        if self.norm[at] != "\n":
            return False
        line = self.norm[self.norm.rfind("\n", 0, at) + 1:at].strip()
        return len(line) >= WRAPPED_LINE and line[-1] not in SENTENCE_END + "：:"

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


@dataclass
class _Draft:
    quantity: Quantity
    sentence: tuple[int, int]
    clause: tuple[int, int]
    left_start: int
    subject: tuple[int, int] | None = None
    subject_side: str = ""
    measure: str = "amount"
    measure_at: int | None = None
    status: str | None = None
    parent: int | None = None
    as_of: str | None = None


def attribute(text: str, norm: str, figures: list[Quantity], *, default_status: str | None = "achieved") -> list[Metric]:
    """Metrics for the figures of one document, in text order, with ids m1, m2, …"""
    sentences = Sentences(norm)
    vocab = vocabulary()
    plan_at = plan_start(norm)
    drafts: list[_Draft] = []
    previous_end = 0
    for q in figures:
        sentence = sentences.sentence(q.start, q.end)
        clause = sentences.clause(q.start, q.end)
        left_start = max(clause[0], previous_end if previous_end <= q.start else clause[0])
        drafts.append(_Draft(q, sentence, clause, left_start))
        previous_end = q.end
    for i, d in enumerate(drafts):
        _read_measure(norm, d, vocab)
        _read_subject(norm, d, drafts[i - 1] if i else None, vocab)
        default = "planned" if default_status and d.quantity.start > plan_at else default_status
        d.status = _read_status(norm, d, vocab, default)
        d.as_of = _read_as_of(norm, d)
    _read_parents(norm, drafts)
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
            confidence=confidence, section=_section(norm, d, plan_at), year=_year_before(norm, d),
        ))
    return metrics


# ---------------------------------------------------------------- measure and sign


def _read_measure(norm: str, d: _Draft, vocab: Vocabulary) -> None:
    q = d.quantity
    window = norm[max(d.clause[0], q.start - 12):q.start]
    if q.hedge and window.endswith(q.hedge):
        window = window[:-len(q.hedge)]  # 至少1篇 is no decrease
    for cue in vocab.measures:
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
        d.measure, d.measure_at = cue.value, q.start - len(window) + at
        if cue.extra == "-" and q.value is not None and q.value > 0:
            d.quantity = _negated(q)
        return
    if q.unit == "百分点":
        d.measure = "growth"


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
    comma = norm.rfind("、", d.left_start, q.start)
    after_list = comma != -1
    # A subject is a phrase, not a paragraph: a clause without punctuation is read only near the figure.
    left_from = max(comma + 1 if after_list else d.left_start, q.start - MAX_SUBJECT_CHARS)
    left = _left_phrase_around_as_of(norm, left_from, q.start, seg, vocab)
    left_tail = norm[max(left_from, q.start - 2):q.start]
    # 确定了19个观测点, 辅导三户企业, 可靠的16个项目, 长安银行800万元贷款: the noun after the figure.
    may_take_right = (
        left is None
        or left[2] in {"verb", "scope", "enumeration"}
        or left_tail.endswith("的")
        or after_list
        or (q.unit_category == "currency" and norm[left[0]:left[1]].endswith(vocab.org_suffixes))
    )
    same_sentence = previous is not None and previous.sentence == d.sentence and previous.subject is not None
    no_noun_left = left is None or left[2] in {"verb", "scope"}
    right = None
    if may_take_right or (same_sentence and no_noun_left):  # segmenting is the slow part: only when needed
        right = _right_phrase(norm, q.end, d.clause[1], seg)
        if right is not None and norm[right[0]:right[1]] in vocab.scope_words:
            right = None  # 超额完成35万吨目标任务: 目标任务 says what the figure was, not what it counts
    adjacent = previous is not None and previous.quantity.end == q.start
    # 占规模以上工业总产值的比重为21.3%: a share after a level is the share of that level's subject.
    share_of_previous = d.measure == "share" and norm[d.left_start:q.start].lstrip(" ，,").startswith("占")
    # 产值12.6亿元，同比增长18.5%; 新增合作社38家，总数达到612家; 426户1035人; 260平方米(60个):
    # a figure with no noun of its own continues the subject of the figure before it.
    if same_sentence and (adjacent or share_of_previous
                          or (no_noun_left and (d.measure in {"growth", "share"} or right is None))):
        d.subject, d.subject_side = previous.subject, "previous"
    elif right is not None and may_take_right:
        d.subject, d.subject_side = right, "right"
    elif left is not None:
        d.subject, d.subject_side = (left[0], left[1]), "left"


def _left_phrase(words: list[tuple[str, str]], offset: int, vocab: Vocabulary) -> tuple[int, int, str] | None:
    """The phrase before a figure, without its sentence-subject and linking words, and what it ends with."""
    spans = []
    at = offset
    for word, tag in words:
        if not word.isspace():  # text laid out from PDFs has spaces around numbers
            spans.append((at, at + len(word), word, tag))
        at += len(word)
    if not spans:
        return None
    ends_with_enumeration = spans[-1][2] in {"等", "等等"}
    while spans and (spans[-1][3] in TRAILING_TAGS or spans[-1][2] in LINKING_VERBS
                     or spans[-1][2] in {"已", "了", "等", "等等", "的"} or spans[-1][2] in vocab.scope_words):
        spans.pop()
    while spans and (spans[0][3] in LEADING_TAGS or spans[0][2] in vocab.scope_words or spans[0][2] in "、，,()（）"
                     or (spans[0][3] == "d" and (len(spans[0][2]) > 1 or spans[0][2] in LEADING_ADVERBS))):
        spans.pop(0)
    if not spans:
        return None
    if all(s[2] in vocab.scope_words or s[3] in {"s", "f", "r", "ns"} for s in spans):
        return spans[0][0], spans[-1][1], "scope"
    if ends_with_enumeration:
        return spans[0][0], spans[-1][1], "enumeration"
    last_tag = spans[-1][3]
    # 辅导三户企业: a lone verb before the figure governs the noun after it.
    verbal = last_tag.startswith("v") and (last_tag != "vn" or len(spans) == 1)
    kind = "verb" if verbal else "noun"
    return spans[0][0], spans[-1][1], kind


def _left_phrase_around_as_of(norm: str, start: int, end: int, seg: Segmenter, vocab: Vocabulary
                              ) -> tuple[int, int, str] | None:
    """The left phrase, read around a cut-off (专利申报数截止10月底已达541件; 截至12月上旬已完成投资9500万元)."""
    cut = None
    for m in _AS_OF.finditer(norm, start, end):
        cut = m
    if cut is None:
        return _left_phrase(seg.words(norm[start:end]), start, vocab)
    before = _left_phrase(seg.words(norm[start:cut.start()]), start, vocab) if cut.start() > start else None
    if before is not None and before[2] == "noun":
        return before
    after = _left_phrase(seg.words(norm[cut.end():end]), cut.end(), vocab) if cut.end() < end else None
    return after or before


def _right_phrase(norm: str, start: int, clause_end: int, seg: Segmenter) -> tuple[int, int] | None:
    """The noun phrase right after a figure (19个地震宏观观测点), up to the first verb or particle."""
    while start < clause_end and norm[start].isspace():
        start += 1
    stop = min(clause_end, start + 16)
    window = norm[start:stop]
    for ch in "、()（）":
        cut = window.find(ch)
        if cut != -1:
            window = window[:cut]
    at = start
    end = start
    for word, tag in seg.words(window):
        if tag not in NOUN_TAGS or word in {"的", "等"}:
            break
        at += len(word)
        end = at
    return (start, end) if end > start else None


# ---------------------------------------------------------------- status and as_of


def _read_status(norm: str, d: _Draft, vocab: Vocabulary, default: str | None) -> str | None:
    q = d.quantity
    after = norm[q.end:d.clause[1]]
    for cue in vocab.status_after:
        # 35万吨目标任务, 55%的要求: the word names the figure itself, right after it.
        if after.startswith(cue.word) or after.startswith("的" + cue.word) or (cue.value == "none" and cue.word in after):
            return cue.value
    # 完成年度目标任务的117%: the 目标 there is the baseline of the rate, not a target.
    cut = d.measure_at if d.measure == "completion" and d.measure_at is not None else q.start
    before = norm[d.sentence[0]:cut]
    # The cue ending nearest the figure wins; of two ending together the longer (计划完成 over 完成).
    best, best_at, best_end = None, -1, -1
    for cue in vocab.status_before:
        at = before.rfind(cue.word)
        end = at + len(cue.word)
        if at >= 0 and (end > best_end or (end == best_end and len(cue.word) > len(best.word))):
            best, best_at, best_end = cue, at, end
    if best is None or best_at < 0:
        paragraph = norm[norm.rfind("\n", 0, q.start) + 1:q.start]
        return "target" if _PARAGRAPH_TARGET.search(paragraph) else default
    if best.value == "achieved":
        # 力争完成税收1.45亿元: a verb of doing under a word of intent is still intent.
        intent_zone = norm[d.clause[0]:d.sentence[0] + best_at]
        for cue in vocab.status_before:
            if cue.value in MODAL_STATUSES and cue.word in intent_zone:
                return cue.value
    return best.value


def _section(norm: str, d: _Draft, plan_start: int) -> str:
    """``plan`` (the year ahead), ``review`` (the year reported on), or ``span`` (several years, or a baseline)."""
    start = d.quantity.start
    paragraph = norm[norm.rfind("\n", 0, start) + 1:start]
    if _SPAN_WORDS.search(paragraph) or _BASELINE.search(norm, max(d.clause[0], start - 2), start):
        return "span"
    return "plan" if start > plan_start else "review"


def _year_before(norm: str, d: _Draft) -> int | None:
    m = _YEAR_BEFORE.search(norm, max(d.clause[0], d.quantity.start - 10), d.quantity.start)
    return int(m["year"]) if m else None


def plan_start(norm: str) -> int:
    """Where the part about the year ahead begins; past the end when the text has none."""
    for m in _PLAN_HEADING.finditer(norm):
        if not any(word in m.group() for word in ("完成", "成绩", "回顾", "情况", "成效", "总结", "报告")):
            return m.start()
    return len(norm) + 1


def _read_as_of(norm: str, d: _Draft) -> str | None:
    before = norm[d.sentence[0]:d.quantity.start]
    found = None
    for m in _AS_OF.finditer(before):
        found = m
    if found is None or found["date"] == "目前":
        return None
    return found["date"]


# ---------------------------------------------------------------- 其中 and 分别


def _read_parents(norm: str, drafts: list[_Draft]) -> None:
    """Parts point to their total: 36项，其中省级3项、农业1项、市级32项; 中小学58所（高中3所、初中12所）.

    Only levels have parts (其中…增长7.1% is no part of a growth rate). A 其中 inside a sentence
    reaches to its semicolon; one that opens a sentence (。其中，第一产业…；第二产业…) reaches over
    semicolons to the full stop, and back into the sentence before it for the total.
    """
    for i, d in enumerate(drafts):
        q = d.quantity
        if d.measure != "amount" or q.value is None:
            continue
        bracketed = _bracketed_total(norm, drafts, i)
        if bracketed is not None:
            d.parent = bracketed
            continue
        stop = max(norm.rfind(ch, 0, q.start) for ch in "。！？!?\n") + 1
        marker = norm.rfind("其中", stop, q.start)
        if marker == -1:
            continue
        opens = not norm[stop:marker].strip(" ，,")
        if not opens and any(ch in norm[marker:q.start] for ch in "；;"):
            continue
        reach = max(norm.rfind(ch, 0, stop - 1) for ch in "。！？!?\n") + 1 if opens and stop else stop
        for j in range(i - 1, -1, -1):
            total = drafts[j]
            t = total.quantity
            if t.end > marker:
                continue
            if t.start < reach:
                break
            if total.measure == "amount" and _same_kind(t.unit, q.unit) and t.value is not None and abs(q.value) <= abs(t.value):
                d.parent = j
                break


def _bracketed_total(norm: str, drafts: list[_Draft], i: int) -> int | None:
    """The figure right before the bracket a figure stands in, when both count the same thing."""
    q = drafts[i].quantity
    opened = norm.rfind("(", drafts[i].sentence[0], q.start)
    if opened == -1 or norm.find(")", opened, q.start) != -1:
        return None
    for j in range(i - 1, -1, -1):
        t = drafts[j].quantity
        if t.end <= opened:
            if not norm[t.end:opened].strip() and t.unit == q.unit and t.value is not None and q.value <= t.value:
                return j
            return None
    return None


# Counts of people in one breakdown are written both ways: 培训8600人次，其中企业职工3200人.
_UNIT_KINDS = {"人次": "人", "名": "人"}


def _same_kind(a: str | None, b: str | None) -> bool:
    return _UNIT_KINDS.get(a or "", a) == _UNIT_KINDS.get(b or "", b)


_LIST_SPLIT = regex.compile(r"[和与及、,，]|以及")


def _distribute(norm: str, drafts: list[_Draft]) -> None:
    """分别增长15.8%和14.4%: the subjects listed before 分别 go to the figures after it, in order."""
    i = 0
    while i < len(drafts):
        d = drafts[i]
        marker = norm.rfind("分别", d.sentence[0], d.quantity.start)
        if marker == -1 or any(drafts[k].quantity.start in range(marker, d.quantity.start) for k in range(i)):
            i += 1
            continue
        group = [k for k in range(i, len(drafts)) if drafts[k].clause == d.clause]
        head_start = d.clause[0]
        head = norm[head_start:marker]
        names = []
        at = head_start
        for part in _LIST_SPLIT.split(head):
            stripped = part.strip()
            if stripped:
                offset = norm.find(stripped, at)
                names.append((offset, offset + len(stripped)))
                at = offset + len(stripped)
        if len(names) >= 2 and len(names) >= len(group):
            for k, span in zip(group, names[-len(group):] if len(names) > len(group) else names):
                drafts[k].subject, drafts[k].subject_side = span, "distributed"
        i = group[-1] + 1 if group else i + 1
