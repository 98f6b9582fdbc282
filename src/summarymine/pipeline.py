"""``extract``: text in, ``Document`` out, through the stages in order.

normalize → quantities (candidates, classified) → attribution → metadata.
The spaCy component and the CLI call this; they add no logic of their own.
"""
from __future__ import annotations

import itertools
from dataclasses import replace
from functools import cache

import regex

from .aliases import AliasesLike
from .attribution import attribute, vocabulary
from .forms import form_cells
from .jurisdiction import currency_of
from .keys import key_of
from .layout import Cell, unit_cells
from .lexicon import cues, longest_first, on_reload
from .metadata import describe
from .names import readable
from .normalize import normalize
from .quantities import MONEY, Quantity, grammar, in_unit, quantities
from .results import Document, Metric
from .segmentation import segmenter
from .taxonomy import Mapping, Taxonomy, default_taxonomy

# What stands between the figure before and an item's subject: 钢铁产能1400万吨、煤炭1000万吨; 种植面积2万亩，产量15万吨.
LIST_JOINERS = frozenset({"、", "，", ","})
# What stands between two names listed before the figures they are given (城镇和农村居民人均可支配收入分别达…).
NAME_JOINERS = frozenset({"、", "和", "与", "及"})
AS_THE_FIRST = ", as the list's first item is written"
# The longest part of a list's first item that a later item may stand for (钢铁 of 压减钢铁产能, for 平板玻璃).
ELLIPTICAL_CHARS = 6
# The longest verb of adding looked for right before a number (新改扩建200所公办幼儿园).
VERB_CHARS = 6


def extract(text: str, *, source: str | None = None, year: int | None = None, org: str | None = None,
            taxonomy: Taxonomy | None = None, aliases: AliasesLike = None) -> Document:
    """Every figure of one document, read, attributed and mapped, as the output contract's ``Document``.

    ``taxonomy`` replaces the default one (``Taxonomy.load(path)``, or
    ``default_taxonomy().extended(Taxonomy.load(path))`` to extend it).
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() takes the document's text as str, not {type(text).__name__}")
    norm = normalize(text)
    found = quantities(text, normalized=norm)
    cells = unit_cells(norm) | form_cells(norm)  # a form knows its cells better than the shape of its lines
    if cells:
        form_labels = sorted({cell.label for cell in cells.values() if cell.in_form and cell.label is not None})
        found = [_in_table_unit(q, cells, form_labels) for q in found]
    figures = [q for q in found if q.is_figure]
    rejected = tuple(q for q in found if not q.is_figure)
    info = describe(text, norm, source=readable(source) if source is not None else None, year=year, org=org, aliases=aliases)
    taxonomy = taxonomy if taxonomy is not None else default_taxonomy()
    local = currency_of(norm)
    figures = [replace(q, currency=local) if q.unit_category in MONEY and q.currency is None else q for q in figures]
    metrics: dict[str, Metric] = {}
    previous: Metric | None = None
    # The first item of the list each item read as it is written stands in (压减钢铁产能1400万吨、煤炭1000万吨、水泥100万吨:
    # 水泥 is read as 钢铁产能 is, not as 煤炭).
    first_items: dict[str, Metric] = {}
    attributed = attribute(text, norm, figures, cells=cells, year=info.year)
    items = _numbered_items(attributed)
    for metric in attributed:
        first = _listed_after(text, metric, previous)
        if first is not None:
            first = first_items.get(first.id, first)
        previous = metrics[metric.id] = _mapped(text, metric, taxonomy, info.year, metrics.get(metric.parent or ""), first,
                                                items.get(metric.id))
        if first is not None and (previous.metric_reason or "").endswith(AS_THE_FIRST):
            first_items[metric.id] = first
    ordered = _named_as_the_last(text, list(metrics.values()), taxonomy)
    return Document(text=text, info=info, metrics=_split(ordered, taxonomy), rejected=rejected)


def _in_table_unit(q: Quantity, cells: dict[int, Cell], form_labels: list[tuple[int, int]]) -> Quantity:
    """A number alone in a table cell takes the unit its table names (a sign before it is in the cell); one in the label
    of a form's row is part of the row's name (属于三类内部事务信息)."""
    if q.is_figure and any(start <= q.start and q.end <= end for start, end in form_labels):
        return replace(q, kind="name", reason="in the label of a standard form's row: part of the row's name")
    cell = cells.get(q.start) or cells.get(q.start - 1)
    if cell is None or cell.unit is None or q.kind != "bare":
        return q
    return in_unit(q, cell.unit) or q


# A name of numbered items: 一二三产增加值, 第一、二、三产业增加值 (numerals, then what they share).
_NUMBERED_NAME = regex.compile(r"(?P<first>第?)(?P<numerals>[一二三四五六七八九十](?:[、,]?第?[一二三四五六七八九十])+)(?P<shared>\p{Han}.*)")


def numbered_names(name: str) -> list[str]:
    """The items a name of numbered items names, in order: 一二三产增加值 → 一产增加值, 二产增加值, 三产增加值;
    第一、二、三产业增加值 → 第一产业增加值, 第二产业增加值, 第三产业增加值. Any other name: none."""
    found = _NUMBERED_NAME.fullmatch(normalize(name).strip())
    if found is None:
        return []
    numerals = [c for c in found["numerals"] if c not in "、,第"]
    return [found["first"] + numeral + found["shared"] for numeral in numerals]


def _numbered_items(metrics: list[Metric]) -> dict[str, str]:
    """The item each figure of a run sharing a name of numbered items stands for, by the figures' order
    (一二三产增加值分别增长3.5%、6%、5%: 3.5% is 一产增加值), where the run has as many figures as the name items."""
    items: dict[str, str] = {}
    for _, run in itertools.groupby(metrics, key=lambda m: (m.subject_start, m.subject_end, m.subject)):
        figures = list(run)
        names = numbered_names(figures[0].subject or "")
        if len(names) == len(figures) >= 2:
            items.update((m.id, name) for m, name in zip(figures, names))
    return items


def _listed_after(text: str, metric: Metric, previous: Metric | None) -> Metric | None:
    """The figure before, when this one's subject stands right after it in a list (压减钢铁产能1400万吨、煤炭1000万吨;
    蔬菜种植面积达到2万亩，产量达到15万吨), with nothing but a linking verb between the subject and the figure."""
    if previous is None or previous.metric is None or metric.subject_start is None or metric.subject_end is None:
        return None
    between = normalize(text[metric.subject_end:metric.quantity.start])
    if between and between not in vocabulary().linking:
        return None
    return previous if text[previous.quantity.end:metric.subject_start] in LIST_JOINERS else None


def _mapped(text: str, metric: Metric, taxonomy: Taxonomy, year: int | None, total: Metric | None,
            listed_after: Metric | None, item: str | None = None) -> Metric:
    # 一、二、三产业增加值: the item 一产业增加值 is written 第一产业增加值.
    written = [] if item is None else [item] if item.startswith("第") else [item, "第" + item]
    found = next((f for f in (taxonomy.map(w, metric.measure, metric.quantity.unit_category) for w in written) if f.metric), None)
    if found is None:
        found = _verb_first(text, metric, taxonomy) or taxonomy.map(metric.subject, metric.measure, metric.quantity.unit_category)
    if listed_after is not None:
        # 单位GDP能耗下降5%以上、二氧化碳排放下降5.8%: an item that maps by itself still reads as the first item is
        # written when that names it more narrowly (单位GDP二氧化碳排放, not all the CO2).
        found = _elliptical(metric, listed_after, taxonomy, narrowing=found.phrase if found.metric else None) or found
    # 其中国家级项目3项: a part counts what its total counts, unless its own subject names more
    # than the total's does (其中小麦42.3万亩 is wheat, of a grain total).
    adds_nothing = found.metric is None or (
        total is not None and found.phrase is not None and found.phrase in normalize(total.subject or ""))
    if total is not None and total.metric and adds_nothing:
        parent_def = taxonomy.entries.get(total.metric)
        if parent_def is not None and parent_def.accepts(metric.measure, metric.quantity.unit_category):
            found = Mapping(parent_def, found.phrase, f"part of {total.id}, which is {total.metric}")
    # A figure in the part about the year ahead is about the year after the one reported on,
    # unless the text names its year.
    figure_year = metric.year
    if figure_year is None and year is not None and metric.section != "span":
        figure_year = year + 1 if metric.section == "plan" else year
    metric_id = found.metric.id if found.metric else None
    return replace(
        metric,
        metric=metric_id,
        metric_label=found.metric.label if found.metric else None,
        metric_reason=found.reason, year=figure_year,
        key=key_of(metric_id, metric.subject, metric.measure),
    )


def _named_as_the_last(text: str, metrics: list[Metric], taxonomy: Taxonomy) -> list[Metric]:
    """Names listed before their figures leave out what the last name says around its noun: 城镇 of
    城镇和农村居民人均可支配收入分别达35512元、25689元 is 城镇居民人均可支配收入, read as 农村居民人均可支配收入 is written."""
    out = list(metrics)
    for i in range(len(out) - 2, -1, -1):
        metric, written = out[i], out[i + 1]
        if (metric.metric is not None or written.metric is None or metric.subject_end is None
                or written.subject_start is None or written.subject_end is None
                or text[metric.subject_end:written.subject_start] not in NAME_JOINERS
                or metric.quantity.start < written.subject_end):
            continue
        found = _elliptical(metric, written, taxonomy, as_written=", as the list's last name is written")
        if found is not None and found.metric is not None:
            out[i] = replace(metric, metric=found.metric.id, metric_label=found.metric.label, metric_reason=found.reason,
                             key=key_of(found.metric.id, metric.subject, metric.measure))
    return out


@cache
def _adding_verbs() -> tuple[str, ...]:
    return longest_first(cues().words["added"])


on_reload(_adding_verbs, "cues.tsv")


def _verb_first(text: str, metric: Metric, taxonomy: Taxonomy) -> Mapping | None:
    """新改扩建200所公办幼儿园 is 新改扩建公办幼儿园523所 written the other way round: a verb of adding right before
    the number, with the subject after it, maps with the subject when a taxonomy phrase names them together."""
    if metric.subject_start is None or metric.subject_start < metric.quantity.end:
        return None
    before = normalize(text[max(metric.sentence_start, metric.quantity.start - VERB_CHARS):metric.quantity.start])
    verb = next((w for w in _adding_verbs() if before.endswith(w)), None)
    if verb is None:
        return None
    subject = normalize(metric.subject or "")
    found = taxonomy.map(verb + subject, metric.measure, metric.quantity.unit_category)
    named_both = found.phrase is not None and found.phrase not in subject and found.phrase not in verb
    return found if found.metric is not None and named_both else None


def _elliptical(metric: Metric, first: Metric, taxonomy: Taxonomy, *, as_written: str = AS_THE_FIRST,
                narrowing: str | None = None) -> Mapping | None:
    """An item of a list that leaves out what another item of it says around its own noun: 煤炭 after
    压减钢铁产能1400万吨、 is 压减煤炭产能 when that is a phrase of the taxonomy, of a metric of the same area (industry.);
    with ``narrowing`` (the phrase the item maps by itself), only a phrase that holds it and says more."""
    assert first.metric is not None
    item = normalize(metric.subject or "")
    named = taxonomy.map(first.subject, first.measure, first.quantity.unit_category).phrase
    if not item or not named:
        return None
    area = first.metric.split(".")[0]
    for start in range(len(named)):
        for end in range(start + 1, min(len(named), start + ELLIPTICAL_CHARS) + 1):
            phrase = named[:start] + item + named[end:]
            if phrase == item or not taxonomy.names(phrase):
                continue
            found = taxonomy.map(phrase, metric.measure, metric.quantity.unit_category)
            if found.metric is None or found.metric.id == first.metric:
                continue
            if (found.metric.id.split(".")[0] == area if narrowing is None
                    else found.phrase is not None and narrowing in found.phrase and len(found.phrase) > len(narrowing)):
                return Mapping(found.metric, found.phrase, f"{found.reason}; {item} read as {phrase}{as_written}")
    return None


def _split(metrics: list[Metric], taxonomy: Taxonomy) -> tuple[Metric, ...]:
    """城乡居民人均可支配收入分别达到24220元和10200元: a run of as many figures of one subject as its entry
    ``splits`` into are those entries in order (urban, then rural)."""
    out: list[Metric] = []
    i = 0
    while i < len(metrics):
        first = metrics[i]
        entry = taxonomy.entries.get(first.metric or "")
        splits = entry.splits if entry is not None else ()
        run = 1
        while splits and i + run < len(metrics) and _same_subject(metrics[i + run], first):
            run += 1
        for n, metric in enumerate(metrics[i:i + run]):
            part = taxonomy.entries.get(splits[n]) if run == len(splits) else None
            if part is not None and part.takes(metric.measure, metric.quantity.unit_category):
                reason = f"{metric.metric_reason}; figure {n + 1} of {run} of {first.metric}, which splits into {', '.join(splits)}"
                metric = replace(metric, metric=part.id, metric_label=part.label, key=part.id, metric_reason=reason)
            out.append(metric)
        i += run
    return tuple(out)


def _same_subject(metric: Metric, first: Metric) -> bool:
    return (metric.metric, metric.subject_start, metric.measure) == (first.metric, first.subject_start, first.measure)


def warm_up() -> None:
    """Load the lexicons and the segmenter now rather than on the first document."""
    grammar()
    vocabulary()
    segmenter()
    default_taxonomy()
