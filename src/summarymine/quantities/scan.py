"""Reading each numeric expression where it stands: the number, then its unit, range, hedges, sign and
currency, through the spaces and line breaks that PDF layouts put inside it."""
from __future__ import annotations

from decimal import Decimal

import regex

from ..errors import NumeralError
from ..layout import CJK
from ..numerals import parse_number
from ..segmentation import segmenter
from .classify import _WEB_ADDRESS, _classify, _name_spans, quoted_spans
from .hedges import read_hedges
from .patterns import _CLAUSE_END, MONEY, PERCENT_PREFIXES, Grammar, Unit
from .quantity import TENTHS, Quantity, _finish, _Reading

# A number longer than this is a code, an ID or garbage, never a figure; it is not parsed.
MAX_NUMBER_CHARS = 40
# The tenth of a 成 written after it (九成五), where the word ends there.
_TENTH = regex.compile(rf"([{TENTHS}])(?![^\P{{Han}}的之])")
# A line shorter than this that ends on a number is a heading or a label, not text wrapped onto the next line.
SHORT_LINE = 6
# How far a list that shares one 百分点 may reach (7个、5个和3个百分点).
SHARED_POINT_REACH = 80

# A page's line break inside a sentence, with the blank line and the spaces a layout may put around it.
_PAGE_BREAK = regex.compile(r"[ ]*\n[ \n]{0,3}")
# What a layout puts inside a unit's word: a line break, or one space a PDF converter put between its characters (487公 里).
_UNIT_GAP = regex.compile(rf"{_PAGE_BREAK.pattern}|[ ]")
_LAYOUT_GAP = regex.compile(rf" |{_PAGE_BREAK.pattern}")
_LINE_WRAP = regex.compile(r"[ ]*\n[ ]*")
_CELL_WALL = regex.compile(r"[ ]*\|[ ]*")
# A cell wall with its padding is no longer than this (| 507 |, and the wide padding of aligned tables).
WALL_CHARS = 64
# The word a measure word may begin: up to six characters to the next mark.
_WORD_AFTER = regex.compile(r"[^\s，,。；;：:、！？!?()（）|]{1,6}")
_CLAUSE_START = regex.compile(r"[，,。；;：:！？!?\n][^，,。；;：:！？!?\n]*$")
# How far after a number the noun it counts may end: a hedge, two modifiers and the noun (以上农村贫困人口).
COUNTED_REACH = 16
# How far back the words that give a unit its sense (温度 for 度) may stand.
SENSE_REACH = 20
# 两三万, 八九亿: two small digits side by side (两 is two before a measure or a multiplier), a rough range.
_NEIGHBOUR_DIGITS = regex.compile(r"(?P<low>[一两兩二三四五六七八])(?P<high>[二三四五六七八九])(?P<scale>[十百千万亿]*)")
_SLASH_FRACTION = regex.compile(r"(?P<over>[0-9]{1,3})/(?P<under>[0-9]{1,4})(?![0-9/.])")
# 50万元（含）以上: a bound that says it is included stands between the figure and its hedge.
_JOINER_STARTS = frozenset("、和与及以")
# How many spaces a layout puts between a number's digits and what follows them.
LAYOUT_SPACES = 2
_DATED = frozenset({"duration"})

# How far before a number the unit of a change (贫困人口从9899万减少到3046万) may be named.
CHANGE_REACH = 40
_FROM = regex.compile("[由从]")
# A share written as a fraction that never ends (1/3 runs on to the context's precision) is given to two places.
_PERCENT_PLACES = Decimal("0.01")
_TERMINATING_EXPONENT = -12


def _scan(text: str, norm: str, g: Grammar) -> list[Quantity]:
    quotes = quoted_spans(norm)
    # A web address is one name, whatever digits and %2F escapes it holds.
    quotes = sorted([*quotes, *((m.start(), m.end()) for m in _WEB_ADDRESS.finditer(norm))])
    names = _name_spans(norm, g)
    found: list[Quantity] = []
    match = _next_number(norm, 0, g)
    while match is not None:
        quantity = _read(text, norm, match.start(), match.end(), g, quotes, names, found[-1].end if found else 0)
        found.append(quantity)
        match = _next_number(norm, max(quantity.end, match.end()), g)
    return found


def _next_number(norm: str, pos: int, g: Grammar) -> regex.Match[str] | None:
    """``g.number.search(norm, pos)``: the number is tried only where a character that may begin one stands."""
    while (start := g.number_start.search(norm, pos)) is not None:
        match = g.number.match(norm, start.start())
        if match is not None:
            return match
        pos = start.start() + 1
    return None


def _read(text: str, norm: str, start: int, number_end: int, g: Grammar,
          quotes: list[tuple[int, int]], names: list[tuple[int, int, str]], floor: int) -> Quantity:
    """The expression whose number is ``norm[start:number_end]``; nothing of it before ``floor``, where the one
    before it ends (0以上百: the 上 of 以上 is no hedge of 百)."""
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
        read_hedges(norm, r, g, floor)
        if r.unit is None:
            _read_unit_before(norm, r, g)
        _classify(norm, r, g, quotes, names)
        if r.unit is not None and r.unit.category in MONEY:
            r.currency = _currency(norm, r, g)
            r.unit = _foreign_unit(r, g) or r.unit
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
    if norm.startswith("个", at) and norm[at + 1:at + 2] in {"万", "亿"}:
        at += 1  # 两个亿: the measure word before the multiplier is spoken, the number is 2亿 (12个百亿元项目 is a count)
    spaced = at
    while spaced < at + LAYOUT_SPACES and norm[spaced:spaced + 1] == " ":
        spaced += 1
    if spaced > at and r.number_text[-1:].isdigit() and norm[spaced:spaced + 1] in g.inner_starts:
        at = spaced  # 計 8,400 餘人次: text laid out from a PDF puts a space between the digits and their 餘
    inner = g.inner.match(norm, at) if norm[at:at + 1] in g.inner_starts else None
    after_inner = inner.end() if inner else at
    big = g.big.match(norm, after_inner) if norm[after_inner:after_inner + 1] in g.big_starts else None
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
            # 九成五: a numeral right after 成 that ends the word is its tenth (95 %).
            tenth = _TENTH.match(norm, at + 1)
            r.unit, r.unit_text = Unit("成", "%", "percent", False, ""), "成" + (tenth.group(1) if tenth else "")
            unit_end = at + len(r.unit_text)
        elif norm.startswith("半", at) and r.number_text == "一" and not norm.startswith("是", at + 1):
            r.unit, r.unit_text = Unit("半", "%", "percent", False, ""), "半"  # 占全省一半, 缩减一半: 50 %
            unit_end = at + 1
        elif not inner and norm.startswith("个", at) and g.inner.match(norm, at + 1):
            unit_end = _unit_at(norm, at + 2, r, g, classifier="个")
            inner = g.inner.match(norm, at + 1) if unit_end else None
        if unit_end is None and r.unit is None:
            # Text laid out from PDFs puts spaces, and line breaks inside a sentence, between
            # Arabic digits and their unit (3,762 人次; 本期編列 124 億⏎⏎元).
            unit_end = _unit_at(norm, at, r, g)
            gap = _LAYOUT_GAP.match(norm, at) if unit_end is None and norm[at:at + 1] in " \n" else None
            line_start = norm.rfind("\n", 0, r.start) + 1
            if gap and "\n" in gap.group() and (not CJK.search(norm, line_start, r.start) or at - line_start < SHORT_LINE):
                # A number alone on its line is a table cell: the next line is the next cell (5.7⏎批发业); one that ends
                # a line too short to be wrapped ends a heading (附件2⏎名词解释).
                gap = None
            # 約有七⏎⏎成: tenths after a numeral of any script.
            cheng = gap is not None and norm.startswith("成", gap.end()) and g.cheng.match(norm, gap.end()) is not None
            if gap and (r.number_text[-1:].isdigit() or norm[at - 1:at] in "万亿兆" or cheng):
                unit_end = _unit_at(norm, gap.end(), r, g)
                if unit_end is None and cheng:
                    r.unit, r.unit_text = Unit("成", "%", "percent", False, ""), "成"
                    unit_end = gap.end() + 1
                if unit_end is None and r.number_text[-1:].isdigit():
                    unit_end = _multiplied_unit(norm, gap.end(), r, g)  # 333⏎⏎億度: the multiplier went with the unit
            if unit_end is None and (norm[at - 1:at] in "万亿兆" or r.number_text[-1:].isdigit()):
                # 24.6 萬公⏎噸, 450 美⏎⏎元: a unit a page's line break cut
                unit_end = _unit_cut_by_a_break(norm, gap.end() if gap else at, r, g)
            if unit_end is None and not inner and r.number_text[-1:].isdigit():
                unit_end = _across_a_wall(norm, at, r, g)
            if unit_end is None and not inner:
                unit_end = _open_unit(norm, at, r, g)
            if unit_end is None and g.big.match(r.number_text, len(r.number_text) - 1):
                _counted_noun(norm, at, r, g)
        joiner = at + 1 if norm.startswith("个", at) else at
        if (r.unit is None or r.unit.surface == "个") and norm[joiner:joiner + 1] in _JOINER_STARTS:
            shared = g.shared_point.match(norm, at, at + SHARED_POINT_REACH)
            if shared:
                r.unit, r.unit_text = g.units["百分点"], norm[at:at + 1] if norm.startswith("个", at) else ""
                unit_end = at + len(r.unit_text)
        if r.unit is None and norm[at - 1:at] in "万亿" and norm[at:at + 1] in _JOINER_STARTS:
            following = g.shared_big.match(norm, at, at + SHARED_POINT_REACH)
            if following and _unit_at(norm, following.end(), r, g) is not None:
                r.unit_text = ""  # the unit stands after the next number; this figure is its number alone
        elif r.unit is None and r.number_text[-1:].isdigit() and norm[at:at + 1] in _JOINER_STARTS:
            # 人均居住面积分别达到14和25平方米: Arabic numbers listed before the one a unit follows are in that unit;
            # not in a unit of time, where they are dates (1、2月份, 2019和2020年).
            following = g.shared_unit.match(norm, at, at + SHARED_POINT_REACH)
            if following and _unit_at(norm, following.end(), r, g) is not None:
                r.unit_text = ""
                if _in_a_unit_of_time(r):
                    r.unit = None
    if inner and unit_end is None and not big and r.percent_prefix is None:
        inner = None  # 多 with no unit after it belongs to the next word, not to this number
        at = r.number_end
    if inner:
        r.hedge, r.approx = inner.group(), g.inside_hedges[inner.group()].approx
    if unit_end is not None and r.unit is not None and norm[unit_end:unit_end + 1] == "\n":
        unit_end = _unit_over_a_break(norm, unit_end, r, g)
    r.end = max(unit_end or at, r.number_end)
    if r.unit is not None and r.unit.surface in g.senses:
        clause = _CLAUSE_START.search(norm, max(0, r.start - SENSE_REACH), r.start)
        for sense, before in g.senses[r.unit.surface]:
            if before.search(norm, clause.end() if clause else max(0, r.start - SENSE_REACH), r.start):
                r.unit = sense
                break


def _unit_over_a_break(norm: str, end: int, r: _Reading, g: Grammar) -> int:
    """1.9 億人⏎⏎次: a unit a page's line breaks cut is the longer unit its parts spell (人次), read to its end."""
    joined = _spelled_over_a_break(norm, r.unit.surface, end, g) if r.unit is not None else None
    if joined is not None:
        r.unit, r.unit_text, end = joined[0], r.unit_text + norm[end:joined[1]], joined[1]
    return end


def _unit_cut_by_a_break(norm: str, at: int, r: _Reading, g: Grammar) -> int | None:
    """The end of a unit whose first one or two characters stand before a page's line break and the rest after it
    (萬公⏎噸 is 公噸), setting ``r.unit``; None when no unit is spelled so."""
    for size in (1, 2):
        joined = _spelled_over_a_break(norm, norm[at:at + size], at + size, g) if CJK.fullmatch(norm, at, at + size) else None
        if joined is not None:
            r.unit, r.unit_text = joined[0], norm[at:joined[1]]
            return joined[1]
    return None


BREAK_CHARS = 8  # the most characters a page's line break, with the spaces around it, takes


def _spelled_over_a_break(norm: str, before: str, at: int, g: Grammar) -> tuple[Unit, int] | None:
    """The unit ``before`` and the one or two characters after a page's line break at ``at`` spell, and where it ends.
    The break is looked for within BREAK_CHARS: the regex module looks ahead for it through all the text if none."""
    gap = _UNIT_GAP.match(norm, at, at + BREAK_CHARS) if norm[at:at + 1] in " \n" else None
    if gap is None:
        return None
    for rest in (2, 1):
        after = norm[gap.end():gap.end() + rest]
        if len(after) == rest and before + after in g.units:
            return g.units[before + after], gap.end() + rest
    return None


def _longest_unit(norm: str, at: int, g: Grammar) -> str | None:
    for size in g.unit_sizes.get(norm[at:at + 1], ()):
        surface = norm[at:at + size]
        if surface in g.units:
            return surface
    return None


def _unit_parts(norm: str, at: int, g: Grammar) -> list[tuple[str, int, int]]:
    """The unit at ``at`` as (surface, start, end) parts: 次, or 台（套）, or (场)次 — a unit in brackets joins."""
    parts = []
    first = _longest_unit(norm, at, g)
    if first:
        parts.append((first, at, at + len(first)))
        at += len(first)
        # (endpos: a pattern with a required character scans to it, and past the window, otherwise)
        wrap = _LINE_WRAP.match(norm, at, at + BREAK_CHARS) if norm[at:at + 1] in " \n" else None
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


def _across_a_wall(norm: str, at: int, r: _Reading, g: Grammar) -> int | None:
    """總量為 | 507 | 萬公噸: prose a converter poured into table cells puts a wall between a number and its
    multiplier and unit. Only a multiplier and a unit together are read across it (| 2022 | 人口 | is two cells)."""
    # The end bound matters: regex looks for the pattern's literal | through the whole rest of the text
    # before it matches, which made every number of a long text a pass over it.
    wall = _CELL_WALL.match(norm, at, at + WALL_CHARS)
    return _multiplied_unit(norm, wall.end(), r, g) if wall else None


def _multiplied_unit(norm: str, at: int, r: _Reading, g: Grammar) -> int | None:
    """The end of a multiplier and a unit at ``at``, set apart from their number by layout; the multiplier joins
    the number. None, and nothing read, without both."""
    big = g.big.match(norm, at)
    if big is None:
        return None
    unit_end = _unit_at(norm, big.end(), r, g)
    if unit_end is not None:
        r.number_text += big.group()
    return unit_end


def _open_unit(norm: str, at: int, r: _Reading, g: Grammar) -> int | None:
    """A measure word units.tsv does not list (来电300通, 80杯次): its unit as written, category ``other``.

    It must stand as a word of its own (300通过 is no figure), so the segmenter reads what follows it;
    一 before one is an article (一番, 一点) and stays a bare number.
    """
    word = norm[at:at + 1]
    if word not in g.classifiers or r.number_text == "一":
        return None
    surface = word + "次" if norm.startswith("次", at + 1) else word
    phrase = _WORD_AFTER.match(norm, at, at + 6)
    first = segmenter().words(phrase.group())[0][0] if phrase else word
    if first not in {word, surface}:
        return None
    r.unit, r.unit_text = Unit(surface, surface, "other", False, ""), surface
    r.reason = f"open measure word {surface!r}: in classifiers.txt, not in units.tsv"
    return at + len(surface)


def _counted_noun(norm: str, at: int, r: _Reading, g: Grammar) -> None:
    """378万农村人口, 1000万以上农村贫困人口: a number of 万 or 亿 with no measure word, before a noun that counts
    (counted_nouns.tsv), takes the noun's unit; the figure ends where the number does, the noun is its subject's."""
    noun = g.counted_after.match(norm, at, at + COUNTED_REACH)
    if noun is not None:
        # 670萬旅客人次: a unit of the noun's kind after it is what the number counts (not 家 of 居民家庭).
        counted = g.counted_nouns[noun["noun"]]
        after = g.units.get(_longest_unit(norm, noun.end(), g) or "")
        r.unit = after if after is not None and after.category == counted.category else counted
        r.reason = f"counted noun {noun['noun']!r} after the number"


def _in_a_unit_of_time(r: _Reading) -> bool:
    return r.unit is not None and r.unit.category in _DATED


def _unit_at(norm: str, at: int, r: _Reading, g: Grammar, classifier: str = "") -> int | None:
    """The end of the unit starting at ``at``, setting ``r.unit``; None when no unit is there."""
    parts = _unit_parts(norm, at, g)
    if not parts:
        return None
    # Drop trailing parts that need Arabic digits or that begin another word (3方面, 36项目).
    while parts:
        surface, _, end = parts[-1]
        unit = g.units[surface]
        cancelled = (end < len(norm) and unit.not_before and norm[end] in unit.not_before
                     and not norm.startswith(unit.keeps_before, end))
        if (unit.arabic_only and not any(ch.isdigit() for ch in r.number_text)) or cancelled:
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
    per = _per_unit(norm, end, g) if "/" not in unit.surface else None
    if per is not None:
        # 600元/头, 1.0439吨标准煤/万元: a unit per another is one unit, a price when money is the first.
        surface = unit.surface + "/" + per
        denominator = g.units[per].unit if per in g.units else per
        unit = Unit(surface, f"{unit.unit}/{denominator}", "price" if unit.category in MONEY else "rate", False, "")
        end += 1 + len(per)
    r.unit, r.unit_text = unit, norm[at:end]
    return end


# A multiplier a unit after a slash may carry (吨标准煤/万元).
PER_MULTIPLIERS = frozenset("十百千万亿")


def _per_unit(norm: str, at: int, g: Grammar) -> str | None:
    """The unit or measure word after a slash right after a unit (元/头, 吨标准煤/万元), as written."""
    if not norm.startswith("/", at):
        return None
    unit = _longest_unit(norm, at + 1, g)
    if unit:
        return unit
    word = norm[at + 1:at + 2]
    if word in PER_MULTIPLIERS:
        unit = _longest_unit(norm, at + 2, g)
        return word + unit if unit else None  # 吨标准煤/万元: per ten thousand yuan
    return word if word in g.classifiers else None


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
            # 三分之一的企业: a share, and one that never ends in the two places a reader writes it to (33.33);
            # one that ends stays exact (百万分之五 is 0.0005%).
            percent = value * 100
            exponent = percent.as_tuple().exponent  # no quantize: 1分之100兆 has more digits than a context holds
            repeats = isinstance(exponent, int) and exponent < _TERMINATING_EXPONENT
            r.value = percent.quantize(_PERCENT_PLACES) if repeats else percent
            r.unit = Unit("分之", "%", "percent", False, "")
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
    scale = _shared_scale(r.number_text, other.number_text, g)
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


_HOME_CURRENCIES = frozenset({"CNY", "TWD"})


def _foreign_unit(r: _Reading, g: Grammar) -> Unit | None:
    """美金 700 萬餘元: an amount in 元 of a foreign currency is in that currency's unit (700万美元); 新台币 and 人民币
    name the 元 of the documents this reads."""
    assert r.unit is not None
    if r.unit.unit != "元" or r.currency is None or r.currency in _HOME_CURRENCIES:
        return None
    return g.currency_units.get(r.currency)


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
    """累计服务人次已达 9,661 万: the unit stands before the number, which ends its clause; 贫困人口从9899万减少到
    3046万: before the change both numbers are of."""
    if not any(c.isdigit() for c in r.number_text):
        return
    reach = max(0, r.start - CHANGE_REACH)
    change = g.unit_before_a_change.search(norm, reach, r.start) if _FROM.search(norm, reach, r.start) else None
    if change is not None and (change.group().rstrip().endswith(("到", "至")) or g.changed_to.match(norm, r.end)):
        r.unit = g.units.get(change.group("unit")) or g.counted_nouns[change.group("unit")]
        r.reason = f"unit {change.group('unit')!r} named before the change"
        return
    if r.end < len(norm) and norm[r.end] not in _CLAUSE_END:
        return
    before = norm[max(0, r.start - 6):r.start].rstrip()  # 人數超過⏎⏎845 萬: a page's layout broke the sentence
    if not before or before[-1] not in g.unit_before_ends:
        return
    named = g.unit_before.search(norm, max(0, r.start - 14), r.start)
    if named:
        r.unit = g.units.get(named.group("unit")) or g.counted_nouns[named.group("unit")]
        r.reason = f"unit {named.group('unit')!r} named before the number"


def _shared_scale(first: str, second: str, g: Grammar) -> Decimal:
    """The multipliers ending the second number of a range that the first takes too: those larger
    than any of its own (三到五万 → 万, 十到二十万 → 万, 八到九百亿 → 百亿, 两到三仟 → 仟)."""
    tail = g.trailing_multipliers.search(second)
    if tail is None or tail.start() == 0:
        return Decimal(1)
    own = max((g.multipliers[c] for c in first if c in g.multipliers), default=1)
    scale = Decimal(1)
    for c in tail.group():
        if g.multipliers[c] > own:
            scale *= g.multipliers[c]
    return scale


def _looks_like_code(first: str, second: str) -> bool:
    return first.isdigit() and second.isdigit() and (len(first) >= 3 and len(second) >= 6 or first.startswith("0"))
