#ifndef FEINVERT_CLAPACK_SHIM_H
#define FEINVERT_CLAPACK_SHIM_H
#include <stddef.h>
/* LAPACK's dense symmetric eigensolvers, as shipped inside OpenBLAS (Debian's libopenblas
   carries the reference LAPACK compiled with gfortran). Fortran calling convention: every
   argument by pointer, and one hidden length argument per CHARACTER argument, appended in
   order (gfortran passes them as size_t; omitting them is undefined behaviour once the
   callee tail-calls another routine). */
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
             double *w, double *work, const int *lwork, int *iwork, const int *liwork,
             int *info, size_t jobz_len, size_t uplo_len);
void dsygvd_(const int *itype, const char *jobz, const char *uplo, const int *n, double *a,
             const int *lda, double *b, const int *ldb, double *w, double *work,
             const int *lwork, int *iwork, const int *liwork, int *info, size_t jobz_len,
             size_t uplo_len);
#endif
