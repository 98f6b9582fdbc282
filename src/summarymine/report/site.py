"""The report as a static site, for an archive too large for one page.

``write_site(folder, documents)`` writes:

* ``index.html``: the bodies (documents, years, figures, findings), the years, and a search over the
  documents' titles, bodies and years and the metrics each body states, which runs in the page;
* ``body/SLUG.html``: a body's series (charts and the comparison table), its audit and the list of its
  documents; when that is over ``PAGE_BUDGET`` it goes on over ``SLUG-2.html``, ``SLUG-3.html`` …;
* ``doc/SLUG.html``: a document's text with its figures marked, as in the one-page report.

Every page is built like the one-page report, by the same renderers: the styles and script inlined, the
same Content-Security-Policy (the page's own script by its hash, nothing fetched), everything from a
document escaped. The search index is a ``<script type="application/json">`` block in the index page:
a data block, which browsers never run, read with ``JSON.parse``; the policy stays as it is, whereas a
separate script file would need ``script-src 'self'``, which allows any script beside the pages (and on
``file:`` URLs is not honoured the same way by every browser). Its ``<``, ``>`` and ``&`` are written as
``\\u003c`` … so that no text can end the block.

Audit and compare run per body (both work body by body), and a body's pages and its documents' pages are
written before the next body is audited: the build is linear in the number of documents as long as bodies
stay of a size (a body's audit pairs its targets with its figures). No page passes 2 MB but that of a
document whose text alone is near that, and the index, which grows by a title and a few numbers a document
(about 250 bytes: 1.3 MB at 5,000 documents, ``bench/bench_site.py``). File names never come from the text:
a document's page is named by its hash (``doc/3fa2…c1.html``), a body's by a hash of its name followed by
the letters and digits of the name (``body/5d0e9b1f2a-海拉尔区人民政府.html``).
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from ..audit.context import source_of
from ..errors import OutputError, check_writable, write_error
from ..results import Document
from .highlight import default_title, legend, render_document, short_label
from .html import Sources, e, page, year_span
from .views import audit_view, comparison_rows, finding_sentences, findings_of, metric_anchor, years_view

if TYPE_CHECKING:
    from ..audit import Target
    from ..taxonomy import Taxonomy

__all__ = ["PAGE_BUDGET", "Site", "check_site_folder", "write_site"]

# What a body's page may hold before the rest goes on a page of its own, in bytes of UTF-8: under 2 MB
# with the styles, the script and the bar on top.
PAGE_BUDGET = 1_000_000
UNKNOWN_BODY = "(no body named)"
_LABEL_CHARS = 80  # of a document's title in the search index
_T = TypeVar("_T")


@dataclass(frozen=True)
class Site:
    """What ``write_site`` wrote: each page (its path in the folder, with ``/``) and its size in bytes."""

    folder: Path
    pages: dict[str, int]
    documents: int
    bodies: int
    figures: int
    findings: int

    @property
    def size(self) -> int:
        return sum(self.pages.values())

    @property
    def largest(self) -> tuple[str, int]:
        return max(self.pages.items(), key=lambda kv: (kv[1], kv[0]))

    def summary(self) -> str:
        name, size = self.largest
        return (f"{len(self.pages)} pages, {self.size / 1e6:.1f} MB (the largest {name}, {size / 1e3:.0f} kB); "
                f"{self.documents} documents, {self.bodies} bodies, {self.figures} figures, {self.findings} findings")


@dataclass
class _Body:
    name: str | None
    docs: list[Document]
    slug: str
    pages: list[str] = field(default_factory=list)  # file names in body/, the first one the body's page
    anchors: dict[str, int] = field(default_factory=dict)  # metric id: the page holding its anchor
    metrics: dict[str, str] = field(default_factory=dict)  # metric id: label
    findings: Counter[str] = field(default_factory=Counter)  # by severity

    @property
    def label(self) -> str:
        return self.name or UNKNOWN_BODY


def write_site(folder: str | os.PathLike[str], documents: Iterable[Document], *, targets: Sequence[Target] = (),
               taxonomy: Taxonomy | None = None, audit: bool = True, title: str | None = None) -> Site:
    """Write the site of the documents into ``folder`` (made if missing; an earlier site there is replaced).

    ``targets`` are those of a targets file (``load_targets``): a row naming a body goes to the bodies whose
    name holds it or is held by it, a row without one to every body. ``taxonomy`` is the one the documents
    were extracted with; ``audit=False`` leaves the audits out.
    """
    folder = Path(folder)
    check_site_folder(folder)
    docs = list(documents)
    title = title or default_title(docs)
    bodies = _bodies(docs)
    doc_pages = _doc_pages(docs)
    for sub in ("body", "doc"):
        _mkdir(folder / sub)
    written: dict[str, int] = {}
    findings = 0
    names = [b.name for b in bodies if b.name]
    if audit and not any(b.name is None for b in bodies) and any(t.org and _target_of(t.org, None, names) for t in targets):
        # Rows of a targets file naming no body of the site are judged on the page of the documents without one.
        bodies.append(_Body(None, [], _slug(None)))
    for body in bodies:
        found = _audit(body, targets, taxonomy, names) if audit else None
        findings += len(found or ())
        _write_body(folder, body, found, doc_pages, title, written)
    _write(folder, "index.html", _index(bodies, doc_pages, title, audit), written)
    _remove_stale(folder, written)
    return Site(folder, written, len(docs), len(bodies), sum(len(d.metrics) for d in docs), findings)


def check_site_folder(folder: str | os.PathLike[str]) -> None:
    """Raise ``OutputError`` now if a site cannot be written into ``folder``: its parent missing, not writable,
    or a folder holding files other than an earlier site."""
    folder = Path(folder)
    if not folder.exists():
        check_writable(folder)
        return
    if not folder.is_dir():
        raise OutputError(f"{folder}: cannot write a site: not a folder")
    if any(folder.iterdir()) and not _is_site(folder):
        raise OutputError(f"{folder}: cannot write a site: the folder holds other files (give a new or empty one)")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{folder}: cannot write: {os.strerror(errno.EACCES)}")


# --------------------------------------------------------------------------------------------------
# Bodies, their audit and their pages


def _bodies(docs: list[Document]) -> list[_Body]:
    groups: dict[str | None, list[Document]] = defaultdict(list)
    for doc in docs:
        groups[doc.info.org or None].append(doc)
    bodies = []
    for name in sorted(groups, key=lambda n: (n is None, n or "")):
        ordered = sorted(groups[name], key=lambda d: (d.info.year is None, d.info.year or 0, d.info.period or "",
                                                      d.info.source or ""))
        bodies.append(_Body(name, ordered, _slug(name)))
    return bodies


def _slug(name: str | None) -> str:
    if name is None:
        return "unknown"
    letters = "".join(ch for ch in name if ch.isalnum())[:24]
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    return f"{digest}-{letters}" if letters else digest


def _doc_pages(docs: list[Document]) -> dict[int, str]:
    """Each document's page in doc/, by ``id`` of the document: named by its hash, stable across builds."""
    pages: dict[int, str] = {}
    taken: set[str] = set()
    for doc in docs:
        name = doc.info.sha256[:16] or "document"
        n = 1
        while f"{name}.html" in taken:  # the same text twice, read from two files
            n += 1
            name = f"{doc.info.sha256[:16]}-{n}"
        taken.add(f"{name}.html")
        pages[id(doc)] = f"{name}.html"
    return pages


def _audit(body: _Body, targets: Sequence[Target], taxonomy: Taxonomy | None,
           names: list[str]) -> list[dict[str, Any]]:
    from ..audit import audit

    mine = [t for t in targets if _target_of(t.org, body.name, names)]
    if body.name is not None:
        return findings_of(audit(body.docs, mine, taxonomy=taxonomy))
    # Audit takes each document that names no body for a body of its own: audited one by one, they give the
    # same findings, in time linear in their number. Rows naming a body not in the site are judged once.
    everyone = [t for t in mine if not t.org]
    found = [f for doc in body.docs for f in findings_of(audit([doc], everyone, taxonomy=taxonomy))]
    named = [t for t in mine if t.org]
    return found + (findings_of(audit([], named, taxonomy=taxonomy)) if named else [])


def _target_of(org: str | None, name: str | None, names: list[str]) -> bool:
    """Whether a targets file row naming ``org`` is audited with the body ``name``: as ``audit`` matches an
    actual's body to a row; a row naming no body of the site goes with the documents that name none."""
    if not org:
        return True
    if name is None:
        return not any(org in n or n in org for n in names)
    return org in name or name in org


class _Piece(NamedTuple):
    view: str  # the id of the view's section: years, audit, documents
    html: str
    metrics: list[str]  # of a piece of the years view: the series it holds, whose anchors it has


def _write_body(folder: Path, body: _Body, findings: list[dict[str, Any]] | None, doc_pages: dict[int, str],
                title: str, written: dict[str, int]) -> None:
    rows = comparison_rows(_compare(body.docs))
    body.metrics = _metrics(rows)
    sources = Sources(dict.fromkeys((source_of(d) for d in body.docs), 0),
                      {source_of(d): f"../doc/{doc_pages[id(d)]}" for d in body.docs})
    per_doc = Counter(f.get("source") for f in findings or ())
    body.findings = Counter(str(f.get("severity") or "") for f in findings or ())

    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        series[_series(r)].append(r)
    pieces = [_Piece("years", html, list(part)) for html, part in
              _split(list(series), lambda part: years_view([r for m in part for r in series[m]], sources))]
    if findings is not None:
        pieces += [_Piece("audit", html, []) for html, _ in _split(findings, lambda f: audit_view(f, sources))]
    pieces += [_Piece("documents", html, []) for html, _ in
               _split(body.docs, lambda d: _documents_list(d, doc_pages, per_doc, findings is not None))]
    pages = _pack(pieces)
    body.pages = [f"{body.slug}.html"] + [f"{body.slug}-{k + 1}.html" for k in range(1, len(pages))]
    first = {piece.view: k for k in reversed(range(len(pages))) for piece in pages[k]}
    body.anchors = {m: k for k in reversed(range(len(pages))) for piece in pages[k] for m in piece.metrics if m}
    for k, parts in enumerate(pages):
        html = page(f"{body.label} · {title}", _body_nav(body, k, first, findings, title)
                    + _body_header(body, rows, findings) * (k == 0) + "\n".join(p.html for p in parts))
        _write(folder, f"body/{body.pages[k]}", html, written)
    sentences = finding_sentences(findings or ())
    for n, doc in enumerate(body.docs):
        _write(folder, f"doc/{doc_pages[id(doc)]}",
               _document_page(doc, body, n, doc_pages, sentences, per_doc, first, title), written)


def _compare(docs: list[Document]) -> Any:
    from ..compare import compare

    return compare(docs)


# Compare's columns are read in these two alone.


def _series(row: dict[str, Any]) -> str:
    """The series a comparison row is drawn in, as the years view groups them: its indicator key where the
    table has one, else its metric (a page holds a series whole)."""
    return str(row.get("key") or row.get("metric") or "")


def _metrics(rows: list[dict[str, Any]]) -> dict[str, str]:
    """The taxonomy's metrics among the rows, with their labels: what the search lists for a body."""
    return {str(r["metric"]): str(r.get("metric_label") or "") for r in rows if r.get("metric") is not None}


def _pack(pieces: list[_Piece]) -> list[list[_Piece]]:
    """The pieces in order, as many to a page as ``PAGE_BUDGET`` allows, and never two of one view on a page
    (their ids would be there twice)."""
    pages: list[list[_Piece]] = [[]]
    size = 0
    for piece in pieces:
        n = len(piece.html.encode("utf-8"))
        if pages[-1] and (size + n > PAGE_BUDGET or any(p.view == piece.view for p in pages[-1])):
            pages.append([])
            size = 0
        pages[-1].append(piece)
        size += n
    return pages


def _split(items: list[_T], render: Callable[[list[_T]], str]) -> list[tuple[str, list[_T]]]:
    """``render(items)``, or when that is over ``PAGE_BUDGET`` the renderings of consecutive parts of ``items``
    that are not (an item alone may be)."""
    html = render(items)
    size = len(html.encode("utf-8"))
    if size <= PAGE_BUDGET or len(items) < 2:
        return [(html, items)]
    parts = min(len(items), -(-size // PAGE_BUDGET) + 1)
    step = -(-len(items) // parts)
    out: list[tuple[str, list[_T]]] = []
    for start in range(0, len(items), step):
        out += _split(items[start:start + step], render)
    return out


def _body_nav(body: _Body, k: int, first: dict[str, int], findings: list[dict[str, Any]] | None,
              title: str) -> str:
    def at(view: str, label: str) -> str:
        return f'<a href="{e(body.pages[first[view]])}#{view}">{label}</a>' if view in first else ""

    audit = at("audit", f'Audit <span class="count">{len(findings)}</span>') if findings is not None else ""
    pager = ""
    if len(body.pages) > 1:
        current = ' aria-current="page"'
        links = "".join(f'<a href="{e(p)}"{current if n == k else ""}>{n + 1}</a>' for n, p in enumerate(body.pages))
        pager = f'<span class="pager">page {links}</span>'
    return ('<nav class="top" aria-label="views">'
            f'<a class="brand" href="../index.html">{e(title)}</a><span class="here">{e(body.label)}</span>'
            f'{at("years", "Across years")}{audit}{at("documents", "Documents")}{pager}</nav>\n')


def _body_header(body: _Body, rows: list[dict[str, Any]], findings: list[dict[str, Any]] | None) -> str:
    facts = [_count(len(body.docs), "document"), _count(sum(len(d.metrics) for d in body.docs), "figure"),
             _span(body.docs), f"{len(body.metrics)} metrics compared ({len(rows)} rows)"]
    if findings is not None:
        facts.append(_count(len(findings), "finding"))
    return (f'<header class="intro"><h1>{e(body.label)}</h1>'
            f'<p class="facts">{e(" · ".join(f for f in facts if f))}</p></header>\n')


def _documents_list(docs: list[Document], doc_pages: dict[int, str], per_doc: Counter[Any], audited: bool) -> str:
    head = ('<th data-type="num">Year</th><th data-type="text">Document</th><th data-type="text">Kind</th>'
            '<th data-type="num">Figures</th>' + ('<th data-type="num">Findings</th>' if audited else "")
            + '<th data-type="text">Source</th>')
    rows = []
    for doc in docs:
        info = doc.info
        found = f'<td class="num">{per_doc.get(source_of(doc), 0)}</td>' if audited else ""
        rows.append(f'<tr><td class="num" data-sort="{e(info.year or "")}">{e(info.period or info.year or "")}</td>'
                    f'<td><a href="../doc/{doc_pages[id(doc)]}">{e(info.title or info.source or "document")}</a></td>'
                    f'<td>{e((info.kind or "").replace("_", " "))}</td><td class="num">{len(doc.metrics)}</td>'
                    f'{found}<td class="src">{e(info.source or "")}</td></tr>')
    return (f'<section id="documents" class="view"><h2>Documents · {len(docs)}</h2><div class="table-wrap">'
            f'<table class="sortable documents"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
            '</tbody></table></div></section>')


def _document_page(doc: Document, body: _Body, n: int, doc_pages: dict[int, str],
                   sentences: dict[str | None, list[tuple[int, int]]], per_doc: Counter[Any], first: dict[str, int],
                   title: str) -> str:
    home = f"../body/{e(body.pages[0])}"
    links = [f'<a class="brand" href="../index.html">{e(title)}</a>', f'<a href="{home}">{e(body.label)}</a>']
    for step, label in ((-1, "← earlier"), (1, "later →")):
        if 0 <= n + step < len(body.docs):
            other = body.docs[n + step]
            links.append(f'<a href="{doc_pages[id(other)]}" title="{e(short_label(other))}">{label}</a>')
    if "audit" in first:
        found = per_doc.get(source_of(doc), 0)
        links.append(f'<a href="../body/{e(body.pages[first["audit"]])}#audit">'
                     f'Findings <span class="count">{found}</span></a>')
    nav = ('<nav class="top" aria-label="views">' + "".join(links) +
           '<label class="toggle"><input type="checkbox" id="show-rejected"> show rejected</label></nav>\n')
    text = render_document(doc, 0, extra_sentences=sentences.get(source_of(doc), ()))
    return page(f"{short_label(doc)} · {title}",
                f'{nav}<section id="documents" class="view">{legend()}\n{text}</section>')


# --------------------------------------------------------------------------------------------------
# The index and its search


def _index(bodies: list[_Body], doc_pages: dict[int, str], title: str, audited: bool) -> str:
    docs = [d for b in bodies for d in b.docs]
    facts = [_count(len(docs), "document"), _count(sum(len(d.metrics) for d in docs), "figure"),
             _count(len(bodies), "body", "bodies"), _span(docs)]
    nav = ('<nav class="top" aria-label="views">'
           f'<span class="brand">{e(title)}</span><a href="#search">Search</a><a href="#bodies">Bodies</a>'
           '<a href="#by-year">Years</a></nav>\n')
    header = (f'<header class="intro"><h1>{e(title)}</h1><p class="facts">{e(" · ".join(f for f in facts if f))}'
              '</p></header>\n')
    search = ('<section id="search" class="view"><h2>Search</h2>'
              '<p><input type="search" id="search-box" placeholder="a title, a body, a year or a metric: 海拉尔 2019, '
              'economy.gdp, 地区生产总值" aria-label="search" autocomplete="off" size="60"> '
              '<span class="hint">titles, bodies and years of documents, metrics of bodies</span></p>'
              '<div id="search-results" aria-live="polite"></div>'
              f'<script type="application/json" id="search-data">{_search_data(bodies, doc_pages)}</script>'
              '</section>\n')
    return page(title, nav + header + search + _bodies_table(bodies, audited) + _years_table(docs))


def _bodies_table(bodies: list[_Body], audited: bool) -> str:
    head = ('<th data-type="text">Body</th><th data-type="num">Documents</th><th data-type="text">Years</th>'
            '<th data-type="num">Figures</th><th data-type="num">Metrics compared</th>')
    if audited:
        head += '<th data-type="num">Findings</th><th data-type="num">Warnings and errors</th>'
    rows = []
    for b in bodies:
        # Cells without classes (the stylesheet aligns them by column): this table has a row per body.
        audit = f'<td>{sum(b.findings.values())}</td><td>{b.findings["warning"] + b.findings["error"]}</td>'
        rows.append(f'<tr><td><a href="body/{e(b.pages[0])}">{e(b.label)}</a></td><td>{len(b.docs)}</td>'
                    f'<td>{e(_span(b.docs))}</td><td>{sum(len(d.metrics) for d in b.docs)}</td><td>{len(b.metrics)}</td>'
                    f'{audit if audited else ""}</tr>')
    return (f'<section id="bodies" class="view"><h2>Bodies · {len(bodies)}</h2><div class="table-wrap tall">'
            f'<table class="sortable bodies"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            '</div></section>\n')


def _years_table(docs: list[Document]) -> str:
    counts = Counter(d.info.year for d in docs)
    orgs: dict[int | None, set[str | None]] = defaultdict(set)
    for d in docs:
        orgs[d.info.year].add(d.info.org)
    rows = "".join(
        f'<tr><td><button type="button" class="year-search" data-search="{year}">{year}</button></td>'
        f'<td class="num">{counts[year]}</td><td class="num">{len(orgs[year])}</td></tr>'
        for year in sorted((y for y in counts if y is not None), reverse=True))
    none = counts.get(None, 0)
    note = f'<p class="hint">and {_count(none, "document")} without a year</p>' if none else ""
    return ('<section id="by-year" class="view"><h2>Years</h2><p class="hint">Click a year to list its documents.</p>'
            '<div class="table-wrap"><table class="sortable years"><thead><tr><th data-type="num">Year</th>'
            '<th data-type="num">Documents</th><th data-type="num">Bodies</th></tr></thead>'
            f'<tbody>{rows}</tbody></table></div>{note}</section>\n')


def _search_data(bodies: list[_Body], doc_pages: dict[int, str]) -> str:
    """The search index: each body with its pages and its documents, and each metric with the bodies that state it.

    It costs a title and a few numbers a document: a document is listed under its body, by the name of its
    page without ``.html``; a metric lists its bodies by their position, each as the step from the one before
    (``[step, page]`` when the metric's anchor is on a later page of the body). In full::

        {"anchor": "#org-0-metric-",
         "bodies": [[name, [page, ...], [[title, year, page], ...]], ...],
         "metrics": [[id, label, [step or [step, page], ...]], ...]}
    """
    metrics: dict[str, list[Any]] = {}
    last: dict[str, int] = {}
    for b_index, b in enumerate(bodies):
        for metric, label in b.metrics.items():
            entry = metrics.setdefault(metric, [metric, label, []])
            step = b_index - last.get(metric, 0)
            last[metric] = b_index
            page_no = b.anchors.get(metric, 0)
            entry[2].append([step, page_no] if page_no else step)
    data = {
        "anchor": "#" + metric_anchor(0, ""),
        "bodies": [[b.label, b.pages, [[(d.info.title or d.info.source or "")[:_LABEL_CHARS], d.info.year,
                                        doc_pages[id(d)].removesuffix(".html")] for d in b.docs]] for b in bodies],
        "metrics": sorted(metrics.values(), key=lambda m: str(m[0])),
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# --------------------------------------------------------------------------------------------------
# Writing


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _span(docs: list[Document]) -> str:
    return year_span(d.info.year for d in docs)


def _is_site(folder: Path) -> bool:
    try:
        with open(folder / "index.html", encoding="utf-8", errors="replace") as index:
            return '<meta name="generator" content="summarymine">' in index.read(4096)
    except OSError:
        return False


def _mkdir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(folder, exc) from None


def _write(folder: Path, name: str, text: str, written: dict[str, int]) -> None:
    data = text.encode("utf-8")
    try:
        (folder / name).write_bytes(data)
    except OSError as exc:
        raise write_error(folder / name, exc) from None
    written[name] = len(data)


def _remove_stale(folder: Path, written: dict[str, int]) -> None:
    """Pages an earlier build wrote that this one did not: documents and bodies no longer there."""
    for sub in ("body", "doc"):
        for path in (folder / sub).glob("*.html"):
            if f"{sub}/{path.name}" not in written and re.fullmatch(r"[\w-]+\.html", path.name):
                path.unlink()
