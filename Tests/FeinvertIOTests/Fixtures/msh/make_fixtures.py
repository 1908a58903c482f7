#!/usr/bin/env python3
"""Generate the Gmsh-written MSH fixtures of FeinvertIOTests.

Run from this directory with the `gmsh` Python package (pip install gmsh):

    python3 make_fixtures.py

Each model is written as MSH 2.2 ASCII, MSH 4.1 ASCII and MSH 4.1 binary; the
test `MshGmshFixtureTests` checks that the three read into identical meshes.

- gmsh_hex8.*   two stacked boxes (plies), transfinite + recombine: hex8
- gmsh_hex20.*  the same, second order incomplete (serendipity): hex20
- gmsh_tet10.*  one box, unstructured, second order: tet10

Physical groups: volumes "ply1" ("ply2"), surfaces "end_x0" and "end_xL", curve
"edge_y0z0" and point "corner0".
"""
import gmsh


def build(name, structured, order):
    gmsh.model.add(name)
    occ = gmsh.model.occ
    if structured:
        v1 = occ.addBox(0, 0, 0, 2, 1, 0.5)
        v2 = occ.addBox(0, 0, 0.5, 2, 1, 0.5)
        occ.fragment([(3, v1)], [(3, v2)])
    else:
        occ.addBox(0, 0, 0, 2, 1, 1)
    occ.synchronize()
    vols = [t for (_, t) in gmsh.model.getEntities(3)]
    eps = 1e-6

    def inbox(dim, x0, y0, z0, x1, y1, z1):
        return [t for (_, t) in gmsh.model.getEntitiesInBoundingBox(
            x0 - eps, y0 - eps, z0 - eps, x1 + eps, y1 + eps, z1 + eps, dim)]

    if structured:
        for (d, t) in gmsh.model.getEntities(1):
            xmin, ymin, zmin, xmax, ymax, zmax = gmsh.model.getBoundingBox(d, t)
            if xmax - xmin > 1.5:
                n = 3  # 2 elements along x
            elif ymax - ymin > 0.9:
                n = 2  # 1 element along y
            else:
                n = 2  # 1 element per ply through thickness
            gmsh.model.mesh.setTransfiniteCurve(t, n)
        for (d, t) in gmsh.model.getEntities(2):
            gmsh.model.mesh.setTransfiniteSurface(t)
            gmsh.model.mesh.setRecombine(d, t)
        for t in vols:
            gmsh.model.mesh.setTransfiniteVolume(t)
        vols.sort(key=lambda t: gmsh.model.getBoundingBox(3, t)[2])
        for i, t in enumerate(vols):
            gmsh.model.addPhysicalGroup(3, [t], 10 + i, name=f"ply{i + 1}")
    else:
        gmsh.option.setNumber("Mesh.MeshSizeMin", 1.0)
        gmsh.option.setNumber("Mesh.MeshSizeMax", 1.0)
        gmsh.option.setNumber("Mesh.MeshSizeFromCurvature", 0)
        gmsh.model.addPhysicalGroup(3, vols, 10, name="ply1")
    gmsh.model.addPhysicalGroup(2, inbox(2, 0, 0, 0, 0, 1, 1), 21, name="end_x0")
    gmsh.model.addPhysicalGroup(2, inbox(2, 2, 0, 0, 2, 1, 1), 22, name="end_xL")
    gmsh.model.addPhysicalGroup(1, inbox(1, 0, 0, 0, 2, 0, 0), 31, name="edge_y0z0")
    gmsh.model.addPhysicalGroup(0, inbox(0, 0, 0, 0, 0, 0, 0), 41, name="corner0")
    gmsh.model.mesh.generate(3)
    if order == 2:
        gmsh.option.setNumber("Mesh.SecondOrderIncomplete", 1)
        gmsh.model.mesh.setOrder(2)
    # Node tags stay Gmsh's own (dense): Gmsh's MSH 2.2 writer renumbers nodes
    # 1..N anyway, so sparse tags would make the 2.2 file differ from the 4.1 files.
    for (fmt, binary, suffix) in [(2.2, 0, "v22"), (4.1, 0, "v41"), (4.1, 1, "v41b")]:
        gmsh.option.setNumber("Mesh.MshFileVersion", fmt)
        gmsh.option.setNumber("Mesh.Binary", binary)
        gmsh.write(f"{name}_{suffix}.msh")
    gmsh.model.remove()


gmsh.initialize()
gmsh.option.setNumber("General.Terminal", 0)
build("gmsh_hex8", True, 1)
build("gmsh_hex20", True, 2)
build("gmsh_tet10", False, 2)
gmsh.finalize()
