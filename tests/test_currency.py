"""The currency of every amount of money: from its unit, a word beside it, or the document's jurisdiction."""
import pytest

from paths import read_table
from summarymine import extract

ROWS = [[cell.replace("\\n", "\n") for cell in row] for row in read_table("currency.tsv")]


@pytest.mark.parametrize("text,written,currency", ROWS, ids=[r[1] for r in ROWS])
def test_money_has_its_currency(text, written, currency):
    found = [m for m in extract(text).to_dict()["metrics"] if m["text"] == written]
    assert found, f"{written!r} not among the figures of {text!r}"
    assert found[0]["currency"] == (None if currency == "-" else currency)
