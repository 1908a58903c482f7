#ifndef FEINVERT_CLAPACK_SHIM_H
#define FEINVERT_CLAPACK_SHIM_H
#include <stddef.h>
/* LAPACK's dense symmetric eigensolvers, QR factorization and one-sided Jacobi SVD, as
   shipped inside OpenBLAS (Debian's libopenblas carries the reference LAPACK compiled with
   gfortran). Fortran calling convention: every
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
/* Householder QR, A = Q R (m >= n for our use), and products with Q. dormqr's A is
   declared input-only by LAPACK but its unblocked kernel sets each reflector's diagonal to
   1 and restores it, so it is writable here. */
void dgeqrf_(const int *m, const int *n, double *a, const int *lda, double *tau, double *work,
             const int *lwork, int *info);
void dormqr_(const char *side, const char *trans, const int *m, const int *n, const int *k,
             double *a, const int *lda, const double *tau, double *c, const int *ldc,
             double *work, const int *lwork, int *info, size_t side_len, size_t trans_len);
void dorgqr_(const int *m, const int *n, const int *k, double *a, const int *lda,
             const double *tau, double *work, const int *lwork, int *info);
/* One-sided Jacobi SVD of an m x n matrix, m >= n (Drmac & Veselic). */
void dgesvj_(const char *joba, const char *jobu, const char *jobv, const int *m, const int *n,
             double *a, const int *lda, double *sva, const int *mv, double *v, const int *ldv,
             double *work, const int *lwork, int *info, size_t joba_len, size_t jobu_len,
             size_t jobv_len);
#endif
