"""Where the tests find the project's data and the shared material beside the checkout."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("SUMMARYMINE_SHARED", ROOT.parent / "shared")).resolve()


def shared(*parts: str) -> Path:
    """A path inside ../shared; a missing folder fails the test that needs it, it is never skipped."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: the tests need ../shared beside the checkout (or SUMMARYMINE_SHARED)")
    return path


def read_table(name: str) -> list[list[str]]:
    """Rows of a tab-separated test table in tests/data, comments and blank lines skipped."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows
