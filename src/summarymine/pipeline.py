"""``extract``: text in, ``Document`` out, through the stages in order.

normalize → quantities (candidates, classified) → attribution → metadata.
The spaCy component and the CLI call this; they add no logic of their own.
"""
from __future__ import annotations

from .attribution import attribute, segmenter, vocabulary
from .metadata import describe
from .normalize import normalize
from .quantities import grammar, quantities
from .results import Document


def extract(text: str, *, source: str | None = None, year: int | None = None, org: str | None = None) -> Document:
    """Every figure of one document, read and attributed, as the output contract's ``Document``."""
    if not isinstance(text, str):
        raise TypeError(f"extract() takes the document's text as str, not {type(text).__name__}")
    norm = normalize(text)
    found = quantities(text, normalized=norm)
    figures = [q for q in found if q.is_figure]
    rejected = tuple(q for q in found if not q.is_figure)
    info = describe(text, norm, source=source, year=year, org=org)
    metrics = attribute(text, norm, figures)
    return Document(text=text, info=info, metrics=tuple(metrics), rejected=rejected)


def warm_up() -> None:
    """Load the lexicons and the segmenter now rather than on the first document."""
    grammar()
    vocabulary()
    segmenter()
