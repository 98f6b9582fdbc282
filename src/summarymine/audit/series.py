"""Checks across years: revisions of a level's series, and stated growth rates against the levels they join.

A level and its growth are two metrics of the taxonomy, ``x`` and ``x_growth``
(``Context.level_growth_pairs``). Only result figures with a year, outside
baselines and parts, in the review part of their report count.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..lexicon import cues
from ..normalize import normalize
from .context import Context, Fig, source_of
from .findings import Finding
from .rules import overlap
from .text import amount, num, rounded, who


def _series(figs: Sequence[Fig], metric: str, measure: str, unit: str | None = None) -> dict[str, list[Fig]]:
    """Result figures of one metric with a year, outside baselines and parts, by org."""
    out: dict[str, list[Fig]] = {}
    for f in figs:
        m = f.m
        if (m.metric == metric and m.measure == measure and f.is_actual and not f.is_estimate and m.year is not None
                and m.parent is None and m.section == "review" and (unit is None or f.unit == unit)):
            out.setdefault(f.org, []).append(f)
    return out


def _own(figs: Sequence[Fig], year: int) -> Fig | None:
    """The figure for ``year`` from the document reporting on it (its first mention), else None."""
    return next((f for f in figs if f.m.year == year and f.doc_year == year), None)


def revisions(ctx: Context, _found: Sequence[Finding]) -> list[Finding]:
    """A past year's level restated in a later report with another value, and a report's level that breaks the series
    its predecessors gave while its stated growth is small: revisions (a warning), not arithmetic errors."""
    found = []
    for level_id, growth_id in ctx.level_growth_pairs.items():
        levels = _series(ctx.by_metric.get(level_id, []), level_id, "amount")
        if not levels:
            continue
        growths = _series(ctx.by_metric.get(growth_id, []), growth_id, "growth", "%")
        label = ctx.label(level_id)
        for org, series in levels.items():
            stated = growths.get(org, [])
            years = sorted({f.m.year for f in series if f.m.year is not None})
            own = {y: _own(series, y) for y in years}
            for y in years:
                first = own[y]
                if first is None:
                    continue
                for later in series:
                    if later.m.year != y or later.doc is first.doc or later.unit != first.unit:
                        continue
                    if overlap(first.interval(ctx.band), later.interval(ctx.band),
                               abs(first.value) * ctx.tolerances.sum_relative):
                        continue
                    change = (later.value / first.value - 1) if first.value else None
                    found.append(Finding(
                        kind="revision", metric=level_id, year=y, verdict="revision", severity="warning", org=org,
                        message=(f"{who(org)}'s {y} {label} is {later.m.quantity.text} in {later.source} "
                                 f"but {first.m.quantity.text} in {first.source}, the report on {y}: a revision, "
                                 f"not an arithmetic error."),
                        **later.at(), figures=(first.to_dict(), later.to_dict()),
                        details={"check": "restated", "earlier": first.value, "later": later.value,
                                 "change": rounded(change * 100, 1) if change is not None else None},
                    ))
            owned = [(y, f) for y, f in own.items() if f is not None]
            for (previous, before), (y, now) in zip(owned, owned[1:]):
                if now.unit != before.unit or not before.value:
                    continue
                growth_now = next((g for g in stated if g.m.year == y and g.doc is now.doc), None)
                if growth_now is None:
                    continue
                expected = before.value
                chain = []
                for k in range(previous + 1, y + 1):
                    g = (growth_now if k == y else
                         next((g for g in stated if g.m.year == k and g.doc_year == k), None) or growth_now)
                    chain.append(g.value)
                    expected *= 1 + g.value / 100
                if not expected:
                    continue
                deviation = now.value / expected - 1
                if abs(deviation) <= ctx.tolerances.revision:
                    continue
                found.append(Finding(
                    kind="revision", metric=level_id, year=y, verdict="revision", severity="warning", org=org,
                    message=(f"{who(org)}'s {y} {label} in {now.source}, {now.m.quantity.text}, breaks the "
                             f"earlier series ({before.m.quantity.text} for {previous} in {before.source}; with the "
                             f"stated growth of {growth_now.m.quantity.text} it would be about "
                             f"{amount(expected, now.unit)}, {num(rounded(abs(deviation) * 100, 1))}% "
                             f"{'lower' if deviation < 0 else 'higher'}): a revision of the series (a new base or "
                             f"boundary), not an arithmetic error."),
                    **now.at(), figures=(before.to_dict(), now.to_dict(), growth_now.to_dict()),
                    details={"check": "series_break", "break": True, "previous_year": previous,
                             "previous": before.value, "level": now.value, "expected": rounded(expected, 0),
                             "deviation": rounded(deviation * 100, 1), "growth": chain},
                ))
    return found


def growth_checks(ctx: Context, found: Sequence[Finding]) -> list[Finding]:
    """A stated growth rate (year Y) against the levels of Y-1 and Y of the same body; a year whose series a
    revision broke is left out. GDP and value-added growth is in comparable prices while levels are nominal:
    those get ``Tolerances.comparable_growth_points`` and only an ``info``."""
    revised = {(f.org, f.metric, f.year) for f in found if f.kind == "revision" and f.details.get("break")}
    out = []
    for level_id, growth_id in ctx.level_growth_pairs.items():
        levels = _series(ctx.by_metric.get(level_id, []), level_id, "amount")
        if not levels:
            continue
        label = ctx.label(level_id)
        for org, growths in _series(ctx.by_metric.get(growth_id, []), growth_id, "growth", "%").items():
            series = levels.get(org, [])
            done = set()
            for g in sorted(growths, key=lambda g: (g.doc_year != g.m.year, source_of(g.doc), g.m.quantity.start)):
                y = g.m.year
                if y is None or y in done or (org, level_id, y) in revised:
                    continue

                def level(year: int, g: Fig = g, series: list[Fig] = series) -> Fig | None:
                    same = next((f for f in series if f.m.year == year and f.doc is g.doc), None)
                    return same or _own(series, year) or next((f for f in series if f.m.year == year), None)

                now, before = level(y), level(y - 1)
                if now is None or before is None or now.unit != before.unit or not before.value:
                    continue
                done.add(y)
                implied = (now.value / before.value - 1) * 100
                comparable = bool(cues().patterns["comparable"].search(normalize(g.sentence()))) or any(
                    word in (label or "") for word in ("生产总值", "增加值"))
                limit = ctx.tolerances.comparable_growth_points if comparable else ctx.tolerances.growth_points
                ok = abs(implied - g.value) <= limit
                note = (" (growth in comparable prices, levels in current prices: the gap includes price change)"
                        if comparable else "")
                message = (f"{who(org)}'s stated {y} growth of {label}, {g.m.quantity.text}, "
                           f"{'agrees with' if ok else 'differs from'} the {num(rounded(implied, 1))}% its levels "
                           f"give ({before.m.quantity.text} in {y - 1}, {now.m.quantity.text} in {y}){note}.")
                out.append(Finding(
                    kind="growth_check", metric=growth_id, year=y, verdict="consistent" if ok else "inconsistent",
                    severity="info" if ok or comparable else "warning", message=message, org=org, **g.at(),
                    figures=(before.to_dict(), now.to_dict(), g.to_dict()),
                    details={"check": "growth", "stated": g.value, "implied": rounded(implied, 2),
                             "difference": rounded(implied - g.value, 2), "tolerance": limit,
                             "comparable": comparable},
                ))
    return out
