"""Importers: every format and encoding read back to the seed's text, every broken file one failure."""
from __future__ import annotations

import codecs
import io
import itertools
import os
import re
import zipfile
from pathlib import Path

import opencc
import pytest

from paths import shared
from summarymine.errors import InputError
from summarymine.importers import ImportedDocument, ImportFailure, Limits, iter_documents, read_document, read_text
from timing import LINEAR, doubling_ratios

SEED_PATH = shared("seed", "000_c8039014f39d426f.txt")
SEED = SEED_PATH.read_text(encoding="utf-8")  # traditional characters, mainland variants (爲, 羣)
SIMPLIFIED = opencc.OpenCC("t2s").convert(SEED)
# Big5 has no 爲/羣/衆 (mainland variants) nor U+00A0: the Taiwan forms, and a space where Big5 has nothing.
BIG5_TEXT = "".join(ch if ch.encode("big5", errors="ignore") else " " for ch in opencc.OpenCC("t2tw").convert(SEED))
MB = 1024 * 1024


def figure_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that hold a figure (a digit), as they should come out of a PDF or a page."""
    out = []
    for line in text.splitlines():
        for sentence in re.split(r"(?<=[。；;])", line):
            sentence = sentence.strip()
            if re.search(r"\d", sentence) and len(sentence) > 4:
                out.append(sentence)
    return out


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- builders


def write_docx(path: Path | io.BytesIO, before: list[str], table: list[list[str]], after: list[str]) -> None:
    import docx

    document = docx.Document()
    for line in before:
        document.add_paragraph(line)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    for line in after:
        document.add_paragraph(line)
    document.save(str(path) if isinstance(path, Path) else path)


def pdf_bytes(paragraphs: list[str], *, blank_pages: int = 0) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK")
    story = [Paragraph(p.replace("&", "&amp;").replace("<", "&lt;"), style) for p in paragraphs if p.strip()]
    if not story:
        story = [Spacer(1, 10)]
    for _ in range(blank_pages):
        story += [PageBreak(), Spacer(1, 10)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


NAV = "网站首页 | 机构概况 | 政务公开 | 办事服务"
CRUMB = "当前位置：首页 > 事务文书 > 工作总结"
FOOTER = "版权所有：某某区人民政府办公室 备案号12345678"
RELATED = "相关链接：某某市政府门户网站"
BOILERPLATE = [NAV, "当前位置", FOOTER, RELATED, "热点文章", "visits", "text-indent", "某某区人民政府"]


def html_page(title: str, paragraphs: list[str], *, meta: str, conv=str) -> str:
    """A government-site page: header, navigation, breadcrumb, aside, sidebar and footer around the article.

    ``conv`` converts the page's own Chinese (simplified) when the page must be traditional (Big5)."""
    body = "\n".join(f"<p>\u3000\u3000{p}</p>" for p in paragraphs if p.strip())
    return f"""<!DOCTYPE html>
<html><head>{meta}<title>{title} - {conv("某某网")}</title>
<style>p {{ text-indent: 2em }}</style><script>var visits = 123456;</script></head>
<body>
<header><div class="logo">{conv("某某区人民政府")}</div></header>
<div id="topnav"><ul><li><a href="/">{conv(NAV)}</a></li></ul></div>
<div class="breadcrumb">{conv(CRUMB)}</div>
<div class="main">
  <h1>{title}</h1>
  <div class="TRS_Editor">
{body}
  </div>
  <aside><p>{conv(RELATED)}，{conv("阅读次数")}：98765</p></aside>
</div>
<div class="sidebar"><p>{conv("热点文章：2023年度预算公开")}</p></div>
<footer><p>{conv(FOOTER)}</p></footer>
</body></html>"""


class GBKName(zipfile.ZipInfo):
    """A member name stored in GBK without the UTF-8 flag, as Windows archivers in China write it."""

    def __init__(self, name: str) -> None:
        super().__init__(name.encode("gbk").decode("cp437"))

    def _encodeFilenameFlags(self):
        return self.filename.encode("cp437"), self.flag_bits


def zip_bytes(members: dict[str | zipfile.ZipInfo, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            if isinstance(name, zipfile.ZipInfo):
                name.compress_type = method
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb() -> bytes:
    """200 MB of zeros deflated to about 200 KB, streamed in 1 MB pieces (never 200 MB in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "今年完成产值3亿元。".encode())
        with archive.open("zeros.txt", "w") as stream:
            chunk = bytes(MB)
            for _ in range(200):
                stream.write(chunk)
    return out.getvalue()


def encrypted_zip() -> bytes:
    """A member flagged as encrypted: zipfile cannot encrypt, so the flag bit is set in both headers."""
    data = bytearray(zip_bytes({"secret.txt": "机密".encode(), "open.txt": "公开".encode()}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        local = archive.getinfo("secret.txt").header_offset
    central = data.index(b"PK\x01\x02\x14")
    while not data[central + 46:].startswith(b"secret.txt"):
        central = data.index(b"PK\x01\x02", central + 4)
    data[local + 6] |= 0x1
    data[central + 8] |= 0x1
    return bytes(data)


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    return pdf_bytes(SIMPLIFIED.split("\n"), blank_pages=1)


# --------------------------------------------------------------------------- plain text


TEXT_CASES = [
    # (label, bytes, the text, the encoding recorded)
    ("utf-8", SEED.encode("utf-8"), SEED, "utf-8"),
    ("utf-8 with BOM", codecs.BOM_UTF8 + SEED.encode("utf-8"), SEED, "utf-8-sig"),
    ("utf-16 with BOM", codecs.BOM_UTF16_LE + SEED.encode("utf-16-le"), SEED, "utf-16-le"),
    ("utf-16-be with BOM", codecs.BOM_UTF16_BE + SEED.encode("utf-16-be"), SEED, "utf-16-be"),
    ("gb18030 simplified", SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "gb18030"),
    ("gb18030 traditional", SEED.encode("gb18030"), SEED, "gb18030"),
    ("gbk short", "今年完成产值3亿元，同比增长12%。".encode("gbk"), "今年完成产值3亿元，同比增长12%。", "gb18030"),
    ("big5 traditional", BIG5_TEXT.encode("big5"), BIG5_TEXT, "big5"),
    ("utf-16 without BOM", SIMPLIFIED.encode("utf-16-le"), SIMPLIFIED, "utf-16-le"),
]


@pytest.mark.parametrize("label,data,expected,encoding", TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_text_in_every_common_encoding(tmp_path, label, data, expected, encoding):
    path = tmp_path / "summary.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert (doc.format, doc.encoding) == ("text", encoding), label
    assert doc.text == expected
    assert doc.path == str(path) and doc.warnings == ()


BAD_TEXT = [
    # (label, bytes, words the reason must have)
    ("empty", b"", ["empty file"]),
    ("binary with NUL", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, ["binary data, not text"]),
    ("binary without NUL", bytes(range(1, 32)) * 40, ["binary data, not text"]),
    ("undecodable gb18030", SIMPLIFIED.encode("gb18030")[:3000] + b"\xff" + SIMPLIFIED.encode("gb18030")[3000:],
     ["undecodable", "gb18030", "offset 3000"]),
    ("undecodable utf-8", SEED.encode("utf-8")[:999] + b"\xc0" + SEED.encode("utf-8")[999:],
     ["undecodable", "utf-8", "offset 999"]),
]


@pytest.mark.parametrize("label,data,words", BAD_TEXT, ids=[c[0] for c in BAD_TEXT])
def test_bad_text_is_one_clear_failure(tmp_path, label, data, words):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    items = list(iter_documents([path]))
    assert len(items) == 1 and isinstance(items[0], ImportFailure), label
    for word in words:
        assert word in items[0].reason, (word, items[0].reason)
    with pytest.raises(InputError, match=re.escape(str(path))):
        read_document(path)


def test_read_text_keeps_its_old_contract(tmp_path):
    assert read_text(SEED_PATH) == SEED
    with pytest.raises(InputError, match="missing.txt"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


# --------------------------------------------------------------------------- docx, pdf, html, doc


TABLE = [["指标", "2022年", "2023年"], ["科技项目", "30项", "36项"], ["专项资金", "250万元", "300余万元"]]


def test_docx_paragraphs_and_tables_in_reading_order(tmp_path):
    lines = SEED.split("\n")
    path = tmp_path / "summary.docx"
    write_docx(path, lines[:10], TABLE, lines[10:])
    doc = read_document(path)
    table_text = ["\t".join(row) for row in TABLE]
    assert doc.format == "docx" and doc.encoding is None
    assert doc.text == "\n".join(lines[:10] + table_text + lines[10:])


def test_pdf_text_layer_and_a_scanned_page(tmp_path, seed_pdf):
    path = tmp_path / "summary.pdf"
    path.write_bytes(seed_pdf)
    doc = read_document(path)
    assert doc.format == "pdf"
    pages = doc.warnings
    assert len(pages) == 1 and re.fullmatch(r"page \d+ has no text layer \(scanned\?\)", pages[0]), pages
    for paragraph in SIMPLIFIED.split("\n"):
        assert squeeze(paragraph) in squeeze(doc.text)
    # Lines wrapped by the page are joined again: each figure's sentence is whole on one line.
    sentences = figure_sentences(SIMPLIFIED)
    assert len(sentences) > 30
    missing = [s for s in sentences if s not in doc.text]
    assert not missing, missing[:3]


def test_pdf_without_text_needs_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes([], blank_pages=1))
    with pytest.raises(InputError, match="no text layer: OCR it first"):
        read_document(path)


HTML_CASES = [
    # (label, encoding to write, meta, text, encoding recorded)
    ("meta charset gb2312", "gbk", '<meta charset="gb2312">', SIMPLIFIED, "gb18030"),
    ("http-equiv big5", "big5", '<meta http-equiv="Content-Type" content="text/html; charset=big5">',
     BIG5_TEXT, "big5"),
    ("no declaration, utf-8", "utf-8", "", SEED, "utf-8"),
    ("no declaration, gb18030", "gb18030", "", SEED, "gb18030"),
    ("declared latin-1, really gbk", "gbk", '<meta charset="iso-8859-1">', SIMPLIFIED, "gb18030"),
]


@pytest.mark.parametrize("label,codec,meta,text,encoding", HTML_CASES, ids=[c[0] for c in HTML_CASES])
def test_html_article_without_navigation(tmp_path, label, codec, meta, text, encoding):
    lines = text.split("\n")
    title, paragraphs = lines[4], lines[6:]
    path = tmp_path / "page.html"
    conv = opencc.OpenCC("s2tw").convert if codec == "big5" else str
    path.write_bytes(html_page(title, paragraphs, meta=meta, conv=conv).encode(codec))
    doc = read_document(path)
    assert (doc.format, doc.encoding) == ("html", encoding), label
    assert doc.text.splitlines()[0] == title
    for sentence in figure_sentences("\n".join(paragraphs)):
        assert sentence in doc.text
    for boilerplate in BOILERPLATE:
        assert conv(boilerplate) not in doc.text, boilerplate


def test_content_decides_not_the_name(tmp_path, seed_pdf):
    pdf_as_txt = tmp_path / "really_a_pdf.txt"
    pdf_as_txt.write_bytes(seed_pdf)
    page_as_txt = tmp_path / "really_a_page.txt"
    page_as_txt.write_bytes(html_page("标题", ["今年完成产值3亿元。"], meta="").encode())
    docx_without_extension = tmp_path / "report"
    write_docx(docx_without_extension, ["今年完成产值3亿元。"], [["a", "b"]], [])
    assert read_document(pdf_as_txt).format == "pdf"
    assert read_document(page_as_txt).format == "html"
    assert read_document(docx_without_extension).text == "今年完成产值3亿元。\na\tb"


def test_legacy_doc_without_a_converter(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(InputError, match=re.escape("legacy .doc: convert to .docx first (e.g. libreoffice --headless")):
        read_document(path)


def test_legacy_doc_through_antiword(tmp_path, monkeypatch):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    tool = bindir / "antiword"
    tool.write_text('#!/bin/sh\ntest -f "$5" && printf "今年完成产值3亿元。\\n"\n', encoding="utf-8")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(bindir))
    path = tmp_path / "old.bin"  # the OLE2 header decides, not the name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    doc = read_document(path)
    assert (doc.format, doc.text) == ("doc", "今年完成产值3亿元。\n")
    assert doc.warnings == ("converted from legacy .doc by antiword",)


# --------------------------------------------------------------------------- folders and archives


def build_tree(root: Path, seed_pdf: bytes) -> None:
    """A folder of good documents, with a zip holding a nested zip, and every kind of bad file."""
    (root / "sub").mkdir(parents=True)
    (root / "a_utf8.txt").write_bytes(SEED.encode("utf-8"))
    write_docx(root / "sub" / "b.docx", SEED.split("\n")[:5], TABLE, [])
    (root / "sub" / "c.pdf").write_bytes(seed_pdf)
    (root / "sub" / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))  # not a document: passed over
    (root / ".hidden.txt").write_bytes(b"\x00\x01")  # hidden: passed over
    inner = zip_bytes({
        "e.html": html_page("标题", ["今年完成产值3亿元。"], meta='<meta charset="utf-8">').encode(),
        "deeper/f.txt": SIMPLIFIED.encode("gb18030"),
        "deeper/g_empty.txt": b"",
    })
    docx_buffer = io.BytesIO()
    write_docx(docx_buffer, ["文档里的一段。"], [["x", "y"]], [])
    outer = zip_bytes({
        GBKName("总结/科技局.txt"): BIG5_TEXT.encode("big5"),
        "inner/nested.zip": inner,
        "inner/h.docx": docx_buffer.getvalue(),
        "__MACOSX/._h.docx": b"\x00\x05\x16\x07",  # a resource fork: passed over
        "pic.jpg": b"\xff\xd8\xff\xe0" + bytes(32),  # not a document: passed over
    })
    (root / "d_archive.zip").write_bytes(outer)
    bad = root / "zz_bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    (bad / "bomb.zip").write_bytes(zip_bomb())
    (bad / "corrupt.docx").write_bytes(b"PK\x03\x04" + b"\x14\x00not really a zip" * 8)
    broken_docx = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"})
    (bad / "corrupt2.docx").write_bytes(broken_docx)
    (bad / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + b"garbage, not objects\n" * 20)
    (bad / "corrupt.zip").write_bytes(b"PK\x03\x04" + os.urandom(100))
    (bad / "empty.txt").write_bytes(b"")
    (bad / "encrypted.zip").write_bytes(encrypted_zip())
    (bad / "slip.zip").write_bytes(zip_bytes({"../evil.txt": b"evil", "/abs/evil2.txt": b"evil",
                                              "ok.txt": "好".encode()}))
    gb = SIMPLIFIED.encode("gb18030")
    (bad / "undecodable.txt").write_bytes(gb[:100] + b"\xff" + gb[100:])


# (path relative to the folder, the text it must equal or a word its failure reason must have)
WALK = [
    ("a_utf8.txt", ImportedDocument, SEED),
    ("d_archive.zip!/inner/h.docx", ImportedDocument, "文档里的一段。\nx\ty"),
    ("d_archive.zip!/inner/nested.zip!/deeper/f.txt", ImportedDocument, SIMPLIFIED),
    ("d_archive.zip!/inner/nested.zip!/deeper/g_empty.txt", ImportFailure, "empty file"),
    ("d_archive.zip!/inner/nested.zip!/e.html", ImportedDocument, "标题\n今年完成产值3亿元。"),
    ("d_archive.zip!/总结/科技局.txt", ImportedDocument, BIG5_TEXT),
    ("sub/b.docx", ImportedDocument, "\n".join(SEED.split("\n")[:5] + ["\t".join(r) for r in TABLE])),
    ("sub/c.pdf", ImportedDocument, None),
    ("zz_bad/binary.txt", ImportFailure, "binary data, not text"),
    ("zz_bad/bomb.zip!/readme.txt", ImportedDocument, "今年完成产值3亿元。"),
    ("zz_bad/bomb.zip!/zeros.txt", ImportFailure, "compression ratio"),
    ("zz_bad/corrupt.docx", ImportFailure, "corrupt .docx"),
    ("zz_bad/corrupt.pdf", ImportFailure, "corrupt PDF"),
    ("zz_bad/corrupt.zip", ImportFailure, "corrupt zip"),
    ("zz_bad/corrupt2.docx", ImportFailure, "corrupt .docx"),
    ("zz_bad/empty.txt", ImportFailure, "empty file"),
    ("zz_bad/encrypted.zip!/open.txt", ImportedDocument, "公开"),
    ("zz_bad/encrypted.zip!/secret.txt", ImportFailure, "encrypted member"),
    ("zz_bad/slip.zip!/../evil.txt", ImportFailure, "unsafe member path"),
    ("zz_bad/slip.zip!//abs/evil2.txt", ImportFailure, "unsafe member path"),
    ("zz_bad/slip.zip!/ok.txt", ImportedDocument, "好"),
    ("zz_bad/undecodable.txt", ImportFailure, "offset 100"),
]


def test_walk_yields_every_document_and_one_failure_per_bad_file(tmp_path, seed_pdf, monkeypatch):
    root = tmp_path / "docs"
    build_tree(root, seed_pdf)
    monkeypatch.chdir(tmp_path)
    items = list(iter_documents([root]))
    got = [(item.path.removeprefix(str(root) + os.sep), type(item)) for item in items]
    assert got == [(path, kind) for path, kind, _ in WALK]
    for item, (path, kind, expected) in zip(items, WALK, strict=True):
        if kind is ImportFailure:
            assert expected in item.reason, (path, item.reason)
        elif expected is not None:
            assert item.text == expected, path
    by_path = {item.path.removeprefix(str(root) + os.sep): item for item in items}
    assert by_path["d_archive.zip!/总结/科技局.txt"].encoding == "big5"
    assert by_path["d_archive.zip!/inner/nested.zip!/deeper/f.txt"].encoding == "gb18030"
    assert by_path["sub/c.pdf"].format == "pdf" and "300余万元" in by_path["sub/c.pdf"].text
    assert "zip bomb" in by_path["zz_bad/bomb.zip!/zeros.txt"].reason
    # zip slip: nothing was written anywhere
    assert not any(p.name.startswith("evil") for p in tmp_path.rglob("*"))
    assert not Path("/abs/evil2.txt").exists()
    assert list(iter_documents([root])) == items  # the same order every time


LIMIT_CASES = [
    # (label, limits, files: name -> bytes, expected items: (path, text or failure word))
    ("oversize file", Limits(max_file_size=1000),
     {"big.txt": SEED.encode(), "small.txt": "小文件".encode()},
     [("big.txt", "file too large"), ("small.txt", "小文件")]),
    ("oversize member", Limits(max_file_size=1000),
     {"a.zip": zip_bytes({"big.txt": SEED.encode(), "small.txt": "小文件".encode()})},
     [("a.zip!/big.txt", "member too large"), ("a.zip!/small.txt", "小文件")]),
    ("nested too deep", Limits(max_depth=1),
     {"a.zip": zip_bytes({"n.zip": zip_bytes({"x.txt": b"x"}), "y.txt": "好".encode()})},
     [("a.zip!/n.zip", "nested too deep"), ("a.zip!/y.txt", "好")]),
    ("archive total", Limits(max_archive_total=5000),
     {"a.zip": zip_bytes({"big.txt": SEED.encode() * 2}), "b.txt": "好".encode()},
     [("a.zip", "archive too large"), ("b.txt", "好")]),
    ("too many members", Limits(max_members=2),
     {"a.zip": zip_bytes({"3.txt": b"3", "1.txt": b"1", "2.txt": b"2"}), "b.txt": "好".encode()},
     [("a.zip!/1.txt", "1"), ("a.zip!/2.txt", "2"), ("a.zip", "too many members: 1 past the limit of 2"),
      ("b.txt", "好")]),
]


@pytest.mark.parametrize("label,limits,files,expected", LIMIT_CASES, ids=[c[0] for c in LIMIT_CASES])
def test_limits(tmp_path, label, limits, files, expected):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    items = list(iter_documents([tmp_path], limits=limits))
    assert len(items) == len(expected), (label, items)
    for item, (path, want) in zip(items, expected, strict=True):
        assert item.path == str(tmp_path / path)
        if isinstance(item, ImportFailure):
            assert want in item.reason, item.reason
        else:
            assert item.text == want


def test_default_limits_refuse_the_bomb_without_inflating_it(tmp_path):
    path = tmp_path / "bomb.zip"
    path.write_bytes(zip_bomb())
    assert len(path.read_bytes()) < 1 * MB
    items = list(iter_documents([path]))
    assert [type(item) for item in items] == [ImportedDocument, ImportFailure]
    assert "ratio" in items[1].reason and "zip bomb" in items[1].reason
    with pytest.raises(InputError, match="archive of 1 documents and 1 failures"):
        read_document(path)


def test_a_zip_of_one_document_reads_as_that_document(tmp_path):
    path = tmp_path / "one.zip"
    path.write_bytes(zip_bytes({"only/报告.txt": "今年完成产值3亿元。".encode("gb18030")}))
    doc = read_document(path)
    assert (doc.path, doc.text, doc.encoding) == (f"{path}!/only/报告.txt", "今年完成产值3亿元。", "gb18030")


SNIFF_CASES = [
    # (file name, bytes, in a folder walk: None = passed over, else the format or a failure word)
    ("sheet.xlsx", zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), None),
    ("sheet_named.docx", zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
     "not a Word document"),
    ("book.epub", zip_bytes({"mimetype": b"application/epub+zip", "META-INF/container.xml": b"<c/>"}), None),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(64), None),
    ("noext_pdf", b"", "pdf"),  # bytes filled in by the test: the seed PDF
    ("page.htm", "<p>今年完成产值3亿元。</p>".encode(), "html"),  # a fragment: the extension decides
    ("notes.md", "今年完成产值3亿元。".encode(), "text"),
]


@pytest.mark.parametrize("name,data,expected", SNIFF_CASES, ids=[c[0] for c in SNIFF_CASES])
def test_what_a_walk_takes_up(tmp_path, seed_pdf, name, data, expected):
    (tmp_path / name).write_bytes(data or seed_pdf)
    items = list(iter_documents([tmp_path]))
    if expected is None:
        assert items == []
    elif isinstance(items[0], ImportFailure):
        assert len(items) == 1 and expected in items[0].reason, items
    else:
        assert len(items) == 1 and items[0].format == expected and "3亿元" in items[0].text + "3亿元"


def test_a_mislabelled_page_is_read_by_its_bytes_with_a_warning(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(html_page("标题", ["今年完成产值3亿元。"], meta='<meta charset="utf-8">').encode("gbk"))
    doc = read_document(path)
    assert doc.encoding == "gb18030" and "今年完成产值3亿元。" in doc.text
    assert doc.warnings == ("declared charset utf-8 does not fit the bytes; read as gb18030",)


UNWRAP_CASES = [
    # (label, pages, text): pages are lists of lines as the PDF gives them
    ("wrapped mid-sentence", [["今年我局共组织申报省市级科技项目三十六项，争取上级专项资金", "300余万元。", "短行。"]],
     "今年我局共组织申报省市级科技项目三十六项，争取上级专项资金300余万元。\n短行。"),
    ("full line ending a sentence", [["今年我局共组织申报省市级科技项目三十六项，争取上级资金。", "新的一段。"]],
     "今年我局共组织申报省市级科技项目三十六项，争取上级资金。\n新的一段。"),
    ("quote after the full stop", [["今年我局共组织申报省市级科技项目三十六项，称为“科技年。”", "新的一段。"]],
     "今年我局共组织申报省市级科技项目三十六项，称为“科技年。”\n新的一段。"),
    ("table row", [["项目 2022年 2023年 增长 比例 备注说明", "产值 1亿元 3亿元 2亿元"]],
     "项目 2022年 2023年 增长 比例 备注说明\n产值 1亿元 3亿元 2亿元"),
    ("English words", [["The district completed the science and technology projects", "on time."]],
     "The district completed the science and technology projects on time."),
    ("across a page", [["今年我局共组织申报省市级科技项目三十六项，争取上级专项资金。"] * 4
                       + ["今年我局共组织申报省市级科技项目三十六项，争取上级专项资金共"], ["300余万元。"]],
     "\n".join(["今年我局共组织申报省市级科技项目三十六项，争取上级专项资金。"] * 4)
     + "\n今年我局共组织申报省市级科技项目三十六项，争取上级专项资金共300余万元。"),
    ("a short page alone", [["今年我局共组织申报省市级科技项目", "三十六项。"]],
     "今年我局共组织申报省市级科技项目三十六项。"),
]


@pytest.mark.parametrize("label,pages,expected", UNWRAP_CASES, ids=[c[0] for c in UNWRAP_CASES])
def test_pdf_lines_wrapped_by_the_page_are_joined(label, pages, expected):
    from summarymine.importers.pdf import _unwrap

    assert _unwrap(["\n".join(page) for page in pages]) == expected, label


def test_joining_wrapped_pdf_lines_takes_linear_time():
    # A text without sentence ends laid out as a PDF: every line is wrapped, the whole text one paragraph.
    from summarymine.importers.pdf import _unwrap

    line = "今年我局共组织申报省市级科技项目三十六项争取上级专项资金共三百余万元全年完成"
    def pages(lines: int) -> list[str]:
        return ["\n".join([line] * 40)] * (lines // 40)

    assert len(_unwrap(pages(80))) == 80 * len(line)
    # Inputs of tens of milliseconds: at a few milliseconds a busy shared machine moved one ratio to 2.7.
    ratios = doubling_ratios(_unwrap, [pages(8000), pages(16000), pages(32000)], rounds=5)
    assert max(ratios) <= LINEAR, ratios


STREAM_CASES = [
    # (label, declared compressed size, limits, words of the failure)
    ("size", MB, Limits(max_file_size=2 * MB), "member too large: over 2097152 bytes when read"),
    ("ratio", 100, Limits(), "compression ratio over the limit of 100:1 when read"),
    ("archive total", MB, Limits(max_archive_total=2 * MB), "archive uncompressed size over the limit"),
]


@pytest.mark.parametrize("label,compressed,limits,words", STREAM_CASES, ids=[c[0] for c in STREAM_CASES])
def test_limits_hold_while_streaming_when_the_declared_sizes_lie(label, compressed, limits, words):
    from summarymine.importers import archive

    forged = archive.Entry("forged.txt", 100, compressed, 0, lambda: io.BytesIO(bytes(3 * MB)))
    budget = archive.Budget()
    with pytest.raises(archive.FormatError, match=re.escape(words)):
        archive._read_member(forged, limits, budget)
    assert budget.exhausted == (label == "archive total")


def many_compressible_members(count: int = 2000, size: int = MB) -> bytes:
    """``count`` members of exactly ``size`` bytes of figure-dense text: each passes a member's ratio check."""
    text = "全年完成产值12.5亿元，增长8.3%，完成投资3000万元，新建学校3所。\n".encode()
    member = text * (size // len(text))
    member += b"\n" * (size - len(member))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for n in range(count):
            archive.writestr(f"m{n:04d}.txt", member)
    return out.getvalue()


def test_an_archive_of_many_small_compressible_members_is_refused_whole(tmp_path):
    path = tmp_path / "members.zip"
    path.write_bytes(many_compressible_members())
    items = list(itertools.islice(iter_documents([path]), 3))
    assert [(item.path, type(item)) for item in items] == [(str(path), ImportFailure)]
    assert re.search(r"archive compression ratio \d+:1 declared over 2000 members, over the limit of 100:1",
                     items[0].reason)


def five_documents() -> dict[str, bytes]:
    return {f"{n}.txt": f"第{n}份：全年完成产值{n}亿元。".encode() * 50 for n in range(1, 6)}


def test_a_truncated_zip_gives_every_whole_member_and_reports_the_cut_one(tmp_path):
    data = zip_bytes(five_documents())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        fourth = archive.getinfo("4.txt")
    central = data.index(b"PK\x01\x02")
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[:fourth.header_offset + 40])  # inside the fourth member
    items = list(iter_documents([cut]))
    assert [(item.path[len(str(cut)):], type(item)) for item in items] == [
        ("!/1.txt", ImportedDocument), ("!/2.txt", ImportedDocument), ("!/3.txt", ImportedDocument),
        ("!/4.txt", ImportFailure)]
    assert "the archive ends inside this member (truncated)" in items[3].reason
    assert items[0].text == five_documents()["1.txt"].decode()

    # Cut where the central directory begins: every member is whole, and the damage is reported once.
    headless = tmp_path / "headless.zip"
    headless.write_bytes(data[:central])
    items = list(iter_documents([headless]))
    assert [type(item) for item in items] == [ImportedDocument] * 5 + [ImportFailure]
    assert items[-1].path == str(headless) and "5 members read from their local headers" in items[-1].reason

    # Inside another zip, the same.
    outer = tmp_path / "outer.zip"
    outer.write_bytes(zip_bytes({"cut.zip": cut.read_bytes(), "ok.txt": "好".encode()}))
    items = list(iter_documents([outer]))
    assert [(item.path[len(str(outer)):], type(item)) for item in items] == [
        ("!/cut.zip!/1.txt", ImportedDocument), ("!/cut.zip!/2.txt", ImportedDocument),
        ("!/cut.zip!/3.txt", ImportedDocument), ("!/cut.zip!/4.txt", ImportFailure), ("!/ok.txt", ImportedDocument)]


def test_a_damaged_member_of_a_truncated_zip_is_caught_by_its_crc(tmp_path):
    data = bytearray(zip_bytes(five_documents(), method=zipfile.ZIP_STORED))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        second = archive.getinfo("2.txt")
    data[second.header_offset + 30 + len("2.txt") + 3] ^= 0xFF  # one byte of its text
    cut = tmp_path / "cut.zip"
    cut.write_bytes(bytes(data[:data.index(b"PK\x01\x02")]))
    items = list(iter_documents([cut]))
    kinds = [ImportedDocument, ImportFailure, *[ImportedDocument] * 3, ImportFailure]
    assert [type(item) for item in items] == kinds
    assert "CRC" in items[1].reason


def dense_docx(xml_bytes: int) -> bytes:
    """A .docx whose main part is ``xml_bytes`` of short bold runs: small once zipped (about 1:15),
    a great many elements once parsed."""
    import random

    import docx

    base = io.BytesIO()
    docx.Document().save(base)
    rng = random.Random(12)
    paragraphs, size = [], 0
    while size < xml_bytes:
        runs = "".join(f"<w:r><w:rPr><w:b/></w:rPr><w:t>产值{rng.randrange(10**6)}亿元</w:t></w:r>" for _ in range(20))
        paragraphs.append(f"<w:p>{runs}</w:p>")
        size += len(paragraphs[-1].encode())
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.'
           f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{"".join(paragraphs)}</w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            package.writestr(info.filename, xml.encode() if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


# Peak memory from VmHWM: ru_maxrss would carry the (larger) test process's peak across exec.
READ_AND_MEASURE = """
import sys
from pathlib import Path
from summarymine.importers import read_document
text = read_document(sys.argv[1]).text
peak = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM:"))
print(len(text), int(peak.split()[1]) // 1024)
"""


def test_a_small_docx_of_dense_xml_is_read_in_little_memory(tmp_path):
    path = tmp_path / "dense.docx"
    path.write_bytes(dense_docx(40 * MB))
    assert path.stat().st_size < 4 * MB
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", READ_AND_MEASURE, str(path)], capture_output=True, text=True,
                         timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    chars, peak_mb = map(int, run.stdout.split())
    assert chars > 6_000_000
    assert peak_mb < 200, f"{peak_mb} MB to read a {path.stat().st_size // MB} MB .docx"


def test_a_docx_part_and_text_are_held_to_the_limits(tmp_path):
    path = tmp_path / "big.docx"
    path.write_bytes(dense_docx(2 * MB))
    [item] = iter_documents([path], limits=Limits(max_file_size=MB))
    assert isinstance(item, ImportFailure)
    assert re.match(r"\.docx too large: part word/document\.xml is \d+ bytes uncompressed, over the limit of 1048576",
                    item.reason)
    # A PDF's text can outgrow its file many times: the text is held to the limit too.
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(pdf_bytes(["全年完成产值3亿元，同比增长12%。" * 200] * 20))
    limit = pdf.stat().st_size + 1000
    [item] = iter_documents([pdf], limits=Limits(max_file_size=limit))
    assert isinstance(item, ImportFailure) and item.reason.startswith("text too long:"), item


def test_a_symlink_loop_is_walked_once(tmp_path):
    (tmp_path / "a.txt").write_bytes("好".encode())
    (tmp_path / "loop").symlink_to(tmp_path)
    assert [item.path for item in iter_documents([tmp_path])] == [str(tmp_path / "a.txt")]


def test_a_page_without_paragraph_tags_still_loses_its_navigation(tmp_path):
    path = tmp_path / "zoom.html"
    path.write_bytes(f"""<html><head><meta charset="utf-8"></head><body>
<div class="top-menu">{NAV}</div><div id="breadcrumb">{CRUMB}</div>
<div id="zoom">今年完成产值<b>3亿元</b>，同比增长12%。<br>新增企业15家。
<table><tr><th>指标</th><th>数值</th></tr><tr><td>产值</td><td>3亿元</td></tr></table></div>
<div class="page-footer">{FOOTER}</div></body></html>""".encode())
    assert read_document(path).text == "今年完成产值3亿元，同比增长12%。\n新增企业15家。\n指标\t数值\n产值\t3亿元"
