#!/usr/bin/env bash
# Installs what feinvert needs on a fresh Debian machine, only what is missing.
# System packages through apt-get (as root, or through sudo when available).
# Swift itself is expected on PATH (/opt/swift on the project's machines).
set -euo pipefail

packages=(libsuitesparse-dev libopenblas-dev libmetis-dev libglpk-dev libfftw3-dev calculix-ccx python3 gmsh python3-meshio python3-plotly chromium zlib1g-dev)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "bootstrap: system packages present"
fi

if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then
    echo "bootstrap: swift is at /opt/swift/usr/bin; add it to PATH"
  else
    echo "bootstrap: swift not found; install Swift 6.1 or newer" >&2
    exit 1
  fi
fi
