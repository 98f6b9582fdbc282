"""The grammar of numeric expressions, built once from the lexicons: units, hedges, non-figure rules,
unit senses and the number pattern, so that changing what the tool reads needs no code."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from ..errors import LexiconError
from ..lexicon import Row, alternation, bundled, choice, cues, on_reload
from ..normalize import normalize
from ..numerals import numeral_chars

APPROX = frozenset({"exact", "more_than", "at_least", "less_than", "at_most", "about", "range"})
HEDGE_POSITIONS = frozenset({"before", "inside", "after", "implicit", "adverb", "share", "of"})
CURRENCY_ROLES = frozenset({"currency", "place"})
# Categories of units that are amounts of money, or prices in money.
MONEY = frozenset({"currency", "price"})
NONFIGURE_KINDS = frozenset({
    "name", "qualifier", "date", "year", "period", "list_marker", "ordinal", "rank", "code", "document_number", "vague",
})
PERCENT_PREFIXES = {"百分之": "%", "千分之": "‰"}


@dataclass(frozen=True)
class Unit:
    surface: str
    unit: str
    category: str
    arabic_only: bool
    not_before: str
    # Words that begin with a not_before character and still follow the unit (30项目标任务: 项, then 目标).
    keeps_before: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hedge:
    word: str
    position: str
    approx: str
    not_after: str


class Grammar:
    """The patterns built once from the lexicons."""

    def __init__(self) -> None:
        self.units = _load_units()
        self.hedges = _load_hedges()
        self.names, self.context_rules = _load_nonfigures()
        # Where a listed name may begin, found in one pass (overlapped: every place one begins), then the names of
        # that first character tried there: not one search of the whole text per name.
        self.name_start = regex.compile(alternation([name for name, _ in self.names]))
        self.names_by_first: dict[str, list[tuple[str, str]]] = {}
        for name, kind in self.names:
            self.names_by_first.setdefault(name[0], []).append((name, kind))
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
        arabic = r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
        chinese = (
            f"|[{plain}]" + "".join(f"|{regex.escape(c)}{g}" for c, g in guarded.items())
            + f"|(?<=[{plain}千百])[点](?=[{digit_class}])"
        )
        atom = arabic + chinese
        # Spaces and line breaks are part of a number only beside 万/亿: 1 亿 8,245 万 3,762;
        # 1 萬 8 千名: so are spaces before 千 and 百 that follow a 万 or 亿, or that a 万 or 亿 follows (5 千⏎⏎億美元),
        # and before a 千 of thousands, not of a unit (2 千餘人次; 2 千瓦 is 2 of 千瓦).
        join = (r"[ \t\n]{1,3}(?=[万亿兆])|(?<=[万亿兆])[ \t\n]{1,3}(?=[0-9])"
                r"|(?<=[万亿兆][ \t]{0,3}[0-9]{1,4})[ \t]{1,3}(?=[千百])"
                r"|(?<=[0-9])[ \t]{1,3}(?=[千百][ \t\n]{0,3}[万亿兆])"
                r"|(?<=[0-9])[ \t]{1,3}(?=千(?![瓦克米卡伏帕字焦兆]))")
        # 1.17万亿640个: digits never go on after a decimal's multiplier (1亿8245万 does; 1.17万亿 is whole, and 640个
        # is a number of its own).
        going_on = rf"(?<!\.[0-9]{{1,8}}[万亿兆]{{1,2}})(?:{arabic})" + chinese
        self.number = regex.compile(f"(?:{atom})(?:{going_on}|{join})*")
        # The characters a number can begin with (those its atoms begin with): a plain character class, which
        # the standard engine finds between numbers several times faster than the number pattern itself.
        self.number_start = re.compile("[0-9" + re.escape(chars.all_numeric() + "点") + "]")
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
        # Most numbers have no unit after them: a unit is looked for only in the lengths its first character begins.
        self.unit_sizes = _sizes_by_end(self.units, 0)
        self.senses = _load_senses(self.units)
        inside = sorted((h.word for h in self.hedges if h.position == "inside"), key=len, reverse=True)
        # Sign words before a number, longest first (零下 before 下…); their normalized forms.
        self.minus_words = sorted({normalize(w) for w in chars.minus}, key=len, reverse=True)
        self.minus_ends = frozenset(w[-1] for w in self.minus_words)
        self.inner = regex.compile("|".join(regex.escape(w) for w in inside) or "(?!)")
        # What an inner hedge and a multiplier after a number begin with: most numbers are followed by neither,
        # and a character looked up in a set is cheaper than a pattern tried.
        self.inner_starts = frozenset(w[0] for w in inside)
        self.inside_hedges = {h.word: h for h in self.hedges if h.position == "inside"}
        self.big = regex.compile(r"[万亿]+|[千百](?=万|亿)[万亿]*")
        self.big_starts = frozenset("万亿千百")
        cue = cues().patterns
        self.range_sep = regex.compile(rf"[ ]?(?:{cue['range_sep'].pattern})[ ]?")
        self.after_hedges = {h.word: h for h in self.hedges if h.position == "after"}
        self.implicit_hedges = [h for h in self.hedges if h.position == "implicit"]
        self.adverb_hedges = {h.word: h for h in self.hedges if h.position == "adverb"}
        self.share_hedges = {h.word: h for h in self.hedges if h.position == "share"}
        self.of_hedges = {h.word: h for h in self.hedges if h.position == "of"}
        self.before_hedges = {h.word: h for h in self.hedges if h.position == "before"}
        self.after_hedge_sizes = _sizes_by_end(self.after_hedges, 0)
        self.before_hedge_sizes = _sizes_by_end(self.before_hedges, -1)
        self.cheng = regex.compile(rf"成(?!{cue['cheng_word'].pattern})")
        # What each multiplier multiplies by (十 10 … 亿 10⁸), from numerals.tsv; those of 百 and up need a
        # hedge to stand without digits (过亿元, 上万人, 百余人).
        self.multipliers = {**chars.units, **chars.bigs}
        self.multipliers_only = frozenset(c for c, v in self.multipliers.items() if v >= 100)
        self.trailing_multipliers = regex.compile("[" + regex.escape("".join(self.multipliers)) + "]+$")
        self.classifiers = frozenset(row.fields[0] for row in bundled("classifiers.txt", 1)) - set(self.units)
        self.currencies = {row.fields[0]: row.fields[1] for row in bundled("currencies.tsv", 3)
                           if choice(row, 2, CURRENCY_ROLES) == "currency"}
        # Each currency's own unit, the first of its names units.tsv knows (USD: 美元): an amount a text writes in 元 of
        # another currency (美金 700 萬餘元, 三万元欧元) is in it.
        self.currency_units: dict[str, Unit] = {}
        for word, code in self.currencies.items():
            if word in self.units and self.units[word].unit != "元":
                self.currency_units.setdefault(code, self.units[word])
        self.counted_nouns, self.counted_after = _counted_nouns(self.hedges)
        self.unit_before = _unit_before(self.units, self.counted_nouns, self.hedges, self.currencies)
        self.unit_before_a_change, self.changed_to = _unit_before_a_change(self.units, self.counted_nouns, self.number)
        # The last characters of what may stand right before a number whose unit is named before it.
        self.unit_before_ends = frozenset(
            [row.fields[0][-1] for row in bundled("phrase_words.tsv", 2) if row.fields[1] == "link"]
            + [h.word[-1] for h in self.hedges if h.position == "before"]
            + [w[-1] for w in self.currencies] + [w[-1] for w in self.counted_nouns] + ["：", ":"])
        words = "|".join(regex.escape(w) for w in sorted(self.currencies, key=len, reverse=True))
        hedges = "|".join(regex.escape(h.word) for h in self.hedges if h.position == "before")
        self.currency_after = regex.compile(words)
        self.currency_before = regex.compile(rf"(?P<word>{words})[ ]?(?:{hedges})?[ ]?$")
        # 高于全国和全省7个和5个百分点: one 百分点 after a list is the unit of every number in it.
        self.shared_point = regex.compile(
            rf"个?(?:(?:[、和与及]|以及)(?:{self.number.pattern})个?)*?(?:[、和与及]|以及)(?:{self.number.pattern})个?百分点")
        # 1409万、1305万人次: the next number of a list, also in 万 or 亿, whose unit the bare one shares.
        self.shared_big = regex.compile(rf"(?:[、和与及]|以及)(?:{self.number.pattern})(?<=[万亿])")
        # 14和25平方米, 3、5、8亿元: Arabic numbers listed up to the one a unit follows.
        self.shared_unit = regex.compile(r"(?:(?:[、和与及]|以及)[0-9]+(?:\.[0-9]+)?)+(?![0-9.])")


@cache
def grammar() -> Grammar:
    return Grammar()


on_reload(grammar)


def _sizes_by_end(words: dict[str, Any], end: int) -> dict[str, tuple[int, ...]]:
    """Per first (``end`` 0) or last (-1) character, the lengths of the words it begins or ends, longest first."""
    sizes: dict[str, set[int]] = {}
    for word in words:
        sizes.setdefault(word[end], set()).add(len(word))
    return {ch: tuple(sorted(lengths, reverse=True)) for ch, lengths in sizes.items()}


def _unit_before(units: dict[str, Unit], nouns: dict[str, Unit], hedges: tuple[Hedge, ...],
                 currencies: dict[str, str]) -> Any:
    """使用人次达 2,539 万, 参保人数达12万, 搬迁人口超过240万: a unit of persons or things (or a noun that counts
    them) named before the number, with 数 after a one-character one, then a linking verb or a hedge, and the
    number alone after them; or a currency right before it (人民币3.14)."""
    links = [row.fields[0] for row in bundled("phrase_words.tsv", 2) if row.fields[1] == "link"]
    links += [h.word for h in hedges if h.position == "before"]
    link = alternation(list(set(links)))
    money = alternation([w for w in currencies if w in units])
    # A linking verb may end a line that a page's layout broke (人數超過⏎⏎845 萬). A noun that counts may also touch its
    # number (减少农村贫困人口1000万以上), on the same line: a table's row label (总人口⏎281.7) leaves the unit to the
    # table's header (万人).
    return regex.compile(
        rf"{_named_unit(units, nouns)}(?:已|共|总|累计)?(?:(?:{link})[ \n]{{0,4}}|[：:][ ]?)$"
        rf"|(?P<unit>{money})[ ]?$|(?P<unit>{alternation(list(nouns))})\Z")


def _unit_before_a_change(units: dict[str, Unit], nouns: dict[str, Unit], number: regex.Pattern[str]) -> tuple[Any, Any]:
    """农村贫困人口从9899万减少到3046万, 出境旅游人次由8300万增加到1亿3千多万, 就医人次从疫情前的0.2万增至173.1万:
    a unit of persons or things (or a noun that counts them) named before 由 or 从, the unit of both numbers of the
    change; the pattern ending where the first number or the second begins, and the pattern of what must follow the
    first (减少到3046万)."""
    # The words of change of measures.tsv (增加, 减少到): the verb between the two numbers.
    verbs = alternation(row.fields[0] for row in bundled("measures.tsv", 3, 4) if row.fields[1] == "growth")
    to = rf"[ ]?(?:{verbs})?(?:到|至)[ ]?"
    # 就医人次从疫情前的0.2万: a short word of when between 从 and the first number.
    before = rf"{_named_unit(units, nouns)}(?:由|从)[^0-9，,。；;、]{{0,6}}?[ ]?(?:(?:{number.pattern})(?:多|余)?{to})?$"
    return regex.compile(before), regex.compile(rf"(?:多|余)?{to}(?:{number.pattern})")


def _named_unit(units: dict[str, Unit], nouns: dict[str, Unit]) -> str:
    """A unit of persons or things, or a noun that counts them, as named before a number: 人次, 参保人数 (数 after a
    one-character unit), 贫困人口; its group ``unit``."""
    counted = [u.surface for u in units.values() if u.category in {"person", "count"} and not u.arabic_only] + list(nouns)
    long = alternation([u for u in counted if len(u) > 1])
    short = alternation([u for u in counted if len(u) == 1])
    return rf"(?:(?P<unit>{long})(?:数|数量)?|(?P<unit>{short})(?:数|数量))"


def _counted_nouns(hedges: tuple[Hedge, ...]) -> tuple[dict[str, Unit], Any]:
    """The nouns of counted_nouns.tsv as units, and the pattern of one after a number: its hedge (以上),
    modifiers (农村, 贫困), then the noun (1000万以上农村贫困人口)."""
    heads: dict[str, Unit] = {}
    modifiers = []
    for row in bundled("counted_nouns.tsv", 2, 4):
        word, role = row.fields[0], choice(row, 1, frozenset({"head", "modifier"}))
        if role == "modifier":
            modifiers.append(word)
        elif len(row.fields) < 4:
            raise LexiconError(f"{row.where()}: a head names its unit and category")
        else:
            heads[word] = Unit(word, row.fields[2], row.fields[3], False, "")
    after = alternation([h.word for h in hedges if h.position == "after"])
    # A space a layout put after the number (还有187万 农村人口) parts nothing; a tab is a cell wall.
    pattern = regex.compile(rf"[ 　]?(?:{after})?(?:{alternation(modifiers)})*(?P<noun>{alternation(list(heads))})")
    return heads, pattern




def _load_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for row in bundled("units.tsv", 3, 6):
        surface, unit, category = row.fields[:3]
        needs = row.fields[3] if len(row.fields) > 3 else ""
        if needs not in {"", "arabic"}:
            raise LexiconError(f"{row.where()}: needs must be empty or 'arabic', not {needs!r}")
        if surface in units:
            raise LexiconError(f"{row.where()}: {surface!r} is listed twice")
        not_before = row.fields[4] if len(row.fields) > 4 else ""
        keeps = tuple(word for word in row.fields[5].split("|") if word) if len(row.fields) > 5 else ()
        units[surface] = Unit(surface, unit, category, needs == "arabic", not_before, keeps)
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


# What may follow an expression that ends its clause (the end of the text too).
_CLAUSE_END = frozenset("，,。；;：:、！？!?\n)）") | {""}
