"""Writing HTML: escaping, attributes, whole pages, and numbers as the report's cells show them."""
from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Sources:
    """Where a document's anchors are, by its source name (the "source" of findings and comparison rows,
    which may be None): its position N in the page that holds it (``doc-N``), and that page ("" for this one)."""

    positions: Mapping[str | None, int]
    pages: Mapping[str | None, str] = field(default_factory=dict)

    def href(self, source: str | None, anchor: str = "") -> str | None:
        """The link to the document ``source`` names, to ``anchor`` inside it (``-ID`` a figure, ``-sent-START``
        a sentence), unescaped; None when the document is not in the report."""
        i = self.positions.get(source)
        if i is None:
            return None
        return f"{self.pages.get(source, '')}#doc-{i}{anchor}"


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
    if isinstance(value, int):
        return str(value)  # as JSON writes it, without the encoder: every figure has a dozen offsets
    if isinstance(value, (float, Decimal)):
        return json.dumps(float(value))
    return str(value)


@cache
def _asset(name: str) -> str:
    return resources.files("summarymine").joinpath("report_assets", name).read_text(encoding="utf-8")


def page(title: str, body: str) -> str:
    """A whole page around ``body``: the styles and the script inlined, the script allowed by its hash alone."""
    css, js = _asset("report.css"), _asset("report.js")
    script_hash = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{script_hash}'; style-src 'unsafe-inline'; img-src data:; "
           "font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"summarymine\">\n"
        f"<title>{e(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n{body}\n"
        "<aside id=\"panel\" class=\"panel\" hidden aria-live=\"polite\">"
        "<button type=\"button\" class=\"panel-close\" aria-label=\"close\">×</button>"
        "<div class=\"panel-body\"></div></aside>\n"
        f"<script>{js}</script>\n</body>\n</html>\n"
    )


def year_span(years: Iterable[int | None]) -> str:
    """2012–2019, 2016, or nothing: the years a set of documents or figures covers."""
    known = sorted({y for y in years if y is not None})
    return "" if not known else f"{known[0]}–{known[-1]}" if len(known) > 1 else str(known[0])


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
