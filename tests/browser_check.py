"""Headless Chromium driven over the DevTools protocol, for the report's browser test and for screenshots.

Debian's ``chromium`` is started with ``--remote-debugging-pipe``: the protocol's JSON messages go over two
pipes (the browser reads fd 3 and writes fd 4, each message ending in a NUL byte), so no driver, no websocket
library and no port are needed, and nothing is downloaded. The browser gets a fresh profile in a temporary
folder and flags that stop its own background traffic (updates, sync, QUIC).

As a script it builds a report and takes screenshots of it::

    python tests/browser_check.py OUT_PREFIX FILE...   # writes OUT_PREFIX-top.png, -doc.png, -audit.png and .html
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--disable-default-apps", "--disable-domain-reliability", "--metrics-recording-only", "--mute-audio",
    "--hide-scrollbars", "--disable-dev-shm-usage", "--remote-debugging-pipe",
]


def chromium_path() -> str | None:
    """Debian's chromium (or ``$SUMMARYMINE_CHROMIUM``), or None when it is not installed."""
    wanted = os.environ.get("SUMMARYMINE_CHROMIUM")
    if wanted:
        return wanted if Path(wanted).exists() else None
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


class CDPError(RuntimeError):
    pass


class Browser:
    """One headless Chromium with one page; ``events`` keeps every protocol event received, in order."""

    def __init__(self, width: int = 1366, height: int = 860, timeout: float = 60.0):
        binary = chromium_path()
        if binary is None:
            raise FileNotFoundError("chromium is not installed")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="summarymine-chromium-")
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()

        def child_fds() -> None:  # runs in the child: the browser's protocol fds are 3 (in) and 4 (out)
            # Move both ends above 4 first, so that the second dup2 cannot overwrite the first's source.
            a = os.dup(to_browser_r) if to_browser_r <= 4 else to_browser_r
            b = os.dup(from_browser_w) if from_browser_w <= 4 else from_browser_w
            while a <= 4:
                a = os.dup(a)
            while b <= 4:
                b = os.dup(b)
            os.dup2(a, 3)
            os.dup2(b, 4)  # dup2 leaves 3 and 4 inheritable; every other fd Python made is close-on-exec

        self.log = open(Path(self.profile) / "chromium.log", "wb")
        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.log,
            close_fds=False, preexec_fn=child_fds)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._out = os.fdopen(to_browser_w, "wb", buffering=0)
        self._in = from_browser_r
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        self.session: str | None = None
        self.width, self.height = width, height
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
            self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                     session=False)["sessionId"]
            for domain in ("Page", "Network", "Runtime", "Log"):
                self.call(f"{domain}.enable")
            self.call("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        except Exception:
            self.close()
            raise

    # ---- protocol

    def _read_message(self, deadline: float) -> dict:
        import select

        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("chromium did not answer in time")
            ready, _, _ = select.select([self._in], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                err = (Path(self.profile) / "chromium.log").read_text("utf-8", "replace")[-2000:]
                raise CDPError(f"chromium closed the protocol pipe (exit {self.process.poll()}): {err}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, *, session: bool = True) -> dict:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        self._out.write(json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30.0) -> dict:
        """The first event named ``method`` not yet seen by an earlier wait (already received or still to come)."""
        deadline = time.monotonic() + timeout
        seen = getattr(self, "_waited", set())
        self._waited = seen
        while True:
            for n, ev in enumerate(self.events):
                if ev.get("method") == method and n not in seen:
                    seen.add(n)
                    return ev
            message = self._read_message(deadline)
            if "method" in message:
                self.events.append(message)

    def pump(self, seconds: float = 0.3) -> None:
        """Collect the events that arrive in the next ``seconds``."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                message = self._read_message(deadline)
                if "method" in message:
                    self.events.append(message)
        except TimeoutError:
            pass

    # ---- page

    def open(self, url: str) -> None:
        self.call("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def eval(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise CDPError(f"{expression[:80]}: {result['exceptionDetails'].get('exception', {}).get('description')}")
        return result["result"].get("value")

    def click(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def click_selector(self, selector: str) -> None:
        """Scroll the element into the middle of the viewport and click its centre with the mouse."""
        box = self.eval(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return null;"
            " e.scrollIntoView({block: 'center'}); const r = e.getClientRects()[0];"
            " return r ? {x: r.left + r.width / 2, y: r.top + r.height / 2} : null; })()")
        if box is None:
            raise CDPError(f"nothing to click at {selector}")
        self.click(box["x"], box["y"])

    def screenshot(self, path: str | Path, *, full_page: bool = False) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.eval("({w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight})")
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": size["w"], "height": min(size["h"], 16000), "scale": 1})
        data = self.call("Page.captureScreenshot", params)["data"]
        path = Path(path)
        path.write_bytes(base64.b64decode(data))
        return path

    def events_named(self, method: str) -> list[dict]:
        return [e for e in self.events if e.get("method") == method]

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                try:
                    self._out.write(json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
                except OSError:
                    pass
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        finally:
            for f in (self._out,):
                try:
                    f.close()
                except OSError:
                    pass
            try:
                os.close(self._in)
            except OSError:
                pass
            self.log.close()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def type_text(browser: Browser, selector: str, text: str) -> None:
    """Focus the field and type ``text`` as a keyboard would (an input event per insertion)."""
    browser.eval(f"document.querySelector({json.dumps(selector)}).focus()")
    browser.call("Input.insertText", {"text": text})


def follow(browser: Browser, selector: str) -> str:
    """Click the link at ``selector`` with the mouse and wait for the page it leads to; its URL."""
    href = browser.eval(f"document.querySelector({json.dumps(selector)}).href")
    browser.click_selector(selector)
    browser.wait_for("Page.loadEventFired")
    browser.pump(0.2)
    return href


def site_tour(browser: Browser, index: Path, query: str) -> dict[str, Any]:
    """A walk through a site (``summarymine report -o DIR/``), as a reader would take it, and what each step found.

    Opens ``index.html``, types ``query`` into the search, clicks the link of the named body with the most documents,
    then the first document of that body's list, and clicks a figure there. Used by test_browser.py and by
    bench/bench_site.py (on the site of 5,000 documents)."""
    found: dict[str, Any] = {}
    start = time.monotonic()
    browser.open(index.resolve().as_uri())
    found["index_load_s"] = time.monotonic() - start
    found["index_scripts"] = browser.eval("document.scripts.length")
    type_text(browser, "#search-box", query)
    browser.pump(0.2)
    found["search"] = browser.eval("""Array.from(document.querySelectorAll('#search-results .search-group')).map(g =>
        ({group: g.querySelector('h3').textContent, shown: g.querySelectorAll('li').length,
          first: (g.querySelector('li a') || {}).href}))""")
    busiest = browser.eval("""(() => {
        const rows = Array.from(document.querySelectorAll('#bodies tbody tr'))
            .filter(r => !r.querySelector('a').href.endsWith('/unknown.html'));
        rows.sort((a, b) => Number(b.cells[1].textContent) - Number(a.cells[1].textContent));
        rows[0].querySelector('a').id = 'tour-body';
        return rows[0].cells[0].textContent; })()""")
    found["body"] = busiest
    start = time.monotonic()
    found["body_url"] = follow(browser, "#tour-body")
    found["body_load_s"] = time.monotonic() - start
    found["body_heading"] = browser.eval("document.querySelector('h1').textContent")
    found["charts"] = browser.eval("document.querySelectorAll('svg.chart').length")
    found["chart_lines"] = browser.eval("""Array.from(document.querySelectorAll('svg.chart polyline.result-line'))
        .filter(l => l.getTotalLength() > 10 && l.getBoundingClientRect().width > 10).length""")
    found["body_pages"] = browser.eval("document.querySelectorAll('nav .pager a').length") or 1
    # The documents list may be on a later page of a long body.
    if not browser.eval("!!document.querySelector('#documents tbody a')"):
        follow(browser, "nav.top a[href*='#documents']")
    start = time.monotonic()
    found["document_url"] = follow(browser, "#documents tbody a")
    found["document_load_s"] = time.monotonic() - start
    found["figures"] = browser.eval("""Array.from(document.querySelectorAll('article.doc mark.fig'))
        .filter(m => m.getClientRects().length > 0).length""")
    found["figure_ids"] = browser.eval("Array.from(document.querySelectorAll('article.doc mark.fig')).map(m => m.dataset.id)")
    browser.click_selector("article.doc mark.fig")
    found["panel"] = browser.eval("document.getElementById('panel').hidden ? null : "
                                  "document.getElementById('panel').textContent")
    found["requests"] = [e["params"]["request"]["url"] for e in browser.events_named("Network.requestWillBeSent")]
    found["errors"] = browser.events_named("Runtime.exceptionThrown")
    return found


def main(argv: list[str] | None = None) -> int:
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print(__doc__)
        return 2
    from summarymine import extract
    from summarymine.report import write_report

    prefix = Path(args[0])
    docs = [extract(Path(p).read_text(encoding="utf-8"), source=Path(p).name) for p in args[1:]]
    page = write_report(prefix.with_suffix(".html"), docs)
    with Browser() as b:
        b.open(page.resolve().as_uri())
        b.screenshot(f"{prefix}-top.png")
        b.eval("document.getElementById('audit').scrollIntoView()")
        b.screenshot(f"{prefix}-audit.png")
        b.click_selector("#doc-0 mark.fig.st-achieved")
        b.screenshot(f"{prefix}-doc.png")
        requests = [e["params"]["request"]["url"] for e in b.events_named("Network.requestWillBeSent")]
        print(f"{page}: requests {requests}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
