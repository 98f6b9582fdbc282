"""summarymine.audit: targets against outcomes, figures against themselves, across reports."""
import json
import re
from decimal import Decimal

import pytest

from paths import CORPUS, shared
from summarymine import extract
from summarymine.audit import AboutBand, Audit, Finding, Target, audit, load_targets
from summarymine.cli import main as cli_main
from summarymine.errors import InputError

STATE_COUNCIL = [f"china_statecouncil_{y}_govreport.txt" for y in range(2015, 2019)]
HAILAR = [f"hailar_district_{y}_govreport.txt" for y in range(2012, 2020)]


def _read(path):
    return extract(path.read_text(encoding="utf-8"), source=path.name)


@pytest.fixture(scope="module")
def seed():
    return _read(shared("seed", "000_c8039014f39d426f.txt"))


@pytest.fixture(scope="module")
def realdocs():
    return {name: _read(shared("realdocs", name)) for name in STATE_COUNCIL + HAILAR}


@pytest.fixture(scope="module")
def state_council(realdocs):
    return audit([realdocs[n] for n in STATE_COUNCIL])


@pytest.fixture(scope="module")
def hailar(realdocs):
    return audit([realdocs[n] for n in HAILAR])


def _checks(result: Audit, check: str) -> list[Finding]:
    return [f for f in result if f.details.get("check") == check]


def _points_back(finding: Finding, docs) -> None:
    """The finding names a document and a sentence in it that holds its figures."""
    doc = next(d for d in docs if d.info.source == finding.source)
    sentence = doc.text[finding.sentence_start:finding.sentence_end]
    assert sentence == finding.sentence and sentence.strip()


# ---- must show: the seed ---------------------------------------------------------------------------


def test_seed_parts_add_up_to_their_total(seed):
    result = audit([seed])
    parts = [f for f in _checks(result, "parts") if f.metric == "sci.projects"]
    assert len(parts) == 1
    f = parts[0]
    assert (f.kind, f.verdict, f.severity) == ("consistency", "consistent", "info")
    assert [x["text"] for x in f.figures] == ["36項", "3項", "1項", "32項"]
    assert f.details["total"] == f.details["sum_of_parts"] == 36
    assert "36項" in f.message and "3項 + 1項 + 32項" in f.message
    _points_back(f, [seed])
    assert "其中" in f.sentence


@pytest.mark.parametrize("metric, text", [("agriculture.technologies_promoted", "35項"),
                                          ("outreach.materials", "2000餘份")])
def test_seed_restatements_are_consistent(seed, metric, text):
    found = [f for f in _checks(audit([seed]), "restatement") if f.metric == metric]
    assert len(found) == 1
    f = found[0]
    assert (f.verdict, f.severity) == ("consistent", "info")
    assert [x["text"] for x in f.figures] == [text, text]
    assert f.figures[0]["start"] < f.figures[1]["start"]


def test_seed_has_no_warning(seed):
    assert not [f for f in audit([seed]) if f.severity != "info"]


# ---- must show: GDP growth targets paired across consecutive reports -------------------------------

# (year, target as written, actual as written or None, verdict), read in the texts: the report of year Y
# sets the target for Y, the report of Y+1 gives the outcome.
STATE_COUNCIL_GDP = [
    (2015, "7%左右", "6.9%", "met"),          # about-band ±0.5 points
    (2016, "6.5%－7%", "6.7%", "met"),        # inside the range
    (2017, "6.5%左右", "6.9%", "met"),
    (2018, "6.5%左右", None, "not_reported"),  # no 2019 report in the set
]
HAILAR_GDP = [
    (2012, "21%", "18.5%", "missed"),
    (2013, "20%", "10.1%", "missed"),
    (2014, "11%", "9.1%", "missed"),
    (2015, "8%", "8.9%", "exceeded"),        # past the target by more than the band
    (2016, "7.5%", "7.2%", "missed"),        # an unhedged target is a floor
    (2017, "7.5%", None, "not_reported"),    # the 2018 report says only 稳中有升
    (2018, "6%左右", "6.0%", "met"),
    (2019, "3.5%左右", None, "not_reported"),
]


def _gdp_growth_target(result: Audit, year: int, target_text: str) -> Finding:
    found = [f for f in result.select("target", metric="economy.gdp_growth", year=year)
             if f.target["text"] == target_text]
    assert len(found) == 1, [f.message for f in result.select("target", metric="economy.gdp_growth", year=year)]
    return found[0]


def _assert_pair(f: Finding, prefix: str, year: int, actual: str | None, verdict: str, docs) -> None:
    assert f.target_source == f"{prefix}_{year}_govreport.txt"
    assert f.target["status"] in ("target", "planned") and f.target["year"] == year
    assert f.verdict == verdict, f.message
    if actual is None:
        assert f.actual is None and f.actual_source is None
    else:
        assert f.actual["text"] == actual and f.actual["year"] == year and f.actual["measure"] == "growth"
        assert f.actual_source == f"{prefix}_{year + 1}_govreport.txt"
        assert actual in f.message and f.target["text"] in f.message
        _points_back(f, docs)
        assert actual in f.sentence
    assert f.severity == ("warning" if verdict == "missed" else "info")


@pytest.mark.parametrize("year, target, actual, verdict", STATE_COUNCIL_GDP)
def test_state_council_gdp_growth_targets(state_council, realdocs, year, target, actual, verdict):
    f = _gdp_growth_target(state_council, year, target)
    _assert_pair(f, "china_statecouncil", year, actual, verdict, realdocs.values())


@pytest.mark.parametrize("year, target, actual, verdict", HAILAR_GDP)
def test_hailar_gdp_growth_targets(hailar, realdocs, year, target, actual, verdict):
    f = _gdp_growth_target(hailar, year, target)
    _assert_pair(f, "hailar_district", year, actual, verdict, realdocs.values())


def test_hailar_2019_gdp_level_is_a_revision(hailar):
    found = hailar.select("revision", metric="economy.gdp")
    assert len(found) == 1
    f = found[0]
    assert (f.year, f.verdict, f.severity) == (2018, "revision", "warning")
    assert f.source == "hailar_district_2019_govreport.txt" and "192.3亿元" in f.sentence
    assert f.details["break"] and f.details["deviation"] < -20
    assert "revision" in f.message and "not an arithmetic error" in f.message
    # The level is a revision, so it is not also reported as a wrong growth rate.
    assert not hailar.select("growth_check", metric="economy.gdp_growth", year=2018)


def test_growth_rates_against_levels(state_council, hailar):
    # 2015: 63.6 → 67.7万亿元 is 6.4% nominal against 6.9% stated in comparable prices: within 3 points.
    f = state_council.select("growth_check", metric="economy.gdp_growth", year=2015)[0]
    assert (f.verdict, f.severity) == ("consistent", "info") and f.details["comparable"]
    # 2016: 67.7 → 74.4万亿元 is 9.9% nominal against 6.7%: flagged, as info, with the reason.
    f = state_council.select("growth_check", metric="economy.gdp_growth", year=2016)[0]
    assert (f.verdict, f.severity) == ("inconsistent", "info")
    assert "comparable prices" in f.message and "9.9%" in f.message
    f = hailar.select("growth_check", metric="economy.gdp_growth", year=2012)[0]
    assert f.verdict == "consistent" and f.details["implied"] == Decimal("18.49")


def test_signed_growth_target_read_the_right_way_round(state_council):
    # 2016 report: 单位国内生产总值能耗下降3.4%以上 → -3.4 at_most; 2017 report: 下降5% → -5: the ceiling kept, by far.
    f = state_council.select("target", metric="energy.intensity_change", year=2016)[0]
    assert f.target["value"] == -3.4 and f.target["approx"] == "at_most" and f.actual["value"] == -5
    assert f.verdict == "met" and "a ceiling kept is met" in f.details["rule"]


def test_about_band_is_configurable(realdocs):
    narrow = audit([realdocs[n] for n in STATE_COUNCIL[:2]], band=AboutBand(points=Decimal("0.05")))
    assert _gdp_growth_target(narrow, 2015, "7%左右").verdict == "missed"


def test_claims_against_the_year_verdicts(state_council):
    # 2017 report: 全年经济社会发展主要目标任务圆满完成, while M2 grew 11.3% against 13%左右.
    claims = state_council.select("claim", year=2016)
    assert [f.verdict for f in claims] == ["inconsistent"] and "M2" in claims[0].message


# ---- must show: a document with one of each inconsistency, and a clean one ------------------------


@pytest.fixture(scope="module")
def inconsistent():
    doc = _read(CORPUS / "audit_inconsistent_zh-hans.txt")
    return doc, audit([doc])


@pytest.fixture(scope="module")
def clean():
    doc = _read(CORPUS / "audit_clean_zh-hans.txt")
    return doc, audit([doc])


def test_parts_past_their_total(inconsistent):
    doc, result = inconsistent
    [f] = [f for f in _checks(result, "parts") if f.verdict == "inconsistent"]
    assert f.severity == "error" and f.details["total"] == 12 and f.details["sum_of_parts"] == 14
    assert "12个" in f.sentence and "其中" in f.sentence
    _points_back(f, [doc])


def test_same_figure_stated_twice_with_different_values(inconsistent):
    doc, result = inconsistent
    [f] = [f for f in _checks(result, "restatement") if f.verdict == "inconsistent"]
    assert f.severity == "warning" and [x["text"] for x in f.figures] == ["45个", "52个"]
    assert "新建村级电商服务站点" in f.message
    _points_back(f, [doc])


def test_completion_rate_against_target_and_actual(inconsistent):
    doc, result = inconsistent
    [f] = _checks(result, "completion_rate")
    assert (f.verdict, f.severity) == ("inconsistent", "warning")
    assert f.details["stated"] == 112 and f.details["implied"] == 120
    assert "112%" in f.sentence
    _points_back(f, [doc])


def test_claim_with_a_missed_target(inconsistent):
    doc, result = inconsistent
    [target] = result.select("target", metric="invest.introduced_funds", year=2023)
    assert target.verdict == "missed" and target.actual["text"] == "4.2亿元"
    [f] = result.select("claim")
    assert (f.verdict, f.severity) == ("inconsistent", "warning")
    assert "超额完成" in f.sentence and "4.2亿元" in f.message
    _points_back(f, [doc])


def test_clean_document_has_no_warning(clean):
    doc, result = clean
    assert [f.message for f in result if f.severity != "info"] == []
    checks = {f.details.get("check") for f in result if f.verdict == "consistent"}
    assert {"parts", "restatement", "completion_rate", "claim"} <= checks
    assert {f.verdict for f in result.select("target", year=2022)} == {"exceeded"}


# ---- targets files --------------------------------------------------------------------------------


YAML = """\
targets:
  - {metric: economy.gdp_growth, year: 2015, value: 7, unit: "%", hedge: about}
  - metric: 地区生产总值增长
    year: 2016
    value: 6.5
    value_max: 7
    unit: "%"
    hedge: range
  - {metric: energy.intensity_change, year: 2016, value: -3.4, unit: "%", hedge: at_most}
  - {metric: economy.gdp, year: 2016, value: 80, unit: 万亿元, hedge: at_least}
  - {metric: economy.gdp_growth, year: 2016, value: 7000, unit: 亿元}
"""


def test_targets_from_a_yaml_file(tmp_path, realdocs):
    path = tmp_path / "targets.yaml"
    path.write_text(YAML, encoding="utf-8")
    targets = load_targets(path)
    assert [t.metric for t in targets] == ["economy.gdp_growth", "economy.gdp_growth", "energy.intensity_change",
                                          "economy.gdp", "economy.gdp_growth"]
    assert targets[1].subject == "地区生产总值增长" and targets[1].value_max == 7
    assert targets[3].value == Decimal("8E13") and targets[3].unit == "元"
    result = audit([realdocs[n] for n in STATE_COUNCIL], targets)
    from_file = {f.target_source: f for f in result.select("target") if f.target_source.startswith("targets")}
    verdicts = [from_file[f"targets.yaml:{line}"].verdict for line in (2, 3, 9, 10, 11)]
    assert verdicts == ["met", "met", "met", "missed", "not_comparable"]
    row = from_file["targets.yaml:2"]
    assert row.target["line"] == 2 and row.actual["text"] == "6.9%" and row.actual_source.endswith("2016_govreport.txt")


def test_targets_from_a_csv_file(tmp_path, realdocs):
    path = tmp_path / "targets.csv"
    path.write_text("metric,year,value,unit,hedge,tolerance\neconomy.gdp_growth,2016,7,%,at_least,0.3\n"
                    "economy.gdp_growth,2016,7,%,at_least,\n", encoding="utf-8")
    targets = load_targets(path)
    assert [t.line for t in targets] == [2, 3] and targets[0].tolerance == Decimal("0.3")
    result = audit([realdocs[n] for n in STATE_COUNCIL], targets)
    verdicts = {f.target_source: f.verdict for f in result.select("target") if f.target_source.startswith("targets")}
    assert verdicts == {"targets.csv:2": "met", "targets.csv:3": "missed"}


@pytest.mark.parametrize("row, reason", [
    ("economy.gdp_growth,2016,,%,about", "missing field(s) value"),
    ("economy.gdp_growth,2016,7,%,roughly", "hedge 'roughly'"),
    ("economy.gdp_growth,2016,7,%,range", "a range needs value_max"),
    ("economy.gdp_growth,2016,7,furlongs,about", "unit 'furlongs'"),
    ("economy.no_such_metric,2016,7,%,about", "not a metric id"),
    ("economy.gdp_growth,twenty,7,%,about", "not a year"),
    ("economy.gdp_growth,2016,seven,%,about", "not a number"),
    ("economy.gdp,2016,7,%,about", "takes currency"),
])
def test_malformed_rows_are_rejected_with_file_and_line(tmp_path, row, reason):
    path = tmp_path / "bad.csv"
    path.write_text(f"metric,year,value,unit,hedge\neconomy.gdp_growth,2016,7,%,about\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"^bad\\.csv:3: .*{re.escape(reason)}"):
        load_targets(path)


def test_malformed_yaml_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("- {metric: economy.gdp_growth, year: 2016, value: 7, unit: '%'}\n"
                    "- {metric: economy.gdp_growth, year: 2016, value: 7, unit: '%', valeu: 3}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"^bad.yaml:2: unknown field\(s\) valeu"):
        load_targets(path)


# ---- a user's taxonomy ------------------------------------------------------------------------------

WIDGETS = """\
- id: custom.widgets
  label: 小部件产量
  measure: amount
  units: [count]
  phrases: [小部件产量]
  description: Widgets made.
- id: custom.widgets_growth
  label: 小部件产量增长
  measure: growth
  units: [percent]
  phrases: [小部件产量]
  description: Growth of the widgets made.
"""
WIDGET_REPORTS = {"w2022.txt": "测试县人民政府2022年工作总结\n\n2022年，全县小部件产量100万个。\n",
                  "w2023.txt": "测试县人民政府2023年工作总结\n\n2023年，全县小部件产量120万个，增长20%。\n"}


@pytest.fixture
def widgets(tmp_path):
    """A taxonomy file with a level and its growth, two reports that state them, and a targets file that names one."""
    (tmp_path / "widgets.yaml").write_text(WIDGETS, encoding="utf-8")
    for name, text in WIDGET_REPORTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "targets.csv").write_text("metric,year,value,unit,hedge\ncustom.widgets,2023,110,万个,at_least\n",
                                          encoding="utf-8")
    return tmp_path


def test_audit_reads_in_the_users_taxonomy(widgets):
    from summarymine import Taxonomy, default_taxonomy

    taxonomy = default_taxonomy().extended(Taxonomy.load(widgets / "widgets.yaml"))
    docs = [extract(text, source=name, taxonomy=taxonomy) for name, text in WIDGET_REPORTS.items()]
    with pytest.raises(InputError, match="'custom.widgets' is not a metric id of the taxonomy"):
        audit(docs, widgets / "targets.csv")
    assert not audit(docs).select("growth_check")  # the default taxonomy knows no widgets

    result = audit(docs, widgets / "targets.csv", taxonomy=taxonomy)
    (target,) = result.select("target")
    assert (target.metric, target.verdict, target.metric_label) == ("custom.widgets", "exceeded", "小部件产量")
    assert target.target["metric_label"] == "小部件产量" and "小部件产量" in target.message
    (growth,) = result.select("growth_check")
    assert (growth.metric, growth.verdict) == ("custom.widgets_growth", "consistent")
    assert growth.metric_label == "小部件产量增长"


def test_cli_audit_takes_the_taxonomy_option(widgets, capsys):
    files = [str(widgets / name) for name in WIDGET_REPORTS]
    assert cli_main(["audit", *files, "--targets", str(widgets / "targets.csv"), "--format", "json",
                     "--taxonomy", str(widgets / "widgets.yaml")]) == 0
    found = {(f["kind"], f["metric"], f["verdict"]) for f in json.loads(capsys.readouterr().out)["findings"]}
    assert found == {("target", "custom.widgets", "exceeded"), ("growth_check", "custom.widgets_growth", "consistent")}


def test_an_expected_figure_is_a_target_for_audit_and_compare():
    """预计 states what a body foresees: a target in the audit as in compare (and so in the report's charts)."""
    from summarymine import compare

    plan = extract("测试县人民政府2023年工作总结\n\n一、2023年工作回顾\n2023年，全县地区生产总值增长5.2%。\n"
                   "二、2024年工作安排\n2024年，预计全县地区生产总值增长6%左右。", source="a.txt")
    outcome = extract("测试县人民政府2024年工作总结\n\n一、2024年工作回顾\n2024年，全县地区生产总值增长6.1%。",
                      source="b.txt")
    (target,) = audit([plan, outcome]).select("target")
    assert (target.year, target.verdict, target.target["status"]) == (2024, "met", "expected")
    table = compare([plan, outcome]).table
    assert table[table["status"] == "expected"]["kind"].tolist() == ["target"]


# ---- the verdict rules on their own -----------------------------------------------------------------


def _target(value, hedge="exact", value_max=None, unit="%", measure="growth", tolerance=None):
    return Target(metric="x.y", subject=None, year=2020, value=Decimal(str(value)), unit=unit, unit_category="percent",
                  value_max=None if value_max is None else Decimal(str(value_max)), measure=measure, approx=hedge,
                  source="t", tolerance=None if tolerance is None else Decimal(str(tolerance)))


@pytest.mark.parametrize("target, actual, verdict", [
    (_target(7, "about"), "6.5", "met"), (_target(7, "about"), "6.4", "missed"),
    (_target(7, "about"), "7.6", "exceeded"),
    (_target(6, "at_least"), "6", "met"), (_target(6, "at_least"), "6.5", "met"),
    (_target(6, "at_least"), "6.6", "exceeded"),
    (_target(6, "at_least"), "5.9", "missed"), (_target(6, "at_least", tolerance=0.2), "5.9", "met"),
    (_target(4.5, "at_most"), "4.0", "met"), (_target(4.5, "at_most"), "3.9", "met"),
    (_target(4.5, "at_most"), "4.6", "missed"),
    (_target(-3.4, "at_most"), "-5.0", "met"), (_target(-3.4, "at_most"), "-3.0", "missed"),
    (_target(6.5, "range", 7), "7", "met"), (_target(6.5, "range", 7), "7.2", "exceeded"),
    (_target(6.5, "range", 7), "6.4", "missed"),
    (_target(-30, "range", -20), "-25", "met"), (_target(-30, "range", -20), "-35", "met"),
    (_target(-3), "-3.5", "met"), (_target(-3), "-2", "missed"),
    (_target(100, "exact", unit="元", measure="amount"), "101", "met"),
    (_target(100, "about", unit="元", measure="amount"), "97", "missed"),
])
def test_verdict_rules(target, actual, verdict):
    from summarymine.audit.rules import verdict as rule

    assert rule(target, Decimal(actual), AboutBand())[0] == verdict


# ---- output ---------------------------------------------------------------------------------------


def test_json_and_frame(inconsistent):
    _, result = inconsistent
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["schema"] == "summarymine.audit/1"
    for f in data["findings"]:
        assert {"kind", "metric", "year", "verdict", "severity", "message", "source", "sentence_start",
                "sentence_end"} <= f.keys()
        if f["kind"] == "target":
            assert {"target", "actual", "target_source", "actual_source"} <= f.keys()
            assert {"value", "unit", "approx", "start", "end", "text"} <= f["target"].keys()
    frame = result.to_frame()
    assert len(frame) == len(result)
    assert {"verdict", "severity", "message", "source", "sentence_start"} <= set(frame.columns)


@pytest.mark.slow
def test_cli_audit_formats(tmp_path):
    import json
    import subprocess
    import sys

    import pandas as pd

    files = [str(p) for p in sorted(shared("realdocs").glob("hailar_district_201[56]*.txt"))]
    run = subprocess.run([sys.executable, "-m", "summarymine", "audit", *files, "--format", "json"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["schema"] == "summarymine.audit/1"
    target = next(f for f in data["findings"] if f["kind"] == "target" and f["metric"] == "economy.gdp_growth")
    assert {"verdict", "severity", "message", "target", "actual", "year"} <= set(target)
    out = tmp_path / "audit.xlsx"
    run = subprocess.run([sys.executable, "-m", "summarymine", "audit", *files, "--format", "xlsx", "-o", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    sheets = pd.read_excel(out, sheet_name=None)
    assert set(sheets) == {"verdicts", "consistency"}
    assert (sheets["verdicts"]["kind"] == "target").all() and "sentence" in sheets["consistency"].columns


# ---- hostile targets files (issue 12) ----------------------------------------------------------------


def billion_laughs(key: str, entry: str) -> str:
    """Nine anchors of nine aliases each: 700 bytes that stand for 9**9 strings, used in ``entry``."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + f"\n{key}:\n{entry}\n"


HOSTILE_TARGETS = [
    ("billion laughs",
     billion_laughs("targets", "  - {metric: economy.gdp, year: 2013, value: 3, unit: 亿元, org: *i}"),
     r"targets.yaml:\d+: an alias \(\*name\) repeats the node anchored here; aliases are not allowed"),
    ("100,000 levels deep", "- " + "[" * 100_000 + "]" * 100_000 + "\n", r"targets.yaml(:\d+)?: .*nest"),
    ("a value past Decimal's range", "- {metric: economy.gdp, year: 2013, value: 1e999999999, unit: 亿元}\n",
     r"targets.yaml:1: value '1e999999999' is out of range"),
    ("a tiny value past Decimal's range", "- {metric: economy.gdp, year: 2013, value: 1e-999999999, unit: 亿元}\n",
     r"targets.yaml:1: value '1e-999999999' is out of range"),
]


@pytest.mark.parametrize("label,body,message", HOSTILE_TARGETS, ids=[c[0] for c in HOSTILE_TARGETS])
def test_a_hostile_targets_file_is_one_line(tmp_path, capsys, label, body, message):
    path = tmp_path / "targets.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_targets(path)
    assert cli_main(["audit", str(CORPUS / "kjj_2013_zh-hans.txt"), "--targets", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and re.search(message, err[0]), (label, err)


# The taxonomy's direction of the target's metric (issue 11): a ceiling kept is met, never exceeded
# (CPI 3%左右 with 2%; unemployment 4.5%以内 with 3.9%); lower is better without a hedge saying so; a band
# is missed on either side.
@pytest.mark.parametrize("target, actual, sense, verdict", [
    (_target(3, "about", measure="amount"), "2.0", "ceiling", "met"),
    (_target(3, "about", measure="amount"), "3.6", "ceiling", "missed"),
    (_target(4.5, "at_most", measure="amount"), "3.9", "ceiling", "met"),
    (_target(3, "about", measure="amount"), "2.0", None, "missed"),
    (_target(5, measure="amount"), "4", "lower", "met"), (_target(5, measure="amount"), "5", "lower", "met"),
    (_target(5, measure="amount"), "6", "lower", "missed"),
    (_target(8, "about", measure="growth"), "9", "band", "missed"),
    (_target(8, "about", measure="growth"), "8.3", "band", "met"),
])
def test_verdicts_follow_the_indicators_direction(target, actual, sense, verdict):
    from summarymine.audit.rules import verdict as rule

    assert rule(target, Decimal(actual), AboutBand(), sense)[0] == verdict


def test_a_target_pairs_only_with_an_outcome_that_counts_the_same_thing():
    """One key (projects.new_started), two kinds of projects: no verdict across them; GDP growth pairs."""
    from summarymine import audit, extract

    plan = extract("某县2020年政府工作报告\n一、2020年工作回顾\n全年地区生产总值增长6%。\n二、2021年工作安排\n"
                   "全年新开工重点工业项目34个，地区生产总值增长7%左右。", source="a.txt", year=2020, org="某县人民政府")
    result = extract("某县2021年政府工作报告\n一、2021年工作回顾\n全年新开工重点商贸流通项目17个，地区生产总值增长7.5%。",
                     source="b.txt", year=2021, org="某县人民政府")
    projects = [m for m in plan.metrics + result.metrics if "项目" in (m.subject or "")]
    assert len({m.key for m in projects}) == 1
    verdicts = {f.metric: f.verdict for f in audit([plan, result]).findings if f.kind == "target" and f.year == 2021}
    assert verdicts["economy.gdp_growth"] == "met"
    assert verdicts[projects[0].key] == "not_reported"


@pytest.mark.parametrize(("plan_text", "result_text", "verdict", "actual"), [
    # A verb of decrease before its object states an amount, after it a change: one cut, compared as amounts.
    ("压减地下水开采量1.6亿立方米", "地下水开采量压减1.77亿立方米", "exceeded", 177000000),
    ("再减少农村贫困人口1000万人以上", "农村贫困人口减少1442万人", "exceeded", 14420000),
    ("农村贫困人口减少1000万人以上", "减少农村贫困人口800万人", "missed", 8000000),
    ("压减地下水开采量1.6亿立方米", "地下水开采量增加1.2亿立方米", "not_reported", None),
    # One figure for each of several indicators (均, 分别), in the target or in the outcome.
    ("化学需氧量排放量减少3%", "二氧化硫排放量和化学需氧量均削减5.5%", "met", Decimal("-5.5")),
    ("城镇居民人均可支配收入和农民人均纯收入均增长8%以上", "城镇居民人均可支配收入增长9.5%", "exceeded", 9.5),
    # Of several outcomes of one indicator, the one qualified as the target is, else the headline one.
    ("近岸海域水质达标率100%", "国考地表水断面优良比例73%，近岸海域水质优良比率达到98.7%", "missed", Decimal("98.7")),
    ("全年技术合同成交额突破1000亿元", "吸纳京津技术合同成交额超300亿元，全省技术合同成交总额1200亿元", "exceeded", 120000000000),
    ("全年城镇新增就业5700人以上", "物流园区建成投产，新增就业3000人。全年实现城镇新增就业5650人", "missed", 5650),
    # What adds and what frames a subject says nothing of which things it counts.
    ("新增规模以上工业企业1000家", "净增规模以上工业企业超1000家", "met", 1000),
    ("继续实施20项民生工程", "20项民生工程全面完成", "met", 20),
    # Verbs of making at the start of a work, and the short name of a thing (synonyms.tsv), say nothing of which.
    ("年内建成20座公厕", "改造新建公共厕所28座", "exceeded", 28),
    ("完成30座公厕新建改造", "新建改造公共厕所34座", "exceeded", 34),
    ("启动城中村改造203个", "城中村改造启动459个", "exceeded", 459),
    ("新建改造高标准农田320万亩", "新建和改造提升高标准农田332万亩", "exceeded", 3320000),
    # Words of what sort a thing is (cues.tsv kind) say nothing of which.
    ("建成4座现代化的垃圾中转站", "新建新型垃圾转运站3座", "missed", 3),
    ("全面完成7个现代牧场建设任务", "建成4个现代化牧场", "missed", 4),
    # Words of the task or of whom it counts (cues.tsv task) say nothing of which.
    ("易地搬迁脱贫200万人以上", "易地扶贫搬迁人口超过240万", "exceeded", 2400000),
    # An entry of many kinds of things (taxonomy generic) pairs only subjects that name the same kind; its bare
    # word (道路, 管网) names none.
    ("完成10公里供水管网建设", "完成供热管网改造117公里", "not_reported", None),
    ("完成10公里供水管网建设", "完成供水管网改造12公里", "exceeded", 12),
    ("重点实施城区20条道路的改造提升", "完成棚改配套道路13条", "not_reported", None),
    ("新建城区道路20条", "新建城区道路23条", "exceeded", 23),
    ("新建企业技术中心50家", "新建院士工作站9家", "not_reported", None),
    # A work named by what is done (…建设, …改造) is the year's: a total since is no outcome of it.
    ("重点推进2000个新民居示范村建设", "省级新民居示范村达到3000个", "not_reported", None),
    ("重点推进2000个新民居示范村建设", "完成新民居示范村建设2100个", "exceeded", 2100),
    ("培育科技型中小企业1.8万家", "科技型中小企业总数达2.49万家", "exceeded", 24900),
    # A total of a list is no outcome of one of its items.
    ("实施村屯绿化2738亩", "实施公路、村屯、矿区绿化3920亩", "not_reported", None),
    ("实施村屯绿化2738亩", "完成村屯绿化3000亩", "exceeded", 3000),
    # Greenhouses counted by their area are one indicator whatever the verb (taxonomy).
    ("新建蔬菜大棚2000亩", "建成大棚2350亩", "exceeded", 2350),
    # A target set under an indicator's old name, scored by the outcome under the name that took over (formerly).
    ("公共财政预算收入增长9%", "一般公共预算收入2446.6亿元，增长9.2%", "met", Decimal("9.2")),
    # An outcome stated in words only (cues.tsv outcome_word) where the report gives no figure for the target.
    ("进出口增长6%左右", "受全球贸易萎缩等因素影响，进出口总额出现下降，预期增长目标未能实现", "missed", None),
    ("出口总值增长10%", "年初确定的各项目标，除社会消费品零售总额、出口总值等2项指标，因外需低迷没有完成外，其他指标顺利完成", "missed", None),
    ("新建美丽乡村示范村300个", "美丽乡村示范村建设任务全面完成", "met", None),
    # Said of the general indicator the target's is part of (taxonomy part_of).
    ("年内压减煤炭产能1000万吨", "扎实推进去产能工作，超额完成年度任务", "exceeded", None),
    ("工业增加值增长8%", "规模以上工业增加值增长任务超额完成", "not_reported", None),
    ("工业增加值增长8%", "确保工业增加值增长任务全面完成", "not_reported", None),
    # A count of what a level fell by (taxonomy lowers), scored by the fall of that level.
    ("完成1000万以上农村贫困人口脱贫任务", "农村贫困人口减少1240万", "exceeded", 12400000),
    ("完成1000万以上农村贫困人口脱贫任务", "农村贫困人口增加20万", "not_reported", None),
])
def test_one_indicator_pairs_however_it_is_written(plan_text, result_text, verdict, actual):
    from summarymine import audit, extract

    plan = extract(f"某省2020年政府工作报告\n一、2020年工作回顾\n全年地区生产总值增长6%。\n二、2021年工作安排\n{plan_text}。",
                   source="a.txt", year=2020, org="某省人民政府")
    result = extract(f"某省2021年政府工作报告\n一、2021年工作回顾\n{result_text}。", source="b.txt", year=2021, org="某省人民政府")
    found = [f for f in audit([plan, result]).findings if f.kind == "target" and f.year == 2021]
    assert [(f.verdict, f.details.get("actual")) for f in found] == [(verdict, actual)]


@pytest.mark.parametrize(("plan_text", "result_text", "verdicts"), [
    # A target for several indicators listed (均) is judged by each one's outcome.
    ("城镇常住居民人均可支配收入、农村常住居民人均可支配收入均增长8%", "城镇常住居民人均可支配收入增长7.5%，农村常住居民人均可支配收入增长8.5%",
     [("missed", Decimal("7.5")), ("met", Decimal("8.5"))]),
    # A target for both groups (taxonomy splits), one of them stated under the name it took over from (formerly).
    ("城乡居民人均可支配收入增长8%", "城镇居民人均可支配收入增长7.5%，农民人均纯收入增长9.5%",
     [("missed", Decimal("7.5")), ("exceeded", Decimal("9.5"))]),
    # An outcome for both groups keeps the target whole.
    ("城乡居民人均可支配收入增长8%", "城乡居民人均可支配收入增长8.2%，城镇居民人均可支配收入增长7.5%", [("met", Decimal("8.2"))]),
])
def test_a_target_for_several_indicators_is_judged_for_each(plan_text, result_text, verdicts):
    from summarymine import audit, extract

    plan = extract(f"某省2020年政府工作报告\n一、2020年工作回顾\n全年地区生产总值增长6%。\n二、2021年工作安排\n{plan_text}。",
                   source="a.txt", year=2020, org="某省人民政府")
    result = extract(f"某省2021年政府工作报告\n一、2021年工作回顾\n{result_text}。", source="b.txt", year=2021, org="某省人民政府")
    found = [f for f in audit([plan, result]).findings if f.kind == "target" and f.year == 2021]
    assert {f.target["text"] for f in found} == {"8%"}
    assert sorted((f.verdict, f.details.get("actual")) for f in found) == sorted(verdicts)


@pytest.mark.parametrize(("plan_text", "result_text", "verdict"), [
    # A sum that names nothing but its metric is the sum of what the count before it counts.
    ("安排市以上重点项目599项，总投资5942亿元", "与京津合作项目累计达707项，总投资6833亿元", "not_reported"),
    ("安排市以上重点项目599项，总投资5942亿元", "实施市以上重点项目610项，总投资6100亿元", "exceeded"),
    ("安排市以上重点项目599项，总投资5942亿元", "重点项目总投资6100亿元", "exceeded"),
])
def test_a_sum_of_a_list_pairs_only_with_the_sum_of_the_same_list(plan_text, result_text, verdict):
    from summarymine import audit, extract

    plan = extract(f"某市2022年政府工作报告\n一、2022年工作回顾\n全年地区生产总值增长6%。\n二、2023年工作安排\n{plan_text}。",
                   source="a.txt", year=2022, org="某市人民政府")
    result = extract(f"某市2023年政府工作报告\n一、2023年工作回顾\n{result_text}。", source="b.txt", year=2023, org="某市人民政府")
    found = [f.verdict for f in audit([plan, result]).findings if f.kind == "target" and f.year == 2023 and f.target["unit"] == "元"]
    assert found == [verdict]


def test_targets_of_one_key_in_one_report_share_its_outcomes_out():
    """Two works of one kind planned in one report: the outcome goes to the target nearest it, the other is unscored."""
    from summarymine import audit, extract

    plan = extract("某区2016年政府工作报告\n一、2016年工作回顾\n全年地区生产总值增长6%。\n二、2017年工作安排\n"
                   "实施36个老旧小区的既有建筑节能改造。完成45个老旧小区的基础设施综合改造。", source="a.txt", year=2016, org="某区人民政府")
    result = extract("某区2017年政府工作报告\n一、2017年工作回顾\n完成46个老旧小区改造任务。", source="b.txt", year=2017, org="某区人民政府")
    found = {f.target["text"]: f.verdict for f in audit([plan, result]).findings if f.kind == "target" and f.year == 2017}
    assert found == {"36个": "not_reported", "45个": "exceeded"}
