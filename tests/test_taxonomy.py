import re
import subprocess
import sys
from pathlib import Path

import pytest

from paths import shared
from summarymine import LexiconError, Taxonomy, default_taxonomy, extract
from summarymine.cli import main as cli_main
from summarymine.normalize import normalize
from summarymine.taxonomy import DIRECTIONS, LEVEL_MEASURES, MEASURES

SEED = shared("seed", "000_c8039014f39d426f.txt")
CASES = Path(__file__).parent / "data" / "taxonomy_cases.tsv"


def _cases() -> list[tuple[int, str, str, str, str, str]]:
    """(line, subject, measure, unit category, expected id or -, note) of taxonomy_cases.tsv."""
    rows = []
    for number, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        subject, measure, category, expected, *note = line.split("\t")
        rows.append((number, subject, measure, category, expected, note[0] if note else ""))
    return rows


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


@pytest.mark.parametrize("line,subject,measure,category,expected,note", _cases(),
                         ids=[f"{row[0]}:{row[1]}:{row[2]}" for row in _cases()])
def test_cases_table(line, subject, measure, category, expected, note):
    found = default_taxonomy().map(subject, measure, category)
    got = found.metric.id if found.metric else "-"
    assert got == expected, (f"taxonomy_cases.tsv:{line}: {subject} ({measure}, {category}) -> {got}, want {expected}"
                             f" ({note or 'no note'}); {found.reason}")


def test_cases_table_is_well_formed_and_in_both_scripts():
    taxonomy = default_taxonomy()
    rows = _cases()
    assert len(rows) >= 300
    scripts: dict[str, set[bool]] = {}
    for line, subject, measure, _category, expected, _note in rows:
        assert measure in MEASURES, f"taxonomy_cases.tsv:{line}: measure {measure!r}"
        assert expected == "-" or expected in taxonomy.entries, f"taxonomy_cases.tsv:{line}: no entry {expected!r}"
        if expected != "-":
            scripts.setdefault(expected, set()).add(normalize(subject) != subject)
    one_script = sorted(metric for metric, seen in scripts.items() if seen != {True, False})
    assert not one_script, f"ids with cases in one script only (add a simplified or a traditional case): {one_script}"


def test_every_bundled_entry_has_a_direction_and_every_growth_its_level():
    taxonomy = default_taxonomy()
    undirected = [e.id for e in taxonomy.entries.values() if e.direction not in DIRECTIONS]
    assert not undirected, f"entries without a direction: {undirected}"
    for entry in taxonomy.entries.values():
        if entry.measure == "growth":
            level = taxonomy.level_of(entry.id)
            assert level is not None, f"{entry.where}: growth entry {entry.id} has no level (or it is not an entry)"
            assert level.measure in LEVEL_MEASURES, f"{entry.where}: level {level.id} of {entry.id} is a {level.measure}"
            assert entry in taxonomy.growths_of(level.id)
        else:
            assert entry.level is None, f"{entry.where}: {entry.id} is a {entry.measure} with a level"
    # The headline directions the audit relies on.
    assert taxonomy.direction_of("prices.cpi") == "ceiling"
    assert taxonomy.direction_of("employment.registered_unemployment_rate") == "ceiling"
    assert taxonomy.direction_of("economy.gdp_growth") == "higher"
    assert taxonomy.direction_of("energy.intensity_change") == "lower"
    assert taxonomy.direction_of("no.such_metric") is None
    assert taxonomy.level_of("economy.gdp_growth").id == "economy.gdp"
    assert taxonomy.level_of("economy.tertiary_share_change").id == "economy.tertiary_share"
    assert taxonomy.level_of("economy.gdp") is None


def test_no_phrase_names_two_entries_that_take_the_same_figure():
    by_phrase: dict[str, list] = {}
    for entry in default_taxonomy().entries.values():
        for phrase in entry.phrases:
            by_phrase.setdefault(phrase, []).append(entry)
    clashes = [f"{phrase}: {a.id} and {b.id}" for phrase, entries in by_phrase.items()
               for i, a in enumerate(entries) for b in entries[i + 1:]
               if a.measure == b.measure and a.units & b.units]
    assert not clashes, "a phrase may name two entries only if they take different figures:\n" + "\n".join(clashes)


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
    # A file written before direction and level existed still loads: both are unknown.
    assert taxonomy.direction_of("custom.mushroom_bases") is None
    assert taxonomy.entries["custom.mushroom_bases"].level is None


def test_user_taxonomy_with_direction_and_a_level_of_the_default(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text(
        "- id: custom.mushroom_output\n  label: 蘑菇产量\n  measure: amount\n  direction: higher\n  units: [mass]\n"
        "  phrases: [蘑菇产量]\n  description: Mushrooms grown.\n"
        "- id: custom.mushroom_output_growth\n  label: 蘑菇产量增长\n  measure: growth\n  direction: higher\n"
        "  level: custom.mushroom_output\n  units: [percent]\n  phrases: [蘑菇产量]\n  description: Growth.\n"
        "- id: custom.grain_rise\n  label: 粮食增产\n  measure: growth\n  level: agriculture.grain_output\n"
        "  units: [percent]\n  phrases: [粮食增产]\n  description: Grain output growth, another word.\n", encoding="utf-8")
    alone = Taxonomy.load(user)  # a level of the default taxonomy is not known yet, and that is no error
    assert alone.level_of("custom.grain_rise") is None
    taxonomy = default_taxonomy().extended(alone)
    assert taxonomy.level_of("custom.mushroom_output_growth").id == "custom.mushroom_output"
    assert taxonomy.level_of("custom.grain_rise").id == "agriculture.grain_output"
    assert taxonomy.map("蘑菇产量", "growth", "percent").metric.id == "custom.mushroom_output_growth"
    assert taxonomy.direction_of("custom.mushroom_output") == "higher"


@pytest.mark.parametrize("body,message", [
    ("- id: Bad Id\n  label: x\n  measure: amount\n  units: [count]\n  phrases: [x]\n  description: x\n", r"mine.yaml:1: id 'Bad Id'"),
    (("- id: a.b\n  label: x\n  measure: amount\n  units: [count]\n  phrases: [x]\n  description: x\n"
      "- id: a.c\n  label: y\n  measure: sideways\n  units: [count]\n  phrases: [y]\n  description: y\n"),
     r"mine.yaml:7: measure 'sideways'"),
    ("- id: a.b\n  label: x\n", r"mine.yaml:1: missing field"),
    ("- id: a.b\n  label: [unclosed\n", r"mine.yaml:\d+: not valid YAML"),
    ("- id: a.b\n  label: x\n  measure: amount\n  direction: up\n  units: [count]\n  phrases: [x]\n  description: x\n",
     r"mine.yaml:1: direction 'up' is not one of"),
    ("- id: a.b\n  label: x\n  measure: amount\n  direction: [higher]\n  units: [count]\n  phrases: [x]\n  description: x\n",
     r"mine.yaml:1: direction \['higher'\] is not one of"),
    ("- id: a.b\n  label: x\n  measure: amount\n  level: a.c\n  units: [count]\n  phrases: [x]\n  description: x\n",
     r"mine.yaml:1: level is for growth entries"),
    ("- id: a.b\n  label: x\n  measure: growth\n  level: Not An Id\n  units: [percent]\n  phrases: [x]\n  description: x\n",
     r"mine.yaml:1: level 'Not An Id' is not a metric id"),
    (("- id: a.b\n  label: x\n  measure: growth\n  units: [percent]\n  phrases: [x]\n  description: x\n"
      "- id: a.c\n  label: y\n  measure: growth\n  level: a.b\n  units: [percent]\n  phrases: [y]\n  description: y\n"),
     r"mine.yaml:7: level 'a.b' of a.c is a growth entry, not an amount or a share"),
    ("- id: a.b\n  label: x\n  measure: amount\n  directon: higher\n  units: [count]\n  phrases: [x]\n  description: x\n",
     r"mine.yaml:1: unknown field\(s\) directon"),
])
def test_malformed_user_taxonomy_is_rejected_with_line(tmp_path, body, message):
    user = tmp_path / "mine.yaml"
    user.write_text(body, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        Taxonomy.load(user)


def test_a_level_that_names_no_entry_is_refused_once_the_taxonomy_is_complete(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("- id: a.b_growth\n  label: x\n  measure: growth\n  level: a.b\n  units: [percent]\n"
                    "  phrases: [x]\n  description: x\n", encoding="utf-8")
    loaded = Taxonomy.load(user)
    with pytest.raises(LexiconError, match=r"mine.yaml:1: level 'a.b' of a.b_growth is not an id of the taxonomy"):
        default_taxonomy().extended(loaded)
    assert cli_main(["extract", str(SEED), "--taxonomy", str(user)]) == 2


@pytest.mark.slow
def test_cli_taxonomy_errors_and_suggest(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: a.b\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "summarymine", "extract", str(SEED), "--taxonomy", str(bad)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 2 and "bad.yaml:1" in run.stderr and "Traceback" not in run.stderr
    run = subprocess.run([sys.executable, "-m", "summarymine", "taxonomy", "suggest", str(SEED)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0
    header, *rows = run.stdout.splitlines()
    assert header.split() == ["count", "subject", "measure/unit", "example"]
    counts = [int(line.split()[0].replace(",", "")) for line in rows]
    assert counts and counts == sorted(counts, reverse=True)


@pytest.mark.slow
def test_explain_says_which_phrase_matched():
    run = subprocess.run([sys.executable, "-m", "summarymine", "extract", str(SEED), "--format", "table", "--explain"],
                         capture_output=True, text=True, timeout=120, check=False)
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


SPLIT_CASES = [
    ("城乡居民人均可支配收入分别达到24220元和10200元，增长9%和11%。",
     ["income.disposable_urban", "income.disposable_rural", "income.disposable_urban_growth", "income.disposable_rural_growth"]),
    ("城乡居民人均可支配收入分别增长7.5%和8.5%。", ["income.disposable_urban_growth", "income.disposable_rural_growth"]),
    # One figure for both groups, or three for two: the entry that names the pair stays.
    ("城乡居民人均可支配收入均增长7%左右。", ["income.disposable_urban_rural_growth"]),
    # A name of numbered items, however written, gives each figure its item in order.
    ("其中一二三产增加值分别增长3.5%左右、6%左右、5%左右。",
     ["economy.primary_value_growth", "economy.secondary_value_growth", "economy.tertiary_value_growth"]),
    ("第一、二、三产业增加值分别增长5.9%、14.3%和10%。",
     ["economy.primary_value_growth", "economy.secondary_value_growth", "economy.tertiary_value_growth"]),
    ("全市实现一、二、三产业增加值分别为120亿元、500亿元和600亿元。",
     ["economy.primary_value", "economy.secondary_value", "economy.tertiary_value"]),
]


@pytest.mark.parametrize("text,expected", SPLIT_CASES, ids=[c[0][:16] for c in SPLIT_CASES])
def test_a_subject_of_two_groups_splits_its_figures_in_order(text, expected):
    assert [m.metric for m in extract(text).metrics] == expected


ELLIPTICAL_CASES = [
    # Each read as the first item is written.
    ("压减退出炼钢产能1230万吨、煤炭1401万吨、水泥313万吨。",
     ["industry.steel_capacity_change", "industry.coal_capacity_change", "industry.cement_capacity_change"]),
    ("淘汰落后的炼钢产能1691万吨、炼铁产能2113万吨。", ["industry.steel_capacity_cut", "industry.iron_capacity_cut"]),
    ("年内再压减钢铁产能1400万吨、平板玻璃660万重量箱、火电50万千瓦。",
     ["industry.steel_capacity_change", "industry.glass_capacity_change", "industry.coal_power_capacity_change"]),
    # 淘汰 is no decrease of a level: what it closed is an amount.
    ("年内淘汰落后炼钢产能1400万吨、平板玻璃660万重量箱。", ["industry.steel_capacity_cut", "industry.glass_capacity_cut"]),
    # An item that maps by itself, read more narrowly as the first item is written (the intensity, not all the CO2).
    ("单位GDP能耗下降5%以上、二氧化碳排放下降5.8%。", ["energy.intensity_change", "environment.carbon_intensity_change"]),
    ("二氧化碳排放下降5.8%。", ["environment.co2_change"]),
    # An item the first item's words do not make a phrase of another metric of its area stays unmapped.
    ("新建森林防火应急道路220公里、森林消防水池485个。", ["urban.road_length", None]),
    ("增加水稻种植面积26万亩、蔬菜瓜果16万亩。", ["agriculture.rice_area_change", None]),
    # After a comma too, with a linking verb before the figure.
    ("地产蔬菜种植面积达到2万亩，产量达到15万吨。", ["agriculture.vegetable_area", "agriculture.vegetable_output"]),
    ("全年粮食播种面积612.4万亩，总产量186.32万吨。", ["agriculture.grain_area", "agriculture.grain_output"]),
    # Names listed before the figures they are given, read as the last name is written.
    ("城镇和农村居民人均可支配收入分别达35512元、25689元。", ["income.disposable_urban", "income.disposable_rural"]),
    ("轻、重工业增加值分别增长8.7%和11.2%。", ["industry.light_value_growth", "industry.heavy_value_growth"]),
    ("地表水、近岸海域水质优良比例分别达96.9%、99.7%。", ["environment.water_quality_rate", "environment.coastal_water_quality_rate"]),
    # A name whose words make no phrase of the last one's area stays unmapped.
    ("港口和铁路货运量分别增长8%、10%。", [None, "transport.freight_volume_growth"]),
]


VERB_FIRST_CASES = [
    # A verb of adding before the number maps with the noun after it, as when it is written first.
    ("新改扩建200所公办幼儿园。", ["edu.kindergartens_built"]),
    ("新改扩建公办幼儿园523所。", ["edu.kindergartens_built"]),
    ("全年新建2860个5G基站。", ["telecom.base_stations_5g_new"]),
    # Not where the taxonomy names the verb alone (新开工 of projects): 高层 are buildings.
    ("全年新开工20层以上高层13栋。", [None, None]),
]


@pytest.mark.parametrize("text,expected", VERB_FIRST_CASES, ids=[c[0][:12] for c in VERB_FIRST_CASES])
def test_a_verb_before_the_number_maps_with_the_noun_after_it(text, expected):
    assert [m.metric for m in extract(text).metrics] == expected


@pytest.mark.parametrize("text,expected", ELLIPTICAL_CASES, ids=[c[0][:16] for c in ELLIPTICAL_CASES])
def test_a_list_item_is_read_as_another_item_is_written(text, expected):
    assert [m.metric for m in extract(text).metrics] == expected


def test_every_bundled_split_goes_to_entries_that_take_its_figures():
    """The loader checks ids and measures; a part that did not take the whole's units would leave its figure unsplit."""
    taxonomy = default_taxonomy()
    split = [e for e in taxonomy.entries.values() if e.splits]
    assert split
    for entry in split:
        assert all(entry.units <= taxonomy.entries[part].units for part in entry.splits), entry.id


@pytest.mark.parametrize("field,ids,message", [
    ("splits", "[custom.a]", "two or more metric ids"), ("splits", "[Not An Id, x]", "two or more"),
    ("splits", "[economy.gdp, economy.gdp_growth]", "splits 'economy.gdp_growth' of custom.pair is a growth entry; it must measure amount"),
    ("formerly", "[Not An Id]", "not a list of the ids of other metrics"), ("formerly", "[custom.pair]", "ids of other metrics"),
    ("formerly", "[economy.gdp_growth]", "formerly 'economy.gdp_growth' of custom.pair is a growth entry"),
    ("formerly", "[custom.none]", "formerly 'custom.none' of custom.pair is not an id of the taxonomy"),
    ("part_of", "[economy.gdp]", "not the id of another metric"), ("part_of", "custom.pair", "not the id of another metric"),
    ("part_of", "economy.gdp_growth", "part_of 'economy.gdp_growth' of custom.pair is a growth entry"),
    ("lowers", "custom.pair", "lowers 'custom.pair' is not the id of another metric"),
    ("lowers", "economy.gdp_growth", "lowers 'economy.gdp_growth' of custom.pair is a growth entry"),
    ("generic", "sometimes", "generic 'sometimes' is not true or false"),
])
def test_a_bad_split_or_predecessor_is_an_error_naming_its_line(tmp_path, field, ids, message):
    user = tmp_path / "mine.yaml"
    user.write_text("- id: custom.pair\n  label: 两者\n  measure: amount\n  units: [count]\n  phrases: [两者]\n"
                    f"  {field}: {ids}\n  description: A pair.\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"mine\.yaml:1: .*{message}"):
        default_taxonomy().extended(Taxonomy.load(user))
