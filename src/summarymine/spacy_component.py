"""The spaCy door to the same pipeline ``extract`` runs.

``spacy.blank("zh").add_pipe("summarymine")`` puts each figure in
``doc.spans["summarymine"]``; every field of the output contract is a span
extension (``span._.value``, ``span._.subject`` …, and the whole record as
``span._.summarymine``), the document record is ``doc._.summarymine``.
spaCy imports this module whenever it creates a pipeline, so it imports
nothing heavy; lexicons and the segmenter load once, in the factory.
"""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

CONTRACT_FIELDS = (
    "text", "value", "value_max", "unit", "unit_category", "approx", "measure", "subject",
    "subject_start", "subject_end", "metric", "metric_label", "status", "parent", "as_of",
    "sentence_start", "sentence_end", "confidence",
)


def _register_extensions() -> None:
    if not Span.has_extension("summarymine"):
        Span.set_extension("summarymine", default=None)
    if not Doc.has_extension("summarymine"):
        Doc.set_extension("summarymine", default=None)
    for field in CONTRACT_FIELDS:
        # A field another component already owns stays reachable as span._.summarymine[field].
        if field != "text" and not Span.has_extension(field):
            Span.set_extension(field, getter=_field_getter(field))


def _field_getter(field: str):  # noqa: ANN202 - a spaCy getter
    def getter(span: Span) -> Any:
        record = span._.summarymine
        return record.get(field) if record else None
    return getter


@Language.factory(
    "summarymine",
    default_config={"spans_key": "summarymine", "label": "FIGURE"},
    assigns=["doc.spans", "doc._.summarymine", "span._.summarymine"],
)
def make_summarymine(nlp: Language, name: str, spans_key: str, label: str) -> "SummaryMine":
    return SummaryMine(name=name, spans_key=spans_key, label=label)


class SummaryMine:
    """Finds the figures of a document and annotates them as spans."""

    def __init__(self, *, name: str = "summarymine", spans_key: str = "summarymine", label: str = "FIGURE") -> None:
        from .pipeline import extract, warm_up

        self.name, self.spans_key, self.label = name, spans_key, label
        self._extract = extract
        warm_up()
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        result = self._extract(doc.text)
        spans = []
        for metric in result.metrics:
            record = metric.to_dict()
            span = doc.char_span(record["start"], record["end"], label=self.label, alignment_mode="expand")
            if span is None:
                continue
            span._.summarymine = record
            spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.summarymine = result.info.to_dict()
        return doc
