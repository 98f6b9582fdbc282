"""The archive import on a Dask cluster, and figures as a Dask bag or Parquet.

``import_paths_on_dask(paths, db, scheduler)`` is ``import_paths`` with the extraction done by
the workers of a Dask cluster: the driver (this process) walks the files, folders and zip
archives, so the workers need not see them, and ships each document's text in a ``Job``; the
workers run ``prepared_job``; the driver writes every result into the store, one transaction per
document, in the order the documents were found. Failures become rows, and documents already
stored (same sha256) are skipped before anything is sent, so an interrupted import resumes as
the local one does.

``figures_bag(paths)`` is the same walk as a ``dask.bag`` of figure records (the output
contract's fields with the document's source, org and sha256, as ``Store.query`` returns them),
and ``to_parquet(paths, out_dir, client)`` writes that bag as Parquet.

Dask is an optional dependency (``pip install 'summarymine[dask]'``); this module imports it
only when one of its functions is called. The workers need summarymine installed, at the same
version as the driver.

Point it at a real cluster with its scheduler's address::

    summarymine import /archive --db store.sqlite --dask tcp://scheduler:8786

or, from Python, ``import_paths_on_dask(paths, "store.sqlite", "tcp://scheduler:8786")`` (a
``distributed.Client`` is accepted too).
"""
from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import MissingExtraError
from .extras import needs, require
from .importers import DEFAULT_LIMITS, ImportedDocument, ImportFailure, Limits, iter_documents
from .ingest import Job, _Progress, extract_job, prepared_job
from .store import Store, StoredRun

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag
    import distributed
    import pandas as pd

__all__ = ["DaskMissingError", "FIGURE_COLUMNS", "figures_bag", "import_paths_on_dask", "to_parquet"]

# The columns of a figure record: the document's, then the contract's (``Metric.to_dict``), with their dtypes.
FIGURE_DTYPES: dict[str, str] = {
    "source": "string", "org": "string", "sha256": "string",
    "id": "string", "text": "string", "start": "int64", "end": "int64",
    "value": "float64", "value_max": "float64", "unit": "string", "unit_category": "string",
    "approx": "string", "measure": "string",
    "subject": "string", "subject_start": "Int64", "subject_end": "Int64",
    "metric": "string", "metric_label": "string", "status": "string", "parent": "string", "as_of": "string",
    "sentence_start": "int64", "sentence_end": "int64", "confidence": "float64", "year": "Int64",
}
FIGURE_COLUMNS = tuple(FIGURE_DTYPES)


class DaskMissingError(MissingExtraError):
    """Dask (with distributed) is not installed."""


def _require_dask() -> None:
    try:
        with needs("dask", "the Dask import"):
            import dask.bag  # noqa: F401 - imported to learn that it can be, before any work
            import distributed  # noqa: F401
    except MissingExtraError as exc:
        raise DaskMissingError(str(exc)) from None


# --------------------------------------------------------------------------- the import


def import_paths_on_dask(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
                         db: str | os.PathLike[str] | Store, scheduler_address_or_client: Any, *,
                         year: int | None = None, org: str | None = None, limits: Limits = DEFAULT_LIMITS,
                         batch_size: int | None = None, progress: bool | None = None) -> StoredRun:
    """Import every document under ``paths`` into the store ``db``, extracting on a Dask cluster.

    ``scheduler_address_or_client``: a scheduler address (``tcp://host:8786``; a client is opened
    and closed here), a ``distributed.Client``, or a cluster object (``LocalCluster``...).
    ``batch_size``: documents sent to the cluster at once (default: 16 per worker thread); two
    batches are in flight at most, so the driver's memory stays bounded however large the archive.
    Everything else as ``summarymine.ingest.import_paths``.
    """
    _require_dask()
    require("import", "the import")
    given = [str(paths)] if isinstance(paths, (str, os.PathLike)) else [str(p) for p in paths]
    store = db if isinstance(db, Store) else Store(db)
    client, own_client = _client(scheduler_address_or_client)
    try:
        threads = max(1, sum(client.nthreads().values()))
        size = batch_size or max(32, 16 * threads)
        run_id = store.start_run(given)
        with _Progress(progress) as bar:
            in_flight: deque[_Batch] = deque()
            for batch in _batches(iter_documents(given, limits=limits), store, run_id, year, org, size, bar):
                batch.futures = _submit(client, batch.jobs, partitions=min(len(batch.jobs), 2 * threads)) \
                    if batch.jobs else []
                in_flight.append(batch)
                # One batch computing while the driver walks the next: never more than two in memory.
                if len(in_flight) > 1:
                    _store_batch(in_flight.popleft(), store, run_id, bar)
            while in_flight:
                _store_batch(in_flight.popleft(), store, run_id, bar)
        return store.finish_run(run_id)
    finally:
        if own_client:
            client.close()
        if store is not db:
            store.close()


@dataclass
class _Batch:
    jobs: list[Job] = field(default_factory=list)
    # Documents found again while their first copy was still on its way: recorded once it is stored.
    repeats: list[tuple[str, str]] = field(default_factory=list)
    futures: list[distributed.Future[Any]] = field(default_factory=list)


def _batches(items: Iterator[ImportedDocument | ImportFailure], store: Store, run_id: int, year: int | None,
             org: str | None, size: int, bar: _Progress) -> Iterator[_Batch]:
    """The walk cut in batches of jobs; failures and documents already stored are recorded on the way."""
    batch = _Batch()
    # sha256 of the documents of the batch being filled and of the one before it, still on its way: the
    # consumer stores a batch before asking for the one after next, so older ones are found by ``store.has``.
    current: set[str] = set()
    previous: set[str] = set()
    for item in items:
        if isinstance(item, ImportFailure):
            store.add_failure(run_id, item.path, item.reason)
            bar.update(failed=1)
            continue
        sha256 = hashlib.sha256(item.text.encode("utf-8")).hexdigest()
        if sha256 in current or sha256 in previous:
            batch.repeats.append((item.path, item.text))
            continue
        if store.has(sha256):
            store.add_known_path(item.path, item.text, run_id)
            continue
        current.add(sha256)
        batch.jobs.append(Job(item.path, item.text, item.format, item.encoding, year, org, item.warnings))
        if len(batch.jobs) >= size:
            yield batch
            batch, previous, current = _Batch(), current, set()
    if batch.jobs or batch.repeats:
        yield batch


def _submit(client: distributed.Client, jobs: list[Job], *, partitions: int) -> list[distributed.Future[Any]]:
    """``prepared_job`` mapped over ``jobs`` as a bag; one future per partition, in order."""
    import dask.bag

    bag = dask.bag.from_sequence(jobs, npartitions=max(1, partitions)).map(prepared_job)
    futures: list[distributed.Future[Any]] = client.compute(bag.to_delayed())
    return futures


def _store_batch(batch: _Batch, store: Store, run_id: int, bar: _Progress) -> None:
    for future in batch.futures:
        for job, doc in future.result():
            if isinstance(doc, ImportFailure):
                store.add_failure(run_id, doc.path, doc.reason)
                bar.update(failed=1)
                continue
            stored = store.add(doc, path=job.path, run_id=run_id, format=job.format, encoding=job.encoding,
                               warnings=job.warnings)
            bar.update(figures=len(doc.figures) if stored else 0)
        future.release()
    for path, text in batch.repeats:
        store.add_known_path(path, text, run_id)
    batch.futures = []


def _client(target: Any) -> tuple[distributed.Client, bool]:
    """A client for ``target`` and whether it is ours to close."""
    import distributed

    if target is None:
        return distributed.default_client(), False
    if isinstance(target, distributed.Client):
        return target, False
    if isinstance(target, (str, os.PathLike)):
        return distributed.Client(str(target)), True
    if hasattr(target, "scheduler_address"):  # a cluster object
        return distributed.Client(target), True
    raise TypeError(f"a scheduler address, a distributed.Client or a cluster, not {type(target).__name__}")


# --------------------------------------------------------------------------- figures as a bag, and Parquet


def figures_bag(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *, year: int | None = None,
                org: str | None = None, limits: Limits = DEFAULT_LIMITS, partition_size: int = 8,
                on_failure: Callable[[ImportFailure], None] | None = None) -> dask.bag.Bag:
    """Documents → figures: a bag of figure records, one per figure of each distinct document.

    The driver walks ``paths`` now (the workers need not see the files) and puts each distinct
    text (by sha256; later copies are passed over) in the bag; files that cannot be read go to
    ``on_failure``. A record is the contract's figure (``Metric.to_dict``) with the document's
    ``source``, ``org`` and ``sha256``, the same rows ``Store.query`` returns.
    """
    _require_dask()
    require("import", "the Dask import")
    import dask.bag

    seen: set[str] = set()
    jobs = []
    for item in iter_documents(paths, limits=limits):
        if isinstance(item, ImportFailure):
            if on_failure is not None:
                on_failure(item)
            continue
        sha256 = hashlib.sha256(item.text.encode("utf-8")).hexdigest()
        if sha256 not in seen:
            seen.add(sha256)
            jobs.append(Job(item.path, item.text, item.format, item.encoding, year, org, item.warnings))
    if not jobs:
        empty: dask.bag.Bag = dask.bag.from_sequence([], npartitions=1)
        return empty
    bag: dask.bag.Bag = dask.bag.from_sequence(jobs, partition_size=max(1, partition_size)).map(extract_job).map(
        _figure_records).flatten()
    return bag


def _figure_records(result: tuple[Job, Any]) -> list[dict[str, Any]]:
    _, doc = result
    if isinstance(doc, ImportFailure):
        return []
    info = doc.info
    return [{"source": info.source, "org": info.org, "sha256": info.sha256, **m.to_dict()} for m in doc.metrics]


def figures_meta() -> pd.DataFrame:
    """The empty frame that describes a figure record's columns and dtypes (``meta`` for Dask)."""
    import pandas as pd

    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in FIGURE_DTYPES.items()})


def to_parquet(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], out_dir: str | os.PathLike[str],
               client: Any = None, *, year: int | None = None, org: str | None = None,
               limits: Limits = DEFAULT_LIMITS, partition_size: int = 8,
               on_failure: Callable[[ImportFailure], None] | None = None) -> str:
    """Write the figures of every document under ``paths`` as a Parquet dataset in ``out_dir``.

    The workers write the files, so on a real cluster ``out_dir`` must be a place they all reach
    (a shared mount, ``s3://...``). ``client``: as for ``import_paths_on_dask``; ``None`` uses
    the current default client. Returns ``out_dir``.
    """
    _require_dask()
    bag = figures_bag(paths, year=year, org=org, limits=limits, partition_size=partition_size,
                      on_failure=on_failure)
    frame = bag.to_dataframe(meta=figures_meta())
    out = os.fspath(out_dir)
    if isinstance(out_dir, Path):
        out_dir.mkdir(parents=True, exist_ok=True)
    task = frame.to_parquet(out, write_index=False, compute=False)
    dask_client, own = _client(client)
    try:
        dask_client.compute(task).result()
    finally:
        if own:
            dask_client.close()
    return out
