"""Every figure has a key: its metric id, or the indicator phrase of its subject."""
import pytest

from paths import read_table, shared
from summarymine import extract
from summarymine.keys import key_of

ROWS = read_table("keys.tsv")


@pytest.mark.parametrize("subject,measure,key", ROWS, ids=[r[0] for r in ROWS])
def test_an_unmapped_subject_keys_by_its_indicator_phrase(subject, measure, key):
    assert key_of(None, subject, measure) == key


def test_a_mapped_figure_keys_by_its_metric():
    assert key_of("economy.gdp", "全市地区生产总值", "amount") == "economy.gdp"


def test_every_figure_with_a_subject_has_a_key():
    text = shared("seed", "000_c8039014f39d426f.txt").read_text(encoding="utf-8")
    metrics = extract(text).to_dict()["metrics"]
    assert all(m["key"] for m in metrics if m["subject"])
    assert all(m["key"] == m["metric"] for m in metrics if m["metric"])
