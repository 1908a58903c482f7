#!/usr/bin/env bash
# Issue 18: the full-size fit (120 x 60 x 16 coupon, 376,431 DOF; the bundled model's
# parameters, Benchmarks/RESULTS.md "The fit at full size") with and without
# [fit] factor_reuse = true, interleaved, plus one forward solve: each fit's wall time in
# forward solves, its factorizations and CG iterations, and the estimates' difference in
# standard errors (issue 18: at most 2.5 forward solves, estimates to 1e-6 SE).
#
#   Benchmarks/perf/fit_reuse.sh [PAIRS] [SIZE]     # after swift build -c release
#
# SIZE "nx,ny,perPly" (default 120,60,4; 40,20,2 for a quick look). FEINVERT, WORK may be set.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pairs="${1:-1}"; size="${2:-120,60,4}"
IFS=, read -r nx ny pp <<<"$size"
fe="${FEINVERT:-$root/.build/release/feinvert}"
work="${WORK:-/tmp/feinvert-fit-reuse-$nx-$ny-$pp}"
mkdir -p "$work"
if [ ! -f "$work/bigdata.csv" ]; then
  "$fe" mesh --layup "[45/-45]s" --ply-thickness 0.125 --length 20 --width 10 --elements hex8 \
    --nx "$nx" --ny "$ny" --per-ply "$pp" -o "$work/bigfit.msh" > /dev/null
  cp "$root/Meshes/coupon.toml" "$work/bigfit.toml"
  "$fe" synth --mesh "$work/bigfit.msh" --model "$work/bigfit.toml" -o "$work/bigdata.csv" --noise 0.00002 --seed 1 \
    --rigid-body "0.002,0,-0.001,0.0002" > /dev/null
fi
/usr/bin/python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
lines = open(f"{work}/bigfit.toml").read().splitlines()
out = []
for line in lines:
    out.append(line)
    if line.strip() == "[fit]":
        out.append("factor_reuse = true")
open(f"{work}/bigfit-reuse.toml", "w").write("\n".join(out) + "\n")
PY
cp "$work/bigfit.toml" "$work/bigfit-direct.toml"
/usr/bin/time -f "%e %M" -o "$work/solve.time" "$fe" solve --mesh "$work/bigfit.msh" --model "$work/bigfit.toml" \
  --out "$work/solveout" > "$work/solve.log"
read -r solve_wall _ < "$work/solve.time"
echo "forward solve: wall ${solve_wall} s :: $(grep '^solve:' "$work/solve.log" || true)"
order=()
for ((i = 0; i < pairs; i++)); do
  if ((i % 2 == 0)); then order+=(direct reuse); else order+=(reuse direct); fi
done
for which in "${order[@]}"; do
  /usr/bin/time -f "%e %M" -o "$work/fit.time" "$fe" fit --mesh "$work/bigfit.msh" --model "$work/bigfit-$which.toml" \
    --fringes "$work/bigdata.csv" --report "$work/fit-$which.json" --out "$work/out-$which" > "$work/fit-$which.log" 2>&1 || true
  read -r wall rss < "$work/fit.time"
  echo "$which: wall $wall s = $(/usr/bin/python3 -c "print(round($wall / $solve_wall, 2))") forward solves, peak RSS $((rss / 1024)) MB; $(grep -m1 'factor reuse' "$work/fit-$which.log" || true)"
done
/usr/bin/python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
a = json.load(open(f"{work}/fit-direct.json")); b = json.load(open(f"{work}/fit-reuse.json"))
for key in ("iterations", "factorizations", "cg_iterations"):
    print(f"{key}: direct {a.get(key)}, reuse {b.get(key)}")
for p, q in zip(a["parameters"], b["parameters"]):
    se = p.get("std_error") or 0
    d = abs(p["estimate"] - q["estimate"])
    print(f"{p['name']}: {p['estimate']} vs {q['estimate']}; difference {d / se if se else float('nan'):.2e} standard errors")
PY
