#!/usr/bin/env python3
"""make test's browser step: the demo's HTML report and an app's report, opened in
Debian's headless chromium by scripts/browser_check.py.

Runs the bundled demo (fit, stresses, report) into OUT, then `feinvert app ... --html` of
deconv, ribosome, edna, privacy, fin, gill, soil, quantal, leaf and loops on their Validation/apps data
(privacy on a short run: three noise multipliers, two seeds, 50 steps), and checks every page: no console error, no network
request, every figure drawn with the marks its data hold, the parameter table equal to
fit.json, and independent counts from fit.json (correlation n x n cells, one bar per
singular value and per vector component, three marks per attempt of the history).
Screenshots are kept in OUT (report.png, deconv.png, ...) as the test's artifacts.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(cmd):
    print("+ " + " ".join(cmd), flush=True)
    r = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode not in (0, 4):
        sys.stdout.write(r.stdout)
        raise SystemExit("report_browser_test: %s exited %d" % (cmd[1], r.returncode))
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--feinvert", default=".build/release/feinvert")
    ap.add_argument("--out", default=".build/report-test")
    args = ap.parse_args()
    out = args.out
    os.makedirs(out, exist_ok=True)
    binary = args.feinvert
    for name in ("fit.json", "report.html", "deconv.html", "deconv.json"):
        if os.path.exists(os.path.join(ROOT, out, name)):
            os.remove(os.path.join(ROOT, out, name))
    subprocess.run(["rm", "-rf", os.path.join(out, "fit"), os.path.join(out, "edge")], cwd=ROOT, check=True)
    run([binary, "fit", "--mesh", "Meshes/coupon.msh", "--fringes", "Meshes/coupon_data.csv",
         "--report", out + "/fit.json", "--out", out + "/fit"])
    run([binary, "stresses", "--mesh", "Meshes/coupon.msh", "--params", out + "/fit.json", "--out", out + "/edge"])
    run([binary, "report", "--fit", out + "/fit.json", "--residuals", out + "/fit/residuals.csv",
         "--stresses", out + "/edge", "--frequency", "100", "-o", out + "/report.html"])
    with open(os.path.join(ROOT, out, "fit.json")) as f:
        fit = json.load(f)
    n = len(fit["parameters"])
    sigma = fit.get("singular_values", [])
    vectors = fit.get("singular_vectors", [])
    history = fit.get("history", [])
    positive = lambda key: sum(1 for h in history if isinstance(h.get(key), (int, float)) and h[key] > 0)
    expect = ["correlation=%d" % (n * n), "identifiability=%d" % (len(sigma) + n * len(vectors)),
              "history=%d" % (positive("objective") + positive("step") + positive("damping"))]
    checks = [[sys.executable, os.path.join(HERE, "browser_check.py"), out + "/report.html", "--fit", out + "/fit.json",
               "--screenshot", out + "/report.png", "--min-figures", "20"] + sum([["--expect", e] for e in expect], [])]

    run([binary, "app", "deconv", "--data", "Validation/apps/deconv/notch.csv", "--report", out + "/deconv.json",
         "--html", out + "/deconv.html"])
    # 256 samples: bins 0..128 of the spectrum and the filter; four traces of 256 samples.
    checks.append([sys.executable, os.path.join(HERE, "browser_check.py"), out + "/deconv.html",
                   "--screenshot", out + "/deconv.png", "--min-figures", "2",
                   "--expect", "deconv-spectrum=258", "--expect", "deconv-estimate=1024"])
    run([binary, "app", "ribosome", "--data", "Validation/apps/ribosome/counts.csv", "--report", out + "/ribosome.json",
         "--html", out + "/ribosome.html"])
    checks.append([sys.executable, os.path.join(HERE, "browser_check.py"), out + "/ribosome.html",
                   "--screenshot", out + "/ribosome.png", "--min-figures", "2"])
    run([binary, "app", "edna", "--data", "Validation/apps/edna/edna.csv", "--report", out + "/edna.json",
         "--bootstrap", "0", "--design", "3", "--html", out + "/edna.html"])
    checks.append([sys.executable, os.path.join(HERE, "browser_check.py"), out + "/edna.html",
                   "--screenshot", out + "/edna.png", "--min-figures", "1"])
    for app, data in (("fin", "Validation/apps/fin/fins.csv"), ("gill", "Validation/apps/gill/gill.csv")):
        run([binary, "app", app, "--data", data, "--report", "%s/%s.json" % (out, app), "--html", "%s/%s.html" % (out, app)])
        checks.append([sys.executable, os.path.join(HERE, "browser_check.py"), "%s/%s.html" % (out, app),
                       "--screenshot", "%s/%s.png" % (out, app), "--min-figures", "2"])
    run([binary, "app", "soil", "--data", "Validation/apps/soil/fluxes.csv", "--stoichiometry", "Validation/apps/soil/stoich.csv",
         "--report", out + "/soil.json", "--html", out + "/soil.html"])
    checks.append([sys.executable, os.path.join(HERE, "browser_check.py"), out + "/soil.html",
                   "--screenshot", out + "/soil.png", "--min-figures", "2"])
    run([binary, "app", "quantal", "--data", "Validation/apps/quantal/trials.csv", "--report", out + "/quantal.json",
         "--html", out + "/quantal.html"])
    checks.append([sys.executable, os.path.join(HERE, "browser_check.py"), out + "/quantal.html",
                   "--screenshot", out + "/quantal.png", "--min-figures", "1"])
    # A short privacy run (the default sweep takes minutes): three noise multipliers, one point each per curve.
    run([binary, "app", "privacy", "--data", "Validation/apps/privacy/diabetes.csv", "--report", out + "/privacy.json",
         "--sigmas", "0,2,8", "--seeds", "2", "--steps", "50", "--html", out + "/privacy.html"])
    checks.append([sys.executable, os.path.join(HERE, "browser_check.py"), out + "/privacy.html",
                   "--screenshot", out + "/privacy.png", "--min-figures", "1", "--expect", "privacy-curve=9"])
    run([binary, "app", "leaf", "--data", "Validation/apps/leaf/leaf.csv", "--report", out + "/leaf.json",
         "--html", out + "/leaf.html"])
    with open(os.path.join(ROOT, out, "leaf.json")) as f:
        leaf = json.load(f)
    # Independent count from leaf.json: K_leaf, K_xylem and K_AQP at every time.
    checks.append([sys.executable, os.path.join(HERE, "browser_check.py"), out + "/leaf.html",
                   "--screenshot", out + "/leaf.png", "--min-figures", "2",
                   "--expect", "leaf-decomposition=%d" % (3 * len(leaf["times"]))])
    run([binary, "app", "loops", "--data", "Validation/apps/loops/lifetimes.csv", "--report", out + "/loops.json",
         "--html", out + "/loops.html"])
    # The likelihood curve on 201 points, the 3.841 level, the estimate and both interval ends.
    checks.append([sys.executable, os.path.join(HERE, "browser_check.py"), out + "/loops.html",
                   "--screenshot", out + "/loops.png", "--min-figures", "2", "--expect", "loops-likelihood=206"])
    failed = 0
    for cmd in checks:
        print("+ " + " ".join(cmd), flush=True)
        failed += subprocess.run(cmd, cwd=ROOT).returncode != 0
    if failed:
        raise SystemExit("report_browser_test: %d page(s) failed" % failed)
    print("report_browser_test: every page passed; screenshots in %s" % out)


if __name__ == "__main__":
    main()
