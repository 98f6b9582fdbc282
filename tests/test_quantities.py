from decimal import Decimal

import pytest

from paths import read_table
from summarymine import extract, quantities

# A line break inside a text is written \n (PDF text wraps inside units: 45場⏎次).
FIGURES = [[cell.replace("\\n", "\n") for cell in row] for row in read_table("quantities.tsv")]
NONFIGURES = [[cell.replace("\\n", "\n") for cell in row] for row in read_table("nonfigures.tsv") if row[1] != "-"]
NAMES_ONLY = [row[0].replace("\\n", "\n") for row in read_table("nonfigures.tsv") if row[1] == "-"]


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


# Invisible characters and thin or no-break spaces inside a number (issue 12): read through, offsets kept.
INVISIBLE = [
    ("zero-width space after the point", "全年增长12.\u200b5%。", "12.\u200b5%", "12.5"),
    ("soft hyphen", "投资1\u00ad2亿元。", "1\u00ad2亿元", "1200000000"),
    ("byte-order mark", "投资3\ufeff000元。", "3\ufeff000元", "3000"),
    ("word joiner before the unit", "投资3000\u2060万元。", "3000\u2060万元", "30000000"),
    ("thin spaces between groups", "收入1\u2009234\u2009567元。", "1\u2009234\u2009567元", "1234567"),
    ("no-break spaces between groups", "收入1\u00a0234\u00a0567元。", "1\u00a0234\u00a0567元", "1234567"),
    ("narrow no-break space, full-width digits", "收入１\u202f２３４元。", "１\u202f２３４元", "1234"),
]


@pytest.mark.parametrize("label,text,written,value", INVISIBLE, ids=[c[0] for c in INVISIBLE])
def test_numbers_are_read_through_invisible_characters(label, text, written, value):
    figures = [q for q in quantities(text) if q.is_figure]
    assert [(q.text, q.value) for q in figures] == [(written, Decimal(value))], label
    assert all(text[q.start:q.end] == q.text for q in quantities(text))
    metrics = extract(text).metrics
    assert [(m.quantity.text, m.value) for m in metrics] == [(written, Decimal(value))]


@pytest.mark.parametrize("text", ["收入12\u20093456元。", "收入1\u00a023元。", "共1234\u2009567人。"])
def test_a_number_split_by_a_space_that_groups_nothing_is_rejected_not_misread(text):
    found = quantities(text)
    assert not [q for q in found if q.is_figure]
    split = [q for q in found if q.kind == "split"]
    assert split and "thin or no-break space" in split[0].reason
