"""Words and their parts of speech, from a private jieba tokenizer that knows the project's words.

The process's global jieba (which spaCy's zh pipeline uses) is left untouched. Only short phrases
are segmented, never whole documents (segmenting everything is the slow part), and each phrase once.
"""
from __future__ import annotations

import functools
import logging
from functools import cache
from typing import IO

from .lexicon import bundled, on_reload
from .taxonomy import default_taxonomy

# Phrases segmented once and remembered (比上年增长, 其中, 同比下降 recur in every report): about
# 1 KB each, so the cache holds a few tens of MB at most.
WORDS_CACHE = 16384
# Taxonomy phrases this long are added to the segmenter as nouns, as often as jieba's common words.
INDICATOR_WORD = 3
INDICATOR_FREQUENCY = 100


class Segmenter:
    """A private jieba tokenizer with part-of-speech tags and the project's own words."""

    def __init__(self) -> None:
        import jieba
        import jieba.posseg

        class SharedTags(jieba.posseg.POSTokenizer):  # type: ignore[misc]  # jieba ships no types
            # Importing jieba.posseg already read the default dictionary's tags; reading them
            # again for a tokenizer on the same dictionary costs a third of a second at start-up.
            def load_word_tag(self, f: IO[bytes]) -> None:
                f.close()
                self.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)

        # jieba logs its dictionary loading at DEBUG through a stderr handler of its own, and sets its
        # logger to DEBUG when imported: that logger alone is raised to WARNING, so nothing lands on a
        # caller's stderr and no other logging is configured.
        logging.getLogger(jieba.__name__).setLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        # The taxonomy's indicator phrases are words: 在园幼儿 is not 在/园/幼儿.
        for phrase in default_taxonomy().phrases:
            if len(phrase) >= INDICATOR_WORD and not phrase.isascii():
                tokenizer.add_word(phrase, INDICATOR_FREQUENCY, "n")
        for row in bundled("words.txt", 1):
            word, *rest = row.fields[0].split()
            tokenizer.add_word(word, int(rest[0]) if rest else None, rest[1] if len(rest) > 1 else None)
        self._pos = SharedTags(tokenizer)
        # The phrases around figures repeat (比上年增长, 同比下降, 其中): segment each once.
        self.words = functools.lru_cache(maxsize=WORDS_CACHE)(self._words)

    def _words(self, text: str) -> tuple[tuple[str, str], ...]:
        return tuple((w.word, w.flag) for w in self._pos.cut(text, HMM=False))


@cache
def segmenter() -> Segmenter:
    return Segmenter()


on_reload(segmenter, "words.txt")
