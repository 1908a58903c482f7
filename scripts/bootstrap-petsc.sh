#!/usr/bin/env bash
# Installs what feinvert's optional PETSc backend needs (issue 20), only what is missing:
# Debian's PETSc (3.18 in bookworm, with MUMPS, hypre and GAMG) and OpenMPI. Not part of the
# default bootstrap: the default build and `make test` need neither.
set -euo pipefail

packages=(petsc-dev openmpi-bin libopenmpi-dev pkg-config)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap-petsc: installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "bootstrap-petsc: PETSc and OpenMPI present"
fi
pkg-config --exists PETSc ompi || { echo "bootstrap-petsc: pkg-config finds no PETSc or ompi" >&2; exit 1; }
