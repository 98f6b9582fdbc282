#!/usr/bin/env python
"""Benchmark of ``summarymine report --db STORE -o DIR/``: the site of an archive, its build time, its size, its
largest page, and whether the build is linear in the number of documents.

Run:  python bench/bench_site.py [--docs N] [--keep DIR] [--bodies-as-written] [--no-browser]

It makes ``bench_import.py``'s archive of N documents (default 5000), imports it into a store
(``summarymine import --jobs 2``) and the first N/2 into another, and builds the site of each, and of a
store of one document (the start-up), each build in its own process (``ru_maxrss`` of the build is its peak
memory). Then it reads the sites from disk: pages, total size, the largest page, pages over 2 MB; and
the ratio of the build times at N and N/2 (after start-up), which is about 2 when the build is linear.
Last, headless Chromium (``tests/browser_check.py``) walks the site of N documents as the browser test
does: the index, a search, the largest body's page with its charts, a document with its figures.

Bodies: ``bench_import.py`` cycles through a few dozen sources, so as written its bodies hold up to a
tenth of the archive each (945 reports of one body at 5,000, 135 of them about the same year) where a
real archive holds a report per body and year. Each text here is headed by an archive's
``发文单位：`` line that gives every pass through the sources bodies of its own (``海拉尔区人民政府·7``),
so that bodies stay of a size as the archive grows; texts that name no body are left so.
``--bodies-as-written`` keeps bench_import's bodies: the audit of one body pairs its targets with its
figures, so there the build grows with the square of the largest body.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_import import LAUNCHER, documents, sources, write_archive

HERE = Path(__file__).resolve()
REPO = HERE.parents[1]
PY = sys.executable
LIMIT = 2_000_000  # bytes: no page over 2 MB
HEADER = "发文单位：{org}·{n}\n来源：summarymine bench_site\n"


def texts(n: int, *, as_written: bool) -> list[str]:
    """``bench_import.documents(n)``, each (unless ``as_written``) headed by the body of its pass through the sources."""
    out = documents(n)
    if as_written:
        return out
    from summarymine import extract

    base = sources()
    orgs = [extract(text).info.org for text in base]
    return [HEADER.format(org=orgs[i % len(base)], n=i // len(base) + 1) + text if orgs[i % len(base)] else text
            for i, text in enumerate(out)]


def run(command: list[str]) -> dict:
    """Run ``command`` in its own process: its wall time, peak RSS and stderr."""
    launched = subprocess.run([PY, "-c", LAUNCHER, *command], capture_output=True, text=True, cwd=REPO, check=True)
    result = json.loads(launched.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(command[2:5])} failed ({result['rc']}): {result['stderr']}")
    return result


def store(work: Path, name: str, corpus: list[str]) -> tuple[Path, float | None]:
    """A store of ``corpus`` (kept from an earlier run with --keep) and the time its import took."""
    db = work / f"{name}.sqlite"
    if db.exists():
        return db, None
    archive = work / f"archive_{name}"
    if archive.exists():
        shutil.rmtree(archive)
    write_archive(archive, corpus)
    done = run([PY, "-m", "summarymine", "import", str(archive), "--db", str(db), "--jobs", "2"])
    return db, done["wall"]


def build(db: Path, out: Path) -> dict:
    if out.exists():
        shutil.rmtree(out)
    done = run([PY, "-m", "summarymine", "report", "--db", str(db), "-o", f"{out}/"])
    pages = {str(p.relative_to(out)): p.stat().st_size for p in out.rglob("*.html")}
    largest = max(pages.items(), key=lambda kv: kv[1])
    return {"wall": done["wall"], "peak_mb": done["peak_kb"] / 1024, "pages": len(pages), "size": sum(pages.values()),
            "largest": largest, "over": sorted(p for p, size in pages.items() if size > LIMIT),
            "index": pages["index.html"], "bodies": sum(p.startswith("body/") for p in pages),
            "documents": sum(p.startswith("doc/") for p in pages), "said": done["stderr"].strip().splitlines()[-1]}


def tour(site: Path, largest: str) -> None:
    sys.path.insert(0, str(REPO / "tests"))
    from browser_check import Browser, chromium_path, site_tour

    if chromium_path() is None:
        print("browser: chromium is not installed; the site was not opened")
        return
    with Browser(width=1366, height=860, timeout=120) as browser:
        found = site_tour(browser, site / "index.html", "2019")
        found["requests"] = [u for u in found["requests"] if not u.startswith(site.resolve().as_uri())]
        start = time.monotonic()
        browser.open((site / largest).resolve().as_uri())
        opened = time.monotonic() - start
    searched = ", ".join(f"{g['group']} ({g['shown']} shown)" for g in found["search"])
    print(f"browser: index opened in {found['index_load_s']:.2f} s ({found['index_scripts']} script elements: "
          f"the page's and the search data); search '2019': {searched}")
    print(f"browser: body {found['body']} ({found['body_pages']} page(s), opened in {found['body_load_s']:.2f} s): "
          f"{found['charts']} charts, {found['chart_lines']} result lines drawn")
    print(f"browser: document {found['document_url'].rsplit('/', 1)[-1]} opened in {found['document_load_s']:.2f} s: "
          f"{found['figures']} figures marked and laid out; a click shows its reading: {found['panel'] is not None}")
    print(f"browser: the largest page, {largest}, opened in {opened:.2f} s; requests outside the site: "
          f"{found['requests'] or 'none'}; script errors: {len(found['errors'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000, help="documents in the large store (default 5000)")
    parser.add_argument("--keep", type=Path, help="build the archives, stores and sites here, keep them, and reuse "
                                                  "the stores of an earlier run")
    parser.add_argument("--bodies-as-written", action="store_true", help="bench_import's bodies, not one per pass")
    parser.add_argument("--no-browser", action="store_true", help="do not open the site in Chromium")
    args = parser.parse_args()
    n = args.docs
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_site_"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        t = time.perf_counter()
        corpus = texts(n, as_written=args.bodies_as_written)
        print(f"texts: {n} documents ({sum(map(len, corpus)) / n:,.0f} characters on average), made in "
              f"{time.perf_counter() - t:.1f} s; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        kind = "written" if args.bodies_as_written else "spread"
        stores = {size: store(work, f"store_{size}_{kind}", corpus[:size]) for size in (1, n // 2, n)}
        for size, (db, wall) in stores.items():
            print(f"store of {size} documents: {db}" + (f" (imported in {wall:.1f} s)" if wall is not None else " (kept)"))
        sites = {}
        for size, (db, _) in stores.items():
            sites[size] = r = build(db, work / f"site_{size}_{kind}")
            print(f"site of {size:>5} documents: {r['wall']:7.1f} s, peak RSS {r['peak_mb']:6.0f} MB, {r['pages']} pages "
                  f"({r['bodies']} of bodies, {r['documents']} of documents), {r['size'] / 1e6:7.1f} MB, largest "
                  f"{r['largest'][0]} {r['largest'][1] / 1e6:.2f} MB, index {r['index'] / 1e6:.2f} MB, "
                  f"pages over 2 MB: {len(r['over'])}", flush=True)
            print(f"    summarymine said: {r['said']}")
        start = sites[1]["wall"]
        half, full = sites[n // 2], sites[n]
        print(f"\nlinearity: t({n}) / t({n // 2}) = {full['wall'] / half['wall']:.2f} (wall), "
              f"{(full['wall'] - start) / (half['wall'] - start):.2f} after start-up ({start:.1f} s: a site of one "
              f"document); size {full['size'] / half['size']:.2f}; 2.00 is linear")
        if full["over"]:
            print(f"PAGES OVER 2 MB: {full['over'][:10]}")
        if not args.no_browser:
            tour(work / f"site_{n}_{kind}", full["largest"][0])
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
