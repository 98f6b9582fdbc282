"""Writing HTML: escaping, attributes, and numbers as the report's cells show them."""
from __future__ import annotations

import html
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

# A document's position in the page by its source name, looked up with the "source" of findings and
# comparison rows, which may be None.
Sources = Mapping[str | None, int]


def e(value: Any) -> str:
    """``value`` as HTML text or an attribute value, escaped; ``None`` is empty."""
    return html.escape("" if value is None else str(value), quote=True)


def attrs(values: Mapping[str, Any]) -> str:
    """HTML attributes; ``None`` leaves the attribute out, numbers are written as JSON numbers."""
    return "".join(f' {key}="{e(attr_text(value))}"' for key, value in values.items() if value is not None)


def attr_text(value: Any) -> str:
    """How a contract value is written into a ``data-`` attribute (the tests read it back the same way)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return json.dumps(value if not isinstance(value, Decimal) else float(value))
    return str(value)


def clamp(v: int, n: int) -> int:
    return max(0, min(int(v), n))


def number(v: Any) -> str:
    """A number with thousands separators, an integral float without its ``.0``."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int):
        return f"{v:,}"
    return f"{v:,}" if isinstance(v, float) else str(v)


def value_text(v: Any, vmax: Any = None) -> str:
    if v is None:
        return ""
    return number(v) + (f" – {number(vmax)}" if vmax is not None else "")


def signed(v: Any, suffix: str = "") -> str:
    if v is None:
        return ""
    text = number(round(v, 2) if isinstance(v, float) else v)
    return ("+" if v > 0 else "") + text + suffix


def sortnum(v: Any) -> str:
    return "" if v is None else repr(float(v))


def int_text(v: Any) -> str:
    return "" if v is None else str(int(v))
