#!/usr/bin/env python
"""Benchmark of ``summarymine import``: documents per second, the speed-up of ``--jobs 2`` over
``--jobs 1``, and peak memory as the archive grows.

Run:  python bench/bench_import.py [--docs N] [--quick] [--keep DIR]

It generates an archive of N distinct documents (default 5000; ``--quick``: 300) from variants of
``corpus/*.txt`` and the smaller ``$SUMMARYMINE_SHARED/realdocs/*.txt`` (names and figures changed,
so every text is distinct): files in folders of 100 (UTF-8, every 7th in GB18030, every 25th as
.docx) and a fifth of them in a zip holding a nested zip. A second archive holds the first
``--small`` documents (default 1000; a third of N with ``--quick``).

Each archive is imported with ``--jobs 1`` and ``--jobs 2`` into a fresh store, each run in its
own process started through a small launcher, so that ``ru_maxrss`` of RUSAGE_CHILDREN is the run's
own peak (the largest process: the importer or one of its workers); the RSS of the whole process
tree (importer + workers) is also sampled from /proc every 50 ms. Start-up (interpreter, lexicons,
the workers' warm-up) is measured by importing a folder of one document and shown apart. The
load average during each run is printed: the machines are shared, and a busy machine takes the
second core away from ``--jobs 2``.

With ``--dask``, the large archive is also imported on a Dask ``LocalCluster`` of two worker processes
(one thread each, started before the clock runs): its speed-up against ``--jobs 2`` (the same number of
workers), and whether the two stores hold the same documents and figures (a digest of their rows).
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve()
REPO = HERE.parents[1]
SHARED = Path(os.environ.get("SUMMARYMINE_SHARED", REPO / ".." / "shared")).resolve()
PY = sys.executable
MAX_SOURCE_CHARS = 15_000  # realdocs past this would make the mix one of a few long reports
FLAT = 1.10  # peak memory at the large archive over the small one: up to this, "flat"
PLACES = ["东城", "西城", "南山", "北湖", "青山", "白云", "金水", "龙华", "高新", "滨江", "天河", "松北", "鼓楼"]

# The launcher: runs one import, then prints its wall time and the peak RSS of its descendants.
LAUNCHER = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "peak_kb": peak, "rc": done.returncode, "stderr": done.stderr[-2000:]}))
"""

# --------------------------------------------------------------------------- the archive


def sources() -> list[str]:
    files = sorted((REPO / "corpus").glob("*.txt")) + sorted((SHARED / "realdocs").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8-sig") for f in files if f.is_file() and f.stat().st_size > 0]
    texts = [t for t in texts if len(t) <= MAX_SOURCE_CHARS]
    if not texts:
        raise SystemExit(f"no documents in {REPO / 'corpus'} or {SHARED / 'realdocs'}")
    return texts


def variant(text: str, k: int) -> str:
    """``text`` with its place names and figures changed: the k-th variant (k = 0 changes them too)."""
    place = PLACES[k % len(PLACES)]
    text = re.sub(r"X+([区區县縣市])", lambda m: place + m.group(1), text)

    def bump(m: re.Match) -> str:
        number = m.group(0)
        if re.fullmatch(r"(19|20)\d\d", number):  # years stay
            return number
        return str(int(number) + k + 1)

    return re.sub(r"(?<![\d.])\d+(?![\d.]|年)", bump, text)


def documents(n: int) -> list[str]:
    """``n`` distinct texts, cycling through the sources."""
    base = sources()
    seen: set[str] = set()
    out = []
    k = 0
    while len(out) < n:
        text = variant(base[k % len(base)], k // len(base))
        digest = hashlib.sha256(text.encode()).hexdigest()
        if digest in seen:  # a text without figures to change: make it distinct another way
            text += f"\n（{k}）"
            digest = hashlib.sha256(text.encode()).hexdigest()
        seen.add(digest)
        out.append(text)
        k += 1
    return out


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encoded(i: int, text: str) -> tuple[str, bytes]:
    if i % 25 == 0:
        return f"doc{i:05d}.docx", docx_bytes(text)
    if i % 7 == 0:
        return f"doc{i:05d}.txt", text.encode("gb18030")
    return f"doc{i:05d}.txt", text.encode("utf-8")


def write_archive(root: Path, texts: list[str]) -> None:
    """Four fifths as files in folders of 100, one fifth in a zip (half of those in a nested zip)."""
    root.mkdir(parents=True)
    outer: dict[str, bytes] = {}
    nested: dict[str, bytes] = {}
    for i, text in enumerate(texts):
        name, data = encoded(i, text)
        if i % 5 == 4:
            (nested if i % 10 == 9 else outer)[f"z{i // 100:03d}/{name}"] = data
        else:
            folder = root / f"f{i // 100:03d}"
            folder.mkdir(exist_ok=True)
            (folder / name).write_bytes(data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as inner:
        for name, data in nested.items():
            inner.writestr(name, data)
    outer["nested/inner.zip"] = buffer.getvalue()
    with zipfile.ZipFile(root / "bundle.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in outer.items():
            archive.writestr(name, data)


# --------------------------------------------------------------------------- measuring


def _tree_rss_kb(root_pid: int) -> int:
    """RSS of ``root_pid`` and every descendant, in KB, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total = 0
    stack = [root_pid]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
        stack.extend(children.get(pid, []))
    return total


def run_import(archive: Path, db: Path, jobs: int, dask: str | None = None) -> dict:
    command = [PY, "-c", LAUNCHER, PY, "-m", "summarymine", "import", str(archive), "--db", str(db),
               *(["--dask", dask] if dask else ["--jobs", str(jobs)])]
    launcher = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=REPO)
    tree_peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal tree_peak
        while not stop.is_set():
            tree_peak = max(tree_peak, _tree_rss_kb(launcher.pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = launcher.communicate()
    stop.set()
    sampler.join()
    result = json.loads(out)
    if result["rc"] != 0:
        raise SystemExit(f"import failed ({result['rc']}): {result['stderr']}")
    found = re.search(r"imported (\d+) documents \((\d+) already stored\), (\d+) figures, (\d+) failures",
                      result["stderr"])
    if not found:
        raise SystemExit(f"no summary line: {result['stderr']}")
    documents, skipped, figures, failures = map(int, found.groups())
    # The launcher (a small Python) counts in the sampled tree: take it out.
    return {"jobs": jobs, "wall": result["wall"], "peak_mb": result["peak_kb"] / 1024,
            "tree_mb": max(0, tree_peak - _LAUNCHER_KB) / 1024, "documents": documents, "skipped": skipped,
            "figures": figures, "failures": failures}


_LAUNCHER_KB = 0


def store_digest(db: Path) -> tuple[int, int, str]:
    """Documents, figures and a digest of every figure row (by document and id): equal stores, equal digests."""
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        rows = con.execute("SELECT * FROM figures ORDER BY sha256, id").fetchall()
    digest = hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()[:16]
    return documents, len(rows), digest


def dask_import(archive: Path, db: Path, local: dict, local_db: Path) -> None:
    """The same archive on a LocalCluster of two single-threaded worker processes, against --jobs 2."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        load = os.getloadavg()[0]
        r = run_import(archive, db, 2, dask=cluster.scheduler_address)
    same = store_digest(db) == store_digest(local_db)
    print(f"Dask LocalCluster (2 workers x 1 thread) over {r['documents']} documents: {r['wall']:.1f} s, "
          f"{r['documents'] / r['wall']:.1f} docs/s; --jobs 2 {local['wall']:.1f} s: speed-up "
          f"{local['wall'] / r['wall']:.2f}x; load average {(load + os.getloadavg()[0]) / 2:.1f}; "
          f"same store as --jobs 2: {'yes' if same else 'NO'} {store_digest(db)}")


def launcher_rss_kb() -> int:
    """The launcher's own RSS (sampled in the tree), measured on a launcher running ``sleep``."""
    process = subprocess.Popen([PY, "-c", LAUNCHER, "sleep", "1"], stdout=subprocess.PIPE, text=True)
    time.sleep(0.5)
    kb = _tree_rss_kb(process.pid)
    process.communicate()
    return max(0, kb - 1000)  # sleep itself: about 1 MB


# --------------------------------------------------------------------------- main


def main() -> None:
    global _LAUNCHER_KB
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, help="documents in the large archive (default 5000; --quick 300)")
    parser.add_argument("--small", type=int, help="documents in the small archive (default 1000; --quick 100)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 300 and 100 documents")
    parser.add_argument("--keep", type=Path, help="build the archives and stores here and keep them")
    parser.add_argument("--dask", action="store_true", help="also import the large archive on a Dask LocalCluster")
    args = parser.parse_args()
    large = args.docs or (300 if args.quick else 5000)
    small = args.small or (100 if args.quick else min(1000, large))
    if not 0 < small <= large:
        raise SystemExit("--small must be between 1 and --docs")

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_import_"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        t = time.perf_counter()
        texts = documents(large)
        chars = sum(map(len, texts))
        archives = {small: work / f"archive_{small}", large: work / f"archive_{large}"}
        for n, root in archives.items():
            if root.exists():
                shutil.rmtree(root)
            write_archive(root, texts[:n])
        size = sum(p.stat().st_size for p in archives[large].rglob("*") if p.is_file())
        print(f"archive: {large} documents ({chars / large:,.0f} characters on average, {size / 1e6:.1f} MB on disk; "
              f"a copy of the first {small}), built in {time.perf_counter() - t:.1f} s; {os.cpu_count()} cores")

        _LAUNCHER_KB = launcher_rss_kb()
        one = work / "one_document"
        if one.exists():
            shutil.rmtree(one)
        one.mkdir()
        (one / "one.txt").write_text(documents(1)[0], encoding="utf-8")
        startup = {}
        for jobs in (1, 2):
            db = work / f"one_{jobs}.sqlite"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            startup[jobs] = run_import(one, db, jobs)
        print(f"start-up (importing one document: interpreter, lexicons, workers' warm-up): "
              f"jobs 1 {startup[1]['wall']:.1f} s, jobs 2 {startup[2]['wall']:.1f} s")

        results = []
        for n in sorted(archives):
            for jobs in (1, 2):
                db = work / f"store_{n}_jobs{jobs}.sqlite"
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
                load = os.getloadavg()[0]
                r = run_import(archives[n], db, jobs)
                r["load"] = (load + os.getloadavg()[0]) / 2
                if (r["documents"], r["failures"]) != (n, 0):
                    raise SystemExit(f"expected {n} documents and no failure, got {r}")
                r["n"] = n
                results.append(r)
                print(f"  {n:>6} documents, --jobs {jobs}: {r['wall']:7.1f} s, {n / r['wall']:6.1f} docs/s, "
                      f"peak RSS {r['peak_mb']:6.1f} MB (largest process), {r['tree_mb']:6.1f} MB (all processes); "
                      f"load average {r['load']:.1f}",
                      flush=True)

        by = {(r["n"], r["jobs"]): r for r in results}
        print()
        print("| documents | jobs | wall s | docs/s | docs/s after start-up | figures | peak RSS MB (largest process) "
              "| peak RSS MB (all processes) | load average |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in results:
            net = r["wall"] - startup[r["jobs"]]["wall"]
            print(f"| {r['n']} | {r['jobs']} | {r['wall']:.1f} | {r['n'] / r['wall']:.1f} | {r['n'] / net:.1f} | "
                  f"{r['figures']} | {r['peak_mb']:.1f} | {r['tree_mb']:.1f} | {r['load']:.1f} |")
        print()
        for n in sorted(archives):
            one, two = by[(n, 1)], by[(n, 2)]
            print(f"speed-up of --jobs 2 over --jobs 1 at {n} documents: {one['wall'] / two['wall']:.2f}x wall, "
                  f"{(one['wall'] - startup[1]['wall']) / (two['wall'] - startup[2]['wall']):.2f}x after start-up")
        for jobs in (1, 2):
            a, b = by[(small, jobs)], by[(large, jobs)]
            growth = max(b["peak_mb"] / a["peak_mb"], b["tree_mb"] / max(a["tree_mb"], 1e-9))
            verdict = "flat" if growth <= FLAT else f"NOT flat: over x{FLAT:g}"
            print(f"peak memory, --jobs {jobs}: {small} documents {a['peak_mb']:.1f} MB, {large} documents "
                  f"{b['peak_mb']:.1f} MB (x{b['peak_mb'] / a['peak_mb']:.2f}); all processes {a['tree_mb']:.1f} MB vs "
                  f"{b['tree_mb']:.1f} MB (x{b['tree_mb'] / max(a['tree_mb'], 1e-9):.2f}): {verdict}")
        if args.dask:
            db = work / f"store_{large}_dask.sqlite"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            dask_import(archives[large], db, by[(large, 2)], work / f"store_{large}_jobs2.sqlite")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
