"""The README's commands: every command and option it names exists, and every command line of its
code blocks runs, in order, from a checkout with ../shared beside it.

Named but not run: ``import ARCHIVE --dask tcp://scheduler:8786`` (tests/test_dask.py runs the CLI
against a local cluster) and the lines that install or test (``bash .ci/run``).
"""
from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from paths import ROOT, SHARED
from summarymine.cli import _parser

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block_commands() -> list[tuple[str, str]]:
    """(command line, its comment) for each summarymine line of the README's code blocks."""
    code = re.findall(r"^```[a-z]*\n(.*?)^```", README, re.DOTALL | re.MULTILINE)
    code += re.findall(r"^    (summarymine .*)$", README, re.MULTILINE)  # indented blocks
    found = []
    for line in "\n".join(code).splitlines():
        line = re.sub(r"^\$ ", "", line.strip())
        if ".venv/bin/summarymine" in line:
            line = line[line.index(".venv/bin/summarymine") + len(".venv/bin/"):]
        if line.startswith("summarymine "):
            command, _, comment = line.partition(" # ")
            found.append((command.strip(), comment))
    return found


def inline_commands() -> list[str]:
    return re.findall(r"`(summarymine [^`]+)`", README)


COMMANDS = block_commands()


def options_of(argv: list[str]) -> set[str]:
    """The options the (sub)command named by ``argv`` takes."""
    parser = _parser()
    words = [w for w in argv if not w.startswith("-")]
    while True:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs or not words or words[0] not in subs[0].choices:
            return {o for a in parser._actions for o in a.option_strings}
        parser = subs[0].choices[words.pop(0)]


def test_the_readme_shows_every_command():
    shown = {line.split()[1] for line, _ in COMMANDS}
    assert {"extract", "import", "failures", "query", "compare", "audit", "report", "taxonomy", "--version"} <= shown


@pytest.mark.parametrize("line,comment", COMMANDS, ids=[c for c, _ in COMMANDS])
def test_every_command_line_in_the_readme_parses(line, comment):
    argv = shlex.split(line.split(" < ")[0].split(" > ")[0])[1:]
    try:
        _parser().parse_args(argv)
    except SystemExit as exc:
        # --version and --help exit with 0 once they have printed; anything else is a usage error.
        assert exc.code == 0, f"{line}: not a valid command line"
    for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", comment):
        assert option in options_of(argv), f"{line}: its comment names {option}, which it does not take"


@pytest.mark.parametrize("line", inline_commands())
def test_every_command_the_prose_names_exists(line):
    """Commands named in the text, with placeholders (COMMAND, F, ARCHIVE) where a line would have values."""
    argv = line.split()[1:]
    commands = _parser()._subparsers._group_actions[0].choices
    assert argv[0] in commands or argv[0].isupper() or argv[0].startswith("--"), line
    assert {w for w in argv if w.startswith("--")} <= options_of(argv) | {"--help"}, line


def test_every_option_the_prose_names_exists():
    every = set().union(*(options_of([name]) for name in
                          ("extract", "import", "failures", "query", "compare", "audit", "report")))
    named = set(re.findall(r"`(--[a-z][a-z-]*)", README))
    assert named and named <= every, named - every


@pytest.mark.slow
def test_the_readme_commands_run(tmp_path):
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for name in ("corpus", "docs"):
        (checkout / name).symlink_to(ROOT / name)
    (tmp_path / "shared").symlink_to(SHARED)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "summarymine").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m summarymine "$@"\n', encoding="utf-8")
    (bin_dir / "summarymine").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    for line, _ in COMMANDS:
        run = subprocess.run(["bash", "-c", line], cwd=checkout, env=env, capture_output=True, text=True,
                             timeout=600, check=False)
        assert run.returncode == 0, f"{line}\n{run.stderr[-2000:]}"
        assert "Traceback" not in run.stderr, line
        written = re.findall(r"(?:-o|>) (\S+)", line)
        assert all((checkout / w).stat().st_size > 0 for w in written), line
        assert written or run.stdout.strip() or run.stderr.strip(), f"{line}: said nothing"
    assert Path(checkout / "figures.csv").read_bytes().startswith(b"\xef\xbb\xbf")
