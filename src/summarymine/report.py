"""One self-contained HTML file to look at what summarymine read.

``render_report(documents)`` returns the page as a string, ``write_report(path,
documents)`` writes it. Three views, one page (so that links between them work
and it prints as one):

* **Across years**: per body, a chart per metric stated for two or more years
  (results as a line, targets as hollow diamonds beside them), and the
  comparison table (``compare``) with change and growth, sortable by clicking a
  header.
* **Audit**: the findings of ``audit``, coloured by verdict, each linking to
  the sentence it rests on (``#doc-N-sent-START``) and to its figures.
* **Documents**: each text as written, every figure a ``<mark class="fig">``
  coloured by status and carrying its contract fields as ``data-`` attributes
  (``data-value``, ``data-subject``, ``data-metric``, ``data-parent`` …), its
  subject underlined; a click shows a panel with the figure's reading.
  Candidates set aside (``Document.rejected``) show, greyed with their reason,
  when "show rejected" is ticked.

The page makes no request: styles and the small script are inlined, the charts
are SVG drawn here, no font or image is fetched. A Content-Security-Policy
allows only the page's own script (by its hash), so even text that escaped
escaping could not run. All text that comes from a document (the text, titles,
subjects, messages) is escaped.

Anchors: ``doc-N`` (a document, N its position in the list given),
``doc-N-ID`` (a figure, ID its contract ``id``), ``doc-N-sent-START`` (the
sentence or clause starting at offset START, for every sentence a figure or a
finding rests on).
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import write_error
from .results import Document

STATUSES = ("achieved", "in_progress", "target", "planned", "expected", "requirement")
STATUS_NAMES = {
    "achieved": "achieved 已完成", "in_progress": "in progress 推进中", "target": "target 目标",
    "planned": "planned 计划", "expected": "expected 预计", "requirement": "requirement 要求", "none": "no status",
}
VERDICT_CLASS = {
    "met": "good", "exceeded": "good", "consistent": "good",
    "missed": "bad", "inconsistent": "bad",
    "not_comparable": "warn", "revision": "warn",
    "not_reported": "none",
}
VERDICT_ORDER = ("exceeded", "met", "missed", "not_comparable", "not_reported", "consistent", "inconsistent",
                 "revision")
TARGET_STATUSES = frozenset({"target", "planned", "expected"})

# Nesting order when two spans cover the same text: the outer one first.
_SENTENCE, _SUBJECT, _FIGURE, _REJECTED = 0, 1, 2, 3


def render_report(documents: Iterable[Document], *, audit: Any = None, comparison: Any = None,
                  title: str | None = None) -> str:
    """The report of the documents as one HTML page.

    ``audit`` is an ``Audit`` (or its ``to_dict()``); ``None`` runs ``audit``
    on the documents, ``False`` leaves the audit view out. ``comparison`` is a
    ``Comparison`` (or a long table like its ``table``); ``None`` runs
    ``compare``, ``False`` leaves the cross-year view out.
    """
    docs = list(documents)
    if audit is None:
        audit = _run_audit(docs)
    if comparison is None:
        from .compare import compare

        comparison = compare(docs)
    findings = _findings(audit) if audit is not False else None
    table = _comparison_rows(comparison) if comparison is not False else None
    sources = {_source(doc): i for i, doc in enumerate(docs)}
    title = title or _default_title(docs)

    # Sentences that findings rest on get anchors as well as those of the figures.
    finding_sentences: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for f in findings or ():
        i = sources.get(f.get("source"))
        if i is not None and f.get("sentence_start") is not None and f.get("sentence_end") is not None:
            finding_sentences[i].append((f["sentence_start"], f["sentence_end"]))

    parts = [_header(docs, findings, table, title)]
    if table is not None:
        parts.append(_years_view(table, sources))
    if findings is not None:
        parts.append(_audit_view(findings, sources))
    parts.append(_documents_view(docs, finding_sentences))
    body = "\n".join(parts)
    return _page(title, body)


def write_report(path: str | Path, documents: Iterable[Document], **kw: Any) -> Path:
    """Write ``render_report(documents, **kw)`` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    page = render_report(documents, **kw)
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise write_error(path, exc) from None
    return path


# --------------------------------------------------------------------------------------------------
# The page


def _asset(name: str) -> str:
    return resources.files("summarymine").joinpath("report_assets", name).read_text(encoding="utf-8")


def _page(title: str, body: str) -> str:
    css, js = _asset("report.css"), _asset("report.js")
    script_hash = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{script_hash}'; style-src 'unsafe-inline'; img-src data:; "
           "font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"summarymine\">\n"
        f"<title>{_e(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n{body}\n"
        "<aside id=\"panel\" class=\"panel\" hidden aria-live=\"polite\">"
        "<button type=\"button\" class=\"panel-close\" aria-label=\"close\">×</button>"
        "<div class=\"panel-body\"></div></aside>\n"
        f"<script>{js}</script>\n</body>\n</html>\n"
    )


def _header(docs: list[Document], findings: list[dict] | None, table: list[dict] | None, title: str) -> str:
    n_figures = sum(len(d.metrics) for d in docs)
    years = sorted({d.info.year for d in docs if d.info.year is not None})
    orgs = sorted({d.info.org for d in docs if d.info.org})
    facts = [f"{len(docs)} document{'s' if len(docs) != 1 else ''}", f"{n_figures} figures"]
    if years:
        facts.append(f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]))
    if orgs:
        facts.append("、".join(orgs[:4]) + (f" and {len(orgs) - 4} more" if len(orgs) > 4 else ""))
    links = []
    if table is not None:
        links.append('<a href="#years">Across years</a>')
    if findings is not None:
        links.append(f'<a href="#audit">Audit <span class="count">{len(findings)}</span></a>')
    links.append('<a href="#documents">Documents</a>')
    doc_links = "".join(
        f'<li><a href="#doc-{i}">{_e(_doc_short(d))}</a></li>' for i, d in enumerate(docs))
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<nav class="top" aria-label="views">'
        f'<span class="brand">{_e(title)}</span>{"".join(links)}'
        f'<details class="doclist"><summary>{len(docs)} documents</summary><ol>{doc_links}</ol></details>'
        '<label class="toggle"><input type="checkbox" id="show-rejected"> show rejected</label>'
        '</nav>\n'
        f'<header class="intro"><h1>{_e(title)}</h1><p class="facts">{_e(" · ".join(facts))}</p>'
        f'<p class="generated">made by summarymine on {generated}</p></header>'
    )


def _default_title(docs: list[Document]) -> str:
    orgs = sorted({d.info.org for d in docs if d.info.org})
    years = sorted({d.info.year for d in docs if d.info.year is not None})
    span = (f" {years[0]}–{years[-1]}" if len(years) > 1 else f" {years[0]}") if years else ""
    if len(orgs) == 1:
        return f"{orgs[0]}{span} · summarymine report"
    return f"summarymine report{span}"


def _doc_short(doc: Document) -> str:
    info = doc.info
    bits = [str(info.year) if info.year is not None else None, info.org or info.title or info.source]
    return " ".join(b for b in bits if b) or "document"


# --------------------------------------------------------------------------------------------------
# Documents view


def _documents_view(docs: list[Document], finding_sentences: Mapping[int, list[tuple[int, int]]]) -> str:
    out = ['<section id="documents" class="view"><h2>Documents</h2>', _legend()]
    for i, doc in enumerate(docs):
        out.append(render_document(doc, i, extra_sentences=finding_sentences.get(i, ())))
    out.append("</section>")
    return "\n".join(out)


def _legend() -> str:
    chips = "".join(f'<span class="fig st-{s} chip">{_e(STATUS_NAMES[s])}</span>' for s in (*STATUSES, "none"))
    return (f'<p class="legend">Figures by status: {chips} '
            '<span class="subj st-none chip">subject</span> '
            '<span class="rej chip rej-sample" data-kind="kind">rejected</span> '
            '<span class="hint">Click a figure for its reading.</span></p>')


def render_document(doc: Document, index: int, *, extra_sentences: Iterable[tuple[int, int]] = ()) -> str:
    """One document's section: its header and its text with every figure, subject and rejected candidate marked."""
    info = doc.info
    statuses = Counter(m.status or "none" for m in doc.metrics)
    status_text = " ".join(
        f'<span class="fig st-{s} chip">{_e(s.replace("_", " "))} {statuses[s]}</span>'
        for s in (*STATUSES, "none") if statuses.get(s))
    meta = [info.org, str(info.year) if info.year is not None else None,
            (info.kind or "").replace("_", " ") or None, f"{info.chars} characters", info.script]
    heading = info.title or info.source or f"document {index + 1}"
    year_chip = f'<span class="year">{info.year}</span> ' if info.year is not None else ""
    source_note = f' <span class="sub">{_e(info.source)}</span>' if info.source and info.source != heading else ""
    lang = {"traditional": "zh-Hant", "simplified": "zh-Hans"}.get(info.script, "zh")
    return (
        f'<article class="doc" id="doc-{index}" data-doc="{index}">'
        f'<header><h3>{year_chip}{_e(heading)}{source_note}</h3>'
        f'<p class="meta">{_e(" · ".join(m for m in meta if m))}</p>'
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
        attrs = {"id": f"doc-{index}-{d['id']}", "class": f"fig st-{status}", "tabindex": "0", "data-doc": index}
        for key, value in d.items():
            if key != "text":
                attrs["data-" + key.replace("_", "-")] = value
        attrs["title"] = _figure_title(d)
        figures.append(_Span(_clamp(d["start"], n), _clamp(d["end"], n), _FIGURE, f"<mark{_attrs(attrs)}>", "</mark>"))

    subjects: dict[tuple[int, int], list[Any]] = {}
    for m in doc.metrics:
        if m.subject_start is not None and m.subject_end is not None and m.subject_end > m.subject_start:
            subjects.setdefault((_clamp(m.subject_start, n), _clamp(m.subject_end, n)), []).append(m)
    subject_spans = []
    for (s, e), ms in subjects.items():
        attrs = {"class": f"subj st-{ms[0].status or 'none'}", "data-for": " ".join(m.id for m in ms)}
        subject_spans.append(_Span(s, e, _SUBJECT, f"<span{_attrs(attrs)}>", "</span>"))

    rejected_spans = []
    for q in _rejected(doc):
        attrs = {"class": "rej", "data-kind": q.kind, "data-reason": q.reason,
                 "title": f"rejected ({q.kind}): {q.reason or ''}"}
        rejected_spans.append(_Span(_clamp(q.start, n), _clamp(q.end, n), _REJECTED, f"<span{_attrs(attrs)}>", "</span>"))

    sentence_ends: dict[int, int] = {}
    for s, e in [(m.sentence_start, m.sentence_end) for m in doc.metrics] + list(extra_sentences):
        if s is None or e is None:
            continue
        s, e = _clamp(s, n), _clamp(e, n)
        sentence_ends[s] = max(e, sentence_ends.get(s, s))
    sentence_spans = [
        _Span(s, e, _SENTENCE, "", "</span>", anchor=f"doc-{index}-sent-{s}")
        for s, e in sorted(sentence_ends.items())]

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
    changed = True
    while changed and span.end > span.start:
        changed = False
        for other in placed:
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
        if span.layer == _SENTENCE:
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


def _fold_blank_run(m: re.Match) -> str:
    run = m.group(0)
    second = run.index("\n", 1) + 1
    return f'{run[:second]}<span class="gap">{run[second:]}</span>'


def _rejected(doc: Document) -> list[Any]:
    """The rejected candidates, once per span (the pipeline may list one twice)."""
    seen, out = set(), []
    for q in getattr(doc, "rejected", ()) or ():
        key = (q.start, q.end)
        if key not in seen and q.end > q.start:
            seen.add(key)
            out.append(q)
    return out


def _figure_title(d: dict) -> str:
    bits = [f"{d['text']} = {_number(d['value'])}{' – ' + _number(d['value_max']) if d.get('value_max') is not None else ''}"
            f" {d['unit'] or ''}".rstrip()]
    if d.get("approx") and d["approx"] != "exact":
        bits.append(d["approx"])
    if d.get("subject"):
        bits.append(f"subject: {d['subject']}")
    if d.get("metric"):
        bits.append(f"metric: {d['metric']}")
    bits.append(f"status: {d.get('status') or 'none'}")
    return " · ".join(bits)


# --------------------------------------------------------------------------------------------------
# Cross-year view


def _comparison_rows(comparison: Any) -> list[dict]:
    table = getattr(comparison, "table", comparison)
    if table is None:
        return []
    if hasattr(table, "to_dict"):
        from .compare import to_records

        return to_records(table)
    return [dict(r) for r in table]


def _years_view(rows: list[dict], sources: Mapping[str, int]) -> str:
    out = ['<section id="years" class="view"><h2>Across years</h2>']
    if not rows:
        out.append('<p class="empty">No figure is mapped to a metric with a year, so there is nothing to line up.</p>')
    by_org: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_org[r.get("org") or "(no body named)"].append(r)
    # Bodies with the longest series first; within a body, the metrics with the most years of results first.
    def years_of(rows: list[dict], kind: str | None = None) -> set[int]:
        return {int(r["year"]) for r in rows if r.get("year") is not None and (kind is None or r.get("kind") == kind)}

    orgs = sorted(by_org.items(), key=lambda kv: (-len(years_of(kv[1])), -len(kv[1]), kv[0]))
    for k, (org, org_rows) in enumerate(orgs):
        series: dict[tuple, list[dict]] = defaultdict(list)
        for r in org_rows:
            if r.get("value") is not None and r.get("year") is not None:
                series[(r.get("metric"), r.get("unit"))].append(r)
        drawn = [(key, srows) for key, srows in series.items() if len(years_of(srows)) >= 2]
        drawn.sort(key=lambda kv: (-len(years_of(kv[1], "result")), -len(years_of(kv[1])), str(kv[0][0]), str(kv[0][1])))
        charts = [_chart(metric, unit, srows, sources) for (metric, unit), srows in drawn]
        years = sorted(years_of(org_rows))
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
        out.append(f'<section class="org" id="org-{k}"><h3>{_e(org)} <span class="sub">{_e(span)} · '
                   f'{len(org_rows)} figures in the comparison · {len(charts)} metrics over two years or more</span></h3>')
        if charts:
            out.append(f'<div class="charts">{"".join(charts)}</div>')
        else:
            out.append('<p class="empty">No metric of this body is stated for two different years.</p>')
        out.append(_comparison_table(org_rows, sources))
        out.append("</section>")
    out.append("</section>")
    return "\n".join(out)


def _scale(values: list[float], unit: str | None) -> tuple[float, str]:
    """A divisor and a unit label for the axis: 亿元 for billions of 元, 万人 for tens of thousands of 人."""
    unit = unit or ""
    if unit in ("%", "百分点", "‰") or not values:
        return 1.0, unit
    top = max(abs(v) for v in values)
    if top >= 1e8:
        return 1e8, "亿" + unit
    if top >= 1e5:
        return 1e4, "万" + unit
    return 1.0, unit


def _nice_ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    ticks = []
    t = first
    while t < hi + step * 0.999:
        ticks.append(round(t, 10))
        t += step
    return ticks


def _short(v: float) -> str:
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}"
    a = abs(v)
    text = f"{v:,.1f}" if a >= 100 else f"{v:,.2f}" if a >= 1 else f"{v:.3g}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _chart(metric: str | None, unit: str | None, rows: list[dict], sources: Mapping[str, int]) -> str:
    W, H, L, R, T, B = 320, 176, 46, 26, 20, 26
    label = rows[0].get("metric_label") or metric or "metric"
    raw = [float(r["value"]) for r in rows] + [float(r["value_max"]) for r in rows if r.get("value_max") is not None]
    div, axis_unit = _scale(raw, unit)
    scaled = [v / div for v in raw]
    lo, hi = min(0.0, *scaled), max(0.0, *scaled)
    ticks = _nice_ticks(lo, hi)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    years = sorted({int(r["year"]) for r in rows})
    y0, y1 = years[0], years[-1]

    def x(year: int, shift: float = 0.0) -> float:
        return L + 14 + (year - y0) / max(1, y1 - y0) * (W - L - R - 28) + shift

    def y(v: float) -> float:
        return T + (hi - v) / (hi - lo) * (H - T - B)

    parts = [f'<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
             f'aria-label="{_e(label)} ({_e(axis_unit)}), {y0}–{y1}" xmlns="http://www.w3.org/2000/svg">']
    for t in ticks:
        yy = y(t)
        parts.append(f'<line class="grid{" zero" if t == 0 else ""}" x1="{L}" x2="{W - R}" y1="{yy:.1f}" y2="{yy:.1f}"/>'
                     f'<text class="tick" x="{L - 5}" y="{yy + 3.5:.1f}" text-anchor="end">{_e(_short(t))}</text>')
    step = 1 if y1 - y0 < 7 else 2
    for year in range(y0, y1 + 1, step):
        parts.append(f'<text class="tick" x="{x(year):.1f}" y="{H - B + 16}" text-anchor="middle">{year}</text>')
    parts.append(f'<text class="unit" x="{L - 5}" y="{T - 9}" text-anchor="end">{_e(axis_unit)}</text>')

    results = sorted((r for r in rows if r.get("kind") != "target"), key=lambda r: int(r["year"]))
    targets = sorted((r for r in rows if r.get("kind") == "target"), key=lambda r: int(r["year"]))
    shift = 7.0 if results and targets else 0.0
    result_years = {int(r["year"]) for r in results}
    if targets:
        points = " ".join(f"{x(int(r['year']), shift):.1f},{y(float(r['value']) / div):.1f}" for r in targets)
        if len(targets) > 1:
            parts.append(f'<polyline class="target-line" points="{points}"/>')
    if len(results) > 1:
        points = " ".join(f"{x(int(r['year'])):.1f},{y(float(r['value']) / div):.1f}" for r in results)
        parts.append(f'<polyline class="result-line" points="{points}"/>')
    label_all = len(results) <= 6
    for n, r in enumerate(results):
        cx, cy = x(int(r["year"])), y(float(r["value"]) / div)
        point = f'<circle class="result" cx="{cx:.1f}" cy="{cy:.1f}" r="3.5"/>'
        parts.append(_linked(point, r, sources))
        if label_all or n in (0, len(results) - 1):
            parts.append(f'<text class="value" x="{cx:.1f}" y="{cy - 7:.1f}" text-anchor="middle">'
                         f'{_e(_short(float(r["value"]) / div))}</text>')
    for r in targets:
        cx, cy = x(int(r["year"]), shift), y(float(r["value"]) / div)
        shape = ""
        if r.get("value_max") is not None:
            cy2 = y(float(r["value_max"]) / div)
            shape += f'<line class="target-range" x1="{cx:.1f}" x2="{cx:.1f}" y1="{cy:.1f}" y2="{cy2:.1f}"/>'
        shape += (f'<path class="target" d="M{cx:.1f} {cy - 5:.1f}L{cx + 5:.1f} {cy:.1f}L{cx:.1f} {cy + 5:.1f}'
                  f'L{cx - 5:.1f} {cy:.1f}Z"/>')
        parts.append(_linked(shape, r, sources))
        if not result_years or int(r["year"]) > max(result_years):  # the years ahead; others show on hover
            value = _short(float(r["value"]) / div)
            if r.get("value_max") is not None:
                value += "–" + _short(float(r["value_max"]) / div)
            parts.append(f'<text class="value target-value" x="{cx + 7:.1f}" y="{cy + 3.5:.1f}" text-anchor="start">'
                         f'{_e(value)}</text>')
    parts.append("</svg>")
    legend = []
    if results:
        legend.append('<span class="key key-result">result</span>')
    if targets:
        legend.append('<span class="key key-target">target</span>')
    return (f'<figure class="chart-card"><figcaption><span class="label">{_e(label)}</span> '
            f'<code>{_e(metric or "")}</code></figcaption>{"".join(parts)}'
            f'<div class="keys">{"".join(legend)}</div></figure>')


def _linked(shape: str, r: dict, sources: Mapping[str, int]) -> str:
    what = "target" if r.get("kind") == "target" else "result"
    tip = (f"{r['year']} {what}: {r.get('text') or _number(r['value'])}"
           f"{' (' + r['approx'] + ')' if r.get('approx') not in (None, 'exact') else ''}"
           f" — {r.get('subject') or ''} [{r.get('source') or ''}]")
    i = sources.get(r.get("source"))
    inner = f"<title>{_e(tip)}</title>{shape}"
    if i is None or r.get("id") is None:
        return f"<g>{inner}</g>"
    return f'<a href="#doc-{i}-{_e(str(r["id"]))}">{inner}</a>'


def _comparison_table(rows: list[dict], sources: Mapping[str, int]) -> str:
    head = [("Metric", "text"), ("Year", "num"), ("Kind", "text"), ("Value", "num"), ("Unit", "text"),
            ("Hedge", "text"), ("Change", "num"), ("Growth %", "num"), ("As written", "text"), ("Source", "text")]
    ordered = sorted(rows, key=lambda r: (str(r.get("metric")), str(r.get("unit")), str(r.get("kind")),
                                          r.get("year") or 0))
    out = [f'<details class="table-box" open><summary>Comparison table · {len(rows)} rows '
           '<span class="hint">(click a header to sort)</span></summary><div class="table-wrap">'
           '<table class="sortable compare"><thead><tr>']
    out += [f'<th data-type="{t}" scope="col">{h}</th>' for h, t in head]
    out.append("</tr></thead><tbody>")
    for r in ordered:
        i = sources.get(r.get("source"))
        written = _e(r.get("text") or "")
        if i is not None and r.get("id") is not None:
            written = f'<a href="#doc-{i}-{_e(str(r["id"]))}">{written}</a>'
        change, growth = r.get("change"), r.get("growth_pct")
        cls = "target-row" if r.get("kind") == "target" else ""
        trend = "" if growth is None else (" up" if growth > 0 else " down" if growth < 0 else "")
        out.append(
            f'<tr class="{cls}"><td data-sort="{_e(r.get("metric_label") or r.get("metric") or "")}">'
            f'{_e(r.get("metric_label") or "")} <code>{_e(r.get("metric") or "")}</code></td>'
            f'<td class="num">{_e(_int_text(r.get("year")))}</td><td>{_e(r.get("kind") or "")}</td>'
            f'<td class="num" data-sort="{_sortnum(r.get("value"))}">{_e(_value_text(r.get("value"), r.get("value_max")))}</td>'
            f'<td>{_e(r.get("unit") or "")}</td><td>{_e(r.get("approx") or "")}</td>'
            f'<td class="num" data-sort="{_sortnum(change)}">{_e(_signed(change))}</td>'
            f'<td class="num{trend}" data-sort="{_sortnum(growth)}">{_e(_signed(growth, "%"))}</td>'
            f'<td>{written}</td><td class="src">{_e(r.get("source") or "")}</td></tr>')
    out.append("</tbody></table></div></details>")
    return "".join(out)


# --------------------------------------------------------------------------------------------------
# Audit view


def _run_audit(docs: list[Document]) -> Any:
    try:
        from .audit import audit
    except ImportError:
        return False
    return audit(docs)


def _findings(audit: Any) -> list[dict]:
    if audit is None or audit is False:
        return []
    if isinstance(audit, Mapping):
        items = audit.get("findings", [])
    else:
        items = getattr(audit, "findings", audit)
    out = []
    for f in items:
        d = f.to_dict() if hasattr(f, "to_dict") else dict(f)
        out.append(d)
    return out


def _audit_view(findings: list[dict], sources: Mapping[str, int]) -> str:
    verdicts = Counter(f.get("verdict") for f in findings)
    order = [v for v in VERDICT_ORDER if v in verdicts] + sorted(v for v in verdicts if v not in VERDICT_ORDER)
    # The verdict chips filter the tables (a click shows only that verdict; a second click shows all).
    chips = " ".join(f'<button type="button" class="verdict v-{VERDICT_CLASS.get(v, "none")}" data-verdict="{_e(v)}" '
                     f'aria-pressed="false">{_e((v or "").replace("_", " "))} {verdicts[v]}</button>' for v in order)
    orgs = sorted({f.get("org") or "" for f in findings})
    by_body = len(orgs) > 1  # one body: named once above the tables instead of on every row
    out = ['<section id="audit" class="view"><h2>Audit</h2>']
    if findings:
        out.append(f'<p class="summary">{len(findings)} findings{" about " + _e(orgs[0]) if not by_body and orgs[0] else ""}: '
                   f'{chips} <span class="hint">click a verdict to show only its rows</span></p>')
    else:
        out.append('<p class="empty">No findings: no targets to check and nothing to add up.</p>')
    body_head = '<th data-type="text">Body</th>' if by_body else ""

    def body_cell(f: dict) -> str:
        return f'<td class="org">{_e(f.get("org") or "")}</td>' if by_body else ""

    def row_open(f: dict, extra: str = "") -> str:
        v = f.get("verdict") or ""
        return f'<tr class="v-{VERDICT_CLASS.get(v, "none")}{extra}" data-verdict="{_e(v)}">'

    targets = [f for f in findings if f.get("kind") == "target"]
    others = [f for f in findings if f.get("kind") != "target"]
    if targets:
        out.append(f'<h3>Targets · {len(targets)}</h3><div class="table-wrap"><table class="sortable audit targets">'
                   f'<thead><tr><th data-type="text">Verdict</th>{body_head}'
                   '<th data-type="text">Metric</th><th data-type="num">Year</th><th data-type="text">Target</th>'
                   '<th data-type="text">Actual</th><th data-type="text">Finding</th><th>Sentence</th></tr></thead><tbody>')
        for f in targets:
            out.append(
                f'{row_open(f)}{_verdict_cell(f)}{body_cell(f)}{_metric_cell(f)}'
                f'<td class="num">{_e(_int_text(f.get("year")))}</td>'
                f'<td>{_figure_link(f.get("target"), f.get("target_source"), sources)}</td>'
                f'<td>{_figure_link(f.get("actual"), f.get("actual_source"), sources)}</td>'
                f'<td class="message">{_e(f.get("message") or "")}</td>{_sentence_cell(f, sources)}</tr>')
        out.append("</tbody></table></div>")
    if others:
        out.append(f'<h3>Consistency and other checks · {len(others)}</h3><div class="table-wrap">'
                   '<table class="sortable audit checks"><thead><tr><th data-type="text">Verdict</th>'
                   f'<th data-type="text">Check</th><th data-type="text">Severity</th>{body_head}'
                   '<th data-type="text">Metric</th><th data-type="num">Year</th><th data-type="text">Finding</th>'
                   '<th>Figures</th><th>Sentence</th></tr></thead><tbody>')
        for f in others:
            figs = " ".join(_figure_link(g, g.get("source"), sources, short=True) for g in f.get("figures") or ()
                            if isinstance(g, Mapping))
            out.append(
                f'{row_open(f, " sev-" + _e(f.get("severity") or ""))}'
                f'{_verdict_cell(f)}<td>{_e((f.get("kind") or "").replace("_", " "))}</td>'
                f'<td>{_e(f.get("severity") or "")}</td>{body_cell(f)}{_metric_cell(f)}'
                f'<td class="num">{_e(_int_text(f.get("year")))}</td>'
                f'<td class="message">{_e(f.get("message") or "")}</td><td class="figs">{figs}</td>'
                f'{_sentence_cell(f, sources)}</tr>')
        out.append("</tbody></table></div>")
    out.append("</section>")
    return "\n".join(out)


def _verdict_cell(f: dict) -> str:
    v = f.get("verdict") or ""
    return f'<td data-sort="{_e(v)}"><span class="verdict v-{VERDICT_CLASS.get(v, "none")}">{_e(v.replace("_", " "))}</span></td>'


def _metric_cell(f: dict) -> str:
    label = f.get("metric_label") or ""
    return f'<td data-sort="{_e(label or f.get("metric") or "")}">{_e(label)} <code>{_e(f.get("metric") or "")}</code></td>'


def _figure_link(fig: Any, source: str | None, sources: Mapping[str, int], *, short: bool = False) -> str:
    if not isinstance(fig, Mapping):
        return ""
    text = fig.get("text") or _number(fig.get("value"))
    if not short and fig.get("year") is not None:
        text = f"{text}"
    label = _e(text)
    where = source or fig.get("source")
    i = sources.get(where)
    tip = _e(f"{fig.get('subject') or ''} · {where or ''}")
    if i is not None and fig.get("id") is not None:
        return f'<a class="figlink" href="#doc-{i}-{_e(str(fig["id"]))}" title="{tip}">{label}</a>'
    return f'<span class="figlink" title="{tip}">{label}</span>'


def _sentence_cell(f: dict, sources: Mapping[str, int]) -> str:
    i = sources.get(f.get("source"))
    start = f.get("sentence_start")
    if i is None or start is None:
        return f'<td class="src">{_e(f.get("source") or "")}</td>'
    excerpt = (f.get("sentence") or "").strip()
    if len(excerpt) > 60:
        excerpt = excerpt[:58] + "…"
    return (f'<td class="src"><a href="#doc-{i}-sent-{int(start)}" title="{_e(excerpt)}">'
            f'{_e(f.get("source") or "")} @{int(start)}</a></td>')


# --------------------------------------------------------------------------------------------------
# Small helpers


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """HTML attributes; ``None`` leaves the attribute out, numbers are written as JSON numbers."""
    out = []
    for key, value in attrs.items():
        if value is None:
            continue
        out.append(f' {key}="{_e(attr_text(value))}"')
    return "".join(out)


def attr_text(value: Any) -> str:
    """How a contract value is written into a ``data-`` attribute (the tests read it back the same way)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return json.dumps(value if not isinstance(value, Decimal) else float(value))
    return str(value)


def _source(doc: Document) -> str:
    # The same key the audit uses for a document (its source, or its hash when it has none).
    return doc.info.source or f"sha256:{doc.info.sha256[:12]}"


def _clamp(v: int, n: int) -> int:
    return max(0, min(int(v), n))


def _number(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int):
        return f"{v:,}"
    return f"{v:,}" if isinstance(v, float) else str(v)


def _value_text(v: Any, vmax: Any = None) -> str:
    if v is None:
        return ""
    return _number(v) + (f" – {_number(vmax)}" if vmax is not None else "")


def _signed(v: Any, suffix: str = "") -> str:
    if v is None:
        return ""
    text = _number(round(v, 2) if isinstance(v, float) else v)
    return ("+" if v > 0 else "") + text + suffix


def _sortnum(v: Any) -> str:
    return "" if v is None else repr(float(v))


def _int_text(v: Any) -> str:
    return "" if v is None else str(int(v))
