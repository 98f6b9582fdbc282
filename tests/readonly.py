"""Read-only media for the tests: a folder mounted read-only in a private mount namespace.

``unshare -rm`` needs no privilege where user namespaces are enabled. Elsewhere a folder
without write permission stands in for it, unless the tests run as root, whom permissions do
not stop: then the tests that need read-only media are skipped, saying why.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

# $0 is the folder, "$@" the command run with the folder read-only.
_MOUNT = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'


def read_only(folder: Path) -> list[str]:
    """A prefix for a command line under which ``folder`` cannot be written."""
    prefix = ["unshare", "-rm", "sh", "-c", _MOUNT, str(folder)]
    if shutil.which("unshare"):
        probe = subprocess.run([*prefix, "sh", "-c", 'touch "$0/.probe"', str(folder)], capture_output=True, text=True,
                               check=False)
        if "Read-only file system" in probe.stderr:
            return prefix
    if os.geteuid() == 0:
        pytest.skip("no read-only mount here (unshare -rm failed) and root writes through permissions")
    folder.chmod(0o555)
    return []
