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

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..audit.context import source_of
from ..errors import write_error
from ..results import Document
from .highlight import default_title, documents_view, render_document, short_label
from .html import Sources, attr_text, e, page, year_span
from .site import Site, check_site_folder, write_site
from .views import audit_view, comparison_rows, finding_sentences, findings_of, years_view

__all__ = [
    "Site", "attr_text", "check_site_folder", "render_document", "render_report", "write_report", "write_site",
]


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
    sources = Sources({source_of(doc): i for i, doc in enumerate(docs)})
    title = title or default_title(docs)

    parts = [_header(docs, findings, table, title)]
    if table is not None:
        parts.append(years_view(table, sources))
    if findings is not None:
        parts.append(audit_view(findings, sources))
    parts.append(documents_view(docs, finding_sentences(findings or ())))
    body = "\n".join(parts)
    return page(title, body)


def write_report(path: str | Path, documents: Iterable[Document], **kw: Any) -> Path:
    """Write ``render_report(documents, **kw)`` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    page = render_report(documents, **kw)
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise write_error(path, exc) from None
    return path


def _header(docs: list[Document], findings: list[dict[str, Any]] | None,
            table: list[dict[str, Any]] | None, title: str) -> str:
    n_figures = sum(len(d.metrics) for d in docs)
    span = year_span(d.info.year for d in docs)
    orgs = sorted({d.info.org for d in docs if d.info.org})
    facts = [f"{len(docs)} document{'s' if len(docs) != 1 else ''}", f"{n_figures} figures"]
    if span:
        facts.append(span)
    if orgs:
        facts.append("、".join(orgs[:4]) + (f" and {len(orgs) - 4} more" if len(orgs) > 4 else ""))
    links = []
    if table is not None:
        links.append('<a href="#years">Across years</a>')
    if findings is not None:
        links.append(f'<a href="#audit">Audit <span class="count">{len(findings)}</span></a>')
    links.append('<a href="#documents">Documents</a>')
    doc_links = "".join(
        f'<li><a href="#doc-{i}">{e(short_label(d))}</a></li>' for i, d in enumerate(docs))
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
