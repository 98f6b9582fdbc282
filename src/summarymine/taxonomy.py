"""Mapping figures to a taxonomy of metrics, so the same metric lines up across years.

The taxonomy is data (``lexicons/taxonomy.yaml``; users extend or override it
with a file of the same form). Each entry names a metric with a stable id, the
phrases texts use for it (simplified script: subjects are normalized before
matching), the unit categories it accepts and its measure. A figure maps to the
entry whose phrase is the longest one found in its subject; if that entry does
not accept the figure's measure and unit category, the figure maps to nothing —
a wrong id is worse than none. Two readings of one percentage count as one: a
rate read as a share (优良天数比例98%) fits a rate's entry and the other way round,
and a percentage the subject calls a growth right at the phrase (…增加值增速16.1%,
…年增率2.18%) fits the growth entry. Every decision keeps its reason for ``--explain``.

Each entry may also say which way is better (``direction``: see ``DIRECTIONS``)
and, for a growth, which entry it is the growth of (``level``: an amount, or the
share whose change it is). Both are optional in a user's file; every bundled
entry has a direction and every bundled growth its level. An entry for a subject
that names two groups in a fixed order (城乡居民人均可支配收入分别达到X元和Y元: urban,
then rural) lists the entries its figures are, in that order (``splits``). An indicator that took over
from another (一般公共预算收入 from 公共财政预算收入 in 2014) names it (``formerly``): the two stay two metrics,
and the audit scores a target set under the old name by an outcome reported under the new. An indicator that is
one part of a general one (煤炭去产能 of 去产能) names it (``part_of``): a report that says in words how the
general one went (去产能…超额完成年度任务) says it of each part. A count of what a level fell by (贫困人口脱贫 of
贫困人口) names that level (``lowers``): the audit scores a target of it by the fall of the level a report states
(农村贫困人口减少1240万). An entry that counts things of many kinds (pipelines of gas, heat or water; roads;
research platforms) says so (``generic``): two of its figures are one indicator only where their subjects name the
same kind.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import regex

from .errors import LexiconError, read_error
from .lexicon import cached_build, cues, lexicon_path, longest_first, on_reload, read_yaml
from .normalize import normalize

MEASURES = frozenset({"amount", "growth", "share", "completion"})
# Which way an entry's value is better, for judging a target against its outcome:
#   higher   more is better; a target is a floor, and beating it is doing better (GDP growth, income)
#   lower    less is better; a target is a cap, kept (met) however far under it the outcome stays (PM2.5,
#            energy intensity and its change, poor population)
#   ceiling  the value is held under a cap; being under it is all a target asks, being further under is
#            not an achievement (CPI 3%左右, unemployment rate 4.5%以内, deficit ratio)
#   band     the value is steered to a level, and a miss either way is a miss (M2 growth 12%左右)
#   neutral  neither way is better: a quantity on record (population, births, a trade balance)
DIRECTIONS = frozenset({"higher", "lower", "ceiling", "band", "neutral"})
# The measures a growth entry's ``level`` may name: the amount it is the growth of, or the share it is the change of.
LEVEL_MEASURES = frozenset({"amount", "share"})
_ID = regex.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$")
_FIELDS = ("id", "label", "measure", "units", "phrases", "description")
_OPTIONAL = ("direction", "level", "splits", "formerly", "part_of", "lowers", "generic")
# A percentage read as a rate (合格率98%) and one read as a proportion (优良比例98%) are the same kind of figure.
_RATE_OR_SHARE = frozenset({"amount", "share"})


# Bumped when what the taxonomy cache holds changes shape (lexicon.cached_build).
CACHE_FORMAT = 1


@dataclass(frozen=True)
class MetricDef:
    id: str
    label: str
    measure: str
    units: frozenset[str]
    phrases: tuple[str, ...]
    description: str
    direction: str | None = None
    level: str | None = None
    splits: tuple[str, ...] = ()
    formerly: tuple[str, ...] = ()
    part_of: str | None = None
    lowers: str | None = None
    generic: bool = False
    # Where the entry was defined (file:line), for error messages; not part of its identity.
    where: str = field(default="", compare=False, repr=False)

    def accepts(self, measure: str, unit_category: str | None) -> bool:
        return measure == self.measure and unit_category in self.units

    def takes(self, measure: str, unit_category: str | None) -> bool:
        """Like ``accepts``, but a percentage read as a share fits an entry for a rate, and the other way round."""
        if self.accepts(measure, unit_category):
            return True
        return (unit_category == "percent" and unit_category in self.units
                and {measure, self.measure} <= _RATE_OR_SHARE)


@dataclass(frozen=True)
class Mapping:
    """The outcome of mapping one figure: the entry, or None, and why."""

    metric: MetricDef | None
    phrase: str | None
    reason: str


class Taxonomy:
    """An immutable set of metric definitions with a phrase index.

    ``complete`` (the default) requires every ``level`` to name an entry of this taxonomy; a file
    loaded on its own (``load``) may name entries of the taxonomy it is meant to extend.
    """

    def __init__(self, entries: Iterable[MetricDef], *, complete: bool = True) -> None:
        self.entries: dict[str, MetricDef] = {}
        for entry in entries:
            self.entries[entry.id] = entry
        _check_levels(self.entries, complete=complete)
        by_phrase: dict[str, list[MetricDef]] = {}
        for entry in self.entries.values():
            for phrase in entry.phrases:
                by_phrase.setdefault(phrase, []).append(entry)
        self._by_phrase = by_phrase
        # Per first character, the lengths of the phrases it begins, longest first: a subject is looked up
        # at those lengths alone, not at every length up to the longest phrase.
        lengths: dict[str, set[int]] = {}
        for phrase in by_phrase:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        self._lengths = {first: sorted(sizes, reverse=True) for first, sizes in lengths.items()}

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def phrases(self) -> frozenset[str]:
        return frozenset(self._by_phrase)

    def names(self, phrase: str) -> bool:
        """Whether ``phrase`` is one of the taxonomy's phrases, as it stands (simplified script)."""
        return phrase in self._by_phrase

    @classmethod
    def load(cls, path: str | Path) -> Taxonomy:
        return cls(_read_yaml(Path(path)), complete=False)

    def direction_of(self, metric_id: str) -> str | None:
        """Which way the metric is better (one of ``DIRECTIONS``), or None if unknown or not said."""
        entry = self.entries.get(metric_id)
        return entry.direction if entry else None

    def level_of(self, metric_id: str) -> MetricDef | None:
        """The entry a growth entry is the growth (or a share change the change) of, or None."""
        entry = self.entries.get(metric_id)
        return self.entries.get(entry.level) if entry and entry.level else None

    def growths_of(self, metric_id: str) -> tuple[MetricDef, ...]:
        """The growth entries whose level is ``metric_id`` (GDP -> GDP growth)."""
        return tuple(e for e in self.entries.values() if e.level == metric_id)

    def extended(self, other: Taxonomy) -> Taxonomy:
        """This taxonomy with ``other``'s entries added, replacing entries of the same id."""
        return Taxonomy([*self.entries.values(), *other.entries.values()])

    def _longest_phrase(self, text: str) -> tuple[int, int]:
        """The length and start of the longest phrase in ``text`` (the first of equals), or (0, 0)."""
        longest, start = 0, 0
        for i, first in enumerate(text):
            for size in self._lengths.get(first, ()):
                if size < longest:
                    break
                if i + size <= len(text) and text[i:i + size] in self._by_phrase:
                    longest, start = size, i
                    break
        return longest, start

    def _verb_first(self, text: str) -> str | None:
        """各类燃煤小锅炉淘汰 is 淘汰燃煤小锅炉: an indicator written with its verb of doing last (cues.tsv doing) is
        the phrase with the verb first, with as much of the object as the taxonomy names."""
        verb = next((v for v in _doing_verbs() if text.endswith(v) and len(text) > len(v)), None)
        if verb is None:
            return None
        object_ = text[:-len(verb)]
        return next((verb + object_[i:] for i in range(len(object_)) if verb + object_[i:] in self._by_phrase), None)

    def map(self, subject: str | None, measure: str, unit_category: str | None) -> Mapping:
        if not subject:
            return Mapping(None, None, "no subject to map")
        if not self._by_phrase:
            return Mapping(None, None, "the taxonomy is empty")
        # A name in quotes is a name of the phrase: 专精特新“小巨人”企业 is 专精特新小巨人企业.
        text = normalize(subject).translate(_NO_QUOTES)
        # Subjects are short: looking up the substrings that begin as a phrase does beats a regex of thousands.
        # The longest phrase names the metric most precisely; among equals, the one nearest the figure.
        longest, start = self._longest_phrase(text)
        phrase = text[start:start + longest]
        if not longest:
            phrase, start = self._verb_first(text) or "", len(text)
        if not phrase:
            return Mapping(None, None, f"no phrase of the taxonomy occurs in {subject!r}")
        candidates = self._by_phrase[phrase]
        for entry in candidates:
            if entry.accepts(measure, unit_category):
                return Mapping(entry, phrase, f"phrase {phrase!r} of {entry.id}")
        for entry in candidates:
            if entry.takes(measure, unit_category):
                return Mapping(entry, phrase, f"phrase {phrase!r} of {entry.id} (a {measure} in percent, as a {entry.measure})")
        # 规模以上工业增加值增速16.1%, 消费者物价指数年增率2.18%: a percentage the text calls the growth of
        # what the phrase names is that growth, though no verb (增长) made it one. Only words of a rise
        # (cues.tsv growth_rate): a 降幅 read as an amount would lose its sign.
        growth = cues().words["growth_rate"]
        if measure == "amount" and unit_category == "percent" and (
                phrase.endswith(growth) or text[start + len(phrase):].startswith(growth)):
            for entry in candidates:
                if entry.accepts("growth", unit_category):
                    return Mapping(entry, phrase, f"phrase {phrase!r} of {entry.id} (a percentage named as its growth)")
        names = ", ".join(f"{e.id} ({e.measure}, {'/'.join(sorted(e.units))})" for e in candidates)
        return Mapping(None, phrase,
                       f"phrase {phrase!r} names {names}, which does not take a {measure} in {unit_category}")


_NO_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")


@cache
def _doing_verbs() -> tuple[str, ...]:
    return longest_first(cues().words["doing"])


on_reload(_doing_verbs, "cues.tsv")


@cache
def default_taxonomy() -> Taxonomy:
    # The bundled file is complete: every level it names is one of its own entries. Its YAML, read and
    # checked once, is kept as plain data: parsing it was a quarter of every process's start.
    path = lexicon_path("taxonomy.yaml")
    items = cached_build(path, f"taxonomy {CACHE_FORMAT}", lambda: _read_items(path)[0])
    return Taxonomy([_entry(item, f"{path.name}:{line}") for line, item in items])


def _read_yaml(path: Path) -> list[MetricDef]:
    return _read_items(path)[1]


def _read_items(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[MetricDef]]:
    """The metrics of a taxonomy file as (line, mapping) — plain data, to keep — and as entries, each checked, no
    id twice."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise read_error(path, exc, LexiconError) from exc
    root, data = read_yaml(text, path.name, LexiconError)
    if isinstance(data, dict) and "metrics" in data:
        nodes = next(v for k, v in root.value if k.value == "metrics").value
        data = data["metrics"]
    elif root is not None:
        nodes = root.value
    else:
        nodes, data = [], []
    if not isinstance(data, list):
        raise LexiconError(f"{path.name}:1: expected a list of metrics (or a mapping with a 'metrics' list)")
    items, entries = [], []
    seen: dict[str, int] = {}
    for node, item in zip(nodes, data):
        line = node.start_mark.line + 1
        entry = _entry(item, f"{path.name}:{line}")
        if entry.id in seen:
            raise LexiconError(f"{path.name}:{line}: id {entry.id!r} is already defined at line {seen[entry.id]}")
        seen[entry.id] = line
        items.append((line, item))
        entries.append(entry)
    return items, entries


def _entry(item: Any, where: str) -> MetricDef:
    if not isinstance(item, dict):
        raise LexiconError(f"{where}: a metric is a mapping with the fields {', '.join(_FIELDS)}"
                           f" (and optionally {', '.join(_OPTIONAL)})")
    missing = [f for f in _FIELDS if f not in item]
    if missing:
        raise LexiconError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = [str(f) for f in item if f not in _FIELDS and f not in _OPTIONAL]
    if unknown:
        raise LexiconError(f"{where}: unknown field(s) {', '.join(unknown)}; a metric has the fields "
                           f"{', '.join(_FIELDS)} and optionally {', '.join(_OPTIONAL)}")
    metric_id = str(item["id"])
    if not _ID.match(metric_id):
        raise LexiconError(f"{where}: id {metric_id!r} is not dotted lowercase (area.name)")
    if not isinstance(item["measure"], str) or item["measure"] not in MEASURES:
        raise LexiconError(f"{where}: measure {item['measure']!r} is not one of {sorted(MEASURES)}")
    units, phrases = item["units"], item["phrases"]
    if not isinstance(units, list) or not units or not isinstance(phrases, list) or not phrases:
        raise LexiconError(f"{where}: units and phrases must be non-empty lists")
    direction = item.get("direction")
    if direction is not None and (not isinstance(direction, str) or direction not in DIRECTIONS):
        raise LexiconError(f"{where}: direction {direction!r} is not one of {sorted(DIRECTIONS)}")
    level = item.get("level")
    if level is not None:
        if not isinstance(level, str):
            raise LexiconError(f"{where}: level {level!r} is not a metric id (area.name)")
        if item["measure"] != "growth":
            raise LexiconError(f"{where}: level is for growth entries (the entry it is the growth of); "
                               f"{metric_id} is a {item['measure']}")
        if not _ID.match(level):
            raise LexiconError(f"{where}: level {level!r} is not a metric id (area.name)")
        if level == metric_id:
            raise LexiconError(f"{where}: level of {metric_id} is the entry itself")
    splits = item.get("splits", [])
    if not isinstance(splits, list) or len(splits) == 1 or not all(isinstance(x, str) and _ID.match(x) for x in splits):
        raise LexiconError(f"{where}: splits {splits!r} is not a list of two or more metric ids (area.name)")
    formerly = item.get("formerly", [])
    if not isinstance(formerly, list) or not all(isinstance(x, str) and _ID.match(x) for x in formerly) or metric_id in formerly:
        raise LexiconError(f"{where}: formerly {formerly!r} is not a list of the ids of other metrics (area.name)")
    part_of = item.get("part_of")
    if part_of is not None and (not isinstance(part_of, str) or not _ID.match(part_of) or part_of == metric_id):
        raise LexiconError(f"{where}: part_of {part_of!r} is not the id of another metric (area.name)")
    lowers = item.get("lowers")
    if lowers is not None and (not isinstance(lowers, str) or not _ID.match(lowers) or lowers == metric_id or item["measure"] != "amount"):
        raise LexiconError(f"{where}: lowers {lowers!r} is not the id of another metric, or {metric_id} counts no amount")
    generic = item.get("generic", False)
    if not isinstance(generic, bool):
        raise LexiconError(f"{where}: generic {generic!r} is not true or false")
    return MetricDef(
        id=metric_id, label=str(item["label"]), measure=item["measure"],
        units=frozenset(str(u) for u in units), phrases=tuple(normalize(str(p)) for p in phrases),
        description=str(item["description"]), direction=direction, level=level, splits=tuple(splits),
        formerly=tuple(formerly), part_of=part_of, lowers=lowers, generic=generic, where=where,
    )


def _check_levels(entries: dict[str, MetricDef], *, complete: bool) -> None:
    """Every ``level`` names an amount or share entry, every ``splits``, ``formerly``, ``part_of`` and ``lowers``
    entries of the same measure (one not here is an error only if ``complete``)."""
    for entry in entries.values():
        linked = [*(("splits", p) for p in entry.splits), *(("formerly", p) for p in entry.formerly),
                  *([("part_of", entry.part_of)] if entry.part_of else []), *([("lowers", entry.lowers)] if entry.lowers else [])]
        for name, part in linked:
            found = entries.get(part)
            if found is None and complete:
                raise LexiconError(f"{entry.where or entry.id}: {name} {part!r} of {entry.id} is not an id of the taxonomy")
            if found is not None and found.measure != entry.measure:
                raise LexiconError(f"{entry.where or entry.id}: {name} {part!r} of {entry.id} is a {found.measure} "
                                   f"entry; it must measure {entry.measure} as {entry.id} does")
        if entry.level is None:
            continue
        where = entry.where or entry.id
        target = entries.get(entry.level)
        if target is None:
            if complete:
                raise LexiconError(f"{where}: level {entry.level!r} of {entry.id} is not an id of the taxonomy")
            continue
        if target.measure not in LEVEL_MEASURES:
            raise LexiconError(f"{where}: level {entry.level!r} of {entry.id} is a {target.measure} entry, "
                               f"not an amount or a share")


@dataclass(frozen=True)
class SubjectGroup:
    key: str
    measure: str
    unit_category: str | None
    count: int
    example: str


def unmapped_subjects(documents: Iterable[Any]) -> list[SubjectGroup]:
    """Subjects no metric took, grouped by their normalized last words and counted: candidates for new entries."""
    groups: dict[tuple[str, str, str | None], list[str]] = {}
    for doc in documents:
        for m in doc.metrics:
            if m.metric is None and m.subject:
                key = _head(normalize(m.subject))
                groups.setdefault((key, m.measure, m.quantity.unit_category), []).append(
                    f"{doc.info.source}:{m.quantity.start} {m.subject}{m.quantity.text}")
    found = [SubjectGroup(k, measure, unit, len(v), v[0]) for (k, measure, unit), v in groups.items()]
    return sorted(found, key=lambda g: (-g.count, g.key))


def _head(subject: str) -> str:
    """The end of a subject, where Chinese puts the head noun: 组织申报省、市级科技项目 -> 科技项目."""
    tail = regex.split(r"[、，,和及与]", subject)[-1].strip()
    return tail[-6:] if len(tail) > 6 else tail
