"""Lining one body's figures up across years.

``compare(documents)`` gives a long table, one row per (org, metric, year,
kind) where ``kind`` keeps targets (status ``target``/``planned``/``expected``)
apart from results. When a metric is stated more than once for the same
(org, year, kind), one value is kept by a documented rule and the others are
listed in ``Comparison.repeated``:

1. a figure from the document that reports on that year beats a restatement in
   a later or earlier document (a 2019 report quoting 2018's GDP is a revision;
   ``audit`` reports it as one);
2. within a document, the first mention beats later ones (the headline figure
   comes first; later mentions repeat or break it down);
3. a figure that is part of a total (``parent`` set) never stands for the metric.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from .results import Document

LONG_COLUMNS = [
    "org", "metric", "metric_label", "year", "kind", "value", "value_max", "unit", "approx", "measure",
    "status", "source", "doc_year", "start", "end", "text", "subject", "id",
]
TARGET_STATUSES = frozenset({"target", "planned", "expected"})


@dataclass(frozen=True)
class Comparison:
    """The kept figures (``table``), the ones set aside by the rule (``repeated``)."""

    table: pd.DataFrame
    repeated: pd.DataFrame

    def wide(self, kind: str = "result") -> pd.DataFrame:
        return wide(self.table, kind)


def figures_frame(documents: Iterable[Document]) -> pd.DataFrame:
    """Every mapped figure of the documents, one row each."""
    import pandas as pd

    rows = []
    for doc in documents:
        info = doc.info
        for m in doc.metrics:
            if m.metric is None:
                continue
            d = m.to_dict()
            rows.append({
                "org": info.org, "metric": m.metric, "metric_label": m.metric_label, "year": m.year,
                "kind": "target" if m.status in TARGET_STATUSES else "result",
                "value": d["value"], "value_max": d["value_max"], "unit": d["unit"], "approx": d["approx"],
                "measure": d["measure"], "status": d["status"], "source": info.source, "doc_year": info.year,
                "start": d["start"], "end": d["end"], "text": d["text"], "subject": d["subject"], "id": d["id"],
                "_part": m.parent is not None,
            })
    return pd.DataFrame(rows, columns=[*LONG_COLUMNS, "_part"])


def compare(documents: Iterable[Document]) -> Comparison:
    """Figures of the same metric lined up across years, with changes between consecutive years."""
    import pandas as pd

    frame = figures_frame(documents)
    frame = frame[~frame["_part"].astype(bool)].drop(columns="_part")
    frame = frame[frame["year"].notna()]
    if frame.empty:
        empty = pd.DataFrame(columns=[*LONG_COLUMNS, "change", "growth_pct"])
        return Comparison(empty, pd.DataFrame(columns=LONG_COLUMNS))
    frame = frame.assign(_own=(frame["doc_year"] == frame["year"]).astype(int))
    frame = frame.sort_values(["org", "metric", "year", "kind", "_own", "source", "start"],
                              ascending=[True, True, True, True, False, True, True], kind="stable")
    keys = ["org", "metric", "year", "kind"]
    first = ~frame.duplicated(keys, keep="first")
    kept = frame[first].drop(columns="_own").reset_index(drop=True)
    repeated = frame[~first].drop(columns="_own").reset_index(drop=True)
    kept["year"] = kept["year"].astype(int)
    return Comparison(_with_changes(kept), repeated)


def _with_changes(table: pd.DataFrame) -> pd.DataFrame:
    """Change and growth against the previous year, where the previous year exists in the same unit."""
    table = table.sort_values(["org", "metric", "kind", "year"], kind="stable").reset_index(drop=True)
    change, growth = [], []
    previous = None
    for row in table.itertuples(index=False):
        same_series = previous is not None and (previous.org, previous.metric, previous.kind) == (row.org, row.metric, row.kind)
        if same_series and previous.year == row.year - 1 and previous.unit == row.unit and previous.value is not None:
            delta = row.value - previous.value
            change.append(delta)
            growth.append(round(delta / previous.value * 100, 2) if previous.value else None)
        else:
            change.append(None)
            growth.append(None)
        previous = row
    return table.assign(change=change, growth_pct=growth)


def wide(table: pd.DataFrame, kind: str = "result") -> pd.DataFrame:
    """Metric × year, values only, for one kind (``result`` or ``target``)."""
    import pandas as pd

    part = table[table["kind"] == kind]
    if part.empty:
        return pd.DataFrame()
    return part.pivot_table(index=["org", "metric", "metric_label", "unit"], columns="year", values="value",
                            aggfunc="first").sort_index()


def to_records(table: pd.DataFrame) -> list[dict]:
    """JSON-ready rows: NaN becomes null, Decimal-like numbers plain numbers."""
    records = []
    for row in table.to_dict(orient="records"):
        records.append({k: (None if _missing(v) else v) for k, v in row.items()})
    return records


def _missing(value: object) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False

