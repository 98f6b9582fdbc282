"""Where the commands' documents come from: files (extracted, in workers with --jobs) and stores, filtered by
body and year, with each unreadable file named on stderr and counted."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

from ..errors import SummarymineError

if TYPE_CHECKING:
    from ..results import Document
    from ..taxonomy import Taxonomy

R = TypeVar("R")


def taxonomy_of(args: argparse.Namespace) -> Taxonomy | None:
    """The default taxonomy extended by --taxonomy FILE; None, which is the default taxonomy, without it."""
    from ..taxonomy import Taxonomy, default_taxonomy

    return default_taxonomy().extended(Taxonomy.load(args.taxonomy)) if args.taxonomy else None


def documents(args: argparse.Namespace) -> Iterator[Document]:
    """Each readable file's Document that passes the filters; unreadable ones are named on stderr and counted."""
    return extracted(args, _itself, lambda doc: (doc.info.org, doc.info.year))


def _itself(doc: Document) -> Document:
    return doc


def extracted(args: argparse.Namespace, render: Callable[[Document], R],
               about: Callable[[R], tuple[str | None, int | None]]) -> Iterator[R]:
    """Each readable file extracted (and handed on as ``render`` makes it, in the worker that extracted it) if
    its body and year (``about`` it) pass the filters; unreadable ones are named on stderr and counted."""
    from ..aliases import aliases_of, org_matches
    from ..ingest import extract_files

    for _path, found in extract_files(args.files, jobs=_jobs(args), year=args.set_year, org=args.set_org,
                                      taxonomy_file=args.taxonomy, aliases=aliases_of(args.aliases), render=render):
        if isinstance(found, str):
            print(f"summarymine: {found}", file=sys.stderr)
            args.failures += 1
            continue
        org, year = about(found)
        if org_matches(args.org, org) and args.year in (None, year):
            yield found


def _jobs(args: argparse.Namespace) -> int:
    # Standard input is read by this process: with it, the files are read here too.
    return 1 if "-" in map(str, args.files) else int(getattr(args, "jobs", 1))


def all_documents(args: argparse.Namespace) -> list[Document]:
    """The documents of the files and of the store (--db) that pass the filters; at least one source is given."""
    from ..store import Store

    if not args.files and not args.db:
        raise SummarymineError("no documents: give files or --db")
    # The store is opened first: a missing one stops the command before any file is read.
    store = Store(args.db, readonly=True) if args.db else None
    try:
        found = list(documents(args))
        if store is not None:
            from ..aliases import aliases_of

            found.extend(map(aliases_of(args.aliases).apply, store.documents(org=args.org, year=args.year)))
    finally:
        if store is not None:
            store.close()
    if not found:
        note(args, "no documents")
    return found


def note(args: argparse.Namespace, nothing: str) -> None:
    """Say on stderr that a result is empty, and which filters made it so."""
    given = [f"--{name} {getattr(args, name)}" for name in ("org", "metric", "year")
             if getattr(args, name, None) is not None]
    print(f"summarymine: {nothing}" + (f" for {' '.join(given)}" if given else ""), file=sys.stderr)
