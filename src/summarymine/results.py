"""The result types of the output contract ``summarymine.document/1``."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .quantities import Quantity, json_number

SCHEMA = "summarymine.document/1"
# A figure's fields in the contract, in order: the keys of ``Metric.to_dict`` (the spaCy component's
# span extensions are these).
METRIC_FIELDS = (
    "id", "text", "start", "end", "value", "value_max", "unit", "unit_category", "currency", "approx", "measure",
    "subject", "subject_start", "subject_end", "metric", "metric_label", "key", "status", "parent", "as_of",
    "sentence_start", "sentence_end", "confidence", "year",
)


@dataclass(frozen=True)
class Metric:
    """A figure the document reports, with what it counts and how it stands."""

    id: str
    quantity: Quantity
    measure: str
    subject: str | None
    subject_start: int | None
    subject_end: int | None
    status: str | None
    parent: str | None
    as_of: str | None
    sentence_start: int
    sentence_end: int
    confidence: float
    metric: str | None = None
    metric_label: str | None = None
    # Not in the contract: what the taxonomy matched, or why nothing was, for --explain.
    metric_reason: str | None = field(default=None, compare=False)
    # The part of the text the figure stands in: "review" of the year reported on, "plan" for the
    # year ahead, or "span" for figures about several years (年均, 五年来) and baselines (从…增加到);
    # "span_end" for a level reached where a look back over several years ends (the year reported on).
    section: str = "review"
    year: int | None = None
    # What lines the figure up with the same indicator elsewhere: the metric id, or the indicator
    # phrase of its subject (keys.py).
    key: str | None = None

    @property
    def value(self) -> Decimal | None:
        return self.quantity.value

    def to_dict(self) -> dict[str, Any]:
        q = self.quantity
        return {
            "id": self.id,
            "text": q.text, "start": q.start, "end": q.end,
            "value": json_number(q.value), "value_max": json_number(q.value_max),
            "unit": q.unit, "unit_category": q.unit_category, "currency": q.currency,
            "approx": q.approx, "measure": self.measure,
            "subject": self.subject, "subject_start": self.subject_start, "subject_end": self.subject_end,
            "metric": self.metric, "metric_label": self.metric_label, "key": self.key,
            "status": self.status, "parent": self.parent, "as_of": self.as_of,
            "sentence_start": self.sentence_start, "sentence_end": self.sentence_end,
            "confidence": round(self.confidence, 3),
            "year": self.year,
        }


@dataclass(frozen=True)
class DocumentInfo:
    """What a document is. ``year`` is the year it reports on; ``period`` that year (``"2017"``) or
    the part of it the document covers (``"2017-Q1"``, ``"2016-H1"``, ``"2024-H2"``, ``"2016-Q1-Q3"``),
    null without a year."""

    source: str | None
    sha256: str
    title: str | None
    org: str | None
    year: int | None
    kind: str | None
    script: str
    chars: int
    period: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "sha256": self.sha256, "title": self.title, "org": self.org,
            "year": self.year, "period": self.period, "kind": self.kind, "script": self.script, "chars": self.chars,
        }


@dataclass(frozen=True)
class Document:
    """One document's figures; ``to_dict`` is the contract, ``rejected`` what was set aside and why."""

    text: str
    info: DocumentInfo
    metrics: tuple[Metric, ...]
    rejected: tuple[Quantity, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "document": self.info.to_dict(), "metrics": [m.to_dict() for m in self.metrics]}

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
