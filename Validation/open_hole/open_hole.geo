// Open-hole [0/90]s plate under tension, for `feinvert stresses` (Validation/open_hole).
// Plate L x W with a central hole of radius R, four plies of thickness t, each extruded in
// `layers` element layers. hex = 1: quadrangles extruded into hexahedra; hex = 0:
// triangles extruded into tetrahedra (each prism split in three). Second order
// (serendipity hex20, tet10) unless order = 1.
//
//   gmsh -3 -setnumber hex 1 -setnumber bore 0.25 open_hole.geo -o open_hole_hex20.msh
//   gmsh -3 -setnumber hex 1 -setnumber ogrid 3 -setnumber t 0.025 open_hole.geo -o thin.msh  # O-grid (below)
//
// Physical groups: volumes ply1..ply4 (bottom to top); surfaces end_x0, end_xL (the
// clamped and loaded ends), edge_yminus, edge_yplus (the straight free edges), hole (the
// bore), bottom, top.
SetFactory("OpenCASCADE");
DefineConstant[ L = 32, W = 16, R = 1, t = 0.25, layers = 1, hex = 1, order = 2 ];
DefineConstant[ bore = 0.25, far = 2.5, grow = 6 ];
// ogrid > 0: instead, an O-grid of half-side `ogrid` round the hole (structured, graded
// radially into the bore; see below), `nbore` elements per quarter of the bore (even),
// `nradial` from the bore to the square, each `progression` times the one before.
DefineConstant[ ogrid = 0, nbore = 16, nradial = 20, progression = 1.2 ];

If (ogrid == 0)
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

Else
  // The O-grid: four patches between the bore's quarter arcs (45-135, 135-225, 225-315,
  // 315-45 degrees; nodes at 0, 90, 180, 270 since nbore is even) and the sides of a
  // square of half-side `ogrid`, transfinite: nbore along the arcs, nradial radially with
  // a geometric progression from the bore; the rest of the plate meshed by Gmsh, its
  // size `2 ogrid / nbore` at the square growing to `far` over `grow` R.
  cx = L / 2; cy = W / 2; a = ogrid; c = Sqrt(0.5);
  Point(1) = {cx, cy, 0};
  For k In {0 : 3}
    s1 = (k == 0 || k == 3) ? 1 : -1;
    s2 = (k < 2) ? 1 : -1;
    Point(10 + k) = {cx + s1 * R * c, cy + s2 * R * c, 0};
    Point(20 + k) = {cx + s1 * a, cy + s2 * a, 0};
  EndFor
  // Corners counter-clockwise: 45 (k=0), 135 (1), 225 (2), 315 (3) degrees.
  For k In {0 : 3}
    k1 = (k + 1) % 4;
    Circle(30 + k) = {10 + k, 1, 10 + k1};
    Line(40 + k) = {20 + k, 20 + k1};
    Line(50 + k) = {10 + k, 20 + k};
  EndFor
  For k In {0 : 3}
    k1 = (k + 1) % 4;
    Curve Loop(60 + k) = {30 + k, 50 + k1, -(40 + k), -(50 + k)};
    Plane Surface(60 + k) = {60 + k};
    Transfinite Curve{30 + k, 40 + k} = nbore + 1;
    Transfinite Curve{50 + k} = nradial + 1 Using Progression progression;
    Transfinite Surface{60 + k};
  EndFor
  Point(70) = {0, 0, 0}; Point(71) = {L, 0, 0}; Point(72) = {L, W, 0}; Point(73) = {0, W, 0};
  Line(80) = {70, 71}; Line(81) = {71, 72}; Line(82) = {72, 73}; Line(83) = {73, 70};
  Curve Loop(90) = {80, 81, 82, 83};
  Curve Loop(91) = {40, 41, 42, 43};
  Plane Surface(92) = {90, 91};
  plate[] = {60, 61, 62, 63, 92};
  Field[1] = Distance;
  Field[1].CurvesList = {40, 41, 42, 43};
  Field[2] = Threshold;
  Field[2].InField = 1;
  Field[2].SizeMin = 2 * a / nbore;
  Field[2].SizeMax = far;
  Field[2].DistMin = 0;
  Field[2].DistMax = grow * R;
  Background Field = 2;
  Mesh.MeshSizeExtendFromBoundary = 0;
  Mesh.MeshSizeFromPoints = 0;
  Mesh.MeshSizeFromCurvature = 0;
  If (hex == 1)
    Recombine Surface{plate[]};
    Mesh.RecombinationAlgorithm = 3;
  EndIf
  e = 1e-6;
  bottoms[] = plate[];
  For p In {1 : 4}
    If (hex == 1)
      o[] = Extrude {0, 0, t} { Surface{bottoms[]}; Layers{layers}; Recombine; };
    Else
      o[] = Extrude {0, 0, t} { Surface{bottoms[]}; Layers{layers}; };
    EndIf
    bottoms[] = Surface In BoundingBox{-e, -e, p * t - e, L + e, W + e, p * t + e};
  EndFor
EndIf

e = 1e-6;
h = 4 * t;
Physical Volume("ply1", 1) = Volume In BoundingBox{-e, -e, -e, L + e, W + e, t + e};
Physical Volume("ply2", 2) = Volume In BoundingBox{-e, -e, t - e, L + e, W + e, 2 * t + e};
Physical Volume("ply3", 3) = Volume In BoundingBox{-e, -e, 2 * t - e, L + e, W + e, 3 * t + e};
Physical Volume("ply4", 4) = Volume In BoundingBox{-e, -e, 3 * t - e, L + e, W + e, h + e};
Physical Surface("end_x0", 101) = Surface In BoundingBox{-e, -e, -e, e, W + e, h + e};
Physical Surface("end_xL", 102) = Surface In BoundingBox{L - e, -e, -e, L + e, W + e, h + e};
Physical Surface("edge_yminus", 103) = Surface In BoundingBox{-e, -e, -e, L + e, e, h + e};
Physical Surface("edge_yplus", 104) = Surface In BoundingBox{-e, W - e, -e, L + e, W + e, h + e};
Physical Surface("hole", 105) = Surface In BoundingBox{L / 2 - R - e, W / 2 - R - e, -e, L / 2 + R + e, W / 2 + R + e, h + e};
Physical Surface("bottom", 106) = Surface In BoundingBox{-e, -e, -e, L + e, W + e, e};
Physical Surface("top", 107) = Surface In BoundingBox{-e, -e, h - e, L + e, W + e, h + e};

Mesh.ElementOrder = order;
Mesh.SecondOrderIncomplete = 1;
Mesh.MshFileVersion = 4.1;
