"""Where a document is from, as far as its money goes: the currency of a 元 that names none."""
from __future__ import annotations

from .lexicon import bundled
from .metadata import _ROC_YEAR, HEAD


def currency_of(norm: str) -> str:
    """The currency of the 元 of a document that names none at the amount: from the body or calendar
    of its first lines (行政院, 民国112年度 → TWD), else CNY."""
    head = norm[:HEAD]
    for row in bundled("currencies.tsv", 3):
        if row.fields[2] == "place" and row.fields[0] in head:
            return row.fields[1]
    return "TWD" if _ROC_YEAR.search(head) else "CNY"
