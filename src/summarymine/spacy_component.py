"""The spaCy door to the same pipeline ``extract`` runs.

``spacy.blank("zh").add_pipe("summarymine")`` puts each figure in ``doc.spans["summarymine"]``,
labelled by what it measures (``AMOUNT``, ``GROWTH``, ``SHARE``, ``COMPLETION``, so displaCy shows
them); every field of the output contract is a span extension (``span._.value``, ``span._.id`` …,
and the whole record as ``span._.summarymine``), the document record is ``doc._.summarymine``.
A document that breaks extraction goes to the pipeline's error handler, as with spaCy's own
components (``nlp.set_error_handler``). spaCy imports this module whenever it creates a pipeline,
so it imports nothing heavy; lexicons and the segmenter load once, in the factory.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from .errors import SummarymineWarning
from .extras import needs

with needs("spacy", "the spaCy component"):
    from spacy.language import Language
    from spacy.pipeline import Pipe
    from spacy.tokens import Doc, Span

from .results import METRIC_FIELDS


def _register_extensions() -> None:
    if not Span.has_extension("summarymine"):
        Span.set_extension("summarymine", default=None)
    if not Doc.has_extension("summarymine"):
        Doc.set_extension("summarymine", default=None)
    for field in METRIC_FIELDS:
        if not Span.has_extension(field):
            Span.set_extension(field, getter=_field_getter(field))
            continue
        _, _, getter, _ = Span.get_extension(field)
        if getattr(getter, "summarymine_field", None) != field:
            warnings.warn(f"span._.{field} is registered by another component and left to it; "
                          f"summarymine's {field} is span._.summarymine[{field!r}]", SummarymineWarning, stacklevel=3)


def _field_getter(field: str) -> Callable[[Span], Any]:
    def getter(span: Span) -> Any:
        record = span._.summarymine
        return record.get(field) if record else None
    getter.summarymine_field = field  # type: ignore[attr-defined]  # marks the extension as ours
    return getter


@Language.factory(
    "summarymine",
    default_config={"spans_key": "summarymine"},
    assigns=["doc.spans", "doc._.summarymine", "span._.summarymine"],
)
def make_summarymine(nlp: Language, name: str, spans_key: str) -> SummaryMine:  # noqa: ARG001 - spaCy's signature
    return SummaryMine(name=name, spans_key=spans_key)


class SummaryMine(Pipe):
    """Finds the figures of a document and annotates them as spans.

    A ``Pipe`` for what spaCy's own components share: ``nlp.pipe`` hands a document that raises to
    the error handler (``set_error_handler``), which by default raises.
    """

    def __init__(self, *, name: str = "summarymine", spans_key: str = "summarymine") -> None:
        from .pipeline import extract, warm_up

        self.name, self.spans_key = name, spans_key
        self._extract = extract
        warm_up()
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        result = self._extract(doc.text)
        spans = []
        for metric in result.metrics:
            record = metric.to_dict()
            span = doc.char_span(record["start"], record["end"], label=record["measure"].upper(),
                                 alignment_mode="expand")
            if span is None:
                continue
            span._.summarymine = record
            spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.summarymine = result.info.to_dict()
        return doc
