"""The lexicons ship inside the package: a non-editable install finds them without the source tree."""
import subprocess
import sys

import pytest

from paths import ROOT

pytestmark = pytest.mark.slow  # a pip install


def test_non_editable_install_loads_its_own_lexicons(tmp_path):
    target = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    code = (
        "import summarymine, summarymine.lexicon as lx;"
        "p = lx.lexicon_path('units.tsv'); print(p);"
        "print(len(summarymine.extract('爭取資金300餘萬元，培訓5000人次。').metrics))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    path, count = out.stdout.split()
    assert path.startswith(str(target)) and count == "2"
