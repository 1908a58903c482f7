// A [0/90]s coupon 4 x 2 mm, plies 0.25 mm, as feinvert mesh names its groups: the rectangle
// triangulated, each ply one layer of prisms extruded from it (Gmsh's natural way to mesh plies).
//   gmsh ply.geo -3 -format msh41 -o prism6.msh
//   gmsh ply.geo -3 -order 2 -format msh41 -o prism15.msh   (SecondOrderIncomplete below: 15-node prisms)
L = 4; W = 2; t = 0.25;
Point(1) = {0, 0, 0}; Point(2) = {L, 0, 0}; Point(3) = {L, W, 0}; Point(4) = {0, W, 0};
Line(1) = {1, 2}; Line(2) = {2, 3}; Line(3) = {3, 4}; Line(4) = {4, 1};
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
Transfinite Curve{1, 3} = 9; Transfinite Curve{2, 4} = 5;
out1[] = Extrude {0, 0, t} { Surface{1}; Layers{1}; Recombine; };
out2[] = Extrude {0, 0, t} { Surface{out1[0]}; Layers{1}; Recombine; };
out3[] = Extrude {0, 0, t} { Surface{out2[0]}; Layers{1}; Recombine; };
out4[] = Extrude {0, 0, t} { Surface{out3[0]}; Layers{1}; Recombine; };
Physical Volume("ply1") = {out1[1]};
Physical Volume("ply2") = {out2[1]};
Physical Volume("ply3") = {out3[1]};
Physical Volume("ply4") = {out4[1]};
e = 1e-6;
Physical Surface("end_x0") = Surface In BoundingBox{-e, -e, -e, e, W + e, 4 * t + e};
Physical Surface("end_xL") = Surface In BoundingBox{L - e, -e, -e, L + e, W + e, 4 * t + e};
Physical Surface("edge_yminus") = Surface In BoundingBox{-e, -e, -e, L + e, e, 4 * t + e};
Physical Surface("edge_yplus") = Surface In BoundingBox{-e, W - e, -e, L + e, W + e, 4 * t + e};
Physical Surface("bottom") = {1};
Physical Surface("top") = {out4[0]};
Physical Point("corner_x0_y0_z0") = {1};
Physical Point("corner_x0_yW_z0") = {4};
Physical Point("corner_xL_y0_z0") = {2};
Mesh.SecondOrderIncomplete = 1;
