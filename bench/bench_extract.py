#!/usr/bin/env python
"""Benchmarks for summarymine.extract and the ``summarymine`` CLI.

Run:  python bench/bench_extract.py [--quick] [--profile] [--only SECTIONS]

SECTIONS: numbers or names, comma-separated (``--only many,cold`` is ``--only 5,2``).

Machines are shared and noisy, so every speed figure is reported as a RATIO
against a baseline measured in the same run (mostly ``jieba.lcut`` / bare
jieba start-up). Sizes are in characters (1 MB = 1,000,000 characters).

Sections
  1 throughput   extract vs jieba.lcut over ~1 MB and ~10 MB of real documents
  2 cold         cold start of the CLI / import vs ``import jieba; jieba.lcut``
  3 rss          peak RSS of extract over ~10 MB vs jieba.lcut over the same text
  4 hostile      pathological inputs at size S and 2S; t(2S)/t(S) ~ 2 means linear
  5 many         one CLI process over all files vs single-file runs; ``extract --jobs 2`` vs ``--jobs 1`` over
                 $SUMMARYMINE_SHARED/archive/hebei + realdocs (runs interleaved, medians)
  6 families     hostile families (bench/families.py) at 1x, 2x, 4x: time per doubling, the share
                 of attribution, peak RSS
``--profile`` additionally profiles extract over ~1 MB with cProfile (top 15 by cumulative).

The script re-invokes itself with a private ``--_child`` argument to measure
things in fresh processes; that mode is not meant to be used by hand.
"""
from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
REPO = HERE.parents[1]
SHARED = Path(os.environ.get("SUMMARYMINE_SHARED", REPO / ".." / "shared")).resolve()
PY = sys.executable
MB = 1_000_000
HOSTILE_TIMEOUT = 120.0

# --------------------------------------------------------------------------- helpers


def source_files() -> list[Path]:
    files = sorted((REPO / "corpus").glob("*.txt")) + sorted((SHARED / "realdocs").glob("*.txt"))
    # corpus/README-like files are not documents; keep only non-empty text files.
    return [f for f in files if f.is_file() and f.stat().st_size > 0]


def read_doc(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def build_docs(target_chars: int) -> list[str]:
    """Whole documents, cycling through the corpus, until at least ``target_chars`` characters."""
    base = [read_doc(f) for f in source_files()]
    if not base:
        raise SystemExit(f"no documents found in {REPO / 'corpus'} or {SHARED / 'realdocs'}")
    docs: list[str] = []
    total = 0
    i = 0
    while total < target_chars:
        d = base[i % len(base)]
        docs.append(d)
        total += len(d)
        i += 1
    return docs


def quiet_jieba() -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)


def max_rss_mb() -> float:
    import resource

    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux (bytes on macOS)
    if sys.platform == "darwin":
        kb /= 1024
    return kb / 1024


def cli_cmd() -> list[str]:
    script = Path(PY).parent / "summarymine"
    if script.exists():
        return [str(script)]
    return [PY, "-m", "summarymine.cli"]


def fmt_s(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.3f} s" if x < 100 else f"{x:.1f} s"


def fmt_rate(x: float) -> str:
    return f"{x / 1000:,.0f} k chars/s"


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt_ratio(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}×"


def header(title: str) -> None:
    print()
    print("=" * 78)
    print(title)
    print("=" * 78, flush=True)


def table(rows: list[list[str]], head: list[str]) -> None:
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    line = "  ".join(h.ljust(w) for h, w in zip(head, widths))
    print(line)
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    sys.stdout.flush()


SUMMARY: list[list[str]] = []  # figure, value, baseline, ratio, target, verdict


def summarize(figure: str, value: str, baseline: str, r: str, target: str, verdict: str) -> None:
    SUMMARY.append([figure, value, baseline, r, target, verdict])


# ru_maxrss survives execve on Linux: a process exec'd straight from this (large) benchmark process
# would report this process's peak. A tiny Python launcher in between gives the measured child a
# fresh high-water mark; the child also reports VmHWM from /proc as a cross-check.
_LAUNCH = "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"


def short_err(text: str | None, width: int = 70) -> str:
    """The last line of an error output, shortened for a table cell."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    last = lines[-1] if lines else "no message"
    return last if len(last) <= width else last[: width - 1] + "…"


def run_child(args: list[str], timeout: float) -> tuple[dict | None, str]:
    """Run this script in child mode (via the launcher); returns (parsed JSON result, error text)."""
    import signal

    proc = subprocess.Popen([PY, "-c", _LAUNCH, PY, str(HERE), "--_child", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the launcher's own process group: launcher + child
        except ProcessLookupError:
            pass
        proc.communicate()
        return None, "timeout"
    if proc.returncode != 0:
        return None, f"exit {proc.returncode}: {short_err(err)}"
    for line in reversed(out.splitlines()):
        if line.startswith("{"):
            return json.loads(line), ""
    return None, "no result"


def vm_hwm_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


# --------------------------------------------------------------------------- child mode


def hostile_text(kind: str, n: int) -> str:
    """Hostile input of about ``n`` characters (for brackets: ``n`` nesting levels)."""
    if kind == "digits":
        return ("1234567890" * (n // 10 + 1))[:n]
    if kind == "wan":
        return "萬" * n
    if kind == "paren":  # n levels of full-width parentheses around a number
        return "（" * n + "123.5万元" + "）" * n
    if kind == "square":
        return "[" * n + "123.5万元" + "]" * n
    if kind == "yi":
        return "一" * n
    if kind == "comma":
        return "1," * (n // 2)
    raise ValueError(kind)


def child(argv: list[str]) -> None:
    mode = argv[0]
    rss0 = max_rss_mb()
    if mode == "rss-extract" or mode == "rss-lcut" or mode == "rss-text":
        target = int(argv[1])
        docs = build_docs(target)
        chars = sum(map(len, docs))
        if mode == "rss-extract":
            import summarymine

            quiet_jieba()
            metrics = 0
            t0 = time.perf_counter()
            for d in docs:
                metrics += len(summarymine.extract(d).metrics)
            dt = time.perf_counter() - t0
        elif mode == "rss-lcut":
            import jieba

            quiet_jieba()
            jieba.initialize()
            metrics = 0
            t0 = time.perf_counter()
            for d in docs:
                metrics += len(jieba.lcut(d))
            dt = time.perf_counter() - t0
        else:  # text only: what holding the documents costs
            metrics, dt = 0, 0.0
        print(json.dumps({"chars": chars, "docs": len(docs), "count": metrics, "seconds": dt, "rss_mb": max_rss_mb(),
                          "hwm_mb": vm_hwm_mb(), "rss_at_start_mb": rss0}))
        return
    if mode == "hostile":
        kind, n = argv[1], int(argv[2])
        import summarymine

        quiet_jieba()
        summarymine.extract("2023年全市产值达到1.5亿元，同比增长12%。")  # warm: jieba, lexicons, tables
        text = hostile_text(kind, n)
        times = []
        metrics = 0
        while True:
            t0 = time.perf_counter()
            doc = summarymine.extract(text)
            times.append(time.perf_counter() - t0)
            metrics = len(doc.metrics)
            del doc
            # single runs are noisy (the first also pays for first-touch page faults): best of 3 under
            # half a second, best of 2 under 10 s, one run otherwise
            if len(times) >= 3 or (len(times) >= 2 and times[0] >= 0.5) or times[0] >= 10:
                break
        print(json.dumps({"chars": len(text), "seconds": min(times), "runs": len(times), "metrics": metrics,
                          "rss_mb": max_rss_mb()}))
        return
    if mode == "family":
        name, n = argv[1], int(argv[2])
        import summarymine
        from families import FAMILIES
        from summarymine.attribution import attribute
        from summarymine.metadata import describe
        from summarymine.normalize import normalize
        from summarymine.quantities import quantities

        quiet_jieba()
        summarymine.extract("2023年全市产值达到1.5亿元，同比增长12%。")
        text = FAMILIES[name](n)
        runs, before, attribution = [], [], []
        while True:
            t0 = time.perf_counter()
            doc = summarymine.extract(text)
            runs.append(time.perf_counter() - t0)
            figures = len(doc.metrics)
            del doc
            # The stages again one by one: those before attribution, then attribution of their figures.
            t0 = time.perf_counter()
            norm = normalize(text)
            found = [q for q in quantities(text, normalized=norm) if q.is_figure]
            describe(text, norm, source=None, year=None, org=None)
            t1 = time.perf_counter()
            attribute(text, norm, found)
            before.append(t1 - t0)
            attribution.append(time.perf_counter() - t1)
            if len(runs) >= 3 or (len(runs) >= 2 and runs[0] >= 0.5) or runs[0] >= 10:
                break
        print(json.dumps({"chars": len(text), "seconds": min(runs), "before": min(before),
                          "attribution": min(attribution), "runs": len(runs), "figures": figures,
                          "rss_mb": vm_hwm_mb() or max_rss_mb()}))
        return
    raise SystemExit(f"unknown child mode {mode}")


# --------------------------------------------------------------------------- 1. throughput


def time_over(fn, docs: list[str]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    for d in docs:
        fn(d)
    return time.perf_counter() - t0


def chunked(docs: list[str], chunk_chars: int) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    size = 0
    for d in docs:
        if size >= chunk_chars:
            chunks.append([])
            size = 0
        chunks[-1].append(d)
        size += len(d)
    return chunks


def bench_throughput(sizes: list[tuple[str, int, int]]) -> None:
    header("1. Throughput: summarymine.extract vs jieba.lcut (same documents, same process, both warm)")
    import jieba

    import summarymine

    quiet_jieba()
    t0 = time.perf_counter()
    jieba.initialize()
    jieba.lcut("测试一下分词。")
    t_jieba_init = time.perf_counter() - t0
    summarymine.extract("2023年全市产值达到1.5亿元，同比增长12%。")  # normally already warm from the preflight
    print(f"warm-up: global jieba init {t_jieba_init:.2f} s; extract warmed in the preflight")
    files = source_files()
    print(f"sources: {len(files)} files ({REPO / 'corpus'}, {SHARED / 'realdocs'})")
    rows = []
    for label, target, repeats in sizes:
        docs = build_docs(target)
        chars = sum(map(len, docs))
        ex_times, lc_times = [], []
        # Interleaved in chunks of ~0.5 MB (extract chunk i, then lcut chunk i, ...) so that a burst of
        # load from other users of the machine hits both alike; each repeat sums its chunks.
        chunks = chunked(docs, 500_000)
        for _ in range(repeats):
            ex = lc = 0.0
            for chunk in chunks:
                ex += time_over(summarymine.extract, chunk)
                lc += time_over(jieba.lcut, chunk)
            ex_times.append(ex)
            lc_times.append(lc)
        if repeats >= 3:
            ex, lc, how = min(ex_times), min(lc_times), f"best of {repeats}"
        else:
            ex, lc = statistics.median(ex_times), statistics.median(lc_times)
            how = f"{repeats} run" + "s" * (repeats > 1)
        r = (chars / ex) / (chars / lc)
        print(f"{label}: {len(docs)} documents, {chars:,} chars, {len(chunks)} interleaved chunks; {how}")
        print(f"   extract runs: {', '.join(f'{t:.2f}' for t in ex_times)} s;  "
              f"lcut runs: {', '.join(f'{t:.2f}' for t in lc_times)} s")
        rows.append([label, f"{chars:,}", how, fmt_s(ex), fmt_rate(chars / ex), fmt_s(lc), fmt_rate(chars / lc),
                     fmt_ratio(r)])
        summarize(f"throughput {label} (extract/lcut)", fmt_rate(chars / ex), fmt_rate(chars / lc), fmt_ratio(r),
                  "≥ 1.00×", "PASS" if r >= 1.0 else "FAIL")
    print()
    table(rows, ["set", "chars", "timing", "extract", "extract rate", "lcut", "lcut rate", "ratio extract/lcut"])


# --------------------------------------------------------------------------- 2. cold start


def bench_cold(repeats: int) -> None:
    header(f"2. Cold start in fresh processes (median of {repeats}, after one discarded warm-up run each)")
    sample = source_files()[0]
    commands = {
        "jieba baseline": [PY, "-c", "import jieba; jieba.lcut('测试')"],
        "import summarymine": [PY, "-c", "import summarymine"],
        "CLI extract --format json": [*cli_cmd(), "extract", str(sample), "--format", "json"],
    }
    print(f"CLI: {' '.join(commands['CLI extract --format json'][:1])} extract {sample.name} --format json")
    runs: dict[str, list[float]] = {k: [] for k in commands}
    failures: dict[str, str] = {}
    for rep in range(repeats + 1):
        for name, cmd in commands.items():
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            dt = time.perf_counter() - t0
            if proc.returncode != 0:
                failures[name] = f"exit {proc.returncode}: {short_err(proc.stderr)}"
            if rep > 0:  # first round fills OS caches and jieba's cache file
                runs[name].append(dt)
    base = statistics.median(runs["jieba baseline"])
    rows = []
    for name, ts in runs.items():
        med = statistics.median(ts)
        rows.append([name, fmt_s(med), fmt_s(min(ts)), ", ".join(f"{t:.2f}" for t in ts), fmt_ratio(med / base),
                     failures.get(name, "ok")])
    table(rows, ["command", "median", "min", "runs (s)", "vs jieba baseline", "status"])
    cli = statistics.median(runs["CLI extract --format json"])
    imp = statistics.median(runs["import summarymine"])
    if "CLI extract --format json" in failures:
        summarize("cold start: CLI extract 1 file", "error", fmt_s(base), "—", "≤ 2 s",
                  "FAIL (" + failures["CLI extract --format json"] + ")")
    else:
        summarize("cold start: CLI extract 1 file", fmt_s(cli), fmt_s(base), fmt_ratio(cli / base), "≤ 2 s",
                  "PASS" if cli <= 2.0 else "FAIL")
    summarize("cold start: import summarymine", fmt_s(imp), fmt_s(base), fmt_ratio(imp / base), "(info)", "info")


# --------------------------------------------------------------------------- 3. peak RSS


def bench_rss(target: int, label: str) -> None:
    header(f"3. Peak RSS (ru_maxrss) of a fresh process over the {label} set")
    results = {}
    for mode in ("rss-text", "rss-lcut", "rss-extract"):
        res, err = run_child([mode, str(target)], timeout=1800)
        results[mode] = (res, err)
    rows = []
    names = {"rss-text": "documents loaded only (floor)", "rss-lcut": "jieba.lcut over all (baseline)",
             "rss-extract": "summarymine.extract over all"}
    base = results["rss-lcut"][0]["rss_mb"] if results["rss-lcut"][0] else None
    for mode, (res, err) in results.items():
        if res is None:
            rows.append([names[mode], "—", "—", "—", "—", "—", err])
            continue
        hwm = f"{res['hwm_mb']:.0f} MB" if res.get("hwm_mb") else "—"
        rows.append([names[mode], f"{res['rss_mb']:.0f} MB", hwm, f"{res['rss_at_start_mb']:.0f} MB",
                     f"{res['chars']:,}", fmt_s(res["seconds"]) if mode != "rss-text" else "—",
                     fmt_ratio(ratio(res["rss_mb"], base))])
    table(rows, ["process", "peak RSS (ru_maxrss)", "VmHWM", "ru_maxrss at start", "chars", "time", "vs lcut"])
    print("(extract results are discarded per document, as the CLI streams them; rss-text = interpreter + texts)")
    ex = results["rss-extract"][0]
    if ex:
        summarize(f"peak RSS extract {label}", f"{ex['rss_mb']:.0f} MB", f"{base:.0f} MB" if base else "—",
                  fmt_ratio(ratio(ex["rss_mb"], base)), "≤ 400 MB", "PASS" if ex["rss_mb"] <= 400 else "FAIL")
    else:
        summarize(f"peak RSS extract {label}", results["rss-extract"][1], "—", "—", "≤ 400 MB", "FAIL")


# --------------------------------------------------------------------------- 4. hostile input

HOSTILE_KINDS = {
    "digits": "(a) one line of digits",
    "wan": "(b) 萬 repeated",
    "paren": "(c) nested （（…123.5万元…））",
    "square": "(c) nested [[…123.5万元…]]",
    "yi": "(d) run of 一",
    "comma": "(e) '1,' repeated",
}


def bench_hostile(quick: bool) -> None:
    s = 50_000 if quick else MB
    cases: list[tuple[str, int, str]] = [  # (kind, S, note); each is run at S and 2S
        ("digits", s, ""), ("wan", s, ""), ("paren", s // 2, "levels"), ("square", s // 2, "levels"),
        ("yi", s, ""), ("comma", s, ""),
    ]
    issue = [("digits", 5 * MB, "issue: 5 MB digits"), ("wan", MB, "issue: 1 MB 萬"),
             ("paren", 100_000, "issue: 100,000 levels"), ("square", 100_000, "issue: 100,000 levels")]
    if quick:  # the issue's sizes only in a full run
        issue = []
    for k, n, note in issue:
        if (k, n) in {(c[0], c[1]) for c in cases}:
            cases = [(ck, cn, note if (ck, cn) == (k, n) else cnote) for ck, cn, cnote in cases]
        else:
            cases.append((k, n, note))
    header(f"4. Hostile input: t(S) and t(2S) in fresh subprocesses (timeout {HOSTILE_TIMEOUT:.0f} s each; "
           "ratio ≈ 2 means linear)")
    if quick:
        print("(--quick: S = 50,000; the issue's exact sizes run only without --quick)")
    print("brackets: S = nesting levels (text is 2·S + 7 characters); others: S = characters")
    rows = []
    for kind, n, note in cases:
        res1, err1 = run_child(["hostile", kind, str(n)], HOSTILE_TIMEOUT)
        if res1 is None:
            res2, err2 = None, "skipped (S failed)"
        else:
            res2, err2 = run_child(["hostile", kind, str(2 * n)], HOSTILE_TIMEOUT)
        t1 = res1["seconds"] if res1 else None
        t2 = res2["seconds"] if res2 else None
        r = ratio(t2, t1)
        chars = f"{res1['chars']:,}" if res1 else f"{len(hostile_text(kind, n)):,}"
        if res1 is None or res2 is None:
            verdict = "FAIL (" + (err1 or err2) + ")"
        elif r is not None and r <= 3.0:
            verdict = "linear"
        elif t2 is not None and t2 < 0.05:
            verdict = "too fast to tell"
        else:
            verdict = "SUPERLINEAR"
        metrics = "—" if not res1 else str(res1["metrics"])
        rss = "—" if not res2 else f"{res2['rss_mb']:.0f} MB"
        rows.append([HOSTILE_KINDS[kind], f"{n:,}", chars, note, fmt_s(t1) if res1 else err1,
                     fmt_s(t2) if res2 else err2, fmt_ratio(r), metrics, rss, verdict])
        print(f"  done: {kind} S={n:,}: {fmt_s(t1) if res1 else err1} / {fmt_s(t2) if res2 else err2}", flush=True)
        summarize(f"hostile {kind} S={n:,}" + (f" ({note})" if note else ""),
                  fmt_s(t2) + " @2S" if res2 else (err2 or err1), fmt_s(t1) + " @S" if res1 else "—", fmt_ratio(r),
                  "≈ 2× (≤ 3×)",
                  "PASS" if verdict in ("linear", "too fast to tell") else "FAIL")
    print()
    table(rows, ["input", "S", "chars at S", "note", "t(S)", "t(2S)", "t(2S)/t(S)", "metrics@S", "RSS@2S", "verdict"])
    print("(times: best of 3 under 0.5 s, best of 2 under 10 s, else one run; RSS = ru_maxrss of the 2S process)")
    heavy = [f"{r[0]} S={r[1]}: {r[8]}" for r in rows if r[8].endswith(" MB") and float(r[8].split()[0]) > 400]
    if heavy:
        print("peak RSS over 400 MB on hostile input: " + "; ".join(heavy))


# --------------------------------------------------------------------------- 6. hostile families


def bench_families(size: int, timeout: float) -> None:
    from families import FAMILIES

    header(f"6. Hostile families at 1×, 2×, 4× of {size:,} characters, each in a fresh process "
           f"(timeout {timeout:.0f} s; linear: ≤ 2.3× per doubling)")
    print("extract: best of up to 3 runs. Then the stages alone: before attribution (normalize, quantities,")
    print("metadata), and attribution of their figures (its share of extract). RSS: VmHWM of the process")
    rows = []
    for name in FAMILIES:
        previous: dict | None = None
        worst = 0.0
        failed = ""
        for scale in (1, 2, 4):
            res, err = run_child(["family", name, str(size * scale)], timeout) if not failed else (None, "skipped")
            if res is None:
                failed = failed or err
                rows.append([name, f"{scale}×", f"{size * scale:,}", err, "—", "—", "—", "—", "—", "—"])
                continue
            if previous is None:
                ratios = ["—", "—", "—"]
            else:
                r = ratio(res["seconds"], previous["seconds"])
                worst = max(worst, r or 0)
                ratios = [fmt_ratio(r), fmt_ratio(ratio(res["before"], previous["before"])),
                          fmt_ratio(ratio(res["attribution"], previous["attribution"]))]
            rows.append([name, f"{scale}×", f"{res['chars']:,}", fmt_s(res["seconds"]), ratios[0],
                         fmt_s(res["before"]), ratios[1],
                         f"{fmt_s(res['attribution'])} ({min(res['attribution'] / res['seconds'], 1):.0%})",
                         ratios[2], str(res["figures"]), f"{res['rss_mb']:.0f} MB"])
            previous = res
            print(f"  done: {name} {scale}× {fmt_s(res['seconds'])}", flush=True)
        verdict = f"FAIL ({failed})" if failed else ("PASS" if worst <= 2.3 else "FAIL")
        summarize(f"family {name} ({size:,} ×1/2/4)", failed or f"worst ×{worst:.2f}/doubling", "same family at half",
                  f"{worst:.2f}×" if not failed else "—", "≤ 2.3× per doubling", verdict)
    print()
    table(rows, ["family", "size", "chars", "extract", "×/doubling", "before attribution", "×/doubling",
                 "attribution (share)", "×/doubling", "figures", "peak RSS"])


# --------------------------------------------------------------------------- 5. many files


def bench_many(singles: int) -> None:
    files = source_files()
    header(f"5. Many files: one CLI process over {len(files)} files vs single-file runs of {singles} of them")
    cmd = [*cli_cmd(), "extract", *map(str, files), "--format", "jsonl"]
    subprocess.run(cmd[:3] + [str(files[0]), "--format", "jsonl"], capture_output=True)  # warm OS caches
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    t_many = time.perf_counter() - t0
    lines = sum(1 for line in proc.stdout.splitlines() if line.strip())
    status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}: {short_err(proc.stderr)}"
    # pick files spread over the list (small and large ones)
    step = max(1, len(files) // singles)
    chosen = files[::step][:singles]
    single_times = []
    for f in chosen:
        t0 = time.perf_counter()
        subprocess.run([*cli_cmd(), "extract", str(f), "--format", "jsonl"], capture_output=True)
        single_times.append(time.perf_counter() - t0)
    chars_all = sum(len(read_doc(f)) for f in files)
    chars_chosen = sum(len(read_doc(f)) for f in chosen)
    per_single = statistics.mean(single_times)
    rows = [
        [f"one process, {len(files)} files", f"{chars_all:,}", fmt_s(t_many), fmt_s(t_many / len(files)),
         f"{lines} lines, {status}"],
        [f"{len(chosen)} single-file processes (sum)", f"{chars_chosen:,}", fmt_s(sum(single_times)), fmt_s(per_single),
         ", ".join(f"{f.name[:18]}:{t:.2f}" for f, t in zip(chosen, single_times))],
        [f"est. {len(files)} single-file processes", f"{chars_all:,}", fmt_s(per_single * len(files)),
         fmt_s(per_single), "mean × files"],
    ]
    table(rows, ["run", "chars", "total", "per file", "notes"])
    summarize(f"many files: 1 process × {len(files)} files", fmt_s(t_many) if status == "ok" else status,
              fmt_s(per_single * len(files)) + " est.", fmt_ratio(ratio(per_single * len(files), t_many)) + " faster",
              "(info)", "info" if status == "ok" else "FAIL")
    bench_jobs(3 if singles < 5 else 5)


def bench_jobs(repeats: int) -> None:
    """``extract --jobs 2`` against ``--jobs 1`` over the archive and the real documents, the runs interleaved so
    that a busy spell of the machine falls on both; the medians, and each run, since a taken core shows there."""
    files = sorted((SHARED / "archive" / "hebei").glob("*.txt")) + sorted((SHARED / "realdocs").glob("*.txt"))
    if not files:
        print(f"\nno files in {SHARED / 'archive' / 'hebei'} or {SHARED / 'realdocs'}: --jobs not measured")
        return
    print(f"\nextract --jobs 1 vs --jobs 2 over {len(files)} files (archive/hebei + realdocs), --format jsonl, "
          f"median of {repeats} (after one discarded round); load avg {os.getloadavg()[0]:.2f}")
    runs: dict[int, list[float]] = {1: [], 2: []}
    outputs: dict[int, str] = {}
    for rep in range(repeats + 1):
        for jobs in (1, 2):
            t0 = time.perf_counter()
            proc = subprocess.run([*cli_cmd(), "extract", *map(str, files), "--format", "jsonl", "--jobs", str(jobs)],
                                  capture_output=True, text=True)
            if rep:
                runs[jobs].append(time.perf_counter() - t0)
            outputs[jobs] = proc.stdout if proc.returncode == 0 else f"exit {proc.returncode}: {short_err(proc.stderr)}"
    one, two = statistics.median(runs[1]), statistics.median(runs[2])
    same = outputs[1] == outputs[2]
    table([[f"--jobs {jobs}", fmt_s(statistics.median(ts)), ", ".join(f"{t:.2f}" for t in ts)] for jobs, ts in runs.items()],
          ["run", "median", "runs (s)"])
    summarize(f"extract --jobs 2 over {len(files)} files", fmt_s(two), fmt_s(one) + " (--jobs 1)",
              fmt_ratio(one / two) + " faster", "≥ 1.80×",
              ("PASS" if one / two >= 1.8 else "FAIL") if same else "FAIL (outputs differ)")


# --------------------------------------------------------------------------- profile


def bench_profile(target: int, label: str) -> None:
    import cProfile
    import io
    import pstats

    import summarymine

    quiet_jieba()
    summarymine.extract("2023年全市产值达到1.5亿元，同比增长12%。")
    docs = build_docs(target)
    header(f"Profile: summarymine.extract over the {label} set ({sum(map(len, docs)):,} chars), "
           "top 15 by cumulative time")
    prof = cProfile.Profile()
    prof.enable()
    for d in docs:
        summarymine.extract(d)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).strip_dirs().sort_stats("cumulative").print_stats(15)
    print(out.getvalue().strip())
    out = io.StringIO()
    pstats.Stats(prof, stream=out).strip_dirs().sort_stats("tottime").print_stats(10)
    print("\n-- top 10 by own (tottime) --")
    print(out.getvalue().strip().split("\n", 4)[-1] if out.getvalue() else "")


# --------------------------------------------------------------------------- main


def preflight() -> bool:
    """extract and the CLI must work on one document, or no figure below would mean anything."""
    import summarymine

    quiet_jieba()
    sample = source_files()[0]
    try:
        t0 = time.perf_counter()
        summarymine.extract(read_doc(sample))
        first = time.perf_counter() - t0
    except Exception as exc:  # noqa: BLE001 - reported, then the bench stops
        print(f"PREFLIGHT FAILED: summarymine.extract({sample.name}) raised {type(exc).__name__}: {exc}")
        return False
    proc = subprocess.run([*cli_cmd(), "extract", str(sample), "--format", "json"], capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"PREFLIGHT FAILED: summarymine extract {sample.name}: exit {proc.returncode}: "
              f"{short_err(proc.stderr, 200)}")
        return False
    print(f"preflight ok: extract() and the CLI both read {sample.name}; first in-process extract "
          f"(private jieba tokenizer, lexicons, tables) {first:.2f} s")
    return True



def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--_child":
        child(sys.argv[2:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, a smoke run (< 1 minute)")
    ap.add_argument("--profile", action="store_true", help="also cProfile one extract run over the 1 MB set")
    ap.add_argument("--only", default="1,2,3,4,5,6", help="comma-separated sections to run, by number or name (default: all)")
    ap.add_argument("--family-size", type=int, help="characters of the 1× size in section 6 (default: 1,000,000; "
                                                   "--quick: 100,000)")
    ap.add_argument("--family-timeout", type=float, default=600, help="seconds for one run of section 6")
    args = ap.parse_args()
    names = {"throughput": "1", "cold": "2", "rss": "3", "hostile": "4", "many": "5", "families": "6"}
    only = {names.get(s.strip(), s.strip()) for s in args.only.split(",") if s.strip()}
    quick = args.quick
    small, small_label = (200_000, "0.2 MB") if quick else (MB, "1 MB")
    big, big_label = (300_000, "0.3 MB") if quick else (10 * MB, "10 MB")
    started = time.perf_counter()
    import platform

    import summarymine

    print(f"summarymine {summarymine.__version__} bench — {'QUICK' if quick else 'FULL'} run, "
          f"{time.strftime('%Y-%m-%d %H:%M:%S')}")
    print(f"python {platform.python_version()} ({PY}); {platform.platform()}; {os.cpu_count()} CPUs; "
          f"load avg {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"repo {REPO}; shared {SHARED}; 1 MB = 1,000,000 characters")
    if not preflight():
        return 2
    if "1" in only:
        bench_throughput([(small_label, small, 3), (big_label, big, 1)])
    if "2" in only:
        bench_cold(3 if quick else 5)
    if "3" in only:
        bench_rss(big, big_label)
    if "4" in only:
        bench_hostile(quick)
    if "5" in only:
        bench_many(2 if quick else 5)
    if "6" in only:
        bench_families(args.family_size or (100_000 if quick else MB), args.family_timeout)
    if args.profile:
        bench_profile(small, small_label)
    header("Summary (ratios are against baselines measured in this same run)")
    table(SUMMARY, ["figure", "value", "baseline", "ratio", "target", "verdict"])
    fails = [r for r in SUMMARY if r[-1].startswith("FAIL")]
    print(f"\n{len(fails)} of {sum(1 for r in SUMMARY if r[-1] != 'info')} targets missed; "
          f"total bench time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
