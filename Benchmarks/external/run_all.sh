#!/usr/bin/env bash
# "How fast": the same coupon problem in feinvert, CalculiX, scikit-fem and FEniCSx/dolfinx.
#
#   Benchmarks/external/run_all.sh SIZE [SOLVERS]
#
# SIZE: small (24 x 12 x 4 elements, ~5k DOF), full (120 x 60 x 16, ~376k DOF) or NXxNYxPERPLY.
# SOLVERS: comma list from feinvert,ccx,skfem,dolfinx (default: all).
# Environment: FEINVERT (binary; default .build/release/feinvert, else .build-ccx/...),
#   BENCH_WORK (scratch, default /tmp/feinvert-bench-SIZE), OMP_NUM_THREADS (default nproc),
#   RESULTS (raw log, default Benchmarks/external/results-YYYY-MM-DD.txt, appended).
# Problem: [45/-45]s IM7_8552 coupon 20 x 10 x 0.5 mm, hex8; ux = 0 on end_x0, ux = 0.02 on
# end_xL, uy = uz = 0 at corner_x0_y0_z0, uz = 0 at corner_x0_yW_z0 (see common.py).
# Each solver runs under /usr/bin/time -v; the table gives its own phase times, the wall
# time and peak RSS, max |u| (all solvers should agree), and ratios to feinvert.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
size="${1:-small}"
solvers="${2:-feinvert,ccx,skfem,dolfinx}"
case "$size" in
  small) nx=24; ny=12; pp=1 ;;
  full) nx=120; ny=60; pp=4 ;;
  *x*x*) IFS=x read -r nx ny pp <<<"$size" ;;
  *) echo "usage: $0 small|full|NXxNYxPERPLY [solvers]" >&2; exit 2 ;;
esac
fe="${FEINVERT:-}"
if [ -z "$fe" ]; then
  for c in "$root/.build/release/feinvert" "$root/.build-ccx/release/feinvert"; do
    if [ -x "$c" ]; then fe="$c"; break; fi
  done
fi
[ -x "$fe" ] || { echo "feinvert binary not found; set FEINVERT=path" >&2; exit 2; }
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
work="${BENCH_WORK:-/tmp/feinvert-bench-$size}"
results="${RESULTS:-$here/results-$(date -u +%F).txt}"
rm -rf "$work"; mkdir -p "$work"
head0="$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')"
PY="${PYTHON:-python3}"          # pyenv/any python with numpy, scikit-fem, scikit-sparse, meshio-free
DPY=/usr/bin/python3             # Debian python for python3-dolfinx

"$fe" mesh --layup "[45/-45]s" --ply-thickness 0.125 --length 20 --width 10 --elements hex8 \
  --nx "$nx" --ny "$ny" --per-ply "$pp" -o "$work/coupon.msh" > "$work/mesh.log"
cat > "$work/bench.toml" <<TOML
[units]
length = "mm"
stress = "MPa"

[materials.IM7_8552]
E1 = 161000.0
E2 = 11380.0
E3 = 11380.0
G12 = 5170.0
G13 = 5170.0
G23 = 3980.0
nu12 = 0.32
nu13 = 0.32
nu23 = 0.436
TOML
for a in "1 45.0" "2 -45.0" "3 -45.0" "4 45.0"; do
  set -- $a
  printf '\n[[plies]]\ngroup = "ply%s"\nmaterial = "IM7_8552"\nangle = %s\n' "$1" "$2" >> "$work/bench.toml"
done
cat >> "$work/bench.toml" <<TOML

[[boundary]]
group = "end_x0"
ux = 0.0

[[boundary]]
group = "end_xL"
ux = 0.02

[[boundary]]
group = "corner_x0_y0_z0"
uy = 0.0
uz = 0.0

[[boundary]]
group = "corner_x0_yW_z0"
uz = 0.0
TOML

run() {  # name command...
  local name="$1"; shift
  echo "== $name: $*" >&2
  if /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.log" 2> "$work/$name.err"; then
    echo ok > "$work/$name.status"
  else
    echo "failed ($?)" > "$work/$name.status"; tail -5 "$work/$name.err" >&2 || true
  fi
}

IFS=, read -ra list <<<"$solvers"
for s in "${list[@]}"; do
  case "$s" in
    feinvert) run feinvert "$fe" solve --mesh "$work/coupon.msh" --model "$work/bench.toml" --out "$work/fe-out" ;;
    ccx) run ccx "$here/ccx_solve.sh" "$work/coupon.msh" "$work/bench.toml" "$work/ccx" ;;
    skfem) run skfem "$PY" "$here/skfem_solve.py" --nx "$nx" --ny "$ny" --per-ply "$pp" ;;
    dolfinx) run dolfinx "$DPY" "$here/dolfinx_solve.py" --nx "$nx" --ny "$ny" --per-ply "$pp" ;;
    *) echo "unknown solver $s" >&2; exit 2 ;;
  esac
done

{
  echo "#### $(date -u +%FT%TZ) run_all.sh $size ($nx x $ny x $((4 * pp)) hex8) on $(nproc) cores, OMP_NUM_THREADS=$OMP_NUM_THREADS, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
  echo "#### feinvert $fe (binary built $(date -u -r "$fe" +%FT%TZ); tree HEAD $head0 at start); load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$PY" "$here/summarize.py" "$work" "${list[@]}"
  for s in "${list[@]}"; do
    echo "---- raw $s ($(cat "$work/$s.status" 2>/dev/null))"
    cat "$work/$s.log" 2>/dev/null || true
    grep -E "Elapsed|Maximum resident|User time|System time|Percent of CPU" "$work/$s.time" 2>/dev/null || true
  done
  echo
} | tee -a "$results"
