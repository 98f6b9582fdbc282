import json
from decimal import Decimal

import pytest

from paths import read_table, shared
from summarymine import Document, extract

ROWS = read_table("attribution.tsv")
YEARS = read_table("figure_years.tsv")
CONTRACT_KEYS = {
    "id", "text", "start", "end", "value", "value_max", "unit", "unit_category", "currency", "approx", "measure",
    "subject", "subject_start", "subject_end", "metric", "metric_label", "key", "status", "parent", "as_of",
    "sentence_start", "sentence_end", "confidence", "year",
}


@pytest.mark.parametrize("text,written,value,value_max,approx,measure,status,subject", ROWS,
                         ids=[f"{r[0]}|{r[1]}" for r in ROWS])
def test_attribution(text, written, value, value_max, approx, measure, status, subject):
    metrics = [m for m in extract(text.replace("\\n", "\n").replace("\\t", "\t")).metrics if m.quantity.text == written]
    assert metrics, f"{written!r} not extracted"
    m = metrics[0].to_dict()
    assert Decimal(str(m["value"])) == Decimal(value)
    assert m["value_max"] == (None if value_max == "-" else pytest.approx(float(value_max)))
    assert m["approx"] == approx
    assert m["measure"] == measure
    assert m["status"] == (None if status == "null" else status)
    if subject != "-":
        assert subject in (m["subject"] or ""), m["subject"]


@pytest.mark.parametrize("text,written,doc_year,year,section,status", YEARS, ids=[f"{r[0][:24]}|{r[1]}" for r in YEARS])
def test_the_year_and_part_of_the_report_a_figure_is_about(text, written, doc_year, year, section, status):
    metrics = [m for m in extract(text.replace("\\n", "\n"), year=int(doc_year)).metrics if m.quantity.text == written]
    assert metrics, f"{written!r} not extracted"
    m = metrics[0]
    assert (m.year, m.section, m.status) == (None if year == "null" else int(year), section, status)


def test_document_speaks_the_contract():
    text = shared("seed", "000_c8039014f39d426f.txt").read_text(encoding="utf-8")
    doc = extract(text, source="seed.txt", year=2013)
    assert isinstance(doc, Document)
    data = json.loads(doc.to_json())
    assert data["schema"] == "summarymine.document/1"
    assert data["document"]["source"] == "seed.txt" and data["document"]["year"] == 2013
    assert data["document"]["script"] == "traditional" and data["document"]["kind"] == "work_summary"
    assert data["document"]["org"] == "科技局" and data["document"]["chars"] == len(text)
    ids = [m["id"] for m in data["metrics"]]
    assert len(ids) == len(set(ids))
    for m in data["metrics"]:
        assert set(m) == CONTRACT_KEYS
        assert text[m["start"]:m["end"]] == m["text"]
        if m["subject"] is not None:
            assert text[m["subject_start"]:m["subject_end"]] == m["subject"]
        assert m["sentence_start"] <= m["start"] < m["end"] <= m["sentence_end"]
        assert 0 <= m["confidence"] <= 1
        assert m["parent"] is None or m["parent"] in ids
        # A mainland office's 元 is renminbi; a count has no currency.
        assert m["currency"] == ("CNY" if m["unit_category"] == "currency" else None)


def test_parts_point_to_their_total():
    doc = extract("我局共组织申报科技项目36项，其中，省级科技创新项目3项、农业攻关项目1项、市级各类项目32项。")
    total, *parts = doc.metrics
    assert total.parent is None
    assert [p.parent for p in parts] == [total.id] * 3


@pytest.mark.parametrize(("text", "parents"), [
    # A total after its parts, which add up to it: each part points to it.
    ("實施勞動條件檢查 3 萬 6,439 場次，宣導輔導 802 場次及法令遵循訪視 2 萬 5,206 場次，合計 6 萬 2,447 場次。",
     ["m4", "m4", "m4", None]),
    ("第1期1,071億元、第2期2,230億元、第3期2,298億元、第4期2,098億元，合共7,697億元之特別預算。",
     ["m5", "m5", "m5", "m5", None]),
    # 包括 and 包含 open the parts of the figure before them, as 其中 does.
    ("全年招商引资50亿元，包括工业项目30亿元、服务业项目20亿元。", [None, "m1", "m1"]),
    # Figures that do not add up to the total after them are no parts of it.
    ("甲类企业10家，乙类企业20家，合计50家。", [None, None, None]),
    # Counts after a count of things named after it, naming nothing new, that add up to it: how it was shared out.
    ("共分解为486项具体事项，完成了462项，根据情况变化取消14项，由于主客观原因有10项没有完成。", [None, "m1", "m1", "m1"]),
    ("16项中央环保督察反馈问题已整改完成7项，剩余9项问题均取得突破性进展。", [None, "m1", "m1"]),
    # Three works, each naming its own things, that happen to add up: no parts.
    ("新建学校5所，改扩建学校3所，维修2所。", [None, None, None]),
    ("新建5所学校，改扩建3所幼儿园，维修2所医院。", [None, None, None]),
    ("分解为20项任务，完成了12项，取消5项。", [None, None, None]),
    # After a breakdown, a level of the total's subject qualified is another kind of it; another noun is not.
    ("共有医疗卫生机构109.2万个，其中医院3.9万个；基层医疗卫生机构104.0万个；专业公共卫生机构9217个。",
     [None, "m1", "m1", None]),
])
def test_a_total_after_its_parts_is_their_parent(text, parents):
    assert [m.parent for m in extract(text).metrics] == parents


def test_as_of():
    doc = extract("专利申报数截止10月底已达541件。")
    assert doc.metrics[0].as_of == "10月底"


def test_simplified_and_traditional_read_alike():
    simplified = extract("争取上级专项资金300余万元，培训农民5000人次。").to_dict()["metrics"]
    traditional = extract("爭取上級專項資金300餘萬元，培訓農民5000人次。").to_dict()["metrics"]
    keep = ("start", "end", "value", "unit", "approx", "subject_start", "subject_end", "status")
    assert [{k: m[k] for k in keep} for m in simplified] == [{k: m[k] for k in keep} for m in traditional]


def test_bare_text_and_empty_text():
    assert extract("").metrics == ()
    assert extract("没有数字的句子。").metrics == ()
    with pytest.raises(TypeError):
        extract(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("text,part,total", [
    ("全区现有学校134所，其中普通中小学58所（高中3所、初中12所、小学43所），幼儿园76所。", "12所", "58所"),
    ("地区生产总值186.52亿元，增长8.2%。其中，第一产业增加值32.06亿元，增长7.1%；第二产业增加值71.83亿元。",
     "71.83亿元", "186.52亿元"),
    ("开展职业技能培训8600人次，其中企业职工以工代训3200人。", "3200人", "8600人次"),
    # A breakdown opener (…中，) whose phrase begins with what the total's sentence names.
    ("规模以上工业企业达429户，实现增加值2570亿元，同比增长9.5%。规模以上工业重点行业中，石油行业实现增加值1894.4亿元，同比增长7.2%；"
     "石化行业实现增加值379.8亿元。", "379.8亿元", "2570亿元"),
    # A breakdown opener two sentences on, each ended by a full stop and a line break: parts of the total before.
    ("全市实现地区生产总值1228亿元，同比增长1.5%。\n三次产业比为3.9：59.5：36.6。\n"
     "从中直和地方看，地方经济正向拉动明显：中直经济实现增加值384.8亿元；地方经济实现增加值843.2亿元。", "843.2亿元", "1228亿元"),
    # A breakdown opener that names one of the totals before it (税种 of 税收收入) breaks that one down, not the widest;
    # one that shares no more than a character with a narrower total (非 of 非油经济) breaks down the widest.
    ("公共财政收入完成42.1亿元。其中，税收收入34.1亿元；非税收入8亿元。从主要税种收入看，增值税12.8亿元、城镇土地使用税9.5亿元。",
     "9.5亿元", "34.1亿元"),
    ("地区生产总值1228亿元。从油与非油看，油经济实现增加值275.7亿元；非油经济实现增加值952.3亿元。"
     "从公有与非公有看，公有制经济实现增加值833亿元；非公有制经济实现增加值395亿元。", "833亿元", "1228亿元"),
    # A target named in passing (30项目标任务) totals no result after it.
    ("全局共组织申报科技项目33项，超额完成年初确定的30项目标任务，其中国家级项目3项。", "3项", "33项"),
    # A 其中 in brackets reaches over its semicolons to the bracket's end.
    ("中直投资完成159.5亿元，下降11.7%（其中：油田产能项目完成投资150亿元，下降10.8%；石化公司1.1亿元，下降57.1%）。", "1.1亿元",
     "159.5亿元"),
    # An opener that opens its paragraph reaches over the paragraph's sentences; the next paragraph's opener breaks down
    # the same total, not a part of it.
    ("全市固定资产投资完成247.4亿元。\n从中直和地方看，中直投资完成159.5亿元（其中：油田产能项目完成投资150亿元）。地方投资完成87.9亿元。\n"
     "从产业投资看，第一产业完成投资16.9亿元；第二产业完成投资191.3亿元。", "87.9亿元", "247.4亿元"),
    ("全市固定资产投资完成247.4亿元。\n从中直和地方看，中直投资完成159.5亿元（其中：油田产能项目完成投资150亿元）。地方投资完成87.9亿元。\n"
     "从产业投资看，第一产业完成投资16.9亿元；第二产业完成投资191.3亿元。", "16.9亿元", "247.4亿元"),
    # Levels of one subject in later sentences that add up to an earlier one are its parts (by place).
    ("全市有学前教育机构565所。在园幼儿53641人。市区有学前教育机构300所，在园幼儿30294人。四县有学前教育机构265所，在园幼儿23347人。",
     "23347人", "53641人"),
    # Items of one list whose opening figures add up to a figure before the list, give or take their rounding.
    ("全县完成财政收入20.5亿元。\n1、一般公共预算收入完成15.3亿元，增长3%。①税收收入完成12.1亿元。②非税收入完成3.2亿元。\n"
     "2、政府性基金收入完成5.1亿元。", "3.2亿元", "15.3亿元"),
    ("全县完成财政收入20.5亿元。\n1、一般公共预算收入完成15.3亿元，增长3%。①税收收入完成12.1亿元。②非税收入完成3.2亿元。\n"
     "2、政府性基金收入完成5.1亿元。", "5.1亿元", "20.5亿元"),
    # A 其中 after a bracket: the total is the figure outside it, not the aside's (按可比口径…).
    ("全部财政收入完成781亿元、增长23%(按可比口径，可达839.8亿元、增长32.3%)，其中地方一般预算收入408.3亿元、增长21.6%。", "408.3亿元", "781亿元"),
    # A bracket of how far the parts went holds parts.
    ("完成工业锅炉改造5601座(已完成5573座，改善中28座)。", "28座", "5601座"),
    # How many of the things counted a verb says something of, in the same clause.
    ("开通大水系、构建大交通，80项重点工程已竣工26项。", "26项", "80项"),
    ("去年确定的47项惠民实事完成44项。", "44项", "47项"),
])
def test_parts_in_brackets_over_semicolons_and_across_person_units(text, part, total):
    metrics = {m.quantity.text: m for m in extract(text).metrics}
    assert metrics[part].parent == metrics[total].id


@pytest.mark.parametrize("text,figure", [
    ("新增合作社38家，总数达到612家，其中国家级示范社3家、省级示范社15家；新增家庭农场45家。", "45家"),
    ("地区生产总值186.52亿元，增长8.2%。其中，第一产业增加值32.06亿元，增长7.1%。", "7.1%"),
    # Levels of one subject that do not add up to the earlier one are other years' or places', not its parts.
    ("全市有学前教育机构565所。市区有学前教育机构300所。四县有学前教育机构200所。", "200所"),
    # Items whose opening figures do not add up to the figure before them are no parts of it.
    ("全县完成财政收入30亿元。\n1、一般公共预算收入完成15.3亿元。\n2、政府性基金收入完成5.1亿元。", "5.1亿元"),
    # Items of a list and where a count went are no parts of the count before them.
    ("新建污水处理厂和垃圾处理场24座和12座。", "12座"),
    ("省级行政审批事项由1267项减少到687项。", "687项"),
    # A bracket that names the target beside the result holds no part of it.
    ("有机及友善耕作面积达成2.67万公顷(目标为2.55万公顷)。", "2.55万公顷"),
])
def test_no_part_past_the_breakdown_nor_of_a_growth_rate(text, figure):
    metrics = {m.quantity.text: m for m in extract(text).metrics}
    assert metrics[figure].parent is None


TABLE_CASES = [
    # One column of values written a column at a time (a PDF converter): every label, then every value, then a page number.
    ("單位：新臺幣億元\n\n項    目\n\n預算數\n\n一、收入合計\n\n（一）歲入\n\n（二）債務之舉借\n\n703\n\n0\n\n703\n\n6\n",
     "703", 0, 70300000000, "收入合計"),
    ("單位：新臺幣億元\n\n項    目\n\n預算數\n\n一、收入合計\n\n（一）歲入\n\n（二）債務之舉借\n\n703\n\n0\n\n703\n\n6\n",
     "703", 1, 70300000000, "債務之舉借"),
    # Row by row, as before: a label, then its value.
    ("单位：万吨\n指标\n产量\n粮食\n650.0\n油料\n12.5\n", "12.5", 0, 125000, "油料"),
]


@pytest.mark.parametrize("text,written,nth,value,subject", TABLE_CASES, ids=[f"{c[1]}#{c[2]}" for c in TABLE_CASES])
def test_a_table_one_cell_a_line_gives_each_value_its_label(text, written, nth, value, subject):
    metrics = [m for m in extract(text).metrics if m.quantity.text.strip() == written]
    assert metrics[nth].quantity.value == value
    assert subject in (metrics[nth].subject or "")


TAB_ROWS = ("序号\t考核项目\t各项分值\t考核指标\n\t总分\t20\t\n一、\t基础工作\t10\t\n"
            "1\t组织领导\t6\t成立领导小组，得2分；制定工作方案，得4分。\n2\t日常工作\t4\t按时报送信息，得4分。\n"
            "二、\t宣传工作\t10\t在省级媒体发表稿件，得10分。\n")


def test_a_table_of_tab_separated_rows_reads_its_unit_from_a_header_word_and_its_parts_from_its_numbering():
    metrics = extract(TAB_ROWS).metrics
    cells = [m for m in metrics if m.quantity.text in {"20", "10", "6", "4"}]
    assert [(m.quantity.value, m.quantity.unit) for m in cells] == [(20, "分"), (10, "分"), (6, "分"), (4, "分"), (10, "分")]
    total, first_part, item, sibling, second_part = cells
    assert "组织领导" in (item.subject or "") and "基础工作" in (first_part.subject or "")
    # 一、 and 二、 add up to 总分; 1 and 2 to 一、 (numbered alike, 1 and 2 are no parts of each other).
    assert [m.parent for m in cells] == [None, total.id, first_part.id, first_part.id, total.id]
    # The points a row's prose gives, adding up to its value, are its parts.
    in_prose = [m for m in metrics if m.quantity.text in {"2分", "4分"} and m.quantity.start < TAB_ROWS.index("2\t日常")]
    assert [m.parent for m in in_prose] == [item.id, item.id]


MERGED_ROWS = ("序号\t考核项目\t各项分值\t考核内容\t评分标准\t说明\n"
               "1\t重点考核部门\t县委农工部\t60\t农村生活垃圾专项治理\t完成分类试点。\t\n"
               "2\t县农粮局\t30\t畜禽养殖污染控制\t建立养殖污染台账。\t\n"
               "15\t农业化肥减量化治理\t推广生物农药。\t\n")


def test_a_spreadsheets_row_that_lost_or_gained_merged_cells_on_its_left_reads_from_the_right():
    cells = {m.quantity.text: m for m in extract(MERGED_ROWS).metrics}
    assert [(cells[n].quantity.value, cells[n].quantity.unit) for n in ("60", "30", "15")] == [(60, "分"), (30, "分"), (15, "分")]
    assert cells["60"].subject == "县委农工部"
    assert "农业化肥" in (cells["15"].subject or "")


UNIT_COLUMN = ("表1  2023年主要农产品产量及其增长速度\n产品名称  单位  绝对数  比上年增长%\n粮食  万吨  186.32  1.8\n"
               "  夏粮  万吨  82.15  2.3\n  秋粮  万吨  104.17  1.4\n油料  万吨  12.48  -3.1\n注：表中粮食产量按反馈数据整理。\n")


def test_a_table_of_columns_parted_by_spaces_takes_each_rows_unit_from_its_unit_column():
    read = [(m.quantity.text, m.quantity.value, m.quantity.unit, m.subject) for m in extract(UNIT_COLUMN).metrics]
    assert read == [("186.32", 1863200, "吨", "粮食"), ("1.8", Decimal("1.8"), "%", "粮食"), ("82.15", 821500, "吨", "夏粮"),
                    ("2.3", Decimal("2.3"), "%", "夏粮"), ("104.17", 1041700, "吨", "秋粮"), ("1.4", Decimal("1.4"), "%", "秋粮"),
                    ("12.48", 124800, "吨", "油料"), ("3.1", Decimal("-3.1"), "%", "油料")]


def _laid_out(sentences: list[str], width: int) -> str:
    """Prose wrapped at ``width`` characters a line with a blank line between lines, as some PDF converters write it."""
    text = "".join(sentences)
    return "\n\n".join(text[i:i + width] for i in range(0, len(text), width))


def test_text_wrapped_at_its_own_width_reads_across_its_line_breaks():
    filler = "政府持续推动各项建设工作，成效逐步显现。" * 30
    text = _laid_out([filler, "本院推动產業發展，預計2028年可新增半導體產值2.66兆元。", filler], 22)
    found = {m.quantity.text: m for m in extract(text).metrics}
    figure = found["2.66兆元"]
    assert figure.status == "expected"  # 預計, two lines up
    assert "半" in (figure.subject or "") and "產值" in (figure.subject or "").replace("\n", "")


def test_text_wrapped_at_uneven_widths_reads_across_its_blank_lines():
    # Digits and spaces set in a proportional font make a page's lines of unequal length (33 to 44 characters).
    filler = "政府持续推动各项建设工作成效逐步显现" * 60
    widths = [33, 36, 41, 34, 38, 44]
    lines, at = [], 0
    while at < len(filler):
        lines.append(filler[at:at + widths[len(lines) % len(widths)]])
        at += len(lines[-1])
    lines[20:20] = ["政府持续推动各项建设工作成效逐步显现，截至 12 月底止，國際人", "才延攬人數 317 人，成效逐步显现政府持续推动各项建设工作"]
    figure = next(m for m in extract("\n\n".join(lines)).metrics if m.quantity.text == "317 人")
    assert "人才延攬人數" in (figure.subject or "").replace("\n", "")


def test_a_few_lines_of_one_length_are_no_page_width():
    # Headings as long as each other, a blank line between: too few lines to say the text was wrapped at a width.
    text = "一、二〇二五年工作回顾与主要成绩\n\n二、二〇二六年工作安排与主要任务\n\n三、加强政府自身建设与作风建设\n\n全年新增就业1200人。"
    assert extract(text).metrics[0].subject == "新增就业"


def test_a_row_s_points_are_the_items_points_not_its_counts_nor_its_deductions():
    rows = ("序号\t考核项目\t各项分值\t考核指标\n"
            "1\t日常工作\t7\t1.成立领导小组（1分）；落实联络员（3分）2.年内至少3次，查看会议记录（3分，少一次扣1分）。\n")
    metrics = extract(rows).metrics
    row = next(m for m in metrics if m.quantity.text == "7")
    items = [m for m in metrics if m.quantity.unit == "分" and m is not row]
    assert [(m.quantity.text, m.parent) for m in items] == [("1分", row.id), ("3分", row.id), ("3分", row.id), ("1分", None)]


@pytest.mark.parametrize(("text", "subject"), [
    # A word that frames a figure as over several years is no part of what it counts, nor of its key.
    ("全部财政收入年均增长20%。", "全部财政收入"),
    ("国内生产总值年均增长7.1%。", "国内生产总值"),
    # So is a word of status that is no noun (拟, 每人每月); one that names an attribute (占地) or a noun (总投资) stays.
    ("赤字率拟按2.6%安排。", "赤字率"),
    ("城镇低保标准达到每人每月316元。", "城镇低保标准"),
    ("整改违法占地3.83万亩。", "整改违法占地"),
    ("意向总投资1万亿元。", "意向总投资"),
    # A word of adding alone takes the things the clause before names, and only that clause.
    ("坚持扩大内需这一战略基点，实施“规模以上服务业企业倍增计划”，新增78家。", "实施“规模以上服务业企业倍增计划”"),
    # Things of two grades, the noun said once after the second: the first counts the noun, not the second's grade.
    ("新增3个国家级、12个省级农业产业化龙头企业。", "农业产业化龙头企业"),
    # When a level started from is no part of what it counts; where money comes from (由公务预算) may be.
    ("城乡居民医保财政补助由每人每年420元提高到450元。", "城乡居民医保财政补助"),
    ("114年由公务预算50亿元挹注全民健康保险基金。", "公务预算"),
])
def test_a_word_of_time_frame_or_status_ends_no_subject(text, subject):
    assert extract(text).metrics[0].subject == subject
