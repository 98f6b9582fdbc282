"""Scoring the audit's target → outcome pairs against an answer key of corpus/gold/audit (see its README)."""
from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from summarymine import audit, extract
from summarymine.audit import Finding


@dataclass
class PairScore:
    counts: Counter = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)

    @property
    def with_outcome(self) -> int:
        return sum(n for k, n in self.counts.items() if k.startswith("outcome:"))

    @property
    def without_outcome(self) -> int:
        return sum(n for k, n in self.counts.items() if k.startswith("none:"))

    def share(self, what: str) -> float:
        return self.counts[f"outcome: {what}"] / max(self.with_outcome, 1)

    def paired_without_outcome(self) -> float:
        """Of the targets the key says no later report states, the share the audit judged against some figure."""
        return self.counts["none: paired"] / max(self.without_outcome, 1)


def _spot(text: str | None, quote: str) -> tuple[int, int] | None:
    at = -1 if text is None else text.find(quote)
    return None if at < 0 else (at, at + len(quote))


def _written(value: str) -> str:
    """The key's value as the figure's text would hold it: 7.50 → 7.5, 6.5-7 → 6.5."""
    low = value.split("-")[0]
    return low.rstrip("0").rstrip(".") if "." in low else low


def _pairs(f: Finding, outcome_file: str, out: tuple[int, int] | None) -> bool:
    """Whether a finding pairs its target with the figure at ``out`` of ``outcome_file``."""
    return f.actual is not None and f.actual_source == outcome_file and out is not None and out[0] <= f.actual["start"] < out[1]


def pairs(key: Path, files: list[Path]) -> PairScore:
    texts = {p.name: p.read_text(encoding="utf-8") for p in files}
    findings = audit([extract(t, source=n) for n, t in texts.items()]).findings
    targets = [f for f in findings if f.kind == "target" and f.target and f.target.get("start") is not None]
    score = PairScore()
    for row in csv.DictReader(key.open(encoding="utf-8"), delimiter="\t"):
        spot = _spot(texts.get(row["target_file"]), row["target_quote"])
        if spot is None:
            continue  # a target of a file outside the set scored
        has_outcome = row["verdict"] != "no_outcome" and row["outcome_file"] in texts
        tag = "outcome" if has_outcome else "none"
        hits = [f for f in targets if f.target_source == row["target_file"] and spot[0] <= f.target["start"] < spot[1]]
        valued = [f for f in hits if _written(row["target_value"]) in f.target["text"].replace("．", ".")]
        if not hits:
            score.counts[f"{tag}: not a target"] += 1
            continue
        out = _spot(texts[row["outcome_file"]], row["outcome_quote"]) if has_outcome else None
        # A target for several indicators at once is judged once for each: the key's row names one of them.
        f = next((f for f in valued or hits if _pairs(f, row["outcome_file"], out)), (valued or hits)[0])
        if f.actual is None:
            score.counts[f"{tag}: unpaired"] += 1
        elif not has_outcome:
            score.counts["none: paired"] += 1
        else:
            right = _pairs(f, row["outcome_file"], out)
            score.counts["outcome: right" if right else "outcome: wrong"] += 1
            if right:
                score.counts["verdict agrees" if f.verdict == row["verdict"] else "verdict differs"] += 1
            else:
                score.wrong.append(f"{row['target_quote']} → {f.actual['text']} ({f.actual_source}), not {row['outcome_quote']}")
    return score
