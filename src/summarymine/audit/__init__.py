"""Auditing stated figures: against their targets, and against themselves.

``audit(documents, targets=None, taxonomy=None)`` reads documents already extracted
(``extract``) and answers three questions an auditor asks of a summary, each
answer a ``Finding`` that points back to the sentence it rests on:

``target``
    Did the body meet its targets? A target is a figure with a target status
    (``target``, ``planned`` or ``expected`` about the year ahead: ``statuses.states_a_target``) for
    a year (``Metric.year``) in one of the documents —
    主要预期目标 in one year's report — or a row of a targets file
    (``load_targets``). Its actual is a result figure of the same body, metric
    and year, normally from the report on that year. Verdicts: ``met``,
    ``exceeded``, ``missed``, ``not_reported`` (no figure for it), or
    ``not_comparable`` (the actual is stated in another unit). A figure
    without a year or a taxonomy id is not taken as a target; a report's
    repeat of its own target (经济增长预期7%左右 after 增长7%左右) is one target.
    Among several actuals, one in the target's unit from the report on that
    year wins; figures about the year ahead are never actuals. A target that
    report gives no figure for is scored by what it says of it in words
    (进出口总额出现下降，预期增长目标未能实现 is ``missed``; ``audit/words.py``).
``consistency``
    Do the numbers of one document add up? Each check gives ``consistent``
    (info) or ``inconsistent``, and ``details["check"]`` says which it was:
    ``parts`` — 其中 parts (``Metric.parent``) in the total's unit: a part
    above its total, or parts summing past it, is an arithmetic error
    (``error``); ``restatement`` — the same figure stated again in another
    sentence (same taxonomy id, or both unmapped; same unit, measure, year,
    and subject once the frame words 完成/全年/累计… are taken off; subjects
    shorter than 3 characters, such as 投资 or 项目, are too vague to count):
    values whose hedged ranges do not overlap are a ``warning``;
    ``completion_rate`` — 完成目标任务的112% against actual ÷ target, both
    read from the text (``warning`` when off by more than a point).
``claim``
    Does 超额完成 / 圆满完成 / 全面完成 agree with the verdicts of the targets
    for the year the document reports on? Only claims about targets count
    (目标/任务/指标 in their clause, no 确保/力争/未… before them, not in the part
    about the year ahead). A claim beside figures is checked against those
    figures' targets; a general one (全年目标任务圆满完成) against all of the
    year's; any ``missed`` target makes it ``inconsistent`` (``warning``).
``growth_check``
    Does a stated growth rate (``<level id>_growth``) agree with last year's
    and this year's levels (``<level id>``)? GDP and value-added growth is in
    comparable prices while levels are nominal, so those get the wider
    ``Tolerances.comparable_growth_points`` and only an ``info``.
``revision``
    Is a past year's level restated differently in a later report, or does a
    report's level break the series its predecessors gave by more than
    ``Tolerances.revision`` although its stated growth is small (海拉尔区's
    2018 GDP in the 2019 report)? Reported as a revision (``warning``), not as
    an arithmetic error, and the growth check of that year is left out.

Severity: ``error`` for arithmetic that cannot be (parts past their total),
``warning`` for what a person should look at (a missed target, a
disagreement, a revision), ``info`` for the rest.

How a target is scored: ``rules``. Each check is a function of the ``Context``
and the findings of the checks before it, listed once in ``CHECKS``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

from ..results import Document
from ..taxonomy import Taxonomy, default_taxonomy
from . import claims, completion, outcomes, parts, restatements, series
from .context import Context
from .findings import SCHEMA, Audit, Finding
from .rules import AboutBand, Tolerances
from .targets import APPROX, Target, load_targets
from .verdicts import KINDS, SCORED, VERDICTS

__all__ = [
    "APPROX", "CHECKS", "KINDS", "SCHEMA", "SCORED", "VERDICTS", "AboutBand", "Audit", "Check",
    "Context", "Finding", "Target", "Tolerances", "audit", "load_targets",
]


class Check(NamedTuple):
    """A check: ``run(context, found)`` gives its findings, ``found`` holding those of the checks before it.

    A check ``per_document`` runs once for each document, with a context of that document alone."""

    run: Callable[[Context, Sequence[Finding]], Iterable[Finding]]
    per_document: bool = False


# The checks, in the order they run: claims read the target verdicts, growth checks leave out the
# years whose series a revision broke.
CHECKS: tuple[Check, ...] = (
    Check(outcomes.document_targets),
    Check(outcomes.file_targets),
    Check(parts.parts, per_document=True),
    Check(restatements.restatements, per_document=True),
    Check(completion.completion_rates, per_document=True),
    Check(claims.claims, per_document=True),
    Check(series.revisions),
    Check(series.growth_checks),
)


def audit(documents: Iterable[Document] | Document, targets: Iterable[Target] | str | Path | None = None, *,
          band: AboutBand = AboutBand(), tolerances: Tolerances = Tolerances(),
          taxonomy: Taxonomy | None = None) -> Audit:
    """Every finding about the documents (and the targets of a file, when given), ordered by body, metric and year.

    ``targets`` is what ``load_targets`` returns, or the path of a targets file. ``taxonomy`` (the
    default one when not given) names the metrics, reads a targets file's metric ids, and gives the
    pairs of level and growth metrics the checks across years compare: pass the taxonomy the
    documents were extracted with.
    """
    docs = [documents] if isinstance(documents, Document) else list(documents)
    taxonomy = taxonomy if taxonomy is not None else default_taxonomy()
    if isinstance(targets, (str, Path)):
        targets = load_targets(targets, taxonomy=taxonomy)
    ctx = Context.build(docs, tuple(targets or ()), band, tolerances, taxonomy)
    found: list[Finding] = []
    for per_document, group in groupby(CHECKS, key=lambda check: check.per_document):
        checks = list(group)
        # Per-document checks run document by document, each document through all of them in turn.
        for scope in ([ctx.of(doc) for doc in docs] if per_document else [ctx]):
            for check in checks:
                found.extend(check.run(scope, found))
    # Labels come from the audit's taxonomy, set here once rather than by every check.
    labelled = [replace(f, metric_label=ctx.label(f.metric)) for f in found]
    labelled.sort(key=lambda f: (f.org or "", KINDS.index(f.kind), f.metric or "", f.year or 0, f.source or "",
                                 f.sentence_start if f.sentence_start is not None else -1))
    return Audit(tuple(labelled))
