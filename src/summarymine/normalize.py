"""Script and width normalization by one-to-one character maps.

Every later stage reads the normalized text, and every span it finds is a
span of the original too, because each character maps to exactly one
character: offsets never need translating. Traditional characters map to
the first simplified form of OpenCC's character table (``TSCharacters``);
full-width forms map to their ASCII counterparts.
"""
from __future__ import annotations

from functools import cache
from importlib import resources

_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_EXTRA_WIDTH = {0x3000: ord(" "), 0x00A0: ord(" "), 0x2212: ord("-")}


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
def _table() -> dict[int, int]:
    return {**_t2s_table(), **_FULL_WIDTH, **_EXTRA_WIDTH}


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
    trad = sum(map(traditional.__contains__, text))
    simp = sum(map(simplified_only.__contains__, text))
    if trad == simp == 0:
        return "simplified"
    share = trad / (trad + simp)
    if share >= 0.9:
        return "traditional"
    if share <= 0.1:
        return "simplified"
    return "mixed"
