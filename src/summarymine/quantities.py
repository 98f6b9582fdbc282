"""Finding numeric expressions in text and reading them.

``quantities(text)`` scans the script- and width-normalized text with
patterns built from the lexicons (numerals, units, hedges), reads every
numeric expression it finds into a ``Quantity`` with its span in the
original text, and classifies it: ``kind == "figure"`` for something the
document reports, otherwise the reason it is not one (``date``, ``year``,
``list_marker``, ``name`` …), so that nothing is dropped without a trace.
"""
from __future__ import annotations

import bisect
import math
from array import array
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from typing import Any

import regex

from .errors import LexiconError, NumeralError
from .lexicon import Row, bundled, choice, on_reload
from .normalize import normalize
from .numerals import numeral_chars, parse_number

APPROX = frozenset({"exact", "more_than", "at_least", "less_than", "at_most", "about", "range"})
HEDGE_POSITIONS = frozenset({"before", "inside", "after", "implicit"})
CURRENCY_ROLES = frozenset({"currency", "place"})
# 一 before these measure words and a noun is an article (一批观测点, 一位专家); before a measure
# (近一吨冰毒, 一公里) it is one of them.
ARTICLE_CATEGORIES = frozenset({"count", "person", "other", "duration"})
# Categories of units that are amounts of money, or prices in money.
MONEY = frozenset({"currency", "price"})
NONFIGURE_KINDS = frozenset({
    "name", "qualifier", "date", "year", "period", "list_marker", "ordinal", "rank", "code", "document_number", "vague",
})
# A number longer than this is a code, an ID or garbage, never a figure; it is not parsed.
MAX_NUMBER_CHARS = 40
MAX_NAME_CHARS = 24
# How far a list that shares one 百分点 may reach (7个、5个和3个百分点).
SHARED_POINT_REACH = 80
PERCENT_PREFIXES = {"百分之": "%", "千分之": "‰"}


@dataclass(frozen=True)
class Unit:
    surface: str
    unit: str
    category: str
    arabic_only: bool
    not_before: str


@dataclass(frozen=True)
class Hedge:
    word: str
    position: str
    approx: str
    not_after: str


@dataclass(frozen=True)
class Quantity:
    """A numeric expression as read from the text. ``kind`` is ``figure`` or why it is not one."""

    text: str
    start: int
    end: int
    value: Decimal | None
    value_max: Decimal | None
    unit: str | None
    unit_category: str | None
    approx: str
    kind: str
    hedge: str | None = None
    reason: str | None = field(default=None, compare=False)
    # ISO 4217 code of an amount of money whose unit or a word before it names the currency; the
    # pipeline gives other amounts the currency of the document's jurisdiction.
    currency: str | None = None

    @property
    def is_figure(self) -> bool:
        return self.kind == "figure"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "end": self.end,
            "value": json_number(self.value), "value_max": json_number(self.value_max),
            "unit": self.unit, "unit_category": self.unit_category, "approx": self.approx,
            "kind": self.kind, "reason": self.reason, "currency": self.currency,
        }


def json_number(value: Decimal | None) -> int | float | None:
    """Decimal inside, JSON numbers outside: integral values as int, others as float."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


class Grammar:
    """The patterns built once from the lexicons."""

    def __init__(self) -> None:
        self.units = _load_units()
        self.hedges = _load_hedges()
        self.names, self.context_rules = _load_nonfigures()
        # Rules for any unit are screened by one pattern per side (two searches a candidate, not one per
        # rule); rules limited to some units are looked up by the candidate's unit.
        general = [rule for rule in self.context_rules if not rule.units]
        self.general_rules = tuple(general)
        self.general_screen = {
            how: regex.compile("|".join(f"(?:{rule.pattern.pattern})" for rule in general if rule.how == how) or "(?!)")
            for how in ("before", "after")
        }
        self.unit_rules: dict[str, list[ContextRule]] = {}
        for rule in self.context_rules:
            for unit in rule.units:
                self.unit_rules.setdefault(unit, []).append(rule)
        chars = numeral_chars()
        guarded = _multiplier_guards(self.units, chars.all_numeric())
        plain = "".join(regex.escape(c) for c in chars.all_numeric() if c not in guarded)
        digit_class = "".join(regex.escape(c) for c in chars.digits)
        atom = (
            r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
            f"|[{plain}]" + "".join(f"|{regex.escape(c)}{g}" for c, g in guarded.items())
            + f"|(?<=[{plain}千百])[点](?=[{digit_class}])"
        )
        # Spaces and line breaks are part of a number only beside 万/亿: 1 亿 8,245 万 3,762;
        # 1 萬 8 千名: so are spaces before 千 and 百 that follow a 万 or 亿.
        join = (r"[ \t\n]{1,3}(?=[万亿兆])|(?<=[万亿兆])[ \t\n]{1,3}(?=[0-9])"
                r"|(?<=[万亿兆][ \t]{0,3}[0-9]{1,4})[ \t]{1,3}(?=[千百])")
        self.number = regex.compile(f"(?:{atom})(?:{atom}|{join})*")
        # Characters a number is read through: invisible ones anywhere; a group separator (the thin
        # spaces of 1 234 567) only where it groups: one to three digits before the first, exactly
        # three between two, exactly three after each.
        self.group_separators = chars.groups
        invisible = "".join(regex.escape(c) for c in sorted(chars.invisible))
        sep = "".join(regex.escape(c) for c in sorted(chars.groups))
        d = "[0-9０-９]"
        hidden = [f"[{invisible}]"] if invisible else []
        if sep:
            hidden.append(f"(?<=(?:^|[^0-9０-９{sep}]){d}{{1,3}}|[{sep}]{d}{{3}})[{sep}](?={d}{{3}}(?!{d}))")
        self.hidden = regex.compile("|".join(hidden) or "(?!)")
        self.unit_length = max(len(surface) for surface in self.units)
        self.senses = _load_senses(self.units)
        inside = sorted((h.word for h in self.hedges if h.position == "inside"), key=len, reverse=True)
        # Sign words before a number, longest first (零下 before 下…); their normalized forms.
        self.minus_words = sorted({normalize(w) for w in chars.minus}, key=len, reverse=True)
        self.minus_ends = frozenset(w[-1] for w in self.minus_words)
        self.inner = regex.compile("|".join(regex.escape(w) for w in inside) or "(?!)")
        self.inside_hedges = {h.word: h for h in self.hedges if h.position == "inside"}
        self.big = regex.compile(r"[万亿]+|[千百](?=万|亿)[万亿]*")
        self.range_sep = regex.compile(r"[ ]?(?:至|到|~|-{1,2}|—{1,2}|–)[ ]?")
        self.after_hedges = {h.word: h for h in self.hedges if h.position == "after"}
        self.implicit_hedges = [h for h in self.hedges if h.position == "implicit"]
        self.before_hedges = {h.word: h for h in self.hedges if h.position == "before"}
        self.hedge_length = max(len(h.word) for h in self.hedges)
        self.cheng = regex.compile(r"成(?![为立效果绩本员功熟长交型品])")
        self.classifiers = frozenset(row.fields[0] for row in bundled("classifiers.txt", 1)) - set(self.units)
        self.currencies = {row.fields[0]: row.fields[1] for row in bundled("currencies.tsv", 3)
                           if choice(row, 2, CURRENCY_ROLES) == "currency"}
        self.unit_before = _unit_before(self.units, self.hedges, self.currencies)
        # The last characters of what may stand right before a number whose unit is named before it.
        self.unit_before_ends = frozenset(
            [row.fields[0][-1] for row in bundled("phrase_words.tsv", 2) if row.fields[1] == "link"]
            + [h.word[-1] for h in self.hedges if h.position == "before"]
            + [w[-1] for w in self.currencies] + ["：", ":"])
        words = "|".join(regex.escape(w) for w in sorted(self.currencies, key=len, reverse=True))
        hedges = "|".join(regex.escape(h.word) for h in self.hedges if h.position == "before")
        self.currency_after = regex.compile(words)
        self.currency_before = regex.compile(rf"(?P<word>{words})[ ]?(?:{hedges})?[ ]?$")
        # 高于全国和全省7个和5个百分点: one 百分点 after a list is the unit of every number in it.
        self.shared_point = regex.compile(
            rf"个?(?:(?:[、和与及]|以及)(?:{self.number.pattern})个?)*?(?:[、和与及]|以及)(?:{self.number.pattern})个?百分点")


@cache
def grammar() -> Grammar:
    return Grammar()


on_reload(grammar)


def _unit_before(units: dict[str, Unit], hedges: tuple[Hedge, ...], currencies: dict[str, str]) -> Any:
    """使用人次达 2,539 万, 参保人数达12万: a unit of persons or things named before the number, with 数
    after a one-character one, then a linking verb or a hedge, and the number alone after them; or
    a currency right before it (人民币3.14)."""
    counted = [u.surface for u in units.values() if u.category in {"person", "count"} and not u.arabic_only]
    long = "|".join(regex.escape(u) for u in sorted((u for u in counted if len(u) > 1), key=len, reverse=True))
    short = "|".join(regex.escape(u) for u in sorted(u for u in counted if len(u) == 1))
    links = [row.fields[0] for row in bundled("phrase_words.tsv", 2) if row.fields[1] == "link"]
    links += [h.word for h in hedges if h.position == "before"]
    link = "|".join(regex.escape(w) for w in sorted(set(links), key=len, reverse=True))
    money = "|".join(regex.escape(w) for w in sorted(currencies, key=len, reverse=True) if w in units)
    return regex.compile(
        rf"(?:(?:(?P<unit>{long})(?:数|数量)?|(?P<unit>{short})(?:数|数量))(?:已|共|总|累计)?(?:{link}|[：:])|(?P<unit>{money}))[ ]?$")


def _load_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for row in bundled("units.tsv", 3, 5):
        surface, unit, category = row.fields[:3]
        needs = row.fields[3] if len(row.fields) > 3 else ""
        if needs not in {"", "arabic"}:
            raise LexiconError(f"{row.where()}: needs must be empty or 'arabic', not {needs!r}")
        if surface in units:
            raise LexiconError(f"{row.where()}: {surface!r} is listed twice")
        not_before = row.fields[4] if len(row.fields) > 4 else ""
        units[surface] = Unit(surface, unit, category, needs == "arabic", not_before)
    return units


def _multiplier_guards(units: dict[str, Unit], numeric: str) -> dict[str, str]:
    """A multiplier that begins a unit is no multiplier there: 3千瓦 is 3 千瓦, 5百分点 is 5 百分点.

    Each such character gets a look-ahead that refuses the rest of every unit it begins, read from
    units.tsv (and the percent prefixes 百分之, 千分之), so a unit added there needs no code."""
    rests: dict[str, set[str]] = {}
    for surface in [*units, *PERCENT_PREFIXES, "百分比"]:
        if len(surface) > 1 and surface[0] in numeric:
            rests.setdefault(surface[0], set()).add(surface[1:])
    return {c: "(?!" + "|".join(regex.escape(r) for r in sorted(rest, key=len, reverse=True)) + ")" for c, rest in rests.items()}


def _load_senses(units: dict[str, Unit]) -> dict[str, list[tuple[Unit, Any]]]:
    senses: dict[str, list[tuple[Unit, Any]]] = {}
    for row in bundled("unit_senses.tsv", 4):
        surface, unit, category, before = row.fields
        if surface not in units:
            raise LexiconError(f"{row.where()}: {surface!r} is not a unit of units.tsv")
        base = units[surface]
        senses.setdefault(surface, []).append((Unit(surface, unit, category, base.arabic_only, base.not_before), _compile(row, before)))
    return senses


def _load_hedges() -> tuple[Hedge, ...]:
    hedges = []
    for row in bundled("hedges.tsv", 3, 4):
        position = choice(row, 1, HEDGE_POSITIONS)
        approx = choice(row, 2, APPROX - {"exact", "range"})
        hedges.append(Hedge(row.fields[0], position, approx, row.fields[3] if len(row.fields) > 3 else ""))
    return tuple(hedges)


@dataclass(frozen=True)
class ContextRule:
    kind: str
    how: str
    pattern: Any
    units: frozenset[str]

    def applies_to(self, unit: Unit | None) -> bool:
        return not self.units or (unit is not None and (unit.surface in self.units or unit.unit in self.units))


def _load_nonfigures() -> tuple[tuple[tuple[str, str], ...], tuple[ContextRule, ...]]:
    names: list[tuple[str, str]] = []
    rules: list[ContextRule] = []
    for row in bundled("nonfigures.tsv", 3, 4):
        kind = choice(row, 0, NONFIGURE_KINDS)
        how = choice(row, 1, {"literal", "before", "after"})
        pattern = row.fields[2]
        if how == "literal":
            names.append((pattern, kind))
            continue
        units = frozenset(u for u in (row.fields[3] if len(row.fields) > 3 else "").split(",") if u)
        rules.append(ContextRule(kind, how, _compile(row, pattern), units))
    return tuple(names), tuple(rules)


def _compile(row: Row, pattern: str) -> Any:
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise LexiconError(f"{row.where()}: bad regular expression {pattern!r}: {exc}") from exc


# A number made only of these (亿, 百万) has an implied 1 and is a figure only with a hedge: 过亿元, 上万人, 百余人.
_MULTIPLIERS_ONLY = frozenset("百千万亿兆")

# ---------------------------------------------------------------- structure of the text

_LAYOUT_GAP = regex.compile(r" |[ ]*\n[ \n]{0,3}")
_LINE_WRAP = regex.compile(r"[ ]*\n[ ]*")
_CJK_BEFORE = regex.compile(r"\p{Han}")
_CLAUSE_START = regex.compile(r"[，,。；;：:！？!?\n][^，,。；;：:！？!?\n]*$")
# How far back the words that give a unit its sense (温度 for 度) may stand.
SENSE_REACH = 20
_NEIGHBOUR_DIGITS = regex.compile(r"(?P<low>[一二三四五六七八])(?P<high>[二三四五六七八九])(?P<scale>[十百千万亿]*)")
_WEB_ADDRESS = regex.compile(r"(?:https?://|www\.)[^\s，。；、“”（）()<>]+")
# The financial (大写) numerals: cheques and contracts write money with them, nothing else.
_FINANCIAL = frozenset("壹贰叁肆伍陆柒捌玖拾佰仟")
_SLASH_FRACTION = regex.compile(r"(?P<over>[0-9]{1,3})/(?P<under>[0-9]{1,4})(?![0-9/.])")
# 50万元（含）以上: a bound that says it is included stands between the figure and its hedge.
_INCLUSIVE = regex.compile(r"[(]含[)]")
_JOINER_STARTS = frozenset("、和与及以")
_TRAILING_MULTIPLIERS = regex.compile(r"[十拾百佰千仟万亿]+$")
_MULTIPLIER_VALUES = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10**4, "亿": 10**8}
_HEDGE_GAP = regex.compile(r"(?:[ ]|[ ]*\|[ |]*)$")
_CLAUSE_END = frozenset("，,。；;：:、！？!?\n)）") | {""}
_OPENERS = {"“": "”", "「": "」", "『": "』", "《": "》", "〈": "〉", '"': '"'}
_MARKS = regex.compile("[" + regex.escape("".join(_OPENERS) + "".join(_OPENERS.values())) + "\n]")


def quoted_spans(norm: str) -> list[tuple[int, int]]:
    """Spans inside quotation and title marks, found in one pass over the marks (no nesting needed)."""
    spans = []
    closer = None
    opened = 0
    for m in _MARKS.finditer(norm):
        i, ch = m.start(), m.group()
        if closer is not None and (ch == "\n" or i - opened > 200):
            closer = None  # an unbalanced mark must not swallow the rest of the document
        if closer is None:
            if ch in _OPENERS:
                closer, opened = _OPENERS[ch], i
        elif ch == closer:
            spans.append((opened, i + 1))
            closer = None
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_right(spans, (start, math.inf)) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


# ---------------------------------------------------------------- the scanner


def quantities(text: str, *, normalized: str | None = None) -> list[Quantity]:
    """Every numeric expression in ``text``, figures and non-figures, in text order."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    norm = normalized if normalized is not None else normalize(text)
    g = grammar()
    if not g.hidden.search(text):
        return _scan(text, norm, g)
    # 增长12.<zero-width space>5%: read the text without the characters numbers are read through,
    # then put every span back on the original text (its offsets are sacred).
    view = g.hidden.sub("", text)
    shifts = array("q", (m.start() - n for n, m in enumerate(g.hidden.finditer(text))))

    def original(at: int) -> int:
        return at + bisect.bisect_right(shifts, at)

    found = []
    for q in _scan(view, normalize(view), g):
        start = original(q.start)
        end = original(q.end - 1) + 1 if q.end > q.start else start
        found.append(replace(q, text=text[start:end], start=start, end=end))
    return found


def _scan(text: str, norm: str, g: Grammar) -> list[Quantity]:
    quotes = quoted_spans(norm)
    # A web address is one name, whatever digits and %2F escapes it holds.
    quotes = sorted([*quotes, *((m.start(), m.end()) for m in _WEB_ADDRESS.finditer(norm))])
    names = _name_spans(norm, g)
    found: list[Quantity] = []
    match = g.number.search(norm)
    while match is not None:
        quantity = _read(text, norm, match.start(), match.end(), g, quotes, names)
        found.append(quantity)
        match = g.number.search(norm, max(quantity.end, match.end()))
    return found


def _name_spans(norm: str, g: Grammar) -> list[tuple[int, int, str]]:
    spans = []
    for name, kind in g.names:
        start = norm.find(name)
        while start != -1:
            spans.append((start, start + len(name), kind))
            start = norm.find(name, start + 1)
    spans.sort()
    return spans


def _covered(spans: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    """The kind of the sorted, possibly overlapping, short span that holds [start, end), if one does."""
    i = bisect.bisect_right(spans, (start, math.inf)) - 1
    while i >= 0 and spans[i][0] >= start - MAX_NAME_CHARS:
        if spans[i][0] <= start and end <= spans[i][1]:
            return spans[i][2]
        i -= 1
    return None


@dataclass
class _Reading:
    """The parts of one numeric expression while it is read."""

    start: int
    end: int
    number_text: str
    number_end: int
    value: Decimal | None = None
    value_max: Decimal | None = None
    unit: Unit | None = None
    unit_text: str = ""
    approx: str = "exact"
    hedge: str | None = None
    negative: bool = False
    kind: str = "figure"
    reason: str | None = None
    percent_prefix: str | None = None
    fraction: bool = False
    currency: str | None = None


def _read(text: str, norm: str, start: int, number_end: int, g: Grammar,
          quotes: list[tuple[int, int]], names: list[tuple[int, int, str]]) -> Quantity:
    number_text = norm[start:number_end].rstrip()
    number_end = start + len(number_text)
    r = _Reading(start=start, end=number_end, number_text=number_text, number_end=number_end)

    prefix = norm[max(0, start - 3):start]
    if prefix in PERCENT_PREFIXES:
        r.start, r.percent_prefix = start - 3, prefix
    slash = _SLASH_FRACTION.match(norm, start) if norm.startswith("/", number_end) else None
    if slash and int(slash["over"]) < int(slash["under"]) and norm[start - 1:start] not in {"/", "."}:
        # 超过1/2的人, 减少1/3以上: a fraction in running text is a share, as 二分之一 is.
        r.fraction, r.number_text = True, slash.group()
        r.end = r.number_end = slash.end()
    if norm.startswith("分之", number_end):
        second = g.number.match(norm, number_end + 2)
        if second:
            r.fraction = True
            r.number_text = norm[start:second.end()]
            r.end = r.number_end = second.end()
    if len(r.number_text) > MAX_NUMBER_CHARS:
        r.kind, r.reason = "code", f"{len(r.number_text)} characters long: a code or identifier, not a figure"
        return _finish(text, r)
    _read_tail(norm, r, g)
    _read_value(r)
    if r.kind == "figure":
        _read_range(norm, r, g)
        _read_hedges(norm, r, g)
        if r.unit is None:
            _read_unit_before(norm, r, g)
        _classify(norm, r, g, quotes, names)
        if r.unit is not None and r.unit.category in MONEY:
            r.currency = _currency(norm, r, g)
    if r.kind == "figure" and _split(text, norm, r, g):
        r.kind, r.reason = "split", ("digits on both sides of a thin or no-break space that is no thousands "
                                     "separator: one number or two? not read rather than read wrong")
    return _finish(text, r)


def _split(text: str, norm: str, r: _Reading, g: Grammar) -> bool:
    """Whether a group separator the reading did not go through joins this number to other digits."""
    before = r.start >= 2 and text[r.start - 1] in g.group_separators and norm[r.start - 2].isdigit()
    at = r.number_end
    after = at + 1 < len(norm) and text[at] in g.group_separators and norm[at + 1].isdigit()
    return before or after


def _read_tail(norm: str, r: _Reading, g: Grammar) -> None:
    """Inner hedge, trailing multiplier and unit after the number: 300余万元, 2万余份, 19(场)次, 1个多月."""
    at = r.number_end
    if norm.startswith("个", at) and g.big.match(norm, at + 1):
        at += 1  # 两个亿: the measure word before the multiplier is spoken, the number is 2亿
    inner = g.inner.match(norm, at)
    big = g.big.match(norm, inner.end() if inner else at)
    if big:
        r.number_text += big.group()
        at = big.end()
    elif inner:
        at = inner.end()
    if big and not inner:
        inner = g.inner.match(norm, at)
        at = inner.end() if inner else at
    unit_end = None
    if r.percent_prefix is None:
        if norm.startswith("成", at) and g.cheng.match(norm, at):
            r.unit, r.unit_text = Unit("成", "%", "percent", False, ""), "成"
            unit_end = at + 1
        elif not inner and norm.startswith("个", at) and g.inner.match(norm, at + 1):
            unit_end = _unit_at(norm, at + 2, r, g, classifier="个")
            inner = g.inner.match(norm, at + 1) if unit_end else None
        if unit_end is None and r.unit is None:
            # Text laid out from PDFs puts spaces, and line breaks inside a sentence, between
            # Arabic digits and their unit (3,762 人次; 本期編列 124 億⏎⏎元).
            unit_end = _unit_at(norm, at, r, g)
            gap = _LAYOUT_GAP.match(norm, at) if unit_end is None else None
            if gap and "\n" in gap.group() and not _CJK_BEFORE.search(norm, norm.rfind("\n", 0, r.start) + 1, r.start):
                gap = None  # a number alone on its line is a table cell: the next line is the next cell (5.7⏎批发业)
            if gap and (r.number_text[-1:].isdigit() or norm[at - 1:at] in "万亿兆"):
                unit_end = _unit_at(norm, gap.end(), r, g)
                if unit_end is None and norm.startswith("成", gap.end()) and g.cheng.match(norm, gap.end()):
                    r.unit, r.unit_text = Unit("成", "%", "percent", False, ""), "成"
                    unit_end = gap.end() + 1
            if unit_end is None and not inner:
                unit_end = _open_unit(norm, at, r, g)
        joiner = at + 1 if norm.startswith("个", at) else at
        if (r.unit is None or r.unit.surface == "个") and norm[joiner:joiner + 1] in _JOINER_STARTS:
            shared = g.shared_point.match(norm, at, at + SHARED_POINT_REACH)
            if shared:
                r.unit, r.unit_text = g.units["百分点"], norm[at:at + 1] if norm.startswith("个", at) else ""
                unit_end = at + len(r.unit_text)
    if inner and unit_end is None and not big and r.percent_prefix is None:
        inner = None  # 多 with no unit after it belongs to the next word, not to this number
        at = r.number_end
    if inner:
        r.hedge, r.approx = inner.group(), g.inside_hedges[inner.group()].approx
    r.end = max(unit_end or at, r.number_end)
    if r.unit is not None and r.unit.surface in g.senses:
        clause = _CLAUSE_START.search(norm, max(0, r.start - SENSE_REACH), r.start)
        for sense, before in g.senses[r.unit.surface]:
            if before.search(norm, clause.end() if clause else max(0, r.start - SENSE_REACH), r.start):
                r.unit = sense
                break


def _longest_unit(norm: str, at: int, g: Grammar) -> str | None:
    for size in range(g.unit_length, 0, -1):
        if norm[at:at + size] in g.units:
            return norm[at:at + size]
    return None


def _unit_parts(norm: str, at: int, g: Grammar) -> list[tuple[str, int, int]]:
    """The unit at ``at`` as (surface, start, end) parts: 次, or 台（套）, or (场)次 — a unit in brackets joins."""
    parts = []
    first = _longest_unit(norm, at, g)
    if first:
        parts.append((first, at, at + len(first)))
        at += len(first)
        # (endpos: a pattern with a required character scans to it, and past the window, otherwise)
        wrap = _LINE_WRAP.match(norm, at, at + 8)
        if wrap:
            # 举办培训45场⏎次: a line of a PDF ends inside the unit.
            for size in range(g.unit_length - len(first), 0, -1):
                rest = norm[wrap.end():wrap.end() + size]
                if len(rest) == size and first + rest in g.units:
                    surface = first + rest
                    at = wrap.end() + size
                    parts[0] = (surface, parts[0][1], at)
                    break
    if norm.startswith("(", at):
        inner = _longest_unit(norm, at + 1, g)
        if inner and norm.startswith(")", at + 1 + len(inner)):
            parts.append((inner, at, at + len(inner) + 2))
            at += len(inner) + 2
            last = _longest_unit(norm, at, g)
            if last:
                parts.append((last, at, at + len(last)))
    return parts


def _open_unit(norm: str, at: int, r: _Reading, g: Grammar) -> int | None:
    """A measure word units.tsv does not list (来电300通, 80杯次): its unit as written, category ``other``.

    It must stand as a word of its own (300通过 is no figure), so the segmenter reads what follows it;
    一 before one is an article (一番, 一点) and stays a bare number.
    """
    word = norm[at:at + 1]
    if word not in g.classifiers or r.number_text == "一":
        return None
    from .segmentation import segmenter

    surface = word + "次" if norm.startswith("次", at + 1) else word
    phrase = regex.match(r"[^\s，,。；;：:、！？!?()（）|]{1,6}", norm[at:at + 6])
    first = segmenter().words(phrase.group())[0][0] if phrase else word
    if first not in {word, surface}:
        return None
    r.unit, r.unit_text = Unit(surface, surface, "other", False, ""), surface
    r.reason = f"open measure word {surface!r}: in classifiers.txt, not in units.tsv"
    return at + len(surface)


def _unit_at(norm: str, at: int, r: _Reading, g: Grammar, classifier: str = "") -> int | None:
    """The end of the unit starting at ``at``, setting ``r.unit``; None when no unit is there."""
    parts = _unit_parts(norm, at, g)
    if not parts:
        return None
    has_arabic = any(ch.isdigit() for ch in r.number_text)
    # Drop trailing parts that need Arabic digits or that begin another word (3方面, 36项目).
    while parts:
        surface, _, end = parts[-1]
        unit = g.units[surface]
        cancelled = end < len(norm) and unit.not_before and norm[end] in unit.not_before
        if (unit.arabic_only and not has_arabic) or cancelled:
            parts.pop()
            continue
        break
    if not parts:
        return None
    surfaces = [p[0] for p in parts]
    if classifier:
        counted = g.units.get(classifier + surfaces[0])
        if counted is None or len(parts) > 1:
            return None
        unit = counted
    elif len(parts) == 1:
        unit = g.units[surfaces[0]]
    else:
        units = [g.units[x] for x in surfaces]
        unit = Unit("".join(surfaces), "".join(u.unit for u in units), units[0].category, False, "")
    end = parts[-1][2]
    r.unit, r.unit_text = unit, norm[at:end]
    return end


def _read_value(r: _Reading) -> None:
    digits = r.number_text
    if r.fraction:
        try:
            value = parse_number(digits)
        except NumeralError as exc:
            r.kind, r.reason = "code", str(exc)
            return
        if r.unit is not None:
            r.value = value  # 四分之一公升 is a quarter of a litre
        else:
            r.value, r.unit = value * 100, Unit("分之", "%", "percent", False, "")  # 三分之一的企业: a share
        return
    neighbours = _NEIGHBOUR_DIGITS.fullmatch(digits)
    if neighbours and parse_number(neighbours["low"]) < parse_number(neighbours["high"]):
        # 八九亿, 四五千, 三五百: two digits side by side are a rough range, the multiplier after both.
        scale = parse_number(neighbours["scale"]) if neighbours["scale"] else Decimal(1)
        r.value, r.value_max = parse_number(neighbours["low"]) * scale, parse_number(neighbours["high"]) * scale
        r.approx = "range"
        return
    try:
        value = parse_number(digits)
    except NumeralError as exc:
        r.kind, r.reason = "code", f"not a numeral: {exc}"
        return
    if r.percent_prefix:
        r.unit = Unit(r.percent_prefix, PERCENT_PREFIXES[r.percent_prefix], "percent", False, "")
    r.value = value


def _read_range(norm: str, r: _Reading, g: Grammar) -> None:
    """3至5个, 20%—30%, 5-8万元, 三到五万元: a second number after a range separator."""
    sep = g.range_sep.match(norm, r.end)
    if not sep:
        return
    second = g.number.match(norm, sep.end())
    if not second or len(second.group()) > MAX_NUMBER_CHARS:
        return
    other = _Reading(start=second.start(), end=second.end(), number_text=second.group().rstrip(),
                     number_end=second.start() + len(second.group().rstrip()))
    _read_tail(norm, other, g)
    _read_value(other)
    if other.kind != "figure" or other.value is None or r.value is None:
        return
    if r.unit is not None and (other.unit is None or other.unit.unit != r.unit.unit):
        return
    if r.unit is None and other.unit is None:
        return
    low, high = r.value, other.value
    # 三到五万元, 两到三仟, 八到九百亿: the multipliers that end the second number end the first too,
    # unless that would put the first past the second (从8500到3万).
    scale = _shared_scale(r.number_text, other.number_text)
    if high > low * scale:
        low = low * scale
    if "-" in sep.group() and r.unit is None and _looks_like_code(r.number_text, other.number_text):
        return
    if high <= low:
        return
    r.value, r.value_max = low, high
    r.approx, r.hedge = "range", None
    r.unit, r.unit_text = other.unit, other.unit_text
    r.end = other.end


def _currency(norm: str, r: _Reading, g: Grammar) -> str | None:
    """28.1亿美元 → USD; 新台币 177.1 亿元 → TWD; 5亿元 says nothing of its currency (None)."""
    assert r.unit is not None
    after = g.currency_after.match(norm, r.end)
    if after:
        return g.currencies[after.group()]  # 三万元欧元, 9000元日币: the second name says which 元
    named = g.currencies.get(r.unit.surface) or g.currencies.get(r.unit.unit.split("/")[0])
    if named:
        return named
    before = g.currency_before.search(norm, max(0, r.start - 10), r.start)
    return g.currencies[before.group("word")] if before else None


def _read_unit_before(norm: str, r: _Reading, g: Grammar) -> None:
    """累计服务人次已达 9,661 万: the unit stands before the number, which ends its clause."""
    if r.end < len(norm) and norm[r.end] not in _CLAUSE_END or not any(c.isdigit() for c in r.number_text):
        return
    before = norm[r.start - 2:r.start].rstrip()
    if not before or before[-1] not in g.unit_before_ends:
        return
    named = g.unit_before.search(norm, max(0, r.start - 14), r.start)
    if named:
        r.unit = g.units[named.group("unit")]
        r.reason = f"unit {named.group('unit')!r} named before the number"


def _shared_scale(first: str, second: str) -> Decimal:
    """The multipliers ending the second number of a range that the first takes too: those larger
    than any of its own (三到五万 → 万, 十到二十万 → 万, 八到九百亿 → 百亿, 两到三仟 → 仟)."""
    tail = _TRAILING_MULTIPLIERS.search(second)
    if tail is None or tail.start() == 0:
        return Decimal(1)
    own = max((_MULTIPLIER_VALUES[c] for c in first if c in _MULTIPLIER_VALUES), default=1)
    scale = Decimal(1)
    for c in tail.group():
        if _MULTIPLIER_VALUES[c] > own:
            scale *= _MULTIPLIER_VALUES[c]
    return scale


def _looks_like_code(first: str, second: str) -> bool:
    return first.isdigit() and second.isdigit() and (len(first) >= 3 and len(second) >= 6 or first.startswith("0"))


def _read_hedges(norm: str, r: _Reading, g: Grammar) -> None:
    """Hedge words right before the number and right after the unit."""
    hedge_end = r.start
    if r.number_text[:1].isdigit() and norm[r.start - 1:r.start] in {" ", "|"}:
        # 約 687 萬戶, 總共約 | | 1,140.6 萬公噸: text laid out with spaces around Arabic numbers, or
        # a table with the hedge in the cell before the number.
        gap = _HEDGE_GAP.search(norm, max(0, r.start - 8), r.start)
        hedge_end = gap.start() if gap else r.start
    before = norm[max(0, hedge_end - 5):hedge_end]
    sign = None
    if r.start and norm[r.start - 1] in g.minus_ends:
        sign = next((w for w in g.minus_words if norm.startswith(w, r.start - len(w))), None)
    if sign and (len(sign) > 1 or r.start < 2 or not (norm[r.start - 2].isalnum() or norm[r.start - 2] in "-—~")):
        r.negative = True  # -3.5%, 负增长2%, 零下四摄氏度; not the dash of a range or a code
    implicit = r.percent_prefix is None and all(c in _MULTIPLIERS_ONLY for c in r.number_text)
    if r.approx == "exact":
        hedge = _before_hedge(norm, before, hedge_end, g)
        if hedge is not None:
            r.approx, r.hedge = hedge.approx, hedge.word
            if implicit:
                r.start = hedge_end - len(hedge.word)
        elif implicit and (one := _implicit_one(norm, r.start, g)) is not None:
            r.approx, r.hedge = one.approx, one.word
            r.start -= 1  # 过亿元: the hedge stands for the missing digit and belongs to the figure
    if implicit and r.approx == "exact":
        r.kind, r.reason = "bare", "a multiplier without digits (万元 in a table header) is no figure"
    if r.approx == "range":
        return
    inclusive = _INCLUSIVE.match(norm, r.end)
    after = inclusive.end() if inclusive else r.end
    for size in range(g.hedge_length, 0, -1):
        hedge = g.after_hedges.get(norm[after:after + size])
        if hedge is None or (hedge.word in {"多", "余"} and (r.approx != "exact" or r.unit is None)):
            continue
        r.approx, r.hedge = hedge.approx, hedge.word
        r.end = after + len(hedge.word)
        break


def _implicit_one(norm: str, at: int, g: Grammar) -> Hedge | None:
    """上万人, 上亿元: the word before a number of multipliers only that stands for its missing 1."""
    for hedge in g.implicit_hedges:
        start = at - len(hedge.word)
        if start >= 0 and norm.startswith(hedge.word, start) and not (start and norm[start - 1] in hedge.not_after):
            return hedge
    return None


def _before_hedge(norm: str, before: str, ends_at: int, g: Grammar) -> Hedge | None:
    """The longest hedge word ending ``before``, unless the character before it makes it another word."""
    for size in range(min(g.hedge_length, len(before)), 0, -1):
        hedge = g.before_hedges.get(before[-size:])
        if hedge is None:
            continue
        at = ends_at - size
        if at > 0 and norm[at - 1] in hedge.not_after:
            continue
        return hedge
    return None


def _classify(norm: str, r: _Reading, g: Grammar, quotes: list[tuple[int, int]], names: list[tuple[int, int, str]]) -> None:
    kind, reason = _nonfigure(norm, r, g, quotes, names)
    if kind:
        r.kind, r.reason = kind, reason


def _nonfigure(norm: str, r: _Reading, g: Grammar,
               quotes: list[tuple[int, int]], names: list[tuple[int, int, str]]) -> tuple[str | None, str | None]:
    unit = r.unit
    category = unit.category if unit else None
    after_text = norm[r.end:r.end + 12]
    before_text = norm[max(0, r.start - 12):r.start]
    if _inside(quotes, r.start, r.end):
        return "name", "inside quotation or title marks, or a web address: a slogan or a name"
    listed = _covered(names, r.start, r.number_end)
    if listed:
        return listed, f"{listed}: part of a word listed in nonfigures.tsv"
    chinese_only = not any(c.isdigit() for c in r.number_text)
    rules = [*g.unit_rules.get(unit.surface, ()), *g.unit_rules.get(unit.unit, ())] if unit else []
    if g.general_screen["before"].search(before_text) or g.general_screen["after"].search(after_text):
        rules.extend(g.general_rules)
    for rule in rules:
        not_a_span = category != "duration" or (unit is not None and unit.surface in {"月", "日"})
        if not rule.applies_to(unit) or (rule.kind == "period" and not_a_span) or (rule.kind == "vague" and not chinese_only):
            continue
        hit = rule.pattern.search(before_text if rule.how == "before" else after_text)
        if hit:
            return rule.kind, f"{rule.kind}: matches {rule.pattern.pattern!r} {rule.how} it"
    at_line_start = r.start == 0 or norm[r.start - 1] in "\n(（ \t"
    if at_line_start and norm[r.number_end:r.number_end + 1] in {"、", ".", ")", "）"} and unit is None:
        return "list_marker", "a list marker"
    if norm[r.number_end:r.number_end + 1] == "是" and unit is None:
        return "list_marker", "a list marker (一是, 二是)"
    if unit is None:
        if r.number_end < len(norm) and norm[r.number_end] in "年":
            return "year", "a year"
        return "bare", "a number without a unit counts nothing"
    value = r.value
    digits_only = r.number_text.isdigit() or all(c in "〇零一二三四五六七八九" for c in r.number_text)
    if unit.unit == "年":
        if digits_only and len(r.number_text) == 4:
            return "year", "a year"
        if value is not None and 40 <= value <= 150 and r.number_text.isdigit() and len(r.number_text) <= 3:
            return "year", "a year of the Republic of China calendar"
        return "period", "a span of years frames the report; it is not a figure of it"
    if unit.unit in {"月", "日"} and not unit.surface.startswith("个"):
        limit = 12 if unit.unit == "月" else 31
        if value is not None and value == value.to_integral_value() and 1 <= value <= limit:
            return "date", "a date"
    if r.number_text == "二" and category in {"count", "currency"} and unit.surface != "个" and r.approx != "range":
        return "ordinal", "二 before a measure word names an order or a kind (二期, 二次创业, 二元); two of a thing is 两"
    if len(r.number_text) == 1 and r.number_text in _FINANCIAL and category not in MONEY:
        return "name", "a 大写 numeral alone writes money; before another measure word it is part of a word (登陆部队, 拾起)"
    if r.number_text in {"零", "〇"}:
        return "qualifier", "零 alone before a measure word is part of a word (零部件, 零组件), not the figure 0"
    if r.number_text == "一" and category in ARTICLE_CATEGORIES and r.approx != "range" and after_text[:1] not in _CLAUSE_END:
        return "article", "一 before a measure word and its noun is an article (一批观测点, 一次性), not a count"
    prev = norm[r.start - 1:r.start] if r.start else ""
    if prev and (prev.isascii() and prev.isalpha() or prev in "#№"):
        return "code", "a code (letters before the number)"
    return None, None


def _finish(text: str, r: _Reading) -> Quantity:
    value, value_max, approx = r.value, r.value_max, r.approx
    unit = r.unit
    if value is not None and unit is not None and unit.surface == "成":
        value = value * 10  # 三成 is 30 %
    if r.negative and value is not None:
        value = -value
        if value_max is not None:
            value, value_max = -value_max, value
    return Quantity(
        text=text[r.start:r.end], start=r.start, end=r.end,
        value=value, value_max=value_max,
        unit=unit.unit if unit else None, unit_category=unit.category if unit else None,
        approx=approx, kind=r.kind, hedge=r.hedge, reason=r.reason, currency=r.currency,
    )


def in_unit(q: Quantity, written: str) -> Quantity | None:
    """A bare number read in the unit its table names (单位：万元, （万吨）, （±%）, 新臺幣千元), or None
    when ``written`` is no unit: 1,230 under 单位：万元 is 12300000 元, as 1,230万元 would be."""
    g = grammar()
    phrase = normalize(written).removeprefix("±")
    currency = next((code for word, code in g.currencies.items() if phrase.startswith(word) and phrase != word), None)
    if currency is not None:
        phrase = phrase[len(next(w for w in g.currencies if phrase.startswith(w))):]
    for split in range(len(phrase)):
        multiplier, surface = phrase[:split], phrase[split:]
        unit = g.units.get(surface)
        if unit is None or not all(c in _MULTIPLIERS_ONLY or c == "十" for c in multiplier):
            continue
        if q.value is None or q.kind != "bare":
            return None
        scale = parse_number(multiplier) if multiplier else Decimal(1)
        if unit.category in MONEY:
            currency = currency or g.currencies.get(unit.surface)
        return replace(q, value=q.value * scale, unit=unit.unit, unit_category=unit.category, kind="figure",
                       reason=f"unit {written!r} from the table's caption, header or row", currency=currency)
    return None

