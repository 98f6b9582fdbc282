"""The target check: each target of the documents or of a targets file against the body's outcome for its year."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from functools import cache
from typing import Any

import regex

from ..attribution.vocab import vocabulary
from ..keys import indicator_phrase, key_of
from ..lexicon import on_reload
from ..normalize import normalize
from ..results import Metric
from ..taxonomy import LEVEL_MEASURES
from .context import Context, Fig, org_of, source_of, squeeze
from .findings import Finding
from .likeness import JOINER, KEY_CHARS, SPECIFIC_PHRASE, core_phrase, for_each, read, residue_of, same_thing, scope_of
from .rules import verdict
from .targets import Target
from .text import unit_name, who
from .words import Said, said_in_words

# Where an outcome is stated: the review of its year, or a look back over years that ends with it (ranked after).
OUTCOME_SECTIONS = frozenset({"review", "span_end"})
# A decrease stated as a change (下降…以上 is at_most on the signed value) read as the amount taken away.
_FLIPPED = {"at_most": "at_least", "less_than": "more_than", "at_least": "at_most", "more_than": "less_than"}
_HOW = {"met": "was met", "exceeded": "was exceeded", "missed": "was missed"}


def document_targets(ctx: Context, _found: Sequence[Finding]) -> list[Finding]:
    """Figures stated as targets for a year, each against the result figures of the same body, key and year
    that count the same thing (``same_thing``)."""
    out: list[Finding] = []
    # Each body's outcomes of a year, read once with their core phrase: a body of hundreds of reports has
    # thousands of targets to line up with them.
    pools: dict[tuple[str, int], list[tuple[Fig, str | None]]] = {}

    def outcomes_of(org: str, year: int) -> list[tuple[Fig, str | None]]:
        if (org, year) not in pools:
            pools[(org, year)] = [(a, _core_of(a.m)) for a in ctx.by_org_year.get((org, year), ())
                                  if a.is_actual and a.m.section in OUTCOME_SECTIONS]
        return pools[(org, year)]

    def against_outcomes(f: Fig) -> tuple[Target, list[Fig]]:
        m, q = f.m, f.m.quantity
        assert m.year is not None
        target = Target(
            metric=m.metric, subject=m.subject, year=m.year, value=f.value, value_max=q.value_max, unit=q.unit,
            unit_category=q.unit_category, measure=m.measure, approx=q.approx, source=f.source, org=f.org,
            text=q.text, figure=m, document=f.doc,
        )
        mine = _core_of(m)
        candidates = [a for a, theirs in outcomes_of(f.org, m.year)
                      if (_same_key(ctx, m, a.m, mine, theirs) or _jointly(ctx, f, a)) and same_thing(ctx, f, a)]
        cut = read(ctx, _cut, f)
        lowered = entry.lowers if (entry := ctx.entry(m.metric)) else None
        # A target of an amount to take away (压减地下水超采量7.46亿立方米, 减少农村贫困人口1000万) is met by taking that
        # much away and exceeded by taking more, however its figure's sign is written.
        taken_away = bool(cut) and target.value < 0
        if (not candidates and (cut or lowered)) or taken_away:
            # 压减地下水开采量1.6亿立方米 against 地下水开采量压减1.77亿立方米: how much was taken away, both ways;
            # 1000万农村贫困人口脱贫 against 农村贫困人口减少1240万: how far the level it lowers fell.
            candidates = [replace(a, value=abs(a.value)) for a, _ in outcomes_of(f.org, m.year)
                          if a.unit == f.unit and (cut and read(ctx, _cut, a) == cut or lowered and a.value < 0 and _level_of(ctx, a.m) == lowered)]
            target = replace(target, value=abs(target.value), value_max=None if q.value_max is None else abs(q.value_max),
                             approx=_FLIPPED.get(q.approx, q.approx) if target.value < 0 else q.approx,
                             measure=None, direction=1)
        return target, candidates

    # One report's targets of one key and year: a repeat of the headline statement (same value) is no new target;
    # targets of other values are other works of one kind, each its own.
    stated: dict[tuple[Any, ...], dict[Decimal, Fig]] = {}
    for f in ctx.figures:
        m = f.m
        if not f.is_target or m.year is None or m.key is None or m.section == "span":
            continue
        if m.metric is None and len(m.key.split("/")[0]) < KEY_CHARS:
            continue  # 投资 or 企业 alone says too little to tell one year's from another's
        stated.setdefault((id(f.doc), m.key, m.year, m.measure, f.unit), {}).setdefault(f.value, f)
    for group in stated.values():
        judged = [(f, *against_outcomes(f)) for f in group.values()]
        for f, target, candidates in _shared_out(judged):
            out.extend(_judge(ctx, part, mine, home=f) for part, mine in _by_part(ctx, f, target, candidates))
    return out


def _by_part(ctx: Context, f: Fig, target: Target, candidates: list[Fig]) -> list[tuple[Target, list[Fig]]]:
    """A target for several indicators at once (城乡居民人均可支配收入增长8%; 城镇…、农村…均增长8%) whose outcomes
    are stated for each: one target per indicator, each judged by its own outcome. An outcome for the whole
    (城乡居民人均可支配收入增长7.9%) keeps the target whole."""
    parts = ctx.splits.get(f.m.metric, ()) if f.m.metric else ()
    parts = parts or tuple(k for k in read(ctx, _joint_keys, f).split("\n") if k)

    def part_of(a: Fig) -> str | None:
        if a.m.metric in parts or a.m.key in parts:
            return a.m.metric if a.m.metric in parts else a.m.key
        # 农民人均纯收入 stated for a year whose target named the 农村居民人均可支配收入 that took over from it.
        return _predecessor_of(ctx, a.m.metric, parts)

    groups: dict[str | None, list[Fig]] = {}
    for a in candidates:
        groups.setdefault(part_of(a), []).append(a)
    if None in groups or len(groups) < 2:
        return [(target, candidates)]
    return [(replace(target, metric=p if p in ctx.taxonomy.entries else target.metric), groups[p]) for p in parts if p in groups]


def _predecessor_of(ctx: Context, old: str | None, parts: Sequence[str]) -> str | None:
    """The first of ``parts`` that took over from the indicator ``old`` (taxonomy formerly), if one did."""
    successors = ctx.successors.get(old, frozenset()) if old else frozenset()
    return next((p for p in parts if p in successors), None)


def _shared_out(judged: list[tuple[Fig, Target, list[Fig]]]) -> list[tuple[Fig, Target, list[Fig]]]:
    """Targets of one key in one report (36个老旧小区节能改造, 45个老旧小区综合改造) share their outcomes out: each
    outcome goes to the target whose value is nearest its own, so that no outcome is judged twice."""
    if len(judged) < 2:
        return judged

    def distance(target: Target, a: Fig) -> Decimal:
        return abs(a.value - target.value) / max(abs(target.value), Decimal(1))

    owner: dict[int, int] = {}
    for i, (_, target, candidates) in enumerate(judged):
        for a in candidates:
            j = owner.get(id(a.m))
            if j is None or distance(target, a) < distance(judged[j][1], a):
                owner[id(a.m)] = i
    return [(f, target, [a for a in candidates if owner[id(a.m)] == i]) for i, (f, target, candidates) in enumerate(judged)]


def _cut(_ctx: Context, f: Fig) -> str:
    """What a figure says was taken away, when it says so: the object after a verb of decrease before an amount
    (压减地下水开采量1.6亿立方米, 再减少农村贫困人口1000万), or the subject of a decrease in its own unit
    (地下水开采量压减1.77亿立方米, 农村贫困人口减少1442万人); else empty."""
    m = f.m
    if m.quantity.unit_category in {"percent", "percentage_point", None} or not m.subject:
        return ""
    subject = squeeze(m.subject)
    verb = _decrease_verbs().search(subject)
    rest = subject[verb.end():] if verb else ""
    if m.measure == "growth" and f.value < 0:
        rest = rest if len(rest) >= SPECIFIC_PHRASE else subject
        return indicator_phrase(rest) or rest
    if m.measure != "amount":
        return ""
    return (indicator_phrase(rest) or rest) if len(rest) >= SPECIFIC_PHRASE else ""


@cache
def _decrease_verbs() -> regex.Pattern[str]:
    """The verbs of decrease of measures.tsv (sign -), the last in a text found first."""
    words = sorted((c.word for c in vocabulary().measures if c.extra == "-" and len(c.word) > 1), key=len, reverse=True)
    return regex.compile("|".join(regex.escape(w) for w in words) or "(?!)", regex.REVERSE)


on_reload(_decrease_verbs, "measures.tsv")


def _level_of(ctx: Context, m: Metric) -> str | None:
    entry = ctx.entry(m.metric)
    return entry.level if entry else None


def _core_of(m: Metric) -> str | None:
    return core_phrase(m.key) if m.metric is None and m.key is not None else None


def _same_key(ctx: Context, target: Metric, actual: Metric, mine: str | None, theirs: str | None) -> bool:
    """One key; an entry and one it splits into (城乡居民人均可支配收入均增长7%左右 against the urban 8%); or two keys
    no taxonomy entry names whose phrases, without verbs of doing or adding at their ends, end alike (启动城中村改造 and
    城中村改造启动; 新建美丽乡村 and 美丽乡村; 既有建筑节能改造 and 老旧小区既有建筑节能改造): ``mine`` and ``theirs``
    are those phrases (``_core_of``)."""
    if target.key == actual.key:
        return True
    if _splits_into(ctx, target, actual) or _splits_into(ctx, actual, target) or _took_over(ctx, target, actual):
        return True
    if target.metric in ctx.splits and _predecessor_of(ctx, actual.metric, ctx.splits[target.metric]) is not None:
        return True  # 城乡居民可支配收入增长18% of a year whose rural outcome is still 农民人均纯收入
    if mine is None or theirs is None:
        return False
    (short, _, measure), (long, _, other) = sorted((mine.partition("/"), theirs.partition("/")), key=lambda p: len(p[0]))
    if measure != other:
        return False
    # One phrase (城中村 of 启动城中村改造 and 城中村改造启动), or the same head noun, one phrase qualified more
    # (奋斗镇、建设办建成蔬菜大棚 and 建成蔬菜大棚 are greenhouses).
    return short == long and len(short) >= KEY_CHARS or len(short) >= SPECIFIC_PHRASE and long.endswith(short)


def _jointly(ctx: Context, target: Fig, actual: Fig) -> bool:
    """One figure stated for several indicators (二氧化硫排放量和化学需氧量均削减5.5%): each part has its key."""
    return (target.m.key in read(ctx, _joint_keys, actual).split("\n")
            or actual.m.key in read(ctx, _joint_keys, target).split("\n"))


def _joint_keys(ctx: Context, f: Fig) -> str:
    """The keys of the parts of a subject that names several indicators with a figure for each (均, 分别), one a
    line; empty for any other figure."""
    m = f.m
    if not for_each(f):
        return ""
    keys = []
    for part in JOINER.split(normalize(m.subject or "")):
        mapped = ctx.taxonomy.map(part, m.measure, m.quantity.unit_category).metric
        keys.append(mapped.id if mapped else key_of(None, part, m.measure) or "")
    return "\n".join(keys) if len(keys) > 1 else ""


def _splits_into(ctx: Context, whole: Metric, part: Metric) -> bool:
    return whole.metric is not None and part.metric in ctx.splits.get(whole.metric, ())


def _took_over(ctx: Context, target: Metric, actual: Metric) -> bool:
    """An outcome of the indicator that took over from the target's (公共财政预算收入 → 一般公共预算收入), or of
    one its successor splits into."""
    successors = ctx.successors.get(target.metric, frozenset()) if target.metric else frozenset()
    return actual.metric in successors or any(actual.metric in ctx.splits.get(new, ()) for new in successors)


def file_targets(ctx: Context, _found: Sequence[Finding]) -> list[Finding]:
    """The rows of a targets file, each against the outcomes of the body it names (or of every body audited)."""
    out = []
    for t in ctx.targets:
        def matches(a: Fig, t: Target = t) -> bool:
            if a.m.year != t.year or not a.is_actual or a.m.section not in OUTCOME_SECTIONS:
                return False
            if t.org and not (a.doc.info.org and (t.org in a.doc.info.org or a.doc.info.org in t.org)):
                return False
            if t.metric:
                return a.m.metric == t.metric
            return bool(a.m.subject) and squeeze(t.subject) in squeeze(a.m.subject)

        candidates = [a for a in ctx.figures if matches(a)]
        orgs: Sequence[str | None]
        if t.org:
            orgs = list(dict.fromkeys(a.org for a in candidates))[:1] or [t.org]
        else:
            # A file row without org is about every body audited: one verdict for each.
            orgs = list(dict.fromkeys(org_of(d) for d in ctx.documents)) or [None]
        for org in orgs:
            mine = [a for a in candidates if t.org or a.org == org]
            out.append(_judge(ctx, t, mine, org=org))
    return out


def _judge(ctx: Context, t: Target, candidates: list[Fig], *, home: Fig | None = None,
           org: str | None = None) -> Finding:
    org = home.org if home is not None else org
    body = who(org)
    what = ctx.label(t.metric) or t.subject or "the figure"
    target_text = t.written()
    home_doc = home.doc if home is not None else None

    entry = ctx.entry(t.metric)
    splits = entry.splits if entry is not None else ()

    qualified = read(ctx, residue_of, home) if home is not None else ""
    joint = read(ctx, _joint_keys, home).split("\n") if home is not None else []

    def rank(a: Fig) -> tuple[Any, ...]:
        own = a.doc_year == t.year
        distance = abs((a.doc_year or t.year) - t.year)
        # A target for both groups (城乡…均增长8%, 城镇…、农村…均增长8%) is scored by the first they split into, as
        # the texts list them.
        split = splits.index(a.m.metric) if a.m.metric in splits else joint.index(a.m.key) if a.m.key in joint else 0
        # Of outcomes that all count the target's thing, the one qualified as the target is (近岸海域…), else the
        # headline one (全省技术合同成交总额 before 吸纳京津技术合同成交额, a part of it).
        residue = read(ctx, residue_of, a)
        # A target for the whole body or year (全年新增就业5700人) is scored by an outcome stated so too, not by
        # a project's (新增就业3000人 of an industrial park).
        unscoped = not set(read(ctx, scope_of, home).split()) <= set(read(ctx, scope_of, a).split()) if home else False
        return (a.unit != t.unit, a.m.measure != t.measure, t.metric is not None and a.m.metric in ctx.successors.get(t.metric, ()),
                (a.m.parent is not None) != (home is not None and home.m.parent is not None),
                not own, a.doc is home_doc, a.is_estimate, a.m.section != "review", residue != qualified, unscoped,
                len(residue), split, distance, source_of(a.doc), a.m.quantity.start)

    candidates = sorted(candidates, key=rank)
    target = t.to_dict()
    if target["metric_label"] is None:  # a Target built by hand carries no label: the audit's taxonomy names it
        target["metric_label"] = ctx.label(t.metric)
    base: dict[str, Any] = {"kind": "target", "metric": t.metric, "year": t.year, "org": org, "target": target,
                            "target_source": t.source}
    if not candidates and home is not None:
        said = said_in_words(ctx, home.org, t.year, _names_of(ctx, home))
        if said is not None:
            return _judged_in_words(base, said, f"{body}'s {t.year} target for {what}, {target_text}", home)
    if not candidates:
        reporting = [d for d in ctx.documents if d.info.year == t.year and (org is None or org_of(d) == org)]
        if reporting:
            why = f"{source_of(reporting[0])} reports on {t.year} but gives no {what} figure"
        else:
            why = f"no document reports on {t.year}"
        return Finding(
            **base, verdict="not_reported", severity="info",
            message=f"{body}'s {t.year} target for {what}, {target_text}, cannot be scored: {why}.",
            source=home.source if home else t.source, sentence_start=home.m.sentence_start if home else None,
            sentence_end=home.m.sentence_end if home else None, sentence=home.sentence() if home else None,
            actual=None, actual_source=None, figures=tuple([home.to_dict()] if home else []),
        )
    a = candidates[0]
    evidence: dict[str, Any] = {
        "source": a.source, "sentence_start": a.m.sentence_start, "sentence_end": a.m.sentence_end,
        "sentence": a.sentence(), "actual": a.m.to_dict(), "actual_source": a.source,
        "figures": tuple(x for x in ([home.to_dict()] if home else []) + [a.to_dict()]),
    }
    actual_text = f"{a.m.quantity.text} in {a.source}"
    # A level and a share in one unit read one rate two ways (达标率100% against 优良比率达到98.7%).
    if a.unit != t.unit or (t.measure and a.m.measure != t.measure and not {t.measure, a.m.measure} <= LEVEL_MEASURES):
        return Finding(
            **base, **evidence, verdict="not_comparable", severity="info",
            message=(f"{body}'s {t.year} target for {what}, {target_text}, is not comparable with the outcome "
                     f"{actual_text}: {unit_name(t.unit)} {t.measure or ''} against {unit_name(a.unit)} "
                     f"{a.m.measure}."),
        )
    outcome, details = verdict(t, a.value, ctx.band, ctx.taxonomy.direction_of(t.metric) if t.metric else None)
    how = _HOW[outcome]
    message = f"{body}'s {t.year} target for {what}, {target_text} ({details['rule']}), {how}: {actual_text}."
    return Finding(**base, **evidence, verdict=outcome, severity="warning" if outcome == "missed" else "info",
                   message=message, details=details)


def _names_of(ctx: Context, home: Fig) -> tuple[str, ...]:
    """How a report may name a target's indicator in words: its metric's phrases and those of the general one it is
    part of, or the core of its own key, each long enough to name one thing (KEY_CHARS), longest first."""
    m = home.m
    entry = ctx.entry(m.metric)
    found = entry.phrases if entry is not None else (core_phrase(m.key).partition("/")[0],) if m.key else ()
    whole = ctx.entry(entry.part_of) if entry is not None else None
    if whole is not None:
        found = (*found, *whole.phrases)  # 去产能…超额完成 of 压减钢铁产能1400万吨
    return tuple(sorted({squeeze(n) for n in found if len(squeeze(n)) >= KEY_CHARS}, key=len, reverse=True))


def _judged_in_words(base: dict[str, Any], said: Said, what: str, home: Fig) -> Finding:
    words = said.doc.text[said.start:said.end]
    source = source_of(said.doc)
    how = _HOW[said.verdict]
    # The outcome is the words, not a figure: where they stand, and no value.
    actual = {"text": words, "start": said.start, "end": said.end, "value": None, "unit": None, "subject": said.name}
    return Finding(
        **base, verdict=said.verdict, severity="warning" if said.verdict == "missed" else "info",
        message=f"{what}, {how} in words, with no figure: “{words}” in {source}.",
        source=source, sentence_start=said.sentence_start, sentence_end=said.sentence_end,
        sentence=said.doc.text[said.sentence_start:said.sentence_end], actual=actual, actual_source=source,
        figures=(home.to_dict(),), details={"rule": "stated in words", "name": said.name},
    )
