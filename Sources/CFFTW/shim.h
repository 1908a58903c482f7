// FFTW 3, double precision (Debian's libfftw3-dev): discrete Fourier transforms
// for the deconvolution example. Only InversionExamples imports this module.
#include <fftw3.h>
