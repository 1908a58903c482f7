#!/usr/bin/env bash
# Remakes the open-hole meshes from open_hole.geo with Gmsh (4.8, Debian's package).
# The committed .msh files are what the tests read; a different Gmsh may number or place
# nodes differently, which the tests do not depend on.
set -euo pipefail
cd "$(dirname "$0")"
gmsh open_hole.geo -3 -setnumber h 0.6 -setnumber perPly 1 -format msh22 -o coarse_hex8.msh
gmsh open_hole.geo -3 -setnumber h 0.6 -setnumber perPly 1 -order 2 \
  -string "Mesh.SecondOrderIncomplete = 1;" -format msh22 -o fine_hex20.msh
