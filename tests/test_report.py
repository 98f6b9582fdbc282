"""The HTML report, read back with the standard library's parser: no browser (that is test_browser.py)."""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import json
import re
from functools import cache
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

from paths import CORPUS
from summarymine import extract
from summarymine.report import attr_text, render_report, write_report

VOID = {"meta", "br", "img", "input", "link", "hr", "wbr", "source", "col", "area", "base", "embed", "track"}
HOSTILE = (
    "<script>window.__pwned = 1; alert(1)</script>丰河县测试局2020年工作总结\n"
    "2020年，全年完成<b onmouseover=\"alert(2)\">投资</b>1.5亿元，同比增长12%。"
    "\"><img src=x onerror=alert(3)>新增就业岗位300个。</textarea><svg onload=alert(4)>\n"
)


class Page(HTMLParser):
    """Elements with their attributes and text; fails on a tag closed out of order.

    SVG elements written self-closing (``<circle/>``) come through ``handle_startendtag``.
    """

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[dict] = []
        self.elements: list[dict] = []
        self.feed(source)
        self.close()
        assert not self.stack, f"unclosed: {[e['tag'] for e in self.stack]}"

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": [], "parents": [e["tag"] for e in self.stack],
                   "ancestors": [e["attrs"].get("id") for e in self.stack]}
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append({"tag": tag, "attrs": dict(attrs), "text": [], "parents": [e["tag"] for e in self.stack],
                              "ancestors": [e["attrs"].get("id") for e in self.stack]})

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        open_tag = self.stack[-1]["tag"] if self.stack else None
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"
        self.stack.pop()

    def handle_data(self, data):
        for e in self.stack:
            e["text"].append(data)

    def find(self, tag: str | None = None, cls: str | None = None, inside: str | None = None) -> list[dict]:
        return [e for e in self.elements
                if (tag is None or e["tag"] == tag)
                and (cls is None or cls in e["attrs"].get("class", "").split())
                and (inside is None or inside in e["ancestors"])]

    def by_id(self, id_: str) -> dict:
        found = [e for e in self.elements if e["attrs"].get("id") == id_]
        assert len(found) == 1, (id_, len(found))
        return found[0]


def text_of(element: dict) -> str:
    return "".join(element["text"])


@cache
def corpus_docs():
    return tuple(extract(p.read_text(encoding="utf-8"), source=p.name) for p in sorted(CORPUS.glob("*.txt")))


@cache
def corpus_page() -> tuple[str, Page]:
    page = render_report(corpus_docs(), title="corpus")
    return page, Page(page)


def test_every_figure_is_one_mark_with_its_contract_fields():
    _, page = corpus_page()
    for i, doc in enumerate(corpus_docs()):
        fresh = extract(doc.text, source=doc.info.source)  # counted against extract, not against the report's input
        marks = page.find("mark", "fig", inside=f"doc-{i}")
        assert len(marks) == len(fresh.metrics), doc.info.source
        by_id = {m["attrs"]["data-id"]: m for m in marks}
        assert len(by_id) == len(marks)
        for metric in fresh.metrics:
            d = metric.to_dict()
            mark = by_id[d["id"]]
            assert mark["attrs"]["id"] == f"doc-{i}-{d['id']}"
            assert text_of(mark) == d["text"]
            assert f"st-{d['status'] or 'none'}" in mark["attrs"]["class"].split()
            for key, value in d.items():
                if key == "text":
                    continue
                name = "data-" + key.replace("_", "-")
                if value is None:
                    assert name not in mark["attrs"], (d["id"], name)
                else:
                    assert mark["attrs"].get(name) == attr_text(value), (d["id"], name)


def test_the_text_reads_as_written_and_spans_nest():
    _, page = corpus_page()  # Page() already failed on any tag closed out of order
    for i, doc in enumerate(corpus_docs()):
        article = page.by_id(f"doc-{i}")
        body = [e for e in page.find("div", "text") if f"doc-{i}" in e["ancestors"]]
        assert len(body) == 1
        assert text_of(body[0]) == doc.text, article["attrs"]


def test_subjects_are_marked_and_linked_to_their_figures():
    _, page = corpus_page()
    doc = corpus_docs()[0]
    subjects = page.find("span", "subj", inside="doc-0")
    named = {fid for s in subjects for fid in s["attrs"]["data-for"].split()}
    with_subject = {m.id for m in doc.metrics if m.subject_start is not None and m.subject_end > m.subject_start}
    assert named == with_subject
    for s in subjects:
        metric = next(m for m in doc.metrics if m.id == s["attrs"]["data-for"].split()[0])
        # a subject is shown whole unless it crosses a figure, where it is clipped to a part of itself
        assert text_of(s) in metric.subject


def test_a_subject_crossing_a_figure_is_clipped_not_crossed():
    doc = extract("2020年，全县完成固定资产投资12.5亿元，同比增长8%。", source="x.txt", year=2020)
    first = doc.metrics[0]
    # A subject that ends inside the figure: it must give way, the figure stays whole.
    crossing = dataclasses.replace(first, subject_start=first.quantity.start - 4, subject_end=first.quantity.start + 2)
    doc = dataclasses.replace(doc, metrics=(crossing, *doc.metrics[1:]))
    page = Page(render_report([doc], audit=False, comparison=False))
    mark = page.by_id(f"doc-0-{first.id}")
    assert text_of(mark) == first.quantity.text
    subject = next(s for s in page.find("span", "subj", inside="doc-0") if first.id in s["attrs"]["data-for"].split())
    assert text_of(subject) == doc.text[first.quantity.start - 4:first.quantity.start]
    assert text_of(page.find("div", "text")[0]) == doc.text


def test_document_text_is_escaped_everywhere():
    hostile = extract(HOSTILE, source="<script>alert(5)</script>.txt", org="<b>局</b>", year=2020)
    assert hostile.metrics, "the hostile document must have figures to mark"
    source = render_report([*corpus_docs()[:1], hostile], title="<script>alert(6)</script>")
    # The page's only script element is its own; no event handler attribute comes from the text.
    assert source.count("<script") == 1
    assert not re.search(r"<(?:img|svg|b|textarea)\b[^>]*\bon\w+=", source, re.I)
    assert "&lt;script&gt;window.__pwned = " in source
    assert "&lt;script&gt;alert(5)&lt;/script&gt;.txt" in source
    assert "<title>&lt;script&gt;alert(6)&lt;/script&gt;</title>" in source
    page = Page(source)
    assert len(page.find("script")) == 1
    assert text_of(page.find("div", "text", inside="doc-1")[0]) == HOSTILE


def test_no_external_requests():
    source, page = corpus_page()
    for e in page.elements:
        for name in ("src", "href", "action", "data", "poster", "srcset", "xlink:href"):
            value = e["attrs"].get(name)
            if value is not None:
                assert value.startswith("#"), (e["tag"], name, value)
    assert not re.search(r"url\(|@import|https?://(?!www\.w3\.org/2000/svg\")", source), "a URL in the page"
    csp = page.find("meta")[1]["attrs"]
    assert csp["http-equiv"] == "Content-Security-Policy"
    script = text_of(page.find("script")[0])
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp["content"]
    assert "default-src 'none'" in csp["content"]


def test_every_link_in_the_page_has_its_anchor():
    _, page = corpus_page()
    ids = {e["attrs"]["id"] for e in page.elements if "id" in e["attrs"]}
    links = [e["attrs"]["href"] for e in page.elements if "href" in e["attrs"]]
    assert links
    missing = sorted({h for h in links if h[1:] not in ids})
    assert not missing, missing[:10]


def test_audit_findings_link_to_their_sentences():
    _, page = corpus_page()
    rows = page.find("tr")
    audit_links = [e for e in page.elements if e["tag"] == "a" and "-sent-" in e["attrs"].get("href", "")
                   and "audit" in e["ancestors"]]
    assert audit_links
    verdicts = {text_of(e) for e in page.find("span", "verdict") if "audit" in e["ancestors"]}
    assert {"missed", "exceeded"} <= {v.split(" ")[0] for v in verdicts}
    assert any("v-bad" in r["attrs"].get("class", "") for r in rows)
    for link in audit_links[:50]:
        anchor = page.by_id(link["attrs"]["href"][1:])
        assert anchor["tag"] == "span" and {"sent", "sent-anchor"} & set(anchor["attrs"]["class"].split())


def test_a_metric_over_years_is_drawn_as_a_chart():
    docs = [d for d in corpus_docs() if d.info.source.startswith("kjj_")]
    page = Page(render_report(docs, audit=False))
    charts = page.find("svg", "chart")
    assert charts
    lines = page.find("polyline", "result-line")
    assert lines
    points = lines[0]["attrs"]["points"].split()
    assert len(points) >= 2 and all(re.fullmatch(r"-?[\d.]+,-?[\d.]+", p) for p in points)
    # each point links to the figure it shows
    links = {e["attrs"]["href"] for e in page.elements if e["tag"] == "a" and "svg" in e["parents"]}
    assert links and all(re.fullmatch(r"#doc-\d+-m\d+", h) for h in links)


def test_comparison_table_has_changes_and_sorts():
    docs = [d for d in corpus_docs() if d.info.source.startswith("kjj_")]
    page = Page(render_report(docs, audit=False))
    table = page.find("table", "compare")[0]
    headers = [text_of(h) for h in page.find("th")]
    assert "Change" in headers and "Growth %" in headers
    assert "sortable" in table["attrs"]["class"]
    growth_cells = [e for e in page.find("td", "num") if text_of(e).endswith("%")]
    assert growth_cells, "no growth between consecutive years"


def test_rejected_candidates_carry_their_reason():
    _, page = corpus_page()
    doc = corpus_docs()[0]
    rejected = page.find("span", "rej", inside="doc-0")
    assert len(rejected) == len({(q.start, q.end) for q in doc.rejected if q.end > q.start})
    assert all(r["attrs"].get("data-kind") and r["attrs"].get("title", "").startswith("rejected") for r in rejected)
    assert page.find("input")[0]["attrs"]["id"] == "show-rejected"


def test_views_can_be_left_out_and_the_file_is_written(tmp_path):
    doc = corpus_docs()[0]
    source = render_report([doc], audit=False, comparison=False)
    assert 'id="audit"' not in source and 'id="years"' not in source and 'id="documents"' in source
    path = write_report(tmp_path / "r.html", [doc], title="t")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and html.escape(doc.info.title) in text


def test_documents_from_a_store_render(tmp_path):
    from summarymine.store import Store

    try:
        from summarymine.ingest import import_paths
    except ImportError:  # pragma: no cover - the store is part of the package
        pytest.fail("summarymine.ingest is missing")
    import_paths([CORPUS / "kjj_2013_zh-hans.txt"], tmp_path / "s.db", jobs=1)
    with Store(tmp_path / "s.db") as store:
        docs = list(store.documents())
    page = Page(render_report(docs))
    assert len(page.find("mark", "fig")) == len(docs[0].metrics) > 0


def _document(text: str, figures: list[tuple[int, int]], subjects: list[tuple[int, int] | None],
              sentences: list[tuple[int, int]], rejected: list[tuple[int, int]]):
    from decimal import Decimal

    from summarymine import Document, DocumentInfo, Metric, Quantity

    def quantity(s: int, e: int, kind: str = "figure") -> Quantity:
        return Quantity(text[s:e], s, e, Decimal(1), None, "个", "count", "exact", kind,
                        reason=None if kind == "figure" else "made up")

    metrics = tuple(
        Metric(f"m{n}", quantity(s, e), "amount", text[sub[0]:sub[1]] if sub else None, sub[0] if sub else None,
               sub[1] if sub else None, "achieved", None, None, sent[0], sent[1], 0.9)
        for n, ((s, e), sub, sent) in enumerate(zip(figures, subjects, sentences)))
    info = DocumentInfo("made.txt", "0" * 64, None, None, None, None, "simplified", len(text))
    return Document(text, info, metrics, tuple(quantity(s, e, "date") for s, e in rejected))


def test_any_spans_nest_and_keep_the_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @st.composite
    def documents(draw):
        text = draw(st.text(alphabet="ab<>&\"'\n 一二。", min_size=1, max_size=60))
        n = len(text)
        cuts = sorted(set(draw(st.lists(st.integers(0, n), max_size=12))))
        figures = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if b > a]  # never overlapping each other
        def span():
            a, b = sorted(draw(st.tuples(st.integers(0, n), st.integers(0, n))))
            return (a, b)
        subjects = [draw(st.one_of(st.none(), st.builds(span))) for _ in figures]
        sentences = [span() for _ in figures]
        rejected = [span() for _ in range(draw(st.integers(0, 3)))]
        return _document(text, figures, subjects, sentences, rejected)

    @settings(max_examples=150, deadline=None)
    @given(documents())
    def check(doc):
        page = Page(render_report([doc], audit=False, comparison=False))
        assert text_of(page.find("div", "text")[0]) == doc.text
        marks = page.find("mark", "fig")
        assert [text_of(m) for m in marks] == [m.quantity.text for m in doc.metrics]
        ids = {e["attrs"].get("id") for e in page.elements}
        assert all(f"doc-0-sent-{m.sentence_start}" in ids for m in doc.metrics)

    check()


# --------------------------------------------------------------------------- the site (report -o DIR/)

TARGETS = """targets:
  - {metric: economy.gdp_growth, year: 2013, value: 15, unit: "%", hedge: at_least}
  - {metric: economy.gdp_growth, year: 2013, value: 15, unit: "%", org: XX区科学技术局}
  - {metric: economy.gdp_growth, year: 2013, value: 15, unit: "%", org: 不在此列的局}
"""


@cache
def site_docs():
    hostile = extract(HOSTILE, source="<script>alert(5)</script>.txt", org="<img src=x onerror=alert(7)>局", year=2020)
    return (*corpus_docs(), hostile)


def site_targets(folder):
    from summarymine.audit import load_targets

    (folder / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    return load_targets(folder / "targets.yaml")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from summarymine.report import write_site

    folder = tmp_path_factory.mktemp("site")
    return write_site(folder / "site", site_docs(), targets=site_targets(folder), title="corpus")


def pages_of(folder) -> dict[str, Page]:
    return {str(p.relative_to(folder)): Page(p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.html"))}


def broken_links(folder) -> list[str]:
    """Every href of every page that leads to no page of the site or to no anchor there."""
    pages = pages_of(folder)
    ids = {name: {e["attrs"]["id"] for e in page.elements if "id" in e["attrs"]} for name, page in pages.items()}
    broken = []
    for name, page in pages.items():
        for href in (e["attrs"]["href"] for e in page.elements if "href" in e["attrs"]):
            parts = urlsplit(href)
            target = (folder / name).parent / unquote(parts.path) if parts.path else folder / name
            target = target.resolve()
            key = str(target.relative_to(folder.resolve())) if target.is_relative_to(folder.resolve()) else None
            if parts.scheme or parts.netloc or key not in pages or (parts.fragment and unquote(parts.fragment) not in ids[key]):
                broken.append(f"{name}: {href}")
    return broken


def search_data(folder):
    page = Page((folder / "index.html").read_text(encoding="utf-8"))
    block = next(s for s in page.find("script") if s["attrs"].get("type") == "application/json")
    return json.loads(text_of(block)), text_of(block)


def test_the_site_has_an_index_a_page_per_body_and_one_per_document(site):
    docs, files = site_docs(), {str(p.relative_to(site.folder)): p.stat().st_size for p in site.folder.rglob("*.html")}
    assert files == site.pages and "index.html" in files
    bodies = {d.info.org for d in docs}  # with None: a document of the corpus names no body
    assert sum(f.startswith("body/") for f in files) == len(bodies) and "body/unknown.html" in files
    assert sum(f.startswith("doc/") for f in files) == len(docs) == site.documents
    assert max(files.values()) < 2_000_000
    assert all((site.folder / n).read_text(encoding="utf-8").startswith("<!DOCTYPE html>") for n in files)


def test_every_link_of_the_site_leads_to_a_page_and_its_anchor(site):
    assert not broken_links(site.folder)
    data, _ = search_data(site.folder)
    pages = pages_of(site.folder)
    listed = [d for b in data["bodies"] for d in b[2]]
    assert len(listed) == len(site_docs()) and all(f"doc/{d[2]}.html" in pages for d in listed)
    assert sorted(d[2] for d in listed) == sorted(d.info.sha256[:16] for d in site_docs())
    for key, _label, where in data["metrics"]:
        b = 0
        for w in where:
            step, part = w if isinstance(w, list) else (w, 0)
            b += step
            page = pages[f"body/{data['bodies'][b][1][part]}"]
            assert page.by_id(data["anchor"][1:] + key), (key, data["bodies"][b][0])


def test_the_site_is_escaped_and_under_the_page_policy(site):
    hostile = site_docs()[-1]
    for name, page in pages_of(site.folder).items():
        scripts = [s for s in page.find("script") if s["attrs"].get("type") != "application/json"]
        assert len(scripts) == 1, name
        digest = base64.b64encode(hashlib.sha256(text_of(scripts[0]).encode("utf-8")).digest()).decode()
        csp = page.find("meta")[1]["attrs"]
        assert csp["http-equiv"] == "Content-Security-Policy" and f"script-src 'sha256-{digest}'" in csp["content"]
        assert not page.find("img") and not page.find("iframe") and not page.find("b"), name
        assert not [e for e in page.elements if any(k.startswith("on") for k in e["attrs"])], name
        assert not [v for e in page.elements for k, v in e["attrs"].items() if k in ("src", "href") and "//" in v]
    doc_page = next(p for n, p in pages_of(site.folder).items() if n.startswith("doc/")
                    and text_of(p.find("div", "text")[0]) == HOSTILE)
    assert text_of(doc_page.find("h3")[0]).endswith("<script>alert(5)</script>.txt")
    data, raw = search_data(site.folder)
    assert "<" not in raw and "&" not in raw
    body = next(b for b in data["bodies"] if b[0] == hostile.info.org == "<img src=x onerror=alert(7)>局")
    assert text_of(Page((site.folder / "body" / body[1][0]).read_text(encoding="utf-8")).find("h1")[0]) == body[0]
    assert body[2] == [["<script>alert(5)</script>.txt", 2020, hostile.info.sha256[:16]]]
    assert all(re.fullmatch(r"[\w-]+\.html", p.name) for p in site.folder.rglob("*.html"))


def test_a_document_page_shows_its_text_and_figures(site):
    pages = pages_of(site.folder)
    for doc in site_docs():
        page = pages[f"doc/{doc.info.sha256[:16]}.html"]
        assert text_of(page.find("div", "text")[0]) == doc.text
        assert [m["attrs"]["id"] for m in page.find("mark", "fig")] == [f"doc-0-{m.id}" for m in doc.metrics]


def test_a_body_page_shows_its_series_audit_and_documents(site):
    pages = pages_of(site.folder)
    name, page = next((n, p) for n, p in pages.items() if n.startswith("body/") and n.endswith("XX区科学技术局.html"))
    assert page.find("polyline", "result-line") and page.find("table", "audit")
    points = {e["attrs"]["href"] for e in page.elements if e["tag"] == "a" and "svg" in e["parents"]}
    assert points and all(re.fullmatch(r"\.\./doc/[0-9a-f]{16}\.html#doc-0-m\d+", h) for h in points), name
    listed = [e["attrs"]["href"] for e in page.find("a") if "documents" in e["ancestors"]]
    assert len(listed) == sum(d.info.org == "XX区科学技术局" for d in site_docs())


def test_the_audit_by_body_is_the_audit_of_all_the_documents(tmp_path):
    from summarymine.audit import audit
    from summarymine.report import site as site_module

    docs, targets = list(site_docs()), site_targets(tmp_path)
    bodies = site_module._bodies(docs)
    by_body = [f for b in bodies for f in site_module._audit(b, targets, None, [b.name for b in bodies if b.name])]
    whole = audit(docs, targets).to_dict()["findings"]

    def key(f):
        return (f["kind"], f["org"] or "", f["metric"] or "", f["year"] or 0, f["verdict"], f["source"] or "",
                f["sentence_start"] or 0, f["message"])

    assert sorted(map(key, by_body)) == sorted(map(key, whole))
    assert any(f["org"] == "不在此列的局" for f in by_body)


def test_a_long_body_goes_on_over_pages(tmp_path, monkeypatch):
    from summarymine.report import site as site_module
    from summarymine.report import write_site

    monkeypatch.setattr(site_module, "PAGE_BUDGET", 40_000)
    docs = [d for d in corpus_docs() if d.info.source.startswith("kjj_")]
    site = write_site(tmp_path / "site", docs)
    pages = pages_of(site.folder)
    body = [n for n in pages if n.startswith("body/")]
    assert len(body) > 2 and any(n.endswith("-XX区科学技术局.html") for n in body)
    assert not broken_links(site.folder)
    for name in body:
        ids = [e["attrs"]["id"] for e in pages[name].elements if "id" in e["attrs"]]
        assert len(ids) == len(set(ids)), name
        assert pages[name].find("span", "pager"), name
    # a view too long for one page goes on over pages of its own; a page is the budget, the styles and the script
    views = [s["attrs"]["id"] for n in body for s in pages[n].find("section", "view")]
    assert max(views.count("years"), views.count("audit")) > 1 and views.count("documents") == 1
    assert all(site.pages[n] < 2 * 40_000 for n in body)


def test_a_site_replaces_an_earlier_one_and_no_other_folder(tmp_path):
    from summarymine.errors import OutputError
    from summarymine.report import check_site_folder, write_site

    docs = [d for d in corpus_docs() if d.info.source.startswith("kjj_")]
    # the targets file names a body the site has not: it is judged on a page for documents without a body
    assert "body/unknown.html" in write_site(tmp_path / "site", docs, targets=site_targets(tmp_path)).pages
    site = write_site(tmp_path / "site", docs[:1], audit=False)
    assert sorted(site.pages) == sorted(str(p.relative_to(site.folder)) for p in site.folder.rglob("*.html"))
    assert len([n for n in site.pages if n.startswith("doc/")]) == 1
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="holds other files"):
        write_site(tmp_path / "other", docs)
    with pytest.raises(OutputError, match="no such folder"):
        check_site_folder(tmp_path / "missing" / "site")


def test_report_writes_a_site_to_a_folder_and_a_page_to_a_file(tmp_path, capsys):
    from summarymine.cli import main

    files = [str(p) for p in sorted(CORPUS.glob("kjj_201[23]*.txt"))]
    assert main(["report", *files, "-o", f"{tmp_path}/site/"]) == 0
    assert (tmp_path / "site" / "index.html").is_file() and "pages" in capsys.readouterr().err
    (tmp_path / "existing").mkdir()
    assert main(["report", *files, "-o", str(tmp_path / "existing")]) == 0 and (tmp_path / "existing/index.html").is_file()
    assert main(["report", *files, "-o", str(tmp_path / "one.html")]) == 0
    assert (tmp_path / "one.html").read_text(encoding="utf-8").count('<article class="doc"') == 2
