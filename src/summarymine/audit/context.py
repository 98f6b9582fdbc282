"""What every check reads: the figures with their documents, the targets of a file, the slack and the taxonomy."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

import regex

from ..normalize import normalize
from ..results import Document, Metric
from ..statuses import NOT_ACTUAL, states_a_target
from ..taxonomy import MetricDef, Taxonomy
from .rules import AboutBand, Interval, Tolerances
from .targets import Target

_SUBJECT_NOISE = regex.compile(r"[\s\p{P}\p{S}]+")


def source_of(doc: Document) -> str:
    """The name findings give a document: its source, or its hash when it has none (the report links by it)."""
    return doc.info.source or f"sha256:{doc.info.sha256[:12]}"


def org_of(doc: Document) -> str:
    """The body a document speaks for: its org, or a key of its own when it names none."""
    return doc.info.org or f"<{source_of(doc)}>"


def squeeze(text: str | None) -> str:
    """``text`` normalized, without spaces, punctuation and symbols: how two subjects are compared."""
    return _SUBJECT_NOISE.sub("", normalize(text or ""))


@dataclass(frozen=True)
class Fig:
    """A figure with a value, and the document it came from."""

    m: Metric
    doc: Document
    org: str  # the org, or a per-document key when the document names none
    value: Decimal

    @property
    def source(self) -> str:
        return source_of(self.doc)

    @property
    def doc_year(self) -> int | None:
        return self.doc.info.year

    @property
    def unit(self) -> str | None:
        return self.m.quantity.unit

    @property
    def is_target(self) -> bool:
        return states_a_target(self.m.status, self.m.section, year=self.m.year, doc_year=self.doc_year)

    @property
    def is_actual(self) -> bool:
        return self.m.status not in NOT_ACTUAL or self.is_estimate

    @property
    def is_estimate(self) -> bool:
        """预计全年生产总值增长10% in a report on that year: the result as known when the report was written
        (reports go to the congress before the year's statistics are final), an outcome to score a target by."""
        return (self.m.status == "expected" and self.m.section in {"review", "span_end"} and self.m.year is not None
                and self.m.year == self.doc_year)

    def to_dict(self) -> dict[str, Any]:
        return {**self.m.to_dict(), "source": self.source}

    def sentence(self) -> str:
        return self.doc.text[self.m.sentence_start:self.m.sentence_end]

    def interval(self, band: AboutBand) -> Interval:
        """The values the figure as hedged allows: 2000余份 → [2000, ∞), 7%左右 → [6.5, 7.5]."""
        q, v = self.m.quantity, self.value
        if q.approx in ("more_than", "at_least"):
            return v, None
        if q.approx in ("less_than", "at_most"):
            return None, v
        if q.approx == "about":
            w = band.width(v, q.unit)
            return v - w, v + w
        if q.approx == "range" and q.value_max is not None:
            return min(v, q.value_max), max(v, q.value_max)
        return v, v

    def at(self, span_of: Sequence[Fig] = ()) -> dict[str, Any]:
        """A finding's evidence fields: this figure's sentence, widened to those of ``span_of``."""
        start, end = self.m.sentence_start, self.m.sentence_end
        for other in span_of:
            start, end = min(start, other.m.sentence_start), max(end, other.m.sentence_end)
        return {"source": self.source, "sentence_start": start, "sentence_end": end,
                "sentence": self.doc.text[start:end]}


@dataclass(frozen=True)
class Context:
    """The audit's input. A check that runs per document gets a context of that document alone."""

    documents: tuple[Document, ...]
    figures: tuple[Fig, ...]
    targets: tuple[Target, ...]
    band: AboutBand
    tolerances: Tolerances
    taxonomy: Taxonomy = field(repr=False)

    @classmethod
    def build(cls, documents: Sequence[Document], targets: Sequence[Target], band: AboutBand,
              tolerances: Tolerances, taxonomy: Taxonomy) -> Context:
        figures = tuple(Fig(m, doc, org_of(doc), m.quantity.value) for doc in documents for m in doc.metrics
                        if m.quantity.value is not None)
        return cls(tuple(documents), figures, tuple(targets), band, tolerances, taxonomy)

    def of(self, doc: Document) -> Context:
        """This context narrowed to one document and its figures."""
        return Context((doc,), tuple(self._by_document.get(id(doc), ())), self.targets, self.band,
                       self.tolerances, self.taxonomy)

    # Indexes of the figures, built once: a check that looked through every figure for each target, document
    # or metric was quadratic in a body of hundreds of reports.
    @cached_property
    def _by_document(self) -> dict[int, list[Fig]]:
        return _grouped(self.figures, lambda f: id(f.doc))

    @cached_property
    def by_org_year(self) -> dict[tuple[str, int | None], list[Fig]]:
        """The figures of each body and year."""
        return _grouped(self.figures, lambda f: (f.org, f.m.year))

    @cached_property
    def by_metric(self) -> dict[str | None, list[Fig]]:
        """The figures of each metric id, in the order of ``figures``."""
        return _grouped(self.figures, lambda f: f.m.metric)

    @property
    def document(self) -> Document:
        """The document of a per-document context."""
        (doc,) = self.documents
        return doc

    def entry(self, metric: str | None) -> MetricDef | None:
        """The taxonomy's entry of ``metric``; none for a figure without one."""
        return self.taxonomy.entries.get(metric) if metric else None

    def label(self, metric: str | None) -> str | None:
        entry = self.entry(metric)
        return entry.label if entry else None

    @cached_property
    def readings(self) -> dict[tuple[str, int], Any]:
        """What a check read of a figure, by the check's name and the figure's ``id``: a figure is read once
        however many others it is compared with (the figures live as long as the context)."""
        return {}

    @cached_property
    def splits(self) -> dict[str, tuple[str, ...]]:
        """The entries that split into others (城乡…分别), with those others in order."""
        return {k: e.splits for k, e in self.taxonomy.entries.items() if e.splits}

    @cached_property
    def successors(self) -> dict[str, frozenset[str]]:
        """Each entry that another took over from (``formerly``), with the entries that did."""
        found: dict[str, set[str]] = {}
        for k, e in self.taxonomy.entries.items():
            for old in e.formerly:
                found.setdefault(old, set()).add(k)
        return {old: frozenset(new) for old, new in found.items()}

    @cached_property
    def level_growth_pairs(self) -> dict[str, str]:
        """Each level metric of the taxonomy whose growth has an entry too: ``x`` → ``x_growth``."""
        entries = self.taxonomy.entries
        return {k: f"{k}_growth" for k, e in entries.items() if e.measure == "amount" and f"{k}_growth" in entries}


def _grouped(figures: Sequence[Fig], key: Callable[[Fig], Any]) -> dict[Any, list[Fig]]:
    groups: dict[Any, list[Fig]] = {}
    for f in figures:
        groups.setdefault(key(f), []).append(f)
    return groups
