"""Script and width normalization by one-to-one character maps.

Every later stage reads the normalized text, and every span it finds is a
span of the original too, because each character maps to exactly one
character: offsets never need translating. Traditional characters map to
the first simplified form of OpenCC's character table (``TSCharacters``);
full-width forms map to their ASCII counterparts.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache
from importlib import resources

_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
# The ideographic space, a no-break space, a minus sign, and the division slash PDF texts put in units (80 公噸∕日).
_EXTRA_WIDTH = {0x3000: ord(" "), 0x00A0: ord(" "), 0x2212: ord("-"), 0x2215: ord("/")}


@cache
def _t2s_table() -> dict[int, int]:
    source = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    table: dict[int, int] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        traditional, _, candidates = line.partition("\t")
        simplified = candidates.split(" ")[0] if candidates else ""
        if len(traditional) == 1 and len(simplified) == 1 and traditional != simplified:
            table[ord(traditional)] = ord(simplified)
    return table


@cache
def _compatibility_table() -> dict[int, int]:
    """Kangxi radicals and compatibility ideographs that PDF text layers put for the ideographs
    (⽤ for 用, ⻑ for 長): each is one character under NFKC, so the map stays one to one."""
    table: dict[int, int] = {}
    for start, end in _COMPATIBILITY_BLOCKS:
        for code in range(start, end):
            folded = unicodedata.normalize("NFKC", chr(code))
            if len(folded) == 1 and folded != chr(code):
                table[code] = ord(folded)
    return table


# Kangxi radicals, the CJK radicals supplement and the CJK compatibility ideographs.
_COMPATIBILITY_BLOCKS = ((0x2F00, 0x2FE0), (0x2E80, 0x2F00), (0xF900, 0xFB00))


@cache
def _table() -> dict[int, int]:
    t2s = _t2s_table()
    folded = {code: t2s.get(target, target) for code, target in _compatibility_table().items()}
    return {**t2s, **folded, **_FULL_WIDTH, **_EXTRA_WIDTH}


def normalize(text: str) -> str:
    """Simplified, half-width text of exactly the same length as ``text``."""
    return text.translate(_table())


def width_only(text: str) -> str:
    return text.translate({**_FULL_WIDTH, **_EXTRA_WIDTH})


@cache
def _script_markers() -> tuple[frozenset[str], frozenset[str]]:
    table = _t2s_table()
    traditional = frozenset(chr(k) for k in table)
    simplified_only = frozenset(chr(v) for v in table.values()) - traditional
    return traditional, simplified_only


def script_of(text: str) -> str:
    """``traditional``, ``simplified`` or ``mixed``, by the characters that differ between the scripts."""
    traditional, simplified_only = _script_markers()
    # Counted once in C, then by kind of character: a document has a few thousand kinds for a million characters.
    counts = Counter(text)
    trad = sum(n for ch, n in counts.items() if ch in traditional)
    simp = sum(n for ch, n in counts.items() if ch in simplified_only)
    if trad == simp == 0:
        return "simplified"
    share = trad / (trad + simp)
    if share >= 0.9:
        return "traditional"
    if share <= 0.1:
        return "simplified"
    return "mixed"
