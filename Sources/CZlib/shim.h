// zlib (Debian's zlib1g-dev): the deflate stream of VTK's vtkZLibDataCompressor,
// for the compressed binary arrays of solution.vtu (FeinvertIO.VTUBinary).
#include <zlib.h>
