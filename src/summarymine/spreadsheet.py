"""Tables written for spreadsheets: text stays text, numbers stay numbers.

Text from documents and file names reaches the exports (a body's name, a subject, a source file
called ``=HYPERLINK(...).txt``). Excel, LibreOffice and Google Sheets take a cell that begins with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) for a formula. In CSV, such text gets a
leading apostrophe, as OWASP advises and spreadsheet-safe exporters do; in xlsx, every text cell is
written as a string, so it shows as written and is never evaluated.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """``value``, with an apostrophe before text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(frame: Any, *, index: bool = False) -> str:
    """The DataFrame ``frame`` as CSV (its index as the first columns when ``index``), formula-like text made inert."""
    if index:
        frame = frame.reset_index()
    frame = frame.rename(columns=inert).map(inert)
    return str(frame.to_csv(index=False))


@contextmanager
def workbook(path: Path) -> Iterator[Any]:
    """A pandas ExcelWriter (openpyxl) for ``path``; on leaving, every cell openpyxl took for a
    formula is written as the text it is (summarymine writes values, never formulas)."""
    import pandas as pd

    writer = pd.ExcelWriter(path, engine="openpyxl")
    try:
        yield writer
        for sheet in writer.book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
    finally:
        writer.close()
