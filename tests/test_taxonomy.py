import re
import subprocess
import sys

import pytest

from paths import shared
from summarymine import LexiconError, Taxonomy, default_taxonomy, extract
from summarymine.cli import main as cli_main

SEED = shared("seed", "000_c8039014f39d426f.txt")


def test_default_taxonomy_is_large_and_well_formed():
    taxonomy = default_taxonomy()
    assert len(taxonomy) >= 150
    assert {"economy.gdp", "economy.gdp_growth", "finance.general_budget_revenue",
            "finance.public_budget_revenue", "finance.total_fiscal_revenue"} <= set(taxonomy.entries)


@pytest.mark.parametrize("subject,measure,category,expected", [
    ("全区地区生产总值", "amount", "currency", "economy.gdp"),
    ("地区生产总值", "growth", "percent", "economy.gdp_growth"),
    ("地區生產總值", "amount", "currency", "economy.gdp"),           # traditional, normalized before matching
    ("地区生产总值", "amount", "person", None),                       # a unit that does not fit blocks the mapping
    ("单位GDP能耗", "amount", "currency", None),                      # the longer phrase wins and does not take money
    ("一些无关的话", "amount", "count", None),
])
def test_mapping(subject, measure, category, expected):
    found = default_taxonomy().map(subject, measure, category)
    assert (found.metric.id if found.metric else None) == expected
    assert found.reason


def test_seed_is_mostly_mapped():
    metrics = extract(SEED.read_text(encoding="utf-8")).metrics
    mapped = [m for m in metrics if m.metric]
    assert len(mapped) / len(metrics) >= 0.9
    by_text = {m.quantity.text: m.metric for m in metrics}
    assert by_text["300餘萬元"] == "funding.secured"


def test_user_taxonomy_overrides_and_extends(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text(
        "- id: custom.mushroom_bases\n  label: 蘑菇基地\n  measure: amount\n  units: [count]\n"
        "  phrases: [蘑菇产业基地]\n  description: Mushroom bases.\n", encoding="utf-8")
    taxonomy = default_taxonomy().extended(Taxonomy.load(user))
    metrics = extract(SEED.read_text(encoding="utf-8"), taxonomy=taxonomy).metrics
    assert any(m.metric == "custom.mushroom_bases" for m in metrics)


@pytest.mark.parametrize("body,message", [
    ("- id: Bad Id\n  label: x\n  measure: amount\n  units: [count]\n  phrases: [x]\n  description: x\n",
     r"mine.yaml:1: id 'Bad Id'"),
    ("- id: a.b\n  label: x\n  measure: amount\n  units: [count]\n  phrases: [x]\n  description: x\n"
     "- id: a.c\n  label: y\n  measure: sideways\n  units: [count]\n  phrases: [y]\n  description: y\n",
     r"mine.yaml:7: measure 'sideways'"),
    ("- id: a.b\n  label: x\n", r"mine.yaml:1: missing field"),
    ("- id: a.b\n  label: [unclosed\n", r"mine.yaml:\d+: not valid YAML"),
])
def test_malformed_user_taxonomy_is_rejected_with_line(tmp_path, body, message):
    user = tmp_path / "mine.yaml"
    user.write_text(body, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        Taxonomy.load(user)


@pytest.mark.slow
def test_cli_taxonomy_errors_and_suggest(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: a.b\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "summarymine", "extract", str(SEED), "--taxonomy", str(bad)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "bad.yaml:1" in run.stderr and "Traceback" not in run.stderr
    run = subprocess.run([sys.executable, "-m", "summarymine", "taxonomy", "suggest", str(SEED)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0
    header, *rows = run.stdout.splitlines()
    assert header.split() == ["count", "subject", "measure/unit", "example"]
    counts = [int(line.split()[0].replace(",", "")) for line in rows]
    assert counts and counts == sorted(counts, reverse=True)


@pytest.mark.slow
def test_explain_says_which_phrase_matched():
    run = subprocess.run([sys.executable, "-m", "summarymine", "extract", str(SEED), "--format", "table", "--explain"],
                         capture_output=True, text=True, timeout=120)
    assert "funding.secured\tphrase" in run.stdout


def test_a_taxonomy_with_aliases_or_deep_nesting_is_one_line(tmp_path, capsys):
    from test_audit import billion_laughs

    entry = "  - {id: a.b, label: *i, measure: amount, units: [count], phrases: [x], description: x}"
    cases = {
        "laughs.yaml": (billion_laughs("metrics", entry), r"laughs.yaml:\d+: an alias .*aliases are not allowed"),
        "deep.yaml": ("- " + "[" * 100_000 + "]" * 100_000 + "\n", r"deep.yaml(:\d+)?: .*nest"),
    }
    for name, (body, message) in cases.items():
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        with pytest.raises(LexiconError, match=message):
            Taxonomy.load(path)
        assert cli_main(["extract", str(SEED), "--taxonomy", str(path)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and re.search(message, err[0]), err
