"""Shared definition of the benchmark problem for the external solvers.

The [45/-45]s IM7/8552 coupon, 20 x 10 x 0.5 mm (4 plies of 0.125 mm), a uniform hex8
grid of nx x ny x (4 per_ply) elements, identical to
`feinvert mesh --layup "[45/-45]s" --ply-thickness 0.125 --length 20 --width 10
 --elements hex8 --nx NX --ny NY --per-ply P` (no edge or interface bias).

Boundary conditions (the same in every solver):
  ux = 0    on x = 0            (end_x0)
  ux = 0.02 on x = L            (end_xL)
  uy = uz = 0 at (0, 0, 0)      (corner_x0_y0_z0)
  uz = 0      at (0, W, 0)      (corner_x0_yW_z0)
"""

import math

import numpy as np

LENGTH, WIDTH, PLY_T = 20.0, 10.0, 0.125
ANGLES_DEG = [45.0, -45.0, -45.0, 45.0]   # bottom -> top
EXTENSION = 0.02
MATERIAL = {"E1": 161000.0, "E2": 11380.0, "E3": 11380.0, "G12": 5170.0, "G13": 5170.0,
            "G23": 3980.0, "nu12": 0.32, "nu13": 0.32, "nu23": 0.436}


def stiffness_local(m=MATERIAL) -> np.ndarray:
    """6x6 Voigt stiffness (xx yy zz yz xz xy, engineering shear) in material axes."""
    E1, E2, E3 = m["E1"], m["E2"], m["E3"]
    n12, n13, n23 = m["nu12"], m["nu13"], m["nu23"]
    S = np.zeros((6, 6))
    S[0, 0], S[1, 1], S[2, 2] = 1 / E1, 1 / E2, 1 / E3
    S[0, 1] = S[1, 0] = -n12 / E1
    S[0, 2] = S[2, 0] = -n13 / E1
    S[1, 2] = S[2, 1] = -n23 / E2
    S[3, 3], S[4, 4], S[5, 5] = 1 / m["G23"], 1 / m["G13"], 1 / m["G12"]
    return np.linalg.inv(S)


VOIGT = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)]


def stiffness_global(angle_deg: float) -> np.ndarray:
    """Voigt stiffness in global axes for a ply whose fibre axis is turned by angle about +z."""
    C = stiffness_local()
    C4 = np.zeros((3, 3, 3, 3))
    for I, (i, j) in enumerate(VOIGT):
        for J, (k, l) in enumerate(VOIGT):
            for a, b in {(i, j), (j, i)}:
                for c, d in {(k, l), (l, k)}:
                    C4[a, b, c, d] = C[I, J]
    t = math.radians(angle_deg)
    R = np.array([[math.cos(t), -math.sin(t), 0.0], [math.sin(t), math.cos(t), 0.0], [0.0, 0.0, 1.0]])
    G = np.einsum("ip,jq,kr,ls,pqrs->ijkl", R, R, R, R, C4)
    return np.array([[G[i, j, k, l] for (k, l) in VOIGT] for (i, j) in VOIGT])


def grid(nx: int, ny: int, per_ply: int):
    nz = len(ANGLES_DEG) * per_ply
    return (np.linspace(0.0, LENGTH, nx + 1), np.linspace(0.0, WIDTH, ny + 1),
            np.linspace(0.0, PLY_T * len(ANGLES_DEG), nz + 1))


def ply_of_z(zc: np.ndarray) -> np.ndarray:
    return np.clip(np.floor(zc / PLY_T).astype(int), 0, len(ANGLES_DEG) - 1)


def peak_rss_mb() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def add_size_args(ap):
    ap.add_argument("--nx", type=int, default=120)
    ap.add_argument("--ny", type=int, default=60)
    ap.add_argument("--per-ply", type=int, default=4)
