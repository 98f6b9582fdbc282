"""Outcomes stated in words: a target the report on its year gives no figure for, scored by what that report
says of it (去年我国进出口总额出现下降，预期增长目标未能实现 is missed; “空心村”治理任务全面完成 is met)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import cast

import regex

from ..attribution import plan_start
from ..errors import LexiconError
from ..lexicon import cues, on_reload
from ..normalize import normalize
from ..results import Document
from ..segmentation import segmenter
from .context import Context, org_of, squeeze
from .verdicts import SCORED, VerdictName

_SENTENCE_END = "。！？；;!?\n"
_CLAUSE_END = _SENTENCE_END + "，,：:"
_CLAUSE = regex.compile(f"[^{regex.escape(_CLAUSE_END)}]+")
_DIGIT = regex.compile(r"[0-9]")
# A clause that says no more than this besides 目标/任务 (预期增长目标) names nothing of its own: its word of outcome
# speaks of what the clause before it names.
OWN_NAME_CHARS = 4


@dataclass(frozen=True)
class Said:
    """What a report says in words of a target's outcome: the verdict its word gives, and where (offsets into the
    document's text, as every span)."""

    verdict: VerdictName
    doc: Document
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    name: str


def said_in_words(ctx: Context, org: str, year: int, names: Sequence[str]) -> Said | None:
    """The first place the review part of a report on ``year`` by ``org`` names one of ``names`` (squeezed, as whole
    words) where a word of outcome (cues.tsv outcome_word) governs it: in the word's own clause; in the clause before,
    when its own names nothing but the target (预期增长目标未能实现); or anywhere in a 除…外 around it (除社会消费品零售总额、
    出口总值…等4项指标，因…的影响没有完成外). Not after a word of aim (确保全面完成)."""
    if not names:
        return None
    for doc in ctx.documents:
        if doc.info.year != year or org_of(doc) != org:
            continue
        norm, review_end = _review(ctx, doc)
        for match in cues().patterns["outcome_word"].finditer(norm, 0, review_end):
            at = match.start()
            sentence_start = max(norm.rfind(ch, 0, at) for ch in _SENTENCE_END) + 1
            clause_start = max(norm.rfind(ch, 0, at) for ch in _CLAUSE_END) + 1
            if cues().patterns["not_claim"].search(norm, clause_start, at):
                continue
            scope, excepted = _scope(norm, sentence_start, clause_start, match)
            named = _naming_clause(norm, scope, at, names, figures_too=excepted)
            if named is None:
                continue
            ends = [e for e in (norm.find(ch, match.end()) for ch in _SENTENCE_END) if e >= 0]
            verdict = _verdicts()[match.group()]
            return Said(verdict, doc, named[0], match.end(), sentence_start, min(ends) if ends else len(norm), named[1])
    return None


def _review(ctx: Context, doc: Document) -> tuple[str, int]:
    """A document's normalized text and where its review part ends, read once however many targets ask."""
    key = ("review", id(doc))
    if key not in ctx.readings:
        norm = normalize(doc.text)
        ctx.readings[key] = (norm, min(plan_start(norm, year=doc.info.year), len(norm)))
    review: tuple[str, int] = ctx.readings[key]
    return review


def _scope(norm: str, sentence_start: int, clause_start: int, word: regex.Match[str]) -> tuple[int, bool]:
    """Where the text a word of outcome speaks of begins (see ``said_in_words``), and whether it is a 除…外."""
    excepted = norm.rfind("除", sentence_start, word.start())
    if excepted != -1 and norm.startswith("外", word.end()):
        return excepted, True
    own = cues().patterns["target_word"].sub("", squeeze(norm[clause_start:word.start()]))
    if len(own) <= OWN_NAME_CHARS and clause_start > sentence_start:
        return max(sentence_start, *(norm.rfind(ch, sentence_start, clause_start - 1) + 1 for ch in _CLAUSE_END)), False
    return clause_start, False


def _naming_clause(norm: str, start: int, end: int, names: Sequence[str], *, figures_too: bool) -> tuple[int, str] | None:
    """Where the first clause between ``start`` and ``end`` that holds one of ``names`` as whole words begins (its
    spaces passed over), and that name: 生产总值 is not named by 单位生产总值能耗. A clause with figures of its own
    (分别比2010年削减4.49%、4.57%，超额完成) is scored by them, unless ``figures_too`` (除…等4项指标…外)."""
    seg = segmenter()
    for clause in _CLAUSE.finditer(norm, start, end):
        if not figures_too and _DIGIT.search(clause.group()):
            continue
        said = squeeze(clause.group())
        bounds, at = {0}, 0
        for word, _ in seg.words(said):
            at += len(word)
            bounds.add(at)
        name = next((n for n in names if any(i in bounds and i + len(n) in bounds for i in _found_at(said, n))), None)
        if name is not None:
            begin = clause.start()
            while begin < end and norm[begin].isspace():
                begin += 1
            return begin, name
    return None


def _found_at(text: str, name: str) -> list[int]:
    """Where ``name`` stands in ``text``, overlaps included (str.find: a pattern a name would cost a compile)."""
    found, at = [], text.find(name)
    while at != -1:
        found.append(at)
        at = text.find(name, at + 1)
    return found


@cache
def _verdicts() -> dict[str, VerdictName]:
    """The verdict each word of outcome gives (cues.tsv outcome_word), checked when the lexicons are read."""
    found = cues().values["outcome_word"]
    for word, verdict in found.items():
        if verdict not in SCORED:
            raise LexiconError(f"cues.tsv: outcome_word {word!r} gives {verdict!r}; a word of outcome gives one of {', '.join(sorted(SCORED))}")
    return {word: cast(VerdictName, verdict) for word, verdict in found.items()}


on_reload(_verdicts, "cues.tsv")
