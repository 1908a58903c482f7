#!/usr/bin/env bash
# Times `feinvert app ribosome` on synthetic profiles of 300, 1000 and 2000 codons (or the
# sizes in $SIZES), for one or more feinvert binaries, interleaved run by run so host noise
# hits them alike.
#
#   [SIZES="300 1000 2000"] Benchmarks/apps/ribosome_scaling.sh [RUNS] BINARY [BINARY ...]
#
# Prints "binary codons seconds peakKB" per run, then the median per binary and size.
# The profiles (Poisson reads, mean 40 per codon, a slow and a fast stretch, kernel
# 0.1/0.8/0.1, numpy seed 7) are written to a temporary directory.
set -euo pipefail
runs=5
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then runs=$1; shift; fi
[[ $# -ge 1 ]] || { echo "usage: $0 [RUNS] BINARY [BINARY ...]" >&2; exit 2; }
sizes=${SIZES:-300 1000 2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" $sizes <<'PY'
import sys, numpy as np
rng = np.random.default_rng(7)
for n in map(int, sys.argv[2:]):
    k = 5.6 * np.ones(n)
    k[n // 5:n // 3] *= 0.6
    k[n // 2:2 * n // 3] *= 1.6
    occupancy = 1 / k
    occupancy *= 40 / occupancy.mean()
    counts = rng.poisson(np.convolve(occupancy, [0.1, 0.8, 0.1], mode="same"))
    with open(f"{sys.argv[1]}/c{n}.csv", "w") as f:
        f.write("# kernel = 0.1,0.8,0.1\n# mean_rate = 5.6\ncodon,count\n")
        f.writelines(f"{i + 1},{c}\n" for i, c in enumerate(counts))
PY
for ((r = 0; r < runs; r++)); do
  for bin in "$@"; do
    for n in $sizes; do
      /usr/bin/time -a -o "$work/times" -f "$bin $n %e %M" \
        "$bin" app ribosome --data "$work/c$n.csv" --report "$work/r.json" >/dev/null
    done
  done
done
cat "$work/times"
python3 - "$work/times" <<'PY'
import sys, statistics, collections
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    b, n, t, kb = line.split()
    runs[(b, int(n))].append((float(t), int(kb)))
for (b, n), v in sorted(runs.items()):
    print(f"median {b} {n} codons: {statistics.median(t for t, _ in v):.2f} s, peak {max(k for _, k in v) / 1024:.0f} MB")
PY
