from decimal import Decimal

import pytest

from paths import read_table
from summarymine import NumeralError, parse_number

CASES = read_table("numerals.tsv")
ERRORS = read_table("numerals_errors.tsv")


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0] for c in CASES])
def test_parse_number(text, expected):
    value = parse_number(text.replace("\\n", "\n"))
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)


@pytest.mark.parametrize("text,message", ERRORS, ids=[repr(c[0]) for c in ERRORS])
def test_rejects_non_numerals(text, message):
    with pytest.raises(NumeralError, match=message) as caught:
        parse_number(text)
    assert isinstance(caught.value, ValueError)


def test_rejects_non_strings():
    with pytest.raises(NumeralError):
        parse_number(12)  # type: ignore[arg-type]
