"""Where the commands' results go: standard output or a file (-o), with the checks made before any work."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutputError, SummarymineError, check_writable, write_error
from ..extras import needs

if TYPE_CHECKING:
    import pandas as pd


def check_output(args: argparse.Namespace, *, needs_file: tuple[str, ...]) -> None:
    if args.format in needs_file and not args.output:
        raise SummarymineError(f"--format {args.format} writes a file: give -o FILE")
    if args.output:
        check_writable(args.output)


def check_excel(args: argparse.Namespace) -> None:
    if args.excel and args.format != "csv":
        raise SummarymineError("--excel is for --format csv")


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Around a write to ``path``: the system's reason on one line when it fails."""
    try:
        yield
    except OutputError:
        raise
    except OSError as exc:
        raise write_error(path, exc) from None


def write(path: Path | None, text: str, *, excel: bool = False) -> None:
    # A byte-order mark is how Excel on Windows knows a CSV file is UTF-8.
    if path is not None:
        with writing(path):
            path.write_text(text, encoding="utf-8-sig" if excel else "utf-8")
    elif excel:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8-sig"))
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text)


def frame(rows: Sequence[Sequence[object]], columns: Sequence[str]) -> pd.DataFrame:
    with needs("compare", "--format csv"):
        import pandas as pd

    # Object columns keep each value as it is: integers with gaps do not turn into floats.
    return pd.DataFrame(list(rows), columns=list(columns), dtype=object)
