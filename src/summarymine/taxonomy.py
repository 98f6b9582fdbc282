"""Mapping figures to a taxonomy of metrics, so the same metric lines up across years.

The taxonomy is data (``lexicons/taxonomy.yaml``; users extend or override it
with a file of the same form). Each entry names a metric with a stable id, the
phrases texts use for it (simplified script: subjects are normalized before
matching), the unit categories it accepts and its measure. A figure maps to the
entry whose phrase is the longest one found in its subject; if that entry does
not accept the figure's measure and unit category, the figure maps to nothing —
a wrong id is worse than none. Every decision keeps its reason for ``--explain``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex

from .errors import LexiconError, read_error
from .lexicon import lexicon_path, read_yaml
from .normalize import normalize

MEASURES = frozenset({"amount", "growth", "share", "completion"})
_ID = regex.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$")
_FIELDS = ("id", "label", "measure", "units", "phrases", "description")


@dataclass(frozen=True)
class MetricDef:
    id: str
    label: str
    measure: str
    units: frozenset[str]
    phrases: tuple[str, ...]
    description: str

    def accepts(self, measure: str, unit_category: str | None) -> bool:
        return measure == self.measure and unit_category in self.units


@dataclass(frozen=True)
class Mapping:
    """The outcome of mapping one figure: the entry, or None, and why."""

    metric: MetricDef | None
    phrase: str | None
    reason: str


class Taxonomy:
    """An immutable set of metric definitions with a phrase index."""

    def __init__(self, entries: Iterable[MetricDef]) -> None:
        self.entries: dict[str, MetricDef] = {}
        for entry in entries:
            self.entries[entry.id] = entry
        by_phrase: dict[str, list[MetricDef]] = {}
        for entry in self.entries.values():
            for phrase in entry.phrases:
                by_phrase.setdefault(phrase, []).append(entry)
        self._by_phrase = by_phrase
        self._longest = max((len(p) for p in by_phrase), default=0)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def phrases(self) -> frozenset[str]:
        return frozenset(self._by_phrase)

    @classmethod
    def load(cls, path: str | Path) -> Taxonomy:
        return cls(_read_yaml(Path(path)))

    def extended(self, other: Taxonomy) -> Taxonomy:
        """This taxonomy with ``other``'s entries added, replacing entries of the same id."""
        return Taxonomy([*self.entries.values(), *other.entries.values()])

    def map(self, subject: str | None, measure: str, unit_category: str | None) -> Mapping:
        if not subject:
            return Mapping(None, None, "no subject to map")
        if not self._by_phrase:
            return Mapping(None, None, "the taxonomy is empty")
        text = normalize(subject)
        # Subjects are short: looking up every substring up to the longest phrase beats a regex of thousands.
        found = [(text[i:j], i) for i in range(len(text))
                 for j in range(i + 1, min(len(text), i + self._longest) + 1) if text[i:j] in self._by_phrase]
        if not found:
            return Mapping(None, None, f"no phrase of the taxonomy occurs in {subject!r}")
        # The longest phrase names the metric most precisely; among equals, the one nearest the figure.
        phrase, _ = max(found, key=lambda f: (len(f[0]), f[1]))
        candidates = self._by_phrase[phrase]
        for entry in candidates:
            if entry.accepts(measure, unit_category):
                return Mapping(entry, phrase, f"phrase {phrase!r} of {entry.id}")
        names = ", ".join(f"{e.id} ({e.measure}, {'/'.join(sorted(e.units))})" for e in candidates)
        return Mapping(None, phrase,
                       f"phrase {phrase!r} names {names}, which does not take a {measure} in {unit_category}")


@cache
def default_taxonomy() -> Taxonomy:
    return Taxonomy.load(lexicon_path("taxonomy.yaml"))


def _read_yaml(path: Path) -> list[MetricDef]:
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
    entries = []
    seen: dict[str, int] = {}
    for node, item in zip(nodes, data):
        line = node.start_mark.line + 1
        entry = _entry(item, f"{path.name}:{line}")
        if entry.id in seen:
            raise LexiconError(f"{path.name}:{line}: id {entry.id!r} is already defined at line {seen[entry.id]}")
        seen[entry.id] = line
        entries.append(entry)
    return entries


def _entry(item: Any, where: str) -> MetricDef:
    if not isinstance(item, dict):
        raise LexiconError(f"{where}: a metric is a mapping with the fields {', '.join(_FIELDS)}")
    missing = [f for f in _FIELDS if f not in item]
    if missing:
        raise LexiconError(f"{where}: missing field(s) {', '.join(missing)}")
    metric_id = str(item["id"])
    if not _ID.match(metric_id):
        raise LexiconError(f"{where}: id {metric_id!r} is not dotted lowercase (area.name)")
    if item["measure"] not in MEASURES:
        raise LexiconError(f"{where}: measure {item['measure']!r} is not one of {sorted(MEASURES)}")
    units, phrases = item["units"], item["phrases"]
    if not isinstance(units, list) or not units or not isinstance(phrases, list) or not phrases:
        raise LexiconError(f"{where}: units and phrases must be non-empty lists")
    return MetricDef(
        id=metric_id, label=str(item["label"]), measure=item["measure"],
        units=frozenset(str(u) for u in units), phrases=tuple(normalize(str(p)) for p in phrases),
        description=str(item["description"]),
    )


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
