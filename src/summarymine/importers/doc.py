"""Legacy Word .doc (OLE2) through an outside converter: antiword, catdoc or LibreOffice.

The first one found on PATH is run on a private temporary copy, with a timeout. Without any,
the failure says how to convert the file.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ._base import Extracted, FormatError

TIMEOUT = 120  # seconds; LibreOffice's first start alone can take tens of seconds
NO_CONVERTER = "legacy .doc: convert to .docx first (e.g. libreoffice --headless --convert-to docx FILE)"
_TOOLS = ("antiword", "catdoc", "soffice", "libreoffice")


def find_converter() -> tuple[str, str] | None:
    """(tool name, executable path) of the first converter on PATH."""
    for tool in _TOOLS:
        found = shutil.which(tool)
        if found:
            return tool, found
    return None


def read(data: bytes, *, name: str = "") -> Extracted:  # noqa: ARG001
    converter = find_converter()
    if converter is None:
        raise FormatError(NO_CONVERTER)
    tool, exe = converter
    with tempfile.TemporaryDirectory(prefix="summarymine-doc-") as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        if tool == "antiword":
            command = [exe, "-m", "UTF-8.txt", "-w", "0", str(source)]
        elif tool == "catdoc":
            command = [exe, "-d", "utf-8", "-w", str(source)]
        else:
            command = [exe, "--headless", "--norestore", f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
                       "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, cwd=tmp, check=False)
        except subprocess.TimeoutExpired:
            raise FormatError(f"legacy .doc: {tool} did not finish in {TIMEOUT} s") from None
        except OSError as exc:
            raise FormatError(f"legacy .doc: cannot run {tool}: {exc}") from None
        if tool in ("soffice", "libreoffice"):
            output = Path(tmp) / "input.txt"
            raw = output.read_bytes() if output.exists() else b""
        else:
            raw = done.stdout
        if done.returncode != 0 or not raw:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise FormatError(f"legacy .doc: {tool} could not convert it"
                              + (f" ({detail[-1]})" if detail else f" (exit status {done.returncode})"))
    text = raw.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    if not text.strip():
        raise FormatError("no text in the document")
    return Extracted(text=text, warnings=[f"converted from legacy .doc by {tool}"])
