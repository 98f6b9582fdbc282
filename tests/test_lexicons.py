import pytest

from summarymine import LexiconError
from summarymine.lexicon import lexicon_path, read_rows
from summarymine.quantities import grammar


def test_bundled_lexicons_load():
    g = grammar()
    assert len(g.units) >= 150
    assert {"currency", "count", "person", "area", "percent", "duration"} <= {u.category for u in g.units.values()}
    assert g.names and g.context_rules and g.hedges


def test_malformed_line_names_file_line_and_reason(tmp_path):
    bad = tmp_path / "units.tsv"
    bad.write_text("# header\n项\t项\tcount\n只有一列\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"units.tsv:3: expected 3 to 5 tab-separated fields, found 1"):
        read_rows(bad, 3, 5)


def test_every_bundled_file_is_well_formed():
    for name, (low, high) in {"units.tsv": (3, 6), "hedges.tsv": (3, 4), "nonfigures.tsv": (3, 4),
                              "status.tsv": (3, 7), "measures.tsv": (3, 4), "numerals.tsv": (2, 3),
                              "sections.tsv": (2, 2)}.items():
        assert read_rows(lexicon_path(name), low, high)
