#ifndef FEINVERT_CSUITESPARSE_SHIM_H
#define FEINVERT_CSUITESPARSE_SHIM_H
#include <suitesparse/cholmod.h>
#include <suitesparse/umfpack.h>
#include <metis.h>
/* OpenBLAS (the system BLAS): CBLAS, its thread control, and LAPACK's dpotrf (Fortran
   symbol; OpenBLAS's native implementation). Used by SupernodalCholesky. */
#include <cblas.h>
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
/* Its single-precision twin, for the mixed-precision factor. */
void spotrf_(const char *uplo, const int *n, float *a, const int *lda, int *info);
#endif
