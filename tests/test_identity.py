"""Document identity (issue 11, part 4): the year, period and body of every real document.

The table ``tests/data/identity.tsv`` was written by reading each text of ../shared/realdocs and
../shared/archive/hebei (title lines, the 在…人民代表大会 line and its date, review headings, leads),
not from the tool's output. Where a file's name, its archive header or MANIFEST.tsv disagree with the
text, the text wins; the disagreements are listed here with their reason.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from paths import CORPUS, read_table, shared
from summarymine import LexiconError, extract
from summarymine.aliases import Aliases, aliases_of, org_matches
from summarymine.cli import main
from summarymine.ingest import import_paths
from summarymine.metadata import describe
from summarymine.normalize import normalize
from summarymine.store import Store

TABLE = read_table("identity.tsv")
FOLDERS = {"realdocs": ("realdocs",), "hebei": ("archive", "hebei")}


def _path(name: str) -> Path:
    folder, file = name.split("/")
    return shared(*FOLDERS[folder], file)


def _info(name: str, **kw):
    path = _path(name)
    text = path.read_text(encoding="utf-8")
    return describe(text, normalize(text), source=path.name, year=None, org=None, **kw)


def test_the_table_holds_every_document_of_both_folders():
    listed = {row[0] for row in TABLE}
    present = {f"{folder}/{p.name}" for folder, parts in FOLDERS.items() for p in shared(*parts).glob("*.txt")}
    assert listed == present
    assert len(listed) >= 30


@pytest.mark.parametrize("name,year,period,org", [row[:4] for row in TABLE], ids=[row[0] for row in TABLE])
def test_year_period_and_body(name, year, period, org):
    info = _info(name)
    assert (info.year, info.period, info.org) == (int(year), period, None if org == "-" else org)


# Small texts for the rules the real documents do not all show.
CASES = [
    # A department's 工作报告 is on the year of its title; only a report to a congress is on the year before.
    ("XX区科学技术局2023年工作报告\n2023年，我局完成产值3亿元。", 2023, "2023", "XX区科学技术局"),
    ("临河县商务局2023年工作总结\n2023年1月5日，在县十八届人大三次会议上，县长作了报告。", 2023, "2023", "临河县商务局"),
    ("2026年某省政府工作报告\n各位代表：现在，我代表省人民政府向大会报告工作。", 2025, "2025", "某省人民政府"),
    ("关于2019年上半年工作总结和下半年工作计划\n上半年完成产值3亿元。", 2019, "2019-H1", None),
    ("XX县统计局\n2021年1-9月全县经济运行情况\n1-9月，全县生产总值增长5%。", 2021, "2021-Q1-Q3", "XX县统计局"),
    ("中華民國112年度施政績效報告\n本署預算3億元。", 2023, "2023", None),
    # An archive's header gives the title and the body; the text's date wins over the header's title.
    (("标题：2018年某市政府工作报告\n发文单位：某市人民政府\n正文：\n——二〇一九年一月十四日在某市第十三届人民代表大会"
      "第二次会议上\n一、2018年工作回顾"), 2018, "2018", "某市人民政府"),
    # A name at the start of a title that holds words no name holds is none.
    ("蒋东方出席 齐志国作政府工作报告\n报告指出，2023年全县生产总值增长5%。", 2023, "2023", None),
]


@pytest.mark.parametrize("text,year,period,org", CASES)
def test_rules_on_small_texts(text, year, period, org):
    info = extract(text).info
    assert (info.year, info.period, info.org) == (year, period, org)


# --------------------------------------------------------------------------- against MANIFEST.tsv


def _manifest(folder: str) -> dict[str, dict[str, str]]:
    with shared(*FOLDERS[folder], "MANIFEST.tsv").open(encoding="utf-8") as f:
        return {row["file"]: row for row in csv.DictReader(f, delimiter="\t")}


# Where MANIFEST.tsv and the text disagree, and why the text wins.
MANIFEST_WRONG = {
    # The archive's title says 第四次会议 (the report of 2006); the text is the report of 2007年1月30日
    # (第五次会议, reviewing 2006), the same text as baoding_city_2007.
    "hebei/baoding_city_2006_govreport.txt": 2006,
    # MANIFEST's note: published under the 2018 title, the text is the report of 2019-01-14.
    "hebei/hebei_province_2018_govreport.txt": 2018,
}


def _manifest_year(folder: str, row: dict[str, str]) -> tuple[int | None, str | None]:
    """The year reported on and the period MANIFEST states (realdocs: period_covered; hebei: the
    report's year, a report to a congress being on the year before)."""
    if folder == "hebei":
        return int(row["year_of_report"]) - 1, None
    covered = row["period_covered"]
    m = re.search(r"reviews (?:\d{4}-\d{4} \(5-yr\) and )?(\d{4})|(\d{4}) review|calendar (\d{4})|^(\d{4})\b", covered)
    year = int(next(g for g in m.groups() if g)) if m else None
    half = re.search(r"(\d{4})-07\.\.\1-12", covered)
    quarter = re.match(r"(\d{4}) (Q\d|H\d)", covered)
    if half:
        return int(half.group(1)), f"{half.group(1)}-H2"
    if quarter:
        return int(quarter.group(1)), f"{quarter.group(1)}-{quarter.group(2)}"
    return year, None


@pytest.mark.parametrize("folder", list(FOLDERS))
def test_the_table_agrees_with_the_manifests_where_they_speak(folder):
    manifest = _manifest(folder)
    checked = 0
    for name, year, period, org, *_ in TABLE:
        if not name.startswith(folder + "/"):
            continue
        row = manifest[name.split("/")[1]]
        said, said_period = _manifest_year(folder, row)
        if name in MANIFEST_WRONG:
            assert said != int(year) == MANIFEST_WRONG[name]
        elif said is not None and "phases" not in row.get("period_covered", ""):
            assert said == int(year), name
            checked += 1
        if said_period:
            assert said_period == period, name
        body = re.sub(r"\s*\(.*\)|\s*/.*| — .*", "", row["org"])
        if org != "-":
            assert org_matches(org, body) or org_matches(body, org), (name, body, org)
    assert checked >= 30 if folder == "hebei" else checked >= 25


def test_a_header_with_another_years_title_loses_to_the_text():
    info = _info("hebei/hebei_province_2018_govreport.txt")
    assert info.title == "2018年河北省政府工作报告" and info.year == 2018  # delivered 二〇一九年一月十四日


# --------------------------------------------------------------------------- period in the contract


def test_period_is_in_the_contract_after_year():
    text = _path("realdocs/daqing_2017q1_economy_statistical_analysis.txt").read_text(encoding="utf-8")
    document = extract(text, source="q1.txt").to_dict()["document"]
    assert list(document) == ["source", "sha256", "title", "org", "year", "period", "kind", "script", "chars"]
    assert (document["year"], document["period"]) == (2017, "2017-Q1")


def test_a_given_year_carries_the_period_the_text_says():
    text = "上半年全市经济运行情况分析\n上半年，全市地区生产总值增长1.5%。"
    info = extract(text, year=2016).info
    assert (info.year, info.period) == (2016, "2016-H1")
    assert extract("今天天气很好。").info.period is None


# --------------------------------------------------------------------------- aliases


def test_the_identity_lexicons_are_well_formed():
    from summarymine.lexicon import lexicon_path, read_rows

    for name, (low, high) in {"bodies.tsv": (2, 3), "dates.tsv": (2, 3), "headers.tsv": (2, 2), "titles.tsv": (1, 1),
                              "aliases.tsv": (2, 256)}.items():
        assert read_rows(lexicon_path(name), low, high), name


def test_bundled_aliases_put_a_body_under_one_name():
    assert Aliases.default().canonical("中华人民共和国国务院") == "国务院"
    assert Aliases.default().canonical("中華人民共和國國務院") == "国务院"
    assert Aliases.default().canonical("某某局") == "某某局"
    assert Aliases.default().canonical(None) is None


def _renamed(tmp_path: Path) -> Path:
    path = tmp_path / "bodies.tsv"
    path.write_text("# a body that renamed\n临河县商务和投资促进局\t临河县商务局\n", encoding="utf-8")
    return path


def test_a_user_alias_file_renames_a_body(tmp_path):
    text = (CORPUS / "audit_clean_zh-hans.txt").read_text(encoding="utf-8")
    assert extract(text).info.org == "临河县商务局"
    path = _renamed(tmp_path)
    assert extract(text, aliases=path).info.org == "临河县商务和投资促进局"
    assert extract(text, aliases=str(path)).info.org == "临河县商务和投资促进局"
    assert extract(text, aliases=Aliases.load(path)).info.org == "临河县商务和投资促进局"
    # The user's file wins over the bundled one, which it extends.
    assert aliases_of(path).canonical("中华人民共和国国务院") == "国务院"
    assert aliases_of(Aliases({"国务院": "中央政府"})).canonical("国务院") == "中央政府"


def test_a_malformed_alias_file_names_file_and_line(tmp_path, capsys):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# header\n只有一个名字\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad.tsv:2: expected 2 to 256 tab-separated fields"):
        Aliases.load(bad)
    assert main(["extract", str(CORPUS / "audit_clean_zh-hans.txt"), "--aliases", str(bad)]) == 2
    assert "bad.tsv:2" in capsys.readouterr().err


def test_aliases_on_the_command_line(tmp_path, capsys):
    files = [str(CORPUS / "audit_clean_zh-hans.txt"), str(CORPUS / "audit_inconsistent_zh-hans.txt")]
    assert main(["extract", *files, "--format", "jsonl", "--aliases", str(_renamed(tmp_path))]) == 0
    orgs = {json.loads(line)["document"]["org"] for line in capsys.readouterr().out.splitlines()}
    assert orgs == {"临河县商务和投资促进局"}
    db = tmp_path / "store.sqlite"
    assert main(["import", files[0], "--db", str(db), "--jobs", "1"]) == 0
    capsys.readouterr()
    # A store's documents are put under the names of the alias file given to the command that reads them.
    assert main(["compare", "--db", str(db), "--format", "json", "--aliases", str(_renamed(tmp_path))]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert rows and {r["org"] for r in rows} == {"临河县商务和投资促进局"}


# --------------------------------------------------------------------------- repeats


REPEATED = ("baoding_city_2006_govreport.txt", "baoding_city_2007_govreport.txt",
            "hebei_province_2018_govreport.txt", "hebei_province_2019_govreport.txt",
            "hebei_province_2020_govreport.txt")


@pytest.fixture(scope="module")
def repeated_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    for name in REPEATED:
        shutil.copy(shared("archive", "hebei", name), folder / name)
    db = tmp_path_factory.mktemp("db") / "store.sqlite"
    run = import_paths([folder], db, jobs=1, progress=False)
    return db, run


def test_an_import_notices_a_document_that_repeats_another(repeated_store):
    db, run = repeated_store
    with Store(db, readonly=True) as store:
        repeats = {Path(path).name: warning for path, warning in store.repeats(run.id)}
    # Each pair is noticed once, on the one stored second; the other condensed report repeats nothing.
    assert set(repeats) == {"baoding_city_2007_govreport.txt", "hebei_province_2019_govreport.txt"}
    assert "baoding_city_2006_govreport.txt (保定市人民政府, 2006)" in repeats["baoding_city_2007_govreport.txt"]
    assert "hebei_province_2018_govreport.txt (河北省人民政府, 2018)" in repeats["hebei_province_2019_govreport.txt"]
    # The warning is kept with the document, as the importers' warnings are.
    warnings = dict(sqlite3.connect(db).execute("SELECT source, warnings FROM documents").fetchall())
    assert warnings["hebei_province_2020_govreport.txt"] is None
    assert warnings["hebei_province_2019_govreport.txt"].startswith("repeats ")


def test_the_store_keeps_the_period(repeated_store):
    db, _ = repeated_store
    with Store(db, readonly=True) as store:
        assert store.version >= 4
        periods = {d.info.source: (d.info.year, d.info.period) for d in store.documents()}
    assert periods["hebei_province_2018_govreport.txt"] == (2018, "2018")
    assert periods["hebei_province_2020_govreport.txt"] == (2019, "2019")


def test_documents_of_one_body_and_year_that_share_few_figures_are_no_repeats(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("shicheng_county_2018_river_chief_target_assessment_departments.txt",
                 "shicheng_county_2018_river_chief_target_assessment_townships.txt"):
        shutil.copy(shared("realdocs", name), folder / name)
    run = import_paths([folder], tmp_path / "s.sqlite", jobs=1, progress=False)
    with Store(tmp_path / "s.sqlite", readonly=True) as store:
        assert store.repeats(run.id) == []


def test_the_import_command_names_the_repeats(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in REPEATED[:2]:
        shutil.copy(shared("archive", "hebei", name), folder / name)
    assert main(["import", str(folder), "--db", str(tmp_path / "s.sqlite"), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert re.search(r"baoding_city_2007_govreport.txt: repeats .*baoding_city_2006_govreport.txt", err), err
