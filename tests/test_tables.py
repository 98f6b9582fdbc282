"""The tables the commands print: numbers exact, columns aligned in terminal columns, long text cut."""
from decimal import Decimal

import pytest

from paths import read_table
from summarymine.tables import ELLIPSIS, cut, number, render, width, wrap

NUMBERS = read_table("table_numbers.tsv")
TYPES = {"decimal": Decimal, "int": int, "float": float, "none": lambda _: None, "text": str}


@pytest.mark.parametrize("kind,given,shown", NUMBERS, ids=[f"{r[0]}:{r[1]}" for r in NUMBERS])
def test_number(kind, given, shown):
    assert number(TYPES[kind](given)) == shown


@pytest.mark.parametrize("text,columns", [("abc", 3), ("海拉尔", 6), ("ＡＢ", 4), ("e\u0301", 1), ("", 0), ("“三”", 4)])
def test_width_counts_wide_characters_twice(text, columns):
    assert width(text) == columns


@pytest.mark.parametrize("text,limit,expected", [
    ("海拉尔区人民政府", 8, "海拉尔" + ELLIPSIS),
    ("海拉尔区人民政府", 16, "海拉尔区人民政府"),
    ("abcdef", 4, "abc" + ELLIPSIS),
    ("ab海拉", 4, "ab" + ELLIPSIS),
])
def test_cut_stays_within_its_columns(text, limit, expected):
    assert cut(text, limit) == expected and width(cut(text, limit)) <= limit


def test_render_aligns_in_terminal_columns():
    text = render(["org", "value", "note"],
                  [["海拉尔区", Decimal("23520000000.00"), "long\nline"], ["XX局", 6.3, None]],
                  numbers={"value"}, limits={"org": 6})
    assert text.splitlines() == [
        "org" + " " * 13 + "value  note",
        "海拉…  23,520,000,000  long line",
        "XX局 " + " " * 13 + "6.3",
    ]


@pytest.mark.parametrize("text,limit,lines", [
    ("short", 10, ["short"]),
    ("the target was missed by far", 12, ["the target", "was missed", "by far"]),
    ("海拉尔区人民政府的目标", 8, ["海拉尔区", "人民政府", "的目标"]),
    ("目标为增长8%，实际增长8.9%", 16, ["目标为增长8%，", "实际增长8.9%"]),
])
def test_wrap_keeps_every_character_within_its_columns(text, limit, lines):
    assert wrap(text, limit) == lines and all(width(line) <= limit for line in lines)


def test_render_wraps_a_column_under_itself():
    text = render(["kind", "message"], [["target", "missed by a mile and more"], ["claim", "ok"]],
                  wraps={"message": 10})
    assert text.splitlines() == [
        "kind    message",
        "target  missed by",
        "        a mile and",
        "        more",
        "claim   ok",
    ]
