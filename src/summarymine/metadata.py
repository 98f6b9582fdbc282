"""What a document is: title, issuing body, year, kind and script."""
from __future__ import annotations

import hashlib
import re
from pathlib import PurePath

from .lexicon import bundled
from .normalize import normalize, script_of
from .results import DocumentInfo

_LINE = re.compile(r"[^\n]+")
_TITLE_WORDS = ("总结", "报告", "情况", "公报", "计划", "要点", "述职", "打算", "汇报")
_ORG = re.compile(
    r"^(?:关于|[0-9〇一二三四五六七八九零]{4}年度?)?(?P<org>[\u4e00-\u9fffXx]{2,16}?"
    r"(?:人民政府|委员会|办事处|办公室|街道|政府|局|委|厅|院|中心|公司|学校|镇|乡))"
)
# 在呼伦贝尔市海拉尔区第十五届人民代表大会: the people's congress a government reports to names its place.
_CONGRESS = re.compile(r"在(?P<place>[\u4e00-\u9fff]{0,14}?)第[^届]{1,4}届\s*(?P<national>全国)?\s*人民代表大会")
# 呼伦贝尔市海拉尔区人民政府 and 海拉尔区人民政府 are one body: the city before a district is dropped.
_PARENT_CITY = re.compile(r"^[\u4e00-\u9fff]{2,6}?市(?=[\u4e00-\u9fff]{2,6}?[区县旗])")
# 海拉尔区政府 is how people name 海拉尔区人民政府.
_GOVERNMENT = re.compile(r"(?:人民)?政府$")
_ORG_LINE = re.compile(r"(?:^|\n)\s*(?P<org>[\u4e00-\u9fff]{2,16}?(?:人民政府|统计局|行政院|政府))(?:办公室|代?区长|代?市长|代?县长|省长|\s*$|\n)")
_PLACE_TITLE = re.compile(
    r"(?:[0-9〇一二三四五六七八九零]{4}年)?(?P<place>[^全本我年\s\d]{1,7}?[省市区县州旗])(?:国民经济|政府工作报告|经济运行)"
)
# ——2016年3月5日在…会议上: the day a report was delivered.
_DELIVERED = re.compile(r"(?P<year>(?:19|20)[0-9]{2})\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日\s*在")
_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年")
_CN_YEAR = re.compile(r"(?P<year>[〇零一二三四五六七八九]{4})年")
_ROC_YEAR = re.compile(r"(?<![\d])(?P<year>1[01]\d|[4-9]\d)\s*年度")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
KINDS = (
    ("government_work_report", ("政府工作报告", "工作报告", "施政报告")),
    ("statistical_bulletin", ("统计公报", "国民经济和社会发展统计", "统计分析", "经济运行")),
    ("work_summary", ("工作总结", "总结", "述职", "完成情况", "工作汇报", "绩效报告", "年度报告")),
    ("target_plan", ("工作要点", "工作计划", "目标任务分解", "工作打算", "实施方案", "考核细则", "考核办法")),
)


def title_of(text: str, norm: str) -> str | None:
    """The first short line that names the document; breadcrumb and site lines are passed over."""
    lines = []
    # Line by line, not norm.split: a text of millions of lines would be copied to read twelve.
    for match in _LINE.finditer(norm):
        line = match.group()
        stripped = line.strip()
        if stripped:
            lines.append((match.start() + line.find(stripped[0]), stripped))
            if len(lines) >= 12:
                break
    for start, line in lines:
        compact = line.replace(" ", "").replace("\u3000", "")
        if len(compact) <= 60 and ">" not in line and any(w in compact for w in _TITLE_WORDS) and "。" not in compact:
            return text[start:start + len(line)]
    for start, line in lines:
        if 4 <= len(line) <= 40 and ">" not in line and not any(p in line for p in "，。；,;"):
            return text[start:start + len(line)]
    return None


def year_of(norm_title: str, norm: str, source: str | None) -> int | None:
    delivered = _DELIVERED.search(norm[:600])
    if delivered:
        return int(delivered["year"]) - 1  # a report delivered early in a year reports on the year before
    for pattern in (_YEAR, _CN_YEAR):
        m = pattern.search(norm_title)
        if m:
            return _year_number(m["year"])
    m = _ROC_YEAR.search(norm_title) or _ROC_YEAR.search(norm[:400])
    if m:
        return int(m["year"]) + 1911
    m = re.search(r"(?P<year>(?:19|20)\d{2})年(?:工作回顾|工作总结|度工作|以来|全年)", norm)
    if m:
        return int(m["year"])
    if source:
        m = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", PurePath(source).name)
        if m:
            return int(m.group(1))
    m = _YEAR.search(norm[:600])
    return int(m["year"]) if m else None


def _year_number(text: str) -> int:
    return int("".join(_CN_DIGITS.get(c, c) for c in text))


def org_of(norm_title: str, norm: str) -> str | None:
    org = _find_org(norm_title, norm)
    return _PARENT_CITY.sub("", org) if org else None


def org_matches(wanted: str | None, org: str | None) -> bool:
    """Whether the body ``org`` is the one asked for: ``wanted`` is part of its name, in either script
    and width, or its canonical name (呼伦贝尔市海拉尔区人民政府 and 海拉尔区政府 are 海拉尔区人民政府)."""
    if wanted is None:
        return True
    if org is None:
        return False
    name = normalize(org).replace(" ", "")
    query = _PARENT_CITY.sub("", normalize(wanted).replace(" ", ""))
    return bool(query) and (query in name or _GOVERNMENT.sub("", query) == _GOVERNMENT.sub("", name))


def _find_org(norm_title: str, norm: str) -> str | None:
    head = norm[:600]
    congress = _CONGRESS.search(head)
    if congress:
        if congress["national"] or not congress["place"]:
            return "国务院"
        return congress["place"] + "人民政府"
    line = _ORG_LINE.search(head)
    if line:
        return line["org"]
    compact = norm_title.replace(" ", "")
    place = _PLACE_TITLE.search(compact)
    if place:
        return place["place"]
    m = _ORG.search(compact)
    return m["org"] if m else None


def currency_of(norm: str) -> str:
    """The currency of the 元 of a document that names none at the amount: from the body or calendar
    of its first lines (行政院, 民国112年度 → TWD), else CNY."""
    head = norm[:600]
    for row in bundled("currencies.tsv", 3):
        if row.fields[2] == "place" and row.fields[0] in head:
            return row.fields[1]
    return "TWD" if _ROC_YEAR.search(head) else "CNY"


def kind_of(norm_title: str, norm: str) -> str | None:
    for haystack in (norm_title.replace(" ", ""), norm[:400].replace(" ", "")):
        for kind, words in KINDS:
            if any(w in haystack for w in words):
                return kind
    return "other" if norm.strip() else None


def describe(text: str, norm: str, *, source: str | None, year: int | None, org: str | None) -> DocumentInfo:
    title = title_of(text, norm)
    norm_title = norm[text.find(title):text.find(title) + len(title)] if title else ""
    return DocumentInfo(
        source=source,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=title,
        org=org if org is not None else org_of(norm_title, norm),
        year=year if year is not None else year_of(norm_title, norm, source),
        kind=kind_of(norm_title, norm),
        script=script_of(text),
        chars=len(text),
    )
