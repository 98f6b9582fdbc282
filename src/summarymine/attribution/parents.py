"""Which figure is a part of which (其中, breakdown openers, totals with 共计, brackets), so that parts
can be checked against their totals."""
from __future__ import annotations

import bisect
from decimal import Decimal

import regex

from ..keys import indicator_phrase
from ..lexicon import cues
from ..quantities import Quantity
from .context import Context, _Draft, aside
from .status import STATUS_REACH
from .vocab import Vocabulary

# A breakdown opener (分季节看，) looks this many sentences back for its total.
BREAKDOWN_SENTENCES = 2
# Parts after 共计 add up to their total, give or take the rounding of each part.
TOTAL_SLACK = Decimal("1.01")
# Parts before a total must add up to it, but for the rounding of each (7.1 + 2.9 = 10.1 against 10.0).
SUM_ROUNDING = Decimal("0.005")
# The least of a breakdown's phrase (规模以上工业重点行业中) that names what its total's sentence names (规模以上工业).
NAMED_CHARS = 4
# A total's parts follow it closely: a 其中 looks back over at most this many figures for its total.
MAX_PARTS = 40
# The least of a total's subject that a qualified subject must end on to be a kind of it (医疗卫生机构, not 机构).
KIND_CHARS = 4


def _read_parents(ctx: Context, drafts: list[_Draft], vocab: Vocabulary) -> None:
    """Parts point to their total: 36项，其中省级3项、农业1项、市级32项 (or 包括, 包含); 中小学58所（高中3所、初中12所）.

    Only levels have parts (其中…增长7.1% is no part of a growth rate). A 其中 inside a sentence
    reaches to its semicolon (or its bracket's end); one that opens a sentence (。其中，第一产业…；第二产业…) reaches over
    semicolons to the full stop, and back into the sentence before it for the total.
    """
    norm = ctx.norm
    for i, d in enumerate(drafts):
        q = d.quantity
        if d.measure != "amount" or q.value is None:
            continue
        bracketed = _bracketed_total(norm, drafts, i, vocab)
        if bracketed is not None:
            d.parent = bracketed
            continue
        stop = ctx.full_sentence(q.start)[0]
        opener = _PARTS_OPENER.search(norm, max(stop, q.start - STATUS_REACH), q.start)
        if opener is None:
            continue
        marker = opener.start()
        opens = not norm[stop:marker].strip(" ，,")
        # （其中：油田产能项目150亿元；石化公司1.1亿元）: a 其中 in brackets reaches over semicolons to the bracket's end.
        bracket = max(norm.rfind("（", stop, marker), norm.rfind("(", stop, marker))
        in_brackets = bracket != -1 and not any(ch in norm[bracket:q.start] for ch in "）)")
        if not opens and not in_brackets and any(ch in norm[marker:q.start] for ch in "；;"):
            continue
        reach = ctx.sentence_before(stop) if opens else stop
        for j in range(i - 1, max(i - MAX_PARTS, -1), -1):
            total = drafts[j]
            t = total.quantity
            if t.end > marker:
                continue
            if t.start < reach:
                break
            if not in_brackets and aside(norm, max(reach, t.start - STATUS_REACH), t.start, marker):
                continue  # 781亿元(按可比口径，可达839.8亿元)，其中地方一般预算收入408.3亿元: the total is the one outside
            # 申报项目33项，超额完成年初确定的30项目标任务，其中国家级3项: a target named in passing totals no result.
            achieved_of_a_target = total.status == "target" and d.status == "achieved"
            if (total.measure == "amount" and _same_kind(t.unit, q.unit) and t.value is not None and abs(q.value) <= abs(t.value)
                    and not achieved_of_a_target):
                d.parent = j
                break
    _breakdowns(ctx, drafts)
    _totals(ctx, drafts, vocab)
    _totals_after(ctx, drafts, vocab)
    _sums(ctx, drafts)
    _shares_of_a_whole(ctx.norm, drafts)
    _listed_parts(ctx, drafts)
    _done_of_a_count(ctx.norm, drafts)
    _kinds_of_a_total(ctx, drafts)


# What stands between a count and how many of its things a verb says something of: no list, no change of the count.
_SUBSET_BETWEEN = regex.compile(r"[^、，,；;。和及与到至为]{2,16}")


def _done_of_a_count(norm: str, drafts: list[_Draft]) -> None:
    """80项重点工程已竣工26项, 61个…项目已有42个开工建设: a smaller count of the same things in the same clause, a verb
    between, is how many of them the verb says something of, a part of the count; not an item of a list (24座和12座)
    nor where a count went (由1267项减少到687项)."""
    for i in range(1, len(drafts)):
        d, total = drafts[i], drafts[i - 1]
        q, t = d.quantity, total.quantity
        if (d.parent is None and d.measure == total.measure == "amount" and d.clause == total.clause and d.subject is not None
                and _SUBSET_BETWEEN.fullmatch(norm, t.end, q.start) is not None
                and d.subject == total.subject and q.unit_category == "count" and q.unit == t.unit
                and q.value is not None and t.value is not None and 0 < q.value < t.value):
            d.parent = i - 1


def _breakdowns(ctx: Context, drafts: list[_Draft]) -> None:
    """分季节看，夏粮82.15万吨…；秋粮104.17万吨…: levels after an opener are parts of the total before it."""
    norm = ctx.norm
    starts = [d.quantity.start for d in drafts]
    paragraph_openers = [at for at, _ in ctx.openers if _opens_its_line(ctx, at)]
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
        if _opens_its_line(ctx, opened):
            # 从中直和地方看，…中直投资完成159.5亿元…（其中：…）。地方投资完成87.9亿元: an opener that opens its paragraph
            # reaches to the paragraph's end, or the next such opener.
            following = bisect.bisect_right(paragraph_openers, opened)
            end = min(ctx.line_end(opener_end), paragraph_openers[following] if following < len(paragraph_openers) else len(norm))
        for k in range(first, len(drafts)):
            d = drafts[k]
            if d.quantity.start >= end:
                break
            if d.parent is None and d.status != "requirement" and _fits_in(drafts[total], d) and not _averages(norm, drafts[total], d):
                d.parent = total


def _opens_its_line(ctx: Context, at: int) -> bool:
    return not ctx.norm[ctx.line_start(at):at].strip()


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


def _kinds_of_a_total(ctx: Context, drafts: list[_Draft]) -> None:
    """医疗卫生机构109.2万个，其中医院3.9万个…；基层医疗卫生机构104.0万个: after a breakdown, a level in the same sentence
    whose subject is the total's qualified (基层 of 医疗卫生机构) is another kind of it, a part too."""
    norm = ctx.norm
    broken_down = {d.parent for d in drafts if d.parent is not None}
    for i, d in enumerate(drafts):
        if d.parent is not None or d.measure != "amount" or d.subject is None or d.quantity.value is None:
            continue
        start = ctx.full_sentence(d.quantity.start)[0]
        kind = norm[d.subject[0]:d.subject[1]]
        for j in range(i - 1, max(i - MAX_PARTS, -1), -1):
            total = drafts[j]
            if total.quantity.start < start:
                break
            if j not in broken_down or total.subject is None or not _fits_in(total, d):
                continue
            named = norm[total.subject[0]:total.subject[1]]
            if len(named) >= KIND_CHARS and len(kind) > len(named) and kind.endswith(named):
                d.parent = j
            break


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


# What a bracket may say a figure is that makes it no part of the figure before the bracket (目标为2.55万公顷); a
# bracket of how far the parts went (5,601座(已完成5,573座，改善中28座)) holds parts.
_AIMS = frozenset({"target", "projected", "requirement"})


def _bracketed_total(norm: str, drafts: list[_Draft], i: int, vocab: Vocabulary) -> int | None:
    """The figure right before the bracket a figure stands in, when both count the same thing and the bracket
    names no status of its own: 达成2.67万公顷(目标为2.55万公顷) is a target beside its result, no part of it."""
    q = drafts[i].quantity
    opened = norm.rfind("(", max(drafts[i].sentence[0], q.start - STATUS_REACH), q.start)
    if opened == -1 or norm.find(")", opened, q.start) != -1 or any(
            vocab.status_cues[m.group()].value in _AIMS for m in vocab.status_pattern.finditer(norm, opened, q.start)):
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


# What opens the parts of the figure before it, the last one before a part: 其中, or 包括/包含 (including).
_PARTS_OPENER = regex.compile(r"(?r)其中|包括|包含")
