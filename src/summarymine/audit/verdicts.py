"""The names of the audit's verdicts, kinds and severities, and the colour each verdict is shown in.

The report (HTML) and the xlsx export both colour a finding by its verdict from ``VERDICTS``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["target", "consistency", "claim", "growth_check", "revision"]
# The order findings of one body are listed in.
KINDS: tuple[Kind, ...] = ("target", "consistency", "claim", "growth_check", "revision")
Severity = Literal["error", "warning", "info"]
VerdictName = Literal["met", "exceeded", "missed", "not_reported", "not_comparable", "consistent", "inconsistent",
                      "revision"]
# The verdicts of a target that was scored against an outcome.
SCORED: frozenset[VerdictName] = frozenset({"met", "exceeded", "missed"})


@dataclass(frozen=True)
class Verdict:
    """A verdict: ``tone`` is the report's colour class (``v-good``…), ``fill`` the xlsx row colour (RGB hex)."""

    name: VerdictName
    tone: Literal["good", "bad", "warn", "none"]
    fill: str


# In the order the report's summary counts them.
VERDICTS: tuple[Verdict, ...] = (
    Verdict("exceeded", "good", "A9D08E"),
    Verdict("met", "good", "C6EFCE"),
    Verdict("missed", "bad", "FFC7CE"),
    Verdict("not_comparable", "warn", "FFEB9C"),
    Verdict("not_reported", "none", "EDEDED"),
    Verdict("consistent", "good", "E2EFDA"),
    Verdict("inconsistent", "bad", "FFC7CE"),
    Verdict("revision", "warn", "FFEB9C"),
)
BY_NAME: dict[str, Verdict] = {v.name: v for v in VERDICTS}


def tone(verdict: str | None) -> str:
    """The colour class of ``verdict``; "none" for a verdict this version does not know (an older audit's JSON)."""
    known = BY_NAME.get(verdict or "")
    return known.tone if known else "none"
