"""A key for every figure: what lines it up with the same indicator in other documents.

A figure the taxonomy maps has its metric id as key. Any other figure with a subject has the
indicator noun phrase of that subject: script and width folded, and the words that frame a figure
rather than name it taken off both ends — scope (全市), time (全年, 今年), linking verbs and adverbs
(实现, 完成, 累计, 达到; from ``phrase_words.tsv`` and ``scope_words.txt``) — so that 全年实现旅游收入
and 旅游收入 are one key, and 新增就业 stays apart from 就业. A short and a long name of one thing are
one name (``synonyms.tsv``: 公厕 and 公共厕所). A change or a share of an indicator is
another indicator: its measure follows the phrase (旅游收入/growth).
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import regex

from .lexicon import alternation, bundled, longest_first, on_reload
from .normalize import normalize
from .segmentation import segmenter

# Parts of speech that frame a phrase and name nothing on their own, at either end of a subject:
# time words, adverbs, prepositions, conjunctions, particles, numerals and measure words, pronouns.
FRAME_TAGS = frozenset({"t", "d", "p", "c", "u", "ul", "uj", "uz", "ug", "uv", "ud", "y", "m", "mq", "q", "r", "f"})
_NOT_A_WORD = regex.compile(r"[\s\"“”‘’「」『』()（）《》〈〉、，,。；;：:!！?？|·]+")


@cache
def _frame_words() -> frozenset[str]:
    # All but the suffixes of nouns (站, 所), which end the words they follow, never frame them.
    words = {row.fields[0] for row in bundled("phrase_words.tsv", 2) if row.fields[1] != "suffix"}
    words |= {row.fields[0] for row in bundled("scope_words.txt", 1)}
    return frozenset(words)


@cache
def _long_frame_words() -> tuple[str, ...]:
    # Longest first, then by the words themselves: the same order in every process, whatever the hash seed.
    return longest_first(w for w in _frame_words() if len(w) > 1)


@cache
def _synonyms() -> tuple[regex.Pattern[str], dict[str, str]]:
    written = {row.fields[0]: row.fields[1] for row in bundled("synonyms.tsv", 2, 2)}
    return regex.compile(alternation(written)), written


on_reload(_frame_words, "phrase_words.tsv", "scope_words.txt")
on_reload(_long_frame_words, "phrase_words.tsv", "scope_words.txt")
on_reload(_synonyms, "synonyms.tsv")


def indicator_phrase(subject: str) -> str | None:
    """The indicator a subject names, without the words that frame it (全年实现旅游收入 → 旅游收入)."""
    text = _NOT_A_WORD.sub("", normalize(subject))
    if not text:
        return None
    names, written = _synonyms()
    text = names.sub(lambda name: written[name[0]], text)
    words = list(segmenter().words(text))
    frame = _frame_words()
    while words and (words[0][0] in frame or words[0][1] in FRAME_TAGS):
        words.pop(0)
    while words and (words[-1][0] in frame or words[-1][1] in FRAME_TAGS):
        words.pop()
    phrase = "".join(word for word, _ in words)
    # A phrase the segmenter keeps whole (实现旅游收入 is a taxonomy phrase) may still begin or end
    # with a framing word; only words of two characters or more are cut so (共享单车 keeps its 共).
    return trim(phrase, _long_frame_words()) or None


def trim(phrase: str, words: Sequence[str], *, least: int = 2) -> str:
    """``phrase`` without any of ``words`` (longest first) at either end, as long as ``least`` characters remain."""
    # One test in C of all the words at both ends spares the pass over them, word by word, that finds nothing to cut.
    ends = tuple(words)
    cut = True
    while cut and (phrase.startswith(ends) or phrase.endswith(ends)):
        cut = False
        for word in words:
            if phrase.startswith(word) and len(phrase) - len(word) >= least:
                phrase, cut = phrase[len(word):], True
            elif phrase.endswith(word) and len(phrase) - len(word) >= least:
                phrase, cut = phrase[:-len(word)], True
    return phrase


def key_of(metric: str | None, subject: str | None, measure: str) -> str | None:
    """The metric id, else the subject's indicator phrase (and its measure, unless a level)."""
    if metric is not None:
        return metric
    phrase = indicator_phrase(subject) if subject else None
    if phrase is None:
        return None
    return phrase if measure == "amount" else f"{phrase}/{measure}"
