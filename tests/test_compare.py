import json
import subprocess
import sys
from decimal import Decimal
from functools import cache

import pandas as pd
import pytest

from paths import read_table, shared
from summarymine import compare, extract
from summarymine.compare import WIDE_INDEX, to_records

HEADLINE = read_table("compare_headline.tsv")


@cache
def comparison(pattern: str):
    files = sorted(shared("realdocs").glob(pattern))
    assert files, pattern
    return compare([extract(f.read_text(encoding="utf-8"), source=f.name) for f in files])


@pytest.mark.parametrize("pattern,org,metric,year,value", HEADLINE, ids=[f"{r[2]}|{r[3]}|{r[1]}" for r in HEADLINE])
def test_headline_indicator_lines_up(pattern, org, metric, year, value):
    table = comparison(pattern).table
    rows = table[(table.org == org) & (table.metric == metric) & (table.year == int(year)) & (table.kind == "result")]
    assert len(rows) == 1, rows
    assert rows.iloc[0]["value"] == Decimal(value)


@pytest.mark.parametrize("pattern", sorted({r[0] for r in HEADLINE}))
def test_one_row_per_indicator_with_every_year(pattern):
    pinned = [r for r in HEADLINE if r[0] == pattern]
    wide = comparison(pattern).wide()
    for metric in {r[2] for r in pinned}:
        rows = wide.xs(metric, level="key")
        assert len(rows) == 1, f"{metric} is split over {len(rows)} rows"
        years = {r[3] for r in pinned if r[2] == metric}
        assert years <= set(rows.columns[rows.notna().iloc[0]])


def test_targets_are_kept_apart_from_results():
    table = comparison("hailar_district_20*.txt").table
    gdp = table[(table.metric == "economy.gdp_growth") & (table.year == 2016)]
    assert set(gdp.kind) == {"result", "target"}
    assert gdp.set_index("kind").loc["target", "value"] == Decimal("7.5")


def test_changes_between_consecutive_years():
    table = comparison("hailar_district_20*.txt").table
    gdp = table[(table.metric == "economy.gdp") & (table.kind == "result")].set_index("year")
    assert gdp.loc[2012, "change"] == 23520000000 - 19850000000
    assert gdp.loc[2012, "growth_pct"] == Decimal("18.49")
    assert gdp.loc[2018, "change"] is None  # 2017 is not given


def test_repeated_mentions_are_listed_not_lost():
    result = comparison("hailar_district_20*.txt")
    assert len(result.repeated) > 0
    kept = result.table.set_index(["org", "metric", "year", "kind"]).index
    for row in result.repeated.itertuples():
        assert (row.org, row.metric, row.year, row.kind) in kept


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "parquet", "table"])
def test_cli_formats(tmp_path, fmt):
    files = [str(p) for p in sorted(shared("realdocs").glob("hailar_district_201[23]*.txt"))]
    out = tmp_path / f"cmp.{fmt}"
    run = subprocess.run([sys.executable, "-m", "summarymine", "compare", *files, "--format", fmt, "-o", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    if fmt == "json":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["schema"] == "summarymine.comparison/1" and any(r["metric"] == "economy.gdp" for r in data["rows"])
    elif fmt == "xlsx":
        sheets = pd.read_excel(out, sheet_name=None)
        assert {"comparison", "repeated"} <= set(sheets)
    elif fmt == "parquet":
        assert "economy.gdp" in set(pd.read_parquet(out)["metric"])
    else:
        assert "economy.gdp" in out.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- exact values, one schema


def test_values_changes_and_growth_are_exact():
    table = comparison("hailar_district_20*.txt").table
    for column in ("value", "value_max", "change", "growth_pct"):
        assert all(v is None or isinstance(v, Decimal) for v in table[column]), column
    assert table["value"].map(lambda v: isinstance(v, Decimal)).all()
    rows = to_records(table)
    for row, value in zip(rows, table["value"]):
        assert isinstance(row["value"], (int, float)) and Decimal(repr(row["value"])) == value
    assert json.loads(json.dumps(rows))  # plain JSON, no Decimal left


def test_an_empty_table_has_the_columns_and_types_of_a_full_one():
    full = comparison("hailar_district_20*.txt")
    empty = compare([extract("没有数字的文本。")])
    for kept, none in ((full.table, empty.table), (full.repeated, empty.repeated)):
        assert list(none.columns) == list(kept.columns) and none.empty
        assert dict(none.dtypes) == dict(kept.dtypes)
    assert str(full.table.dtypes["year"]) == "int64" and str(full.table.dtypes["doc_year"]) == "Int64"
    assert full.table["value_max"].isna().all()  # no range here: typed all the same


def test_parquet_has_one_schema_whatever_the_data(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    full = comparison("hailar_district_20*.txt")
    empty = compare([])
    schemas = []
    for name, result in (("full", full), ("empty", empty)):
        path = result.to_parquet(tmp_path / f"{name}.parquet")
        schemas.append(pq.read_schema(path))
    assert schemas[0].equals(schemas[1])
    assert schemas[0].field("value_max").type == pa.decimal128(38, 10)
    back = pd.read_parquet(tmp_path / "full.parquet")
    assert list(back["value"]) == list(full.table["value"])  # Decimal in, the same Decimal out
    wide = pq.read_table(full.to_parquet(tmp_path / "wide.parquet", wide=True))
    assert wide.column_names[:len(WIDE_INDEX)] == WIDE_INDEX
    assert {str(f.type) for f in wide.schema if f.name not in WIDE_INDEX} == {"decimal128(38, 10)"}


@pytest.mark.slow
def test_wide_xlsx_reads_back_without_merged_cells(tmp_path):
    from openpyxl import load_workbook

    files = [str(p) for p in sorted(shared("realdocs").glob("hailar_district_201[23]*.txt"))]
    out = tmp_path / "wide.xlsx"
    run = subprocess.run([sys.executable, "-m", "summarymine", "compare", *files, "--wide", "--format", "xlsx",
                          "-o", str(out)], capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    assert not load_workbook(out)["comparison"].merged_cells.ranges
    back = pd.read_excel(out, sheet_name="comparison")
    assert list(back.columns[:len(WIDE_INDEX)]) == WIDE_INDEX
    gdp = back[back["key"] == "economy.gdp"]
    assert len(gdp) == 1 and set(gdp["org"]) == {"海拉尔区人民政府"}
    assert gdp.iloc[0]["2012"] == 23520000000
    assert gdp.iloc[0]["2012 growth_pct"] == pytest.approx(18.49)


# --------------------------------------------------------------------------- keys, periods, the wide view

BULLETINS = {
    "2016": "某县统计局2016年统计公报\n全年实现蔬菜大棚租赁收入12亿元。",
    "2017": "某县统计局2017年统计公报\n2017年，蔬菜大棚租赁收入15亿元。2018年，蔬菜大棚租赁收入预期达到18亿元。",
    "2016-Q1": "某县统计局2016年一季度经济运行分析\n一季度，全县蔬菜大棚租赁收入3亿元。",
    "2017-Q1": "某县统计局2017年一季度经济运行分析\n一季度，全县蔬菜大棚租赁收入4亿元。",
}


@cache
def bulletins():
    return compare([extract(text) for text in BULLETINS.values()])


def test_figures_the_taxonomy_does_not_map_line_up_by_their_key():
    table = bulletins().table
    assert set(table["metric"].map(lambda m: m is None or pd.isna(m))) == {True}
    assert set(table["key"]) == {"蔬菜大棚租赁收入"}
    assert sorted(table["period"]) == sorted(BULLETINS) + ["2018"]


def test_change_is_against_the_same_part_of_the_year_before():
    rows = bulletins().table.set_index(["period", "kind"])
    assert rows.loc[("2017", "result"), "growth_pct"] == Decimal("25.00")
    assert rows.loc[("2017-Q1", "result"), "change"] == Decimal("100000000")  # 2016-Q1, not the year 2016
    assert rows.loc[("2016-Q1", "result"), "change"] is None


def test_the_wide_view_has_targets_change_and_growth_beside_each_period():
    wide = bulletins().wide()
    assert len(wide) == 1 and wide.index.names == WIDE_INDEX
    assert list(wide.columns) == ["2016", "2016-Q1", "2017", "2017 change", "2017 growth_pct", "2017-Q1",
                                  "2017-Q1 change", "2017-Q1 growth_pct", "2018 target"]
    row = wide.iloc[0]
    assert row["2018 target"] == Decimal("1800000000")  # 预期 about the year after the bulletin's: a target
    assert row["2017 growth_pct"] == Decimal("25.00")


def test_select_by_key_or_by_metric_id_and_the_ids_under_it():
    result = comparison("hailar_district_20*.txt")
    assert set(result.select(key="economy.gdp").table["key"]) == {"economy.gdp"}
    economy = result.select(metric="economy")
    assert len(economy.table) and all(k.startswith("economy.") for k in economy.table["key"])
    assert result.select(metric="econ").table.empty  # a prefix of an id is not the id above it
    assert set(result.select(key="economy.gdp").repeated["key"]) <= {"economy.gdp"}


def test_the_cli_filters_by_key_and_writes_values_as_written(tmp_path):
    files = [str(p) for p in sorted(shared("realdocs").glob("hailar_district_201[2-5]*.txt"))]
    out = tmp_path / "wide.csv"
    run = subprocess.run([sys.executable, "-m", "summarymine", "compare", *files, "--wide", "--format", "csv",
                          "--metric", "economy", "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    back = pd.read_csv(out, dtype=str)
    assert list(back.columns[:len(WIDE_INDEX)]) == WIDE_INDEX and back["key"].str.startswith("economy.").all()
    numbers = back[back.columns[len(WIDE_INDEX):]].stack()
    assert not numbers.str.contains("[eE]").any()  # exact values, never 2.352e+10
    assert back.set_index("key").loc["economy.gdp", "2012"] == "23520000000"
