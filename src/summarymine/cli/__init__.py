"""The ``summarymine`` command: a thin shell over the library."""
from __future__ import annotations

import argparse
import functools
import json
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import SummarymineError, check_writable
from ..lexicon import Lexicons
from ..spreadsheet import csv_text, workbook
from ..tables import comparison_table, render, value_range, written
from . import inputs, outputs

if TYPE_CHECKING:
    from ..audit import Target
    from ..results import Document
    from ..taxonomy import Taxonomy

DESCRIPTION = """\
Figures out of Chinese work summaries, government work reports and statistical bulletins:
every figure with its exact value, unit, hedge, subject and status (extract); archives into a
SQLite store (import, failures, query); the same metrics across years (compare), against their
targets (audit), and all of it in one HTML page or a site of pages (report)."""

EPILOG = """\
exit status:
  0  done
  1  done, but some input failed: a file that could not be read, an import with failures
     (each is named on stderr; summarymine failures --db lists an import's)
  2  usage: a bad option or option file, a store that cannot be opened, an output that
     cannot be written; the command stopped there

summarymine COMMAND --help shows a command's options."""

# Failures an import names on the terminal; ``summarymine failures`` lists them all.
SHOWN_FAILURES = 5


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.failures = 0
    folders = getattr(args, "lexicons", [])
    try:
        for folder in folders:
            Lexicons.load(folder)
        return int(args.run(args))
    except SummarymineError as exc:
        print(f"summarymine: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        if folders:
            Lexicons.reset()  # a command's folders are its own, not the calling process's


# --------------------------------------------------------------------------- the parser


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="summarymine", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"summarymine {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".", epilog=EPILOG,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)

    ex = command("extract", "the figures of each document, in the output contract")
    ex.add_argument("files", nargs="+", type=Path, metavar="FILE", help="documents to read; - reads standard input")
    ex.add_argument("--format", choices=("json", "jsonl", "table"), default="json",
                    help="json: one document object (one file); jsonl: one object a line; table: for reading "
                         "(default: json)")
    ex.add_argument("--jobs", type=_positive, default=1,
                    help="worker processes for several files (default: 1); output keeps the files' order")
    ex.add_argument("--explain", action="store_true",
                    help="also list why each figure got its metric, and every rejected candidate with its reason "
                         "(on stderr for json and jsonl)")
    _document_options(ex)
    ex.set_defaults(run=_extract)

    imp = command("import", "import files, folders and zip archives into a store")
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files, folders (walked) and zip archives")
    imp.add_argument("--db", type=Path, required=True, help="the SQLite store (created when missing)")
    imp.add_argument("--jobs", type=_positive, help="worker processes for extraction (default: the cores)")
    imp.add_argument("--dask", metavar="SCHEDULER_ADDRESS",
                     help="extract on a Dask cluster instead (tcp://host:8786; needs the dask extra)")
    _relabel_options(imp)
    imp.set_defaults(run=_import)

    fail = command("failures", "the files an import could not read, with the reason")
    fail.add_argument("--db", type=Path, required=True, help="the SQLite store")
    which = fail.add_mutually_exclusive_group()
    which.add_argument("--run", dest="run_id", type=_positive, metavar="ID",
                       help="the import run (default: the latest)")
    which.add_argument("--all", action="store_true", help="the failures of every run")
    _format_option(fail, ("table", "csv", "json"))
    fail.set_defaults(run=_failures)

    query = command("query", "figures from a store, in the output contract")
    query.add_argument("--db", type=Path, required=True, help="the SQLite store")
    query.add_argument("--org", help="only bodies whose name contains this, or whose canonical name it is")
    query.add_argument("--metric", metavar="ID", help="only figures of this metric (a taxonomy id: economy.gdp)")
    query.add_argument("--year", type=int, help="only figures about this year")
    query.add_argument("--key", help="only figures of this indicator key (economy.gdp, 旅游收入)")
    _format_option(query, ("table", "csv", "json"))
    query.set_defaults(run=_query)

    cmp = command("compare", "the same indicators lined up across years")
    _sources(cmp, "compare")
    _format_option(cmp, ("table", "csv", "json", "xlsx", "parquet"))
    cmp.add_argument("-o", "--output", type=Path, help="the file to write (default: standard output; "
                                                       "required for xlsx and parquet)")
    cmp.add_argument("--wide", action="store_true", help="one row per body and key; per year (or quarter) "
                     "a column of results, of targets, of change and of growth")
    cmp.add_argument("--key", help="only this indicator (a figure's key: economy.gdp, 旅游收入)")
    cmp.add_argument("--metric", metavar="ID", help="only figures of this metric id, or of ids under it (economy)")
    _document_options(cmp)
    cmp.set_defaults(run=_compare)

    aud = command("audit", "stated figures against their targets, and against themselves")
    _sources(aud, "audit")
    aud.add_argument("--targets", type=Path, help="a targets file (YAML or CSV: metric, year, value, unit, hedge …)")
    _format_option(aud, ("table", "json", "xlsx"))
    aud.add_argument("-o", "--output", type=Path,
                     help="the file to write (default: standard output; required for xlsx)")
    _document_options(aud)
    aud.set_defaults(run=_audit)

    rep = command("report", "one HTML page or a site: figures marked in the text, years as charts, the audit")
    _sources(rep, "report on")
    rep.add_argument("--targets", type=Path, help="a targets file (YAML or CSV) for the audit view")
    rep.add_argument("-o", "--output", required=True, metavar="FILE|DIR/", help="the HTML file to write; a name ending "
                     "in / or a folder that exists gets a site: index.html, a page per body, a page per document")
    rep.add_argument("--title", help="the page's title (default: the body and the years)")
    _document_options(rep)
    rep.set_defaults(run=_report)

    tax = command("taxonomy", "work on the taxonomy of metrics")
    tax_commands = tax.add_subparsers(dest="taxonomy_command", required=True, metavar="COMMAND")
    suggest = tax_commands.add_parser("suggest", help="unmapped subjects across documents, grouped and counted",
                                      description="Unmapped subjects across documents, grouped and counted.")
    suggest.add_argument("files", nargs="+", type=Path, metavar="FILE",
                         help="documents to read; - reads standard input")
    suggest.add_argument("--top", type=_positive, default=50, help="how many groups to list (default: 50)")
    _document_options(suggest)
    suggest.set_defaults(run=_suggest)
    return parser


def _sources(parser: argparse.ArgumentParser, verb: str) -> None:
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE", help="documents to read; - reads standard input")
    parser.add_argument("--db", type=Path, help=f"{verb} the documents of a store too (or instead of files)")


def _format_option(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    parser.add_argument("--format", choices=formats, default=formats[0], help=f"(default: {formats[0]})")
    if "csv" in formats:
        parser.add_argument("--excel", action="store_true",
                            help="with --format csv: UTF-8 with a byte-order mark, which Excel on Windows needs "
                                 "to read Chinese")


def _document_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--org", help="only documents of bodies whose name contains this, or whose canonical "
                                      "name it is (海拉尔, 海拉尔区政府)")
    parser.add_argument("--year", type=int, help="only documents that report on this year")
    _relabel_options(parser)
    parser.add_argument("--taxonomy", type=Path, help="a taxonomy file (YAML) that extends or overrides the default")


def _relabel_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lexicons", type=Path, action="append", default=[], metavar="DIR",
                        help="a folder of lexicon files (units.tsv, status.tsv, nonfigures.tsv …) that extend or "
                             "override the bundled ones; may be given more than once")
    parser.add_argument("--set-org", metavar="ORG", help="the issuing body of the files given (overrides detection)")
    parser.add_argument("--set-year", type=int, metavar="YEAR",
                        help="the year the files given report on (overrides detection)")
    parser.add_argument("--aliases", type=Path, metavar="FILE",
                        help="other names of bodies: a tab-separated file, the canonical name then its other names")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


# --------------------------------------------------------------------------- commands


def _extract(args: argparse.Namespace) -> int:
    if args.format == "json" and len(args.files) > 1:
        raise SummarymineError("--format json takes one file; use --format jsonl for several")
    out = sys.stdout
    shown = 0
    # Each document is written out by the worker that extracted it: this process only copies text.
    render = functools.partial(written, form=args.format, explain=args.explain)
    for found in inputs.extracted(args, render, lambda w: (w.org, w.year)):
        shown += 1
        out.write(("\n" if shown > 1 and args.format == "table" else "") + found.text)
        (out if args.format == "table" else sys.stderr).write(found.explanation)
    if not shown and not args.failures:
        inputs.note(args, "no documents")
    return 1 if args.failures else 0


def _import(args: argparse.Namespace) -> int:
    from ..ingest import import_paths
    from ..store import Store

    if args.dask and args.aliases:
        raise SummarymineError("--aliases is not supported with --dask")
    if args.dask:
        from ..dask import import_paths_on_dask

        run = import_paths_on_dask(args.paths, args.db, args.dask, year=args.set_year, org=args.set_org)
    else:
        run = import_paths(args.paths, args.db, jobs=args.jobs, year=args.set_year, org=args.set_org,
                           aliases=args.aliases)
    print(f"imported {run.documents} documents ({run.skipped} already stored), {run.figures} figures, "
          f"{run.failures} failures; run {run.id} in {args.db}", file=sys.stderr)
    with Store(args.db, readonly=True) as store:
        repeats = store.repeats(run.id)
    for path, warning in repeats[:SHOWN_FAILURES]:
        print(f"summarymine: {path}: {warning}", file=sys.stderr)
    if len(repeats) > SHOWN_FAILURES:
        print(f"summarymine: and {len(repeats) - SHOWN_FAILURES} more repeats (kept with each document's warnings)",
              file=sys.stderr)
    if run.failures:
        with Store(args.db, readonly=True) as store:
            failures = store.failures(run.id)
        for failure in failures[:SHOWN_FAILURES]:
            print(f"summarymine: {failure.path}: {failure.reason}", file=sys.stderr)
        if len(failures) > SHOWN_FAILURES:
            print(f"summarymine: and {len(failures) - SHOWN_FAILURES} more: "
                  f"summarymine failures --db {shlex.quote(str(args.db))}", file=sys.stderr)
    return 1 if run.failures else 0


def _failures(args: argparse.Namespace) -> int:
    from ..store import Store

    outputs.check_excel(args)
    with Store(args.db, readonly=True) as store:
        run = None if args.all else (args.run_id or store.last_run())
        failures = store.failures(run) if args.all or run is not None else []
    rows = [[f.run_id, f.path, f.reason] for f in failures]
    if not rows:
        print(f"summarymine: no failures in {f'run {run}' if run is not None else 'the store'}", file=sys.stderr)
    columns = ["run", "path", "reason"]
    if args.format == "json":
        outputs.write(None, json.dumps({"schema": "summarymine.failures/1", "failures": [dict(zip(columns, r)) for r in rows]},
                                ensure_ascii=False) + "\n")
    elif args.format == "csv":
        outputs.write(None, csv_text(outputs.frame(rows, columns)), excel=args.excel)
    else:
        outputs.write(None, render(columns, rows, limits={"reason": 100}))
    return 0


QUERY_TABLE = ("source", "org", "year", "metric", "text", "value", "unit", "measure", "status", "subject")


def _query(args: argparse.Namespace) -> int:
    from ..results import METRIC_FIELDS
    from ..store import Store

    outputs.check_excel(args)
    with Store(args.db, readonly=True) as store:
        rows = store.query(org=args.org, metric=args.metric, year=args.year, key=args.key)
    if not rows:
        inputs.note(args, "no figures")
    if args.format == "json":
        print(json.dumps({"schema": "summarymine.figures/1", "figures": rows}, ensure_ascii=False))
    elif args.format == "csv":
        columns = ["source", "org", "sha256", *METRIC_FIELDS]
        outputs.write(None, csv_text(outputs.frame([[r[c] for c in columns] for r in rows], columns)), excel=args.excel)
    else:
        cells = [[value_range(r["value"], r["value_max"]) if c == "value" else r[c] for c in QUERY_TABLE] for r in rows]
        outputs.write(None, render(QUERY_TABLE, cells, numbers={"value"},
                            limits={"source": 32, "org": 16, "text": 20, "subject": 24}))
    return 0


def _compare(args: argparse.Namespace) -> int:
    from ..compare import compare, to_records

    outputs.check_output(args, needs_file=("xlsx", "parquet"))
    outputs.check_excel(args)
    documents = inputs.all_documents(args)
    result = compare(documents).select(key=args.key, metric=args.metric)
    table = result.wide() if args.wide else result.table
    if documents and table.empty:
        inputs.note(args, "no figures to compare")
    if args.format == "xlsx":
        # Index columns are written as plain columns: merged cells would not read back.
        with outputs.writing(args.output), workbook(args.output) as writer:
            (table.reset_index() if args.wide else table).to_excel(writer, sheet_name="comparison", index=False)
            result.repeated.to_excel(writer, sheet_name="repeated", index=False)
    elif args.format == "parquet":
        result.to_parquet(args.output, wide=args.wide)
    else:
        if args.format == "csv":
            text = csv_text(table, index=args.wide)
        elif args.format == "json":
            frame = table.reset_index() if args.wide else table
            text = json.dumps({"schema": "summarymine.comparison/1", "rows": to_records(frame)},
                              ensure_ascii=False, default=str) + "\n"
        else:
            text = comparison_table(table, wide=args.wide)
        outputs.write(args.output, text, excel=args.format == "csv" and args.excel)
    return 1 if args.failures else 0


AUDIT_TABLE = ["kind", "verdict", "severity", "org", "metric", "year", "message"]


def _audit(args: argparse.Namespace) -> int:
    from ..audit import audit

    outputs.check_output(args, needs_file=("xlsx",))
    documents, targets, taxonomy = _audit_input(args)
    result = audit(documents, targets, taxonomy=taxonomy)
    if documents and not result.findings:
        inputs.note(args, "no findings")
    if args.format == "json":
        outputs.write(args.output, result.to_json(indent=2) + "\n")
    elif args.format == "xlsx":
        with outputs.writing(args.output):
            result.to_excel(args.output)
    else:
        rows = [[f.kind, f.verdict, f.severity, f.org, f.metric, f.year, f.message] for f in result]
        outputs.write(args.output, render(AUDIT_TABLE, rows, limits={"org": 16}, wraps={"message": 72}))
    return 1 if args.failures else 0


def _audit_input(args: argparse.Namespace) -> tuple[list[Document], tuple[Target, ...], Taxonomy | None]:
    """The documents, the rows of --targets FILE (read first, to stop early), and the taxonomy that reads them."""
    from ..audit import load_targets

    taxonomy = inputs.taxonomy_of(args)
    targets = load_targets(args.targets, taxonomy=taxonomy) if args.targets else ()
    return inputs.all_documents(args), targets, taxonomy


def _report(args: argparse.Namespace) -> int:
    from ..audit import audit
    from ..report import check_site_folder, write_report, write_site

    site = args.output.endswith("/") or Path(args.output).is_dir()
    (check_site_folder if site else check_writable)(args.output)
    documents, targets, taxonomy = _audit_input(args)
    if site:
        summary = write_site(args.output, documents, targets=targets, taxonomy=taxonomy, title=args.title).summary()
    else:
        result = audit(documents, targets, taxonomy=taxonomy)
        write_report(args.output, documents, audit=result, title=args.title)
        summary = f"{len(documents)} documents, {sum(len(d.metrics) for d in documents)} figures, {len(result.findings)} findings"
    print(f"wrote {args.output}: {summary}", file=sys.stderr)
    return 1 if args.failures else 0


def _suggest(args: argparse.Namespace) -> int:
    from ..taxonomy import unmapped_subjects

    groups = unmapped_subjects(inputs.documents(args))[: args.top]
    if not groups:
        inputs.note(args, "no unmapped subjects")
    rows = [[g.count, g.key, f"{g.measure}/{g.unit_category}", g.example] for g in groups]
    outputs.write(None, render(["count", "subject", "measure/unit", "example"], rows, numbers={"count"},
                        limits={"example": 60}))
    return 1 if args.failures else 0


# --------------------------------------------------------------------------- output


if __name__ == "__main__":
    sys.exit(main())
