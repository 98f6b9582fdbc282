"""Every bad input and bad path of tests/data/cli_errors.tsv: its exit status and its one line on stderr."""
from __future__ import annotations

import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from paths import read_table
from readonly import read_only
from summarymine.store import Store, migrations

pytestmark = pytest.mark.slow  # a process per row

ROWS = read_table("cli_errors.tsv")
DOC = "丰河县统计局2020年工作总结\n2020年，全县地区生产总值186.52亿元，同比增长6.3%。\n"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], list[str]]:
    """The placeholders' files, and the command prefix under which {ro} is read-only."""
    root = tmp_path_factory.mktemp("world")
    doc = root / "doc.txt"
    doc.write_text(DOC, encoding="utf-8")
    from summarymine.ingest import import_paths

    import_paths([doc], root / "store.sqlite", jobs=1)
    (root / "ro").mkdir()
    shutil.copy(root / "store.sqlite", root / "ro" / "store.sqlite")
    (root / "folder").mkdir()
    newer = sqlite3.connect(root / "newer.sqlite")
    newer.execute("PRAGMA user_version = 999")
    newer.close()
    (root / "bin.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (root / "empty.txt").write_bytes(b"")
    (root / "targets.yaml").write_text("- metric: economy.gdp\n  year: x\n  value: 1\n  unit: 亿元\n", encoding="utf-8")
    places = {
        "doc": doc, "store": root / "store.sqlite", "ro": root / "ro", "missing": root / "missing",
        "folder": root / "folder", "newer": root / "newer.sqlite", "binary": root / "bin.png",
        "empty": root / "empty.txt", "targets": root / "targets.yaml", "tmp": root,
        "schema": max(number for number, _ in migrations()),
    }
    return {k: str(v) for k, v in places.items()}, read_only(root / "ro")


@pytest.mark.parametrize("name,status,stderr,fragment,arguments", ROWS, ids=[r[0] for r in ROWS])
def test_bad_input(world, name, status, stderr, fragment, arguments):  # noqa: ARG001 - name is the row's id
    places, prefix = world
    argv = [a.format(**places) for a in shlex.split(arguments)]
    stdin = [a for a in argv if a.startswith("<")]
    argv = [a for a in argv if not a.startswith("<")]
    with open(stdin[0][1:], "rb") if stdin else open("/dev/null", "rb") as given:
        run = subprocess.run([*prefix, sys.executable, "-m", "summarymine", *argv], stdin=given,
                             capture_output=True, text=True, timeout=300, check=False)
    lines = run.stderr.splitlines()
    assert run.returncode == int(status), run.stderr
    assert "Traceback" not in run.stderr
    assert fragment.format(**places) in run.stderr
    if stderr == "one":
        assert len(lines) == 1 and lines[0].startswith("summarymine: "), lines
    elif stderr == "usage":
        assert lines[0].startswith("usage: summarymine") and "error: " in lines[-1], lines
        assert fragment in lines[-1]
    elif stderr == "none":
        assert lines == []
    if status == "2" and "-o" in argv:
        assert not Path(argv[argv.index("-o") + 1]).is_file(), "nothing is written when the command stops"


def test_the_read_only_store_was_read_as_it_is(world):
    places, _ = world
    folder = Path(places["ro"])
    assert sorted(p.name for p in folder.iterdir()) == ["store.sqlite"]
    with Store(folder / "store.sqlite", readonly=True) as store:
        assert store.counts()["documents"] == 1
