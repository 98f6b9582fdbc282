"""Finding numeric expressions in text and reading them.

``quantities(text)`` scans the script- and width-normalized text with
patterns built from the lexicons (numerals, units, hedges), reads every
numeric expression it finds into a ``Quantity`` with its span in the
original text, and classifies it: ``kind == "figure"`` for something the
document reports, otherwise the reason it is not one (``date``, ``year``,
``list_marker``, ``name`` …), so that nothing is dropped without a trace.

The grammar is built in ``patterns``, an expression read in ``scan`` and judged in ``classify``.
"""
from __future__ import annotations

import bisect
from array import array
from dataclasses import replace
from decimal import Decimal

from ..normalize import normalize
from ..numerals import parse_number
from .patterns import MONEY, Grammar, Hedge, Unit, grammar
from .quantity import Quantity, json_number
from .scan import _scan

__all__ = ["MONEY", "Grammar", "Hedge", "Quantity", "Unit", "grammar", "in_unit", "json_number", "quantities"]


def quantities(text: str, *, normalized: str | None = None) -> list[Quantity]:
    """Every numeric expression in ``text``, figures and non-figures, in text order."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    norm = normalized if normalized is not None else normalize(text)
    g = grammar()
    if not g.hidden.search(text):
        return _scan(text, norm, g)
    # 增长12.<zero-width space>5%: read the text without the characters numbers are read through,
    # then put every span back on the original text (its offsets are sacred).
    view = g.hidden.sub("", text)
    shifts = array("q", (m.start() - n for n, m in enumerate(g.hidden.finditer(text))))

    def original(at: int) -> int:
        return at + bisect.bisect_right(shifts, at)

    found = []
    for q in _scan(view, normalize(view), g):
        start = original(q.start)
        end = original(q.end - 1) + 1 if q.end > q.start else start
        found.append(replace(q, text=text[start:end], start=start, end=end))
    return found


def in_unit(q: Quantity, written: str) -> Quantity | None:
    """A bare number read in the unit its table names (单位：万元, （万吨）, （±%）, 新臺幣千元), or None
    when ``written`` is no unit: 1,230 under 单位：万元 is 12300000 元, as 1,230万元 would be."""
    g = grammar()
    phrase = normalize(written).removeprefix("±")
    # 新臺幣千元: a currency word before the unit says whose 元 (the longest word, as after a number).
    named = g.currency_after.match(phrase)
    currency = g.currencies[named.group()] if named and named.end() < len(phrase) else None
    if named and currency is not None:
        phrase = phrase[named.end():]
    for split in range(len(phrase)):
        multiplier, surface = phrase[:split], phrase[split:]
        unit = g.units.get(surface)
        if unit is None or not all(c in g.multipliers for c in multiplier):
            continue
        if q.value is None or q.kind != "bare":
            return None
        scale = parse_number(multiplier) if multiplier else Decimal(1)
        if unit.category in MONEY:
            currency = currency or g.currencies.get(unit.surface)
        return replace(q, value=q.value * scale, unit=unit.unit, unit_category=unit.category, kind="figure",
                       reason=f"unit {written!r} from the table's caption, header or row", currency=currency)
    return None
