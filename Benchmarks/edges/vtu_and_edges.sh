#!/usr/bin/env bash
# Issue 16's measured figures: solution.vtu's size and writing time, binary (the default,
# zlib when smaller) against --ascii-vtu, and the cost of `stresses` with the free edges,
# on a hex20 [45/-45]s coupon of 28 913 nodes (28 x 28 x 8 elements) (the issue's "8 MB for 29k nodes") and on
# the open-hole plate of Validation/open_hole.
#
#   Benchmarks/edges/vtu_and_edges.sh [RUNS] BINARY
#
# Prints "case format bytes seconds" per run for solve (the whole command: the solve is the
# same in both, so the difference is the writer), then "stresses seconds" per run.
set -euo pipefail
runs=3
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then runs=$1; shift; fi
[[ $# -eq 1 ]] || { echo "usage: $0 [RUNS] BINARY" >&2; exit 2; }
bin=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" mesh --layup "[45/-45]s" --ply-thickness 0.125 --length 20 --width 10 --elements hex20 --nx 28 --ny 28 \
  --per-ply 2 -o "$work/coupon.msh" >/dev/null
now() { date +%s.%N; }
for r in $(seq "$runs"); do
  for format in binary ascii; do
    flag=""; [[ $format == ascii ]] && flag="--ascii-vtu"
    rm -rf "$work/out"
    t0=$(now); "$bin" solve --mesh "$work/coupon.msh" --out "$work/out" $flag >/dev/null; t1=$(now)
    echo "coupon $format $(stat -c %s "$work/out/solution.vtu") $(echo "$t1 - $t0" | bc)"
  done
  rm -rf "$work/edge"
  t0=$(now)
  "$bin" stresses --mesh "$here/Validation/open_hole/open_hole_hex20.msh" --model "$here/Validation/open_hole/open_hole.toml" \
    --out "$work/edge" >/dev/null
  t1=$(now)
  echo "stresses open_hole_hex20 $(echo "$t1 - $t0" | bc)"
done
