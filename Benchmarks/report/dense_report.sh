#!/usr/bin/env bash
# The HTML report of the 629,851-point dense moire fit (Benchmarks/RESULTS.md, "The fit with
# a dense moire field"): its size, the time to write it, and the time headless chromium takes
# from navigation to the last figure drawn (document.body.dataset.rendered == "done"),
# three runs. Issue 17's target: opens and renders within 5 s.
#
#   Benchmarks/report/dense_report.sh            # from the repository root, after `swift build -c release`
#
# BIN (default .build/release/feinvert) and OUT (default .build/dense-report) may be set.
# The data set and the fit are made once and reused (delete OUT to remake them).
set -euo pipefail
BIN=${BIN:-.build/release/feinvert}
OUT=${OUT:-.build/dense-report}
mkdir -p "$OUT"
if [ ! -f "$OUT/big.json" ]; then
  "$BIN" synth --mesh Meshes/coupon.msh --noise 2e-5 --spacing 0.004 -o "$OUT/big.csv"
  "$BIN" fit --mesh Meshes/coupon.msh --fringes "$OUT/big.csv" --report "$OUT/big.json" --out "$OUT/big" > "$OUT/fit.log" || true
fi
echo "residual rows: $(($(wc -l < "$OUT/big/residuals.csv") - 1))"
start=$(date +%s.%N)
"$BIN" report --fit "$OUT/big.json" --residuals "$OUT/big/residuals.csv" --frequency 2400 -o "$OUT/big.html"
end=$(date +%s.%N)
echo "report written in $(python3 -c "print(round($end - $start, 2))") s; size $(stat -c %s "$OUT/big.html") bytes"
for run in 1 2 3; do
  python3 scripts/browser_check.py "$OUT/big.html" --fit "$OUT/big.json" --timeout 120 \
    $([ "$run" = 1 ] && echo "--screenshot $OUT/big.png --clip-height 2000")
done
