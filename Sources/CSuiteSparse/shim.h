#ifndef FEINVERT_CSUITESPARSE_SHIM_H
#define FEINVERT_CSUITESPARSE_SHIM_H
#include <suitesparse/cholmod.h>
#include <suitesparse/umfpack.h>
#include <metis.h>
#endif
