#ifndef FEINVERT_CPETSC_SHIM_H
#define FEINVERT_CPETSC_SHIM_H
/* PETSc (Debian's petsc-dev, real scalars, 32-bit PetscInt) through pkg-config "PETSc".
   Built only with FEINVERT_PETSC=1. The inline functions wrap what Swift cannot import:
   OpenMPI's handles (MPI_DOUBLE, MPI_SUM, MPI_IN_PLACE are macros over globals). */
#include <petsc.h>

/* Sums `count` doubles over all ranks of PETSC_COMM_WORLD, in place. */
static inline int feinvert_allreduce_sum(double *values, int count) {
  return MPI_Allreduce(MPI_IN_PLACE, values, count, MPI_DOUBLE, MPI_SUM, PETSC_COMM_WORLD);
}

/* The largest of `count` doubles over all ranks, in place. */
static inline int feinvert_allreduce_max(double *values, int count) {
  return MPI_Allreduce(MPI_IN_PLACE, values, count, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD);
}

/* PETSC_COMM_WORLD (a global variable Swift 6 will not read without a lock). */
static inline MPI_Comm feinvert_comm_world(void) { return PETSC_COMM_WORLD; }

/* This rank and the number of ranks of PETSC_COMM_WORLD. */
static inline int feinvert_rank(void) { int r = 0; MPI_Comm_rank(PETSC_COMM_WORLD, &r); return r; }
static inline int feinvert_size(void) { int s = 1; MPI_Comm_size(PETSC_COMM_WORLD, &s); return s; }

/* The number of ranks sharing this rank's machine (MPI_COMM_TYPE_SHARED). */
static inline int feinvert_ranks_on_this_host(void) {
  MPI_Comm local;
  int s = 1;
  if (MPI_Comm_split_type(PETSC_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &local) != MPI_SUCCESS) return 1;
  MPI_Comm_size(local, &s);
  MPI_Comm_free(&local);
  return s;
}

/* Whether MPI is initialized (a run under mpirun or after PetscInitialize). */
static inline int feinvert_mpi_initialized(void) { int flag = 0; MPI_Initialized(&flag); return flag; }
#endif
