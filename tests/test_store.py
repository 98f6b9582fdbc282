"""The store: an archive in every format and encoding imported once, figures as ``extract`` gives them,
one failure row per broken file, idempotent re-imports, an import killed and resumed, migrations, the CLI."""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from paths import CORPUS, ROOT, shared
from summarymine import extract
from summarymine.cli import main as cli_main
from summarymine.errors import StoreError
from summarymine.importers import Limits, read_document
from summarymine.ingest import import_paths
from summarymine.store import FIGURE_COLUMNS, Store, migrations
from test_importers import BIG5_TEXT, SEED, SEED_PATH, SIMPLIFIED, figure_sentences, html_page, pdf_bytes, zip_bytes

# Six of ../shared/realdocs, small ones to keep the test fast; the first is traditional (Taiwan) and fits Big5.
REALDOCS = [
    "taiwan_executive_yuan_2024_forward_infrastructure_budget_report.txt",
    "daqing_2012_statistical_bulletin.txt",
    "daqing_2014_rural_economy_statistical_analysis.txt",
    "daqing_2017q1_economy_statistical_analysis.txt",
    "hongze_district_2023_govinfo_disclosure_annual_report.txt",
    "shicheng_county_2018_river_chief_target_assessment_townships.txt",
]
# Small enough that oversize.txt is too large, large enough for every good file and archive member.
LIMITS = Limits(max_file_size=256 * 1024)
KB = 1024


def utf8_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- the archive


@dataclass
class Good:
    path: str  # as the import shows it: a file, or archive.zip!/member (nested: a.zip!/b.zip!/c)
    text: str
    format: str
    encoding: str | None


@dataclass
class Archive:
    root: Path
    good: list[Good]
    broken: dict[str, str]  # path -> a word its failure reason must have

    def texts(self) -> dict[str, str]:
        """sha256 -> text, one per distinct document."""
        return {utf8_sha(g.text): g.text for g in self.good}


def docx_bytes(text: str) -> bytes:
    """A .docx of one paragraph per line: the importer gives the text back exactly."""
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def small_bomb() -> bytes:
    """4 MB of zeros deflated to a few KB: over the 100:1 ratio limit (checked on members over 1 MiB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("zeros.txt", "w") as stream:
        for _ in range(4):
            stream.write(bytes(1024 * KB))
    return out.getvalue()


def build_archive(root: Path, scratch: Path) -> Archive:
    """The seed, some realdocs and the corpus in every format and encoding, in folders, a zip and a
    zip inside it; and one broken file of each kind. ``scratch`` holds copies read for the expected text."""
    good: list[Good] = []
    broken: dict[str, str] = {}
    scratch.mkdir(parents=True, exist_ok=True)

    def put(rel: str, data: bytes, text: str, fmt: str, encoding: str | None) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        good.append(Good(str(path), text, fmt, encoding))

    def read_back(name: str, data: bytes) -> tuple[str, str | None]:
        """The text (and encoding) a PDF or a page gives: not the original text, so read a copy."""
        (scratch / name).write_bytes(data)
        doc = read_document(scratch / name)
        return doc.text, doc.encoding

    seed = (SEED_PATH.name, SEED)
    corpus = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    real = [(name, shared("realdocs", name).read_text(encoding="utf-8")) for name in REALDOCS]
    assert len(corpus) >= 10

    # Plain text, UTF-8: every document once.
    put(f"seed/{seed[0]}", seed[1].encode(), seed[1], "text", "utf-8")
    for name, text in corpus:
        put(f"corpus/{name}", text.encode(), text, "text", "utf-8")
    for name, text in real:
        put(f"realdocs/{name}", text.encode(), text, "text", "utf-8")

    # The corpus (and the seed) again in every other encoding and as .docx: the same texts.
    again = [seed, *corpus]
    for name, text in again:
        put(f"encodings/utf-8-bom/{name}", codecs.BOM_UTF8 + text.encode(), text, "text", "utf-8-sig")
        put(f"encodings/utf-16/{name}", codecs.BOM_UTF16_LE + text.encode("utf-16-le"), text, "text", "utf-16-le")
        put(f"word/{Path(name).stem}.docx", docx_bytes(text), text, "docx", None)
    big5 = [(name, text) for name, text in [*corpus, real[0]] if _fits_big5(text)]
    assert big5 and real[0] in big5, "the Taiwan document fits Big5"
    # The seed's Taiwan form in Big5: its own text (a new document).
    big5.append(("seed_tw.txt", BIG5_TEXT))

    # A zip in the folder: GB18030 and Big5 copies, a docx of a realdoc, and a nested zip with a
    # PDF, a page, a UTF-16 copy and a broken member.
    zip_members: dict[str, bytes] = {}
    bundle = root / "zipped" / "bundle.zip"
    for name, text in again:
        zip_members[f"gb18030/{name}"] = text.encode("gb18030")
        good.append(Good(f"{bundle}!/gb18030/{name}", text, "text", "gb18030"))
    for name, text in big5:
        zip_members[f"big5/{name}"] = text.encode("big5")
        good.append(Good(f"{bundle}!/big5/{name}", text, "text", "big5"))
    zip_members["word/" + Path(real[1][0]).stem + ".docx"] = docx_bytes(real[1][1])
    good.append(Good(f"{bundle}!/word/{Path(real[1][0]).stem}.docx", real[1][1], "docx", None))

    by_name = dict(corpus)
    pdf_a = pdf_bytes(by_name["kjj_2013_zh-hans.txt"].split("\n"))
    pdf_b = pdf_bytes(by_name["nyj_2020_zh-hans.txt"].split("\n"))
    page_a = html_page(SIMPLIFIED.split("\n")[4], SIMPLIFIED.split("\n")[6:], meta='<meta charset="gb2312">'
                       ).encode("gbk")
    real_lines = real[2][1].split("\n")
    page_b = html_page(real_lines[0], real_lines[1:], meta='<meta charset="utf-8">').encode()
    text_a, _ = read_back("a.pdf", pdf_a)
    text_b, _ = read_back("b.pdf", pdf_b)
    html_a, enc_a = read_back("a.html", page_a)
    html_b, enc_b = read_back("b.html", page_b)
    # What a PDF and a page give is the document's figures' sentences, without the page's navigation.
    for got, original in [(text_a, by_name["kjj_2013_zh-hans.txt"]), (html_a, SIMPLIFIED)]:
        missing = [s for s in figure_sentences(original) if squeeze(s) not in squeeze(got)]
        assert not missing, missing[:3]
    assert "网站首页" not in html_a + html_b and "当前位置" not in html_a + html_b

    put("pdf/kjj_2013_zh-hans.pdf", pdf_a, text_a, "pdf", None)
    put("html/seed_page.html", page_a, html_a, "html", enc_a)
    nested = zip_bytes({
        "nyj_2020_zh-hans.pdf": pdf_b,
        "pages/daqing_2014.htm": page_b,
        "seed.utf16.txt": codecs.BOM_UTF16_LE + SEED.encode("utf-16-le"),
        "broken.docx": b"PK\x03\x04" + b"\x14\x00not a docx" * 8,
    })
    zip_members["inner/nested.zip"] = nested
    inner = f"{bundle}!/inner/nested.zip"
    good += [Good(f"{inner}!/nyj_2020_zh-hans.pdf", text_b, "pdf", None),
             Good(f"{inner}!/pages/daqing_2014.htm", html_b, "html", enc_b),
             Good(f"{inner}!/seed.utf16.txt", SEED, "text", "utf-16-le")]
    broken[f"{inner}!/broken.docx"] = "corrupt .docx"
    bundle.parent.mkdir(parents=True)
    bundle.write_bytes(zip_bytes(zip_members))

    # Broken files, one of each kind.
    bad = root / "zz_broken"
    bad.mkdir()
    gb = SIMPLIFIED.encode("gb18030")
    files = {
        "corrupt.docx": (b"PK\x03\x04" + b"\x14\x00not really a zip" * 8, "corrupt .docx"),
        "corrupt.pdf": (b"%PDF-1.4\n" + b"garbage, not objects\n" * 20, "corrupt PDF"),
        "corrupt.zip": (b"PK\x03\x04" + bytes(range(256)) * 2, "corrupt zip"),
        "bomb.zip": (small_bomb(), "zip bomb"),
        "slip.zip": (zip_bytes({"../evil.txt": "今年完成产值3亿元。".encode()}), "unsafe member path"),
        "oversize.txt": ("今年完成产值3亿元。\n".encode() * (300 * KB // 28), "file too large"),
        "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary data, not text"),
        "empty.txt": (b"", "empty file"),
        "undecodable.txt": (gb[:100] + b"\xff" + gb[100:], "undecodable"),
    }
    for name, (data, word) in files.items():
        (bad / name).write_bytes(data)
        shown = {"bomb.zip": "bomb.zip!/zeros.txt", "slip.zip": "slip.zip!/../evil.txt"}.get(name, name)
        broken[str(bad / shown)] = word
    assert (bad / "oversize.txt").stat().st_size > LIMITS.max_file_size
    return Archive(root, good, broken)


def _order(figure: dict) -> tuple:
    return figure["start"], figure["end"], figure["id"]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _fits_big5(text: str) -> bool:
    try:
        text.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Archive:
    base = tmp_path_factory.mktemp("store")
    return build_archive(base / "archive", base / "scratch")


@pytest.fixture(scope="module")
def imported(archive, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "store.sqlite"
    run = import_paths([archive.root], db, jobs=2, limits=LIMITS, progress=False)
    return db, run


def rows(db: Path, sql: str, args: tuple = ()) -> list[tuple]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


# --------------------------------------------------------------------------- the import


def test_every_good_document_once_with_the_figures_extract_gives(archive, imported):
    db, run = imported
    texts = archive.texts()
    # The archive really has duplicates in several formats and encodings, and documents of every format.
    assert len(archive.good) > 3 * len(texts)
    assert {g.format for g in archive.good} == {"text", "docx", "pdf", "html"}
    assert {g.encoding for g in archive.good} >= {"utf-8", "utf-8-sig", "utf-16-le", "gb18030", "big5"}

    by_path = {g.path: g for g in archive.good}
    with Store(db) as store:
        stored = {doc.info.sha256: doc for doc in store.documents()}
        assert set(stored) == set(texts)
        for sha256, doc in stored.items():
            assert doc.text == texts[sha256]
            path, fmt, encoding = store.db.execute(
                "SELECT path, format, encoding FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
            # The path stored is one of the files holding that text, with its own format and encoding.
            assert by_path[path].text == doc.text
            assert (fmt, encoding) == (by_path[path].format, by_path[path].encoding), path
            assert doc.info.source == Path(path.split("!/")[-1]).name
            fresh = extract(doc.text, source=doc.info.source)
            assert doc.info == fresh.info
            assert sorted((m.to_dict() for m in doc.metrics), key=_order) == sorted(
                (m.to_dict() for m in fresh.metrics), key=_order), path
        # Every file holding a document is on record: the document's path, or one of its other paths.
        known: dict[str, set[str]] = {}
        for path, sha256 in store.db.execute(
                "SELECT path, sha256 FROM documents UNION SELECT path, sha256 FROM document_paths").fetchall():
            known.setdefault(sha256, set()).add(path)
        expected: dict[str, set[str]] = {}
        for g in archive.good:
            expected.setdefault(utf8_sha(g.text), set()).add(g.path)
        assert known == expected
        counts = store.counts()
        total_figures = counts["figures"]
        assert store.query() and len(store.query()) == total_figures

    # A document in Big5 was read as Big5 and stored (the Taiwan realdoc, the seed's Taiwan form).
    assert utf8_sha(BIG5_TEXT) in stored
    taiwan = shared("realdocs", REALDOCS[0]).read_text(encoding="utf-8")
    assert stored[utf8_sha(taiwan)].metrics

    assert counts == {"documents": len(texts), "figures": total_figures, "failures": len(archive.broken), "runs": 1}
    assert total_figures == sum(len(doc.metrics) for doc in stored.values()) > 500
    assert (run.documents, run.skipped, run.figures, run.failures) == (
        len(texts), len(archive.good) - len(texts), total_figures, len(archive.broken))
    assert rows(db, "SELECT finished IS NOT NULL FROM runs") == [(1,)]


def test_one_failure_row_per_broken_file_with_its_reason(archive, imported):
    db, run = imported
    failures = rows(db, "SELECT run_id, path, reason FROM failures ORDER BY path")
    assert [path for _, path, _ in failures] == sorted(archive.broken)
    for run_id, path, reason in failures:
        assert run_id == run.id
        assert archive.broken[path] in reason, (path, reason)
        assert path not in reason  # the reason says why; the path is its own column
    # Nothing was stored for a broken file.
    stored_paths = {p for (p,) in rows(db, "SELECT path FROM documents UNION SELECT path FROM document_paths")}
    assert not stored_paths & set(archive.broken)
    assert not list(archive.root.parent.rglob("evil*"))  # zip slip: nothing written outside


def backup(db: Path, copy: Path) -> Path:
    """A copy of the imported store, so each test imports again into its own."""
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    return copy


def test_importing_again_stores_nothing_new(archive, imported, tmp_path):
    db, first = imported
    copy = backup(db, tmp_path / "again.sqlite")
    before = rows(copy, "SELECT sha256, id, value, unit, start, \"end\" FROM figures ORDER BY sha256, id")
    run = import_paths([archive.root], copy, jobs=2, limits=LIMITS, progress=False)
    assert (run.documents, run.figures) == (0, 0)
    assert run.skipped == len(archive.good)  # every good file: its document is there already
    assert run.failures == len(archive.broken)  # broken files fail again, in this run's rows
    with Store(copy) as store:
        assert store.counts() == {"documents": first.documents, "figures": first.figures,
                                  "failures": 2 * len(archive.broken), "runs": 2}
    after = rows(copy, "SELECT sha256, id, value, unit, start, \"end\" FROM figures ORDER BY sha256, id")
    assert after == before
    assert rows(copy, "PRAGMA integrity_check") == [("ok",)]


def test_importing_again_keeps_document_paths_to_the_other_copies(archive, imported, tmp_path):
    db, _ = imported
    copy = backup(db, tmp_path / "again.sqlite")
    before = rows(copy, "SELECT path, sha256 FROM document_paths ORDER BY path")
    import_paths([archive.root], copy, jobs=1, limits=LIMITS, progress=False)
    assert rows(copy, "SELECT path, sha256 FROM document_paths ORDER BY path") == before
    assert rows(copy, "SELECT count(*) FROM document_paths JOIN documents USING (path)") == [(0,)]


# --------------------------------------------------------------------------- crash safety

PLACES = ["东城", "西城", "南山", "北湖", "青山", "白云", "金水", "龙华", "高新", "滨江", "天河", "松北"]


def variant(text: str, k: int) -> str:
    """Document ``text`` again with other names and figures: the k-th distinct variant."""
    place = PLACES[k % len(PLACES)]
    text = re.sub(r"X+([区區])", lambda m: place + m.group(1), text)

    def bump(m: re.Match) -> str:
        number = m.group(0)
        if re.fullmatch(r"(19|20)\d\d", number):  # a year stays
            return number
        return str(int(number) + k + 1)

    return re.sub(r"(?<![\d.])\d+(?![\d.]|年)", bump, text)


def generated_archive(root: Path, per_doc: int) -> int:
    """``per_doc`` variants of each corpus document: files in folders, and a zip of some; the number of documents."""
    sources = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    seen: set[str] = set()
    members = {}
    for i, text in enumerate(sources):
        for k in range(per_doc):
            body = variant(text, k)
            assert utf8_sha(body) not in seen
            seen.add(utf8_sha(body))
            name = f"doc{i:02d}_{k:03d}.txt"
            if k % 5 == 4:
                members[f"batch/{name}"] = body.encode("gb18030")
            else:
                folder = root / f"d{i:02d}"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(body.encode())
    (root / "zz_bundle.zip").write_bytes(zip_bytes(members))
    return len(seen)


def _import_process(archive: Path, db: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "summarymine", "import", str(archive), "--db", str(db), "--jobs", "1"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        return rows(db, "SELECT count(*) FROM documents")[0][0]
    except sqlite3.OperationalError:  # the schema is not there yet, or the database is busy
        return 0


FIGURES = 'SELECT sha256, id, value, unit, start, "end" FROM figures ORDER BY sha256, id'


@pytest.mark.slow
def test_an_import_killed_mid_run_resumes_to_what_a_clean_run_stores(tmp_path):
    archive = tmp_path / "generated"
    total = generated_archive(archive, per_doc=20)
    assert total >= 200
    killed, clean = tmp_path / "killed.sqlite", tmp_path / "clean.sqlite"

    # The clean run and the run to kill side by side (two cores, one process each).
    clean_run = _import_process(archive, clean)
    victim = _import_process(archive, killed)
    deadline = time.monotonic() + 120
    while _stored(killed) < 25:
        assert victim.poll() is None, victim.stderr.read().decode()
        assert time.monotonic() < deadline, "the import stored nothing in time"
        time.sleep(0.02)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    assert victim.returncode == -signal.SIGKILL
    assert clean_run.wait(timeout=180) == 0, clean_run.stderr.read().decode()
    victim.stderr.close()
    clean_run.stderr.close()

    # What the killed run left: whole documents only, each with all its figures.
    assert rows(killed, "PRAGMA integrity_check") == [("ok",)]
    at_kill = _stored(killed)
    assert 25 <= at_kill < total
    assert rows(killed, "SELECT finished FROM runs") == [(None,)]
    clean_counts = dict(rows(clean, "SELECT sha256, count(*) FROM figures GROUP BY sha256"))
    for sha256, figures in rows(killed, "SELECT d.sha256, count(f.id) FROM documents d "
                                        "LEFT JOIN figures f USING (sha256) GROUP BY d.sha256"):
        assert figures == clean_counts.get(sha256, 0), sha256

    # Run again to the end: it goes on where the killed run stopped.
    resumed = subprocess.run([sys.executable, "-m", "summarymine", "import", str(archive), "--db", str(killed),
                              "--jobs", "1"], capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert resumed.returncode == 0, resumed.stderr
    assert f"imported {total - at_kill} documents ({at_kill} already stored)" in resumed.stderr

    for db in (killed, clean):
        assert rows(db, "PRAGMA integrity_check") == [("ok",)]
        assert rows(db, "SELECT count(*), count(DISTINCT sha256) FROM documents") == [(total, total)]
        assert rows(db, "SELECT count(*) FROM (SELECT DISTINCT sha256, id FROM figures)") == \
            rows(db, "SELECT count(*) FROM figures")
        assert rows(db, "SELECT count(*) FROM failures") == [(0,)]
    assert rows(killed, "SELECT sha256 FROM documents ORDER BY sha256") == \
        rows(clean, "SELECT sha256 FROM documents ORDER BY sha256")
    assert rows(killed, FIGURES) == rows(clean, FIGURES)
    assert rows(killed, "SELECT documents, skipped FROM runs ORDER BY id")[-1] == (total - at_kill, at_kill)


# --------------------------------------------------------------------------- migrations


def test_a_fresh_store_is_at_the_last_migration_and_reopening_runs_none(tmp_path, monkeypatch):
    numbers = [number for number, _ in migrations()]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        assert store.version == numbers[-1]
        store.db.execute("INSERT INTO runs(started, paths) VALUES ('t', 'p')")
    ran = []

    def spy(script: str) -> list[str]:
        ran.append(script)
        return []

    monkeypatch.setattr("summarymine.store._statements", spy)
    with Store(path) as store:  # opening again runs no script, and keeps the data
        assert store.version == numbers[-1]
        assert store.counts()["runs"] == 1
    assert ran == []


def test_migrations_apply_from_the_version_recorded(tmp_path, monkeypatch):
    # A database made by hand at version 0, with a table of its own, is someone else's: refused, untouched.
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE mine (x)")
    con.execute("INSERT INTO mine VALUES (1)")
    con.commit()
    assert con.execute("PRAGMA user_version").fetchone() == (0,)
    con.close()
    with pytest.raises(StoreError, match="not a summarymine store"):
        Store(path)
    path.unlink()
    last = migrations()[-1][0]
    with Store(path) as store:
        assert store.version == last
        assert set(store.counts()) == {"documents", "figures", "failures", "runs"}

    # A new migration: only it runs on a store at the last version, and only once.
    nxt = last + 1
    monkeypatch.setattr("summarymine.store.migrations",
                        lambda: [*MIGRATIONS, (nxt, "-- next\nCREATE TABLE extra (y);\nINSERT INTO extra VALUES (2);")])
    for _ in range(2):
        with Store(path) as store:
            assert store.version == nxt
            assert store.db.execute("SELECT y FROM extra").fetchall() == [(2,)]

    # A migration that fails is rolled back whole: the version and the schema stay as they were.
    monkeypatch.setattr("summarymine.store.migrations",
                        lambda: [*MIGRATIONS, (nxt, ""), (nxt + 1, "CREATE TABLE half (z);\nNOT SQL AT ALL;")])
    with pytest.raises(StoreError, match="syntax error"):
        Store(path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone() == (nxt,)
    assert con.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchall() == []
    con.close()


MIGRATIONS = migrations()


# --------------------------------------------------------------------------- the CLI on a store


CONTRACT_KEYS = {"source", "org", "sha256", "id", "text", "start", "end", "value", "value_max", "unit",
                 "unit_category", "currency", "approx", "measure", "subject", "subject_start", "subject_end", "metric",
                 "metric_label", "key", "status", "parent", "as_of", "sentence_start", "sentence_end", "confidence", "year"}


def test_query_and_compare_read_the_store(imported, capsys):
    db, run = imported
    assert cli_main(["query", "--db", str(db), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["schema"] == "summarymine.figures/1"
    figures = out["figures"]
    assert len(figures) == run.figures
    assert all(set(row) == CONTRACT_KEYS for row in figures)
    assert set(FIGURE_COLUMNS) - {"section"} <= CONTRACT_KEYS
    with Store(db) as store:
        assert figures == json.loads(json.dumps(store.query(), ensure_ascii=False))
    # Filters: the rows of one metric are those rows, and a year narrows them further.
    metric = next(row["metric"] for row in figures if row["metric"] and row["year"])
    year = next(row["year"] for row in figures if row["metric"] == metric and row["year"])
    assert cli_main(["query", "--db", str(db), "--metric", metric, "--format", "json"]) == 0
    only = json.loads(capsys.readouterr().out)["figures"]
    assert only == [row for row in figures if row["metric"] == metric]
    assert cli_main(["query", "--db", str(db), "--metric", metric, "--year", str(year), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["figures"] == [r for r in only if r["year"] == year]
    assert cli_main(["query", "--db", str(db), "--format", "csv"]) == 0
    table = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert len(table) == run.figures + 1 and set(table[0]) == CONTRACT_KEYS

    assert cli_main(["compare", "--db", str(db), "--format", "json"]) == 0
    compared = json.loads(capsys.readouterr().out)
    assert compared["schema"] == "summarymine.comparison/1" and compared["rows"]
    assert cli_main(["compare", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip()


def test_query_without_a_store_says_so(tmp_path, capsys):
    assert cli_main(["query", "--db", str(tmp_path / "none.sqlite")]) == 2
    assert "no such store" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()


def test_a_document_that_breaks_extraction_is_one_failure_and_the_run_goes_on(tmp_path, monkeypatch):
    from summarymine import ingest, pipeline

    good = tmp_path / "docs"
    good.mkdir()
    (good / "a.txt").write_text("培训农民5000人次。", encoding="utf-8")
    (good / "b.txt").write_text("引发故障的文本3项。", encoding="utf-8")
    real = pipeline.extract

    def flaky(text, **kw):
        if "故障" in text:
            raise RuntimeError("boom")
        return real(text, **kw)

    monkeypatch.setattr(pipeline, "extract", flaky)
    run = ingest.import_paths(good, tmp_path / "s.sqlite", jobs=1)
    assert (run.documents, run.failures) == (1, 1)
    with Store(tmp_path / "s.sqlite") as store:
        reason = store.db.execute("SELECT reason FROM failures").fetchone()[0]
    assert "extraction failed: RuntimeError: boom" in reason


def test_a_newer_store_is_refused(tmp_path):
    import sqlite3

    from summarymine.errors import InputError

    path = tmp_path / "future.sqlite"
    sqlite3.connect(path).execute("PRAGMA user_version = 999").connection.close()
    with pytest.raises(InputError, match="newer than this summarymine knows"):
        Store(path)


# --------------------------------------------------------------------------- hostile stores (issue 12)


def _open_and_start_a_run(path: str, barrier, results) -> None:
    barrier.wait()
    try:
        with Store(path) as store:
            store.start_run(["x"])
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
        results.put(f"{type(exc).__name__}: {exc}")


def test_processes_creating_the_same_new_store_at_once_all_succeed(tmp_path):
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    processes = 6
    for attempt in range(10):
        path = str(tmp_path / f"race{attempt}.sqlite")
        barrier, results = ctx.Barrier(processes), ctx.Queue()
        workers = [ctx.Process(target=_open_and_start_a_run, args=(path, barrier, results)) for _ in range(processes)]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=120) for _ in workers]
        for worker in workers:
            worker.join()
        assert outcomes == ["ok"] * processes, outcomes
        assert rows(Path(path), "SELECT count(*) FROM runs") == [(processes,)]


def _not_a_store(tmp_path: Path) -> dict[str, Path]:
    """Files that --db may be given and that are no store of ours."""
    folder = tmp_path / "a_folder"
    folder.mkdir()
    text = tmp_path / "notes.sqlite"
    text.write_text("这不是数据库。\n" * 200, encoding="utf-8")
    good = tmp_path / "good.sqlite"
    import_paths([CORPUS / "kjj_2013_zh-hans.txt"], good, jobs=1)
    truncated = tmp_path / "truncated.sqlite"
    truncated.write_bytes(good.read_bytes()[:4096 + 100])
    corrupt = tmp_path / "corrupt.sqlite"
    data = bytearray(good.read_bytes())
    data[4096:] = bytes(len(data) - 4096)  # every page but the first zeroed
    corrupt.write_bytes(bytes(data))
    other = tmp_path / "other_app.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    con.execute("INSERT INTO contacts VALUES ('张三', '123')")
    con.commit()
    con.close()
    return {"directory": folder, "text file": text, "truncated store": truncated, "zeroed pages": corrupt,
            "another application's database": other}


@pytest.mark.parametrize("command", [
    ["query", "--format", "json"], ["query", "--format", "csv"], ["compare"], ["audit"],
    ["report", "-o", "{tmp}/r.html"], ["import", str(CORPUS / "kjj_2013_zh-hans.txt")],
])
def test_a_bad_store_is_one_line_and_never_written(tmp_path, capsys, command):
    bad = _not_a_store(tmp_path)
    capsys.readouterr()
    for label, path in bad.items():
        before = path.read_bytes() if path.is_file() else None
        argv = [arg.replace("{tmp}", str(tmp_path)) for arg in command] + ["--db", str(path)]
        assert cli_main(argv) == 2, label
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith(f"summarymine: {path}"), (label, err)
        assert "Traceback" not in err
        assert (path.read_bytes() if path.is_file() else None) == before, f"{label}: the file was written"


def test_a_reader_leaves_another_applications_database_as_it_was(tmp_path):
    other = _not_a_store(tmp_path)["another application's database"]
    with pytest.raises(StoreError, match="not a summarymine store"):
        Store(other, readonly=True)
    with pytest.raises(StoreError, match="not a summarymine store"):
        Store(other)
    con = sqlite3.connect(other)
    assert con.execute("SELECT name FROM sqlite_master").fetchall() == [("contacts",)]
    assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    con.close()


def test_a_full_disk_is_one_clear_error_and_the_store_stays_whole(tmp_path):
    db = tmp_path / "full.sqlite"
    with Store(db) as store:
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    big = tmp_path / "docs"
    big.mkdir()
    for n in range(3):
        (big / f"{n}.txt").write_text(f"第{n}份报告。" + "全年完成产值3亿元，同比增长12%。" * 4000, encoding="utf-8")

    class Full(Store):
        """The disk fills up after the store is opened: SQLite may grow the file by a few pages only."""

        def __init__(self, path: Path) -> None:
            super().__init__(path)
            self.db.execute(f"PRAGMA max_page_count = {pages + 8}")

    with pytest.raises(StoreError, match="database or disk is full") as caught:
        import_paths([big], Full(db), jobs=1)
    assert "cannot rollback" not in str(caught.value)
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT count(*) FROM documents") == [(0,)]


def test_names_that_are_not_utf8_or_hold_control_characters_are_stored_and_shown(tmp_path, capsys):
    folder = tmp_path / "names"
    folder.mkdir()
    good = "全年地区生产总值完成3亿元，同比增长12%。"
    names = {  # raw name -> how it is shown
        "报告.txt".encode("gbk"): r"\xb1\xa8\xb8\xe6.txt",
        "两行\n名字.txt".encode(): r"两行\n名字.txt",
        "控制\x1b[31m字符.txt".encode(): r"控制\x1b[31m字符.txt",
        "反向\u202etxt.exe.txt".encode(): r"反向\u202etxt.exe.txt",
        b"bad-\xff\xfe.txt": r"bad-\xff\xfe.txt",
    }
    for n, raw in enumerate(names):
        os.makedirs(os.fsencode(folder), exist_ok=True)
        with open(os.path.join(os.fsencode(folder), raw), "wb") as f:
            f.write(f"第{n}份。{good}".encode() if raw != b"bad-\xff\xfe.txt" else b"")
    member = zipfile.ZipInfo("压缩\n包里.txt")
    (folder / "z.zip").write_bytes(zip_bytes({member: f"压缩包。{good}".encode()}))
    db = tmp_path / "s.sqlite"
    assert cli_main(["import", str(folder), "--db", str(db), "--jobs", "1"]) == 1  # one failure: the empty file
    assert "imported 5 documents" in capsys.readouterr().err
    shown = {path[len(str(folder)) + 1:] for (path,) in rows(db, "SELECT path FROM documents")}
    assert shown == {v for v in names.values() if not v.startswith("bad")} | {r"z.zip!/压缩\n包里.txt"}
    assert rows(db, "SELECT path, reason FROM failures") == [(str(folder) + "/" + r"bad-\xff\xfe.txt", "empty file")]
    assert rows(db, "SELECT finished IS NOT NULL, paths FROM runs") == [(1, str(folder))]

    # Files named so on the command line: every way out writes them readably.
    files = [os.fsdecode(os.path.join(os.fsencode(folder), raw)) for raw in list(names)[:4]]
    assert cli_main(["compare", *files, "--set-year", "2013", "--format", "csv"]) == 0
    assert r"\xb1\xa8\xb8\xe6.txt" in capsys.readouterr().out
    assert cli_main(["report", *files, "--set-year", "2013", "-o", str(tmp_path / "r.html")]) == 0
    assert r"两行\n名字.txt" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert cli_main(["extract", files[2], "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["document"]["source"] == r"控制\x1b[31m字符.txt"
    assert cli_main(["query", "--db", str(db), "--format", "csv"]) == 0


# Imports the folder argv[1] into the store argv[2] with two workers; a text with 慢 in it takes until
# the file argv[3] exists.
SLOW_IMPORT = """
import sys, time
from pathlib import Path
from summarymine import ingest, pipeline

real = pipeline.extract

def extract(text, **kw):
    while "慢" in text and not Path(sys.argv[3]).exists():
        time.sleep(0.05)
    return real(text, **kw)

pipeline.extract = extract
ingest.import_paths([sys.argv[1]], sys.argv[2], jobs=2)
"""


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited


def test_finished_documents_are_stored_at_once_and_workers_die_with_a_killed_import(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a_slow.txt").write_text("慢：全年完成产值9亿元。", encoding="utf-8")
    for n in range(3):
        (folder / f"b{n}.txt").write_text(f"第{n}份：全年完成产值{n + 1}亿元。", encoding="utf-8")
    db, release = tmp_path / "s.sqlite", tmp_path / "release"
    run = subprocess.Popen([sys.executable, "-c", SLOW_IMPORT, str(folder), str(db), str(release)], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: list[int] = []
    try:
        # The three quick documents are committed while the slow one, sent first, is still running.
        deadline = time.monotonic() + 90
        while _stored(db) < 3:
            assert run.poll() is None, run.stderr.read().decode()
            assert time.monotonic() < deadline, "finished documents waited behind a slower one, uncommitted"
            time.sleep(0.05)
        workers = _children(run.pid)
        assert len(workers) >= 2
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        # Its workers notice and end; nothing keeps running for a dead import.
        deadline = time.monotonic() + 30
        while any(map(_alive, workers)):
            assert time.monotonic() < deadline, f"workers {[w for w in workers if _alive(w)]} outlived the import"
            time.sleep(0.1)
    finally:
        release.touch()
        if run.poll() is None:
            workers = workers or _children(run.pid)
        for pid in filter(_alive, workers):
            os.kill(pid, signal.SIGKILL)
        if run.poll() is None:
            run.kill()
        run.wait()
        run.stderr.close()
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT count(*) FROM documents") == [(3,)]
    assert rows(db, "SELECT finished FROM runs") == [(None,)]


def test_fifos_and_devices_are_refused_not_read(tmp_path, capsys):
    fifo = tmp_path / "a.fifo"
    os.mkfifo(fifo)
    for special in (fifo, Path("/dev/zero"), Path("/dev/null")):
        assert cli_main(["extract", str(special)]) == 1
        kind = "a named pipe (fifo)" if special == fifo else "a character device"
        assert capsys.readouterr().err == f"summarymine: {special}: {kind}, not a regular file: not read\n"
    run = import_paths([fifo, "/dev/zero", CORPUS / "kjj_2013_zh-hans.txt"], tmp_path / "s.sqlite", jobs=1)
    assert (run.documents, run.failures) == (1, 2)


def test_query_by_key_finds_figures_the_taxonomy_does_not_map(tmp_path):
    from summarymine import extract
    from summarymine.store import Store

    doc = extract("某县统计局2017年统计公报\n全年实现蔬菜大棚租赁收入15亿元，地区生产总值120亿元。")
    with Store(tmp_path / "s.sqlite") as store:
        store.add(doc, path="a.txt")
        rows = store.query(key="蔬菜大棚租赁收入")
        assert [r["text"] for r in rows] == ["15亿元"] and rows[0]["metric"] is None
        assert [r["key"] for r in store.query(key="economy.gdp")] == ["economy.gdp"]
