""".ci/run, with stand-ins for dpkg, id, apt-get and python3: what it installs, as root and as a user
who cannot, and what the tests are then told."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from paths import ROOT

# Each stand-in logs its arguments to $LOG; dpkg knows the packages in $INSTALLED, id says $UID_IS.
STUBS = {
    "dpkg": 'echo "dpkg $*" >> "$LOG"; [[ " $INSTALLED " == *" $2 "* ]]',
    "id": 'echo "$UID_IS"',
    "apt-get": 'echo "apt-get $*" >> "$LOG"',
    "chromium": "true",
    # python3 -m venv .venv makes a venv whose pip logs and whose python logs pytest's arguments and the skip reason.
    "python3": ('mkdir -p .venv/bin\n'
                'printf \'#!/bin/bash\\necho "pip $*" >> "$LOG"\\n\' > .venv/bin/pip\n'
                'printf \'#!/bin/bash\\necho "pytest $* skip=${SUMMARYMINE_BROWSER_SKIP:-}" >> "$LOG"\\n\''
                ' > .venv/bin/python\n'
                'printf \'#!/bin/bash\\necho "ruff $*" >> "$LOG"\\n\' > .venv/bin/ruff\n'
                'printf \'#!/bin/bash\\necho "mypy $*" >> "$LOG"\\n\' > .venv/bin/mypy\n'
                "chmod +x .venv/bin/pip .venv/bin/python .venv/bin/ruff .venv/bin/mypy"),
}
CASES = [
    # id, user id, installed packages, Chromium on the PATH, apt-get calls, advice on stderr, browser tests skipped
    ("root-all-missing", "0", "", False, ["update -qq", "install -y -qq --no-upgrade chromium fonts-noto-cjk"], "",
     False),
    ("root-fonts-missing", "0", "", True, ["update -qq", "install -y -qq --no-upgrade fonts-noto-cjk"], "", False),
    ("root-nothing-missing", "0", "fonts-noto-cjk", True, [], "", False),
    ("user-all-missing", "1000", "", False, [], "sudo apt-get install chromium fonts-noto-cjk", True),
    ("user-fonts-missing", "1000", "", True, [], "sudo apt-get install fonts-noto-cjk", False),
    ("user-nothing-missing", "1000", "fonts-noto-cjk", True, [], "", False),
]


@pytest.mark.parametrize("uid,installed,chromium,apt,advice,skipped", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_ci_installs_only_what_is_missing(tmp_path, uid, installed, chromium, apt, advice, skipped):
    checkout = tmp_path / "checkout"
    (checkout / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "run", checkout / ".ci" / "run")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name, body in STUBS.items():
        if name == "chromium" and not chromium:
            continue
        (stubs / name).write_text(f"#!/bin/bash\n{body}\n", encoding="utf-8")
        (stubs / name).chmod(0o755)
    # Only the stand-ins and the shell's own tools: no real chromium, apt-get or python3 can be found.
    tools = tmp_path / "tools"
    tools.mkdir()
    for tool in ("bash", "dirname", "mkdir", "printf", "chmod", "cat"):
        (tools / tool).symlink_to(shutil.which(tool))
    log = tmp_path / "log"
    log.touch()
    env = {"PATH": f"{stubs}:{tools}", "LOG": str(log), "UID_IS": uid, "INSTALLED": installed}
    run = subprocess.run([shutil.which("bash"), str(checkout / ".ci" / "run"), "-m", "not slow"], env=env,
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert [c.removeprefix("apt-get ") for c in calls if c.startswith("apt-get")] == apt
    # The linter and the type checker run, before the tests, on the project's own configuration.
    assert [c for c in calls if c.startswith(("ruff", "mypy", "pytest"))][:2] == ["ruff check .", "mypy "]
    pytest_call = [c for c in calls if c.startswith("pytest")]
    assert len(pytest_call) == 1 and pytest_call[0].startswith("pytest -m pytest -q -p no:cacheprovider -m not slow")
    assert pytest_call[0].endswith("skip=") is not skipped
    assert (advice in run.stderr) if advice else run.stderr == ""
    if skipped:
        assert "sudo apt-get install chromium" in pytest_call[0] and "the browser tests are skipped" in run.stderr


@pytest.mark.slow
def test_browser_tests_are_skipped_with_the_reason_ci_gives(tmp_path):
    env = {**os.environ, "SUMMARYMINE_CHROMIUM": str(tmp_path / "no-chromium"),
           "SUMMARYMINE_BROWSER_SKIP": "Chromium is missing: sudo apt-get install chromium"}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
                          str(ROOT / "tests" / "test_browser.py")], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-2000:]
    assert " passed" not in run.stdout and " skipped" in run.stdout
    assert "SKIPPED" in run.stdout and "Chromium is missing: sudo apt-get install chromium" in run.stdout
    without = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                              str(ROOT / "tests" / "test_browser.py")],
                             env={**env, "SUMMARYMINE_BROWSER_SKIP": ""}, cwd=ROOT, capture_output=True, text=True,
                             timeout=300, check=False)
    assert without.returncode == 1 and "the browser test needs Debian's chromium" in without.stdout
