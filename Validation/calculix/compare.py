#!/usr/bin/env python3
"""Cross-check feinvert against CalculiX (ccx) on the same mesh and model.

For each case: read a Gmsh MSH 4.1 ASCII mesh and a feinvert TOML model, write
an equivalent CalculiX input deck (C3D8 / C3D20 / C3D4 / C3D10, orthotropic
*ELASTIC,TYPE=ENGINEERING CONSTANTS with one rectangular *ORIENTATION per ply,
*BOUNDARY per prescribed node and DOF, *CLOAD with the consistent nodal forces
of the uniform traction F/A), run ccx, run `feinvert solve` on the same files,
and compare the nodal displacements matched by Gmsh node tag:

    rel = max_n |u_ccx(n) - u_feinvert(n)| / max_n |u_ccx(n)|   (Euclidean per node)

The case passes if rel <= --tol (default 1e-6). ccx prints displacements in the
.dat file with 7 significant digits (E13.6), so the comparison floor is about
5e-7 of each printed value; the column `ulp` reports the largest component
difference in units of half the last printed digit, floored at 1e-9 max|u|
(<= ~1 means "agrees to every digit ccx prints").

Usage:
    python3 Validation/calculix/compare.py --feinvert .build/release/feinvert --case small
    python3 Validation/calculix/compare.py --feinvert F --mesh coupon.msh [--model coupon.toml]
    python3 Validation/calculix/compare.py --ccx-only --mesh coupon.msh --work DIR   # timing use

Exit 0 if every case agrees, 1 if any disagrees or fails to run, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

try:
    import tomllib  # Python >= 3.11
except ImportError:  # pragma: no cover
    tomllib = None

import numpy as np

# ---------------------------------------------------------------------------
# Element tables
# ---------------------------------------------------------------------------

# Gmsh element type -> (name, number of nodes, dimension)
GMSH_TYPES = {
    15: ("point", 1, 0),
    1: ("line2", 2, 1),
    8: ("line3", 3, 1),
    2: ("tri3", 3, 2),
    9: ("tri6", 6, 2),
    3: ("quad4", 4, 2),
    16: ("quad8", 8, 2),
    10: ("quad9", 9, 2),
    4: ("tet4", 4, 3),
    11: ("tet10", 10, 3),
    5: ("hex8", 8, 3),
    17: ("hex20", 20, 3),
    6: ("prism6", 6, 3),
    18: ("prism15", 15, 3),
}

# Volume elements: Gmsh type -> (ccx type, permutation p with ccx_node[i] = gmsh_node[p[i]]).
#
# hex8, tet4: Abaqus/ccx and Gmsh agree.
# hex20: Gmsh edges 8:(0,1) 9:(0,3) 10:(0,4) 11:(1,2) 12:(1,5) 13:(2,3) 14:(2,6)
#   15:(3,7) 16:(4,5) 17:(4,7) 18:(5,6) 19:(6,7); ccx C3D20 (shape20h.f) 8:(0,1)
#   9:(1,2) 10:(2,3) 11:(3,0) 12:(4,5) 13:(5,6) 14:(6,7) 15:(7,4) 16:(0,4)
#   17:(1,5) 18:(2,6) 19:(3,7).
# tet10: Gmsh 4:(0,1) 5:(1,2) 6:(0,2) 7:(0,3) 8:(2,3) 9:(1,3); ccx C3D10
#   4:(0,1) 5:(1,2) 6:(2,0) 7:(0,3) 8:(1,3) 9:(2,3).
# Each permutation is also checked geometrically on every element (see
# check_midside_nodes), so a wrong table cannot pass silently.
CCX_ELEMENT = {
    5: ("C3D8", list(range(8))),
    17: ("C3D20", list(range(8)) + [8, 11, 13, 9, 16, 18, 19, 17, 10, 12, 14, 15]),
    4: ("C3D4", list(range(4))),
    11: ("C3D10", list(range(8)) + [9, 8]),
    # prism6: Gmsh and ccx C3D6 agree (0-2 the base, its normal toward 3-5).
    # prism15: Gmsh 6:(0,1) 7:(0,2) 8:(0,3) 9:(1,2) 10:(1,4) 11:(2,5) 12:(3,4) 13:(3,5) 14:(4,5);
    #   ccx C3D15 6:(0,1) 7:(1,2) 8:(2,0) 9:(3,4) 10:(4,5) 11:(5,3) 12:(0,3) 13:(1,4) 14:(2,5).
    6: ("C3D6", list(range(6))),
    18: ("C3D15", list(range(6)) + [6, 9, 7, 12, 14, 13, 8, 10, 11]),
}

# ccx (Abaqus) edge list for the mid-side nodes, in ccx order, for the geometric check.
CCX_EDGES = {
    "C3D20": [(0, 1), (1, 2), (2, 3), (3, 0), (4, 5), (5, 6), (6, 7), (7, 4),
              (0, 4), (1, 5), (2, 6), (3, 7)],
    "C3D10": [(0, 1), (1, 2), (2, 0), (0, 3), (1, 3), (2, 3)],
    "C3D15": [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (0, 3), (1, 4), (2, 5)],
}


# ---------------------------------------------------------------------------
# MSH 4.1 ASCII reader (independent of feinvert's reader)
# ---------------------------------------------------------------------------

@dataclass
class Msh:
    node_tags: np.ndarray                     # (N,) int
    coords: np.ndarray                        # (N, 3)
    index: dict                               # node tag -> row
    physical_names: dict                      # (dim, tag) -> name
    # element blocks: list of (dim, entity, gmsh_type, elem_tags (M,), nodes (M, k) of node tags)
    blocks: list = field(default_factory=list)
    entity_physicals: dict = field(default_factory=dict)  # (dim, entity) -> [physical tags]

    def group(self, name: str):
        """Return (dim, [blocks]) of the physical group called name."""
        keys = [k for k, v in self.physical_names.items() if v == name]
        if not keys:
            raise KeyError(f"physical group {name!r} not in mesh (have {sorted(self.physical_names.values())})")
        dim, ptag = keys[0]
        blocks = [b for b in self.blocks
                  if b[0] == dim and ptag in self.entity_physicals.get((b[0], b[1]), [])]
        return dim, blocks


def read_msh41(path: str) -> Msh:
    with open(path, "r") as f:
        lines = f.read().split("\n")
    pos = 0

    def next_line():
        nonlocal pos
        while pos < len(lines) and lines[pos].strip() == "":
            pos += 1
        line = lines[pos]
        pos += 1
        return line

    physical_names = {}
    entity_physicals = {}
    node_tags, coords, blocks = [], [], []
    while pos < len(lines):
        line = lines[pos].strip()
        pos += 1
        if line == "$MeshFormat":
            version, ftype, _ = next_line().split()
            if not version.startswith("4.1") or ftype != "0":
                raise ValueError(f"{path}: MSH {version} file-type {ftype}; this script reads MSH 4.1 ASCII")
        elif line == "$PhysicalNames":
            n = int(next_line())
            for _ in range(n):
                s = next_line().split(maxsplit=2)
                physical_names[(int(s[0]), int(s[1]))] = s[2].strip().strip('"')
        elif line == "$Entities":
            counts = [int(x) for x in next_line().split()]
            for dim, count in enumerate(counts):
                for _ in range(count):
                    s = next_line().split()
                    tag = int(s[0])
                    k = 4 if dim == 0 else 7
                    nphys = int(s[k])
                    entity_physicals[(dim, tag)] = [abs(int(x)) for x in s[k + 1:k + 1 + nphys]]
        elif line == "$Nodes":
            nblocks, _, _, _ = (int(x) for x in next_line().split())
            for _ in range(nblocks):
                dim, ent, parametric, nn = (int(x) for x in next_line().split())
                tags = [int(next_line()) for _ in range(nn)]
                for _ in range(nn):
                    xyz = [float(x) for x in next_line().split()[:3]]
                    coords.append(xyz)
                node_tags.extend(tags)
        elif line == "$Elements":
            nblocks, _, _, _ = (int(x) for x in next_line().split())
            for _ in range(nblocks):
                dim, ent, etype, ne = (int(x) for x in next_line().split())
                if etype not in GMSH_TYPES:
                    raise ValueError(f"{path}: element type {etype} not supported here")
                rows = np.array([[int(x) for x in next_line().split()] for _ in range(ne)], dtype=np.int64)
                blocks.append((dim, ent, etype, rows[:, 0], rows[:, 1:]))
    node_tags = np.array(node_tags, dtype=np.int64)
    coords = np.array(coords, dtype=float).reshape(-1, 3)
    index = {int(t): i for i, t in enumerate(node_tags)}
    return Msh(node_tags, coords, index, physical_names, blocks, entity_physicals)


# ---------------------------------------------------------------------------
# Model and loads
# ---------------------------------------------------------------------------

def load_model(path: str) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)


def fmt(x: float) -> str:
    """At most 12 significant digits: ccx silently truncates fields longer than 20 characters."""
    s = "%.12g" % x
    assert len(s) <= 20, s
    return s


def face_rule(name: str):
    """Quadrature (points in reference coords, weights) and shape function evaluator for a face."""
    if name in ("quad4", "quad8", "quad9"):
        n = 2 if name == "quad4" else 3
        g, w = np.polynomial.legendre.leggauss(n)
        pts = np.array([(a, b) for a in g for b in g])
        wts = np.array([wa * wb for wa in w for wb in w])
    else:
        if name == "tri3":
            pts = np.array([[1 / 3, 1 / 3]])
            wts = np.array([0.5])
        else:  # tri6: degree-2 exact rule
            pts = np.array([[1 / 6, 1 / 6], [2 / 3, 1 / 6], [1 / 6, 2 / 3]])
            wts = np.array([1 / 6, 1 / 6, 1 / 6])
    return pts, wts


def face_shape(name: str, xi: float, eta: float):
    """Shape functions N and derivatives dN/dxi, dN/deta in Gmsh node order."""
    if name == "quad4":
        s = [(-1, -1), (1, -1), (1, 1), (-1, 1)]
        N = np.array([(1 + a * xi) * (1 + b * eta) / 4 for a, b in s])
        dx = np.array([a * (1 + b * eta) / 4 for a, b in s])
        de = np.array([b * (1 + a * xi) / 4 for a, b in s])
        return N, dx, de
    if name == "quad8":
        # Gmsh quad8: corners 0..3, mid-edges 4:(0,1) 5:(1,2) 6:(2,3) 7:(3,0)
        c = [(-1, -1), (1, -1), (1, 1), (-1, 1)]
        m = [(0, -1), (1, 0), (0, 1), (-1, 0)]
        N, dx, de = [], [], []
        for a, b in c:
            N.append((1 + a * xi) * (1 + b * eta) * (a * xi + b * eta - 1) / 4)
            dx.append(a * (1 + b * eta) * (2 * a * xi + b * eta) / 4)
            de.append(b * (1 + a * xi) * (a * xi + 2 * b * eta) / 4)
        for a, b in m:
            if a == 0:
                N.append((1 - xi * xi) * (1 + b * eta) / 2)
                dx.append(-xi * (1 + b * eta))
                de.append(b * (1 - xi * xi) / 2)
            else:
                N.append((1 + a * xi) * (1 - eta * eta) / 2)
                dx.append(a * (1 - eta * eta) / 2)
                de.append(-eta * (1 + a * xi))
        return np.array(N), np.array(dx), np.array(de)
    if name == "tri3":
        return (np.array([1 - xi - eta, xi, eta]), np.array([-1.0, 1.0, 0.0]), np.array([-1.0, 0.0, 1.0]))
    if name == "tri6":
        # Gmsh tri6: 3:(0,1) 4:(1,2) 5:(2,0)
        L0, L1, L2 = 1 - xi - eta, xi, eta
        N = np.array([L0 * (2 * L0 - 1), L1 * (2 * L1 - 1), L2 * (2 * L2 - 1), 4 * L0 * L1, 4 * L1 * L2, 4 * L2 * L0])
        dx = np.array([-(4 * L0 - 1), 4 * L1 - 1, 0.0, 4 * (L0 - L1), 4 * L2, -4 * L2])
        de = np.array([-(4 * L0 - 1), 0.0, 4 * L2 - 1, -4 * L1, 4 * L1, 4 * (L0 - L2)])
        return N, dx, de
    raise ValueError(f"load faces of type {name} are not supported")


def consistent_loads(msh: Msh, group: str, force) -> dict:
    """Consistent nodal forces {node_tag: (fx, fy, fz)} of the uniform traction F/A over a surface group."""
    dim, blocks = msh.group(group)
    if dim != 2:
        raise ValueError(f"[[load]] group {group!r} has dimension {dim}; a traction needs a surface")
    integrals = {}  # node tag -> integral of N over the group
    area = 0.0
    for _, _, etype, _, conn in blocks:
        name = GMSH_TYPES[etype][0]
        pts, wts = face_rule(name)
        shapes = [face_shape(name, p[0], p[1]) for p in pts]
        for row in conn:
            X = msh.coords[[msh.index[int(t)] for t in row]]
            for (N, dx, de), w in zip(shapes, wts):
                J = np.linalg.norm(np.cross(dx @ X, de @ X))
                area += w * J
                for t, n in zip(row, N):
                    integrals[int(t)] = integrals.get(int(t), 0.0) + w * J * n
    traction = np.asarray(force, dtype=float) / area
    return {t: traction * v for t, v in integrals.items()}


def group_nodes(msh: Msh, group: str) -> set:
    _, blocks = msh.group(group)
    out = set()
    for b in blocks:
        out.update(int(t) for t in b[4].ravel())
    return out


def check_midside_nodes(msh: Msh, ccx_type: str, conn_ccx: np.ndarray):
    """Every ccx mid-side node must sit at the midpoint of its ccx edge (straight-sided meshes)."""
    edges = CCX_EDGES.get(ccx_type)
    if edges is None:
        return
    idx = np.vectorize(msh.index.get)(conn_ccx)
    X = msh.coords[idx]  # (M, k, 3)
    nv = {"C3D20": 8, "C3D15": 6}.get(ccx_type, 4)
    scale = np.abs(X).max() + 1.0
    for j, (a, b) in enumerate(edges):
        mid = 0.5 * (X[:, a] + X[:, b])
        err = np.abs(X[:, nv + j] - mid).max()
        if err > 1e-6 * scale:
            raise AssertionError(f"{ccx_type}: node {nv + j} is not the midpoint of edge {edges[j]} (err {err:g})")


# ---------------------------------------------------------------------------
# CalculiX deck
# ---------------------------------------------------------------------------

def write_ccx_deck(msh: Msh, model: dict, path: str, node_print: bool = True):
    out = []
    w = out.append
    w("** written by Validation/calculix/compare.py")
    w("*NODE, NSET=NALL")
    for t, x in zip(msh.node_tags, msh.coords):
        w(f"{t}, {fmt(x[0])}, {fmt(x[1])}, {fmt(x[2])}")
    ply_of_group = {p["group"]: p for p in model.get("plies", [])}
    elem_no = 0
    for group, ply in ply_of_group.items():
        dim, blocks = msh.group(group)
        if dim != 3:
            raise ValueError(f"ply group {group!r} has dimension {dim}")
        for _, _, etype, _, conn in blocks:
            ccx_type, perm = CCX_ELEMENT[etype]
            conn_ccx = conn[:, perm]
            check_midside_nodes(msh, ccx_type, conn_ccx)
            w(f"*ELEMENT, TYPE={ccx_type}, ELSET={group}")
            for row in conn_ccx:
                elem_no += 1
                items = [str(elem_no)] + [str(int(t)) for t in row]
                # at most 16 entries per line; continuation lines end with a comma
                chunks = [items[i:i + 16] for i in range(0, len(items), 16)]
                for k, ch in enumerate(chunks):
                    w(", ".join(ch) + ("," if k < len(chunks) - 1 else ""))
    for name, m in model["materials"].items():
        w(f"*MATERIAL, NAME={name}")
        w("*ELASTIC, TYPE=ENGINEERING CONSTANTS")
        # ccx order: E1, E2, E3, nu12, nu13, nu23, G12, G13 / G23 (nu_ij = -eps_j/eps_i, as feinvert)
        w(", ".join(fmt(m[k]) for k in ("E1", "E2", "E3", "nu12", "nu13", "nu23", "G12", "G13")))
        w(fmt(m["G23"]))
    for group, ply in ply_of_group.items():
        th = math.radians(float(ply["angle"]))
        c, s = math.cos(th), math.sin(th)
        w(f"*ORIENTATION, NAME=OR_{group}, SYSTEM=RECTANGULAR")
        w(", ".join(fmt(v) for v in (c, s, 0.0, -s, c, 0.0)))
        w(f"*SOLID SECTION, ELSET={group}, MATERIAL={ply['material']}, ORIENTATION=OR_{group}")
    w("*STEP")
    w("*STATIC, SOLVER=SPOOLES")
    prescribed = {}
    for bc in model.get("boundary", []):
        nodes = sorted(group_nodes(msh, bc["group"]))
        for dof, key in ((1, "ux"), (2, "uy"), (3, "uz")):
            if key in bc:
                for t in nodes:
                    prescribed[(t, dof)] = float(bc[key])
    if prescribed:
        w("*BOUNDARY")
        for (t, dof), v in sorted(prescribed.items()):
            w(f"{t}, {dof}, {dof}, {fmt(v)}")
    forces = {}
    for ld in model.get("load", []):
        for t, f in consistent_loads(msh, ld["group"], ld["force"]).items():
            forces[t] = forces.get(t, 0.0) + f
    if forces:
        w("*CLOAD")
        for t in sorted(forces):
            for dof in range(3):
                if forces[t][dof] != 0.0:
                    w(f"{t}, {dof + 1}, {fmt(forces[t][dof])}")
    if node_print:
        w("*NODE PRINT, NSET=NALL")
        w("U")
    w("*END STEP")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def ensure_ccx(ccx: str) -> str:
    found = shutil.which(ccx)
    if found:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        print("ccx not found; installing Debian calculix-ccx ...", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "calculix-ccx"], check=False, env=env,
                       stdout=subprocess.DEVNULL)
        found = shutil.which(ccx)
        if found:
            return found
        subprocess.run(["apt-get", "update"], check=False, env=env, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "calculix-ccx"], check=False, env=env,
                       stdout=subprocess.DEVNULL)
        found = shutil.which(ccx)
        if found:
            return found
    raise RuntimeError("CalculiX 'ccx' is not installed (apt-get install -y calculix-ccx)")


def run_ccx(ccx: str, workdir: str, job: str = "job", phases: dict | None = None) -> float:
    """Run ccx on workdir/job.inp; returns wall seconds.

    If phases is a dict, it receives wall-clock marks read from ccx's unbuffered log:
    `factoring_at` (the solver starts), `solved_at` (stress recovery starts after it),
    and `total` (the whole run).
    """
    env = dict(os.environ, GFORTRAN_UNBUFFERED_PRECONNECTED="y")
    cmd = [ccx, "-i", job]
    if shutil.which("stdbuf"):
        cmd = ["stdbuf", "-oL"] + cmd
    t0 = time.perf_counter()
    marks, lines = {}, []
    with subprocess.Popen(cmd, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, env=env) as p:
        for line in p.stdout:
            lines.append(line)
            now = time.perf_counter() - t0
            if "Factoring the system" in line and "factoring_at" not in marks:
                marks["factoring_at"] = now
            elif "stress calculation" in line and "factoring_at" in marks and "solved_at" not in marks:
                marks["solved_at"] = now
        rc = p.wait()
    elapsed = time.perf_counter() - t0
    marks["total"] = elapsed
    if phases is not None:
        phases.update(marks)
    out = "".join(lines)
    with open(os.path.join(workdir, "ccx.log"), "w") as f:
        f.write(out)
    if rc != 0 or "*ERROR" in out:
        tail = "\n".join(l for l in out.splitlines() if "ERROR" in l)[:2000]
        raise RuntimeError(f"ccx failed (exit {rc}) in {workdir}: {tail}")
    return elapsed


def read_ccx_dat(path: str) -> dict:
    """Displacements {node_tag: (ux, uy, uz)} from a *NODE PRINT block of a .dat file."""
    out = {}
    with open(path) as f:
        reading = False
        for line in f:
            s = line.split()
            if "displacements" in line:
                reading = True
                continue
            if not reading or not s:
                continue
            if len(s) == 4:
                try:
                    out[int(s[0])] = tuple(float(v) for v in s[1:])
                except ValueError:
                    reading = False
            else:
                reading = False
    if not out:
        raise RuntimeError(f"no displacements in {path}")
    return out


# ---------------------------------------------------------------------------
# feinvert
# ---------------------------------------------------------------------------

def read_vtu_displacement(path: str) -> dict:
    """{gmsh_node_tag: (ux, uy, uz)} from feinvert's solution.vtu (ASCII; meshio for other encodings)."""
    root = ET.parse(path).getroot()
    arrays = {}
    for da in root.iter("DataArray"):
        arrays[da.get("Name")] = da
    disp, tags = arrays.get("displacement"), arrays.get("gmsh_node_tag")
    if disp is not None and tags is not None and disp.get("format", "ascii") == "ascii" and tags.get("format", "ascii") == "ascii":
        u = np.array(disp.text.split(), dtype=float).reshape(-1, 3)
        t = np.array(tags.text.split(), dtype=float).astype(np.int64)
    else:
        import meshio
        m = meshio.read(path)
        u = np.asarray(m.point_data["displacement"], dtype=float)
        t = np.asarray(m.point_data["gmsh_node_tag"]).astype(np.int64).ravel()
    return {int(a): tuple(b) for a, b in zip(t, u)}


# --solver and --launcher (issue 20): a [solver] table appended to the model feinvert solves,
# and a command put before feinvert (e.g. "mpirun -np 2" with backend = "petsc").
SOLVER_TABLE = ""
LAUNCHER: list[str] = []


def run_feinvert(feinvert: str, mesh: str, model: str, outdir: str) -> float:
    if SOLVER_TABLE:
        with open(model) as f:
            text = f.read()
        model = os.path.join(os.path.dirname(outdir) or ".", "model-solver.toml")
        with open(model, "w") as f:
            f.write(text + "\n[solver]\n" + SOLVER_TABLE.replace(";", "\n") + "\n")
    t0 = time.perf_counter()
    # --ascii-vtu: the displacements are read as text here, without meshio.
    r = subprocess.run(LAUNCHER + [feinvert, "solve", "--mesh", mesh, "--model", model, "--out", outdir, "--ascii-vtu"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.perf_counter() - t0
    if r.returncode != 0:
        raise RuntimeError(f"feinvert solve exited {r.returncode}: {r.stdout[-2000:]}")
    return elapsed


# ---------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------

def half_ulp_dat(v: np.ndarray) -> np.ndarray:
    """Half a unit in the last place of ccx's .dat print (d.dddddd E+xx: 7 significant digits)."""
    a = np.abs(v)
    e = np.floor(np.log10(np.where(a > 0, a, 1.0)))
    return np.where(a > 0, 0.5 * 10.0 ** (e - 6), 0.0)


def compare(u_ccx: dict, u_fe: dict):
    tags = sorted(u_ccx)
    missing = [t for t in tags if t not in u_fe]
    if missing:
        raise RuntimeError(f"{len(missing)} ccx nodes missing in feinvert output (e.g. {missing[:5]})")
    a = np.array([u_ccx[t] for t in tags])
    b = np.array([u_fe[t] for t in tags])
    umax = np.linalg.norm(a, axis=1).max()
    diff = np.linalg.norm(a - b, axis=1).max()
    rel = diff / umax if umax > 0 else float("inf")
    # print-limited check: component difference in units of half the last printed digit;
    # components near zero (|u| < ~1e-9 max|u|) are floored at 1e-9 max|u|, the size of
    # the round-off of two double-precision direct solves on these condition numbers.
    h = np.maximum(half_ulp_dat(a), 1e-9 * umax)
    ulp = float((np.abs(a - b) / h).max())
    return rel, float(umax), float(diff), ulp, len(tags)


@dataclass
class Case:
    name: str
    make: object  # callable(workdir, feinvert) -> (mesh_path, model_path)
    note: str = ""


MATERIAL = {"E1": 161000.0, "E2": 11380.0, "E3": 11380.0, "G12": 5170.0, "G13": 5170.0,
            "G23": 3980.0, "nu12": 0.32, "nu13": 0.32, "nu23": 0.436}


def toml_text(plies, boundary, loads) -> str:
    s = ['[units]', 'length = "mm"', 'stress = "MPa"', '', '[materials.IM7_8552]']
    s += [f"{k} = {v!r}" for k, v in MATERIAL.items()]
    for g, ang in plies:
        s += ["", "[[plies]]", f'group = "{g}"', 'material = "IM7_8552"', f"angle = {float(ang)!r}"]
    for g, comps in boundary:
        s += ["", "[[boundary]]", f'group = "{g}"'] + [f"{k} = {float(v)!r}" for k, v in comps.items()]
    for g, force in loads:
        s += ["", "[[load]]", f'group = "{g}"', "force = [" + ", ".join(repr(float(x)) for x in force) + "]"]
    return "\n".join(s) + "\n"


COUPON_CORNERS_FREE_END = [
    # remaining rigid motions once ux is prescribed on both ends
    ("corner_x0_y0_z0", {"uy": 0.0, "uz": 0.0}),
    ("corner_x0_yW_z0", {"uz": 0.0}),
]


def coupon_case(elements, nx, ny, per_ply, bc_kind):
    def make(work, feinvert):
        mesh = os.path.join(work, "coupon.msh")
        subprocess.run([feinvert, "mesh", "--layup", "[45/-45]s", "--ply-thickness", "0.125",
                        "--length", "20", "--width", "10", "--elements", elements,
                        "--nx", str(nx), "--ny", str(ny), "--per-ply", str(per_ply), "-o", mesh],
                       check=True, stdout=subprocess.DEVNULL)
        plies = [("ply1", 45), ("ply2", -45), ("ply3", -45), ("ply4", 45)]
        if bc_kind == "stretch":      # ux = 0 at x=0, ux = 0.02 at x=L, point constraints
            bcs = [("end_x0", {"ux": 0.0}), ("end_xL", {"ux": 0.02})] + COUPON_CORNERS_FREE_END
            loads = []
        elif bc_kind == "clamped":    # clamped end, prescribed ux at the other end
            bcs = [("end_x0", {"ux": 0.0, "uy": 0.0, "uz": 0.0}), ("end_xL", {"ux": 0.02})]
            loads = []
        elif bc_kind == "force":      # clamped end, total force on the other end
            bcs = [("end_x0", {"ux": 0.0, "uy": 0.0, "uz": 0.0})]
            loads = [("end_xL", [100.0, 0.0, 0.0])]
        elif bc_kind == "force3":     # general force direction
            bcs = [("end_x0", {"ux": 0.0, "uy": 0.0, "uz": 0.0})]
            loads = [("end_xL", [100.0, 5.0, 0.5])]
        else:
            raise ValueError(bc_kind)
        model = os.path.join(work, "model.toml")
        with open(model, "w") as f:
            f.write(toml_text(plies, bcs, loads))
        return mesh, model
    return make


def ensure_gmsh():
    try:
        import gmsh  # noqa: F401
        return True
    except ImportError:
        pass
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--user", "-q", "gmsh"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "gmsh"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import site, importlib
        importlib.invalidate_caches()
        sys.path.append(site.getusersitepackages())
        import gmsh  # noqa: F401
        return True
    except ImportError:
        return False


def tet_case(order, bc_kind, size):
    """Two-ply box 10 x 5 x 2 (plies 30 and -60 degrees) meshed with Gmsh tetrahedra."""
    def make(work, feinvert):
        import gmsh
        mesh = os.path.join(work, "box.msh")
        gmsh.initialize(["gmsh", "-v", "0"])
        try:
            gmsh.option.setNumber("General.Terminal", 0)
            gmsh.model.add("box")
            occ = gmsh.model.occ
            v1 = occ.addBox(0, 0, 0, 10, 5, 1)
            v2 = occ.addBox(0, 0, 1, 10, 5, 1)
            occ.fragment([(3, v1)], [(3, v2)])
            occ.synchronize()
            vols = sorted(gmsh.model.getEntities(3), key=lambda e: gmsh.model.occ.getCenterOfMass(*e)[2])
            gmsh.model.addPhysicalGroup(3, [vols[0][1]], name="ply1")
            gmsh.model.addPhysicalGroup(3, [vols[1][1]], name="ply2")
            eps = 1e-6
            x0 = [e[1] for e in gmsh.model.getEntitiesInBoundingBox(-eps, -eps, -eps, eps, 5 + eps, 2 + eps, 2)]
            xl = [e[1] for e in gmsh.model.getEntitiesInBoundingBox(10 - eps, -eps, -eps, 10 + eps, 5 + eps, 2 + eps, 2)]
            gmsh.model.addPhysicalGroup(2, x0, name="end_x0")
            gmsh.model.addPhysicalGroup(2, xl, name="end_xL")
            gmsh.option.setNumber("Mesh.MeshSizeMax", size)
            gmsh.option.setNumber("Mesh.MshFileVersion", 4.1)
            gmsh.option.setNumber("Mesh.Binary", 0)
            gmsh.model.mesh.generate(3)
            if order == 2:
                gmsh.model.mesh.setOrder(2)
            gmsh.write(mesh)
        finally:
            gmsh.finalize()
        plies = [("ply1", 30), ("ply2", -60)]
        if bc_kind == "force":
            bcs = [("end_x0", {"ux": 0.0, "uy": 0.0, "uz": 0.0})]
            loads = [("end_xL", [100.0, 10.0, 5.0])]
        else:
            bcs = [("end_x0", {"ux": 0.0, "uy": 0.0, "uz": 0.0}), ("end_xL", {"ux": 0.02, "uz": 0.0})]
            loads = []
        model = os.path.join(work, "model.toml")
        with open(model, "w") as f:
            f.write(toml_text(plies, bcs, loads))
        return mesh, model
    return make


PRISM_GEO = """// two plies 10 x 5 x (1 + 1): the rectangle triangulated, each ply 2 layers of extruded prisms
Point(1) = {0, 0, 0}; Point(2) = {10, 0, 0}; Point(3) = {10, 5, 0}; Point(4) = {0, 5, 0};
Line(1) = {1, 2}; Line(2) = {2, 3}; Line(3) = {3, 4}; Line(4) = {4, 1};
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
Transfinite Curve{1, 3} = %(nx)d; Transfinite Curve{2, 4} = %(ny)d;
a[] = Extrude {0, 0, 1} { Surface{1}; Layers{2}; Recombine; };
b[] = Extrude {0, 0, 1} { Surface{a[0]}; Layers{2}; Recombine; };
Physical Volume("ply1") = {a[1]};
Physical Volume("ply2") = {b[1]};
e = 1e-6;
Physical Surface("end_x0") = Surface In BoundingBox{-e, -e, -e, e, 5 + e, 2 + e};
Physical Surface("end_xL") = Surface In BoundingBox{10 - e, -e, -e, 10 + e, 5 + e, 2 + e};
Physical Surface("top") = {b[0]};
Physical Surface("bottom") = {1};
Physical Point("corner_x0_y0_z0") = {1};
Mesh.SecondOrderIncomplete = 1;
Mesh.MshFileVersion = 4.1;
"""


def prism_case(order, kind, nx=11, ny=6):
    """Two-ply box 10 x 5 x 2 of Gmsh prisms (extruded triangles, the gmsh command line).

    kind "uniform": both plies at 0 degrees, ux = 0 on x = 0, uz = 0 on the bottom, uy = 0 at
    one corner, tractions on the end (quadrangles) and on the top (triangles): a uniform
    stress, exact in both codes whatever their quadrature, so the two must agree to the
    digits ccx prints (this checks the node order, orientation and face loads of C3D6/C3D15).
    kind "force": plies 30 and -60 degrees, clamped at x = 0, the same tractions opposite: a
    general field, where ccx's own integration rules for wedges differ from feinvert's
    (reported, not expected to agree to 1e-6)."""
    def make(work, feinvert):
        geo = os.path.join(work, "prisms.geo")
        mesh = os.path.join(work, "prisms.msh")
        with open(geo, "w") as f:
            f.write(PRISM_GEO % {"nx": nx, "ny": ny})
        subprocess.run(["gmsh", geo, "-3", "-order", str(order), "-o", mesh], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kind == "uniform":
            plies = [("ply1", 0), ("ply2", 0)]
            bcs = [("end_x0", {"ux": 0.0}), ("bottom", {"uz": 0.0}), ("corner_x0_y0_z0", {"uy": 0.0})]
            loads = [("end_xL", [100.0, 0.0, 0.0]), ("top", [0.0, 0.0, 20.0])]
        else:
            plies = [("ply1", 30), ("ply2", -60)]
            bcs = [("end_x0", {"ux": 0.0, "uy": 0.0, "uz": 0.0})]
            loads = [("end_xL", [100.0, 10.0, 5.0]), ("top", [0.0, 0.0, -2.0])]
        model = os.path.join(work, "model.toml")
        with open(model, "w") as f:
            f.write(toml_text(plies, bcs, loads))
        return mesh, model
    return make


def small_cases(have_gmsh: bool):
    cases = [
        Case("hex8_stretch", coupon_case("hex8", 8, 4, 1, "stretch"), "[45/-45]s 8x4x4, ux=0/0.02 + corners"),
        Case("hex8_clamped", coupon_case("hex8", 8, 4, 1, "clamped"), "clamped x0, ux=0.02 at xL"),
        Case("hex8_force", coupon_case("hex8", 8, 4, 1, "force"), "clamped x0, F=[100,0,0] on xL"),
        Case("hex20_stretch", coupon_case("hex20", 4, 2, 1, "stretch"), "[45/-45]s 4x2x4 hex20"),
        Case("hex20_force", coupon_case("hex20", 4, 2, 1, "force3"), "clamped x0, F=[100,5,0.5] on xL"),
    ]
    if have_gmsh:
        cases += [
            Case("tet10_force", tet_case(2, "force", 2.0), "gmsh 2-ply box, F=[100,10,5]"),
            Case("tet4_clamped", tet_case(1, "clamped", 1.5), "gmsh 2-ply box, ux=0.02"),
        ]
    if shutil.which("gmsh"):
        cases += [
            Case("prism6_uniform", prism_case(1, "uniform"), "gmsh extruded box (C3D6), uniform stress, F on xL and top"),
            Case("prism15_uniform", prism_case(2, "uniform"), "gmsh extruded box (C3D15), uniform stress, F on xL and top"),
        ]
    return cases


def extra_cases():
    """Cases run only when named with --case: general fields on wedges, where ccx's own
    integration rules for C3D6/C3D15 differ from feinvert's (the difference shrinks with the
    mesh when both converge to the same solution)."""
    return [
        Case("prism6_force", prism_case(1, "force"), "gmsh extruded 2-ply box (C3D6), clamped, F on xL and top"),
        Case("prism15_force", prism_case(2, "force"), "gmsh extruded 2-ply box (C3D15), clamped, F on xL and top"),
        Case("prism6_force_fine", prism_case(1, "force", 21, 11), "the same, in-plane spacing halved"),
        Case("prism15_force_fine", prism_case(2, "force", 21, 11), "the same, in-plane spacing halved"),
    ]


def run_case(case: Case, feinvert: str, ccx: str, work: str):
    os.makedirs(work, exist_ok=True)
    mesh, model = case.make(work, feinvert)
    msh = read_msh41(mesh)
    mdl = load_model(model)
    ccxdir = os.path.join(work, "ccx")
    os.makedirs(ccxdir, exist_ok=True)
    write_ccx_deck(msh, mdl, os.path.join(ccxdir, "job.inp"))
    t_ccx = run_ccx(ccx, ccxdir)
    u_ccx = read_ccx_dat(os.path.join(ccxdir, "job.dat"))
    fedir = os.path.join(work, "feinvert")
    t_fe = run_feinvert(feinvert, mesh, model, fedir)
    u_fe = read_vtu_displacement(os.path.join(fedir, "solution.vtu"))
    return compare(u_ccx, u_fe) + (t_ccx, t_fe)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feinvert", help="path to the feinvert binary")
    ap.add_argument("--case", default="small", help="'small' (default), or a comma list of case names")
    ap.add_argument("--mesh", help="compare on this MSH 4.1 ASCII mesh instead of the built-in cases")
    ap.add_argument("--model", help="model TOML for --mesh (default: mesh path with .toml)")
    ap.add_argument("--tol", type=float, default=1e-6, help="max relative nodal difference (default 1e-6)")
    ap.add_argument("--ccx", default="ccx", help="CalculiX executable (default: ccx on PATH)")
    ap.add_argument("--work", help="keep all files in this directory (default: a temporary one, deleted)")
    ap.add_argument("--solver", default="",
                    help='[solver] keys for feinvert, ";"-separated, e.g. \'backend = "petsc"; rtol = 1e-12\'')
    ap.add_argument("--launcher", default="", help='command before feinvert, e.g. "mpirun -np 2"')
    ap.add_argument("--ccx-only", action="store_true",
                    help="with --mesh: only write and run the ccx deck in --work and print timings")
    args = ap.parse_args(argv)
    global SOLVER_TABLE, LAUNCHER
    SOLVER_TABLE = args.solver
    LAUNCHER = args.launcher.split()

    try:
        ccx = ensure_ccx(args.ccx)
    except RuntimeError as e:
        print(f"compare.py: {e}", file=sys.stderr)
        return 1
    if tomllib is None:
        print("compare.py: needs Python >= 3.11 (tomllib)", file=sys.stderr)
        return 2
    work = args.work or tempfile.mkdtemp(prefix="feinvert-ccx-")
    keep = args.work is not None

    if args.ccx_only:
        if not args.mesh:
            ap.error("--ccx-only needs --mesh")
        model = args.model or os.path.splitext(args.mesh)[0] + ".toml"
        os.makedirs(work, exist_ok=True)
        t0 = time.perf_counter()
        msh = read_msh41(args.mesh)
        deck = os.path.join(work, "job.inp")
        write_ccx_deck(msh, load_model(model), deck, node_print=True)
        t1 = time.perf_counter()
        phases = {}
        t_ccx = run_ccx(ccx, work, phases=phases)
        n = len(msh.node_tags)
        u = read_ccx_dat(os.path.join(work, "job.dat"))
        umax = max(math.sqrt(a * a + b * b + c * c) for a, b, c in u.values())
        print(f"ccx: {3 * n} DOF, {n} nodes, SPOOLES, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}")
        print(f"deck_write_s {t1 - t0:.3f}")
        if "factoring_at" in phases:
            print(f"assembly_s {phases['factoring_at']:.3f}   (input reading + assembly, to 'Factoring the system')")
            if "solved_at" in phases:
                print(f"solve_s {phases['solved_at'] - phases['factoring_at']:.3f}")
        print(f"total_s {t_ccx:.3f}   (ccx run, without deck writing)")
        print(f"max_u {umax:.9e}")
        return 0

    if not args.feinvert:
        ap.error("--feinvert is required")
    feinvert = os.path.abspath(args.feinvert)
    if not os.access(feinvert, os.X_OK):
        print(f"compare.py: {feinvert} is not an executable", file=sys.stderr)
        return 2

    if args.mesh:
        mesh = os.path.abspath(args.mesh)
        model = os.path.abspath(args.model or os.path.splitext(args.mesh)[0] + ".toml")
        cases = [Case(os.path.basename(mesh), lambda w, f: (mesh, model), "user mesh")]
    else:
        have_gmsh = ensure_gmsh()
        cases = small_cases(have_gmsh)
        if not have_gmsh:
            print("note: gmsh python module not importable and pip install failed; tet4/tet10 cases skipped")
        if args.case != "small":
            cases += extra_cases()
            wanted = args.case.split(",")
            unknown = [w for w in wanted if w not in {c.name for c in cases}]
            if unknown:
                ap.error(f"unknown case(s) {unknown}; have {[c.name for c in cases]}")
            cases = [c for c in cases if c.name in wanted]

    print(f"CalculiX: {ccx}   feinvert: {feinvert}   tolerance: {args.tol:g}")
    print(f"{'case':<16} {'nodes':>6} {'max|u|':>12} {'max|du|':>11} {'rel':>10} {'ulp':>6} "
          f"{'ccx s':>7} {'fe s':>7}  result")
    ok = True
    for case in cases:
        try:
            rel, umax, diff, ulp, n, t_ccx, t_fe = run_case(case, feinvert, ccx, os.path.join(work, case.name))
            good = rel <= args.tol
            ok &= good
            print(f"{case.name:<16} {n:>6} {umax:>12.6e} {diff:>11.3e} {rel:>10.3e} {ulp:>6.2f} "
                  f"{t_ccx:>7.2f} {t_fe:>7.2f}  {'ok' if good else 'FAIL'}   {case.note}", flush=True)
        except Exception as e:  # report and continue with the next case
            ok = False
            print(f"{case.name:<16} ERROR: {type(e).__name__}: {e}", flush=True)
    if keep:
        print(f"files kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print("all cases agree" if ok else "DISAGREEMENT or error (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
