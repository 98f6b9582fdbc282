"""The import on Dask: the same store as the local import, and the figures as Parquet."""
from __future__ import annotations

import codecs
import sqlite3
import subprocess
import sys
from pathlib import Path

import distributed  # the test extra has it: a missing Dask fails here, it is never skipped
import pytest

from paths import CORPUS, ROOT
from summarymine.ingest import import_paths
from summarymine.store import Store
from test_importers import SEED, SEED_PATH, zip_bytes

pytestmark = pytest.mark.slow  # a Dask cluster

@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local, distributed.Client(local) as client:
        yield local, client


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """The corpus and the seed; copies of one text side by side (the same document found again while its
    first copy is still on the cluster), one in a zip, and a broken file."""
    root = tmp_path_factory.mktemp("dask") / "archive"
    (root / "corpus").mkdir(parents=True)
    for path in sorted(CORPUS.glob("*.txt")):
        (root / "corpus" / path.name).write_bytes(path.read_bytes())
    (root / "seed").mkdir()
    (root / "seed" / SEED_PATH.name).write_bytes(SEED.encode())
    (root / "seed" / "copy_a.txt").write_bytes(codecs.BOM_UTF8 + SEED.encode())
    (root / "seed" / "copy_b.txt").write_bytes(SEED.encode("gb18030"))
    (root / "zipped.zip").write_bytes(zip_bytes({"seed.txt": SEED.encode("utf-16"), "empty.txt": b""}))
    return root


def table(db: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


DOCUMENTS = ("SELECT sha256, path, source, title, org, year, kind, script, format, encoding, chars, text"
             " FROM documents ORDER BY sha256")
FIGURES = "SELECT * FROM figures ORDER BY sha256, id"
PATHS = "SELECT path, sha256 FROM document_paths ORDER BY path"
FAILURES = "SELECT path, reason FROM failures ORDER BY path"
RUNS = "SELECT documents, skipped, figures, failures, finished IS NOT NULL FROM runs ORDER BY id"


def test_the_dask_import_stores_what_the_local_import_stores(cluster, archive, tmp_path):
    from summarymine.dask import import_paths_on_dask

    _, client = cluster
    local, on_dask = tmp_path / "local.sqlite", tmp_path / "dask.sqlite"
    expected = import_paths([archive], local, jobs=1, progress=False)
    # Small batches: several go through the cluster, with copies of a text in the same and the next batch.
    run = import_paths_on_dask([archive], on_dask, client, batch_size=3, progress=False)
    assert (run.documents, run.skipped, run.figures, run.failures) == (
        expected.documents, expected.skipped, expected.figures, expected.failures)
    assert run.documents >= 11 and run.skipped == 3 and run.failures == 1 and run.figures > 500
    for sql in (DOCUMENTS, FIGURES, PATHS, FAILURES, RUNS):
        assert table(on_dask, sql) == table(local, sql), sql

    # Run again: nothing new is sent or stored.
    again = import_paths_on_dask([archive], on_dask, client, progress=False)
    assert (again.documents, again.figures, again.skipped) == (0, 0, run.documents + run.skipped)
    assert table(on_dask, FIGURES) == table(local, FIGURES)


def test_the_cli_imports_on_a_scheduler_by_its_address(cluster, archive, tmp_path):
    local_cluster, _ = cluster
    local, on_dask = tmp_path / "local.sqlite", tmp_path / "dask.sqlite"
    import_paths([archive], local, jobs=1, progress=False)
    done = subprocess.run([sys.executable, "-m", "summarymine", "import", str(archive), "--db", str(on_dask),
                           "--dask", local_cluster.scheduler_address], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert done.returncode == 1, done.stderr  # the empty file is a failure
    with Store(local) as store:
        counts = store.counts()
    assert f"imported {counts['documents']} documents (3 already stored), {counts['figures']} figures, 1 failures" \
        in done.stderr
    for sql in (DOCUMENTS, FIGURES, PATHS, FAILURES):
        assert table(on_dask, sql) == table(local, sql), sql


def _plain(value):
    """A Parquet cell as the store's query gives it: missing is None, numbers compared as numbers."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def test_to_parquet_writes_the_store_figures(cluster, archive, tmp_path):
    import pandas as pd

    from summarymine.dask import FIGURE_COLUMNS, figures_bag, to_parquet

    _, client = cluster
    db = tmp_path / "local.sqlite"
    import_paths([archive], db, jobs=1, progress=False)
    with Store(db) as store:
        expected = store.query()
    failures = []
    out = to_parquet([archive], tmp_path / "figures", client, on_failure=failures.append)
    assert [f.path for f in failures] == [f"{archive}/zipped.zip!/empty.txt"]
    frame = pd.read_parquet(out)
    assert list(frame.columns) == list(FIGURE_COLUMNS)
    assert len(frame) == len(expected)
    assert str(frame["start"].dtype) == "int64" and str(frame["value"].dtype) == "float64"

    def key(row: dict) -> tuple:
        return tuple(_plain(row[c]) for c in FIGURE_COLUMNS)

    got = sorted((key(row) for row in frame.to_dict(orient="records")), key=repr)
    want = sorted((key(row) for row in expected), key=repr)
    assert got == want

    # The bag itself: the same records, computed on the cluster.
    records = figures_bag([archive]).compute()
    assert sorted((key(r) for r in records), key=repr) == want


def test_without_dask_the_error_names_the_extra(monkeypatch, tmp_path):
    from summarymine import dask as on_dask
    from summarymine.errors import SummarymineError

    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(SummarymineError, match=r"pip install 'summarymine\[dask\]'") as caught:
        on_dask.import_paths_on_dask([tmp_path], tmp_path / "x.sqlite", "tcp://127.0.0.1:1")
    assert isinstance(caught.value, ImportError)
    assert not (tmp_path / "x.sqlite").exists()
