"""What the audit gives: a ``Finding`` per verdict with its evidence, all of them in an ``Audit``."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..extras import needs
from .text import plain
from .verdicts import BY_NAME, Kind, Severity, VerdictName

if TYPE_CHECKING:
    import pandas as pd

SCHEMA = "summarymine.audit/1"
FRAME_COLUMNS = ["kind", "severity", "verdict", "org", "metric", "metric_label", "year", "message", "target_text",
                 "target_value", "target_approx", "actual_text", "actual_value", "unit", "target_source",
                 "actual_source", "source", "sentence_start", "sentence_end", "sentence"]


@dataclass(frozen=True)
class Finding:
    """One verdict with its evidence: the sentence it rests on (``source``, ``sentence_start/end``)."""

    kind: Kind
    metric: str | None
    year: int | None
    verdict: VerdictName
    severity: Severity
    message: str
    source: str | None
    sentence_start: int | None
    sentence_end: int | None
    org: str | None = None
    sentence: str | None = None
    target: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    actual: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    target_source: str | None = None
    actual_source: str | None = None
    # Every figure the finding rests on, each a contract figure with its "source".
    figures: tuple[dict[str, Any], ...] = field(default=(), compare=False, hash=False)
    # The numbers the verdict was computed from (sum of parts, implied growth, band …).
    details: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # The metric's label in the audit's taxonomy.
    metric_label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "kind": self.kind, "org": self.org, "metric": self.metric, "metric_label": self.metric_label,
            "year": self.year, "verdict": self.verdict, "severity": self.severity, "message": self.message,
            "source": self.source, "sentence_start": self.sentence_start, "sentence_end": self.sentence_end,
            "sentence": self.sentence,
        }
        if self.kind == "target":
            d.update(target=self.target, actual=self.actual, target_source=self.target_source,
                     actual_source=self.actual_source)
        d["figures"] = list(self.figures)
        d["details"] = {k: plain(v) for k, v in self.details.items()}
        return d


@dataclass(frozen=True)
class Audit:
    findings: tuple[Finding, ...]

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Iterator[Finding]:
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

    def to_frame(self) -> pd.DataFrame:
        """One row per finding: the verdict, its message, where to read it, and target and actual side by side."""
        with needs("compare", "the audit as a table"):
            import pandas as pd

        rows = []
        for f in self.findings:
            t, a = f.target or {}, f.actual or {}
            rows.append({
                "kind": f.kind, "severity": f.severity, "verdict": f.verdict, "org": f.org, "metric": f.metric,
                "metric_label": f.metric_label, "year": f.year, "message": f.message,
                "target_text": t.get("text"), "target_value": t.get("value"), "target_approx": t.get("approx"),
                "actual_text": a.get("text"), "actual_value": a.get("value"), "unit": t.get("unit") or a.get("unit"),
                "target_source": f.target_source, "actual_source": f.actual_source,
                "source": f.source, "sentence_start": f.sentence_start, "sentence_end": f.sentence_end,
                "sentence": f.sentence,
            })
        return pd.DataFrame(rows, columns=FRAME_COLUMNS)

    def to_excel(self, path: str | Path) -> Path:
        """Verdicts on one sheet and the other findings on another, each row coloured by its verdict."""
        frame = self.to_frame()
        with needs("compare", "the audit as xlsx"):
            from openpyxl.styles import PatternFill

        from ..spreadsheet import workbook

        path = Path(path)
        sheets = {"verdicts": frame[frame["kind"] == "target"], "consistency": frame[frame["kind"] != "target"]}
        with workbook(path) as writer:
            for name, part in sheets.items():
                part.to_excel(writer, sheet_name=name, index=False)
                sheet = writer.sheets[name]
                verdict_col = list(part.columns).index("verdict")
                for row, verdict in enumerate(part["verdict"], start=2):
                    known = BY_NAME.get(verdict)
                    if known:
                        fill = PatternFill(start_color=known.fill, end_color=known.fill, fill_type="solid")
                        for cell in sheet[row]:
                            cell.fill = fill
                sheet.freeze_panes = sheet.cell(row=2, column=verdict_col + 2)
        return path
