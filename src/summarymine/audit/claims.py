"""The claim check: 超额完成 / 圆满完成 / 全面完成 against the verdicts of the targets for the year reported on."""
from __future__ import annotations

from collections.abc import Sequence

import regex

from ..attribution import plan_start
from ..lexicon import cues
from ..normalize import normalize
from .context import Context, org_of, source_of
from .findings import Finding
from .verdicts import SCORED

_GENERIC = regex.compile(
    r"经济社会发展|国民经济和社会发展|刚刚过去的|全年|年度|今年|去年|上年|各项|主要|预期|目标|任务|指标|计划|工作|顺利|胜利|较好"
    r"|全[区市县省国]|我[局区市县省们]|[0-9]{4}年|[了的和及与并均已都各项等所有]|[\s\p{P}\p{S}]")
_CLAUSE_END = "。！？；;!?\n，,：:"
_SENTENCE_END = "。！？；;!?\n"


def claims(ctx: Context, found: Sequence[Finding]) -> list[Finding]:
    """Only claims about targets count (目标/任务/指标 in their clause, no 确保/力争/未… before them, not in the part
    about the year ahead). A claim beside figures is checked against those figures' targets, a general one against
    all of the year's; any ``missed`` target makes it ``inconsistent``."""
    doc = ctx.document
    year = doc.info.year
    if year is None:
        return []
    norm = normalize(doc.text)
    ahead = plan_start(norm, year=year)
    org = org_of(doc)
    scored = [f for f in found if f.kind == "target" and f.org == org and f.year == year and f.verdict in SCORED]
    out, seen = [], set()
    words = cues()
    for match in words.patterns["claim"].finditer(norm):
        at = match.start()
        if at >= ahead:
            continue
        clause_start = max(norm.rfind(ch, 0, at) for ch in _CLAUSE_END) + 1
        clause_end = min([e for e in (norm.find(ch, match.end()) for ch in _CLAUSE_END) if e >= 0] or [len(norm)])
        if words.patterns["not_claim"].search(norm, clause_start, at) or not words.patterns["target_word"].search(
                norm, clause_start, clause_end):
            continue
        start = max(norm.rfind(ch, 0, at) for ch in _SENTENCE_END) + 1
        ends = [e for e in (norm.find(ch, match.end()) for ch in _SENTENCE_END) if e >= 0]
        end = min(ends) if ends else len(norm)
        while start < end and norm[start].isspace():
            start += 1
        if (start, end) in seen or not scored:
            continue
        seen.add((start, end))
        named = {f.m.metric for f in ctx.figures if start <= f.m.quantity.start < end and f.m.metric}
        if named:
            # A claim beside figures is about them: 退出钢铁产能超过6500万吨…超额完成年度目标任务.
            about = [f for f in scored if f.metric in named]
        elif not _GENERIC.sub("", norm[clause_start:at]):
            about = scored
        else:
            about = []  # about one task (节能减排任务全面完成), which no target names
        if not about:
            continue
        missed = [f for f in about if f.verdict == "missed"]
        claim = match.group()
        if missed:
            listed = "; ".join(f"{ctx.label(f.metric) or f.metric} {(f.target or {}).get('text')} against "
                               f"{(f.actual or {}).get('text')}" for f in missed)
            message = f"The claim {claim} for {year} disagrees with {len(missed)} missed target(s): {listed}."
        else:
            message = f"The claim {claim} for {year} agrees with the {len(about)} target(s) scored, none missed."
        # The metric of the one target it rests on, or of its one missed target; none when it speaks of several.
        metric = missed[0].metric if len(missed) == 1 else (about[0].metric if len(about) == 1 else None)
        out.append(Finding(
            kind="claim", metric=metric, year=year, verdict="inconsistent" if missed else "consistent",
            severity="warning" if missed else "info",
            message=message, org=org, source=source_of(doc), sentence_start=start, sentence_end=end,
            sentence=doc.text[start:end], figures=tuple(f.actual for f in about if f.actual),
            details={"check": "claim", "claim": claim, "targets": len(about), "missed": len(missed)},
        ))
    return out
