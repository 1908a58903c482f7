#!/usr/bin/env bash
# Interleaved A/B of the forward solve: two feinvert binaries on the same coupon problem,
# alternating ABBA so that drift of the shared host falls on both.
#
#   Benchmarks/external/ab_forward.sh OLD NEW [PAIRS] [SIZE]
#
# SIZE as in run_all.sh (default full: 120 x 60 x 16 hex8, 376,431 DOF); PAIRS (default 3)
# pairs of runs. The problem is prepared by run_all.sh (NEW's mesh command, one warm-up solve
# by NEW). Prints, per run, the solve's own summary (phase times) and the wall clock and peak
# RSS of the whole command, then the medians and the ratio NEW/OLD of the medians.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
old="$1"; new="$2"; pairs="${3:-3}"; size="${4:-full}"
work="${BENCH_WORK:-/tmp/feinvert-ab-$size}"
BENCH_WORK="$work" FEINVERT="$new" RESULTS=/dev/null "$here/run_all.sh" "$size" feinvert > /dev/null
order=()
for ((i = 0; i < pairs; i++)); do
  if ((i % 2 == 0)); then order+=(old new); else order+=(new old); fi
done
for which in "${order[@]}"; do
  bin="$old"; [ "$which" = new ] && bin="$new"
  /usr/bin/time -f "%e %M" -o "$work/ab.time" "$bin" solve --mesh "$work/coupon.msh" --model "$work/bench.toml" \
    --out "$work/ab-out-$which" > "$work/ab.log"
  read -r wall rss < "$work/ab.time"
  total=$(grep -oE 'total [0-9.]+ s' "$work/ab.log" | grep -oE '[0-9.]+' || echo nan)
  echo "$which wall_s=$wall total_s=$total rss_kb=$rss :: $(grep '^solve:' "$work/ab.log")"
done | tee "$work/ab.txt"
python3 - "$work/ab.txt" <<'PY'
import re, statistics, sys
runs = {"old": [], "new": []}
for line in open(sys.argv[1]):
    m = re.match(r"(old|new) wall_s=([\d.]+) total_s=([\d.na]+)", line)
    if m: runs[m[1]].append((float(m[2]), float(m[3])))
for key, i in (("wall", 0), ("total", 1)):
    o = statistics.median(r[i] for r in runs["old"]); n = statistics.median(r[i] for r in runs["new"])
    print(f"median {key}: old {o:.2f} s, new {n:.2f} s, new/old {n / o:.3f}")
PY
cmp -s "$work/ab-out-old/solution.vtu" "$work/ab-out-new/solution.vtu" && echo "solution.vtu: identical" || echo "solution.vtu: differs"
