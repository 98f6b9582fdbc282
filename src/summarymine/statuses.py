"""The statuses of the output contract (``Metric.status``), and which of them state a target.

audit, compare and report all split figures into targets and results by ``TARGET_STATUSES``, so
that a figure is a target in all of them or in none.
"""
from __future__ import annotations

# In the order the report's legend lists them.
STATUSES = ("achieved", "in_progress", "target", "planned", "expected", "requirement")
# What a body aims at or foresees, not what happened: 目标 (target), 计划 (planned), 预计/有望 (expected).
TARGET_STATUSES = frozenset({"target", "planned", "expected"})


def states_a_target(status: str | None, section: str, *, year: int | None = None, doc_year: int | None = None) -> bool:
    """Whether a figure is a target: 预计 about the year ahead (in the part about it, or naming a later year
    than the document's) foresees, as 目标 aims; in a review of the year just ended (预计全年增长6%) it
    estimates a result not yet final, and is none."""
    ahead = section == "plan" or (year is not None and doc_year is not None and year > doc_year)
    return status in TARGET_STATUSES and (status != "expected" or ahead)
# Statuses that say nothing happened yet: such a figure is never an outcome. A requirement
# (每人每月…以上) is a rule to keep, neither a target to score nor an outcome.
NOT_ACTUAL = TARGET_STATUSES | {"requirement"}
