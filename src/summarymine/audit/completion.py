"""The completion-rate check: 完成目标任务的117% against actual ÷ target, when the text gives both."""
from __future__ import annotations

from collections.abc import Sequence

from .context import Context
from .findings import Finding
from .text import num, rounded


def completion_rates(ctx: Context, _found: Sequence[Finding]) -> list[Finding]:
    """A stated rate that differs from actual ÷ target by more than ``Tolerances.completion_points`` is a warning."""
    figs = ctx.figures
    found = []
    for i, c in enumerate(figs):
        if c.m.measure != "completion" or c.unit != "%":
            continue
        before = [f for f in figs[:i] if f.m.sentence_start == c.m.sentence_start and f.m.measure == "amount"]
        actual = next((f for f in reversed(before) if f.is_actual), None)
        if actual is None:
            continue
        target = next((f for f in reversed(before) if f.is_target and f.unit == actual.unit), None)
        if target is None and actual.m.metric is not None:
            target = next((f for f in figs if f.is_target and f.m.metric == actual.m.metric and f.unit == actual.unit
                           and f.m.year == actual.m.year and f.m.section != "span"), None)
        if target is None:
            paragraph = c.doc.text.rfind("\n", 0, c.m.quantity.start)
            target = next((f for f in reversed(figs[:i]) if f.is_target and f.unit == actual.unit
                           and f.m.quantity.start > paragraph), None)
        if target is None or not target.value:
            continue
        implied = actual.value / target.value * 100
        ok = abs(implied - c.value) <= ctx.tolerances.completion_points
        message = (f"The stated completion rate {c.m.quantity.text} {'agrees' if ok else 'disagrees'} with the "
                   f"figures: {actual.m.quantity.text} against the target {target.m.quantity.text} is "
                   f"{num(rounded(implied, 1))}%.")
        found.append(Finding(
            kind="consistency", metric=actual.m.metric or target.m.metric, year=c.m.year,
            verdict="consistent" if ok else "inconsistent", severity="info" if ok else "warning",
            message=message, org=c.org, **c.at(), figures=tuple(f.to_dict() for f in (c, target, actual)),
            details={"check": "completion_rate", "stated": c.value, "implied": rounded(implied, 2)},
        ))
    return found
