"""Other libraries' Chinese numeral, money and quantity cases (../shared/peers), run through summarymine.

Every row of every ``peers/*.jsonl`` file is one test. What a row checks depends on its file, by the
explicit table ``FILE_CHECKS`` below:

- numeral files (cn2an, Duckling numeral, Recognizers number): ``parse_number`` on each expected span
  must give the peer's value exactly (a tolerance only for rounded repeating fractions), after the hedge
  (余/多) and classifier (个) the peers take into the span are dropped; a span with 几/数 goes to
  ``quantities`` by the README's contract (几 after digits reads like 多: 二十几万 → 200000, ``more_than``;
  a number that starts with 几/数 — 几十万, 数十亿 — is kind ``vague``), and cn2an's 壹拾壹元整 must be a
  money figure; cn2an's strict-mode errors that are malformed in any mode must raise ``NumeralError``;
- ordinal files: ``parse_number`` reads the numeral after 第, and ``quantities`` reports no figure there;
- money, percent, dimension, quantity, range, duration, temperature and age files: ``quantities(input)``
  must hold a reading that overlaps the expected span with the peer's value in summarymine's conventions
  (percent as a number, money in 元, masses compared in grams, durations in seconds or months, data and
  frequency in their base unit, the hedge as ``approx`` by the README's table; an age may be kind
  ``qualifier``, as 80岁以上老年人 is); a negative row (``expected == []``) must give no figure of that type,
  nor may a unit the peer names without a number (温度的单位是°C吗);
- cn2an's sentence rewrites: each Chinese numeral that cn2an rewrites must read as the Arabic it became,
  and a temperature it rewrites must be a temperature figure of that value in ``quantities``.

Where a peer's expectation is simply wrong (20万次以上 is 200000, not 20000), ``data/peers_corrections.tsv``
gives the corrected assertion and the reason; the row is asserted with it, and counts as in scope.
Rows outside summarymine's scope are listed in ``data/peers_out_of_scope.tsv``; the scope is narrow and
fixed (``OUT_OF_SCOPE_CATEGORIES``: forms work summaries never write), every reason names its category,
and the rows are still run through both parsers, which must not crash. Genuine misses are listed in
``data/peers_known_misses.tsv`` with their cause and run as strict xfails. The pass rate per file is
printed at the end of the session (``conftest.py``), and ``test_in_scope_pass_rate`` holds the floor.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

import pytest

from paths import SHARED, read_table
from summarymine import NumeralError, Quantity, parse_number, quantities
from summarymine.normalize import normalize

PEERS = SHARED / "peers"
OUT_OF_SCOPE_FILE = "peers_out_of_scope.tsv"
KNOWN_MISSES_FILE = "peers_known_misses.tsv"
CORRECTIONS_FILE = "peers_corrections.tsv"
MIN_PASS_RATE = 0.97        # issue 10: over the honest scope below
# The only reasons a peer case may be left unasserted: forms work summaries never write. Each reason in
# peers_out_of_scope.tsv starts with one of these, then a colon. Durations, temperatures, ages, any unit
# abbreviation, currency before the number, hedges (至少有N个), fractions, 几 and 大写 money are figures:
# they are asserted, and what summarymine cannot read yet is a known miss, never an exclusion.
OUT_OF_SCOPE_CATEGORIES = (
    "cents",                     # sub-yuan amounts: 角/分/毛/毫/仙/美分/銭
    "dozens",                    # 打
    "pairs",                     # 对/双 as multipliers
    "half",                      # 半
    "discount",                  # 折
    "imperial or kitchen measure",  # 英尺/英寸/英里/加侖, 茶匙/湯匙, and the market weights 斤/两
    "Cantonese money",           # 蚊, 個 = 元, 毫 = 角
    "k/w shorthand",             # 15k, 30w
    "query-language comparison",  # 大于X小于Y, 位于X和Y之间, 比X大
    "spaced characters",         # characters spread out with spaces
    "cn2an strict-mode error",   # inputs only cn2an's strict mode rejects
    "an2cn",                     # number -> Chinese generation
)


# --------------------------------------------------------------------------- the rows


@dataclass(frozen=True)
class Row:
    file: str          # the file's stem: recognizers_number_zh
    data: dict = field(compare=False, hash=False)

    @property
    def source(self) -> str:
        return self.data["source"]

    @property
    def case(self) -> str:
        return self.source.rsplit("#", 1)[1]

    @property
    def input(self) -> str:
        return self.data["input"]

    @property
    def expected(self) -> list[dict]:
        return self.data.get("expected", [])

    @property
    def id(self) -> str:
        return f"{self.file.removesuffix('_zh')}#{self.case}"


def peers_missing() -> str | None:
    if not PEERS.is_dir():
        return (f"{PEERS} is missing: the peer suite needs ../shared/peers beside the checkout "
                "(or SUMMARYMINE_SHARED pointing at the shared folder)")
    if not any(PEERS.glob("*.jsonl")):
        return f"{PEERS} holds no *.jsonl files"
    return None


@cache
def peer_rows() -> tuple[Row, ...]:
    if peers_missing():
        return ()
    rows = []
    for path in sorted(PEERS.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(Row(path.stem, json.loads(line)))
                except json.JSONDecodeError as exc:
                    raise AssertionError(f"{path.name}:{number}: not JSON: {exc}") from exc
    return tuple(rows)


def listed(name: str) -> dict[str, str]:
    """source -> reason, from a two-column table in tests/data; a source listed twice is an error."""
    table: dict[str, str] = {}
    for fields in read_table(name):
        assert len(fields) == 2 and all(f.strip() for f in fields), f"{name}: bad line {fields!r}"
        source, reason = fields
        assert source not in table, f"{name}: {source} is listed twice"
        table[source] = reason
    return table


def corrections(name: str) -> dict[str, tuple[list[dict], str]]:
    """source -> (the corrected checks, why the peer is wrong), from a three-column table in tests/data."""
    table: dict[str, tuple[list[dict], str]] = {}
    for fields in read_table(name):
        assert len(fields) == 3 and all(f.strip() for f in fields), f"{name}: bad line {fields!r}"
        source, checks, reason = fields
        assert source not in table, f"{name}: {source} is listed twice"
        parsed = json.loads(checks)
        table[source] = (parsed if isinstance(parsed, list) else [parsed], reason)
    return table


OUT_OF_SCOPE = listed(OUT_OF_SCOPE_FILE)
KNOWN_MISSES = listed(KNOWN_MISSES_FILE)
CORRECTIONS = corrections(CORRECTIONS_FILE)


# --------------------------------------------------------------------------- checking helpers

CN = "〇零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟廿卅卌兆"


def dec(value: Any) -> Decimal:
    """A peer's number as a Decimal: JSON floats through their shortest repr (1e-15, 1720.134)."""
    return Decimal(str(value))


def same_value(got: Decimal | None, want: Decimal, *, repeating: bool = False) -> bool:
    """Exact equality; a rounded repeating fraction (≥ 10 decimals, from 分之 or /) to one unit of its last digit."""
    if got is None:
        return False
    if got == want:
        return True
    places = -want.as_tuple().exponent
    if repeating and isinstance(places, int) and places >= 10:
        return abs(got - want) <= Decimal(1).scaleb(-places)
    return False


def overlaps(q: Quantity, start: int, end: int) -> bool:
    return q.start < end and start < q.end


def show(items: list[Quantity]) -> str:
    return "; ".join(
        f"{q.text!r} value={q.value} max={q.value_max} unit={q.unit} approx={q.approx} kind={q.kind}"
        + (f" ({q.reason})" if q.reason else "")
        for q in items
    ) or "nothing"


# Which kinds of reading a wanted kind accepts. "any": the peer reads a number, whatever it counts, so a
# bare number or a qualifier (80岁以上老年人: read with its value, but qualifying a group) will do;
# "measured": a figure or a qualifier (an age). Any other kind (date, bare, vague) stands for itself.
KINDS = {"figure": {"figure"}, "any": {"figure", "bare", "qualifier"}, "measured": {"figure", "qualifier"}}


@dataclass
class Want:
    """What summarymine should read over ``input[start:end]``; None fields are not checked."""

    start: int
    end: int
    value: Decimal | None = None
    value_max: Decimal | None = None
    approx: str | None = None
    units: frozenset[str] | None = None
    category: str | None = None
    kind: str = "figure"             # a key of KINDS, or a kind of its own ("vague", "date")
    to_peer_unit: dict[str, Decimal] | None = None   # our unit -> factor into the unit of ``value`` (grams, seconds)
    places: int | None = None        # round our value to the peer's decimals (JioNLP: 2)
    repeating: bool = False
    range_end: bool = False          # the peer reads one end of what summarymine reads as a range (5-20%)

    def matches(self, q: Quantity, factor: Decimal = Decimal(1)) -> bool:
        if not overlaps(q, self.start, self.end):
            return False
        if q.kind not in KINDS.get(self.kind, {self.kind}):
            return False
        if self.kind == "vague":
            return True
        # Money is in its unit as written with its currency beside it: 新台币 177.1 亿元 is 元 in TWD.
        if self.units is not None and q.unit not in self.units and CURRENCY_ISO.get(q.currency or "") not in self.units:
            return False
        if self.category is not None and q.unit_category != self.category:
            return False
        if self.approx is not None and q.approx != self.approx:
            return False
        if self.range_end and q.approx == "range" and self.value_max is None:
            return self._same(q.value, self.value, factor) or self._same(q.value_max, self.value, factor)
        return self._same(q.value, self.value, factor) and self._same(q.value_max, self.value_max, factor)

    def _same(self, got: Decimal | None, want: Decimal | None, factor: Decimal) -> bool:
        if want is None:
            return True
        if got is None:
            return False
        got *= factor
        if self.places is not None:
            got = got.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP)
        return same_value(got, want, repeating=self.repeating)


def expect_quantity(row: Row, want: Want) -> None:
    found = quantities(row.input)
    for q in found:
        factor = Decimal(1)
        if want.to_peer_unit is not None:
            if q.unit not in want.to_peer_unit:
                continue
            factor = want.to_peer_unit[q.unit]
        if want.matches(q, factor):
            return
    near = [q for q in found if overlaps(q, want.start, want.end)]
    wanted = {k: v for k, v in vars(want).items() if v not in (None, False) and k not in {"start", "end"}}
    raise AssertionError(
        f"{row.input!r}: over {row.input[want.start:want.end]!r} wanted {wanted}; "
        f"read there: {show(near)}"
    )


def expect_no_figure(row: Row, category: str | None = None, span: tuple[int, int] | None = None) -> None:
    figures = [q for q in quantities(row.input)
               if q.is_figure and (category is None or q.unit_category == category)
               and (span is None or overlaps(q, *span))]
    what = f"{category} figure" if category else "figure"
    where = f" over {row.input[span[0]:span[1]]!r}" if span else ""
    assert not figures, f"{row.input!r}: the peer expects no number{where}, summarymine reads a {what}: {show(figures)}"


def expect_number(text: str, want: Decimal, *, repeating: bool = False) -> None:
    try:
        got = parse_number(text)
    except NumeralError as exc:
        raise AssertionError(f"parse_number({text!r}) raised NumeralError({exc}); the peer reads {want}") from None
    assert same_value(got, want, repeating=repeating), f"parse_number({text!r}) = {got}; the peer reads {want}"


# --------------------------------------------------------------------------- numerals

INNER_HEDGE = re.compile(r"[余餘多]")        # Recognizers' number model drops these (500余万 -> 5000000)
CLASSIFIER = re.compile(r"[个個]$")          # Duckling's numeral takes the classifier along (一个 -> 1)
VAGUE = re.compile(r"[几幾数數]")            # 几/数: a hedge, not a digit (README, output contract)
LEADING_VAGUE = re.compile(rf"(?<![{CN}\d])[几幾数數]")  # 几十万, 数十亿: no digit before it, kind "vague"
MONEY = re.compile(r"[元圆圓]")              # cn2an's 壹拾壹元整: money, read by quantities
FRACTION = re.compile(r"分\s*之|/|／")


def numeral_span(row: Row, item: dict) -> str:
    text = row.input[item["start"]:item["end"]]
    if row.file == "recognizers_number_zh":
        text = INNER_HEDGE.sub("", text)
    if row.file == "duckling_numeral_zh":
        text = CLASSIFIER.sub("", text)
    return text


def vague_want(start: int, end: int, span: str, floor: Decimal) -> Want:
    """几 after digits reads like 多 (二十几万 → 200000, more_than); 几/数 leading the number is vague."""
    if LEADING_VAGUE.search(re.sub(r"\s", "", span)):  # 一百 二 十 几亿: spaces are no digit
        return Want(start, end, kind="vague")
    return Want(start, end, value=floor, approx="more_than", kind="any")


def check_numeral(row: Row) -> None:
    if row.data.get("expect_error"):
        # Only strict-mode errors that are malformed in every mode get here (the rest are out of scope).
        try:
            value = parse_number(row.input)
        except NumeralError:
            return
        raise AssertionError(f"parse_number({row.input!r}) = {value}; malformed in every mode, it must raise NumeralError")
    if not row.expected:
        expect_no_figure(row)
        return
    for item in row.expected:
        span = row.input[item["start"]:item["end"]]
        if VAGUE.search(span):
            expect_quantity(row, vague_want(item["start"], item["end"], normalize(span), dec(item["value"])))
        elif MONEY.search(span):
            expect_quantity(row, Want(item["start"], item["end"], value=dec(item["value"]), units=frozenset({"元"})))
        else:
            expect_number(numeral_span(row, item), dec(item["value"]), repeating=bool(FRACTION.search(span)))


def check_ordinal(row: Row) -> None:
    for item in row.expected:
        span = row.input[item["start"]:item["end"]]
        assert span[0] == "第", span
        expect_number(span[1:], dec(item["value"]))
        figures = [q for q in quantities(row.input) if q.is_figure and overlaps(q, item["start"], item["end"])]
        assert not figures, f"{row.input!r}: the ordinal {span!r} is read as a figure: {show(figures)}"


# cn2an.transform: a Chinese numeral on the left, the Arabic it became on the right.
_TRANSFORM_CN = re.compile(rf"(?:[百千]分之)?负?[{CN}\d.点]+(?:分之负?[{CN}\d.点]+)?")
_TRANSFORM_AN = re.compile(r"-?\d+(?:\.\d+)?(?:/\d+)?%?")
# What cn2an writes differently besides the numbers: the sign word 零下 becomes '-', 摄氏度 becomes ℃.
_TRANSFORM_WORDS = (("零下", "负"), ("摄氏度", "℃"))


def check_transform(row: Row) -> None:
    before, after = row.input, row.data["expected_output"]
    if before == after:
        figures = [q for q in quantities(before) if q.is_figure]
        assert not figures, f"cn2an leaves {before!r} alone, summarymine reads a figure: {show(figures)}"
        return
    source = normalize(before)
    for word, written in _TRANSFORM_WORDS:
        source = source.replace(word, written)
    # Found on the normalized text (貳 -> 贰), read from the original: normalization keeps offsets (when
    # no word was rewritten above; else from the rewritten text, 零下四 as 负四).
    reading = before if len(source) == len(before) else source
    chinese = [reading[a:b] for a, b in (m.span() for m in _TRANSFORM_CN.finditer(source))]
    arabic = [m.group() for m in _TRANSFORM_AN.finditer(normalize(after))]
    skeleton = (_TRANSFORM_CN.sub("#", source), _TRANSFORM_AN.sub("#", normalize(after)))
    if skeleton[0] != skeleton[1]:
        # cn2an's direct mode rewrites digit strings only and keeps 十二 as it is: pair with both kinds.
        both = re.compile(f"{_TRANSFORM_AN.pattern}|{_TRANSFORM_CN.pattern}")
        arabic = [m.group() for m in both.finditer(normalize(after))]
        skeleton = (skeleton[0], both.sub("#", normalize(after)))
    assert skeleton[0] == skeleton[1] and len(chinese) == len(arabic), f"cannot pair {before!r} with {after!r}"
    for text, number in zip(chinese, arabic):
        if normalize(text) == number:
            continue  # left as it was (direct mode): cn2an says nothing about its value
        if "/" in number:
            numerator, denominator = number.split("/")
            want = Decimal(numerator) / Decimal(denominator)
        elif number.endswith("%"):
            want = Decimal(number[:-1]) / 100
        else:
            want = Decimal(number)
        expect_number(text, want, repeating="/" in number)
    for m in re.finditer(rf"({_TRANSFORM_AN.pattern})℃", normalize(after)):
        # A temperature: the sign and the unit are quantities' to read (零下四摄氏度 is -4 ℃).
        found = [q for q in quantities(before) if q.is_figure and q.unit_category == "temperature"]
        assert any(q.value == Decimal(m.group(1)) for q in found), (
            f"{before!r}: cn2an writes {m.group()}, summarymine reads {show(found)}")


# --------------------------------------------------------------------------- quantities

CURRENCY_ISO = {
    "CNY": "元", "USD": "美元", "EUR": "欧元", "HKD": "港元", "JPY": "日元", "TWD": "新台币", "GBP": "英镑",
    "KRW": "韩元", "RUB": "卢布", "MOP": "澳门元", "CHF": "瑞士法郎", "NGN": "奈拉", "AUD": "澳元", "THB": "泰铢",
}
CURRENCY_NAMES = {"Bitcoin": {"比特币"}}   # Recognizers' currencies without an ISO code
RECOGNIZERS_UNITS = {
    "Mu": {"亩"}, "Kilogram": {"千克", "公斤"}, "Gram": {"克"}, "Ton": {"吨"}, "Jin": {"斤"},
    "Centimeter": {"厘米"}, "Meter": {"米", "公尺"}, "Kilometer": {"公里"}, "Kilowatt": {"千瓦"},
    "Microgram": {"微克"}, "Kilocalorie": {"千卡"},
    # ages and temperatures
    "Year": {"岁"}, "Month": {"月"}, "Week": {"周"}, "Day": {"天"}, "C": {"摄氏度"}, "F": {"华氏度"},
}
DUCKLING_UNITS = {
    "Dollar": {"元"}, "CNY": {"元"}, "HKD": {"港元"},
    "Centimetre": {"厘米"}, "Metre": {"米", "公尺"}, "Kilometre": {"公里"}, "Litre": {"升"}, "Millilitre": {"毫升"},
    "Celsius": {"摄氏度"}, "Fahrenheit": {"华氏度"},
}
# A peer unit that names no scale: any unit of the category will do (45度 is a temperature, for Duckling).
PEER_CATEGORIES = {"Degree": "temperature"}
PERCENT = {"%": Decimal(1), "‰": Decimal("0.1")}
GRAMS = {"克": Decimal(1), "千克": Decimal(1000), "公斤": Decimal(1000), "斤": Decimal(500), "吨": Decimal(10**6),
         "毫克": Decimal("0.001"), "微克": Decimal("0.000001")}
SECONDS = {"秒": Decimal(1), "分钟": Decimal(60), "小时": Decimal(3600), "天": Decimal(86400), "日": Decimal(86400),
           "周": Decimal(604800)}
MONTHS = {"月": Decimal(1), "年": Decimal(12)}
BITS = {"比特": Decimal(1), "字节": Decimal(8), "KB": Decimal(8000), "MB": Decimal(8 * 10**6), "GB": Decimal(8 * 10**9)}
HERTZ = {"赫兹": Decimal(1), "兆赫": Decimal(10**6)}
# A peer unit with a scale: (our units -> factor into a base, the peer unit in that base). Durations are
# compared in seconds (1.5小时 is Duckling's 90 minutes), or in months when the peer counts months.
PEER_SCALES: dict[str, tuple[dict[str, Decimal], Decimal]] = {
    "Gram": (GRAMS, Decimal(1)),
    "Second": (SECONDS, Decimal(1)), "Minute": (SECONDS, Decimal(60)), "Hour": (SECONDS, Decimal(3600)),
    "Day": (SECONDS, Decimal(86400)), "Week": (SECONDS, Decimal(604800)),
    "Month": (MONTHS, Decimal(1)), "Year": (MONTHS, Decimal(12)),
    "Bit": (BITS, Decimal(1)), "Kilobit": (BITS, Decimal(1000)),
    "Kilobyte": (BITS, Decimal(8000)), "Megabyte": (BITS, Decimal(8 * 10**6)),
    "Hertz": (HERTZ, Decimal(1)), "Megahertz": (HERTZ, Decimal(10**6)),
}


def in_peer_unit(want: Want, unit: str, units: dict[str, set[str]]) -> Want:
    """Sets how ``want`` compares units: by scale (value moved into the base), by category, or by name."""
    if unit in PEER_SCALES:
        table, size = PEER_SCALES[unit]
        want.to_peer_unit = table
        want.value = None if want.value is None else want.value * size
        want.value_max = None if want.value_max is None else want.value_max * size
    elif unit in PEER_CATEGORIES:
        want.category = PEER_CATEGORIES[unit]
    else:
        want.units = frozenset(units[unit])
    return want


DUCKLING_BOUND = {"above": "at_least", "under": "at_most", "between": "range"}
# JioNLP's blur+ / blur- say the direction; the word says whether the bound is included (spec/output.md).
INCLUSIVE_WORDS = ("至少", "最少", "不少于", "不低于", "不小于", "以上", "以下", "以内", "不超过", "最多", "不高于")
INTERVAL = re.compile(r"^([\[(])(-?[\d.]*),(-?[\d.]*)([\])])$")


def recognizers_want(row: Row, item: dict) -> Want:
    start, end = item["start"], item["end"]
    span = normalize(row.input[start:end])
    kind = item["type"]
    # Recognizers' currency, percent and dimension models read single values, not ranges or hedges.
    if kind == "currency":
        want = Want(start, end, value=dec(item["value"]), range_end=True)
        if "iso_currency" in item:
            want.units = frozenset({CURRENCY_ISO[item["iso_currency"]]})
        elif item["unit"] in CURRENCY_NAMES:
            want.units = frozenset(CURRENCY_NAMES[item["unit"]])
        else:  # $20: a dollar of no named country
            want.category = "currency"
        return want
    if kind == "percentage":
        value = Decimal(item["value"].rstrip("%"))
        if "百分点" in span.replace(" ", ""):
            return Want(start, end, value=value, units=frozenset({"百分点"}), range_end=True)
        # 千分之二 is 0.2 % or 2 ‰: either way of writing it is summarymine's.
        return Want(start, end, value=value, to_peer_unit=PERCENT, repeating=True, range_end=True)
    if kind == "dimension":
        return in_peer_unit(Want(start, end, value=dec(item["value"]), range_end=True), item["unit"], RECOGNIZERS_UNITS)
    if kind == "temperature":
        return in_peer_unit(Want(start, end, value=dec(item["value"]), range_end=True), item["unit"], RECOGNIZERS_UNITS)
    if kind == "age":
        # Recognizers' age is a number of years, months, weeks or days (十个月大); summarymine reads 岁 as
        # an age, which may be kind qualifier (80岁以上老年人), and 个月/周/天 as durations.
        want = Want(start, end, value=dec(item["value"]), kind="measured", range_end=True)
        want.units = frozenset(RECOGNIZERS_UNITS[item["unit"]])
        return want
    if kind == "numberrange":
        low, high, approx = interval(item["value"], span)
        if VAGUE.search(span):  # 十几万: (100000,) is the README's reading of 几, value 100000, more_than
            return vague_want(start, end, span, low)
        if FRACTION.search(span) and "百分之" not in span:  # a fraction is a share in %: 二分之一 -> 50 %
            low, high = low * 100, None if high is None else high * 100
        return Want(start, end, value=low, value_max=high, approx=approx, kind="any")
    raise AssertionError(f"no Recognizers mapping for type {kind!r}")


def interval(text: str, span: str) -> tuple[Decimal, Decimal | None, str]:
    """A Recognizers interval as (value, value_max, approx), by the README's table."""
    m = INTERVAL.match(text)
    assert m, f"not an interval: {text!r}"
    opening, low, high, closing = m.groups()
    if low and high and Decimal(low) == Decimal(high):
        return Decimal(low), None, "exact"  # [170,170]: 等于一百七 is the number itself
    if low and high:
        return Decimal(low), Decimal(high), "range"
    if low:
        # The README maps (x,) to more_than; 以上 is inclusive in summarymine's contract (spec/output.md).
        return Decimal(low), None, "at_least" if opening == "[" or "以上" in span else "more_than"
    return Decimal(high), None, "at_most" if closing == "]" else "less_than"


def check_recognizers(negative: str | None) -> Callable[[Row], None]:
    def check(row: Row) -> None:
        if not row.expected:
            expect_no_figure(row, negative)
            return
        for item in row.expected:
            if item.get("value") is None:  # a unit named without a number (温度的单位是°C吗): nothing to read
                expect_no_figure(row, span=(item["start"], item["end"]))
            else:
                expect_quantity(row, recognizers_want(row, item))
    return check


def check_duckling(row: Row) -> None:
    for item in row.expected:
        start, end, value = item["start"], item["end"], item["value"]
        want = Want(start, end)
        if isinstance(value, dict):
            want.approx = DUCKLING_BOUND[item["bound"]]
            if "from" in value and "to" in value:
                want.value, want.value_max = dec(value["from"]), dec(value["to"])
            else:
                want.value = dec(value.get("from", value.get("to")))
        else:
            want.value = dec(value)
        expect_quantity(row, in_peer_unit(want, item["unit"], DUCKLING_UNITS))


def check_jionlp_parse(row: Row) -> None:
    for item in row.expected:
        start, end, value = item["start"], item["end"], item["value"]
        text = normalize(item["text"])
        # JioNLP names units as summarymine does (元, 港元, 新台币); it rounds to 2 decimals.
        want = Want(start, end, units=frozenset({item["unit"]}), places=2)
        definition = item["definition"]
        if isinstance(value, list):
            if VAGUE.search(text):  # 十几块钱: JioNLP's [10, 20] is 10, more_than; 几十万块 is vague
                floor = vague_want(start, end, text, Decimal(value[0]))
                if floor.kind == "vague":
                    want = floor
                else:
                    want.value, want.approx = floor.value, floor.approx
            elif INNER_HEDGE.search(text):   # JioNLP invents an upper bound for 多/余: 3000多 -> [3000, 4000]
                want.value, want.approx = Decimal(value[0]), "more_than"
            else:
                want.value, want.value_max, want.approx = Decimal(value[0]), Decimal(value[1]), "range"
        else:
            want.value = Decimal(value)
            inclusive = any(w in text for w in INCLUSIVE_WORDS)
            want.approx = {
                "accurate": "exact",
                "blur": "about",
                "blur+": "at_least" if inclusive else "more_than",
                "blur-": "at_most" if inclusive else "less_than",
            }[definition]
        expect_quantity(row, want)


def check_jionlp_extract(row: Row) -> None:
    if not row.expected:
        expect_no_figure(row, "currency")
        return
    for item in row.expected:
        expect_quantity(row, Want(item["start"], item["end"], category="currency"))


def check_correction(row: Row) -> None:
    """A row whose peer expectation is wrong, asserted as data/peers_corrections.tsv says.

    Each check is a JSON object: ``{"parse": text, "value": v}`` (or ``"error": true``) for ``parse_number``;
    ``{"none": true}`` (or a category) for no figure; else a reading by ``quantities`` with the fields of
    ``Want`` (value, value_max, unit, category, approx, kind) over ``over`` (the first place that text
    is in the input; by default the peer's own span, or the whole input when the peer has none).
    """
    checks, _reason = CORRECTIONS[row.source]
    for check in checks:
        check = dict(check)
        if "parse" in check:
            if check.get("error"):
                with pytest.raises(NumeralError):
                    parse_number(check["parse"])
            else:
                expect_number(check["parse"], Decimal(check["value"]), repeating=bool(check.get("repeating")))
            continue
        if "none" in check:
            expect_no_figure(row, None if check["none"] is True else check["none"])
            continue
        if "over" in check:
            over = check.pop("over")
            start = row.input.index(over)
            end = start + len(over)
        elif len(row.expected) == 1:
            start, end = row.expected[0]["start"], row.expected[0]["end"]
        else:
            start, end = 0, len(row.input)
        unit = check.pop("unit", None)
        want = Want(start, end, **{k: Decimal(v) if k in {"value", "value_max"} else v for k, v in check.items()})
        want.units = None if unit is None else frozenset({unit})
        expect_quantity(row, want)


# Which check each file gets.
FILE_CHECKS: dict[str, Callable[[Row], None] | None] = {
    "cn2an_cn2an_zh": check_numeral,
    "duckling_numeral_zh": check_numeral,
    "recognizers_number_zh": check_numeral,
    "recognizers_ordinal_zh": check_ordinal,
    "duckling_ordinal_zh": check_ordinal,
    "cn2an_transform_zh": check_transform,
    "recognizers_currency_zh": check_recognizers("currency"),
    "recognizers_percent_zh": check_recognizers("percent"),
    "recognizers_dimension_zh": check_recognizers(None),
    "recognizers_numberrange_zh": check_recognizers(None),
    "recognizers_numberrange_experimental_zh": check_recognizers(None),
    "duckling_amountofmoney_zh": check_duckling,
    "duckling_distance_zh": check_duckling,
    "duckling_quantity_zh": check_duckling,
    "duckling_volume_zh": check_duckling,
    "jionlp_parse_money_zh": check_jionlp_parse,
    "jionlp_extract_money_zh": check_jionlp_extract,
    "duckling_duration_zh": check_duckling,
    "duckling_temperature_zh": check_duckling,
    "recognizers_temperature_zh": check_recognizers("temperature"),
    "recognizers_age_zh": check_recognizers("age"),
}


def run_check(row: Row) -> None:
    assert row.file in FILE_CHECKS, f"{row.file}.jsonl has no entry in FILE_CHECKS: decide what its rows check"
    check = FILE_CHECKS[row.file]
    assert check is not None, f"{row.file} is out of scope as a whole, but {row.source} is not listed in {OUT_OF_SCOPE_FILE}"
    if row.source in CORRECTIONS:
        check_correction(row)
    else:
        check(row)


def run_smoke(row: Row) -> None:
    """An out-of-scope row: both parsers must take it without crashing (NumeralError is an answer)."""
    found = quantities(row.input)
    for q in found:
        assert row.input[q.start:q.end] == q.text
    for text in [row.input, *(row.input[i["start"]:i["end"]] for i in row.expected)]:
        try:
            parse_number(text)
        except NumeralError:
            pass


# --------------------------------------------------------------------------- the tests


def _params() -> list[Any]:
    if peers_missing():
        return [pytest.param(None, id="peers-missing")]
    params = []
    for row in peer_rows():
        marks = []
        if row.source in KNOWN_MISSES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[row.source]))
        params.append(pytest.param(row, id=row.id, marks=marks))
    return params


@pytest.mark.parametrize("row", _params())
def test_peer(row: Row | None) -> None:
    if row is None:
        pytest.fail(peers_missing())
    if row.source in OUT_OF_SCOPE:
        run_smoke(row)
        return
    run_check(row)


def test_listed_sources_exist() -> None:
    assert not peers_missing(), peers_missing()
    sources = {row.source for row in peer_rows()}
    for name, table in ((OUT_OF_SCOPE_FILE, OUT_OF_SCOPE), (KNOWN_MISSES_FILE, KNOWN_MISSES),
                        (CORRECTIONS_FILE, CORRECTIONS)):
        stale = sorted(set(table) - sources)
        assert not stale, f"{name} lists sources that are no longer in {PEERS}: {stale}"
    both = sorted(set(OUT_OF_SCOPE) & (set(KNOWN_MISSES) | set(CORRECTIONS)))
    assert not both, f"listed out of scope and also as a known miss or a correction: {both}"


def test_out_of_scope_reasons_name_their_category() -> None:
    """Only forms work summaries never write may be excluded; each reason says which one it is."""
    wrong = {source: reason for source, reason in OUT_OF_SCOPE.items()
             if reason.split(":", 1)[0] not in OUT_OF_SCOPE_CATEGORIES or ":" not in reason}
    assert not wrong, (f"{OUT_OF_SCOPE_FILE}: a reason must start with one of {OUT_OF_SCOPE_CATEGORIES} and a colon; "
                       f"anything else is asserted (a known miss if it fails): {wrong}")


def test_known_misses_and_corrections_say_why() -> None:
    """A known miss names the part that misses it (quantities:, units:, numerals: …); a correction its reason."""
    vague = {s: r for s, r in KNOWN_MISSES.items() if not re.match(r"^[a-z/. 0-9]+: \S", r)}
    assert not vague, f"{KNOWN_MISSES_FILE}: start each cause with the part that misses it ('quantities: …'): {vague}"
    for source, (checks, reason) in CORRECTIONS.items():
        assert checks and len(reason) > 20, f"{CORRECTIONS_FILE}: {source} needs checks and a reason"


def test_every_peer_file_has_a_check() -> None:
    assert not peers_missing(), peers_missing()
    unknown = sorted({row.file for row in peer_rows()} - set(FILE_CHECKS))
    assert not unknown, f"peer files with no entry in FILE_CHECKS: {unknown}"


@cache
def peer_scoreboard() -> dict[str, Counter]:
    """Per file: rows in scope, passed, known misses, out of scope. Used by the floor and conftest's summary."""
    board: dict[str, Counter] = {}
    for row in peer_rows():
        counts = board.setdefault(row.file, Counter())
        if row.source in OUT_OF_SCOPE:
            counts["out"] += 1
            continue
        counts["in"] += 1
        counts["corrected"] += row.source in CORRECTIONS
        try:
            run_check(row)
        except Exception:  # noqa: BLE001  # an assertion, or a crash: either way the row did not pass
            counts["known" if row.source in KNOWN_MISSES else "failed"] += 1
        else:
            counts["passed"] += 1
    return board


def peer_summary_lines() -> list[str]:
    if peers_missing():
        return [peers_missing() or ""]
    board = peer_scoreboard()
    lines = [f"{'file':44} {'in scope':>8} {'passed':>7} {'rate':>7} {'known':>6} {'failed':>7} {'out':>5} {'corrected':>9}"]
    total = Counter()
    for name in sorted(board):
        c = board[name]
        total.update(c)
        rate = f"{c['passed'] / c['in']:.3f}" if c["in"] else "-"
        lines.append(f"{name + '.jsonl':44} {c['in']:8} {c['passed']:7} {rate:>7} {c['known']:6} {c['failed']:7} {c['out']:5} "
                     f"{c['corrected']:9}")
    rate = f"{total['passed'] / total['in']:.3f}" if total["in"] else "-"
    lines.append(f"{'all':44} {total['in']:8} {total['passed']:7} {rate:>7} {total['known']:6} {total['failed']:7} {total['out']:5} "
                 f"{total['corrected']:9}")
    out = Counter(reason.split(":", 1)[0] for reason in OUT_OF_SCOPE.values())
    lines.append("out of scope: " + ", ".join(f"{name} {n}" for name, n in out.most_common()))
    return lines


def in_scope_pass_rate() -> float:
    total = Counter()
    for counts in peer_scoreboard().values():
        total.update(counts)
    assert total["in"], "no peer case is in scope"
    return total["passed"] / total["in"]


def test_in_scope_pass_rate() -> None:
    assert not peers_missing(), peers_missing()
    rate = in_scope_pass_rate()
    assert rate >= MIN_PASS_RATE, "\n".join([f"in-scope pass rate {rate:.3f} < {MIN_PASS_RATE}", *peer_summary_lines()])
