#!/usr/bin/python3
"""The benchmark coupon (see common.py) in FEniCSx/dolfinx: hex8 (Q1), 2x2x2 Gauss, MUMPS Cholesky.

    /usr/bin/python3 Benchmarks/external/dolfinx_solve.py [--nx 120 --ny 60 --per-ply 4]

Needs Debian's dolfinx (`apt-get install -y python3-dolfinx`, 0.5.2 on bookworm) and so
Debian's /usr/bin/python3, not a pyenv python. Single MPI rank. The ply rotation is a
DG0 angle field: strain to material axes, sigma = C_local : eps_local, back to global.
Prints JIT/assembly/factorization/solve/total seconds, max |u| and peak RSS.
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
    args = ap.parse_args()
    t_start = time.perf_counter()

    import ufl
    from dolfinx import fem, mesh
    from dolfinx.fem.petsc import apply_lifting, assemble_matrix, assemble_vector, set_bc
    from mpi4py import MPI
    from petsc4py import PETSc

    nz = len(common.ANGLES_DEG) * args.per_ply
    H = common.PLY_T * len(common.ANGLES_DEG)
    msh = mesh.create_box(MPI.COMM_WORLD, [np.array([0.0, 0.0, 0.0]), np.array([common.LENGTH, common.WIDTH, H])],
                          [args.nx, args.ny, nz], mesh.CellType.hexahedron)
    V = fem.VectorFunctionSpace(msh, ("Lagrange", 1))
    Q = fem.FunctionSpace(msh, ("DG", 0))
    ncells = msh.topology.index_map(3).size_local
    mid = mesh.compute_midpoints(msh, 3, np.arange(ncells, dtype=np.int32))
    theta = fem.Function(Q)
    angles = np.radians(np.array(common.ANGLES_DEG))[common.ply_of_z(mid[:, 2])]
    cell_dofs = np.array([Q.dofmap.cell_dofs(c)[0] for c in range(ncells)])
    theta.x.array[cell_dofs] = angles
    t_mesh = time.perf_counter()

    u, v = ufl.TrialFunction(V), ufl.TestFunction(V)
    Cl = ufl.as_matrix(common.stiffness_local().tolist())
    c, s = ufl.cos(theta), ufl.sin(theta)
    R = ufl.as_matrix([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])  # columns: material axes in global

    def sigma(w):
        e = R.T * ufl.sym(ufl.grad(w)) * R               # strain in material axes
        ev = ufl.as_vector([e[0, 0], e[1, 1], e[2, 2], 2 * e[1, 2], 2 * e[0, 2], 2 * e[0, 1]])
        sv = Cl * ev
        sl = ufl.as_matrix([[sv[0], sv[5], sv[4]], [sv[5], sv[1], sv[3]], [sv[4], sv[3], sv[2]]])
        return R * sl * R.T                               # back to global axes

    dx = ufl.dx(metadata={"quadrature_degree": 2})        # 2x2x2 Gauss on hexahedra
    a_form = fem.form(ufl.inner(sigma(u), ufl.sym(ufl.grad(v))) * dx)
    zero = fem.Constant(msh, PETSc.ScalarType((0.0, 0.0, 0.0)))
    L_form = fem.form(ufl.inner(zero, v) * dx)
    t_jit = time.perf_counter()

    tol = 1e-9
    x0 = mesh.locate_entities_boundary(msh, 0, lambda x: np.abs(x[0]) < tol)
    xl = mesh.locate_entities_boundary(msh, 0, lambda x: np.abs(x[0] - common.LENGTH) < tol)
    c0 = mesh.locate_entities_boundary(msh, 0, lambda x: (np.abs(x[0]) < tol) & (np.abs(x[1]) < tol) & (np.abs(x[2]) < tol))
    cw = mesh.locate_entities_boundary(msh, 0, lambda x: (np.abs(x[0]) < tol) & (np.abs(x[1] - common.WIDTH) < tol) & (np.abs(x[2]) < tol))

    def bc(value, comp, verts):
        dofs = fem.locate_dofs_topological(V.sub(comp), 0, verts)
        return fem.dirichletbc(PETSc.ScalarType(value), dofs, V.sub(comp))

    bcs = [bc(0.0, 0, x0), bc(common.EXTENSION, 0, xl), bc(0.0, 1, c0), bc(0.0, 2, c0), bc(0.0, 2, cw)]

    A = assemble_matrix(a_form, bcs=bcs)
    A.assemble()
    b = assemble_vector(L_form)
    apply_lifting(b, [a_form], bcs=[bcs])
    b.ghostUpdate(addv=PETSc.InsertMode.ADD, mode=PETSc.ScatterMode.REVERSE)
    set_bc(b, bcs)
    t_asm = time.perf_counter()

    A.setOption(PETSc.Mat.Option.SYMMETRIC, True)
    A.setOption(PETSc.Mat.Option.SPD, True)
    ksp = PETSc.KSP().create(msh.comm)
    ksp.setOperators(A)
    ksp.setType("preonly")
    pc = ksp.getPC()
    pc.setType("cholesky")
    pc.setFactorSolverType("mumps")
    uh = fem.Function(V)
    ksp.setUp()
    t_fact = time.perf_counter()
    ksp.solve(b, uh.vector)
    uh.x.scatter_forward()
    t_solve = time.perf_counter()

    umax = np.linalg.norm(uh.x.array.reshape(-1, 3), axis=1).max()
    ndof = V.dofmap.index_map.size_global * V.dofmap.index_map_bs
    print(f"dolfinx: {ndof} DOF, {ncells} hex8, MUMPS Cholesky, {MPI.COMM_WORLD.size} rank(s)")
    print(f"mesh_s {t_mesh - t_start:.3f}")
    print(f"jit_s {t_jit - t_mesh:.3f}")
    print(f"assembly_s {t_asm - t_jit:.3f}")
    print(f"factorization_s {t_fact - t_asm:.3f}")
    print(f"solve_s {t_solve - t_asm:.3f}")
    print(f"total_s {t_solve - t_start:.3f}")
    print(f"max_u {umax:.9e}")
    print(f"peak_rss_mb {common.peak_rss_mb():.1f}")


if __name__ == "__main__":
    main()
