"""The cross-year view (charts and the comparison table of each body) and the audit view (findings by verdict)."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from ..audit.verdicts import VERDICTS, tone
from .charts import chart
from .html import Sources, e, int_text, number, signed, sortnum, value_text, year_span

# --------------------------------------------------------------------------------------------------
# Cross-year view


def comparison_rows(comparison: Any) -> list[dict[str, Any]]:
    """The rows of a ``Comparison``, of its long table, or of a list of row mappings."""
    table = getattr(comparison, "table", comparison)
    if table is None:
        return []
    if hasattr(table, "to_dict"):
        from ..compare import to_records

        return to_records(table)
    return [dict(r) for r in table]


def years_view(rows: list[dict[str, Any]], sources: Sources) -> str:
    out = ['<section id="years" class="view"><h2>Across years</h2>']
    if not rows:
        out.append('<p class="empty">No figure is mapped to a metric with a year, so there is nothing to line up.</p>')
    by_org: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_org[r.get("org") or "(no body named)"].append(r)
    # Bodies with the longest series first; within a body, the metrics with the most years of results first.
    def years_of(rows: list[dict[str, Any]], kind: str | None = None) -> set[int]:
        return {int(r["year"]) for r in rows if r.get("year") is not None and (kind is None or r.get("kind") == kind)}

    orgs = sorted(by_org.items(), key=lambda kv: (-len(years_of(kv[1])), -len(kv[1]), kv[0]))
    for k, (org, org_rows) in enumerate(orgs):
        series: dict[tuple[Any, Any], list[dict[str, Any]]] = defaultdict(list)
        for r in org_rows:
            # One chart per indicator (its key), over whole years: a quarter is no point on a line of years.
            whole_year = r.get("period") in (None, str(r.get("year")))
            if r.get("value") is not None and r.get("year") is not None and whole_year:
                series[(r.get("key") or r.get("metric"), r.get("unit"))].append(r)
        drawn = [(key, srows) for key, srows in series.items() if len(years_of(srows)) >= 2]
        drawn.sort(key=lambda kv: (-len(years_of(kv[1], "result")), -len(years_of(kv[1])), str(kv[0][0]),
                                   str(kv[0][1])))
        # Each metric's first chart, or its first row in the table when it has no chart, is its anchor.
        anchored: set[str] = set()
        charts = []
        for (metric, unit), srows in drawn:
            anchor = None if metric is None or metric in anchored else metric_anchor(k, metric)
            anchored.add(metric)
            charts.append(chart(metric, unit, srows, sources, anchor=anchor))
        span = year_span(years_of(org_rows))
        out.append(f'<section class="org" id="org-{k}"><h3>{e(org)} <span class="sub">{e(span)} · '
                   f'{len(org_rows)} figures in the comparison · {len(charts)} metrics over two years or more'
                   '</span></h3>')
        if charts:
            out.append(f'<div class="charts">{"".join(charts)}</div>')
        else:
            out.append('<p class="empty">No metric of this body is stated for two different years.</p>')
        out.append(_comparison_table(org_rows, sources, k, anchored))
        out.append("</section>")
    out.append("</section>")
    return "\n".join(out)


def metric_anchor(k: int, metric: str) -> str:
    """The id of a metric's place in the ``k``-th body of the cross-year view."""
    return f"org-{k}-metric-{metric}"


def _comparison_table(rows: list[dict[str, Any]], sources: Sources, k: int, anchored: set[str]) -> str:
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
        href = sources.href(r.get("source"), f"-{r['id']}") if r.get("id") is not None else None
        written = e(r.get("text") or "")
        if href is not None:
            written = f'<a href="{e(href)}">{written}</a>'
        change, growth = r.get("change"), r.get("growth_pct")
        cls = "target-row" if r.get("kind") == "target" else ""
        trend = "" if growth is None else (" up" if growth > 0 else " down" if growth < 0 else "")
        metric = r.get("metric")
        row_id = ""
        if metric is not None and metric not in anchored:
            anchored.add(metric)
            row_id = f' id="{e(metric_anchor(k, metric))}"'
        out.append(
            f'<tr class="{cls}"{row_id}><td data-sort="{e(r.get("metric_label") or r.get("metric") or "")}">'
            f'{e(r.get("metric_label") or "")} <code>{e(r.get("metric") or "")}</code></td>'
            f'<td class="num">{e(int_text(r.get("year")))}</td><td>{e(r.get("kind") or "")}</td>'
            f'<td class="num" data-sort="{sortnum(r.get("value"))}">'
            f'{e(value_text(r.get("value"), r.get("value_max")))}</td>'
            f'<td>{e(r.get("unit") or "")}</td><td>{e(r.get("approx") or "")}</td>'
            f'<td class="num" data-sort="{sortnum(change)}">{e(signed(change))}</td>'
            f'<td class="num{trend}" data-sort="{sortnum(growth)}">{e(signed(growth, "%"))}</td>'
            f'<td>{written}</td><td class="src">{e(r.get("source") or "")}</td></tr>')
    out.append("</tbody></table></div></details>")
    return "".join(out)


# --------------------------------------------------------------------------------------------------
# Audit view


def findings_of(audit: Any) -> list[dict[str, Any]]:
    """The findings as dicts, from an ``Audit``, its ``to_dict()``, or a list of findings."""
    if isinstance(audit, Mapping):
        items = audit.get("findings", [])
    else:
        items = getattr(audit, "findings", audit)
    out = []
    for f in items:
        d = f.to_dict() if hasattr(f, "to_dict") else dict(f)
        out.append(d)
    return out


def finding_sentences(findings: Iterable[Mapping[str, Any]]) -> dict[str | None, list[tuple[int, int]]]:
    """The sentences findings rest on, by document source: they get anchors as well as those of the figures."""
    out: dict[str | None, list[tuple[int, int]]] = defaultdict(list)
    for f in findings:
        if f.get("sentence_start") is not None and f.get("sentence_end") is not None:
            out[f.get("source")].append((f["sentence_start"], f["sentence_end"]))
    return out


def audit_view(findings: list[dict[str, Any]], sources: Sources) -> str:
    verdicts = Counter(str(f.get("verdict") or "") for f in findings)
    known: list[str] = [v.name for v in VERDICTS]
    order = [v for v in known if v in verdicts] + sorted(v for v in verdicts if v not in known)
    # The verdict chips filter the tables (a click shows only that verdict; a second click shows all).
    chips = " ".join(f'<button type="button" class="verdict v-{tone(v)}" data-verdict="{e(v)}" '
                     f'aria-pressed="false">{e(v.replace("_", " "))} {verdicts[v]}</button>' for v in order)
    orgs = sorted({f.get("org") or "" for f in findings})
    by_body = len(orgs) > 1  # one body: named once above the tables instead of on every row
    out = ['<section id="audit" class="view"><h2>Audit</h2>']
    if findings:
        about = " about " + e(orgs[0]) if not by_body and orgs[0] else ""
        out.append(f'<p class="summary">{len(findings)} findings{about}: '
                   f'{chips} <span class="hint">click a verdict to show only its rows</span></p>')
    else:
        out.append('<p class="empty">No findings: no targets to check and nothing to add up.</p>')
    body_head = '<th data-type="text">Body</th>' if by_body else ""

    def body_cell(f: dict[str, Any]) -> str:
        return f'<td class="org">{e(f.get("org") or "")}</td>' if by_body else ""

    def row_open(f: dict[str, Any], extra: str = "") -> str:
        v = f.get("verdict") or ""
        return f'<tr class="v-{tone(v)}{extra}" data-verdict="{e(v)}">'

    targets = [f for f in findings if f.get("kind") == "target"]
    others = [f for f in findings if f.get("kind") != "target"]
    if targets:
        out.append(f'<h3>Targets · {len(targets)}</h3><div class="table-wrap"><table class="sortable audit targets">'
                   f'<thead><tr><th data-type="text">Verdict</th>{body_head}'
                   '<th data-type="text">Metric</th><th data-type="num">Year</th><th data-type="text">Target</th>'
                   '<th data-type="text">Actual</th><th data-type="text">Finding</th><th>Sentence</th></tr></thead>'
                   '<tbody>')
        for f in targets:
            out.append(
                f'{row_open(f)}{_verdict_cell(f)}{body_cell(f)}{_metric_cell(f)}'
                f'<td class="num">{e(int_text(f.get("year")))}</td>'
                f'<td>{_figure_link(f.get("target"), f.get("target_source"), sources)}</td>'
                f'<td>{_figure_link(f.get("actual"), f.get("actual_source"), sources)}</td>'
                f'<td class="message">{e(f.get("message") or "")}</td>{_sentence_cell(f, sources)}</tr>')
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
                f'{row_open(f, " sev-" + e(f.get("severity") or ""))}'
                f'{_verdict_cell(f)}<td>{e((f.get("kind") or "").replace("_", " "))}</td>'
                f'<td>{e(f.get("severity") or "")}</td>{body_cell(f)}{_metric_cell(f)}'
                f'<td class="num">{e(int_text(f.get("year")))}</td>'
                f'<td class="message">{e(f.get("message") or "")}</td><td class="figs">{figs}</td>'
                f'{_sentence_cell(f, sources)}</tr>')
        out.append("</tbody></table></div>")
    out.append("</section>")
    return "\n".join(out)


def _verdict_cell(f: dict[str, Any]) -> str:
    v = f.get("verdict") or ""
    return f'<td data-sort="{e(v)}"><span class="verdict v-{tone(v)}">{e(v.replace("_", " "))}</span></td>'


def _metric_cell(f: dict[str, Any]) -> str:
    label = f.get("metric_label") or ""
    metric = e(f.get("metric") or "")
    return f'<td data-sort="{e(label) or metric}">{e(label)} <code>{metric}</code></td>'


def _figure_link(fig: Any, source: str | None, sources: Sources, *, short: bool = False) -> str:
    if not isinstance(fig, Mapping):
        return ""
    text = fig.get("text") or number(fig.get("value"))
    if not short and fig.get("year") is not None:
        text = f"{text}"
    label = e(text)
    where = source or fig.get("source")
    href = sources.href(where, f"-{fig['id']}") if fig.get("id") is not None else None
    tip = e(f"{fig.get('subject') or ''} · {where or ''}")
    if href is not None:
        return f'<a class="figlink" href="{e(href)}" title="{tip}">{label}</a>'
    return f'<span class="figlink" title="{tip}">{label}</span>'


def _sentence_cell(f: dict[str, Any], sources: Sources) -> str:
    start = f.get("sentence_start")
    href = sources.href(f.get("source"), f"-sent-{int(start)}") if start is not None else None
    if start is None or href is None:
        return f'<td class="src">{e(f.get("source") or "")}</td>'
    excerpt = (f.get("sentence") or "").strip()
    if len(excerpt) > 60:
        excerpt = excerpt[:58] + "…"
    return (f'<td class="src"><a href="{e(href)}" title="{e(excerpt)}">'
            f'{e(f.get("source") or "")} @{int(start)}</a></td>')
