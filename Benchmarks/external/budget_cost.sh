#!/usr/bin/env bash
# The discretization budget's cost (issue 14): per coupon, the forward solve (median of three),
# the fit without the budget ([fit] discretization = "off") and the fit with it ("check", the
# default), wall clock and peak RSS of each command, and the budget's own time from fit.json.
#
#   Benchmarks/external/budget_cost.sh FEINVERT [SIZES]
#
# SIZES: any of demo, mid (60 x 30 x 8 hex8, 51k DOF), full (120 x 60 x 16 hex8, 376k DOF);
# default "demo mid full". Run on a quiet machine (no build running). Prints one line per
# coupon and leaves the work in ${BENCH_WORK:-/tmp/feinvert-budget}.
set -euo pipefail
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; sizes="${2:-demo mid full}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="${BENCH_WORK:-/tmp/feinvert-budget}"
mkdir -p "$work"
median() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
for size in $sizes; do
  d="$work/$size"; rm -rf "$d"; mkdir -p "$d"; cd "$d"
  if [ "$size" = demo ]; then
    cp "$repo/Meshes/coupon.msh" c.msh; cp "$repo/Meshes/coupon.toml" c.toml; cp "$repo/Meshes/coupon_data.csv" d.csv
  else
    if [ "$size" = mid ]; then grid=(--nx 60 --ny 30 --per-ply 2); else grid=(--nx 120 --ny 60 --per-ply 4); fi
    "$bin" mesh --layup "[45/-45]s" --ply-thickness 0.125 --length 20 --width 10 --elements hex8 "${grid[@]}" -o c.msh > /dev/null
    cp "$repo/Meshes/coupon.toml" c.toml
    "$bin" synth --mesh c.msh -o d.csv --noise 0.00002 --seed 1 --rigid-body "0.002,0,-0.001,0.0002" > /dev/null
  fi
  grep -v '^discretization' c.toml > off.toml; sed -i 's/^\[fit\]$/[fit]\ndiscretization = "off"/' off.toml
  solves=()
  for i in 1 2 3; do
    /usr/bin/time -f "%e %M" -o t "$bin" solve --mesh c.msh --model c.toml --out s > /dev/null; read -r wall rss < t; solves+=("$wall")
  done
  solve_rss=$rss
  /usr/bin/time -f "%e %M" -o t "$bin" fit --mesh c.msh --model off.toml --fringes d.csv --report off.json > /dev/null || true
  read -r fit_off fit_off_rss < t
  /usr/bin/time -f "%e %M" -o t "$bin" fit --mesh c.msh --model c.toml --fringes d.csv --report check.json > check.log || true
  read -r fit_check fit_check_rss < t
  budget=$(python3 -c 'import json; b=json.load(open("check.json"))["discretization"]; print(b.get("seconds","nan"), b.get("refined_dof","-"), b.get("cg_iterations","-"), b.get("skipped",""))')
  echo "$size: solve median $(median "${solves[@]}") s (runs ${solves[*]}, rss ${solve_rss} KB); fit off ${fit_off} s (${fit_off_rss} KB); fit check ${fit_check} s (${fit_check_rss} KB); budget seconds/refined DOF/iterations: ${budget}"
done
