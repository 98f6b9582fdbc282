"""What a document is: title, issuing body, year, period, kind and script.

The year is the one the document reports on: a report delivered to a people's congress early in a
year is on the year before (``2016年3月5日在…人民代表大会`` → 2015), a bulletin or a summary on the
year it names. The period is that year (``"2015"``) or the part of it the document covers
(``"2017-Q1"``, ``"2016-H1"``). Both come from the text first: an archive's header (标题：…, 发文时间：…)
or a file name may belong to another year's report. The body is canonical: one name per body,
through ``aliases.tsv`` and a user's alias file (:class:`Aliases`).
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePath

from .aliases import _PARENT_CITY, AliasesLike, aliases_of
from .lexicon import Row, alternation, bundled, choice, on_reload
from .normalize import script_of
from .results import DocumentInfo

_LINE = re.compile(r"[^\n]+")
# How much of a document's start is read for its body and its dates, and how many lines of it.
HEAD = 600
LEAD_LINES = 12
# 在呼伦贝尔市海拉尔区第十五届人民代表大会: the people's congress a government reports to names its place.
_CONGRESS = re.compile(r"在(?P<place>[\u4e00-\u9fff]{0,14}?)第[^届]{1,4}届\s*(?P<national>全国)?\s*人民代表大会")
_PLACE = r"[^全本我年\s\d\W]{1,7}?[省市区县州旗]"
_TITLE_PLACE = re.compile(r"^(?:关于)?(?:(?:19|20)\d{2}年度?)?(?P<place>[\u4e00-\u9fff]{1,6}?[省市区县旗])")
_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年")
_CN_DIGIT = "〇零一二三四五六七八九0oO"
_CN_YEAR = re.compile(rf"(?P<year>[{_CN_DIGIT}]{{4}})年")
_ROC_YEAR = re.compile(r"(?<![\d])(?P<year>1[01]\d|[4-9]\d)\s*年度")
# 112 年資源循環…成果報告: a title that opens with a year of three digits counts in the Republic's years.
_ROC_TITLE = re.compile(r"^(?:中华民国)?\s*(?P<year>1[01]\d)\s*年")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "0": "0", "o": "0", "O": "0"}
_CN_SMALL = {c: i for i, c in enumerate("〇一二三四五六七八九十", start=0)} | {"正": 1}
# A date: 2016年3月5日, 二〇一九年一月十四日, 2006-02-15, 中华民国 114 年 2 月 25 日 (the day optional).
_DATE = re.compile(
    r"(?P<roc>(?:中华)?民国\s*)?(?<![\d])(?P<year>(?:19|20)\d{2}|1[01]\d|[" + _CN_DIGIT + r"]{4})\s*年\s*"
    r"(?P<month>[0-9]{1,2}|[正一二三四五六七八九十]{1,2})\s*月"
    r"|(?<!\d)(?P<iso>(?:19|20)\d{2})[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)"
)
# 在第十二届全国人民代表大会第四次会议上, 在市十四届人大一次会议上: delivered at a session of a people's congress.
_SESSION = r"在[^，。,\n]{{0,20}}?届\s*(?:全国)?\s*(?:{words})[^，。,\n]{{0,12}}?会议上"
_MONTHS = re.compile(r"(?P<first>\d{1,2})\s*月?\s*(?:至|-|~|—|－|～)\s*(?P<last>\d{1,2})\s*月")
_MONTH_PERIODS = {(1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4", (1, 6): "H1", (7, 12): "H2",
                  (1, 9): "Q1-Q3"}
KINDS = frozenset({"government_work_report", "statistical_bulletin", "work_summary", "target_plan"})


# --------------------------------------------------------------------------- the vocabulary


@dataclass(frozen=True)
class _Vocabulary:
    headers: Mapping[str, str]          # header label → role
    titles: tuple[str, ...]
    kinds: tuple[tuple[str, str], ...]
    suffixes: tuple[str, ...]
    officers: tuple[str, ...]
    title_words: tuple[tuple[str, str], ...]
    offices: tuple[str, ...]
    issues: tuple[str, ...]
    not_names: tuple[str, ...]
    not_in_name: tuple[str, ...]
    shorts: tuple[tuple[str, str], ...]
    congress: tuple[str, ...]
    delivered: tuple[str, ...]
    review: tuple[str, ...]
    past: tuple[str, ...]
    periods: Mapping[str, str]
    current: tuple[str, ...]
    # Regexes built from the words.
    name_line: re.Pattern[str] = field(init=False)
    title_org: re.Pattern[str] = field(init=False)
    title_place: re.Pattern[str] = field(init=False)
    issuer: re.Pattern[str] = field(init=False)
    session: re.Pattern[str] = field(init=False)
    reviewed: re.Pattern[str] = field(init=False)
    period_word: re.Pattern[str] = field(init=False)
    stated: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        suffix = alternation(self.suffixes)
        officer = alternation(self.officers)
        set_ = object.__setattr__
        set_(self, "name_line", re.compile(rf"^(?P<org>[\u4e00-\u9fffXx]{{1,16}}?(?:{suffix}))(?:(?:{officer}).*)?$"))
        set_(self, "title_org", re.compile(
            rf"^(?:关于|[0-9{_CN_DIGIT}]{{4}}年度?)?(?P<org>[\u4e00-\u9fffXx]{{2,16}}?(?:{suffix}))"))
        words = alternation(w for w, _ in self.title_words)
        set_(self, "title_place", re.compile(
            rf"(?:(?:19|20)\d{{2}}年)?(?P<place>{_PLACE})(?:(?:19|20)\d{{2}}年度?)?(?P<word>{words})"))
        set_(self, "issuer", re.compile(
            rf"(?:^|[,，。;；:：\n])\s*(?P<org>[\u4e00-\u9fff]{{1,10}}?(?:{suffix}))(?:{alternation(self.issues)})"))
        set_(self, "session", re.compile(_SESSION.format(words=alternation(self.congress))))
        set_(self, "reviewed", re.compile(
            rf"(?:{alternation(self.past)})\s*(?P<past>(?:19|20)\d{{2}})\s*年"
            rf"|(?<!\d)(?P<year>(?:19|20)\d{{2}})\s*年[^\n。，,]{{0,6}}?(?:{alternation(self.review)})"))
        set_(self, "period_word", re.compile(alternation(self.periods)))
        set_(self, "stated", re.compile(
            r"(?:(?P<year>(?:19|20)\d{2}|1[01]\d)\s*年\s*)?(?P<first>\d{1,2})\s*月\s*(?:至|-|~|—|－|～)\s*"
            rf"(?P<last>\d{{1,2}})\s*月\s*[(（]?\s*(?:{alternation(self.current)})"))


@cache
def vocabulary() -> _Vocabulary:
    bodies = bundled("bodies.tsv", 2, 3)
    dates = bundled("dates.tsv", 2, 3)

    def words(rows: tuple[Row, ...], role: str) -> tuple[str, ...]:
        return tuple(r.fields[0] for r in rows if r.fields[1] == role)

    def valued(rows: tuple[Row, ...], role: str) -> tuple[tuple[str, str], ...]:
        return tuple((r.fields[0], r.fields[2]) for r in rows if r.fields[1] == role and len(r.fields) > 2)

    return _Vocabulary(
        headers={r.fields[0].lower(): r.fields[1] for r in bundled("headers.tsv", 2)},
        titles=tuple(r.fields[0] for r in bundled("titles.tsv", 1)),
        kinds=tuple((r.fields[0], choice(r, 1, KINDS)) for r in bundled("kinds.tsv", 2)),
        suffixes=words(bodies, "suffix"), officers=words(bodies, "officer"),
        title_words=valued(bodies, "title_word"), offices=words(bodies, "office"),
        issues=words(bodies, "issues"), not_names=words(bodies, "not_name"),
        not_in_name=words(bodies, "not_in_name"), shorts=valued(bodies, "short"),
        congress=words(dates, "congress"), delivered=words(dates, "delivered"), review=words(dates, "review"), past=words(dates, "past"),
        periods=dict(valued(dates, "period")), current=words(dates, "current"),
    )


on_reload(vocabulary)


# --------------------------------------------------------------------------- the header and the title


@dataclass(frozen=True)
class _Header:
    """An archive's header lines: where the document's own text starts, and the spans of the values."""

    end: int = 0
    values: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def value(self, norm: str, role: str) -> str | None:
        span = self.values.get(role)
        return norm[span[0]:span[1]].strip() if span else None


_HEADER_LINE = re.compile(r"\s*(?P<label>[^\s:：]{1,8})\s*[:：]\s*(?P<value>[^\n]*)")


def _header(norm: str) -> _Header:
    labels = vocabulary().headers
    values: dict[str, tuple[int, int]] = {}
    found = 0
    end = 0
    for number, match in enumerate(_LINE.finditer(norm)):
        if number >= LEAD_LINES:
            break
        line = _HEADER_LINE.match(match.group())
        role = labels.get(line["label"].lower()) if line else None
        if line is None or role is None:
            if match.group().strip():
                break
            continue
        found += 1
        start = match.start() + line.start("value")
        values.setdefault(role, (start, match.start() + line.end("value")))
        end = match.end()
        if role == "text":
            end = start
            break
    return _Header(end, values) if found >= 2 else _Header()


def title_of(text: str, norm: str) -> str | None:
    """The first short line that names the document; breadcrumb and site lines are passed over, and
    an archive's header gives its title (标题：…)."""
    span = _title_span(norm, _header(norm))
    return text[span[0]:span[1]] if span else None


def _title_span(norm: str, header: _Header) -> tuple[int, int] | None:
    v = vocabulary()
    given = header.values.get("title")
    if given and norm[given[0]:given[1]].strip():
        start, end = given
        line = norm[start:end]
        return start + len(line) - len(line.lstrip()), start + len(line.rstrip())
    lines = []
    # Line by line, not norm.split: a text of millions of lines would be copied to read twelve.
    for match in _LINE.finditer(norm, header.end):
        line = match.group()
        stripped = line.strip()
        if stripped:
            lines.append((match.start() + line.find(stripped[0]), stripped))
            if len(lines) >= LEAD_LINES:
                break
    for start, line in lines:
        compact = line.replace(" ", "").replace("\u3000", "")
        if len(compact) <= 60 and ">" not in line and any(w in compact for w in v.titles) and "。" not in compact:
            return start, start + len(line)
    for start, line in lines:
        if 4 <= len(line) <= 40 and ">" not in line and not any(p in line for p in "，。；,;"):
            return start, start + len(line)
    return None


# --------------------------------------------------------------------------- the year and the period


def year_of(norm_title: str, norm: str, source: str | None) -> int | None:
    """The year the document reports on (see the module's docstring)."""
    return _dates(norm_title, norm, source, _header(norm))[0]


def _dates(norm_title: str, norm: str, source: str | None, header: _Header) -> tuple[int | None, str | None]:
    """The year reported on and the part of it covered (a period code such as ``Q1``, or None)."""
    v = vocabulary()
    body = norm[header.end:]
    head = body[:HEAD * 2]
    title = _compact(norm_title)
    stated = v.stated.search(body[:HEAD * 4])
    code = _months(stated) if stated else None
    code = code or _period_word(title) or _period_word(_lead(body, norm_title))
    # A report delivered to a congress or a legislature early in a year: its title says so (政府工作报告,
    # 施政报告; the year it names is the year of delivery), or names the session it is delivered at.
    report = any(w in title for w in v.delivered) or v.session.search(title) is not None
    # A report to a congress is dated beside the session, and its review heading names the year it is
    # on (一、2014年工作回顾): these win over a title (a header's may be another year's). Other documents
    # are on the year of their title: a plan reviews the year before it (青河县2024年重点工作计划).
    cues: tuple[Callable[[], int | None], ...] = (
        lambda: _delivered(head, v) if report else None,
        lambda: _reviewed(body, v) if report else None,
        lambda: _delivered(title, v),
        lambda: _stated_year(stated),
        lambda: _title_year(title, report),
        lambda: _reviewed(body, v),
        lambda: _first_date(head, report) if report else None,
        lambda: _first_date(header.value(norm, "date") or "", report) if report else None,
        lambda: _lead_year(body, norm_title),
        lambda: _latest_year(body) if code else None,
        lambda: _source_year(source),
        lambda: _first_year(head),
    )
    for cue in cues:
        year = cue()
        if year is not None:
            return year, code
    return None, code


def _compact(title: str) -> str:
    """A title without spaces, and without the marks before it (# of a markdown heading)."""
    return re.sub(r"^[#*>\s]+", "", title).replace(" ", "").replace("\u3000", "")


def period_of(year: int | None, code: str | None) -> str | None:
    """``2017-Q1`` for a part of a year, ``2017`` for a whole one, None without a year."""
    if year is None:
        return None
    return f"{year}-{code}" if code else str(year)


def _number(text: str) -> int:
    return int("".join(_CN_DIGITS.get(c, c) for c in text))


def _delivered(text: str, v: _Vocabulary) -> int | None:
    """A report delivered to a people's congress is on the year before the date beside the session."""
    for session in v.session.finditer(text):
        # The date stands just before 在…第N届 or a line or two after the session.
        window_start = max(0, session.start() - 60)
        near = [(abs(d.start() - session.start()), d) for d in _DATE.finditer(text, window_start, session.end() + 60)]
        if near:
            year = _date_year(min(near, key=lambda pair: pair[0])[1])
            if year is not None:
                return year - 1
    return None


def _date_year(date: re.Match[str]) -> int | None:
    if date["iso"]:
        return int(date["iso"])
    text = date["year"]
    if len(text) == 4 and not text.isdigit():
        return _number(text)
    year = int(text)
    # A year of three digits with a month (113 年 7 月) counts in the Republic's years.
    return year + 1911 if year < 200 else year


def _reviewed(body: str, v: _Vocabulary) -> int | None:
    m = v.reviewed.search(body)
    if m is None:
        return None
    return int(m["past"] or m["year"])


def _stated_year(stated: re.Match[str] | None) -> int | None:
    if stated is None or not stated["year"]:
        return None
    year = int(stated["year"])
    return year + 1911 if year < 200 else year


def _title_year(title: str, report: bool) -> int | None:
    # A government work report's title names the year it is delivered in (2026年上海市政府工作报告).
    shift = 1 if report else 0
    for pattern in (_YEAR, _CN_YEAR):
        m = pattern.search(title)
        if m:
            return _number(m["year"]) - shift
    m = _ROC_YEAR.search(title) or _ROC_TITLE.search(title)
    if m:
        return int(m["year"]) + 1911 - shift
    return None


def _first_date(text: str, report: bool) -> int | None:
    for date in _DATE.finditer(text):
        year = _date_year(date)
        if year is not None:
            return year - (1 if report else 0)
    return None


def _lead(body: str, norm_title: str) -> str:
    """The first lines after the title: where a document says what it covers (实现了首季“开门红”)."""
    start = body.find(norm_title) + len(norm_title) if norm_title and norm_title in body[:HEAD * 2] else 0
    lines: list[str] = []
    for m in _LINE.finditer(body, start):
        if m.group().strip():
            lines.append(m.group())
            if len(lines) == 2:
                break
    return "".join(lines)[:200]


def _lead_year(body: str, norm_title: str) -> int | None:
    """2014年，全市上下…: a lead that opens with a year reports on it."""
    m = re.match(r"\s*(?P<year>(?:19|20)\d{2})\s*年\s*[,，是]", _lead(body, norm_title))
    return int(m["year"]) if m else None


def _latest_year(body: str) -> int | None:
    """A report on part of a year compares with years before it (比2016年全年): the latest year it
    names, not as a horizon (到2020年), is its own."""
    years = [int(m["year"]) for m in _YEAR.finditer(body) if body[max(0, m.start() - 1):m.start()] not in ("到", "至")]
    return max(years) if years else None


def _source_year(source: str | None) -> int | None:
    if source:
        m = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", PurePath(source).name)
        if m:
            return int(m.group(1))
    return None


def _first_year(head: str) -> int | None:
    m = _YEAR.search(head[:HEAD])
    return int(m["year"]) if m else None


def _months(stated: re.Match[str]) -> str | None:
    return _MONTH_PERIODS.get((int(stated["first"]), int(stated["last"])))


def _period_word(text: str) -> str | None:
    v = vocabulary()
    m = v.period_word.search(text)
    if m:
        return v.periods[m.group()]
    months = _MONTHS.search(text)
    return _months(months) if months else None


# --------------------------------------------------------------------------- the body


def org_of(norm_title: str, norm: str) -> str | None:
    """The body that issued the document, as the text names it (without the city before a district)."""
    org = _find_org(norm_title, norm, _header(norm))
    return _PARENT_CITY.sub("", org) if org else None


def _find_org(norm_title: str, norm: str, header: _Header) -> str | None:
    v = vocabulary()
    labelled = header.value(norm, "body")
    if labelled:
        return labelled.replace(" ", "")
    body = norm[header.end:]
    head = body[:HEAD]
    title = _compact(norm_title)
    for text in (head, title):
        congress = _CONGRESS.search(text)
        if congress:
            if congress["national"] or not congress["place"]:
                return "国务院"
            return congress["place"] + "人民政府"
    for match in _LINE.finditer(body):
        if match.start() >= HEAD:
            break
        line = v.name_line.match(re.sub(r"\s+", "", match.group()))
        if line and len(line["org"]) >= 3:
            return line["org"]
    place = v.title_place.search(re.sub(r"^关于", "", title))
    if place:
        return place["place"] + dict(v.title_words)[place["word"]]
    m = v.title_org.search(title)
    if m and not any(w in m["org"] for w in v.not_in_name):
        return m["org"]
    return _office(title, body, v) or _issuer(body, norm_title, v) or _short_name(body, v)


def _office(title: str, body: str, v: _Vocabulary) -> str | None:
    """县河长办 in a text whose title is 石城县…河长制…: the county's office for the work the title names."""
    place = _TITLE_PLACE.search(title)
    if place is None:
        return None
    level = place["place"][-1]
    pattern = re.compile(rf"{level}(?P<stem>[\u4e00-\u9fff]{{2,4}}?)(?P<end>{alternation(v.offices)})")
    named = Counter(m["stem"] + m["end"] for m in pattern.finditer(body) if m["stem"] in title)
    if not named:
        return None
    return place["place"] + named.most_common(1)[0][0]


def _issuer(body: str, norm_title: str, v: _Vocabulary) -> str | None:
    """…的达成状况，环境部订定两项总体指标: the body that sets what the document reports, in its lead."""
    start = body.find(norm_title) + len(norm_title) if norm_title and norm_title in body[:HEAD] else 0
    lead = re.sub(r"[ \t\u3000]*\n[ \t\u3000]*(?=[\u4e00-\u9fff])", "", body[start:start + HEAD])
    for m in v.issuer.finditer(lead):
        if not m["org"].startswith(v.not_names):
            return m["org"]
    return None


def _short_name(body: str, v: _Vocabulary) -> str | None:
    """市府 said three times or more in a text that names 新北市 most: 新北市政府."""
    for short, full in v.shorts:
        if body.count(short) < 3:
            continue
        level = short[0]
        places = Counter(m.group(1) for m in re.finditer(rf"(?=([\u4e00-\u9fff]{{2}}){level}(?![府政委]))", body))
        if places:
            place, seen = places.most_common(1)[0]
            if seen >= 2:
                return place + full
    return None


# --------------------------------------------------------------------------- the kind, the currency


def kind_of(norm_title: str, norm: str) -> str | None:
    for haystack in (norm_title.replace(" ", ""), norm[:400].replace(" ", "")):
        for word, kind in vocabulary().kinds:
            if word in haystack:
                return kind
    return "other" if norm.strip() else None


def describe(text: str, norm: str, *, source: str | None, year: int | None, org: str | None,
             aliases: AliasesLike = None) -> DocumentInfo:
    """The document's record. ``year`` and ``org`` given override what the text says; the body, given
    or found, is put under its canonical name (``aliases``: an ``Aliases`` or the path of an alias file,
    added to the bundled ``aliases.tsv``)."""
    header = _header(norm)
    span = _title_span(norm, header)
    title = text[span[0]:span[1]] if span else None
    norm_title = norm[span[0]:span[1]] if span else ""
    kind = kind_of(norm_title, norm)
    found_year, code = _dates(norm_title, norm, source, header)
    body = org if org is not None else _find_org(norm_title, norm, header)
    if body is not None and org is None:
        body = _PARENT_CITY.sub("", body)
    the_year = year if year is not None else found_year
    return DocumentInfo(
        source=source,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=title,
        org=aliases_of(aliases).canonical(body),
        year=the_year,
        kind=kind,
        script=script_of(text),
        chars=len(text),
        period=period_of(the_year, code),
    )
