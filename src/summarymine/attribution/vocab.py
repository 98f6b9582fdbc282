"""The words attribution reads figures by (status and measure cues, section headings, parts, linking
words), loaded once from the lexicons so that a domain expert changes them without touching code."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from ..lexicon import bundled, choice, on_reload
from ..quantities import grammar

STATUSES = frozenset({"achieved", "in_progress", "planned", "target", "expected", "requirement", "none", "done", "projected"})
MEASURES = frozenset({"amount", "growth", "share", "completion"})
MODAL_STATUSES = frozenset({"target", "expected", "planned", "requirement", "projected"})
PART_ROLES = frozenset({"opener", "total", "row"})
SECTION_ROLES = frozenset({"plan", "span", "year_review", "review", "review_heading", "target_list", "target_block", "result_block", "indicator"})
# No heading is longer than this.
HEADING_CHARS = 50


@dataclass(frozen=True)
class Cue:
    word: str
    value: str
    extra: str
    not_before: str = ""
    not_after: str = ""
    reach: str = "sentence"
    # floor: the word holds only with a floor or ceiling between it and the figure; progress: only when its
    # sentence goes on to say how far the work has gone (cues.tsv progress)
    needs: str = ""


@dataclass(frozen=True)
class Vocabulary:
    status_before: tuple[Cue, ...]
    status_after: tuple[Cue, ...]
    # The words after a figure that name the figure itself (目标, 要求), not what it counts.
    status_after_words: tuple[str, ...]
    measures: tuple[Cue, ...]
    scope_words: frozenset[str]
    sections: dict[str, tuple[str, ...]]
    status_pattern: regex.Pattern[str]
    status_cues: dict[str, Cue]
    plan_heading: regex.Pattern[str]
    span_heading: regex.Pattern[str]
    year_review: regex.Pattern[str]
    review_heading: regex.Pattern[str]
    floor_pattern: regex.Pattern[str]
    measure_words: frozenset[str]
    measure_index: dict[str, tuple[tuple[int, Cue], ...]]
    linking: frozenset[str]
    leading_adverbs: frozenset[str]
    manner_words: frozenset[str]
    noun_suffixes: frozenset[str]
    rest_words: frozenset[str]
    part_opener: regex.Pattern[str] | None
    # The characters such a clause can end with (None: any, when a pattern ends in …): most clauses end otherwise.
    part_opener_ends: frozenset[str] | None
    block_labels: frozenset[str]
    total_words: tuple[str, ...]
    row_part_marks: tuple[str, ...]


@cache
def vocabulary() -> Vocabulary:
    before: list[Cue] = []
    after: list[Cue] = []
    for row in bundled("status.tsv", 3, 7):
        status = choice(row, 1, STATUSES)
        where = choice(row, 2, {"before", "after"})
        reach, not_after, not_before, needs = (row.fields[3:] + ("",) * 4)[:4]
        cue = Cue(row.fields[0], status, where, not_before=not_before, not_after=not_after,
                  reach=choice(row, 3, {"sentence", "clause", "adjacent"}) if reach else "sentence",
                  needs=choice(row, 6, {"floor", "progress"}) if needs else "")
        (before if where == "before" else after).append(cue)
    measures = []
    for row in bundled("measures.tsv", 3, 4):
        not_before = row.fields[3] if len(row.fields) > 3 else ""
        measures.append(Cue(row.fields[0], choice(row, 1, MEASURES), choice(row, 2, {"+", "-"}), not_before))
    measures.sort(key=lambda c: len(c.word), reverse=True)
    sections: dict[str, list[str]] = {role: [] for role in SECTION_ROLES}
    for row in bundled("sections.tsv", 2):
        sections[choice(row, 1, SECTION_ROLES)].append(row.fields[0])
    words = sorted({c.word for c in before}, key=len, reverse=True)
    phrase_words = bundled("phrase_words.tsv", 2)
    for row in phrase_words:
        choice(row, 1, {"link", "adverb", "manner", "suffix", "rest"})
    openers = [r.fields[0] for r in bundled("parts.tsv", 2) if choice(r, 1, PART_ROLES) == "opener"]
    return Vocabulary(
        status_before=tuple(before), status_after=tuple(after), measures=tuple(measures),
        status_after_words=tuple(c.word for c in after if c.value != "none"),
        scope_words=frozenset(r.fields[0] for r in bundled("scope_words.txt", 1)),
        sections={role: tuple(words) for role, words in sections.items()},
        block_labels=frozenset([*sections["target_block"], *sections["result_block"],
                                *(r.fields[0] for r in bundled("measures.tsv", 3, 4) if r.fields[1] == "completion")]),
        # Overlapping: 计划完成 and 完成 both end at the figure; the longer must be seen too.
        status_pattern=regex.compile("|".join(regex.escape(w) for w in words)),
        status_cues={c.word: c for c in before},
        plan_heading=_plan_heading(sections["plan"]),
        span_heading=_span_heading(sections["span"]),
        year_review=regex.compile(
            rf"^[^。\n]{{0,12}}?(?:{'|'.join(regex.escape(w) for w in sections['year_review'])})", regex.MULTILINE),
        review_heading=_plan_heading(sections["review_heading"]),
        measure_words=frozenset(c.word for c in measures if c.value == "growth"),
        measure_index=_by_first_character(measures),
        linking=frozenset(r.fields[0] for r in phrase_words if r.fields[1] == "link"),
        leading_adverbs=frozenset(r.fields[0] for r in phrase_words if r.fields[1] == "adverb"),
        manner_words=frozenset(r.fields[0] for r in phrase_words if r.fields[1] == "manner"),
        noun_suffixes=frozenset(r.fields[0] for r in phrase_words if r.fields[1] == "suffix"),
        rest_words=frozenset(r.fields[0] for r in phrase_words if r.fields[1] == "rest"),
        part_opener=_part_opener(openers),
        part_opener_ends=None if any(p.endswith("…") for p in openers) else frozenset(p[-1] for p in openers),
        total_words=tuple(r.fields[0] for r in bundled("parts.tsv", 2) if r.fields[1] == "total"),
        row_part_marks=tuple(r.fields[0] for r in bundled("parts.tsv", 2) if r.fields[1] == "row"),
        floor_pattern=regex.compile("|".join(
            regex.escape(h.word) for h in grammar().hedges if h.position == "before" and h.approx in {"at_least", "at_most"})),
    )


on_reload(vocabulary)


def _by_first_character(cues: list[Cue]) -> dict[str, tuple[tuple[int, Cue], ...]]:
    """Cues by their first character, each with its rank in the longest-first order."""
    index: dict[str, list[tuple[int, Cue]]] = {}
    for rank, cue in enumerate(cues):
        index.setdefault(cue.word[0], []).append((rank, cue))
    return {ch: tuple(entries) for ch, entries in index.items()}


def _part_opener(patterns: list[str]) -> regex.Pattern[str] | None:
    """A clause that opens a breakdown (分季节看，; 按经营地分，; 民生支出中，), from parts.tsv's patterns."""
    if not patterns:
        return None
    gap = ".{1,10}?"
    alternatives = "|".join(gap.join(regex.escape(piece) for piece in p.split("…")) for p in patterns)
    return regex.compile(rf"[ \t]*.{{0,12}}?(?P<opener>{alternatives})")


# A heading's list marker: 二、 or （二）.
_LIST_MARK = r"(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）])"


def _span_heading(words: list[str]) -> regex.Pattern[str]:
    """A numbered heading on several years that names no single one: 二、“十三五”时期主要目标任务, 一、过去五年工作回顾,
    and 二、“⏎十四五⏎”时期… as a layout broke it."""
    alternatives = "|".join(regex.escape(w) for w in words)
    return regex.compile(
        rf"^[ \t]*{_LIST_MARK}(?![^。\n]{{0,{HEADING_CHARS}}}(?:19|20)[0-9]{{2}}年)"
        rf"(?:[^。\n]{{0,12}}?|[“\"‘]\n)(?:{alternatives})[^。\n]{{0,{HEADING_CHARS}}}(?:\n[”\"’][^。\n]{{0,{HEADING_CHARS}}})?$",
        regex.MULTILINE,
    )


def _plan_heading(words: list[str]) -> regex.Pattern[str]:
    """A heading line with one of the words: 二、2015年工作安排, 下一步工作打算, 一、过去一年工作回顾."""
    alternatives = "|".join(regex.escape(w) for w in words)
    return regex.compile(
        # A heading is a short line: the look-ahead passes over paragraphs at once.
        rf"^(?=[^\n]{{0,{HEADING_CHARS}}}$)[ \t]*{_LIST_MARK}?[^。\n]{{0,24}}?"
        rf"(?:{alternatives})[^。\n]{{0,16}}$",
        regex.MULTILINE,
    )
