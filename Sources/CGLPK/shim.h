// GLPK, the GNU Linear Programming Kit (Debian's libglpk-dev): the LP solver
// behind Inversion's LinearProgram. Only Inversion imports this module.
#include <glpk.h>
