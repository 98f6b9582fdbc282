"""The restatement check: the same figure stated again in another sentence of one document, with a value that agrees."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import regex

from .context import Context, Fig, squeeze
from .findings import Finding
from .rules import overlap

# Words that say how or when, not what: 完成投资 and 计划投资 both count 投资, which is too vague to be one figure.
_SUBJECT_FRAME = regex.compile(
    r"^(?:全[区市县省国年]|今年|年内|当年|累计|共计|共|合计|总计|完成|实现|达到|推进|确保|计划|力争|争取|新[建增]?(?=投资))+"
    r"|^总(?=投资|产值|收入)")
# Subjects shorter than this (投资, 项目) are too vague to say two figures are one.
MIN_SUBJECT = 3


def core(subject: str | None) -> str:
    """The part of a subject that names what is counted: 全区累计完成固定资产投资 → 固定资产投资.

    Two subjects name the same thing when their cores are equal; not a suffix match: 地方财政总收入
    is a part of 财政总收入, not a restatement of it."""
    return _SUBJECT_FRAME.sub("", squeeze(subject))


def restatements(ctx: Context, _found: Sequence[Finding]) -> list[Finding]:
    """Same metric (or both unmapped), unit, measure, year and subject core: values whose hedged ranges do not
    overlap are a warning."""
    groups: dict[tuple[Any, ...], list[list[Fig]]] = {}
    for f in ctx.figures:
        m = f.m
        if m.parent is not None or m.section == "span" or m.measure == "completion":
            continue
        subject = core(m.subject)
        if len(subject) < MIN_SUBJECT:
            continue
        key = (m.metric, f.unit, m.measure, m.year, f.is_target)
        clusters = groups.setdefault(key, [])
        for cluster in clusters:
            if subject == core(cluster[0].m.subject):
                cluster.append(f)
                break
        else:
            clusters.append([f])
    found = []
    for (metric, _, _, year, _), clusters in groups.items():
        for stated in clusters:
            # Two figures of one subject in one sentence are a list or a change (由320元提高到380元), not a restatement.
            cluster = [f for i, f in enumerate(stated)
                       if all(f.m.sentence_start != g.m.sentence_start for g in stated[:i])]
            if len(cluster) < 2:
                continue
            first = cluster[0]
            clash = next((f for f in cluster[1:] if not overlap(first.interval(ctx.band), f.interval(ctx.band),
                                                                 abs(first.value) * ctx.tolerances.sum_relative)),
                         None)
            name = first.m.subject or ctx.label(metric)
            texts = " and ".join(f.m.quantity.text for f in cluster)
            if clash is None:
                times = "twice" if len(cluster) == 2 else f"{len(cluster)} times"
                found.append(Finding(
                    kind="consistency", metric=metric, year=year, verdict="consistent", severity="info",
                    message=f"{name} is stated {times} with agreeing values: {texts}.", org=first.org,
                    **first.at(), figures=tuple(f.to_dict() for f in cluster),
                    details={"check": "restatement", "values": [f.value for f in cluster]},
                ))
            else:
                found.append(Finding(
                    kind="consistency", metric=metric, year=year, verdict="inconsistent", severity="warning",
                    message=(f"{name} is stated twice with different values: {first.m.quantity.text} "
                             f"(at {first.m.quantity.start}) and {clash.m.quantity.text} "
                             f"(at {clash.m.quantity.start})."),
                    org=first.org, **clash.at(), figures=(first.to_dict(), clash.to_dict()),
                    details={"check": "restatement", "values": [f.value for f in cluster]},
                ))
    return found
