"""The gold documents, scored by the project's scorer exactly as an outside evaluation runs it."""
import json
import re
import shutil
import subprocess
import sys

import pytest

from paths import CORPUS, read_table, shared
from summarymine import extract

pytestmark = pytest.mark.slow  # the shared scorer over the corpus

CMD = f"{sys.executable} -m summarymine extract {{file}} --format json"


def score(gold_dir, *docs) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(shared("eval", "score.py")), "--gold-dir", str(gold_dir), "--docs", *map(str, docs), "--cmd", CMD],
        capture_output=True, text=True, timeout=600, check=False,
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


# The documents of issue 9, written with their gold by helpers who saw only the text and the contract:
# a bulletin with lists and shares, a city report with 分别 lists, a results report laid out from a PDF
# with tables, a county plan.
ISSUE_9 = ("jcs_2023_tjgb_zh-hans", "jcs_2024_gzbg_zh-hans", "hbs_2023_cgbg_zh-hant", "qhx_2024_plan_zh-hans")


def score_corpus_documents(tmp_path_factory, stems) -> dict[str, float]:
    """The scorer over some of the corpus documents: their gold alone in a folder of its own."""
    gold = tmp_path_factory.mktemp("gold")
    for stem in stems:
        shutil.copy(CORPUS / "gold" / f"{stem}.jsonl", gold)
    return score(gold, CORPUS)


@pytest.fixture(scope="module")
def attribution_set(tmp_path_factory):
    return score_corpus_documents(tmp_path_factory, ISSUE_9)


# The documents of issue 10, written the same way: a report pulled from a PDF, a summary with markdown
# tables, a Taiwan performance report (open measure words, units before numbers, currencies, tables
# that give their numbers units).
ISSUE_10 = ("pdfx_2024_jxbg_zh-hans", "mdtb_2023_gzzj_zh-hans", "jxbg_2023_ndmb_zh-hant")


@pytest.fixture(scope="module")
def layout_set(tmp_path_factory):
    return score_corpus_documents(tmp_path_factory, ISSUE_10)


@pytest.fixture(scope="module")
def real_regions():
    """Regions of real documents (../shared), annotated by a helper who never saw the tool's output."""
    return score(CORPUS / "gold" / "realdocs", shared("realdocs"), shared("archive", "hebei"))


def test_seed_figures_all_found_and_read(seed):
    assert seed["f1"] == 1.0


@pytest.mark.parametrize("check,floor", [("approx", 1.0), ("subject", 1.0), ("status", 1.0), ("parent", 1.0)])
def test_seed_attribution(seed, check, floor):
    assert seed[check] >= floor


@pytest.mark.parametrize("check,floor", [("f1", 0.97), ("subject", 0.90), ("approx", 0.98), ("value_max", 0.95)])
def test_corpus(corpus, check, floor):
    assert corpus[check] >= floor


@pytest.mark.parametrize("check,floor", [("subject", 0.92), ("parent", 0.90), ("status", 0.95), ("measure", 0.97)])
def test_what_figures_count(attribution_set, check, floor):
    assert attribution_set[check] >= floor


# The subject floor keeps a margin under what is reached (0.950 with the 2025 Taiwan oral report, the 石城县 department
# rules and the 贵州/海南 2026 regions, blind gold of kinds the tool read worst: 0.90, 0.91, 0.93 of their own).
# The measure floor too: annotators part on 新增 (新增高新技术企业300家 an amount to some, a change to others; the
# tool reads an amount, as the taxonomy's indicators of the year's additions are), 0.969 over the 72 files.
@pytest.mark.parametrize("check,floor", [("subject", 0.94), ("status", 0.95), ("measure", 0.96), ("parent", 0.70), ("approx", 0.98)])
def test_real_document_regions(real_regions, check, floor):
    assert real_regions[check] >= floor


@pytest.mark.parametrize("check,floor", [("f1", 0.97), ("approx", 0.98), ("subject", 0.92), ("measure", 0.92)])
def test_layouts_and_open_forms(layout_set, check, floor):
    assert layout_set[check] >= floor


@pytest.mark.parametrize("stem", ISSUE_10)
def test_money_carries_the_gold_currency(stem):
    """Every gold figure of the issue-10 documents that carries a currency has it in the output."""
    text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    found = {(m["start"], m["end"]): m for m in extract(text).to_dict()["metrics"]}
    rows = [json.loads(line) for line in (CORPUS / "gold" / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines()]
    money = [row for row in rows if row.get("currency") and (row["start"], row["end"]) in found]
    assert money, f"no money figure of {stem} found"
    wrong = [(row["text"], row["currency"], found[(row["start"], row["end"])]["currency"]) for row in money
             if found[(row["start"], row["end"])]["currency"] != row["currency"]]
    assert not wrong, wrong


# Fewer rows with a year than this say too little of a document's years to judge it by a share of them.
YEAR_ROWS = 50


def _with_years() -> list[str]:
    """The real documents whose gold says, of enough figures, the year each belongs to (an extra field, `year`)."""
    return sorted(path.stem for path in (CORPUS / "gold" / "realdocs").glob("*.jsonl")
                  if sum('"year":' in line and '"optional": true' not in line
                         for line in path.read_text(encoding="utf-8").splitlines()) >= YEAR_ROWS)


YEAR_MISSES = dict(read_table("gold_year_misses.tsv"))


@pytest.mark.parametrize("stem", [
    pytest.param(stem, marks=pytest.mark.xfail(strict=True, reason=YEAR_MISSES[stem])) if stem in YEAR_MISSES else stem
    for stem in _with_years()])
def test_figures_are_of_the_gold_year(stem):
    """Each gold figure found (its span overlapping, its value the same) is of the year the annotator gave it, or of
    none where the annotator gave none (a project's total, a cumulative sum): 9 of 10 at least."""
    path = next(p for folder in (shared("realdocs"), shared("archive", "hebei")) for p in folder.glob(f"{stem}.txt"))
    metrics = extract(path.read_text(encoding="utf-8"), source=path.name).to_dict()["metrics"]
    rows = [json.loads(line) for line in (CORPUS / "gold" / "realdocs" / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines()]
    judged = []
    for row in rows:
        if "year" not in row or row["optional"]:
            continue
        found = next((m for m in metrics if m["start"] < row["end"] and row["start"] < m["end"]
                      and abs(m["value"] - row["value"]) <= 1e-6 * max(1.0, abs(row["value"]))), None)
        if found is not None:
            judged.append((row["text"], row["year"], found["year"]))
    wrong = [j for j in judged if j[1] != j[2]]
    assert len(judged) >= 0.8 * YEAR_ROWS and len(wrong) <= 0.1 * len(judged), wrong
