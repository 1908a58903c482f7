#!/usr/bin/env bash
# Issue 20's figures: CG-GAMG iterations, time and peak memory against the coupon's size, next
# to the direct solve on the same machine, up to coupons the direct factor cannot hold (it
# stops at the memory guard, exit 3).
#
#   make petsc
#   Benchmarks/petsc/gamg_scaling.sh [SIZES] [RANKS]
#
# SIZES: space-separated NXxNYxPERPLY of a [45/-45]s hex8 coupon 20 x 10 x 0.5 mm, default
#   "120x60x4 170x85x6 240x120x8 290x145x10" (376,431; 1,103,000; 2,92M; 5,23M DOF);
# RANKS: MPI ranks of the PETSc runs (default 2).
# Environment: BENCH_WORK (scratch, default /tmp/feinvert-petsc-bench), FEINVERT (the PETSc
#   build, default .build-petsc/release/feinvert), DIRECT_MAX_DOF (skip the direct solve above
#   this many DOF; default 0 = always try it, the memory guard stops it when it cannot fit),
#   METHODS (default "cg-gamg"; add mumps for the distributed direct solve), PETSC_OPTIONS (read
#   by PETSc at start-up, e.g. "-pc_gamg_square_graph 0", which halved the iterations on a
#   5k-DOF coupon: 78 against 148).
# Prints one line per run: size, DOF, solver, exit status, wall seconds, peak RSS of the
# largest process (GNU time's %M of rank 0 and, for mpirun, of mpirun's children), and the
# solve's summary (iterations, residual, phase times). Appends them to $BENCH_WORK/results.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
sizes="${1:-120x60x4 170x85x6 240x120x8 290x145x10}"
ranks="${2:-2}"
work="${BENCH_WORK:-/tmp/feinvert-petsc-bench}"
fe="${FEINVERT:-$root/.build-petsc/release/feinvert}"
methods="${METHODS:-cg-gamg}"
direct_max="${DIRECT_MAX_DOF:-0}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
mkdir -p "$work"
for size in $sizes; do
  IFS=x read -r nx ny pp <<<"$size"
  dir="$work/$size"
  mkdir -p "$dir"
  if [ ! -f "$dir/coupon.msh" ]; then
    "$fe" mesh --layup "[45/-45]s" --ply-thickness 0.125 --length 20 --width 10 --elements hex8 \
      --nx "$nx" --ny "$ny" --per-ply "$pp" -o "$dir/coupon.msh" > "$dir/mesh.log"
  fi
  dof=$(( (nx + 1) * (ny + 1) * (4 * pp + 1) * 3 ))
  run() {  # name, model, command...
    local name="$1"; shift
    local status=0
    /usr/bin/time -f "%e %M" -o "$dir/$name.time" "$@" > "$dir/$name.log" 2> "$dir/$name.err" || status=$?
    read -r wall rss < "$dir/$name.time" || { wall=nan; rss=nan; }
    local summary
    summary=$(grep -E '^solve:|DOF' "$dir/$name.log" | head -1 || true)
    [ "$status" -ne 0 ] && summary="$(head -c 400 "$dir/$name.err")"
    echo "$size dof=$dof $name exit=$status wall_s=$wall peak_rss_kb=$rss :: $summary" | tee -a "$work/results.txt"
  }
  if [ "$direct_max" -eq 0 ] || [ "$dof" -le "$direct_max" ]; then
    cp "$dir/coupon.toml" "$dir/direct.toml"
    run direct "$fe" solve --mesh "$dir/coupon.msh" --model "$dir/direct.toml" --out "$dir/out-direct"
  fi
  for method in $methods; do
    { cat "$dir/coupon.toml"; printf '\n[solver]\nbackend = "petsc"\nmethod = "%s"\nrtol = 1e-8\n' "$method"; } > "$dir/$method.toml"
    run "petsc-$method-np$ranks" mpirun --oversubscribe -np "$ranks" "$fe" solve --mesh "$dir/coupon.msh" \
      --model "$dir/$method.toml" --out "$dir/out-$method"
  done
done
