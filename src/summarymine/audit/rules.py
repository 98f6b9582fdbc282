"""The verdict rules: how wide a hedge is, how much slack the checks allow, and when a target is met.

How a target is read (``Target.approx``, the figure's ``approx``)
-----------------------------------------------------------------
Each target has a good direction: up, unless it is a ceiling (``at_most``,
``less_than``: 4.5%以内), a decrease (a signed growth target below zero:
单位GDP能耗下降3.4%以上 is value -3.4, ``at_most``), or a metric the taxonomy says is
better low (its ``direction``: ``lower``, or ``ceiling``); a targets file may set it (``direction``).
A ceiling kept (CPI 3%左右, unemployment 4.5%以内 with 4.2%) is ``met``, never ``exceeded``: staying under
the cap is all such a target asks. A band (M2 growth 8%左右) missed either way is ``missed``.

* ``at_least``/``more_than`` (以上, 超过) is a floor, ``at_most``/``less_than``
  (以内, 不超过) a ceiling: on the right side of it is ``met``; past it in the
  good direction by more than the band (below) is ``exceeded``; on the wrong
  side by more than the target's tolerance (default 0) is ``missed``.
* ``about`` (左右, 约) is a band of the ``AboutBand`` width on both sides:
  inside is ``met``, beyond it ``exceeded`` or ``missed`` by direction.
* ``range`` (6.5%-7%) is met inside the range (widened by the tolerance),
  ``exceeded``/``missed`` outside it by direction.
* ``exact`` (增长21%, 达到240亿元): a number without a hedge is what was aimed
  at, read as a floor in the good direction.

Figures compared are the rounded numbers the texts print; verdicts do not try
to guess the unrounded values.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .targets import Target
from .text import amount, num, unit_name
from .verdicts import VerdictName

Interval = tuple[Decimal | None, Decimal | None]


@dataclass(frozen=True)
class AboutBand:
    """How wide 左右/约 is, and how far past a target counts as ``exceeded``.

    For a target in percent (``%``) or percentage points (``百分点``), such as a
    growth rate or a share, the band is ``points`` percentage points on either
    side (7%左右 with the default: 6.5%–7.5%). For a level in any other unit it
    is ``relative`` times the target (240亿元左右: ±4.8亿元). The same width is
    the margin by which an outcome must pass a floor, a ceiling or an exact
    target to count as ``exceeded`` rather than ``met``. A targets file's
    ``tolerance`` replaces the width for its row.
    """

    points: Decimal = Decimal("0.5")
    relative: Decimal = Decimal("0.02")

    def width(self, value: Decimal, unit: str | None) -> Decimal:
        if unit in ("%", "百分点"):
            return Decimal(str(self.points))
        return abs(value) * Decimal(str(self.relative))


@dataclass(frozen=True)
class Tolerances:
    """Slack for the consistency checks.

    ``growth_points``: a stated growth rate may differ from the growth its two
    levels imply by this many points (nominal figures: a larger gap is a
    ``warning``). ``comparable_growth_points``: the same for growth in
    comparable prices (按可比价计算, and GDP or value-added growth, which
    Chinese reports state in comparable prices while the levels are nominal):
    the implied nominal growth differs by inflation, so only a larger gap is
    flagged, as ``info``. ``revision``: a level that differs by more than this
    fraction from what the earlier series and the stated growth give is a
    revision of the series. ``sum_relative``: rounding slack when adding 其中
    parts or comparing two statements. ``completion_points``: a stated
    completion rate may differ from actual ÷ target by this many points.
    """

    growth_points: Decimal = Decimal("1.0")
    comparable_growth_points: Decimal = Decimal("3.0")
    revision: Decimal = Decimal("0.20")
    sum_relative: Decimal = Decimal("0.005")
    completion_points: Decimal = Decimal("1.0")


def verdict(t: Target, actual: Decimal, band: AboutBand, sense: str | None = None) -> tuple[VerdictName, dict[str, Any]]:
    """met / exceeded / missed of an actual against a target, by its hedge and direction; ``sense`` is the
    taxonomy's direction of the target's metric (``higher``, ``lower``, ``ceiling``, ``band`` …)."""
    up = t.direction or direction(t, sense)
    outcome, details = _verdict(t, actual, band, up)
    # A line not to cross (CPI 3%左右, 失业率4.5%以内, 能耗下降3%) is kept or not: kept by far is still met.
    if outcome == "exceeded" and (sense == "ceiling" or up < 0):
        outcome, details["rule"] = "met", details["rule"] + "; a ceiling kept is met"
    elif outcome == "exceeded" and sense == "band":
        outcome, details["rule"] = "missed", details["rule"] + "; a band is missed on either side"
    return outcome, details


def _verdict(t: Target, actual: Decimal, band: AboutBand, up: int) -> tuple[VerdictName, dict[str, Any]]:
    width = t.tolerance if (t.tolerance is not None and t.approx == "about") else band.width(t.value, t.unit)
    slack = t.tolerance if (t.tolerance is not None and t.approx != "about") else Decimal(0)
    unit = unit_name(t.unit)
    shown = f"{num(width)} points" if t.unit in ("%", "百分点") else amount(width, t.unit)
    details: dict[str, Any] = {"direction": "up" if up > 0 else "down", "band": width, "tolerance": slack,
                               "actual": actual}
    if t.approx == "range" and t.value_max is not None:
        lo, hi = sorted((t.value, t.value_max))
        details["rule"] = f"met within {num(lo)}–{num(hi)}{unit}"
        if lo - slack <= actual <= hi + slack:
            return "met", details
        beyond = actual > hi if up > 0 else actual < lo
        return ("exceeded" if beyond else "missed"), details
    d = (actual - t.value) * up
    if t.approx == "about":
        details["rule"] = f"met within ±{shown}"
        if abs(d) <= width:
            return "met", details
        return ("exceeded" if d > 0 else "missed"), details
    # Floors, ceilings and exact targets: the target is the line to reach in the good direction.
    kind = {"at_least": "a floor", "more_than": "a floor", "at_most": "a ceiling", "less_than": "a ceiling"}.get(
        t.approx, "a floor" if up > 0 else "a ceiling")
    if t.value < 0:
        kind = f"a decrease, read as {num(t.value)}{unit}: {kind}"
    details["rule"] = f"{kind}, exceeded by more than {shown}"
    if d < -slack:
        return "missed", details
    return ("exceeded" if d > width else "met"), details


def direction(t: Target, sense: str | None = None) -> int:
    """1 when more is better for the target, -1 when less is (``sense``: the taxonomy's direction)."""
    if t.approx in ("at_most", "less_than"):
        return -1
    if t.approx in ("at_least", "more_than"):
        return 1
    if sense in ("lower", "ceiling"):
        return -1
    if t.measure == "growth" and (t.value < 0 or (t.value_max is not None and t.value_max < 0)):
        return -1
    return 1


def overlap(a: Interval, b: Interval, slack: Decimal) -> bool:
    """Whether two intervals meet, allowing ``slack`` between them."""
    a_lo, a_hi = a
    b_lo, b_hi = b
    if a_lo is not None and b_hi is not None and b_hi + slack < a_lo:
        return False
    return not (b_lo is not None and a_hi is not None and a_hi + slack < b_lo)
