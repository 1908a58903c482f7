#!/usr/bin/env bash
# Time CalculiX (ccx, SPOOLES) on a feinvert mesh + model, through Validation/calculix/compare.py.
#
#   Benchmarks/external/ccx_solve.sh MESH.msh MODEL.toml WORKDIR
#
# Writes WORKDIR/job.inp (C3D8, engineering constants, one *ORIENTATION per ply, *BOUNDARY
# per node), runs ccx there and prints deck_write_s / assembly_s / solve_s / total_s / max_u.
# assembly_s is the time from the start of ccx to its "Factoring the system" message
# (input reading + assembly); solve_s is factorization + solve. Threads: OMP_NUM_THREADS.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 MESH.msh MODEL.toml WORKDIR" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
py="${PYTHON:-python3}"
exec "$py" "$here/../../Validation/calculix/compare.py" --ccx-only --mesh "$1" --model "$2" --work "$3"
