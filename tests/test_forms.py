"""Tables of standard forms (lexicons/forms.tsv): the cells a converter leaves one a line, in an order of its own, are
placed by the form, each with its unit, its row's label as subject and the total it is part of."""
import random

import pytest

from summarymine import extract

# The rows and columns of the table of requests of a 政府信息公开工作年度报告, as a PDF of one writes its labels.
REQUEST_ROWS = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开", "（二）部分公开（区分处理的，只计这一情形）",
    "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息",
    "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项", "（四）无法提供 1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确", "（五）不予处理 1.信访举报投诉类申请", "2.重复申请",
    "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息", "（六）其他处理", "（七）总计",
    "四、结转下年度继续办理",
]
# What a subject must hold for each row.
REQUEST_KEYS = ["本年新收", "上年结转", "予以公开", "部分公开", "国家秘密", "其他法律", "三安全一稳定", "第三方合法权益", "内部事务",
                "过程性信息", "行政执法案卷", "行政查询", "不掌握", "没有现成", "补正后", "信访举报", "重复申请", "公开出版物",
                "无正当理由", "确认或重新出具", "其他处理", "总计", "结转下年度"]
HEADER = ("三、收到和处理政府信息公开申请情况\n申请人情况\n自然人\n法人或其他组织\n"
          "商业\n企业\n科研\n机构\n社会\n公益\n组织\n法律\n服务\n机构\n其他\n总计\n")
PROSE = "五、存在的主要问题及改进情况\n个别部门答复文书规范性有待提升。\n"


def _requests(seed: int) -> list[list[int]]:
    """A table that adds up as the form says: the 总计 column sums the others, the 总计 row the rows of results."""
    rng = random.Random(seed)
    grid = [[rng.randint(0, 40) for _ in range(6)] for _ in REQUEST_ROWS]
    grid[21] = [sum(grid[r][c] for r in range(2, 21)) for c in range(6)]
    return [row + [sum(row)] for row in grid]


class _Text:
    """A text built piece by piece, that knows where each cell's number starts."""

    def __init__(self, first: str) -> None:
        self.text, self.at = first, {}

    def page(self, rows: range, grid: list[list[int]], *, by_columns: bool, columns: tuple[int, ...] = tuple(range(7))) -> "_Text":
        self.text += "".join(REQUEST_ROWS[r] + "\n" for r in rows)
        for r, c in ([(r, c) for c in columns for r in rows] if by_columns else [(r, c) for r in rows for c in columns]):
            self.at[r, c] = len(self.text)
            self.text += f"{grid[r][c]}\n\n"
        return self

    def then(self, more: str) -> "_Text":
        self.text += more
        return self


def _read_back(built: _Text, grid: list[list[int]]) -> None:
    """Every number of the table is read as the cell it is: its row's label, its value in 件, its total."""
    figures = {m["start"]: m for m in extract(built.text).to_dict()["metrics"]}
    for (r, c), at in built.at.items():
        m = figures[at]
        assert (m["value"], m["unit"]) == (grid[r][c], "件")
        assert REQUEST_KEYS[r] in m["subject"], (r, c, m["subject"])
        assert m["parent"] == (figures[built.at[21, c]]["id"] if 2 <= r <= 20 else None), (r, c)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_pdf_table_of_requests_is_read_a_column_at_a_time_across_a_page_break(seed):
    grid = _requests(seed)
    built = _Text(HEADER).page(range(13), grid, by_columns=True).then("- 3 -\n")
    _read_back(built.page(range(13, 23), grid, by_columns=True).then(PROSE), grid)


@pytest.mark.parametrize("seed", [4, 5])
def test_where_the_totals_add_up_only_a_row_at_a_time_the_cells_are_read_so(seed):
    grid = _requests(seed)
    _read_back(_Text(HEADER).page(range(23), grid, by_columns=False).then(PROSE), grid)


def test_a_total_column_a_converter_put_before_its_neighbour_is_put_back():
    grid = _requests(7)
    built = _Text(HEADER).page(range(13), grid, by_columns=True, columns=(0, 1, 2, 3, 4, 6, 5)).then("- 3 -\n")
    _read_back(built.page(range(13, 23), grid, by_columns=True).then(PROSE), grid)


def test_a_form_in_rows_of_cells_reads_each_row_by_its_label():
    text = ("二、主动公开政府信息情况\n第二十条第（一）项\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
            "| 规章 | 0 | 1 | 2 |\n| 行政规范性文件 | 13 | 4 | 56 |\n第二十条第（八）项\n| 信息内容 | 本年收费金额（单位：万元） |\n"
            "| 行政事业性收费 | 12.5 |\n" + PROSE)
    read = [(m["text"], m["value"], m["unit"], m["subject"]) for m in extract(text).to_dict()["metrics"]]
    assert read == [("0", 0, "件", "规章"), ("1", 1, "件", "规章"), ("2", 2, "件", "规章"),
                    ("13", 13, "件", "行政规范性文件"), ("4", 4, "件", "行政规范性文件"), ("56", 56, "件", "行政规范性文件"),
                    ("12.5", 125000, "元", "行政事业性收费")]


def test_numbers_in_a_rows_label_are_part_of_its_name():
    doc = extract(_Text(HEADER).page(range(23), _requests(6), by_columns=True).then(PROSE).text)
    assert not [m for m in doc.metrics if m.quantity.text in ("三类", "四类")]
    assert {q.text for q in doc.rejected if q.kind == "name"} >= {"三类", "四类"}


def test_a_sentence_citing_the_forms_article_opens_no_table():
    text = "根据《条例》第二十条第（一）项的规定，公开了规范性文件目录\n12\n" + PROSE
    assert [m["text"] for m in extract(text).to_dict()["metrics"]] == []


def test_a_cell_written_as_a_percentage_is_read_not_raised_on():
    text = "第二十条第（五）项\n信息内容\n本年处理决定数量\n行政许可\n98%\n" + PROSE
    assert [m["text"] for m in extract(text).to_dict()["metrics"]] == ["98%"]
