#!/usr/bin/env bash
# Issue 21's cost figure: `feinvert design` over N candidate set-ups on one coupon model
# (two load cases sharing the clamp: one constraint set) against N runs of one candidate
# each. The design shares one factorization and one multi-right-hand-side sensitivity solve
# per constraint set and nominal point, whatever N; the single runs pay one each.
#
#   Benchmarks/design/design_cost.sh [RUNS] BINARY
#
# Prints "all N candidates: SECONDS s, F factorizations" and "N single runs: SECONDS s, F
# factorizations" per run, on a hex8 [0/90]s coupon 20 x 8 mm, 40 x 16 elements, 2 per ply
# (about 12 000 nodes; DESIGN_NX and DESIGN_NY change the element counts, for a smoke test).
set -euo pipefail
runs=3
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then runs=$1; shift; fi
[[ $# -eq 1 ]] || { echo "usage: $0 [RUNS] BINARY" >&2; exit 2; }
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" mesh --layup "[0/90]s" --ply-thickness 0.25 --length 20 --width 8 --elements hex8 --nx "${DESIGN_NX:-40}" --ny "${DESIGN_NY:-16}" \
  --per-ply 2 -o "$work/coupon.msh" >/dev/null
# The generated model without its prescribed extension and single observation, plus two cases.
/usr/bin/python3 - "$work/coupon.toml" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('[[boundary]]            # prescribed extension\ngroup = "end_xL"\nux = 0.004\n', '')
s = s.replace('[observation]\ngroup = "edge_yplus"\ncomponents = ["ux", "uz"]\nrigid_body = "fit"\n', '')
s += '''
[[observation]]
name = "edge"
group = "edge_yplus"
components = ["ux", "uz"]
rigid_body = "fit"
[[observation]]
name = "top"
group = "top"
components = ["ux", "uy", "uz"]
rigid_body = "fit"
[[load_case]]
name = "tension"
[[load_case.load]]
group = "end_xL"
force = [400.0, 0.0, 0.0]
[[load_case]]
name = "bending"
[[load_case.load]]
group = "end_xL"
force = [0.0, 0.0, 4.0]
[fit.parameters]
"IM7_8552.E1"   = { initial = 161000.0, bounds = [50000.0, 300000.0] }
"IM7_8552.E2"   = { initial = 11380.0,  bounds = [3000.0, 30000.0] }
"IM7_8552.nu12" = { initial = 0.32,     bounds = [0.05, 0.49] }
"IM7_8552.G12"  = { initial = 5170.0,   bounds = [1000.0, 15000.0] }
'''
open(p, 'w').write(s)
PY
candidate() {  # name data_set spacing
  printf '[[candidate]]\nname = "%s"\nmesh = "coupon.msh"\ndata_sets = ["%s"]\nspacing = %s\nsigma = 2e-5\n\n' "$1" "$2" "$3"
}
: > "$work/all.toml"
n=0
for set in tension/edge tension/top bending/edge bending/top; do
  for spacing in 0.1 0.2 0.4; do
    n=$((n + 1))
    candidate "c$n" "$set" "$spacing" >> "$work/all.toml"
    candidate "c$n" "$set" "$spacing" > "$work/single$n.toml"
  done
done
now() { date +%s.%N; }
factorizations() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["factorizations"])' "$1"; }
for r in $(seq "$runs"); do
  rm -rf "$work/out"
  t0=$(now); "$bin" design --candidates "$work/all.toml" --out "$work/out" --choose 2 >/dev/null; t1=$(now)
  echo "all $n candidates: $(echo "$t1 - $t0" | bc) s, $(factorizations "$work/out/design.json") factorizations"
  total=0
  t0=$(now)
  for k in $(seq "$n"); do
    rm -rf "$work/out$k"
    "$bin" design --candidates "$work/single$k.toml" --out "$work/out$k" >/dev/null
    total=$((total + $(factorizations "$work/out$k/design.json")))
  done
  t1=$(now)
  echo "$n single runs: $(echo "$t1 - $t0" | bc) s, $total factorizations"
done
