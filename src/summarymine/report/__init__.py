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

Modules: ``highlight`` (the documents view), ``charts`` and ``views`` (the
cross-year and audit views), ``html`` (escaping and cells); the page is put
together here.
"""
from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from ..audit.context import source_of
from ..errors import write_error
from ..results import Document
from .highlight import documents_view, render_document
from .html import attr_text, e
from .views import audit_view, comparison_rows, findings_of, years_view

__all__ = ["attr_text", "render_document", "render_report", "write_report"]


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
        from ..audit import audit as run_audit

        audit = run_audit(docs)
    if comparison is None:
        from ..compare import compare

        comparison = compare(docs)
    findings = findings_of(audit) if audit is not False else None
    table = comparison_rows(comparison) if comparison is not False else None
    sources: dict[str | None, int] = {source_of(doc): i for i, doc in enumerate(docs)}
    title = title or _default_title(docs)

    # Sentences that findings rest on get anchors as well as those of the figures.
    finding_sentences: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for f in findings or ():
        i = sources.get(f.get("source"))
        if i is not None and f.get("sentence_start") is not None and f.get("sentence_end") is not None:
            finding_sentences[i].append((f["sentence_start"], f["sentence_end"]))

    parts = [_header(docs, findings, table, title)]
    if table is not None:
        parts.append(years_view(table, sources))
    if findings is not None:
        parts.append(audit_view(findings, sources))
    parts.append(documents_view(docs, finding_sentences))
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
        f"<title>{e(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n{body}\n"
        "<aside id=\"panel\" class=\"panel\" hidden aria-live=\"polite\">"
        "<button type=\"button\" class=\"panel-close\" aria-label=\"close\">×</button>"
        "<div class=\"panel-body\"></div></aside>\n"
        f"<script>{js}</script>\n</body>\n</html>\n"
    )


def _header(docs: list[Document], findings: list[dict[str, Any]] | None,
            table: list[dict[str, Any]] | None, title: str) -> str:
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
        f'<li><a href="#doc-{i}">{e(_doc_short(d))}</a></li>' for i, d in enumerate(docs))
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<nav class="top" aria-label="views">'
        f'<span class="brand">{e(title)}</span>{"".join(links)}'
        f'<details class="doclist"><summary>{len(docs)} documents</summary><ol>{doc_links}</ol></details>'
        '<label class="toggle"><input type="checkbox" id="show-rejected"> show rejected</label>'
        '</nav>\n'
        f'<header class="intro"><h1>{e(title)}</h1><p class="facts">{e(" · ".join(facts))}</p>'
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
