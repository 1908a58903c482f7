#!/usr/bin/env python3
"""The benchmark coupon (see common.py) in scikit-fem: hex8, 2x2x2 Gauss, orthotropic plies.

    python3 Benchmarks/external/skfem_solve.py [--nx 120 --ny 60 --per-ply 4] [--solver auto|cholmod|spsolve]

Needs `pip install scikit-fem`; CHOLMOD through `pip install "scikit-sparse==0.4.15"`
(0.5 needs SuiteSparse 7; Debian bookworm has 5.12 with libsuitesparse-dev). Without
scikit-sparse it falls back to scipy's spsolve (SuperLU), which is far slower and
heavier at full size. Prints assembly/solve/total seconds, max |u| and peak RSS.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import numpy as np  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    common.add_size_args(ap)
    ap.add_argument("--solver", default="auto", choices=["auto", "cholmod", "spsolve"])
    args = ap.parse_args()
    t_start = time.perf_counter()

    from skfem import Basis, BilinearForm, ElementHex1, ElementVector, MeshHex, asm, condense
    from skfem.helpers import sym_grad

    xs, ys, zs = common.grid(args.nx, args.ny, args.per_ply)
    mesh = MeshHex.init_tensor(xs, ys, zs)
    element = ElementVector(ElementHex1())
    zc = mesh.p[2, mesh.t].mean(axis=0)
    ply = common.ply_of_z(zc)
    t_mesh = time.perf_counter()

    def form_for(C):
        pairs = [(I, J, C[I, J]) for I in range(6) for J in range(6) if abs(C[I, J]) > 1e-9 * abs(C).max()]

        def voigt(e):
            return [e[0, 0], e[1, 1], e[2, 2], 2 * e[1, 2], 2 * e[0, 2], 2 * e[0, 1]]

        @BilinearForm
        def a(u, v, w):
            eu, ev = voigt(sym_grad(u)), voigt(sym_grad(v))
            s = 0.0
            for I, J, c in pairs:
                s = s + c * eu[J] * ev[I]
            return s
        return a

    K = None
    basis_all = Basis(mesh, element, intorder=2)
    for k, angle in enumerate(common.ANGLES_DEG):
        basis = Basis(mesh, element, intorder=2, elements=np.nonzero(ply == k)[0])
        Kk = asm(form_for(common.stiffness_global(angle)), basis)
        K = Kk if K is None else K + Kk
    t_asm = time.perf_counter()

    # boundary conditions
    p = mesh.p
    tol = 1e-9
    nd = basis_all.nodal_dofs  # (3, nnodes)
    x0 = np.nonzero(np.abs(p[0]) < tol)[0]
    xl = np.nonzero(np.abs(p[0] - common.LENGTH) < tol)[0]
    c0 = np.nonzero((np.abs(p[0]) < tol) & (np.abs(p[1]) < tol) & (np.abs(p[2]) < tol))[0]
    cw = np.nonzero((np.abs(p[0]) < tol) & (np.abs(p[1] - common.WIDTH) < tol) & (np.abs(p[2]) < tol))[0]
    D = np.concatenate([nd[0, x0], nd[0, xl], nd[1, c0], nd[2, c0], nd[2, cw]])
    x = np.zeros(K.shape[0])
    x[nd[0, xl]] = common.EXTENSION
    f = np.zeros(K.shape[0])
    A, b, _, I = condense(K, f, x=x, D=D)
    t_bc = time.perf_counter()

    solver = args.solver
    if solver == "auto":
        try:
            import sksparse.cholmod  # noqa: F401
            solver = "cholmod"
        except ImportError:
            solver = "spsolve"
            print("note: scikit-sparse not importable; using scipy spsolve (SuperLU)")
    if solver == "cholmod":
        from sksparse.cholmod import cholesky
        factor = cholesky(A.tocsc())
        t_fact = time.perf_counter()
        ui = factor(b)
    else:
        from scipy.sparse.linalg import spsolve
        t_fact = time.perf_counter()
        ui = spsolve(A.tocsc(), b)
    t_solve = time.perf_counter()
    x[I] = ui
    u = x[nd].T
    umax = np.linalg.norm(u, axis=1).max()

    print(f"skfem: {3 * mesh.p.shape[1]} DOF, {mesh.t.shape[1]} hex8, solver {solver}")
    print(f"mesh_s {t_mesh - t_start:.3f}")
    print(f"assembly_s {t_asm - t_mesh:.3f}")
    print(f"bc_s {t_bc - t_asm:.3f}")
    print(f"factorization_s {t_fact - t_bc:.3f}")
    print(f"solve_s {t_solve - t_bc:.3f}")
    print(f"total_s {t_solve - t_start:.3f}")
    print(f"max_u {umax:.9e}")
    print(f"peak_rss_mb {common.peak_rss_mb():.1f}")


if __name__ == "__main__":
    main()
