"""Property tests for summarymine.

1. Round trip: an independent renderer (below; it uses no summarymine code)
   writes integers 0 … 10^16 and decimals as Chinese, Arabic and mixed
   numerals in many styles; ``parse_number`` must read back the exact value.
2. Robustness: ``quantities`` and ``extract`` never raise on any text, and
   every span they report is a span of the input.
3. Invariance: the traditional-script and full-width versions of a text give
   the same values, units and spans as the simplified, half-width one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import summarymine
from summarymine import NumeralError, extract, parse_number, quantities

pytestmark = pytest.mark.slow  # hypothesis explores

FAST = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- the independent renderer


@dataclass(frozen=True)
class Style:
    """How to write a Chinese numeral."""

    digits: str          # the ten digit characters, 0 … 9
    ten: str             # 十 / 拾
    hundred: str         # 百 / 佰
    thousand: str        # 千 / 仟
    wan: str             # 万 / 萬
    yi: str              # 亿 / 億
    zero: str = "零"     # the zero written inside a numeral: 零 or 〇
    omit_leading_one: bool = False  # 十五 rather than 一十五 (only at the very start)
    liang: str | None = None        # 两 / 兩 for 2 before 百/千/万/亿 where idiomatic
    zhao: str | None = None         # 兆 = 10^12 (Taiwan usage), or None for 万亿
    point: str = "点"


SMALL = "零一二三四五六七八九"
CAPITAL = "零壹贰叁肆伍陆柒捌玖"
CAPITAL_TRAD = "零壹貳參肆伍陸柒捌玖"

BASE_STYLES = {
    "small": Style(SMALL, "十", "百", "千", "万", "亿"),
    "capital": Style(CAPITAL, "拾", "佰", "仟", "万", "亿"),
    "capital_trad": Style(CAPITAL_TRAD, "拾", "佰", "仟", "萬", "億", point="點"),
    "trad": Style(SMALL, "十", "百", "千", "萬", "億", point="點"),
}


def _section(v: int, s: Style) -> str:
    """0 < v < 10000 written with 千百十 and inner zeros (一千零一, 二十)."""
    assert 0 < v < 10000
    out: list[str] = []
    zero_pending = False
    for place, unit in ((1000, s.thousand), (100, s.hundred), (10, s.ten), (1, "")):
        d = v // place % 10
        if d == 0:
            if out:
                zero_pending = True
            continue
        if zero_pending:
            out.append(s.zero)
            zero_pending = False
        out.append(s.digits[d] + unit)
    return "".join(out)


def _render_positive(n: int, s: Style) -> str:
    assert n > 0
    for power, big in ((12, s.zhao), (8, s.yi)):
        if big and n >= 10**power:
            high, low = divmod(n, 10**power)
            text = _render_positive(high, s) + big
            if low:
                text += (s.zero if low < 10 ** (power - 1) else "") + _render_positive(low, s)
            return text
    if n >= 10**4:
        high, low = divmod(n, 10**4)
        text = _section(high, s) + s.wan
        if low:
            text += (s.zero if low < 1000 else "") + _section(low, s)
        return text
    return _section(n, s)


def render_chinese(n: int, s: Style) -> str:
    """The standard Chinese numeral for the integer ``n >= 0`` in style ``s``."""
    if n == 0:
        return s.zero
    text = _render_positive(n, s)
    if s.omit_leading_one and text.startswith(s.digits[1] + s.ten):
        text = text[1:]
    if s.liang:
        two = s.digits[2]
        bigs = {s.wan, s.yi} | ({s.zhao} if s.zhao else set())
        chars = list(text)
        for i, ch in enumerate(chars):
            if ch != two or i + 1 >= len(chars):
                continue
            after = chars[i + 1]
            # 两百, 两千 always; 两万/两亿 only when the 2 is the whole section (not 十二万, 二十二万).
            if after in {s.hundred, s.thousand} or (
                after in bigs and (i == 0 or chars[i - 1] in {s.zero} | bigs)
            ):
                chars[i] = s.liang
        text = "".join(chars)
    return text


def render_digit_run(n: int, s: Style) -> str:
    """Digit by digit, as years and codes are written: 二〇一三."""
    return "".join(s.digits[int(c)] if c != "0" else s.zero for c in str(n))


def render_fraction_digits(frac: str, s: Style) -> str:
    return "".join(s.zero if c == "0" else s.digits[int(c)] for c in frac)


FULL_WIDTH = str.maketrans({**{chr(ord("0") + i): chr(0xFF10 + i) for i in range(10)},
                            ".": "．", ",": "，", "%": "％"})


def full_width(text: str) -> str:
    return text.translate(FULL_WIDTH)


def render_mixed(n: int, *, commas: bool, zero_before_wan: bool, qian: bool) -> str:
    """Arabic sections with 亿/万 between them: 1亿2345万6789, 3万4千, 12,345亿, 3万零5."""
    if n < 10**4:
        return f"{n:,}" if commas else str(n)
    top, rest = divmod(n, 10**8)
    mid, low = divmod(rest, 10**4)
    parts: list[str] = []
    fmt = (lambda v: f"{v:,}") if commas else str
    if top:
        parts.append(fmt(top) + "亿")
    if mid:
        if top and zero_before_wan and mid < 1000:
            parts.append("零")
        if qian and mid % 1000 == 0:
            parts.append(f"{mid // 1000}千万")
        else:
            parts.append(fmt(mid) + "万")
    if low:
        if low < 1000:
            parts.append("零" + str(low))   # 3万5 would be 35000 colloquially: write 3万零5
        elif qian and low % 1000 == 0:
            parts.append(f"{low // 1000}千")
        else:
            parts.append(fmt(low))
    return "".join(parts)


@st.composite
def styles(draw) -> Style:
    base = BASE_STYLES[draw(st.sampled_from(sorted(BASE_STYLES)))]
    trad = base.wan == "萬"
    capital = base.digits != SMALL
    liang = None
    if not capital and draw(st.booleans()):
        liang = "兩" if trad else "两"
    return Style(
        base.digits, base.ten, base.hundred, base.thousand, base.wan, base.yi,
        zero=draw(st.sampled_from(["零", "〇"])) if not capital else "零",
        omit_leading_one=draw(st.booleans()),
        liang=liang,
        zhao="兆" if trad and draw(st.booleans()) else None,
        point=base.point,
    )


# Integers spread over all magnitudes, with many zeros inside (一亿零五, 一千零一万零二十).
@st.composite
def integers_below_1e16(draw) -> int:
    how = draw(st.sampled_from(["uniform", "sparse", "small"]))
    if how == "uniform":
        return draw(st.integers(0, 10**16 - 1))
    if how == "small":
        return draw(st.integers(0, 100_000))
    digits = draw(st.lists(st.sampled_from("0000000123456789"), min_size=1, max_size=16))
    return int("".join(digits))


# --------------------------------------------------------------------------- renderer self-checks


@pytest.mark.parametrize(
    ("n", "style", "expected"),
    [
        (10010020, Style(SMALL, "十", "百", "千", "万", "亿"), "一千零一万零二十"),
        (10010020, BASE_STYLES["capital"], "壹仟零壹万零贰拾"),
        (20000, Style(SMALL, "十", "百", "千", "萬", "億", liang="兩"), "兩萬"),
        (15, Style(SMALL, "十", "百", "千", "万", "亿", omit_leading_one=True), "十五"),
        (15, BASE_STYLES["small"], "一十五"),
        (100010000, BASE_STYLES["small"], "一亿零一万"),
        (100000001, BASE_STYLES["small"], "一亿零一"),
        (10**12 + 5, BASE_STYLES["small"], "一万亿零五"),
        (1_500_000_000_000, Style(SMALL, "十", "百", "千", "萬", "億", zhao="兆"), "一兆五千億"),
        (222_200, Style(SMALL, "十", "百", "千", "万", "亿", liang="两"), "二十二万两千两百"),
        (200_020_000, Style(SMALL, "十", "百", "千", "万", "亿", liang="两"), "两亿零两万"),
    ],
)
def test_renderer_examples(n: int, style: Style, expected: str) -> None:
    assert render_chinese(n, style) == expected


def test_renderer_mixed_examples() -> None:
    assert render_mixed(34000, commas=False, zero_before_wan=False, qian=True) == "3万4千"
    assert render_mixed(30005, commas=False, zero_before_wan=False, qian=False) == "3万零5"
    assert render_mixed(123456789, commas=False, zero_before_wan=False, qian=False) == "1亿2345万6789"


# --------------------------------------------------------------------------- 1. round trip


@FAST
@given(n=integers_below_1e16(), style=styles())
@example(n=10010020, style=BASE_STYLES["small"])
@example(n=10010020, style=BASE_STYLES["capital"])
@example(n=0, style=BASE_STYLES["small"])
@example(n=10**16 - 1, style=BASE_STYLES["small"])
def test_chinese_integer_round_trip(n: int, style: Style) -> None:
    text = render_chinese(n, style)
    assert parse_number(text) == n, text


@FAST
@given(n=st.integers(1, 10**16 - 1), style=styles())
def test_chinese_digit_run_round_trip(n: int, style: Style) -> None:
    text = render_digit_run(n, style)
    assume(len(text) > 1)
    assert parse_number(text) == n, text


@pytest.mark.parametrize("text", ["一亿亿", "1亿亿", "一萬兆", "壹亿亿"])
def test_ten_to_the_sixteen(text: str) -> None:
    """10^16 is 一亿亿 (mainland) or 一萬兆 (Taiwan, 兆 = 10^12)."""
    assert parse_number(text) == 10**16


@FAST
@given(n=integers_below_1e16(), commas=st.booleans(), zero_before_wan=st.booleans(), qian=st.booleans(),
       wide=st.booleans())
@example(n=34000, commas=False, zero_before_wan=False, qian=True, wide=False)
def test_mixed_arabic_multiplier_round_trip(n: int, commas: bool, zero_before_wan: bool, qian: bool,
                                            wide: bool) -> None:
    text = render_mixed(n, commas=commas, zero_before_wan=zero_before_wan, qian=qian)
    if wide:
        text = full_width(text)
    assert parse_number(text) == n, text


@FAST
@given(n=integers_below_1e16(), frac=st.one_of(st.just(""), st.text("0123456789", min_size=1, max_size=6)),
       wide=st.booleans())
@example(n=1234567, frac="", wide=False)
@example(n=1234567, frac="89", wide=True)
def test_arabic_with_separators_round_trip(n: int, frac: str, wide: bool) -> None:
    expected = Decimal(f"{n}.{frac}") if frac else Decimal(n)
    for text in (f"{n:,}" + (f".{frac}" if frac else ""), str(n) + (f".{frac}" if frac else "")):
        if wide:
            text = full_width(text)
        assert parse_number(text) == expected, text


@FAST
@given(whole=st.integers(0, 10**8), frac=st.text("0123456789", min_size=1, max_size=6), style=styles())
@example(whole=15, frac="3", style=Style(SMALL, "十", "百", "千", "万", "亿", omit_leading_one=True))
def test_chinese_decimal_round_trip(whole: int, frac: str, style: Style) -> None:
    text = render_chinese(whole, style) + style.point + render_fraction_digits(frac, style)
    assert parse_number(text) == Decimal(f"{whole}.{frac}"), text


MULTIPLIERS = {"万": 10**4, "亿": 10**8, "萬": 10**4, "億": 10**8}


@FAST
@given(whole=st.integers(0, 9999), frac=st.text("0123456789", min_size=1, max_size=4),
       mult=st.sampled_from(sorted(MULTIPLIERS)), wide=st.booleans())
@example(whole=1, frac="25", mult="亿", wide=False)
@example(whole=1, frac="4", mult="亿", wide=True)
def test_arabic_decimal_with_multiplier_round_trip(whole: int, frac: str, mult: str, wide: bool) -> None:
    text = f"{whole}.{frac}{mult}"
    if wide:
        text = full_width(text)
    assert parse_number(text) == Decimal(f"{whole}.{frac}") * MULTIPLIERS[mult], text


@FAST
@given(whole=st.integers(0, 9999), frac=st.text("0123456789", min_size=1, max_size=4), style=styles(),
       big=st.sampled_from(["wan", "yi"]))
@example(whole=15, frac="3", style=BASE_STYLES["small"], big="wan")
def test_chinese_decimal_with_multiplier_round_trip(whole: int, frac: str, style: Style, big: str) -> None:
    mult = style.wan if big == "wan" else style.yi
    text = render_chinese(whole, style) + style.point + render_fraction_digits(frac, style) + mult
    assert parse_number(text) == Decimal(f"{whole}.{frac}") * MULTIPLIERS[mult], text


@FAST
@given(whole=st.integers(0, 9999), frac=st.text("0123456789", min_size=1, max_size=4),
       chinese=st.booleans(), style=styles())
@example(whole=1, frac="4", chinese=False, style=BASE_STYLES["small"])
@example(whole=1, frac="4", chinese=True, style=BASE_STYLES["small"])
def test_decimal_with_wan_yi_round_trip(whole: int, frac: str, chinese: bool, style: Style) -> None:
    """1.4万亿 / 一点四万亿 (10^12 as 万亿), common in government work reports."""
    if chinese:
        text = render_chinese(whole, style) + style.point + render_fraction_digits(frac, style)
    else:
        text = f"{whole}.{frac}"
    text += style.wan + style.yi
    assert parse_number(text) == Decimal(f"{whole}.{frac}") * 10**12, text


NON_NUMERALS = st.text(
    alphabet=st.characters(blacklist_characters="".join(
        "〇零０一壹幺二贰貳两兩三叁參参四肆五伍六陆陸七柒八捌九玖十拾百佰千仟万萬亿億兆廿卄卅卌点點.负負-−"
        "0123456789０１２３４５６７８９，,．－分之成 \u3000\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0"
    ), blacklist_categories=["Nd", "Zs", "Zl", "Zp", "Cs"]),
    min_size=1, max_size=5,
)


@FAST
@given(junk=NON_NUMERALS)
@example(junk="\U000116d0")  # \d to the regex module (Unicode 16), unassigned to Python 3.11's Decimal
def test_non_numerals_raise_numeral_error(junk: str) -> None:
    with pytest.raises(NumeralError):
        parse_number(junk)
    assert issubclass(NumeralError, ValueError)


CONTEXT_UNITS = {"人次": "人次", "项": "项", "元": "元", "户": "户", "吨": "吨", "人": "人", "亩": "亩"}
CONTEXT_SUBJECTS = ["培训农民", "争取资金", "完成投资", "帮扶贫困户", "粮食总产量", "受理信访案件"]


@st.composite
def numbers_in_words(draw) -> tuple[str, Decimal]:
    how = draw(st.sampled_from(["chinese", "mixed", "commas", "decimal_mult"]))
    if how == "chinese":
        n = draw(integers_below_1e16().filter(lambda v: v > 0))
        return render_chinese(n, draw(styles())), Decimal(n)
    if how == "mixed":
        n = draw(integers_below_1e16().filter(lambda v: v > 0))
        text = render_mixed(n, commas=draw(st.booleans()), zero_before_wan=draw(st.booleans()),
                            qian=draw(st.booleans()))
        return text, Decimal(n)
    if how == "commas":
        n = draw(st.integers(1, 10**12))
        return f"{n:,}", Decimal(n)
    whole, frac = draw(st.integers(1, 9999)), draw(st.text("0123456789", min_size=1, max_size=4))
    mult = draw(st.sampled_from(["万", "亿"]))
    return f"{whole}.{frac}{mult}", Decimal(f"{whole}.{frac}") * MULTIPLIERS[mult]


@FAST
@given(subject=st.sampled_from(CONTEXT_SUBJECTS), number=numbers_in_words(),
       unit=st.sampled_from(sorted(CONTEXT_UNITS)), wide=st.booleans())
@example(subject="培训农民", number=("一千零一万零二十", Decimal(10010020)), unit="人次", wide=False)
@example(subject="争取资金", number=("壹仟零壹万零贰拾", Decimal(10010020)), unit="元", wide=False)
def test_numeral_read_in_context(subject: str, number: tuple[str, Decimal], unit: str, wide: bool) -> None:
    """A numeral between a subject and its unit is read whole, with the same value parse_number gives."""
    numeral, value = number
    if wide:
        numeral = full_width(numeral)
    text = f"{subject}{numeral}{unit}。"
    qs = quantities(text)
    assert [(q.start, q.end, q.value, q.unit) for q in qs] == [
        (len(subject), len(subject) + len(numeral) + len(unit), value, CONTEXT_UNITS[unit])
    ], text


# --------------------------------------------------------------------------- 2. robustness and spans

CJK_NUMERALS = list("〇零一二两兩三四五六七八九十百千万萬亿億兆壹贰叁肆伍陆柒捌玖拾佰仟点點廿卅")
TOKENS = CJK_NUMERALS + list("0123456789０１２３４５６７８９.,-") + [
    "万元", "亿元", "元", "项", "人次", "人", "%", "％", "个", "个百分点", "所", "户", "亩", "吨", "年", "月", "日",
    "余", "多", "以上", "约", "左右", "超过", "近", "逾", "过", "上", "不到", "至", "到", "~", "—", "分之", "百分之",
    "成", "倍", "“", "”", "《", "》", "（", "）", "(", ")", "、", "，", "。", "；", "：", "\n", "\n\n", " ", "\u3000",
    "培训", "农民", "争取", "资金", "完成", "投资", "新增", "就业", "同比", "增长", "下降", "全年", "计划",
    "实现", "累计", "达到", "达", "共", "为", "一是", "二是", "截至", "年底", "目标", "第", "届", "号", "文",
    "Ａ", "A", "#", "GDP",
]


@st.composite
def figure_soup(draw) -> str:
    parts = draw(st.lists(
        st.one_of(
            st.sampled_from(TOKENS),
            st.sampled_from(TOKENS),
            st.builds(lambda n, s: render_chinese(n, s), integers_below_1e16(), styles()),
            st.integers(0, 10**9).map(str),
            st.text(max_size=3),
        ),
        max_size=40,
    ))
    return "".join(parts)


TEXTS = st.one_of(st.text(max_size=200), figure_soup())


def _check_quantity_spans(text: str, qs) -> None:
    for q in qs:
        assert 0 <= q.start < q.end <= len(text), (q.start, q.end, q.text)
        assert text[q.start:q.end] == q.text


@SLOW
@given(text=TEXTS)
@example(text="培训农民5000人次，争取资金300余万元。")
@example(text="百分之十五点三")
@example(text="过亿元")
@example(text="\U000116d0个")
@example(text="1分之100兆")  # a share of more digits than a decimal context holds
def test_quantities_never_raise_and_spans_hold(text: str) -> None:
    qs = quantities(text)
    _check_quantity_spans(text, qs)


@SLOW
@given(text=TEXTS)
@example(text="0以上百")  # the 上 of one figure's 以上 is no hedge of the next (上百)
def test_quantities_in_text_order_without_overlap(text: str) -> None:
    """quantities() documents 'in text order'; two expressions never share characters."""
    qs = quantities(text)
    for a, b in zip(qs, qs[1:]):
        assert a.end <= b.start, (a.text, a.start, a.end, b.text, b.start, b.end)


@SLOW
@given(text=TEXTS)
@example(text="培训农民5000人次，争取资金300余万元。")
@example(text="新建学校三所，完成投资1.4亿元，同比增长15.3%。")
@example(text="\U000116d0个")
def test_extract_never_raises_and_spans_hold(text: str) -> None:
    doc = extract(text)
    _check_quantity_spans(text, [m.quantity for m in doc.metrics])
    for m in doc.metrics:
        q = m.quantity
        if m.subject is not None:
            assert m.subject_start is not None and m.subject_end is not None
            assert 0 <= m.subject_start <= m.subject_end <= len(text)
            assert text[m.subject_start:m.subject_end] == m.subject
        assert 0 <= m.sentence_start <= q.start, (m.sentence_start, q.start)
        assert q.end <= m.sentence_end <= len(text), (q.end, m.sentence_end, len(text))
    json.dumps(doc.to_dict(), ensure_ascii=False, allow_nan=False)


# --------------------------------------------------------------------------- 3. script and width invariance

SUBJECTS = ["培训农民", "争取资金", "新增城镇就业", "完成固定资产投资", "全年实现地区生产总值", "新建学校",
            "开展宣传活动", "接待游客", "发放贷款", "建成高标准农田", "帮扶贫困户", "组织干部职工",
            "受理信访案件", "植树造林", "粮食总产量", "城镇居民人均可支配收入", "改造农村危房", "发放补贴"]
LINKS = ["", "", "达", "达到", "为", "共", "累计", "约", "超过", "近", "逾"]
INNER = ["", "", "余", "多"]
MULTS = ["", "", "万", "亿"]
UNITS = ["人次", "元", "项", "个", "所", "场", "户", "亩", "吨", "人", "家", "公里", "套", "件", "台", "辆", "条",
         "个百分点", "%", "平方米", "万人次"]
AFTER = ["", "", "以上", "左右"]
SEPS = ["，", "；", "。", "\n", "。截至年底，", "；其中，"]


@st.composite
def figure_phrase(draw) -> str:
    kind = draw(st.sampled_from(["int", "decimal", "commas", "chinese"]))
    if kind == "int":
        number = str(draw(st.integers(1, 99999)))
    elif kind == "decimal":
        number = f"{draw(st.integers(0, 9999))}.{draw(st.integers(1, 99))}"
    elif kind == "commas":
        number = f"{draw(st.integers(1000, 10**9)):,}"
    else:
        number = render_chinese(draw(st.integers(1, 99999)), draw(styles().filter(lambda s: s.wan == "万")))
    phrase = draw(st.sampled_from(SUBJECTS)) + draw(st.sampled_from(LINKS)) + number
    if kind != "chinese" or not number.endswith(("万", "亿")):
        phrase += draw(st.sampled_from(INNER)) + draw(st.sampled_from(MULTS))
    phrase += draw(st.sampled_from(UNITS)) + draw(st.sampled_from(AFTER))
    if draw(st.booleans()):
        phrase += f"，同比增长{draw(st.integers(1, 300)) / 10}%"
    return phrase


@st.composite
def figure_texts(draw) -> str:
    phrases = draw(st.lists(figure_phrase(), min_size=1, max_size=5))
    return "".join(p + draw(st.sampled_from(SEPS)) for p in phrases)


_S2T = None


def to_traditional(text: str) -> str:
    global _S2T
    if _S2T is None:
        from opencc import OpenCC
        _S2T = OpenCC("s2t")
    return _S2T.convert(text)


def _quantity_view(qs):
    return [(q.start, q.end, q.value, q.value_max, q.unit, q.unit_category, q.approx, q.kind)
            for q in qs]


def _metric_view(doc):
    return [(m.quantity.start, m.quantity.end, m.value, m.quantity.value_max, m.quantity.unit, m.quantity.approx,
             m.subject_start, m.subject_end, m.sentence_start, m.sentence_end) for m in doc.metrics]


@SLOW
@given(text=figure_texts())
@example(text="培训农民5000人次，争取资金300余万元。")
def test_traditional_script_gives_same_reading(text: str) -> None:
    trad = to_traditional(text)
    assume(len(trad) == len(text))
    assert _quantity_view(quantities(trad)) == _quantity_view(quantities(text)), trad
    assert _metric_view(extract(trad)) == _metric_view(extract(text)), trad


@SLOW
@given(text=figure_texts())
@example(text="培训农民5000人次，争取资金300余万元。")
def test_full_width_digits_give_same_reading(text: str) -> None:
    wide = text.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    assert _quantity_view(quantities(wide)) == _quantity_view(quantities(text)), wide
    assert _metric_view(extract(wide)) == _metric_view(extract(text)), wide


@SLOW
@given(text=figure_texts())
def test_full_width_digits_and_signs_give_same_reading(text: str) -> None:
    """Also ．and ％ full-width (，is left alone: it is the ordinary Chinese comma)."""
    wide = text.translate({**{ord(c): 0xFF10 + int(c) for c in "0123456789"}, ord("."): "．", ord("%"): "％"})
    assert _quantity_view(quantities(wide)) == _quantity_view(quantities(text)), wide
    assert _metric_view(extract(wide)) == _metric_view(extract(text)), wide


def test_public_api_names() -> None:
    assert issubclass(summarymine.NumeralError, ValueError)
