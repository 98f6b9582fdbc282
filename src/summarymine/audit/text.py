"""How the audit writes numbers in its messages and details: as reports print them, rounded, never as exponents."""
from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from ..quantities import json_number


def who(org: str | None) -> str:
    return org or "The body"


def unit_name(unit: str | None) -> str:
    return "" if unit is None else unit


def rounded(value: Decimal | float | None, places: int) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places)) if places >= 0 else Decimal(value)


def num(value: Decimal | None) -> str:
    if value is None:
        return "?"
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def amount(value: Decimal, unit: str | None) -> str:
    """A computed amount the way the reports write it: 3411000000 元 → 34.1亿元."""
    if unit == "元" or (unit and unit.endswith("元")):
        for scale, name in ((Decimal("1e12"), "万亿"), (Decimal("1e8"), "亿"), (Decimal("1e4"), "万")):
            if abs(value) >= scale:
                return f"{num(rounded(value / scale, 1))}{name}{unit}"
    return f"{num(rounded(value, 1 if value != value.to_integral_value() else 0))}{unit_name(unit)}"


def plain(value: Any) -> Any:
    """A detail's value as JSON takes it: Decimals as JSON numbers, NaN as null."""
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
