"""The gold documents, scored by the project's scorer exactly as an outside evaluation runs it."""
import re
import subprocess
import sys

import pytest

from paths import CORPUS, shared

pytestmark = pytest.mark.slow  # the shared scorer over the corpus

CMD = f"{sys.executable} -m summarymine extract {{file}} --format json"


def score(gold_dir, docs) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(shared("eval", "score.py")), "--gold-dir", str(gold_dir), "--docs", str(docs), "--cmd", CMD],
        capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stderr
    line = out.stdout.strip().splitlines()[-1]
    print(line)
    figures = {"f1": float(re.search(r"quantity F1 ([\d.]+)", line).group(1))}
    for name, ok, n in re.findall(r"(\w+) (\d+)/(\d+)", line):
        figures[name] = int(ok) / int(n) if int(n) else 1.0
    return figures


@pytest.fixture(scope="module")
def seed():
    return score(shared("gold"), shared("seed"))


@pytest.fixture(scope="module")
def corpus():
    return score(CORPUS / "gold", CORPUS)


def test_seed_figures_all_found_and_read(seed):
    assert seed["f1"] == 1.0


@pytest.mark.parametrize("check,floor", [("approx", 0.98), ("subject", 0.95), ("status", 0.95), ("parent", 1.0)])
def test_seed_attribution(seed, check, floor):
    assert seed[check] >= floor


@pytest.mark.parametrize("check,floor", [("f1", 0.97), ("subject", 0.90), ("approx", 0.98), ("value_max", 0.95)])
def test_corpus(corpus, check, floor):
    assert corpus[check] >= floor
