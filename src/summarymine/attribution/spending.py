"""Money spent with no purpose of its own before it (投资3.5亿元，实施了次干道路…工程): what it was spent on is said
after it, through 的 or in the clause that follows."""
from __future__ import annotations

import regex

from ..lexicon import cues
from ..quantities import MONEY
from ..segmentation import Segmenter, Words
from .context import _Draft
from .vocab import Vocabulary

# The longest clause after the money that is read for what it paid for.
SPENT_ON_CHARS = 60
_CLAUSE_ENDS = "，,。；;：:！？!?\n"
# The longest name of a project in a list of what money was spent on.
PROJECT_NAME_CHARS = 20
_PROJECT_END = regex.compile(r"[，,。；;：:！？!?\n、]|等")
# Words that can stand before the object of the clause that says what the money did: adverbs (重点, 集中),
# verbs (实施, 完成, 建成), particles (了, 的).
_BEFORE_OBJECT = ("d", "v", "u", "p")


def spends(norm: str, left: tuple[int, int, str] | None, seg: Segmenter, vocab: Vocabulary, framing: str = "vdpu") -> bool:
    """推进总投资10亿元的国网信通大数据项目: money spent (cues.tsv spending) with nothing before it but words of the
    kinds ``framing`` names (by their tags' first letters) and words of scope names no purpose; what follows names it."""
    if left is None:
        return False
    said = norm[left[0]:left[1]]
    word = max((w for w in cues().words["spending"] if said.endswith(w)), key=len, default=None)  # 总投资 over 投资
    if word is None:
        return False
    return all(tag[:1] in framing or w in vocab.scope_words for w, tag in seg.words(said[:-len(word)]))


def costs_a_project(norm: str, d: _Draft) -> bool:
    """投资60亿元的英利多晶硅太阳能电池, 总投资103.7亿元的棚户区改造工程: what a project costs over its life, which is
    the figure of no one year."""
    q = d.quantity
    if q.unit_category not in MONEY or not norm.startswith("的", q.end):
        return False
    before = norm[d.clause[0]:q.start].rstrip()
    if q.hedge and before.endswith(q.hedge):
        before = before[:-len(q.hedge)]  # 投资近8亿元的火车站改扩建
    return before.endswith(tuple(cues().words["spending"]))


def listed_project(norm: str, start: int) -> tuple[int, int, str] | None:
    """投资12.6亿元的安新大无缝铜杆、投资8.7亿元的高阳宏润印染等: in a list of projects the money went to, each name
    (from ``start``, after the 的) runs to the list's 、 or 等, whatever the dictionary makes of its words."""
    end = _PROJECT_END.search(norm, start, start + PROJECT_NAME_CHARS)
    if end is None or end.group() not in {"、", "等"} or end.start() - start < 2:
        return None
    return start, end.start(), "of"


def spent_on(norm: str, d: _Draft, left: tuple[int, int, str] | None, seg: Segmenter, vocab: Vocabulary
             ) -> tuple[int, int] | None:
    """投资3700万元，集中改造的11条背街巷道全部完工: money spent with no purpose before it paid for the object of what
    follows it when that opens on what was done (实施, 建成, 完成54栋住宅楼), not on how the money itself went (增长,
    占, 是): the clause after it, when the money ends its own, or the rest of its own clause (累计投入16.54亿元用于
    老旧城区基础设施). A verb before the spending word makes it an indicator of
    its own (完成投资, 累计投资), whatever follows it."""
    q = d.quantity
    after = d.clause[1]
    if q.unit_category not in MONEY or not spends(norm, left, seg, vocab, framing="d"):
        return None
    if not norm[q.end:after].strip():
        if after >= len(norm) or norm[after] not in "，,":
            return None
        start = after + 1
    else:
        start = q.end
    end = start
    while end < min(len(norm), start + SPENT_ON_CHARS) and norm[end] not in _CLAUSE_ENDS:
        end += 1
    words = seg.words(norm[start:end])
    at = start
    acted = False
    k = 0
    while k < len(words):
        word, tag = words[k]
        if not acted and (word in vocab.measure_words or word in vocab.linking and not _count_at(words, k + 1)):
            return None  # 投资X亿元，增长15%; ，占支出的80%; ，是上年的2倍: the clause goes on about the money
        counted = _count_at(words, k)
        if counted:  # 完成54栋住宅楼: the number and its measure word stand before the thing itself
            at += sum(len(w) for w, _ in words[k:k + counted])
            k += counted
            break
        if not (tag.startswith(_BEFORE_OBJECT) or word.isspace() or word == "、"):
            break
        acted = acted or tag.startswith("v")
        at += len(word)
        k += 1
        if tag == "ul":
            break  # 实施了奋斗镇…: 了 ends the verb, whatever the dictionary makes of the word after it
    if not acted or k == len(words):
        return None  # 投资1.7亿元，起步区基础框架初步形成: the clause after names its own subject
    rest = words[k:]
    for j, (word, _tag) in enumerate(rest):
        if word in vocab.manner_words:  # 背街巷道全部完工: how the work went is no part of it
            rest = rest[:j]
            break
    if any(word in vocab.linking for word, _ in rest):
        return None  # 投资2.5亿元，入园企业达到14家: the clause says something of a subject of its own
    counts = [(j, _count_at(rest, j)) for j in range(len(rest))]
    trailing = next((j for j, n in counts if n and n == len(rest) - j), None)
    if trailing is not None:
        if "元" in "".join(word for word, _ in rest[trailing:]):
            return None  # 在地投資894.32億元，簽訂供應合約1,208.88億元: money beside money is a figure of its own
        rest = rest[:trailing]  # 建成保障性住房2262套: the count of what was built is a figure of its own
    # 54栋住宅楼、14万平方米既有建筑节能改造; 65条、总长度57.9公里的城市道路: the work the money paid for is named last.
    inner = [j + n for j, n in counts if n]
    if inner and trailing is None:
        at += sum(len(word) for word, _ in rest[:inner[-1]])
        rest = rest[inner[-1]:]
    while rest and (rest[0][1].startswith(("x", "u")) or rest[0][0].isspace()):
        at += len(rest[0][0])
        rest = rest[1:]
    while rest and rest[-1][1].startswith(("x", "u")):
        rest = rest[:-1]
    stop = at + sum(len(word) for word, _ in rest)
    return (at, stop) if stop - at >= 2 else None


def _count_at(words: Words, k: int) -> int:
    """How many words from the k-th make a number and its measure word (54 | 栋, 57 | . | 9 | 公里), or 0."""
    j = k
    while j < len(words) and (words[j][0].isdigit() or j > k and words[j][0] == "."):
        j += 1
    if j == k:
        return 0
    if j < len(words) and (words[j][1].startswith(("q", "m", "zg")) or len(words[j][0]) == 1 and words[j][0] != "的"):
        j += 1
    return j - k
