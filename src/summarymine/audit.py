"""Auditing stated figures: against their targets, and against themselves.

``audit(documents, targets=None)`` reads documents already extracted
(``extract``) and answers three questions an auditor asks of a summary, each
answer a ``Finding`` that points back to the sentence it rests on:

``target``
    Did the body meet its targets? A target is a figure with status ``target``
    (or ``planned``) for a year (``Metric.year``) in one of the documents —
    主要预期目标 in one year's report — or a row of a targets file
    (``load_targets``). Its actual is a result figure of the same body, metric
    and year, normally from the report on that year. Verdicts: ``met``,
    ``exceeded``, ``missed``, ``not_reported`` (no figure for it), or
    ``not_comparable`` (the actual is stated in another unit). A figure
    without a year or a taxonomy id is not taken as a target; a report's
    repeat of its own target (经济增长预期7%左右 after 增长7%左右) is one target.
    Among several actuals, one in the target's unit from the report on that
    year wins; figures about the year ahead are never actuals.
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

How a target is read (``Target.hedge``, the figure's ``approx``)
-------------------------------------------------------------------
Each target has a good direction: up, unless it is a ceiling (``at_most``,
``less_than``: 4.5%以内), a decrease (a signed growth target below zero:
单位GDP能耗下降3.4%以上 is value -3.4, ``at_most``), or a metric where lower is
better (``LOWER_IS_BETTER``); a targets file may set it (``direction``).

* ``at_least``/``more_than`` (以上, 超过) is a floor, ``at_most``/``less_than``
  (以内, 不超过) a ceiling: on the right side of it is ``met``; past it in the
  good direction by more than the band (below) is ``exceeded``; on the wrong
  side by more than the target's tolerance (default 0) is ``missed``.
* ``about`` (左右, 约) is a band of the ``AboutBand`` width on both sides:
  inside is ``met``, beyond it ``exceeded`` or ``missed`` by direction.
* ``range`` (6.5%-7%) is met inside the range (widened by the tolerance),
  ``exceeded``/``missed`` outside it by direction.
* ``exact`` (增长21%, 达到240亿元): a number without a hedge is what was aimed
  at, read as a floor in the good direction.

Figures compared are the rounded numbers the texts print; verdicts do not try
to guess the unrounded values.
"""
from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import regex

from .attribution import plan_start as find_plan_start
from .errors import InputError, read_error
from .lexicon import read_yaml
from .normalize import normalize
from .quantities import json_number, quantities
from .results import Document, Metric
from .taxonomy import MEASURES, Taxonomy, default_taxonomy

SCHEMA = "summarymine.audit/1"
KINDS = ("target", "consistency", "claim", "growth_check", "revision")
HEDGES = frozenset({"exact", "at_least", "at_most", "about", "more_than", "less_than", "range"})
TARGET_STATUSES = frozenset({"target", "planned"})
# Statuses that say nothing happened yet: never an actual.
NOT_ACTUAL = frozenset({"target", "planned", "expected", "requirement"})
SCORED = frozenset({"met", "exceeded", "missed"})
# Metrics whose targets are met by staying low, even when stated 左右 or without a hedge.
LOWER_IS_BETTER = frozenset({
    "prices.cpi", "employment.registered_unemployment_rate", "employment.surveyed_unemployment_rate",
    "employment.registered_unemployed", "finance.deficit", "finance.deficit_ratio", "energy.intensity",
    "poverty.poor_population", "poverty.poor_households", "population.death_rate",
})
# 超额完成 / 圆满完成 / 全面完成, in the normalized (simplified) text.
CLAIM_WORDS = ("超额完成", "圆满完成", "全面完成")
_CLAIM = regex.compile("|".join(CLAIM_WORDS))
# A claim under one of these in its clause is an intention or an admission, not a claim of the past.
_NOT_A_CLAIM = regex.compile(r"确保|力争|争取|努力|(?<![主重需])要(?!求)|将|必须|奋力|坚决|未|没有|难以|能否|如期")
# A claim names targets in general (圆满完成全年目标任务) when its clause says 目标/任务/指标 and, before the
# claim, nothing but these words: then it is checked against all of the year's targets.
_TARGET_WORDS = regex.compile(r"目标|任务|指标")
_GENERIC = regex.compile(
    r"经济社会发展|国民经济和社会发展|刚刚过去的|全年|年度|今年|去年|上年|各项|主要|预期|目标|任务|指标|计划|工作|顺利|胜利|较好"
    r"|全[区市县省国]|我[局区市县省们]|[0-9]{4}年|[了的和及与并均已都各项等所有]|[\s\p{P}\p{S}]")
_CLAUSE_END = "。！？；;!?\n，,：:"
_SENTENCE_END = "。！？；;!?\n"
_COMPARABLE = regex.compile(r"可比价|不变价|可比口径")
_SUBJECT_NOISE = regex.compile(r"[\s\p{P}\p{S}]+")


# --------------------------------------------------------------------------------------------------
# Rules


@dataclass(frozen=True)
class AboutBand:
    """How wide 左右/约 is, and how far past a target counts as ``exceeded``.

    For a target in percent (``%``) or percentage points (``百分点``), such as a
    growth rate or a share, the band is ``points`` percentage points on either
    side (7%左右 with the default: 6.5%–7.5%). For a level in any other unit it
    is ``relative`` times the target (240亿元左右: ±4.8亿元). The same width is
    the margin by which an outcome must pass a floor, a ceiling or an exact
    target to count as ``exceeded`` rather than ``met``. A targets file's
    ``tolerance`` replaces the width for its row.
    """

    points: Decimal = Decimal("0.5")
    relative: Decimal = Decimal("0.02")

    def width(self, value: Decimal, unit: str | None) -> Decimal:
        if unit in ("%", "百分点"):
            return Decimal(str(self.points))
        return abs(value) * Decimal(str(self.relative))


@dataclass(frozen=True)
class Tolerances:
    """Slack for the consistency checks.

    ``growth_points``: a stated growth rate may differ from the growth its two
    levels imply by this many points (nominal figures: a larger gap is a
    ``warning``). ``comparable_growth_points``: the same for growth in
    comparable prices (按可比价计算, and GDP or value-added growth, which
    Chinese reports state in comparable prices while the levels are nominal):
    the implied nominal growth differs by inflation, so only a larger gap is
    flagged, as ``info``. ``revision``: a level that differs by more than this
    fraction from what the earlier series and the stated growth give is a
    revision of the series. ``sum_relative``: rounding slack when adding 其中
    parts or comparing two statements. ``completion_points``: a stated
    completion rate may differ from actual ÷ target by this many points.
    """

    growth_points: Decimal = Decimal("1.0")
    comparable_growth_points: Decimal = Decimal("3.0")
    revision: Decimal = Decimal("0.20")
    sum_relative: Decimal = Decimal("0.005")
    completion_points: Decimal = Decimal("1.0")


# --------------------------------------------------------------------------------------------------
# Targets


@dataclass(frozen=True)
class Target:
    """A target for one year: from a targets file (``line`` set) or a figure of a document (``figure`` set)."""

    metric: str | None
    subject: str | None
    year: int
    value: Decimal
    value_max: Decimal | None
    unit: str | None
    unit_category: str | None
    measure: str | None
    hedge: str
    source: str
    org: str | None = None
    tolerance: Decimal | None = None
    direction: int | None = None
    line: int | None = None
    text: str | None = None
    figure: Metric | None = field(default=None, compare=False)
    document: Document | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The figure of the document contract, or for a file row the same fields with its line."""
        if self.figure is not None:
            return self.figure.to_dict()
        return {
            "id": None, "text": self.text, "start": None, "end": None,
            "value": json_number(self.value), "value_max": json_number(self.value_max),
            "unit": self.unit, "unit_category": self.unit_category, "approx": self.hedge,
            "measure": self.measure, "subject": self.subject, "subject_start": None, "subject_end": None,
            "metric": self.metric, "metric_label": _label(self.metric), "status": "target", "parent": None,
            "as_of": None, "sentence_start": None, "sentence_end": None, "confidence": 1.0,
            "year": self.year, "line": self.line, "tolerance": json_number(self.tolerance),
        }


# A figure beyond this power of ten is a typo or an attack: Decimal would overflow reading it in 元.
MAX_EXPONENT = 30
_TARGET_FIELDS = ("metric", "year", "value", "unit", "hedge", "value_max", "tolerance", "org", "measure", "direction")


def load_targets(path: str | Path, *, taxonomy: Taxonomy | None = None) -> tuple[Target, ...]:
    """The targets of a YAML or CSV file; a malformed row raises ``InputError`` naming file, line and reason.

    Fields: ``metric`` (a taxonomy id, or the subject as the texts write it:
    地区生产总值增长), ``year``, ``value``, ``unit`` (as written: 亿元, %, 个百分点),
    ``hedge`` (``exact`` when left out; ``at_least``, ``at_most``, ``about``,
    ``more_than``, ``less_than``, ``range``), ``value_max`` (for a range),
    and optionally ``tolerance`` (in the row's unit), ``org``, ``measure``
    and ``direction`` (``up`` or ``down``). A YAML file is a list of mappings
    or a mapping with a ``targets`` list; a CSV file has a header row.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise read_error(path, exc) from exc
    rows = _csv_rows(path, text) if path.suffix.lower() in (".csv", ".tsv") else _yaml_rows(path, text)
    taxonomy = taxonomy if taxonomy is not None else default_taxonomy()
    return tuple(_target_row(row, f"{path.name}:{line}", path.name, line, taxonomy) for line, row in rows)


def _yaml_rows(path: Path, text: str) -> list[tuple[int, dict]]:
    root, data = read_yaml(text, path.name, InputError)
    if data is None:
        return []
    if isinstance(data, dict) and "targets" in data:
        nodes = next(v for k, v in root.value if k.value == "targets")
        data = data["targets"]
    else:
        nodes = root
    if not isinstance(data, list):
        raise InputError(f"{path.name}:{nodes.start_mark.line + 1}: expected a list of targets (or a mapping with a 'targets' list)")
    rows = []
    for node, item in zip(nodes.value, data):
        line = node.start_mark.line + 1
        if not isinstance(item, dict):
            raise InputError(f"{path.name}:{line}: a target is a mapping of {', '.join(_TARGET_FIELDS)}")
        rows.append((line, item))
    return rows


def _csv_rows(path: Path, text: str) -> list[tuple[int, dict]]:
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    header: list[str] | None = None
    rows = []
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields) or fields[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [f.strip() for f in fields]
            continue
        if len(fields) > len(header):
            raise InputError(f"{path.name}:{line}: {len(fields)} fields, but the header names {len(header)}")
        rows.append((line, {k: v.strip() for k, v in zip(header, fields) if v.strip() != ""}))
    return rows


def _target_row(row: dict, where: str, file: str, line: int, taxonomy: Taxonomy) -> Target:
    unknown = sorted(str(k) for k in row if k not in _TARGET_FIELDS)
    if unknown:
        raise InputError(f"{where}: unknown field(s) {', '.join(unknown)}; a target has {', '.join(_TARGET_FIELDS)}")
    missing = [f for f in ("metric", "year", "value", "unit") if row.get(f) in (None, "")]
    if missing:
        raise InputError(f"{where}: missing field(s) {', '.join(missing)}")
    name = str(row["metric"]).strip()
    try:
        year = int(str(row["year"]).strip())
    except ValueError:
        raise InputError(f"{where}: year {row['year']!r} is not a year") from None
    if not 1900 <= year <= 2200:
        raise InputError(f"{where}: year {year} is out of range")
    hedge = str(row.get("hedge") or "exact").strip()
    if hedge not in HEDGES:
        raise InputError(f"{where}: hedge {hedge!r} is not one of {', '.join(sorted(HEDGES))}")
    unit_text = str(row["unit"]).strip()
    value, unit, category = _read_value(row["value"], unit_text, where, "value")
    value_max = None
    if hedge == "range":
        if row.get("value_max") in (None, ""):
            raise InputError(f"{where}: a range needs value_max")
        value_max, _, _ = _read_value(row["value_max"], unit_text, where, "value_max")
        if value_max < value:
            raise InputError(f"{where}: value_max {row['value_max']} is below value {row['value']}")
    elif row.get("value_max") not in (None, ""):
        raise InputError(f"{where}: value_max is only for hedge 'range', not {hedge!r}")
    tolerance = None
    if row.get("tolerance") not in (None, ""):
        tolerance, _, _ = _read_value(row["tolerance"], unit_text, where, "tolerance")
        if tolerance < 0:
            raise InputError(f"{where}: tolerance must not be negative")
    measure = row.get("measure")
    if measure is not None and measure not in MEASURES:
        raise InputError(f"{where}: measure {measure!r} is not one of {', '.join(sorted(MEASURES))}")
    direction = row.get("direction")
    if direction is not None and direction not in ("up", "down"):
        raise InputError(f"{where}: direction {direction!r} is not 'up' or 'down'")
    metric, subject = None, None
    if name in taxonomy.entries:
        metric = name
        entry = taxonomy.entries[name]
        if category not in entry.units:
            raise InputError(f"{where}: metric {name} takes {'/'.join(sorted(entry.units))}, not {unit_text!r} ({category})")
        measure = measure or entry.measure
    elif regex.fullmatch(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+", name):
        raise InputError(f"{where}: {name!r} is not a metric id of the taxonomy")
    else:
        subject = name
        for candidate in ([measure] if measure else ["amount", "growth", "share", "completion"]):
            found = taxonomy.map(name, candidate, category)
            if found.metric is not None:
                metric, measure = found.metric.id, candidate
                break
    return Target(
        metric=metric, subject=subject, year=year, value=value, value_max=value_max, unit=unit,
        unit_category=category, measure=measure, hedge=hedge, source=f"{file}:{line}",
        org=(str(row["org"]).strip() if row.get("org") else None), tolerance=tolerance,
        direction={"up": 1, "down": -1}.get(direction), line=line,
        text=f"{row['value']}{'-' + str(row['value_max']) if value_max is not None else ''}{unit_text} ({hedge})",
    )


def _read_value(raw: Any, unit_text: str, where: str, name: str) -> tuple[Decimal, str | None, str | None]:
    """A number in the file's unit, in the canonical unit of the contract (240, 亿元 → 24000000000 元)."""
    try:
        number = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        raise InputError(f"{where}: {name} {raw!r} is not a number") from None
    if not number.is_finite():
        raise InputError(f"{where}: {name} {raw!r} is not a number")
    if number and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        raise InputError(f"{where}: {name} {raw!r} is out of range (beyond 1e±{MAX_EXPONENT})")
    written = f"{format(abs(number), 'f')}{unit_text}"
    found = [q for q in quantities(written) if q.is_figure]
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(written) or found[0].value is None:
        raise InputError(f"{where}: unit {unit_text!r} is not a unit summarymine reads")
    q = found[0]
    return (-q.value if number < 0 else q.value), q.unit, q.unit_category


# --------------------------------------------------------------------------------------------------
# Findings


@dataclass(frozen=True)
class Finding:
    """One verdict with its evidence: the sentence it rests on (``source``, ``sentence_start/end``)."""

    kind: str
    metric: str | None
    year: int | None
    verdict: str
    severity: str
    message: str
    source: str | None
    sentence_start: int | None
    sentence_end: int | None
    org: str | None = None
    sentence: str | None = None
    target: dict | None = field(default=None, compare=False, hash=False)
    actual: dict | None = field(default=None, compare=False, hash=False)
    target_source: str | None = None
    actual_source: str | None = None
    # Every figure the finding rests on, each a contract figure with its "source".
    figures: tuple[dict, ...] = field(default=(), compare=False, hash=False)
    # The numbers the verdict was computed from (sum of parts, implied growth, band …).
    details: dict = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "kind": self.kind, "org": self.org, "metric": self.metric, "metric_label": _label(self.metric),
            "year": self.year, "verdict": self.verdict, "severity": self.severity, "message": self.message,
            "source": self.source, "sentence_start": self.sentence_start, "sentence_end": self.sentence_end,
            "sentence": self.sentence,
        }
        if self.kind == "target":
            d.update(target=self.target, actual=self.actual, target_source=self.target_source,
                     actual_source=self.actual_source)
        d["figures"] = list(self.figures)
        d["details"] = {k: _plain(v) for k, v in self.details.items()}
        return d


@dataclass(frozen=True)
class Audit:
    findings: tuple[Finding, ...]

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self):
        return iter(self.findings)

    def select(self, kind: str | None = None, *, verdict: str | None = None, metric: str | None = None,
               year: int | None = None, severity: str | None = None) -> list[Finding]:
        """The findings that match every argument given."""
        return [f for f in self.findings
                if (kind is None or f.kind == kind) and (verdict is None or f.verdict == verdict)
                and (metric is None or f.metric == metric) and (year is None or f.year == year)
                and (severity is None or f.severity == severity)]

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "findings": [f.to_dict() for f in self.findings]}

    def to_json(self, indent: int | None = None) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_frame(self):  # noqa: ANN201 - pandas is imported lazily
        """One row per finding: the verdict, its message, where to read it, and target and actual side by side."""
        import pandas as pd

        rows = []
        for f in self.findings:
            t, a = f.target or {}, f.actual or {}
            rows.append({
                "kind": f.kind, "severity": f.severity, "verdict": f.verdict, "org": f.org, "metric": f.metric,
                "metric_label": _label(f.metric), "year": f.year, "message": f.message,
                "target_text": t.get("text"), "target_value": t.get("value"), "target_approx": t.get("approx"),
                "actual_text": a.get("text"), "actual_value": a.get("value"), "unit": t.get("unit") or a.get("unit"),
                "target_source": f.target_source, "actual_source": f.actual_source,
                "source": f.source, "sentence_start": f.sentence_start, "sentence_end": f.sentence_end,
                "sentence": f.sentence,
            })
        columns = ["kind", "severity", "verdict", "org", "metric", "metric_label", "year", "message", "target_text",
                   "target_value", "target_approx", "actual_text", "actual_value", "unit", "target_source",
                   "actual_source", "source", "sentence_start", "sentence_end", "sentence"]
        return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------------------------------
# The audit


@dataclass(frozen=True)
class _Fig:
    """A figure with the document it came from."""

    m: Metric
    doc: Document
    org: str  # the org, or a per-document key when the document names none

    @property
    def source(self) -> str:
        return _source(self.doc)

    @property
    def doc_year(self) -> int | None:
        return self.doc.info.year

    @property
    def value(self) -> Decimal:
        return self.m.quantity.value

    @property
    def unit(self) -> str | None:
        return self.m.quantity.unit

    @property
    def is_target(self) -> bool:
        return self.m.status in TARGET_STATUSES

    @property
    def is_actual(self) -> bool:
        return self.m.status not in NOT_ACTUAL

    def to_dict(self) -> dict[str, Any]:
        return {**self.m.to_dict(), "source": self.source}

    def sentence(self) -> str:
        return self.doc.text[self.m.sentence_start:self.m.sentence_end]


def audit(documents: Iterable[Document] | Document, targets: Iterable[Target] | str | Path | None = None, *,
          band: AboutBand = AboutBand(), tolerances: Tolerances = Tolerances()) -> Audit:
    """Every finding about the documents (and the targets of a file, when given), ordered by body, metric and year.

    ``targets`` is what ``load_targets`` returns, or the path of a targets file.
    """
    docs = [documents] if isinstance(documents, Document) else list(documents)
    if isinstance(targets, (str, Path)):
        targets = load_targets(targets)
    figs = [_Fig(m, doc, _org(doc)) for doc in docs for m in doc.metrics if m.quantity.value is not None]
    findings: list[Finding] = []
    target_findings = _targets_from_documents(figs, docs, band) + _targets_from_file(list(targets or ()), figs, docs, band)
    findings += target_findings
    for doc in docs:
        mine = [f for f in figs if f.doc is doc]
        findings += _parts(mine, band, tolerances)
        findings += _restatements(mine, band, tolerances)
        findings += _completion_rates(mine, tolerances)
        findings += _claims(doc, mine, target_findings)
    revisions = _revisions(figs, band, tolerances)
    findings += revisions
    findings += _growth_checks(figs, tolerances, {(f.org, f.metric, f.year) for f in revisions if f.details.get("break")})
    findings.sort(key=lambda f: (f.org or "", KINDS.index(f.kind), f.metric or "", f.year or 0, f.source or "",
                                 f.sentence_start if f.sentence_start is not None else -1))
    return Audit(tuple(findings))


# ---- targets ---------------------------------------------------------------------------------------


def _targets_from_documents(figs: list[_Fig], docs: list[Document], band: AboutBand) -> list[Finding]:
    found = []
    seen = set()
    for f in figs:
        m = f.m
        if not f.is_target or m.year is None or m.metric is None or m.section == "span":
            continue
        key = (id(f.doc), m.metric, m.year, m.measure, f.unit)
        if key in seen:  # the headline statement stands; a repeat of it in the same report is not a new target
            continue
        seen.add(key)
        q = m.quantity
        target = Target(
            metric=m.metric, subject=m.subject, year=m.year, value=q.value, value_max=q.value_max, unit=q.unit,
            unit_category=q.unit_category, measure=m.measure, hedge=q.approx, source=f.source, org=f.org,
            text=q.text, figure=m, document=f.doc,
        )
        candidates = [a for a in figs if a.org == f.org and a.m.metric == m.metric and a.m.year == m.year
                      and a.is_actual and a.m.section == "review"]
        found.append(_judge(target, candidates, docs, band, home=f))
    return found


def _targets_from_file(targets: list[Target], figs: list[_Fig], docs: list[Document], band: AboutBand) -> list[Finding]:
    found = []
    for t in targets:
        def matches(a: _Fig, t: Target = t) -> bool:
            if a.m.year != t.year or not a.is_actual or a.m.section != "review":
                return False
            if t.org and not (a.doc.info.org and (t.org in a.doc.info.org or a.doc.info.org in t.org)):
                return False
            if t.metric:
                return a.m.metric == t.metric
            return bool(a.m.subject) and _squeeze(t.subject) in _squeeze(a.m.subject)

        candidates = [a for a in figs if matches(a)]
        if t.org:
            orgs = list(dict.fromkeys(a.org for a in candidates))[:1] or [t.org]
        else:
            # A file row without org is about every body audited: one verdict for each.
            orgs = list(dict.fromkeys(_org(d) for d in docs)) or [None]
        for org in orgs:
            mine = [a for a in candidates if t.org or a.org == org]
            found.append(_judge(t, mine, docs, band, org=org))
    return found


def _judge(t: Target, candidates: list[_Fig], docs: list[Document], band: AboutBand, *,
           home: _Fig | None = None, org: str | None = None) -> Finding:
    org = home.org if home is not None else org
    who = _who(org)
    what = _label(t.metric) or t.subject or "the figure"
    target_text = _figure_text(t)
    home_doc = home.doc if home is not None else None

    def rank(a: _Fig) -> tuple:
        own = a.doc_year == t.year
        distance = abs((a.doc_year or t.year) - t.year)
        return (a.unit != t.unit, a.m.measure != t.measure, (a.m.parent is not None) != (home is not None and home.m.parent is not None),
                not own, a.doc is home_doc, distance, _source(a.doc), a.m.quantity.start)

    candidates = sorted(candidates, key=rank)
    base = dict(kind="target", metric=t.metric, year=t.year, org=org, target=t.to_dict(), target_source=t.source)
    if not candidates:
        reporting = [d for d in docs if d.info.year == t.year and (org is None or _org(d) == org)]
        if reporting:
            why = f"{_source(reporting[0])} reports on {t.year} but gives no {what} figure"
        else:
            why = f"no document reports on {t.year}"
        where = home if home is not None else None
        return Finding(
            **base, verdict="not_reported", severity="info",
            message=f"{who}'s {t.year} target for {what}, {target_text}, cannot be scored: {why}.",
            source=where.source if where else t.source, sentence_start=where.m.sentence_start if where else None,
            sentence_end=where.m.sentence_end if where else None, sentence=where.sentence() if where else None,
            actual=None, actual_source=None, figures=tuple([where.to_dict()] if where else []),
        )
    a = candidates[0]
    evidence = dict(source=a.source, sentence_start=a.m.sentence_start, sentence_end=a.m.sentence_end,
                    sentence=a.sentence(), actual=a.m.to_dict(), actual_source=a.source,
                    figures=tuple(x for x in ([home.to_dict()] if home else []) + [a.to_dict()]))
    actual_text = f"{a.m.quantity.text} in {a.source}"
    if a.unit != t.unit or (t.measure and a.m.measure != t.measure):
        return Finding(
            **base, **evidence, verdict="not_comparable", severity="info",
            message=(f"{who}'s {t.year} target for {what}, {target_text}, is not comparable with the outcome "
                     f"{actual_text}: {_unit_name(t.unit)} {t.measure or ''} against {_unit_name(a.unit)} {a.m.measure}."),
        )
    verdict, details = _verdict(t, a.value, band)
    severity = "warning" if verdict == "missed" else "info"
    how = {"met": "was met", "exceeded": "was exceeded", "missed": "was missed"}[verdict]
    message = f"{who}'s {t.year} target for {what}, {target_text} ({details['rule']}), {how}: {actual_text}."
    return Finding(**base, **evidence, verdict=verdict, severity=severity, message=message, details=details)


def _verdict(t: Target, actual: Decimal, band: AboutBand) -> tuple[str, dict]:
    """met / exceeded / missed of an actual against a target, by its hedge and direction."""
    direction = t.direction or _direction(t)
    width = t.tolerance if (t.tolerance is not None and t.hedge == "about") else band.width(t.value, t.unit)
    slack = t.tolerance if (t.tolerance is not None and t.hedge != "about") else Decimal(0)
    up = "up" if direction > 0 else "down"
    unit = _unit_name(t.unit)
    shown = f"{_num(width)} points" if t.unit in ("%", "百分点") else _fmt(width, t.unit)
    details: dict[str, Any] = {"direction": up, "band": width, "tolerance": slack, "actual": actual}
    if t.hedge == "range" and t.value_max is not None:
        lo, hi = sorted((t.value, t.value_max))
        details["rule"] = f"met within {_num(lo)}–{_num(hi)}{unit}"
        if lo - slack <= actual <= hi + slack:
            return "met", details
        beyond = actual > hi if direction > 0 else actual < lo
        return ("exceeded" if beyond else "missed"), details
    d = (actual - t.value) * direction
    if t.hedge == "about":
        details["rule"] = f"met within ±{shown}"
        if abs(d) <= width:
            return "met", details
        return ("exceeded" if d > 0 else "missed"), details
    # Floors, ceilings and exact targets: the target is the line to reach in the good direction.
    kind = {"at_least": "a floor", "more_than": "a floor", "at_most": "a ceiling", "less_than": "a ceiling"}.get(
        t.hedge, "a floor" if direction > 0 else "a ceiling")
    if t.value < 0:
        kind = f"a decrease, read as {_num(t.value)}{unit}: {kind}"
    details["rule"] = f"{kind}, exceeded by more than {shown}"
    if d < -slack:
        return "missed", details
    return ("exceeded" if d > width else "met"), details


def _direction(t: Target) -> int:
    if t.hedge in ("at_most", "less_than"):
        return -1
    if t.hedge in ("at_least", "more_than"):
        return 1
    if t.metric in LOWER_IS_BETTER:
        return -1
    if t.measure == "growth" and (t.value < 0 or (t.value_max is not None and t.value_max < 0)):
        return -1
    return 1


# ---- consistency within a document -----------------------------------------------------------------


def _parts(figs: list[_Fig], band: AboutBand, tol: Tolerances) -> list[Finding]:
    """其中 parts against their total: no part above it, and their sum not past it."""
    by_id = {f.m.id: f for f in figs}
    groups: dict[str, list[_Fig]] = {}
    for f in figs:
        if f.m.parent is not None and f.m.parent in by_id:
            groups.setdefault(f.m.parent, []).append(f)
    found = []
    for parent_id, parts in groups.items():
        total = by_id[parent_id]
        parts = [p for p in parts if p.unit == total.unit and p.m.measure == "amount" == total.m.measure]
        if not parts or total.unit in ("%", "百分点"):
            continue
        t_lo, t_hi = _interval(total, band)
        slack = abs(total.value) * tol.sum_relative
        lows = [_interval(p, band)[0] for p in parts]
        total_sum = sum((lo if lo is not None else p.value for lo, p in zip(lows, parts)), Decimal(0))
        terms = " + ".join(p.m.quantity.text for p in parts)
        label = f"{total.m.quantity.text} ({total.m.subject or _label(total.m.metric) or 'the total'})"
        details = {"total": total.value, "sum_of_parts": total_sum, "parts": len(parts)}
        biggest = max(parts, key=lambda p: p.value)
        if t_hi is not None and biggest.value > t_hi + slack:
            verdict, severity = "inconsistent", "error"
            message = f"The part {biggest.m.quantity.text} ({biggest.m.subject}) exceeds its total {label}."
        elif t_hi is not None and total_sum > t_hi + slack:
            verdict, severity = "inconsistent", "error"
            message = f"The parts of {label} sum past it: {terms} = {_fmt(total_sum, total.unit)}."
        elif t_lo is not None and abs(total_sum - total.value) <= slack and total.m.quantity.approx == "exact":
            verdict, severity = "consistent", "info"
            message = f"The parts of {label} add up to it: {terms} = {_fmt(total_sum, total.unit)}."
        else:
            verdict, severity = "consistent", "info"
            message = (f"The parts of {label} stay within it: {terms} = {_fmt(total_sum, total.unit)} "
                       f"(a 其中 list need not be complete).")
        found.append(Finding(
            kind="consistency", metric=total.m.metric, year=total.m.year, verdict=verdict, severity=severity,
            message=message, org=total.org, **_at(total, span_of=[total, *parts]),
            figures=tuple(x.to_dict() for x in [total, *parts]), details={"check": "parts", **details},
        ))
    return found


def _restatements(figs: list[_Fig], band: AboutBand, tol: Tolerances) -> list[Finding]:
    """The same figure stated twice in one document: same metric (or subject when unmapped), subject, unit, year."""
    groups: dict[tuple, list[list[_Fig]]] = {}
    for f in figs:
        m = f.m
        if m.parent is not None or m.section == "span" or m.measure == "completion":
            continue
        subject = _core(m.subject)
        if len(subject) < 3:
            continue
        key = (m.metric, f.unit, m.measure, m.year, f.is_target)
        clusters = groups.setdefault(key, [])
        for cluster in clusters:
            if _same_subject(subject, _core(cluster[0].m.subject)):
                cluster.append(f)
                break
        else:
            clusters.append([f])
    found = []
    for (metric, _, _, year, _), clusters in groups.items():
        for cluster in clusters:
            if len(cluster) < 2:
                continue
            first = cluster[0]
            # Two figures of one subject in one sentence are a list or a change (由320元提高到380元), not a restatement.
            cluster = [f for i, f in enumerate(cluster)
                       if all(f.m.sentence_start != g.m.sentence_start for g in cluster[:i])]
            if len(cluster) < 2:
                continue
            clash = next((f for f in cluster[1:] if not _overlap(_interval(first, band), _interval(f, band),
                                                                  abs(first.value) * tol.sum_relative)), None)
            name = first.m.subject or _label(metric)
            texts = " and ".join(f.m.quantity.text for f in cluster)
            if clash is None:
                verdict, severity, shown = "consistent", "info", cluster
                times = "twice" if len(cluster) == 2 else f"{len(cluster)} times"
                message = f"{name} is stated {times} with agreeing values: {texts}."
            else:
                verdict, severity, shown = "inconsistent", "warning", [first, clash]
                message = (f"{name} is stated twice with different values: {first.m.quantity.text} "
                           f"(at {first.m.quantity.start}) and {clash.m.quantity.text} (at {clash.m.quantity.start}).")
            found.append(Finding(
                kind="consistency", metric=metric, year=year, verdict=verdict, severity=severity, message=message,
                org=first.org, **_at(shown[-1] if clash is not None else first), figures=tuple(f.to_dict() for f in shown),
                details={"check": "restatement", "values": [f.value for f in cluster]},
            ))
    return found


def _completion_rates(figs: list[_Fig], tol: Tolerances) -> list[Finding]:
    """完成目标任务的117%: the rate against actual ÷ target when both are in the text."""
    found = []
    for i, c in enumerate(figs):
        if c.m.measure != "completion" or c.unit != "%":
            continue
        before = [f for f in figs[:i] if f.m.sentence_start == c.m.sentence_start and f.m.measure == "amount"]
        actual = next((f for f in reversed(before) if f.is_actual), None)
        if actual is None:
            continue
        target = next((f for f in reversed(before) if f.is_target and f.unit == actual.unit), None)
        if target is None and actual.m.metric is not None:
            target = next((f for f in figs if f.is_target and f.m.metric == actual.m.metric and f.unit == actual.unit
                           and f.m.year == actual.m.year and f.m.section != "span"), None)
        if target is None:
            paragraph = c.doc.text.rfind("\n", 0, c.m.quantity.start)
            target = next((f for f in reversed(figs[:i]) if f.is_target and f.unit == actual.unit
                           and f.m.quantity.start > paragraph), None)
        if target is None or not target.value:
            continue
        implied = actual.value / target.value * 100
        off = abs(implied - c.value)
        ok = off <= tol.completion_points
        message = (f"The stated completion rate {c.m.quantity.text} {'agrees' if ok else 'disagrees'} with the figures: "
                   f"{actual.m.quantity.text} against the target {target.m.quantity.text} is {_num(_round(implied, 1))}%.")
        found.append(Finding(
            kind="consistency", metric=actual.m.metric or target.m.metric, year=c.m.year,
            verdict="consistent" if ok else "inconsistent", severity="info" if ok else "warning",
            message=message, org=c.org, **_at(c), figures=tuple(f.to_dict() for f in (c, target, actual)),
            details={"check": "completion_rate", "stated": c.value, "implied": _round(implied, 2)},
        ))
    return found


def _claims(doc: Document, figs: list[_Fig], target_findings: list[Finding]) -> list[Finding]:
    """超额完成 / 圆满完成 / 全面完成 against the verdicts of the targets for the year the document reports on."""
    year = doc.info.year
    if year is None:
        return []
    norm = normalize(doc.text)
    plan_start = find_plan_start(norm)
    org = _org(doc)
    scored = [f for f in target_findings if f.org == org and f.year == year and f.verdict in SCORED]
    found, seen = [], set()
    for match in _CLAIM.finditer(norm):
        at = match.start()
        if at >= plan_start:
            continue
        clause_start = max(norm.rfind(ch, 0, at) for ch in _CLAUSE_END) + 1
        clause_end = min([e for e in (norm.find(ch, match.end()) for ch in _CLAUSE_END) if e >= 0] or [len(norm)])
        if _NOT_A_CLAIM.search(norm, clause_start, at) or not _TARGET_WORDS.search(norm, clause_start, clause_end):
            continue
        start = max(norm.rfind(ch, 0, at) for ch in _SENTENCE_END) + 1
        ends = [e for e in (norm.find(ch, match.end()) for ch in _SENTENCE_END) if e >= 0]
        end = min(ends) if ends else len(norm)
        while start < end and norm[start].isspace():
            start += 1
        if (start, end) in seen or not scored:
            continue
        seen.add((start, end))
        named = {f.m.metric for f in figs if start <= f.m.quantity.start < end and f.m.metric}
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
            verdict, severity = "inconsistent", "warning"
            listed = "; ".join(f"{_label(f.metric) or f.metric} {f.target.get('text')} against {f.actual.get('text')}"
                               for f in missed)
            message = f"The claim {claim} for {year} disagrees with {len(missed)} missed target(s): {listed}."
        else:
            verdict, severity = "consistent", "info"
            message = f"The claim {claim} for {year} agrees with the {len(about)} target(s) scored, none missed."
        found.append(Finding(
            kind="claim", metric=missed[0].metric if len(missed) == 1 else (about[0].metric if len(about) == 1 else None),
            year=year, verdict=verdict, severity=severity, message=message, org=org, source=_source(doc),
            sentence_start=start, sentence_end=end, sentence=doc.text[start:end],
            figures=tuple(f.actual for f in about if f.actual),
            details={"check": "claim", "claim": claim, "targets": len(about), "missed": len(missed)},
        ))
    return found


# ---- across years ----------------------------------------------------------------------------------


def _level_growth_pairs() -> dict[str, str]:
    entries = default_taxonomy().entries
    return {k: f"{k}_growth" for k, e in entries.items() if e.measure == "amount" and f"{k}_growth" in entries}


def _series(figs: list[_Fig], metric: str, measure: str, unit: str | None = None) -> dict[str, list[_Fig]]:
    """Result figures of one metric with a year, outside baselines and parts, by org."""
    out: dict[str, list[_Fig]] = {}
    for f in figs:
        m = f.m
        if (m.metric == metric and m.measure == measure and f.is_actual and m.year is not None and m.parent is None
                and m.section == "review" and (unit is None or f.unit == unit)):
            out.setdefault(f.org, []).append(f)
    return out


def _own(figs: list[_Fig], year: int) -> _Fig | None:
    """The figure for ``year`` from the document reporting on it (its first mention), else None."""
    return next((f for f in figs if f.m.year == year and f.doc_year == year), None)


def _revisions(figs: list[_Fig], band: AboutBand, tol: Tolerances) -> list[Finding]:
    found = []
    for level_id, growth_id in _level_growth_pairs().items():
        levels = _series(figs, level_id, "amount")
        if not levels:
            continue
        growths = _series(figs, growth_id, "growth", "%")
        for org, series in levels.items():
            stated = growths.get(org, [])
            years = sorted({f.m.year for f in series})
            own = {y: _own(series, y) for y in years}
            # A past year's level restated in a later report with another value.
            for y in years:
                first = own[y]
                if first is None:
                    continue
                for later in series:
                    if later.m.year != y or later.doc is first.doc or later.unit != first.unit:
                        continue
                    if _overlap(_interval(first, band), _interval(later, band), abs(first.value) * tol.sum_relative):
                        continue
                    change = (later.value / first.value - 1) if first.value else None
                    found.append(Finding(
                        kind="revision", metric=level_id, year=y, verdict="revision", severity="warning", org=org,
                        message=(f"{_who(org)}'s {y} {_label(level_id)} is {later.m.quantity.text} in {later.source} "
                                 f"but {first.m.quantity.text} in {first.source}, the report on {y}: a revision, "
                                 f"not an arithmetic error."),
                        **_at(later), figures=(first.to_dict(), later.to_dict()),
                        details={"check": "restated", "earlier": first.value, "later": later.value,
                                 "change": _round(change * 100, 1) if change is not None else None},
                    ))
            # A report's level that breaks the series its predecessors gave, while its stated growth is small.
            owned = [y for y in years if own[y] is not None]
            for previous, y in zip(owned, owned[1:]):
                now, before = own[y], own[previous]
                if now.unit != before.unit or not before.value:
                    continue
                growth_now = next((g for g in stated if g.m.year == y and g.doc is now.doc), None)
                if growth_now is None:
                    continue
                expected = before.value
                chain = []
                for k in range(previous + 1, y + 1):
                    g = (growth_now if k == y else
                         next((g for g in stated if g.m.year == k and g.doc_year == k), None) or growth_now)
                    chain.append(g.value)
                    expected *= 1 + g.value / 100
                if not expected:
                    continue
                deviation = now.value / expected - 1
                if abs(deviation) <= tol.revision:
                    continue
                found.append(Finding(
                    kind="revision", metric=level_id, year=y, verdict="revision", severity="warning", org=org,
                    message=(f"{_who(org)}'s {y} {_label(level_id)} in {now.source}, {now.m.quantity.text}, breaks the "
                             f"earlier series ({before.m.quantity.text} for {previous} in {before.source}; with the "
                             f"stated growth of {growth_now.m.quantity.text} it would be about "
                             f"{_fmt(expected, now.unit)}, {_num(_round(abs(deviation) * 100, 1))}% "
                             f"{'lower' if deviation < 0 else 'higher'}): a revision of the series (a new base or "
                             f"boundary), not an arithmetic error."),
                    **_at(now), figures=(before.to_dict(), now.to_dict(), growth_now.to_dict()),
                    details={"check": "series_break", "break": True, "previous_year": previous,
                             "previous": before.value, "level": now.value, "expected": _round(expected, 0),
                             "deviation": _round(deviation * 100, 1), "growth": chain},
                ))
    return found


def _growth_checks(figs: list[_Fig], tol: Tolerances, revised: set) -> list[Finding]:
    """A stated growth rate (year Y) against the levels of Y-1 and Y of the same body."""
    found = []
    for level_id, growth_id in _level_growth_pairs().items():
        levels = _series(figs, level_id, "amount")
        if not levels:
            continue
        for org, growths in _series(figs, growth_id, "growth", "%").items():
            series = levels.get(org, [])
            done = set()
            for g in sorted(growths, key=lambda g: (g.doc_year != g.m.year, _source(g.doc), g.m.quantity.start)):
                y = g.m.year
                if y in done or (org, level_id, y) in revised:
                    continue

                def level(year: int, g: _Fig = g) -> _Fig | None:
                    same = next((f for f in series if f.m.year == year and f.doc is g.doc), None)
                    return same or _own(series, year) or next((f for f in series if f.m.year == year), None)

                now, before = level(y), level(y - 1)
                if now is None or before is None or now.unit != before.unit or not before.value:
                    continue
                done.add(y)
                implied = (now.value / before.value - 1) * 100
                off = abs(implied - g.value)
                comparable = bool(_COMPARABLE.search(normalize(g.sentence()))) or any(
                    word in (_label(level_id) or "") for word in ("生产总值", "增加值"))
                limit = tol.comparable_growth_points if comparable else tol.growth_points
                ok = off <= limit
                note = (" (growth in comparable prices, levels in current prices: the gap includes price change)"
                        if comparable else "")
                message = (f"{_who(org)}'s stated {y} growth of {_label(level_id)}, {g.m.quantity.text}, "
                           f"{'agrees with' if ok else 'differs from'} the {_num(_round(implied, 1))}% its levels give "
                           f"({before.m.quantity.text} in {y - 1}, {now.m.quantity.text} in {y}){note}.")
                found.append(Finding(
                    kind="growth_check", metric=growth_id, year=y, verdict="consistent" if ok else "inconsistent",
                    severity="info" if ok or comparable else "warning", message=message, org=org, **_at(g),
                    figures=(before.to_dict(), now.to_dict(), g.to_dict()),
                    details={"check": "growth", "stated": g.value, "implied": _round(implied, 2),
                             "difference": _round(implied - g.value, 2), "tolerance": limit, "comparable": comparable},
                ))
    return found


# --------------------------------------------------------------------------------------------------
# Helpers


def _org(doc: Document) -> str:
    return doc.info.org or f"<{_source(doc)}>"


def _source(doc: Document) -> str:
    return doc.info.source or f"sha256:{doc.info.sha256[:12]}"


def _who(org: str | None) -> str:
    return org or "The body"


def _label(metric: str | None) -> str | None:
    if metric is None:
        return None
    entry = default_taxonomy().entries.get(metric)
    return entry.label if entry else None


def _at(f: _Fig, span_of: Sequence[_Fig] = ()) -> dict[str, Any]:
    start, end = f.m.sentence_start, f.m.sentence_end
    for other in span_of:
        start, end = min(start, other.m.sentence_start), max(end, other.m.sentence_end)
    return {"source": f.source, "sentence_start": start, "sentence_end": end, "sentence": f.doc.text[start:end]}


def _interval(f: _Fig, band: AboutBand) -> tuple[Decimal | None, Decimal | None]:
    """The values a figure as hedged allows: 2000余份 → [2000, ∞), 7%左右 → [6.5, 7.5]."""
    q = f.m.quantity
    v = q.value
    if q.approx in ("more_than", "at_least"):
        return v, None
    if q.approx in ("less_than", "at_most"):
        return None, v
    if q.approx == "about":
        w = band.width(v, q.unit)
        return v - w, v + w
    if q.approx == "range" and q.value_max is not None:
        return min(v, q.value_max), max(v, q.value_max)
    return v, v


def _overlap(a: tuple, b: tuple, slack: Decimal) -> bool:
    a_lo, a_hi = a
    b_lo, b_hi = b
    if a_lo is not None and b_hi is not None and b_hi + slack < a_lo:
        return False
    if b_lo is not None and a_hi is not None and a_hi + slack < b_lo:
        return False
    return True


def _squeeze(text: str | None) -> str:
    return _SUBJECT_NOISE.sub("", normalize(text or ""))


# Words that say how or when, not what: 完成投资 and 计划投资 both count 投资, which is too vague to be one figure.
_SUBJECT_FRAME = regex.compile(
    r"^(?:全[区市县省国年]|今年|年内|当年|累计|共计|共|合计|总计|完成|实现|达到|推进|确保|计划|力争|争取|新[建增]?(?=投资))+"
    r"|^总(?=投资|产值|收入)")


def _core(subject: str | None) -> str:
    """The part of a subject that names what is counted: 全区累计完成固定资产投资 → 固定资产投资."""
    return _SUBJECT_FRAME.sub("", _squeeze(subject))


def _same_subject(a: str, b: str) -> bool:
    """Two subjects name the same thing: the same words once the frame (完成, 全年 …) is taken off.

    Not a suffix match: 地方财政总收入 is a part of 财政总收入, not a restatement of it."""
    return a == b

def _figure_text(t: Target) -> str:
    if t.figure is not None:
        return t.figure.quantity.text
    return t.text or f"{_num(t.value)}{_unit_name(t.unit)}"


def _unit_name(unit: str | None) -> str:
    return "" if unit is None else unit


def _round(value: Decimal | float | None, places: int) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places)) if places >= 0 else Decimal(value)


def _num(value: Decimal | None) -> str:
    if value is None:
        return "?"
    text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
    return text


def _fmt(value: Decimal, unit: str | None) -> str:
    """A computed amount the way the reports write it: 3411000000 元 → 34.1亿元."""
    if unit == "元" or (unit and unit.endswith("元")):
        for scale, name in ((Decimal("1e12"), "万亿"), (Decimal("1e8"), "亿"), (Decimal("1e4"), "万")):
            if abs(value) >= scale:
                return f"{_num(_round(value / scale, 1))}{name}{unit}"
    rounded = _round(value, 1 if value != value.to_integral_value() else 0)
    return f"{_num(rounded)}{_unit_name(unit)}"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
