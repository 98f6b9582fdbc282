"""Hostile text families for timing extraction as the text doubles (bench_extract.py section 6,
tests/test_linear.py). Each is deterministic: the same size gives the same text.

- ``prose``: real reports, whole, one after another.
- ``no_punctuation``: the same reports without punctuation or spaces: one endless sentence.
- ``dense_figures``: figures back to back (产值12.5亿元增长8.3%…), no punctuation.
- ``digit_runs``: runs of 1 to 60 digits, some with a unit, between spaces, commas, points and
  line breaks.
- ``newlines``: the unpunctuated reports laid out as a PDF does, in lines of 40 characters
  (every line long and unended, so read as wrapped: no sentence ends either).
"""
from __future__ import annotations

import os
import random
from collections.abc import Callable
from functools import cache
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SUMMARYMINE_SHARED", REPO / ".." / "shared")).resolve()


@cache
def reports() -> str:
    files = sorted((REPO / "corpus").glob("*.txt")) + sorted((SHARED / "realdocs").glob("*.txt"))
    texts = [f.read_bytes().decode("utf-8-sig") for f in files if f.stat().st_size]
    if not texts:
        raise SystemExit(f"no documents in {REPO / 'corpus'} or {SHARED / 'realdocs'}")
    return "\n".join(texts)


def _cycled(base: str, size: int) -> str:
    return (base * (size // len(base) + 1))[:size]


def _unpunctuated() -> str:
    return regex.sub(r"[\p{P}\p{S}\s]", "", reports())


def prose(size: int) -> str:
    return _cycled(reports(), size)


def no_punctuation(size: int) -> str:
    return _cycled(_unpunctuated(), size)


def dense_figures(size: int) -> str:
    rng = random.Random(1)
    words = ("产值", "增长", "完成投资", "新建学校", "培训", "资金", "面积", "占比")
    units = ("亿元", "%", "万元", "所", "人次", "万亩", "个百分点", "家")
    parts, length = [], 0
    while length < size:
        part = f"{rng.choice(words)}{rng.randrange(1, 10000)}.{rng.randrange(10)}{rng.choice(units)}"
        parts.append(part)
        length += len(part)
    return "".join(parts)[:size]


def digit_runs(size: int) -> str:
    rng = random.Random(2)
    parts, length = [], 0
    while length < size:
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randrange(1, 61)))
        part = digits + rng.choice(("万元", "人", "", "", "")) + rng.choice(" ,.\n")
        parts.append(part)
        length += len(part)
    return "".join(parts)[:size]


def separated_numbers(size: int) -> str:
    """Numbers and nothing else, parted by commas and spaces ('1,' repeated): every number is a
    candidate, and any look past it that scans the rest of the text shows at once."""
    return _cycled("1,22 333,4 5、6，", size)


def newlines(size: int) -> str:
    flat = _unpunctuated()
    return _cycled("\n".join(flat[i:i + 40] for i in range(0, len(flat), 40)), size)


FAMILIES: dict[str, Callable[[int], str]] = {
    "prose": prose,
    "no_punctuation": no_punctuation,
    "dense_figures": dense_figures,
    "digit_runs": digit_runs,
    "newlines": newlines,
    "separated_numbers": separated_numbers,
}
