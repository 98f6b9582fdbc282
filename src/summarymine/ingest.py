"""Importing archives into the store: files → importers → extract → store.

``import_paths`` walks files, folders and zip archives, extracts every
readable document (in worker processes with ``jobs`` > 1) and writes each,
with its figures, in one transaction. A file that cannot be read becomes a
failure row with its reason, and the run goes on. Documents already stored
(same text, same sha256) are not extracted again, so an interrupted import
resumes where it stopped.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from .aliases import Aliases, AliasesLike, aliases_of
from .errors import SummarymineError
from .extras import needs, require
from .importers import DEFAULT_LIMITS, ImportedDocument, ImportFailure, Limits, iter_documents
from .lexicon import Lexicons
from .results import Document
from .store import Prepared, Store, StoredRun, prepare
from .taxonomy import Taxonomy, default_taxonomy

if TYPE_CHECKING:
    from tqdm import tqdm

# How often a worker looks whether its parent is still there.
PARENT_CHECK_SECONDS = 0.5
# extract_files hands the workers batches of this many files each (the last up to twice as many), the largest first.
FILES_PER_WORKER = 32
R = TypeVar("R")


@dataclass(frozen=True)
class Job:
    """What a worker needs to extract one document."""

    path: str
    text: str
    format: str
    encoding: str | None
    year: int | None = None
    org: str | None = None
    warnings: tuple[str, ...] = ()
    aliases: Aliases | None = None


def prepared_job(job: Job) -> tuple[Job, Prepared | ImportFailure]:
    """``extract_job``, the document made ready for the store (``store.prepare``) where it was extracted: what a
    worker hands back is rows of plain values, not a Document for the writing process to rebuild."""
    job, doc = extract_job(job)
    return job, doc if isinstance(doc, ImportFailure) else prepare(doc)


def extract_job(job: Job) -> tuple[Job, Document | ImportFailure]:
    """The job's document, or a failure saying why extraction broke: one document never stops a run."""
    from .pipeline import extract

    try:
        return job, extract(job.text, source=Path(job.path.split("!/")[-1]).name, year=job.year, org=job.org,
                            aliases=job.aliases)
    except Exception as exc:  # noqa: BLE001 - any bug on one document becomes that document's failure row
        return job, ImportFailure(job.path, f"extraction failed: {type(exc).__name__}: {exc}")


@overload
def extract_files(paths: Sequence[Path], *, jobs: int = 1, year: int | None = None, org: str | None = None,
                  taxonomy_file: Path | None = None, aliases: AliasesLike = None, render: None = None,
                  ) -> Iterator[tuple[Path, Document | str]]: ...


@overload
def extract_files(paths: Sequence[Path], *, jobs: int = 1, year: int | None = None, org: str | None = None,
                  taxonomy_file: Path | None = None, aliases: AliasesLike = None,
                  render: Callable[[Document], R]) -> Iterator[tuple[Path, R | str]]: ...


def extract_files(paths: Sequence[Path], *, jobs: int = 1, year: int | None = None, org: str | None = None,
                  taxonomy_file: Path | None = None, aliases: AliasesLike = None,
                  render: Callable[[Document], Any] | None = None) -> Iterator[tuple[Path, Any]]:
    """Each file read and extracted, in the order given: its Document, or why it could not be read.

    With ``jobs`` > 1 the files are extracted in that many worker processes (each with the caller's
    lexicon folders), which is what a folder of reports wants from a machine with several cores.
    With ``render`` (a function a worker can be handed: one of a module, or a ``functools.partial`` of one),
    each Document is handed on as ``render(document)``, made in the worker that extracted it: a caller
    that only writes documents out (their JSON) then receives what it writes, not Documents to rebuild.
    """
    work = [(path, year, org, taxonomy_file, aliases, render) for path in paths]
    if jobs <= 1 or len(work) < 2:
        yield from map(_extract_file, work)
        return
    # The largest files of each batch go first, so that no worker is left with a long one while the
    # others wait (a batch keeps memory bounded however many files are given); results come in order.
    # The last batch takes in what would be a short remainder after it: a long file there would start
    # when the others are nearly done, and end alone.
    batch = jobs * FILES_PER_WORKER
    spans = list(itertools.pairwise([*(range(0, len(work) - batch + 1, batch) or [0]), len(work)]))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(Lexicons.folders(),)) as pool:
        def submitted(start: int, end: int) -> list[Future[tuple[Path, Any]]]:
            part = work[start:end]
            futures: dict[int, Future[tuple[Path, Any]]] = {}
            for i in sorted(range(len(part)), key=lambda i: -_size(part[i][0])):
                futures[i] = pool.submit(_extract_file, part[i])
            return [futures[i] for i in range(len(part))]

        # The next batch is queued before this one is handed on: the workers never wait for the caller.
        current = submitted(*spans[0])
        for span in [*spans[1:], None]:
            following = submitted(*span) if span else []
            for future in current:
                yield future.result()
            current = following


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if str(path) != "-" else 0
    except OSError:
        return 0  # reading it will say why


def _extract_file(work: tuple[Path, int | None, str | None, Path | None, AliasesLike, Callable[[Document], Any] | None],
                  ) -> tuple[Path, Any]:
    from .importers import read_bytes, read_text
    from .pipeline import extract

    path, year, org, taxonomy_file, aliases, render = work
    stdin = str(path) == "-"
    try:
        text = read_bytes(sys.stdin.buffer.read(), name="<stdin>").text if stdin else read_text(path)
    except SummarymineError as exc:
        return path, str(exc)
    doc = extract(text, source="<stdin>" if stdin else path.name, year=year, org=org,
                  taxonomy=_taxonomy_of(taxonomy_file), aliases=aliases)
    return path, render(doc) if render is not None else doc


@cache
def _taxonomy_of(path: Path | None) -> Taxonomy | None:
    """The default taxonomy extended by a user's file, read once per process; None for the default."""
    return default_taxonomy().extended(Taxonomy.load(path)) if path else None


def _start_worker(lexicons: tuple[Path, ...]) -> None:
    _exit_with_parent()
    from .lexicon import Lexicons
    from .pipeline import warm_up

    # A worker reads with the user's lexicon folders too, however the pool started it.
    for folder in lexicons:
        if folder not in Lexicons.folders():
            Lexicons.load(folder)
    warm_up()


def _exit_with_parent() -> None:
    """End this worker when the process that started it is gone.

    A parent killed with SIGKILL tells its pool nothing: its workers would wait for work forever.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="summarymine-parent-watch", daemon=True).start()


def import_paths(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], db: str | os.PathLike[str] | Store,
                 *, jobs: int | None = None,
                 limits: Limits = DEFAULT_LIMITS, year: int | None = None, org: str | None = None,
                 progress: bool | None = None, aliases: AliasesLike = None) -> StoredRun:
    """Import every document under ``paths`` into the store ``db``; the run's counts come back.

    ``jobs``: worker processes for extraction (default: the machine's cores; 1 extracts in this
    process). ``progress``: a progress bar on stderr (default: only when stderr is a terminal).
    ``aliases``: other names of bodies (an ``Aliases`` or the path of an alias file). A document that
    repeats one stored before it (same body, year and period, most figures equal) is stored with a
    warning saying so (``Store.repeats``).
    """
    # An archive holds every kind of file: the import needs all its readers, and says so before it starts.
    require("import", "the import")
    named = aliases_of(aliases) if aliases is not None else None
    given = [str(paths)] if isinstance(paths, (str, os.PathLike)) else [str(p) for p in paths]
    store = db if isinstance(db, Store) else Store(db)
    try:
        run_id = store.start_run(given)
        with _Progress(progress) as bar:
            for item in _extracted(iter_documents(given, limits=limits), store, run_id, jobs or os.cpu_count() or 1,
                                   year, org, lambda failure: _fail(store, run_id, failure, bar), named):
                job, doc = item
                if isinstance(doc, ImportFailure):
                    _fail(store, run_id, doc, bar)
                    continue
                stored = store.add(doc, path=job.path, run_id=run_id, format=job.format, encoding=job.encoding,
                                   warnings=job.warnings)
                bar.update(figures=len(doc.figures) if stored else 0)
        return store.finish_run(run_id)
    finally:
        if store is not db:
            store.close()


def _fail(store: Store, run_id: int, failure: ImportFailure, bar: _Progress) -> None:
    store.add_failure(run_id, failure.path, failure.reason)
    bar.update(failed=1)


def _extracted(items: Iterator[ImportedDocument | ImportFailure], store: Store, run_id: int, jobs: int,
               year: int | None, org: str | None, on_failure: Callable[[ImportFailure], None],
               aliases: Aliases | None = None) -> Iterator[tuple[Job, Prepared | ImportFailure]]:
    """Documents not yet stored, extracted and made ready for the store; failures go to ``on_failure`` as they are met."""
    def pending_jobs() -> Iterator[Job]:
        for item in items:
            if isinstance(item, ImportFailure):
                on_failure(item)
                continue
            if store.has(hashlib.sha256(item.text.encode("utf-8")).hexdigest()):
                store.add_known_path(item.path, item.text, run_id)
                continue
            yield Job(item.path, item.text, item.format, item.encoding, year, org, item.warnings, aliases)

    if jobs <= 1:
        for job in pending_jobs():
            yield prepared_job(job)
        return
    # A bounded window of documents in flight keeps memory flat however large the archive. Each
    # result is handed on (and stored) as soon as it is ready, not behind a slower one sent before
    # it: a run killed then keeps every document finished so far.
    window = jobs * 4
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(Lexicons.folders(),)) as pool:
        running: set[Future[tuple[Job, Prepared | ImportFailure]]] = set()
        for job in pending_jobs():
            running.add(pool.submit(prepared_job, job))
            done, running = wait(running, timeout=0 if len(running) < window else None,
                                 return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
        for future in as_completed(running):
            yield future.result()


class _Progress:
    """Files, figures, failures and the rate, on stderr; silent unless stderr is a terminal."""

    def __init__(self, enabled: bool | None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.bar: tqdm | None = None
        self.figures = self.failed = 0

    def __enter__(self) -> _Progress:
        if self.enabled:
            with needs("import", "the progress bar"):
                from tqdm import tqdm

            self.bar = tqdm(unit=" files", file=sys.stderr, dynamic_ncols=True)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()

    def update(self, *, figures: int = 0, failed: int = 0) -> None:
        self.figures += figures
        self.failed += failed
        if self.bar is not None:
            self.bar.set_postfix(figures=self.figures, failures=self.failed, refresh=False)
            self.bar.update(1)
