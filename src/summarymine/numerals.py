"""Reading numerals: Arabic, Chinese (小写 and 大写), and the two mixed.

``parse_number`` returns the mathematical value of a numeral as a ``Decimal``
(never a float): ``1.4亿`` → 140000000, ``三万五`` → 35000, ``百分之十五点三``
→ 0.153, ``三分之一`` and ``1/3`` → 1/3, ``三又三分之一`` → 10/3, ``三成`` → 0.3.
Either part of a fraction may carry a sign (``百分之负三点八`` → -0.038,
``负3分之负157`` → 157/3); the Cantonese fraction without 之 reads as one
(``四分一`` → 1/4, ``十份十一`` → 11/10); the English mixed number is a whole
number and a fraction (``1 3/5`` → 1.6, as ``1又3/5``); Arabic scientific
notation reads exactly (``2.789e-1`` → 0.2789).
Units and hedges are not its business (``quantities`` reads those); anything
that is not a numeral raises ``NumeralError``, a ``ValueError``, saying what
was wrong.

The characters and their roles come from ``lexicons/numerals.tsv``.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import cache, cached_property

import regex

from .errors import NumeralError
from .lexicon import bundled, choice, on_reload
from .normalize import width_only

ROLES = frozenset({"digit", "unit", "big", "tens", "point", "minus", "invisible", "group"})
_CODE_POINT = regex.compile(r"U\+([0-9A-Fa-f]{4,6})")


@dataclass(frozen=True)
class NumeralChars:
    digits: dict[str, int]
    units: dict[str, int]
    bigs: dict[str, int]
    tens: dict[str, int]
    points: frozenset[str]
    minus: frozenset[str]
    invisible: frozenset[str]
    groups: frozenset[str]

    def all_numeric(self) -> str:
        return "".join([*self.digits, *self.units, *self.bigs, *self.tens])

    @cached_property
    def read_through(self) -> dict[int, None]:
        """A ``str.translate`` table that drops the characters a number is read through."""
        return dict.fromkeys(map(ord, self.invisible | self.groups))


@cache
def numeral_chars() -> NumeralChars:
    tables: dict[str, dict[str, int]] = {role: {} for role in ROLES}
    for row in bundled("numerals.tsv", 2, 3):
        role = choice(row, 1, ROLES)
        code_point = _CODE_POINT.fullmatch(row.fields[0])
        char = chr(int(code_point[1], 16)) if code_point else row.fields[0]
        if len(char) != 1 and role != "minus":
            raise NumeralError(f"{row.where()}: {char!r} is not one character (only a sign may be a word: 零下)")
        if role in {"point", "minus", "invisible", "group"}:
            tables[role][char] = 0
            continue
        if len(row.fields) < 3 or not row.fields[2].isdigit():
            raise NumeralError(f"{row.where()}: role {role} needs a whole-number value")
        tables[role][char] = int(row.fields[2])
    return NumeralChars(
        digits=tables["digit"], units=tables["unit"], bigs=tables["big"], tens=tables["tens"],
        points=frozenset(tables["point"]), minus=frozenset(tables["minus"]),
        invisible=frozenset(tables["invisible"]), groups=frozenset(tables["group"]),
    )


on_reload(numeral_chars)


# How many values of numerals other than plain Arabic are remembered.
READ_VALUES = 4096
_ARABIC = regex.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_PLAIN = regex.compile(r"[0-9]{1,40}(?:\.[0-9]{1,40})?")
_SPACES = regex.compile(r"[\s\u3000]+")
_FRACTION = regex.compile(r"^(?P<den>.*?)分之(?P<num>.+)$")
# Cantonese drops the 之: 四分一 (1/4), 十份十一 (11/10); both parts must be numerals, so 十分 stays 'very'.
_CANTONESE_FRACTION = regex.compile(r"^(?P<den>[^分份之]+)[分份](?P<num>[^分份之]+)$")
_SCIENTIFIC = regex.compile(r"^(?P<mantissa>[0-9]+(?:\.[0-9]+)?)[eE](?P<exponent>[-+]?[0-9]{1,3})$")
_SLASH = regex.compile(r"^(?P<num>[^/]+)/(?P<den>[^/]+)$")
_MIXED = regex.compile(r"^(?P<whole>[^又]+)又(?P<part>[^又]+)$")
_SPACED_DIGITS = regex.compile(r"[0-9][\s\u3000]+[0-9]")
# The English mixed number: a whole number, one run of spaces, a slash fraction (1 3/5 = 1 + 3/5).
_SPACED_MIXED = regex.compile(r"^[\s\u3000]*(?P<sign>[-−]?)(?P<whole>[0-9]+)[ \t\u3000]+"
                              r"(?P<part>[0-9]+[ \t\u3000]*/[ \t\u3000]*[0-9]+)[\s\u3000]*$")
_TENTHS = regex.compile(r"^(?P<whole>.+?)成(?P<part>.?)$")


@cache
def _read_values() -> dict[str, Decimal]:
    """The values of the numerals read so far that are not plain Arabic (一, 三, 十四五, 1,200 recur in every report)."""
    return {}


on_reload(_read_values)


def parse_number(text: str) -> Decimal:
    """The value of a numeral. Raises ``NumeralError`` when ``text`` is not one."""
    if not isinstance(text, str):
        raise NumeralError(f"expected a string, got {type(text).__name__}")
    if _PLAIN.fullmatch(text):  # most numerals in documents are plain Arabic: no need to tokenize them
        return Decimal(text)
    values = _read_values()
    value = values.get(text)
    if value is None:
        value = _parse_numeral(text)
        if len(values) >= READ_VALUES:  # a text of ever new numerals must not grow it without end
            values.clear()
        values[text] = value
    return value


def _parse_numeral(text: str) -> Decimal:
    chars = numeral_chars()
    s = _SPACES.sub("", width_only(text)).translate(chars.read_through).replace("，", ",")
    if not s:
        raise NumeralError("empty string is not a numeral")
    sign = Decimal(1)
    if s[0] in chars.minus:
        sign, s = Decimal(-1), s[1:]
        if not s:
            raise NumeralError(f"{text!r}: a sign without a number")
    scientific = _SCIENTIFIC.match(s.replace("−", "-"))
    if scientific:  # 2.7890e-1: exact, never through a float
        return sign * Decimal(scientific["mantissa"]).scaleb(int(scientific["exponent"]))
    if "/" in s and _SPACED_DIGITS.search(width_only(text)):
        spaced = _SPACED_MIXED.match(width_only(text))
        if spaced is None:
            raise NumeralError(f"{text!r}: digits split by spaces around a fraction bar; write 1又3/5")
        whole = Decimal(spaced["whole"]) + (_fraction(_SPACES.sub("", spaced["part"]), text) or Decimal(0))
        return -whole if spaced["sign"] else whole
    if "又" in s:  # a mixed number: 三又三分之一, 3又1/3
        mixed = _MIXED.match(s)
        part = _fraction(mixed["part"], text) if mixed else None
        if mixed is None or part is None:
            raise NumeralError(f"{text!r}: 又 must join a whole number and a fraction (三又三分之一)")
        return sign * (_parse_plain(mixed["whole"], text) + part)
    fraction = _fraction(s, text)
    if fraction is not None:
        return sign * fraction
    tenths = _TENTHS.match(s)
    if tenths and tenths["whole"] and all(c in chars.digits or c == "十" for c in tenths["whole"]):
        whole = _parse_plain(tenths["whole"], text)
        part = _parse_plain(tenths["part"], text) if tenths["part"] else Decimal(0)
        return sign * (whole / 10 + part / 100)
    return sign * _parse_plain(s, text)


def _fraction(s: str, original: str) -> Decimal | None:
    """The value of 三分之一 or 1/3; None when ``s`` is not written as a fraction."""
    chinese = _FRACTION.match(s) or _cantonese_fraction(s)
    slash = _SLASH.match(s) if "/" in s else None
    if chinese:
        denominator = _parse_signed(chinese["den"] or "一", original)
        numerator = _parse_signed(chinese["num"], original)
    elif slash:
        numerator = _parse_signed(slash["num"], original)
        denominator = _parse_signed(slash["den"], original)
    elif "/" in s:
        raise NumeralError(f"{original!r}: a fraction bar needs one number on each side")
    else:
        return None
    if denominator == 0:
        raise NumeralError(f"{original!r}: denominator is zero")
    with localcontext() as ctx:
        ctx.prec = 28
        return numerator / denominator


def _cantonese_fraction(s: str) -> regex.Match[str] | None:
    """四分一, 十份十一: a fraction without 之, only when both sides are numerals."""
    match = _CANTONESE_FRACTION.match(s)
    if match is None:
        return None
    for part in (match["den"], match["num"]):
        try:
            _parse_signed(part, s)
        except NumeralError:
            return None
    return match


def _parse_signed(s: str, original: str) -> Decimal:
    """One part of a fraction, which may carry its own sign: 负3分之负157, 百分之负三点八."""
    if s and s[0] in numeral_chars().minus:
        if len(s) == 1:
            raise NumeralError(f"{original!r}: a sign without a number")
        return -_parse_plain(s[1:], original)
    return _parse_plain(s, original)


def _tokens(s: str, original: str) -> list[tuple[str, Decimal | str]]:
    chars = numeral_chars()
    tokens: list[tuple[str, Decimal | str]] = []
    i = 0
    while i < len(s):
        arabic = _ARABIC.match(s, i)
        if arabic:
            tokens.append(("arabic", Decimal(arabic.group().replace(",", ""))))
            i = arabic.end()
            continue
        ch = s[i]
        if ch in chars.digits:
            tokens.append(("digit", Decimal(chars.digits[ch])))
        elif ch in chars.units:
            tokens.append(("unit", Decimal(chars.units[ch])))
        elif ch in chars.bigs:
            tokens.append(("big", Decimal(chars.bigs[ch])))
        elif ch in chars.tens:
            tokens.append(("tens", Decimal(chars.tens[ch])))
        elif ch in chars.points:
            tokens.append(("point", ch))
        else:
            raise NumeralError(f"{original!r}: {ch!r} at position {i} is not part of a numeral")
        i += 1
    return tokens


def _parse_plain(s: str, original: str) -> Decimal:
    tokens = _tokens(s, original)
    if not tokens:
        raise NumeralError(f"{original!r}: no digits")
    kinds = [k for k, _ in tokens]
    if kinds.count("point") > 1:
        raise NumeralError(f"{original!r}: more than one decimal point")
    if kinds[0] == "point" or kinds[-1] == "point":
        raise NumeralError(f"{original!r}: a decimal point needs digits on both sides")
    if "point" in kinds:
        at = kinds.index("point")
        before, after = tokens[:at], tokens[at + 1:]
        multiplier = Decimal(1)
        while after and after[-1][0] == "big":  # 一点四万亿: the multipliers apply to the whole decimal
            multiplier *= after.pop()[1]  # type: ignore[operator]
        arabic_run = len(after) == 1 and after[0][0] == "arabic" and "." not in str(after[0][1])
        if not after or not (arabic_run or all(k == "digit" for k, _ in after)):
            raise NumeralError(f"{original!r}: only digits may follow the decimal point")
        fraction_text = "".join(str(int(v)) if k == "digit" else str(v) for k, v in after)
        whole = _evaluate(before, original) if before else Decimal(0)
        return (whole + Decimal("0." + fraction_text)) * multiplier
    return _evaluate(tokens, original)


def _evaluate(tokens: list[tuple[str, Decimal | str]], original: str) -> Decimal:
    kinds = [k for k, _ in tokens]
    # A run of digits without multipliers is read digit by digit (一九九八, 二〇一三).
    if len(tokens) > 1 and all(k == "digit" for k in kinds):
        return Decimal("".join(str(int(v)) for _, v in tokens))
    total = Decimal(0)          # finished big sections (亿, 万)
    section = Decimal(0)        # the section under construction
    pending: Decimal | None = None
    last_unit: Decimal | None = None   # the last 十/百/千 in this section
    last_big: Decimal | None = None    # the smallest 万/亿 applied so far
    multiplier = Decimal(1)            # the last multiplier seen
    previous = ""                      # the kind of the previous token, 零 counted as "zero"
    abbreviated_by: Decimal | None = None  # the multiplier a lone digit right after it abbreviates
    for kind, value in tokens:
        assert isinstance(value, Decimal)
        if kind in {"digit", "arabic"}:
            if kind == "digit" and value == 0:
                if pending is not None and pending != 0:
                    raise NumeralError(f"{original!r}: 零 after a digit")
                previous = "zero"
                continue
            if pending is not None:
                raise NumeralError(f"{original!r}: two numbers side by side")
            pending = value
            abbreviated_by = multiplier if kind == "digit" and previous in {"unit", "big"} else None
            previous = kind
        elif kind == "tens":
            if pending is not None:
                raise NumeralError(f"{original!r}: a digit before {value}")
            section += value
            last_unit = multiplier = Decimal(10)
            previous = "unit"
        elif kind == "unit":
            if last_unit is not None and value >= last_unit:
                raise NumeralError(f"{original!r}: {value} cannot follow {last_unit} in one section")
            section += (pending if pending is not None else Decimal(1)) * value
            pending, last_unit, previous, multiplier = None, value, "unit", value
        else:  # big: 万, 亿; a larger one after a smaller one multiplies everything so far (万亿)
            if previous == "big":
                total *= value  # 亿亿, 万亿: consecutive multipliers compound
                last_big = multiplier = max(value, last_big or value)
                continue
            if pending is not None:
                # 百二万 abbreviates (120万); 一亿四万 does not: the 四 belongs to the 万, not to the 亿.
                below = abbreviated_by if abbreviated_by is not None and abbreviated_by < value else None
                section += _abbreviated(pending, below)
            elif section == 0:
                if previous != "":
                    raise NumeralError(f"{original!r}: nothing to multiply by {value}")
                section = Decimal(1)  # 亿 alone is one 亿; callers decide whether that is a figure
            if last_big is None or value > last_big:
                total = (total + section) * value
            else:
                total += section * value
            last_big = multiplier = value
            section, pending, last_unit, previous = Decimal(0), None, None, "big"
    if pending is not None:
        section += _abbreviated(pending, abbreviated_by)
    return total + section


def _abbreviated(digit: Decimal, multiplier: Decimal | None) -> Decimal:
    """Colloquial abbreviation: a lone digit right after 百/千/万/亿 counts in the next lower place (三万五, 一百二)."""
    if multiplier is not None and multiplier >= 100:
        return digit * multiplier / 10
    return digit
