#!/usr/bin/env bash
# Issue 18: the forward solve with the double factor against [solver] precision = "mixed"
# (single-precision factor refined by CG in double), interleaved ABBA, on the coupon of
# Benchmarks/external/run_all.sh (default full: 120 x 60 x 16 hex8, 376,431 DOF).
#
#   Benchmarks/perf/mixed_forward.sh [SIZE] [PAIRS]      # after swift build -c release
#
# SIZE as in run_all.sh (small, full, NXxNYxPERPLY; 200x100x4 is the 1.04M-DOF coupon),
# PAIRS (default 3). FEINVERT (binary, default .build/release/feinvert), BENCH_WORK
# (scratch). Prints per run the solve's summary line (phase times, and for mixed the
# single-precision factorizations, CG iterations and any fallback), wall time and peak RSS,
# then the medians, the ratios mixed/double, and the largest difference of the two
# displacement fields relative to the largest displacement (issue 18: within 1e-10).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
size="${1:-full}"; pairs="${2:-3}"
fe="${FEINVERT:-$root/.build/release/feinvert}"
work="${BENCH_WORK:-/tmp/feinvert-mixed-$size}"
# run_all.sh makes the mesh and model (and solves once); its summary needs meshio (Debian python).
BENCH_WORK="$work" FEINVERT="$fe" RESULTS=/dev/null PYTHON="${PYTHON:-/usr/bin/python3}" \
  "$root/Benchmarks/external/run_all.sh" "$size" feinvert > /dev/null 2>&1 || true
[ -f "$work/coupon.msh" ] && [ -f "$work/bench.toml" ] || { echo "run_all.sh did not make the problem in $work" >&2; exit 2; }
cp "$work/bench.toml" "$work/bench-double.toml"
{ cat "$work/bench.toml"; printf '\n[solver]\nprecision = "mixed"\n'; } > "$work/bench-mixed.toml"
order=()
for ((i = 0; i < pairs; i++)); do
  if ((i % 2 == 0)); then order+=(double mixed); else order+=(mixed double); fi
done
for which in "${order[@]}"; do
  /usr/bin/time -f "%e %M" -o "$work/run.time" "$fe" solve --mesh "$work/coupon.msh" --model "$work/bench-$which.toml" \
    --out "$work/out-$which" > "$work/run.log"
  read -r wall rss < "$work/run.time"
  echo "$which wall_s=$wall rss_kb=$rss :: $(grep '^solve:' "$work/run.log")"
done | tee "$work/runs.txt"
/usr/bin/python3 - "$work" <<'PY'
import re, statistics, sys
import meshio
work = sys.argv[1]
runs = {"double": [], "mixed": []}
for line in open(f"{work}/runs.txt"):
    m = re.match(r"(double|mixed) wall_s=([\d.]+) rss_kb=(\d+)", line)
    if m: runs[m[1]].append((float(m[2]), int(m[3]) / 1e6))
for key, i, unit in (("wall", 0, "s"), ("peak RSS", 1, "GB")):
    d = statistics.median(r[i] for r in runs["double"]); x = statistics.median(r[i] for r in runs["mixed"])
    print(f"median {key}: double {d:.2f} {unit}, mixed {x:.2f} {unit}, mixed/double {x / d:.3f}")
def displacement(path):
    m = meshio.read(path)
    for name, values in m.point_data.items():
        if name.lower().startswith("displacement") or name == "u":
            return values
    raise SystemExit(f"no displacement array in {path}: {list(m.point_data)}")
a = displacement(f"{work}/out-double/solution.vtu"); b = displacement(f"{work}/out-mixed/solution.vtu")
scale = abs(a).max()
print(f"max |u_mixed - u_double| / max |u_double| = {abs(a - b).max() / scale:.3e}")
PY
