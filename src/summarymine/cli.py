"""The ``summarymine`` command: a thin shell over the library."""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import SummarymineError
from .spreadsheet import csv_text, workbook


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    args.failures = 0
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
    _document_options(ex)
    ex.set_defaults(run=_extract)

    imp = commands.add_parser("import", help="import files, folders and zip archives into a store")
    imp.add_argument("paths", nargs="+", type=Path)
    imp.add_argument("--db", type=Path, required=True, help="the SQLite store (created when missing)")
    imp.add_argument("--jobs", type=int, help="worker processes for extraction (default: the cores)")
    imp.add_argument("--dask", metavar="SCHEDULER_ADDRESS", help="extract on a Dask cluster instead")
    imp.add_argument("--year", type=int, help="the year the documents report on (overrides detection)")
    imp.add_argument("--org", help="the issuing body (overrides detection)")
    imp.set_defaults(run=_import)

    query = commands.add_parser("query", help="figures from a store, in the output contract")
    query.add_argument("--db", type=Path, required=True)
    query.add_argument("--org")
    query.add_argument("--metric")
    query.add_argument("--year", type=int)
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.set_defaults(run=_query)

    cmp = commands.add_parser("compare", help="the same metrics lined up across years")
    _sources(cmp, "compare")
    cmp.add_argument("--format", choices=("table", "csv", "json", "xlsx", "parquet"), default="table")
    cmp.add_argument("-o", "--output", type=Path, help="where to write (required for xlsx and parquet)")
    cmp.add_argument("--wide", action="store_true", help="metric x year instead of one row per figure")
    _document_options(cmp)
    cmp.set_defaults(run=_compare)

    aud = commands.add_parser("audit", help="stated figures against targets, and against themselves")
    _sources(aud, "audit")
    aud.add_argument("--targets", type=Path, help="a targets file (YAML or CSV)")
    aud.add_argument("--format", choices=("table", "json", "xlsx"), default="table")
    aud.add_argument("-o", "--output", type=Path, help="where to write (required for xlsx)")
    _document_options(aud)
    aud.set_defaults(run=_audit)

    rep = commands.add_parser("report", help="one HTML page: figures marked in the text, years as charts, the audit")
    _sources(rep, "report on")
    rep.add_argument("--targets", type=Path, help="a targets file (YAML or CSV) for the audit view")
    rep.add_argument("-o", "--output", type=Path, required=True, help="the HTML file to write")
    rep.add_argument("--title", help="the page's title (default: the body and the years)")
    _document_options(rep)
    rep.set_defaults(run=_report)

    tax = commands.add_parser("taxonomy", help="work on the taxonomy of metrics")
    tax_commands = tax.add_subparsers(dest="taxonomy_command", required=True)
    suggest = tax_commands.add_parser("suggest", help="unmapped subjects across documents, grouped and counted")
    suggest.add_argument("files", nargs="+", type=Path)
    suggest.add_argument("--top", type=int, default=50)
    _document_options(suggest)
    suggest.set_defaults(run=_suggest)
    return parser


def _sources(parser: argparse.ArgumentParser, verb: str) -> None:
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--db", type=Path, help=f"{verb} the documents of a store (with or instead of files)")


def _document_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, help="the year the documents report on (overrides detection)")
    parser.add_argument("--org", help="the issuing body (overrides detection)")
    parser.add_argument("--taxonomy", type=Path, help="a taxonomy file (YAML) that extends or overrides the default")


def _quiet_jieba() -> None:
    # jieba announces its dictionary on stderr at every start; a command's stderr is for its own errors.
    import jieba

    jieba.setLogLevel(logging.WARNING)


def _documents(args: argparse.Namespace):  # noqa: ANN202 - yields Documents
    """Each readable file's Document; unreadable ones are reported on stderr and counted in ``args.failures``."""
    from .importers import read_text
    from .pipeline import extract
    from .taxonomy import Taxonomy, default_taxonomy

    _quiet_jieba()
    taxonomy = default_taxonomy().extended(Taxonomy.load(args.taxonomy)) if args.taxonomy else None
    for path in args.files:
        try:
            text = read_text(path)
        except SummarymineError as exc:
            print(f"summarymine: {exc}", file=sys.stderr)
            args.failures += 1
            continue
        yield extract(text, source=path.name, year=args.year, org=args.org, taxonomy=taxonomy)


def _extract(args: argparse.Namespace) -> int:
    if args.format == "json" and len(args.files) > 1:
        raise SummarymineError("--format json takes one file; use --format jsonl for several")
    out = sys.stdout
    for doc in _documents(args):
        if args.format == "json":
            out.write(doc.to_json(indent=2) + "\n")
        elif args.format == "jsonl":
            out.write(doc.to_json() + "\n")
        else:
            out.write(_table(doc))
        if args.explain:
            stream = out if args.format == "table" else sys.stderr
            stream.write(_explain(doc))
    return 1 if args.failures else 0


def _import(args: argparse.Namespace) -> int:
    from .ingest import import_paths

    _quiet_jieba()
    if args.dask:
        from .dask import import_paths_on_dask

        run = import_paths_on_dask(args.paths, args.db, args.dask, year=args.year, org=args.org)
    else:
        run = import_paths(args.paths, args.db, jobs=args.jobs, year=args.year, org=args.org)
    print(f"imported {run.documents} documents ({run.skipped} already stored), {run.figures} figures, "
          f"{run.failures} failures; run {run.id} in {args.db}", file=sys.stderr)
    return 1 if run.failures else 0


def _query(args: argparse.Namespace) -> int:
    import pandas as pd

    from .compare import to_records
    from .store import Store

    with Store(args.db, readonly=True) as store:
        rows = store.query(org=args.org, metric=args.metric, year=args.year)
    if args.format == "json":
        import json

        print(json.dumps({"schema": "summarymine.figures/1", "figures": rows}, ensure_ascii=False))
        return 0
    frame = pd.DataFrame(rows).convert_dtypes()  # integer columns with gaps stay integers
    sys.stdout.write(csv_text(frame) if args.format == "csv" else frame.to_string(index=False) + "\n")
    return 0


def _all_documents(args: argparse.Namespace) -> list:
    documents = list(_documents(args))
    if getattr(args, "db", None):
        from .store import Store

        with Store(args.db, readonly=True) as store:
            documents.extend(store.documents(org=args.org, year=args.year))
    if not documents:
        raise SummarymineError("no documents: give files or --db")
    return documents


def _compare(args: argparse.Namespace) -> int:
    from .compare import compare, to_records

    result = compare(_all_documents(args))
    table = result.wide() if args.wide else result.table
    if args.format in {"xlsx", "parquet"} and not args.output:
        raise SummarymineError(f"--format {args.format} writes a file: give -o FILE")
    if args.format == "xlsx":
        with workbook(args.output) as writer:
            table.to_excel(writer, sheet_name="comparison", index=args.wide)
            result.repeated.to_excel(writer, sheet_name="repeated", index=False)
    elif args.format == "parquet":
        (table.reset_index() if args.wide else table).to_parquet(args.output, index=False)
    else:
        if args.format == "csv":
            text = csv_text(table, index=args.wide)
        elif args.format == "json":
            import json

            frame = table.reset_index() if args.wide else table
            text = json.dumps({"schema": "summarymine.comparison/1", "rows": to_records(frame)},
                              ensure_ascii=False, default=str) + "\n"
        else:
            text = table.to_string(index=args.wide) + "\n"
        _write(args.output, text)
    return 1 if args.failures else 0


def _audit(args: argparse.Namespace) -> int:
    from .audit import audit, load_targets

    targets = load_targets(args.targets) if args.targets else None
    result = audit(_all_documents(args), targets)
    if args.format == "json":
        _write(args.output, result.to_json(indent=2) + "\n")
    elif args.format == "xlsx":
        if not args.output:
            raise SummarymineError("--format xlsx writes a file: give -o FILE")
        _audit_workbook(result.to_frame(), args.output)
    else:
        frame = result.to_frame().astype({"year": "Int64"})
        columns = ["kind", "verdict", "severity", "org", "metric", "year", "message"]
        _write(args.output, (frame[columns].to_string(index=False) if len(frame) else "no findings") + "\n")
    return 1 if args.failures else 0


def _report(args: argparse.Namespace) -> int:
    from .audit import audit, load_targets
    from .report import write_report

    targets = load_targets(args.targets) if args.targets else None
    documents = _all_documents(args)
    result = audit(documents, targets)
    write_report(args.output, documents, audit=result, title=args.title)
    print(f"wrote {args.output}: {len(documents)} documents, {sum(len(d.metrics) for d in documents)} figures, "
          f"{len(result.findings)} findings", file=sys.stderr)
    return 1 if args.failures else 0


VERDICT_FILLS = {
    "met": "C6EFCE", "exceeded": "A9D08E", "consistent": "E2EFDA", "missed": "FFC7CE", "inconsistent": "FFC7CE",
    "not_reported": "EDEDED", "not_comparable": "FFEB9C", "revision": "FFEB9C",
}


def _audit_workbook(frame, path: Path) -> None:  # noqa: ANN001 - a DataFrame
    """Verdicts on one sheet and consistency findings on another, each row coloured by its verdict."""
    from openpyxl.styles import PatternFill

    sheets = {"verdicts": frame[frame["kind"] == "target"], "consistency": frame[frame["kind"] != "target"]}
    with workbook(path) as writer:
        for name, part in sheets.items():
            part.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            verdict_col = list(part.columns).index("verdict")
            for row, verdict in enumerate(part["verdict"], start=2):
                color = VERDICT_FILLS.get(verdict)
                if color:
                    fill = PatternFill(start_color=color, end_color=color, fill_type="solid")
                    for cell in sheet[row]:
                        cell.fill = fill
            sheet.freeze_panes = sheet.cell(row=2, column=verdict_col + 2)


def _write(path: Path | None, text: str) -> None:
    if path is None:
        sys.stdout.write(text)
    else:
        path.write_text(text, encoding="utf-8")


def _suggest(args: argparse.Namespace) -> int:
    from .taxonomy import unmapped_subjects

    for group in unmapped_subjects(_documents(args))[: args.top]:
        print(f"{group.count}\t{group.key}\t{group.measure}/{group.unit_category}\t{group.example}")
    return 1 if args.failures else 0


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
    lines = [f"# taxonomy in {doc.info.source}"]
    for m in doc.metrics:
        lines.append(f"  {m.id}\t{m.quantity.text}\t{m.metric or '-'}\t{m.metric_reason}")
    lines.append(f"# rejected in {doc.info.source}: {len(doc.rejected)}")
    for q in doc.rejected:
        lines.append(f"  {q.start}\t{q.text}\t{q.kind}\t{q.reason}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
