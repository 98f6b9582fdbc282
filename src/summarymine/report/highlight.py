"""The documents view: each text as written, every figure, subject and rejected candidate marked.

A figure is a ``<mark class="fig st-STATUS">`` carrying its contract fields as
``data-`` attributes, its subject a ``<span class="subj">``, a candidate set
aside a ``<span class="rej">`` with its reason; every sentence a figure or a
finding rests on is a ``<span class="sent" id="doc-N-sent-START">``. Spans may
nest but never cross: figures stay whole, the others give way.
"""
from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..audit.context import source_of
from ..results import Document
from ..statuses import STATUSES
from .html import attrs, clamp, e, number, year_span

STATUS_NAMES = {
    "achieved": "achieved 已完成", "in_progress": "in progress 推进中", "target": "target 目标",
    "planned": "planned 计划", "expected": "expected 预计", "requirement": "requirement 要求", "none": "no status",
}

# Nesting order when two spans cover the same text: the outer one first.
_SENTENCE, _SUBJECT, _FIGURE, _REJECTED = 0, 1, 2, 3


def documents_view(docs: list[Document], sentences: Mapping[str | None, list[tuple[int, int]]]) -> str:
    """Every document's section; ``sentences`` (by source) are those findings rest on, anchored too."""
    out = ['<section id="documents" class="view"><h2>Documents</h2>', legend()]
    for i, doc in enumerate(docs):
        out.append(render_document(doc, i, extra_sentences=sentences.get(source_of(doc), ())))
    out.append("</section>")
    return "\n".join(out)


def legend() -> str:
    chips = "".join(f'<span class="fig st-{s} chip">{e(STATUS_NAMES[s])}</span>' for s in (*STATUSES, "none"))
    return (f'<p class="legend">Figures by status: {chips} '
            '<span class="subj st-none chip">subject</span> '
            '<span class="rej chip rej-sample" data-kind="kind">rejected</span> '
            '<span class="hint">Click a figure for its reading.</span></p>')


def render_document(doc: Document, index: int, *, extra_sentences: Iterable[tuple[int, int]] = ()) -> str:
    """One document's section: its header and its text with every figure, subject and rejected candidate marked."""
    info = doc.info
    statuses = Counter(m.status or "none" for m in doc.metrics)
    status_text = " ".join(
        f'<span class="fig st-{s} chip">{e(s.replace("_", " "))} {statuses[s]}</span>'
        for s in (*STATUSES, "none") if statuses.get(s))
    meta = [info.org, str(info.year) if info.year is not None else None,
            (info.kind or "").replace("_", " ") or None, f"{info.chars} characters", info.script]
    heading = info.title or info.source or f"document {index + 1}"
    year_chip = f'<span class="year">{info.year}</span> ' if info.year is not None else ""
    source_note = f' <span class="sub">{e(info.source)}</span>' if info.source and info.source != heading else ""
    lang = {"traditional": "zh-Hant", "simplified": "zh-Hans"}.get(info.script, "zh")
    return (
        f'<article class="doc" id="doc-{index}" data-doc="{index}">'
        f'<header><h3>{year_chip}{e(heading)}{source_note}</h3>'
        f'<p class="meta">{e(" · ".join(m for m in meta if m))}</p>'
        f'<p class="meta">{len(doc.metrics)} figures: {status_text}'
        f'<span class="rej-count"> · {len(_rejected(doc))} rejected candidates</span></p></header>'
        f'<div class="text" lang="{lang}">{_highlight(doc, index, extra_sentences)}</div></article>'
    )


@dataclass
class _Span:
    start: int
    end: int
    layer: int
    open: str
    close: str
    anchor: str | None = None  # an id that must sit at the original start, whatever clipping does


def _highlight(doc: Document, index: int, extra_sentences: Iterable[tuple[int, int]] = ()) -> str:
    text = doc.text
    n = len(text)
    figures: list[_Span] = []
    for m in doc.metrics:
        d = m.to_dict()
        status = d["status"] or "none"
        fields = {"id": f"doc-{index}-{d['id']}", "class": f"fig st-{status}", "tabindex": "0", "data-doc": index}
        for key, value in d.items():
            if key != "text":
                fields["data-" + key.replace("_", "-")] = value
        fields["title"] = _figure_title(d)
        figures.append(_Span(clamp(d["start"], n), clamp(d["end"], n), _FIGURE, f"<mark{attrs(fields)}>",
                             "</mark>"))

    subjects: dict[tuple[int, int], list[Any]] = {}
    for m in doc.metrics:
        if m.subject_start is not None and m.subject_end is not None and m.subject_end > m.subject_start:
            subjects.setdefault((clamp(m.subject_start, n), clamp(m.subject_end, n)), []).append(m)
    subject_spans = []
    for (start, end), ms in subjects.items():
        fields = {"class": f"subj st-{ms[0].status or 'none'}", "data-for": " ".join(m.id for m in ms)}
        subject_spans.append(_Span(start, end, _SUBJECT, f"<span{attrs(fields)}>", "</span>"))

    rejected_spans = []
    for q in _rejected(doc):
        fields = {"class": "rej", "data-kind": q.kind, "data-reason": q.reason,
                 "title": f"rejected ({q.kind}): {q.reason or ''}"}
        rejected_spans.append(_Span(clamp(q.start, n), clamp(q.end, n), _REJECTED, f"<span{attrs(fields)}>",
                                    "</span>"))

    sentence_ends: dict[int, int] = {}
    for start, end in [(m.sentence_start, m.sentence_end) for m in doc.metrics] + list(extra_sentences):
        start, end = clamp(start, n), clamp(end, n)
        sentence_ends[start] = max(end, sentence_ends.get(start, start))
    sentence_spans = [
        _Span(start, end, _SENTENCE, "", "</span>", anchor=f"doc-{index}-sent-{start}")
        for start, end in sorted(sentence_ends.items())]

    # Figures are never clipped; the rest give way, in this order, so that no two spans cross.
    placed: list[_Span] = []
    for group in (figures, rejected_spans, subject_spans, sentence_spans):
        for span in group:
            _clip(span, placed)
            if span.end > span.start or span.layer == _FIGURE:
                placed.append(span)
            elif span.anchor:
                placed.append(span)  # an empty sentence still needs its anchor
    return _emit(text, placed)


def _clip(span: _Span, placed: list[_Span]) -> None:
    """Shrink ``span`` until it crosses none of ``placed`` (nesting either way is fine)."""
    # Only spans overlapping it can cross it, and shrinking makes no new overlap: a document has hundreds.
    near = [other for other in placed if other.start < span.end and span.start < other.end]
    changed = True
    while changed and span.end > span.start:
        changed = False
        for other in near:
            a, b = other.start, other.end
            if a < span.start < b < span.end:
                span.start = b
                changed = True
            elif span.start < a < span.end < b:
                span.end = a
                changed = True
            if span.end <= span.start:
                break


def _emit(text: str, spans: list[_Span]) -> str:
    opens: dict[int, list[_Span]] = defaultdict(list)
    anchors: dict[int, list[str]] = defaultdict(list)
    for span in spans:
        if span.layer == _SENTENCE and span.anchor is not None:
            original = int(span.anchor.rsplit("-", 1)[1])
            if span.start == original and span.end > span.start:
                span.open = f'<span class="sent" id="{span.anchor}">'
            else:
                anchors[original].append(f'<span class="sent-anchor" id="{span.anchor}"></span>')
                if span.end <= span.start:
                    continue
                span.open = '<span class="sent">'
        opens[span.start].append(span)
    # Outer first: the longer span, then by layer.
    for group in opens.values():
        group.sort(key=lambda s: (-(s.end - s.start), s.layer))

    def escaped(chunk: str) -> str:
        return _BLANK_RUN.sub(_fold_blank_run, html.escape(chunk, quote=False))

    out: list[str] = []
    stack: list[_Span] = []
    positions = sorted(set(opens) | set(anchors) | {s.end for s in spans} | {0, len(text)})
    cursor = 0
    for pos in positions:
        if pos > cursor:
            out.append(escaped(text[cursor:pos]))
            cursor = pos
        while stack and stack[-1].end <= pos:
            out.append(stack.pop().close)
        out.extend(anchors.get(pos, ()))
        for span in opens.get(pos, ()):
            out.append(span.open)
            if span.end <= span.start:
                out.append(span.close)
            else:
                stack.append(span)
    out.append(escaped(text[cursor:]))
    while stack:
        out.append(stack.pop().close)
    return "".join(out)


# Three or more line breaks with nothing but spaces between them: the page shows two.
_BLANK_RUN = re.compile(r"\n(?:[^\S\n]*\n){2,}")


def _fold_blank_run(m: re.Match[str]) -> str:
    run = m.group(0)
    second = run.index("\n", 1) + 1
    return f'{run[:second]}<span class="gap">{run[second:]}</span>'


def _rejected(doc: Document) -> list[Any]:
    """The rejected candidates, once per span (the pipeline may list one twice)."""
    seen, out = set(), []
    for q in doc.rejected:
        key = (q.start, q.end)
        if key not in seen and q.end > q.start:
            seen.add(key)
            out.append(q)
    return out


def _figure_title(d: dict[str, Any]) -> str:
    upper = f" – {number(d['value_max'])}" if d.get("value_max") is not None else ""
    bits = [f"{d['text']} = {number(d['value'])}{upper} {d['unit'] or ''}".rstrip()]
    if d.get("approx") and d["approx"] != "exact":
        bits.append(d["approx"])
    if d.get("subject"):
        bits.append(f"subject: {d['subject']}")
    if d.get("metric"):
        bits.append(f"metric: {d['metric']}")
    bits.append(f"status: {d.get('status') or 'none'}")
    return " · ".join(bits)


def default_title(docs: list[Document]) -> str:
    """The bodies and years of the documents, as a page's title."""
    orgs = sorted({d.info.org for d in docs if d.info.org})
    span = year_span(d.info.year for d in docs)
    span = f" {span}" if span else ""
    if len(orgs) == 1:
        return f"{orgs[0]}{span} · summarymine report"
    return f"summarymine report{span}"


def short_label(doc: Document) -> str:
    """A document in a few words: its year and its body, title or source."""
    info = doc.info
    bits = [str(info.year) if info.year is not None else None, info.org or info.title or info.source]
    return " ".join(b for b in bits if b) or "document"
