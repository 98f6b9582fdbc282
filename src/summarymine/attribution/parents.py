"""Which figure is a part of which (其中, breakdown openers, totals with 共计, brackets), so that parts
can be checked against their totals; and the subjects 分别 hands out to the figures after it."""
from __future__ import annotations

import bisect
from decimal import Decimal

import regex

from ..keys import indicator_phrase
from ..lexicon import cues
from ..quantities import Quantity
from ..segmentation import segmenter
from .context import Context, Reading, _Draft
from .status import STATUS_REACH
from .subject import MAX_SUBJECT_CHARS, _left_phrase
from .vocab import Vocabulary, vocabulary

# A breakdown opener (分季节看，) looks this many sentences back for its total.
BREAKDOWN_SENTENCES = 2
# Parts after 共计 add up to their total, give or take the rounding of each part.
TOTAL_SLACK = Decimal("1.01")
# Parts before a total must add up to it, but for the rounding of each (7.1 + 2.9 = 10.1 against 10.0).
SUM_ROUNDING = Decimal("0.005")
# The least of a breakdown's phrase (规模以上工业重点行业中) that names what its total's sentence names (规模以上工业).
NAMED_CHARS = 4
# A clause that has no more than this before its 分别 (月人均分别提高…) names none of the figures after it.
OWN_NAME_CHARS = 3
# A total's parts follow it closely: a 其中 looks back over at most this many figures for its total.
MAX_PARTS = 40


def _read_parents(ctx: Context, drafts: list[_Draft], vocab: Vocabulary) -> None:
    """Parts point to their total: 36项，其中省级3项、农业1项、市级32项 (or 包括, 包含); 中小学58所（高中3所、初中12所）.

    Only levels have parts (其中…增长7.1% is no part of a growth rate). A 其中 inside a sentence
    reaches to its semicolon; one that opens a sentence (。其中，第一产业…；第二产业…) reaches over
    semicolons to the full stop, and back into the sentence before it for the total.
    """
    norm = ctx.norm
    for i, d in enumerate(drafts):
        q = d.quantity
        if d.measure != "amount" or q.value is None:
            continue
        bracketed = _bracketed_total(norm, drafts, i)
        if bracketed is not None:
            d.parent = bracketed
            continue
        stop = ctx.full_sentence(q.start)[0]
        opener = _PARTS_OPENER.search(norm, max(stop, q.start - STATUS_REACH), q.start)
        if opener is None:
            continue
        marker = opener.start()
        opens = not norm[stop:marker].strip(" ，,")
        if not opens and any(ch in norm[marker:q.start] for ch in "；;"):
            continue
        reach = ctx.full_sentence(stop - 1)[0] if opens and stop else stop
        for j in range(i - 1, max(i - MAX_PARTS, -1), -1):
            total = drafts[j]
            t = total.quantity
            if t.end > marker:
                continue
            if t.start < reach:
                break
            if total.measure == "amount" and _same_kind(t.unit, q.unit) and t.value is not None and abs(q.value) <= abs(t.value):
                d.parent = j
                break
    _breakdowns(ctx, drafts)
    _totals(ctx, drafts, vocab)
    _totals_after(ctx, drafts, vocab)
    _sums(ctx, drafts)
    _shares_of_a_whole(ctx.norm, drafts)
    _listed_parts(ctx, drafts)


def _breakdowns(ctx: Context, drafts: list[_Draft]) -> None:
    """分季节看，夏粮82.15万吨…；秋粮104.17万吨…: levels after an opener are parts of the total before it."""
    norm = ctx.norm
    starts = [d.quantity.start for d in drafts]
    for opened, opener_end in ctx.openers:
        first = bisect.bisect_left(starts, opener_end)
        part = next((k for k in range(first, min(first + 4, len(drafts))) if drafts[k].measure == "amount"), None)
        if part is None:
            continue
        chain = _totals_before(ctx, drafts, drafts[part], first - 1, opened)
        if not chain:
            continue
        body = norm[opened:opener_end - 1].rstrip()
        if body.endswith("中"):
            # 民生支出中，…: the total the phrase names; 18个国考、省考断面中，…: the one in it;
            # 在推进过程中，… opens no breakdown.
            named = [j for j in chain if drafts[j].quantity.start >= opened or _names(norm, drafts[j], body[:-1].lstrip("在"))]
            if not named:
                continue
            total = named[0]
        else:
            total = _named_by(norm, drafts, chain, body)
        end = ctx.full_sentence(opener_end)[1]
        for k in range(first, len(drafts)):
            d = drafts[k]
            if d.quantity.start >= end:
                break
            if d.parent is None and d.status != "requirement" and _fits_in(drafts[total], d) and not _averages(norm, drafts[total], d):
                d.parent = total


def _named_by(norm: str, drafts: list[_Draft], chain: list[int], body: str) -> int:
    """The total of ``chain`` a breakdown opener names most of (从主要税种收入看 after 公共财政收入…其中税收收入34.1亿元:
    the taxes are parts of 税收收入, not of all revenue); the widest total unless another names more of it."""
    wanted = set(regex.sub(r"^(?:从|分|按)|看$|主要|\P{Han}", "", body))
    shared = [len(wanted & set(norm[s[0]:s[1]])) if (s := drafts[j].subject) else 0 for j in chain]
    best = max(shared)
    # One character in common (非 of 从公有与非公有看 and 非油经济) names nothing.
    return chain[shared.index(best)] if best >= NAMED_BY_CHARS and best > shared[-1] else chain[-1]


NAMED_BY_CHARS = 2


def _totals_before(ctx: Context, drafts: list[_Draft], part: _Draft, i: int, at: int) -> list[int]:
    """The level an opener at ``at`` breaks down — the last before it that can hold ``part`` — and the
    totals that level is a part of, nearest first."""
    reach = ctx.full_sentence(at)[0]
    counted = 0
    while counted < BREAKDOWN_SENTENCES and reach:
        before = ctx.full_sentence(reach - 1)
        # The line break after a full stop ends no sentence of its own: 。\n is one end.
        counted += bool(ctx.norm[before[0]:before[1]].strip(" \n。！？!?"))
        reach = before[0]
    for j in range(i, max(i - MAX_PARTS, -1), -1):
        d = drafts[j]
        if d.quantity.start < reach:
            return []
        if _fits_in(d, part):
            chain = [j]
            parent = drafts[j].parent
            while parent is not None:
                chain.append(parent)
                parent = drafts[parent].parent
            return chain
    return []


def _names(norm: str, total: _Draft, phrase: str) -> bool:
    """Whether the phrase before 中 names what the total counts (民生支出中 of 民生支出25.4亿元), or begins with what
    the total's sentence names before it (规模以上工业重点行业中 after 规模以上工业企业达429户，实现增加值2570亿元)."""
    if total.subject is None or len(phrase) < 2:
        return False
    subject = norm[total.subject[0]:total.subject[1]]
    if phrase in subject or subject in phrase or phrase[-4:] in subject:
        return True
    before = norm[total.sentence[0]:total.quantity.start]
    return any(phrase[:n] in before for n in range(len(phrase) - 1, NAMED_CHARS - 1, -1))


def _fits_in(total: _Draft, part: _Draft) -> bool:
    t, q = total.quantity, part.quantity
    return (part.measure == "amount" and q.value is not None and t.value is not None and q.unit_category != "percent"
            and _same_kind(t.unit, q.unit) and abs(q.value) <= abs(t.value))


def _averages(norm: str, *drafts: _Draft) -> bool:
    """人均可支配收入 by residence is no part of the average of all: averages do not add up."""
    average = cues().patterns["average"]
    return any(d.subject is not None and average.search(norm, d.subject[0], d.subject[1]) for d in drafts)




def _totals(ctx: Context, drafts: list[_Draft], vocab: Vocabulary) -> None:
    """清运量共计98.6万吨，焚烧处理约72.4万吨，卫生填埋18.3万吨: parts that add up to no more than their total."""
    norm = ctx.norm
    for i, d in enumerate(drafts):
        window = norm[max(d.clause[0], d.quantity.start - 4):d.quantity.start]
        if d.measure != "amount" or d.quantity.value is None or not window.endswith(vocab.total_words):
            continue
        end = ctx.full_sentence(d.quantity.start)[1]
        parts, running = [], Decimal(0)
        for k in range(i + 1, min(i + MAX_PARTS, len(drafts))):
            part = drafts[k]
            if part.quantity.start >= end:
                break
            if part.measure != "amount":
                continue
            if not _fits_in(d, part) or part.parent is not None:
                break
            running += abs(part.quantity.value or Decimal(0))
            parts.append(part)
        if len(parts) >= 2 and running <= abs(d.quantity.value) * TOTAL_SLACK:
            for part in parts:
                part.parent = i


def _totals_after(ctx: Context, drafts: list[_Draft], vocab: Vocabulary) -> None:
    """勞動條件檢查3萬6,439場次，宣導輔導802場次及法令遵循訪視2萬5,206場次，合計6萬2,447場次: a total word before a
    figure that the levels just before it in its sentence add up to (to its rounding) makes them its parts."""
    norm = ctx.norm
    for i, d in enumerate(drafts):
        t = d.quantity
        window = norm[max(d.clause[0], t.start - 4):t.start]
        if d.measure != "amount" or t.value is None or not t.value or not window.rstrip().endswith(vocab.total_words):
            continue
        start = ctx.full_sentence(t.start)[0]
        running, parts = Decimal(0), []
        for k in range(i - 1, max(i - MAX_PARTS, -1), -1):
            part = drafts[k]
            if (part.quantity.start < start or part.measure != "amount" or part.parent is not None
                    or part.quantity.unit != t.unit or part.quantity.value is None):
                break
            running += abs(part.quantity.value)
            parts.append(k)
            if len(parts) >= 2 and abs(running - abs(t.value)) <= abs(t.value) * SUM_ROUNDING:
                for j in parts:
                    drafts[j].parent = i
                break
            if running > abs(t.value):
                break


def _sums(ctx: Context, drafts: list[_Draft]) -> None:
    """全市有学前教育机构565所…市区有学前教育机构300所…四县有学前教育机构265所: levels of one subject, in later
    sentences of the paragraph, that add up to an earlier level of it are its parts (by place, by kind)."""
    norm = ctx.norm
    named: dict[int, str] = {}

    def indicator(k: int) -> str:
        if k not in named:
            named[k] = _indicator(norm, drafts[k])
        return named[k]

    for i, total in enumerate(drafts):
        t = total.quantity
        if total.measure != "amount" or t.value is None or not t.value or total.subject is None:
            continue
        end = ctx.line_end(t.start)
        parts = []
        for k in range(i + 1, min(i + MAX_PARTS, len(drafts))):
            part = drafts[k]
            if part.quantity.start >= end:
                break
            if (part.sentence[0] >= total.sentence[1] and part.parent is None and part.quantity.unit == t.unit
                    and _fits_in(total, part) and len(indicator(i)) >= 2 and indicator(k).endswith(indicator(i))):
                parts.append(k)
        summed = sum(abs(drafts[k].quantity.value or Decimal(0)) for k in parts)
        if len(parts) >= 2 and abs(t.value) <= summed <= abs(t.value) * TOTAL_SLACK:
            for k in parts:
                drafts[k].parent = i


def _shares_of_a_whole(norm: str, drafts: list[_Draft]) -> None:
    """分解为486项具体事项，完成了462项，取消14项，有10项没有完成; 16项反馈问题已整改完成7项，剩余9项: counts that
    follow a count of things named after it, in its sentence and unit, name nothing new and add up to it exactly,
    are how it was shared out, though no 其中 says so (新建学校5所，改扩建学校3所，维修2所 are three works)."""
    for i, whole in enumerate(drafts):
        w = whole.quantity
        if (whole.measure != "amount" or w.value is None or w.value <= 0 or w.unit_category != "count"
                or whole.parent is not None or whole.subject_side != "right"):
            continue
        named = norm[w.end:whole.clause[1]]
        summed, parts = Decimal(0), []
        for k in range(i + 1, min(i + MAX_PARTS, len(drafts))):
            part = drafts[k]
            p = part.quantity
            if part.sentence != whole.sentence or p.unit != w.unit or part.measure != "amount" or part.parent is not None:
                break
            if part.subject is not None and part.subject_side == "right" and norm[part.subject[0]:part.subject[1]] not in named:
                break
            if p.value is None or p.value <= 0 or p.approx != "exact":
                break
            summed += p.value
            parts.append(k)
            if summed >= w.value:
                break
        if len(parts) >= 2 and summed == w.value:
            for k in parts:
                drafts[k].parent = i


# A list item's marker where a sentence or line opens: ① …, 1、…, （1）… (the style, then the number).
_ITEM_MARK = regex.compile(
    r"(?:^|(?<=[。；;]))[ \t　]*(?:(?P<circled>[①-⑳])|(?P<digit>[0-9]{1,2})[、．.](?![0-9])|[（(](?P<bracketed>[0-9]{1,2})[)）])",
    regex.MULTILINE)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _listed_parts(ctx: Context, drafts: list[_Draft]) -> None:
    """1、公共财政预算收入完成58.2亿元…①税收收入完成46.8亿元…②非税收入完成11.4亿元 …2、政府性基金收入完成3.1亿元:
    items of one list whose opening figures, in one unit, add up to a figure before the list (give or take their
    rounding) are its parts: ① and ② of the 58.2亿元 their item opens on, 1、 and 2、 of the 61.4亿元 before them."""
    norm = ctx.norm
    starts = [d.quantity.start for d in drafts]
    lists: dict[str, list[list[tuple[int, int]]]] = {}  # style -> runs of (number, where the item's text begins)
    for m in _ITEM_MARK.finditer(norm):
        style = m.lastgroup or ""
        number = _CIRCLED.index(m[style]) + 1 if style == "circled" else int(m[style])
        runs = lists.setdefault(style, [])
        if runs and runs[-1][-1][0] + 1 == number:
            runs[-1].append((number, m.end()))
        elif number == 1:
            runs.append([(number, m.end())])
    for runs in lists.values():
        for run in runs:
            if len(run) >= 2:
                _parts_of_a_list(ctx, drafts, starts, [at for _, at in run])


def _parts_of_a_list(ctx: Context, drafts: list[_Draft], starts: list[int], items: list[int]) -> None:
    """The opening figures of the items (each the first amount in its item's line) as parts of the total before them."""
    openings = []
    for n, at in enumerate(items):
        end = min(ctx.line_end(at), items[n + 1] if n + 1 < len(items) else len(ctx.norm))
        k = bisect.bisect_left(starts, at)
        while k < len(drafts) and starts[k] < end and drafts[k].measure != "amount":
            k += 1
        if k == len(drafts) or starts[k] >= end or drafts[k].quantity.value is None or drafts[k].parent is not None:
            return
        openings.append(k)
    unit = drafts[openings[0]].quantity.unit
    if any(drafts[k].quantity.unit != unit for k in openings):
        return
    summed = sum(drafts[k].quantity.value or Decimal(0) for k in openings)
    slack = sum(_half_place(drafts[k].quantity) for k in openings)
    reach = ctx.line_start(ctx.line_start(items[0]) - 1) if ctx.line_start(items[0]) else 0
    for j in range(bisect.bisect_left(starts, items[0]) - 1, -1, -1):
        total = drafts[j]
        t = total.quantity
        if t.start < reach:
            return
        if total.measure == "amount" and t.unit == unit and t.value is not None and abs(t.value - summed) <= slack + _half_place(t):
            for k in openings:
                drafts[k].parent = j
            return


def _half_place(q: Quantity) -> Decimal:
    """Half a unit of the last place a figure is written to, in its value's unit (58.2亿元: 0.05亿元): how far its
    rounding may have moved it. Nothing for a number not written in digits."""
    written = _WRITTEN_NUMBER.search(q.text)
    if written is None or q.value is None:
        return Decimal(0)
    number = Decimal(written.group().replace(",", ""))
    exponent = number.as_tuple().exponent
    if not number or not isinstance(exponent, int):
        return Decimal(0)
    return abs(Decimal(5).scaleb(exponent - 1) * q.value / number)


_WRITTEN_NUMBER = regex.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")


def _indicator(norm: str, d: _Draft) -> str:
    """What a subject names, without the words that frame it (有学前教育机构 → 学前教育机构; 市区有学前教育机构 keeps
    its place)."""
    return (indicator_phrase(norm[d.subject[0]:d.subject[1]]) or "") if d.subject is not None else ""


def _bracketed_total(norm: str, drafts: list[_Draft], i: int) -> int | None:
    """The figure right before the bracket a figure stands in, when both count the same thing."""
    q = drafts[i].quantity
    opened = norm.rfind("(", max(drafts[i].sentence[0], q.start - STATUS_REACH), q.start)
    if opened == -1 or norm.find(")", opened, q.start) != -1:
        return None
    for j in range(i - 1, -1, -1):
        t = drafts[j].quantity
        if t.end <= opened:
            if (not norm[t.end:opened].strip() and t.unit == q.unit and t.value is not None
                    and q.value is not None and q.value <= t.value):
                return j
            return None
    return None


# Counts of people in one breakdown are written both ways: 培训8600人次，其中企业职工3200人.


def _same_kind(a: str | None, b: str | None) -> bool:
    """Units a total and its parts share; 个 is every thing's measure word (单位287个，其中企业164家)."""
    kinds = cues().values["unit_kind"]
    a, b = kinds.get(a or "", a), kinds.get(b or "", b)
    return a == b or a == "个" and b in cues().words["counted"]


_TO = regex.compile(r"[到至]")
# What opens the parts of the figure before it, the last one before a part: 其中, or 包括/包含 (including).
_PARTS_OPENER = regex.compile(r"(?r)其中|包括|包含")
_LIST_SPLIT = regex.compile(r"[和与及、,，]|以及")
_ITEM_SPLIT = regex.compile(r"[、,，]")
_JOINERS = frozenset({"和", "、", "与", "及"})


def _distribute(norm: str, drafts: list[_Draft]) -> None:
    """分别增长15.8%和14.4%: the subjects listed before 分别 go to the figures after it, in order.

    When the clause names fewer subjects than it has figures (利润总额18.3亿元、营业收入326.5亿元，
    分别增长15.8%和14.4%), the figures take the subjects of as many levels just before them.
    """
    i = 0
    while i < len(drafts):
        d = drafts[i]
        marker = norm.rfind("分别", max(d.clause[0], d.quantity.start - MAX_SUBJECT_CHARS), d.quantity.start)
        # A clause that opens on a change with no 分别 may be a list of changes that names nothing (_unnamed_changes).
        opens_on_a_change = marker == -1 and d.measure == "growth" and (not i or drafts[i - 1].clause != d.clause)
        if not opens_on_a_change and (marker == -1 or (i and drafts[i - 1].quantity.start >= marker)):
            i += 1
            continue
        end = i
        while end < len(drafts) and drafts[end].clause == d.clause:
            end += 1
        group = range(i, end)
        if marker == -1:
            if _unnamed_changes(norm, drafts, group):
                # 城镇居民人均可支配收入17175元，农村居民人均纯收入5153元，实际增长9.8%和8.5%: 分别 left unsaid.
                _levels_named(drafts, group)
            i = end
            continue
        names = _listed_names(norm, d.clause[0], marker, len(group))
        if len(names) < len(group) and len(norm[d.clause[0]:marker].strip()) <= OWN_NAME_CHARS:
            # 基本养老金、低保标准…和环卫工人工资再次提高，月人均分别提高221元、90元…: the clause before lists them.
            names = _names_before(norm, d, len(group)) or names
        own = _left_phrase(Reading.of(norm, d.clause[0], marker), vocabulary()) if len(names) == 1 else None
        if own is not None and own[2] != "scope" and len(group) >= 2:
            # 城乡居民人均可支配收入分别达到2.78万元和1.84万元: one name for every figure.
            for k in group:
                drafts[k].subject, drafts[k].subject_side = (own[0], own[1]), "distributed"
        elif len(names) >= 2 and len(names) >= len(group):
            for k, span in zip(group, names[-len(group):]):
                drafts[k].subject, drafts[k].subject_side = span, "distributed"
        elif len(names) >= 2 and len(group) == 2 * len(names) and _TO.search(
                norm, drafts[i + len(names) - 1].quantity.end, drafts[i + len(names)].quantity.start):
            # 跨国公司地区总部、外资研发中心分别从771家、481家增加到1076家、636家: each name twice, from and to.
            for n, k in enumerate(group):
                drafts[k].subject, drafts[k].subject_side = names[n % len(names)], "distributed"
        else:
            _levels_named(drafts, group)
        i = end


def _levels_named(drafts: list[_Draft], group: range) -> None:
    """Figures of a list that name nothing take the subjects of as many levels of their sentence just before them."""
    i = group.start
    if len(group) < 2 or i < len(group):
        return
    levels = drafts[i - len(group):i]
    subjects = [lv.subject for lv in levels]
    if (all(lv.sentence == drafts[i].sentence and lv.measure == "amount" for lv in levels)
            and None not in subjects and len(set(subjects)) == len(subjects)):
        for k, subject in zip(group, subjects):
            drafts[k].subject, drafts[k].subject_side = subject, "distributed"


def _unnamed_changes(norm: str, drafts: list[_Draft], group: range) -> bool:
    """A clause of nothing but a list of changes (实际增长9.8%和8.5%): the figures joined by 和 or 、 alone, and
    before them no phrase of their own that names a thing."""
    figures = [drafts[k] for k in group]
    if len(figures) < 2 or any(f.measure != "growth" for f in figures):
        return False
    if any(norm[a.quantity.end:b.quantity.start].strip() not in _JOINERS for a, b in zip(figures, figures[1:])):
        return False
    own = _left_phrase(Reading.of(norm, figures[0].clause[0], figures[0].quantity.start), vocabulary())
    return own is None or own[2] in {"verb", "scope"}


def _names_before(norm: str, d: _Draft, wanted: int) -> list[tuple[int, int]]:
    """The names the clause before a figure's own lists, one for each of ``wanted`` figures, when it holds no figure."""
    end = d.clause[0] - 1
    if end <= d.sentence[0]:
        return []
    start = max(d.sentence[0], *(norm.rfind(mark, d.sentence[0], end) + 1 for mark in "，,；;"))
    if any(ch.isdigit() for ch in norm[start:end]):
        return []
    names = _listed_names(norm, start, end, wanted)
    if len(names) != wanted:
        return []
    # The last name runs on into what is said of them all (环卫工人工资再次提高): that is no part of it.
    first, last = names[-1]
    words = list(segmenter().words(norm[first:last]))
    while len(words) > 1 and words[-1][1][:1] in {"v", "d"}:
        last -= len(words.pop()[0])
    return [*names[:-1], (first, last)]


def _listed_names(norm: str, start: int, end: int, wanted: int) -> list[tuple[int, int]]:
    """The names listed before 分别, split at 、 and at 和, 与 and 及 (小麦、玉米和大豆产量分别…); when that gives
    more or fewer names than figures, at 、 alone if that gives one name for each (汽车及零部件 is one industry of
    five) and no name holds a figure."""
    items = _LIST_SPLIT.split(norm[start:end])
    if len([p for p in items if p.strip()]) != wanted:
        listed = [p for p in _ITEM_SPLIT.split(norm[start:end]) if p.strip()]
        if len(listed) == wanted and not any(ch.isdigit() for p in listed for ch in p):
            items = listed
    names = []
    at = start
    for part in items:
        stripped = part.strip()
        if stripped:
            offset = norm.find(stripped, at)
            names.append((offset, offset + len(stripped)))
            at = offset + len(stripped)
    return names
