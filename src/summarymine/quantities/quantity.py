"""What a numeric expression is read into: the parts gathered while it is read (``_Reading``), and the
``Quantity`` the rest of the package and the output contract see."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .patterns import Unit


@dataclass(frozen=True)
class Quantity:
    """A numeric expression as read from the text. ``kind`` is ``figure`` or why it is not one."""

    text: str
    start: int
    end: int
    value: Decimal | None
    value_max: Decimal | None
    unit: str | None
    unit_category: str | None
    approx: str
    kind: str
    hedge: str | None = None
    reason: str | None = field(default=None, compare=False)
    # ISO 4217 code of an amount of money whose unit or a word before it names the currency; the
    # pipeline gives other amounts the currency of the document's jurisdiction.
    currency: str | None = None

    @property
    def is_figure(self) -> bool:
        return self.kind == "figure"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "end": self.end,
            "value": json_number(self.value), "value_max": json_number(self.value_max),
            "unit": self.unit, "unit_category": self.unit_category, "approx": self.approx,
            "kind": self.kind, "reason": self.reason, "currency": self.currency,
        }


def json_number(value: Decimal | None) -> int | float | None:
    """Decimal inside, JSON numbers outside: integral values as int, others as float."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass
class _Reading:
    """The parts of one numeric expression while it is read."""

    start: int
    end: int
    number_text: str
    number_end: int
    value: Decimal | None = None
    value_max: Decimal | None = None
    unit: Unit | None = None
    unit_text: str = ""
    approx: str = "exact"
    hedge: str | None = None
    negative: bool = False
    kind: str = "figure"
    reason: str | None = None
    percent_prefix: str | None = None
    fraction: bool = False
    currency: str | None = None


# Words that write a percentage after a numeral, and how many percent each is.
_PERCENT_WORDS = {"成": 10, "半": 50}
# The numerals a tenth of a 成 is written with after it (九成五), one to nine.
TENTHS = "一二三四五六七八九"


def _finish(text: str, r: _Reading) -> Quantity:
    value, value_max, approx = r.value, r.value_max, r.approx
    unit = r.unit
    if value is not None and unit is not None and unit.surface in _PERCENT_WORDS:
        value = value * _PERCENT_WORDS[unit.surface]  # 三成 is 30 %, 一半 50 %
        if len(r.unit_text) == 2 and r.unit_text[1] in TENTHS:
            value += TENTHS.index(r.unit_text[1]) + 1  # 九成五 is 95 %
    if r.negative and value is not None:
        value = -value
        if value_max is not None:
            value, value_max = -value_max, value
    return Quantity(
        text=text[r.start:r.end], start=r.start, end=r.end,
        value=value, value_max=value_max,
        unit=unit.unit if unit else None, unit_category=unit.category if unit else None,
        approx=approx, kind=r.kind, hedge=r.hedge, reason=r.reason, currency=r.currency,
    )
