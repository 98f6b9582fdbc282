"""Lining one body's figures up across years.

``compare(documents)`` gives a long table, one row per (org, key, period, kind).
``key`` says which figures are the same indicator (``keys.py``: the metric id
where the taxonomy knows it, else the indicator phrase of the subject), so that
figures the taxonomy does not map line up too. ``period`` is the figure's year,
or the part of it a quarterly or half-yearly document covers (``2017-Q1``).
``kind`` keeps targets (``statuses.states_a_target``: ``target``, ``planned``,
and ``expected`` about the year ahead) apart from results. When a key is stated
more than once for the same (org, period, kind), one value is kept by a
documented rule and the others are listed in ``Comparison.repeated``:

1. a figure from the document that reports on that year beats a restatement in
   a later or earlier document (a 2019 report quoting 2018's GDP is a revision;
   ``audit`` reports it as one);
2. within a document, the first mention beats later ones (the headline figure
   comes first; later mentions repeat or break it down);
3. a figure that is part of a total (``parent`` set) never stands for the key.

Change and growth are against the same period of the year before (2016 → 2017,
2016-Q1 → 2017-Q1) in the same unit. ``wide()`` is the view a user pastes into a
spreadsheet: one row per body and key, and per period a column of results, of
targets, of change and of growth, plain columns without merged cells.

Values, changes and growth rates are exact: ``Decimal`` in the frames, JSON numbers in
``to_records``, ``decimal128`` in Parquet, whose schema is the same whatever the data.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

from .errors import write_error
from .extras import needs
from .quantities import json_number
from .results import Document
from .statuses import states_a_target

LONG_COLUMNS = [
    "org", "key", "metric", "metric_label", "period", "year", "kind", "value", "value_max", "unit", "approx", "measure",
    "status", "source", "doc_year", "start", "end", "text", "subject", "id",
]
WIDE_INDEX = ["org", "key", "metric", "metric_label", "unit"]
# The wide view's columns of a period, after its results (named by the period alone).
WIDE_KINDS = ("target", "change", "growth_pct")
# Integer columns keep their type in an empty table too; the others hold str, Decimal or None.
_INTEGERS = {"year": "int64", "doc_year": "Int64", "start": "int64", "end": "int64"}
_EXACT = ("value", "value_max", "change", "growth_pct")
# 28 digits before the point and 10 after hold every figure a text states, in 元 from 兆 down.
_DECIMAL_PRECISION, _DECIMAL_SCALE = 38, 10


@dataclass(frozen=True)
class Comparison:
    """The kept figures (``table``), the ones set aside by the rule (``repeated``)."""

    table: pd.DataFrame
    repeated: pd.DataFrame

    def wide(self) -> pd.DataFrame:
        return wide(self.table)

    def select(self, *, key: str | None = None, metric: str | None = None) -> Comparison:
        """Only the rows of one key, or of one metric id (and, for a metric, the keys under it: economy.gdp_growth
        is economy.gdp_growth only, but ``economy`` is every economy.* key)."""
        def chosen(frame: pd.DataFrame) -> pd.DataFrame:
            keep = frame["key"].notna()
            if key is not None:
                keep &= frame["key"] == key
            if metric is not None:
                ids = frame["metric"].fillna("")
                keep &= (ids == metric) | ids.str.startswith(metric + ".")
            return frame[keep].reset_index(drop=True)

        return Comparison(chosen(self.table), chosen(self.repeated))

    def to_parquet(self, path: str | Path, *, wide: bool = False) -> Path:
        """Write ``table`` (or ``wide()``, its index as columns) as Parquet, with exact decimal values."""
        with needs("compare", "Parquet"):
            import pyarrow.parquet as pq

        path = Path(path)
        frame = self.wide().reset_index() if wide else self.table
        schema = _wide_schema(frame.columns) if wide else long_schema()
        try:
            pq.write_table(_arrow(frame, schema), path)
        except OSError as exc:
            raise write_error(path, exc) from None
        return path


def figures_frame(documents: Iterable[Document]) -> pd.DataFrame:
    """Every keyed figure of the documents, one row each."""
    with needs("compare", "compare"):
        import pandas as pd

    rows = []
    for doc in documents:
        info = doc.info
        for m in doc.metrics:
            if m.key is None:
                continue
            d = m.to_dict()
            rows.append({
                "org": info.org, "key": m.key, "metric": m.metric, "metric_label": m.metric_label,
                "period": _period(m.year, info.year, info.period), "year": m.year,
                "kind": "target" if states_a_target(m.status, m.section, year=m.year, doc_year=info.year) else "result",
                "value": _plain(m.quantity.value), "value_max": _plain(m.quantity.value_max), "unit": d["unit"], "approx": d["approx"],
                "measure": d["measure"], "status": d["status"], "source": info.source, "doc_year": info.year,
                "start": d["start"], "end": d["end"], "text": d["text"], "subject": d["subject"], "id": d["id"],
                "_part": m.parent is not None,
            })
    return pd.DataFrame(rows, columns=[*LONG_COLUMNS, "_part"], dtype=object)


def _plain(value: Decimal | None) -> Decimal | None:
    """235.2亿 is 23520000000, not 23520000000.0: a whole number without the point its reading left."""
    if value is None or value != value.to_integral_value():
        return value
    return value.quantize(Decimal(1))


def _period(year: int | None, doc_year: int | None, doc_period: str | None) -> str | None:
    """The document's period for figures of the year it covers, the figure's year for the others."""
    if year is None:
        return None
    return doc_period if doc_period and doc_year == year else str(year)


def compare(documents: Iterable[Document]) -> Comparison:
    """Figures of the same key lined up across years, with changes between consecutive years."""
    with needs("compare", "compare"):
        import pandas as pd

    frame = figures_frame(documents)
    frame = frame[~frame["_part"].astype(bool)].drop(columns="_part")
    frame = frame[frame["year"].notna()]
    if frame.empty:
        empty = pd.DataFrame(columns=[*LONG_COLUMNS, "change", "growth_pct"], dtype=object)
        return Comparison(_typed(empty), _typed(pd.DataFrame(columns=LONG_COLUMNS, dtype=object)))
    frame = frame.assign(_own=(frame["doc_year"] == frame["year"]).astype(int))
    frame = frame.sort_values(["org", "key", "period", "kind", "_own", "source", "start"],
                              ascending=[True, True, True, True, False, True, True], kind="stable")
    keys = ["org", "key", "period", "kind"]
    first = ~frame.duplicated(keys, keep="first")
    kept = frame[first].drop(columns="_own").reset_index(drop=True)
    repeated = frame[~first].drop(columns="_own").reset_index(drop=True)
    return Comparison(_typed(_with_changes(kept)), _typed(repeated))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({c: t for c, t in _INTEGERS.items() if c in frame.columns})


def _with_changes(table: pd.DataFrame) -> pd.DataFrame:
    """Change and growth against the same period of the previous year, where it exists in the same unit."""
    table = table.sort_values(["org", "key", "kind", "year", "period"], kind="stable").reset_index(drop=True)
    change: list[Any] = []
    growth: list[Any] = []
    # Rows of object columns: Decimals, strings and None, which pandas' types do not follow.
    seen: dict[tuple[Any, ...], Any] = {}
    row: Any
    for row in table.itertuples(index=False):
        part_of_year = row.period[len(str(row.year)):]
        previous = seen.get((row.org, row.key, row.kind, part_of_year, row.year - 1))
        seen[(row.org, row.key, row.kind, part_of_year, row.year)] = row
        if previous is not None and previous.unit == row.unit and previous.value is not None:
            delta = row.value - previous.value
            change.append(delta)
            growth.append((delta / previous.value * 100).quantize(Decimal("0.01")) if previous.value else None)
        else:
            change.append(None)
            growth.append(None)
    return table.assign(change=change, growth_pct=growth)


def wide(table: pd.DataFrame) -> pd.DataFrame:
    """Body and key × period: results under the period, then its target, change and growth columns."""
    import pandas as pd

    index = table[WIDE_INDEX].astype(object)
    index = index.where(index.notna(), "")  # a missing label or unit is a blank cell, not a level pandas drops
    results = table["kind"] == "result"
    cells = [index[results].assign(column=table.loc[results, "period"], value=table.loc[results, "value"])]
    cells.append(index[~results].assign(column=table.loc[~results, "period"] + " target",
                                        value=table.loc[~results, "value"]))
    for measure in ("change", "growth_pct"):
        stated = results & table[measure].notna()
        cells.append(index[stated].assign(column=table.loc[stated, "period"] + f" {measure}",
                                          value=table.loc[stated, measure]))
    long = pd.concat(cells, ignore_index=True)
    if long.empty:
        return pd.DataFrame(index=pd.MultiIndex.from_arrays([[]] * len(WIDE_INDEX), names=WIDE_INDEX),
                            columns=pd.Index([], name="period", dtype=object), dtype=object)
    # (org, key, period, kind) is unique in the table: unstacking loses nothing, and unlike a pivot
    # table it keeps the exact Decimal values.
    frame = long.set_index([*WIDE_INDEX, "column"])["value"].unstack("column").sort_index()
    ordered = sorted((str(c) for c in frame.columns), key=_column_order)
    frame = frame[ordered]
    frame.columns.name = "period"
    return frame.astype(object).where(frame.notna(), None)


def _column_order(column: str) -> tuple[str, int]:
    period, _, what = column.partition(" ")
    return period, (0 if not what else 1 + WIDE_KINDS.index(what))


def to_records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: NaN becomes null, Decimals JSON numbers."""
    records = []
    for row in table.to_dict(orient="records"):
        records.append({str(k): _json_value(v) for k, v in row.items()})
    return records


def long_schema() -> pa.Schema:
    """The Parquet schema of a comparison table, the same whatever the data."""
    with needs("compare", "Parquet"):
        import pyarrow as pa

    exact = pa.decimal128(_DECIMAL_PRECISION, _DECIMAL_SCALE)
    types = {**{c: pa.int64() for c in _INTEGERS}, **dict.fromkeys(_EXACT, exact)}
    return pa.schema([(c, types.get(c, pa.string())) for c in [*LONG_COLUMNS, "change", "growth_pct"]])


def _wide_schema(columns: Iterable[str]) -> pa.Schema:
    import pyarrow as pa

    exact = pa.decimal128(_DECIMAL_PRECISION, _DECIMAL_SCALE)
    return pa.schema([(c, pa.string() if c in WIDE_INDEX else exact) for c in columns])


def _arrow(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    import pyarrow as pa

    columns = [pa.array([_or_none(v) for v in frame[f.name]], type=f.type) for f in schema]
    return pa.Table.from_arrays(columns, schema=schema)


def _json_value(value: object) -> object:
    value = _or_none(value)
    return json_number(value) if isinstance(value, Decimal) else value


def _or_none(value: object) -> object:
    return None if _missing(value) else value


def _missing(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False

