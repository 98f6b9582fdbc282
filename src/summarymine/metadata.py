"""What a document is: title, issuing body, year, kind and script."""
from __future__ import annotations

import hashlib
import re
from pathlib import PurePath

from .normalize import script_of
from .results import DocumentInfo

_TITLE_WORDS = ("总结", "报告", "情况", "公报", "计划", "要点", "述职", "打算", "汇报")
_ORG = re.compile(
    r"(?:关于)?(?P<org>[\u4e00-\u9fffXx]{2,16}?(?:人民政府|委员会|办事处|办公室|街道|政府|局|委|厅|院|中心|公司|学校|镇|乡))"
)
_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年")
_CN_YEAR = re.compile(r"(?P<year>[〇零一二三四五六七八九]{4})年")
_ROC_YEAR = re.compile(r"(?<![\d])(?P<year>1[01]\d|[4-9]\d)\s*年度")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
KINDS = (
    ("government_work_report", ("政府工作报告", "工作报告")),
    ("statistical_bulletin", ("统计公报", "国民经济和社会发展统计", "统计分析")),
    ("target_plan", ("工作要点", "工作计划", "目标任务分解", "工作打算", "实施方案")),
    ("work_summary", ("工作总结", "总结", "述职", "完成情况", "工作汇报")),
)


def title_of(text: str, norm: str) -> str | None:
    """The first short line that names the document; breadcrumb and site lines are passed over."""
    lines = []
    at = 0
    for line in norm.split("\n"):
        stripped = line.strip()
        if stripped:
            lines.append((at + line.find(stripped[0]), stripped))
        at += len(line) + 1
        if len(lines) >= 12:
            break
    for start, line in lines:
        if len(line) <= 60 and ">" not in line and any(w in line for w in _TITLE_WORDS):
            return text[start:start + len(line)]
    for start, line in lines:
        if 4 <= len(line) <= 40 and ">" not in line and not any(p in line for p in "，。；,;"):
            return text[start:start + len(line)]
    return None


def year_of(norm_title: str, norm: str, source: str | None) -> int | None:
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
    for where in (norm_title, norm[:300]):
        m = _ORG.search(where)
        if m:
            org = m["org"]
            for prefix in ("关于", "年", "度"):
                org = org.rsplit(prefix, 1)[-1]
            return org
    return None


def kind_of(norm_title: str, norm: str) -> str | None:
    for haystack in (norm_title, norm[:400]):
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
