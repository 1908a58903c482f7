#!/usr/bin/env python3
"""Table of run_all.sh results: python3 summarize.py WORKDIR solver [solver ...]."""

import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "Validation", "calculix"))


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def wall_and_rss(text):
    wall = rss = cpu = None
    m = re.search(r"User time \(seconds\): ([\d.]+)", text)
    m2 = re.search(r"System time \(seconds\): ([\d.]+)", text)
    if m and m2:
        cpu = float(m.group(1)) + float(m2.group(1))
    m = re.search(r"Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):([\d.]+)", text)
    if m:
        wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        rss = int(m.group(1)) / 1024.0
    return wall, rss, cpu


def keyed(text, key):
    m = re.search(rf"^{key} ([-+\d.eE]+)", text, re.M)
    return float(m.group(1)) if m else None


def feinvert_row(work):
    log = read(os.path.join(work, "feinvert.log"))
    def g(pat):
        m = re.search(pat, log)
        return float(m.group(1)) if m else None
    asm = g(r"assembly ([\d.]+) s")
    parts = [g(r"analysis ([\d.]+) s"), g(r"factorization ([\d.]+) s"), g(r"[ ,]solve ([\d.]+) s")]
    solve = sum(p for p in parts if p is not None) if any(p is not None for p in parts) else None
    total = g(r"total ([\d.]+) s")
    umax = None
    vtu = os.path.join(work, "fe-out", "solution.vtu")
    if os.path.exists(vtu):
        import numpy as np
        from compare import read_vtu_displacement
        u = read_vtu_displacement(vtu)
        umax = float(np.linalg.norm(np.array(list(u.values())), axis=1).max())
    return asm, solve, total, umax


def main():
    work, solvers = sys.argv[1], sys.argv[2:]
    rows = {}
    for s in solvers:
        wall, rss, cpu = wall_and_rss(read(os.path.join(work, f"{s}.time")))
        if s == "feinvert":
            asm, solve, total, umax = feinvert_row(work)
        else:
            log = read(os.path.join(work, f"{s}.log"))
            asm, solve, total, umax = (keyed(log, k) for k in ("assembly_s", "solve_s", "total_s", "max_u"))
        status = read(os.path.join(work, f"{s}.status")).strip() or "not run"
        rows[s] = (asm, solve, total, wall, rss, umax, status, cpu)

    def f(x, spec):
        return format(x, spec) if x is not None else "-"

    ref = rows.get("feinvert")
    print(f"{'solver':<9} {'assembly s':>10} {'solve s':>9} {'total s':>9} {'wall s':>8} {'peak MB':>8} "
          f"{'max|u|':>15} {'cpu s':>8} {'cpu%':>5} {'wall/fe':>8} {'total/fe':>8} {'RSS/fe':>7} {'cpu/fe':>7}  status")
    for s, (asm, solve, total, wall, rss, umax, status, cpu) in rows.items():
        def ratio(i, x):
            return f(x / ref[i], ".2f") if ref and x is not None and ref[i] else "-"
        print(f"{s:<9} {f(asm, '10.2f')} {f(solve, '9.2f')} {f(total, '9.2f')} {f(wall, '8.2f')} "
              f"{f(rss, '8.0f')} {f(umax, '15.9e')} {f(cpu, '8.1f')} {f(100 * cpu / wall if cpu and wall else None, '5.0f')} {ratio(3, wall):>8} {ratio(2, total):>8} {ratio(4, rss):>7} {ratio(7, cpu):>7}  {status}")
    print("assembly: feinvert 'assembly'; ccx start of run to 'Factoring the system' (includes reading the deck);"
          " skfem asm(); dolfinx assemble_matrix. solve: analysis/ordering + factorization + triangular solves."
          " total: each solver's own end-to-end figure (skfem/dolfinx include imports, mesh, JIT; ccx excludes"
          " writing its deck); wall, peak RSS and cpu (user+sys) from /usr/bin/time -v of the whole process;"
          " cpu% = cpu/wall (2 cores = 200%; well below that means the machine was shared).")


if __name__ == "__main__":
    main()
