"""How a figure stands and when: its status from the cue words around it or the part of the report it
stands in, its cut-off (截至…底), the year written before it and its section (plan, review, span)."""
from __future__ import annotations

from functools import cache

import regex

from ..lexicon import cues, on_reload
from ..results import Metric
from ..segmentation import segmenter
from .context import _NUMBERED_HEADING, FIVE_YEAR_PLAN, Context, _Draft, aside, plan_end_year
from .vocab import MODAL_STATUSES, Cue, Vocabulary, vocabulary

# How far into a sentence the word of estimate that holds for all of it may end (预计, 初步预计).
SENTENCE_OPENER = 4
_ESTIMATES = frozenset({"expected", "projected"})
# Where a clause opens, past a list item's opening (二是, （三）, 3.).
_CLAUSE_OPENING = regex.compile(
    r"(?:^|(?<=[，,；;：:。\n]))\s*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十0-9]{1,2}[)）]|[0-9]{1,2}[、.．])?\s*",
    regex.MULTILINE)
# How far before a figure its status words are looked for: a sentence, not a run-on paragraph.
STATUS_REACH = 160
# A cue with reach ``adjacent`` stands at most this far before its figure (总投资5.3亿元, 总投资约5.3亿元).
ADJACENT_REACH = 3
# 国内生产总值从54万亿元增加到82.7万亿元: the first is where a change started, not a level of the year.
_BASELINE = regex.compile(r"(?:从|由)$")
_SINCE_A_YEAR = regex.compile(r"比(?:19|20)[0-9]{2}年")
# A change against the end of a five-year plan (比“十五”末增长74%): a change over the years since, of no one year.
# How far before a figure its clause is read for what opens it (“十二五”末, a bare noun): a clause without stops is long.
CLAUSE_OPENING_REACH = 48
# The end of a five-year plan named before a figure, not as a baseline (比“十五”末: _SINCE_A_PLAN).
_PLAN_END = regex.compile(rf"(?<![比较由从][“\"]?)[“\"]?(?:{FIVE_YEAR_PLAN.pattern})[”\"]?(?:期末|末)")
_SINCE_A_PLAN = regex.compile(rf"(?:比|较)[“\"]?(?:{FIVE_YEAR_PLAN.pattern})[”\"]?(?:期?末|时期|期间)?")
# The start of a change written from…to (由上年的37.3%提高到40%, 从人均8.7万元提高到12万元): 从 or 由 this close before
# the figure, and 到 or 至 right after it.
STARTING_REACH = 10
_STARTING = regex.compile(r"(?:从|由)(?P<last_year>上年|去年)?[^，,。；;从由到至]{0,8}\Z")
_TITLED = regex.compile(rf"(?:{_NUMBERED_HEADING.pattern})[：:]")
_LISTED_AFTER = regex.compile(r"(?:[和、与及][0-9.,]+[^\s，,。；;、和与及的0-9]{0,4})+")
_CHANGED_TO = regex.compile(r"[^，,。；;]{0,4}?(?:到|至|为)")
# A rate of progress right before its figure (進度 60.76%, 执行进度为50.11%; not 進度超前 4.24%, nor 进度达56.27%: a
# level reached).
_PROGRESS = regex.compile(r"进度\s*(?:为|是)?\s*$")
_YEAR_ON_YEAR = regex.compile(r"同比|比上年|较上年|比去年")
# 由2010年的162.4亿元增加到2015年的287.9亿元: a year written right before a figure is its year.
_YEAR_BEFORE = regex.compile(r"(?P<year>(?:19|20)[0-9]{2})年(?:底|末|全年)?(?:的|为|是|达到|达)?$")
# 2016年，全区实现地区生产总值… in a report on 2017, 2018年主要预期目标是：…: a sentence or paragraph that
# opens on a year is about that year (to 2020 as well: 到2020年), not one that opens on a span (2012年以来).
# An opening year stands within this many characters of its sentence's or line's start (（一）到2020年).
OPENING_CHARS = 24
# The longest adverbial phrase that frames a status word (cues.tsv frame: 按照上级要求).
FRAME_CHARS = 12
_DEADLINE_OPENING = regex.compile(r"[，,；;\s]*(?:到|至)(?P<year>(?:19|20)[0-9]{2})年(?:底|末)?[，,]?(?!以来|来|前|后|起)")
# How far before a figure the colon that opens its list, and the span word before that, may stand.
LIST_REACH = 160
# A span word, then a list of what is to be reached by a year (…主要目标是：到2015年，…).
_DEADLINE = regex.compile(r"[^。；;\n]*?[:：][ \t]*(?:到|至)(?:19|20)[0-9]{2}年")
# How far before a figure the word of reaching its level may begin (突破, 提高到, 达到了).
LEVEL_REACH = 4
_YEAR_OPENING = regex.compile(
    r"[ \t]*(?:[(（]?[一二三四五六七八九十0-9]{1,3}[)）、.．][ \t]*)?(?:到|至|截至|预计)?"
    r"(?P<year>(?:19|20)[0-9]{2})年(?!以来|来|前|后|起|之前|以前|以后|至|到|-|—|~)")


@cache
def as_of_pattern() -> regex.Pattern[str]:
    """截至10月底, 到2020年底: the cut-off a figure is counted to (``as_of``); subjects are read around it."""
    words = cues().patterns
    return regex.compile(rf"(?:{words['as_of'].pattern})(?P<date>(?:{words['as_of_now'].pattern})"
                         rf"|[^，,。；;]{{1,12}}?(?:{words['as_of_end'].pattern}))")


on_reload(as_of_pattern, "cues.tsv")


def starts_a_change(norm: str, d: _Draft) -> regex.Match[str] | None:
    """由上年的37.3%提高到40%, 由4万元调高为5万元: the words before a figure that say a change starts from it, when words
    of reaching a level follow it; None otherwise."""
    q = d.quantity
    if _CHANGED_TO.match(norm, q.end) is None:
        return None
    return _STARTING.search(norm, max(d.clause[0], q.start - STARTING_REACH), q.start)


def status_said_after(norm: str, d: _Draft, vocab: Vocabulary) -> str | None:
    """The status a word right after a figure gives it (35万吨目标任务, 4件调解中; status.tsv `after`), if any."""
    q = d.quantity
    after = norm[q.end:min(d.clause[1], q.end + STATUS_REACH)]
    # 人均公用经费500元和300元的目标: what names the last figure of a list names each.
    after = after[listed.end():] if (listed := _LISTED_AFTER.match(after)) else after
    for cue in vocab.status_after:
        # 35万吨目标任务, 55%的要求: the word names the figure itself, right after it; not a task the text says
        # was done (72项任务全部完成).
        named = next((len(w) for w in (cue.word, "的" + cue.word, "之" + cue.word) if after.startswith(w)), None)
        if named is not None and cue.value != "none" and _reported_done().match(after, named, named + DONE_CHARS):
            continue
        if named is not None or (cue.value == "none" and cue.word in after):
            return cue.value
    return None


def _read_status(ctx: Context, d: _Draft, vocab: Vocabulary, default: str | None) -> str | None:
    norm, q = ctx.norm, d.quantity
    said_after = status_said_after(norm, d, vocab)
    if said_after is not None:
        return said_after
    fallback = ctx.block_status(q.start) or (
        "target" if ctx.looks_ahead(q.start) or ctx.in_target_list(q.start) else default)
    if fallback == "target" and starts_a_change(norm, d) is not None:
        return "achieved"  # 财政补助由每人每年380元提高到420元: where the change the plan makes starts is the present level
    # 完成年度目标任务的117%: the 目标 there is the baseline of the rate, not a target; 占规划总投资的65.5%: what
    # follows 占 names the whole, not what became of it.
    cut = q.start
    if d.measure == "completion" and d.measure_at is not None:
        cut = d.measure_at
        if _PROGRESS.match(norm, cut, q.start) and (q.value or 0) < 100:
            return "in_progress"  # 進度 60.76%，預計 115 年完工: how far a work has gone, not done
    elif d.measure == "share" and norm[q.start - 1:q.start] == "的" and (whole := norm.rfind("占", d.clause[0], q.start)) != -1:
        cut = whole
    start = max(d.sentence[0], cut - STATUS_REACH)
    # (一)確保職災勞工保險權益：為保障…: the title of a numbered part says what the part is about, not how it went.
    titled = _TITLED.match(norm, d.sentence[0], cut)
    if titled is not None:
        start = max(start, titled.end())
    best = _nearest_cue(norm, start, cut, d, vocab)
    if best is None:
        if (estimate := _opening_estimate(ctx, d, vocab)) is not None:
            return estimate
        # 二是计划开展职业技能培训8000人次，发放创业担保贷款1.2亿元: a word of plan held to its clause (计划) that opens a
        # clause holds for the clauses after it in its sentence, none of which says otherwise.
        for opened_at in reversed([m.end() for m in _CLAUSE_OPENING.finditer(norm, d.sentence[0], d.clause[0])]):
            plan = vocab.status_pattern.match(norm, opened_at, q.start)
            if plan is None:
                continue
            word = vocab.status_cues[plan.group()]
            if word.value == "planned" and word.reach == "clause" and norm[plan.end()] not in word.not_before:
                return "planned"
        return fallback
    cue, at = best
    if cue.value == "in_progress" and ctx.looks_ahead(q.start) and _level_reached(ctx, d):
        return fallback  # 水利在建投资规模达到1万亿元, 在建高速公路达到1200公里以上: the level the plan's works in progress reach
    if cue.value == "achieved" and at < d.clause[0] and ctx.looks_ahead(q.start):
        return fallback  # 已开工的57个项目要加快建设，今年再开工27个项目: in the plan, what was done is said of its own clause
    if cue.value in {"achieved", "done"}:
        # 力争完成税收1.45亿元: a verb of doing under a word of intent is still intent; one that says nothing by
        # itself (控制在) takes the intent of its sentence (能耗力争降低5％，建设用地控制在5000公顷以内).
        intent = _nearest_cue(norm, start if cue.value == "done" else max(d.clause[0], start), at, d, vocab,
                              MODAL_STATUSES)
        if intent is not None:
            return _projected(ctx, q.start, intent[0].value)
        # 预计2010年，…；全部财政收入完成2410.5亿元: the estimate opening the sentence holds over its verbs of doing too.
        if cue.value == "done" and (estimate := _opening_estimate(ctx, d, vocab)) is not None:
            return estimate
        if cue.value == "done":
            if not ctx.looks_ahead(q.start) and fallback == default:
                return "achieved"
            # 去年实现稳定就业的2.1万名: in the plan a verb of doing says nothing, a word before it may.
            earlier = _nearest_cue(norm, max(d.clause[0], start), at, d, vocab, frozenset({"achieved"}))
            return earlier[0].value if earlier is not None else fallback
    return _projected(ctx, q.start, cue.value)


def _opening_estimate(ctx: Context, d: _Draft, vocab: Vocabulary) -> str | None:
    """预计全省城镇居民人均可支配收入达到7150元…；农民人均纯收入达到2850元…: an estimate that opens a sentence holds
    for all of it, over its semicolons (a plan's 拟…；建成… holds for its clause)."""
    norm, start = ctx.norm, d.quantity.start
    opening = ctx.full_sentence(start)[0]
    if opening >= d.sentence[0]:
        return None
    opened = _nearest_cue(norm, opening, min(opening + SENTENCE_OPENER, d.sentence[0]), d, vocab, _ESTIMATES)
    if opened is None or norm[opening:opened[1]].strip():
        return None
    return _projected(ctx, start, opened[0].value)


# How far after a word of task the word that says how it went may end (均已全部完成).
DONE_CHARS = 8


@cache
def _reported_done() -> regex.Pattern[str]:
    """How a task went, said right after it (全部完成, 均已圆满完成; cues.tsv outcome_word)."""
    return regex.compile(rf"[均都已]{{0,2}}(?:{cues().patterns['outcome_word'].pattern})")


on_reload(_reported_done, "cues.tsv")


def _projected(ctx: Context, at: int, status: str) -> str:
    """A projected level (预期增长13%左右) is the plan's target in the part about the year ahead, an estimate elsewhere."""
    if status != "projected":
        return status
    return "target" if ctx.looks_ahead(at) else "expected"


def _nearest_cue(norm: str, start: int, end: int, d: _Draft, vocab: Vocabulary,
                 statuses: frozenset[str] | None = None) -> tuple[Cue, int] | None:
    """The status word ending nearest ``end``; of two ending together the longer (计划完成 over 完成)."""
    by_word = vocab.status_cues
    best: tuple[Cue, int] | None = None
    best_end = -1
    for m in vocab.status_pattern.finditer(norm, start, end, overlapped=True):
        cue = by_word[m.group()]
        if statuses is not None and cue.value not in statuses:
            continue
        if cue.not_after and m.start() > 0 and norm[m.start() - 1] in cue.not_after:
            continue
        if cue.not_before and norm[m.end():m.end() + 1] and norm[m.end()] in cue.not_before:
            continue
        if cue.reach == "adjacent" and end - m.end() > ADJACENT_REACH or cue.reach == "clause" and m.start() < d.clause[0]:
            continue
        if aside(norm, start, m.start(), end):
            continue  # (按可比口径，可达839.8亿元)，其中地方一般预算收入408.3亿元: an aside says nothing of what follows it
        # 每个城市社区至少配备2名社工: a rule for each unit sets a floor or a ceiling in its own clause.
        if any(f.end() == m.end() for f in cues().patterns["frame"].finditer(norm, max(d.sentence[0], m.start() - FRAME_CHARS), m.end())):
            continue  # 按照上级要求关停3000多家企业: done as required, no requirement
        # The figure's own hedge sets it too, however a PDF's lines wrapped it (每月繳費不⏎⏎超過3,000元).
        if cue.needs == "floor" and (m.start() < d.clause[0] or not vocab.floor_pattern.search(norm, m.end(), d.quantity.end)
                                     and not vocab.floor_pattern.fullmatch(d.quantity.hedge or "")):
            continue
        # 项目总投资5.3亿元，…目前已完成投资1.2亿元: a project's total is still planned while the work goes on; one built
        # (新建高标准农田4.6万亩，总投资6900万元) or planned (着力抓好总投资313.9亿元的…) is what its part of the report says.
        if cue.needs == "progress" and not cues().patterns["progress"].search(norm, d.quantity.end, d.sentence[1]):
            continue
        if m.end() > best_end or (m.end() == best_end and best is not None and len(cue.word) > len(best[0].word)):
            best, best_end = (cue, m.start()), m.end()
    return best


def _section_and_year(ctx: Context, d: _Draft) -> tuple[str, int | None]:
    """The part of the report the figure stands in — ``plan`` (the year ahead), ``review`` (the year reported on),
    ``span`` (several years, or a baseline) or ``span_end`` (a level where a look back over years ends) — and the
    year the text names for it: just before it, or (unless it spans years) at the opening of its sentence or paragraph
    or of the list after its colon."""
    start = d.quantity.start
    before = _YEAR_BEFORE.search(ctx.norm, max(d.clause[0], start - 10), start)
    named = int(before["year"]) if before else None
    if before is not None and d.measure == "growth" and before.group().endswith("的"):
        return "span", None  # 是2005年的3.5倍: a multiple of that year's level is a change since, of no one year
    starting = starts_a_change(ctx.norm, d)
    if starting is not None:
        # 由上年的37.3%提高到40%以上, 从2015年的2.6万亿元增长到…, 从人均8.7万元提高到12万元: where a change started,
        # of the year the text names (上年: the year before the one reported on), else of no one year.
        ahead = ctx.looks_ahead(start)
        if named is None and (starting["last_year"] or ahead) and ctx.year is not None:
            # 由上年的37.3%; in the plan, 财政补助由每人每年380元提高到420元 starts from the year reported on.
            named = ctx.year if ahead else ctx.year - 1
        elif named is None:
            named = ctx.span_began(start)  # 由9107元提高到16190元 in a look back over “十一五”: 2005's level
        return ("span", None) if named is None else ("plan" if ahead else "review", named)
    if d.measure == "growth" and _SINCE_A_PLAN.search(ctx.norm, d.clause[0], start):
        return "span", None
    plan_named = (_PLAN_END.search(ctx.norm, max(d.clause[0], start - CLAUSE_OPENING_REACH), start)
                  if named is None and d.measure in _LEVELS else None)
    if plan_named is not None and (year := plan_end_year(plan_named.group())) is not None:
        # “十二五”末文化产业增加值完成1500亿元以上: the level at the end of the plan the clause names.
        if ctx.looks_ahead(start):
            return "plan", year
        return ("span_end", None) if year == ctx.year else ("review", year)
    span_word = ctx.span_word(start)
    if span_word is not None or _BASELINE.search(ctx.norm, max(d.clause[0], start - 2), start):
        # “十二五”时期…主要目标是：到2015年，生产总值预期突破30000亿元: a deadline names the year of the figures
        # after it, unless the clause of the figure itself spans years (年均增长8.5%).
        before_clause = named is None and span_word is not None and span_word < d.clause[0]
        listed = span_word is not None and before_clause and start - span_word <= LIST_REACH
        deadline = _opening_year(ctx, d) if listed else None
        if deadline is not None and span_word is not None and _DEADLINE.match(ctx.norm, span_word, start):
            return ("plan" if ctx.looks_ahead(start) else "review"), deadline
        # 五年来…，2012年全省生产总值26575亿元; 年均增长20%以上。到2015年，…发展小额贷款公司40家: a clause, or a
        # sentence after the span word, that opens on a year is that year's figure (not a change since another:
        # 2012年单位生产总值能耗比2007年下降22%).
        opened = None
        if before_clause and not _SINCE_A_YEAR.search(ctx.norm, d.clause[0], start):
            opened = _YEAR_OPENING.match(ctx.norm, d.clause[0], d.clause[0] + OPENING_CHARS)
            if opened is None and span_word is not None and span_word < d.sentence[0]:
                # 预计2010年，…年均增长11.7%…;全部财政收入完成2410.5亿元: a span word of another part of the sentence
                # leaves this part the year its sentence opens on.
                opened = (_YEAR_OPENING.match(ctx.norm, d.sentence[0], d.sentence[0] + OPENING_CHARS)
                          or _full_sentence_opening(ctx, d))
        if opened is not None:
            year = int(opened["year"])
            if ctx.looks_ahead(start):
                return "plan", year
            # The year reported on, stated in a look back, ranks after its own review (span_end).
            return ("span_end", None) if year == ctx.year else ("review", year)
        if before_clause and not ctx.looks_ahead(start) and _level_reached(ctx, d):
            return "span_end", None  # 年均增长11.7%…;社会消费品零售总额达到6731.1亿元: where the years ended
        if before_clause and (plan_end := _plan_level(ctx, d)) is not None:
            return "plan", plan_end  # 年均增长11%以上；全部财政收入达到420亿元, in the part on “十二五”
        return "span", named
    section = ctx.section(start)
    opening = _opening_year(ctx, d) if section == "span" or named is None else None
    if section == "span":
        if opening is None and (opened := _full_sentence_opening(ctx, d)) is not None:
            opening = int(opened["year"])
        if opening is None:
            if named is None and (plan_end := _plan_level(ctx, d)) is not None:
                return "plan", plan_end
            if named is None and not ctx.looks_ahead(start) and _level_reached(ctx, d):
                # 高速公路通车里程达到4307公里 in a look back over five years: the level where they ended, in
                # the year reported on.
                return "span_end", None
            return "span", named
        # 2022年，… in a look back over five years (or 到2025年 in a plan for five): that year's figure.
        section = "plan" if ctx.looks_ahead(start) else "review"
    return section, named if named is not None else opening


def _plan_level(ctx: Context, d: _Draft) -> int | None:
    """The last year of the five-year plan a level is reached by, in the part its heading opens (二、“十二五”时期…：
    通过五年的努力，使全市生产总值达到3800亿元 is 2015's level)."""
    plan_end = ctx.plan_end(d.quantity.start)
    return plan_end if plan_end is not None and _level_reached(ctx, d) else None


def _continues_a_year(ctx: Context, d: _Draft, before: Metric) -> bool:
    """A change on the year before (同比, 比上年) of what the figure before it in its sentence counts, where that one is
    a year's (2012年全省生产总值26575亿元，同比增长9.6%): the same year's. Not a change over the years of a look back
    (…达到686.3亿元，增长1.3倍), nor one after a change from one year to another (由2005年的21.5万辆发展到72万辆)."""
    return (d.subject_side == "previous" and before.section in {"review", "plan", "span_end"}
            and before.sentence_start == d.sentence[0] and d.subject is not None and before.subject_start == d.subject[0]
            and _YEAR_ON_YEAR.search(ctx.norm, d.clause[0], d.quantity.start) is not None
            and not _CHANGED_TO.search(ctx.norm, before.quantity.end, d.clause[0])
            and ctx.span_word(d.quantity.start) in {None, ctx.span_word(before.quantity.start)})


def _full_sentence_opening(ctx: Context, d: _Draft) -> regex.Match[str] | None:
    """2010年全市生产总值完成2050.3亿元…；全部财政收入完成206.1亿元: the year a level listed after a semicolon takes from
    the opening of its full sentence (a change there, 增长1.4倍, may still be over the years)."""
    full = ctx.full_sentence(d.quantity.start)[0]
    if d.measure != "amount" or full >= d.sentence[0]:
        return None
    return _YEAR_OPENING.match(ctx.norm, full, full + OPENING_CHARS)


def _continues_a_level(ctx: Context, d: _Draft, before: Metric) -> bool:
    """高新技术企业达到1100家，科技型中小企业近10000家: a level written bare (a noun, no verb) after one a look back over
    years ended with, in its sentence, is of that end too; not a sum over the years (累计…, 新增…)."""
    if before.section != "span_end" or before.sentence_start != d.sentence[0] or d.measure not in _LEVELS or before.measure not in _LEVELS:
        return False
    if _CHANGED_TO.match(ctx.norm, d.quantity.end):
        return False  # 上市公司由32家增加到54家: where a change started
    said = ctx.norm[max(d.clause[0], d.quantity.start - CLAUSE_OPENING_REACH):d.quantity.start].strip(" ，,、")
    if d.quantity.hedge and said.endswith(d.quantity.hedge):
        said = said[:-len(d.quantity.hedge)]
    if not said:  # 比重分别达到45.4%、47.8%: the next of a list
        return ctx.norm[before.quantity.end:d.quantity.start].strip() in {"、", "和", "及", "与"}
    return not any(tag.startswith("v") and tag != "vn" or w in vocabulary().linking or w in _works_done() for w, tag in segmenter().words(said)) and (
        cues().patterns["added"].search(said) is None and cues().patterns["stock"].search(said) is None)


@cache
def _works_done() -> frozenset[str]:
    """Verbs of doing, making or adding (cues.tsv), however the dictionary tags them (培育 is a noun to it)."""
    return frozenset({*cues().words["doing"], *cues().words["making"], *cues().words["added"]})


on_reload(_works_done, "cues.tsv")


_LEVELS = frozenset({"amount", "share"})


def _level_reached(ctx: Context, d: _Draft) -> bool:
    """A level or a share, with a word of reaching it right before (达到, 突破, 提高到; cues.tsv level_reached), that is
    no addition (新增…达到)."""
    q = d.quantity
    if d.measure not in _LEVELS:
        return False
    before = ctx.norm[max(d.clause[0], q.start - LEVEL_REACH):q.start]
    reached = cues().patterns["level_reached"]
    # 达到近600亿斤: the hedge stands between the word of reaching and the figure; 突破915亿元: it is that word.
    if q.hedge and before.endswith(q.hedge) and reached.search(before) is None:
        before = before[:-len(q.hedge)]
    return (reached.search(before) is not None
            and cues().patterns["added"].search(ctx.norm, d.clause[0], q.start) is None)


def _opening_year(ctx: Context, d: _Draft) -> int | None:
    # Bounded: regex would otherwise look for the pattern's 年 through the rest of the text at every figure.
    line = ctx.line_start(d.quantity.start)
    # 主要目标是：到2015年，生产总值预期突破30000亿元: a list after a colon opens as a sentence does.
    # (Bounded: a sentence without stops would be searched again at every figure.)
    reach = max(d.sentence[0], d.quantity.start - LIST_REACH)
    colon = max(ctx.norm.rfind("：", reach, d.quantity.start), ctx.norm.rfind(":", reach, d.quantity.start))
    # 完成城市总体规划修编，到2020年城区规划面积将达到180平方公里: a clause that opens on a deadline is of its year.
    m = (_DEADLINE_OPENING.match(ctx.norm, d.clause[0], d.clause[0] + OPENING_CHARS)
         or _YEAR_OPENING.match(ctx.norm, d.sentence[0], d.sentence[0] + OPENING_CHARS)
         or _YEAR_OPENING.match(ctx.norm, line, line + OPENING_CHARS)
         or (_YEAR_OPENING.match(ctx.norm, colon + 1, colon + 1 + OPENING_CHARS) if colon != -1 else None))
    return int(m["year"]) if m else None


def _read_as_of(norm: str, d: _Draft) -> str | None:
    before = norm[max(d.sentence[0], d.quantity.start - STATUS_REACH):d.quantity.start]
    found = None
    for m in as_of_pattern().finditer(before):
        found = m
    if found is None or found["date"] in cues().words["as_of_now"]:  # 截至目前 is now, no cut-off
        return None
    return str(found["date"])
