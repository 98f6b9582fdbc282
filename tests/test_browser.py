"""The report in a real browser: Debian's headless Chromium, driven over the DevTools protocol (browser_check.py).

CI installs the browser (``.ci/run``); without it these tests fail, they are not skipped, because a report
nobody has opened is not tested; only where ``.ci/run`` could not install it (not root) are they skipped,
with its reason (``SUMMARYMINE_BROWSER_SKIP``). Set ``SUMMARYMINE_CHROMIUM`` to use another binary, and
``SUMMARYMINE_SCREENSHOT=1`` to copy the screenshot to docs/report.png (the README's picture).
"""
from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from functools import cache

import pytest

from browser_check import Browser, chromium_path
from paths import CORPUS, ROOT
from summarymine import extract
from summarymine.report import write_report

pytestmark = pytest.mark.slow  # a browser

HOSTILE = (
    "<script>window.__pwned = 1; alert(1)</script>丰河县测试局2020年工作总结\n"
    "2020年，全年完成投资1.5亿元，同比增长12%。\"><img src=x onerror=\"window.__pwned = 2; alert(2)\">"
    "新增就业岗位300个。<svg onload=\"window.__pwned = 3\"></svg><iframe src=\"https://example.com/\"></iframe>\n"
)
SHOWN = "kjj_2013_zh-hans.txt"  # the document whose figures are counted, and which the screenshot shows


@cache
def documents():
    docs = [extract(p.read_text(encoding="utf-8"), source=p.name) for p in sorted(CORPUS.glob("*.txt"))]
    docs.append(extract(HOSTILE, source="hostile<script>.txt", year=2020))
    return tuple(docs)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    if chromium_path() is None:
        # .ci/run, when it cannot install Chromium, says so and sets the reason: skipped, never passed.
        if os.environ.get("SUMMARYMINE_BROWSER_SKIP"):
            pytest.skip(os.environ["SUMMARYMINE_BROWSER_SKIP"])
        pytest.fail("the browser test needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; "
                    ".ci/run installs it), or SUMMARYMINE_CHROMIUM set to a Chromium binary")
    folder = tmp_path_factory.mktemp("report")
    path = write_report(folder / "report.html", documents(), title="summarymine · bundled corpus")
    with Browser(width=1366, height=860) as browser:
        browser.open(path.resolve().as_uri())
        browser.pump(0.5)
        browser.folder = folder
        browser.url = path.resolve().as_uri()
        yield browser


def doc_index(source: str) -> int:
    return next(i for i, d in enumerate(documents()) if d.info.source == source)


def test_no_dialog_and_no_script_from_a_document_ran(page):
    assert not page.events_named("Page.javascriptDialogOpening"), "an alert/confirm/prompt was opened"
    assert page.eval("typeof window.__pwned") == "undefined"
    assert page.eval("document.scripts.length") == 1
    assert page.eval("document.querySelectorAll('img, iframe, object, embed').length") == 0
    i = doc_index("hostile<script>.txt")
    shown = page.eval(f"document.querySelector('#doc-{i} .text').textContent")
    assert shown == HOSTILE
    assert page.eval(f"document.querySelector('#doc-{i} h3').textContent") == "2020 hostile<script>.txt"
    errors = list(page.events_named("Runtime.exceptionThrown"))
    assert not errors, errors[:3]


def test_every_figure_of_a_document_is_highlighted(page):
    i = doc_index(SHOWN)
    expected = extract((CORPUS / SHOWN).read_text(encoding="utf-8"), source=SHOWN).metrics
    shown = page.eval(f"""Array.from(document.querySelectorAll('#doc-{i} mark.fig')).map(m => ({{
        id: m.dataset.id, text: m.textContent, boxes: m.getClientRects().length,
        background: getComputedStyle(m).backgroundColor}}))""")
    assert len(shown) == len(expected)
    assert [s["id"] for s in shown] == [m.id for m in expected]
    assert [s["text"] for s in shown] == [m.quantity.text for m in expected]
    assert all(s["boxes"] > 0 for s in shown), "a figure is not laid out"
    assert all(s["background"] not in ("rgba(0, 0, 0, 0)", "transparent") for s in shown), "a figure is not coloured"


def test_clicking_a_figure_shows_its_reading(page):
    i = doc_index(SHOWN)
    doc = next(d for d in documents() if d.info.source == SHOWN)
    # a part of a total (其中…) whose status is plain, so the panel shows every line of a reading
    parts = [m for m in doc.metrics if m.subject and m.parent]
    figure = next((m for m in parts if m.status == "achieved"), parts[0])
    assert page.eval("document.getElementById('panel').hidden") is True
    page.click_selector(f"#doc-{i}-{figure.id}")
    assert page.eval("document.getElementById('panel').hidden") is False
    text = page.eval("document.getElementById('panel').textContent")
    assert figure.subject in text
    assert figure.quantity.text in text and (figure.metric or "(not mapped)") in text
    assert figure.parent in text
    assert page.eval(f"document.getElementById('doc-{i}-{figure.id}').classList.contains('active')") is True
    # the subject is marked along with it
    subjects = page.eval(f"Array.from(document.querySelectorAll('#doc-{i} .subj.active')).map(s => s.textContent)")
    assert subjects and "".join(subjects) in figure.subject
    page.screenshot(page.folder / "report-document.png")
    if os.environ.get("SUMMARYMINE_SCREENSHOT"):
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(page.folder / "report-document.png", ROOT / "docs" / "report.png")


def test_a_chart_has_drawn(page):
    found = page.eval("""(() => {
        const line = document.querySelector('#years svg.chart polyline.result-line');
        if (!line) return null;
        line.scrollIntoView({block: 'center'});
        const box = line.getBoundingClientRect();
        return {points: line.points.numberOfItems, length: line.getTotalLength(), width: box.width, height: box.height,
                dots: line.closest('svg').querySelectorAll('circle.result').length};
    })()""")
    assert found is not None, "no chart with a line"
    assert found["points"] >= 2 and found["length"] > 10 and found["width"] > 10
    assert found["dots"] >= 2
    page.screenshot(page.folder / "report-years.png")


def test_show_rejected_greys_the_candidates(page):
    i = doc_index(SHOWN)
    before = page.eval(f"getComputedStyle(document.querySelector('#doc-{i} .rej')).color")
    page.click_selector("#show-rejected")
    after = page.eval(f"getComputedStyle(document.querySelector('#doc-{i} .rej')).color")
    tag = page.eval(f"getComputedStyle(document.querySelector('#doc-{i} .rej'), '::after').content")
    page.click_selector("#show-rejected")
    assert before != after
    assert tag not in ("none", "normal", '""')


def test_an_audit_row_leads_to_its_sentence(page):
    href = page.eval("document.querySelector('#audit a[href*=\"-sent-\"]').getAttribute('href')")
    page.click_selector(f"#audit a[href='{href}']")
    page.pump(0.3)
    state = page.eval(f"""(() => {{
        const t = document.getElementById({json.dumps(href[1:])});
        const r = t.getBoundingClientRect();
        return {{hash: location.hash, top: r.top, inView: r.top >= 0 && r.top < innerHeight}};
    }})()""")
    assert state["hash"] == href and state["inView"], state


def test_the_page_made_no_network_request(page):
    page.pump(0.3)
    urls = [e["params"]["request"]["url"] for e in page.events_named("Network.requestWillBeSent")]
    assert urls == [page.url], urls
    assert page.eval("performance.getEntriesByType('resource').map(e => e.name)") == []
    assert not page.events_named("Network.webSocketCreated")


# --------------------------------------------------------------------------- the site (report -o DIR/)


@pytest.fixture(scope="module")
def tour(tmp_path_factory):
    from browser_check import site_tour
    from summarymine.report import write_site

    if chromium_path() is None:
        pytest.skip("no chromium: test_browser's page fixture says why")
    site = write_site(tmp_path_factory.mktemp("site") / "site", documents(), title="summarymine · bundled corpus")
    with Browser(width=1366, height=860) as browser:
        found = site_tour(browser, site.folder / "index.html", "科学技术局 201")
        browser.screenshot(site.folder / "tour-document.png")
        found["site"] = site
        yield found


def test_the_site_search_finds_documents_as_one_types(tour):
    assert tour["index_scripts"] == 2  # the page's script and the search data, which is never run
    groups = {g["group"].split(" · ")[0]: g for g in tour["search"]}
    # every word typed is in the document's title, body or year
    expected = [d for d in documents() if "科学技术局" in f"{d.info.title} {d.info.org}" and "201" in f"{d.info.title} {d.info.year}"]
    assert len(expected) == 3 and groups["Documents"]["group"] == "Documents · 3" and groups["Documents"]["shown"] == 3
    assert "Bodies" not in groups  # no body's name holds 201
    assert groups["Documents"]["first"].endswith(".html")


def test_a_body_page_of_the_site_draws_its_charts(tour):
    counts = Counter(d.info.org for d in documents() if d.info.org)
    assert tour["body"] == tour["body_heading"] and counts[tour["body"]] == max(counts.values())
    assert tour["charts"] > 0 and tour["chart_lines"] > 0


def test_a_document_page_of_the_site_shows_its_figures(tour):
    sha = tour["document_url"].rsplit("/", 1)[-1].removesuffix(".html")
    doc = next(d for d in documents() if d.info.sha256.startswith(sha))
    assert tour["figure_ids"] == [m.id for m in doc.metrics] and tour["figures"] == len(doc.metrics) > 0
    assert tour["panel"] and doc.metrics[0].quantity.text in tour["panel"]


def test_the_site_made_no_request_outside_itself_and_no_error(tour):
    site = tour["site"].folder.resolve().as_uri()
    assert tour["requests"] and all(u.startswith(site + "/") for u in tour["requests"]), tour["requests"]
    assert len(tour["requests"]) == 3  # the index, a body, a document: nothing else was fetched
    assert not tour["errors"], tour["errors"][:3]
