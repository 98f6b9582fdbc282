"""Readers of a store: read-only opening (read-only media, a store an import is writing), the
failures of a run, and the body filter."""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from paths import read_table
from readonly import read_only
from summarymine import extract
from summarymine.aliases import org_matches
from summarymine.errors import InputError, OutputError
from summarymine.ingest import import_paths
from summarymine.store import Store

ORG_FILTER = read_table("org_filter.tsv")


def report(n: int, org: str = "丰河县统计局") -> str:
    """A small report with ``n`` figures of its own."""
    lines = "".join(f"第{i}项工作完成投资{i + 1}亿元，同比增长{i}.5%。\n" for i in range(1, n + 1))
    return f"{org}2020年工作总结\n{lines}"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(report(3), encoding="utf-8")
    (docs / "b.txt").write_text(report(2, "海拉尔区人民政府"), encoding="utf-8")
    path = tmp_path / "store.sqlite"
    import_paths([docs], path, jobs=1)
    return path


def test_a_reader_writes_nothing_and_cannot_write(store):
    before = sha(store)
    with Store(store, readonly=True) as reader:
        assert reader.counts()["documents"] == 2
        assert reader.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # left as the writer set it
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.db.execute("DELETE FROM runs")
    assert sha(store) == before


def test_a_reader_never_creates_a_store(tmp_path):
    with pytest.raises(InputError, match="no such store"):
        Store(tmp_path / "none.sqlite", readonly=True)
    assert not (tmp_path / "none.sqlite").exists()


def test_a_store_on_read_only_media_is_read(store, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    shutil.copy(store, media / "store.sqlite")
    prefix = read_only(media)
    code = ("import sys, json; from summarymine.store import Store\n"
            "with Store(sys.argv[1], readonly=True) as s:\n"
            "    print(json.dumps([s.counts()['figures'], [d.info.org for d in s.documents()]], ensure_ascii=False))")
    run = subprocess.run([*prefix, sys.executable, "-c", code, str(media / "store.sqlite")],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == '[10, ["丰河县统计局", "海拉尔区人民政府"]]'
    opens = "from summarymine.store import Store; Store(__import__('sys').argv[1])"
    write = subprocess.run([*prefix, sys.executable, "-c", opens, str(media / "store.sqlite")], capture_output=True,
                           text=True, timeout=120, check=False)
    assert "cannot write" in write.stderr and "OutputError" in write.stderr


def test_a_reader_sees_committed_documents_whole_while_an_import_writes(store):
    texts = [report(n % 7 + 1, f"第{n}局") for n in range(40)]
    expected = {hashlib.sha256(t.encode("utf-8")).hexdigest(): len(extract(t).metrics) for t in texts}
    with Store(store, readonly=True) as reader:
        expected.update({d.info.sha256: len(d.metrics) for d in reader.documents()})
    done = threading.Event()

    def write() -> None:
        with Store(store) as writer:
            for i, text in enumerate(texts):
                writer.add(extract(text, source=f"{i}.txt"), path=f"{i}.txt")
        done.set()

    def read() -> int:
        with Store(store, readonly=True) as reader:
            documents = list(reader.documents())
            figures = len(reader.query())
        assert {d.info.sha256: len(d.metrics) for d in documents} == {d.info.sha256: expected[d.info.sha256]
                                                                       for d in documents}
        assert figures >= sum(len(d.metrics) for d in documents)  # read later: never fewer
        return len(documents)

    thread = threading.Thread(target=write)
    thread.start()
    try:
        seen = [read()]
        while not done.is_set():
            seen.append(read())
    finally:
        thread.join()
    seen.append(read())
    assert seen == sorted(seen) and seen[-1] == 42
    assert len(set(seen)) > 2, "the reads did not overlap the import"


def test_an_open_write_transaction_is_invisible_to_a_reader(store):
    with Store(store) as writer:
        writer.db.execute("BEGIN IMMEDIATE")
        writer.db.execute("DELETE FROM figures")
        with Store(store, readonly=True) as reader:
            assert reader.counts()["figures"] == 10  # not blocked, and not the half-done change
        writer.db.execute("ROLLBACK")


def test_failures_of_a_run_and_of_every_run(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(report(1), encoding="utf-8")
    for name in ("bad1.txt", "bad2.txt"):
        (docs / name).write_bytes(b"\x00\x01\x02" * 10)
    db = tmp_path / "s.sqlite"
    first = import_paths([docs], db, jobs=1)
    (docs / "bad3.txt").write_bytes(b"")
    second = import_paths([docs], db, jobs=1)
    with Store(db, readonly=True) as reader:
        assert reader.last_run() == second.id
        assert [(f.path.rsplit("/", 1)[1], f.reason) for f in reader.failures(first.id)] == [
            ("bad1.txt", "binary data, not text"), ("bad2.txt", "binary data, not text")]
        assert [f.path.rsplit("/", 1)[1] for f in reader.failures(second.id)] == ["bad1.txt", "bad2.txt", "bad3.txt"]
        assert len(reader.failures()) == first.failures + second.failures == 5


def test_an_empty_store_has_no_last_run(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        assert store.last_run() is None and store.failures() == []


def test_a_store_in_a_missing_folder_is_one_output_error(tmp_path):
    with pytest.raises(OutputError, match="no such folder"):
        Store(tmp_path / "missing" / "s.sqlite")


@pytest.mark.parametrize("wanted,org,expected", ORG_FILTER, ids=[f"{r[0]}|{r[1]}" for r in ORG_FILTER])
def test_org_filter(wanted, org, expected):
    assert org_matches(wanted, org) is (expected == "yes")


def test_the_store_filters_bodies_as_org_matches_does(store):
    with Store(store, readonly=True) as reader:
        assert [d.info.org for d in reader.documents(org="海拉尔")] == ["海拉尔区人民政府"]
        assert [d.info.org for d in reader.documents(org="呼倫貝爾市海拉爾區政府")] == ["海拉尔区人民政府"]
        assert {r["org"] for r in reader.query(org="丰河")} == {"丰河县统计局"}
        assert list(reader.documents(org="满洲里")) == []
