"""The ``summarymine`` command: a thin shell over the library."""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import SummarymineError


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except SummarymineError as exc:
        print(f"summarymine: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="summarymine", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    ex = commands.add_parser("extract", help="figures of each document, in the output contract")
    ex.add_argument("files", nargs="+", type=Path)
    ex.add_argument("--format", choices=("json", "jsonl", "table"), default="json")
    ex.add_argument("--explain", action="store_true", help="also list rejected candidates with their reason (on stderr for json/jsonl)")
    ex.add_argument("--year", type=int, help="the year the documents report on (overrides detection)")
    ex.add_argument("--org", help="the issuing body (overrides detection)")
    ex.set_defaults(run=_extract)
    return parser


def _quiet_jieba() -> None:
    # jieba announces its dictionary on stderr at every start; a command's stderr is for its own errors.
    import jieba

    jieba.setLogLevel(logging.WARNING)


def _extract(args: argparse.Namespace) -> int:
    from .importers import read_text
    from .pipeline import extract

    _quiet_jieba()

    if args.format == "json" and len(args.files) > 1:
        raise SummarymineError("--format json takes one file; use --format jsonl for several")
    failures = 0
    out = sys.stdout
    for path in args.files:
        try:
            text = read_text(path)
        except SummarymineError as exc:
            print(f"summarymine: {exc}", file=sys.stderr)
            failures += 1
            continue
        doc = extract(text, source=path.name, year=args.year, org=args.org)
        if args.format == "json":
            out.write(doc.to_json(indent=2) + "\n")
        elif args.format == "jsonl":
            out.write(doc.to_json() + "\n")
        else:
            out.write(_table(doc))
        if args.explain:
            stream = out if args.format == "table" else sys.stderr
            stream.write(_explain(doc))
    return 1 if failures else 0


def _table(doc) -> str:  # noqa: ANN001 - a Document
    info = doc.info
    lines = [f"# {info.source}  {info.title or ''}  org={info.org} year={info.year} kind={info.kind} script={info.script}"]
    for m in doc.metrics:
        d = m.to_dict()
        value = d["value"] if d["value_max"] is None else f"{d['value']}~{d['value_max']}"
        lines.append("\t".join(str(x) for x in (
            d["id"], d["start"], d["text"], value, d["unit"], d["approx"], d["measure"], d["status"],
            d["parent"] or "", d["subject"] or "", d["metric"] or "",
        )))
    return "\n".join(lines) + "\n"


def _explain(doc) -> str:  # noqa: ANN001 - a Document
    lines = [f"# rejected in {doc.info.source}: {len(doc.rejected)}"]
    for q in doc.rejected:
        lines.append(f"  {q.start}\t{q.text}\t{q.kind}\t{q.reason}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
