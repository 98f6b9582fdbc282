"""What a caller pays for: ``import summarymine`` and ``extract`` need jieba, regex, opencc and PyYAML
only; every other package comes with an extra, and a feature that misses one names the extra.
The version is written once, and ``py.typed`` and the LICENSE ship."""
from __future__ import annotations

import importlib.metadata
import io
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from paths import CORPUS, ROOT
from summarymine import __version__, extract
from summarymine.cli import main as cli_main
from summarymine.errors import MissingExtraError
from summarymine.extras import EXTRAS

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CORE = ("jieba", "regex", "opencc-python-reimplemented", "PyYAML")
OPTIONAL = sorted({module for modules in EXTRAS.values() for module in modules})
DOCUMENT = CORPUS / "kjj_2013_zh-hans.txt"


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_core_dependencies_are_the_four():
    assert sorted(_name(r) for r in PYPROJECT["project"]["dependencies"]) == sorted(n.lower() for n in CORE)


@pytest.mark.parametrize("extra", sorted(EXTRAS))
def test_extras_table_matches_pyproject(extra):
    """``extras.EXTRAS`` names the modules of each extra pyproject.toml declares, no more and no fewer."""
    requirements = [r for r in PYPROJECT["project"]["optional-dependencies"][extra] if _name(r) != "summarymine"]
    named = {_name(r) for r in requirements}
    # dask[distributed]: an extra of a named package brings the package of that name.
    requested = named | {x for r in requirements for x in re.findall(r"\[([^\]]*)\]", r) for x in x.split(",")}
    owners = importlib.metadata.packages_distributions()
    provided = {d.lower().replace("_", "-") for module in EXTRAS[extra] for d in owners[module]}
    assert named <= provided and provided <= requested, (named, provided)


def test_test_extra_installs_everything():
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert "summarymine[all]" in extras["test"]
    assert {e for r in extras["all"] for e in re.findall(r"\[([^\]]*)\]", r)[0].split(",")} == set(EXTRAS)


def test_version_is_written_once():
    assert PYPROJECT["project"]["dynamic"] == ["version"] and "version" not in PYPROJECT["project"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "summarymine.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_the_architecture_names_every_module():
    """docs/architecture.md has a line for each module of the package."""
    listed = set(re.findall(r"^\| `([^`]+)` \|", (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"), re.M))
    package = ROOT / "src" / "summarymine"
    modules = {str(p.relative_to(package)) for p in package.rglob("*.py") if p.parent.name != "migrations"}
    assert modules | {"migrations/", "report_assets/"} == listed


def test_typed_and_licensed():
    assert (ROOT / "src" / "summarymine" / "py.typed").exists()
    assert "py.typed" in PYPROJECT["tool"]["setuptools"]["package-data"]["summarymine"]
    assert PYPROJECT["project"]["license"] == "MIT" and (ROOT / "LICENSE").read_text().startswith("MIT License")


# ---- a missing extra is named ---------------------------------------------------------------------


def _without(monkeypatch, *modules: str) -> None:
    """Make ``modules`` unimportable, as when their extra is not installed."""
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)


def test_extract_needs_no_extra(monkeypatch):
    _without(monkeypatch, *OPTIONAL)
    assert extract(DOCUMENT.read_text(encoding="utf-8")).metrics
    assert cli_main(["extract", str(DOCUMENT), "--format", "table"]) == 0


def test_import_without_its_extra_names_it(monkeypatch, tmp_path, capsys):
    _without(monkeypatch, *EXTRAS["import"])
    assert cli_main(["import", str(DOCUMENT), "--db", str(tmp_path / "figures.sqlite")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("summarymine: the import needs ") and "pip install 'summarymine[import]'" in err
    assert not (tmp_path / "figures.sqlite").exists()


def test_a_docx_without_the_import_extra_names_it(monkeypatch, tmp_path, capsys):
    path = tmp_path / "report.docx"
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    path.write_bytes(package.getvalue())
    _without(monkeypatch, "lxml")
    assert cli_main(["extract", str(path)]) == 1  # a file that could not be read; the others would be
    assert capsys.readouterr().err == ("summarymine: reading .docx needs lxml, which is not installed: "
                                       "pip install 'summarymine[import]'\n")


@pytest.mark.parametrize("command", [["compare"], ["report", "-o", "report.html"], ["audit", "--format", "xlsx",
                                                                                    "-o", "audit.xlsx"]])
def test_tables_without_the_compare_extra_name_it(monkeypatch, tmp_path, capsys, command):
    _without(monkeypatch, *EXTRAS["compare"])
    argv = [command[0], str(DOCUMENT),
            *(str(tmp_path / a) if a.endswith((".html", ".xlsx")) else a for a in command[1:])]
    assert cli_main(argv) == 2
    assert "pip install 'summarymine[compare]'" in capsys.readouterr().err


def test_missing_extra_is_an_import_error():
    assert issubclass(MissingExtraError, ImportError)


# ---- a fresh environment with the core dependencies only ------------------------------------------


@pytest.mark.slow  # a pip install and processes
def test_a_fresh_venv_without_extras(tmp_path):
    """``pip install .`` with no extras: the core dependencies (copied from this environment, as pip would
    install them offline) and summarymine; extract works from Python and the command line, and the
    import says which extra to install."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site = next((venv / "lib").glob("python3*/site-packages"))
    for name in CORE:
        for file in importlib.metadata.distribution(name).files or ():
            if not str(file).startswith(".."):  # scripts outside site-packages
                target = site / file
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(str(file.locate())), target)
    build = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                            "--target", str(site), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-2000:]
    python = str(venv / "bin" / "python")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([python, *args], capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)

    code = ("import sys, summarymine; doc = summarymine.extract(open(sys.argv[1], encoding='utf-8').read());"
            f"print(len(doc.metrics), summarymine.__version__, sorted(set({OPTIONAL!r}) & set(sys.modules)))")
    found = run("-c", code, str(DOCUMENT))
    assert found.returncode == 0, found.stderr[-2000:]
    count, version, loaded = found.stdout.split(maxsplit=2)
    assert int(count) > 0 and version == __version__ and loaded.strip() == "[]"
    cli = run("-m", "summarymine", "extract", str(DOCUMENT), "--format", "jsonl")
    assert cli.returncode == 0 and '"metrics": [' in cli.stdout, cli.stderr[-2000:]
    imported = run("-m", "summarymine", "import", str(DOCUMENT), "--db", str(tmp_path / "figures.sqlite"))
    assert imported.returncode == 2 and "pip install 'summarymine[import]'" in imported.stderr, imported.stderr
    assert (site / "summarymine" / "py.typed").exists()
