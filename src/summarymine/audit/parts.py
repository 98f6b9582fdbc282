"""The parts check: 其中 parts (``Metric.parent``) against their total, in one document."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .context import Context, Fig
from .findings import Finding
from .text import amount
from .verdicts import Severity, VerdictName


def parts(ctx: Context, _found: Sequence[Finding]) -> list[Finding]:
    """No part above its total, and their sum not past it (in the total's unit): else an arithmetic error."""
    by_id = {f.m.id: f for f in ctx.figures}
    groups: dict[str, list[Fig]] = {}
    for f in ctx.figures:
        if f.m.parent is not None and f.m.parent in by_id:
            groups.setdefault(f.m.parent, []).append(f)
    found = []
    for parent_id, members in groups.items():
        total = by_id[parent_id]
        shares = [p for p in members if p.unit == total.unit and p.m.measure == "amount" == total.m.measure]
        if not shares or total.unit in ("%", "百分点"):
            continue
        t_lo, t_hi = total.interval(ctx.band)
        slack = abs(total.value) * ctx.tolerances.sum_relative
        lows = [p.interval(ctx.band)[0] for p in shares]
        total_sum = sum((lo if lo is not None else p.value for lo, p in zip(lows, shares)), Decimal(0))
        terms = " + ".join(p.m.quantity.text for p in shares)
        label = f"{total.m.quantity.text} ({total.m.subject or ctx.label(total.m.metric) or 'the total'})"
        details = {"total": total.value, "sum_of_parts": total_sum, "parts": len(shares)}
        biggest = max(shares, key=lambda p: p.value)
        verdict: VerdictName
        severity: Severity
        if t_hi is not None and biggest.value > t_hi + slack:
            verdict, severity = "inconsistent", "error"
            message = f"The part {biggest.m.quantity.text} ({biggest.m.subject}) exceeds its total {label}."
        elif t_hi is not None and total_sum > t_hi + slack:
            verdict, severity = "inconsistent", "error"
            message = f"The parts of {label} sum past it: {terms} = {amount(total_sum, total.unit)}."
        elif t_lo is not None and abs(total_sum - total.value) <= slack and total.m.quantity.approx == "exact":
            verdict, severity = "consistent", "info"
            message = f"The parts of {label} add up to it: {terms} = {amount(total_sum, total.unit)}."
        else:
            verdict, severity = "consistent", "info"
            message = (f"The parts of {label} stay within it: {terms} = {amount(total_sum, total.unit)} "
                       f"(a 其中 list need not be complete).")
        found.append(Finding(
            kind="consistency", metric=total.m.metric, year=total.m.year, verdict=verdict, severity=severity,
            message=message, org=total.org, **total.at(span_of=[total, *shares]),
            figures=tuple(x.to_dict() for x in [total, *shares]), details={"check": "parts", **details},
        ))
    return found
