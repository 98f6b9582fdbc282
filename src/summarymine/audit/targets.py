"""Targets: a figure of a document stated as a target, or a row of a targets file (``load_targets``)."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import regex

from ..errors import InputError, read_error
from ..lexicon import read_yaml
from ..quantities import json_number, quantities
from ..results import Document, Metric
from ..taxonomy import MEASURES, Taxonomy, default_taxonomy
from .text import num, unit_name

# How a target's value is to be read: the contract's ``approx`` values (a targets file calls the field ``hedge``).
APPROX = frozenset({"exact", "at_least", "at_most", "about", "more_than", "less_than", "range"})
# A figure beyond this power of ten is a typo or an attack: Decimal would overflow reading it in 元.
MAX_EXPONENT = 30
_FIELDS = ("metric", "year", "value", "unit", "hedge", "value_max", "tolerance", "org", "measure", "direction")


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
    approx: str
    source: str
    org: str | None = None
    tolerance: Decimal | None = None
    direction: int | None = None
    line: int | None = None
    text: str | None = None
    # A file row's label, from the taxonomy its metric was read with (a figure carries its own).
    metric_label: str | None = None
    figure: Metric | None = field(default=None, compare=False)
    document: Document | None = field(default=None, compare=False, repr=False)

    def written(self) -> str:
        """The target as its source wrote it: the figure's text, the file row's, or its value and unit."""
        if self.figure is not None:
            return self.figure.quantity.text
        return self.text or f"{num(self.value)}{unit_name(self.unit)}"

    def to_dict(self) -> dict[str, Any]:
        """The figure of the document contract, or for a file row the same fields with its line."""
        if self.figure is not None:
            return self.figure.to_dict()
        return {
            "id": None, "text": self.text, "start": None, "end": None,
            "value": json_number(self.value), "value_max": json_number(self.value_max),
            "unit": self.unit, "unit_category": self.unit_category, "approx": self.approx,
            "measure": self.measure, "subject": self.subject, "subject_start": None, "subject_end": None,
            "metric": self.metric, "metric_label": self.metric_label, "status": "target", "parent": None,
            "as_of": None, "sentence_start": None, "sentence_end": None, "confidence": 1.0,
            "year": self.year, "line": self.line, "tolerance": json_number(self.tolerance),
        }


def load_targets(path: str | Path, *, taxonomy: Taxonomy | None = None) -> tuple[Target, ...]:
    """The targets of a YAML or CSV file; a malformed row raises ``InputError`` naming file, line and reason.

    Fields: ``metric`` (an id of ``taxonomy``, the default one when not
    given, or the subject as the texts write it: 地区生产总值增长), ``year``,
    ``value``, ``unit`` (as written: 亿元, %, 个百分点), ``hedge`` (``exact``
    when left out; ``at_least``, ``at_most``, ``about``, ``more_than``,
    ``less_than``, ``range``), ``value_max`` (for a range), and optionally
    ``tolerance`` (in the row's unit), ``org``, ``measure`` and ``direction``
    (``up`` or ``down``). A YAML file is a list of mappings or a mapping with
    a ``targets`` list; a CSV file has a header row.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise read_error(path, exc) from exc
    rows = _csv_rows(path, text) if path.suffix.lower() in (".csv", ".tsv") else _yaml_rows(path, text)
    taxonomy = taxonomy if taxonomy is not None else default_taxonomy()
    return tuple(_target_row(row, f"{path.name}:{line}", path.name, line, taxonomy) for line, row in rows)


def _yaml_rows(path: Path, text: str) -> list[tuple[int, dict[Any, Any]]]:
    root, data = read_yaml(text, path.name, InputError)
    if data is None:
        return []
    if isinstance(data, dict) and "targets" in data:
        nodes = next(v for k, v in root.value if k.value == "targets")
        data = data["targets"]
    else:
        nodes = root
    if not isinstance(data, list):
        raise InputError(f"{path.name}:{nodes.start_mark.line + 1}: expected a list of targets "
                         "(or a mapping with a 'targets' list)")
    rows = []
    for node, item in zip(nodes.value, data):
        line = node.start_mark.line + 1
        if not isinstance(item, dict):
            raise InputError(f"{path.name}:{line}: a target is a mapping of {', '.join(_FIELDS)}")
        rows.append((line, item))
    return rows


def _csv_rows(path: Path, text: str) -> list[tuple[int, dict[Any, Any]]]:
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


def _target_row(row: dict[Any, Any], where: str, file: str, line: int, taxonomy: Taxonomy) -> Target:
    unknown = sorted(str(k) for k in row if k not in _FIELDS)
    if unknown:
        raise InputError(f"{where}: unknown field(s) {', '.join(unknown)}; a target has {', '.join(_FIELDS)}")
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
    approx = str(row.get("hedge") or "exact").strip()
    if approx not in APPROX:
        raise InputError(f"{where}: hedge {approx!r} is not one of {', '.join(sorted(APPROX))}")
    unit_text = str(row["unit"]).strip()
    value, unit, category = _read_value(row["value"], unit_text, where, "value")
    value_max = None
    if approx == "range":
        if row.get("value_max") in (None, ""):
            raise InputError(f"{where}: a range needs value_max")
        value_max, _, _ = _read_value(row["value_max"], unit_text, where, "value_max")
        if value_max < value:
            raise InputError(f"{where}: value_max {row['value_max']} is below value {row['value']}")
    elif row.get("value_max") not in (None, ""):
        raise InputError(f"{where}: value_max is only for hedge 'range', not {approx!r}")
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
            raise InputError(f"{where}: metric {name} takes {'/'.join(sorted(entry.units))}, "
                             f"not {unit_text!r} ({category})")
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
        unit_category=category, measure=measure, approx=approx, source=f"{file}:{line}",
        org=(str(row["org"]).strip() if row.get("org") else None), tolerance=tolerance,
        direction={"up": 1, "down": -1}.get(direction) if direction else None, line=line,
        text=f"{row['value']}{'-' + str(row['value_max']) if value_max is not None else ''}{unit_text} ({approx})",
        metric_label=taxonomy.entries[metric].label if metric else None,
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
    q = found[0] if len(found) == 1 else None
    if q is None or q.start != 0 or q.end != len(written) or q.value is None:
        raise InputError(f"{where}: unit {unit_text!r} is not a unit summarymine reads")
    return (-q.value if number < 0 else q.value), q.unit, q.unit_category
