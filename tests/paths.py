"""Where the tests find the project's data and the shared material beside the checkout."""
import importlib
import os
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("SUMMARYMINE_SHARED", ROOT.parent / "shared")).resolve()
BENCH = ROOT / "bench"


def bench_module(name: str) -> ModuleType:
    """A module of bench/ that the tests reuse (the hostile text families, the hostile archive)."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module(name)


def shared(*parts: str) -> Path:
    """A path inside ../shared; a missing folder fails the test that needs it, it is never skipped."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: the tests need ../shared beside the checkout "
                                "(or SUMMARYMINE_SHARED)")
    return path


def read_table(name: str) -> list[list[str]]:
    """Rows of a tab-separated test table in tests/data, comments and blank lines skipped."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows
