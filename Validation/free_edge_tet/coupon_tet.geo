// Straight [0/90]s coupon in tension meshed with tet10, for the free-edge quality warnings
// of `feinvert stresses` (Validation/free_edge_tet). Plate L x W, four plies of thickness
// t; the in-plane triangles extruded through each ply (each prism split into three tets).
//
//   structured = 0: Gmsh's unstructured triangles of size `size` (what a user gets from a
//                   plain rectangle), `layers` element layers per ply, uniform.
//   structured = 1: transfinite lines, `nx` divisions along x and `ny` across the width
//                   graded toward both free edges (Gmsh's Bump, coefficient `bump`: the edge
//                   element is about `bump` times the middle one), the quadrangles cut into
//                   triangles; `layers` layers per ply graded toward the ply's faces (the
//                   interfaces) by the ratio `zratio` between the thickest and the thinnest.
//
//   gmsh -3 -setnumber structured 0 -setnumber size 1 coupon_tet.geo -o coupon_tet_coarse.msh
//
// Physical groups: volumes ply1..ply4 (bottom to top); surfaces end_x0, end_xL (clamped and
// loaded ends), edge_yminus, edge_yplus (the free edges), bottom, top.
DefineConstant[ L = 10, W = 4, t = 0.25, layers = 1, order = 2 ];
DefineConstant[ structured = 0, size = 1.0, nx = 20, ny = 24, bump = 0.1, zratio = 1 ];

Point(1) = {0, 0, 0, size};
Point(2) = {L, 0, 0, size};
Point(3) = {L, W, 0, size};
Point(4) = {0, W, 0, size};
Line(1) = {1, 2};
Line(2) = {2, 3};
Line(3) = {3, 4};
Line(4) = {4, 1};
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};

If (structured == 1)
  Transfinite Curve{1, 3} = nx + 1;
  Transfinite Curve{2, 4} = ny + 1 Using Bump bump;
  Transfinite Surface{1} = {1, 2, 3, 4} Alternate;
EndIf

// Layer heights within a ply: geometric toward both faces, thickest / thinnest = zratio
// (an odd or even count of layers alike); cumulative fractions as Gmsh's Layers wants.
n[] = {};
f[] = {};
If (layers == 1)
  n[] = {1};
  f[] = {1};
Else
  half = Floor(layers / 2);
  q = (half > 1) ? zratio^(1 / (half - 1)) : 1;
  For i In {0 : layers - 1}
    j = (i < layers - 1 - i) ? i : layers - 1 - i;
    w~{i} = q^j;
    If (layers % 2 == 1 && j == half)
      w~{i} = zratio;
    EndIf
  EndFor
  total = 0;
  For i In {0 : layers - 1}
    total += w~{i};
  EndFor
  acc = 0;
  For i In {0 : layers - 1}
    acc += w~{i};
    n[] += {1};
    f[] += {acc / total};
  EndFor
EndIf

out1[] = Extrude {0, 0, t} { Surface{1}; Layers{n[], f[]}; };
out2[] = Extrude {0, 0, t} { Surface{out1[0]}; Layers{n[], f[]}; };
out3[] = Extrude {0, 0, t} { Surface{out2[0]}; Layers{n[], f[]}; };
out4[] = Extrude {0, 0, t} { Surface{out3[0]}; Layers{n[], f[]}; };

Physical Volume("ply1", 1) = {out1[1]};
Physical Volume("ply2", 2) = {out2[1]};
Physical Volume("ply3", 3) = {out3[1]};
Physical Volume("ply4", 4) = {out4[1]};
// Extrude lists the top, the volume, then the sides in the order of the curve loop:
// y = 0 (curve 1), x = L (2), y = W (3), x = 0 (4).
Physical Surface("edge_yminus", 103) = {out1[2], out2[2], out3[2], out4[2]};
Physical Surface("end_xL", 102) = {out1[3], out2[3], out3[3], out4[3]};
Physical Surface("edge_yplus", 104) = {out1[4], out2[4], out3[4], out4[4]};
Physical Surface("end_x0", 101) = {out1[5], out2[5], out3[5], out4[5]};
Physical Surface("bottom", 105) = {1};
Physical Surface("top", 106) = {out4[0]};

Mesh.ElementOrder = order;
Mesh.SecondOrderIncomplete = 1;
Mesh.MshFileVersion = 4.1;
