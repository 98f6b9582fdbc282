"""The charts of the cross-year view: one SVG per metric, results as a line, targets as diamonds beside them."""
from __future__ import annotations

import math
from typing import Any

from .html import Sources, e, number


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


def chart(metric: str | None, unit: str | None, rows: list[dict[str, Any]], sources: Sources, *,
          anchor: str | None = None) -> str:
    """One metric of one body across the years of ``rows``, each point linked to its figure in the documents;
    ``anchor`` is the card's id."""
    # The picture's width and height, and its margins: left, right, top, bottom.
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
             f'aria-label="{e(label)} ({e(axis_unit)}), {y0}–{y1}" xmlns="http://www.w3.org/2000/svg">']
    for t in ticks:
        yy = y(t)
        zero = " zero" if t == 0 else ""
        parts.append(f'<line class="grid{zero}" x1="{L}" x2="{W - R}" y1="{yy:.1f}" y2="{yy:.1f}"/>'
                     f'<text class="tick" x="{L - 5}" y="{yy + 3.5:.1f}" text-anchor="end">{e(_short(t))}</text>')
    step = 1 if y1 - y0 < 7 else 2
    for year in range(y0, y1 + 1, step):
        parts.append(f'<text class="tick" x="{x(year):.1f}" y="{H - B + 16}" text-anchor="middle">{year}</text>')
    parts.append(f'<text class="unit" x="{L - 5}" y="{T - 9}" text-anchor="end">{e(axis_unit)}</text>')

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
                         f'{e(_short(float(r["value"]) / div))}</text>')
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
                         f'{e(value)}</text>')
    parts.append("</svg>")
    legend = []
    if results:
        legend.append('<span class="key key-result">result</span>')
    if targets:
        legend.append('<span class="key key-target">target</span>')
    card_id = f' id="{e(anchor)}"' if anchor is not None else ""
    return (f'<figure class="chart-card"{card_id}><figcaption><span class="label">{e(label)}</span> '
            f'<code>{e(metric or "")}</code></figcaption>{"".join(parts)}'
            f'<div class="keys">{"".join(legend)}</div></figure>')


def _linked(shape: str, r: dict[str, Any], sources: Sources) -> str:
    what = "target" if r.get("kind") == "target" else "result"
    tip = (f"{r['year']} {what}: {r.get('text') or number(r['value'])}"
           f"{' (' + r['approx'] + ')' if r.get('approx') not in (None, 'exact') else ''}"
           f" — {r.get('subject') or ''} [{r.get('source') or ''}]")
    href = sources.href(r.get("source"), f"-{r['id']}") if r.get("id") is not None else None
    inner = f"<title>{e(tip)}</title>{shape}"
    if href is None:
        return f"<g>{inner}</g>"
    return f'<a href="{e(href)}">{inner}</a>'
