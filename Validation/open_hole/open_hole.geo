// Open-hole [0/90]s plate under tension, for `feinvert stresses` (Validation/open_hole).
// Plate L x W with a central hole of radius R, four plies of thickness t, each extruded in
// `layers` element layers. hex = 1: quadrangles extruded into hexahedra; hex = 0:
// triangles extruded into tetrahedra (each prism split in three). Second order
// (serendipity hex20, tet10) unless order = 1.
//
//   gmsh -3 -setnumber hex 1 -setnumber bore 0.25 open_hole.geo -o open_hole_hex20.msh
//
// Physical groups: volumes ply1..ply4 (bottom to top); surfaces end_x0, end_xL (the
// clamped and loaded ends), edge_yminus, edge_yplus (the straight free edges), hole (the
// bore), bottom, top.
SetFactory("OpenCASCADE");
DefineConstant[ L = 32, W = 16, R = 1, t = 0.25, layers = 1, hex = 1, order = 2 ];
DefineConstant[ bore = 0.25, far = 2.5, grow = 6 ];

Rectangle(1) = {0, 0, 0, L, W};
// The bore from four quarter arcs, so that there are nodes at 0, 90, 180 and 270 degrees.
Circle(11) = {L / 2, W / 2, 0, R, 0, Pi / 2};
Circle(12) = {L / 2, W / 2, 0, R, Pi / 2, Pi};
Circle(13) = {L / 2, W / 2, 0, R, Pi, 3 * Pi / 2};
Circle(14) = {L / 2, W / 2, 0, R, 3 * Pi / 2, 2 * Pi};
Curve Loop(15) = {11, 12, 13, 14};
Plane Surface(2) = {15};
BooleanDifference(3) = { Surface{1}; Delete; }{ Surface{2}; Delete; };

e = 1e-6;
holeCurves() = Curve In BoundingBox{L / 2 - R - e, W / 2 - R - e, -e, L / 2 + R + e, W / 2 + R + e, e};
Field[1] = Distance;
Field[1].CurvesList = {holeCurves()};
Field[2] = Threshold;
Field[2].InField = 1;
Field[2].SizeMin = bore;
Field[2].SizeMax = far;
Field[2].DistMin = 0;
Field[2].DistMax = grow * R;
Background Field = 2;
Mesh.MeshSizeExtendFromBoundary = 0;
Mesh.MeshSizeFromPoints = 0;
Mesh.MeshSizeFromCurvature = 0;

If (hex == 1)
  Recombine Surface{3};
  Mesh.RecombinationAlgorithm = 3; // blossom, full-quad: no triangle is left (no prisms)
  out1[] = Extrude {0, 0, t} { Surface{3}; Layers{layers}; Recombine; };
  out2[] = Extrude {0, 0, t} { Surface{out1[0]}; Layers{layers}; Recombine; };
  out3[] = Extrude {0, 0, t} { Surface{out2[0]}; Layers{layers}; Recombine; };
  out4[] = Extrude {0, 0, t} { Surface{out3[0]}; Layers{layers}; Recombine; };
Else
  out1[] = Extrude {0, 0, t} { Surface{3}; Layers{layers}; };
  out2[] = Extrude {0, 0, t} { Surface{out1[0]}; Layers{layers}; };
  out3[] = Extrude {0, 0, t} { Surface{out2[0]}; Layers{layers}; };
  out4[] = Extrude {0, 0, t} { Surface{out3[0]}; Layers{layers}; };
EndIf

Physical Volume("ply1", 1) = {out1[1]};
Physical Volume("ply2", 2) = {out2[1]};
Physical Volume("ply3", 3) = {out3[1]};
Physical Volume("ply4", 4) = {out4[1]};
h = 4 * t;
Physical Surface("end_x0", 101) = Surface In BoundingBox{-e, -e, -e, e, W + e, h + e};
Physical Surface("end_xL", 102) = Surface In BoundingBox{L - e, -e, -e, L + e, W + e, h + e};
Physical Surface("edge_yminus", 103) = Surface In BoundingBox{-e, -e, -e, L + e, e, h + e};
Physical Surface("edge_yplus", 104) = Surface In BoundingBox{-e, W - e, -e, L + e, W + e, h + e};
Physical Surface("hole", 105) = Surface In BoundingBox{L / 2 - R - e, W / 2 - R - e, -e, L / 2 + R + e, W / 2 + R + e, h + e};
Physical Surface("bottom", 106) = {3};
Physical Surface("top", 107) = {out4[0]};

Mesh.ElementOrder = order;
Mesh.SecondOrderIncomplete = 1;
Mesh.MshFileVersion = 4.1;
