#!/usr/bin/env python3
"""Opens a feinvert HTML report in Debian's headless chromium and checks it.

Talks to the browser over the DevTools protocol on a pipe (--remote-debugging-pipe:
NUL-separated JSON on file descriptors 3 and 4), so it needs nothing beyond the
Python standard library and the `chromium` package.

Fails (exit 1) when:
  - the page logs any console error, throws an exception, or the browser logs an error
    (a Content-Security-Policy refusal of a fetch is one);
  - the page makes any network request other than loading itself (data:/blob: are not
    requests to the network and are allowed);
  - the page does not finish rendering (document.body.dataset.rendered == "done") in time;
  - a figure's element is missing or has zero size, or the number of marks plotly.js
    drew (markers, bars, heat-map cells, points of lines) differs from the number the
    page's specification holds, or a heat map has no image;
  - with --fit, a number of the parameter table differs from fit.json's (the exact
    data-value to 1e-12 relative, the shown text to its printed precision);
  - with --expect ID=N, figure ID does not have N marks (an independent count).

Prints one JSON line: load-to-rendered seconds, figures, the file size. With
--screenshot it saves a PNG (the whole page, or --clip-height pixels of its top).
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

CHROMIUM_CANDIDATES = ["chromium", "chromium-browser", "google-chrome"]


class Browser:
    def __init__(self, width=1280, height=1000):
        exe = None
        for name in CHROMIUM_CANDIDATES:
            for d in os.environ.get("PATH", "").split(os.pathsep):
                p = os.path.join(d, name)
                if os.access(p, os.X_OK):
                    exe = p
                    break
            if exe:
                break
        if exe is None:
            raise SystemExit("browser_check: no chromium on PATH; scripts/bootstrap.sh installs Debian's chromium")
        self.profile = tempfile.TemporaryDirectory(prefix="feinvert-chromium-")
        to_browser_r, self.to_browser_w = os.pipe()
        self.from_browser_r, from_browser_w = os.pipe()

        def child():
            # Through free descriptors first, so that neither dup2 overwrites the other's source.
            a, b = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [exe, "--headless=new", "--disable-gpu", "--no-sandbox", "--remote-debugging-pipe",
                "--user-data-dir=" + self.profile.name, "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--disable-default-apps", "--mute-audio",
                "--window-size=%d,%d" % (width, height), "--hide-scrollbars", "about:blank"]
        # close_fds=False: subprocess would otherwise close fds 3 and 4 after preexec_fn ran;
        # the pipes' own descriptors are close-on-exec, the dup2 copies are not.
        self.proc = subprocess.Popen(args, preexec_fn=child, close_fds=False,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def close(self):
        try:
            self.send("Browser.close", session=False, wait=False)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.profile.cleanup()

    def _read_message(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser_r, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=True, wait=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_browser_w, json.dumps(message).encode() + b"\0")
        if not wait:
            return None
        while True:
            reply = self._read_message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError("evaluate failed: %s" % result["exceptionDetails"])
        return result["result"].get("value")


MARKS_JS = r"""
(() => {
  const specs = JSON.parse(document.getElementById("feinvert-figures").textContent);
  return JSON.stringify(specs.map(f => {
    const gd = document.getElementById(f.id);
    if (!gd) { return { id: f.id, missing: true, expected: f.marks }; }
    const r = gd.getBoundingClientRect();
    const svg = gd.querySelector(".main-svg");
    const s = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    let marks = 0;
    const problems = [];
    const traces = gd._fullData || [];
    traces.forEach((t, i) => {
      const cd = gd.calcdata[i];
      if (t.visible !== true) { return; }
      if (t.type === "heatmap") {
        const z = cd[0].z;
        marks += z.length * (z.length ? z[0].length : 0);
      }
    });
    const images = gd.querySelectorAll(".hm image").length;
    const heatmaps = traces.filter(t => t.type === "heatmap").length;
    if (images < heatmaps) { problems.push("heat maps " + heatmaps + ", images " + images); }
    gd.querySelectorAll(".scatterlayer .trace").forEach(g => {
      const cd = g.__data__;
      const t = cd && cd[0] && cd[0].trace;
      if (!t) { return; }
      if (t.mode.indexOf("markers") >= 0) {
        marks += g.querySelectorAll("path.point").length;
      } else {
        const line = g.querySelector("path.js-line");
        if (!line || !line.getAttribute("d")) { problems.push("trace " + t.index + " has no line"); }
        marks += cd.filter(p => Number.isFinite(p.x) && Number.isFinite(p.y)).length;
      }
    });
    gd.querySelectorAll(".barlayer .point path").forEach(p => {
      const d = p.getAttribute("d");
      if (d && d !== "M0,0Z") { marks += 1; }
    });
    return { id: f.id, width: r.width, height: r.height, svgWidth: s.width, svgHeight: s.height,
             expected: f.marks, marks: marks, problems: problems };
  }));
})()
"""

TABLE_JS = r"""
(() => {
  const t = document.getElementById("parameters");
  if (!t) { return null; }
  return JSON.stringify(Array.from(t.querySelectorAll("tbody tr")).map(tr => ({
    key: tr.dataset.key,
    cells: Array.from(tr.querySelectorAll("td")).map(td => ({ column: td.dataset.column, text: td.textContent,
                                                              value: td.dataset.value === undefined ? null : Number(td.dataset.value) }))
  })));
})()
"""

COLUMNS = {"initial": ("initial", None), "estimate": ("estimate", None), "std error": ("std_error", None),
           "95% low": ("ci95", 0), "95% high": ("ci95", 1), "lower bound": ("bounds", 0), "upper bound": ("bounds", 1)}


def check_table(rows, fit_path, failures):
    with open(fit_path) as f:
        fit = json.load(f)
    params = {p["name"]: p for p in fit["parameters"]}
    if rows is None:
        failures.append("no parameter table (id=parameters)")
        return 0
    if sorted(r["key"] for r in rows) != sorted(params):
        failures.append("parameter table rows %s differ from fit.json's %s" % ([r["key"] for r in rows], list(params)))
    checked = 0
    for row in rows:
        p = params.get(row["key"])
        if p is None:
            continue
        for cell in row["cells"]:
            spec = COLUMNS.get(cell["column"])
            if spec is None:
                continue
            key, index = spec
            truth = p.get(key)
            if truth is not None and index is not None:
                truth = truth[index]
            if truth is None or (isinstance(truth, float) and not math.isfinite(truth)):
                if cell["text"] not in ("—", "∞", "−∞"):
                    failures.append("%s %s: fit.json has %r, table shows %r" % (row["key"], cell["column"], truth, cell["text"]))
                continue
            shown_value = cell["value"]
            if shown_value is None or abs(shown_value - truth) > 1e-12 * max(abs(truth), 1e-300):
                failures.append("%s %s: data-value %r, fit.json %r" % (row["key"], cell["column"], shown_value, truth))
            try:
                text = float(cell["text"])
            except ValueError:
                failures.append("%s %s: text %r is not a number" % (row["key"], cell["column"], cell["text"]))
                continue
            # The table prints %.6g (%.4g for the standard error): half a unit in the last digit.
            digits = 4 if cell["column"] == "std error" else 6
            exponent = math.floor(math.log10(abs(truth))) if truth != 0 else 0
            tolerance = 0.5 * 10 ** (exponent - digits + 1) * (1 + 1e-9)
            if abs(text - truth) > tolerance:
                failures.append("%s %s: shown %r, fit.json %r" % (row["key"], cell["column"], cell["text"], truth))
            checked += 1
    return checked


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("html")
    ap.add_argument("--fit", help="fit.json whose parameter table the page must show")
    ap.add_argument("--screenshot", help="PNG to write")
    ap.add_argument("--clip-height", type=int, help="screenshot only this many CSS pixels of the page's top")
    ap.add_argument("--clip-top", type=int, default=0, help="screenshot from this CSS pixel of the page down")
    ap.add_argument("--scale", type=float, default=1.0, help="screenshot scale")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--min-figures", type=int, default=1)
    ap.add_argument("--expect", action="append", default=[], help="ID=N: figure ID must hold N marks")
    args = ap.parse_args()

    path = os.path.abspath(args.html)
    url = "file://" + path
    failures = []
    browser = Browser()
    try:
        targets = browser.send("Target.getTargets", session=False)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        browser.session = browser.send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True},
                                       session=False)["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            browser.send(domain + ".enable")
        start = time.monotonic()
        browser.send("Page.navigate", {"url": url})
        rendered = None
        while time.monotonic() - start < args.timeout:
            rendered = browser.evaluate("document.body ? (document.body.dataset.rendered || null) : null")
            if rendered == "done":
                break
            time.sleep(0.05)
        seconds = time.monotonic() - start
        if rendered != "done":
            failures.append("the page did not finish rendering within %.0f s" % args.timeout)
        figures = json.loads(browser.evaluate(MARKS_JS) or "[]")
        if len(figures) < args.min_figures:
            failures.append("%d figures; expected at least %d" % (len(figures), args.min_figures))
        for f in figures:
            if f.get("missing"):
                failures.append("figure %s: no element" % f["id"])
                continue
            if not (f["width"] > 0 and f["height"] > 0 and f["svgWidth"] > 0 and f["svgHeight"] > 0):
                failures.append("figure %s: zero size (%s)" % (f["id"], f))
            if f["marks"] != f["expected"]:
                failures.append("figure %s: %d marks drawn, the specification holds %d" % (f["id"], f["marks"], f["expected"]))
            for p in f["problems"]:
                failures.append("figure %s: %s" % (f["id"], p))
        by_id = {f["id"]: f for f in figures}
        for e in args.expect:
            fid, n = e.rsplit("=", 1)
            if fid not in by_id:
                failures.append("figure %s: absent; expected %s marks" % (fid, n))
            elif by_id[fid]["marks"] != int(n):
                failures.append("figure %s: %d marks drawn; expected %s" % (fid, by_id[fid]["marks"], n))
        checked = 0
        if args.fit:
            checked = check_table(json.loads(browser.evaluate(TABLE_JS) or "null"), args.fit, failures)
        if args.screenshot:
            metrics = browser.send("Page.getLayoutMetrics")
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            top = min(args.clip_top, max(0, size["height"] - 1))
            height = size["height"] - top
            if args.clip_height:
                height = min(height, args.clip_height)
            shot = browser.send("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": top, "width": size["width"], "height": height, "scale": args.scale}})
            import base64
            with open(args.screenshot, "wb") as out:
                out.write(base64.b64decode(shot["data"]))
        # Collect what arrived while checking.
        browser.evaluate("1")
        for event in browser.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                failures.append("console error: " + text[:300])
            elif method == "Runtime.exceptionThrown":
                failures.append("exception: " + json.dumps(params.get("exceptionDetails", {}))[:300])
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                failures.append("browser error: " + params["entry"].get("text", "")[:300])
            elif method == "Network.requestWillBeSent":
                request_url = params.get("request", {}).get("url", "")
                if request_url != url and not request_url.startswith(("data:", "blob:")):
                    failures.append("network request: " + request_url[:200])
    finally:
        browser.close()
    print(json.dumps({"html": args.html, "bytes": os.path.getsize(path), "render_seconds": round(seconds, 3),
                      "figures": len(figures), "table_cells_checked": checked, "failures": len(failures)}))
    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
