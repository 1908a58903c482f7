#!/usr/bin/env bash
# Issue 18: the dense 629,851-point moiré fit (Benchmarks/RESULTS.md, "The fit with a dense
# moiré field"): the whole fit's wall time and peak RSS, and the time to read its 56 MB CSV
# alone (package-benchmark FringeReader on the same file).
#
#   Benchmarks/perf/dense_fit.sh [RUNS]        # from the repository root, after swift build -c release
#
# BIN (default .build/release/feinvert) and OUT (default .build/dense-fit) may be set; the
# data set is made once. To compare with another binary, run with BIN=that/feinvert too.
set -euo pipefail
runs="${1:-3}"
BIN=${BIN:-.build/release/feinvert}
OUT=${OUT:-.build/dense-fit}
mkdir -p "$OUT"
[ -f "$OUT/big.csv" ] || "$BIN" synth --mesh Meshes/coupon.msh --noise 2e-5 --spacing 0.004 -o "$OUT/big.csv"
echo "data: $(($(wc -l < "$OUT/big.csv"))) lines, $(stat -c %s "$OUT/big.csv") bytes"
for ((i = 1; i <= runs; i++)); do
  /usr/bin/time -f "%e %M" -o "$OUT/fit.time" "$BIN" fit --mesh Meshes/coupon.msh --fringes "$OUT/big.csv" \
    --report "$OUT/big.json" --out "$OUT/big" > "$OUT/fit.log" 2>&1 || true
  read -r wall rss < "$OUT/fit.time"
  echo "fit run $i: wall ${wall} s, peak RSS $((rss / 1024)) MB; $(grep -m1 -E 'iterations|converged' "$OUT/fit.log" || true)"
done
echo "read time of the same file (FringeCSVReader and MeasuredDataReader, medians in the table):"
(cd Benchmarks && FEINVERT_FRINGE_FILE="$(cd .. && pwd)/$OUT/big.csv" swift package benchmark --target FringeReader \
  --filter ".*fringe CSV.*")
