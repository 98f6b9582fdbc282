"""Words and their parts of speech: jieba's segmentation (no HMM) of jieba's dictionary and the project's words.

Only short phrases are segmented, never whole documents (segmenting everything is the slow part),
and each phrase once. The process's global jieba (which spaCy's zh pipeline uses) is left untouched.

Start-up is most of what a one-file run costs, and jieba's own start-up is most of that: its
tokenizer loads a table of every word *and every prefix of one* (about 580,000 strings), and
importing ``jieba.posseg`` parses the dictionary a second time for the tags. ``Dictionary`` holds
the words alone, each with its frequency and tag packed in one integer, and the longest word after
each first character, which is all jieba's no-HMM cut asks of the prefixes; it is read from a cache
built from jieba's ``dict.txt`` on first use (beside jieba's own cache, keyed by the file's path, size
and time). The words are unpacked a first character at a time, when a phrase to cut holds that
character: one report asks for about a quarter of them. ``DictionarySegmenter`` cuts as
``jieba.posseg.POSTokenizer.cut(text, HMM=False)`` does, word for word and tag for tag
(``tests/test_segmentation.py`` compares the two over the corpus). Set ``SUMMARYMINE_SEGMENTER=jieba`` to
use jieba's own tokenizer instead.
"""
from __future__ import annotations

import array
import functools
import importlib.util
import itertools
import logging
import os
import re
import string
from collections.abc import Callable, Iterator
from functools import cache
from math import log
from pathlib import Path
from typing import IO, Any, Protocol

from .lexicon import bundled, cached_build, on_reload
from .taxonomy import default_taxonomy

# Phrases segmented once and remembered (比上年增长, 其中, 同比下降 recur in every report): about
# 1 KB each, so the cache holds a few tens of MB at most.
WORDS_CACHE = 16384
# Taxonomy phrases this long are added to the segmenter as nouns, as often as jieba's common words.
INDICATOR_WORD = 3
INDICATOR_FREQUENCY = 100
# A tag's index takes the low bits of a word's packed entry, its frequency the rest.
TAG_BITS = 8
_ONE = 1 << TAG_BITS  # an entry of frequency 1 and the first tag: frequencies below it are 0
_TAG_MASK = _ONE - 1
CACHE_FORMAT = 4

# jieba.posseg's patterns, as it cuts with HMM=False: runs of these characters are segmented with the
# dictionary; anything else goes a character at a time (spaces and line ends whole).
_HAN_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_SKIP = re.compile("(\r\n|\\s)")
_ENGLISH = re.compile("[a-zA-Z0-9]+")
_NUMBER = re.compile("[\\.0-9]+")
# A word of one ASCII letter or digit joins the letters beside it into one English word.
_ONE_ENGLISH = frozenset(string.ascii_letters + string.digits)

Words = tuple[tuple[str, str], ...]


class Segmenter(Protocol):
    """What attribution asks of a segmenter: a phrase's words and their tags."""

    words: Callable[[str], Words]


class Dictionary:
    """Words with frequency and tag (``entries[word] = freq << TAG_BITS | tag index``), the frequencies'
    total, and per first character the length of the longest word that starts with it.

    ``entries`` holds the words of the first characters ``read`` so far, and every word ``add``-ed. The
    rest stay packed as the cache keeps them: the words of each first character one after another in one
    text (``firsts[i]``'s are ``text[text_ends[i - 1]:text_ends[i]]``, parted by line ends), their entries
    in one array in the same order (``values[word_ends[i - 1]:word_ends[i]]``). Read so, a cache loads in
    a fifth of the time a text and a bytes for each character take.
    """

    def __init__(self, tags: list[str], firsts: str, text: str, packed: tuple[bytes, bytes, bytes], total: int,
                 longest: dict[str, int]) -> None:
        self.tags, self.total, self.longest = tags, total, longest
        self.entries: dict[str, int] = {}
        self.unread = dict(zip(firsts, range(len(firsts))))
        self._text = text
        self._values, self._text_ends, self._word_ends = (array.array("q", b) for b in packed)
        # Added words by first character, put back over jieba's when their character's words are unpacked.
        self._added: dict[str, dict[str, int]] = {}

    def read(self, first: str) -> None:
        """Unpack the words that start with ``first``, if not done yet."""
        i = self.unread.pop(first, None)
        if i is None:
            return
        text = self._text[self._text_ends[i - 1] if i else 0:self._text_ends[i]]
        values = self._values[self._word_ends[i - 1] if i else 0:self._word_ends[i]]
        self.entries.update(zip(text.split("\n"), values))
        self.entries.update(self._added.pop(first, {}))

    def freq(self, word: str) -> int:
        self.read(word[:1])
        entry = self.entries.get(word)
        return 0 if entry is None else entry >> TAG_BITS

    def add(self, word: str, freq: int, tag: str | None) -> None:
        """As ``jieba.Tokenizer.add_word``: the total grows by ``freq`` even when the word was there."""
        if tag is None:
            self.read(word[0])
        old = self.entries.get(word)
        tag = tag or (self.tags[old & ((1 << TAG_BITS) - 1)] if old is not None else "x")
        if tag not in self.tags:
            self.tags.append(tag)
        entry = self.entries[word] = freq << TAG_BITS | self.tags.index(tag)
        if word[0] in self.unread:
            self._added.setdefault(word[0], {})[word] = entry
        self.total += freq
        if len(word) > self.longest.get(word[0], 0):
            self.longest[word[0]] = len(word)

    def read_all(self) -> dict[str, int]:
        """Every word, unpacked."""
        for first in list(self.unread):
            self.read(first)
        return self.entries


def jieba_dictionary() -> Path:
    # Found, not imported: importing jieba costs a start-up what the cut does not need.
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("No module named 'jieba'", name="jieba")
    return Path(spec.origin).with_name("dict.txt")


def load_dictionary(path: Path | None = None) -> Dictionary:
    """jieba's dictionary, from the cache when it is there and current, else parsed (and cached)."""
    path = path or jieba_dictionary()

    def parsed() -> tuple[list[str], str, str, tuple[bytes, bytes, bytes], int, dict[str, int]]:
        with path.open("rb") as f:
            tags, entries, total, longest = _parse(f)
        by_first: dict[str, list[str]] = {}
        for word in entries:
            by_first.setdefault(word[0], []).append(word)
        texts = ["\n".join(words) for words in by_first.values()]
        values = array.array("q", (entries[word] for words in by_first.values() for word in words))
        text_ends = array.array("q", itertools.accumulate(map(len, texts)))
        word_ends = array.array("q", itertools.accumulate(map(len, by_first.values())))
        return (tags, "".join(by_first), "".join(texts), (values.tobytes(), text_ends.tobytes(), word_ends.tobytes()),
                total, longest)

    return Dictionary(*cached_build(path, f"dictionary {CACHE_FORMAT}", parsed))


def _parse(f: IO[bytes]) -> tuple[list[str], dict[str, int], int, dict[str, int]]:
    """As ``jieba.Tokenizer.gen_pfdict`` and ``POSTokenizer.load_word_tag`` read it: the last line of a
    word wins, and every line adds to the total."""
    tags: list[str] = []
    index: dict[str, int] = {}
    entries: dict[str, int] = {}
    longest: dict[str, int] = {}
    total = 0
    for line in f:
        fields = line.strip().decode("utf-8").split(" ")
        if len(fields) < 2:
            continue
        word, freq = fields[0], int(fields[1])
        tag = fields[2] if len(fields) > 2 else "x"
        if tag not in index:
            index[tag] = len(tags)
            tags.append(tag)
        entries[word] = freq << TAG_BITS | index[tag]
        total += freq
        if len(word) > longest.get(word[0], 0):
            longest[word[0]] = len(word)
    return tags, entries, total, longest


def project_words() -> Iterator[tuple[str, int | None, str | None]]:
    """The words added to jieba's, in order (the total grows with each): the taxonomy's indicator phrases
    as nouns (在园幼儿 is not 在/园/幼儿), then ``words.txt`` (word, and optionally frequency and tag)."""
    for phrase in default_taxonomy().phrases:
        if len(phrase) >= INDICATOR_WORD and not phrase.isascii():
            yield phrase, INDICATOR_FREQUENCY, "n"
    for row in bundled("words.txt", 1):
        word, *rest = row.fields[0].split()
        yield word, int(rest[0]) if rest else None, rest[1] if len(rest) > 1 else None


class DictionarySegmenter:
    """jieba's no-HMM cut with part-of-speech tags over its dictionary and the project's own words."""

    def __init__(self, dictionary: Dictionary | None = None) -> None:
        self.dictionary = dictionary or load_dictionary()
        for word, freq, tag in project_words():
            self.dictionary.add(word, self._suggested(word) if freq is None else freq, tag)
        # The phrases around figures repeat (比上年增长, 同比下降, 其中): segment each once.
        self.words: Callable[[str], Words] = functools.lru_cache(maxsize=WORDS_CACHE)(self._words)

    def _words(self, text: str) -> Words:
        return tuple(self._cut(text))

    def _cut(self, text: str) -> Iterator[tuple[str, str]]:
        # split() with the pattern's group gives the text between blocks and the blocks in turn: the odd pieces are blocks.
        for i, block in enumerate(_HAN_BLOCK.split(text)):
            if not block:
                continue
            if i % 2:
                yield from self._cut_block(block)
                continue
            for part in _SKIP.split(block):
                if _SKIP.match(part):
                    yield part, "x"
                    continue
                for ch in part:
                    if _NUMBER.match(ch):
                        yield ch, "m"
                    elif _ENGLISH.match(part):
                        yield ch, "eng"
                    else:
                        yield ch, "x"

    def _cut_block(self, block: str) -> Iterator[tuple[str, str]]:
        route = self._route(block)
        entries, tags = self.dictionary.entries, self.dictionary.tags
        x, n, letters = 0, len(block), ""
        while x < n:
            y = route[x]
            word = block[x:y]
            if word in _ONE_ENGLISH:
                letters += word
            else:
                if letters:
                    yield letters, "eng"
                    letters = ""
                entry = entries.get(word)
                yield word, (tags[entry & _TAG_MASK] if entry is not None else None) or "x"
            x = y
        if letters:
            yield letters, "eng"

    def _route(self, block: str) -> list[int]:
        """For each position, where the best word starting there ends, exclusive (jieba's ``get_DAG`` and ``calc``:
        the most probable path, a tie going to the longer word)."""
        entries, longest, unread = self.dictionary.entries, self.dictionary.longest, self.dictionary.unread
        log_total = log(self.dictionary.total)  # as it stands now: suggesting a word's frequency cuts while words are added
        n = len(block)
        score = [0.0] * (n + 1)
        ends = [0] * n
        for k in range(n - 1, -1, -1):
            if block[k] in unread:
                self.dictionary.read(block[k])
            best: float | None = None
            best_end = k + 1
            for end in range(k + 1, min(n, k + longest.get(block[k], 1)) + 1):
                entry = entries.get(block[k:end])
                if entry is not None and entry >= _ONE:  # a word, not a word's prefix of frequency 0
                    value = log(entry >> TAG_BITS) - log_total + score[end]
                    if best is None or value >= best:
                        best, best_end = value, end
            if best is None:
                entry = entries.get(block[k])
                best = log((entry >> TAG_BITS if entry is not None else 0) or 1) - log_total + score[k + 1]
            score[k], ends[k] = best, best_end
        return ends

    def _suggested(self, word: str) -> int:
        """``jieba.Tokenizer.suggest_freq(word)``: enough to keep the word whole."""
        total = float(self.dictionary.total)
        freq = 1.0
        for part, _ in self._cut(word):
            freq *= (self.dictionary.freq(part) or 1) / total
        return max(int(freq * self.dictionary.total) + 1, self.dictionary.freq(word) or 1)


class JiebaSegmenter:
    """jieba's own POS tokenizer on the same words: the reference the cut above is checked against."""

    def __init__(self) -> None:
        import jieba
        import jieba.posseg

        # jieba logs its dictionary loading at DEBUG through a stderr handler of its own, and sets its
        # logger to DEBUG when imported: that logger alone is raised to WARNING, so nothing lands on a
        # caller's stderr and no other logging is configured.
        logging.getLogger(jieba.__name__).setLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        for word, freq, tag in project_words():
            tokenizer.add_word(word, freq, tag)
        self._pos: Any = jieba.posseg.POSTokenizer(tokenizer)
        self.words: Callable[[str], Words] = functools.lru_cache(maxsize=WORDS_CACHE)(self._words)

    def _words(self, text: str) -> Words:
        return tuple((w.word, w.flag) for w in self._pos.cut(text, HMM=False))


@cache
def segmenter() -> Segmenter:
    if os.environ.get("SUMMARYMINE_SEGMENTER") == "jieba":
        return JiebaSegmenter()
    return DictionarySegmenter()


on_reload(segmenter, "words.txt")
