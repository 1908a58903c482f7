// Prism fixtures of FeinvertIOTests (MshGmshFixtureTests), made by the gmsh command line:
//   gmsh gmsh_prism.geo -3 -format msh22 -o gmsh_prism6_v22.msh         (and msh41, msh41 -bin)
//   gmsh gmsh_prism.geo -3 -order 2 -format msh22 -o gmsh_prism15_v22.msh (SecondOrderIncomplete below)
// A 2 x 1 rectangle triangulated (transfinite curves), extruded twice by 0.5 with one layer
// each: plies "ply1", "ply2" of prisms; surfaces "end_x0" (quadrangles), "bottom" and "top"
// (triangles); point "corner0".
Point(1) = {0, 0, 0}; Point(2) = {2, 0, 0}; Point(3) = {2, 1, 0}; Point(4) = {0, 1, 0};
Line(1) = {1, 2}; Line(2) = {2, 3}; Line(3) = {3, 4}; Line(4) = {4, 1};
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
Transfinite Curve{1, 3} = 4; Transfinite Curve{2, 4} = 3;
a[] = Extrude {0, 0, 0.5} { Surface{1}; Layers{1}; Recombine; };
b[] = Extrude {0, 0, 0.5} { Surface{a[0]}; Layers{1}; Recombine; };
Physical Volume("ply1") = {a[1]};
Physical Volume("ply2") = {b[1]};
e = 1e-6;
Physical Surface("end_x0") = Surface In BoundingBox{-e, -e, -e, e, 1 + e, 1 + e};
Physical Surface("bottom") = {1};
Physical Surface("top") = {b[0]};
Physical Point("corner0") = {1};
Mesh.SecondOrderIncomplete = 1;
