import codecs
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

import pytest

from paths import CORPUS, shared
from summarymine.cli import SHOWN_FAILURES
from summarymine.cli import main as cli_main

SEED = shared("seed", "000_c8039014f39d426f.txt")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "summarymine", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_json_is_one_document_object():
    out = run("extract", str(SEED), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["schema"] == "summarymine.document/1" and len(data["metrics"]) >= 79


@pytest.mark.slow
def test_jsonl_is_one_object_per_file_in_one_process():
    files = sorted(str(p) for p in CORPUS.glob("*.txt"))
    out = run("extract", *files, "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert [json.loads(line)["document"]["source"] for line in lines] == [p.rsplit("/", 1)[-1] for p in files]


@pytest.mark.slow
def test_explain_lists_rejected_candidates_with_reasons():
    out = run("extract", str(SEED), "--format", "table", "--explain")
    assert out.returncode == 0
    rejected = out.stdout.split("# rejected", 1)[1]
    for text, kind in (("11月", "date"), ("三項", "name"), ("2013年", "year"), ("一", "rank")):
        assert any(text in line and kind in line for line in rejected.splitlines()), (text, kind)


@pytest.mark.slow
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


@pytest.mark.slow
def test_json_with_two_files_is_refused():
    out = run("extract", str(SEED), str(SEED), "--format", "json")
    assert out.returncode == 2 and "jsonl" in out.stderr


@pytest.mark.slow
def test_report_marks_every_figure(tmp_path):
    from summarymine import extract

    files = sorted(CORPUS.glob("kjj_*.txt"))
    out = tmp_path / "r.html"
    run_ = run("report", *map(str, files), "-o", str(out))
    assert run_.returncode == 0, run_.stderr
    page = out.read_text(encoding="utf-8")
    expected = sum(len(extract(f.read_text(encoding="utf-8"), source=f.name).metrics) for f in files)
    assert page.count('<mark id="doc-') == expected


# --------------------------------------------------------------------------- conventions


@pytest.mark.slow
def test_version():
    from summarymine import __version__

    out = run("--version")
    assert (out.returncode, out.stdout.strip()) == (0, f"summarymine {__version__}")


def parsers(parser=None, name="summarymine"):
    """The parser and every subcommand's, with their names."""
    import argparse

    from summarymine.cli import _parser

    parser = parser or _parser()
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from parsers(sub, f"{name} {sub_name}")


def test_every_command_and_option_says_what_it_is_for():
    import argparse

    found = dict(parsers())
    assert {"summarymine extract", "summarymine import", "summarymine failures", "summarymine query",
            "summarymine compare", "summarymine audit", "summarymine report",
            "summarymine taxonomy suggest"} <= set(found)
    top = found["summarymine"]
    assert "Figures out of Chinese" in top.description and "exit status" in top.epilog
    for name, parser in found.items():
        assert parser.description, name
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                assert all(choice.help for choice in action._choices_actions), name
            else:
                shown = f"{name} {action.option_strings or action.dest}"
                assert action.help and action.help != argparse.SUPPRESS, shown


@pytest.mark.slow
def test_help_documents_the_exit_codes():
    out = run("extract", "--help")
    assert out.returncode == 0
    assert all(line in out.stdout for line in ("0  done", "1  done, but some input failed", "2  usage"))


@pytest.mark.slow
def test_extract_dash_reads_standard_input():
    data = SEED.read_bytes()
    piped = subprocess.run([sys.executable, "-m", "summarymine", "extract", "-"], input=data,
                           capture_output=True, timeout=120, check=False)
    assert piped.returncode == 0, piped.stderr
    from_file = json.loads(run("extract", str(SEED)).stdout)
    from_stdin = json.loads(piped.stdout)
    assert from_stdin["document"]["source"] == "<stdin>"
    assert from_stdin["metrics"] == from_file["metrics"]


@pytest.mark.slow
def test_no_log_line_of_jieba_reaches_stderr():
    # A fresh process, so that jieba loads its dictionary here; the root logger is left unconfigured.
    code = ("import logging, summarymine; summarymine.extract('培训农民5000人次。');"
            "print(logging.getLogger().handlers, logging.getLogger().level)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "TMPDIR": tempfile.mkdtemp()}, check=False)  # no jieba cache: it logs most
    assert out.returncode == 0 and out.stderr == ""
    assert out.stdout.split() == ["[]", "30"]  # no handler added; WARNING, Python's default, untouched
    assert run("extract", str(SEED), "--format", "jsonl").stderr == ""


# --------------------------------------------------------------------------- failures shown


def test_an_import_names_its_first_failures_and_failures_lists_them_all(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("丰河县统计局2020年工作总结\n完成投资1.5亿元。\n", encoding="utf-8")
    bad = [f"bad{i}.txt" for i in range(SHOWN_FAILURES + 2)]
    for name in bad:
        (docs / name).write_bytes(b"\x00\x01\x02" * 10)
    db = tmp_path / "s.sqlite"
    assert cli_main(["import", str(docs), "--db", str(db), "--jobs", "1"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("imported 1 documents (0 already stored)") and f"{len(bad)} failures" in lines[0]
    assert lines[1:-1] == [f"summarymine: {docs / name}: binary data, not text" for name in bad[:SHOWN_FAILURES]]
    assert lines[-1] == f"summarymine: and 2 more: summarymine failures --db {db}"

    assert cli_main(["failures", "--db", str(db), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["run", "path", "reason"], *[["1", str(docs / n), "binary data, not text"] for n in bad]]
    assert cli_main(["import", str(docs), "--db", str(db), "--jobs", "1"]) == 1  # the same files fail again
    capsys.readouterr()
    assert cli_main(["failures", "--db", str(db), "--format", "json"]) == 0
    assert {f["run"] for f in json.loads(capsys.readouterr().out)["failures"]} == {2}
    assert cli_main(["failures", "--db", str(db), "--all", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["failures"]) == 2 * len(bad)
    assert cli_main(["failures", "--db", str(db), "--run", "1"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["run", "path", "reason"] and len(table) == 1 + len(bad)


# --------------------------------------------------------------------------- filters


HAILAR = [str(p) for p in sorted(shared("realdocs").glob("hailar_district_201[23]*.txt"))]
KJJ = str(CORPUS / "kjj_2013_zh-hans.txt")


def compare_rows(capsys, *args: str) -> list[dict]:
    assert cli_main(["compare", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["rows"]


def test_org_filters_files_and_stores_alike_and_set_org_relabels(tmp_path, capsys):
    everything = {r["org"] for r in compare_rows(capsys, *HAILAR, KJJ)}
    assert everything == {"海拉尔区人民政府", "XX区科学技术局"}
    assert {r["org"] for r in compare_rows(capsys, *HAILAR, KJJ, "--org", "海拉尔")} == {"海拉尔区人民政府"}
    assert {r["org"] for r in compare_rows(capsys, *HAILAR, KJJ, "--set-org", "某局")} == {"某局"}
    db = tmp_path / "s.sqlite"
    assert cli_main(["import", *HAILAR, KJJ, "--db", str(db), "--jobs", "1"]) == 0
    assert {r["org"] for r in compare_rows(capsys, "--db", str(db), "--org", "海拉尔")} == {"海拉尔区人民政府"}
    canonical = compare_rows(capsys, "--db", str(db), "--org", "呼伦贝尔市海拉尔区政府")
    assert {r["org"] for r in canonical} == {"海拉尔区人民政府"}
    assert {r["year"] for r in compare_rows(capsys, "--db", str(db), "--year", "2013")} <= {2013, 2014}
    assert cli_main(["query", "--db", str(db), "--org", "科学技术", "--format", "json"]) == 0
    assert {f["org"] for f in json.loads(capsys.readouterr().out)["figures"]} == {"XX区科学技术局"}


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_an_empty_result_is_a_header_and_a_note(capsys, fmt):
    assert cli_main(["compare", *HAILAR, "--org", "满洲里", "--format", fmt]) == 0
    out, err = capsys.readouterr()
    assert err == "summarymine: no documents for --org 满洲里\n"
    if fmt == "json":
        assert json.loads(out)["rows"] == []
    else:
        assert out.splitlines()[0].replace(",", " ").split()[:3] == ["org", "key", "metric" if fmt == "csv" else "metric_label"]
        assert len(out.splitlines()) == 1 and "Empty DataFrame" not in out


# --------------------------------------------------------------------------- tables for people


def cells(line: str) -> list[str]:
    """A table line as display columns: a wide character fills two, the second of them empty."""
    from summarymine.tables import width

    return [slot for c in line for slot in ([c, ""] if width(c) == 2 else [c])]


def test_tables_have_headers_aligned_columns_and_exact_numbers(capsys):
    from summarymine import extract
    from summarymine.tables import cut, number

    assert cli_main(["extract", KJJ, "--format", "table"]) == 0
    title, header, *rows = capsys.readouterr().out.splitlines()
    assert title.startswith("# kjj_2013_zh-hans.txt")
    names = ["id", "start", "text", "value", "unit", "approx", "measure", "status", "parent", "subject", "metric"]
    assert header.split() == names
    # Left-aligned columns start under their header; value, right-aligned, ends under its header.
    starts = {n: "".join(cells(header)).index(n) for n in names}
    metrics = extract((CORPUS / "kjj_2013_zh-hans.txt").read_text(encoding="utf-8")).metrics
    assert len(rows) == len(metrics)
    for row, m in zip(rows, metrics):
        slots = cells(row) + [""] * 200

        def between(a: str, b: str, slots: list[str] = slots) -> str:
            return "".join(slots[starts[a]:starts[b]]).strip()

        q = m.quantity
        value = number(q.value) if q.value_max is None else f"{number(q.value)}~{number(q.value_max)}"
        assert between("id", "start") == m.id and between("start", "text") == str(q.start)
        assert between("text", "unit").split() == [cut(q.text, 20), value], row
        assert slots[starts["value"] + len("value") - 1] != " " and slots[starts["value"] + len("value")] == " ", row
        assert between("unit", "approx") == (q.unit or "") and between("measure", "status") == m.measure
        assert between("subject", "metric") == cut(m.subject or "", 24)
    assert any("3,200,000" in row for row in rows)

    assert cli_main(["compare", *HAILAR]) == 0
    table = capsys.readouterr().out
    assert "e+" not in table and "NaN" not in table
    assert "23,520,000,000" in table  # 2012's GDP, 235.2亿元


def test_long_messages_are_wrapped_in_the_table_and_whole_in_json(capsys):
    from summarymine.tables import width

    assert cli_main(["audit", *HAILAR, "--format", "json"]) == 0
    messages = [f["message"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert max(width(m) for m in messages) > 72
    assert cli_main(["audit", *HAILAR]) == 0
    header, *lines = capsys.readouterr().out.splitlines()
    at = "".join(cells(header)).index("message")
    shown: list[str] = []
    for line in lines:  # a line with other cells starts a finding; one without continues its message
        slots = cells(line)
        message = "".join(slots[at:])
        assert width(message) <= 72
        if "".join(slots[:at]).strip():
            shown.append(message)
        else:
            shown[-1] += " " + message
    assert ["".join(m.split()) for m in messages] == ["".join(m.split()) for m in shown]


def test_excel_csv_starts_with_a_byte_order_mark(tmp_path):
    import pandas as pd

    for excel in (False, True):
        out = tmp_path / f"c{excel}.csv"
        assert cli_main(["compare", *HAILAR, "--format", "csv", "-o", str(out), *(["--excel"] if excel else [])]) == 0
        assert out.read_bytes().startswith(codecs.BOM_UTF8) is excel
        frame = pd.read_csv(out, encoding="utf-8-sig")
        assert "海拉尔区人民政府" in set(frame["org"])


def test_extract_with_jobs_gives_what_one_process_gives(tmp_path, capsys):
    """Several files in two worker processes: the same documents, in the order given, and an unreadable
    file named on stderr, as without --jobs."""
    files = [str(p) for p in sorted(CORPUS.glob("*.txt"))[:4]]
    missing = str(tmp_path / "missing.txt")
    assert cli_main(["extract", *files, missing, "--format", "jsonl"]) == 1
    alone = capsys.readouterr()
    assert cli_main(["extract", *files, missing, "--format", "jsonl", "--jobs", "2"]) == 1
    pooled = capsys.readouterr()
    assert pooled.out == alone.out and len(pooled.out.splitlines()) == 4
    assert "missing.txt" in pooled.err and pooled.err == alone.err


def test_files_in_batches_largest_first_come_back_in_the_order_given(monkeypatch):
    """extract_files sends each batch's largest files first; batches of two here (the last of three), over files of unequal size."""
    from summarymine import ingest

    monkeypatch.setattr(ingest, "FILES_PER_WORKER", 1)
    files = sorted(CORPUS.glob("*.txt"))[:7]
    assert len({p.stat().st_size for p in files}) > 1
    pooled = [(path, doc.to_json()) for path, doc in ingest.extract_files(files, jobs=2)]
    alone = [(path, doc.to_json()) for path, doc in ingest.extract_files(files, jobs=1)]
    assert [p for p, _ in pooled] == files and pooled == alone


@pytest.mark.parametrize("form", ["json", "jsonl", "table"])
def test_documents_written_out_in_the_workers_are_what_the_documents_give(form):
    """extract_files(render=…): each document as the worker that extracted it writes it out, the same text as
    the document read back in this process gives, and its body and year for the filters."""
    import functools

    from summarymine import ingest
    from summarymine.tables import written

    files = sorted(CORPUS.glob("*.txt"))[:3]
    render = functools.partial(written, form=form, explain=True)
    pooled = list(ingest.extract_files(files, jobs=2, render=render))
    alone = [(path, written(doc, form=form, explain=True)) for path, doc in ingest.extract_files(files, jobs=1)]
    assert pooled == alone and all(w.text and w.explanation for _, w in pooled)
