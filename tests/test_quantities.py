from decimal import Decimal

import pytest

from paths import read_table
from summarymine import quantities

FIGURES = read_table("quantities.tsv")
NONFIGURES = [row for row in read_table("nonfigures.tsv") if row[1] != "-"]
NAMES_ONLY = [row[0] for row in read_table("nonfigures.tsv") if row[1] == "-"]


@pytest.mark.parametrize("text,written,value,value_max,unit,approx", FIGURES, ids=[r[0] for r in FIGURES])
def test_reads_figure(text, written, value, value_max, unit, approx):
    found = [q for q in quantities(text) if q.is_figure and q.text == written]
    assert found, f"{written!r} not found as a figure in {[(q.text, q.kind) for q in quantities(text)]}"
    q = found[0]
    assert text[q.start:q.end] == q.text
    assert q.value == Decimal(value)
    assert q.value_max == (None if value_max == "-" else Decimal(value_max))
    assert q.unit == unit
    assert q.approx == approx


@pytest.mark.parametrize("text,written,kind", NONFIGURES, ids=[f"{r[0]}|{r[1]}" for r in NONFIGURES])
def test_rejects_nonfigure_with_reason(text, written, kind):
    found = [q for q in quantities(text) if q.text.startswith(written) or written in q.text]
    assert found, f"{written!r} was not even seen in {text!r}"
    q = found[0]
    assert q.kind == kind
    assert not q.is_figure and q.reason


@pytest.mark.parametrize("text", NAMES_ONLY)
def test_no_figure_in_titles(text):
    assert not [q for q in quantities(text) if q.is_figure]


def test_offsets_point_into_the_original():
    text = "爭取資金３００餘萬元，培訓５０００人次。"
    for q in quantities(text):
        assert text[q.start:q.end] == q.text
