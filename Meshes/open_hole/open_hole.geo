// Open-hole [45/-45]s coupon for the discretization-budget tests (issue 14): a 20 x 10 mm
// plate with a 3 mm central hole, four 0.125 mm plies, meshed by Gmsh itself (quadrangles
// recombined from a frontal-Delaunay mesh into quadrangles only, extruded ply by ply into hexahedra). The element size
// and the elements per ply come from the command line:
//   gmsh open_hole.geo -3 -setnumber h 0.6 -setnumber perPly 1 -format msh22 -o coarse_hex8.msh
//   gmsh open_hole.geo -3 -setnumber h 0.6 -setnumber perPly 1 -order 2 \
//     -string "Mesh.SecondOrderIncomplete = 1;" -format msh22 -o fine_hex20.msh
// (Meshes/open_hole/make_meshes.sh runs both.) The two share their vertices: the fitted
// hex8 mesh is the linear discretization of the same geometry (straight edges on the bore),
// the data's hex20 mesh the quadratic one (mid-edge nodes on the circle). Physical groups as `feinvert mesh` names
// them: ply1..ply4 (bottom up), end_x0, end_xL, top, bottom, bore.
SetFactory("OpenCASCADE");
If (!Exists(h))
  h = 1.0;
EndIf
If (!Exists(perPly))
  perPly = 1;
EndIf
L = 20; W = 10; D = 3; t = 0.125; eps = 1e-6;
Rectangle(1) = {0, 0, 0, L, W};
Disk(2) = {L / 2, W / 2, 0, D / 2};
BooleanDifference(3) = { Surface{1}; Delete; }{ Surface{2}; Delete; };
// Finer around the bore, where the strain concentrates.
MeshSize{ PointsOf{ Surface{3}; } } = h;
bore[] = Curve In BoundingBox{L / 2 - D / 2 - eps, W / 2 - D / 2 - eps, -eps, L / 2 + D / 2 + eps, W / 2 + D / 2 + eps, eps};
MeshSize{ PointsOf{ Curve{bore[]}; } } = h / 3;
Mesh.Algorithm = 6;
Mesh.RecombineAll = 1;
Mesh.RecombinationAlgorithm = 3;
base = 3;
For k In {1:4}
  e[] = Extrude {0, 0, t} { Surface{base}; Layers{perPly}; Recombine; };
  base = e[0];
  plies[k] = e[1];
EndFor
For k In {1:4}
  Physical Volume(Sprintf("ply%g", k), k) = {plies[k]};
EndFor
Physical Surface("end_x0", 101) = Surface In BoundingBox{-eps, -eps, -eps, eps, W + eps, 4 * t + eps};
Physical Surface("end_xL", 102) = Surface In BoundingBox{L - eps, -eps, -eps, L + eps, W + eps, 4 * t + eps};
Physical Surface("bottom", 105) = Surface In BoundingBox{-eps, -eps, -eps, L + eps, W + eps, eps};
Physical Surface("top", 106) = Surface In BoundingBox{-eps, -eps, 4 * t - eps, L + eps, W + eps, 4 * t + eps};
Physical Surface("bore", 107) = Surface In BoundingBox{L / 2 - D / 2 - eps, W / 2 - D / 2 - eps, -eps, L / 2 + D / 2 + eps, W / 2 + D / 2 + eps, 4 * t + eps};
