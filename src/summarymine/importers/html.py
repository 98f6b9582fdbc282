"""The article of an HTML page, through BeautifulSoup with the standard library's parser.

Encoding: a byte-order mark, else the declared charset (``<meta charset>``, ``<meta
http-equiv content="...; charset=...">`` or an XML declaration) when the bytes fit it, else
the text importer's detection. A declared GB2312/GBK page is read as GB18030.

Content: scripts, styles, navigation, header, footer, aside and every element whose class or
id mentions nav, menu, breadcrumb, footer, header or sidebar are dropped (unless it holds most
of the page's paragraph text: a wrapper marked "has-sidebar" is the page). Of what is left, the
article is the element with the most Chinese text in its ``<p>`` children (a parent scores its
paragraphs' CJK characters, the grandparent half of them, as readability does); when no
element gathers a third of the page's Chinese text that way, the whole body is taken. The
page's ``<h1>`` is kept as the first line when it stands outside the article.
Block elements end lines; a table row is one line with its cells joined by tabs.
"""
from __future__ import annotations

import codecs
from typing import TYPE_CHECKING

import regex

from ..extras import needs
from . import text as text_importer
from ._base import Extracted, FormatError

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

_CHARSET = regex.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", regex.I)
_XML_ENCODING = regex.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", regex.I)
_DROP_TAGS = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside",
              "iframe", "svg", "object", "embed", "canvas", "button", "select", "menu"]
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
_BOILERPLATE = regex.compile(r"nav|menu|breadcrumb|footer|header|sidebar", regex.I)
_CJK = regex.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_BLOCKS = {"address", "article", "blockquote", "center", "dd", "details", "dialog", "div", "dl", "dt",
           "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr",
           "li", "main", "ol", "p", "pre", "section", "summary", "table", "caption", "tbody", "thead",
           "tfoot", "ul"}
# A source line break between two CJK characters is no space (CSS Text: segment break transformation).
_CJK_BREAK = regex.compile(r"(?<=\p{Han}|[\u3000-\u303f\uff00-\uffef])[ \t]*[\r\n][ \t\r\n]*"
                           r"(?=\p{Han}|[\u3000-\u303f\uff00-\uffef])")
_SPACES = regex.compile(r"[ \t\r\n\f]+")
_LATIN_ONLY = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}


def read(data: bytes, *, name: str = "") -> Extracted:  # noqa: ARG001
    markup, encoding, warnings = decode(data)
    text = article_text(markup)
    if not text.strip():
        raise FormatError("no article text found in the page")
    return Extracted(text=text, encoding=encoding, warnings=warnings)


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """The page's markup, the encoding it was read in, and warnings about its declaration."""
    if not data:
        raise FormatError("empty file")
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        markup, encoding = text_importer.decode(data)
        return markup, encoding, []
    declared = _declared_charset(data[:4096])
    warnings: list[str] = []
    if declared:
        try:
            codecs.lookup(declared)
        except LookupError:
            warnings.append(f"declared charset {declared!r} is unknown; detected instead")
            declared = None
    if declared:
        found = text_importer.decode_as(data, declared)
        latin = declared.lower() in _LATIN_ONLY or codecs.lookup(declared).name in {"latin-1", "ascii", "cp1252"}
        if found and not (latin and not data.isascii()):
            return found[0], found[1], warnings
        # Declared Latin on bytes that are not ASCII is the classic mislabelled Chinese page: detect.
    markup, encoding = text_importer.decode(data)
    if declared and codecs.lookup(declared).name != codecs.lookup(encoding).name:
        warnings.append(f"declared charset {declared} does not fit the bytes; read as {encoding}")
    return markup, encoding, warnings


def _declared_charset(head: bytes) -> str | None:
    for pattern in (_CHARSET, _XML_ENCODING):
        match = pattern.search(head)
        if match:
            return match.group(1).decode("ascii")
    return None


def article_text(markup: str) -> str:
    with needs("import", "reading HTML"):
        from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    _drop_boilerplate(soup)
    body = soup.body or soup
    article = _article(body)
    lines = _lines(article)
    if article is not body:
        title = body.find("h1")
        if title is not None and not any(h is title for h in article.find_all("h1")):
            heading = _lines(title)
            if lines[:len(heading)] != heading:
                lines = heading + lines
    return "\n".join(lines)


def _drop_boilerplate(soup: BeautifulSoup) -> None:
    from bs4 import Comment, Tag

    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    prose = _prose(soup)
    doomed = []
    for tag in soup.find_all(True):
        if not isinstance(tag, Tag) or tag.name in ("html", "body"):
            continue
        if tag.name in _DROP_TAGS or str(tag.get("role") or "").lower() in _DROP_ROLES:
            doomed.append(tag)
            continue
        marks = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
        if _BOILERPLATE.search(marks) and _prose(tag) * 2 <= prose:
            doomed.append(tag)  # unless it holds most of the page's prose ("main has-sidebar")
    for tag in doomed:
        if not tag.decomposed:
            tag.decompose()


def _prose(element: Tag) -> int:
    """CJK characters in the ``<p>`` elements inside ``element``."""
    return sum(len(_CJK.findall(p.get_text())) for p in element.find_all("p"))


def _article(body: Tag) -> Tag:
    scores: dict[int, float] = {}
    elements: dict[int, Tag] = {}
    for p in body.find_all("p"):
        count = len(_CJK.findall(p.get_text()))
        if not count:
            continue
        parent = p.parent
        for element, share in ((parent, 1.0), (getattr(parent, "parent", None), 0.5)):
            if element is None or element.name in (None, "[document]"):
                continue
            scores[id(element)] = scores.get(id(element), 0.0) + share * count
            elements[id(element)] = element
    if not scores:
        return body
    best_id = max(scores, key=lambda key: scores[key])
    best = elements[best_id]
    page_cjk = len(_CJK.findall(body.get_text()))
    if scores[best_id] * 3 < page_cjk and len(_CJK.findall(best.get_text())) * 3 < page_cjk:
        return body
    return best


def _lines(element: Tag) -> list[str]:
    from bs4.element import Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

    out: list[str] = []

    def visit(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, (Doctype, Declaration, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                out.append(_SPACES.sub(" ", _CJK_BREAK.sub("", str(child))))
            elif isinstance(child, Tag):
                name = child.name
                if name == "br":
                    out.append("\n")
                elif name == "tr":
                    cells = [" ".join(_lines(cell)) for cell in child.find_all(("td", "th"), recursive=False)]
                    out.append("\n" + "\t".join(cells) + "\n")
                elif name in _BLOCKS:
                    out.append("\n")
                    visit(child)
                    out.append("\n")
                else:
                    visit(child)

    visit(element)
    lines = []
    for line in "".join(out).split("\n"):
        cells = [cell.strip() for cell in line.split("\t")]
        if any(cells):
            lines.append("\t".join(cells))
    return lines
