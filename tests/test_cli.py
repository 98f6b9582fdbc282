import json
import subprocess
import sys

from paths import CORPUS, shared

SEED = shared("seed", "000_c8039014f39d426f.txt")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "summarymine", *args], capture_output=True, text=True, timeout=120)


def test_json_is_one_document_object():
    out = run("extract", str(SEED), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["schema"] == "summarymine.document/1" and len(data["metrics"]) >= 79


def test_jsonl_is_one_object_per_file_in_one_process():
    files = sorted(str(p) for p in CORPUS.glob("*.txt"))
    out = run("extract", *files, "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert [json.loads(line)["document"]["source"] for line in lines] == [p.rsplit("/", 1)[-1] for p in files]


def test_explain_lists_rejected_candidates_with_reasons():
    out = run("extract", str(SEED), "--format", "table", "--explain")
    assert out.returncode == 0
    rejected = out.stdout.split("# rejected", 1)[1]
    for text, kind in (("11月", "date"), ("三項", "name"), ("2013年", "year"), ("一", "rank")):
        assert any(text in line and kind in line for line in rejected.splitlines()), (text, kind)


def test_errors_are_one_line_without_traceback(tmp_path):
    missing = tmp_path / "missing.txt"
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    out = run("extract", str(missing), str(binary), str(SEED), "--format", "jsonl")
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    errors = out.stderr.strip().splitlines()
    assert len(errors) == 2 and "missing.txt" in errors[0] and "binary" in errors[1]
    assert len(out.stdout.splitlines()) == 1  # the good file is still extracted


def test_json_with_two_files_is_refused():
    out = run("extract", str(SEED), str(SEED), "--format", "json")
    assert out.returncode == 2 and "jsonl" in out.stderr


def test_report_marks_every_figure(tmp_path):
    from summarymine import extract

    files = sorted(CORPUS.glob("kjj_*.txt"))
    out = tmp_path / "r.html"
    run_ = run("report", *map(str, files), "-o", str(out))
    assert run_.returncode == 0, run_.stderr
    page = out.read_text(encoding="utf-8")
    expected = sum(len(extract(f.read_text(encoding="utf-8"), source=f.name).metrics) for f in files)
    assert page.count('<mark id="doc-') == expected
