#ifndef FEINVERT_CMPI_SHIM_H
#define FEINVERT_CMPI_SHIM_H
/* MPI's headers, found through pkg-config "ompi" (Debian's openmpi include directory), which
   PETSc's headers include. Built only with FEINVERT_PETSC=1. */
#include <mpi.h>
#endif
