"""What stands around a number's digits and hedges it or signs it: 约 or 超过 before it (across a layout's spaces and
line breaks, or a table's cell wall), 以上 or 多 after its unit, a minus before it (-3.5%, 负增长2%), and the word that
stands for the missing 1 of a number of multipliers only (上万人, 过亿元)."""
from __future__ import annotations

import regex

from .patterns import Grammar, Hedge
from .quantity import _Reading

_INCLUSIVE = regex.compile(r"[(]含[)]")
_HEDGE_GAP = regex.compile(r"(?:[ \n]{1,4}|[ ]*\|[ |]*)$")
# How wide the spaces and cell walls between a hedge and its number may be: a markdown table pads its cells
# (再利⽤量約為  |          | 394.4 萬公噸).
GAP_CHARS = 40


def read_hedges(norm: str, r: _Reading, g: Grammar, floor: int = 0) -> None:
    """Hedge words right before the number (none reaching back before ``floor``) and right after the unit."""
    hedge_end = r.start
    if r.number_text[:1].isdigit() and norm[r.start - 1:r.start] in {" ", "|", "\n"}:
        # 約 687 萬戶, 總共約 | | 1,140.6 萬公噸, 人數超過⏎⏎845 萬: text laid out with spaces (or a page's line breaks)
        # around Arabic numbers, or a table with the hedge in the cell before the number.
        gap = _HEDGE_GAP.search(norm, max(floor, r.start - GAP_CHARS), r.start)
        hedge_end = gap.start() if gap else r.start
    before, positions = _unwrapped(norm, max(floor, hedge_end - HEDGE_CHARS * WRAP_FACTOR), hedge_end, HEDGE_CHARS)
    sign = None
    if r.start and norm[r.start - 1] in g.minus_ends:
        sign = next((w for w in g.minus_words if norm.startswith(w, r.start - len(w))), None)
    if sign and (len(sign) > 1 or r.start < 2 or not _joins(norm[r.start - 2], sign)):
        r.negative = True  # -3.5%, 自然增长率为-0.99‰, 负增长2%, 零下四摄氏度; not the dash of a range or a code
    implicit = r.percent_prefix is None and r.number_text[:1] in g.multipliers_only and all(c in g.multipliers_only for c in r.number_text)
    if r.approx == "exact":
        hedge = (_before_hedge(before, g) or _adverb_hedge(norm, hedge_end, g, floor)
                 or _phrase_hedge(norm, hedge_end, g, floor, r))
        if hedge is not None:
            r.approx, r.hedge = hedge.approx, hedge.word
            if implicit:
                r.start = positions[len(before) - len(hedge.word)]
        elif implicit and (one := _implicit_one(norm, r.start, g)) is not None and r.start - len(one.word) >= floor:
            r.approx, r.hedge = one.approx, one.word
            r.start -= 1  # 过亿元: the hedge stands for the missing digit and belongs to the figure
    if implicit and r.approx == "exact":
        r.kind, r.reason = "bare", "a multiplier without digits (万元 in a table header) is no figure"
    if r.approx == "range":
        return
    inclusive = _INCLUSIVE.match(norm, r.end) if norm.startswith("(", r.end) else None
    after = inclusive.end() if inclusive else r.end
    for size in g.after_hedge_sizes.get(norm[after:after + 1], ()):
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


def _before_hedge(before: str, g: Grammar) -> Hedge | None:
    """The longest hedge word ending ``before`` (the text before a number, line wraps aside), unless the character
    before it makes it another word."""
    for size in g.before_hedge_sizes.get(before[-1:], ()):
        hedge = g.before_hedges.get(before[-size:]) if size <= len(before) else None
        if hedge is None:
            continue
        previous = before[-size - 1] if size < len(before) else ""
        if previous and previous in hedge.not_after:
            continue
        return hedge
    return None


# The longest hedge word written before a number, and the character before it.
HEDGE_CHARS = 6
# A PDF's text may wrap a line inside a hedge word (每月繳費不⏎⏎超過 3,000 元): how many characters of the text may stand
# for one of the word.
WRAP_FACTOR = 3


def _unwrapped(norm: str, floor: int, end: int, chars: int) -> tuple[str, list[int]]:
    """The last ``chars`` characters before ``end`` (none before ``floor``) without line breaks, with their offsets."""
    positions = [i for i in range(floor, end) if norm[i] != "\n"][-chars:]
    return "".join(norm[i] for i in positions), positions


# The longest verb an adverb of a floor or a cap reaches over to its number (至少建成1个, 最高可补助200万元).
ADVERB_VERB_CHARS = 3
_VERB_BEFORE = regex.compile(rf"\p{{Han}}{{1,{ADVERB_VERB_CHARS}}}$")


def _adverb_hedge(norm: str, ends_at: int, g: Grammar, floor: int) -> Hedge | None:
    """每个县至少建成1个, 资费至少降低30%: an adverb of a floor or a cap (hedges.tsv adverb) before the verb right before
    the number."""
    verb = _VERB_BEFORE.search(norm, max(floor, ends_at - ADVERB_VERB_CHARS), ends_at) if g.adverb_hedges else None
    if verb is None or any(c in g.multipliers or c == "的" for c in verb.group()):
        return None
    for start in range(verb.start(), ends_at):
        hedge = next((h for w, h in g.adverb_hedges.items() if norm.startswith(w, start - len(w)) and start - len(w) >= floor), None)
        if hedge is not None:
            return hedge
    return None


# The longest phrase a hedge reaches over to its number: the whole a share names (占全省规模以上工业增加值的), or the level
# a figure is a multiple or a part of (不低于当地最低生活保障标准的1.6倍).
PHRASE_CHARS = 20
_SHARE_OF = regex.compile(rf"占(?![地用])[^0-9，,。；;：:！？!?、]{{0,{PHRASE_CHARS}}}")
_LEVEL_OF = regex.compile(rf"[^0-9，,。；;：:！？!?、的]{{1,{PHRASE_CHARS}}}的")
_BARE_LEVEL_OF = regex.compile(rf"[^0-9，,。；;：:！？!?、的]{{1,{PHRASE_CHARS}}}")


def _phrase_hedge(norm: str, ends_at: int, g: Grammar, floor: int, r: _Reading) -> Hedge | None:
    """约占全省总量的30% (hedges.tsv share), 不低于当地最低生活保障标准的1.6倍 and 不超过总额的5% (hedges.tsv of): a hedge
    before the phrase that names what the figure is a share or a multiple of."""
    # Each phrase has a character it cannot be without (占 in it, 的 at its end): most numbers are passed over at once.
    share = r.unit is not None and r.unit.unit == "%" and norm.find("占", max(floor, ends_at - PHRASE_CHARS - 1), ends_at) != -1
    # 不超過總經費 50%: a percentage of a level needs no 的 after it.
    percent = r.unit is not None and r.unit.unit == "%"
    of = ends_at > floor and (norm[ends_at - 1] == "的" or percent)
    level = _LEVEL_OF if norm[ends_at - 1] == "的" else _BARE_LEVEL_OF
    for hedges, phrase in ((g.share_hedges if share else {}, _SHARE_OF), (g.of_hedges if of else {}, level)):
        for word, hedge in hedges.items():
            at = norm.rfind(word, max(floor, ends_at - PHRASE_CHARS - len(word) - 1), ends_at)
            if at != -1 and phrase.fullmatch(norm, at + len(word), ends_at) and not (at and norm[at - 1] in hedge.not_after):
                return hedge
    return None


def _joins(before: str, sign: str) -> bool:
    """Whether a one-character sign belongs to what stands before it rather than to the number: a dash after a digit,
    a Latin letter or a dash joins them (3-5, A-3), a 负 after a word is part of it (税负, 减负); a dash after a
    Chinese word is a sign (为-0.99‰)."""
    if sign.isalpha():
        return before.isalnum() or before in "-—~"
    return before.isdigit() or (before.isascii() and before.isalpha()) or before in "-—~"
