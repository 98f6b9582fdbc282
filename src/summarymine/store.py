"""The SQLite store: documents, their figures, import runs and failures.

The schema is built and upgraded by the numbered scripts in ``migrations/``
(``PRAGMA user_version`` records the last one applied). Each document is
written in one transaction keyed by the sha256 of its text, so importing the
same archive twice stores nothing twice, and an import killed half-way leaves
only whole documents behind: the next run goes on where it stopped.
"""
from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Concatenate, NamedTuple, ParamSpec, TypeVar

from .aliases import org_matches
from .errors import OutputError, StoreError, write_error
from .names import readable
from .quantities import Quantity
from .results import METRIC_FIELDS, Document, DocumentInfo, Metric

# A figure's columns: the contract's fields (results.METRIC_FIELDS), and the part of the text it stands in.
FIGURE_COLUMNS = (*METRIC_FIELDS, "section")
_VALUE, _UNIT = FIGURE_COLUMNS.index("value"), FIGURE_COLUMNS.index("unit")
# How long to wait for another process that holds the store (an import beside a query).
BUSY_SECONDS = 60
# A document repeats a stored one of the same body, year and period when at least this share of the
# figures (value and unit) of the shorter of the two, and at least this many, are equal.
REPEAT_SHARE = 0.6
REPEAT_FIGURES = 5
# Whole numbers below this (2分, 3个, 10项) are stated alike by any two documents: they tell no repeat.
COMMON_VALUES = 100
REPEATS = "repeats "
# The tables every summarymine store has (migration 0001); a database without them belongs to someone else.
STORE_TABLES = frozenset({"runs", "documents", "figures", "failures"})

P = ParamSpec("P")
R = TypeVar("R")


def migrations() -> list[tuple[int, str]]:
    """The numbered schema scripts shipped with the package, in order."""
    found = []
    for entry in resources.files("summarymine.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    return sorted(found)


@dataclass(frozen=True)
class StoredFailure:
    run_id: int
    path: str
    reason: str


@dataclass(frozen=True)
class StoredRun:
    id: int
    documents: int
    skipped: int
    figures: int
    failures: int


def _guarded(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """SQLite's errors (corrupt file, full disk, locked) leave the store as ``StoreError`` naming it."""
    @functools.wraps(method)
    def guarded(self: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._translated():
            return method(self, *args, **kwargs)

    return guarded


class Store:
    """One SQLite database. Use as a context manager, or call ``close``.

    ``readonly=True`` opens an existing store for reading (SQLite's ``mode=ro``): nothing is written
    to it, not even its journal mode, so a store on read-only media can be read, and one that a
    running import writes to is read as of a committed state. A writer creates the store when the
    file is missing or empty, and refuses a database that is not a summarymine store rather than add
    its tables to it.
    """

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.db = _connect_read_only(self.path) if readonly else _connect_for_writing(self.path)
        try:
            with self._translated():
                self._check_kind()
                self.db.execute("PRAGMA foreign_keys=ON")
                if not readonly:
                    self._use_wal()
                    self.db.execute("PRAGMA synchronous=NORMAL")
                    self._migrate()
        except BaseException:
            self.db.close()
            raise
        self.db.create_function("org_matches", 2, org_matches, deterministic=True)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {_reason(exc)}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction. SQLite has already rolled back after some errors (a full disk):
        rolling back again would hide the error behind "no transaction is active"."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def _use_wal(self) -> None:
        """Switch a new store to WAL. The switch takes the whole file, and SQLite does not wait for it
        as it waits for a write: while another process creates the same store, try again."""
        deadline = time.monotonic() + BUSY_SECONDS
        while self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) and time.monotonic() < deadline:
                    time.sleep(0.02)
                    continue
                if not os.access(self.path.parent, os.W_OK):
                    raise OutputError(f"{self.path}: cannot write the store: {exc}: its folder {self.path.parent} "
                                      "is not writable, and SQLite keeps its journal beside the store") from None
                raise

    def _check_kind(self) -> None:
        """Refuse what is not a summarymine store (reading its schema also finds a file that is no database)."""
        # One read transaction: the version and the tables of the same moment, while another process migrates.
        self.db.execute("BEGIN")
        try:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            if self.db.in_transaction:
                self.db.execute("COMMIT")
        known = migrations()
        if known and version > known[-1][0]:
            raise StoreError(f"{self.path}: store at schema version {version}, newer than this summarymine "
                             f"knows ({known[-1][0]}); upgrade summarymine to open it")
        if version == 0 and not tables and not self.readonly:
            return  # a new store
        if version == 0 or not STORE_TABLES <= tables:
            found = ", ".join(sorted(tables)) or "none"
            raise StoreError(f"{self.path}: not a summarymine store (a SQLite database with tables: {found}); "
                             "it is left untouched")

    def _migrate(self) -> None:
        current = self.db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in migrations():
            if number <= current:
                continue
            # The version is read again inside the write transaction: two processes creating the
            # same store one after the other must not both run a migration.
            with self._transaction():
                if self.db.execute("PRAGMA user_version").fetchone()[0] >= number:
                    continue
                for statement in _statements(script):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number:d}")

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        # One read transaction: every statement in it sees the same committed state, however an import goes on.
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            self.db.execute("COMMIT")

    @property
    @_guarded
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    # ------------------------------------------------------------------ runs

    @_guarded
    def start_run(self, paths: Iterable[str]) -> int:
        cur = self.db.execute("INSERT INTO runs(started, paths) VALUES (?, ?)",
                              (_now(), "\n".join(map(readable, paths))))
        return int(cur.lastrowid or 0)

    @_guarded
    def finish_run(self, run_id: int) -> StoredRun:
        self.db.execute("UPDATE runs SET finished = ? WHERE id = ?", (_now(), run_id))
        return self.run(run_id)

    @_guarded
    def run(self, run_id: int) -> StoredRun:
        row = self.db.execute("SELECT id, documents, skipped, figures, failures FROM runs WHERE id = ?",
                              (run_id,)).fetchone()
        return StoredRun(*row)

    @_guarded
    def add_failure(self, run_id: int, path: str, reason: str) -> None:
        with self._transaction():
            self.db.execute("INSERT INTO failures(run_id, path, reason) VALUES (?, ?, ?)",
                            (run_id, readable(path), readable(reason)))
            self.db.execute("UPDATE runs SET failures = failures + 1 WHERE id = ?", (run_id,))

    # ------------------------------------------------------------------ documents

    @_guarded
    def has(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)).fetchone() is not None

    @_guarded
    def add(self, doc: Document | Prepared, *, path: str, run_id: int | None = None, format: str | None = None,
            encoding: str | None = None, warnings: Iterable[str] = ()) -> bool:
        """Store one document (or its rows, ``prepare``) and its figures in one transaction; False when it was
        there already."""
        p = doc if isinstance(doc, Prepared) else prepare(doc)
        path = readable(path)
        with self._transaction():
            if self.has(p.sha256):
                self.db.execute("INSERT OR IGNORE INTO document_paths(path, sha256) VALUES (?, ?)", (path, p.sha256))
                if run_id is not None:
                    self.db.execute("UPDATE runs SET skipped = skipped + 1 WHERE id = ?", (run_id,))
                return False
            warnings = [*warnings, *self._repeats(p)]
            self.db.execute(
                "INSERT INTO documents(sha256, path, source, title, org, year, kind, script, format, encoding, chars,"
                " text, run_id, warnings, period) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (p.sha256, path, p.source, p.title, p.org, p.year, p.kind, p.script, format, encoding, p.chars, p.text,
                 run_id, "\n".join(warnings) or None, p.period),
            )
            self.db.executemany(
                f"INSERT INTO figures(sha256, {', '.join(_quoted(FIGURE_COLUMNS))}) "
                f"VALUES ({', '.join('?' * (len(FIGURE_COLUMNS) + 1))})",
                [(p.sha256, *row) for row in p.figures],
            )
            if run_id is not None:
                self.db.execute("UPDATE runs SET documents = documents + 1, figures = figures + ? WHERE id = ?",
                                (len(p.figures), run_id))
            return True

    def _repeats(self, p: Prepared) -> list[str]:
        """A warning when this document repeats one stored before it (the first found): the same body,
        year and period, and most of the figures of the shorter one equal (a condensed version, the
        same report under two names)."""
        mine = {(row[_VALUE], row[_UNIT]) for row in p.figures if _telling(row[_VALUE])}
        if p.org is None or p.year is None or len(mine) < REPEAT_FIGURES:
            return []
        for sha256, path in self.db.execute("SELECT sha256, path FROM documents WHERE org = ? AND year = ?"
                                            " AND period IS ? ORDER BY path", (p.org, p.year, p.period)).fetchall():
            theirs = {(value, unit) for value, unit in self.db.execute("SELECT value, unit FROM figures WHERE sha256 = ?", (sha256,))
                      if _telling(value)}
            shared = len(mine & theirs)
            if shared >= REPEAT_FIGURES and shared >= REPEAT_SHARE * min(len(mine), len(theirs)):
                return [(f"{REPEATS}{path} ({p.org}, {p.period}): {shared} of the {min(len(mine), len(theirs))}"
                         " figures of the shorter are equal")]
        return []

    @_guarded
    def repeats(self, run_id: int | None = None) -> list[tuple[str, str]]:
        """(path, warning) for each document that repeats one stored before it: of one run, or of all."""
        where, args = _where(("run_id = ?", run_id))
        rows = self.db.execute(f"SELECT path, warnings FROM documents{where} ORDER BY path", args).fetchall()
        return [(path, line) for path, text in rows for line in (text or "").splitlines() if line.startswith(REPEATS)]

    @_guarded
    def add_known_path(self, path: str, text: str, run_id: int | None = None) -> None:
        """Record another path of a document already stored (the same text, found again)."""
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        path = readable(path)
        with self._transaction():
            self.db.execute("INSERT OR IGNORE INTO document_paths(path, sha256)"
                            " SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM documents WHERE sha256 = ? AND path = ?)",
                            (path, sha256, sha256, path))
            if run_id is not None:
                self.db.execute("UPDATE runs SET skipped = skipped + 1 WHERE id = ?", (run_id,))

    def documents(self, *, org: str | None = None, year: int | None = None) -> Iterator[Document]:
        """Stored documents with their figures, as ``Document`` objects (the contract, read back).

        ``org`` keeps the documents whose body contains it or is its canonical name (``org_matches``);
        ``year`` the documents reporting on that year.
        """
        where, args = _where(("org_matches(?, d.org)", org), ("d.year = ?", year))
        with self._translated(), self._snapshot():
            rows = self.db.execute(
                f"SELECT sha256, source, title, org, year, kind, script, chars, text, period FROM documents d{where}"
                " ORDER BY path", args).fetchall()
            figures: dict[str, list[Metric]] = {}
            for sha256, *values in self.db.execute(
                    f"SELECT f.sha256, {', '.join(f'f.{c}' for c in _quoted(FIGURE_COLUMNS))}"
                    f" FROM figures f JOIN documents d USING (sha256){where} ORDER BY f.sha256, f.start", args):
                figures.setdefault(sha256, []).append(_metric(dict(zip(FIGURE_COLUMNS, values))))
        for sha256, source, title, doc_org, doc_year, kind, script, chars, text, period in rows:
            info = DocumentInfo(source, sha256, title, doc_org, doc_year, kind, script, chars, period)
            yield Document(text=text, info=info, metrics=tuple(figures.get(sha256, ())))

    @_guarded
    def query(self, *, org: str | None = None, metric: str | None = None, year: int | None = None,
              key: str | None = None) -> list[dict[str, Any]]:
        """Figures as contract rows, with the document's source, org and sha256 beside them.

        ``org`` as for ``documents``; ``metric`` a taxonomy id; ``year`` the year a figure is about; ``key`` the
        indicator key (a metric id, or the indicator phrase of a figure the taxonomy does not map).
        """
        where, args = _where(("org_matches(?, d.org)", org), ("f.metric = ?", metric), ("f.year = ?", year),
                             ("f.key = ?", key))
        columns = ", ".join(f"f.{c}" for c in _quoted(FIGURE_COLUMNS))
        rows = self.db.execute(
            f"SELECT d.source, d.org, d.sha256, {columns} FROM figures f JOIN documents d USING (sha256){where}"
            " ORDER BY d.org, f.year, d.path, f.start", args)
        out = []
        for row in rows.fetchall():
            record = {"source": row[0], "org": row[1], "sha256": row[2]}
            record.update(_metric(dict(zip(FIGURE_COLUMNS, row[3:]))).to_dict())
            out.append(record)
        return out

    @_guarded
    def failures(self, run_id: int | None = None) -> list[StoredFailure]:
        """The files an import could not read, with the reason: of one run, or of every run (``None``)."""
        where, args = _where(("run_id = ?", run_id))
        rows = self.db.execute(f"SELECT run_id, path, reason FROM failures{where} ORDER BY run_id, rowid", args)
        return [StoredFailure(*row) for row in rows.fetchall()]

    @_guarded
    def last_run(self) -> int | None:
        """The id of the latest import run, ``None`` in a store never imported into."""
        row = self.db.execute("SELECT max(id) FROM runs").fetchone()
        return None if row[0] is None else int(row[0])

    @_guarded
    def counts(self) -> dict[str, int]:
        return {table: self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("documents", "figures", "failures", "runs")}


def _reason(exc: sqlite3.Error) -> str:
    """SQLite's message, with what it means for a store when that is not plain."""
    message = str(exc)
    if message == "file is not a database":
        return "not a summarymine store (not a SQLite database, or its header is damaged)"
    if "malformed" in message:
        return f"the store is damaged ({message}); restore it from a copy or import again into a new file"
    if "disk is full" in message:
        return f"cannot write the store ({message}); what was being written was not kept, all before it is"
    return message


class Prepared(NamedTuple):
    """A document as ``Store.add`` writes it — its row's values and its figures' rows, plain values only —
    made where it was extracted: an import's workers hand these on, and the process that writes them
    rebuilds no Document."""

    sha256: str
    source: str | None
    title: str | None
    org: str | None
    year: int | None
    kind: str | None
    script: str | None
    chars: int
    text: str
    period: str | None
    figures: list[tuple[Any, ...]]


def prepare(doc: Document) -> Prepared:
    """``doc`` as the store writes it."""
    info = doc.info
    return Prepared(info.sha256, readable(info.source) if info.source else info.source, info.title, info.org, info.year,
                    info.kind, info.script, info.chars, doc.text, info.period, [_figure_row(m) for m in doc.metrics])


def _figure_row(m: Metric) -> tuple[Any, ...]:
    d = m.to_dict()
    q = m.quantity
    values = {**d, "value": _decimal_text(q.value), "value_max": _decimal_text(q.value_max), "section": m.section}
    return tuple(values[c] for c in FIGURE_COLUMNS)


def _metric(row: dict[str, Any]) -> Metric:
    value = Decimal(row["value"]) if row["value"] is not None else None
    value_max = Decimal(row["value_max"]) if row["value_max"] is not None else None
    quantity = Quantity(
        text=row["text"], start=row["start"], end=row["end"], value=value, value_max=value_max,
        unit=row["unit"], unit_category=row["unit_category"], approx=row["approx"], kind="figure",
        currency=row["currency"],
    )
    return Metric(
        id=row["id"], quantity=quantity, measure=row["measure"], subject=row["subject"],
        subject_start=row["subject_start"], subject_end=row["subject_end"], status=row["status"],
        parent=row["parent"], as_of=row["as_of"], sentence_start=row["sentence_start"],
        sentence_end=row["sentence_end"], confidence=row["confidence"], metric=row["metric"],
        metric_label=row["metric_label"], section=row["section"], year=row["year"], key=row["key"],
    )


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _quoted(columns: Iterable[str]) -> list[str]:
    return [f'"{c}"' for c in columns]


def _where(*conditions: tuple[str, object]) -> tuple[str, tuple[object, ...]]:
    """A WHERE clause of the conditions whose value is given (each condition has one ``?``)."""
    parts = [(condition, value) for condition, value in conditions if value is not None]
    if not parts:
        return "", ()
    return " WHERE " + " AND ".join(p for p, _ in parts), tuple(v for _, v in parts)


def _connect_for_writing(path: Path) -> sqlite3.Connection:
    try:
        # The system says why a path cannot be written (no such folder, read-only file system);
        # SQLite only says "unable to open database file".
        with path.open("ab"):
            pass
    except OSError as exc:
        raise write_error(path, exc) from None
    return sqlite3.connect(path, isolation_level=None, timeout=BUSY_SECONDS)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise StoreError(f"{path}: no such store (create one with summarymine import)")
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the store: {exc.strerror or exc}") from None
    uri = path.resolve().as_uri()
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=BUSY_SECONDS)
    try:
        db.execute("PRAGMA user_version")
    except sqlite3.OperationalError as exc:
        db.close()
        # A WAL store is read through a shared-memory file beside it, which read-only media cannot hold.
        # There, with no journal beside the store and no folder to write one in, nobody can be writing
        # it, so it is read as immutable.
        if os.access(path.parent, os.W_OK) or Path(f"{path}-wal").exists():
            raise StoreError(f"{path}: cannot read the store: {exc}") from None
        db = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise StoreError(f"{path}: {_reason(exc)}") from None
    return db


def _statements(script: str) -> list[str]:
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _telling(value: str | None) -> bool:
    """A value that tells one document from another: not a small whole number (2分, 3个), which any two state alike."""
    try:
        number = Decimal(value) if value is not None else None
    except ArithmeticError:
        return True
    return number is None or number != number.to_integral_value() or abs(number) >= COMMON_VALUES
