#!/usr/bin/env bash
# Issue 16's measured figures: solution.vtu's size and writing time, binary (the default,
# zlib when smaller) against --ascii-vtu, and the cost of `stresses` with the free edges,
# on a hex20 [45/-45]s coupon of 28 913 nodes (28 x 28 x 8 elements) (the issue's "8 MB for 29k nodes") and on
# the open-hole plate of Validation/open_hole.
#
#   Benchmarks/edges/vtu_and_edges.sh [RUNS] BINARY
#
# NX, NY and PER_PLY (default 28, 28, 2) size the coupon: `NX=4 NY=4 PER_PLY=1 ... 1 BINARY`
# checks the script itself in a second.
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
"$bin" mesh --layup "[45/-45]s" --ply-thickness 0.125 --length 20 --width 10 --elements hex20 --nx "${NX:-28}" --ny "${NY:-28}" \
  --per-ply "${PER_PLY:-2}" -o "$work/coupon.msh" >/dev/null
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
for r in $(seq "$runs"); do
  for format in binary ascii; do
    flag=""; [[ $format == ascii ]] && flag="--ascii-vtu"
    rm -rf "$work/out"
    t0=$(now); "$bin" solve --mesh "$work/coupon.msh" --out "$work/out" $flag >/dev/null; t1=$(now)
    echo "coupon $format $(stat -c %s "$work/out/solution.vtu") $(elapsed "$t0" "$t1")"
  done
  rm -rf "$work/edge"
  t0=$(now)
  "$bin" stresses --mesh "$here/Validation/open_hole/open_hole_hex20.msh" --model "$here/Validation/open_hole/open_hole.toml" \
    --out "$work/edge" >/dev/null
  t1=$(now)
  echo "stresses open_hole_hex20 $(elapsed "$t0" "$t1")"
done
